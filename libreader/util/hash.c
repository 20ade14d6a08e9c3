/* The hash table behind the intern tables and id lookups (see hash.h).
 * A document makes its tables (interned strings, lex records) and drops
 * them with itself, so a batch of 3,000 short articles used to calloc and
 * clear 6,000 slot arrays (22.8 M instructions in grow_to, most of them
 * the clearing). A dropped table's array now goes to a keeper and the
 * next table of about its size takes it: a slot is used only when
 * it carries the table's generation, so a taken array starts empty with
 * its generation one past the last, without a byte cleared. */
#include <pthread.h>
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

/* ---- the keeper of slot arrays ---------------------------------------------
 * At most KEEP arrays of at most KEEP_MAX_CAP slots (2 MiB) each, for the
 * whole process: with several threads a document's tables are made on a
 * worker and dropped with the document on the caller's thread, so a keeper
 * per thread would fill on one side and stay empty on the other. One
 * mutex, taken twice per table (a few dozen instructions, uncontended
 * nearly always); what it holds at exit is reachable from `kept_v`. */
#define KEEP 8
#define KEEP_MAX_CAP ((size_t)1 << 16)

typedef struct kept {
  rd__hash_entry *slots; /* NULL: a free place */
  size_t cap;
  uint32_t gen; /* the last generation its slots were written with */
} kept;

static kept kept_v[KEEP];
static pthread_mutex_t kept_mu = PTHREAD_MUTEX_INITIALIZER;

/* Take the smallest kept array of at least cap slots (and at most 8 times
 * that: a tiny table does not take a big one); NULL when none. */
static rd__hash_entry *keeper_take(size_t cap, size_t *cap_out, uint32_t *gen_out) {
  if (cap > KEEP_MAX_CAP) return NULL;
  pthread_mutex_lock(&kept_mu);
  kept *best = NULL;
  for (size_t i = 0; i < KEEP; i++) {
    kept *v = &kept_v[i];
    if (v->slots && v->cap >= cap && v->cap / 8 <= cap && (!best || v->cap < best->cap)) best = v;
  }
  kept got = best ? *best : (kept){NULL, 0, 0};
  if (best) best->slots = NULL;
  pthread_mutex_unlock(&kept_mu);
  if (!got.slots) return NULL;
  uint32_t gen = got.gen + 1;
  if (!gen) { /* every generation used: clear it once and start again */
    memset(got.slots, 0, got.cap * sizeof *got.slots);
    gen = 1;
  }
  *cap_out = got.cap;
  *gen_out = gen;
  return got.slots;
}

/* Keep an array the caller no longer uses, or free it. */
static void keeper_put(rd__hash_entry *slots, size_t cap, uint32_t gen) {
  if (!slots) return;
  if (cap > KEEP_MAX_CAP) { free(slots); return; }
  rd__hash_entry *drop = slots;
  pthread_mutex_lock(&kept_mu);
  kept *place = NULL;
  for (size_t i = 0; i < KEEP && !place; i++)
    if (!kept_v[i].slots) place = &kept_v[i];
  /* full: the smallest kept array makes room for a bigger one */
  for (size_t i = 0; i < KEEP; i++)
    if (!place || (place->slots && kept_v[i].cap < place->cap)) place = &kept_v[i];
  if (place && (!place->slots || place->cap < cap)) {
    drop = place->slots;
    *place = (kept){slots, cap, gen};
  }
  pthread_mutex_unlock(&kept_mu);
  free(drop); /* outside the lock */
}

/* ---- the table --------------------------------------------------------------- */

void rd__hash_init(rd__hash *h) {
  h->slots = NULL;
  h->n = h->cap = 0;
  h->gen = 0;
}

void rd__hash_dispose(rd__hash *h) {
  keeper_put(h->slots, h->cap, h->gen);
  rd__hash_init(h);
}

static rd__hash_entry *probe(const rd__hash *h, const void *key, size_t len, uint64_t hv) {
  size_t mask = h->cap - 1, j = (size_t)hv & mask;
  uint32_t g = h->gen;
  for (;;) {
    rd__hash_entry *e = &h->slots[j];
    if (e->gen != g || (e->hash == hv && e->klen == len && !memcmp(e->key, key, len))) return e;
    j = (j + 1) & mask;
  }
}

rd__hash_entry *rd__hash_find(const rd__hash *h, const void *key, size_t len) {
  if (!h->cap) return NULL;
  if (!key) key = "";
  rd__hash_entry *e = probe(h, key, len, rd__hash_bytes(key, len));
  return e->gen == h->gen ? e : NULL;
}

/* Keep the load at most one half, so probes stay short. The new array is
 * a kept one when the thread has one of about the size. */
static int grow_to(rd__hash *h, size_t cap) {
  if (cap < h->cap || cap > SIZE_MAX / sizeof(rd__hash_entry)) return -1;
  uint32_t gen = 1;
  rd__hash_entry *slots = keeper_take(cap, &cap, &gen);
  if (!slots && !(slots = calloc(cap, sizeof *slots))) return -1;
  for (size_t i = 0; i < h->cap; i++) {
    rd__hash_entry *e = &h->slots[i];
    if (e->gen != h->gen) continue;
    size_t j = (size_t)e->hash & (cap - 1);
    while (slots[j].gen == gen) j = (j + 1) & (cap - 1);
    slots[j] = *e;
    slots[j].gen = gen;
  }
  keeper_put(h->slots, h->cap, h->gen);
  h->slots = slots;
  h->cap = cap;
  h->gen = gen;
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
  if (len > UINT32_MAX) { /* refused before its bytes are hashed */
    if (added) *added = false;
    return NULL;
  }
  if (!key) key = "";
  return rd__hash_put_hashed(h, key, len, rd__hash_bytes(key, len), added);
}

rd__hash_entry *rd__hash_find_hashed(const rd__hash *h, const void *key, size_t len, uint64_t hv) {
  if (!h->cap) return NULL;
  if (!key) key = "";
  rd__hash_entry *e = probe(h, key, len, hv);
  return e->gen == h->gen ? e : NULL;
}

rd__hash_entry *rd__hash_put_hashed(rd__hash *h, const void *key, size_t len, uint64_t hv, bool *added) {
  if (added) *added = false;
  if (len > UINT32_MAX) return NULL;
  if ((h->n + 1) * 2 > h->cap && grow(h) < 0) return NULL;
  if (!key) key = "";
  rd__hash_entry *e = probe(h, key, len, hv);
  if (e->gen == h->gen) return e;
  e->key = key;
  e->klen = (uint32_t)len;
  e->gen = h->gen;
  e->hash = hv;
  e->val.num = 0;
  h->n++;
  if (added) *added = true;
  return e;
}
