/* rd_doc: ownership (one arena, one source copy, one token array), the
 * builder functions readers use, indexes built once parsing is done, and
 * the intern tables that keep repeated token strings single. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>

#include "doc_internal.h"
#include "readers_internal.h"

/* ---- intern tables ------------------------------------------------------- */

struct rd__intern {
  const char **strs; size_t nstrs, capstrs;   /* open addressing, power of 2 */
  const rd__lex **lexes; size_t nlex, caplex;
};

static uint64_t hash_bytes(const char *s, size_t len, uint64_t h) {
  /* FNV-1a: small and good enough for short dictionary strings. */
  for (size_t i = 0; i < len; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ull; }
  return h;
}
#define HASH_SEED 1469598103934665603ull

static int grow_strs(rd__intern *t) {
  size_t cap = t->capstrs ? t->capstrs * 2 : 1024;
  const char **n = calloc(cap, sizeof *n);
  if (!n) return -1;
  for (size_t i = 0; i < t->capstrs; i++) {
    const char *s = t->strs[i];
    if (!s) continue;
    size_t j = hash_bytes(s, strlen(s), HASH_SEED) & (cap - 1);
    while (n[j]) j = (j + 1) & (cap - 1);
    n[j] = s;
  }
  free(t->strs);
  t->strs = n;
  t->capstrs = cap;
  return 0;
}

const char *rd__doc_intern(rd_doc *doc, const char *s, size_t len) {
  rd__intern *t = doc->intern;
  if (!s) return NULL;
  if (t->nstrs * 2 >= t->capstrs && grow_strs(t) < 0) return NULL;
  size_t j = hash_bytes(s, len, HASH_SEED) & (t->capstrs - 1);
  while (t->strs[j]) {
    const char *c = t->strs[j];
    if (strncmp(c, s, len) == 0 && c[len] == '\0') return c;
    j = (j + 1) & (t->capstrs - 1);
  }
  char *copy = rd__arena_strndup(&doc->arena, s, len);
  if (!copy) return NULL;
  t->strs[j] = copy;
  t->nstrs++;
  return copy;
}

static uint64_t hash_str(const char *s, uint64_t h) {
  if (!s) return h * 31 + 7;
  return hash_bytes(s, strlen(s), h) * 31 + 1;
}

static uint64_t lex_hash(const rd__lex *l) {
  uint64_t h = HASH_SEED;
  h = hash_str(l->surface, h); h = hash_str(l->lemma, h); h = hash_str(l->pos, h);
  h = hash_str(l->infl, h); h = hash_str(l->reading, h); h = hash_str(l->pron, h);
  h = hash_str(l->orig_reading, h); h = hash_str(l->rule, h);
  h ^= l->flags * 0x9E3779B97F4A7C15ull;
  h ^= (uint64_t)l->pos_class << 7;
  return h;
}

static int str_eq(const char *a, const char *b) {
  return a == b || (a && b && strcmp(a, b) == 0);
}

static int lex_eq(const rd__lex *a, const rd__lex *b) {
  if (a->flags != b->flags || a->pos_class != b->pos_class || a->ruby_count != b->ruby_count) return 0;
  if (!str_eq(a->surface, b->surface) || !str_eq(a->lemma, b->lemma) || !str_eq(a->pos, b->pos) ||
      !str_eq(a->infl, b->infl) || !str_eq(a->reading, b->reading) || !str_eq(a->pron, b->pron) ||
      !str_eq(a->orig_reading, b->orig_reading) || !str_eq(a->rule, b->rule))
    return 0;
  for (size_t i = 0; i < a->ruby_count; i++)
    if (a->ruby[i].start != b->ruby[i].start || a->ruby[i].len != b->ruby[i].len ||
        !str_eq(a->ruby[i].reading, b->ruby[i].reading))
      return 0;
  return 1;
}

static int grow_lex(rd__intern *t) {
  size_t cap = t->caplex ? t->caplex * 2 : 1024;
  const rd__lex **n = calloc(cap, sizeof *n);
  if (!n) return -1;
  for (size_t i = 0; i < t->caplex; i++) {
    const rd__lex *l = t->lexes[i];
    if (!l) continue;
    size_t j = lex_hash(l) & (cap - 1);
    while (n[j]) j = (j + 1) & (cap - 1);
    n[j] = l;
  }
  free(t->lexes);
  t->lexes = n;
  t->caplex = cap;
  return 0;
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

const rd__lex *rd__doc_lex(rd_doc *doc, const rd__lex *proto) {
  rd__intern *t = doc->intern;
  if (t->nlex * 2 >= t->caplex && grow_lex(t) < 0) return NULL;
  size_t j = lex_hash(proto) & (t->caplex - 1);
  while (t->lexes[j]) {
    if (lex_eq(t->lexes[j], proto)) return t->lexes[j];
    j = (j + 1) & (t->caplex - 1);
  }
  rd__lex *l = rd__arena_alloc(&doc->arena, sizeof *l);
  if (!l) return NULL;
  int oom = 0;
  l->surface = intern_opt(doc, proto->surface, &oom);
  l->lemma = intern_opt(doc, proto->lemma, &oom);
  l->pos = intern_opt(doc, proto->pos, &oom);
  l->infl = intern_opt(doc, proto->infl, &oom);
  l->reading = intern_opt(doc, proto->reading, &oom);
  l->pron = intern_opt(doc, proto->pron, &oom);
  l->orig_reading = intern_opt(doc, proto->orig_reading, &oom);
  l->rule = intern_opt(doc, proto->rule, &oom);
  l->flags = proto->flags;
  l->pos_class = proto->pos_class;
  if (proto->ruby_count) {
    l->ruby = rd__arena_alloc(&doc->arena, proto->ruby_count * sizeof *l->ruby);
    if (!l->ruby) return NULL;
    for (size_t i = 0; i < proto->ruby_count; i++) {
      l->ruby[i] = proto->ruby[i];
      l->ruby[i].reading = intern_opt(doc, proto->ruby[i].reading, &oom);
    }
    l->ruby_count = proto->ruby_count;
    if (make_groups(doc, l) < 0) return NULL;
  }
  if (oom) return NULL;
  t->lexes[j] = l;
  t->nlex++;
  return l;
}

/* ---- construction ------------------------------------------------------ */

rd_doc *rd__doc_new(const char *src, size_t len, const char *name) {
  rd_doc *doc = calloc(1, sizeof *doc);
  if (!doc) return NULL;
  atomic_init(&doc->refs, 1);
  rd__arena_init(&doc->arena);
  doc->intern = calloc(1, sizeof *doc->intern);
  doc->src = malloc(len + 1);
  if (!doc->intern || !doc->src) { rd_doc_free(doc); return NULL; }
  if (len) memcpy(doc->src, src, len);
  doc->src[len] = '\0';
  doc->src_len = len;
  if (name && !(doc->name = rd__arena_strndup(&doc->arena, name, strlen(name)))) { rd_doc_free(doc); return NULL; }
  doc->root = rd__node_new(doc, RD_NODE_DOCUMENT, 0, len);
  if (!doc->root) { rd_doc_free(doc); return NULL; }
  return doc;
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

rd_status rd__doc_warn(rd_doc *doc, size_t offset, const char *fmt, ...) {
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

static rd_status build_char_index(rd_doc *doc) {
  doc->nck = doc->src_len / RD__CK_STEP + 1;
  doc->char_ck = malloc(doc->nck * sizeof *doc->char_ck);
  if (!doc->char_ck) return rd__oom();
  uint32_t chars = 0;
  for (size_t k = 0; k < doc->nck; k++) {
    doc->char_ck[k] = chars;
    size_t a = k * RD__CK_STEP, b = a + RD__CK_STEP;
    if (b > doc->src_len) b = doc->src_len;
    for (size_t i = a; i < b; i++)
      if (((unsigned char)doc->src[i] & 0xC0) != 0x80) chars++;
  }
  doc->src_chars = rd__utf8_count(doc->src, doc->src_len);
  return RD_OK;
}

size_t rd__doc_char_offset(const rd_doc *doc, size_t off) {
  if (off >= doc->src_len) return doc->src_chars;
  if (!doc->char_ck) return rd__utf8_count(doc->src, off);
  size_t k = off / RD__CK_STEP;
  size_t chars = doc->char_ck[k];
  for (size_t i = k * RD__CK_STEP; i < off; i++)
    if (((unsigned char)doc->src[i] & 0xC0) != 0x80) chars++;
  return chars;
}

size_t rd__sentence_src_offset(const rd_node *s, size_t text_off) {
  if (!s->npieces) return s->start + text_off;
  for (size_t i = 0; i < s->npieces; i++) {
    const rd__piece *p = &s->pieces[i];
    if (text_off < p->text_off + p->len || i + 1 == s->npieces) return p->src_off + (text_off - p->text_off);
  }
  return s->start;
}

typedef struct growv { rd_node **v; size_t n, cap; } growv;

static int growv_push(growv *g, rd_node *n) {
  if (g->n == g->cap) {
    size_t cap = g->cap ? g->cap * 2 : 16;
    rd_node **v = realloc(g->v, cap * sizeof *v);
    if (!v) return -1;
    g->v = v;
    g->cap = cap;
  }
  g->v[g->n++] = n;
  return 0;
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

rd_status rd__doc_finish(rd_doc *doc) {
  rd_status st = build_char_index(doc);
  if (st < 0) return st;
  growv secs = {0}, sents = {0};
  cite_memo memo = {0};
  /* Pre-order walk over real nodes (tokens are not in the linked tree). */
  rd_node *n = doc->root;
  while (n) {
    n->cstart = rd__doc_char_offset(doc, n->start);
    n->cend = rd__doc_char_offset(doc, n->end);
    if (n->kind == RD_NODE_SECTION && growv_push(&secs, n) < 0) goto oom;
    if (n->kind == RD_NODE_SENTENCE) {
      n->index = sents.n;
      if (growv_push(&sents, n) < 0) goto oom;
    }
    if (n->kind == RD_NODE_SECTION || n->kind == RD_NODE_DOCUMENT) {
      rd_node *own = NULL;
      for (rd_node *k = n->first; k && !own; k = k->next)
        if (k->kind == RD_NODE_REFERENCES) own = k;
      n->target = own ? own : n->parent ? n->parent->target : NULL;
    }
    if (n->kind == RD_NODE_CITATION && (st = resolve_citation(doc, n, &memo)) < 0) goto fail;
    if (n->first) { n = n->first; continue; }
    while (n && !n->next) n = n->parent;
    if (n) n = n->next;
  }
  doc->sections = rd__arena_alloc(&doc->arena, (secs.n + 1) * sizeof(rd_node *));
  doc->sentences = rd__arena_alloc(&doc->arena, (sents.n + 1) * sizeof(rd_node *));
  if (!doc->sections || !doc->sentences) goto oom;
  if (secs.n) memcpy(doc->sections, secs.v, secs.n * sizeof(rd_node *));
  if (sents.n) memcpy(doc->sentences, sents.v, sents.n * sizeof(rd_node *));
  doc->nsections = secs.n;
  doc->nsentences = sents.n;
  st = RD_OK;
  goto done;
oom:
  st = rd__oom();
fail:
done:
  for (size_t i = 0; i < secs.n; i++) secs.v[i]->target = NULL;
  doc->root->target = NULL;
  free(memo.slots);
  free(secs.v);
  free(sents.v);
  return st;
}

rd_status rd__doc_set_tokens(rd_doc *doc, rd__token *tokens, size_t n) {
  if (doc->tokens) {
    rd__token **r = realloc(doc->retired, (doc->nretired + 1) * sizeof *r);
    if (!r) return rd__oom();
    doc->retired = r;
    size_t *rn = realloc(doc->retired_n, (doc->nretired + 1) * sizeof *rn);
    if (!rn) return rd__oom();
    doc->retired_n = rn;
    doc->retired[doc->nretired] = doc->tokens;
    doc->retired_n[doc->nretired++] = doc->ntokens;
  }
  doc->tokens = tokens;
  doc->ntokens = n;
  return RD_OK;
}

const rd__token *rd__tok_array(const rd__token *t, size_t *n_out) {
  const rd_doc *doc = t->sentence->doc;
  if (t >= doc->tokens && t < doc->tokens + doc->ntokens) { *n_out = doc->ntokens; return doc->tokens; }
  for (size_t i = 0; i < doc->nretired; i++)
    if (t >= doc->retired[i] && t < doc->retired[i] + doc->retired_n[i]) { *n_out = doc->retired_n[i]; return doc->retired[i]; }
  *n_out = 0;
  return t;
}

/* ---- lifetime ------------------------------------------------------------ */

void rd_doc_ref(rd_doc *doc) {
  if (doc) atomic_fetch_add_explicit(&doc->refs, 1, memory_order_relaxed);
}

void rd_doc_unref(rd_doc *doc) {
  if (!doc) return;
  if (atomic_fetch_sub_explicit(&doc->refs, 1, memory_order_acq_rel) != 1) return;
  if (doc->intern) {
    free(doc->intern->strs);
    free(doc->intern->lexes);
    free(doc->intern);
  }
  for (size_t i = 0; i < doc->nretired; i++) free(doc->retired[i]);
  free(doc->retired);
  free(doc->retired_n);
  free(doc->tokens);
  free(doc->char_ck);
  free(doc->src);
  rd__arena_dispose(&doc->arena);
  free(doc);
}

void rd_doc_free(rd_doc *doc) { rd_doc_unref(doc); }

/* ---- parsing entry points ------------------------------------------------ */

static rd_format sniff_format(const char *text, size_t len, const char *name) {
  if (name) {
    const char *dot = strrchr(name, '.');
    if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm") || !strcmp(dot, ".xhtml"))) return RD_FORMAT_HTML;
    if (dot && !strcmp(dot, ".xml")) return RD_FORMAT_XML;
  }
  size_t i = 0;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) i++;
  if (i < len && text[i] == '<') {
    if (len - i >= 5 && !memcmp(text + i, "<?xml", 5)) {
      /* Our own XML names its root "document" in the libreader namespace. */
      const char *p = memchr(text + i, '>', len - i);
      size_t rest = len - i;
      if (rest > 4096) rest = 4096;
      (void)p;
      for (size_t k = i; k + 9 < i + rest; k++)
        if (!memcmp(text + k, "libreader", 9)) return RD_FORMAT_XML;
    }
    return RD_FORMAT_HTML;
  }
  return RD_FORMAT_TEXT;
}

rd_status rd_doc_parse(rd_doc **out, const char *text, size_t len, const rd_parse_options *opts) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_doc_parse: out is NULL");
  *out = NULL;
  if (!text && len) return rd__error(RD_EINVALID, -1, 0, "rd_doc_parse: text is NULL");
  if (!text) text = "";
  if (opts) {
    if (opts->version != RD_PARSE_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_parse_options: unsupported version %u", opts->version);
    o = *opts;
  }
  if (len > UINT32_MAX - 1)
    return rd__error(RD_EINVALID, -1, 0, "%s%sinput of %zu bytes is larger than the 4 GiB limit",
                     o.name ? o.name : "", o.name ? ": " : "", len);
  if (rd__utf8_validate(text, len, o.name) < 0) return rd__parse_decoded(out, text, len, &o); /* decode.c */
  rd_format fmt = o.format == RD_FORMAT_AUTO ? sniff_format(text, len, o.name) : o.format;
  switch (fmt) {
  case RD_FORMAT_HTML: return rd__read_html(out, text, len, &o);
  case RD_FORMAT_XML: return rd__read_xml(out, text, len, &o);
  case RD_FORMAT_LINES:
  case RD_FORMAT_TEXT:
  default: {
    rd_status st = rd__utf8_validate(text, len, o.name);
    if (st < 0) return st;
    rd_doc *doc = rd__doc_new(text, len, o.name);
    if (!doc) return rd__oom();
    st = fmt == RD_FORMAT_LINES ? rd__read_lines(doc) : rd__read_text(doc, o.flags);
    if (st >= 0) st = rd__doc_finish(doc);
    if (st < 0) { rd_doc_free(doc); return st; }
    *out = doc;
    return RD_OK;
  }
  }
}

rd_status rd__read_file(const char *path, char **data_out, size_t *len_out) {
  *data_out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) return rd__error(RD_EIO, -1, 0, "%s: cannot open: %s", path, strerror(errno));
  rd__buf b = RD__BUF_INIT;
  char chunk[65536];
  size_t n;
  errno = 0;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) rd__buf_put(&b, chunk, n);
  /* fopen() succeeds on a directory; the read then fails with EISDIR, so
   * keep errno to say why ("Is a directory") rather than only "read error". */
  int err = ferror(f), saved = errno;
  fclose(f);
  if (err) {
    rd__buf_dispose(&b);
    return rd__error(RD_EIO, -1, 0, "%s: cannot read: %s", path, saved ? strerror(saved) : "read error");
  }
  if (b.oom) { rd__buf_dispose(&b); return rd__oom(); }
  *data_out = rd__buf_detach(&b, len_out);
  return *data_out ? RD_OK : rd__oom();
}

rd_status rd_doc_parse_file(rd_doc **out, const char *path, const rd_parse_options *opts) {
  if (!out || !path) return rd__error(RD_EINVALID, -1, 0, "rd_doc_parse_file: NULL argument");
  *out = NULL;
  char *data;
  size_t len;
  rd_status st = rd__read_file(path, &data, &len);
  if (st < 0) return st;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  if (opts) o = *opts;
  if (!o.name) o.name = path;
  st = rd_doc_parse(out, data, len, &o);
  free(data);
  return st;
}

/* ---- queries --------------------------------------------------------------- */

rd_node *rd_doc_root(const rd_doc *doc) { return doc ? doc->root : NULL; }
const char *rd_doc_source(const rd_doc *doc, size_t *len_out) {
  if (len_out) *len_out = doc ? doc->src_len : 0;
  return doc ? doc->src : NULL;
}
const char *rd_doc_name(const rd_doc *doc) { return doc ? doc->name : NULL; }
rd_node *rd_doc_title(const rd_doc *doc) { return doc ? doc->title : NULL; }
rd_node *rd_doc_headline(const rd_doc *doc) { return doc ? doc->headline : NULL; }
const char *rd_doc_date(const rd_doc *doc) { return doc ? doc->date : NULL; }
const char *rd_doc_byline(const rd_doc *doc) { return doc ? doc->byline : NULL; }
rd_node *rd_doc_lead(const rd_doc *doc) { return doc ? doc->lead : NULL; }
size_t rd_doc_section_count(const rd_doc *doc) { return doc ? doc->nsections : 0; }
rd_node *rd_doc_section_at(const rd_doc *doc, size_t i) {
  return doc && i < doc->nsections ? doc->sections[i] : NULL;
}

rd_node *rd_doc_section(const rd_doc *doc, const char *id) {
  if (!doc || !id) return NULL;
  for (size_t i = 0; i < doc->nsections; i++)
    if (doc->sections[i]->id && !strcmp(doc->sections[i]->id, id)) return doc->sections[i];
  return NULL;
}

rd_node *rd_doc_section_by_heading(const rd_doc *doc, const char *heading, size_t len) {
  if (!doc || !heading) return NULL;
  size_t klen;
  char *key = rd__normalize_key(heading, len, &klen);
  if (!key) return NULL;
  rd_node *found = NULL;
  for (size_t pass = 0; pass < 2 && !found; pass++) {
    for (size_t i = 0; i < doc->nsections && !found; i++) {
      rd_node *s = doc->sections[i];
      rd_node *h = rd_section_heading(s);
      if (!h || !h->text) continue;
      size_t hlen;
      char *hk = rd__normalize_key(h->text, h->text_len, &hlen);
      if (!hk) break;
      if (pass == 0) {
        if (hlen == klen && !memcmp(hk, key, klen)) found = s;
      } else if (s->id) {
        /* Second pass: the heading with its number, "1.事件の概要". */
        size_t idl = strlen(s->id);
        if (klen > idl && !memcmp(key, s->id, idl) && key[idl] == '.' && klen - idl - 1 == hlen &&
            !memcmp(key + idl + 1, hk, hlen))
          found = s;
      }
      free(hk);
    }
  }
  free(key);
  return found;
}

size_t rd_doc_sentence_count(const rd_doc *doc) { return doc ? doc->nsentences : 0; }
rd_node *rd_doc_sentence_at(const rd_doc *doc, size_t i) {
  return doc && i < doc->nsentences ? doc->sentences[i] : NULL;
}
size_t rd_doc_token_count(const rd_doc *doc) { return doc ? doc->ntokens : 0; }
rd_node *rd_doc_token_at(const rd_doc *doc, size_t i) {
  return doc && i < doc->ntokens ? (rd_node *)(void *)&doc->tokens[i] : NULL;
}
size_t rd_doc_warning_count(const rd_doc *doc) { return doc ? doc->nwarnings : 0; }
const char *rd_doc_warning_at(const rd_doc *doc, size_t i) {
  return doc && i < doc->nwarnings ? doc->warnings[i] : NULL;
}
