/* Reading a whole file, or standard input, with a size limit (file.c).
 * Knows no document. */
#ifndef READER_UTIL_FILE_H
#define READER_UTIL_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "reader/errors.h"

/* The built-in limit: 256 MiB. An article, a summaries file, an EDICT or
 * a known-words list is far smaller; the limit is there so that
 * /dev/zero, a FIFO that never ends or a runaway file is refused instead
 * of eating memory. READER_MAX_INPUT overrides it (rd_input_limit). */
#define RD__FILE_LIMIT_BUILTIN ((size_t)256 * 1024 * 1024)
/* The most READER_MAX_INPUT may ask for: libxml2 takes an int length
 * (xml_safe.c refuses 2 GiB and more), and one limit for every input
 * keeps an accepted article's XML readable (see rd_input_limit). */
#define RD__FILE_LIMIT_MAX ((size_t)INT32_MAX)
/* What callers pass for "the limit in force" (READER_MAX_INPUT, else the
 * built-in 256 MiB). */
#define RD__FILE_LIMIT_DEFAULT ((size_t)0)

/* The limit in force: READER_MAX_INPUT when set (bytes, or with a K, M or
 * G suffix: KiB, MiB, GiB; 1 .. RD__FILE_LIMIT_MAX), else the built-in.
 * RD_EINVALID with a message naming the variable when it is set to
 * anything else (*out is then 0): a typo never silently means no limit. */
rd_status rd__file_limit(size_t *out);

/* Read all of `path` ("-": standard input) into a malloc'ed buffer that is
 * NUL-terminated (not counted in *len). At most `limit` bytes (0: the
 * limit in force, rd__file_limit); a larger input is refused with
 * "PATH: larger than N bytes (...READER_MAX_INPUT...)" (RD_EINVALID),
 * before reading a byte when the file is regular (fstat), while reading
 * otherwise (pipes, /dev/zero). Other failures: RD_EIO ("PATH: cannot
 * open: ...", "cannot read"), RD_ENOMEM. On failure *out is NULL.
 * Ownership: caller frees *out with free(). */
rd_status rd__file_read(const char *path, size_t limit, char **out, size_t *len);

#endif
