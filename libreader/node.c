/* Navigation and typed accessors over the tree. Tokens live in the
 * document's flat array (token.c); this module presents them as TOKEN
 * children of their sentence, merged with its CITATION children in source
 * order. Access by position reads the arrays rd__doc_finish and
 * rd__doc_set_tokens built (model.h), so it is constant time; before the
 * document is finished (a reader still building) the lists are walked. */
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* Read the kind through a char lvalue: valid for rd_node and rd__token alike. */
static rd_node_kind kind_of(const rd_node *n) { return n ? (rd_node_kind) * (const unsigned char *)n : RD_NODE_NONE; }

static const char *const kind_names[] = {"none", "document", "section", "heading", "paragraph", "sentence",
                                         "question", "references", "reference", "citation", "token"};

const char *rd_node_kind_name(rd_node_kind kind) {
  return (unsigned)kind < sizeof kind_names / sizeof *kind_names ? kind_names[kind] : "unknown";
}

rd_node_kind rd_node_kind_of(const rd_node *node) { return kind_of(node); }

static rd_node *tok_node(const rd_doc *doc, size_t i) { return (rd_node *)(void *)&doc->tokens[i]; }

rd_doc *rd_node_doc(const rd_node *n) {
  if (!n) return NULL;
  return kind_of(n) == RD_NODE_TOKEN ? rd__tok_doc(rd__tok(n)) : n->doc;
}

rd_node *rd_node_parent(const rd_node *n) {
  if (!n) return NULL;
  return kind_of(n) == RD_NODE_TOKEN ? rd__tok_sentence(rd__tok(n)) : n->parent;
}

/* First token of sentence s starting at or after byte `from`, or NULL. */
static rd_node *token_from(const rd_node *s, size_t from) {
  const rd_doc *doc = s->doc;
  size_t lo = s->tok_first, hi = s->tok_first + s->tok_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->tokens[mid].start < from) lo = mid + 1; else hi = mid;
  }
  return lo < s->tok_first + s->tok_count ? tok_node(doc, lo) : NULL;
}

/* Last token of sentence s ending at or before byte `upto`, or NULL. */
static rd_node *token_before(const rd_node *s, size_t upto) {
  const rd_doc *doc = s->doc;
  size_t lo = s->tok_first, hi = s->tok_first + s->tok_count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (rd__tok_end(&doc->tokens[mid]) <= upto) lo = mid + 1; else hi = mid;
  }
  return lo > s->tok_first ? tok_node(doc, lo - 1) : NULL;
}

/* First citation of sentence s starting at or after byte `from`; a binary
 * search over its position array once finished, so a token's neighbour is
 * found in O(log citations) even in a sentence of many citations. */
static rd_node *citation_from(const rd_node *s, size_t from) {
  if (!s->kids) {
    rd_node *c = s->first;
    while (c && c->start < from) c = c->next;
    return c;
  }
  size_t lo = 0, hi = s->nchildren;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->kids[mid]->start < from) lo = mid + 1; else hi = mid;
  }
  return lo < s->nchildren ? s->kids[lo] : NULL;
}

/* Last citation of sentence s ending at or before byte `upto`. */
static rd_node *citation_before(const rd_node *s, size_t upto) {
  if (!s->kids) {
    rd_node *c = s->last;
    while (c && c->end > upto) c = c->prev;
    return c;
  }
  size_t lo = 0, hi = s->nchildren;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (s->kids[mid]->end <= upto) lo = mid + 1; else hi = mid;
  }
  return lo > 0 ? s->kids[lo - 1] : NULL;
}

static size_t start_of(const rd_node *n) { return kind_of(n) == RD_NODE_TOKEN ? rd__tok(n)->start : n->start; }

static rd_node *earlier(rd_node *a, rd_node *b) {
  if (!a) return b;
  if (!b) return a;
  return start_of(b) < start_of(a) ? b : a;
}

static rd_node *later(rd_node *a, rd_node *b) {
  if (!a) return b;
  if (!b) return a;
  return start_of(b) > start_of(a) ? b : a;
}

rd_node *rd_node_first_child(const rd_node *n) {
  if (!n || kind_of(n) == RD_NODE_TOKEN) return NULL;
  if (n->kind == RD_NODE_SENTENCE && n->tok_count) return earlier(tok_node(n->doc, n->tok_first), n->first);
  return n->first;
}

rd_node *rd_node_last_child(const rd_node *n) {
  if (!n || kind_of(n) == RD_NODE_TOKEN) return NULL;
  if (n->kind == RD_NODE_SENTENCE && n->tok_count)
    return later(tok_node(n->doc, n->tok_first + n->tok_count - 1), n->last);
  return n->last;
}

/* Neighbour of the token at p in its own array (current or retired), if
 * it is still in the same sentence. */
static rd_node *tok_neighbour(const rd__tok_place *p, int dir) {
  if (dir > 0 ? p->i + 1 >= p->first + p->count || p->i + 1 >= p->n : p->i <= p->first) return NULL;
  return (rd_node *)(void *)(p->base + (dir > 0 ? p->i + 1 : p->i - 1));
}

rd_node *rd_node_next(const rd_node *n) {
  if (!n) return NULL;
  if (kind_of(n) == RD_NODE_TOKEN) {
    const rd__token *t = rd__tok(n);
    rd__tok_place p;
    rd__tok_locate(&p, t);
    return earlier(tok_neighbour(&p, 1), citation_from(rd__tok_doc(t)->sentences[p.sentence], rd__tok_end(t)));
  }
  if (n->kind == RD_NODE_CITATION && n->parent && n->parent->tok_count)
    return earlier(n->next, token_from(n->parent, n->end));
  return n->next;
}

rd_node *rd_node_prev(const rd_node *n) {
  if (!n) return NULL;
  if (kind_of(n) == RD_NODE_TOKEN) {
    const rd__token *t = rd__tok(n);
    rd__tok_place p;
    rd__tok_locate(&p, t);
    return later(tok_neighbour(&p, -1), citation_before(rd__tok_doc(t)->sentences[p.sentence], t->start));
  }
  if (n->kind == RD_NODE_CITATION && n->parent && n->parent->tok_count)
    return later(n->prev, token_before(n->parent, n->start));
  return n->prev;
}

size_t rd_node_child_count(const rd_node *n) {
  if (!n || kind_of(n) == RD_NODE_TOKEN) return 0;
  return n->nchildren + (n->kind == RD_NODE_SENTENCE ? n->tok_count : 0);
}

rd_node *rd_node_child_at(const rd_node *n, size_t i) {
  if (!n || kind_of(n) == RD_NODE_TOKEN || i >= rd_node_child_count(n)) return NULL;
  if (n->kind == RD_NODE_SENTENCE && n->tok_count) {
    if (n->nchildren == 0) return tok_node(n->doc, n->tok_first + i);
    if (n->mixed) return n->mixed[i];
  } else if (n->kids) {
    return n->kids[i];
  }
  rd_node *c = rd_node_first_child(n); /* still being built */
  while (c && i--) c = rd_node_next(c);
  return c;
}

const char rd__text_pending[] = "";

size_t rd__block_text_len(const rd_node *block, size_t start) {
  size_t len = 0, prev = start;
  for (const rd_node *c = block->first; c; c = c->next) {
    if (c->kind != RD_NODE_SENTENCE) continue;
    if (c->start > prev) len += c->start - prev;
    len += c->text_len;
    prev = c->end;
  }
  return len;
}

void rd__block_text_copy(char *out, const rd_node *block, size_t start) {
  const char *src = block->doc->src;
  size_t prev = start;
  for (const rd_node *c = block->first; c; c = c->next) {
    if (c->kind != RD_NODE_SENTENCE) continue;
    if (c->start > prev) { memcpy(out, src + prev, c->start - prev); out += c->start - prev; }
    /* Atomic: another thread may be replacing the sentence's view by its
     * copy (lazy_text); either has the same bytes. */
    const char *t = __atomic_load_n(&c->text, __ATOMIC_ACQUIRE);
    if (c->text_len) memcpy(out, t, c->text_len);
    out += c->text_len;
    prev = c->end;
  }
}

/* Make a pending text (model.h) whose placeholder or view is `was`; NULL
 * on OOM (set). The first copy published wins; a thread that loses the
 * race frees its own. */
static const char *lazy_text(const rd_node *n, const char *was) {
  rd__lazy_text *l = malloc(sizeof *l + n->text_len + 1);
  if (!l) { rd__oom(); return NULL; }
  if (n->kind == RD_NODE_SENTENCE) memcpy(l->text, was, n->text_len);
  else rd__block_text_copy(l->text, n, n->text_off);
  l->text[n->text_len] = '\0';
  const char *expect = was;
  rd_node *m = (rd_node *)n; /* the text is a cache: filling it is not a change */
  if (!__atomic_compare_exchange_n(&m->text, &expect, l->text, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
    free(l);
    return expect;
  }
  rd_doc *doc = n->doc;
  l->next = atomic_load_explicit(&doc->lazy_texts, memory_order_relaxed);
  while (!atomic_compare_exchange_weak_explicit(&doc->lazy_texts, &l->next, l, memory_order_release,
                                                memory_order_relaxed)) {
  }
  return l->text;
}

const char *rd_node_text(size_t *len_out, const rd_node *n) {
  const char *t = NULL;
  size_t len = 0;
  if (kind_of(n) == RD_NODE_TOKEN) {
    t = rd__tok(n)->lex->surface;
    len = t ? rd__tok(n)->lex->surface_len : 0;
  } else if (n) {
    t = __atomic_load_n(&n->text, __ATOMIC_ACQUIRE);
    len = n->text_len;
    /* A view or placeholder until asked for (model.h); a made copy is
     * neither, so it is returned as it is. */
    int pending = (n->flags & RD__NODE_LAZY_TEXT) &&
                  (t == rd__text_pending || (n->kind == RD_NODE_SENTENCE && t == n->doc->src + n->start));
    if (pending && len && !(t = lazy_text(n, t))) len = 0;
  }
  if (len_out) *len_out = len;
  return t;
}

void rd_node_span(size_t *start_out, size_t *end_out, const rd_node *n) {
  size_t a = 0, b = 0;
  if (kind_of(n) == RD_NODE_TOKEN) { a = rd__tok(n)->start; b = rd__tok_end(rd__tok(n)); }
  else if (n) { a = n->start; b = n->end; }
  if (start_out) *start_out = a;
  if (end_out) *end_out = b;
}

void rd_node_char_span(size_t *start_out, size_t *end_out, const rd_node *n) {
  size_t a = 0, b = 0;
  if (kind_of(n) == RD_NODE_TOKEN) { /* derived: tokens keep no code-point offsets (model.h) */
    const rd__token *t = rd__tok(n);
    a = rd__doc_char_offset(rd__tok_doc(t), t->start);
    b = a + rd__utf8_count(rd__tok_doc(t)->src + t->start, rd__tok_len(t));
  } else if (n) { a = n->cstart; b = n->cend; }
  if (start_out) *start_out = a;
  if (end_out) *end_out = b;
}

size_t rd_node_line(const rd_node *n) {
  if (!n) return 0;
  const rd_doc *doc = rd_node_doc(n);
  size_t a;
  rd_node_span(&a, NULL, n);
  if (!doc->line_ck) return (size_t)rd__line_of(doc->src, doc->src_len, a); /* still being built */
  /* From the checkpoint before the offset, so asking every node's line is
   * linear in the document, not quadratic. */
  if (a > doc->src_len) a = doc->src_len;
  size_t k = a / RD__CK_STEP;
  size_t line = (size_t)doc->line_ck[k] + 1;
  for (size_t i = k * RD__CK_STEP; i < a; i++) line += doc->src[i] == '\n';
  return line;
}

/* ---- sections ----------------------------------------------------------- */

const char *rd_section_id(const rd_node *s) { return kind_of(s) == RD_NODE_SECTION ? s->id : NULL; }

int rd_section_level(const rd_node *n) {
  rd_node_kind k = kind_of(n);
  return k == RD_NODE_SECTION || k == RD_NODE_HEADING ? n->level : 0;
}

rd_node *rd_section_heading(const rd_node *s) {
  if (kind_of(s) != RD_NODE_SECTION) return NULL;
  if (s->box) return s->box->heading;
  for (rd_node *c = s->first; c; c = c->next)
    if (c->kind == RD_NODE_HEADING) return c;
  return NULL;
}

bool rd_section_is_synthesized(const rd_node *s) {
  return kind_of(s) == RD_NODE_SECTION && (s->flags & RD__NODE_SYNTH);
}

bool rd_section_is_afterword(const rd_node *s) {
  return kind_of(s) == RD_NODE_SECTION && (s->flags & RD__NODE_AFTERWORD);
}

static int is_container(const rd_node *n) {
  rd_node_kind k = kind_of(n);
  return k == RD_NODE_SECTION || k == RD_NODE_DOCUMENT;
}

static size_t count_kind(const rd_node *n, unsigned mask) {
  size_t c = 0;
  for (rd_node *x = n->first; x; x = x->next)
    if (RD_MASK(x->kind) & mask) c++;
  return c;
}

static rd_node *nth_kind(const rd_node *n, unsigned mask, size_t i) {
  for (rd_node *x = n->first; x; x = x->next)
    if ((RD_MASK(x->kind) & mask) && i-- == 0) return x;
  return NULL;
}

#define PARA_MASK (RD_MASK(RD_NODE_PARAGRAPH) | RD_MASK(RD_NODE_QUESTION))

size_t rd_section_subsection_count(const rd_node *s) {
  if (!is_container(s)) return 0;
  return s->box ? s->box->nsubs : count_kind(s, RD_MASK(RD_NODE_SECTION));
}
rd_node *rd_section_subsection_at(const rd_node *s, size_t i) {
  if (!is_container(s)) return NULL;
  if (s->box) return i < s->box->nsubs ? s->box->subs[i] : NULL;
  return nth_kind(s, RD_MASK(RD_NODE_SECTION), i);
}
size_t rd_section_paragraph_count(const rd_node *s) {
  if (!is_container(s)) return 0;
  return s->box ? s->box->nparas : count_kind(s, PARA_MASK);
}
rd_node *rd_section_paragraph_at(const rd_node *s, size_t i) {
  if (!is_container(s)) return NULL;
  if (s->box) return i < s->box->nparas ? s->box->paras[i] : NULL;
  return nth_kind(s, PARA_MASK, i);
}
rd_node *rd_section_question(const rd_node *s) {
  if (!is_container(s)) return NULL;
  return s->box ? s->box->question : nth_kind(s, RD_MASK(RD_NODE_QUESTION), 0);
}

rd_node *rd_node_references(const rd_node *n) {
  const rd_node *a = kind_of(n) == RD_NODE_TOKEN ? rd__tok_sentence(rd__tok(n)) : n;
  for (; a; a = a->parent)
    if (is_container(a) && a->box) {
      if (a->box->refs) return a->box->refs;
    } else if (is_container(a))
      for (rd_node *c = a->first; c; c = c->next)
        if (c->kind == RD_NODE_REFERENCES) return c;
  return NULL;
}

rd_heading_role rd_heading_role_of(const rd_node *h) {
  return kind_of(h) == RD_NODE_HEADING ? (rd_heading_role)h->role : RD_HEADING_SECTION;
}

/* ---- blocks, sentences, citations ----------------------------------------- */

static int is_block(const rd_node *n) {
  rd_node_kind k = kind_of(n);
  return k == RD_NODE_HEADING || k == RD_NODE_PARAGRAPH || k == RD_NODE_QUESTION;
}

size_t rd_block_sentence_count(const rd_node *b) { return is_block(b) ? b->nchildren : 0; }
/* A block holds only sentences and a sentence's linked children are only
 * citations (rd__can_contain), so their position arrays answer directly. */
rd_node *rd_block_sentence_at(const rd_node *b, size_t i) {
  if (!is_block(b)) return NULL;
  if (b->kids) return i < b->nchildren ? b->kids[i] : NULL;
  return nth_kind(b, RD_MASK(RD_NODE_SENTENCE), i);
}

size_t rd_sentence_token_count(const rd_node *s) { return kind_of(s) == RD_NODE_SENTENCE ? s->tok_count : 0; }
rd_node *rd_sentence_token_at(const rd_node *s, size_t i) {
  if (kind_of(s) != RD_NODE_SENTENCE || i >= s->tok_count) return NULL;
  return tok_node(s->doc, s->tok_first + i);
}
size_t rd_sentence_citation_count(const rd_node *s) { return kind_of(s) == RD_NODE_SENTENCE ? s->nchildren : 0; }
rd_node *rd_sentence_citation_at(const rd_node *s, size_t i) {
  if (kind_of(s) != RD_NODE_SENTENCE) return NULL;
  if (s->kids) return i < s->nchildren ? s->kids[i] : NULL;
  return nth_kind(s, RD_MASK(RD_NODE_CITATION), i);
}
size_t rd_citation_text_offset(const rd_node *c) { return kind_of(c) == RD_NODE_CITATION ? c->text_off : 0; }
size_t rd_sentence_piece_count(const rd_node *s) { return kind_of(s) == RD_NODE_SENTENCE ? s->npieces : 0; }
bool rd_sentence_piece_at(const rd_node *s, size_t i, size_t *text_offset_out, size_t *source_offset_out, size_t *len_out) {
  if (kind_of(s) != RD_NODE_SENTENCE || i >= s->npieces) return false;
  if (text_offset_out) *text_offset_out = s->pieces[i].text_off;
  if (source_offset_out) *source_offset_out = s->pieces[i].src_off;
  if (len_out) *len_out = s->pieces[i].len;
  return true;
}

unsigned rd_node_number(const rd_node *n) {
  rd_node_kind k = kind_of(n);
  return k == RD_NODE_CITATION || k == RD_NODE_REFERENCE ? n->number : 0;
}
rd_node *rd_citation_target(const rd_node *c) { return kind_of(c) == RD_NODE_CITATION ? c->target : NULL; }
const char *rd_reference_url(const rd_node *r) { return kind_of(r) == RD_NODE_REFERENCE ? r->text : NULL; }
rd_node *rd_references_find(const rd_node *refs, unsigned n) {
  if (kind_of(refs) != RD_NODE_REFERENCES) return NULL;
  for (rd_node *r = refs->first; r; r = r->next)
    if (r->number == n) return r;
  return NULL;
}
