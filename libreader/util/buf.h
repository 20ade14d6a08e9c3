/* Growable byte buffer (buf.c). Knows no document. */
#ifndef READER_UTIL_BUF_H
#define READER_UTIL_BUF_H

#include <stddef.h>

#include "util/error.h"

/* Output buffers of writers; `ptr` is malloc'ed and NUL-terminated when
 * non-empty. On OOM `oom` sticks and further appends are ignored, so a
 * writer checks once at the end. */
typedef struct rd__buf {
  char *ptr;
  size_t len, cap;
  int oom;
} rd__buf;

#define RD__BUF_INIT {NULL, 0, 0, 0}
void rd__buf_put(rd__buf *b, const char *s, size_t len);
void rd__buf_puts(rd__buf *b, const char *s);
void rd__buf_putc(rd__buf *b, char c);
void rd__buf_printf(rd__buf *b, const char *fmt, ...) RD__PRINTF(2, 3);
int rd__buf_reserve(rd__buf *b, size_t extra);
char *rd__buf_detach(rd__buf *b, size_t *len_out); /* caller frees with rd_free */
void rd__buf_dispose(rd__buf *b);

#endif
