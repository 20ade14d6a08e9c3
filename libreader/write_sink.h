/* The writers' output sink: a fixed buffer drained in chunks into the
 * caller's callback, plus markup escaping. It knows no document and no
 * writer; every write_*.c streams through it. */
#ifndef READER_WRITE_SINK_H
#define READER_WRITE_SINK_H

#include <string.h>

#include "common_internal.h"
#include "reader/write.h"

/* Output goes through a fixed buffer to the callback; the first failure
 * sticks in `st` and later writes are dropped, so a writer checks once. */
typedef struct rd__sink {
  rd_write_fn fn;
  void *payload;
  rd_status st;
  size_t len;
  /* A writer's own buffer (the text views' line), empty (len 0) at
   * rd__sink_new() but kept with its room across sinks (the kept sink,
   * see write_sink.c), so a batch grows it once, not once per document. */
  rd__buf scratch;
  char buf[16384];
} rd__sink;

/* A sink on the heap (16 KiB: kept off the caller's stack); NULL on OOM
 * (the error is set). Release with rd__sink_free(). */
rd__sink *rd__sink_new(rd_write_fn fn, void *payload);
void rd__sink_free(rd__sink *k);

/* The general case of rd__sink_put(): a full buffer, a failed sink. */
void rd__sink_put_slow(rd__sink *k, const char *s, size_t len);
/* Inline where the bytes fit, as they mostly do: a call per line or
 * newline was most of a short article's sink work. */
static inline void rd__sink_put(rd__sink *k, const char *s, size_t len) {
  if (k->st >= 0 && len <= sizeof k->buf - k->len) {
    if (len) memcpy(k->buf + k->len, s, len);
    k->len += len;
    return;
  }
  rd__sink_put_slow(k, s, len);
}
static inline void rd__sink_putc(rd__sink *k, char c) {
  if (k->st >= 0 && k->len < sizeof k->buf) { k->buf[k->len++] = c; return; }
  rd__sink_put_slow(k, &c, 1);
}
void rd__sink_puts(rd__sink *k, const char *s);
void rd__sink_printf(rd__sink *k, const char *fmt, ...) RD__PRINTF(2, 3);
/* Record a failure (the error is already set); keeps the first one. */
void rd__sink_fail(rd__sink *k, rd_status st);
/* Markup escaping shared by the HTML and XML writers: & < > always,
 * " with RD__ESC_QUOT, tab/LF/CR as character references with RD__ESC_WS. */
#define RD__ESC_QUOT 1u
#define RD__ESC_WS 2u
void rd__sink_escape(rd__sink *k, const char *s, size_t len, unsigned what);
/* The same escaping into a buffer (for views that build a line first). */
void rd__buf_escape(rd__buf *b, const char *s, size_t len, unsigned what);
/* Hand what is buffered to the callback; returns the sink's status. */
rd_status rd__sink_flush(rd__sink *k);

#endif
