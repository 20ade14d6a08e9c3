/* HTML reader. libxml2 (through xml_safe.c) gives a tree; the article's
 * main content is chosen (its container, else the block scoring best on
 * text and link density), and a non-recursive walk collects its blocks:
 * headings, paragraphs (p, li, other block text), links, ruby. The tree
 * is then built from those blocks directly with the builder: text never
 * becomes structure (a paragraph "## x" or "目次" stays a paragraph, a
 * literal "[1]" stays text). The document's source is the blocks' text,
 * one per line, with a [n] marker where each link ended and the link
 * lists at the end of their part (HTML byte offsets do not survive entity
 * decoding); warnings are remapped to lines of the HTML file. Ruby keeps
 * its base in the text; the rt readings are kept as doc->ruby_spans. */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "readers_internal.h"
#include "editorial.h"
#include "xml_safe.h"

enum { B_PARA, B_HEADING, B_TITLE };

typedef struct block {
  int kind, level;      /* level: 1..6 for headings */
  size_t off, len;      /* text in the collection buffer */
  int afterword;        /* heading of the あとがき part */
  long line;            /* line in the HTML file */
} block;

typedef struct link { const char *href; size_t len; unsigned part, num; } link;
typedef struct ruby { size_t start, end; char *reading; } ruby; /* collection offsets */

typedef struct html {
  rd__buf text;         /* collected block texts, back to back */
  block *blocks;
  size_t nblocks, capblocks;
  size_t run;           /* start of the block being collected */
  long run_line;        /* HTML line of the block being collected */
  int pending_space;
  int heading;          /* level of the heading being collected, 0 if none */
  /* links: per part (body 0, afterword 1), numbered in order of appearance */
  link *links;
  size_t nlinks, caplinks;
  size_t *table;        /* open addressing over links, index+1; 0 empty */
  size_t ntable;
  unsigned part, nums[2];
  size_t *marks;        /* collection offsets where a link's [n] starts */
  size_t nmarks, capmarks;
  ruby *rubies;
  size_t nrubies, caprubies;
  size_t ruby_base;     /* start of the current ruby base segment */
  int in_ruby;
  unsigned flags;
  const xmlNode *skip;  /* an element already read (the title h1) */
  const xmlNode *skip2; /* the block that only shows the date */
  const xmlNode *skip3; /* the byline element */
  int oom;
} html;

static int is_wide_at(const char *s, size_t len) {
  return len && (unsigned char)s[0] >= 0xE3; /* U+3000 and above: CJK */
}

static int grow(void **v, size_t *cap, size_t n, size_t size) {
  if (n < *cap) return 1;
  size_t c = *cap ? *cap * 2 : 16;
  void *p = realloc(*v, c * size);
  if (!p) return 0;
  *v = p;
  *cap = c;
  return 1;
}

/* Append text with HTML white-space collapsing. A collapsed space between
 * two CJK characters is dropped: a line break inside Japanese text is not
 * a word boundary. */
static void put_text(html *h, const char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    unsigned char c = (unsigned char)s[i];
    /* 1: spaces only; 2: a line break among them. Between two wide
     * characters a line break is only the HTML file's (CSS Text drops such
     * segment breaks), but a space is the writer's: NHK separates a
     * headline's parts with one (爆発事故 調査状況説明). */
    if (c == ' ' || c == '\t') { if (!h->pending_space) h->pending_space = 1; i++; continue; }
    if (c == '\n' || c == '\r' || c == '\f' || c < 0x20) { h->pending_space = 2; i++; continue; }
    size_t j = i;
    while (j < len && (unsigned char)s[j] > ' ') j++;
    if (h->pending_space && h->text.len > h->run) {
      size_t p = h->text.len - 1;
      while (p > h->run && ((unsigned char)h->text.ptr[p] & 0xC0) == 0x80) p--;
      if (h->pending_space == 1 || !(is_wide_at(h->text.ptr + p, h->text.len - p) && is_wide_at(s + i, j - i)))
        rd__buf_putc(&h->text, ' ');
    }
    h->pending_space = 0;
    rd__buf_put(&h->text, s + i, j - i);
    i = j;
  }
}

static int key_is(const char *s, size_t len, const char *const *words, size_t n) {
  size_t klen;
  char *key = rd__normalize_key(s, len, &klen);
  if (!key) return -1;
  int hit = 0;
  for (size_t i = 0; i < n && !hit; i++) hit = klen == strlen(words[i]) && !memcmp(key, words[i], klen);
  free(key);
  return hit;
}

static void flush(html *h) {
  h->pending_space = 0;
  if (h->text.len == h->run) { h->heading = 0; h->run_line = 0; return; }
  if (!grow((void **)&h->blocks, &h->capblocks, h->nblocks, sizeof *h->blocks)) { h->oom = 1; return; }
  block *b = &h->blocks[h->nblocks++];
  b->kind = h->heading == 7 ? B_TITLE : h->heading ? B_HEADING : B_PARA;
  b->level = h->heading == 7 ? 1 : h->heading;
  b->off = h->run;
  b->len = h->text.len - h->run;
  b->afterword = 0;
  b->line = h->run_line;
  if (b->kind == B_HEADING) {
    static const char *const aw[] = {"あとがき", "後書き"};
    int k = key_is(h->text.ptr + b->off, b->len, aw, 2);
    if (k < 0) h->oom = 1;
    if (k > 0) {
      b->afterword = 1;
      h->part = 1; /* links from here on belong to the afterword's list */
    }
  }
  h->run = h->text.len;
  h->run_line = 0;
  h->heading = 0;
}

static uint64_t hash_link(const char *s, size_t n, unsigned part) {
  uint64_t x = 1469598103934665603ull ^ part;
  for (size_t i = 0; i < n; i++) { x ^= (unsigned char)s[i]; x *= 1099511628211ull; }
  return x;
}

/* The number of href in the current part (a new one if unseen). */
static unsigned link_number(html *h, const char *href, size_t n) {
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
  if (!grow((void **)&h->links, &h->caplinks, h->nlinks, sizeof *h->links)) { h->oom = 1; return 0; }
  char *copy = malloc(n + 1);
  if (!copy) { h->oom = 1; return 0; }
  memcpy(copy, href, n);
  copy[n] = '\0';
  link *l = &h->links[h->nlinks];
  l->href = copy;
  l->len = n;
  l->part = h->part;
  l->num = ++h->nums[h->part];
  h->table[j] = ++h->nlinks;
  return l->num;
}

static int name_is(const xmlNode *n, const char *name) { return n->name && !strcmp((const char *)n->name, name); }

static char *attr(const xmlNode *n, const char *name) { return (char *)xmlGetProp(n, (const xmlChar *)name); }
static int attr_is(const xmlNode *n, const char *name, const char *value) {
  char *v = attr(n, name);
  int r = v && !strcasecmp(v, value);
  xmlFree(v);
  return r;
}

/* Never text, in any mode. */
static int never_text(const xmlNode *n) {
  static const char *const names[] = {"script", "style", "noscript", "template", "rt", "rp", "head", "iframe",
                                      "object", "svg", "math", "textarea", "select", "button", "canvas", "video",
                                      "audio", "dialog"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (name_is(n, names[i])) return 1;
  return 0;
}

/* Page furniture: navigation, headers, footers, asides, menus, forms, and
 * blocks whose class, id or role say share/related/ranking/banner... */
static int is_class_word(const char *v, size_t len) {
  static const char *const exact[] = {"nav", "menu", "sns", "ad", "ads", "btn", "share", "header", "footer",
                                      "aside", "sidebar", "banner", "toolbar", "tools", "ranking", "related",
                                      "pr", "breadcrumb", "breadcrumbs", "pagetop", "social", "weather",
                                      /* a page's legends, notes about the page, surveys, players */
                                      "colors", "legend", "caution", "enquete", "survey", "player"};
  static const char *const sub[] = {"navigation", "menu", "share", "related", "ranking", "breadcrumb", "sidebar",
                                    "banner", "advert", "recommend", "toolbar", "button", "social", "pagetop",
                                    "widget", "footer", "header", "weather", "sns", "popular"};
  for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
    if (strlen(exact[i]) == len && !strncasecmp(v, exact[i], len)) return 1;
  for (size_t i = 0; i < sizeof sub / sizeof *sub; i++) {
    size_t n = strlen(sub[i]);
    for (size_t k = 0; k + n <= len; k++)
      if (!strncasecmp(v + k, sub[i], n)) return 1;
  }
  return 0;
}
static int furniture_attr(const xmlNode *n, const char *name) {
  char *v = attr(n, name);
  int hit = 0;
  for (const char *p = v; p && *p && !hit;) {
    while (*p == ' ' || *p == '\t' || *p == '-' || *p == '_' || *p == '\n') p++;
    const char *q = p;
    while (*q && *q != ' ' && *q != '\t' && *q != '-' && *q != '_' && *q != '\n') q++;
    if (q > p) hit = is_class_word(p, (size_t)(q - p));
    p = q;
  }
  xmlFree(v);
  return hit;
}
/* A link card: a link wrapping a heading (h2-h6), the teaser of another
 * article that news pages put at the end of one (NHK's 【詳しくはこちら】
 * cards, related-story tiles). Its heading is not a section of this
 * article. An h1 in a link is left alone: some sites link their own
 * headline. Bounded: only the link's first levels are looked at. */
static int is_link_card(const xmlNode *a) {
  if (!name_is(a, "a")) return 0;
  const xmlNode *n = a->children;
  int depth = 1;
  while (n && n != a) {
    if (n->type == XML_ELEMENT_NODE) {
      static const char *const hs[] = {"h2", "h3", "h4", "h5", "h6"};
      for (size_t i = 0; i < sizeof hs / sizeof *hs; i++)
        if (name_is(n, hs[i])) return 1;
      if (n->children && depth < 4) { n = n->children; depth++; continue; }
    }
    while (n != a && !n->next) { n = n->parent; depth--; }
    if (n != a) n = n->next;
  }
  return 0;
}

static int is_furniture(const xmlNode *n) {
  if (is_link_card(n)) return 1;
  static const char *const names[] = {"nav", "header", "footer", "aside", "form", "menu", "input", "label", "fieldset"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (name_is(n, names[i])) return 1;
  static const char *const roles[] = {"navigation", "banner", "contentinfo", "complementary", "search", "menu",
                                      "menubar", "toolbar", "button", "dialog", "tablist"};
  char *role = attr(n, "role");
  int hit = 0;
  for (size_t i = 0; role && i < sizeof roles / sizeof *roles; i++) hit |= !strcasecmp(role, roles[i]);
  xmlFree(role);
  return hit || furniture_attr(n, "class") || furniture_attr(n, "id") || attr_is(n, "aria-hidden", "true");
}

static int skipped(const html *h, const xmlNode *n) {
  if (n == h->skip || n == h->skip2 || n == h->skip3 || never_text(n)) return 1;
  return !(h->flags & RD_PARSE_WHOLE_PAGE) && is_furniture(n);
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

/* A usable link target, cleaned: browsers drop ASCII tabs and newlines from
 * URLs, and we drop every control character, so an href cannot add lines. */
static size_t clean_href(const char *href, char *out, size_t cap) {
  size_t n = 0;
  if (!href) return 0;
  while (*href == ' ') href++;
  for (const char *p = href; *p && n + 1 < cap; p++)
    if ((unsigned char)*p > ' ' || (*p == ' ' && p[1] && p[1] != ' ')) out[n++] = *p;
  while (n && out[n - 1] == ' ') n--;
  out[n] = '\0';
  if (!n || out[0] == '#' || !strncasecmp(out, "javascript:", 11) || !strncasecmp(out, "mailto:", 7)) return 0;
  for (size_t i = 0; i < n; i++)
    if (out[i] == ' ') out[i] = '+'; /* one token: a reference is a URL */
  return n;
}

/* The walks below are iterative: nesting is capped (xml_safe.c) but deep. */
static xmlNode *next_in_walk(xmlNode *n, xmlNode *root, int descend, void (*leave)(void *, xmlNode *), void *arg) {
  if (descend && n->children) return n->children;
  for (;;) {
    if (n == root) return NULL;
    if (n->next) return n->next;
    n = n->parent;
    if (leave) leave(arg, n);
    if (n == root) return NULL;
  }
}

static void ruby_segment(html *h, const xmlNode *rt) {
  xmlChar *t = xmlNodeGetContent(rt);
  if (!t) return;
  rd__buf r = RD__BUF_INIT;
  for (const char *p = (const char *)t; *p; p++)
    if ((unsigned char)*p > ' ') rd__buf_putc(&r, *p);
  xmlFree(t);
  if (r.len && h->text.len > h->ruby_base && h->ruby_base >= h->run && !r.oom) {
    if (!grow((void **)&h->rubies, &h->caprubies, h->nrubies, sizeof *h->rubies)) { h->oom = 1; rd__buf_dispose(&r); return; }
    ruby *y = &h->rubies[h->nrubies++];
    y->start = h->ruby_base;
    y->end = h->text.len;
    y->reading = rd__buf_detach(&r, NULL);
    if (!y->reading) h->oom = 1;
  } else {
    rd__buf_dispose(&r);
  }
  h->ruby_base = h->text.len;
}

/* Leaving an element: a link leaves its marker, a block ends. */
static void leave(void *arg, xmlNode *n) {
  html *h = arg;
  if (name_is(n, "a")) {
    char *href = attr(n, "href");
    char clean[2048];
    size_t len = clean_href(href, clean, sizeof clean);
    xmlFree(href);
    if (len && h->text.len > h->run) { /* a link with no text before it in the block has nothing to mark */
      unsigned k = link_number(h, clean, len);
      if (k && grow((void **)&h->marks, &h->capmarks, h->nmarks, sizeof *h->marks)) {
        h->marks[h->nmarks++] = h->text.len;
        rd__buf_printf(&h->text, "[%u]", k);
      } else {
        h->oom = 1;
      }
    }
  }
  if (name_is(n, "ruby")) h->in_ruby = 0;
  if (is_block(n)) flush(h);
}

static void collect(html *h, xmlNode *root, int heading) {
  xmlNode *n = root;
  if (heading) { flush(h); h->heading = heading; }
  while (n && !h->oom) {
    int descend = 0;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
      if (n->content) {
        if (h->text.len == h->run && !h->run_line) h->run_line = xmlGetLineNo(n);
        put_text(h, (const char *)n->content, strlen((const char *)n->content));
      }
    } else if (n->type == XML_ELEMENT_NODE && name_is(n, "rt") && h->in_ruby) {
      ruby_segment(h, n);
    } else if (n->type == XML_ELEMENT_NODE && (n == root ? !never_text(n) : !skipped(h, n))) {
      if (is_block(n)) {
        int keep = h->heading == 7 && n == root;
        flush(h);
        if (keep) h->heading = 7;
      }
      int lv = heading_level(n);
      if (lv && !(h->heading == 7)) h->heading = lv;
      if (name_is(n, "ruby")) { h->in_ruby = 1; h->ruby_base = h->text.len; }
      descend = n->children != NULL;
      if (!descend) leave(h, n);
    }
    n = next_in_walk(n, root, descend, leave, h);
  }
  flush(h);
}

static void html_dispose(html *h) {
  rd__buf_dispose(&h->text);
  free(h->blocks);
  for (size_t i = 0; i < h->nlinks; i++) free((void *)h->links[i].href);
  free(h->links);
  free(h->table);
  free(h->marks);
  for (size_t i = 0; i < h->nrubies; i++) free(h->rubies[i].reading);
  free(h->rubies);
}

/* ---- main content ----------------------------------------------------------- */

static xmlNode *find_elem(xmlNode *root, int (*pred)(const xmlNode *, const void *), const void *arg) {
  for (xmlNode *n = root; n; n = next_in_walk(n, root, n->type == XML_ELEMENT_NODE, NULL, NULL))
    if (n->type == XML_ELEMENT_NODE && pred(n, arg)) return n;
  return NULL;
}
static int p_name(const xmlNode *n, const void *name) { return name_is(n, name); }
static int p_article_body(const xmlNode *n, const void *u) { (void)u; return attr_is(n, "itemprop", "articleBody"); }
static int p_main(const xmlNode *n, const void *u) { (void)u; return name_is(n, "main") || attr_is(n, "role", "main"); }

static int inside_furniture(const xmlNode *n, const xmlNode *top) {
  for (const xmlNode *p = n->parent; p && p != top; p = p->parent)
    if (p->type == XML_ELEMENT_NODE && is_furniture(p)) return 1;
  return 0;
}

/* Per-element measures for choosing the main content, computed in one
 * pre-order pass and summed bottom-up, so that scoring every candidate
 * stays linear in the page (a node's entry is reached via _private). */
typedef struct estat {
  xmlNode *n;
  size_t parent;      /* index + 1 of the parent element's entry, 0 at the top */
  size_t text, linked, paras; /* code points (non-space), in links; <p> count */
  int excluded;       /* never text, or furniture: adds nothing to its parent */
  int furn;           /* furniture itself or inside furniture */
  int in_link;
  double vote;
} estat;

typedef struct stats { estat *v; size_t n, cap; } stats;

/* A node's entry: _private holds its index + 1 (indexes survive growth). */
static estat *st_of(const stats *S, const xmlNode *n) {
  size_t i = n ? (size_t)(uintptr_t)n->_private : 0;
  return i && i <= S->n ? &S->v[i - 1] : NULL;
}

static int measure(stats *S, xmlNode *body) {
  for (xmlNode *n = body; n; n = next_in_walk(n, body, n->type == XML_ELEMENT_NODE, NULL, NULL)) {
    estat *up = n == body ? NULL : st_of(S, n->parent);
    if (n->type == XML_TEXT_NODE && n->content && up) {
      size_t c = 0;
      for (const unsigned char *p = n->content; *p; p++) c += (*p & 0xC0) != 0x80 && *p > ' ';
      up->text += c;
      if (up->in_link) up->linked += c;
      continue;
    }
    if (n->type != XML_ELEMENT_NODE) continue;
    size_t upi = up ? (size_t)(up - S->v) + 1 : 0;
    if (!grow((void **)&S->v, &S->cap, S->n, sizeof *S->v)) return 0;
    estat *e = &S->v[S->n++];
    memset(e, 0, sizeof *e);
    e->n = n;
    up = upi ? &S->v[upi - 1] : NULL; /* the table may have moved */
    e->parent = upi;
    int furniture = n != body && is_furniture(n); /* <body class="has-header"> is still the page */
    e->excluded = never_text(n) || furniture;
    e->furn = furniture || (up && up->furn);
    e->in_link = name_is(n, "a") || (up && up->in_link);
    e->paras = name_is(n, "p");
    n->_private = (void *)(uintptr_t)S->n;
  }
  for (size_t i = S->n; i-- > 0;) {
    estat *e = &S->v[i];
    if (!e->parent || e->excluded) continue;
    estat *p = &S->v[e->parent - 1];
    p->text += e->text;
    p->linked += e->linked;
    p->paras += e->paras;
  }
  return 1;
}

/* Readability's measure: text that is not link text, favouring paragraphs. */
static double content_score(const estat *e) {
  if (!e->text) return 0;
  double density = (double)e->linked / (double)e->text;
  return (double)(e->text - e->linked) * (1.0 - density) + 20.0 * (double)e->paras;
}

/* The element whose children are the article: its own container when the
 * page marks one (itemprop=articleBody, the best of several <article>,
 * main / role=main), else the block scoring best (Readability's idea:
 * paragraphs vote for their parent and, half, their grandparent). */
static xmlNode *main_content(xmlNode *body) {
  xmlNode *n = find_elem(body, p_article_body, NULL);
  if (n) return n;
  stats S = {NULL, 0, 0};
  if (!measure(&S, body)) { free(S.v); return body; }
  xmlNode *best = NULL;
  double best_score = 0;
  for (size_t i = 0; i < S.n; i++) {
    estat *e = &S.v[i];
    if (!name_is(e->n, "article") || e->furn) continue;
    double sc = content_score(e);
    if (sc > best_score) { best = e->n; best_score = sc; }
  }
  if (!best && (n = find_elem(body, p_main, NULL))) best = n;
  if (!best) {
    for (size_t i = 0; i < S.n; i++) {
      estat *e = &S.v[i];
      xmlNode *p = e->n;
      if (e->furn || e->excluded || e->text < 10 ||
          !(name_is(p, "p") || name_is(p, "pre") || name_is(p, "td") || name_is(p, "li")))
        continue;
      size_t commas = 0;
      xmlChar *c = xmlNodeGetContent(p);
      for (const char *q = (const char *)c; q && *q; q++) commas += !strncmp(q, "、", 3) || *q == ',';
      xmlFree(c);
      double sc = 1.0 + (double)commas + (double)(e->text / 30 > 3 ? 3 : e->text / 30);
      if (e->parent) {
        estat *par = &S.v[e->parent - 1];
        par->vote += sc;
        if (par->parent) S.v[par->parent - 1].vote += sc / 2;
      }
    }
    best = body;
    double top_s = 0;
    for (size_t i = 0; i < S.n; i++) {
      estat *e = &S.v[i];
      double sc = e->vote * (e->text ? 1.0 - (double)e->linked / (double)e->text : 0);
      if (sc > top_s) { best = e->n; top_s = sc; }
    }
  }
  for (size_t i = 0; i < S.n; i++) S.v[i].n->_private = NULL;
  free(S.v);
  return best;
}

/* Metadata text: runs of white space become one space (a byline's space
 * between two names is kept, unlike a line break inside running text). */
static char *collapsed(const char *s) {
  rd__buf b = RD__BUF_INIT;
  int space = 0;
  for (const char *p = s; p && *p; p++) {
    if ((unsigned char)*p <= ' ') { space = b.len > 0; continue; }
    if (space) rd__buf_putc(&b, ' ');
    space = 0;
    rd__buf_putc(&b, *p);
  }
  if (!b.len || b.oom) { rd__buf_dispose(&b); return NULL; }
  return rd__buf_detach(&b, NULL);
}

static int p_meta(const xmlNode *n, const void *key) {
  return name_is(n, "meta") && (attr_is(n, "property", key) || attr_is(n, "name", key) || attr_is(n, "itemprop", key));
}
static int p_time(const xmlNode *n, const void *u) {
  (void)u;
  if (!name_is(n, "time")) return 0;
  char *v = attr(n, "datetime");
  int r = v && *v;
  xmlFree(v);
  return r;
}
static int p_author(const xmlNode *n, const void *u) {
  (void)u;
  if (name_is(n, "meta")) return 0;
  if (attr_is(n, "rel", "author") || attr_is(n, "itemprop", "author")) return 1;
  char *c = attr(n, "class");
  int r = c && (strstr(c, "byline") || strstr(c, "author"));
  xmlFree(c);
  return r;
}

/* Date and byline: the article's own first, then the page's meta. */
/* A block whose class names it the date (NHK: "article-main__date"), as a
 * word of the class: the page's date when it has no <time datetime>. */
static int p_date_class(const xmlNode *n, const void *u) {
  (void)u;
  char *c = attr(n, "class");
  int r = 0;
  for (const char *p = c; p && *p && !r;) {
    while (*p == ' ' || *p == '-' || *p == '_') p++;
    const char *q = p;
    while (*q && *q != ' ' && *q != '-' && *q != '_') q++;
    r = q - p == 4 && !strncasecmp(p, "date", 4);
    p = q;
  }
  xmlFree(c);
  return r;
}

static char *content_of(const xmlNode *n) {
  xmlChar *t = xmlNodeGetContent(n);
  char *c = collapsed((const char *)t);
  xmlFree(t);
  return c;
}

/* The date element when it stands alone in its block (that block is
 * metadata, not prose); a date inside a sentence stays text. */
static const xmlNode *date_block(const xmlNode *time) {
  const xmlNode *b = time;
  while (b->parent && b->parent->type == XML_ELEMENT_NODE && !is_block(b)) b = b->parent;
  char *a = content_of(time), *c = content_of(b);
  int alone = !c || (a && !strcmp(a, c));
  free(a);
  free(c);
  return alone ? b : NULL;
}

static void metadata(xmlNode *scope, xmlNode *page, char **date, char **byline, const xmlNode **date_elem,
                     const xmlNode **byline_elem) {
  xmlNode *n = scope ? find_elem(scope, p_time, NULL) : NULL;
  if (n) { char *v = attr(n, "datetime"); *date = collapsed(v); xmlFree(v); *date_elem = date_block(n); }
  if (!*date && (n = find_elem(page, p_meta, "article:published_time"))) {
    char *v = attr(n, "content"); *date = collapsed(v); xmlFree(v);
  }
  if (!*date && (n = find_elem(page, p_meta, "datePublished"))) {
    char *v = attr(n, "content"); *date = collapsed(v); xmlFree(v);
  }
  /* A short block classed as the date: metadata, left out of the text. */
  if (!*date && scope && (n = find_elem(scope, p_date_class, NULL))) {
    char *t = content_of(n);
    if (t && *t && strlen(t) <= 80) { *date = t; *date_elem = n; }
    else free(t);
  }
  n = scope ? find_elem(scope, p_author, NULL) : NULL;
  if (n) { *byline = content_of(n); *byline_elem = n; }
  if (!*byline && (n = find_elem(page, p_meta, "author"))) {
    char *v = attr(n, "content"); *byline = collapsed(v); xmlFree(v);
  }
}

/* ---- building the tree ------------------------------------------------------- */

typedef struct builder {
  rd_doc *doc;
  const html *h;
  size_t *src_at;        /* per block: its offset in doc->src */
  size_t *mark_src;      /* h->marks mapped to doc->src */
  size_t mark_i;
  rd_node *stack[8];     /* open sections by depth */
  int hl[8];             /* their HTML heading levels */
  int depth;
  unsigned counters[8];
  rd_node *refs_parent[2];
} builder;

static rd_node *add_block(builder *bd, rd_node *parent, rd_node_kind kind, size_t bi, rd_status *st) {
  const block *b = &bd->h->blocks[bi];
  size_t a = bd->src_at[bi], e = a + b->len;
  rd_node *n = rd__node_new(bd->doc, kind, a, e);
  if (!n) { *st = rd__oom(); return NULL; }
  if ((*st = rd__node_append(parent, n)) < 0) return NULL;
  size_t m0 = bd->mark_i;
  while (bd->mark_i < bd->h->nmarks && bd->mark_src[bd->mark_i] < e) bd->mark_i++;
  if ((*st = rd__block_add_sentences_marked(bd->doc, n, a, e, bd->mark_src + m0, bd->mark_i - m0)) < 0) return NULL;
  if (!n->text && (*st = rd__node_set_text(n, "", 0)) < 0) return NULL;
  for (int k = 0; k < bd->depth; k++)
    if (e > bd->stack[k]->end) bd->stack[k]->end = e;
  return n;
}

static rd_status add_refs(builder *bd, rd_node *parent, unsigned part, size_t *pos) {
  const html *h = bd->h;
  if (!h->nums[part]) return RD_OK;
  rd_doc *doc = bd->doc;
  rd_node *refs = rd__node_new(doc, RD_NODE_REFERENCES, *pos, *pos);
  if (!refs) return rd__oom();
  rd_status st = rd__node_append(parent, refs);
  for (size_t i = 0; st >= 0 && i < h->nlinks; i++) {
    if (h->links[i].part != part) continue;
    /* The line reads "[n] url"; the reference's text is the URL. */
    const char *line = doc->src + *pos;
    const char *sp = memchr(line, ' ', doc->src_len - *pos);
    const char *nl = memchr(line, '\n', doc->src_len - *pos);
    size_t end = nl ? (size_t)(nl - doc->src) : doc->src_len;
    rd_node *ref = rd__node_new(doc, RD_NODE_REFERENCE, *pos, end);
    if (!ref || !sp) return rd__oom();
    ref->number = h->links[i].num;
    if ((st = rd__node_set_text(ref, sp + 1, (size_t)(doc->src + end - sp - 1))) < 0 || (st = rd__node_append(refs, ref)) < 0)
      return st;
    refs->end = end;
    *pos = end + 1;
  }
  for (int k = 0; k < bd->depth; k++)
    if (refs->end > bd->stack[k]->end && parent != doc->root) bd->stack[k]->end = refs->end;
  return st;
}

static int ends_with_question(const char *s, size_t len) {
  return (len >= 3 && !memcmp(s + len - 3, "？", 3)) || (len && s[len - 1] == '?');
}

static rd_status build(builder *bd, size_t refs0_at, size_t refs1_at) {
  const html *h = bd->h;
  rd_doc *doc = bd->doc;
  rd_status st = RD_OK;
  int in_section = 0, have_question = 0;
  rd_node *afterword = NULL;
  for (size_t i = 0; i < h->nblocks && st >= 0; i++) {
    const block *b = &h->blocks[i];
    if (b->kind == B_TITLE) {
      rd_node *t = add_block(bd, doc->root, RD_NODE_HEADING, i, &st);
      if (!t) return st;
      t->role = RD_HEADING_TITLE;
      doc->title = t;
      continue;
    }
    if (b->kind == B_HEADING && !(afterword && !b->afterword)) {
      if (b->afterword) {
        size_t pos = refs0_at;
        bd->depth = 0;
        if ((st = add_refs(bd, doc->root, 0, &pos)) < 0) return st;
      }
      /* Nesting follows the HTML levels (an h4 under an h2 is one level down). */
      while (bd->depth && bd->hl[bd->depth - 1] >= b->level) bd->depth--;
      if (b->afterword) bd->depth = 0;
      if (bd->depth >= 6) bd->depth = 5;
      int level = bd->depth + 1;
      char id[64];
      if (b->afterword) {
        snprintf(id, sizeof id, "afterword");
      } else {
        bd->counters[level]++;
        for (int k = level + 1; k < 8; k++) bd->counters[k] = 0;
        int w = 0;
        for (int k = 1; k <= level; k++) w += snprintf(id + w, sizeof id - (size_t)w, k > 1 ? ".%u" : "%u", bd->counters[k]);
      }
      size_t a = bd->src_at[i];
      rd_node *sec = rd__node_new(doc, RD_NODE_SECTION, a, a + b->len);
      const char *aid = sec ? rd__doc_intern(doc, id, strlen(id)) : NULL;
      if (!aid) return rd__oom();
      sec->id = aid;
      sec->level = (uint8_t)level;
      if (b->afterword) { sec->flags |= RD__NODE_AFTERWORD; afterword = sec; }
      rd_node *parent = bd->depth ? bd->stack[bd->depth - 1] : doc->root;
      if ((st = rd__node_append(parent, sec)) < 0) return st;
      bd->hl[bd->depth] = b->level;
      bd->stack[bd->depth++] = sec;
      rd_node *hd = add_block(bd, sec, RD_NODE_HEADING, i, &st);
      if (!hd) return st;
      hd->role = RD_HEADING_SECTION;
      hd->level = (uint8_t)level;
      in_section = 1;
      continue;
    }
    rd_node_kind kind = RD_NODE_PARAGRAPH;
    if (afterword && !have_question && ends_with_question(h->text.ptr + b->off, b->len)) {
      kind = RD_NODE_QUESTION;
      have_question = 1;
    }
    rd_node *parent = bd->depth ? bd->stack[bd->depth - 1] : doc->root;
    rd_node *p = add_block(bd, parent, kind, i, &st);
    if (!p) return st;
    if (!in_section && !doc->lead && kind == RD_NODE_PARAGRAPH) doc->lead = p;
  }
  size_t pos = refs0_at;
  if (!afterword) {
    bd->depth = 0;
    if ((st = add_refs(bd, doc->root, 0, &pos)) < 0) return st;
  } else {
    pos = refs1_at;
    bd->depth = 1;
    bd->stack[0] = afterword;
    if ((st = add_refs(bd, afterword, 1, &pos)) < 0) return st;
  }
  return st;
}

/* Warnings carry lines of the extracted text; say the HTML file's line. */
static rd_status remap_warnings(rd_doc *doc, const long *html_line, size_t nlines) {
  for (size_t i = 0; i < doc->nwarnings; i++) {
    long long ln;
    int used = 0;
    if (sscanf(doc->warnings[i], "line %lld: %n", &ln, &used) != 1 || !used) continue;
    long hl = ln >= 1 && (size_t)ln <= nlines ? html_line[ln - 1] : 0;
    char buf[1024];
    snprintf(buf, sizeof buf, "line %ld: %s", hl, doc->warnings[i] + used);
    const char *s = rd__doc_intern(doc, buf, strlen(buf));
    if (!s) return rd__oom();
    doc->warnings[i] = s;
  }
  return RD_OK;
}

rd_status rd__read_html(rd_doc **out, const char *src, size_t len, const rd_parse_options *o) {
  *out = NULL;
  rd_status st = rd__utf8_validate(src, len, o->name);
  if (st < 0) return st;
  html h;
  memset(&h, 0, sizeof h);
  h.flags = o->flags;
  char *date = NULL, *byline = NULL;
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
    xmlNode *page = xmlDocGetRootElement(d);
    xmlNode *body = page ? find_elem(page, p_name, "body") : NULL;
    if (!body) body = page;
    xmlNode *box = body && !(o->flags & RD_PARSE_WHOLE_PAGE) ? main_content(body) : body;
    /* The article's heading: the first h1 of the container or of the
     * <article> around it, else the page's <title>. */
    xmlNode *scope = box;
    for (xmlNode *p = box; p && p != body; p = p->parent)
      if (p->type == XML_ELEMENT_NODE && name_is(p, "article")) { scope = p; break; }
    xmlNode *h1 = scope ? find_elem(scope, p_name, "h1") : NULL;
    if (!h1 && body && (h1 = find_elem(body, p_name, "h1")) && !(o->flags & RD_PARSE_WHOLE_PAGE) &&
        inside_furniture(h1, body))
      h1 = NULL; /* a site logo in the page header is not the article's heading */
    if (h1) {
      collect(&h, h1, 7);
      h.skip = h1;
    } else if (page) {
      xmlNode *t = find_elem(page, p_name, "title");
      if (t) collect(&h, t, 7);
    }
    if (!(o->flags & RD_PARSE_WHOLE_PAGE)) metadata(scope, page, &date, &byline, &h.skip2, &h.skip3);
    if (box) collect(&h, box, 0);
    xmlFreeDoc(d);
  }
  if (h.oom || h.text.oom) { html_dispose(&h); free(date); free(byline); return rd__oom(); }
  /* The source: one block per line, then the link lists ("[n] url"). */
  rd__buf t = RD__BUF_INIT;
  size_t *src_at = calloc(h.nblocks + 1, sizeof *src_at);
  size_t *mark_src = calloc(h.nmarks + 1, sizeof *mark_src);
  long *html_line = calloc(h.nblocks + h.nlinks + 1, sizeof *html_line);
  size_t nlines = 0, refs_at[2] = {0, 0};
  int oom = !src_at || !mark_src || !html_line;
  size_t aw = h.nblocks;
  for (size_t i = 0; i < h.nblocks; i++)
    if (h.blocks[i].afterword) { aw = i; break; }
  for (size_t i = 0, m = 0; !oom && i <= h.nblocks; i++) {
    /* The body's list goes before the afterword heading, the afterword's at the end. */
    for (unsigned part = 0; part < 2; part++) {
      if (!(part == 0 ? i == aw : i == h.nblocks && aw < h.nblocks)) continue;
      refs_at[part] = t.len;
      for (size_t k = 0; k < h.nlinks; k++) {
        if (h.links[k].part != part) continue;
        rd__buf_printf(&t, "[%u] %s\n", h.links[k].num, h.links[k].href);
        html_line[nlines++] = 0;
      }
    }
    if (i == h.nblocks) break;
    const block *b = &h.blocks[i];
    src_at[i] = t.len;
    while (m < h.nmarks && h.marks[m] < b->off + b->len) { mark_src[m] = h.marks[m] - b->off + t.len; m++; }
    rd__buf_put(&t, h.text.ptr + b->off, b->len);
    rd__buf_putc(&t, '\n');
    html_line[nlines++] = b->line;
  }
  oom |= t.oom;
  rd_doc *doc = oom ? NULL : rd__doc_new(t.ptr ? t.ptr : "", t.len, o->name);
  rd__buf_dispose(&t);
  st = doc ? RD_OK : rd__oom();
  if (st >= 0) {
    builder bd;
    memset(&bd, 0, sizeof bd);
    bd.doc = doc;
    bd.h = &h;
    bd.src_at = src_at;
    bd.mark_src = mark_src;
    st = build(&bd, refs_at[0], refs_at[1]);
  }
  /* Metadata and the editors' readings, mapped to source offsets. */
  if (st >= 0 && date && !(doc->date = rd__doc_intern(doc, date, strlen(date)))) st = rd__oom();
  if (st >= 0 && byline && !(doc->byline = rd__doc_intern(doc, byline, strlen(byline)))) st = rd__oom();
  if (st >= 0 && h.nrubies) {
    size_t bi = 0;
    for (size_t i = 0; st >= 0 && i < h.nrubies; i++) {
      const ruby *y = &h.rubies[i];
      while (bi < h.nblocks && h.blocks[bi].off + h.blocks[bi].len < y->end) bi++;
      if (bi == h.nblocks || y->start < h.blocks[bi].off) continue;
      st = rd__doc_add_ruby_span(doc, y->start - h.blocks[bi].off + src_at[bi], y->end - h.blocks[bi].off + src_at[bi],
                                 y->reading, strlen(y->reading), 0);
    }
  }
  if (st >= 0) st = rd__doc_finish(doc);
  if (st >= 0) st = remap_warnings(doc, html_line, nlines);
  free(src_at);
  free(mark_src);
  free(html_line);
  free(date);
  free(byline);
  html_dispose(&h);
  if (st < 0) { rd_doc_free(doc); return st; }
  *out = doc;
  return RD_OK;
}
