/* Derived-index cache files: path, header check, mmap, atomic store. See
 * filecache.h. Nothing here knows what the block holds. */
#define _GNU_SOURCE /* realpath, st_mtim, O_CLOEXEC */
#include "filecache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define ENDIAN_MARK 0x01020304u

int rd__filecache_path(char *out, size_t size, const char *prefix, const char *src) {
  char dir[4096];
  const char *own = getenv("READER_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (own) {
    if (!own[0]) return 0;
    snprintf(dir, sizeof dir, "%s", own);
  } else if (xdg && xdg[0] == '/') snprintf(dir, sizeof dir, "%s/libreader", xdg);
  else if (home && home[0]) snprintf(dir, sizeof dir, "%s/.cache/libreader", home);
  else return 0;
  /* One cache file per source path: FNV-1a of the absolute path. */
  char abs[PATH_MAX];
  const char *name = realpath(src, abs) ? abs : src;
  uint64_t hsh = 1469598103934665603ull;
  for (const char *p = name; *p; p++) hsh = (hsh ^ (unsigned char)*p) * 1099511628211ull;
  int n = snprintf(out, size, "%s/%s-%016llx.idx", dir, prefix, (unsigned long long)hsh);
  return n > 0 && (size_t)n < size;
}

void rd__filecache_header_init(rd__filecache_header *h, const char magic[8], uint32_t version, uint64_t total,
                               const struct stat *st) {
  memset(h, 0, sizeof *h);
  memcpy(h->magic, magic, sizeof h->magic);
  h->version = version;
  h->endian = ENDIAN_MARK;
  h->total = total;
  h->src_size = (uint64_t)st->st_size;
  h->src_mtime = (int64_t)st->st_mtim.tv_sec;
  h->src_mtime_ns = (int64_t)st->st_mtim.tv_nsec;
}

const rd__filecache_header *rd__filecache_map(const char *cpath, const char magic[8], uint32_t version,
                                              const struct stat *st, size_t *map_len) {
  int fd = open(cpath, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat cs;
  void *m = MAP_FAILED;
  if (fstat(fd, &cs) == 0 && cs.st_size >= (off_t)sizeof(rd__filecache_header))
    m = mmap(NULL, (size_t)cs.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (m == MAP_FAILED) return NULL;
  const rd__filecache_header *h = m;
  if (memcmp(h->magic, magic, sizeof h->magic) || h->version != version || h->endian != ENDIAN_MARK ||
      h->total != (uint64_t)cs.st_size || h->src_size != (uint64_t)st->st_size ||
      h->src_mtime != (int64_t)st->st_mtim.tv_sec || h->src_mtime_ns != (int64_t)st->st_mtim.tv_nsec) {
    munmap(m, (size_t)cs.st_size);
    return NULL;
  }
  *map_len = (size_t)cs.st_size;
  return h;
}

void rd__filecache_write(const char *cpath, const void *data, size_t len) {
  char dir[4400];
  snprintf(dir, sizeof dir, "%s", cpath);
  char *slash = strrchr(dir, '/');
  if (!slash) return;
  *slash = '\0';
  for (char *p = dir + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    mkdir(dir, 0700);
    *p = '/';
  }
  mkdir(dir, 0700);
  char tmp[4500];
  snprintf(tmp, sizeof tmp, "%s.%ld.tmp", cpath, (long)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const char *p = data;
  size_t left = len;
  while (left) {
    ssize_t w = write(fd, p, left);
    if (w <= 0) {
      if (w < 0 && errno == EINTR) continue;
      break;
    }
    p += w;
    left -= (size_t)w;
  }
  if (close(fd) != 0 || left || rename(tmp, cpath) != 0) unlink(tmp);
}

void rd__filecache_store(const char *cpath, const rd__filecache_header *h) {
  rd__filecache_write(cpath, h, (size_t)h->total);
}
