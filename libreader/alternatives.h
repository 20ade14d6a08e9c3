/* Alternative readings while annotating (alternatives.c): per worker, the
 * lattice candidates of the current sentence and the entries of its range,
 * keyed by the worker's token index until the merge installs them. */
#ifndef READER_ALTERNATIVES_H
#define READER_ALTERNATIVES_H

#include "analyze_internal.h"

typedef struct rd__sent_cand {
  size_t off, len;     /* span in the sentence text */
  const char *reading; /* hiragana; the feature cache's */
  double prob;
} rd__sent_cand;

typedef struct rd__alt_state {
  rd__arena *strings;  /* the worker's: readings kept until the merge */
  rd__cands cands;     /* the backend's answer for one span */
  rd__morphs wm;       /* morphs of a window's marginal parse (unused) */
  rd__sent_cand *sc;   /* candidates of the current sentence */
  size_t nsc, capsc;
  rd__alt_list list;   /* entries; token = the worker's token index */
} rd__alt_state;

/* Whether text holds a heteronym's surface (worth a marginal parse). */
bool rd__alts_wanted(const char *text, size_t len);
/* A new sentence: forget the last one's candidates. */
void rd__alts_sentence(rd__alt_state *s);
/* After the piece at piece_off of sentence text (source offset at) was
 * parsed into m and m made words: for each morph that is a heteronym, a
 * marginal parse of a window around it and the candidates of its span.
 * Reuses the parser's lattice. -1 on OOM (a failed window parse gives no
 * candidates, and no error). */
int rd__alts_collect(rd__alt_state *s, const rd__backend *be, rd__parser *p, rd__feature_cache *cache,
                     const char *text, size_t piece_off, size_t at, const rd__morphs *m);
/* After the rules: entries for the sentence's words w (their tokens are
 * the worker's tok_base, tok_base + 1, ...). -1 on OOM. */
int rd__alts_words(rd__alt_state *s, const rd__words *w, size_t tok_base);
/* The merge: the worker's entries into doc's new table, its first token at base. */
rd_status rd__alts_install(rd_doc *doc, rd__alts *table, const rd__alt_state *s, size_t base);
void rd__alts_dispose(rd__alt_state *s);

#endif
