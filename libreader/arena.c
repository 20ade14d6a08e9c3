/* Bump allocator behind every document: nodes, strings and tokens are
 * carved from large chunks and released together by rd__arena_dispose. */
#include <stdlib.h>
#include <string.h>

#include "common_internal.h"

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

void rd__arena_reset(rd__arena *a) {
  rd__arena_chunk *c = a->head;
  if (!c) return;
  /* The head is the newest, hence largest, chunk: keeping it alone lets a
   * steady state (a scratch arena reset per sentence) allocate nothing. */
  rd__arena_chunk *n = c->next;
  while (n) {
    rd__arena_chunk *next = n->next;
    free(n);
    n = next;
  }
  c->next = NULL;
  c->used = 0;
  a->total = 0;
}

void *rd__arena_alloc(rd__arena *a, size_t size) {
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
      memset(n->data, 0, need);
      return n->data;
    }
    n->next = c;
    a->head = n;
    c = n;
  }
  void *p = c->data + c->used;
  c->used += need;
  a->total += need;
  memset(p, 0, need);
  return p;
}

char *rd__arena_strndup(rd__arena *a, const char *s, size_t len) {
  char *p = rd__arena_alloc(a, len + 1);
  if (!p) return NULL;
  if (len) memcpy(p, s, len);
  p[len] = '\0';
  return p;
}
