/* The EDICT glossary. The EUC-JP file is converted to UTF-8 once (ICU) and
 * that text, cut in place into NUL-terminated headwords, readings and
 * glosses, becomes the string pool. The whole index is ONE block
 *   [header][entries][gloss offsets][entry tags][keys][tag names][pool]
 * of 32-bit offsets, so it is written to the cache and read back as is,
 * and an entry finds its block (hence its strings) from its own index.
 * Invariant: every offset is inside its section and every pool string ends
 * in a NUL inside the pool (checked when a cache is loaded: it is input). */
#define _GNU_SOURCE /* qsort_r: the comparator needs the pool, without a global */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/filecache.h"
#include "model.h"
#include "edict.h"
#include "glossary_internal.h"
#include "reader/glossary.h"

#define NONE 0xFFFFFFFFu
#define ENTRY_COMMON 1u
#define KEY_READING 0x80000000u
#define MAX_TAGS 1024
#define TAG_LEN 16
#define MAX_ATTACHED 10 /* glosses attached to a token: enough to read, not a dictionary page */

struct rd_gloss_entry {
  uint32_t self;          /* own index: leads back to the block header */
  uint32_t word, reading; /* pool offsets; reading NONE for kana-only lines */
  uint32_t gloss_first;   /* index into the gloss offsets */
  uint32_t tag_first;     /* index into the entry tags */
  uint16_t gloss_count, tag_count;
  uint32_t flags;         /* ENTRY_* */
};

typedef struct key {
  uint32_t str;   /* pool offset of a headword or reading */
  uint32_t entry; /* entry index, | KEY_READING for a reading */
} key;

typedef struct block_header {
  char magic[8];
  uint32_t version, endian;
  uint64_t src_size;
  int64_t src_mtime, src_mtime_ns;
  uint64_t src_dev, src_ino;
  int64_t src_ctime, src_ctime_ns; /* a load trusts an unchanged status, ctime included (filecache.h) */
  uint64_t src_hash;  /* rd__filecache_hash() of the whole source when built (recorded, not re-taken at load) */
  uint64_t checksum;  /* sum64() of the whole block with this field zero */
  uint64_t total;
  uint64_t nentries, ngloss, netag, nkeys, ntags, pool_len;
  uint64_t off_gloss, off_etag, off_keys, off_tags, off_pool; /* entries follow the header */
} block_header;
#define BLOCK_MAGIC "RDGLOSS"
#define BLOCK_VERSION 4u /* 3: src_hash covers the whole EDICT, not its ends; 4: ctime in the key; a bump: re-run tests/fuzz/make_glossary_cache_seeds.sh */
#define BLOCK_ENDIAN 0x01020304u

struct rd_glossary {
  block_header *h;  /* the block: malloc'ed (built, or read from the cache) */
  bool from_cache;
};

static const rd_gloss_entry *entries_of(const block_header *h) { return (const rd_gloss_entry *)(const void *)(h + 1); }
static const uint32_t *gloss_of(const block_header *h) { return (const uint32_t *)(const void *)((const char *)h + h->off_gloss); }
static const uint16_t *etag_of(const block_header *h) { return (const uint16_t *)(const void *)((const char *)h + h->off_etag); }
static const key *keys_of(const block_header *h) { return (const key *)(const void *)((const char *)h + h->off_keys); }
static const char (*tags_of(const block_header *h))[TAG_LEN] { return (const char (*)[TAG_LEN])(const void *)((const char *)h + h->off_tags); }
static const char *pool_of(const block_header *h) { return (const char *)h + h->off_pool; }
static const block_header *header_of(const rd_gloss_entry *e) {
  return (const block_header *)(const void *)((const char *)(e - e->self) - sizeof(block_header));
}

size_t rd_glossary_entry_count(const rd_glossary *g) { return g ? (size_t)g->h->nentries : 0; }
bool rd_glossary_from_cache(const rd_glossary *g) { return g && g->from_cache; }

void rd_glossary_free(rd_glossary *g) {
  if (!g) return;
  free(g->h);
  free(g);
}

/* ---- entry accessors ----------------------------------------------------------- */

const char *rd_gloss_entry_word(const rd_gloss_entry *e) { return e ? pool_of(header_of(e)) + e->word : NULL; }
const char *rd_gloss_entry_reading(const rd_gloss_entry *e) {
  if (!e) return NULL;
  return pool_of(header_of(e)) + (e->reading == NONE ? e->word : e->reading);
}
size_t rd_gloss_entry_gloss_count(const rd_gloss_entry *e) { return e ? e->gloss_count : 0; }
const char *rd_gloss_entry_gloss_at(const rd_gloss_entry *e, size_t i) {
  if (!e || i >= e->gloss_count) return NULL;
  const block_header *h = header_of(e);
  return pool_of(h) + gloss_of(h)[e->gloss_first + i];
}
size_t rd_gloss_entry_tag_count(const rd_gloss_entry *e) { return e ? e->tag_count : 0; }
const char *rd_gloss_entry_tag_at(const rd_gloss_entry *e, size_t i) {
  if (!e || i >= e->tag_count) return NULL;
  const block_header *h = header_of(e);
  return tags_of(h)[etag_of(h)[e->tag_first + i]];
}
bool rd_gloss_entry_is_common(const rd_gloss_entry *e) { return e && (e->flags & ENTRY_COMMON); }

/* ---- building from EDICT ------------------------------------------------------- */

typedef struct builder {
  char *pool; size_t pool_len;
  rd_gloss_entry *entries; size_t nentries, capentries;
  uint32_t *gloss; size_t ngloss, capgloss;
  uint16_t *etag; size_t netag, capetag;
  char (*tags)[TAG_LEN]; size_t ntags;
  int oom;
} builder;

#define GROW(b, arr, n, cap)                                                              \
  do {                                                                                    \
    if ((n) == (cap)) {                                                                   \
      size_t nc_ = (cap) ? (cap) * 2 : 4096;                                              \
      void *p_ = realloc((arr), nc_ * sizeof *(arr));                                     \
      if (!p_) { (b)->oom = 1; break; }                                                   \
      (arr) = p_; (cap) = nc_;                                                            \
    }                                                                                     \
  } while (0)

static uint16_t tag_id(builder *b, const char *s, size_t n) {
  if (n && s[n - 1] == ':') n--;
  for (size_t i = 0; i < b->ntags; i++)
    if (strlen(b->tags[i]) == n && !memcmp(b->tags[i], s, n)) return (uint16_t)i;
  if (b->ntags == MAX_TAGS) return UINT16_MAX;
  memcpy(b->tags[b->ntags], s, n);
  b->tags[b->ntags][n] = '\0';
  return (uint16_t)b->ntags++;
}

static void entry_add_tag(builder *b, rd_gloss_entry *e, uint16_t id) {
  if (id == UINT16_MAX) return;
  for (size_t i = 0; i < e->tag_count; i++)
    if (b->etag[e->tag_first + i] == id) return;
  GROW(b, b->etag, b->netag, b->capetag);
  if (b->oom || e->tag_count == UINT16_MAX) return;
  b->etag[b->netag++] = id;
  e->tag_count++;
}

/* One line (the grammar in edict.c): the spans are cut in place into
 * NUL-terminated pool strings. The headword field is kept whole as the
 * word (EDICT1 has one headword per line). */
static void parse_line(builder *b, char *line, char *end) {
  rd__edict_line l;
  if (!rd__edict_parse_line(&l, line, (size_t)(end - line))) return;
  GROW(b, b->entries, b->nentries, b->capentries);
  if (b->oom) return;
  line[l.headwords_len] = '\0';
  if (l.readings) ((char *)l.readings)[l.readings_len] = '\0';
  rd_gloss_entry *e = &b->entries[b->nentries];
  memset(e, 0, sizeof *e);
  e->self = (uint32_t)b->nentries;
  e->word = (uint32_t)(line - b->pool);
  e->reading = l.readings ? (uint32_t)(l.readings - b->pool) : NONE;
  e->gloss_first = (uint32_t)b->ngloss;
  e->tag_first = (uint32_t)b->netag;
  const char *pos = l.fields, *fend = l.fields + l.fields_len;
  rd__edict_field f;
  while (rd__edict_next_field(&f, &pos, fend)) {
    const char *tp = f.tags, *t;
    size_t tn;
    while (rd__edict_next_tag(&t, &tn, &tp, f.tags + f.tags_len)) {
      if (tn == 1 && *t == 'P') e->flags |= ENTRY_COMMON;
      else entry_add_tag(b, e, tag_id(b, t, tn));
    }
    if (b->oom) return;
    char *g = (char *)f.text;
    g[f.len] = '\0'; /* the field's closing '/' */
    if (*g && e->gloss_count < UINT16_MAX) {
      GROW(b, b->gloss, b->ngloss, b->capgloss);
      if (b->oom) return;
      b->gloss[b->ngloss++] = (uint32_t)(g - b->pool);
      e->gloss_count++;
    }
  }
  b->nentries++;
}

static int key_cmp(const void *a, const void *b, void *pool) {
  const key *x = a, *y = b;
  int c = strcmp((const char *)pool + x->str, (const char *)pool + y->str);
  if (c) return c;
  return x->entry < y->entry ? -1 : x->entry > y->entry;
}

static size_t align8(size_t n) { return (n + 7) & ~(size_t)7; }

#define FNV_INIT 1469598103934665603ull

/* The cache's checksum: FNV-1a over 64-bit words (a block is a multiple
 * of 8 bytes), eight times faster than bytewise over a 34 MiB cache. */
static uint64_t sum64(const void *data, size_t len) {
  const unsigned char *p = data;
  uint64_t h = FNV_INIT;
  for (size_t i = 0; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 1099511628211ull;
    h ^= h >> 29; /* fold high bits down: a word-wide xor-multiply alone keeps low bits weak */
  }
  return h;
}
/* Lay the builder's arrays out as one block. */
static block_header *make_block(builder *b, const struct stat *st, uint64_t src_hash) {
  size_t nkeys = 0;
  for (size_t i = 0; i < b->nentries; i++) nkeys += 1 + (b->entries[i].reading != NONE);
  key *keys = malloc((nkeys ? nkeys : 1) * sizeof *keys);
  if (!keys) return NULL;
  size_t k = 0;
  for (size_t i = 0; i < b->nentries; i++) {
    keys[k++] = (key){b->entries[i].word, (uint32_t)i};
    if (b->entries[i].reading != NONE) keys[k++] = (key){b->entries[i].reading, (uint32_t)i | KEY_READING};
  }
  qsort_r(keys, nkeys, sizeof *keys, key_cmp, b->pool);

  size_t off = sizeof(block_header) + align8(b->nentries * sizeof(rd_gloss_entry));
  size_t off_gloss = off; off += align8(b->ngloss * sizeof(uint32_t));
  size_t off_etag = off; off += align8(b->netag * sizeof(uint16_t));
  size_t off_keys = off; off += align8(nkeys * sizeof(key));
  size_t off_tags = off; off += align8(b->ntags * TAG_LEN);
  size_t off_pool = off; off += align8(b->pool_len);
  block_header *h = calloc(1, off);
  if (!h) { free(keys); return NULL; }
  memcpy(h->magic, BLOCK_MAGIC, sizeof h->magic);
  h->version = BLOCK_VERSION;
  h->endian = BLOCK_ENDIAN;
  h->src_size = (uint64_t)st->st_size;
  h->src_mtime = (int64_t)st->st_mtim.tv_sec;
  h->src_mtime_ns = (int64_t)st->st_mtim.tv_nsec;
  h->src_dev = (uint64_t)st->st_dev;
  h->src_ino = (uint64_t)st->st_ino;
  h->src_ctime = (int64_t)st->st_ctim.tv_sec;
  h->src_ctime_ns = (int64_t)st->st_ctim.tv_nsec;
  h->src_hash = src_hash;
  h->total = off;
  h->nentries = b->nentries; h->ngloss = b->ngloss; h->netag = b->netag;
  h->nkeys = nkeys; h->ntags = b->ntags; h->pool_len = b->pool_len;
  h->off_gloss = off_gloss; h->off_etag = off_etag; h->off_keys = off_keys; h->off_tags = off_tags;
  h->off_pool = off_pool;
  char *base = (char *)h;
  if (b->nentries) memcpy(h + 1, b->entries, b->nentries * sizeof(rd_gloss_entry));
  if (b->ngloss) memcpy(base + off_gloss, b->gloss, b->ngloss * sizeof(uint32_t));
  if (b->netag) memcpy(base + off_etag, b->etag, b->netag * sizeof(uint16_t));
  if (nkeys) memcpy(base + off_keys, keys, nkeys * sizeof(key));
  if (b->ntags) memcpy(base + off_tags, b->tags, b->ntags * TAG_LEN);
  memcpy(base + off_pool, b->pool, b->pool_len);
  free(keys);
  h->checksum = sum64(h, off); /* with checksum still 0 */
  return h;
}

static rd_status build(block_header **out, const char *path, const struct stat *st) {
  *out = NULL;
  char *raw;
  size_t len;
  FILE *f = fopen(path, "rb");
  if (!f) return rd__error(RD_EIO, -1, 0, "%s: cannot open EDICT: %s", path, strerror(errno));
  raw = malloc((size_t)st->st_size + 1);
  if (!raw) { fclose(f); return rd__oom(); }
  len = fread(raw, 1, (size_t)st->st_size, f);
  int bad = ferror(f) || len != (size_t)st->st_size;
  fclose(f);
  if (bad) { free(raw); return rd__error(RD_EIO, -1, 0, "%s: read error", path); }
  if (len > (size_t)INT32_MAX / 2) { free(raw); return rd__error(RD_EIO, -1, 0, "%s: file too large for EDICT", path); }

  /* the content key of the bytes the index is built from */
  uint64_t src_hash = rd__filecache_hash(raw, len);
  builder b;
  memset(&b, 0, sizeof b);
  size_t ulen;
  rd_status cst = rd__edict_decode(&b.pool, &ulen, raw, len, path);
  free(raw);
  if (cst < 0) return cst;
  b.tags = calloc(MAX_TAGS, TAG_LEN);
  if (!b.tags) { free(b.pool); return rd__oom(); }
  b.pool_len = ulen + 1;

  for (char *p = b.pool, *end = b.pool + ulen; p < end && !b.oom;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *le = nl ? nl : end;
    if (le > p && le[-1] == '\r') le[-1] = '\0';
    if (nl) *nl = '\0';
    parse_line(&b, p, le);
    p = le + 1;
  }
  if (!b.oom && !b.nentries) {
    /* An empty, binary or wrong file would otherwise load as a glossary
     * that silently finds nothing. */
    free(b.pool); free(b.entries); free(b.gloss); free(b.etag); free(b.tags);
    return rd__error(RD_EINVALID, -1, 1, "%s: %s; EDICT has EUC-JP (or UTF-8) lines HEADWORD [READING] /gloss/", path,
                     len ? "no EDICT entry in it" : "empty file");
  }
  block_header *h = b.oom ? NULL : make_block(&b, st, src_hash);
  free(b.pool); free(b.entries); free(b.gloss); free(b.etag); free(b.tags);
  if (!h) return rd__oom();
  *out = h;
  return RD_OK;
}

/* ---- the cache ------------------------------------------------------------------- */

/* The cache file's name: rd__filecache_path_in's (the options' directory,
 * else $READER_CACHE_DIR, $XDG_CACHE_HOME/libreader or ~/.cache/libreader,
 * as for the other tables), the format version in it: see
 * rd__filecache_open. */
static int cache_path(char *out, size_t size, const char *src, const char *dir_opt) {
  char prefix[32];
  snprintf(prefix, sizeof prefix, "edict-v%u", (unsigned)BLOCK_VERSION);
  return rd__filecache_path_in(out, size, dir_opt, prefix, src);
}

/* count elements of elem bytes at off fit in total: no multiply of the
 * (untrusted) count, so a huge count cannot wrap around. */
static int in(uint64_t off, uint64_t count, uint64_t elem, uint64_t total) {
  return off <= total && count <= (total - off) / elem;
}

/* Everything a lookup will dereference is checked, so a truncated or
 * corrupted cache is rebuilt instead of read out of bounds. SRC is the
 * source's key; NULL only for rd__glossary_from_cache_bytes (no source),
 * which skips that one comparison and runs every other check. */
static int block_valid(block_header *h, size_t size, const rd__filecache_key *src) {
  if (size < sizeof *h || memcmp(h->magic, BLOCK_MAGIC, sizeof h->magic) || h->version != BLOCK_VERSION ||
      h->endian != BLOCK_ENDIAN || h->total != size)
    return 0;
  /* the source's status, ctime included: any write sets ctime to now and
   * nothing sets it back, so a match is the file the cache was built from
   * (hashing the 19 MB EDICT on every load cost 19 M instructions) */
  if (src && (h->src_size != src->size || h->src_mtime != src->mtime || h->src_mtime_ns != src->mtime_ns ||
              h->src_ctime != src->ctime || h->src_ctime_ns != src->ctime_ns || h->src_dev != src->dev ||
              h->src_ino != src->ino))
    return 0;
  /* A checksum over everything: a corrupted byte is a rebuild, never a
   * wrong gloss (the structural checks below only stop reads out of bounds). */
  if (size % 8) return 0;
  uint64_t sum = h->checksum;
  h->checksum = 0;
  uint64_t got = sum64(h, size);
  h->checksum = sum;
  if (got != sum) return 0;
  if (h->nentries >= KEY_READING || h->ntags > MAX_TAGS || h->pool_len == 0 || h->pool_len > UINT32_MAX) return 0;
  if (!in(sizeof *h, h->nentries, sizeof(rd_gloss_entry), size) || !in(h->off_gloss, h->ngloss, 4, size) ||
      !in(h->off_etag, h->netag, 2, size) || !in(h->off_keys, h->nkeys, sizeof(key), size) ||
      !in(h->off_tags, h->ntags, TAG_LEN, size) || !in(h->off_pool, h->pool_len, 1, size) ||
      (h->off_gloss | h->off_etag | h->off_keys | h->off_pool) & 7)
    return 0;
  const char *pool = pool_of(h);
  if (pool[h->pool_len - 1] != '\0') return 0;
  const rd_gloss_entry *e = entries_of(h);
  for (uint64_t i = 0; i < h->nentries; i++) {
    if (e[i].self != i || e[i].word >= h->pool_len || (e[i].reading != NONE && e[i].reading >= h->pool_len) ||
        (uint64_t)e[i].gloss_first + e[i].gloss_count > h->ngloss ||
        (uint64_t)e[i].tag_first + e[i].tag_count > h->netag)
      return 0;
  }
  const uint32_t *g = gloss_of(h);
  for (uint64_t i = 0; i < h->ngloss; i++)
    if (g[i] >= h->pool_len) return 0;
  const uint16_t *t = etag_of(h);
  for (uint64_t i = 0; i < h->netag; i++)
    if (t[i] >= h->ntags) return 0;
  const key *k = keys_of(h);
  for (uint64_t i = 0; i < h->nkeys; i++)
    if (k[i].str >= h->pool_len || (k[i].entry & ~KEY_READING) >= h->nentries) return 0;
  const char (*tg)[TAG_LEN] = tags_of(h);
  for (uint64_t i = 0; i < h->ntags; i++)
    if (!memchr(tg[i], '\0', TAG_LEN)) return 0;
  return 1;
}

/* The cache is read into memory, not mapped: a cache truncated by another
 * process while mapped would kill this one with SIGBUS. */
static block_header *cache_load(const char *cpath, const rd__filecache_key *src) {
  int fd = open(cpath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return NULL;
  struct stat cs;
  if (fstat(fd, &cs) != 0 || !S_ISREG(cs.st_mode) || cs.st_size < (off_t)sizeof(block_header) ||
      (uintmax_t)cs.st_size > (uintmax_t)SIZE_MAX / 2) {
    close(fd);
    return NULL;
  }
  size_t size = (size_t)cs.st_size, got = 0;
  block_header *h = malloc(size); /* malloc's alignment suits every section */
  while (h && got < size) {
    ssize_t r = read(fd, (char *)h + got, size - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += (size_t)r;
  }
  close(fd);
  if (!h || got != size || !block_valid(h, size, src)) { free(h); return NULL; }
  return h;
}

rd_status rd__glossary_from_cache_bytes(rd_glossary **out, const void *data, size_t len) {
  if (!out || (!data && len)) return rd__error(RD_EINVALID, -1, 0, "rd__glossary_from_cache_bytes: NULL argument");
  *out = NULL;
  /* a private, malloc-aligned copy, exactly as cache_load reads a file */
  block_header *h = malloc(len ? len : 1);
  if (!h) return rd__oom();
  if (len) memcpy(h, data, len);
  if (!block_valid(h, len, NULL)) {
    free(h);
    return rd__error(RD_EINVALID, -1, 0, "not a valid glossary cache (%zu bytes)", len);
  }
  rd_glossary *g = calloc(1, sizeof *g);
  if (!g) { free(h); return rd__oom(); }
  g->h = h;
  g->from_cache = true;
  *out = g;
  return RD_OK;
}

void rd__glossary_cache_seal(void *data, size_t len) {
  if (len < sizeof(block_header)) return;
  block_header h;
  memcpy(&h, data, sizeof h);
  h.checksum = 0;
  memcpy(data, &h, sizeof h);
  h.checksum = sum64(data, len); /* sum64 reads through memcpy: any alignment */
  memcpy(data, &h, sizeof h);
}

const rd_gloss_entry *rd__glossary_entry_at(const rd_glossary *g, size_t i) {
  return g && i < g->h->nentries ? &entries_of(g->h)[i] : NULL;
}

/* A cache directory another user could write would let them serve
 * glosses: use only one owned by us and not group- or world-writable
 * (a missing one is created 0700 by cache_store). */
static int cache_dir_safe(const char *cpath) {
  char dir[4400];
  snprintf(dir, sizeof dir, "%s", cpath);
  char *slash = strrchr(dir, '/');
  if (!slash) return 0;
  *slash = '\0';
  struct stat ds;
  if (lstat(dir, &ds) != 0) return errno == ENOENT;
  return S_ISDIR(ds.st_mode) && ds.st_uid == geteuid() && !(ds.st_mode & (S_IWGRP | S_IWOTH));
}

/* Best effort: a cache that cannot be written only costs the next load
 * its speed. Written to a temporary name and renamed, so a concurrent
 * reader never sees half a file. */
static void cache_store(const char *cpath, const block_header *h) {
  rd__filecache_write(cpath, h, (size_t)h->total);
}

rd_status rd_glossary_new(rd_glossary **out, const char *path, const rd_glossary_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_glossary_new: NULL argument");
  *out = NULL;
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  if (opts) {
    if (opts->version != RD_GLOSSARY_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_glossary_options: unsupported version %u", opts->version);
    o = *opts;
  }
  if (!path) path = RD_GLOSSARY_DEFAULT_PATH;
  struct stat st;
  if (stat(path, &st) != 0) {
    if (errno == ENOENT)
      return rd__error(RD_ENOTFOUND, -1, 0,
                       "EDICT dictionary not found at %s: glosses are unavailable (install the Debian package "
                       "'edict': apt-get install edict)", path);
    return rd__error(RD_EIO, -1, 0, "%s: cannot read EDICT: %s", path, strerror(errno));
  }
  if (!S_ISREG(st.st_mode)) return rd__error(RD_EIO, -1, 0, "%s: EDICT is not a regular file", path);
  rd_glossary *g = calloc(1, sizeof *g);
  if (!g) return rd__oom();
  char cpath[4400];
  int use_cache = !(o.flags & RD_GLOSSARY_NO_CACHE) && cache_path(cpath, sizeof cpath, path, o.cache_dir);
  rd__filecache_key src;
  if (use_cache && (!cache_dir_safe(cpath) || !rd__filecache_key_stat(&src, path))) use_cache = 0;
  if (use_cache && !(o.flags & RD_GLOSSARY_REBUILD_CACHE)) {
    g->h = cache_load(cpath, &src);
    g->from_cache = g->h != NULL;
  }
  if (!g->h) {
    rd_status s = build(&g->h, path, &st);
    if (s < 0) { free(g); return s; }
    if (use_cache) cache_store(cpath, g->h);
  }
  *out = g;
  return RD_OK;
}


/* ---- look-up ----------------------------------------------------------------------- */

struct rd_gloss_result {
  const rd_gloss_entry **e;
  size_t n;
};

size_t rd_gloss_result_count(const rd_gloss_result *r) { return r ? r->n : 0; }
const rd_gloss_entry *rd_gloss_result_at(const rd_gloss_result *r, size_t i) {
  return r && i < r->n ? r->e[i] : NULL;
}
void rd_gloss_result_free(rd_gloss_result *r) {
  if (!r) return;
  free(r->e);
  free(r);
}

/* Compare kana ignoring the hiragana/katakana difference (MeCab gives
 * katakana readings, EDICT hiragana, loanwords katakana). */
static int kana_eq(const char *a, const char *b) {
  size_t la = strlen(a), lb = strlen(b);
  while (la && lb) {
    uint32_t ca, cb;
    size_t na = rd__utf8_decode(a, la, &ca), nb = rd__utf8_decode(b, lb, &cb);
    if (!na || !nb) return 0;
    if (ca >= 0x30A1 && ca <= 0x30F6) ca -= 0x60;
    if (cb >= 0x30A1 && cb <= 0x30F6) cb -= 0x60;
    if (ca != cb) return 0;
    a += na; la -= na; b += nb; lb -= nb;
  }
  return la == 0 && lb == 0;
}

static int all_kana(const char *s) {
  size_t l = strlen(s);
  if (!l) return 0;
  while (l) {
    uint32_t c;
    size_t n = rd__utf8_decode(s, l, &c);
    if (!n || !(rd__is_hiragana(c) || rd__is_katakana(c))) return 0;
    s += n; l -= n;
  }
  return 1;
}

static int entry_score(const rd_gloss_entry *e, int by_reading) {
  int uk = 0;
  for (size_t i = 0; by_reading && i < rd_gloss_entry_tag_count(e); i++)
    uk |= !strcmp(rd_gloss_entry_tag_at(e, i), "uk");
  return 2 * uk + rd_gloss_entry_is_common(e);
}

/* First key whose string is >= word. */
static size_t lower_bound(const block_header *h, const char *word) {
  const key *k = keys_of(h);
  const char *pool = pool_of(h);
  size_t lo = 0, hi = (size_t)h->nkeys;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(pool + k[mid].str, word) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

rd_status rd_glossary_lookup(rd_gloss_result **out, const rd_glossary *g, const char *word, const char *reading) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_glossary_lookup: NULL argument");
  *out = NULL;
  if (!g || !word) return rd__error(RD_EINVALID, -1, 0, "rd_glossary_lookup: NULL argument");
  const block_header *h = g->h;
  const key *k = keys_of(h);
  const char *pool = pool_of(h);
  const rd_gloss_entry *ents = entries_of(h);
  size_t first = lower_bound(h, word), last = first;
  while (last < h->nkeys && !strcmp(pool + k[last].str, word)) last++;
  rd_gloss_result *r = calloc(1, sizeof *r);
  if (!r) return rd__oom();
  r->e = malloc((last - first + 1) * sizeof *r->e);
  if (!r->e) { free(r); return rd__oom(); }
  /* Headword matches first; a kana word (lemmas of words usually
   * written in kana: こと, ある) also gets the entries it is a reading of. */
  for (int pass = 0; pass < 2; pass++) {
    if (pass == 1 && !all_kana(word)) break;
    size_t start = r->n;
    for (size_t i = first; i < last; i++)
      if (!!(k[i].entry & KEY_READING) == pass) r->e[r->n++] = &ents[k[i].entry & ~KEY_READING];
    /* Within each group, EDICT order but common entries first; among the
     * entries a kana word reads, those "usually written in kana" (uk)
     * first of all: こと is 事 "thing" before 琴 "koto". */
    size_t m = r->n - start;
    const rd_gloss_entry **tmp = malloc((m ? m : 1) * sizeof *tmp);
    if (!tmp) { rd_gloss_result_free(r); return rd__oom(); }
    size_t w = 0;
    for (int score = 3; score >= 0; score--)
      for (size_t i = start; i < r->n; i++)
        if (entry_score(r->e[i], pass) == score) tmp[w++] = r->e[i];
    memcpy(r->e + start, tmp, m * sizeof *tmp);
    free(tmp);
  }
  if (reading && *reading) {
    size_t w = 0;
    for (size_t i = 0; i < r->n; i++)
      if (kana_eq(rd_gloss_entry_reading(r->e[i]), reading)) r->e[w++] = r->e[i];
    if (w) r->n = w; /* no entry has that reading: keep them all */
  }
  *out = r;
  return RD_OK;
}

/* ---- glossing a document ------------------------------------------------------------ */

/* The reading of a lemma, from the token's surface and reading: 盗まれ
 * (ぬすまれ) with lemma 盗む shares 盗; the surface's kana tail まれ is cut
 * from the reading and the lemma's tail む appended: ぬすむ. NULL when the
 * tails are not kana (then homographs are chosen by commonness only). */
static char *lemma_reading(const char *lemma, const char *surface, const char *reading) {
  if (!lemma || !surface || !reading || !*reading) return NULL;
  if (!strcmp(lemma, surface)) return strdup(reading);
  size_t p = 0;
  while (lemma[p] && lemma[p] == surface[p]) p++;
  while (p && ((unsigned char)lemma[p] & 0xC0) == 0x80) p--; /* back to a character boundary */
  if (p == 0) return NULL;
  const char *stail = surface + p, *ltail = lemma + p;
  if ((*stail && !all_kana(stail)) || (*ltail && !all_kana(ltail))) return NULL;
  size_t rl = strlen(reading), sl = strlen(stail);
  if (sl > rl || !kana_eq(reading + rl - sl, stail)) return NULL;
  size_t ll = strlen(ltail);
  char *out = malloc(rl - sl + ll + 1);
  if (!out) return NULL;
  memcpy(out, reading, rl - sl);
  memcpy(out + rl - sl, ltail, ll + 1);
  return out;
}

static int tag_is(const char *t, const char *const *list) {
  for (; *list; list++) {
    size_t n = strlen(*list);
    /* "v5*" style prefixes end in '*' */
    if ((*list)[n - 1] == '*' ? !strncmp(t, *list, n - 1) : !strcmp(t, *list)) return 1;
  }
  return 0;
}

/* Whether an entry's EDICT tags fit the token's part of speech, so that
 * the verb ある gets 有る "to be" and not 或る "a certain". */
static int pos_fits(const rd_gloss_entry *e, rd_pos pos) {
  static const char *const verb[] = {"v1*", "v2*", "v4*", "v5*", "vk", "vz", "vr", "vn", "vs-i", "vs-s", "vs-c", NULL};
  static const char *const noun[] = {"n", "n-*", "pn", "num", NULL};
  static const char *const adj[] = {"adj-i", "adj-ix", NULL}, *const adjn[] = {"adj-na", NULL};
  static const char *const adv[] = {"adv", "adv-to", NULL}, *const adnom[] = {"adj-pn", NULL};
  static const char *const conj[] = {"conj", NULL}, *const intj[] = {"int", NULL};
  static const char *const pref[] = {"pref", "n-pref", NULL}, *const suf[] = {"suf", "n-suf", "ctr", NULL};
  const char *const *want;
  switch (pos) {
  case RD_POS_VERB: want = verb; break;
  case RD_POS_NOUN: case RD_POS_PROPER_NOUN: case RD_POS_PRONOUN: case RD_POS_NUMBER: want = noun; break;
  case RD_POS_ADJECTIVE: want = adj; break;
  case RD_POS_ADJECTIVAL_NOUN: want = adjn; break;
  case RD_POS_ADVERB: want = adv; break;
  case RD_POS_ADNOMINAL: want = adnom; break;
  case RD_POS_CONJUNCTION: want = conj; break;
  case RD_POS_INTERJECTION: want = intj; break;
  case RD_POS_PREFIX: want = pref; break;
  case RD_POS_SUFFIX: want = suf; break;
  default: return 1;
  }
  for (size_t i = 0; i < rd_gloss_entry_tag_count(e); i++)
    if (tag_is(rd_gloss_entry_tag_at(e, i), want)) return 1;
  return 0;
}

static int ptr_cmp(const void *a, const void *b) {
  const void *x = *(const void *const *)a, *y = *(const void *const *)b;
  return x < y ? -1 : x > y;
}

typedef struct glossed {
  rd__lex *lex;
  const char **glosses;
  size_t n;
} glossed;

static rd_status doc_gloss(rd_doc *doc, const rd_glossary *g);

rd_status rd_doc_gloss(rd_doc *doc, const rd_glossary *g) {
  if (!doc || !g) return rd__error(RD_EINVALID, -1, 0, "rd_doc_gloss: NULL argument");
  int k = rd__doc_lock(doc, 1); /* glosses are written into the shared lex records */
  rd_status st = doc_gloss(doc, g);
  rd__doc_unlock(doc, k);
  return st;
}

static rd_status doc_gloss(rd_doc *doc, const rd_glossary *g) {
  if (!doc->ntokens) return RD_OK;
  /* Each distinct lex once: tokens of one word share their lex record. */
  const rd__lex **lex = malloc(doc->ntokens * sizeof *lex);
  glossed *out = calloc(doc->ntokens, sizeof *out);
  if (!lex || !out) { free(lex); free(out); return rd__oom(); }
  for (size_t i = 0; i < doc->ntokens; i++) lex[i] = doc->tokens[i].lex;
  qsort(lex, doc->ntokens, sizeof *lex, ptr_cmp);
  size_t nout = 0;
  rd_status st = RD_OK;
  for (size_t i = 0; i < doc->ntokens && st == RD_OK; i++) {
    const rd__lex *l = lex[i];
    if (!l || (i && lex[i - 1] == l)) continue;
    glossed *o = &out[nout++];
    o->lex = (rd__lex *)l; /* the document's own record; glosses are ours to set */
    switch (l->pos_class) {
    case RD_POS_PARTICLE: case RD_POS_AUXILIARY: case RD_POS_SYMBOL: case RD_POS_WHITESPACE: continue;
    default: break;
    }
    if (l->flags & RD_TOKEN_SYMBOL) continue;
    const char *lemma = l->lemma && *l->lemma && strcmp(l->lemma, "*") ? l->lemma : l->surface;
    if (!lemma) continue;
    char *lr = lemma_reading(lemma, l->surface, l->reading);
    rd_gloss_result *r;
    st = rd_glossary_lookup(&r, g, lemma, lr);
    free(lr);
    if (st < 0) break;
    /* the first entry whose part of speech fits, else the first */
    const rd_gloss_entry *e = rd_gloss_result_at(r, 0);
    for (size_t j = 0; j < rd_gloss_result_count(r); j++)
      if (pos_fits(rd_gloss_result_at(r, j), l->pos_class)) { e = rd_gloss_result_at(r, j); break; }
    size_t n = rd_gloss_entry_gloss_count(e);
    if (n > MAX_ATTACHED) n = MAX_ATTACHED;
    if (n) {
      o->glosses = rd__arena_alloc(&doc->arena, n * sizeof *o->glosses);
      if (!o->glosses) st = rd__oom();
      for (size_t j = 0; j < n && st == RD_OK; j++) {
        const char *s = rd_gloss_entry_gloss_at(e, j);
        o->glosses[j] = rd__doc_intern(doc, s, strlen(s));
        if (!o->glosses[j]) st = rd__oom();
      }
      o->n = n;
    }
    rd_gloss_result_free(r);
  }
  /* All or nothing: attach only once every list is ready. */
  if (st == RD_OK)
    for (size_t i = 0; i < nout; i++) {
      out[i].lex->glosses = out[i].glosses;
      out[i].lex->gloss_count = out[i].n;
    }
  free(lex);
  free(out);
  return st;
}
