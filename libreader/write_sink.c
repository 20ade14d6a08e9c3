/* The output sink of every writer: bytes collect in a fixed buffer that
 * is drained to the caller's callback when full, so a large document is
 * never held twice in memory. The first failure (callback stop, OOM, a
 * writer's refusal) sticks and later output is dropped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write_sink.h"

/* One freed sink kept for the next write: a 16 KB block malloc'ed and
 * freed per document cost 1,100 instructions a write (3.4 M of 3,000
 * short articles). Swapped atomically, so any thread may take or leave it;
 * what is left at exit is reachable from here. */
static rd__sink *spare;

rd__sink *rd__sink_new(rd_write_fn fn, void *payload) {
  /* malloc, not calloc: clearing the 16 KB buffer was a third of a small
   * article's write. Every other field is set here. */
  rd__sink *k = __atomic_exchange_n(&spare, NULL, __ATOMIC_ACQ_REL);
  if (!k && (k = malloc(sizeof *k)) != NULL) k->scratch = (rd__buf)RD__BUF_INIT;
  if (!k) { rd__oom(); return NULL; }
  k->scratch.len = 0;
  k->fn = fn;
  k->payload = payload;
  k->len = 0;
  k->st = RD_OK;
  return k;
}

void rd__sink_free(rd__sink *k) {
  if (!k) return;
  if (k->scratch.oom) rd__buf_dispose(&k->scratch);
  rd__sink *old = __atomic_exchange_n(&spare, k, __ATOMIC_ACQ_REL); /* keep this one, drop the one kept before */
  if (old) {
    rd__buf_dispose(&old->scratch);
    free(old);
  }
}

static void sink_drain(rd__sink *k) {
  if (k->st < 0 || !k->len) return;
  if (k->fn(k->buf, k->len, k->payload) != 0)
    k->st = rd__error(RD_EIO, -1, 0, "write callback stopped the output");
  k->len = 0;
}

void rd__sink_put_slow(rd__sink *k, const char *s, size_t len) {
  while (len && k->st >= 0) {
    size_t room = sizeof k->buf - k->len;
    if (!room) { sink_drain(k); continue; }
    size_t n = len < room ? len : room;
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    s += n;
    len -= n;
  }
}

void rd__sink_puts(rd__sink *k, const char *s) { rd__sink_put(k, s, strlen(s)); }


/* The replacement for s[i] under `what`, or NULL to keep it. */
static const char *escape_of(char c, unsigned what) {
  switch (c) {
  case '&': return "&amp;";
  case '<': return "&lt;";
  case '>': return "&gt;";
  case '"': return what & RD__ESC_QUOT ? "&quot;" : NULL;
  case '\t': return what & RD__ESC_WS ? "&#9;" : NULL;
  case '\n': return what & RD__ESC_WS ? "&#10;" : NULL;
  case '\r': return what & RD__ESC_WS ? "&#13;" : NULL;
  default: return NULL;
  }
}

void rd__sink_escape(rd__sink *k, const char *s, size_t len, unsigned what) {
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep = escape_of(s[i], what);
    if (!rep) continue;
    rd__sink_put(k, s + run, i - run);
    rd__sink_puts(k, rep);
    run = i + 1;
  }
  rd__sink_put(k, s + run, len - run);
}

void rd__buf_escape(rd__buf *b, const char *s, size_t len, unsigned what) {
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep = escape_of(s[i], what);
    if (!rep) continue;
    rd__buf_put(b, s + run, i - run);
    rd__buf_puts(b, rep);
    run = i + 1;
  }
  rd__buf_put(b, s + run, len - run);
}

void rd__sink_printf(rd__sink *k, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) { rd__sink_put(k, small, (size_t)n); return; }
  rd__buf b = RD__BUF_INIT;
  if (rd__buf_reserve(&b, (size_t)n + 1) < 0) { rd__sink_fail(k, rd__oom()); return; }
  va_start(ap, fmt);
  vsnprintf(b.ptr, (size_t)n + 1, fmt, ap);
  va_end(ap);
  rd__sink_put(k, b.ptr, (size_t)n);
  rd__buf_dispose(&b);
}

void rd__sink_fail(rd__sink *k, rd_status st) {
  if (k->st >= 0 && st < 0) k->st = st;
}

rd_status rd__sink_flush(rd__sink *k) {
  sink_drain(k);
  return k->st;
}
