/* Words MeCab leaves without a usable reading (issue 12, item 6):
 * - hiragana words it splits into single kana (ひ|ら|が|な, かん|た|ん)
 *   are joined again where EDICT has the whole run as a kana word and the
 *   split itself is odd (rule "kana-join");
 * - the iteration marks ゝゞヽヾ repeat the kana before them, voiced for
 *   ゞヾ (rule "iteration-mark"; 々 is rules.c's "repeat-mark");
 * - a kanji word MeCab gives no reading reads by KANJIDIC (rule
 *   "kanjidic"); a character no source reads stays RD_TOKEN_UNKNOWN, its
 *   surface written as is. */
#include <string.h>

#include "analyze_internal.h"
#include "kana_internal.h"
#include "kanjidic.h"

static int pos_is_n(const char *pos, const char *prefix, size_t n) {
  if (!pos) return 0;
  /* inline, not strncmp: asked of every word several times; the first
   * mismatch (at the latest pos's NUL) ends it */
  for (size_t i = 0; i < n; i++)
    if (pos[i] != prefix[i]) return 0;
  return pos[n] == '\0' || pos[n] == ',';
}
/* prefix is a literal: its length is known at compile time (this pass
 * asks it of every hiragana word) */
#define pos_is(x, prefix) pos_is_n((x)->pos, "" prefix, sizeof(prefix) - 1)

/* Whether the word is all hiragana (ー allowed, ゝ ゞ not), and whether it
 * is one such character: bits of its facts, found once per distinct word
 * (decoding each surface here was a third of this pass). */
static int hiragana_word(const rd__word *x) { return (rd__word_facts(x) & RD__WF_HIRAGANA) != 0; }
static int one_hiragana(const rd__word *x) { return (rd__word_facts(x) & RD__WF_ONE_HIRAGANA) != 0; }

/* How strongly one piece of a hiragana run says "MeCab did not know this
 * word": 2 for a single kana no grammar explains (an unknown word, a
 * one-kana common noun, symbol, filler or interjection; a prefix with no
 * noun after it: に|ほん|ご; nominal ん with no copula after it:
 * かん|た|ん|に), 1 for a single kana that is a suffix or an adjective
 * (ひ|ら|が|な: ら, な), 0 otherwise: particles, auxiliaries and one-kana
 * verbs are everyday grammar (し|て|い|る), and so is nominal の (のに). */
static int oddness(const rd__word *x, const rd__word *next) {
  if (x->len != 3 || !one_hiragana(x)) return 0; /* one kana is 3 bytes */
  if (x->flags & RD_TOKEN_UNKNOWN) return 2;
  if (pos_is(x, "名詞,一般") || pos_is(x, "記号") || pos_is(x, "フィラー") || pos_is(x, "感動詞")) return 2;
  if (pos_is(x, "接頭詞")) return next && pos_is(next, "名詞") ? 0 : 2;
  if (pos_is(x, "名詞,非自立") && !strcmp(x->surface, "ん")) return next && pos_is(next, "助動詞") ? 0 : 2;
  if (pos_is(x, "名詞,接尾") || pos_is(x, "形容詞")) return 1;
  return 0;
}

#define KANA_RUN_MAX 6 /* pieces; the keys have at most 8 kana */

static int kana_join(const rd__rules_env *env, const char *text, rd__words *w, size_t first) {
  /* whether each word is all hiragana, once (a run asks it of each word up
   * to six times); refilled after a join, which renumbers the words */
  unsigned char *hk = rd__arena_alloc(env->scratch, w->n - first + 1);
  if (!hk) return -1;
  for (size_t m = first; m < w->n; m++) hk[m - first] = (unsigned char)hiragana_word(&w->v[m]);
  for (size_t i = first; i < w->n; i++) {
    const rd__word *a = &w->v[i];
    if (!hk[i - first] || (a->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE))) continue;
    /* a particle after a noun is really a particle (私は|がっこう) */
    if ((rd__word_facts(a) & RD__WF_PARTICLE_AUX) && i > first && (rd__word_facts(&w->v[i - 1]) & RD__WF_NOUN_FIELD))
      continue;
    size_t last = i; /* the longest run of adjacent hiragana pieces */
    while (last + 1 < w->n && last + 1 < i + KANA_RUN_MAX && w->v[last].off + w->v[last].len == w->v[last + 1].off &&
           hk[last + 1 - first] &&
           !(w->v[last + 1].flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE)))
      last++;
    /* How odd each piece is, once; a run that is not odd enough is not
     * looked up at all (most hiragana runs are particles and endings:
     * looking each up first was most of this pass's time). */
    int odds[KANA_RUN_MAX];
    for (size_t m = i; m <= last; m++) odds[m - i] = oddness(&w->v[m], m + 1 < w->n ? &w->v[m + 1] : NULL);
    for (size_t j = last; j > i; j--) {
      int odd = 0, strong = 0;
      for (size_t m = i; m <= j; m++) {
        odd += odds[m - i] > 0;
        strong |= odds[m - i] == 2;
      }
      if (!(odd >= 2 || strong)) continue;
      size_t len = w->v[j].off + w->v[j].len - a->off;
      if (len > 8 * 3) continue;
      const char *r = rd__compounds_find(env->compounds, text + a->off, len);
      if (!r) continue;
      rd__word m = *a;
      m.len = len;
      if (!(m.surface = rd__arena_strndup(env->scratch, text + a->off, len))) return -1;
      m.lemma = m.surface;
      /* EDICT's kana words are mostly nouns; the glossary looks the
       * surface up whatever the POS says */
      m.pos = "名詞,一般";
      m.pos_class = RD_POS_NOUN;
      m.infl = NULL;
      m.pron = NULL;
      m.reading = m.surface;
      m.orig_reading = NULL;
      m.rule = "kana-join";
      m.flags = (a->flags | RD_TOKEN_RULE) & ~(unsigned)(RD_TOKEN_UNKNOWN | RD_TOKEN_SYMBOL);
      m.cached = 0;
      m.facts = 0; /* a new surface and pos: its facts are asked again */
      w->v[i] = m;
      memmove(&w->v[i + 1], &w->v[j + 1], (w->n - j - 1) * sizeof m);
      w->n -= j - i;
      for (size_t q = i; q < w->n; q++) hk[q - first] = (unsigned char)hiragana_word(&w->v[q]);
      break;
    }
  }
  return 0;
}

/* ゝ ゞ ヽ ヾ as words of their own (MeCab tags them 記号) after a word
 * ending in kana: the kana again, voiced for ゞ ヾ where it can be. */
static int iteration_marks(const rd__rules_env *env, rd__words *w, size_t first) {
  for (size_t i = first + 1; i < w->n; i++) {
    rd__word *x = &w->v[i], *p = &w->v[i - 1];
    if (!(rd__word_facts(x) & RD__WF_ITERATION_MARK) || p->off + p->len != x->off || !p->len) continue;
    uint32_t mark;
    rd__utf8_decode(x->surface, 3, &mark);
    /* the last kana of the previous word, folded to hiragana */
    size_t at = p->len;
    while (at && ((unsigned char)p->surface[at - 1] & 0xC0) == 0x80) at--;
    if (at) at--;
    uint32_t c;
    if (!rd__kana_fold(p->surface + at, p->len - at, &c) || !rd__is_hiragana(c) || c == 0x309D || c == 0x309E)
      continue;
    int voiced = mark == 0x309E || mark == 0x30FE;
    uint32_t v = c;
    if (voiced && ((c >= 0x304B && c <= 0x3061 && (c & 1)) || c == 0x3064 || c == 0x3066 || c == 0x3068 ||
                   (c >= 0x306F && c <= 0x307B && (c - 0x306F) % 3 == 0)))
      v = c + 1;
    char *r = rd__arena_alloc(env->scratch, 5);
    if (!r) return -1;
    r[rd__utf8_encode(v, r)] = '\0';
    if (!(x->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE))) x->orig_reading = x->reading;
    x->reading = r;
    x->rule = "iteration-mark";
    x->flags = (x->flags | RD_TOKEN_RULE) & ~(unsigned)(RD_TOKEN_SYMBOL | RD_TOKEN_UNKNOWN);
  }
  return 0;
}

/* A kanji word with no reading at all: each kanji by KANJIDIC (on'yomi
 * among other kanji, kun'yomi alone; see rd__kanji_fallback_reading), 々
 * as the kanji before it, kana as written. One character no source reads
 * leaves the whole word unread and flagged unknown: a partial reading
 * would put the rest's kana over the wrong characters. */
static int kanjidic_readings(const rd__rules_env *env, rd__words *w, size_t first) {
  for (size_t i = first; i < w->n; i++) {
    rd__word *x = &w->v[i];
    if (x->reading || !(x->flags & RD_TOKEN_KANJI) || (x->flags & (RD_TOKEN_OVERRIDE | RD_TOKEN_EDITORIAL))) continue;
    size_t nk = 0, nchars = 0;
    for (size_t k = 0; k < x->len;) {
      uint32_t c;
      size_t n = rd__utf8_decode(x->surface + k, x->len - k, &c);
      if (!n) break;
      nk += rd__is_kanji(c) && c != 0x3005;
      nchars++;
      k += n;
    }
    /* each character reads as at most 32 kana of 3 bytes */
    char *r = rd__arena_alloc(env->scratch, nchars * 32 * 3 + 1);
    if (!r) return -1;
    size_t rl = 0;
    uint32_t prev[32];
    size_t nprev = 0;
    int ok = 1;
    for (size_t k = 0; k < x->len && ok;) {
      uint32_t c, folded;
      size_t n = rd__utf8_decode(x->surface + k, x->len - k, &c);
      if (!n) { ok = 0; break; }
      uint32_t kr[32];
      size_t m = 0;
      if (c == 0x3005) {
        memcpy(kr, prev, nprev * sizeof *kr);
        m = nprev;
      } else if (rd__is_kanji(c)) {
        m = rd__kanji_fallback_reading(c, nk > 1, kr, 32);
      } else if (rd__kana_fold(x->surface + k, x->len - k, &folded) && rd__kana_is_kana(folded)) {
        kr[0] = folded;
        m = 1;
      }
      if (!m) ok = 0;
      for (size_t q = 0; q < m && ok; q++) rl += rd__utf8_encode(kr[q], r + rl);
      if (c != 0x3005 && rd__is_kanji(c)) {
        memcpy(prev, kr, m * sizeof *kr);
        nprev = m;
      }
      k += n;
    }
    if (!ok || !rl) {
      x->flags |= RD_TOKEN_UNKNOWN; /* written as is, never dropped */
      continue;
    }
    r[rl] = '\0';
    x->orig_reading = NULL;
    x->reading = r;
    x->rule = "kanjidic";
    x->flags = (x->flags | RD_TOKEN_RULE) & ~(unsigned)RD_TOKEN_UNKNOWN;
  }
  return 0;
}

int rd__kana_words_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first, uint32_t facts) {
  /* each rule only where a word of the sentence may take it (0: not known, all) */
  uint32_t any = facts ? facts : ~(uint32_t)0;
  /* a run is joined only where a piece is odd */
  if (env->compounds && (any & RD__WF_ODD_KANA) && kana_join(env, text, w, first) < 0) return -1;
  if ((any & RD__WF_ITERATION_MARK) && iteration_marks(env, w, first) < 0) return -1;
  /* The stub's unknown words are gaps of its tiny lexicon, not of a
   * dictionary: reading them from KANJIDIC would make the stub's golden
   * files depend on the machine's KANJIDIC. */
  if (env->layout == RD__LAYOUT_STUB || !(any & RD__SF_UNREAD)) return 0;
  return kanjidic_readings(env, w, first);
}
