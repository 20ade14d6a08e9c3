/* Compounds from an EDICT-format dictionary: headwords of 2-6 kanji/kana
 * characters with one regular reading, and the rule that joins words MeCab
 * split (舟 + 下り) where the list reads the whole differently. Hiragana
 * words (kana-only, (uk) or (P) lines) are keys too, for the kana
 * re-segmentation rule (kana_words.c). */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "analyze_internal.h"
#include "edict.h"
#include "readers_internal.h"
#include "util/filecache.h"
#include "util/strtab.h"

/* ---- compounds from an EDICT-format dictionary ------------------------------- */

/* The table is a flat string map (util/strtab.h): headword -> reading,
 * value "" for an ambiguous headword. Being flat, it is written to a cache
 * file once and mapped by every later process: parsing and converting the
 * 19 MB EUC-JP EDICT cost each `reader` start ~0.25 s, more than MeCab
 * takes for 300 articles. */
#define CMP_MAGIC "RDCMPND"
#define CMP_VERSION 4u /* 2: keyed on the whole file's hash; 3: hiragana words as keys; 4: ctime in the key */

struct rd__compounds {
  rd__strtab t;
  bool from_cache;
  uint64_t id; /* for the look-up memo (rd__edict_find) */
};

/* While loading: the hash table in an arena, flattened when complete. */
typedef struct cmp_builder {
  rd__arena arena;
  const char **keys, **vals; /* open addressing; vals[i] == "" marks an ambiguous key */
  size_t cap, n, pool_len;
} cmp_builder;

void rd__compounds_free(rd__compounds *c) {
  if (!c) return;
  rd__strtab_dispose(&c->t);
  free(c);
}

bool rd__compounds_from_cache(const rd__compounds *c) { return c && c->from_cache; }

const char *rd__compounds_find(const rd__compounds *c, const char *s, size_t len) {
  const char *v = c ? rd__edict_find(&c->t, c->id, s, len) : NULL;
  return v && *v ? v : NULL; /* "" marks an ambiguous headword */
}

static size_t builder_slot(const cmp_builder *c, const char *s, size_t len) {
  size_t j = rd__strtab_hash(s, len) & (c->cap - 1);
  while (c->keys[j] && !(strncmp(c->keys[j], s, len) == 0 && c->keys[j][len] == '\0')) j = (j + 1) & (c->cap - 1);
  return j;
}

/* Code points of a headword: 2..6, all kanji or kana, at least one kanji. */
static int compound_headword(const char *s, size_t len) {
  size_t i = 0, n = 0;
  int kanji = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k) return 0;
    if (rd__is_kanji(cp)) kanji = 1;
    else if (!rd__is_hiragana(cp) && !rd__is_katakana(cp)) return 0;
    i += k;
    n++;
  }
  return kanji && n >= 2 && n <= 6;
}

/* A hiragana word of 2..8 characters: a key for re-joining the single
 * kana MeCab splits it into (ひ|ら|が|な, rules.c / kana_words.c). */
static int kana_word(const char *s, size_t len) {
  size_t i = 0, n = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k || !(rd__is_hiragana(cp) || cp == 0x30FC)) return 0;
    i += k;
    n++;
  }
  return n >= 2 && n <= 8;
}

static int add_compound(cmp_builder *c, const char *k, size_t kl, const char *r, size_t rl) {
  if (c->n * 2 >= c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 1u << 16;
    const char **nk = calloc(cap, sizeof *nk), **nv = calloc(cap, sizeof *nv);
    if (!nk || !nv) { free(nk); free(nv); return -1; }
    for (size_t i = 0; i < c->cap; i++) {
      if (!c->keys[i]) continue;
      size_t j = rd__strtab_hash(c->keys[i], strlen(c->keys[i])) & (cap - 1);
      while (nk[j]) j = (j + 1) & (cap - 1);
      nk[j] = c->keys[i];
      nv[j] = c->vals[i];
    }
    free(c->keys);
    free(c->vals);
    c->keys = nk;
    c->vals = nv;
    c->cap = cap;
  }
  size_t j = builder_slot(c, k, kl);
  if (c->keys[j]) {
    /* A second, different reading makes the headword ambiguous: unused. */
    if (strlen(c->vals[j]) != rl || memcmp(c->vals[j], r, rl)) c->vals[j] = "";
    return 0;
  }
  char *kk = rd__arena_strndup(&c->arena, k, kl), *rr = rd__arena_strndup(&c->arena, r, rl);
  if (!kk || !rr) return -1;
  c->keys[j] = kk;
  c->vals[j] = rr;
  c->n++;
  c->pool_len += kl + 1 + rl + 1;
  return 0;
}

/* The builder's table as a block; slots keep their positions. */
static rd__strtab_block *flatten(const cmp_builder *bd, const rd__filecache_key *key) {
  rd__strtab_block *b = rd__strtab_block_new(bd->cap, bd->n, bd->pool_len, CMP_MAGIC, CMP_VERSION, key);
  if (!b) return NULL;
  size_t at = 1;
  for (size_t i = 0; i < bd->cap; i++)
    if (bd->keys[i]) rd__strtab_put(b, &at, i, bd->keys[i], strlen(bd->keys[i]), bd->vals[i], strlen(bd->vals[i]));
  return b;
}

static rd_status compounds_build(rd__strtab_block **out, const char *path, const rd__filecache_key *key) {
  *out = NULL;
  char *data;
  size_t len;
  rd_status st_ = rd__file_read(path, RD__FILE_LIMIT_DEFAULT, &data, &len);
  if (st_ < 0) return st_;
  if ((st_ = rd__edict_text_utf8(&data, &len, path)) < 0) { free(data); return st_; }
  cmp_builder bd;
  memset(&bd, 0, sizeof bd);
  rd__arena_init(&bd.arena);
  rd_status s = RD_OK;
  /* Lines in EDICT's grammar (edict.c) with a reading; irregular (ik)
   * and outdated (ok) kana readings are not used. A file with no EDICT
   * line (an empty, binary or wrong file) is refused: silently reading no
   * compounds would look like success. */
  size_t i = 0, edict_lines = 0;
  rd__edict_line el;
  while (s >= 0 && rd__edict_next_line(&el, data, len, &i)) {
    edict_lines++;
    /* Hiragana words (issue 12, item 6): kana-only lines, and the kana
     * reading of a line usually written in kana (uk) or common (P). The
     * key is the word and so is its value; no kanji key can equal one. */
    int kana_ok = !el.readings || memmem(el.fields, el.fields_len, "(uk)", 4) ||
                  memmem(el.fields, el.fields_len, "(P)", 3);
    if (!el.readings) {
      const char *hp = el.headwords, *h, *hm;
      size_t hl, hml;
      while (s >= 0 && rd__edict_next_item(&h, &hl, &hm, &hml, &hp, el.headwords + el.headwords_len))
        if (kana_word(h, hl) && add_compound(&bd, h, hl, h, hl) < 0) s = rd__oom();
      continue;
    }
    /* one kana reading, a compound headword, and the first sense not
     * marked irregular or outdated (cheap tests first: 170,000 lines) */
    const char *rp = el.readings, *r, *rm;
    size_t rl, rml;
    if (!rd__edict_next_item(&r, &rl, &rm, &rml, &rp, el.readings + el.readings_len) ||
        rp < el.readings + el.readings_len || !rd__utf8_all_kana(r, rl))
      continue;
    if (rd__edict_has_tag(rm, rml, "ik") || rd__edict_has_tag(rm, rml, "ok")) continue;
    if (kana_ok && kana_word(r, rl) && add_compound(&bd, r, rl, r, rl) < 0) s = rd__oom();
    const char *hp = el.headwords, *h, *hm;
    size_t hl, hml;
    int first_sense_checked = 0;
    while (s >= 0 && rd__edict_next_item(&h, &hl, &hm, &hml, &hp, el.headwords + el.headwords_len)) {
      if (!compound_headword(h, hl)) continue;
      if (!first_sense_checked++) {
        const char *fp = el.fields;
        rd__edict_field f;
        if (rd__edict_next_field(&f, &fp, el.fields + el.fields_len) &&
            (rd__edict_has_tag(f.tags, f.tags_len, "ik") || rd__edict_has_tag(f.tags, f.tags_len, "ok")))
          break;
      }
      if (add_compound(&bd, h, hl, r, rl) < 0) s = rd__oom();
    }
  }
  if (s >= 0 && !edict_lines)
    s = rd__error(RD_EINVALID, -1, 1, "%s: %s; a compounds file has EDICT lines: HEADWORD [READING] /gloss/",
                  path, len ? "no EDICT line in it" : "empty file");
  free(data);
  if (s >= 0 && !(*out = flatten(&bd, key))) s = rd__oom();
  rd__arena_dispose(&bd.arena);
  free(bd.keys);
  free(bd.vals);
  return s;
}

rd_status rd__compounds_load(rd__compounds **out, const char *path) {
  *out = NULL;
  rd__compounds *c = calloc(1, sizeof *c);
  if (!c) return rd__oom();
  rd_status s = rd__strtab_load(&c->t, &c->from_cache, path, "compounds", CMP_MAGIC, CMP_VERSION, false, compounds_build); /* a key may have no value: ambiguous */
  if (s < 0) { free(c); return s; }
  c->id = rd__edict_table_id();
  *out = c;
  return RD_OK;
}

/* A word that can be part of a compound MeCab failed to see: it has kanji
 * (a particle or auxiliary, 時+に, 後+に, 説明+し, never is) and is no
 * number, symbol or Latin, and no rule or override read it. */
static inline int compound_part(const rd__word *x) {
  return (x->flags & (RD_TOKEN_KANJI | RD_TOKEN_NUMBER | RD_TOKEN_SYMBOL | RD_TOKEN_LATIN | RD_TOKEN_RULE |
                      RD_TOKEN_OVERRIDE)) == RD_TOKEN_KANJI;
}

/* Whether s[0..len) may have at most 6 code points, as every kanji key of
 * the table (compound_headword): a span that has more is not looked up.
 * Kanji and kana are 3 bytes, so up to 18 bytes needs no count. */
static inline int short_enough(const char *s, size_t len) {
  if (len <= 18) return 1;
  if (len > 24) return 0;
  size_t n = 0;
  for (size_t i = 0; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n <= 6;
}

/* Whether r, in hiragana (rd__to_hiragana), is the readings of v[0..k)
 * one after the other ("" for an absent one): asked before making it. */
static int reads_as(const char *r, const rd__word *v, size_t k) {
  size_t m = 0;
  const char *p = "";
  for (;;) {
    while (!*p && m < k) p = v[m++].reading ? v[m - 1].reading : "";
    if (!*p || !*r) return !*p && !*r;
    /* katakana ァ..ヴ (E3 82 A1 .. E3 83 B4) as rd__to_hiragana folds it */
    unsigned char a = (unsigned char)r[0];
    if (a == 0xE3 && r[1] && r[2]) {
      unsigned b = (unsigned char)r[1], c = (unsigned char)r[2];
      uint32_t cp = 0x3000u | ((uint32_t)(b & 0x3F) << 6) | (c & 0x3F);
      if (cp >= 0x30A1 && cp <= 0x30F4) cp -= 0x60;
      char enc[4];
      rd__utf8_encode(cp, enc);
      if (p[0] != enc[0] || !p[1] || p[1] != enc[1] || !p[2] || p[2] != enc[2]) return 0;
      p += 3;
      r += 3;
    } else {
      if (*p != *r) return 0;
      p++;
      r++;
    }
  }
}

/* MeCab splits compounds it does not know (舟 + 下り); where the
 * compounds dictionary lists the whole with one reading different from
 * the parts' readings, the words are joined and read as listed. */
int rd__compounds_join(const rd__rules_env *env, const char *text, rd__words *w, size_t first, uint32_t facts) {
  /* two adjacent kanji words, or no compound to join (0: not known) */
  if (facts && !(facts & RD__SF_KANJI_PAIR)) return 0;
  for (size_t i = first; i < w->n; i++) {
    const rd__word *a = &w->v[i];
    if (!compound_part(a)) continue;
    /* after a number, a kanji word is a counter (9時, 3年後) */
    if (i > first && (w->v[i - 1].flags & RD_TOKEN_NUMBER)) continue;
    /* run: parts from i, each starting where the one before ends (at most 4) */
    size_t run = 1;
    while (run < 4 && i + run < w->n && compound_part(&w->v[i + run]) &&
           w->v[i + run - 1].off + w->v[i + run - 1].len == w->v[i + run].off)
      run++;
    for (size_t k = run; k >= 2; k--) {
      const rd__word *z = &w->v[i + k - 1];
      size_t len = z->off + z->len - a->off;
      if (!short_enough(text + a->off, len)) continue;
      const char *r = rd__compounds_find(env->compounds, text + a->off, len);
      if (!r) continue;
      if (reads_as(r, a, k)) break; /* MeCab agrees: keep its words */
      char *hr = rd__to_hiragana(env->scratch, r, strlen(r));
      if (!hr) return -1;
      size_t olen = 0;
      for (size_t m = i; m < i + k; m++) olen += w->v[m].reading ? strlen(w->v[m].reading) : 0;
      char *orig = rd__arena_alloc(env->scratch, olen + 1);
      if (!orig) return -1;
      orig[0] = '\0';
      for (size_t m = i; m < i + k; m++)
        if (w->v[m].reading) strcat(orig, w->v[m].reading);
      rd__word m = *a;
      m.len = len;
      if (!(m.surface = rd__arena_strndup(env->scratch, text + a->off, len))) return -1;
      m.lemma = m.surface;
      m.infl = NULL;
      m.pron = NULL;
      m.reading = hr;
      m.orig_reading = orig;
      m.rule = "compound";
      m.facts = 0; /* a new surface: its facts are asked again (rd__word_facts) */
      m.flags = (a->flags | RD_TOKEN_RULE | RD_TOKEN_KANJI) & ~(unsigned)RD_TOKEN_UNKNOWN;
      w->v[i] = m;
      memmove(&w->v[i + 1], &w->v[i + k], (w->n - i - k) * sizeof m);
      w->n -= k - 1;
      break;
    }
  }
  return 0;
}
