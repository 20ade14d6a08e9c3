/* HTML reader. libxml2's HTML parser (no network, input forced to UTF-8)
 * gives a tree; a non-recursive walk extracts its text as one block per
 * line: the title as "# ...", h1-h6 as "##"... headings, p/li/other block
 * text as paragraphs, links as [n] markers with a Citations list per part.
 * That extracted text is the document's source (HTML byte offsets do not
 * survive entity decoding), and the plain-text reader builds the tree from
 * it, so HTML and text articles share one notion of sections, afterword
 * and citations. script/style are skipped; ruby keeps its base, not rt/rp. */
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "readers_internal.h"
#include "xml_safe.h"

enum { B_PARA, B_HEADING };

typedef struct block {
  int kind, level;      /* level: 1..6 for headings */
  size_t off, len;      /* text in the collection buffer */
  int afterword;        /* heading of the あとがき part */
} block;

typedef struct link { const char *href; size_t len; unsigned part, num; } link;

typedef struct html {
  rd__buf text;         /* collected block texts, back to back */
  block *blocks;
  size_t nblocks, capblocks;
  size_t run;           /* start of the block being collected */
  int pending_space;
  int heading;          /* level of the heading being collected, 0 if none */
  int in_title_h1;
  char *title;          /* <title> text (malloc) */
  /* links: per part (body 0, afterword 1), numbered in order of appearance */
  link *links;
  size_t nlinks, caplinks;
  size_t *table;        /* open addressing over links, index+1; 0 empty */
  size_t ntable;
  unsigned part, nums[2];
  int oom;
} html;

static int is_wide_at(const char *s, size_t len) {
  return len && (unsigned char)s[0] >= 0xE3; /* U+3000 and above: CJK */
}

/* Append text with HTML white-space collapsing. A collapsed space between
 * two CJK characters is dropped: a line break inside Japanese text is not
 * a word boundary. */
static void put_text(html *h, const char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') { h->pending_space = 1; i++; continue; }
    size_t j = i;
    while (j < len && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r' && s[j] != '\f') j++;
    if (h->pending_space && h->text.len > h->run) {
      size_t p = h->text.len - 1;
      while (p > h->run && ((unsigned char)h->text.ptr[p] & 0xC0) == 0x80) p--;
      if (!(is_wide_at(h->text.ptr + p, h->text.len - p) && is_wide_at(s + i, j - i))) rd__buf_putc(&h->text, ' ');
    }
    h->pending_space = 0;
    rd__buf_put(&h->text, s + i, j - i);
    i = j;
  }
}

static void flush(html *h) {
  h->pending_space = 0;
  if (h->text.len == h->run) { h->heading = 0; return; }
  if (h->nblocks == h->capblocks) {
    size_t cap = h->capblocks ? h->capblocks * 2 : 64;
    block *b = realloc(h->blocks, cap * sizeof *b);
    if (!b) { h->oom = 1; return; }
    h->blocks = b;
    h->capblocks = cap;
  }
  block *b = &h->blocks[h->nblocks++];
  b->kind = h->heading ? B_HEADING : B_PARA;
  b->level = h->heading;
  b->off = h->run;
  b->len = h->text.len - h->run;
  b->afterword = 0;
  if (h->heading) {
    size_t klen;
    char *key = rd__normalize_key(h->text.ptr + b->off, b->len, &klen);
    if (!key) h->oom = 1;
    else if ((klen == strlen("あとがき") && !memcmp(key, "あとがき", klen)) ||
             (klen == strlen("後書き") && !memcmp(key, "後書き", klen))) {
      b->afterword = 1;
      h->part = 1; /* links from here on belong to the afterword's list */
    }
    free(key);
  }
  h->run = h->text.len;
  h->heading = 0;
}

static uint64_t hash_link(const char *s, size_t n, unsigned part) {
  uint64_t x = 1469598103934665603ull ^ part;
  for (size_t i = 0; i < n; i++) { x ^= (unsigned char)s[i]; x *= 1099511628211ull; }
  return x;
}

/* The number of href in the current part (a new one if unseen). */
static unsigned link_number(html *h, const char *href) {
  size_t n = strlen(href);
  if (h->nlinks * 2 >= h->ntable) {
    size_t cap = h->ntable ? h->ntable * 2 : 64;
    size_t *t = calloc(cap, sizeof *t);
    if (!t) { h->oom = 1; return 0; }
    for (size_t i = 0; i < h->nlinks; i++) {
      size_t j = hash_link(h->links[i].href, h->links[i].len, h->links[i].part) & (cap - 1);
      while (t[j]) j = (j + 1) & (cap - 1);
      t[j] = i + 1;
    }
    free(h->table);
    h->table = t;
    h->ntable = cap;
  }
  size_t j = hash_link(href, n, h->part) & (h->ntable - 1);
  while (h->table[j]) {
    link *l = &h->links[h->table[j] - 1];
    if (l->part == h->part && l->len == n && !memcmp(l->href, href, n)) return l->num;
    j = (j + 1) & (h->ntable - 1);
  }
  if (h->nlinks == h->caplinks) {
    size_t cap = h->caplinks ? h->caplinks * 2 : 16;
    link *v = realloc(h->links, cap * sizeof *v);
    if (!v) { h->oom = 1; return 0; }
    h->links = v;
    h->caplinks = cap;
  }
  char *copy = malloc(n + 1);
  if (!copy) { h->oom = 1; return 0; }
  memcpy(copy, href, n + 1);
  link *l = &h->links[h->nlinks];
  l->href = copy;
  l->len = n;
  l->part = h->part;
  l->num = ++h->nums[h->part];
  h->table[j] = ++h->nlinks;
  return l->num;
}

static int name_is(const xmlNode *n, const char *name) { return n->name && !strcmp((const char *)n->name, name); }

static int skipped(const xmlNode *n) {
  static const char *const names[] = {"script", "style", "noscript", "template", "rt", "rp", "head", "iframe",
                                      "object", "svg", "math", "textarea", "select", "button", "nav"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (name_is(n, names[i])) return 1;
  return 0;
}

/* Elements whose start and end separate blocks. */
static int is_block(const xmlNode *n) {
  static const char *const names[] = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "br", "tr", "td", "th", "table", "thead", "tbody",
    "section", "article", "header", "footer", "nav", "aside", "main", "blockquote", "pre", "figure",
    "figcaption", "hr", "form", "address", "details", "summary", "body", "caption", "h1", "h2", "h3",
    "h4", "h5", "h6"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (name_is(n, names[i])) return 1;
  return 0;
}

static int heading_level(const xmlNode *n) {
  if (n->name && n->name[0] == 'h' && n->name[1] >= '1' && n->name[1] <= '6' && !n->name[2]) return n->name[1] - '0';
  return 0;
}

static int usable_href(const char *href) {
  if (!href || !*href || href[0] == '#') return 0;
  return strncmp(href, "javascript:", 11) != 0 && strncmp(href, "mailto:", 7) != 0;
}

/* The walks below are iterative: deeply nested HTML is legal input. */
static xmlNode *next_in_walk(xmlNode *n, xmlNode *root, int descend, void (*leave)(void *, xmlNode *), void *arg) {
  if (descend && n->children) return n->children;
  for (;;) {
    if (n == root) return NULL;
    if (n->next) return n->next;
    n = n->parent;
    if (leave) leave(arg, n);
  }
}

static char *title_text(xmlDoc *d) {
  /* <title> lives in <head>, which the body walk skips. */
  xmlNode *root = xmlDocGetRootElement(d), *n = root;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && name_is(n, "title")) {
      xmlChar *t = xmlNodeGetContent(n);
      if (!t) return NULL;
      html tmp;
      memset(&tmp, 0, sizeof tmp);
      put_text(&tmp, (const char *)t, strlen((const char *)t));
      xmlFree(t);
      if (!tmp.text.len || tmp.text.oom) { rd__buf_dispose(&tmp.text); return NULL; }
      return rd__buf_detach(&tmp.text, NULL);
    }
    n = next_in_walk(n, root, n->type == XML_ELEMENT_NODE && !name_is(n, "body"), NULL, NULL);
  }
  return NULL;
}

/* Leaving an element: a link leaves its marker, a block ends. */
static void leave(void *arg, xmlNode *n) {
  html *h = arg;
  if (name_is(n, "a")) {
    xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
    if (usable_href((const char *)href)) {
      unsigned k = link_number(h, (const char *)href);
      if (k) rd__buf_printf(&h->text, "[%u]", k);
    }
    xmlFree(href);
  }
  if (is_block(n)) flush(h);
}

static void collect(html *h, xmlDoc *d) {
  xmlNode *root = xmlDocGetRootElement(d), *n = root;
  while (n && !h->oom) {
    int descend = 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) put_text(h, (const char *)n->content, strlen((const char *)n->content));
    } else if (n->type == XML_ELEMENT_NODE && !skipped(n)) {
      if (is_block(n)) flush(h);
      int lv = heading_level(n);
      if (lv) h->heading = lv;
      descend = n->children != NULL;
      if (!descend) leave(h, n);
    }
    n = next_in_walk(n, root, descend, leave, h);
  }
  flush(h);
}

static void put_links(rd__buf *out, const html *h, unsigned part) {
  if (!h->nums[part]) return;
  rd__buf_puts(out, "Citations:\n");
  for (size_t i = 0; i < h->nlinks; i++)
    if (h->links[i].part == part) rd__buf_printf(out, "[%u] %s\n", h->links[i].num, h->links[i].href);
}

static void html_dispose(html *h) {
  rd__buf_dispose(&h->text);
  free(h->blocks);
  for (size_t i = 0; i < h->nlinks; i++) free((void *)h->links[i].href);
  free(h->links);
  free(h->table);
  free(h->title);
}

rd_status rd__read_html(rd_doc **out, const char *src, size_t len, const rd_parse_options *o) {
  *out = NULL;
  rd_status st = rd__utf8_validate(src, len, o->name);
  if (st < 0) return st;
  if (len > INT_MAX)
    return rd__error(RD_EINVALID, -1, 0, "%s%sHTML input of %zu bytes is too large", o->name ? o->name : "",
                     o->name ? ": " : "", len);
  html h;
  memset(&h, 0, sizeof h);
  /* An empty or blank page has no tree: it is an empty document. */
  size_t lead = 0;
  while (lead < len && (src[lead] == ' ' || src[lead] == '\t' || src[lead] == '\r' || src[lead] == '\n')) lead++;
  if (lead < len) {
    xmlDoc *d = NULL;
    rd__xml_fault f;
    if ((st = rd__xml_safe_parse(&d, &f, src, len, RD__XML_HTML)) < 0) {
      if (st != RD_EXML) return st;
      return rd__error(RD_EINVALID, -1, f.line, "%s:%ld: %s", o->name ? o->name : "HTML", f.line, f.msg);
    }
    h.title = title_text(d);
    collect(&h, d);
    xmlFreeDoc(d);
  }
  /* The title: <title>, else a single h1 that comes before other headings. */
  size_t h1s = 0, first_h1 = (size_t)-1, first_heading = (size_t)-1;
  int min_level = 7;
  for (size_t i = 0; i < h.nblocks; i++) {
    if (h.blocks[i].kind != B_HEADING) continue;
    if (first_heading == (size_t)-1) first_heading = i;
    if (h.blocks[i].level == 1 && h1s++ == 0) first_h1 = i;
  }
  size_t title_block = (size_t)-1;
  if (h1s == 1 && first_h1 == first_heading) title_block = first_h1;
  for (size_t i = 0; i < h.nblocks; i++)
    if (h.blocks[i].kind == B_HEADING && i != title_block && h.blocks[i].level < min_level) min_level = h.blocks[i].level;
  rd__buf t = RD__BUF_INIT;
  int have_title = h.title || title_block != (size_t)-1;
  if (have_title) {
    rd__buf_puts(&t, "# ");
    if (h.title) rd__buf_puts(&t, h.title);
    else rd__buf_put(&t, h.text.ptr + h.blocks[title_block].off, h.blocks[title_block].len);
    rd__buf_putc(&t, '\n');
  }
  for (size_t i = 0; i < h.nblocks; i++) {
    const block *b = &h.blocks[i];
    if (i == title_block) {
      /* An h1 that differs from <title> is the headline. */
      if (h.title && !(strlen(h.title) == b->len && !memcmp(h.title, h.text.ptr + b->off, b->len))) {
        rd__buf_put(&t, h.text.ptr + b->off, b->len);
        rd__buf_putc(&t, '\n');
      }
      continue;
    }
    if (b->kind == B_HEADING) {
      if (b->afterword) put_links(&t, &h, 0);
      int hashes = b->level - min_level + (have_title ? 2 : 1);
      if (hashes > 6) hashes = 6;
      for (int k = 0; k < hashes; k++) rd__buf_putc(&t, '#');
      rd__buf_putc(&t, ' ');
    }
    rd__buf_put(&t, h.text.ptr + b->off, b->len);
    rd__buf_putc(&t, '\n');
  }
  int has_afterword = 0;
  for (size_t i = 0; i < h.nblocks; i++) has_afterword |= h.blocks[i].afterword;
  put_links(&t, &h, has_afterword ? 1 : 0);
  int oom = h.oom || h.text.oom || t.oom;
  html_dispose(&h);
  if (oom) { rd__buf_dispose(&t); return rd__oom(); }
  rd_doc *doc = rd__doc_new(t.ptr ? t.ptr : "", t.len, o->name);
  rd__buf_dispose(&t);
  if (!doc) return rd__oom();
  st = rd__read_text(doc, have_title ? o->flags : (o->flags | RD_PARSE_NO_FRONT_MATTER));
  if (st >= 0) st = rd__doc_finish(doc);
  if (st < 0) { rd_doc_free(doc); return st; }
  *out = doc;
  return RD_OK;
}
