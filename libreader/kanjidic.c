/* KANJIDIC: each kanji's on (katakana) and kun (hiragana, up to the
 * okurigana dot) readings, in hiragana; name readings (after T1/T2) and
 * suffix-only forms ("-り" of 人) are left out, so that 一人 ひとり stays one
 * ruby. Also its grade (G) and JLPT level (J). See kanjidic.h. */
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edict.h"
#include "kana_internal.h"
#include "kanjidic.h"
#include "util/filecache.h"

typedef struct kd_reading {
  uint32_t off; /* code points: cp[off .. off+len) */
  uint32_t len; /* | KD_OKURI: a kun'yomi stem written with okurigana (さっ.と) */
} kd_reading;
#define KD_OKURI 0x80000000u
#define KD_LEN(r) ((r).len & ~KD_OKURI)

typedef struct kd_state {
  rd__kanji_entry *tab; /* open addressing on kanji; kanji 0 = empty */
  size_t cap;
  kd_reading *rd;
  size_t nrd, caprd;
  uint16_t *cp;
  size_t ncp, capcp;
  int loaded;
  int from_cache;
} kd_state;

static kd_state kd;
static pthread_once_t kd_once = PTHREAD_ONCE_INIT;

#define KD_DEFAULT_PATH "/usr/share/edict/kanjidic"

static void kd_dispose(kd_state *s) {
  free(s->tab);
  free(s->rd);
  free(s->cp);
  memset(s, 0, sizeof *s);
}

static int kd_push_reading(kd_state *s, const uint32_t *c, size_t n) {
  if (s->nrd == s->caprd) {
    size_t cap = s->caprd ? s->caprd * 2 : 65536;
    kd_reading *r = realloc(s->rd, cap * sizeof *r);
    if (!r) return -1;
    s->rd = r;
    s->caprd = cap;
  }
  if (s->ncp + n > s->capcp) {
    size_t cap = s->capcp ? s->capcp * 2 : 262144;
    while (cap < s->ncp + n) cap *= 2;
    uint16_t *q = realloc(s->cp, cap * sizeof *q);
    if (!q) return -1;
    s->cp = q;
    s->capcp = cap;
  }
  s->rd[s->nrd].off = (uint32_t)s->ncp;
  s->rd[s->nrd].len = (uint32_t)n;
  for (size_t i = 0; i < n; i++) s->cp[s->ncp++] = (uint16_t)c[i];
  s->nrd++;
  return 0;
}

static rd__kanji_entry *kd_slot(const kd_state *s, uint32_t kanji) {
  size_t j = (kanji * 2654435761u) & (s->cap - 1);
  while (s->tab[j].kanji && s->tab[j].kanji != kanji) j = (j + 1) & (s->cap - 1);
  return &s->tab[j];
}

/* A field "G8" / "J2": its number, or 0. */
static int level_field(const char *t, const char *e, char tag) {
  if (e - t < 2 || e - t > 3 || t[0] != tag) return 0;
  int v = 0;
  for (const char *q = t + 1; q < e; q++) {
    if (*q < '0' || *q > '9') return 0;
    v = v * 10 + (*q - '0');
  }
  return v <= 255 ? v : 0;
}

/* One line: "裏 4E22 U88cf ... G8 ... J1 ... リ うら T1 ... {back} ...".
 * On success *out holds the kanji, its first reading (count not yet set)
 * and levels; 0 no entry, 1 entry, -1 OOM. */
static int kd_parse_line(kd_state *s, const char *p, const char *end, rd__kanji_entry *out) {
  uint32_t kanji;
  size_t n = rd__utf8_decode(p, (size_t)(end - p), &kanji);
  if (!n || !rd__is_kanji(kanji)) return 0;
  memset(out, 0, sizeof *out);
  out->kanji = kanji;
  out->first = (uint32_t)s->nrd;
  for (p += n; p < end;) {
    while (p < end && *p == ' ') p++;
    const char *t = p;
    while (p < end && *p != ' ') p++;
    if (t == p) break;
    if (*t == '{' || ((p - t) == 2 && t[0] == 'T' && (t[1] == '1' || t[1] == '2'))) break;
    if (*t == '-') continue; /* suffix-only form */
    int v;
    if ((v = level_field(t, p, 'G'))) { out->grade = (uint8_t)v; continue; }
    if ((v = level_field(t, p, 'J'))) { out->jlpt = (uint8_t)v; continue; }
    uint32_t c[32];
    size_t m = 0;
    const char *q = t;
    while (q < p && m < 32) {
      uint32_t x;
      size_t k = rd__kana_fold(q, (size_t)(p - q), &x);
      if (!k || !rd__kana_is_kana(x) || x == 0x30FC) break; /* '.', '-' end the stem */
      c[m++] = x;
      q += k;
    }
    int okuri = q < p && *q == '.';
    if (m == 0) continue; /* a code field (B1, U4e00 ...) */
    /* on'yomi are written in katakana and come first */
    uint32_t t0;
    int is_on = rd__utf8_decode(t, (size_t)(p - t), &t0) && rd__is_katakana(t0);
    int dup = 0;
    for (uint32_t r = out->first; r < s->nrd && !dup; r++) {
      dup = KD_LEN(s->rd[r]) == m;
      for (size_t i = 0; dup && i < m; i++) dup = s->cp[s->rd[r].off + i] == c[i];
    }
    if (!dup && kd_push_reading(s, c, m) < 0) return -1;
    if (!dup && okuri) s->rd[s->nrd - 1].len |= KD_OKURI;
    if (!dup && is_on && s->nrd - out->first == (size_t)out->on + 1 && out->on < 255) out->on++;
  }
  out->count = (uint32_t)s->nrd - out->first;
  return out->count || out->grade || out->jlpt;
}

bool rd__kanjidic_parse_line_info(const char *line, size_t len, uint32_t *kanji, int *grade, int *jlpt,
                                  size_t *nreadings) {
  kd_state s;
  memset(&s, 0, sizeof s);
  rd__kanji_entry e;
  int r = kd_parse_line(&s, line, line + len, &e);
  kd_dispose(&s);
  if (r <= 0) return false;
  *kanji = e.kanji;
  *grade = e.grade;
  *jlpt = e.jlpt;
  *nreadings = e.count;
  return true;
}

static void kd_parse_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return;
  char *raw = NULL, *utf = NULL;
  rd__kanji_entry *ents = NULL;
  size_t ulen = 0, nents = 0, capents = 16384; /* KANJIDIC has ~13,000 kanji */
  long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  if (size <= 0 || size > (64L << 20) || fseek(f, 0, SEEK_SET) != 0) goto fail;
  size_t len = (size_t)size;
  raw = malloc(len);
  if (!raw || fread(raw, 1, len, f) != len) goto fail;
  /* Best effort, like a missing file: a bad byte only means no data. */
  if (rd__eucjp_to_utf8(&utf, &ulen, raw, len, path) < 0) { rd_error_clear(); goto fail; }
  ents = malloc(capents * sizeof *ents);
  if (!ents) goto fail;
  for (char *p = utf, *end = utf + ulen; p < end;) {
    char *nl = memchr(p, '\n', (size_t)(end - p));
    char *le = nl ? nl : end;
    if (*p != '#') {
      if (nents == capents) {
        rd__kanji_entry *v = realloc(ents, (capents *= 2) * sizeof *v);
        if (!v) goto fail;
        ents = v;
      }
      int r = kd_parse_line(&kd, p, le, &ents[nents]);
      if (r < 0) goto fail;
      nents += (size_t)r;
    }
    p = le + 1;
  }
  kd.cap = 1;
  while (kd.cap < 2 * nents + 16) kd.cap *= 2; /* load under one half */
  kd.tab = calloc(kd.cap, sizeof *kd.tab);
  if (!kd.tab) goto fail;
  for (size_t i = 0; i < nents; i++) *kd_slot(&kd, ents[i].kanji) = ents[i];
  kd.loaded = 1;
  free(ents);
  free(raw);
  free(utf);
  fclose(f);
  return;
fail:
  free(ents);
  free(raw);
  free(utf);
  kd_dispose(&kd);
  fclose(f);
}


/* The loaded tables (hash table, readings, code points) are flat arrays,
 * so they are cached as one block and mmap'ed by later processes instead
 * of converting and parsing the 1.2 MB EUC-JP file on each start. */
#define KD_MAGIC "RDKANJI"
#define KD_VERSION 4u /* 2: keyed on the whole file's hash; 3: rd__kanji_entry.on, KD_OKURI; 4: ctime in the key */

typedef struct kd_block {
  rd__filecache_header fh;
  uint64_t cap, nrd, ncp;
} kd_block;

static size_t kd_block_size(uint64_t cap, uint64_t nrd, uint64_t ncp) {
  size_t n = sizeof(kd_block) + cap * sizeof(rd__kanji_entry) + nrd * sizeof(kd_reading) + ncp * 2;
  return (n + 7) & ~(size_t)7;
}

/* Every offset a look-up follows is checked, and the table has an empty
 * slot, so a corrupted cache is rebuilt instead of read out of bounds. */
static int kd_block_bind(kd_state *s, const kd_block *b, size_t size) {
  if (size < sizeof *b || !b->cap || (b->cap & (b->cap - 1)) || b->cap > (1u << 24) || b->nrd > (1u << 26) ||
      b->ncp > (1u << 28) || kd_block_size(b->cap, b->nrd, b->ncp) != size)
    return 0;
  const rd__kanji_entry *tab = (const rd__kanji_entry *)(const void *)(b + 1);
  const kd_reading *rd = (const kd_reading *)(const void *)(tab + b->cap);
  size_t empty = 0;
  for (uint64_t i = 0; i < b->cap; i++) {
    if (!tab[i].kanji) { empty++; continue; }
    if ((uint64_t)tab[i].first + tab[i].count > b->nrd) return 0;
  }
  for (uint64_t i = 0; i < b->nrd; i++)
    if ((uint64_t)rd[i].off + KD_LEN(rd[i]) > b->ncp) return 0;
  if (!empty) return 0;
  s->tab = (rd__kanji_entry *)(uintptr_t)tab;
  s->cap = (size_t)b->cap;
  s->rd = (kd_reading *)(uintptr_t)rd;
  s->nrd = (size_t)b->nrd;
  s->cp = (uint16_t *)(uintptr_t)(const void *)(rd + b->nrd);
  s->ncp = (size_t)b->ncp;
  s->loaded = 1;
  s->from_cache = 1;
  return 1;
}

static void kd_cache_store(const kd_state *s, const char *cpath, const rd__filecache_key *key) {
  size_t total = kd_block_size(s->cap, s->nrd, s->ncp);
  kd_block *b = calloc(1, total);
  if (!b) return;
  rd__filecache_header_init(&b->fh, KD_MAGIC, KD_VERSION, total, key);
  b->cap = s->cap;
  b->nrd = s->nrd;
  b->ncp = s->ncp;
  char *p = (char *)(b + 1);
  memcpy(p, s->tab, s->cap * sizeof *s->tab);
  p += s->cap * sizeof *s->tab;
  if (s->nrd) memcpy(p, s->rd, s->nrd * sizeof *s->rd);
  p += s->nrd * sizeof *s->rd;
  if (s->ncp) memcpy(p, s->cp, s->ncp * 2);
  rd__filecache_store(cpath, &b->fh);
  free(b);
}

static void kd_load(void) {
  const char *env = getenv("READER_KANJIDIC");
  const char *path = env ? env : KD_DEFAULT_PATH;
  if (!path[0]) return;
  rd__filecache_key key;
  char cpath[4600];
  size_t map_len;
  int use_cache;
  const rd__filecache_header *h =
    rd__filecache_open(&map_len, &use_cache, &key, cpath, sizeof cpath, "kanjidic", path, KD_MAGIC, KD_VERSION);
  /* mapped for the life of the process, like the parsed tables */
  if (h && kd_block_bind(&kd, (const kd_block *)(const void *)h, map_len)) return;
  if (h) munmap((void *)(uintptr_t)h, map_len);
  kd_parse_file(path);
  if (use_cache && kd.loaded) kd_cache_store(&kd, cpath, &key);
}

int rd__kanji_readings_loaded(void) {
  pthread_once(&kd_once, kd_load);
  return kd.loaded;
}

const rd__kanji_entry *rd__kanji_find(uint32_t cp) {
  if (!rd__kanji_readings_loaded() || !cp) return NULL;
  const rd__kanji_entry *e = kd_slot(&kd, cp);
  return e->kanji ? e : NULL;
}

const uint16_t *rd__kanji_reading(const rd__kanji_entry *e, size_t i, size_t *len) {
  const kd_reading *r = &kd.rd[e->first + i];
  *len = KD_LEN(*r);
  return &kd.cp[r->off];
}

size_t rd__kanji_fallback_reading(uint32_t cp, bool in_compound, uint32_t *out, size_t cap) {
  const rd__kanji_entry *e = rd__kanji_find(cp);
  if (!e || !e->count) return 0;
  size_t on = e->on <= e->count ? e->on : e->count, i = 0; /* on readings come first */
  if (!in_compound) {
    /* alone: a kun'yomi without okurigana (a noun), else the first on'yomi;
     * a stem like さっ of さっ.と needs a kana ending the text does not have */
    size_t k = on;
    while (k < e->count && (kd.rd[e->first + k].len & KD_OKURI)) k++;
    i = k < e->count ? k : 0;
  }
  size_t n;
  const uint16_t *r = rd__kanji_reading(e, i, &n);
  if (n > cap) return 0;
  for (size_t k = 0; k < n; k++) out[k] = r[k];
  return n;
}

bool rd__kanji_levels_available(void) { return rd__kanji_readings_loaded() != 0; }

bool rd__kanjidic_from_cache(void) { return rd__kanji_readings_loaded() && kd.from_cache; }

bool rd__kanji_level(uint32_t cp, int *grade, int *jlpt) {
  /* KANJIDIC has the pre-2010 JLPT levels 4..1. Old 4 and 3 became N5 and
   * N4; old 2 was split into N3 and N2 and cannot be told apart, so it
   * counts as N2 (a reading is hidden only when the kanji is surely within
   * the level); old 1 is N1. */
  static const unsigned char n_of_old[5] = {0, 1, 2, 4, 5};
  const rd__kanji_entry *e = rd__kanji_find(cp);
  if (grade) *grade = e ? e->grade : 0;
  if (jlpt) *jlpt = e && e->jlpt <= 4 ? n_of_old[e->jlpt] : 0;
  return e != NULL;
}
