/* JSON view: the same content as the XML (the tree with text, spans in
 * bytes and code points, tokens with readings, furigana, flags and
 * glosses, summaries, warnings), streamed as the iterator walks, so a
 * document is never built twice in memory. Strings are escaped for JSON
 * and for embedding in a <script>: control characters, quotes,
 * backslash, U+2028/U+2029 and "</" are escaped; other characters
 * (non-BMP ones too) stay UTF-8. Rooted at a node other than the
 * DOCUMENT, it writes that subtree (format "libreader-subtree", no source
 * or warnings; spans still index the document's source). */
#include <stdio.h>
#include <string.h>

#include "write_internal.h"
#include "write_common.h"
#include "reader/iter.h"
#include "reader/summaries.h"

static void jstr_n(rd__sink *k, const char *s, size_t len) {
  rd__sink_putc(k, '"');
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    char rep[8];
    size_t skip = 1;
    if (c == '"') strcpy(rep, "\\\"");
    else if (c == '\\') strcpy(rep, "\\\\");
    else if (c == '\n') strcpy(rep, "\\n");
    else if (c == '\r') strcpy(rep, "\\r");
    else if (c == '\t') strcpy(rep, "\\t");
    else if (c < 0x20) snprintf(rep, sizeof rep, "\\u%04x", c);
    else if (c == '/' && i && s[i - 1] == '<') strcpy(rep, "\\/");
    else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
             ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
      strcpy(rep, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
      skip = 3;
    } else continue;
    rd__sink_put(k, s + run, i - run);
    rd__sink_puts(k, rep);
    i += skip - 1;
    run = i + 1;
  }
  rd__sink_put(k, s + run, len - run);
  rd__sink_putc(k, '"');
}

static void jstr(rd__sink *k, const char *s) {
  if (s) jstr_n(k, s, strlen(s));
  else rd__sink_puts(k, "null");
}

/* ,"key":"value" (nothing when value is NULL). */
static void kstr(rd__sink *k, const char *key, const char *v) {
  if (!v) return;
  rd__sink_printf(k, ",\"%s\":", key);
  jstr(k, v);
}

static void spans(rd__sink *k, const rd_node *n) {
  size_t a, b, ca, cb;
  rd_node_span(&a, &b, n);
  rd_node_char_span(&ca, &cb, n);
  rd__sink_printf(k, ",\"start\":%zu,\"end\":%zu,\"cstart\":%zu,\"cend\":%zu", a, b, ca, cb);
}

static const char *const flag_names[] = {"unknown", "number", "symbol", "latin", "kanji", "rule", "override", "editorial",
                                            "person", "place", "org"};

static void put_token(rd__sink *k, const rd_node *t, const rd_write_options *o) {
  rd__sink_puts(k, "{\"kind\":\"token\"");
  spans(k, t);
  kstr(k, "surface", rd_node_text(NULL, t));
  kstr(k, "lemma", rd_token_lemma(t));
  kstr(k, "pos", rd_token_pos(t));
  const char *infl = rd_token_inflection(t);
  if (infl && *infl) kstr(k, "infl", infl);
  kstr(k, "class", rd_pos_name(rd_token_pos_class(t)));
  kstr(k, "reading", rd_token_reading(t));
  kstr(k, "pron", rd_token_pronunciation(t));
  unsigned f = rd_token_flags(t);
  rd__sink_puts(k, ",\"flags\":[");
  int first = 1;
  for (size_t i = 0; i < sizeof flag_names / sizeof *flag_names; i++)
    if (f & (1u << i)) {
      rd__sink_printf(k, "%s\"%s\"", first ? "" : ",", flag_names[i]);
      first = 0;
    }
  if (f & RD_TOKEN_UNCERTAIN) rd__sink_printf(k, "%s\"uncertain\"", first ? "" : ",");
  rd__sink_putc(k, ']');
  kstr(k, "rule", rd_token_rule(t));
  kstr(k, "orig", rd_token_original_reading(t));
  size_t na = rd_token_alternative_count(t);
  if (na) {
    /* Other readings with their shares; "confidence" is the reading's own. */
    rd__sink_printf(k, ",\"confidence\":%.3f,\"alternatives\":[", rd_token_reading_confidence(t));
    for (size_t i = 0; i < na; i++) {
      double c;
      const char *r = rd_token_alternative(&c, t, i);
      rd__sink_puts(k, i ? ",{\"reading\":" : "{\"reading\":");
      jstr(k, r);
      rd__sink_printf(k, ",\"confidence\":%.3f}", c);
    }
    rd__sink_putc(k, ']');
  }
  size_t nr = rd_token_ruby_count(t), ng = rd_token_gloss_count(t);
  if (nr) {
    rd__sink_puts(k, ",\"ruby\":[");
    for (size_t i = 0; i < nr; i++) {
      rd_ruby r;
      rd_token_ruby_at(&r, t, i);
      rd__sink_printf(k, "%s{\"at\":%zu,\"len\":%zu,\"reading\":", i ? "," : "", r.start, r.len);
      jstr_n(k, r.reading, r.reading_len);
      rd__sink_putc(k, '}');
    }
    rd__sink_putc(k, ']');
  }
  if (ng) {
    rd__sink_puts(k, ",\"glosses\":[");
    for (size_t i = 0; i < ng; i++) {
      if (i) rd__sink_putc(k, ',');
      jstr(k, rd_token_gloss_at(t, i));
    }
    rd__sink_putc(k, ']');
  }
  if (o->known) rd__sink_printf(k, ",\"known\":%s", rd__token_known(t, o) ? "true" : "false");
  rd__sink_putc(k, '}');
}

/* A sentence's words: spans of its tokens (first: index among the
 * sentence's tokens, count), with what the word layer found for each. */
static void put_words(rd__sink *k, const rd_node *s) {
  size_t base = rd_token_index(rd_sentence_token_at(s, 0));
  rd__sink_puts(k, ",\"words\":[");
  for (size_t i = 0; i < rd_sentence_word_count(s); i++) {
    const rd_word *w = rd_sentence_word_at(s, i);
    rd__sink_printf(k, "%s{\"first\":%zu,\"count\":%zu", i ? ",\n" : "", rd_token_index(rd_word_token_at(w, 0)) - base,
                    rd_word_token_count(w));
    kstr(k, "surface", rd_word_surface(w));
    kstr(k, "lemma", rd_word_lemma(w));
    kstr(k, "reading", rd_word_reading(w));
    kstr(k, "class", rd_pos_name(rd_word_pos_class(w)));
    if (rd_word_inflection_count(w)) {
      rd__sink_puts(k, ",\"inflection\":[");
      for (size_t j = 0; j < rd_word_inflection_count(w); j++) {
        if (j) rd__sink_putc(k, ',');
        jstr(k, rd_word_inflection_at(w, j));
      }
      rd__sink_putc(k, ']');
    }
    if (rd_word_is_name(w)) rd__sink_puts(k, ",\"name\":true");
    if (!rd_word_is_content(w)) rd__sink_puts(k, ",\"content\":false");
    if (rd_word_gloss_count(w)) {
      rd__sink_puts(k, ",\"glosses\":[");
      for (size_t j = 0; j < rd_word_gloss_count(w); j++) {
        if (j) rd__sink_putc(k, ',');
        jstr(k, rd_word_gloss_at(w, j));
      }
      rd__sink_putc(k, ']');
    }
    rd__sink_putc(k, '}');
  }
  rd__sink_putc(k, ']');
}

static const char *const role_names[] = {"section", "title", "headline"};

static void open_node(rd__sink *k, const rd_doc *doc, const rd_node *n) {
  rd_node_kind kind = rd_node_kind_of(n);
  rd__sink_printf(k, "{\"kind\":\"%s\"", rd_node_kind_name(kind));
  spans(k, n);
  switch (kind) {
  case RD_NODE_SECTION:
    kstr(k, "id", rd_section_id(n));
    rd__sink_printf(k, ",\"level\":%d,\"synthesized\":%s,\"afterword\":%s", rd_section_level(n),
                    rd_section_is_synthesized(n) ? "true" : "false", rd_section_is_afterword(n) ? "true" : "false");
    break;
  case RD_NODE_HEADING:
    rd__sink_printf(k, ",\"role\":\"%s\",\"level\":%d", role_names[rd_heading_role_of(n) <= RD_HEADING_HEADLINE ? rd_heading_role_of(n) : 0],
                    rd_section_level(n));
    break;
  case RD_NODE_PARAGRAPH:
    if (rd_doc_lead(doc) == n) rd__sink_puts(k, ",\"lead\":true");
    break;
  case RD_NODE_CITATION:
  case RD_NODE_REFERENCE:
    rd__sink_printf(k, ",\"number\":%u", rd_node_number(n));
    break;
  default: break;
  }
  size_t tl;
  const char *text = rd_node_text(&tl, n);
  if (text) {
    rd__sink_puts(k, ",\"text\":");
    jstr_n(k, text, tl);
  }
  if (kind == RD_NODE_CITATION) {
    rd__sink_printf(k, ",\"offset\":%zu", rd_citation_text_offset(n));
    const rd_node *t = rd_citation_target(n);
    if (t) {
      rd__sink_printf(k, ",\"target\":%u,\"url\":", rd_node_number(t));
      jstr(k, rd_reference_url(t));
    }
  }
  kstr(k, "summary", rd_node_summary(n));
  if (kind == RD_NODE_SENTENCE && rd_sentence_word_count(n)) put_words(k, n);
}

rd_status rd__write_json(rd__sink *k, const rd_node *root, const rd_write_options *o) {
  const rd_doc *doc = rd_node_doc(root);
  int whole = rd_node_kind_of(root) == RD_NODE_DOCUMENT;
  rd_iter *it;
  rd_status st = rd_iter_new(&it, (rd_node *)root, 0);
  if (st < 0) return st;
  /* need_comma[d]: whether the next child at depth d follows a sibling. */
  rd__buf need = RD__BUF_INIT;
  rd_event ev;
  size_t slen;
  const char *src = rd_doc_source(&slen, doc);
  rd__sink_puts(k, whole ? "{\"format\":\"libreader-document\",\"version\":1" : "{\"format\":\"libreader-subtree\",\"version\":1");
  kstr(k, "name", rd_doc_name(doc));
  kstr(k, "dictionary", rd_doc_dictionary(doc));
  kstr(k, "date", rd_doc_date(doc));
  kstr(k, "byline", rd_doc_byline(doc));
  if (whole) {
    rd__sink_puts(k, ",\"source\":");
    jstr_n(k, src, slen);
  }
  rd__sink_puts(k, ",\n\"root\":");
  while ((ev = rd_iter_next(it)) != RD_EVENT_DONE && k->st >= 0 && !need.oom) {
    const rd_node *n = rd_iter_node(it);
    rd_node_kind kind = rd_node_kind_of(n);
    if (ev == RD_EVENT_ENTER) {
      if (need.len) {
        if (need.ptr[need.len - 1]) rd__sink_puts(k, ",\n");
        need.ptr[need.len - 1] = 1;
      }
      if (kind == RD_NODE_TOKEN) { put_token(k, n, o); continue; }
      open_node(k, doc, n);
      if (kind == RD_NODE_CITATION || kind == RD_NODE_REFERENCE) { rd__sink_putc(k, '}'); continue; }
      rd__sink_puts(k, ",\"children\":[\n");
      rd__buf_putc(&need, 0);
    } else {
      need.len--;
      rd__sink_puts(k, "]}");
    }
  }
  rd_iter_free(it);
  if (whole) {
    rd__sink_puts(k, ",\n\"warnings\":[");
    for (size_t i = 0; i < rd_doc_warning_count(doc); i++) {
      if (i) rd__sink_putc(k, ',');
      jstr(k, rd_doc_warning_at(doc, i));
    }
    rd__sink_putc(k, ']');
  }
  rd__sink_puts(k, "}\n");
  if (need.oom) rd__sink_fail(k, rd__oom());
  rd__buf_dispose(&need);
  return k->st;
}
