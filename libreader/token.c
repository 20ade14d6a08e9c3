/* Tokens: the flat token array of a document (installed by the analyzer
 * or the XML reader, older arrays retired so held pointers stay valid),
 * the intern tables that keep repeated token strings and lex records
 * single, and the token accessors over that compact storage. Depends on
 * the model's layout and util/ only, so navigation (node.c) can use it
 * without a loop back into doc.c. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* ---- interning ------------------------------------------------------------ */

const char *rd__doc_intern(rd_doc *doc, const char *s, size_t len) {
  if (!s) return NULL;
  rd__hash_entry *e = rd__hash_find(&doc->strs, s, len);
  if (e) return e->key;
  char *copy = rd__arena_strndup(&doc->arena, s, len);
  if (!copy) return NULL;
  /* The table holds the arena copy as its key, so the key is the value. */
  if (!rd__hash_put(&doc->strs, copy, len, NULL)) return NULL;
  return copy;
}

static const char *intern_opt(rd_doc *doc, const char *s, int *oom) {
  if (!s) return NULL;
  const char *r = rd__doc_intern(doc, s, strlen(s));
  if (!r) *oom = 1;
  return r;
}

/* Display groups: segments that touch (流[りゅう]出[しゅつ]) read as one word
 * (流出[りゅうしゅつ]) in brackets and ruby markup, while the per-kanji
 * segments stay available. Computed once per distinct word. */
static int make_groups(rd_doc *doc, rd__lex *l) {
  size_t n = 1;
  for (size_t i = 1; i < l->ruby_count; i++)
    if (l->ruby[i].start != l->ruby[i - 1].start + l->ruby[i - 1].len) n++;
  if (n == l->ruby_count) { l->groups = l->ruby; l->group_count = n; return 0; }
  rd_ruby *g = rd__arena_alloc(&doc->arena, n * sizeof *g);
  if (!g) return -1;
  size_t k = 0;
  for (size_t i = 0; i < l->ruby_count;) {
    size_t j = i + 1, rlen = l->ruby[i].reading_len;
    while (j < l->ruby_count && l->ruby[j].start == l->ruby[j - 1].start + l->ruby[j - 1].len) rlen += l->ruby[j++].reading_len;
    g[k] = l->ruby[i];
    g[k].len = l->ruby[j - 1].start + l->ruby[j - 1].len - l->ruby[i].start;
    if (j > i + 1) {
      char *r = rd__arena_alloc(&doc->arena, rlen + 1), *w = r;
      if (!r) return -1;
      for (size_t m = i; m < j; m++) { memcpy(w, l->ruby[m].reading, l->ruby[m].reading_len); w += l->ruby[m].reading_len; }
      *w = '\0';
      g[k].reading = rd__doc_intern(doc, r, rlen);
      if (!g[k].reading) return -1;
      g[k].reading_len = rlen;
    }
    k++;
    i = j;
  }
  l->groups = g;
  l->group_count = n;
  return 0;
}

/* A lex record's identity, made of interned pointers (equal strings are
 * one pointer once interned), so the bytes of this key compare exactly
 * when the records' contents do. Zeroed first: padding takes part. */
typedef struct lex_head {
  const char *s[8];
  unsigned flags;
  unsigned pos_class;
  size_t ruby_count;
} lex_head;
typedef struct lex_seg { size_t start, len; const char *reading; } lex_seg;

const rd__lex *rd__doc_lex(rd_doc *doc, const rd__lex *proto) {
  int oom = 0;
  lex_head h;
  memset(&h, 0, sizeof h);
  h.s[0] = intern_opt(doc, proto->surface, &oom);
  h.s[1] = intern_opt(doc, proto->lemma, &oom);
  h.s[2] = intern_opt(doc, proto->pos, &oom);
  h.s[3] = intern_opt(doc, proto->infl, &oom);
  h.s[4] = intern_opt(doc, proto->reading, &oom);
  h.s[5] = intern_opt(doc, proto->pron, &oom);
  h.s[6] = intern_opt(doc, proto->orig_reading, &oom);
  h.s[7] = intern_opt(doc, proto->rule, &oom);
  h.flags = proto->flags;
  h.pos_class = (unsigned)proto->pos_class;
  h.ruby_count = proto->ruby_count;
  if (oom) return NULL;
  if (proto->ruby_count > (SIZE_MAX - sizeof h) / sizeof(lex_seg)) return NULL;
  size_t klen = sizeof h + proto->ruby_count * sizeof(lex_seg);
  unsigned char small[sizeof(lex_head) + 16 * sizeof(lex_seg)];
  unsigned char *key = klen <= sizeof small ? small : malloc(klen);
  if (!key) return NULL;
  memset(key, 0, klen);
  memcpy(key, &h, sizeof h);
  for (size_t i = 0; i < proto->ruby_count; i++) {
    lex_seg g = {proto->ruby[i].start, proto->ruby[i].len, intern_opt(doc, proto->ruby[i].reading, &oom)};
    memcpy(key + sizeof h + i * sizeof g, &g, sizeof g);
  }
  const rd__lex *found = NULL;
  rd__hash_entry *e = oom ? NULL : rd__hash_find(&doc->lexes, key, klen);
  if (e) found = e->val.ptr;
  else if (!oom) {
    rd__lex *l = rd__arena_alloc(&doc->arena, sizeof *l);
    unsigned char *kcopy = rd__arena_alloc(&doc->arena, klen);
    if (!l || !kcopy) goto out;
    memcpy(kcopy, key, klen);
    l->surface = h.s[0]; l->lemma = h.s[1]; l->pos = h.s[2]; l->infl = h.s[3];
    l->reading = h.s[4]; l->pron = h.s[5]; l->orig_reading = h.s[6]; l->rule = h.s[7];
    l->flags = proto->flags;
    l->pos_class = proto->pos_class;
    if (proto->ruby_count) {
      rd_ruby *r = rd__arena_alloc(&doc->arena, proto->ruby_count * sizeof *r);
      if (!r) goto out;
      for (size_t i = 0; i < proto->ruby_count; i++) {
        r[i] = proto->ruby[i];
        memcpy(&r[i].reading, kcopy + sizeof h + i * sizeof(lex_seg) + offsetof(lex_seg, reading), sizeof r[i].reading);
      }
      l->ruby = r;
      l->ruby_count = proto->ruby_count;
      if (make_groups(doc, l) < 0) goto out;
    }
    rd__hash_entry *ne = rd__hash_put(&doc->lexes, kcopy, klen, NULL);
    if (!ne) goto out;
    ne->val.ptr = l;
    found = l;
  }
out:
  if (key != small) free(key);
  return found;
}

/* ---- token storage ------------------------------------------------------- */

/* A sentence's children are its citations and its tokens merged in source
 * order; when it has both, the merged order is kept as an array so that
 * rd_node_child_at is one look-up. Citations never overlap tokens' starts
 * ambiguously: ties go to the citation, as rd_node_first_child does.
 * Built into *out from `tokens` (not yet the document's) and the range the
 * caller gave the sentence; *out is NULL when the sentence needs none. */
static rd_status index_sentence(rd_node ***out, rd_doc *doc, const rd_node *s, rd__token *tokens, size_t ntokens) {
  *out = NULL;
  if (!s->nchildren || !s->tok_count) return RD_OK;
  /* A range past the array is the caller's bug; never read outside it. */
  if (s->tok_first > ntokens || s->tok_count > ntokens - s->tok_first)
    return rd__error(RD_EINVALID, -1, 0, "token range %zu+%zu of a sentence is outside %zu tokens", s->tok_first,
                     s->tok_count, ntokens);
  size_t n = s->nchildren + s->tok_count;
  rd_node **m = rd__arena_alloc(&doc->arena, n * sizeof *m);
  if (!m) return rd__oom();
  /* Same order as walking first_child/next: the earlier start first, a
   * token when both start together (earlier() keeps its first argument). */
  rd_node *c = s->first;
  size_t t = s->tok_first, tend = s->tok_first + s->tok_count, k = 0;
  while (k < n) {
    rd_node *tok = t < tend ? (rd_node *)(void *)&tokens[t] : NULL;
    if (tok && (!c || tokens[t].start <= c->start)) { m[k++] = tok; t++; }
    else { m[k++] = c; c = c->next; }
  }
  *out = m;
  return RD_OK;
}

rd_status rd__doc_set_tokens(rd_doc *doc, rd__token *tokens, size_t n) {
  /* Everything that can fail comes before the document changes, so that on
   * error the document keeps its old tokens and the caller frees `tokens`. */
  rd_node ***mixed = malloc((doc->nsentences ? doc->nsentences : 1) * sizeof *mixed);
  if (!mixed) return rd__oom();
  for (size_t i = 0; i < doc->nsentences; i++) {
    rd_status st = index_sentence(&mixed[i], doc, doc->sentences[i], tokens, n);
    if (st < 0) { free(mixed); return st; }
  }
  if (doc->tokens) {
    rd__token **r = realloc(doc->retired, (doc->nretired + 1) * sizeof *r);
    if (!r) { free(mixed); return rd__oom(); }
    doc->retired = r;
    size_t *rn = realloc(doc->retired_n, (doc->nretired + 1) * sizeof *rn);
    if (!rn) { free(mixed); return rd__oom(); }
    doc->retired_n = rn;
    doc->retired[doc->nretired] = doc->tokens;
    doc->retired_n[doc->nretired++] = doc->ntokens;
  }
  doc->tokens = tokens;
  doc->ntokens = n;
  for (size_t i = 0; i < doc->nsentences; i++) doc->sentences[i]->mixed = mixed[i];
  free(mixed);
  return RD_OK;
}

const rd__token *rd__tok_array(const rd__token *t, size_t *n_out) {
  const rd_doc *doc = t->sentence->doc;
  const rd__token *found = t;
  *n_out = 0;
  int k = rd__doc_lock(doc, 0); /* a re-annotation reallocates the retired list */
  if (t >= doc->tokens && t < doc->tokens + doc->ntokens) { *n_out = doc->ntokens; found = doc->tokens; }
  for (size_t i = 0; !*n_out && i < doc->nretired; i++)
    if (t >= doc->retired[i] && t < doc->retired[i] + doc->retired_n[i]) { *n_out = doc->retired_n[i]; found = doc->retired[i]; }
  rd__doc_unlock(doc, k);
  return found;
}

/* ---- alternative readings ------------------------------------------------ */

rd_status rd__doc_alts_begin(rd__alts **out, const rd__token *tokens, size_t ntokens) {
  rd__alts *a = calloc(1, sizeof *a);
  *out = a;
  if (!a) return rd__oom();
  a->tokens = tokens;
  a->ntokens = ntokens;
  return RD_OK;
}

void rd__alts_free(rd__alts *a) {
  if (!a) return;
  free(a->v);
  free(a->items);
  free(a);
}

void rd__doc_alts_publish(rd_doc *doc, rd__alts *a) {
  a->older = atomic_load_explicit(&doc->alts, memory_order_relaxed); /* retired tokens may still ask */
  atomic_store_explicit(&doc->alts, a, memory_order_release);
}

static float thousandths(double c) {
  if (!(c > 0)) return 0; /* NaN too */
  if (c > 1) c = 1;
  return (float)((double)(long)(c * 1000 + 0.5) / 1000);
}

rd_status rd__doc_alts_add(rd_doc *doc, rd__alts *a, size_t token, double chosen, const rd__alt *alts, size_t n) {
  if (!n) return RD_OK;
  if (token >= a->ntokens || (a->n && token <= a->v[a->n - 1].token))
    return rd__error(RD_EINVALID, -1, 0, "alternatives of token %zu out of range, given twice or out of order", token);
  if (a->n == a->cap) {
    size_t cap = a->cap ? a->cap * 2 : 16;
    rd__alt_entry *v = realloc(a->v, cap * sizeof *v);
    if (!v) return rd__oom();
    a->v = v;
    a->cap = cap;
  }
  if (a->nitems + n > a->capitems) {
    size_t cap = a->capitems ? a->capitems * 2 : 32;
    while (cap < a->nitems + n) cap *= 2;
    rd__alt *v = realloc(a->items, cap * sizeof *v);
    if (!v) return rd__oom();
    a->items = v;
    a->capitems = cap;
  }
  for (size_t i = 0; i < n; i++) {
    const char *r = alts[i].reading ? rd__doc_intern(doc, alts[i].reading, strlen(alts[i].reading)) : NULL;
    if (!r) return alts[i].reading ? rd__oom() : rd__error(RD_EINVALID, -1, 0, "alternative %zu of token %zu has no reading", i, token);
    a->items[a->nitems + i].reading = r;
    a->items[a->nitems + i].confidence = thousandths(alts[i].confidence);
  }
  rd__alt_entry e = {token, thousandths(chosen), (uint32_t)a->nitems, (uint32_t)n};
  a->v[a->n++] = e;
  a->nitems += n;
  return RD_OK;
}

/* The entry of token t, or NULL: in the table made for t's own token
 * array (a retired array keeps its own), by binary search. No lock: the
 * tables are immutable once published and live as long as the document;
 * a document never annotated has none, so this is one load for it. */
static const rd__alt_entry *alt_entry(const rd_node *t, const rd__alt **items) {
  if (!rd__is_token(t)) return NULL;
  const rd__token *k = rd__tok(t);
  const rd__alts *a = atomic_load_explicit(&k->sentence->doc->alts, memory_order_acquire);
  if (!a || (k->lex->flags & RD_TOKEN_EDITORIAL)) return NULL; /* the editors decided */
  while (a && !(k >= a->tokens && k < a->tokens + a->ntokens)) a = a->older;
  if (!a || !a->n) return NULL;
  size_t i = (size_t)(k - a->tokens), lo = 0, hi = a->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (a->v[mid].token < i) lo = mid + 1;
    else hi = mid;
  }
  if (lo == a->n || a->v[lo].token != i) return NULL;
  *items = a->items;
  return &a->v[lo];
}

static void alts_dispose(rd_doc *doc) {
  for (rd__alts *a = atomic_load(&doc->alts), *next; a; a = next) {
    next = a->older;
    rd__alts_free(a);
  }
  atomic_store(&doc->alts, NULL);
}

void rd__doc_tokens_dispose(rd_doc *doc) {
  alts_dispose(doc);
  for (size_t i = 0; i < doc->nretired; i++) free(doc->retired[i]);
  free(doc->retired);
  free(doc->retired_n);
  free(doc->tokens);
  doc->retired = NULL;
  doc->retired_n = NULL;
  doc->nretired = 0;
  doc->tokens = NULL;
  doc->ntokens = 0;
}

/* ---- accessors ------------------------------------------------------------ */

static const rd__lex *lex_of(const rd_node *t) {
  return rd__is_token(t) ? rd__tok(t)->lex : NULL;
}

const char *rd_token_lemma(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->lemma : NULL; }
const char *rd_token_pos(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pos : NULL; }
const char *rd_token_inflection(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? (l->infl ? l->infl : "") : NULL; }
rd_pos rd_token_pos_class(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pos_class : RD_POS_OTHER; }
const char *rd_token_reading(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->reading : NULL; }
const char *rd_token_pronunciation(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pron : NULL; }
unsigned rd_token_flags(const rd_node *t) {
  const rd__lex *l = lex_of(t);
  const rd__alt *items;
  return l ? l->flags | (alt_entry(t, &items) ? RD_TOKEN_UNCERTAIN : 0) : 0;
}

size_t rd_token_alternative_count(const rd_node *t) {
  const rd__alt *items;
  const rd__alt_entry *e = alt_entry(t, &items);
  return e ? e->count : 0;
}

const char *rd_token_alternative(double *confidence, const rd_node *t, size_t i) {
  const rd__alt *items;
  const rd__alt_entry *e = alt_entry(t, &items);
  if (!e || i >= e->count) {
    if (confidence) *confidence = 0;
    return NULL;
  }
  if (confidence) *confidence = items[e->first + i].confidence;
  return items[e->first + i].reading;
}

double rd_token_reading_confidence(const rd_node *t) {
  if (!rd__is_token(t)) return 0;
  const rd__alt *items;
  const rd__alt_entry *e = alt_entry(t, &items);
  return e ? e->chosen : 1.0;
}

const char *rd_token_name_kind(const rd_node *t) {
  unsigned f = rd_token_flags(t);
  return (f & RD_TOKEN_PERSON) ? "person" : (f & RD_TOKEN_PLACE) ? "place" : (f & RD_TOKEN_ORG) ? "organisation" : NULL;
}
const char *rd_token_original_reading(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->orig_reading : NULL; }
const char *rd_token_rule(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->rule : NULL; }
size_t rd_token_ruby_count(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->ruby_count : 0; }

bool rd_token_ruby_at(rd_ruby *out, const rd_node *t, size_t i) {
  const rd__lex *l = lex_of(t);
  if (!l || i >= l->ruby_count || !out) return false;
  *out = l->ruby[i];
  return true;
}

size_t rd_token_ruby_group_count(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->group_count : 0; }

bool rd_token_ruby_group_at(rd_ruby *out, const rd_node *t, size_t i) {
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

rd_node *rd_token_next(const rd_node *t) {
  if (!rd__is_token(t)) return NULL;
  const rd__token *k = rd__tok(t);
  size_t n;
  const rd__token *base = rd__tok_array(k, &n);
  size_t i = (size_t)(k - base) + 1;
  return i < n ? (rd_node *)(void *)&base[i] : NULL;
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
