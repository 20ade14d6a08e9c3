/* Token accessors over the compact storage (rd__token + interned rd__lex). */
#include <string.h>

#include "doc_internal.h"

static const rd__lex *lex_of(const rd_node *t) {
  return rd__is_token(t) ? rd__tok(t)->lex : NULL;
}

const char *rd_token_lemma(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->lemma : NULL; }
const char *rd_token_pos(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pos : NULL; }
const char *rd_token_inflection(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? (l->infl ? l->infl : "") : NULL; }
rd_pos rd_token_pos_class(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pos_class : RD_POS_OTHER; }
const char *rd_token_reading(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->reading : NULL; }
const char *rd_token_pronunciation(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pron : NULL; }
unsigned rd_token_flags(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->flags : 0; }
const char *rd_token_original_reading(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->orig_reading : NULL; }
const char *rd_token_rule(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->rule : NULL; }
size_t rd_token_ruby_count(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->ruby_count : 0; }

bool rd_token_ruby_at(const rd_node *t, size_t i, rd_ruby *out) {
  const rd__lex *l = lex_of(t);
  if (!l || i >= l->ruby_count || !out) return false;
  *out = l->ruby[i];
  return true;
}

size_t rd_token_ruby_group_count(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->group_count : 0; }

bool rd_token_ruby_group_at(const rd_node *t, size_t i, rd_ruby *out) {
  const rd__lex *l = lex_of(t);
  if (!l || i >= l->group_count || !out) return false;
  *out = l->groups[i];
  return true;
}

size_t rd_token_index(const rd_node *t) {
  if (!rd__is_token(t)) return 0;
  const rd__token *k = rd__tok(t);
  size_t n;
  return (size_t)(k - rd__tok_array(k, &n)); /* index in its own (possibly retired) array */
}

size_t rd_token_gloss_count(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->gloss_count : 0; }
const char *rd_token_gloss_at(const rd_node *t, size_t i) {
  const rd__lex *l = lex_of(t);
  return l && i < l->gloss_count ? l->glosses[i] : NULL;
}

static const char *const pos_names[] = {
  "other", "noun", "proper-noun", "pronoun", "number", "verb", "adjective", "adjectival-noun", "adverb",
  "adnominal", "conjunction", "interjection", "particle", "auxiliary", "prefix", "suffix", "symbol", "whitespace"};

const char *rd_pos_name(rd_pos pos) {
  return (unsigned)pos < sizeof pos_names / sizeof *pos_names ? pos_names[pos] : "other";
}
