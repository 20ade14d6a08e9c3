/* The one hash table (hash.c): byte-string keys to a pointer or a size_t,
 * open addressing with linear probing. Keys are borrowed: the caller keeps
 * the bytes alive and unchanged while they are in the table (an arena copy,
 * typically). No removal; the table only grows. Knows no document.
 * Tables are made and dropped per document (interned strings, lex
 * records): a dropped table's slot array is kept (a few, per process) for the
 * next table of about its size, so a batch allocates and clears them
 * once, not once per document. */
#ifndef READER_UTIL_HASH_H
#define READER_UTIL_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct rd__hash_entry {
  const char *key;     /* meaningful only when gen is the table's */
  uint32_t klen;       /* keys are shorter than 4 GiB (a longer one is refused) */
  uint32_t gen;        /* the table's gen: a used slot; anything else: empty */
  uint64_t hash;
  union { void *ptr; size_t num; } val;
} rd__hash_entry;

/* The slot array may have served an earlier table (freed tables' arrays
 * are kept for the next ones, see hash.c): a slot is used only
 * when its gen is the table's, so a reused array needs no clearing. */
typedef struct rd__hash {
  rd__hash_entry *slots; /* capacity is a power of two */
  size_t n, cap;
  uint32_t gen;          /* never 0 once slots are there (a calloc'ed slot reads gen 0) */
} rd__hash;

#define RD__HASH_INIT {NULL, 0, 0, 0}

/* FNV-1a over len bytes; also usable for callers' own keys. */
uint64_t rd__hash_bytes(const void *s, size_t len);

void rd__hash_init(rd__hash *h);
void rd__hash_dispose(rd__hash *h);
/* The entry for key, or NULL when absent. */
rd__hash_entry *rd__hash_find(const rd__hash *h, const void *key, size_t len);
/* The entry for key, made (value zero, key pointer stored as given) when
 * absent; *added says which. NULL on OOM or a key of 4 GiB or more (the
 * table is unchanged). A new
 * entry's key pointer may be replaced by the caller with an equal copy. */
rd__hash_entry *rd__hash_put(rd__hash *h, const void *key, size_t len, bool *added);
/* Room for n entries in all without growing (one allocation instead of
 * doubling from 64 when the caller knows the count). -1 on OOM (the
 * table is then unchanged and still usable). */
int rd__hash_reserve(rd__hash *h, size_t n);
/* The same with the caller's own hash of the key (hv), for keys whose hash
 * is computed once and kept (token.c's packed lex records): a table must
 * then be used only with these two, one hash function for all its keys. */
rd__hash_entry *rd__hash_find_hashed(const rd__hash *h, const void *key, size_t len, uint64_t hv);
rd__hash_entry *rd__hash_put_hashed(rd__hash *h, const void *key, size_t len, uint64_t hv, bool *added);

#endif
