/* Rendaku (sequential voicing) in noun + noun compounds MeCab reads as two
 * words: タクシー + 会社 かいしゃ -> がいしゃ, 滝 + 桜 さくら -> ざくら. A
 * second part is voiced where EDICT lists the whole with the voiced
 * reading, or where it is a head that voices in compounds (rendaku_data.c,
 * derived from EDICT) and neither Lyman's law, EDICT nor an exception says
 * otherwise. One MeCab word whose reading EDICT gives voiced at one kana
 * inside it is corrected the same way, and a compound the compounds rule
 * joined (証券 + 会社 しょうけんがいしゃ) is named rendaku when voicing is
 * all that changed. Runs after the compounds rule. Every change is named
 * "rendaku" and keeps MeCab's reading. */
#include <string.h>

#include "analyze_internal.h"
#include "kana_internal.h"

/* The voiced kana of c (か -> が, ち -> ぢ, は -> ば), or 0. */
static uint32_t voiced_of(uint32_t c) {
  if (c >= 0x304B && c <= 0x3061 && (c & 1)) return c + 1;      /* か..ち */
  if (c == 0x3064 || c == 0x3066 || c == 0x3068) return c + 1; /* つ て と */
  if (c >= 0x306F && c <= 0x307B && (c - 0x306F) % 3 == 0) return c + 1; /* は..ほ */
  return 0;
}

bool rd__has_voiced_obstruent(const char *r) {
  size_t n = strlen(r);
  for (size_t i = 0; i < n;) {
    uint32_t c;
    size_t k = rd__utf8_decode(r + i, n - i, &c);
    if (!k) return false;
    if ((c >= 0x304C && c <= 0x3062 && !(c & 1)) || c == 0x3065 || c == 0x3067 || c == 0x3069 ||
        (c >= 0x3070 && c <= 0x307D && (c - 0x3070) % 3 == 0) || c == 0x3094)
      return true;
    i += k;
  }
  return false;
}

/* r with its first kana voiced, in the arena; NULL if it cannot be voiced
 * (or on OOM: *oom set). */
static char *voice_first(rd__arena *a, const char *r, int *oom) {
  uint32_t c;
  size_t n = strlen(r), k = rd__utf8_decode(r, n, &c);
  uint32_t v = k == 3 ? voiced_of(c) : 0;
  if (!v) return NULL;
  char *out = rd__arena_alloc(a, n + 1);
  if (!out) { *oom = 1; return NULL; }
  memcpy(out, r, n + 1);
  rd__utf8_encode(v, out);
  return out;
}


static int in_list(const char *const *v, size_t n, const char *s, size_t len) {
  for (size_t i = 0; i < n; i++)
    if (strlen(v[i]) == len && !memcmp(v[i], s, len)) return 1;
  return 0;
}

static void set_rendaku(rd__word *x, const char *reading) {
  if (!(x->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE))) x->orig_reading = x->reading;
  x->reading = reading;
  x->rule = "rendaku";
  x->flags |= RD_TOKEN_RULE;
  x->flags &= ~(unsigned)RD_TOKEN_UNKNOWN;
}

/* strcmp(a, b) == 0 without a call: the heads are tried in turn, and
 * nearly all differ from the word in the second or third byte. */
static inline int str_eq(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

const rd__rendaku_head *rd__rendaku_head_find(const char *surface, const char *reading) {
  /* asked only of a word whose facts say it is a head (rules_facts.c) */
  for (size_t i = 0; i < rd__nrendaku_heads; i++) {
    const rd__rendaku_head *h = &rd__rendaku_heads[i];
    if (str_eq(h->head, surface) && str_eq(h->plain, reading)) return h;
  }
  return NULL;
}

bool rd__rendaku_one_voicing(const char *plain, const char *voiced) {
  size_t n = strlen(plain);
  if (strlen(voiced) != n) return false;
  int diffs = 0;
  for (size_t i = 0; i < n;) {
    uint32_t a, b;
    size_t k = rd__utf8_decode(plain + i, n - i, &a), k2 = rd__utf8_decode(voiced + i, n - i, &b);
    if (!k || k != k2) return false;
    if (a != b && (i == 0 || voiced_of(a) != b || diffs++)) return false;
    i += k;
  }
  return diffs == 1;
}

/* One MeCab word EDICT reads with one kana voiced, not the first: the
 * dictionary's compound reading wins (入り口 いりくち -> いりぐち). */
static int fix_inner_voicing(const rd__rules_env *env, rd__word *x) {
  if (!(x->flags & RD_TOKEN_KANJI) || (x->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE | RD_TOKEN_NUMBER)) ||
      x->len < 6 || !x->reading || !*x->reading)
    return 0;
  /* a content noun (RD__WF_CONTENT_NOUN: not a numeral, pronoun or
   * dependent noun); IPADIC's reading of a name is the name's (大鹿 おおしか,
   * the village; EDICT's おおじか is the animal) */
  if ((rd__word_facts(x) & (RD__WF_CONTENT_NOUN | RD__WF_PROPER)) != RD__WF_CONTENT_NOUN) return 0;
  const char *r = rd__compounds_find(env->compounds, x->surface, x->len);
  if (!r || !strcmp(r, x->reading)) return 0; /* most often EDICT agrees with MeCab: nothing to convert */
  char *e = rd__to_hiragana(env->scratch, r, strlen(r));
  if (!e) return -1;
  if (rd__rendaku_one_voicing(x->reading, e)) set_rendaku(x, e);
  return 0;
}

/* The pair w[i-1] + w[i]: voice the second part (rule "rendaku"). -1 on
 * OOM. */
static int voice_pair(const rd__rules_env *env, const char *text, rd__words *w, size_t i) {
  const rd__word *a = &w->v[i - 1];
  rd__word *b = &w->v[i];
  /* cheap tests first: the second part is a kanji noun MeCab read */
  if (!(b->flags & RD_TOKEN_KANJI) ||
      (b->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE | RD_TOKEN_NUMBER | RD_TOKEN_EDITORIAL)) || !b->reading ||
      !*b->reading || a->off + a->len != b->off)
    return 0;
  /* all kanji (no ヶ ヵ, counters) and a content noun; the first part
   * the same, or all katakana (タクシー + 会社) */
  uint32_t bf = rd__word_facts(b);
  if ((bf & (RD__WF_KANJI_ONLY | RD__WF_CONTENT_NOUN)) != (RD__WF_KANJI_ONLY | RD__WF_CONTENT_NOUN)) return 0;
  if ((a->flags & (RD_TOKEN_NUMBER | RD_TOKEN_SYMBOL | RD_TOKEN_LATIN)) || !a->reading || !*a->reading) return 0;
  uint32_t af = rd__word_facts(a);
  if (!(af & RD__WF_CONTENT_NOUN) || !(af & (RD__WF_KANJI_ONLY | RD__WF_ALL_KATAKANA))) return 0;
  /* Names keep lexical readings: no rule when the second part is a name
   * (滝 + 桜 tagged surname + given name is a person), nor after the
   * name of a thing or an organisation, often one MeCab cut short
   * (祇園山 + 笠 of 祇園山笠 やまかさ). A surname or place first part is
   * allowed: IPADIC tags many plain nouns so (滝 + 桜 ざくら). */
  if ((bf & RD__WF_PROPER) || (af & RD__WF_PROPER_GEN_ORG)) return 0;
  if (rd__has_voiced_obstruent(b->reading)) return 0; /* Lyman's law: 大風 おおかぜ */
  int oom = 0;
  char *v = voice_first(env->scratch, b->reading, &oom);
  if (oom) return -1;
  if (!v) return 0;
  size_t len = b->off + b->len - a->off;
  const char *listed = env->compounds ? rd__compounds_find(env->compounds, text + a->off, len) : NULL;
  if (listed) {
    /* EDICT knows the compound: voiced as it says, or not at all (a
     * reading other than the parts' is the compounds rule's). */
    char *e = rd__to_hiragana(env->scratch, listed, strlen(listed));
    if (!e) return -1;
    size_t al = strlen(a->reading);
    if (!strncmp(e, a->reading, al) && !strcmp(e + al, v)) set_rendaku(b, v);
    return 0;
  }
  if (!(bf & RD__WF_RENDAKU_HEAD) || !rd__rendaku_head_find(b->surface, b->reading)) return 0;
  /* b starting a compound EDICT lists (ライン + 舟下り ふなくだり) was
   * the compounds rule's; its parts are left as they are. */
  if (env->compounds && i + 1 < w->n && b->off + b->len == w->v[i + 1].off &&
      rd__compounds_find(env->compounds, text + b->off, w->v[i + 1].off + w->v[i + 1].len - b->off))
    return 0;
  if (in_list(rd__rendaku_no_compounds, rd__nrendaku_no_compounds, text + a->off, len) ||
      in_list(rd__rendaku_no_first, rd__nrendaku_no_first, a->surface, a->len))
    return 0;
  set_rendaku(b, v);
  return 0;
}

int rd__rendaku_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first, uint32_t facts) {
  /* every rule here is about a content noun or a word the compounds rule
   * made (0: the facts are not known, all run) */
  uint32_t any = facts ? facts : ~(uint32_t)0;
  if (!(any & (RD__WF_CONTENT_NOUN | RD__SF_RULED))) return 0;
  int pairs = (any & RD__WF_CONTENT_NOUN) != 0;
  /* One walk: a word is corrected alone before the pair it ends is asked
   * (the pair reads its reading and flags, the word nothing of the next). */
  for (size_t i = first; i < w->n; i++) {
    rd__word *x = &w->v[i];
    /* A compound the compounds rule joined (証券 + 会社, one word, so its
     * gloss is the compound's) whose reading only voices a later part. */
    if (!(x->flags & RD_TOKEN_KANJI)) continue; /* every rule here voices a word with kanji */
    if (x->rule && !strcmp(x->rule, "compound") && x->orig_reading && rd__rendaku_one_voicing(x->orig_reading, x->reading))
      x->rule = "rendaku";
    else if (env->compounds && fix_inner_voicing(env, x) < 0)
      return -1;
    if (pairs && i > first && voice_pair(env, text, w, i) < 0) return -1;
  }
  return 0;
}
