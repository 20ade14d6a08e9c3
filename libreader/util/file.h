/* Reading a whole file, or standard input, with a size limit (file.c).
 * Knows no document. */
#ifndef READER_UTIL_FILE_H
#define READER_UTIL_FILE_H

#include <stddef.h>

#include "reader/errors.h"

/* The default limit: 256 MiB. An article, a summaries file, an EDICT or
 * a known-words list is far smaller; the limit is there so that
 * /dev/zero, a FIFO that never ends or a runaway file is refused instead
 * of eating memory. (The model itself caps inputs at 4 GiB.) */
#define RD__FILE_LIMIT_DEFAULT ((size_t)256 * 1024 * 1024)

/* Read all of `path` ("-": standard input) into a malloc'ed buffer that is
 * NUL-terminated (not counted in *len). At most `limit` bytes (0: the
 * default); a larger input is refused with "PATH: larger than N bytes"
 * (RD_EINVALID), before reading when the file is regular and its size is
 * known. Other failures: RD_EIO ("PATH: cannot open: ...", "cannot read"),
 * RD_ENOMEM. On failure *out is NULL.
 * Ownership: caller frees *out with free(). */
rd_status rd__file_read(const char *path, size_t limit, char **out, size_t *len);

#endif
