/* Setting the thread's last error (error.c). Knows no document. */
#ifndef READER_UTIL_ERROR_H
#define READER_UTIL_ERROR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "reader/common.h"
#include "reader/errors.h"

#if defined(__GNUC__)
#define RD__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define RD__PRINTF(f, a)
#endif

/* Set the thread's last error and return code, so that a failure reads
 * `return rd__error(RD_EINVALID, -1, 0, "...", ...);`. offset -1 / line 0
 * mean "not applicable". */
rd_status rd__error(rd_status code, int64_t offset, int64_t line, const char *fmt, ...) RD__PRINTF(4, 5);
/* Prefix the current message ("file.txt: " + message), keeping code/offset. */
void rd__error_prefix(const char *fmt, ...) RD__PRINTF(1, 2);
rd_status rd__oom(void);

#endif
