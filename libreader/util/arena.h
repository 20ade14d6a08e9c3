/* The one bump allocator (arena.c). Knows no document. */
#ifndef READER_UTIL_ARENA_H
#define READER_UTIL_ARENA_H

#include <stddef.h>

/* Everything a document owns lives in one arena and is freed at once; a
 * scratch arena (per sentence, per file) is reset and reused instead, so
 * its first block is malloc'ed once. Allocations are 8-byte aligned and
 * zeroed. Not thread-safe: one arena per owner. */
typedef struct rd__arena_chunk rd__arena_chunk;
typedef struct rd__arena {
  rd__arena_chunk *head;
  size_t total; /* bytes handed out since init or the last reset */
} rd__arena;

void rd__arena_init(rd__arena *a);
/* Free every block; the arena is empty and may be used again. */
void rd__arena_dispose(rd__arena *a);
/* Forget every allocation: all blocks but the first are freed, the first
 * is kept (emptied) for reuse. Pointers handed out before are invalid. */
void rd__arena_reset(rd__arena *a);
void *rd__arena_alloc(rd__arena *a, size_t size);   /* zeroed; NULL on OOM */
void *rd__arena_alloc_raw(rd__arena *a, size_t size); /* not zeroed (the caller writes it all); NULL on OOM */
char *rd__arena_strndup(rd__arena *a, const char *s, size_t len); /* NUL-terminated copy; NULL on OOM */

#endif
