/* Vocabulary TSV for flash-card programs (Anki's "Import File"): one line
 * per lemma, in order of first appearance: lemma, reading of the lemma,
 * English gloss, the sentence it first appears in with furigana in
 * brackets, section id (the reading only for lemmas with kanji, the first
 * four glosses). Known words, particles, auxiliaries, symbols,
 * numbers, white space and Latin-only words are left out. Tabs and line
 * breaks inside fields become spaces, so every line has five fields. */
#include <stdlib.h>
#include <string.h>

#include "write_internal.h"
#include "write_common.h"
#include "reader/iter.h"

/* A field: TSV has no escaping, so tab/CR/LF become spaces. */
static void field(rd__sink *k, const char *s, size_t len, int last) {
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    if (s[i] != '\t' && s[i] != '\n' && s[i] != '\r') continue;
    rd__sink_put(k, s + run, i - run);
    rd__sink_putc(k, ' ');
    run = i + 1;
  }
  rd__sink_put(k, s + run, len - run);
  rd__sink_putc(k, last ? '\n' : '\t');
}

static int wanted(const rd_node *t, const rd_write_options *o) {
  switch (rd_token_pos_class(t)) {
  case RD_POS_PARTICLE: case RD_POS_AUXILIARY: case RD_POS_SYMBOL: case RD_POS_NUMBER: case RD_POS_WHITESPACE:
    return 0;
  default: break;
  }
  unsigned f = rd_token_flags(t);
  if (f & (RD_TOKEN_SYMBOL | RD_TOKEN_NUMBER)) return 0;
  if ((f & RD_TOKEN_LATIN) && !(f & RD_TOKEN_KANJI)) return 0;
  const char *lemma = rd_token_lemma(t);
  if (!lemma || !*lemma) return 0;
  return !rd__token_known(t, o);
}

static int has_kanji(const char *s) {
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = rd__utf8_decode(s + i, len - i, &cp);
    if (!n) return 0;
    if (rd__is_kanji(cp)) return 1;
    i += n;
  }
  return 0;
}

/* A small set of lemmas already written (open addressing over borrowed
 * strings: lemmas are interned, so they live as long as the document). */
typedef struct seen { const char **v; size_t cap, n; } seen;

static size_t hash(const char *s) {
  size_t h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

/* 1: newly added, 0: already there, -1: out of memory. */
static int seen_add(seen *s, const char *w) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    const char **v = calloc(cap, sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < s->cap; i++)
      if (s->v[i]) {
        size_t j = hash(s->v[i]) & (cap - 1);
        while (v[j]) j = (j + 1) & (cap - 1);
        v[j] = s->v[i];
      }
    free(s->v);
    s->v = v;
    s->cap = cap;
  }
  size_t j = hash(w) & (s->cap - 1);
  while (s->v[j]) {
    if (!strcmp(s->v[j], w)) return 0;
    j = (j + 1) & (s->cap - 1);
  }
  s->v[j] = w;
  s->n++;
  return 1;
}

rd_status rd__write_vocab(rd__sink *k, const rd_node *root, const rd_write_options *o) {
  seen s = {NULL, 0, 0};
  rd__buf b = RD__BUF_INIT;
  rd_write_options so = *o;
  so.furigana = RD_FURIGANA_ALL; /* the example sentence is for learning: all readings */
  /* The tokens inside the root, in document order (a section's vocabulary covers that section). */
  rd_iter *it;
  rd_status st = rd_iter_new(&it, (rd_node *)root, RD_MASK(RD_NODE_TOKEN));
  if (st < 0) return st;
  rd__sink_puts(k, "#separator:tab\n#html:false\n#columns:lemma\treading\tgloss\tsentence\tsection\n");
  while (k->st >= 0 && rd_iter_next(it) != RD_EVENT_DONE) {
    const rd_node *t = rd_iter_node(it), *sent = rd_node_parent(t);
    if (!wanted(t, o)) continue;
    const char *lemma = rd_token_lemma(t);
    int added = seen_add(&s, lemma);
    if (added < 0) { rd__sink_fail(k, rd__oom()); break; }
    if (!added) continue;
    field(k, lemma, strlen(lemma), 0);
    char *lr = has_kanji(lemma) ? rd__lemma_reading(t) : NULL; /* kana words need no reading */
    field(k, lr ? lr : "", lr ? strlen(lr) : 0, 0);
    free(lr);
    b.len = 0;
    for (size_t g = 0; g < rd_token_gloss_count(t) && g < 4; g++) /* the first senses fit a card */
      rd__buf_printf(&b, "%s%s", g ? "; " : "", rd_token_gloss_at(t, g));
    field(k, b.ptr ? b.ptr : "", b.len, 0);
    b.len = 0;
    rd__buf_put_sentence_ruby(&b, sent, RD__RUBY_BRACKETS, &so);
    /* Anki style puts a space before a base; one at the very start is noise. */
    size_t skip = b.len && b.ptr[0] == ' ' ? 1 : 0;
    field(k, b.ptr ? b.ptr + skip : "", b.len - skip, 0);
    const char *sec = rd_section_id(rd__section_of(sent));
    field(k, sec ? sec : "", sec ? strlen(sec) : 0, 1);
  }
  rd_iter_free(it);
  if (b.oom) rd__sink_fail(k, rd__oom());
  rd__buf_dispose(&b);
  free(s.v);
  return k->st;
}
