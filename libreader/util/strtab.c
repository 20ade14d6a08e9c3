/* The flat string map of the EDICT-derived tables (strtab.h). */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "strtab.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "error.h"

uint64_t rd__strtab_hash(const char *s, size_t len) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ull; }
  return h;
}

static uint64_t block_size(uint64_t cap, uint64_t pool_len) { return sizeof(rd__strtab_block) + 8 * cap + pool_len; }

rd__strtab_block *rd__strtab_block_new(uint64_t cap, uint64_t n, uint64_t pool_bytes, const char magic[8],
                                       uint32_t version, const rd__filecache_key *key) {
  uint64_t pool_len = 1 + pool_bytes; /* offset 0: "" */
  if (pool_len > UINT32_MAX || cap > (1u << 30)) return NULL;
  size_t total = (size_t)block_size(cap, pool_len);
  rd__strtab_block *b = calloc(1, total);
  if (!b) return NULL;
  rd__filecache_header_init(&b->fh, magic, version, total, key);
  b->cap = cap;
  b->n = n;
  b->pool_len = pool_len;
  return b;
}

void rd__strtab_put(rd__strtab_block *b, size_t *at, size_t i, const char *key, size_t klen, const char *val,
                    size_t vlen) {
  uint32_t *keys = (uint32_t *)(void *)(b + 1), *vals = keys + b->cap;
  char *pool = (char *)(vals + b->cap);
  keys[i] = (uint32_t)*at;
  memcpy(pool + *at, key, klen);
  pool[*at + klen] = '\0';
  *at += klen + 1;
  if (!vlen) return;
  vals[i] = (uint32_t)*at;
  memcpy(pool + *at, val, vlen);
  pool[*at + vlen] = '\0';
  *at += vlen + 1;
}

bool rd__strtab_valid(const rd__strtab_block *b, size_t size) {
  if (size < sizeof *b || (b->cap & (b->cap - 1)) || b->cap > (1u << 30) || b->pool_len == 0 ||
      b->pool_len > UINT32_MAX || block_size(b->cap, b->pool_len) != size || (b->cap && b->n >= b->cap))
    return false;
  const char *pool = (const char *)(const void *)(b + 1) + 8 * b->cap;
  /* the pool starts with "" and ends with a NUL: every string ends inside it */
  return pool[0] == '\0' && pool[b->pool_len - 1] == '\0';
}

void rd__strtab_bind(rd__strtab *t, const rd__strtab_block *b, size_t map_len) {
  t->b = b;
  t->map_len = map_len;
  t->keys = (const uint32_t *)(const void *)(b + 1);
  t->vals = t->keys + b->cap;
  t->pool = (const char *)(t->vals + b->cap);
  t->values_required = false;
  t->cpath = NULL;
  t->bad = 0;
  t->src = NULL;
  t->build = NULL;
  t->fresh = NULL;
}

void rd__strtab_dispose(rd__strtab *t) {
  if (!t->b) return;
  if (t->map_len) munmap((void *)(uintptr_t)t->b, t->map_len);
  else free((void *)(uintptr_t)t->b);
  t->b = NULL;
  free(t->cpath);
  t->cpath = NULL;
  free(t->src);
  t->src = NULL;
  free((void *)(uintptr_t)t->fresh);
  t->fresh = NULL;
}

typedef struct load_arg {
  rd__strtab_build_fn build;
} load_arg;

static int valid(const rd__filecache_header *h, size_t len, const void *arg) {
  (void)arg;
  return rd__strtab_valid((const rd__strtab_block *)(const void *)h, len);
}

static rd_status build_block(rd__filecache_header **out, const char *path, const rd__filecache_key *key,
                             const void *arg) {
  rd__strtab_block *b = NULL;
  rd_status s = ((const load_arg *)arg)->build(&b, path, key);
  *out = s < 0 ? NULL : &b->fh;
  return s;
}

rd_status rd__strtab_load(rd__strtab *t, bool *from_cache, const char *path, const char *prefix, const char magic[8],
                          uint32_t version, bool values_required, rd__strtab_build_fn build) {
  const rd__filecache_table spec = {prefix, magic, version, valid, build_block};
  const load_arg arg = {build};
  const rd__filecache_header *h;
  size_t map_len;
  char *cpath = NULL;
  rd_status s = rd__filecache_load(&h, &map_len, &cpath, path, &spec, &arg);
  if (s < 0) return s;
  rd__strtab_bind(t, (const rd__strtab_block *)(const void *)h, map_len);
  t->values_required = values_required;
  t->cpath = cpath;
  if (map_len) {
    /* mapped: what a look-up needs to rebuild it if a slot proves bad */
    t->build = build;
    if (!(t->src = strdup(path))) {
      rd__strtab_dispose(t);
      return rd__oom();
    }
  }
  *from_cache = map_len > 0;
  return RD_OK;
}

/* One look-up in block B. *bad is set when a slot's offsets are out of
 * the pool, a required value is missing, or cap probes found no empty slot
 * (n < cap was checked at load: a full walk is a corrupted slot array). */
static const char *find_in(const rd__strtab_block *b, bool values_required, const char *s, size_t len, bool *bad) {
  if (!b->cap) return NULL;
  const uint32_t *keys = (const uint32_t *)(const void *)(b + 1), *vals = keys + b->cap;
  const char *pool = (const char *)(vals + b->cap);
  size_t mask = (size_t)b->cap - 1, j = rd__strtab_hash(s, len) & mask;
  const uint64_t pool_len = b->pool_len;
  for (size_t probes = 0; probes <= mask; probes++, j = (j + 1) & mask) {
    uint32_t ko = keys[j];
    if (!ko) return NULL;
    if (ko >= pool_len) break;
    const char *k = pool + ko;
    /* strncmp stops at the key's NUL, and the pool ends with one */
    if (strncmp(k, s, len) == 0 && k[len] == '\0') {
      /* the value is followed only here: checked only here */
      uint32_t vo = vals[j];
      if (vo >= pool_len || (values_required && !vo)) break;
      return pool + vo;
    }
  }
  *bad = true;
  return NULL;
}

static pthread_mutex_t rebuild_mu = PTHREAD_MUTEX_INITIALIZER;

/* A bad slot: the mapped block is corrupted. Its cache file is removed
 * (by whichever thread gets here first) so that the next process rebuilds
 * and stores it, and the table is built again from its source here, kept
 * in T->fresh until T is disposed. Rare by nature: one mutex for all. */
static const rd__strtab_block *rebuilt(const rd__strtab *t) {
  rd__strtab *m = (rd__strtab *)(uintptr_t)t; /* bad and fresh are the fields look-ups write */
  if (!__atomic_exchange_n(&m->bad, 1, __ATOMIC_RELAXED) && t->cpath) unlink(t->cpath);
  if (!t->build || !t->src) return NULL;
  pthread_mutex_lock(&rebuild_mu);
  const rd__strtab_block *f = __atomic_load_n(&m->fresh, __ATOMIC_ACQUIRE);
  if (!f) {
    rd__strtab_block *b = NULL;
    rd__filecache_key none;
    memset(&none, 0, sizeof none); /* never stored: the next load stores its own */
    if (t->build(&b, t->src, &none) == RD_OK) __atomic_store_n(&m->fresh, (f = b), __ATOMIC_RELEASE);
  }
  pthread_mutex_unlock(&rebuild_mu);
  return f;
}

const char *rd__strtab_find(const rd__strtab *t, const char *s, size_t len) {
  if (!t->b) return NULL;
  bool bad = false;
  /* a table rebuilt after a bad slot is ours: no slot of it is bad */
  const rd__strtab_block *f = __atomic_load_n(&t->fresh, __ATOMIC_ACQUIRE);
  if (f) return find_in(f, false, s, len, &bad);
  const char *v = find_in(t->b, t->values_required, s, len, &bad);
  if (!bad) return v;
  f = rebuilt(t);
  return f ? find_in(f, false, s, len, &bad) : NULL;
}
