/* The hash table behind the intern tables and id lookups (see hash.h). */
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"

uint64_t rd__hash_bytes(const void *s, size_t len) {
  /* FNV-1a: small and good enough for short dictionary strings. */
  const unsigned char *p = s;
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) { h ^= p[i]; h *= 1099511628211ull; }
  return h;
}

void rd__hash_init(rd__hash *h) {
  h->slots = NULL;
  h->n = h->cap = 0;
}

void rd__hash_dispose(rd__hash *h) {
  free(h->slots);
  rd__hash_init(h);
}

static rd__hash_entry *probe(const rd__hash *h, const void *key, size_t len, uint64_t hv) {
  size_t mask = h->cap - 1, j = (size_t)hv & mask;
  for (;;) {
    rd__hash_entry *e = &h->slots[j];
    if (!e->key || (e->hash == hv && e->klen == len && !memcmp(e->key, key, len))) return e;
    j = (j + 1) & mask;
  }
}

rd__hash_entry *rd__hash_find(const rd__hash *h, const void *key, size_t len) {
  if (!h->cap) return NULL;
  if (!key) key = "";
  rd__hash_entry *e = probe(h, key, len, rd__hash_bytes(key, len));
  return e->key ? e : NULL;
}

/* Keep the load at most one half, so probes stay short. */
static int grow_to(rd__hash *h, size_t cap) {
  if (cap < h->cap || cap > SIZE_MAX / sizeof(rd__hash_entry)) return -1;
  rd__hash_entry *slots = calloc(cap, sizeof *slots);
  if (!slots) return -1;
  for (size_t i = 0; i < h->cap; i++) {
    rd__hash_entry *e = &h->slots[i];
    if (!e->key) continue;
    size_t j = (size_t)e->hash & (cap - 1);
    while (slots[j].key) j = (j + 1) & (cap - 1);
    slots[j] = *e;
  }
  free(h->slots);
  h->slots = slots;
  h->cap = cap;
  return 0;
}

static int grow(rd__hash *h) { return grow_to(h, h->cap ? h->cap * 2 : 64); }

int rd__hash_reserve(rd__hash *h, size_t n) {
  if (n > SIZE_MAX / 4) return -1;
  size_t cap = h->cap ? h->cap : 64;
  while (cap < 2 * n) cap *= 2;
  return cap == h->cap ? 0 : grow_to(h, cap);
}

rd__hash_entry *rd__hash_put(rd__hash *h, const void *key, size_t len, bool *added) {
  if (!key) key = "";
  return rd__hash_put_hashed(h, key, len, rd__hash_bytes(key, len), added);
}

rd__hash_entry *rd__hash_find_hashed(const rd__hash *h, const void *key, size_t len, uint64_t hv) {
  if (!h->cap) return NULL;
  if (!key) key = "";
  rd__hash_entry *e = probe(h, key, len, hv);
  return e->key ? e : NULL;
}

rd__hash_entry *rd__hash_put_hashed(rd__hash *h, const void *key, size_t len, uint64_t hv, bool *added) {
  if (added) *added = false;
  if ((h->n + 1) * 2 > h->cap && grow(h) < 0) return NULL;
  if (!key) key = "";
  rd__hash_entry *e = probe(h, key, len, hv);
  if (e->key) return e;
  /* key is never NULL here (an empty key is ""), so the slot reads as used. */
  e->key = key;
  e->klen = len;
  e->hash = hv;
  e->val.num = 0;
  h->n++;
  if (added) *added = true;
  return e;
}
