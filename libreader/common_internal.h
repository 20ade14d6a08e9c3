/* Private helpers shared by every module: error setting, the arena, a
 * growable byte buffer and UTF-8 utilities. Never installed. */
#ifndef READER_COMMON_INTERNAL_H
#define READER_COMMON_INTERNAL_H

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

/* ---- errors (error.c) ---------------------------------------------------
 * Set the thread's last error and return code, so that a failure reads
 * `return rd__error(RD_EINVALID, -1, 0, "...", ...);`. offset -1 / line 0
 * mean "not applicable". */
rd_status rd__error(rd_status code, int64_t offset, int64_t line, const char *fmt, ...) RD__PRINTF(4, 5);
/* Prefix the current message ("file.txt: " + message), keeping code/offset. */
void rd__error_prefix(const char *fmt, ...) RD__PRINTF(1, 2);
rd_status rd__oom(void);

/* ---- arena (arena.c) ----------------------------------------------------
 * Bump allocator: everything a document owns lives here and is freed at
 * once. Allocations are 8-byte aligned. Not thread-safe. */
typedef struct rd__arena_chunk rd__arena_chunk;
typedef struct rd__arena {
  rd__arena_chunk *head;
  size_t total; /* bytes handed out, for statistics */
} rd__arena;

void rd__arena_init(rd__arena *a);
void rd__arena_dispose(rd__arena *a);
/* Free every chunk but the first and rewind it: earlier pointers die, the
 * arena is reused without a malloc while one chunk is enough. */
void rd__arena_reset(rd__arena *a);
void *rd__arena_alloc(rd__arena *a, size_t size);   /* zeroed; NULL on OOM */
char *rd__arena_strndup(rd__arena *a, const char *s, size_t len); /* NUL-terminated copy */

/* ---- growable buffer (buf.c) -------------------------------------------
 * Output buffers of writers; `ptr` is malloc'ed and NUL-terminated when
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

/* ---- UTF-8 (utf8.c) -----------------------------------------------------*/
/* Decode one code point at s[0..len); returns its byte length (1..4) and
 * stores it in *cp, or returns 0 on invalid/truncated input. */
size_t rd__utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Encode cp into out (>= 4 bytes); returns the byte count. */
size_t rd__utf8_encode(uint32_t cp, char *out);
/* Validate a whole buffer. On failure sets the error (RD_EENCODING, with
 * byte offset and line; "what" names the input, e.g. a file name, or NULL)
 * and returns it. NUL bytes are rejected too. */
rd_status rd__utf8_validate(const char *s, size_t len, const char *what);
/* Number of code points in a valid UTF-8 buffer. */
size_t rd__utf8_count(const char *s, size_t len);
/* 1-based line number of byte offset `off` (counts '\n'). */
int64_t rd__line_of(const char *s, size_t len, size_t off);

/* Script classes used by several modules. */
int rd__is_kanji(uint32_t cp);     /* CJK ideographs, 々 〆 ヶ ヵ 〇 */
int rd__is_hiragana(uint32_t cp);
int rd__is_katakana(uint32_t cp);  /* incl. ー and half-width katakana */
int rd__is_digit(uint32_t cp);     /* ASCII and full-width digits */

#endif
