/* Derived-index cache files: the source's key (whole-file hash), path,
 * header check, mmap, atomic store. See filecache.h. Nothing here knows
 * what the block holds. */
#define _GNU_SOURCE /* realpath, st_mtim, O_CLOEXEC */
#include "filecache.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENDIAN_MARK 0x01020304u

/* ---- XXH64 ----------------------------------------------------------------
 * The reference algorithm (seed 0), fed in pieces whose sizes are
 * multiples of 32 bytes except the last: 4 independent lanes keep the
 * multiplier busy, about 10x faster than bytewise FNV-1a, so hashing the
 * whole EDICT stays a few milliseconds. */
#define P1 0x9E3779B185EBCA87ull
#define P2 0xC2B2AE3D27D4EB4Full
#define P3 0x165667B19E3779F9ull
#define P4 0x85EBCA77C2B2AE63ull
#define P5 0x27D4EB2F165667C5ull

static uint64_t rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }
static uint64_t rd64(const unsigned char *p) { uint64_t v; memcpy(&v, p, 8); return v; } /* little-endian hosts */
static uint32_t rd32(const unsigned char *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t xround(uint64_t acc, uint64_t in) { return rotl(acc + in * P2, 31) * P1; }
static uint64_t xmerge(uint64_t acc, uint64_t v) { return (acc ^ xround(0, v)) * P1 + P4; }

typedef struct xxh64 {
  uint64_t v[4];
  uint64_t total;
} xxh64;

static void xxh64_init(xxh64 *s) {
  s->v[0] = P1 + P2;
  s->v[1] = P2;
  s->v[2] = 0;
  s->v[3] = (uint64_t)0 - P1;
  s->total = 0;
}

/* Whole 32-byte stripes of p; returns the bytes consumed. */
static size_t xxh64_stripes(xxh64 *s, const unsigned char *p, size_t len) {
  size_t i = 0;
  for (; i + 32 <= len; i += 32) {
    s->v[0] = xround(s->v[0], rd64(p + i));
    s->v[1] = xround(s->v[1], rd64(p + i + 8));
    s->v[2] = xround(s->v[2], rd64(p + i + 16));
    s->v[3] = xround(s->v[3], rd64(p + i + 24));
  }
  s->total += i;
  return i;
}

/* The last piece: its stripes, then the tail (< 32 bytes) and avalanche. */
static uint64_t xxh64_final(xxh64 *s, const unsigned char *p, size_t len) {
  size_t i = xxh64_stripes(s, p, len);
  uint64_t total = s->total + (len - i), h;
  if (s->total) {
    h = rotl(s->v[0], 1) + rotl(s->v[1], 7) + rotl(s->v[2], 12) + rotl(s->v[3], 18);
    for (int k = 0; k < 4; k++) h = xmerge(h, s->v[k]);
  } else {
    h = P5;
  }
  h += total;
  for (; i + 8 <= len; i += 8) h = rotl(h ^ xround(0, rd64(p + i)), 27) * P1 + P4;
  if (i + 4 <= len) { h = rotl(h ^ (uint64_t)rd32(p + i) * P1, 23) * P2 + P3; i += 4; }
  for (; i < len; i++) h = rotl(h ^ p[i] * P5, 11) * P1;
  h ^= h >> 33; h *= P2; h ^= h >> 29; h *= P3; h ^= h >> 32;
  return h;
}

uint64_t rd__filecache_hash(const void *data, size_t len) {
  xxh64 s;
  xxh64_init(&s);
  return xxh64_final(&s, data, len);
}

#define KEY_PIECE ((size_t)1 << 20) /* a multiple of 32: every piece but the last is whole stripes */

static void key_from_stat(rd__filecache_key *out, const struct stat *st) {
  out->size = (uint64_t)st->st_size;
  out->dev = (uint64_t)st->st_dev;
  out->ino = (uint64_t)st->st_ino;
  out->mtime = (int64_t)st->st_mtim.tv_sec;
  out->mtime_ns = (int64_t)st->st_mtim.tv_nsec;
  out->ctime = (int64_t)st->st_ctim.tv_sec;
  out->ctime_ns = (int64_t)st->st_ctim.tv_nsec;
}

int rd__filecache_key_of(rd__filecache_key *out, const char *path) {
  memset(out, 0, sizeof *out);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  struct stat st;
  unsigned char *buf = NULL;
  int ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (buf = malloc(KEY_PIECE)) != NULL;
  xxh64 s;
  xxh64_init(&s);
  uint64_t seen = 0;
  while (ok) {
    size_t got = 0; /* fill the piece: a short read mid-file would break the stripe alignment */
    while (got < KEY_PIECE) {
      ssize_t r = read(fd, buf + got, KEY_PIECE - got);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) { ok = 0; break; }
      if (r == 0) break;
      got += (size_t)r;
    }
    if (!ok) break;
    seen += got;
    if (got < KEY_PIECE) {
      out->hash = xxh64_final(&s, buf, got);
      break;
    }
    xxh64_stripes(&s, buf, got);
  }
  free(buf);
  close(fd);
  if (!ok || seen != (uint64_t)st.st_size) return 0; /* changed while read: no cache this time */
  uint64_t hash = out->hash;
  key_from_stat(out, &st);
  out->hash = hash;
  return 1;
}

int rd__filecache_key_stat(rd__filecache_key *out, const char *path) {
  memset(out, 0, sizeof *out);
  struct stat st;
  if (stat(path, &st) != 0 || !S_ISREG(st.st_mode)) return 0;
  key_from_stat(out, &st);
  return 1;
}

/* The same file, unchanged: its status (see rd__filecache_key). */
static int key_eq(const rd__filecache_key *a, const rd__filecache_key *b) {
  return a->size == b->size && a->dev == b->dev && a->ino == b->ino && a->mtime == b->mtime &&
         a->mtime_ns == b->mtime_ns && a->ctime == b->ctime && a->ctime_ns == b->ctime_ns;
}

int rd__filecache_path(char *out, size_t size, const char *prefix, const char *src) {
  return rd__filecache_path_in(out, size, NULL, prefix, src);
}

int rd__filecache_path_in(char *out, size_t size, const char *dir_opt, const char *prefix, const char *src) {
  char dir[4096];
  const char *own = getenv("READER_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
  if (dir_opt) {
    snprintf(dir, sizeof dir, "%s", dir_opt);
  } else if (own) {
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
                               const rd__filecache_key *key) {
  memset(h, 0, sizeof *h);
  memcpy(h->magic, magic, sizeof h->magic);
  h->version = version;
  h->endian = ENDIAN_MARK;
  h->total = total;
  h->src = *key;
}

const rd__filecache_header *rd__filecache_map(const char *cpath, const char magic[8], uint32_t version,
                                              const rd__filecache_key *key, size_t *map_len) {
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
      h->total != (uint64_t)cs.st_size || !key_eq(&h->src, key)) {
    munmap(m, (size_t)cs.st_size);
    return NULL;
  }
  *map_len = (size_t)cs.st_size;
  return h;
}

const rd__filecache_header *rd__filecache_open(size_t *map_len, int *use_cache, rd__filecache_key *key, char *cpath,
                                               size_t cpath_size, const char *prefix, const char *path,
                                               const char magic[8], uint32_t version) {
  *map_len = 0;
  /* No key (not a readable regular file): the caller's build reports the error with the path. */
  /* The version is in the name as well as the header: two libreader
   * versions side by side (a package and a build tree) then keep a cache
   * each, instead of rebuilding each other's on every start. */
  char vprefix[64];
  snprintf(vprefix, sizeof vprefix, "%s-v%u", prefix, (unsigned)version);
  *use_cache = rd__filecache_key_stat(key, path) && rd__filecache_path(cpath, cpath_size, vprefix, path);
  if (!*use_cache) {
    memset(key, 0, sizeof *key);
    return NULL;
  }
  const rd__filecache_header *h = rd__filecache_map(cpath, magic, version, key, map_len);
  if (h) return h;
  /* about to be built: the table's header records the content hash too */
  if (!rd__filecache_key_of(key, path)) {
    *use_cache = 0; /* changed while read */
    memset(key, 0, sizeof *key);
  }
  return NULL;
}

rd_status rd__filecache_load(const rd__filecache_header **out, size_t *map_len, char **cpath_out, const char *path,
                             const rd__filecache_table *t, const void *arg) {
  rd__filecache_key key;
  char cpath[4600];
  int use_cache;
  if (cpath_out) *cpath_out = NULL;
  *out = rd__filecache_open(map_len, &use_cache, &key, cpath, sizeof cpath, t->prefix, path, t->magic, t->version);
  if (*out && t->valid(*out, *map_len, arg)) {
    /* no name (OOM): only a corrupted body then stays until rebuilt otherwise */
    if (cpath_out) *cpath_out = strdup(cpath);
    return RD_OK;
  }
  if (*out) munmap((void *)(uintptr_t)*out, *map_len);
  *out = NULL;
  *map_len = 0;
  rd__filecache_header *b;
  rd_status s = t->build(&b, path, &key, arg);
  if (s < 0) return s;
  if (use_cache) rd__filecache_store(cpath, b);
  *out = b;
  return RD_OK;
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
