/* Compounds from an EDICT-format dictionary: headwords of 2-6 kanji/kana
 * characters with one regular reading, and the rule that joins words MeCab
 * split (舟 + 下り) where the list reads the whole differently. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h"
#include "edict.h"
#include "readers_internal.h"

static int all_kana(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k || !(rd__is_hiragana(cp) || rd__is_katakana(cp))) return 0;
    i += k;
  }
  return len > 0;
}

/* ---- compounds from an EDICT-format dictionary ------------------------------- */

struct rd__compounds {
  rd__arena arena;
  const char **keys, **vals; /* open addressing; vals[i] == "" marks an ambiguous key */
  size_t cap, n;
};

static uint64_t hash_key(const char *s, size_t len) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ull; }
  return h;
}

void rd__compounds_free(rd__compounds *c) {
  if (!c) return;
  rd__arena_dispose(&c->arena);
  free(c->keys);
  free(c->vals);
  free(c);
}

static size_t slot_of(const rd__compounds *c, const char *s, size_t len) {
  size_t j = hash_key(s, len) & (c->cap - 1);
  while (c->keys[j] && !(strncmp(c->keys[j], s, len) == 0 && c->keys[j][len] == '\0')) j = (j + 1) & (c->cap - 1);
  return j;
}

const char *rd__compounds_find(const rd__compounds *c, const char *s, size_t len) {
  if (!c || !c->cap) return NULL;
  size_t j = slot_of(c, s, len);
  return c->keys[j] && *c->vals[j] ? c->vals[j] : NULL;
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

static int add_compound(rd__compounds *c, const char *k, size_t kl, const char *r, size_t rl) {
  if (c->n * 2 >= c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 1u << 16;
    const char **nk = calloc(cap, sizeof *nk), **nv = calloc(cap, sizeof *nv);
    if (!nk || !nv) { free(nk); free(nv); return -1; }
    for (size_t i = 0; i < c->cap; i++) {
      if (!c->keys[i]) continue;
      size_t j = hash_key(c->keys[i], strlen(c->keys[i])) & (cap - 1);
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
  size_t j = slot_of(c, k, kl);
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
  return 0;
}

rd_status rd__compounds_load(rd__compounds **out, const char *path) {
  *out = NULL;
  char *data;
  size_t len;
  rd_status st = rd__file_read(path, RD__FILE_LIMIT_DEFAULT, &data, &len);
  if (st < 0) return st;
  if ((st = rd__edict_text_utf8(&data, &len, path)) < 0) { free(data); return st; }
  rd__compounds *c = calloc(1, sizeof *c);
  if (!c) { free(data); return rd__oom(); }
  rd__arena_init(&c->arena);
  /* Lines in EDICT's grammar (edict.c) with a reading; irregular (ik)
   * and outdated (ok) kana readings are not used. A file with no EDICT
   * line (an empty, binary or wrong file) is refused: silently reading no
   * compounds would look like success. */
  size_t i = 0, edict_lines = 0;
  while (i < len && st >= 0) {
    char *nl = memchr(data + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - data) : len;
    const char *l = data + i;
    size_t ll = e - i;
    i = e + 1;
    if (ll && l[ll - 1] == '\r') ll--;
    rd__edict_line el;
    if (!rd__edict_parse_line(&el, l, ll)) continue;
    edict_lines++;
    if (!el.readings) continue;
    /* one kana reading, a compound headword, and the first sense not
     * marked irregular or outdated (cheap tests first: 170,000 lines) */
    const char *rp = el.readings, *r, *rm;
    size_t rl, rml;
    if (!rd__edict_next_item(&r, &rl, &rm, &rml, &rp, el.readings + el.readings_len) ||
        rp < el.readings + el.readings_len || !all_kana(r, rl))
      continue;
    if (rd__edict_has_tag(rm, rml, "ik") || rd__edict_has_tag(rm, rml, "ok")) continue;
    const char *hp = el.headwords, *h, *hm;
    size_t hl, hml;
    int first_sense_checked = 0;
    while (st >= 0 && rd__edict_next_item(&h, &hl, &hm, &hml, &hp, el.headwords + el.headwords_len)) {
      if (!compound_headword(h, hl)) continue;
      if (!first_sense_checked++) {
        const char *fp = el.fields;
        rd__edict_field f;
        if (rd__edict_next_field(&f, &fp, el.fields + el.fields_len) &&
            (rd__edict_has_tag(f.tags, f.tags_len, "ik") || rd__edict_has_tag(f.tags, f.tags_len, "ok")))
          break;
      }
      if (add_compound(c, h, hl, r, rl) < 0) st = rd__oom();
    }
  }
  if (st >= 0 && !edict_lines)
    st = rd__error(RD_EINVALID, -1, 1, "%s: %s; a compounds file has EDICT lines: HEADWORD [READING] /gloss/",
                   path, len ? "no EDICT line in it" : "empty file");
  free(data);
  if (st < 0) { rd__compounds_free(c); return st; }
  *out = c;
  return RD_OK;
}

/* MeCab splits compounds it does not know (舟 + 下り); where the
 * compounds dictionary lists the whole with one reading different from
 * the parts' readings, the words are joined and read as listed. */
int rd__compounds_join(const rd__rules_env *env, const char *text, rd__words *w, size_t first) {
  for (size_t i = first; i < w->n; i++) {
    const rd__word *a = &w->v[i];
    if (!(a->flags & RD_TOKEN_KANJI)) continue;
    /* after a number, a kanji word is a counter (9時, 3年後) */
    if (i > first && (w->v[i - 1].flags & RD_TOKEN_NUMBER)) continue;
    for (size_t k = 4; k >= 2; k--) {
      if (i + k > w->n) continue;
      int ok = 1;
      for (size_t m = i; m < i + k && ok; m++) {
        const rd__word *x = &w->v[m];
        /* Every part has kanji: a particle or auxiliary (時+に, 後+に,
         * 説明+し) is never part of a compound MeCab failed to see. */
        if (!(x->flags & RD_TOKEN_KANJI) ||
            (x->flags & (RD_TOKEN_NUMBER | RD_TOKEN_SYMBOL | RD_TOKEN_LATIN | RD_TOKEN_RULE | RD_TOKEN_OVERRIDE)))
          ok = 0;
        if (m > i && w->v[m - 1].off + w->v[m - 1].len != x->off) ok = 0;
      }
      if (!ok) continue;
      const rd__word *z = &w->v[i + k - 1];
      size_t len = z->off + z->len - a->off;
      const char *r = rd__compounds_find(env->compounds, text + a->off, len);
      if (!r) continue;
      size_t olen = 0;
      for (size_t m = i; m < i + k; m++) olen += w->v[m].reading ? strlen(w->v[m].reading) : 0;
      char *orig = rd__arena_alloc(env->scratch, olen + 1);
      if (!orig) return -1;
      orig[0] = '\0';
      for (size_t m = i; m < i + k; m++)
        if (w->v[m].reading) strcat(orig, w->v[m].reading);
      char *hr = rd__to_hiragana(env->scratch, r, strlen(r));
      if (!hr) return -1;
      if (!strcmp(orig, hr)) break; /* MeCab agrees: keep its words */
      rd__word m = *a;
      m.len = len;
      if (!(m.surface = rd__arena_strndup(env->scratch, text + a->off, len))) return -1;
      m.lemma = m.surface;
      m.infl = NULL;
      m.pron = NULL;
      m.reading = hr;
      m.orig_reading = orig;
      m.rule = "compound";
      m.flags = (a->flags | RD_TOKEN_RULE | RD_TOKEN_KANJI) & ~(unsigned)RD_TOKEN_UNKNOWN;
      w->v[i] = m;
      memmove(&w->v[i + 1], &w->v[i + k], (w->n - i - k) * sizeof m);
      w->n -= k - 1;
      break;
    }
  }
  return 0;
}

