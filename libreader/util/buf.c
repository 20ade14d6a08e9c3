/* Growable output buffer used by writers and the command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"

int rd__buf_reserve(rd__buf *b, size_t extra) {
  if (b->oom) return -1;
  if (b->cap - b->len > extra) return 0;
  size_t cap = b->cap ? b->cap : 256;
  while (cap - b->len <= extra) {
    if (cap > SIZE_MAX / 2) { b->oom = 1; return -1; }
    cap *= 2;
  }
  char *p = realloc(b->ptr, cap);
  if (!p) { b->oom = 1; return -1; }
  b->ptr = p;
  b->cap = cap;
  return 0;
}

void rd__buf_put(rd__buf *b, const char *s, size_t len) {
  if (rd__buf_reserve(b, len) < 0) return;
  if (len) memcpy(b->ptr + b->len, s, len);
  b->len += len;
  b->ptr[b->len] = '\0';
}

void rd__buf_puts(rd__buf *b, const char *s) { rd__buf_put(b, s, strlen(s)); }

void rd__buf_putc(rd__buf *b, char c) { rd__buf_put(b, &c, 1); }

void rd__buf_printf(rd__buf *b, const char *fmt, ...) {
  char small[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) { rd__buf_put(b, small, (size_t)n); return; }
  if (rd__buf_reserve(b, (size_t)n + 1) < 0) return;
  va_start(ap, fmt);
  vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
}

char *rd__buf_detach(rd__buf *b, size_t *len_out) {
  if (b->oom) { rd__buf_dispose(b); return NULL; }
  if (!b->ptr && rd__buf_reserve(b, 1) < 0) return NULL;
  b->ptr[b->len] = '\0';
  char *p = b->ptr;
  if (len_out) *len_out = b->len;
  b->ptr = NULL;
  b->len = b->cap = 0;
  return p;
}

void rd__buf_dispose(rd__buf *b) {
  free(b->ptr);
  b->ptr = NULL;
  b->len = b->cap = 0;
  b->oom = 0;
}
