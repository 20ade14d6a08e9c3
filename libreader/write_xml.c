/* Lossless XML writer (schemas/document.rng). It walks the tree with the
 * public iterator and writes everything rd__read_xml needs to rebuild an
 * equal document, so that XML -> document -> XML is byte-identical. Rooted
 * at another node it writes that subtree, its element carrying the
 * namespace (a fragment: rd_doc_parse() reads only whole documents).
 * Characters XML 1.0 cannot hold (C0 controls other than tab/LF/CR,
 * U+FFFE, U+FFFF) become <ctl cp="N"/> in text content. */
#include <string.h>

#include "write_internal.h"
#include "reader/doc.h"
#include "reader/iter.h"
#include "reader/summaries.h"
#include "reader/token.h"
#include "reader/word.h"

#define RD_XML_NS "urn:libreader:document:1"

/* Byte length of an XML-illegal character at s (0 if none). */
static size_t illegal_at(const unsigned char *s, size_t left, unsigned *cp) {
  if (s[0] < 0x20 && s[0] != '\t' && s[0] != '\n' && s[0] != '\r') { *cp = s[0]; return 1; }
  if (s[0] == 0xEF && left >= 3 && s[1] == 0xBF && (s[2] == 0xBE || s[2] == 0xBF)) {
    *cp = s[2] == 0xBE ? 0xFFFE : 0xFFFF;
    return 3;
  }
  return 0;
}

/* Text content of an element. */
static void put_content(rd__sink *k, const char *s, size_t len) {
  size_t run = 0;
  for (size_t i = 0; i < len;) {
    const char *rep = NULL;
    unsigned cp = 0;
    size_t il = 0;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '\r': rep = "&#13;"; break; /* a literal CR would be read back as LF */
    default: il = illegal_at((const unsigned char *)s + i, len - i, &cp); break;
    }
    if (!rep && !il) { i++; continue; }
    rd__sink_put(k, s + run, i - run);
    if (rep) { rd__sink_puts(k, rep); i++; }
    else { rd__sink_printf(k, "<ctl cp=\"%u\"/>", cp); i += il; }
    run = i;
  }
  rd__sink_put(k, s + run, len - run);
}

/* Whether s holds a character no XML attribute can carry. */
static int has_illegal(const char *s) {
  unsigned cp;
  for (size_t i = 0, len = strlen(s); i < len; i++)
    if (illegal_at((const unsigned char *)s + i, len - i, &cp)) return 1;
  return 0;
}

/* ` name="value"` (callers route values with has_illegal() elsewhere). */
static void put_attr(rd__sink *k, const char *name, const char *s) {
  if (!s) return;
  size_t len = strlen(s);
  /* put, not printf: a token has about ten attributes (hot path). */
  rd__sink_putc(k, ' ');
  rd__sink_puts(k, name);
  rd__sink_put(k, "=\"", 2);
  /* Tab, LF and CR as references: attribute normalisation would make them spaces. */
  rd__sink_escape(k, s, len, RD__ESC_QUOT | RD__ESC_WS);
  rd__sink_putc(k, '"');
}

/* Token fields: an attribute, or (rarely: a control character in a word)
 * an <attr name="..."> child, whose content can carry <ctl/>. */
typedef struct deferred { const char *name, *value; } deferred;

static void put_field(rd__sink *k, const char *name, const char *s, deferred *d, size_t *nd) {
  if (!s) return;
  if (has_illegal(s)) { d[*nd].name = name; d[*nd].value = s; (*nd)++; return; }
  put_attr(k, name, s);
}

/* An attribute that has no element form: refuse what XML cannot carry. */
static void put_attr_strict(rd__sink *k, const char *name, const char *s) {
  if (s && has_illegal(s)) {
    rd__sink_fail(k, rd__error(RD_EINVALID, -1, 0, "cannot write XML attribute %s=\"%.40s\": it holds a control character XML 1.0 cannot carry", name, s));
    return;
  }
  put_attr(k, name, s);
}

/* ` name="v"`, formatted by hand: printf was a sixth of writing time. */
static void put_num(rd__sink *k, const char *name, size_t v) {
  char buf[24];
  size_t i = sizeof buf;
  buf[--i] = '"';
  do buf[--i] = (char)('0' + v % 10); while (v /= 10);
  buf[--i] = '"';
  buf[--i] = '=';
  rd__sink_putc(k, ' ');
  rd__sink_puts(k, name);
  rd__sink_put(k, buf + i, sizeof buf - i);
}

static void indent(rd__sink *k, int depth) {
  static const char spaces[] = "                                                                ";
  size_t n = (size_t)depth * 2;
  rd__sink_putc(k, '\n');
  while (n) {
    size_t m = n < sizeof spaces - 1 ? n : sizeof spaces - 1;
    rd__sink_put(k, spaces, m);
    n -= m;
  }
}

static void put_text_elem(rd__sink *k, const char *tag, const char *s, size_t len, int depth) {
  indent(k, depth);
  rd__sink_printf(k, "<%s>", tag);
  put_content(k, s, len);
  rd__sink_printf(k, "</%s>", tag);
}

static void put_span(rd__sink *k, const rd_node *n) {
  size_t a, b;
  rd_node_span(&a, &b, n);
  put_num(k, "start", a);
  put_num(k, "end", b);
}

static const char *const flag_names[] = {"unknown", "number", "symbol", "latin", "kanji", "rule", "override", "editorial",
                                            "person", "place", "org"};

/* The namespace, on the element that opens a subtree's XML. */
static void put_ns(rd__sink *k, int ns) {
  if (ns) rd__sink_puts(k, " xmlns=\"" RD_XML_NS "\"");
}

static void put_token(rd__sink *k, const rd_node *t, int depth, int ns) {
  size_t a, b, ca, cb;
  rd_node_span(&a, &b, t);
  rd_node_char_span(&ca, &cb, t);
  indent(k, depth);
  rd__sink_puts(k, "<token");
  put_ns(k, ns);
  put_num(k, "start", a);
  put_num(k, "end", b);
  put_num(k, "cstart", ca);
  put_num(k, "cend", cb);
  deferred d[16];
  size_t nd = 0;
  put_field(k, "surface", rd_node_text(NULL, t), d, &nd);
  put_field(k, "lemma", rd_token_lemma(t), d, &nd);
  put_field(k, "pos", rd_token_pos(t), d, &nd);
  const char *infl = rd_token_inflection(t);
  if (infl && *infl) put_field(k, "infl", infl, d, &nd);
  put_attr(k, "class", rd_pos_name(rd_token_pos_class(t)));
  put_field(k, "reading", rd_token_reading(t), d, &nd);
  put_field(k, "pron", rd_token_pronunciation(t), d, &nd);
  unsigned f = rd_token_flags(t);
  if (f) {
    char names[128] = "";
    for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++)
      if (f & (1u << i)) {
        if (*names) strcat(names, " ");
        strcat(names, flag_names[i]);
      }
    put_attr(k, "flags", names);
  }
  put_field(k, "rule", rd_token_rule(t), d, &nd);
  put_field(k, "orig", rd_token_original_reading(t), d, &nd);
  size_t na = rd_token_alternative_count(t);
  /* confidence: the reading's own share; <alt>: the others (rd_token_alternative) */
  if (na) rd__sink_printf(k, " confidence=\"%.3f\"", rd_token_reading_confidence(t));
  size_t nr = rd_token_ruby_count(t), ng = rd_token_gloss_count(t);
  if (!nr && !ng && !nd && !na) { rd__sink_puts(k, "/>"); return; }
  rd__sink_putc(k, '>');
  for (size_t i = 0; i < nd; i++) {
    indent(k, depth + 1);
    rd__sink_printf(k, "<attr name=\"%s\">", d[i].name);
    put_content(k, d[i].value, strlen(d[i].value));
    rd__sink_puts(k, "</attr>");
  }
  for (size_t i = 0; i < nr; i++) {
    rd_ruby r;
    rd_token_ruby_at(&r, t, i);
    indent(k, depth + 1);
    rd__sink_printf(k, "<ruby at=\"%zu\" len=\"%zu\">", r.start, r.len);
    put_content(k, r.reading, r.reading_len);
    rd__sink_puts(k, "</ruby>");
  }
  for (size_t i = 0; i < na; i++) {
    double c;
    const char *r = rd_token_alternative(&c, t, i);
    indent(k, depth + 1);
    rd__sink_printf(k, "<alt confidence=\"%.3f\">", c);
    put_content(k, r, strlen(r));
    rd__sink_puts(k, "</alt>");
  }
  for (size_t i = 0; i < ng; i++) {
    const char *g = rd_token_gloss_at(t, i);
    put_text_elem(k, "gloss", g, strlen(g), depth + 1);
  }
  indent(k, depth);
  rd__sink_puts(k, "</token>");
}

/* A sentence's words (the word layer), after its tokens: each a span
 * first..first+count of the sentence's tokens, with what the layer found.
 * The lemma is left out when it is the surface (the reader takes the
 * surface then), so a control character of a token needs no attribute. */
static void put_words(rd__sink *k, const rd_node *s, int depth) {
  size_t n = rd_sentence_word_count(s);
  if (!n) return;
  size_t base = rd_token_index(rd_sentence_token_at(s, 0));
  for (size_t i = 0; i < n; i++) {
    const rd_word *w = rd_sentence_word_at(s, i);
    indent(k, depth);
    rd__sink_puts(k, "<word");
    put_num(k, "first", rd_token_index(rd_word_token_at(w, 0)) - base);
    put_num(k, "count", rd_word_token_count(w));
    if (strcmp(rd_word_lemma(w), rd_word_surface(w))) put_attr_strict(k, "lemma", rd_word_lemma(w));
    put_attr_strict(k, "reading", rd_word_reading(w));
    put_attr(k, "class", rd_pos_name(rd_word_pos_class(w)));
    const char *infl = rd_word_inflection_text(w);
    if (infl && *infl) put_attr_strict(k, "infl", infl);
    if (rd_word_is_name(w)) put_attr(k, "name", "true");
    if (!rd_word_is_content(w)) put_attr(k, "content", "false");
    size_t ng = rd_word_gloss_count(w);
    if (!ng) {
      rd__sink_puts(k, "/>");
      continue;
    }
    rd__sink_putc(k, '>');
    for (size_t g = 0; g < ng; g++) {
      const char *gl = rd_word_gloss_at(w, g);
      put_text_elem(k, "gloss", gl, strlen(gl), depth + 1);
    }
    indent(k, depth);
    rd__sink_puts(k, "</word>");
  }
}

static const char *const role_names[] = {"section", "title", "headline"};

static void open_node(rd__sink *k, const rd_doc *doc, const rd_node *n, int depth, int ns) {
  rd_node_kind kind = rd_node_kind_of(n);
  indent(k, depth);
  rd__sink_printf(k, "<%s", rd_node_kind_name(kind));
  put_ns(k, ns);
  switch (kind) {
  case RD_NODE_SECTION:
    put_attr_strict(k, "id", rd_section_id(n));
    put_num(k, "level", (size_t)rd_section_level(n));
    if (rd_section_is_synthesized(n)) put_attr(k, "synthesized", "true");
    if (rd_section_is_afterword(n)) put_attr(k, "afterword", "true");
    break;
  case RD_NODE_HEADING:
    put_attr(k, "role", role_names[rd_heading_role_of(n) <= RD_HEADING_HEADLINE ? rd_heading_role_of(n) : 0]);
    put_num(k, "level", (size_t)rd_section_level(n));
    break;
  case RD_NODE_PARAGRAPH:
    if (rd_doc_lead(doc) == n) put_attr(k, "lead", "true");
    break;
  default: break;
  }
  put_span(k, n);
  size_t np = rd_sentence_piece_count(n);
  if (np) {
    rd__sink_puts(k, " pieces=\"");
    for (size_t i = 0; i < np; i++) {
      size_t to, so, len;
      rd_sentence_piece_at(n, i, &to, &so, &len);
      rd__sink_printf(k, "%s%zu,%zu,%zu", i ? " " : "", to, so, len);
    }
    rd__sink_putc(k, '"');
  }
  rd__sink_putc(k, '>');
  size_t tl;
  const char *text = rd_node_text(&tl, n);
  if (text) put_text_elem(k, "text", text, tl, depth + 1);
  const char *sum = rd_node_summary(n);
  if (sum) put_text_elem(k, "summary", sum, strlen(sum), depth + 1);
}

static void put_leaf(rd__sink *k, const rd_node *n, int depth, int ns) {
  rd_node_kind kind = rd_node_kind_of(n);
  size_t tl;
  const char *text = rd_node_text(&tl, n);
  indent(k, depth);
  rd__sink_printf(k, "<%s", rd_node_kind_name(kind));
  put_ns(k, ns);
  put_num(k, "number", rd_node_number(n));
  put_span(k, n);
  if (kind == RD_NODE_CITATION) {
    put_num(k, "offset", rd_citation_text_offset(n));
    const rd_node *t = rd_citation_target(n);
    if (t) put_num(k, "target", rd_node_number(t));
  }
  rd__sink_putc(k, '>');
  if (text) put_content(k, text, tl);
  rd__sink_printf(k, "</%s>", rd_node_kind_name(kind));
}

/* The editors' readings (rd_doc_ruby_span_at), right after the source
 * they index, so that annotating the document read back keeps them. */
static void put_ruby_spans(rd__sink *k, const rd_doc *doc) {
  for (size_t i = 0, n = rd_doc_ruby_span_count(doc); i < n; i++) {
    size_t a, b;
    bool guessed;
    const char *r = rd_doc_ruby_span_at(&a, &b, &guessed, doc, i);
    indent(k, 1);
    rd__sink_puts(k, "<ruby-span");
    put_num(k, "start", a);
    put_num(k, "end", b);
    if (guessed) put_attr(k, "guessed", "true");
    rd__sink_putc(k, '>');
    put_content(k, r, strlen(r));
    rd__sink_puts(k, "</ruby-span>");
  }
}

rd_status rd__write_xml(rd__sink *k, const rd_node *root, const rd_write_options *o) {
  (void)o;
  const rd_doc *doc = rd_node_doc(root);
  rd_iter *it;
  rd_status st = rd_iter_new(&it, (rd_node *)root, 0);
  if (st < 0) return st;
  size_t slen;
  const char *src = rd_doc_source(&slen, doc);
  int depth = 0;
  rd_event ev;
  rd__sink_puts(k, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
  while ((ev = rd_iter_next(it)) != RD_EVENT_DONE && k->st >= 0) {
    const rd_node *n = rd_iter_node(it);
    rd_node_kind kind = rd_node_kind_of(n);
    if (kind == RD_NODE_DOCUMENT) {
      if (ev == RD_EVENT_ENTER) {
        rd__sink_puts(k, "\n<document xmlns=\"" RD_XML_NS "\" version=\"1\"");
        put_attr_strict(k, "name", rd_doc_name(doc));
        put_attr_strict(k, "dictionary", rd_doc_dictionary(doc));
        put_attr_strict(k, "date", rd_doc_date(doc));
        put_attr_strict(k, "byline", rd_doc_byline(doc));
        put_span(k, n);
        rd__sink_putc(k, '>');
        indent(k, 1);
        rd__sink_printf(k, "<source bytes=\"%zu\" chars=\"%zu\">", slen, rd__utf8_count(src, slen));
        put_content(k, src, slen);
        rd__sink_puts(k, "</source>");
        put_ruby_spans(k, doc);
        depth = 1;
      } else {
        for (size_t i = 0; i < rd_doc_warning_count(doc); i++) {
          const char *w = rd_doc_warning_at(doc, i);
          put_text_elem(k, "warning", w, strlen(w), 1);
        }
        rd__sink_puts(k, "\n</document>\n");
      }
    } else if (kind == RD_NODE_TOKEN) {
      put_token(k, n, depth, n == root);
    } else if (kind == RD_NODE_CITATION || kind == RD_NODE_REFERENCE) {
      put_leaf(k, n, depth, n == root);
    } else if (ev == RD_EVENT_ENTER) {
      open_node(k, doc, n, depth, n == root);
      depth++;
    } else {
      if (kind == RD_NODE_SENTENCE) put_words(k, n, depth);
      depth--;
      indent(k, depth);
      rd__sink_printf(k, "</%s>", rd_node_kind_name(kind));
    }
  }
  rd_iter_free(it);
  if (rd_node_kind_of(root) != RD_NODE_DOCUMENT) rd__sink_putc(k, '\n');
  return k->st;
}
