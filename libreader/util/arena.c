/* Bump allocator behind every document (nodes, strings and tokens are
 * carved from large chunks and released together by rd__arena_dispose)
 * and behind scratch memory that is reset and reused (rd__arena_reset). */
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"

struct rd__arena_chunk {
  rd__arena_chunk *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
};

#define RD__CHUNK_MIN (64u * 1024u)

void rd__arena_init(rd__arena *a) {
  a->head = NULL;
  a->total = 0;
}

void rd__arena_dispose(rd__arena *a) {
  rd__arena_chunk *c = a->head;
  while (c) {
    rd__arena_chunk *next = c->next;
    free(c);
    c = next;
  }
  a->head = NULL;
  a->total = 0;
}

/* The chunk list runs newest first, so the first block allocated is the
 * last in the list. Keeping it makes a reset-per-use arena allocate once
 * in the steady state (when one block holds a use's allocations). */
void rd__arena_reset(rd__arena *a) {
  rd__arena_chunk *c = a->head, *keep = NULL;
  while (c) {
    rd__arena_chunk *next = c->next;
    if (next) free(c); else keep = c;
    c = next;
  }
  if (keep) { keep->used = 0; keep->next = NULL; }
  a->head = keep;
  a->total = 0;
}

/* Strings and copied records are written whole by their callers: only
 * rd__arena_alloc clears (its callers rely on zeroed nodes and tables). */
void *rd__arena_alloc_raw(rd__arena *a, size_t size) {
  size_t need = (size + 7u) & ~(size_t)7u;
  if (need < size) return NULL; /* overflow */
  rd__arena_chunk *c = a->head;
  if (!c || c->size - c->used < need) {
    /* Chunks grow with the arena so that big documents need few mallocs. */
    size_t csize = RD__CHUNK_MIN;
    if (a->total / 4 > csize) csize = a->total / 4;
    if (csize > 16u * 1024u * 1024u) csize = 16u * 1024u * 1024u;
    if (csize < need) csize = need;
    rd__arena_chunk *n = malloc(sizeof *n + csize);
    if (!n) return NULL;
    n->size = csize;
    n->used = 0;
    if (c && csize == need) {
      /* A one-off large block: keep the current chunk as the head. */
      n->next = c->next;
      c->next = n;
      n->used = need;
      a->total += need;
      return n->data;
    }
    n->next = c;
    a->head = n;
    c = n;
  }
  void *p = c->data + c->used;
  c->used += need;
  a->total += need;
  return p;
}

void *rd__arena_alloc(rd__arena *a, size_t size) {
  void *p = rd__arena_alloc_raw(a, size);
  if (p) memset(p, 0, (size + 7u) & ~(size_t)7u);
  return p;
}

char *rd__arena_strndup(rd__arena *a, const char *s, size_t len) {
  char *p = rd__arena_alloc_raw(a, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}
