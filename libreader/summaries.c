/* English summaries: read a summaries file (hostile-input-safe libxml2
 * parse, UTF-8 only, RELAX NG validation against the embedded schema),
 * pair every entry with a node (by section id, else by normalised
 * heading), and only then attach. Invariant: a failed load changes
 * nothing in the document, so every allocation happens before the first
 * pointer is stored. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "model.h"
#include "readers_internal.h"
#include "reader/summaries.h"
#include "xml_safe.h"

/* Generated at configure time from schemas/summaries.rng (CMakeLists.txt). */
extern const unsigned char rd__summaries_schema_text[];
extern const size_t rd__summaries_schema_len;

const char *rd_summaries_schema(void) { return (const char *)rd__summaries_schema_text; }

/* ---- reading and setting ---------------------------------------------------- */

static int can_summarise(const rd_node *n) {
  if (!n || rd__is_token(n)) return 0;
  switch (n->kind) {
  case RD_NODE_SECTION: case RD_NODE_HEADING: case RD_NODE_PARAGRAPH: case RD_NODE_QUESTION: return 1;
  default: return 0;
  }
}

const char *rd_node_summary(const rd_node *node) { return can_summarise(node) ? node->summary : NULL; }

rd_status rd_node_set_summary(rd_node *node, const char *text, size_t len) {
  if (!can_summarise(node))
    return rd__error(RD_EINVALID, -1, 0, "rd_node_set_summary: %s node cannot carry a summary",
                     node ? rd_node_kind_name(rd_node_kind_of(node)) : "NULL");
  rd_status st = text ? rd__utf8_validate(text, len, "summary text") : RD_OK;
  if (st < 0) return st;
  int k = rd__doc_lock(node->doc, 1); /* the arena is shared with concurrent mutators */
  char *copy = text ? rd__arena_strndup(&node->doc->arena, text, len) : NULL;
  if (copy || !text) node->summary = copy;
  rd__doc_unlock(node->doc, k);
  return copy || !text ? RD_OK : rd__oom();
}

/* ---- the report ---------------------------------------------------------------- */

struct rd_pairing {
  rd_pairing_item *items;
  size_t n, cap;
  size_t paired;
};

size_t rd_pairing_paired_count(const rd_pairing *r) { return r ? r->paired : 0; }
size_t rd_pairing_item_count(const rd_pairing *r) { return r ? r->n : 0; }
const rd_pairing_item *rd_pairing_item_at(const rd_pairing *r, size_t i) {
  return r && i < r->n ? &r->items[i] : NULL;
}
size_t rd_pairing_count_kind(const rd_pairing *r, rd_pairing_kind kind) {
  size_t c = 0;
  for (size_t i = 0; r && i < r->n; i++) c += r->items[i].kind == kind;
  return c;
}

void rd_pairing_free(rd_pairing *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n; i++) {
    free((char *)r->items[i].section_id);
    free((char *)r->items[i].heading);
    free((char *)r->items[i].message);
  }
  free(r->items);
  free(r);
}

static char *dup_or_null(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}

/* Returns the new item's message (for strict-mode errors) or NULL on OOM. */
static const char *report_add(rd_pairing *r, rd_pairing_kind kind, const char *element, const char *id,
                              const char *heading, rd_node *node, int64_t line, const char *fmt, ...)
  RD__PRINTF(8, 9);
static const char *report_add(rd_pairing *r, rd_pairing_kind kind, const char *element, const char *id,
                              const char *heading, rd_node *node, int64_t line, const char *fmt, ...) {
  if (r->n == r->cap) {
    size_t cap = r->cap ? 2 * r->cap : 16;
    rd_pairing_item *it = realloc(r->items, cap * sizeof *it);
    if (!it) return NULL;
    r->items = it;
    r->cap = cap;
  }
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  rd_pairing_item *it = &r->items[r->n];
  memset(it, 0, sizeof *it);
  it->version = RD_PAIRING_ITEM_VERSION;
  it->kind = kind;
  it->element = element;
  it->node = node;
  it->line = line;
  it->section_id = dup_or_null(id);
  it->heading = dup_or_null(heading);
  it->message = dup_or_null(msg);
  if ((id && !it->section_id) || (heading && !it->heading) || !it->message) {
    free((char *)it->section_id); free((char *)it->heading); free((char *)it->message);
    return NULL;
  }
  r->n++;
  return it->message;
}

/* ---- safe parsing ---------------------------------------------------------------- */

typedef struct parse_state {
  const char *name;
  int have_error;
  long line;
  char msg[400];
} parse_state;

static void trim_msg(char *m) {
  size_t n = strlen(m);
  while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) m[--n] = '\0';
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) {
  rd__xml_init();
  xmlRelaxNGInitTypes();
}

/* Only UTF-8 is accepted: refuse UTF-16/32 marks and any other declared
 * encoding, rather than letting libxml2 transcode silently. */
static rd_status check_encoding(const char *xml, size_t len, const char *name) {
  const unsigned char *u = (const unsigned char *)xml;
  if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE)))
    return rd__error(RD_EENCODING, 0, 1, "%s:1: UTF-16/32 byte-order mark; summaries files must be UTF-8", name);
  size_t p = (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) ? 3 : 0;
  if (len - p >= 5 && !memcmp(xml + p, "<?xml", 5)) {
    const char *end = NULL;
    for (size_t i = p; i + 1 < len; i++)
      if (xml[i] == '?' && xml[i + 1] == '>') { end = xml + i; break; }
    if (end) {
      const char *enc = NULL;
      for (size_t i = p; i + 8 <= (size_t)(end - xml); i++)
        if (!memcmp(xml + i, "encoding", 8)) { enc = xml + i + 8; break; }
      if (enc) {
        while (enc < end && (*enc == ' ' || *enc == '=' || *enc == '\t')) enc++;
        if (enc < end && (*enc == '"' || *enc == '\'')) {
          char q = *enc++;
          const char *e2 = enc;
          while (e2 < end && *e2 != q) e2++;
          size_t n = (size_t)(e2 - enc);
          if (!((n == 5 && !strncasecmp(enc, "utf-8", 5)) || (n == 4 && !strncasecmp(enc, "utf8", 4))))
            return rd__error(RD_EENCODING, (int64_t)(enc - xml), 1,
                             "%s:1: declared encoding '%.*s' is not supported; summaries files must be UTF-8", name,
                             (int)(n > 40 ? 40 : n), enc);
        }
      }
    }
  }
  rd_status st = rd__utf8_validate(xml, len, name);
  if (st < 0) {
    /* rd__utf8_validate names the byte; add the hint that matters here. */
    const rd_error *e = rd_error_last();
    int64_t off = e->offset, line = e->line;
    return rd__error(RD_EENCODING, off, line,
                     "%s:%lld: not UTF-8 (invalid byte sequence at byte %lld); summaries files must be UTF-8, "
                     "convert with e.g. iconv -f EUC-JP -t UTF-8", name, (long long)line, (long long)off);
  }
  return RD_OK;
}

/* The shared hardened parse (xml_safe.c): no DTD, no entities, no
 * network, attributes and nesting capped; its refusal worded here as
 * "file:line: ...". */
static xmlDocPtr parse_xml(const char *xml, size_t len, const char *name) {
  xmlDocPtr d = NULL;
  rd__xml_fault f;
  rd_status st = rd__xml_safe_parse(&d, &f, xml, len, RD__XML_STRICT);
  if (st == RD_EXML) rd__error(RD_EXML, -1, f.line, "%s:%ld: %s", name, f.line, f.msg);
  return st < 0 ? NULL : d;
}

/* RELAX NG errors go to this per-context hook. */
static void on_rng_error(void *user, xmlErrorPtr e) {
  parse_state *ps = user;
  if (!e || e->level == XML_ERR_WARNING || ps->have_error) return;
  ps->have_error = 1;
  ps->line = e->line;
  if (!ps->line && e->node) ps->line = xmlGetLineNo((xmlNodePtr)e->node);
  snprintf(ps->msg, sizeof ps->msg, "%s", e->message ? e->message : "invalid");
  trim_msg(ps->msg);
}

/* The schema is parsed per call (about a millisecond): a compiled schema
 * shared between threads is not documented as safe in libxml2 2.9. */
static rd_status validate(xmlDocPtr d, const char *name) {
  parse_state ps;
  memset(&ps, 0, sizeof ps);
  rd_status st = RD_OK;
  xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt((const char *)rd__summaries_schema_text, (int)rd__summaries_schema_len);
  if (!pc) return rd__oom();
  xmlRelaxNGSetParserStructuredErrors(pc, on_rng_error, &ps);
  xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
  xmlRelaxNGFreeParserCtxt(pc);
  if (!schema) return rd__error(RD_ERROR, -1, 0, "embedded summaries schema failed to compile: %s", ps.msg);
  xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
  if (!vc) { xmlRelaxNGFree(schema); return rd__oom(); }
  memset(&ps, 0, sizeof ps);
  xmlRelaxNGSetValidStructuredErrors(vc, on_rng_error, &ps);
  int rc = xmlRelaxNGValidateDoc(vc, d);
  /* some errors about the root's attributes come without a line */
  if (rc != 0 && ps.line <= 0 && xmlDocGetRootElement(d)) ps.line = xmlGetLineNo(xmlDocGetRootElement(d));
  if (rc != 0)
    st = rd__error(RD_EXML, -1, ps.line, "%s:%ld: does not match the summaries schema: %s", name, ps.line,
                   ps.have_error ? ps.msg : "validation failed");
  xmlRelaxNGFreeValidCtxt(vc);
  xmlRelaxNGFree(schema);
  return st;
}

/* ---- pairing --------------------------------------------------------------------- */

typedef struct pending {
  rd_node *node;
  char *text;  /* arena copy, made before anything is attached */
  long line;
} pending;

/* Element text with runs of white space (line wrapping in the file)
 * collapsed to one space and the ends trimmed; malloc'ed. */
static char *clean_text(xmlNodePtr el, size_t *len_out) {
  xmlChar *raw = xmlNodeGetContent(el);
  if (!raw) return NULL;
  size_t n = strlen((const char *)raw), w = 0;
  char *out = malloc(n + 1);
  if (out) {
    int space = 0;
    for (size_t i = 0; i < n; i++) {
      char c = (char)raw[i];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { space = 1; continue; }
      if (space && w) out[w++] = ' ';
      space = 0;
      out[w++] = c;
    }
    out[w] = '\0';
    *len_out = w;
  }
  xmlFree(raw);
  return out;
}

static char *attr(xmlNodePtr el, const char *name) {
  xmlChar *v = xmlGetProp(el, (const xmlChar *)name);
  if (!v) return NULL;
  char *c = dup_or_null((const char *)v);
  xmlFree(v);
  return c;
}

static const char *node_label(const rd_doc *doc, const rd_node *n, char *buf, size_t size) {
  if (n == doc->title) return "the title";
  if (n == doc->lead) return "the lead";
  if (n->kind == RD_NODE_QUESTION) {
    snprintf(buf, size, "the question of section %s", n->parent && n->parent->id ? n->parent->id : "?");
    return buf;
  }
  snprintf(buf, size, "section %s", n->id ? n->id : "?");
  return buf;
}

typedef struct pairer {
  rd_doc *doc;
  const char *name;
  unsigned flags;
  rd_pairing *rep;
  pending *p;
  size_t np, capp;
  /* Paired nodes -> index in p, so that duplicates and the unpaired
   * report are found at once, not by a scan per summary (issue 16, item
   * 11: 100,000 summaries took 43 s). Keys are the node pointers' bytes,
   * kept in `keys` (sized once for every element, so it never moves). */
  rd__hash paired;
  const rd_node **keys;
  size_t nkeys;
  /* Sections by normalised heading, built once per pairing: a summary
   * paired by heading costs one normalisation and a look-up, not one per
   * section (issue 16, item 11: 8,000 by heading took 5 s). */
  rd__heading_index headings;
} pairer;

/* A strict-mode failure or OOM ends pairing. */
static rd_status oom_or(const char *msg, rd_status code, pairer *pr, long line) {
  if (!msg) return rd__oom();
  if (pr->flags & RD_SUMMARIES_LENIENT) return RD_OK;
  return rd__error(code, -1, line, "%s:%ld: %s", pr->name, line, msg);
}

static rd_status pair_one(pairer *pr, xmlNodePtr el) {
  const char *ename = (const char *)el->name;
  const char *element = !strcmp(ename, "title") ? "title" : !strcmp(ename, "lead") ? "lead"
                        : !strcmp(ename, "question") ? "question" : "summary";
  long line = xmlGetLineNo(el);
  char *id = attr(el, "section"), *heading = attr(el, "heading");
  size_t tlen = 0;
  char *text = clean_text(el, &tlen);
  rd_status st = RD_OK;
  rd_node *node = NULL;
  const char *msg;
  char lbl[128];
  if (!text) { st = rd__oom(); goto done; }

  if (element[0] == 't' || element[0] == 'l') {
    node = element[0] == 't' ? pr->doc->title : pr->doc->lead;
    if (!node) {
      st = oom_or(report_add(pr->rep, RD_PAIRING_SUMMARY_UNPAIRED, element, NULL, NULL, NULL, line,
                             "<%s> given, but the document has no %s", element, element),
                  RD_ENOTFOUND, pr, line);
      goto done;
    }
  } else {
    rd_node *sec = id ? rd_doc_section(pr->doc, id) : NULL;
    rd_node *by_heading = heading ? rd__heading_index_find(&pr->headings, heading, strlen(heading)) : NULL;
    if (sec && heading && by_heading != sec) {
      rd_node *h = rd_section_heading(sec);
      if (!report_add(pr->rep, RD_PAIRING_HEADING_MISMATCH, element, id, heading, sec, line,
                      "section %s is headed '%s', not '%s'", id, h && h->text ? h->text : "", heading)) { st = rd__oom(); goto done; }
    } else if (!sec && by_heading) {
      sec = by_heading;
      /* Worth a note only when an id was given and is stale. */
      if (id && !report_add(pr->rep, RD_PAIRING_BY_HEADING, element, id, heading, sec, line,
                            "section id '%s' is unknown; paired by heading '%s' with section %s", id, heading,
                            sec->id ? sec->id : "?")) { st = rd__oom(); goto done; }
    }
    if (!sec) {
      if (id && heading)
        msg = report_add(pr->rep, RD_PAIRING_SUMMARY_UNPAIRED, element, id, heading, NULL, line,
                         "%s for section '%s' (heading '%s') matches no section", element, id, heading);
      else if (id)
        msg = report_add(pr->rep, RD_PAIRING_SUMMARY_UNPAIRED, element, id, NULL, NULL, line,
                         "%s for section '%s' matches no section", element, id);
      else
        msg = report_add(pr->rep, RD_PAIRING_SUMMARY_UNPAIRED, element, NULL, heading, NULL, line,
                         "%s for heading '%s' matches no section", element, heading ? heading : "");
      st = oom_or(msg, RD_ENOTFOUND, pr, line);
      goto done;
    }
    node = sec;
    if (element[0] == 'q') {
      node = rd_section_question(sec);
      if (!node) {
        st = oom_or(report_add(pr->rep, RD_PAIRING_SUMMARY_UNPAIRED, element, sec->id, heading, sec, line,
                               "<question> for section %s, which has no question", sec->id ? sec->id : "?"),
                    RD_ENOTFOUND, pr, line);
        goto done;
      }
    }
  }
  const rd__hash_entry *dup = rd__hash_find(&pr->paired, &node, sizeof node);
  if (dup) {
    st = oom_or(report_add(pr->rep, RD_PAIRING_DUPLICATE, element, node->kind == RD_NODE_SECTION ? node->id : id,
                           heading, node, line, "second summary for %s (first at line %ld)",
                           node_label(pr->doc, node, lbl, sizeof lbl), pr->p[dup->val.num].line),
                RD_EINVALID, pr, line);
    goto done;
  }
  if (pr->np == pr->capp) {
    size_t cap = pr->capp ? 2 * pr->capp : 32;
    pending *np = realloc(pr->p, cap * sizeof *np);
    if (!np) { st = rd__oom(); goto done; }
    pr->p = np;
    pr->capp = cap;
  }
  char *copy = rd__arena_strndup(&pr->doc->arena, text, tlen);
  if (!copy) { st = rd__oom(); goto done; }
  {
    bool added;
    pr->keys[pr->nkeys] = node;
    rd__hash_entry *e = rd__hash_put(&pr->paired, &pr->keys[pr->nkeys], sizeof *pr->keys, &added);
    if (!e) { st = rd__oom(); goto done; }
    pr->nkeys++;
    e->val.num = pr->np;
  }
  pr->p[pr->np++] = (pending){node, copy, line};
done:
  free(id);
  free(heading);
  free(text);
  return st;
}

static int was_paired(const pairer *pr, const rd_node *n) {
  return rd__hash_find(&pr->paired, &n, sizeof n) != NULL;
}

static rd_status report_unpaired_node(pairer *pr, rd_node *n) {
  if (!n || was_paired(pr, n)) return RD_OK;
  if ((pr->flags & RD_SUMMARIES_KEEP) && n->summary) return RD_OK;
  char lbl[128];
  const char *label = node_label(pr->doc, n, lbl, sizeof lbl);
  const char *sid = n->kind == RD_NODE_SECTION ? n->id : n->kind == RD_NODE_QUESTION && n->parent ? n->parent->id : NULL;
  rd_node *h = n->kind == RD_NODE_SECTION ? rd_section_heading(n) : NULL;
  const char *element = n == pr->doc->title ? "title" : n == pr->doc->lead ? "lead"
                        : n->kind == RD_NODE_QUESTION ? "question" : "summary";
  if (!report_add(pr->rep, RD_PAIRING_NODE_UNPAIRED, element, sid, h ? h->text : NULL, n, 0, "%s%s%s%s has no summary",
                  label, h && h->text ? " (" : "", h && h->text ? h->text : "", h && h->text ? ")" : ""))
    return rd__oom();
  return RD_OK;
}

static void attach(pairer *pr) {
  rd_doc *doc = pr->doc;
  if (!(pr->flags & RD_SUMMARIES_KEEP)) {
    if (doc->title) doc->title->summary = NULL;
    if (doc->headline) doc->headline->summary = NULL;
    if (doc->lead) doc->lead->summary = NULL;
    for (size_t i = 0; i < doc->nsections; i++) {
      doc->sections[i]->summary = NULL;
      rd_node *q = rd_section_question(doc->sections[i]);
      if (q) q->summary = NULL;
    }
  }
  for (size_t i = 0; i < pr->np; i++) pr->p[i].node->summary = pr->p[i].text;
}

static rd_status pair_all(pairer *pr, xmlDocPtr d) {
  xmlNodePtr root = xmlDocGetRootElement(d);
  size_t nel = 0;
  for (xmlNodePtr el = root ? root->children : NULL; el; el = el->next) nel += el->type == XML_ELEMENT_NODE;
  if (!(pr->keys = malloc((nel ? nel : 1) * sizeof *pr->keys))) return rd__oom();
  rd_status hs = rd__heading_index_build(&pr->headings, pr->doc);
  if (hs < 0) return hs;
  for (xmlNodePtr el = root ? root->children : NULL; el; el = el->next) {
    if (el->type != XML_ELEMENT_NODE) continue;
    rd_status st = pair_one(pr, el);
    if (st < 0) return st;
  }
  rd_doc *doc = pr->doc;
  rd_status st = report_unpaired_node(pr, doc->title);
  if (st == RD_OK) st = report_unpaired_node(pr, doc->lead);
  for (size_t i = 0; st == RD_OK && i < doc->nsections; i++) {
    st = report_unpaired_node(pr, doc->sections[i]);
    if (st == RD_OK) st = report_unpaired_node(pr, rd_section_question(doc->sections[i]));
  }
  return st;
}

/* ---- a parallel English article or a TSV, as a summaries file -------------
 * Both become the summaries XML they mean, each entry on the line where it
 * starts in the source, so that the one validating, pairing and reporting
 * path serves every kind and its messages name the source's lines. */

typedef struct pentry {
  int kind;          /* 't' title, 'l' lead, 's' summary, 'q' question */
  char id[64];       /* section id, or "" (pair by heading) */
  size_t hs, he;     /* heading text in the source (unnumbered headings) */
  long line;
  rd__buf text;
} pentry;

static void xml_escape(rd__buf *b, const char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '&') rd__buf_puts(b, "&amp;");
    else if (c == '<') rd__buf_puts(b, "&lt;");
    else if (c == '>') rd__buf_puts(b, "&gt;");
    else if (c == '"') rd__buf_puts(b, "&quot;");
    else if (c < 0x20 || c == 0x7F) rd__buf_putc(b, ' '); /* XML 1.0 has no control characters */
    else rd__buf_putc(b, (char)c);
  }
}

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* "1", "4.2" (digits and dots): the length of the id at s, 0 if none. */
static size_t section_number(const char *s, size_t n) {
  size_t i = 0;
  for (;;) {
    size_t d = i;
    while (i < n && s[i] >= '0' && s[i] <= '9' && i - d < 6) i++;
    if (i == d) return 0;
    if (i + 1 < n && s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9') { i++; continue; }
    return i;
  }
}

static int word_is(const char *s, size_t n, const char *w) { return strlen(w) == n && !strncasecmp(s, w, n); }

/* Split source lines; calls back with [a, b) trimmed and the 1-based line. */
typedef struct plines { const char *s; size_t n, pos; long line; } plines;
static int pline_next(plines *p, size_t *a, size_t *b) {
  if (p->pos >= p->n) return 0;
  const char *nl = memchr(p->s + p->pos, '\n', p->n - p->pos);
  size_t e = nl ? (size_t)(nl - p->s) : p->n;
  *a = p->pos;
  *b = e;
  p->pos = nl ? e + 1 : p->n;
  p->line++;
  if (p->line == 1 && *b - *a >= 3 && !memcmp(p->s + *a, "\xEF\xBB\xBF", 3)) *a += 3;
  while (*a < *b && is_blank(p->s[*a])) (*a)++;
  while (*b > *a && is_blank(p->s[*b - 1])) (*b)--;
  return 1;
}

static pentry *pentry_add(pentry **v, size_t *n, size_t *cap, int kind, long line) {
  if (*n == *cap) {
    size_t c = *cap ? *cap * 2 : 32;
    pentry *nv = realloc(*v, c * sizeof *nv);
    if (!nv) return NULL;
    *v = nv;
    *cap = c;
  }
  pentry *e = &(*v)[(*n)++];
  memset(e, 0, sizeof *e);
  e->kind = kind;
  e->line = line;
  return e;
}

static void text_add(pentry *e, const char *s, size_t n) {
  if (e->text.len) rd__buf_putc(&e->text, ' ');
  rd__buf_put(&e->text, s, n);
}

/* An English article: "# Title" (or the first line), the lead before the
 * first section, "## 1.2 Heading" or "1.2. Heading" per section, text
 * under it; an "Afterword" heading's first paragraph ending in "?" is its
 * question. */
static rd_status read_article(pentry **v, size_t *nv, size_t *cap, const char *s, size_t n) {
  plines pl = {s, n, 0, 0};
  size_t a, b;
  pentry *cur = NULL;
  int seen_title = 0, in_afterword = 0, have_question = 0, blank_before = 1;
  while (pline_next(&pl, &a, &b)) {
    if (a == b) { blank_before = 1; continue; }
    size_t hashes = 0, t = a;
    while (t < b && s[t] == '#') { hashes++; t++; }
    if (hashes && (t == b || !is_blank(s[t]))) { hashes = 0; t = a; } /* "#tag" */
    while (t < b && is_blank(s[t])) t++;
    size_t num = section_number(s + t, b - t);
    size_t after = t + num;
    int numbered = num && after < b && (s[after] == '.' || is_blank(s[after]));
    if (numbered) {
      /* "1. x" / "1.2 x": the number, a dot or space, then the heading */
      size_t h = after;
      if (s[h] == '.') h++;
      if (h < b && !is_blank(s[h])) numbered = 0;
    }
    int heading = hashes || (numbered && blank_before);
    blank_before = 0;
    if (heading && !numbered && !seen_title && !cur) {
      if (!(cur = pentry_add(v, nv, cap, 't', pl.line))) return rd__oom();
      text_add(cur, s + t, b - t);
      seen_title = 1;
      cur = NULL; /* the title is one line; what follows is the lead */
      continue;
    }
    if (heading) {
      if (!(cur = pentry_add(v, nv, cap, 's', pl.line))) return rd__oom();
      in_afterword = 0;
      if (numbered) {
        memcpy(cur->id, s + t, num < sizeof cur->id ? num : sizeof cur->id - 1);
      } else {
        size_t he = b;
        while (he > t && (s[he - 1] == ':' )) he--;
        if (word_is(s + t, he - t, "afterword") || (he - t == 12 && !memcmp(s + t, "あとがき", 12))) {
          strcpy(cur->id, "afterword");
          in_afterword = 1;
        } else {
          cur->hs = t;
          cur->he = he;
        }
      }
      continue;
    }
    if (!seen_title && !cur) { /* plain text: the first line is the title */
      if (!(cur = pentry_add(v, nv, cap, 't', pl.line))) return rd__oom();
      text_add(cur, s + a, b - a);
      seen_title = 1;
      cur = NULL;
      continue;
    }
    if (!cur) {
      if (!(cur = pentry_add(v, nv, cap, 'l', pl.line))) return rd__oom();
    }
    if (in_afterword && !have_question && (s[b - 1] == '?' || (b - a >= 3 && !memcmp(s + b - 3, "？", 3)))) {
      pentry *q = pentry_add(v, nv, cap, 'q', pl.line);
      if (!q) return rd__oom();
      strcpy(q->id, "afterword");
      text_add(q, s + a, b - a);
      have_question = 1;
      cur = &(*v)[*nv - 2]; /* more text goes on to the afterword's summary */
      continue;
    }
    text_add(cur, s + a, b - a);
  }
  return RD_OK;
}

/* TSV: "ID<TAB>English" per line, ID a section id, title, lead, or
 * question (the afterword's) / question:ID; # starts a comment. */
static rd_status read_tsv(pentry **v, size_t *nv, size_t *cap, const char *s, size_t n, const char *name) {
  plines pl = {s, n, 0, 0};
  size_t a, b;
  while (pline_next(&pl, &a, &b)) {
    if (a == b || s[a] == '#') continue;
    const char *tab = memchr(s + a, '\t', b - a);
    if (!tab)
      return rd__error(RD_EXML, -1, pl.line, "%s:%ld: a TSV line needs a section id, a tab and the English", name, pl.line);
    size_t ie = (size_t)(tab - s), ts = ie + 1;
    while (ts < b && is_blank(s[ts])) ts++;
    size_t il = ie - a;
    int kind = 's';
    const char *id = s + a;
    if (word_is(id, il, "title")) kind = 't', il = 0;
    else if (word_is(id, il, "lead")) kind = 'l', il = 0;
    else if (word_is(id, il, "question")) kind = 'q', id = "afterword", il = 9;
    else if (il > 9 && !strncasecmp(id, "question:", 9)) kind = 'q', id += 9, il -= 9;
    if (kind == 's' || kind == 'q') {
      if (!(word_is(id, il, "afterword") || (il && section_number(id, il) == il)) || il >= 64)
        return rd__error(RD_EXML, (int64_t)a, pl.line,
                         "%s:%ld: '%.*s' is not a section id (1, 1.2, afterword), title, lead or question", name,
                         pl.line, (int)(ie - a > 40 ? 40 : ie - a), s + a);
    }
    if (ts == b) return rd__error(RD_EXML, (int64_t)a, pl.line, "%s:%ld: no English after the tab", name, pl.line);
    pentry *e = pentry_add(v, nv, cap, kind, pl.line);
    if (!e) return rd__oom();
    memcpy(e->id, id, il);
    text_add(e, s + ts, b - ts);
  }
  return RD_OK;
}

/* Whether a non-XML summaries source is a TSV: by its name, else by
 * every content line holding a tab after an id-like first field. */
static int looks_tsv(const char *s, size_t n, const char *name) {
  const char *dot = name ? strrchr(name, '.') : NULL;
  if (dot && (!strcasecmp(dot, ".tsv") || !strcasecmp(dot, ".tab"))) return 1;
  if (dot && (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".txt") || !strcasecmp(dot, ".markdown"))) return 0;
  plines pl = {s, n, 0, 0};
  size_t a, b, lines = 0;
  while (pline_next(&pl, &a, &b)) {
    if (a == b || s[a] == '#') continue;
    const char *tab = memchr(s + a, '\t', b - a);
    if (!tab || tab == s + a || memchr(s + a, ' ', (size_t)(tab - (s + a)))) return 0;
    lines++;
  }
  return lines > 0;
}

/* The summaries XML of a parallel article or TSV (malloc'ed; rd_free). */
static rd_status parallel_to_xml(char **out, size_t *len_out, const char *s, size_t n, const char *name) {
  pentry *v = NULL;
  size_t nv = 0, cap = 0;
  rd_status st = looks_tsv(s, n, name) ? read_tsv(&v, &nv, &cap, s, n, name) : read_article(&v, &nv, &cap, s, n);
  rd__buf x = RD__BUF_INIT;
  long line = 1;
  rd__buf_puts(&x, "<summaries lang=\"en\">");
  /* The schema's order: title, lead, then summaries and questions. */
  for (int pass = 0; st >= 0 && pass < 3; pass++)
    for (size_t i = 0; i < nv; i++) {
      pentry *e = &v[i];
      int want = pass == 0 ? e->kind == 't' : pass == 1 ? e->kind == 'l' : (e->kind == 's' || e->kind == 'q');
      if (!want) continue;
      if (!e->text.len) continue; /* a heading with nothing under it: nothing to pair */
      while (line < e->line) { rd__buf_putc(&x, '\n'); line++; }
      const char *tag = e->kind == 't' ? "title" : e->kind == 'l' ? "lead" : e->kind == 'q' ? "question" : "summary";
      rd__buf_printf(&x, "<%s", tag);
      if (*e->id) rd__buf_printf(&x, " section=\"%s\"", e->id);
      else if (e->kind == 's') {
        rd__buf_puts(&x, " heading=\"");
        xml_escape(&x, s + e->hs, e->he - e->hs);
        rd__buf_putc(&x, '"');
      }
      rd__buf_putc(&x, '>');
      xml_escape(&x, e->text.ptr, e->text.len);
      rd__buf_printf(&x, "</%s>", tag);
    }
  rd__buf_puts(&x, "</summaries>\n");
  for (size_t i = 0; i < nv; i++) rd__buf_dispose(&v[i].text);
  free(v);
  if (st >= 0 && x.oom) st = rd__oom();
  if (st < 0) { rd__buf_dispose(&x); return st; }
  *out = rd__buf_detach(&x, len_out);
  return *out ? RD_OK : rd__oom();
}

/* Whether a summaries source is XML: its first character is '<'. */
static int is_xml_source(const char *s, size_t n) {
  size_t i = n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3) ? 3 : 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
  return i == n || s[i] == '<';
}

rd_status rd_doc_load_summaries(rd_pairing **report_out, rd_doc *doc, const char *xml, size_t len, const rd_summaries_options *opts) {
  if (report_out) *report_out = NULL;
  if (!doc || (!xml && len)) return rd__error(RD_EINVALID, -1, 0, "rd_doc_load_summaries_file: NULL argument");
  rd_summaries_options o = RD_SUMMARIES_OPTIONS_INIT;
  if (opts) {
    if (opts->version != RD_SUMMARIES_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_summaries_options: unsupported version %u", opts->version);
    o = *opts;
  }
  const char *name = o.name ? o.name : "<summaries>";
  pthread_once(&xml_once, xml_init);

  rd_status st = check_encoding(xml ? xml : "", len, name);
  if (st < 0) return st;
  char *conv = NULL;
  if (!is_xml_source(xml ? xml : "", len)) { /* a parallel English article or a TSV */
    if ((st = parallel_to_xml(&conv, &len, xml, len, name)) < 0) return st;
    xml = conv;
  }
  xmlDocPtr d = parse_xml(xml ? xml : "", len, name);
  rd_free(conv);
  if (!d) return rd_error_last()->code;
  st = validate(d, name);
  pairer pr = {doc, name, o.flags, NULL, NULL, 0, 0, RD__HASH_INIT, NULL, 0, {RD__HASH_INIT, RD__HASH_INIT, NULL, 0}};
  /* Pairing copies into the arena and attach() replaces every summary:
   * exclusively, so a view sees all the old summaries or all the new. */
  int locked = rd__doc_lock(doc, 1);
  if (st == RD_OK) {
    pr.rep = calloc(1, sizeof *pr.rep);
    st = pr.rep ? pair_all(&pr, d) : rd__oom();
  }
  xmlFreeDoc(d);
  if (st == RD_OK) attach(&pr);
  rd__doc_unlock(doc, locked);
  if (st == RD_OK) {
    pr.rep->paired = pr.np;
    if (report_out) *report_out = pr.rep;
    else rd_pairing_free(pr.rep);
  } else {
    rd_pairing_free(pr.rep);
  }
  free(pr.p);
  free(pr.keys);
  rd__hash_dispose(&pr.paired);
  rd__heading_index_dispose(&pr.headings);
  return st;
}

rd_status rd_doc_load_summaries_file(rd_pairing **report_out, rd_doc *doc, const char *path, const rd_summaries_options *opts) {
  if (report_out) *report_out = NULL;
  if (!doc || !path) return rd__error(RD_EINVALID, -1, 0, "rd_doc_load_summaries_file: NULL argument");
  rd_summaries_options o = RD_SUMMARIES_OPTIONS_INIT;
  if (opts) {
    if (opts->version != RD_SUMMARIES_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_summaries_options: unsupported version %u", opts->version);
    o = *opts;
  }
  char *data;
  size_t len;
  rd_status st = rd__file_read(path, RD__FILE_LIMIT_DEFAULT, &data, &len);
  if (st < 0) return st;
  if (!o.name) o.name = path;
  st = rd_doc_load_summaries(report_out, doc, data, len, &o);
  free(data);
  return st;
}
