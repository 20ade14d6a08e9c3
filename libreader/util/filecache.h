/* Derived-index cache files (private): a table built from a source file
 * (EDICT compounds, KANJIDIC) is written once to the user's cache
 * directory and mmap'ed by later processes, so a start-up costs a page
 * mapping instead of parsing and converting megabytes of EUC-JP. */
#ifndef READER_UTIL_FILECACHE_H
#define READER_UTIL_FILECACHE_H

#include <stddef.h>
#include <stdint.h>

#include "reader/common.h"

/* What a cache is keyed on: the source file's identity (device, inode),
 * size, mtime, ctime and a hash of ALL its bytes. Size and mtime alone
 * miss an EDICT edited in place with its mtime restored; a hash of only
 * the ends missed an edit in the middle. The tables' caches
 * (rd__filecache_open) trust a file whose status is unchanged, ctime
 * included: any write sets ctime to now and nothing can set it back, so
 * an unchanged status is an unchanged file, and a start need not read the
 * dictionaries (hashing ENAMDICT, EDICT and KANJIDIC cost 20 ms a start).
 * The hash is still taken when a table is built (the glossary's cache
 * too, which trusts the same status since its format 4). */
typedef struct rd__filecache_key {
  uint64_t size, dev, ino;
  int64_t mtime, mtime_ns;
  int64_t ctime, ctime_ns;
  uint64_t hash; /* rd__filecache_hash() of the whole file; 0 until taken */
} rd__filecache_key;

/* The one content hash of the caches: XXH64 (seed 0) of len bytes. */
uint64_t rd__filecache_hash(const void *data, size_t len);
/* The key of the regular file at PATH, its bytes hashed as read (in 1 MiB
 * pieces: never mapped, so a file truncated meanwhile cannot SIGBUS us).
 * 0 when PATH is not a readable regular file or changed size while being
 * read (the caller then builds without a cache). */
int rd__filecache_key_of(rd__filecache_key *out, const char *path);
/* The key of PATH from its status only (no read; hash 0); 0 when PATH is
 * not a regular file. */
int rd__filecache_key_stat(rd__filecache_key *out, const char *path);

/* The header every cache file starts with. A file is used only when its
 * magic, version, byte order, total size and the source's whole key all
 * match; the caller then checks every offset it will follow. */
typedef struct rd__filecache_header {
  char magic[8];     /* e.g. "RDCMPND\0" */
  uint32_t version;  /* bumped when the layout changes */
  uint32_t endian;   /* 0x01020304 written natively */
  uint64_t total;    /* bytes in the file, header included */
  rd__filecache_key src; /* the source file's key when built */
} rd__filecache_header;

/* The cache file for SRC named PREFIX-<hash of SRC's absolute path>.idx in
 * $READER_CACHE_DIR, else $XDG_CACHE_HOME/libreader, else
 * ~/.cache/libreader. 0 when there is no place for one
 * (READER_CACHE_DIR="" disables caching). */
int rd__filecache_path(char *out, size_t size, const char *prefix, const char *src);
/* The same in directory DIR (an option of the caller's) when DIR is not
 * NULL, else as rd__filecache_path. */
int rd__filecache_path_in(char *out, size_t size, const char *dir, const char *prefix, const char *src);
/* Fill in a header for a block of TOTAL bytes built from a file with KEY. */
void rd__filecache_header_init(rd__filecache_header *h, const char magic[8], uint32_t version, uint64_t total,
                               const rd__filecache_key *key);
/* Map CPATH read-only when its header matches (magic, version, KEY);
 * NULL otherwise (missing, stale, truncated). *map_len gets the size for
 * munmap. The caller validates the body. */
const rd__filecache_header *rd__filecache_map(const char *cpath, const char magic[8], uint32_t version,
                                              const rd__filecache_key *key, size_t *map_len);
/* The usual opening of a cache for the source PATH: its key (*key, zeroed
 * when PATH is not a readable regular file), its cache file's name under
 * PREFIX in cpath[0..cpath_size), and that file mapped when its header
 * matches (returned, with *map_len; the caller validates the body and
 * munmaps a body it refuses), else NULL. *use_cache says whether a table
 * built from PATH may be stored at cpath afterwards. */
const rd__filecache_header *rd__filecache_open(size_t *map_len, int *use_cache, rd__filecache_key *key, char *cpath,
                                               size_t cpath_size, const char *prefix, const char *path,
                                               const char magic[8], uint32_t version);
/* A table kept in a cache: how to check a mapped block and how to build
 * one from the source (a malloc'ed block starting with its header). */
typedef struct rd__filecache_table {
  const char *prefix;   /* cache file name prefix (rd__filecache_path) */
  const char *magic;    /* 8 bytes */
  uint32_t version;
  /* both get the ARG given to rd__filecache_load */
  int (*valid)(const rd__filecache_header *h, size_t len, const void *arg);
  rd_status (*build)(rd__filecache_header **out, const char *path, const rd__filecache_key *key, const void *arg);
} rd__filecache_table;
/* The table of source PATH: its cache mapped when that is valid (*map_len
 * > 0: release with munmap(*out, *map_len)), else built (*map_len == 0:
 * free(*out)) and stored for the next process. *cpath_out (when not NULL)
 * gets the mapped cache file's name, malloc'ed (the caller frees it), or
 * NULL when nothing was mapped: a caller that finds the body corrupted
 * later removes that file. Errors are the build's. */
rd_status rd__filecache_load(const rd__filecache_header **out, size_t *map_len, char **cpath_out, const char *path,
                             const rd__filecache_table *t, const void *arg);
/* Best effort: write H (h->total bytes) to CPATH through a temporary file
 * and a rename, so a concurrent reader never sees half a file. A cache
 * that cannot be written only costs the next process its speed. */
void rd__filecache_store(const char *cpath, const rd__filecache_header *h);
/* Write len bytes to cpath, best effort: parent directories made (0700),
 * a temporary name renamed into place, so a concurrent reader never sees
 * half a file; any failure leaves no file behind. */
void rd__filecache_write(const char *cpath, const void *data, size_t len);

#endif
