/* The word layer: groups an annotated sentence's tokens into the words a
 * learner and a dictionary see (longest EDICT match across tokens, a verb
 * with its auxiliaries, a number with its counter) and glosses each with
 * its best-ranked entry. Built over the public token API and glossary
 * look-ups only. Invariant: a sentence's words cover its tokens in order,
 * each token in exactly one word; every string lives in the doc's arena. */
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "kana_internal.h"
#include "reader/glossary.h"
#include "reader/word.h"
#include "words_internal.h"

#define MAX_GLOSSES 10  /* as rd_doc_gloss: enough to read, not a dictionary page */
#define MAX_STEPS 8
#define DEFAULT_SPAN 8

struct rd_word {
  const rd_node *sentence;
  const rd__token *first; /* tokens first[0..ntok): consecutive in their array */
  size_t ntok;
  const char *surface, *lemma, *reading, *infl_text;
  const char **steps;
  size_t nsteps;
  const char **glosses;
  size_t ngloss;
  rd_pos pos;
  bool name, content;
};

/* ---- small string helpers ------------------------------------------------------ */

static const char *tok_text(const rd__token *t) { return t->lex->surface ? t->lex->surface : ""; }
static const rd_node *tok_node(const rd__token *t) { return (const rd_node *)(const void *)t; }
static int starts(const char *s, const char *prefix) { return s && !strncmp(s, prefix, strlen(prefix)); }

/* Whether every character is kana (hiragana, katakana, ー). */
static int all_kana(const char *s) {
  size_t l = strlen(s);
  if (!l) return 0;
  while (l) {
    uint32_t c;
    size_t n = rd__kana_fold(s, l, &c);
    if (!n || !rd__kana_is_kana(c)) return 0;
    s += n; l -= n;
  }
  return 1;
}

/* Hiragana copy (malloc) of a kana string; NULL on OOM. */
static char *hira_dup(const char *s) {
  size_t l = strlen(s);
  char *r = malloc(l + 1);
  if (!r) return NULL;
  memcpy(r, s, l + 1);
  rd__kana_to_hiragana_inplace(r, l);
  return r;
}

/* Unvoiced form of a folded kana (が -> か, ぱ -> は), else itself. */
static uint32_t unvoice(uint32_t c) {
  if (c >= 0x304C && c <= 0x3062 && (c % 2) == 0) return c - 1;   /* が..ぢ */
  if (c >= 0x3065 && c <= 0x3069 && (c % 2) == 1) return c - 1;   /* づ..ど */
  if (c >= 0x3070 && c <= 0x307D) return c - ((c - 0x306F) % 3); /* ば ぱ .. ぼ ぽ */
  return c;
}

/* Whether an EDICT reading agrees with the readings of the tokens of a
 * span: equal after folding katakana, allowing rendaku on the first kana
 * of a later token (取引+所 しょ -> とりひきじょ) and a geminate っ for the
 * last kana of an earlier one (つ く ち き). */
static int reading_agrees(const char *entry, const char *const *parts, size_t nparts) {
  size_t el = strlen(entry);
  for (size_t p = 0; p < nparts; p++) {
    const char *s = parts[p];
    size_t sl = strlen(s), ci = 0;
    while (sl) {
      uint32_t a, b;
      size_t na = rd__kana_fold(s, sl, &a);
      if (!na || !el) return 0;
      size_t nb = rd__kana_fold(entry, el, &b);
      if (!nb) return 0;
      int last = na == sl;
      int ok = a == b || (ci == 0 && p > 0 && unvoice(a) == unvoice(b)) ||
               (last && p + 1 < nparts && b == 0x3063 && (a == 0x3064 || a == 0x304F || a == 0x3061 || a == 0x304D));
      if (!ok) return 0;
      s += na; sl -= na; entry += nb; el -= nb; ci++;
    }
  }
  return el == 0;
}

/* Reading of a head token's dictionary form: the surface's kana tail is
 * cut from the reading and the lemma's appended (盗ま ぬすま, 盗む -> ぬすむ).
 * 来 (き/こ) is read くる. Malloc'ed hiragana, or NULL when unknown. */
static char *lemma_reading(const char *lemma, const char *surface, const char *reading) {
  if (!lemma || !surface) return NULL;
  if (!strcmp(lemma, "来る")) return hira_dup("くる");
  if (all_kana(lemma)) return hira_dup(lemma);
  if (!reading || !*reading) return NULL;
  if (!strcmp(lemma, surface)) return hira_dup(reading);
  size_t p = 0;
  while (lemma[p] && lemma[p] == surface[p]) p++;
  while (p && ((unsigned char)lemma[p] & 0xC0) == 0x80) p--;
  if (p == 0) return NULL;
  const char *stail = surface + p, *ltail = lemma + p;
  if ((*stail && !all_kana(stail)) || (*ltail && !all_kana(ltail))) return NULL;
  char *r = hira_dup(reading), *st = hira_dup(stail);
  if (!r || !st) { free(r); free(st); return NULL; }
  size_t rl = strlen(r), sl = strlen(st), ll = strlen(ltail);
  char *out = NULL;
  if (sl <= rl && !strcmp(r + rl - sl, st) && (out = malloc(rl - sl + ll + 1))) {
    memcpy(out, r, rl - sl);
    memcpy(out + rl - sl, ltail, ll + 1);
    rd__kana_to_hiragana_inplace(out, rl - sl + ll);
  }
  free(r);
  free(st);
  return out;
}

/* ---- sense ranking ---------------------------------------------------------------- */

static int has_tag(const rd_gloss_entry *e, const char *tag) {
  for (size_t i = 0; i < rd_gloss_entry_tag_count(e); i++)
    if (!strcmp(rd_gloss_entry_tag_at(e, i), tag)) return 1;
  return 0;
}
static int has_tag_prefix(const rd_gloss_entry *e, const char *prefix) {
  for (size_t i = 0; i < rd_gloss_entry_tag_count(e); i++)
    if (starts(rd_gloss_entry_tag_at(e, i), prefix)) return 1;
  return 0;
}

/* What a word asks of an entry's part of speech. */
typedef struct want {
  rd_pos pos;
  const char *conj; /* IPADIC conjugation type ("五段・マ行"), or "" */
} want;

/* 2: EDICT's tag is the word's conjugation class (五段 v5*, 一段 v1, カ変 vk,
 * サ変 vs-*, 形容詞 adj-i); 1: the coarse class fits; 0: it does not. */
static int pos_agreement(const rd_gloss_entry *e, const want *w) {
  const char *c = w->conj ? w->conj : "";
  switch (w->pos) {
  case RD_POS_VERB:
    if ((starts(c, "五段") && has_tag_prefix(e, "v5")) || (starts(c, "一段") && has_tag_prefix(e, "v1")) ||
        (starts(c, "カ変") && has_tag(e, "vk")) || (starts(c, "サ変") && has_tag_prefix(e, "vs")))
      return 2;
    return has_tag_prefix(e, "v1") || has_tag_prefix(e, "v5") || has_tag(e, "vk") || has_tag_prefix(e, "vs-") ||
           has_tag_prefix(e, "v2") || has_tag_prefix(e, "v4") || has_tag(e, "vz");
  case RD_POS_ADJECTIVE: return has_tag_prefix(e, "adj-i") ? 2 : 0;
  case RD_POS_ADJECTIVAL_NOUN: return has_tag(e, "adj-na") ? 2 : has_tag(e, "n") || has_tag(e, "adj-no");
  case RD_POS_NOUN: case RD_POS_PROPER_NOUN: case RD_POS_PRONOUN: case RD_POS_NUMBER:
    return has_tag(e, "n") || has_tag_prefix(e, "n-") || has_tag(e, "pn") || has_tag(e, "num") ? 2
           : has_tag(e, "adj-no") || has_tag(e, "adj-na") || has_tag(e, "vs");
  case RD_POS_ADVERB: return has_tag_prefix(e, "adv") ? 2 : 0;
  case RD_POS_ADNOMINAL: return has_tag(e, "adj-pn") ? 2 : 0;
  case RD_POS_CONJUNCTION: return has_tag(e, "conj") ? 2 : 0;
  case RD_POS_INTERJECTION: return has_tag(e, "int") ? 2 : 0;
  case RD_POS_PREFIX: return has_tag(e, "pref") || has_tag(e, "n-pref") ? 2 : 0;
  case RD_POS_SUFFIX: return has_tag(e, "suf") || has_tag(e, "n-suf") || has_tag(e, "ctr") ? 2 : 0;
  case RD_POS_PARTICLE: return has_tag(e, "prt") ? 2 : 0;
  case RD_POS_AUXILIARY: return has_tag_prefix(e, "aux") || has_tag(e, "cop") || has_tag(e, "cop-da") ? 2 : 0;
  default: return 1;
  }
}

/* Register tags that make an entry an unlikely reading of news text. */
static int marked(const rd_gloss_entry *e) {
  static const char *const tags[] = {"arch", "obs", "obsc", "derog", "vulg", "col", "sl", "rare", "male-sl", "X",
                                     "ksb:", "kyb:", "osb:", "thb:", "hob:", NULL};
  int n = 0;
  for (size_t i = 0; tags[i]; i++) n += has_tag(e, tags[i]);
  return n;
}

/* Score of an entry for a word written `written`: part of speech first,
 * then EDICT's common mark, "usually kana" for a word written in kana,
 * the headword as written, and register marks against. */
static int entry_rank(const rd_gloss_entry *e, const want *w, const char *written) {
  int agree = pos_agreement(e, w);
  int s = 8 * agree;
  if (rd_gloss_entry_is_common(e)) s += 3;
  if (all_kana(written) && has_tag(e, "uk")) s += 3;
  if (!strcmp(rd_gloss_entry_word(e), written)) s += 1;
  s -= 4 * marked(e);
  return s;
}

/* The best entry for a word, or NULL. Particles and auxiliaries take only
 * entries EDICT tags as such, so の is never "field". */
static const rd_gloss_entry *best_entry(const rd_gloss_result *r, const want *w, const char *written) {
  const rd_gloss_entry *best = NULL;
  int best_score = 0;
  for (size_t i = 0; i < rd_gloss_result_count(r); i++) {
    const rd_gloss_entry *e = rd_gloss_result_at(r, i);
    if ((w->pos == RD_POS_PARTICLE || w->pos == RD_POS_AUXILIARY) && !pos_agreement(e, w)) continue;
    int s = entry_rank(e, w, written);
    if (!best || s > best_score) { best = e; best_score = s; }
  }
  return best;
}

/* ---- building --------------------------------------------------------------------- */

typedef struct builder {
  rd_doc *doc;
  const rd_glossary *gl;
  unsigned flags, max_span;
  rd_word *w;   /* malloc'ed, grown */
  size_t n, cap;
  rd_status st;
} builder;

static const char *intern(builder *b, const char *s) {
  if (!s) return NULL;
  const char *r = rd__doc_intern(b->doc, s, strlen(s));
  if (!r) b->st = rd__oom();
  return r;
}

static rd_word *push(builder *b, const rd_node *sentence, const rd__token *first, size_t ntok) {
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    rd_word *nw = realloc(b->w, cap * sizeof *nw);
    if (!nw) { b->st = rd__oom(); return NULL; }
    b->w = nw;
    b->cap = cap;
  }
  rd_word *w = &b->w[b->n++];
  memset(w, 0, sizeof *w);
  w->sentence = sentence;
  w->first = first;
  w->ntok = ntok;
  return w;
}

/* Concatenate the surfaces of t[0..n). Malloc'ed. */
static char *join_surfaces(const rd__token *t, size_t n) {
  size_t total = 0;
  for (size_t i = 0; i < n; i++) total += strlen(tok_text(&t[i]));
  char *s = malloc(total + 1), *p = s;
  if (!s) return NULL;
  for (size_t i = 0; i < n; i++) {
    const char *x = tok_text(&t[i]);
    size_t l = strlen(x);
    memcpy(p, x, l);
    p += l;
  }
  *p = '\0';
  return s;
}

static void set_glosses(builder *b, rd_word *w, const char *const *g, size_t n) {
  if (n > MAX_GLOSSES) n = MAX_GLOSSES;
  if (!n) return;
  w->glosses = rd__arena_alloc(&b->doc->arena, n * sizeof *w->glosses);
  if (!w->glosses) { b->st = rd__oom(); return; }
  for (size_t i = 0; i < n; i++) w->glosses[i] = intern(b, g[i]);
  w->ngloss = n;
}

static void set_entry_glosses(builder *b, rd_word *w, const rd_gloss_entry *e) {
  const char *g[MAX_GLOSSES];
  size_t n = rd_gloss_entry_gloss_count(e);
  if (n > MAX_GLOSSES) n = MAX_GLOSSES;
  for (size_t i = 0; i < n; i++) g[i] = rd_gloss_entry_gloss_at(e, i);
  set_glosses(b, w, g, n);
}

/* Grammar glosses from the table, if the word's head matches a row. */
static int grammar_glosses(builder *b, rd_word *w, const char *lemma, const char *pos) {
  for (size_t i = 0; i < rd__grammar_gloss_count; i++) {
    const rd__grammar_gloss *gg = &rd__grammar_glosses[i];
    if (strcmp(gg->lemma, lemma) || !starts(pos, gg->pos)) continue;
    const char *g[MAX_GLOSSES];
    char buf[256];
    size_t n = 0, l = strlen(gg->glosses);
    if (l >= sizeof buf) l = sizeof buf - 1;
    memcpy(buf, gg->glosses, l);
    buf[l] = '\0';
    for (char *p = buf; p && n < MAX_GLOSSES;) {
      char *slash = strchr(p, '/');
      if (slash) *slash = '\0';
      g[n++] = p;
      p = slash ? slash + 1 : NULL;
    }
    set_glosses(b, w, g, n);
    return 1;
  }
  return 0;
}

/* Choose the entry for a word (lemma, its reading, its part of speech) and
 * copy its glosses; a kana lemma of a word EDICT writes in kanji and not
 * "usually kana" takes the headword (くる -> 来る). */
static void gloss_word(builder *b, rd_word *w, const char *lemma, const char *reading, const want *wt,
                       const char *pos_detail) {
  if (grammar_glosses(b, w, lemma, pos_detail) || !b->gl) return;
  rd_gloss_result *r;
  rd_status st = rd_glossary_lookup(&r, b->gl, lemma, reading);
  if (st < 0) { b->st = st; return; }
  const rd_gloss_entry *e = best_entry(r, wt, lemma);
  if (e) {
    set_entry_glosses(b, w, e);
    const char *hw = rd_gloss_entry_word(e);
    if (all_kana(lemma) && !all_kana(hw) && !has_tag(e, "uk") && wt->pos != RD_POS_PARTICLE &&
        wt->pos != RD_POS_AUXILIARY)
      w->lemma = intern(b, hw);
    if (!w->reading) {
      char *hr = hira_dup(rd_gloss_entry_reading(e));
      if (!hr) { b->st = rd__oom(); } else { w->reading = intern(b, hr); free(hr); }
    }
  }
  rd_gloss_result_free(r);
}

/* Token classes that may be part of a dictionary compound. */
static int compound_part(const rd__token *t) {
  if (t->lex->flags & (RD_TOKEN_SYMBOL | RD_TOKEN_NUMBER)) return 0;
  switch (t->lex->pos_class) {
  case RD_POS_NOUN: case RD_POS_PROPER_NOUN: case RD_POS_PREFIX: case RD_POS_SUFFIX: case RD_POS_ADJECTIVAL_NOUN:
  case RD_POS_OTHER: return 1;
  default: return 0;
  }
}

static const char *tok_reading(const rd__token *t) {
  const char *r = t->lex->reading;
  if (r && *r) return r;
  const char *s = tok_text(t);
  return all_kana(s) ? s : NULL;
}

/* The longest span t[0..k) (2 <= k <= n) that EDICT lists with a reading
 * that agrees with the tokens'; 0 if none. *out gets the entry. */
static size_t dictionary_match(builder *b, const rd__token *t, size_t n, const rd_gloss_entry **out) {
  size_t lim = 0;
  while (lim < n && lim < b->max_span && compound_part(&t[lim]) && tok_reading(&t[lim])) lim++;
  for (size_t k = lim; k >= 2; k--) {
    char *s = join_surfaces(t, k);
    if (!s) { b->st = rd__oom(); return 0; }
    rd_gloss_result *r;
    rd_status st = rd_glossary_lookup(&r, b->gl, s, NULL);
    free(s);
    if (st < 0) { b->st = st; return 0; }
    const char *parts[64];
    for (size_t i = 0; i < k; i++) parts[i] = tok_reading(&t[i]);
    want wt = {RD_POS_NOUN, ""};
    const rd_gloss_entry *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < rd_gloss_result_count(r); i++) {
      const rd_gloss_entry *e = rd_gloss_result_at(r, i);
      if (!reading_agrees(rd_gloss_entry_reading(e), parts, k)) continue;
      int sc = entry_rank(e, &wt, "");
      if (!best || sc > best_score) { best = e; best_score = sc; }
    }
    rd_gloss_result_free(r);
    if (best) { *out = best; return k; }
  }
  return 0;
}

/* The inflection step a token adds after the tokens before it, or NULL. */
static const rd__infl_step *step_of(const rd__token *t, const rd__token *prev, rd_pos head_pos) {
  const char *lemma = t->lex->lemma, *pos = t->lex->pos, *infl = t->lex->infl ? t->lex->infl : "";
  const char *comma = strchr(infl, ',');
  const char *form = comma ? comma + 1 : "";
  for (size_t i = 0; i < rd__infl_step_count; i++) {
    const rd__infl_step *s = &rd__infl_steps[i];
    if (!lemma || strcmp(lemma, s->lemma) || !starts(pos, s->pos)) continue;
    if (s->type && !starts(infl, s->type)) continue;
    if (s->form && !starts(form, s->form)) continue;
    if (s->flags & RD__STEP_AFTER_ADJ) {
      int ok = head_pos == RD_POS_ADJECTIVE || (prev->lex->lemma && !strcmp(prev->lex->lemma, "ん")) ||
               (prev->lex->pos_class == RD_POS_ADJECTIVE);
      if (!ok) continue;
    }
    return s;
  }
  return NULL;
}

static int is_copula(const rd__token *t) {
  const char *l = t->lex->lemma;
  return t->lex->pos_class == RD_POS_AUXILIARY && l && (!strcmp(l, "だ") || !strcmp(l, "です"));
}

/* A verb, adjective or copula with the auxiliaries and endings after it:
 * the number of tokens joined (>= 1) and the steps' names. */
static size_t inflection_span(const rd__token *t, size_t n, const char **steps, size_t *nsteps) {
  *nsteps = 0;
  rd_pos hp = t[0].lex->pos_class;
  if (hp != RD_POS_VERB && hp != RD_POS_ADJECTIVE && !is_copula(&t[0])) return 1;
  size_t k = 1;
  while (k < n) {
    const rd__infl_step *s = step_of(&t[k], &t[k - 1], hp);
    if (!s) break;
    if ((s->flags & RD__STEP_AFTER_TE) && *nsteps && !strcmp(steps[*nsteps - 1], "te-form")) (*nsteps)--;
    else if (s->flags & RD__STEP_AFTER_TE) break; /* いる without て is its own verb */
    int dup = 0;
    for (size_t i = 0; i < *nsteps; i++) dup |= !strcmp(steps[i], s->name);
    if (!dup && *nsteps < MAX_STEPS) steps[(*nsteps)++] = s->name;
    k++;
  }
  return k;
}

/* A number (482, 億) with the counter after it (円), or 0. */
static size_t number_span(const rd__token *t, size_t n) {
  size_t k = 0;
  while (k < n && (t[k].lex->pos_class == RD_POS_NUMBER || (t[k].lex->flags & RD_TOKEN_NUMBER)) &&
         t[k].lex->pos_class != RD_POS_SYMBOL)
    k++;
  if (!k) return 0;
  /* IPADIC tags 月 after a digit as a plain noun, not a counter */
  if (k < n && (starts(t[k].lex->pos, "名詞,接尾,助数詞") || !strcmp(tok_text(&t[k]), "月"))) k++;
  return k;
}

static int latin_or_digits(const char *s) {
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c >= 0x80) {
      uint32_t cp;
      size_t l = rd__utf8_decode(s, strlen(s), &cp);
      if (!l) return 0;
      int fw = (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A);
      if (!fw) return 0;
      s += l - 1;
    }
  }
  return 1;
}

static int starts_with_digit(const char *s) {
  uint32_t cp;
  return rd__utf8_decode(s, strlen(s), &cp) && rd__is_digit(cp);
}

static void finish_word(builder *b, rd_word *w, const char *const *steps, size_t nsteps) {
  char *surf = join_surfaces(w->first, w->ntok);
  if (!surf) { b->st = rd__oom(); return; }
  w->surface = intern(b, surf);
  free(surf);
  if (!w->lemma) w->lemma = w->surface;
  w->steps = NULL;
  w->nsteps = 0;
  w->infl_text = intern(b, "");
  if (nsteps) {
    w->steps = rd__arena_alloc(&b->doc->arena, nsteps * sizeof *w->steps);
    if (!w->steps) { b->st = rd__oom(); return; }
    char text[MAX_STEPS * 24] = "";
    for (size_t i = 0; i < nsteps; i++) {
      w->steps[i] = steps[i];
      if (i) strncat(text, ", ", sizeof text - strlen(text) - 1);
      strncat(text, steps[i], sizeof text - strlen(text) - 1);
    }
    w->nsteps = nsteps;
    w->infl_text = intern(b, text);
  }
  w->name = w->pos == RD_POS_PROPER_NOUN;
  switch (w->pos) {
  case RD_POS_PARTICLE: case RD_POS_AUXILIARY: case RD_POS_SYMBOL: case RD_POS_WHITESPACE: case RD_POS_NUMBER:
    w->content = false;
    break;
  default:
    /* a date or quantity (５月) is read, not studied */
    w->content = w->surface && *w->surface && !latin_or_digits(w->surface) && !starts_with_digit(w->surface) &&
                 !(w->first[0].lex->flags & (RD_TOKEN_SYMBOL | RD_TOKEN_NUMBER));
  }
}

/* Whether every character is katakana (ー included, ・ not). */
static int all_katakana(const char *s) {
  size_t l = strlen(s);
  if (!l) return 0;
  for (size_t i = 0; i < l;) {
    uint32_t c;
    size_t n = rd__utf8_decode(s + i, l - i, &c);
    if (!n || !(rd__is_katakana(c) || c == 0x30FC) || c == 0x30FB) return 0;
    i += n;
  }
  return 1;
}

/* A run of katakana nouns that EDICT does not list as one word (known
 * only with a glossary): a
 * loanword compound or a name that IPADIC splits into words it knows
 * (コインチェック = コイン + チェック). A learner reads it as one word, and
 * its parts' glosses ("coin") would mislead. */
static size_t katakana_span(const rd__token *t, size_t n) {
  size_t k = 0;
  while (k < n && compound_part(&t[k]) && all_katakana(tok_text(&t[k]))) k++;
  return k;
}

static void sentence_words(builder *b, const rd_node *s, const rd__token *t, size_t n) {
  size_t i = 0;
  while (i < n && b->st == RD_OK) {
    const rd__lex *lx = t[i].lex;
    size_t k;
    const rd_gloss_entry *e = NULL;
    if ((k = number_span(&t[i], n - i)) > 1 || (k == 1 && (lx->pos_class == RD_POS_NUMBER))) {
      rd_word *w = push(b, s, &t[i], k);
      if (!w) return;
      w->pos = RD_POS_NUMBER;
      /* a reading only when every part has one */
      size_t total = 0;
      int ok = 1;
      for (size_t j = 0; j < k; j++) ok &= tok_reading(&t[i + j]) != NULL;
      if (ok) {
        for (size_t j = 0; j < k; j++) total += strlen(tok_reading(&t[i + j]));
        char *r = malloc(total + 1);
        if (!r) { b->st = rd__oom(); return; }
        r[0] = '\0';
        for (size_t j = 0; j < k; j++) strcat(r, tok_reading(&t[i + j]));
        rd__kana_to_hiragana_inplace(r, total);
        w->reading = intern(b, r);
        free(r);
      }
      finish_word(b, w, NULL, 0);
      i += k;
      continue;
    }
    if (b->gl && !(b->flags & RD_WORDS_NO_DICTIONARY) && (k = dictionary_match(b, &t[i], n - i, &e)) >= 2) {
      rd_word *w = push(b, s, &t[i], k);
      if (!w) return;
      int proper = 0;
      for (size_t j = 0; j < k; j++) proper |= t[i + j].lex->pos_class == RD_POS_PROPER_NOUN;
      w->pos = proper ? RD_POS_PROPER_NOUN : RD_POS_NOUN;
      w->lemma = intern(b, rd_gloss_entry_word(e));
      char *hr = hira_dup(rd_gloss_entry_reading(e));
      if (!hr) { b->st = rd__oom(); return; }
      w->reading = intern(b, hr);
      free(hr);
      set_entry_glosses(b, w, e);
      finish_word(b, w, NULL, 0);
      i += k;
      continue;
    }
    if (b->st != RD_OK) return;
    if (b->gl && !(b->flags & RD_WORDS_NO_DICTIONARY) && (k = katakana_span(&t[i], n - i)) >= 2) {
      rd_word *w = push(b, s, &t[i], k);
      if (!w) return;
      int proper = 0;
      for (size_t j = 0; j < k; j++) proper |= t[i + j].lex->pos_class == RD_POS_PROPER_NOUN;
      w->pos = proper ? RD_POS_PROPER_NOUN : RD_POS_NOUN;
      w->lemma = NULL; /* the surface */
      finish_word(b, w, NULL, 0);
      if (w->surface) {
        char *hr = hira_dup(w->surface);
        if (!hr) { b->st = rd__oom(); return; }
        w->reading = intern(b, hr);
        free(hr);
      }
      i += k;
      continue;
    }
    const char *steps[MAX_STEPS];
    size_t nsteps = 0;
    k = (b->flags & RD_WORDS_NO_INFLECTION) ? 1 : inflection_span(&t[i], n - i, steps, &nsteps);
    rd_word *w = push(b, s, &t[i], k);
    if (!w) return;
    w->pos = lx->pos_class;
    const char *lemma = lx->lemma && *lx->lemma && strcmp(lx->lemma, "*") ? lx->lemma : tok_text(&t[i]);
    w->lemma = intern(b, lemma);
    char *lr = lemma_reading(lemma, tok_text(&t[i]), lx->reading);
    w->reading = intern(b, lr);
    if (w->pos != RD_POS_SYMBOL && w->pos != RD_POS_WHITESPACE && !(lx->flags & RD_TOKEN_SYMBOL)) {
      want wt = {w->pos, lx->infl};
      gloss_word(b, w, lemma, lr, &wt, lx->pos);
    }
    free(lr);
    finish_word(b, w, steps, nsteps);
    i += k;
  }
}

rd_status rd_doc_words(rd_doc *doc, const rd_glossary *gl, const rd_words_options *opts) {
  if (!doc) return rd__error(RD_EINVALID, -1, 0, "rd_doc_words: NULL document");
  if (opts && opts->version != RD_WORDS_OPTIONS_VERSION)
    return rd__error(RD_EINVALID, -1, 0, "rd_doc_words: unknown options version %u", opts->version);
  if (!doc->tokens && doc->nsentences)
    return rd__error(RD_EINVALID, -1, 0, "rd_doc_words: the document is not annotated (call rd_doc_annotate first)");
  int locked = rd__doc_lock(doc, 1); /* reads the tokens, replaces the words */
  builder b = {doc, gl, opts ? opts->flags : 0, opts && opts->max_span ? opts->max_span : DEFAULT_SPAN,
               NULL, 0, 0, RD_OK};
  if (b.max_span > 64) b.max_span = 64;
  size_t *first = calloc(doc->nsentences + 1, sizeof *first);
  if (!first) { rd__doc_unlock(doc, locked); return rd__oom(); }
  for (size_t i = 0; i < doc->nsentences && b.st == RD_OK; i++) {
    const rd_node *s = doc->sentences[i];
    first[i] = b.n;
    if (s->tok_count) sentence_words(&b, s, &doc->tokens[s->tok_first], s->tok_count);
  }
  first[doc->nsentences] = b.n;
  rd_word *arr = NULL;
  if (b.st == RD_OK && b.n) {
    arr = rd__arena_alloc(&doc->arena, b.n * sizeof *arr);
    if (!arr) b.st = rd__oom();
    else memcpy(arr, b.w, b.n * sizeof *arr);
  }
  if (b.st == RD_OK) { /* all or nothing: the earlier words stay on failure */
    doc->words = arr;
    doc->nwords = b.n;
    doc->words_tokens = doc->tokens;
    for (size_t i = 0; i < doc->nsentences; i++) {
      doc->sentences[i]->word_first = first[i];
      doc->sentences[i]->word_count = first[i + 1] - first[i];
    }
  }
  free(first);
  free(b.w);
  rd__doc_unlock(doc, locked);
  return b.st;
}

/* ---- accessors ---------------------------------------------------------------------- */

/* Words built over an older token array are stale after re-annotation. */
static int fresh(const rd_doc *doc) { return doc && doc->words && doc->words_tokens == doc->tokens; }

/* Under the document lock: a concurrent annotate or rd_doc_words replaces
 * what fresh() compares. */
size_t rd_doc_word_count(const rd_doc *doc) {
  if (!doc) return 0;
  int k = rd__doc_lock(doc, 0);
  size_t n = fresh(doc) ? doc->nwords : 0;
  rd__doc_unlock(doc, k);
  return n;
}
const rd_word *rd_doc_word_at(const rd_doc *doc, size_t i) {
  if (!doc) return NULL;
  int k = rd__doc_lock(doc, 0);
  const rd_word *w = fresh(doc) && i < doc->nwords ? &doc->words[i] : NULL;
  rd__doc_unlock(doc, k);
  return w;
}
size_t rd_sentence_word_count(const rd_node *s) {
  return s && s->kind == RD_NODE_SENTENCE && fresh(s->doc) ? s->word_count : 0;
}
const rd_word *rd_sentence_word_at(const rd_node *s, size_t i) {
  return i < rd_sentence_word_count(s) ? &s->doc->words[s->word_first + i] : NULL;
}
const rd_node *rd_word_sentence(const rd_word *w) { return w ? w->sentence : NULL; }
size_t rd_word_token_count(const rd_word *w) { return w ? w->ntok : 0; }
const rd_node *rd_word_token_at(const rd_word *w, size_t i) { return w && i < w->ntok ? tok_node(&w->first[i]) : NULL; }
const char *rd_word_surface(const rd_word *w) { return w ? w->surface : NULL; }
const char *rd_word_lemma(const rd_word *w) { return w ? w->lemma : NULL; }
const char *rd_word_reading(const rd_word *w) { return w ? w->reading : NULL; }
size_t rd_word_inflection_count(const rd_word *w) { return w ? w->nsteps : 0; }
const char *rd_word_inflection_at(const rd_word *w, size_t i) { return w && i < w->nsteps ? w->steps[i] : NULL; }
const char *rd_word_inflection_text(const rd_word *w) { return w ? w->infl_text : NULL; }
rd_pos rd_word_pos_class(const rd_word *w) { return w ? w->pos : RD_POS_OTHER; }
bool rd_word_is_name(const rd_word *w) { return w && w->name; }
bool rd_word_is_content(const rd_word *w) { return w && w->content; }
size_t rd_word_gloss_count(const rd_word *w) { return w ? w->ngloss : 0; }
const char *rd_word_gloss_at(const rd_word *w, size_t i) { return w && i < w->ngloss ? w->glosses[i] : NULL; }

/* ---- words read back from a stored document (read_xml.c) ----------------------- */

int rd__doc_set_words(rd_doc *doc, const rd__word_spec *v, size_t n, const char *name) {
  builder b = {doc, NULL, 0, DEFAULT_SPAN, NULL, 0, 0, RD_OK};
#define FAIL(e) do { b.st = (e); goto out; } while (0)
  doc->words = NULL;
  doc->nwords = 0;
  if (!n) return RD_OK;
  size_t si = 0, next = 0; /* the sentence being covered, and its next token */
  const char *where = name ? name : "XML";
  for (size_t i = 0; i < n && b.st == RD_OK; i++) {
    const rd__word_spec *sp = &v[i];
    while (si < doc->nsentences && doc->sentences[si] != sp->sentence) {
      if (next != doc->sentences[si]->tok_count)
        FAIL(rd__error(RD_EXML, -1, sp->line, "%s: line %ld: the <word>s of a sentence cover %zu of its %zu tokens",
                         where, sp->line, next, doc->sentences[si]->tok_count));
      si++;
      next = 0;
    }
    if (si == doc->nsentences)
      FAIL(rd__error(RD_EXML, -1, sp->line, "%s: line %ld: <word> outside the document's sentences or out of order", where, sp->line));
    const rd_node *s = doc->sentences[si];
    if (sp->first != next || !sp->count || sp->count > s->tok_count - next)
      FAIL(rd__error(RD_EXML, -1, sp->line,
                       "%s: line %ld: <word first=\"%zu\" count=\"%zu\"> does not continue its sentence's %zu tokens at %zu",
                       where, sp->line, sp->first, sp->count, s->tok_count, next));
    rd_word *w = push(&b, s, &doc->tokens[s->tok_first + sp->first], sp->count);
    if (!w) break;
    next += sp->count;
    w->pos = (rd_pos)sp->pos;
    w->lemma = intern(&b, sp->lemma);
    w->reading = intern(&b, sp->reading);
    set_glosses(&b, w, sp->glosses, sp->ngloss);
    const char *steps[MAX_STEPS];
    size_t nsteps = 0;
    char tmp[MAX_STEPS * 24];
    if (sp->infl && *sp->infl) {
      if (strlen(sp->infl) >= sizeof tmp)
        FAIL(rd__error(RD_EXML, -1, sp->line, "%s: line %ld: <word infl> is too long", where, sp->line));
      strcpy(tmp, sp->infl);
      for (char *p = tmp, *e; p && b.st == RD_OK; p = e ? e + 2 : NULL) {
        e = strstr(p, ", ");
        if (e) *e = '\0';
        if (!*p || nsteps == MAX_STEPS) {
          FAIL(rd__error(RD_EXML, -1, sp->line, "%s: line %ld: <word infl=\"%s\">: empty step or more than %d steps", where,
                           sp->line, sp->infl, MAX_STEPS));
        }
        steps[nsteps++] = intern(&b, p);
      }
    }
    finish_word(&b, w, steps, nsteps);
    /* stored, not recomputed: the document says what the word layer found */
    w->name = sp->name;
    w->content = sp->content;
  }
  if (b.st == RD_OK && next != doc->sentences[si]->tok_count)
    b.st = rd__error(RD_EXML, -1, v[n - 1].line, "%s: line %ld: the <word>s of a sentence cover %zu of its %zu tokens", where,
                     v[n - 1].line, next, doc->sentences[si]->tok_count);
  for (size_t j = si + 1; b.st == RD_OK && j < doc->nsentences; j++)
    if (doc->sentences[j]->tok_count)
      b.st = rd__error(RD_EXML, -1, 0, "%s: sentence %zu has tokens but no <word>s while others have them", where, j + 1);
  /* every sentence before the first word's must be covered too */
  if (b.st == RD_OK) {
    rd_word *arr = rd__arena_alloc(&doc->arena, b.n * sizeof *arr);
    if (!arr) b.st = rd__oom();
    else {
      memcpy(arr, b.w, b.n * sizeof *arr);
      size_t wi = 0;
      for (size_t j = 0; j < doc->nsentences; j++) {
        rd_node *sj = doc->sentences[j];
        sj->word_first = wi;
        while (wi < b.n && arr[wi].sentence == sj) wi++;
        sj->word_count = wi - sj->word_first;
        if (sj->tok_count && !sj->word_count && b.st == RD_OK)
          b.st = rd__error(RD_EXML, -1, 0, "%s: sentence %zu has tokens but no <word>s while others have them", where, j + 1);
      }
      if (b.st == RD_OK) {
        doc->words = arr;
        doc->nwords = b.n;
        doc->words_tokens = doc->tokens;
      }
    }
  }
out:
#undef FAIL
  free(b.w);
  return b.st;
}
