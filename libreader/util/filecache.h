/* Derived-index cache files (private): a table built from a source file
 * (EDICT compounds, KANJIDIC) is written once to the user's cache
 * directory and mmap'ed by later processes, so a start-up costs a page
 * mapping instead of parsing and converting megabytes of EUC-JP. */
#ifndef READER_UTIL_FILECACHE_H
#define READER_UTIL_FILECACHE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

/* The header every cache file starts with. A file is used only when its
 * magic, version, byte order, total size and the source's size and mtime
 * all match; the caller then checks every offset it will follow. */
typedef struct rd__filecache_header {
  char magic[8];     /* e.g. "RDCMPND\0" */
  uint32_t version;  /* bumped when the layout changes */
  uint32_t endian;   /* 0x01020304 written natively */
  uint64_t total;    /* bytes in the file, header included */
  uint64_t src_size; /* the source file's size and mtime when built */
  int64_t src_mtime, src_mtime_ns;
} rd__filecache_header;

/* The cache file for SRC named PREFIX-<hash of SRC's absolute path>.idx in
 * $READER_CACHE_DIR, else $XDG_CACHE_HOME/libreader, else
 * ~/.cache/libreader. 0 when there is no place for one
 * (READER_CACHE_DIR="" disables caching). */
int rd__filecache_path(char *out, size_t size, const char *prefix, const char *src);
/* Fill in a header for a block of TOTAL bytes built from a file with stat ST. */
void rd__filecache_header_init(rd__filecache_header *h, const char magic[8], uint32_t version, uint64_t total,
                               const struct stat *st);
/* Map CPATH read-only when its header matches (magic, version, ST);
 * NULL otherwise (missing, stale, truncated). *map_len gets the size for
 * munmap. The caller validates the body. */
const rd__filecache_header *rd__filecache_map(const char *cpath, const char magic[8], uint32_t version,
                                              const struct stat *st, size_t *map_len);
/* Best effort: write H (h->total bytes) to CPATH through a temporary file
 * and a rename, so a concurrent reader never sees half a file. A cache
 * that cannot be written only costs the next process its speed. */
void rd__filecache_store(const char *cpath, const rd__filecache_header *h);
/* Write len bytes to cpath, best effort: parent directories made (0700),
 * a temporary name renamed into place, so a concurrent reader never sees
 * half a file; any failure leaves no file behind. */
void rd__filecache_write(const char *cpath, const void *data, size_t len);

#endif
