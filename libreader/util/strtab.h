/* A flat string map (private), the shape of the tables built from EDICT
 * files and kept in cache files (compounds.c, names.c): one block of a
 * cache header, then keys[cap] and vals[cap] (offsets into the pool; key 0
 * marks an empty slot, value 0 is ""), then the pool of NUL-terminated
 * strings. Open addressing by FNV-1a with linear probing; cap is a power
 * of two and never full. Flat, so that it is written to a cache file once
 * and mapped by every later process; every offset a look-up follows is
 * checked by rd__strtab_valid before a mapped block is used. */
#ifndef READER_UTIL_STRTAB_H
#define READER_UTIL_STRTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "filecache.h"

typedef struct rd__strtab_block {
  rd__filecache_header fh;
  uint64_t cap, n, pool_len;
} rd__strtab_block;

typedef struct rd__strtab {
  const rd__strtab_block *b; /* malloc'ed, or mapped from a cache */
  size_t map_len;            /* 0: malloc'ed */
  const uint32_t *keys, *vals;
  const char *pool;
  bool values_required; /* a key without a value is a corrupted slot */
  /* the mapped cache file (malloc'ed; NULL when not mapped): retired by
   * the first look-up that meets a bad slot, so the next load rebuilds */
  char *cpath;
  int bad; /* set (atomically) once a bad slot was met */
  /* what rebuilds the table in this process when a look-up meets a bad
   * slot (rd__strtab_load sets them; NULL for a bound block) */
  char *src;
  rd_status (*build)(struct rd__strtab_block **out, const char *path, const rd__filecache_key *key);
  const struct rd__strtab_block *fresh; /* that rebuild, published once (atomically) */
} rd__strtab;

/* The slot hash: builders place keys with it, look-ups probe with it. */
uint64_t rd__strtab_hash(const char *s, size_t len);

/* A zeroed block for CAP slots (a power of two) holding N keys whose
 * strings take POOL_BYTES (each with its NUL), its header filled for a
 * cache of MAGIC/VERSION built from a source with KEY. NULL on OOM or when
 * the pool would not fit 32-bit offsets. Fill it with rd__strtab_put in
 * slot order; *at starts at 1 (offset 0 is the empty string). */
rd__strtab_block *rd__strtab_block_new(uint64_t cap, uint64_t n, uint64_t pool_bytes, const char magic[8],
                                       uint32_t version, const rd__filecache_key *key);
/* Put key[0..klen) and val[0..vlen) in slot I (vlen 0: value ""). */
void rd__strtab_put(rd__strtab_block *b, size_t *at, size_t i, const char *key, size_t klen, const char *val,
                    size_t vlen);

/* Whether block B of SIZE bytes may be bound: SIZE holds the header, cap
 * is a power of two, the sizes agree, n < cap, and the pool starts with ""
 * and ends with a NUL. O(1): the slots are checked by the look-ups (see
 * rd__strtab_find). A truncated cache or a corrupted header fails and is
 * rebuilt (the header's key was compared by rd__filecache_map). */
bool rd__strtab_valid(const rd__strtab_block *b, size_t size);

/* Point T at block B (map_len 0: malloc'ed, else mapped). */
void rd__strtab_bind(rd__strtab *t, const rd__strtab_block *b, size_t map_len);
/* Release T's block (free or munmap). */
void rd__strtab_dispose(rd__strtab *t);

/* Build a map from the source PATH (a malloc'ed block of
 * rd__strtab_block_new, filled). */
typedef rd_status (*rd__strtab_build_fn)(rd__strtab_block **out, const char *path, const rd__filecache_key *key);
/* T from PATH's cache file (PREFIX, MAGIC, VERSION; rd__filecache_load)
 * when rd__strtab_valid passes, else built by BUILD and stored.
 * *from_cache says which. VALUES_REQUIRED: every key has a value, so a
 * slot without one is corrupted. Errors are BUILD's. */
rd_status rd__strtab_load(rd__strtab *t, bool *from_cache, const char *path, const char *prefix, const char magic[8],
                          uint32_t version, bool values_required, rd__strtab_build_fn build);

/* The value of key s[0..len) ("" when it has none), or NULL when absent.
 * Every slot probed has its key offset checked (below pool_len), the
 * matching slot its value (below pool_len; not 0 when values_required),
 * and probing stops after cap slots. A bad slot (or a walk that finds no
 * empty one) means the mapped cache is corrupted: T's cache file is
 * removed, so the next process rebuilds and stores it, and T is rebuilt
 * from its source in this process (once, by the first thread to get
 * here) and answers from the rebuilt table from then on: never a partial
 * answer from a corrupted file. Only when that rebuild fails (the source
 * gone meanwhile) is the answer NULL. No offset, however corrupted, makes
 * it read outside the block. */
const char *rd__strtab_find(const rd__strtab *t, const char *s, size_t len);

#endif
