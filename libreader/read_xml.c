/* Reader of libreader's own XML (write_xml.c, schemas/document.rng): it
 * rebuilds an equal document without MeCab. The input is hostile until
 * checked: no network, no DTD (any DOCTYPE is refused, so no entity can
 * expand), and every span, number and nesting is checked before use,
 * with a message naming the line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "doc_build.h"
#include "editorial.h"
#include "model.h"
#include "readers_internal.h"
#include "words_internal.h"
#include "xml_safe.h"

#define NS "urn:libreader:document:1"

typedef struct pending_cit {
  rd_node *cit;
  long line;
  int has_target;
  size_t target;
} pending_cit;

typedef struct tokinfo {
  long line;
  size_t ngloss;
  size_t cstart, cend;
  const rd_node *sent; /* its index is known once the tree is finished */
} tokinfo;

typedef struct rx {
  rd_doc *doc;
  const char *name; /* for messages */
  rd__token *toks;
  tokinfo *info;
  size_t ntoks, captoks;
  pending_cit *cits;
  size_t ncits, capcits;
  const char **warns;
  size_t nwarns, capwarns;
  rd__buf tmp;
  unsigned depth; /* element nesting under <document> */
  rd__word_spec *words; /* <word>s, set once the tokens are */
  size_t nwords, capwords;
  rd__alt_entry *alts;  /* tokens' <alt>s, set once the tokens are */
  size_t nalts, capalts;
  rd__alt *altv;
  size_t naltv, capaltv;
} rx;

/* The parse below recurses; RD__XML_MAX_DEPTH (xml_safe.h, deeper than
 * any document this library writes) bounds it, checked again here. */

static rd_status fail(rx *r, long line, const char *fmt, ...) RD__PRINTF(3, 4);
static rd_status fail(rx *r, long line, const char *fmt, ...) {
  char msg[700];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return rd__error(RD_EXML, -1, line, "%s%sline %ld: %s", r->name ? r->name : "", r->name ? ": " : "XML ", line, msg);
}

static long line_of(const xmlNode *n) { return n ? xmlGetLineNo(n) : 0; }

static int is_elem(const xmlNode *n, const char *name) {
  return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && !strcmp((const char *)n->ns->href, NS) &&
         !strcmp((const char *)n->name, name);
}

static int is_blank_text(const xmlNode *n) {
  if (n->type != XML_TEXT_NODE) return 0;
  for (const xmlChar *c = n->content; c && *c; c++)
    if (*c != ' ' && *c != '\n' && *c != '\t' && *c != '\r') return 0;
  return 1;
}

/* Next child element, skipping indentation and comments; stray text is an
 * error (returned through *st). */
static xmlNode *next_elem(rx *r, xmlNode *n, rd_status *st) {
  for (; n; n = n->next) {
    if (n->type == XML_ELEMENT_NODE) return n;
    if (n->type == XML_COMMENT_NODE || n->type == XML_PI_NODE || is_blank_text(n)) continue;
    *st = fail(r, line_of(n->parent), "unexpected text inside <%s>", n->parent ? (const char *)n->parent->name : "?");
    return NULL;
  }
  return NULL;
}

/* Text content of an element: text, CDATA and <ctl cp="N"/> (a character
 * XML cannot hold) into r->tmp. */
static rd_status get_text(rx *r, const xmlNode *e) {
  r->tmp.len = 0;
  rd__buf_put(&r->tmp, "", 0);
  for (const xmlNode *c = e->children; c; c = c->next) {
    if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
      rd__buf_puts(&r->tmp, (const char *)c->content);
    } else if (is_elem(c, "ctl")) {
      xmlChar *v = xmlGetNoNsProp(c, (const xmlChar *)"cp");
      char *endp = NULL;
      unsigned long cp = v ? strtoul((const char *)v, &endp, 10) : 0;
      int ok = v && endp && !*endp && *v >= '0' && *v <= '9' && cp > 0 &&
               (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) && cp != '\t' && cp != '\n' && cp != '\r';
      xmlFree(v);
      if (!ok) return fail(r, line_of(c), "<ctl> needs cp= a control character code (1-31 but not 9, 10, 13; 65534; 65535)");
      char u[4];
      rd__buf_put(&r->tmp, u, rd__utf8_encode((uint32_t)cp, u));
    } else if (c->type == XML_ELEMENT_NODE) {
      return fail(r, line_of(c), "unexpected element <%s> inside <%s>", (const char *)c->name, (const char *)e->name);
    }
  }
  return r->tmp.oom ? rd__oom() : RD_OK;
}

/* Unsigned decimal attribute. Missing: *present = 0 (error if required). */
static rd_status get_num(rx *r, const xmlNode *e, const char *name, int required, size_t *out, int *present) {
  xmlChar *v = xmlGetNoNsProp(e, (const xmlChar *)name);
  if (present) *present = v != NULL;
  if (!v) {
    if (required) return fail(r, line_of(e), "<%s> needs the attribute %s", (const char *)e->name, name);
    return RD_OK;
  }
  size_t x = 0;
  int ok = *v != '\0';
  for (const xmlChar *c = v; *c && ok; c++) {
    if (*c < '0' || *c > '9' || x > (SIZE_MAX - 9) / 10) ok = 0;
    else x = x * 10 + (size_t)(*c - '0');
  }
  if (!ok || x > UINT32_MAX) {
    rd_status st = fail(r, line_of(e), "<%s %s=\"%.30s\">: not a number below 2^32", (const char *)e->name, name, (const char *)v);
    xmlFree(v);
    return st;
  }
  xmlFree(v);
  *out = x;
  return RD_OK;
}

/* A token field interned in the document (NULL when absent): the
 * attribute, or an <attr name="..."> child when the value holds a
 * character attributes cannot carry. */
static rd_status get_str(rx *r, const xmlNode *e, const char *name, const char **out) {
  rd_status st = RD_OK;
  xmlChar *v = xmlGetNoNsProp(e, (const xmlChar *)name);
  *out = NULL;
  if (v) {
    *out = rd__doc_intern(r->doc, (const char *)v, strlen((const char *)v));
    xmlFree(v);
    return *out ? RD_OK : rd__oom();
  }
  for (xmlNode *c = e->children; c; c = c->next) {
    if (!is_elem(c, "attr")) continue;
    xmlChar *n = xmlGetNoNsProp(c, (const xmlChar *)"name");
    int match = n && !strcmp((const char *)n, name);
    xmlFree(n);
    if (!match) continue;
    if ((st = get_text(r, c)) < 0) return st;
    *out = rd__doc_intern(r->doc, r->tmp.ptr, r->tmp.len);
    return *out ? RD_OK : rd__oom();
  }
  return RD_OK;
}

/* A confidence as the writers print it: 0..1 with up to three decimals
 * ("0.217", "1.000"), so what is read prints back the same. */
static rd_status get_conf(rx *r, const xmlNode *e, int *present, double *out) {
  xmlChar *v = xmlGetNoNsProp(e, (const xmlChar *)"confidence");
  *present = v != NULL;
  if (!v) return RD_OK;
  const char *c = (const char *)v;
  int ok = (c[0] == '0' || c[0] == '1');
  size_t nd = 0;
  if (ok && c[1] == '.') for (const char *d = c + 2; *d && ok; d++, nd++) ok = *d >= '0' && *d <= '9' && nd < 3;
  else if (ok) ok = c[1] == '\0';
  if (ok && c[1] == '.') ok = nd > 0;
  double x = ok ? strtod(c, NULL) : 0;
  if (!ok || x > 1) {
    rd_status st = fail(r, line_of(e), "<%s confidence=\"%.30s\">: not a share from 0 to 1 with at most three decimals",
                        (const char *)e->name, c);
    xmlFree(v);
    return st;
  }
  xmlFree(v);
  *out = x;
  return RD_OK;
}

static int attr_is(const xmlNode *e, const char *name, const char *value) {
  xmlChar *v = xmlGetNoNsProp(e, (const xmlChar *)name);
  int eq = v && !strcmp((const char *)v, value);
  xmlFree(v);
  return eq;
}

static int on_boundary(const rd_doc *doc, size_t off) {
  return off >= doc->src_len || ((unsigned char)doc->src[off] & 0xC0) != 0x80;
}

/* start/end attributes: inside the source, in order, on character boundaries. */
static rd_status get_span(rx *r, const xmlNode *e, size_t *a, size_t *b) {
  rd_status st;
  if ((st = get_num(r, e, "start", 1, a, NULL)) < 0 || (st = get_num(r, e, "end", 1, b, NULL)) < 0) return st;
  if (*a > *b || *b > r->doc->src_len)
    return fail(r, line_of(e), "<%s> span %zu..%zu is outside the source (%zu bytes)", (const char *)e->name, *a, *b,
                r->doc->src_len);
  if (!on_boundary(r->doc, *a) || !on_boundary(r->doc, *b))
    return fail(r, line_of(e), "<%s> span %zu..%zu splits a UTF-8 character", (const char *)e->name, *a, *b);
  return RD_OK;
}

static rd_status push_warning(rx *r, const char *w, size_t len) {
  if (r->nwarns == r->capwarns) {
    size_t cap = r->capwarns ? r->capwarns * 2 : 8;
    const char **n = realloc(r->warns, cap * sizeof *n);
    if (!n) return rd__oom();
    r->warns = n;
    r->capwarns = cap;
  }
  const char *s = rd__arena_strndup(&r->doc->arena, w, len);
  if (!s) return rd__oom();
  r->warns[r->nwarns++] = s;
  return RD_OK;
}

/* ---- words ------------------------------------------------------------ */

static rd_status parse_class(rx *r, const xmlNode *e, rd_pos *out);

/* One <word first count lemma? reading? class infl? name? content?> with
 * its <gloss>es; checked against the tokens by rd__doc_set_words(). */
static rd_status add_word(rx *r, rd_node *sent, const xmlNode *e) {
  rd_status st;
  if (r->nwords == r->capwords) {
    size_t cap = r->capwords ? r->capwords * 2 : 256;
    rd__word_spec *v = realloc(r->words, cap * sizeof *v);
    if (!v) return rd__oom();
    r->words = v;
    r->capwords = cap;
  }
  rd__word_spec *w = &r->words[r->nwords];
  memset(w, 0, sizeof *w);
  w->sentence = sent;
  w->line = line_of(e);
  rd_pos pos;
  if ((st = get_num(r, e, "first", 1, &w->first, NULL)) < 0 || (st = get_num(r, e, "count", 1, &w->count, NULL)) < 0 ||
      (st = get_str(r, e, "lemma", &w->lemma)) < 0 || (st = get_str(r, e, "reading", &w->reading)) < 0 ||
      (st = get_str(r, e, "infl", &w->infl)) < 0 || (st = parse_class(r, e, &pos)) < 0)
    return st;
  w->pos = pos;
  w->name = attr_is(e, "name", "true");
  w->content = !attr_is(e, "content", "false");
  const char *gl[64];
  size_t ng = 0;
  for (xmlNode *c = next_elem(r, e->children, &st); c; c = next_elem(r, c->next, &st)) {
    if (!is_elem(c, "gloss")) return fail(r, line_of(c), "unexpected element <%s> inside <word>", (const char *)c->name);
    if (ng == sizeof gl / sizeof *gl) return fail(r, line_of(c), "<word> has more than 64 <gloss>");
    if ((st = get_text(r, c)) < 0) return st;
    if (!(gl[ng++] = rd__doc_intern(r->doc, r->tmp.ptr, r->tmp.len))) return rd__oom();
  }
  if (st < 0) return st;
  if (ng) {
    const char **g = rd__arena_alloc(&r->doc->arena, ng * sizeof *g);
    if (!g) return rd__oom();
    memcpy(g, gl, ng * sizeof *g);
    w->glosses = g;
    w->ngloss = ng;
  }
  r->nwords++;
  return RD_OK;
}

/* ---- tokens ----------------------------------------------------------- */

static const char *const flag_names[] = {"unknown", "number", "symbol", "latin", "kanji", "rule", "override", "editorial",
                                            "person", "place", "org"};

static rd_status parse_flags(rx *r, const xmlNode *e, unsigned *out) {
  *out = 0;
  xmlChar *v = xmlGetNoNsProp(e, (const xmlChar *)"flags");
  if (!v) return RD_OK;
  rd_status st = RD_OK;
  const char *p = (const char *)v;
  while (*p && st >= 0) {
    while (*p == ' ') p++;
    size_t n = strcspn(p, " ");
    if (!n) break;
    size_t i = 0, nf = sizeof flag_names / sizeof *flag_names;
    while (i < nf && !(strlen(flag_names[i]) == n && !memcmp(flag_names[i], p, n))) i++;
    if (i == nf) st = fail(r, line_of(e), "<token flags>: unknown flag '%.*s'", (int)(n > 40 ? 40 : n), p);
    else *out |= 1u << i;
    p += n;
  }
  xmlFree(v);
  return st;
}

static rd_status parse_class(rx *r, const xmlNode *e, rd_pos *out) {
  xmlChar *v = xmlGetNoNsProp(e, (const xmlChar *)"class");
  *out = RD_POS_OTHER;
  if (!v) return RD_OK;
  for (int i = RD_POS_OTHER; i <= RD_POS_WHITESPACE; i++)
    if (!strcmp(rd_pos_name((rd_pos)i), (const char *)v)) {
      *out = (rd_pos)i;
      xmlFree(v);
      return RD_OK;
    }
  rd_status st = fail(r, line_of(e), "<token class=\"%.30s\">: unknown word class", (const char *)v);
  xmlFree(v);
  return st;
}


/* Whether a token's surface is its span's text: the source bytes [a, b)
 * less what the sentence's text leaves out (citation markers, inline
 * readings), as its pieces map them. A token may span a marker: MeCab saw
 * the sentence text, in which "0[2]1" reads "01". */
static int surface_matches(const rd_doc *doc, const rd_node *sent, size_t a, size_t b, const char *surf, size_t slen) {
  if (!sent->npieces) return slen == b - a && !memcmp(surf, doc->src + a, slen);
  size_t done = 0;
  for (size_t i = 0; i < sent->npieces; i++) {
    const rd__piece *p = &sent->pieces[i];
    size_t lo = p->src_off > a ? p->src_off : a, hi = p->src_off + p->len < b ? p->src_off + p->len : b;
    if (lo >= hi) continue;
    if (done + (hi - lo) > slen || memcmp(surf + done, doc->src + lo, hi - lo)) return 0;
    done += hi - lo;
  }
  return done == slen;
}

static rd_status add_token(rx *r, rd_node *sent, const xmlNode *e, size_t *prev_end) {
  rd_doc *doc = r->doc;
  rd_status st;
  size_t a, b, ca, cb;
  if ((st = get_span(r, e, &a, &b)) < 0 || (st = get_num(r, e, "cstart", 1, &ca, NULL)) < 0 ||
      (st = get_num(r, e, "cend", 1, &cb, NULL)) < 0)
    return st;
  if (a < sent->start || b > sent->end)
    return fail(r, line_of(e), "<token> span %zu..%zu lies outside its sentence (%zu..%zu)", a, b, sent->start, sent->end);
  /* Navigation merges tokens and citations by position: they must be
   * non-empty and in order, or a walk could loop. */
  if (a == b) return fail(r, line_of(e), "<token> at byte %zu is empty", a);
  if (a < *prev_end) return fail(r, line_of(e), "<token> at byte %zu overlaps or precedes the token or citation before it", a);
  *prev_end = b;
  rd__lex proto;
  memset(&proto, 0, sizeof proto);
  if ((st = get_str(r, e, "surface", &proto.surface)) < 0 || (st = get_str(r, e, "lemma", &proto.lemma)) < 0 ||
      (st = get_str(r, e, "pos", &proto.pos)) < 0 || (st = get_str(r, e, "infl", &proto.infl)) < 0 ||
      (st = get_str(r, e, "reading", &proto.reading)) < 0 || (st = get_str(r, e, "pron", &proto.pron)) < 0 ||
      (st = get_str(r, e, "rule", &proto.rule)) < 0 || (st = get_str(r, e, "orig", &proto.orig_reading)) < 0 ||
      (st = parse_flags(r, e, &proto.flags)) < 0 || (st = parse_class(r, e, &proto.pos_class)) < 0)
    return st;
  if (!proto.surface) return fail(r, line_of(e), "<token> needs the attribute surface");
  if (!proto.lemma) proto.lemma = proto.surface; /* rd_token_lemma(): the surface when there is none */
  size_t slen = strlen(proto.surface);
  /* The views print the surface as the article's text: it must be the
   * source bytes of the span, or a forged file puts words in the article. */
  if (!surface_matches(doc, sent, a, b, proto.surface, slen))
    return fail(r, line_of(e), "<token surface=\"%.60s\"> is not the source text at bytes %zu..%zu (\"%.*s\")",
                proto.surface, a, b, (int)(b - a > 60 ? 60 : b - a), doc->src + a);
  rd_ruby ruby[64];
  const char *gl[64];
  rd__alt alt[8];
  size_t nr = 0, ng = 0, na = 0;
  double chosen = 1;
  int has_conf = 0;
  if ((st = get_conf(r, e, &has_conf, &chosen)) < 0) return st;
  for (xmlNode *c = next_elem(r, e->children, &st); c; c = next_elem(r, c->next, &st)) {
    if (is_elem(c, "ruby")) {
      size_t at, len;
      if ((st = get_num(r, c, "at", 1, &at, NULL)) < 0 || (st = get_num(r, c, "len", 1, &len, NULL)) < 0 ||
          (st = get_text(r, c)) < 0)
        return st;
      if (nr == sizeof ruby / sizeof *ruby) return fail(r, line_of(c), "<token> has more than 64 <ruby>");
      if (at + len > slen || !len || !r->tmp.len)
        return fail(r, line_of(c), "<ruby at=\"%zu\" len=\"%zu\"> does not fit the surface '%s' (%zu bytes) or is empty",
                    at, len, proto.surface, slen);
      /* The views copy these byte ranges of the surface: whole characters, in order. */
      if (((unsigned char)proto.surface[at] & 0xC0) == 0x80 ||
          (at + len < slen && ((unsigned char)proto.surface[at + len] & 0xC0) == 0x80))
        return fail(r, line_of(c), "<ruby at=\"%zu\" len=\"%zu\"> splits a character of the surface '%s'", at, len, proto.surface);
      if (nr && at < ruby[nr - 1].start + ruby[nr - 1].len)
        return fail(r, line_of(c), "<ruby at=\"%zu\"> overlaps or precedes the <ruby> before it", at);
      const char *rs = rd__doc_intern(doc, r->tmp.ptr, r->tmp.len);
      if (!rs) return rd__oom();
      ruby[nr].version = RD_RUBY_VERSION;
      ruby[nr].start = at;
      ruby[nr].len = len;
      ruby[nr].reading = rs;
      ruby[nr].reading_len = r->tmp.len;
      nr++;
    } else if (is_elem(c, "attr")) {
      continue; /* read by get_str() */
    } else if (is_elem(c, "alt")) {
      int has = 0;
      double conf = 0;
      if ((st = get_conf(r, c, &has, &conf)) < 0 || (st = get_text(r, c)) < 0) return st;
      if (!has) return fail(r, line_of(c), "<alt> needs the attribute confidence");
      if (na == sizeof alt / sizeof *alt) return fail(r, line_of(c), "<token> has more than 8 <alt>");
      if (!r->tmp.len || (proto.reading && !strcmp(r->tmp.ptr, proto.reading)))
        return fail(r, line_of(c), "<alt> is empty or the token's own reading");
      for (size_t i = 0; i < na; i++)
        if (!strcmp(alt[i].reading, r->tmp.ptr)) return fail(r, line_of(c), "<alt>%s</alt> given twice", r->tmp.ptr);
      if (!(alt[na].reading = rd__doc_intern(doc, r->tmp.ptr, r->tmp.len))) return rd__oom();
      alt[na++].confidence = (float)conf;
    } else if (is_elem(c, "gloss")) {
      if ((st = get_text(r, c)) < 0) return st;
      if (ng == sizeof gl / sizeof *gl) return fail(r, line_of(c), "<token> has more than 64 <gloss>");
      if (!(gl[ng++] = rd__doc_intern(doc, r->tmp.ptr, r->tmp.len))) return rd__oom();
    } else {
      return fail(r, line_of(c), "unexpected element <%s> inside <token>", (const char *)c->name);
    }
  }
  if (st < 0) return st;
  if (has_conf != (na > 0))
    return fail(r, line_of(e), "<token surface=\"%s\">: %s", proto.surface,
                na ? "<alt> needs the token's own confidence" : "confidence without any <alt>");
  if (na) {
    /* Kept until the tokens are installed (rd__doc_alts_add). */
    if (r->nalts == r->capalts) {
      size_t cap = r->capalts ? r->capalts * 2 : 16;
      rd__alt_entry *v = realloc(r->alts, cap * sizeof *v);
      if (!v) return rd__oom();
      r->alts = v;
      r->capalts = cap;
    }
    if (r->naltv + na > r->capaltv) {
      size_t cap = r->capaltv ? r->capaltv * 2 : 32;
      while (cap < r->naltv + na) cap *= 2;
      rd__alt *v = realloc(r->altv, cap * sizeof *v);
      if (!v) return rd__oom();
      r->altv = v;
      r->capaltv = cap;
    }
    memcpy(r->altv + r->naltv, alt, na * sizeof *alt);
    rd__alt_entry ae = {r->ntoks, (float)chosen, (uint32_t)r->naltv, (uint32_t)na};
    r->alts[r->nalts++] = ae;
    r->naltv += na;
  }
  proto.ruby = nr ? ruby : NULL;
  proto.ruby_count = nr;
  const rd__lex *lex = rd__doc_lex(doc, &proto);
  if (!lex) return rd__oom();
  if (ng && !lex->gloss_count) {
    /* Glosses belong to the word, not the occurrence (rd_doc_gloss). */
    const char **g = rd__arena_alloc(&doc->arena, ng * sizeof *g);
    if (!g) return rd__oom();
    memcpy(g, gl, ng * sizeof *g);
    rd__lex *w = (rd__lex *)(uintptr_t)lex;
    w->glosses = g;
    w->gloss_count = ng;
  } else if (ng) {
    int same = ng == lex->gloss_count;
    for (size_t i = 0; same && i < ng; i++) same = !strcmp(gl[i], lex->glosses[i]);
    if (!same) return fail(r, line_of(e), "<token surface=\"%s\"> has other glosses than an earlier token of the same word", proto.surface);
  }
  if (r->ntoks == r->captoks) {
    size_t cap = r->captoks ? r->captoks * 2 : 256;
    rd__token *t = realloc(r->toks, cap * sizeof *t);
    if (!t) return rd__oom();
    r->toks = t;
    tokinfo *ti = realloc(r->info, cap * sizeof *ti);
    if (!ti) return rd__oom();
    r->info = ti;
    r->captoks = cap;
  }
  rd__token *t = &r->toks[r->ntoks];
  memset(t, 0, sizeof *t);
  t->kind = RD_NODE_TOKEN;
  if (rd__tok_set_span(t, a, b) < 0) return fail(r, line_of(e), "<token> span %zu..%zu is longer than a token holds", a, b);
  t->lex = lex;
  r->info[r->ntoks].sent = sent;
  r->info[r->ntoks].line = line_of(e);
  r->info[r->ntoks].ngloss = ng;
  r->info[r->ntoks].cstart = ca;
  r->info[r->ntoks].cend = cb;
  r->ntoks++;
  return RD_OK;
}

/* ---- structure ---------------------------------------------------------- */

static rd_status parse_pieces(rx *r, const xmlNode *e, rd_node *n) {
  xmlChar *v = xmlGetNoNsProp(e, (const xmlChar *)"pieces");
  if (!v) return RD_OK;
  size_t count = 1;
  for (const xmlChar *c = v; *c; c++) count += *c == ' ';
  rd__piece *p = rd__arena_alloc(&r->doc->arena, count * sizeof *p);
  if (!p) { xmlFree(v); return rd__oom(); }
  const char *s = (const char *)v;
  size_t k = 0;
  rd_status st = RD_OK;
  while (*s && st >= 0) {
    size_t f[3];
    for (int i = 0; i < 3 && st >= 0; i++) {
      if (*s < '0' || *s > '9') { st = fail(r, line_of(e), "<sentence pieces>: expected 'TEXT,SOURCE,LENGTH' triples"); break; }
      char *endp;
      unsigned long long x = strtoull(s, &endp, 10);
      if (x > UINT32_MAX) st = fail(r, line_of(e), "<sentence pieces>: number out of range");
      f[i] = (size_t)x;
      s = endp;
      if (i < 2 && *s++ != ',') st = fail(r, line_of(e), "<sentence pieces>: expected 'TEXT,SOURCE,LENGTH' triples");
    }
    if (st < 0) break;
    if (*s == ' ') s++;
    else if (*s) { st = fail(r, line_of(e), "<sentence pieces>: triples are separated by one space"); break; }
    if (f[1] + f[2] > r->doc->src_len) { st = fail(r, line_of(e), "<sentence pieces>: piece %zu,%zu,%zu runs past the source", f[0], f[1], f[2]); break; }
    p[k].text_off = f[0];
    p[k].src_off = f[1];
    p[k].len = f[2];
    k++;
  }
  xmlFree(v);
  if (st < 0) return st;
  n->pieces = p;
  n->npieces = k;
  return RD_OK;
}

static rd_status parse_leaf(rx *r, rd_node *parent, const xmlNode *e, rd_node_kind kind, size_t *prev_end) {
  size_t a, b, num;
  rd_status st;
  if ((st = get_span(r, e, &a, &b)) < 0 || (st = get_num(r, e, "number", 1, &num, NULL)) < 0) return st;
  if (kind == RD_NODE_CITATION) {
    if (a == b || a < parent->start || b > parent->end)
      return fail(r, line_of(e), "<citation> span %zu..%zu is empty or outside its sentence (%zu..%zu)", a, b, parent->start, parent->end);
    if (a < *prev_end) return fail(r, line_of(e), "<citation> at byte %zu overlaps or precedes the token or citation before it", a);
    *prev_end = b;
  }
  rd_node *n = rd__node_new(r->doc, kind, a, b);
  if (!n) return rd__oom();
  n->number = (unsigned)num;
  if ((st = get_text(r, e)) < 0 || (st = rd__node_set_text(n, r->tmp.ptr, r->tmp.len)) < 0) return st;
  if (kind == RD_NODE_CITATION) {
    size_t off, target;
    int has;
    if ((st = get_num(r, e, "offset", 1, &off, NULL)) < 0 || (st = get_num(r, e, "target", 0, &target, &has)) < 0) return st;
    if (off > parent->text_len)
      return fail(r, line_of(e), "<citation offset=\"%zu\"> is past the end of its sentence's text (%zu bytes)", off, parent->text_len);
    n->text_off = off;
    if (r->ncits == r->capcits) {
      size_t cap = r->capcits ? r->capcits * 2 : 32;
      pending_cit *c = realloc(r->cits, cap * sizeof *c);
      if (!c) return rd__oom();
      r->cits = c;
      r->capcits = cap;
    }
    r->cits[r->ncits++] = (pending_cit){n, line_of(e), has, target};
  }
  if ((st = rd__node_append(parent, n)) < 0) return fail(r, line_of(e), "%s", rd_error_last()->message);
  return RD_OK;
}

static const struct { const char *name; rd_node_kind kind; } kinds[] = {
  {"section", RD_NODE_SECTION}, {"heading", RD_NODE_HEADING}, {"paragraph", RD_NODE_PARAGRAPH},
  {"question", RD_NODE_QUESTION}, {"sentence", RD_NODE_SENTENCE}, {"references", RD_NODE_REFERENCES},
  {"reference", RD_NODE_REFERENCE}, {"citation", RD_NODE_CITATION}};

static rd_node_kind kind_of_elem(const xmlNode *e) {
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++)
    if (is_elem(e, kinds[i].name)) return kinds[i].kind;
  return RD_NODE_NONE;
}

static rd_status parse_children(rx *r, rd_node *n, const xmlNode *e);
static rd_status parse_node(rx *r, rd_node *parent, const xmlNode *e, rd_node_kind kind, size_t *prev_end);

static rd_status parse_node_at(rx *r, rd_node *parent, const xmlNode *e, rd_node_kind kind, size_t *prev_end);

static rd_status parse_node(rx *r, rd_node *parent, const xmlNode *e, rd_node_kind kind, size_t *prev_end) {
  if (r->depth >= RD__XML_MAX_DEPTH)
    return fail(r, line_of(e), "elements nested more than %u deep", RD__XML_MAX_DEPTH);
  r->depth++;
  rd_status st = parse_node_at(r, parent, e, kind, prev_end);
  r->depth--;
  return st;
}

static rd_status parse_node_at(rx *r, rd_node *parent, const xmlNode *e, rd_node_kind kind, size_t *prev_end) {
  if (kind == RD_NODE_REFERENCE || kind == RD_NODE_CITATION) {
    if (parent->kind != (kind == RD_NODE_REFERENCE ? RD_NODE_REFERENCES : RD_NODE_SENTENCE))
      return fail(r, line_of(e), "a %s cannot contain a %s", rd_node_kind_name((rd_node_kind)parent->kind), rd_node_kind_name(kind));
    return parse_leaf(r, parent, e, kind, prev_end);
  }
  size_t a, b, level = 0;
  rd_status st;
  if ((st = get_span(r, e, &a, &b)) < 0) return st;
  rd_node *n = rd__node_new(r->doc, kind, a, b);
  if (!n) return rd__oom();
  if ((st = rd__node_append(parent, n)) < 0) return fail(r, line_of(e), "%s", rd_error_last()->message);
  if (kind == RD_NODE_SECTION || kind == RD_NODE_HEADING) {
    if ((st = get_num(r, e, "level", 1, &level, NULL)) < 0) return st;
    if (level > 255) return fail(r, line_of(e), "<%s level=\"%zu\">: level above 255", (const char *)e->name, level);
    n->level = (uint8_t)level;
  }
  if (kind == RD_NODE_SECTION) {
    const char *id;
    if ((st = get_str(r, e, "id", &id)) < 0) return st;
    if (!id || !*id) return fail(r, line_of(e), "<section> needs a non-empty id");
    n->id = id;
    if (attr_is(e, "synthesized", "true")) n->flags |= RD__NODE_SYNTH;
    if (attr_is(e, "afterword", "true")) n->flags |= RD__NODE_AFTERWORD;
  } else if (kind == RD_NODE_HEADING) {
    if (attr_is(e, "role", "title")) {
      n->role = RD_HEADING_TITLE;
      if (!r->doc->title) r->doc->title = n;
    } else if (attr_is(e, "role", "headline")) {
      n->role = RD_HEADING_HEADLINE;
      if (!r->doc->headline) r->doc->headline = n;
    } else if (!attr_is(e, "role", "section")) {
      return fail(r, line_of(e), "<heading> needs role=\"section\", \"title\" or \"headline\"");
    }
  } else if (kind == RD_NODE_PARAGRAPH && attr_is(e, "lead", "true")) {
    if (r->doc->lead) return fail(r, line_of(e), "a second lead paragraph");
    r->doc->lead = n;
  } else if (kind == RD_NODE_SENTENCE && (st = parse_pieces(r, e, n)) < 0) {
    return st;
  }
  return parse_children(r, n, e);
}

static rd_status parse_children(rx *r, rd_node *n, const xmlNode *e) {
  rd_status st = RD_OK;
  int seen_text = 0, seen_summary = 0;
  size_t prev_end = 0;
  if (n->kind == RD_NODE_SENTENCE) {
    n->tok_first = r->ntoks;
    prev_end = n->start;
  }
  for (xmlNode *c = next_elem(r, e->children, &st); c; c = next_elem(r, c->next, &st)) {
    rd_node_kind k;
    if (is_elem(c, "text") && !seen_text && n->kind != RD_NODE_SECTION && n->kind != RD_NODE_REFERENCES &&
        n->kind != RD_NODE_DOCUMENT) {
      seen_text = 1;
      if ((st = get_text(r, c)) < 0 || (st = rd__node_set_text(n, r->tmp.ptr, r->tmp.len)) < 0) return st;
    } else if (is_elem(c, "summary") && !seen_summary) {
      seen_summary = 1;
      if ((st = get_text(r, c)) < 0) return st;
      if (!(n->summary = rd__arena_strndup(&r->doc->arena, r->tmp.ptr, r->tmp.len))) return rd__oom();
    } else if (is_elem(c, "token") && n->kind == RD_NODE_SENTENCE) {
      if ((st = add_token(r, n, c, &prev_end)) < 0) return st;
    } else if (is_elem(c, "word") && n->kind == RD_NODE_SENTENCE) {
      if ((st = add_word(r, n, c)) < 0) return st;
    } else if (is_elem(c, "warning") && n->kind == RD_NODE_DOCUMENT) {
      if ((st = get_text(r, c)) < 0 || (st = push_warning(r, r->tmp.ptr, r->tmp.len)) < 0) return st;
    } else if ((k = kind_of_elem(c)) != RD_NODE_NONE) {
      if ((st = parse_node(r, n, c, k, &prev_end)) < 0) return st;
    } else {
      return fail(r, line_of(c), "unexpected element <%s> inside <%s>", (const char *)c->name, (const char *)e->name);
    }
  }
  if (st < 0) return st;
  if (n->kind == RD_NODE_SENTENCE) {
    n->tok_count = r->ntoks - n->tok_first;
    if (!n->text) return fail(r, line_of(e), "<sentence> needs a <text>");
    /* The text is its pieces of the source, in order (as the readers build
     * it): token offsets are mapped through them into the source, so a
     * gap, an overlap or other bytes would point past it. */
    size_t covered = 0;
    for (size_t i = 0; i < n->npieces; i++) {
      const rd__piece *p = &n->pieces[i];
      if (p->text_off != covered || p->text_off + p->len > n->text_len)
        return fail(r, line_of(e), "<sentence pieces>: piece %zu does not continue the sentence's text (%zu bytes) at byte %zu",
                    i + 1, n->text_len, covered);
      if (memcmp(n->text + p->text_off, r->doc->src + p->src_off, p->len) != 0)
        return fail(r, line_of(e), "<sentence pieces>: piece %zu is not the source's bytes %zu..%zu", i + 1, p->src_off,
                    p->src_off + p->len);
      covered += p->len;
    }
    if (n->npieces ? covered != n->text_len : n->start + n->text_len > r->doc->src_len)
      return fail(r, line_of(e), "<sentence pieces>: the pieces cover %zu of the sentence's %zu text bytes", covered,
                  n->text_len);
  }
  return RD_OK;
}

/* ---- the editors' readings ---------------------------------------------- */

/* The <ruby-span start end guessed?>READING</ruby-span> elements right
 * after <source>, up to the first other element (returned). They are what
 * rd__doc_add_ruby_span keeps, and are checked to be so: inside the
 * source on character boundaries, non-empty, sorted and apart, the
 * reading hiragana. A forged span would put a reading on words the
 * editors never annotated. */
static xmlNode *parse_ruby_spans(rx *r, xmlNode *c, rd_status *st) {
  size_t prev_end = 0;
  for (c = next_elem(r, c, st); c && is_elem(c, "ruby-span"); c = next_elem(r, c->next, st)) {
    size_t a, b;
    if ((*st = get_span(r, c, &a, &b)) < 0) return NULL;
    if (a == b) { *st = fail(r, line_of(c), "<ruby-span> at byte %zu has an empty base", a); return NULL; }
    if (a < prev_end) {
      *st = fail(r, line_of(c), "<ruby-span> at byte %zu overlaps or precedes the <ruby-span> before it (ending at %zu)", a, prev_end);
      return NULL;
    }
    prev_end = b;
    xmlChar *g = xmlGetNoNsProp(c, (const xmlChar *)"guessed");
    int bad_g = g && strcmp((const char *)g, "true");
    unsigned flags = g && !bad_g ? RD__RUBY_GUESSED : 0;
    xmlFree(g);
    if (bad_g) { *st = fail(r, line_of(c), "<ruby-span guessed> must be \"true\" or absent"); return NULL; }
    if ((*st = get_text(r, c)) < 0) return NULL;
    if (!rd__ruby_reading_ok(r->tmp.ptr, r->tmp.len)) {
      *st = fail(r, line_of(c), "<ruby-span> reading \"%.60s\" is not hiragana (empty, other characters, or %d bytes or more)",
                 r->tmp.ptr, RD__RUBY_READING_MAX);
      return NULL;
    }
    size_t before = r->doc->nruby_spans;
    if ((*st = rd__doc_add_ruby_span(r->doc, a, b, r->tmp.ptr, r->tmp.len, flags)) < 0) return NULL;
    if (r->doc->nruby_spans != before + 1) { /* cannot happen after the checks above */
      *st = fail(r, line_of(c), "<ruby-span> at byte %zu was not kept", a);
      return NULL;
    }
  }
  return c;
}

/* ---- the document ------------------------------------------------------- */

static rd_status build(rx *r, xmlDoc *x, const char *xml, size_t len) {
  rd_status st = RD_OK;
  xmlNode *root = xmlDocGetRootElement(x);
  if (x->intSubset || x->extSubset) return fail(r, 1, "a document type declaration is not allowed in libreader XML");
  if (!is_elem(root, "document"))
    return fail(r, line_of(root), "the root element must be <document xmlns=\"" NS "\">, not <%s>",
                root ? (const char *)root->name : "");
  if (!attr_is(root, "version", "1")) return fail(r, line_of(root), "<document> needs version=\"1\" (the only version this library reads)");
  xmlNode *src = next_elem(r, root->children, &st);
  if (st < 0) return st;
  if (!is_elem(src, "source")) return fail(r, line_of(src ? src : root), "<document> must start with <source>");
  size_t bytes, chars;
  if ((st = get_num(r, src, "bytes", 1, &bytes, NULL)) < 0 || (st = get_num(r, src, "chars", 1, &chars, NULL)) < 0 ||
      (st = get_text(r, src)) < 0)
    return st;
  if (bytes != r->tmp.len || chars != rd__utf8_count(r->tmp.ptr, r->tmp.len))
    return fail(r, line_of(src), "<source> holds %zu bytes, %zu characters, but says bytes=\"%zu\" chars=\"%zu\" (changed by an editor?)",
                r->tmp.len, rd__utf8_count(r->tmp.ptr, r->tmp.len), bytes, chars);
  xmlChar *name = xmlGetNoNsProp(root, (const xmlChar *)"name");
  r->doc = rd__doc_new(r->tmp.ptr, r->tmp.len, (const char *)name);
  xmlFree(name);
  if (!r->doc) return rd__oom();
  if ((st = get_str(r, root, "dictionary", &r->doc->dictionary)) < 0) return st;
  if ((st = get_str(r, root, "date", &r->doc->date)) < 0 || (st = get_str(r, root, "byline", &r->doc->byline)) < 0) return st;
  size_t a, b;
  if ((st = get_span(r, root, &a, &b)) < 0) return st;
  r->doc->root->start = a;
  r->doc->root->end = b;
  /* Children after <source>: the editors' readings, nodes, then warnings. */
  xmlNode *after = parse_ruby_spans(r, src->next, &st);
  if (st < 0) return st;
  xmlNode *saved = root->children;
  root->children = after;
  st = parse_children(r, r->doc->root, root);
  root->children = saved;
  if (st < 0) return st;
  if ((st = rd__doc_finish(r->doc)) < 0) return st;
  /* Citations resolve by structure; the XML's target must agree. */
  for (size_t i = 0; i < r->ncits; i++) {
    const pending_cit *c = &r->cits[i];
    const rd_node *t = c->cit->target;
    if (c->has_target != (t != NULL) || (t && t->number != c->target))
      return fail(r, c->line, "<citation number=\"%u\"> says %s, but its Citations list %s", c->cit->number,
                  c->has_target ? "it has a target" : "it has no target", t ? "has that number" : "has no such number");
  }
  /* Warnings are the stored ones, not those rd__doc_finish just made again. */
  rd_doc *doc = r->doc;
  doc->nwarnings = 0;
  doc->warn_dropped = 0;
  for (size_t i = 0; i < r->nwarns; i++) {
    if ((st = rd__doc_keep_warning(doc, r->warns[i])) < 0) return st;
  }
  for (size_t i = 0; i < r->ntoks; i++) {
    rd__token *t = &r->toks[i];
    size_t ca = rd__doc_char_offset(doc, t->start), cb = rd__doc_char_offset(doc, rd__tok_end(t));
    if (ca != r->info[i].cstart || cb != r->info[i].cend)
      return fail(r, r->info[i].line, "<token> cstart/cend %zu..%zu do not match its bytes %u..%zu (characters %zu..%zu)",
                  r->info[i].cstart, r->info[i].cend, t->start, rd__tok_end(t), ca, cb);
    if (r->info[i].ngloss != t->lex->gloss_count)
      return fail(r, r->info[i].line, "<token surface=\"%s\"> has %zu glosses but another token of the same word has %zu",
                  t->lex->surface, r->info[i].ngloss, t->lex->gloss_count);
  }
  if (r->ntoks) {
    if ((st = rd__doc_set_tokens(doc, r->toks, r->ntoks, NULL)) < 0) return st;
    r->toks = NULL;
    rd__alts *table = NULL;
    st = rd__doc_alts_begin(&table, doc->tokens, doc->ntokens);
    for (size_t i = 0; st >= 0 && i < r->nalts; i++) {
      const rd__alt_entry *ae = &r->alts[i];
      st = rd__doc_alts_add(doc, table, ae->token, ae->chosen, r->altv + ae->first, ae->count);
    }
    if (st < 0) { rd__alts_free(table); return st; }
    rd__doc_alts_publish(doc, table);
  }
  if (r->nwords && (st = rd__doc_set_words(doc, r->words, r->nwords, r->name)) < 0) return st;
  (void)xml;
  (void)len;
  return RD_OK;
}

rd_status rd__read_xml(rd_doc **out, const char *xml, size_t len, const rd_parse_options *o) {
  *out = NULL;
  rx r;
  memset(&r, 0, sizeof r);
  r.name = o ? o->name : NULL;
  rd_status st = rd__utf8_validate(xml, len, r.name);
  if (st < 0) return st;
  xmlDoc *x = NULL;
  rd__xml_fault fault;
  if ((st = rd__xml_safe_parse(&x, &fault, xml, len, RD__XML_STRICT)) < 0)
    return st == RD_EXML ? fail(&r, fault.line, "%s", fault.msg) : st;
  st = build(&r, x, xml, len);
  xmlFreeDoc(x);
  free(r.toks);
  free(r.info);
  free(r.cits);
  free(r.warns);
  free(r.words);
  free(r.alts);
  free(r.altv);
  rd__buf_dispose(&r.tmp);
  if (st < 0) {
    rd_doc_free(r.doc);
    return st;
  }
  *out = r.doc;
  return RD_OK;
}
