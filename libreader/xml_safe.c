/* The hardened libxml2 entry (see xml_safe.h for the policy). A linear
 * pre-scan refuses what libxml2 must never see (any DTD, too many
 * attributes, too deep nesting); libxml2 then parses with no network and
 * no entity loading, and its errors are reworded from their codes, so no
 * raw libxml2 message reaches a user. */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/xmlerror.h>

#include "xml_safe.h"

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init_once(void) { xmlInitParser(); }
void rd__xml_init(void) { pthread_once(&xml_once, xml_init_once); }

static rd_status fault_at(rd__xml_fault *f, long line, const char *fmt, ...) RD__PRINTF(3, 4);
static rd_status fault_at(rd__xml_fault *f, long line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(f->msg, sizeof f->msg, fmt, ap);
  va_end(ap);
  f->line = line;
  return RD_EXML;
}

/* ---- the pre-scan --------------------------------------------------------- */

typedef struct scan {
  const char *s;
  size_t len, i;
  long line;
} scan;

static int at(const scan *sc, const char *lit) {
  size_t n = strlen(lit);
  return sc->len - sc->i >= n && !memcmp(sc->s + sc->i, lit, n);
}
static int at_ci(const scan *sc, const char *lit) {
  size_t n = strlen(lit);
  return sc->len - sc->i >= n && !strncasecmp(sc->s + sc->i, lit, n);
}
static void step(scan *sc) {
  if (sc->s[sc->i] == '\n') sc->line++;
  sc->i++;
}
/* Advance past `lit` (or to the end when it never comes). */
static void skip_past(scan *sc, const char *lit) {
  while (sc->i < sc->len && !at(sc, lit)) step(sc);
  for (size_t k = strlen(lit); k && sc->i < sc->len; k--) step(sc);
}
static int is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
static int is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || (unsigned char)c >= 0x80;
}

/* A <!DOCTYPE ...>: in XML refused outright, naming the worst thing it
 * holds; in HTML allowed only as a bare name (libxml2's HTML parser reads
 * no subset, but nothing legitimate has one either). */
static rd_status scan_doctype(scan *sc, rd__xml_fault *f, rd__xml_kind kind) {
  long line = sc->line;
  size_t start = sc->i;
  int external = 0;
  char ext[120] = "";
  sc->i += 9;
  while (sc->i < sc->len && sc->s[sc->i] != '[' && sc->s[sc->i] != '>') {
    if (at(sc, "SYSTEM") || at(sc, "PUBLIC")) {
      if (!external) {
        /* Remember the identifier for the message. */
        size_t j = sc->i + 6;
        while (j < sc->len && is_ws(sc->s[j])) j++;
        if (j < sc->len && (sc->s[j] == '"' || sc->s[j] == '\'')) {
          char q = sc->s[j++];
          size_t k = j;
          while (k < sc->len && sc->s[k] != q && k - j < sizeof ext - 1) k++;
          memcpy(ext, sc->s + j, k - j);
          ext[k - j] = '\0';
        }
      }
      external = 1;
    }
    step(sc);
  }
  int subset = sc->i < sc->len && sc->s[sc->i] == '[';
  if (kind == RD__XML_HTML && !subset) {
    skip_past(sc, ">");
    return RD_OK;
  }
  if (subset) {
    /* Name the first entity declaration: that is what makes a DTD dangerous. */
    while (sc->i < sc->len && sc->s[sc->i] != ']') {
      if (at(sc, "<!ENTITY")) {
        long eline = sc->line;
        size_t j = sc->i + 8;
        while (j < sc->len && (is_ws(sc->s[j]) || sc->s[j] == '%')) j++;
        size_t k = j;
        while (k < sc->len && !is_ws(sc->s[k]) && sc->s[k] != '>' && k - j < 60) k++;
        return fault_at(f, eline, "refused: DTD declares entity '%.*s'; a document type declaration is not allowed "
                        "and entity declarations are refused", (int)(k - j), sc->s + j);
      }
      step(sc);
    }
  }
  (void)start;
  if (external)
    return fault_at(f, line, "a document type declaration (DTD) is not allowed: the DOCTYPE names an external DTD ('%s')", ext);
  return fault_at(f, line, "a document type declaration (DTD) is not allowed%s",
                  subset ? " (an internal subset, even without entities, is refused)" : "");
}

/* HTML elements that never have content: they do not nest. */
static int html_void(const char *n, size_t len) {
  static const char *const v[] = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
                                  "meta", "param", "source", "track", "wbr", "keygen", "frame", "basefont", "isindex"};
  for (size_t i = 0; i < sizeof v / sizeof *v; i++)
    if (strlen(v[i]) == len && !strncasecmp(n, v[i], len)) return 1;
  return 0;
}

/* One start tag at sc->i (just past its name): count the attributes, find
 * whether it closes itself. Linear: each byte is looked at once. */
static rd_status scan_attrs(scan *sc, rd__xml_fault *f, const char *name, size_t nlen, int *self_closing) {
  long line = sc->line;
  size_t count = 0;
  *self_closing = 0;
  while (sc->i < sc->len) {
    char c = sc->s[sc->i];
    if (is_ws(c)) { step(sc); continue; }
    if (c == '>') { sc->i++; return RD_OK; }
    if (c == '/') {
      sc->i++;
      if (sc->i < sc->len && sc->s[sc->i] == '>') { *self_closing = 1; sc->i++; return RD_OK; }
      continue;
    }
    if (c == '<') return RD_OK; /* broken tag: libxml2 reports it */
    /* An attribute name, then perhaps = value. */
    if (++count > RD__XML_MAX_ATTRS)
      return fault_at(f, line, "element <%.*s> has more than %u attributes", (int)(nlen > 60 ? 60 : nlen), name,
                      RD__XML_MAX_ATTRS);
    while (sc->i < sc->len && !is_ws(sc->s[sc->i]) && sc->s[sc->i] != '=' && sc->s[sc->i] != '>' &&
           sc->s[sc->i] != '/' && sc->s[sc->i] != '<')
      sc->i++;
    while (sc->i < sc->len && is_ws(sc->s[sc->i])) step(sc);
    if (sc->i < sc->len && sc->s[sc->i] == '=') {
      sc->i++;
      while (sc->i < sc->len && is_ws(sc->s[sc->i])) step(sc);
      if (sc->i < sc->len && (sc->s[sc->i] == '"' || sc->s[sc->i] == '\'')) {
        char q = sc->s[sc->i++];
        while (sc->i < sc->len && sc->s[sc->i] != q) step(sc);
        if (sc->i < sc->len) sc->i++;
      } else {
        while (sc->i < sc->len && !is_ws(sc->s[sc->i]) && sc->s[sc->i] != '>') sc->i++;
      }
    }
  }
  return RD_OK;
}

static rd_status prescan(const char *s, size_t len, rd__xml_kind kind, rd__xml_fault *f) {
  scan sc = {s, len, 0, 1};
  size_t depth = 0;
  while (sc.i < sc.len) {
    if (s[sc.i] != '<') { step(&sc); continue; }
    if (at(&sc, "<!--")) { skip_past(&sc, "-->"); continue; }
    if (at(&sc, "<![CDATA[")) { skip_past(&sc, "]]>"); continue; }
    if (at(&sc, "<?")) { skip_past(&sc, kind == RD__XML_HTML ? ">" : "?>"); continue; }
    if (at_ci(&sc, "<!DOCTYPE")) {
      rd_status st = scan_doctype(&sc, f, kind);
      if (st < 0) return st;
      continue;
    }
    if (at(&sc, "<!")) {
      if (kind == RD__XML_STRICT && (at(&sc, "<!ENTITY") || at(&sc, "<!ELEMENT") || at(&sc, "<!ATTLIST")))
        return fault_at(f, sc.line, "a DTD declaration is not allowed");
      skip_past(&sc, ">");
      continue;
    }
    if (at(&sc, "</")) {
      if (depth) depth--;
      skip_past(&sc, ">");
      continue;
    }
    if (sc.i + 1 >= sc.len || !is_name_start(s[sc.i + 1])) { sc.i++; continue; } /* a '<' in HTML text */
    sc.i++;
    const char *name = s + sc.i;
    while (sc.i < sc.len && !is_ws(s[sc.i]) && s[sc.i] != '>' && s[sc.i] != '/') sc.i++;
    size_t nlen = (size_t)(s + sc.i - name);
    long line = sc.line;
    int self_closing;
    rd_status st = scan_attrs(&sc, f, name, nlen, &self_closing);
    if (st < 0) return st;
    if (kind == RD__XML_HTML) {
      /* Raw text: a '<' inside a script is not a tag. HTML nesting is
       * checked on the tree instead (end tags are optional there). */
      if ((nlen == 6 && !strncasecmp(name, "script", 6)) || (nlen == 5 && !strncasecmp(name, "style", 5))) {
        while (sc.i < sc.len && !(s[sc.i] == '<' && sc.i + 1 < sc.len && s[sc.i + 1] == '/' &&
                                  sc.len - sc.i - 2 >= nlen && !strncasecmp(s + sc.i + 2, name, nlen)))
          step(&sc);
      }
      (void)html_void;
      continue;
    }
    if (!self_closing && ++depth > RD__XML_MAX_DEPTH)
      return fault_at(f, line, "elements nested more than %u deep", RD__XML_MAX_DEPTH);
  }
  return RD_OK;
}

/* HTML end tags are optional, so its nesting is measured on the tree,
 * iteratively (the tree may be deep; that is what is being checked). */
static rd_status check_tree_depth(xmlDoc *d, rd__xml_fault *f) {
  xmlNode *root = xmlDocGetRootElement(d), *n = root;
  size_t depth = 0;
  while (n) {
    if (n->type == XML_ELEMENT_NODE && n->children) {
      if (++depth > RD__XML_MAX_DEPTH)
        return fault_at(f, xmlGetLineNo(n), "elements nested more than %u deep", RD__XML_MAX_DEPTH);
      n = n->children;
      continue;
    }
    while (n && n != root && !n->next) { n = n->parent; depth--; }
    if (!n || n == root) break;
    n = n->next;
  }
  return RD_OK;
}

/* ---- libxml2's errors in our words -------------------------------------- */

static const char *s1(const xmlError *e) { return e->str1 ? e->str1 : "?"; }

static void reword(const xmlError *e, rd__xml_fault *f) {
  long line = e ? e->line : 0;
  if (!e) { fault_at(f, 0, "malformed XML: the parse failed"); return; }
  switch (e->code) {
  case XML_ERR_DOCUMENT_EMPTY: fault_at(f, line, "malformed XML: the document is empty"); break;
  case XML_ERR_DOCUMENT_END: fault_at(f, line, "malformed XML: content after the root element"); break;
  case XML_ERR_TAG_NAME_MISMATCH:
    fault_at(f, line, "malformed XML: a closing tag does not match the open element <%s>", s1(e));
    break;
  case XML_ERR_TAG_NOT_FINISHED:
    fault_at(f, line, "malformed XML: element <%s> is not closed before the end", s1(e));
    break;
  case XML_ERR_UNDECLARED_ENTITY:
  case XML_WAR_UNDECLARED_ENTITY:
    fault_at(f, line, "entity '%s' is not defined (only &lt; &gt; &amp; &quot; &apos; and character references are allowed)", s1(e));
    break;
  case XML_ERR_ATTRIBUTE_REDEFINED: fault_at(f, line, "malformed XML: attribute '%s' given twice", s1(e)); break;
  case XML_ERR_LT_IN_ATTRIBUTE: fault_at(f, line, "malformed XML: '<' inside an attribute value"); break;
  case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
  case XML_ERR_ATTRIBUTE_NOT_STARTED:
    fault_at(f, line, "malformed XML: attribute '%s' has no quoted value", s1(e));
    break;
  case XML_ERR_GT_REQUIRED: fault_at(f, line, "malformed XML: a tag is not closed with '>'"); break;
  case XML_ERR_INVALID_CHAR:
  case XML_ERR_INVALID_CHARREF:
  case XML_ERR_INVALID_DEC_CHARREF:
  case XML_ERR_INVALID_HEX_CHARREF:
    fault_at(f, line, "malformed XML: a character that XML does not allow");
    break;
  case XML_ERR_NAME_REQUIRED:
  case XML_ERR_LT_REQUIRED:
    fault_at(f, line, "malformed XML: a broken tag");
    break;
  case XML_ERR_NO_MEMORY: fault_at(f, line, "out of memory while parsing"); break;
  case XML_NS_ERR_UNDEFINED_NAMESPACE: fault_at(f, line, "malformed XML: undefined namespace prefix '%s'", s1(e)); break;
  default: fault_at(f, line, "malformed XML: not well-formed (parser error %d)", e->code); break;
  }
}

/* The first error is the one to report: later ones are consequences. It
 * is kept per parser context, so concurrent parses never mix. */
typedef struct first_error {
  int have;
  xmlError e;
  char str1[120];
} first_error;
static void on_error(void *user, xmlErrorPtr e) {
  xmlParserCtxtPtr ctxt = user;
  first_error *fe = ctxt ? ctxt->_private : NULL;
  if (!fe || !e || e->level == XML_ERR_WARNING || fe->have) return;
  fe->have = 1;
  fe->e = *e;
  fe->e.message = NULL;
  snprintf(fe->str1, sizeof fe->str1, "%s", e->str1 ? e->str1 : "?");
  fe->e.str1 = fe->str1;
  fe->e.str2 = fe->e.str3 = NULL;
  fe->e.file = NULL;
  fe->e.node = fe->e.ctxt = NULL;
}

/* Belt and braces behind the pre-scan: the SAX hooks for DTD content stop
 * the parse should anything get through. */
static void stop_entity(void *user, const xmlChar *name, int type, const xmlChar *pub, const xmlChar *sys,
                        xmlChar *content) {
  (void)name, (void)type, (void)pub, (void)sys, (void)content;
  xmlStopParser(user);
}
static void stop_subset(void *user, const xmlChar *name, const xmlChar *ext, const xmlChar *sys) {
  (void)name, (void)ext, (void)sys;
  xmlStopParser(user);
}

rd_status rd__xml_safe_parse(xmlDoc **out, rd__xml_fault *fault, const char *src, size_t len, rd__xml_kind kind) {
  *out = NULL;
  fault->line = 0;
  fault->msg[0] = '\0';
  rd__xml_init();
  if (len > INT32_MAX) return fault_at(fault, 0, "input of %zu bytes is larger than the 2 GiB markup limit", len);
  rd_status st = prescan(src, len, kind, fault);
  if (st < 0) return st;
  if (kind == RD__XML_HTML) {
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) return rd__oom();
    /* HUGE lifts the 10 MB text-node limit; nesting is capped by us. */
    xmlDoc *d = htmlCtxtReadMemory(ctxt, src, (int)len, NULL, "UTF-8",
                                   HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                   HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT | XML_PARSE_HUGE);
    if (!d || ctxt->disableSAX) {
      /* A parse that stopped early would give a silently partial document. */
      const xmlError *e = &ctxt->lastError;
      fault_at(fault, e->line, "HTML parsing stopped (parser error %d)", e->code);
      htmlFreeParserCtxt(ctxt);
      xmlFreeDoc(d);
      return RD_EXML;
    }
    htmlFreeParserCtxt(ctxt);
    if ((st = check_tree_depth(d, fault)) < 0) { xmlFreeDoc(d); return st; }
    *out = d;
    return RD_OK;
  }
  xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
  if (!ctxt) return rd__oom();
  first_error fe;
  memset(&fe, 0, sizeof fe);
  ctxt->_private = &fe;
  ctxt->sax->serror = on_error;
  ctxt->sax->entityDecl = stop_entity;
  ctxt->sax->internalSubset = stop_subset;
  ctxt->sax->externalSubset = stop_subset;
  ctxt->vctxt.error = NULL;
  ctxt->vctxt.warning = NULL;
  /* NONET: never fetch; no NOENT/DTDLOAD/DTDATTR/XINCLUDE: nothing is
   * expanded or loaded. HUGE lifts the 10 MB limit on one text node (a long
   * article's <source>); with DTDs refused nothing expands beyond the input. */
  int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES | XML_PARSE_HUGE |
             XML_PARSE_NOCDATA;
  xmlDoc *d = xmlCtxtReadMemory(ctxt, src, (int)len, NULL, "UTF-8", opts);
  if (!d || !ctxt->wellFormed || d->intSubset || d->extSubset) {
    const xmlError *e = fe.have ? &fe.e : xmlCtxtGetLastError(ctxt);
    if (d && (d->intSubset || d->extSubset)) fault_at(fault, 1, "a document type declaration (DTD) is not allowed");
    else if (e && e->code == XML_ERR_NO_MEMORY) st = rd__oom();
    else reword(e, fault);
    xmlFreeDoc(d);
    xmlFreeParserCtxt(ctxt);
    return st < 0 ? st : RD_EXML;
  }
  xmlFreeParserCtxt(ctxt);
  *out = d;
  return RD_OK;
}
