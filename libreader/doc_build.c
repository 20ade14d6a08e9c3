/* The tree builder the readers call: a document with its source copied,
 * nodes carved from its arena, appends checked by one gatekeeper, and
 * rd__doc_finish, which builds the indexes once the tree is complete
 * (position arrays, sections, sentences, character offsets, citations).
 * Knows no input format; the readers depend on it, never the reverse. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_build.h"
#include "model.h"

/* ---- construction ------------------------------------------------------ */

rd_doc *rd__doc_new(const char *src, size_t len, const char *name) {
  rd_doc *doc = calloc(1, sizeof *doc);
  if (!doc) return NULL;
  atomic_init(&doc->refs, 1);
  if (rd__doc_lock_init(doc) < 0) { free(doc); return NULL; }
  rd__arena_init(&doc->arena);
  doc->src = malloc(len + 1);
  if (!doc->src) { rd_doc_free(doc); return NULL; }
  if (len) memcpy(doc->src, src, len);
  doc->src[len] = '\0';
  doc->src_len = len;
  if (name && !(doc->name = rd__arena_strndup(&doc->arena, name, strlen(name)))) { rd_doc_free(doc); return NULL; }
  doc->root = rd__node_new(doc, RD_NODE_DOCUMENT, 0, len);
  if (!doc->root) { rd_doc_free(doc); return NULL; }
  return doc;
}

rd_doc *rd__doc_new_view(char *src, size_t len, const char *name) {
  rd_doc *doc = rd__doc_new("", 0, name);
  if (!doc) return NULL;
  free(doc->src);
  doc->src = src;
  doc->src_len = len;
  doc->root->end = len;
  return doc;
}

void rd__doc_free_view(rd_doc *doc) {
  if (!doc) return;
  doc->src = NULL; /* borrowed */
  rd_doc_free(doc);
}

rd_node *rd__node_new(rd_doc *doc, rd_node_kind kind, size_t start, size_t end) {
  rd_node *n = rd__arena_alloc(&doc->arena, sizeof *n);
  if (!n) return NULL;
  n->kind = (uint8_t)kind;
  n->doc = doc;
  n->start = start;
  n->end = end < start ? start : end;
  return n;
}

/* The one gatekeeper for the tree's shape: every append goes through it. */
int rd__can_contain(const rd_node *parent, const rd_node *child) {
  if (!parent || !child || parent == child || child->parent || parent->doc != child->doc) return 0;
  for (const rd_node *a = parent->parent; a; a = a->parent)
    if (a == child) return 0;
  switch ((rd_node_kind)parent->kind) {
  case RD_NODE_DOCUMENT:
  case RD_NODE_SECTION:
    return child->kind == RD_NODE_SECTION || child->kind == RD_NODE_HEADING ||
           child->kind == RD_NODE_PARAGRAPH || child->kind == RD_NODE_QUESTION ||
           child->kind == RD_NODE_REFERENCES;
  case RD_NODE_HEADING:
  case RD_NODE_PARAGRAPH:
  case RD_NODE_QUESTION:
    return child->kind == RD_NODE_SENTENCE;
  case RD_NODE_SENTENCE:
    return child->kind == RD_NODE_CITATION; /* tokens are stored apart */
  case RD_NODE_REFERENCES:
    return child->kind == RD_NODE_REFERENCE;
  default:
    return 0;
  }
}

rd_status rd__node_append(rd_node *parent, rd_node *child) {
  if (!rd__can_contain(parent, child))
    return rd__error(RD_EINVALID, -1, 0, "a %s cannot contain a %s", rd_node_kind_name((rd_node_kind)parent->kind),
                     rd_node_kind_name((rd_node_kind)child->kind));
  child->parent = parent;
  child->prev = parent->last;
  if (parent->last) parent->last->next = child; else parent->first = child;
  parent->last = child;
  parent->nchildren++;
  return RD_OK;
}

rd_status rd__node_set_text(rd_node *n, const char *text, size_t len) {
  char *t = rd__arena_strndup(&n->doc->arena, text, len);
  if (!t) return rd__oom();
  n->text = t;
  n->text_len = len;
  return RD_OK;
}

/* Count one warning past the cap; true if it is not to be kept. */
static bool over_cap(rd_doc *doc) {
  if (doc->nwarnings < RD__MAX_WARNINGS) return false;
  doc->warn_dropped++;
  snprintf(doc->warn_more, sizeof doc->warn_more, "%zu more warning%s not shown (at most %d are kept)",
           doc->warn_dropped, doc->warn_dropped == 1 ? "" : "s", RD__MAX_WARNINGS);
  return true;
}

rd_status rd__doc_warn(rd_doc *doc, size_t offset, const char *fmt, ...) {
  /* Before formatting: past the cap a warning costs a counter, not memory. */
  if (doc->nwarnings >= RD__MAX_WARNINGS) return rd__doc_push_warning(doc, NULL);
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  /* Count lines from the previous warning's offset: warnings mostly come in
   * source order, and counting from the start each time is quadratic. */
  if (offset > doc->src_len) offset = doc->src_len;
  if (!doc->warn_line || offset < doc->warn_off) { doc->warn_off = 0; doc->warn_line = 1; }
  for (const char *p = doc->src + doc->warn_off;
       (p = memchr(p, '\n', (size_t)(doc->src + offset - p))) != NULL; p++)
    doc->warn_line++;
  doc->warn_off = offset;
  char line[600];
  int n = snprintf(line, sizeof line, "line %lld: %s", (long long)doc->warn_line, msg);
  if (n < 0) return RD_ERROR;
  const char *s = rd__arena_strndup(&doc->arena, line, strlen(line));
  if (!s) return rd__oom();
  return rd__doc_push_warning(doc, s);
}

rd_status rd__doc_push_warning(rd_doc *doc, const char *s) {
  if (over_cap(doc)) {
    if (doc->warn_dropped == 1) return rd__doc_keep_warning(doc, doc->warn_more);
    return RD_OK;
  }
  return rd__doc_keep_warning(doc, s);
}

rd_status rd__doc_keep_warning(rd_doc *doc, const char *s) {
  if (doc->nwarnings == doc->capwarnings) {
    size_t cap = doc->capwarnings ? doc->capwarnings * 2 : 8;
    const char **w = rd__arena_alloc(&doc->arena, cap * sizeof *w);
    if (!w) return rd__oom();
    if (doc->nwarnings) memcpy(w, doc->warnings, doc->nwarnings * sizeof *w);
    doc->warnings = w;
    doc->capwarnings = cap;
  }
  doc->warnings[doc->nwarnings++] = s;
  return RD_OK;
}

/* ---- finishing: indexes, character spans, citations ---------------------- */

/* Bits set in a word whose only set bits are the bytes' top bits: one
 * multiply, where __builtin_popcountll without -mpopcnt is a call to
 * libgcc's __popcountdi2 (4.9 M instructions for 3,000 short articles). */
static inline uint32_t top_bits(uint64_t x) {
  return (uint32_t)(((x >> 7) * 0x0101010101010101ull) >> 56);
}

/* Below this size a document keeps no line index: rd_node_line then
 * counts the newlines before the node with memchr (node.c), a few dozen
 * instructions in a short article, where the index cost a second
 * word-at-a-time sum over every byte (1.2 M instructions of 3,000 short
 * articles). */
#define RD__LINE_INDEX_MIN 4096

/* Code points (and, if LINES, newlines) in src[a, b), eight bytes a step:
 * a continuation byte is 10xxxxxx (bit 7 set, bit 6 clear); a newline is
 * a zero byte of v ^ "\n\n...", found exactly by the carry-free test (no
 * borrow between bytes). Inline, so each caller's loop has only its count. */
static inline void count_span(const char *src, size_t a, size_t b, uint32_t *chars, uint32_t *lines) {
  const uint64_t hi = 0x8080808080808080ull, lo7 = 0x7F7F7F7F7F7F7F7Full, nl = 0x0A0A0A0A0A0A0A0Aull;
  size_t i = a;
  for (; i + 8 <= b; i += 8) {
    uint64_t v;
    memcpy(&v, src + i, 8);
    *chars += 8 - top_bits(v & ~(v << 1) & hi);
    if (lines) {
      uint64_t t = v ^ nl;
      *lines += top_bits(~(((t & lo7) + lo7) | t | lo7));
    }
  }
  for (; i < b; i++) {
    *chars += ((unsigned char)src[i] & 0xC0) != 0x80;
    if (lines) *lines += src[i] == '\n';
  }
}

static rd_status build_char_index(rd_doc *doc) {
  doc->nck = doc->src_len / RD__CK_STEP + 1;
  free(doc->char_ck);
  free(doc->line_ck);
  doc->line_ck = NULL;
  int with_lines = doc->src_len >= RD__LINE_INDEX_MIN;
  doc->char_ck = malloc(doc->nck * sizeof *doc->char_ck);
  if (!doc->char_ck || (with_lines && !(doc->line_ck = malloc(doc->nck * sizeof *doc->line_ck)))) return rd__oom();
  uint32_t chars = 0, lines = 0;
  for (size_t k = 0; k < doc->nck; k++) {
    size_t a = k * RD__CK_STEP, b = a + RD__CK_STEP;
    if (b > doc->src_len) b = doc->src_len;
    doc->char_ck[k] = chars;
    if (with_lines) {
      doc->line_ck[k] = lines;
      count_span(doc->src, a, b, &chars, &lines);
    } else {
      count_span(doc->src, a, b, &chars, NULL);
    }
  }
  doc->src_chars = chars; /* every byte was counted above */
  return RD_OK;
}

size_t rd__sentence_src_offset(const rd_node *s, size_t text_off) {
  if (!s->npieces) return s->start + text_off;
  for (size_t i = 0; i < s->npieces; i++) {
    const rd__piece *p = &s->pieces[i];
    if (text_off < p->text_off + p->len || i + 1 == s->npieces) return p->src_off + (text_off - p->text_off);
  }
  return s->start;
}

/* Citations are resolved in document order. The list a citation resolves
 * against depends only on its nearest SECTION/DOCUMENT; the walk notes it
 * on each container (in `target`, unused there, cleared afterwards), and a
 * number index over the current list keeps many citations against a long
 * list linear. */
typedef struct cite_memo {
  rd_node *indexed;    /* list the index was built for */
  rd_node **slots;     /* open addressing by number */
  size_t nslots;
} cite_memo;

static rd_node *memo_find(cite_memo *m, rd_node *refs, unsigned number) {
  if (refs != m->indexed) {
    size_t cap = 16;
    while (cap < refs->nchildren * 2) cap *= 2;
    if (cap > m->nslots) {
      rd_node **v = realloc(m->slots, cap * sizeof *v);
      if (!v) return rd_references_find(refs, number); /* slow but correct */
      m->slots = v;
      m->nslots = cap;
    }
    memset(m->slots, 0, m->nslots * sizeof *m->slots);
    for (rd_node *r = refs->first; r; r = r->next) {
      size_t j = (r->number * 2654435761u) & (m->nslots - 1);
      while (m->slots[j] && m->slots[j]->number != r->number) j = (j + 1) & (m->nslots - 1);
      if (!m->slots[j]) m->slots[j] = r; /* the first of duplicates wins, as in rd_references_find */
    }
    m->indexed = refs;
  }
  size_t j = (number * 2654435761u) & (m->nslots - 1);
  while (m->slots[j] && m->slots[j]->number != number) j = (j + 1) & (m->nslots - 1);
  return m->slots[j];
}

static rd_status resolve_citation(rd_doc *doc, rd_node *c, cite_memo *m) {
  const rd_node *box = c->parent;
  while (box && box->kind != RD_NODE_SECTION && box->kind != RD_NODE_DOCUMENT) box = box->parent;
  rd_node *refs = box ? box->target : NULL;
  c->target = refs ? memo_find(m, refs, c->number) : NULL;
  if (!c->target) {
    if (refs)
      return rd__doc_warn(doc, c->start, "citation [%u] has no reference in its Citations list", c->number);
    return rd__doc_warn(doc, c->start, "citation [%u] has no Citations list to resolve against", c->number);
  }
  return RD_OK;
}

/* The position arrays of one node (see model.h): its children in order,
 * and for a container its children by kind. One pass over the children,
 * so building every node's arrays is linear in the tree. */
static rd_status index_children(rd_doc *doc, rd_node *n) {
  n->kids = NULL;
  n->box = NULL;
  int container = n->kind == RD_NODE_DOCUMENT || n->kind == RD_NODE_SECTION;
  if (n->nchildren) {
    n->kids = rd__arena_alloc(&doc->arena, n->nchildren * sizeof *n->kids);
    if (!n->kids) return rd__oom();
    size_t i = 0;
    for (rd_node *c = n->first; c && i < n->nchildren; c = c->next) n->kids[i++] = c;
  }
  if (!container) return RD_OK;
  rd__box *b = rd__arena_alloc(&doc->arena, sizeof *b);
  if (!b) return rd__oom();
  for (size_t i = 0; i < n->nchildren; i++) {
    rd_node *c = n->kids[i];
    if (c->kind == RD_NODE_PARAGRAPH || c->kind == RD_NODE_QUESTION) b->nparas++;
    else if (c->kind == RD_NODE_SECTION) b->nsubs++;
  }
  if ((b->nparas && !(b->paras = rd__arena_alloc(&doc->arena, b->nparas * sizeof *b->paras))) ||
      (b->nsubs && !(b->subs = rd__arena_alloc(&doc->arena, b->nsubs * sizeof *b->subs))))
    return rd__oom();
  size_t np = 0, ns = 0;
  for (size_t i = 0; i < n->nchildren; i++) {
    rd_node *c = n->kids[i];
    if (c->kind == RD_NODE_PARAGRAPH || c->kind == RD_NODE_QUESTION) b->paras[np++] = c;
    else if (c->kind == RD_NODE_SECTION) b->subs[ns++] = c;
    if (c->kind == RD_NODE_HEADING && !b->heading) b->heading = c;
    if (c->kind == RD_NODE_QUESTION && !b->question) b->question = c;
    if (c->kind == RD_NODE_REFERENCES && !b->refs) b->refs = c;
  }
  n->box = b;
  return RD_OK;
}

static rd_status finish(rd_doc *doc, int whole) {
  rd_status st = whole ? build_char_index(doc) : RD_OK;
  if (st < 0) return st;
  rd__vec secs = RD__VEC_INIT(rd_node *), sents = RD__VEC_INIT(rd_node *);
  cite_memo memo = {0};
  /* Pre-order walk over real nodes (tokens are not in the linked tree). */
  rd_node *n = doc->root;
  while (n) {
    if (whole) {
      n->cstart = rd__doc_char_offset(doc, n->start);
      n->cend = rd__doc_char_offset(doc, n->end);
    }
    if ((st = index_children(doc, n)) < 0) goto fail;
    if (n->kind == RD_NODE_SECTION && RD__VEC_PUSH(&secs, rd_node *, n) < 0) goto oom;
    if (n->kind == RD_NODE_SENTENCE) {
      n->index = sents.len;
      if (RD__VEC_PUSH(&sents, rd_node *, n) < 0) goto oom;
    }
    if (n->kind == RD_NODE_SECTION || n->kind == RD_NODE_DOCUMENT) {
      rd_node *own = NULL;
      for (rd_node *k = n->first; k && !own; k = k->next)
        if (k->kind == RD_NODE_REFERENCES) own = k;
      n->target = own ? own : n->parent ? n->parent->target : NULL;
    }
    if (whole && n->kind == RD_NODE_CITATION && (st = resolve_citation(doc, n, &memo)) < 0) goto fail;
    if (n->first) { n = n->first; continue; }
    while (n && !n->next) n = n->parent;
    if (n) n = n->next;
  }
  doc->sections = rd__arena_alloc(&doc->arena, (secs.len + 1) * sizeof(rd_node *));
  doc->sentences = rd__arena_alloc(&doc->arena, (sents.len + 1) * sizeof(rd_node *));
  if (!doc->sections || !doc->sentences) goto oom;
  if (secs.len) memcpy(doc->sections, secs.ptr, secs.len * sizeof(rd_node *));
  if (sents.len) memcpy(doc->sentences, sents.ptr, sents.len * sizeof(rd_node *));
  doc->nsections = secs.len;
  doc->nsentences = sents.len;
  /* Sections by id, for rd_doc_section(); the first of duplicates wins. */
  for (size_t i = 0; i < doc->nsections; i++) {
    const char *id = doc->sections[i]->id;
    if (!id) continue;
    bool added;
    rd__hash_entry *e = rd__hash_put(&doc->section_ids, id, strlen(id), &added);
    if (!e) goto oom;
    if (added) e->val.ptr = doc->sections[i];
  }
  st = RD_OK;
  goto done;
oom:
  st = rd__oom();
fail:
done:
  for (size_t i = 0; i < secs.len; i++) RD__VEC_AT(&secs, rd_node *, i)->target = NULL;
  doc->root->target = NULL;
  free(memo.slots);
  rd__vec_dispose(&secs);
  rd__vec_dispose(&sents);
  return st;
}

rd_status rd__doc_finish(rd_doc *doc) { return finish(doc, 1); }

rd_status rd__doc_finish_block(rd_doc *doc) { return finish(doc, 0); }
