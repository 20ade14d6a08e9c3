/* Feature strings to words, by the detected dictionary layout (IPADIC,
 * UniDic 2/3, JUMAN; the stub writes IPADIC's shape), and the per-worker
 * feature cache that builds each distinct word once. Knows no backend and
 * no document: the backends and annotate.c depend on it, never the reverse. */
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "analyze_internal.h"

int rd__words_reserve(rd__words *w, size_t extra) {
  if (w->n + extra <= w->cap) return 0;
  size_t cap = w->cap ? w->cap : 64;
  while (cap < w->n + extra) cap *= 2;
  rd__word *v = realloc(w->v, cap * sizeof *v);
  if (!v) return -1;
  w->v = v;
  w->cap = cap;
  return 0;
}

int rd__morphs_grow(rd__morphs *m) {
  size_t cap = m->cap ? m->cap * 2 : 64;
  rd__morph *v = realloc(m->v, cap * sizeof *v);
  if (!v) return -1;
  m->v = v;
  m->cap = cap;
  return 0;
}

char *rd__to_hiragana(rd__arena *a, const char *s, size_t len) {
  char *r = rd__arena_strndup(a, s, len);
  if (!r) return NULL;
  /* Katakana ァ..ヴ (U+30A1..U+30F4) are E3 82 A1..E3 83 B4; hiragana is
   * 0x60 lower. ヵ/ヶ stay (they are counters, not kana). 0xE3 is never a
   * continuation byte, so a byte scan is safe. */
  for (size_t i = 0; i + 2 < len; i++) {
    if ((unsigned char)r[i] != 0xE3) continue;
    unsigned char b = (unsigned char)r[i + 1], c = (unsigned char)r[i + 2];
    uint32_t cp = 0x3000u | ((uint32_t)(b & 0x3F) << 6) | (c & 0x3F);
    if (cp >= 0x30A1 && cp <= 0x30F4) {
      char enc[4];
      rd__utf8_encode(cp - 0x60, enc);
      memcpy(r + i, enc, 3);
    }
    i += 2;
  }
  return r;
}

/* ---- feature fields ---------------------------------------------------------- */

#define MAX_FIELDS 40

typedef struct field {
  const char *s;
  size_t len;
} field;

/* Split a CSV feature string; UniDic quotes fields that hold commas. */
static size_t split_fields(const char *f, size_t len, field *out) {
  size_t n = 0, i = 0;
  while (n < MAX_FIELDS) {
    if (i < len && f[i] == '"') {
      size_t a = ++i;
      while (i < len && !(f[i] == '"' && (i + 1 == len || f[i + 1] == ','))) i++;
      out[n].s = f + a;
      out[n].len = i - a;
      n++;
      if (i < len) i++; /* closing quote */
    } else {
      size_t a = i;
      while (i < len && f[i] != ',') i++;
      out[n].s = f + a;
      out[n].len = i - a;
      n++;
    }
    if (i >= len) break;
    i++; /* comma */
  }
  return n;
}

static int absent(const field *f) { return f->len == 0 || (f->len == 1 && f->s[0] == '*'); }

size_t rd__feature_field_count(const char *f, size_t len) {
  field tmp[MAX_FIELDS];
  return split_fields(f, len, tmp);
}

bool rd__layout_of_fields(rd__layout *out, size_t n) {
  if (n >= 26) *out = RD__LAYOUT_UNIDIC3;
  else if (n >= 17) *out = RD__LAYOUT_UNIDIC;
  else if (n >= 9) *out = RD__LAYOUT_IPADIC;
  else if (n == 7) *out = RD__LAYOUT_JUMAN;
  else return false;
  return true;
}


/* Coarse classes by POS prefix, for every supported dictionary; the longest
 * matching prefix wins. */
static const struct { const char *prefix; rd_pos pos; } pos_table[] = {
  {"名詞", RD_POS_NOUN}, {"名詞,固有名詞", RD_POS_PROPER_NOUN}, {"名詞,代名詞", RD_POS_PRONOUN},
  {"名詞,数", RD_POS_NUMBER}, {"名詞,形容動詞語幹", RD_POS_ADJECTIVAL_NOUN}, {"名詞,接尾", RD_POS_SUFFIX},
  {"名詞,人名", RD_POS_PROPER_NOUN}, {"名詞,地名", RD_POS_PROPER_NOUN}, {"名詞,組織名", RD_POS_PROPER_NOUN},
  {"代名詞", RD_POS_PRONOUN}, {"指示詞", RD_POS_PRONOUN}, {"動詞", RD_POS_VERB}, {"形容詞", RD_POS_ADJECTIVE},
  {"形状詞", RD_POS_ADJECTIVAL_NOUN}, {"副詞", RD_POS_ADVERB}, {"連体詞", RD_POS_ADNOMINAL},
  {"接続詞", RD_POS_CONJUNCTION}, {"感動詞", RD_POS_INTERJECTION}, {"フィラー", RD_POS_INTERJECTION},
  {"助詞", RD_POS_PARTICLE}, {"助動詞", RD_POS_AUXILIARY}, {"判定詞", RD_POS_AUXILIARY},
  {"接頭詞", RD_POS_PREFIX}, {"接頭辞", RD_POS_PREFIX}, {"接尾辞", RD_POS_SUFFIX},
  {"記号", RD_POS_SYMBOL}, {"補助記号", RD_POS_SYMBOL}, {"特殊", RD_POS_SYMBOL},
  {"記号,空白", RD_POS_WHITESPACE}, {"空白", RD_POS_WHITESPACE}, {"特殊,空白", RD_POS_WHITESPACE},
};

static rd_pos pos_class_of(const char *pos) {
  rd_pos best = RD_POS_OTHER;
  size_t bestlen = 0;
  for (size_t i = 0; i < sizeof pos_table / sizeof *pos_table; i++) {
    if (pos_table[i].prefix[0] != pos[0] || pos_table[i].prefix[1] != pos[1] || pos_table[i].prefix[2] != pos[2])
      continue; /* first character differs (all prefixes are >= 3 bytes) */
    size_t n = strlen(pos_table[i].prefix);
    if (n > bestlen && !strncmp(pos, pos_table[i].prefix, n) && (pos[n] == '\0' || pos[n] == ',')) {
      best = pos_table[i].pos;
      bestlen = n;
    }
  }
  return best;
}

/* Join fields [a, b) with commas, dropping trailing "*" fields. */
static const char *join_fields(rd__arena *p, const field *f, size_t nf, size_t a, size_t b) {
  if (b > nf) b = nf;
  while (b > a && absent(&f[b - 1])) b--;
  size_t total = 0;
  for (size_t i = a; i < b; i++) total += f[i].len + 1;
  char *r = rd__arena_alloc(p, total + 1);
  if (!r) return NULL;
  size_t k = 0;
  for (size_t i = a; i < b; i++) {
    if (i > a) r[k++] = ',';
    memcpy(r + k, f[i].s, f[i].len);
    k += f[i].len;
  }
  r[k] = '\0';
  return r;
}

static unsigned script_flags(const char *s, size_t len, int *all_digits, int *all_kana, int *all_symbol) {
  unsigned fl = 0;
  *all_digits = *all_kana = *all_symbol = len > 0;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k) { k = 1; cp = 0xFFFD; }
    i += k;
    int kanji = rd__is_kanji(cp), kana = rd__is_hiragana(cp) || rd__is_katakana(cp);
    int digit = rd__is_digit(cp);
    int latin = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xFF21 && cp <= 0xFF3A) ||
                (cp >= 0xFF41 && cp <= 0xFF5A);
    if (kanji) fl |= RD_TOKEN_KANJI;
    if (latin) fl |= RD_TOKEN_LATIN;
    if (!digit && cp != ',' && cp != '.' && cp != 0xFF0C && cp != 0xFF0E) *all_digits = 0;
    if (!kana) *all_kana = 0;
    if (kanji || kana || digit || latin) *all_symbol = 0;
  }
  return fl;
}

/* s starts with the n bytes of lit (a mismatch, at the latest at s's NUL, ends it). */
static int starts_lit(const char *s, const char *lit, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != lit[i]) return 0;
  return 1;
}
#define STARTS(s, lit) starts_lit((s), "" lit, sizeof(lit) - 1)

/* MeCab's name kind by part of speech (IPADIC 名詞,固有名詞,人名 / 地域 /
 * 組織; UniDic 地名; JUMAN 名詞,人名 / 地名 / 組織名): 0 none, 1 person,
 * 2 place, 3 organisation. 名詞,接尾,人名 (さん) is no name. */
static uint32_t pos_name_kind(const char *pos) {
  if (!STARTS(pos, "名詞,")) return 0;
  const char *f = pos + strlen("名詞,");
  if (STARTS(f, "固有名詞,")) f += strlen("固有名詞,");
  static const struct { const char *field; size_t n; uint32_t kind; } kinds[] = {
#define K(s, k) {s, sizeof s - 1, k}
    K("人名", 1), K("地域", 2), K("地名", 2), K("組織", 3), K("組織名", 3)};
#undef K
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
    size_t n = kinds[i].n;
    if (starts_lit(f, kinds[i].field, n) && (f[n] == ',' || f[n] == '\0')) return kinds[i].kind;
  }
  return 0;
}

uint32_t rd__word_facts_of(const char *s, size_t len, const char *pos) {
  uint32_t f = RD__WF_KNOWN;
  if (pos) {
    if (STARTS(pos, "名詞") && !strstr(pos, "名詞,数") && !strstr(pos, "代名詞") && !strstr(pos, "非自立"))
      f |= RD__WF_CONTENT_NOUN;
    if (strstr(pos, "固有名詞")) f |= RD__WF_PROPER;
    if (strstr(pos, "固有名詞,一般") || strstr(pos, "固有名詞,組織")) f |= RD__WF_PROPER_GEN_ORG;
    if ((STARTS(pos, "名詞") || STARTS(pos, "接頭詞"))) f |= RD__WF_NOUN_OR_PREFIX;
    f |= pos_name_kind(pos) << RD__WF_NAME_SHIFT;
    /* a whole first field: 名詞 but not 名詞接続 */
    if (STARTS(pos, "名詞") && (pos[6] == '\0' || pos[6] == ',')) f |= RD__WF_NOUN_FIELD;
    if ((STARTS(pos, "助詞") && (pos[6] == '\0' || pos[6] == ',')) ||
        (STARTS(pos, "助動詞") && (pos[9] == '\0' || pos[9] == ',')))
      f |= RD__WF_PARTICLE_AUX;
  } else {
    f |= RD__WF_NOUN_OR_PREFIX;
  }
  int kanji = len > 0, kanji_only = len > 0, katakana = len > 0, hira = len > 0;
  size_t n = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t k = rd__utf8_decode(s + i, len - i, &c);
    if (!k) { kanji = kanji_only = katakana = hira = 0; break; }
    if (!rd__is_kanji(c)) kanji = 0;
    if (c == 0x30F6 || c == 0x30F5) kanji_only = 0;
    if (!rd__is_katakana(c)) katakana = 0;
    if (!(rd__is_hiragana(c) || c == 0x30FC) || c == 0x309D || c == 0x309E) hira = 0;
    i += k;
    n++;
  }
  if (kanji) f |= RD__WF_ALL_KANJI;
  if (kanji && kanji_only) f |= RD__WF_KANJI_ONLY;
  if (katakana) f |= RD__WF_ALL_KATAKANA;
  if (hira) f |= RD__WF_HIRAGANA | (n == 1 ? RD__WF_ONE_HIRAGANA : 0);
  return f | rd__rules_facts_of(s, len, pos, f);
}
#undef STARTS

/* Fill a word from a morph according to the dictionary layout. */
int rd__word_from_morph(rd__word *w, rd__arena *p, rd__layout layout, const char *text, const rd__morph *m) {
  memset(w, 0, sizeof *w);
  w->off = m->off;
  w->len = m->len;
  const char *surf = text + m->off;
  if (!(w->surface = rd__arena_strndup(p, surf, m->len))) return -1;
  field f[MAX_FIELDS];
  size_t nf = split_fields(m->feature, m->feature_len, f);
  const field *lemma = NULL, *reading = NULL, *pron = NULL;
  size_t pos_end = 4, infl_a = 4, infl_b = 6;
  switch (layout) {
  case RD__LAYOUT_IPADIC:
  case RD__LAYOUT_STUB:
    if (nf > 6) lemma = &f[6];
    if (nf > 7) reading = &f[7];
    if (nf > 8) pron = &f[8];
    break;
  case RD__LAYOUT_UNIDIC:
    if (nf > 7) lemma = &f[7];
    if (nf > 9) reading = pron = &f[9];
    break;
  case RD__LAYOUT_UNIDIC3:
    if (nf > 7) lemma = &f[7];
    if (nf > 9) pron = &f[9];
    if (nf > 20) reading = &f[20];
    break;
  case RD__LAYOUT_JUMAN:
    pos_end = 2;
    infl_a = 2;
    infl_b = 4;
    if (nf > 4) lemma = &f[4];
    if (nf > 5) reading = &f[5];
    break;
  }
  w->pos = join_fields(p, f, nf, 0, pos_end);
  w->infl = (nf > infl_a && !absent(&f[infl_a])) ? join_fields(p, f, nf, infl_a, infl_b) : NULL;
  if (!w->pos) return -1;
  if (lemma && !absent(lemma)) {
    size_t ll = lemma->len;
    if (layout == RD__LAYOUT_UNIDIC || layout == RD__LAYOUT_UNIDIC3) {
      /* UniDic lemmas carry a sub-lemma after '-' (ビット-bit). */
      const char *dash = memchr(lemma->s, '-', ll);
      if (dash && dash != lemma->s) ll = (size_t)(dash - lemma->s);
    }
    w->lemma = rd__arena_strndup(p, lemma->s, ll);
  } else {
    w->lemma = w->surface;
  }
  if (!w->lemma) return -1;
  w->pos_class = pos_class_of(w->pos);
  int all_digits, all_kana, all_symbol;
  w->flags = script_flags(surf, m->len, &all_digits, &all_kana, &all_symbol);
  if (all_digits || w->pos_class == RD_POS_NUMBER) w->flags |= RD_TOKEN_NUMBER;
  if (w->pos_class == RD_POS_SYMBOL || all_symbol) w->flags |= RD_TOKEN_SYMBOL;
  if (m->unknown) w->flags |= RD_TOKEN_UNKNOWN;
  if (pron && !absent(pron) && !(w->pron = rd__arena_strndup(p, pron->s, pron->len))) return -1;
  if (w->flags & RD_TOKEN_SYMBOL) {
    w->reading = "";
  } else if (reading && !absent(reading)) {
    if (!(w->reading = rd__to_hiragana(p, reading->s, reading->len))) return -1;
  } else if (all_kana) {
    if (!(w->reading = rd__to_hiragana(p, surf, m->len))) return -1;
  } else if (w->flags & RD_TOKEN_KANJI) {
    w->reading = NULL; /* never invent a reading for an unknown kanji word */
    w->flags |= RD_TOKEN_UNKNOWN;
  } else {
    w->reading = ""; /* digits, Latin: no kana reading */
  }
  w->facts = rd__word_facts_of(w->surface, w->len, w->pos);
  return 0;
}

/* ---- the feature cache ------------------------------------------------------ */

int rd__grow_slots(uint32_t **slots, size_t *cap, const void *recs, size_t stride, size_t hash_off, size_t n) {
  size_t ncap = *cap ? *cap * 2 : 256; /* small first, see annotate.c push_pack */
  uint32_t *t = calloc(ncap, sizeof *t);
  if (!t) return -1;
  for (size_t i = 0; i < n; i++) {
    uint64_t h;
    memcpy(&h, (const char *)recs + i * stride + hash_off, sizeof h);
    size_t j = h & (ncap - 1);
    while (t[j]) j = (j + 1) & (ncap - 1);
    t[j] = (uint32_t)i + 1;
  }
  free(*slots);
  *slots = t;
  *cap = ncap;
  return 0;
}

void rd__feature_cache_init(rd__feature_cache *c, rd__layout layout) {
  memset(c, 0, sizeof *c);
  c->layout = layout;
  rd__arena_init(&c->arena);
}

void rd__feature_cache_dispose(rd__feature_cache *c) {
  rd__arena_dispose(&c->arena);
  free(c->v);
  free(c->slots);
  memset(c, 0, sizeof *c);
}

/* Surfaces are a few bytes (one to three characters): hashed and
 * compared a word at a time, not a byte at a time (13 M of the batch).
 * The n <= 8 bytes at p as one word that tells any two such strings of
 * one length apart: two overlapping 4-byte loads cover 4..8 bytes, and
 * bytes 0, n/2 and n-1 cover 1..3. */
static inline uint64_t short_word(const unsigned char *p, size_t n) {
  if (n >= 4) {
    uint32_t a, b;
    memcpy(&a, p, 4);
    memcpy(&b, p + n - 4, 4);
    return (uint64_t)a << 32 | b;
  }
  if (n == 3) { /* one kana or kanji, the commonest surface: two loads, not three */
    uint16_t a;
    memcpy(&a, p, 2);
    return (uint64_t)a << 8 | p[2];
  }
  return n ? (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 | p[n - 1] : 0;
}

static inline uint64_t surface_hash(uint64_t h, const unsigned char *p, size_t n) {
  for (; n > 8; p += 8, n -= 8) {
    uint64_t v;
    memcpy(&v, p, 8);
    h = (h ^ v) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 29;
  }
  h = (h ^ short_word(p, n) ^ (uint64_t)n << 60) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 32);
}

static inline bool surface_eq(const unsigned char *a, const unsigned char *b, size_t n) {
  for (; n > 8; a += 8, b += 8, n -= 8) {
    uint64_t x, y;
    memcpy(&x, a, 8);
    memcpy(&y, b, 8);
    if (x != y) return false;
  }
  return short_word(a, n) == short_word(b, n);
}

/* A new entry for morph m, at slot j of its hash h (both computed by
 * cache_word, the table already grown); out as for rd__feature_cache_word.
 * Out of line: a few percent of tokens come here, and the look-up loop
 * stays small. */
static __attribute__((noinline)) int cache_add(rd__feature_cache *c, const char *text, size_t off, const rd__morph *m,
                                               uint64_t h, size_t j, rd__word *out) {
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 64;
    rd__feature_entry *v = realloc(c->v, cap * sizeof *v);
    if (!v) return -1;
    c->v = v;
    c->cap = cap;
  }
  rd__morph mm = *m;
  mm.off += off;
  if (mm.feature_len == RD__FEATURE_LEN_UNKNOWN) mm.feature_len = strlen(mm.feature);
  rd__feature_entry *e = &c->v[c->n];
  if (!(e->feature = rd__arena_strndup(&c->arena, mm.feature, mm.feature_len))) return -1;
  if (rd__word_from_morph(&e->w, &c->arena, c->layout, text, &mm) < 0) return -1;
  e->feature_len = mm.feature_len;
  e->hash = h;
  e->src = c->stable ? m->feature : NULL;
  e->serial = c->serial;
  e->unknown = m->unknown != 0;
  e->lex = -1;
  c->slots[j] = (uint32_t)c->n + 1;
  *out = e->w;
  out->cached = (uint32_t)++c->n;
  return 0;
}

/* rd__feature_cache_word's look-up of morph m, whose offset counts from
 * text + off, inlined into the loop of rd__feature_cache_words (no call,
 * no frame and no copy of the morph per token). */
static inline __attribute__((always_inline)) int cache_word(rd__feature_cache *c, const char *text, size_t off,
                                                            const rd__morph *m, rd__word *out) {
  const unsigned char *surf = (const unsigned char *)text + off + m->off;
  uint64_t h = (uint64_t)(uintptr_t)m->feature * 0x9E3779B97F4A7C15ull ^ m->len;
  h = surface_hash(h, surf, m->len);
  h = (h ^ (uint64_t)(m->unknown != 0)) * 1099511628211ull;
  if ((c->n + 1) * 2 > c->capslots &&
      rd__grow_slots(&c->slots, &c->capslots, c->v, sizeof *c->v, offsetof(rd__feature_entry, hash), c->n) < 0)
    return -1;
  int unknown = m->unknown != 0;
  size_t j = h & (c->capslots - 1);
  if (c->stable) {
    /* Known by address: the surface is a few bytes, compared inline. */
    for (; c->slots[j]; j = (j + 1) & (c->capslots - 1)) {
      const rd__feature_entry *e = &c->v[c->slots[j] - 1];
      if (e->hash != h || e->src != m->feature || e->serial != c->serial || e->w.len != m->len || e->unknown != unknown)
        continue;
      if (!surface_eq((const unsigned char *)e->w.surface, surf, m->len)) continue;
      *out = e->w;
      out->off = off + m->off;
      out->cached = c->slots[j];
      return 0;
    }
  } else {
    size_t fl = m->feature_len == RD__FEATURE_LEN_UNKNOWN ? strlen(m->feature) : m->feature_len;
    for (; c->slots[j]; j = (j + 1) & (c->capslots - 1)) {
      const rd__feature_entry *e = &c->v[c->slots[j] - 1];
      if (e->hash == h && e->w.len == m->len && e->unknown == unknown && e->feature_len == fl &&
          !memcmp(e->w.surface, surf, m->len) && !memcmp(e->feature, m->feature, fl)) {
        *out = e->w;
        out->off = off + m->off;
        out->cached = c->slots[j];
        return 0;
      }
    }
  }
  return cache_add(c, text, off, m, h, j, out);
}

int rd__feature_cache_word(rd__feature_cache *c, const char *text, const rd__morph *m, rd__word *out) {
  return cache_word(c, text, 0, m, out);
}

int rd__feature_cache_words(rd__feature_cache *c, const char *text, size_t off, const rd__morph *m, size_t n,
                            rd__word *out) {
  for (size_t k = 0; k < n; k++)
    if (cache_word(c, text, off, &m[k], &out[k]) < 0) return -1;
  return 0;
}
