/* The reader page: one self-contained HTML file (inline CSS and JS,
 * nothing fetched). Each section is a row: the Japanese with ruby
 * furigana on the left, its English summary on the right (below on a
 * narrow screen). A control shows readings on all words, on words not in
 * words the learner knows (the --known list, marked on the page, or within a
 * level), or on none; a popup per word gives the English and lets the
 * learner mark it known or correct its reading. The page's interface for
 * scripts is each word element's data-lemma / data-pos (README). */
#include <stdlib.h>
#include <string.h>

#include "kanjidic.h"
#include "write_internal.h"
#include "write_common.h"
#include "reader/summaries.h"

/* The stylesheet and the script: libreader/page/reader.css and reader.js,
 * embedded at build time (CMakeLists.txt, page_assets.c). */
extern const unsigned char rd__page_css[];
extern const unsigned char rd__page_js[];

static void esc(rd__sink *k, const char *s, size_t len) { rd__sink_escape(k, s, len, RD__ESC_QUOT); }

static void escz(rd__sink *k, const char *s) {
  if (s) esc(k, s, strlen(s));
}

static int safe_url(const char *u) {
  return u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7));
}

typedef struct hctx {
  const rd_doc *doc;
  rd__sink *k;
  const rd_write_options *o;
  rd__buf tmp;
} hctx;

/* The hover text of a word: "盗む (ぬすむ) — to steal; to rob". */
static int gloss_title(hctx *c, const rd_node *t) {
  size_t ng = rd_token_gloss_count(t);
  if (!ng) return 0;
  if (rd__token_known(t, c->o) && !(c->o->flags & RD_WRITE_GLOSS_KNOWN)) return 0;
  c->tmp.len = 0;
  const char *lemma = rd_token_lemma(t) ? rd_token_lemma(t) : rd_node_text(NULL, t);
  rd__buf_puts(&c->tmp, lemma);
  char *lr = rd__lemma_reading(t);
  int kanji = 0; /* a reading helps only where the lemma has kanji */
  for (const char *p = lemma; p && *p && !kanji;) {
    uint32_t cp;
    size_t n = rd__utf8_decode(p, strlen(p), &cp);
    if (!n) break;
    kanji = rd__is_kanji(cp);
    p += n;
  }
  if (lr && kanji) rd__buf_printf(&c->tmp, " (%s)", lr);
  free(lr);
  rd__buf_puts(&c->tmp, " \xE2\x80\x94 ");
  for (size_t i = 0; i < ng && i < 4; i++) rd__buf_printf(&c->tmp, "%s%s", i ? "; " : "", rd_token_gloss_at(t, i));
  return !c->tmp.oom;
}

/* The name kind of the token's flags (MeCab's 固有名詞,人名 / 地域 / 組織,
 * or the names rule's ENAMDICT kind): the popup's label. */
static const char *name_kind(const rd_node *t) { return rd_token_name_kind(t); }

/* The hardest level among the kanji of s: the lowest JLPT N-number (0 when
 * a kanji has none) and the highest school grade (0 when one has none).
 * Returns false when s has no kanji. */
static bool word_level(const char *s, size_t len, int *jlpt, int *grade) {
  bool any = false;
  *jlpt = 5;
  *grade = 1;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = rd__utf8_decode(s + i, len - i, &cp);
    if (!n) break;
    i += n;
    if (!rd__is_kanji(cp) || cp == 0x3005) continue; /* 々 repeats the kanji before it */
    int g, j;
    rd__kanji_level(cp, &g, &j);
    any = true;
    if (j < *jlpt) *jlpt = j;
    if (!g) *grade = 0;
    else if (*grade && g > *grade) *grade = g;
  }
  return any;
}

/* Attributes and a word's opening tag are put piece by piece: printf cost
 * about 900 instructions a call, several a word. */
static void put_attr(rd__sink *k, const char *name, const char *v) {
  if (!v) return;
  rd__sink_putc(k, ' ');
  rd__sink_puts(k, name);
  rd__sink_put(k, "=\"", 2);
  escz(k, v);
  rd__sink_putc(k, '"');
}

/* <span class="w[ k][ nm nm-NAME][ u]" tabindex="-1" */
static void put_word_span(rd__sink *k, int known, const char *name, int unc) {
  rd__sink_puts(k, "<span class=\"w");
  if (known) rd__sink_puts(k, " k");
  if (name) { rd__sink_puts(k, " nm nm-"); rd__sink_puts(k, name); }
  if (unc) rd__sink_puts(k, " u");
  rd__sink_puts(k, "\" tabindex=\"-1\"");
}

/* A heteronym's other readings for the popup (reader.js): the token's
 * surface, its reading's share and "reading:share" pairs; the element also
 * gets class u (a dotted underline). */
static void put_alts(rd__sink *k, const rd_node *t) {
  size_t na = rd_token_alternative_count(t);
  if (!na) return;
  put_attr(k, "data-alt-of", rd_node_text(NULL, t));
  rd__sink_printf(k, " data-conf=\"%.3f\" data-alts=\"", rd_token_reading_confidence(t));
  for (size_t i = 0; i < na; i++) {
    double conf;
    const char *r = rd_token_alternative(&conf, t, i);
    if (i) rd__sink_putc(k, ' ');
    escz(k, r);
    rd__sink_printf(k, ":%.3f", conf);
  }
  rd__sink_putc(k, '"');
}

/* The first token of a word with alternatives, or NULL. */
static const rd_node *uncertain_in_word(const rd_word *w) {
  for (size_t i = 0; i < rd_word_token_count(w); i++)
    if (rd_token_flags(rd_word_token_at(w, i)) & RD_TOKEN_UNCERTAIN) return rd_word_token_at(w, i);
  return NULL;
}

/* One word element for a token: the page of a document without words. */
static void put_token_ruby(hctx *c, const rd_node *t);
static void put_word(hctx *c, const rd_node *t) {
  rd__sink *k = c->k;
  size_t sl;
  const char *s = rd_node_text(&sl, t);
  rd_pos pos = rd_token_pos_class(t);
  if (pos == RD_POS_SYMBOL || pos == RD_POS_WHITESPACE || (rd_token_flags(t) & RD_TOKEN_SYMBOL)) {
    esc(k, s, sl);
    return;
  }
  int titled = gloss_title(c, t), known = rd__token_known(t, c->o);
  const char *name = name_kind(t);
  const rd_node *unc = (rd_token_flags(t) & RD_TOKEN_UNCERTAIN) ? t : NULL;
  put_word_span(k, known, name, unc != NULL);
  put_attr(k, "data-lemma", rd_token_lemma(t) ? rd_token_lemma(t) : "");
  put_attr(k, "data-pos", rd_pos_name(pos));
  put_attr(k, "data-name", name);
  put_attr(k, "data-reading", rd_token_reading(t));
  if (unc) put_alts(k, unc);
  if (known) rd__sink_puts(k, " data-known=\"list\"");
  /* The reading is the article's own ruby (marked on the page, named in the popup). */
  if (rd_token_flags(t) & RD_TOKEN_EDITORIAL) rd__sink_puts(k, " data-editorial=\"true\"");
  int jlpt, grade;
  if (rd__kanji_levels_available() && word_level(s, sl, &jlpt, &grade))
    rd__sink_printf(k, " data-jlpt=\"%d\" data-grade=\"%d\"", jlpt, grade);
  if (titled) {
    rd__sink_puts(k, " data-gloss=\"");
    esc(k, c->tmp.ptr, c->tmp.len);
    rd__sink_putc(k, '"');
  }
  rd__sink_putc(k, '>');
  put_token_ruby(c, t);
  rd__sink_puts(k, "</span>");
}

/* The furigana of one token inside a word element. Display groups:
 * touching segments (流[りゅう]出[しゅつ]) are one ruby, as a browser widens
 * each base to its reading and per-kanji bases would open gaps. */
static void put_token_ruby(hctx *c, const rd_node *t) {
  rd__sink *k = c->k;
  size_t sl;
  const char *s = rd_node_text(&sl, t);
  size_t pos_b = 0;
  for (size_t i = 0; i < rd_token_ruby_group_count(t); i++) {
    rd_ruby r;
    if (!rd_token_ruby_group_at(&r, t, i) || r.start < pos_b || r.start + r.len > sl) continue;
    esc(k, s + pos_b, r.start - pos_b);
    rd__sink_puts(k, "<ruby>");
    esc(k, s + r.start, r.len);
    rd__sink_puts(k, "<rt>");
    esc(k, r.reading, r.reading_len);
    rd__sink_puts(k, "</rt></ruby>");
    pos_b = r.start + r.len;
  }
  esc(k, s + pos_b, sl - pos_b);
}

static int has_kanji_z(const char *p) {
  size_t len = p ? strlen(p) : 0;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = rd__utf8_decode(p + i, len - i, &cp);
    if (!n) return 0;
    if (rd__is_kanji(cp)) return 1;
    i += n;
  }
  return 0;
}

/* The hover text of a word of the word layer: "盗む (ぬすむ) — to steal; to rob". */
static int word_gloss_title(hctx *c, const rd_word *w) {
  size_t ng = rd_word_gloss_count(w);
  if (!ng) return 0;
  if (rd__word_known(w, c->o) && !(c->o->flags & RD_WRITE_GLOSS_KNOWN)) return 0;
  c->tmp.len = 0;
  const char *lemma = rd_word_lemma(w) ? rd_word_lemma(w) : rd_word_surface(w);
  rd__buf_puts(&c->tmp, lemma);
  if (rd_word_reading(w) && has_kanji_z(lemma)) rd__buf_printf(&c->tmp, " (%s)", rd_word_reading(w));
  rd__buf_puts(&c->tmp, " \xE2\x80\x94 ");
  for (size_t i = 0; i < ng && i < 4; i++) rd__buf_printf(&c->tmp, "%s%s", i ? "; " : "", rd_word_gloss_at(w, i));
  return !c->tmp.oom;
}

/* Whether a word is only symbols or white space: written as text, no element. */
static int word_is_plain(const rd_word *w) {
  for (size_t i = 0; i < rd_word_token_count(w); i++) {
    const rd_node *t = rd_word_token_at(w, i);
    rd_pos pos = rd_token_pos_class(t);
    if (!(pos == RD_POS_SYMBOL || pos == RD_POS_WHITESPACE || (rd_token_flags(t) & RD_TOKEN_SYMBOL))) return 0;
  }
  return 1;
}

/* Opens the element of a word of the word layer: one popup for 盗まれた,
 * whose tokens (and their furigana) follow inside it. */
static void put_word_open(hctx *c, const rd_word *w) {
  rd__sink *k = c->k;
  const rd_node *head = rd_word_token_at(w, 0);
  int titled = word_gloss_title(c, w), known = rd__word_known(w, c->o);
  const char *name = NULL;
  for (size_t i = 0; i < rd_word_token_count(w) && !name; i++) name = name_kind(rd_word_token_at(w, i));
  if (!name && rd_word_is_name(w)) name = name_kind(head);
  const rd_node *unc = uncertain_in_word(w);
  put_word_span(k, known, name, unc != NULL);
  put_attr(k, "data-lemma", rd_word_lemma(w) ? rd_word_lemma(w) : "");
  put_attr(k, "data-pos", rd_pos_name(rd_word_pos_class(w)));
  put_attr(k, "data-name", name);
  put_attr(k, "data-reading", rd_word_reading(w) ? rd_word_reading(w) : rd_token_reading(head));
  if (unc) put_alts(k, unc);
  const char *infl = rd_word_inflection_text(w);
  if (infl && *infl) put_attr(k, "data-infl", infl);
  if (known) rd__sink_puts(k, " data-known=\"list\"");
  int editorial = 0;
  for (size_t i = 0; i < rd_word_token_count(w); i++) editorial |= (rd_token_flags(rd_word_token_at(w, i)) & RD_TOKEN_EDITORIAL) != 0;
  if (editorial) rd__sink_puts(k, " data-editorial=\"true\""); /* a token's reading is the article's own ruby */
  int jlpt, grade;
  const char *s = rd_word_surface(w);
  if (rd__kanji_levels_available() && s && word_level(s, strlen(s), &jlpt, &grade))
    rd__sink_printf(k, " data-jlpt=\"%d\" data-grade=\"%d\"", jlpt, grade);
  if (titled) {
    rd__sink_puts(k, " data-gloss=\"");
    esc(k, c->tmp.ptr, c->tmp.len);
    rd__sink_putc(k, '"');
  }
  rd__sink_putc(k, '>');
}

/* The in-page id of a Sources entry: numbers restart per part, so the id
 * carries the section the list belongs to ("src-2-1"; "src-1" at the top). */
static void put_ref_id(rd__sink *k, const rd_node *ref) {
  const rd_node *list = rd_node_parent(ref), *sec = list ? rd_node_parent(list) : NULL;
  rd__sink_puts(k, "src-");
  if (sec && rd_node_kind_of(sec) == RD_NODE_SECTION && rd_section_id(sec)) {
    escz(k, rd_section_id(sec));
    rd__sink_putc(k, '-');
  }
  rd__sink_printf(k, "%u", rd_node_number(ref));
}

static void put_citation(hctx *c, const rd_node *ci) {
  const rd_node *ref = rd_citation_target(ci);
  const char *url = ref ? rd_reference_url(ref) : NULL;
  unsigned n = rd_node_number(ci);
  if (ref) {
    /* To the Sources entry, which links out: the reader stays on the page. */
    rd__sink_puts(c->k, "<sup class=\"cite\"><a href=\"#");
    put_ref_id(c->k, ref);
    if (safe_url(url)) {
      rd__sink_puts(c->k, "\" title=\"");
      escz(c->k, url);
    }
    rd__sink_printf(c->k, "\">[%u]</a></sup>", n);
  } else {
    rd__sink_printf(c->k, "<sup class=\"cite\">[%u]</sup>", n);
  }
}

static void put_sentence(hctx *c, const rd_node *s) {
  size_t tl;
  const char *text = rd_node_text(&tl, s);
  if (!rd_sentence_token_count(s)) {
    /* Not annotated: the text, with the citations where they stood. */
    size_t pos = 0;
    for (size_t i = 0; i < rd_sentence_citation_count(s); i++) {
      const rd_node *ci = rd_sentence_citation_at(s, i);
      size_t off = rd_citation_text_offset(ci);
      if (off < pos || off > tl) continue;
      esc(c->k, text + pos, off - pos);
      put_citation(c, ci);
      pos = off;
    }
    esc(c->k, text + pos, tl - pos);
    return;
  }
  size_t srclen, prev_end = 0;
  const char *src = rd_doc_source(&srclen, c->doc);
  /* With the word layer, one element per word spans its tokens; without
   * it (no MeCab words built), one per token as before. */
  size_t nw = rd_sentence_word_count(s), wi = 0, left = 0;
  int plain = 0;
  /* By index: rd_node_next() locates each token again. */
  size_t nch = rd_node_child_count(s);
  for (size_t ci = 0; ci < nch; ci++) {
    const rd_node *ch = rd_node_child_at(s, ci);
    size_t a, e;
    rd_node_span(&a, &e, ch);
    if (prev_end && a > prev_end && a <= srclen && rd__all_space(src + prev_end, a - prev_end)) esc(c->k, src + prev_end, a - prev_end);
    if (rd_node_kind_of(ch) == RD_NODE_TOKEN && nw) {
      if (!left && wi < nw && rd_word_token_at(rd_sentence_word_at(s, wi), 0) == ch) {
        const rd_word *w = rd_sentence_word_at(s, wi++);
        left = rd_word_token_count(w);
        plain = word_is_plain(w);
        if (!plain) put_word_open(c, w);
      }
      if (left) {
        if (plain) {
          size_t ttl;
          const char *tt = rd_node_text(&ttl, ch);
          esc(c->k, tt, ttl);
        } else {
          put_token_ruby(c, ch);
        }
        if (!--left && !plain) rd__sink_puts(c->k, "</span>");
      } else {
        put_word(c, ch); /* not in any word: cannot happen when words are fresh */
      }
    } else if (rd_node_kind_of(ch) == RD_NODE_TOKEN) {
      put_word(c, ch);
    } else if (rd_node_kind_of(ch) == RD_NODE_CITATION) {
      put_citation(c, ch);
    }
    prev_end = e;
  }
  if (left && !plain) rd__sink_puts(c->k, "</span>"); /* a word cut short by the sentence's end */
}

static void put_sentences(hctx *c, const rd_node *b) {
  for (size_t i = 0; i < rd_block_sentence_count(b); i++) put_sentence(c, rd_block_sentence_at(b, i));
}

static void put_summary_p(hctx *c, const char *tag, const char *s) {
  if (!s) return;
  rd__sink_puts(c->k, "<p>");
  if (tag) rd__sink_printf(c->k, "<span class=\"tag\">%s</span>", tag);
  escz(c->k, s);
  rd__sink_puts(c->k, "</p>");
}

static void put_references(hctx *c, const rd_node *refs) {
  rd__sink_puts(c->k, "\n<div class=\"refs-title\">Sources</div>\n<ol class=\"refs\">");
  for (const rd_node *r = rd_node_first_child(refs); r; r = rd_node_next(r)) {
    const char *url = rd_reference_url(r);
    rd__sink_printf(c->k, "\n<li value=\"%u\" id=\"", rd_node_number(r));
    put_ref_id(c->k, r);
    rd__sink_puts(c->k, "\">");
    if (safe_url(url)) {
      rd__sink_puts(c->k, "<a href=\"");
      escz(c->k, url);
      rd__sink_puts(c->k, "\">");
      escz(c->k, url);
      rd__sink_puts(c->k, "</a>");
    } else {
      escz(c->k, url);
    }
    rd__sink_puts(c->k, "</li>");
  }
  rd__sink_puts(c->k, "\n</ol>");
}

static void put_block(hctx *c, const rd_node *b) {
  rd__sink *k = c->k;
  switch (rd_node_kind_of(b)) {
  case RD_NODE_PARAGRAPH:
    rd__sink_puts(k, rd_doc_lead(c->doc) == b ? "\n<p class=\"lead\">" : "\n<p>");
    put_sentences(c, b);
    rd__sink_puts(k, "</p>");
    break;
  case RD_NODE_QUESTION:
    rd__sink_puts(k, "\n<div class=\"question\"><span class=\"q\">Q</span>");
    put_sentences(c, b);
    rd__sink_puts(k, "</div>");
    break;
  case RD_NODE_REFERENCES: put_references(c, b); break;
  /* A page rooted at a smaller node shows just that node. */
  case RD_NODE_HEADING:
    rd__sink_puts(k, "\n<h2>");
    put_sentences(c, b);
    rd__sink_puts(k, "</h2>");
    break;
  case RD_NODE_SENTENCE:
  case RD_NODE_TOKEN:
  case RD_NODE_CITATION:
    rd__sink_puts(k, "\n<p>");
    if (rd_node_kind_of(b) == RD_NODE_SENTENCE) put_sentence(c, b);
    else if (rd_node_kind_of(b) == RD_NODE_TOKEN) put_word(c, b);
    else put_citation(c, b);
    rd__sink_puts(k, "</p>");
    break;
  case RD_NODE_REFERENCE:
    rd__sink_puts(k, "\n<p>");
    escz(k, rd_reference_url(b));
    rd__sink_puts(k, "</p>");
    break;
  default: break;
  }
}

/* The children of the page's root in the front row and in the sections
 * that follow: a DOCUMENT's children, or any other root on its own. */
static const rd_node *first_of(const rd_node *root) {
  return rd_node_kind_of(root) == RD_NODE_DOCUMENT ? rd_node_first_child(root) : root;
}
static const rd_node *next_of(const rd_node *root, const rd_node *ch) { return ch == root ? NULL : rd_node_next(ch); }
static int in_front(const rd_node *root, const rd_node *ch) {
  rd_node_kind kind = rd_node_kind_of(ch);
  if (ch != root) return kind == RD_NODE_PARAGRAPH || kind == RD_NODE_QUESTION;
  return kind != RD_NODE_SECTION && kind != RD_NODE_REFERENCES && kind != RD_NODE_DOCUMENT;
}

static void put_section(hctx *c, const rd_node *sec) {
  rd__sink *k = c->k;
  int level = rd_section_level(sec);
  int hl = level < 1 ? 2 : level > 3 ? 4 : level + 1;
  const char *id = rd_section_id(sec);
  rd__sink_printf(k, "\n<section class=\"sec level-%d%s\" id=\"s-", level, rd_section_is_afterword(sec) ? " afterword" : "");
  escz(k, id);
  rd__sink_puts(k, "\" data-section=\"");
  escz(k, id);
  /* A heading only the table of contents had: programs may want to know. */
  rd__sink_puts(k, rd_section_is_synthesized(sec) ? "\" data-synthesized=\"true\">" : "\">");
  rd__sink_puts(k, "\n<div class=\"row\">\n<div class=\"ja\">");
  const rd_node *h = rd_section_heading(sec);
  rd__sink_printf(k, "\n<h%d>", hl);
  if (!rd_section_is_afterword(sec) && id) {
    rd__sink_puts(k, "<span class=\"num\">");
    escz(k, id);
    rd__sink_puts(k, level == 1 ? ".</span>" : "</span>");
  }
  if (h) put_sentences(c, h);
  if (h && !rd_block_sentence_count(h)) escz(k, rd_node_text(NULL, h));
  rd__sink_printf(k, "</h%d>", hl);
  for (const rd_node *ch = rd_node_first_child(sec); ch; ch = rd_node_next(ch)) {
    rd_node_kind kind = rd_node_kind_of(ch);
    if (kind == RD_NODE_PARAGRAPH || kind == RD_NODE_QUESTION ||
        (kind == RD_NODE_REFERENCES && !rd_section_subsection_count(sec)))
      put_block(c, ch);
  }
  rd__sink_puts(k, "\n</div>");
  const rd_node *q = rd_section_question(sec);
  const char *sum = rd_node_summary(sec), *qsum = q ? rd_node_summary(q) : NULL;
  if (sum || qsum) {
    rd__sink_puts(k, "\n<aside class=\"en\" lang=\"en\">");
    put_summary_p(c, "Summary", sum);
    put_summary_p(c, "The question", qsum);
    rd__sink_puts(k, "</aside>");
  }
  rd__sink_puts(k, "\n</div>");
  for (const rd_node *ch = rd_node_first_child(sec); ch; ch = rd_node_next(ch)) {
    rd_node_kind kind = rd_node_kind_of(ch);
    if (kind == RD_NODE_SECTION) put_section(c, ch);
    else if (kind == RD_NODE_REFERENCES && rd_section_subsection_count(sec)) put_block(c, ch);
  }
  rd__sink_puts(k, "\n</section>");
}

rd_status rd__write_html(rd__sink *k, const rd_node *root, const rd_write_options *o) {
  const rd_doc *doc = rd_node_doc(root);
  hctx c = {doc, k, o, RD__BUF_INIT};
  /* Rooted below the DOCUMENT, the front (title, headline, lead) is not part of the page. */
  int whole = rd_node_kind_of(root) == RD_NODE_DOCUMENT;
  const rd_node *title = whole ? rd_doc_title(doc) : NULL, *headline = whole ? rd_doc_headline(doc) : NULL,
                *lead = whole ? rd_doc_lead(doc) : NULL;
  static const char *const modes[] = {"all", "unknown", "none"};
  const char *mode = modes[o->furigana <= RD_FURIGANA_NONE ? o->furigana : 0];
  rd__sink_puts(k, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  rd__sink_printf(k, "<meta name=\"generator\" content=\"libreader %s\">\n<title>", rd_version());
  const rd_node *tnode = whole ? (title ? title : headline) : rd_doc_title(doc) ? rd_doc_title(doc) : rd_doc_headline(doc);
  if (tnode) escz(k, rd_node_text(NULL, tnode));
  else if (rd_doc_name(doc)) escz(k, rd_doc_name(doc));
  else rd__sink_puts(k, "Reader");
  bool levels = rd__kanji_levels_available();
  /* The stylesheet and the script are put, not printed: through printf's
   * 512-byte buffer, each was formatted twice (a third of a short page's
   * instructions). */
  rd__sink_puts(k, "</title>\n<style>\n");
  rd__sink_puts(k, (const char *)rd__page_css);
  rd__sink_printf(k, "</style>\n</head>\n<body class=\"furi-%s names\" data-furigana=\"%s\" data-levels=\"%s\">\n", mode,
                  mode, levels ? "kanjidic" : "none");
  rd__sink_puts(k, "<a class=\"skip\" href=\"#text\">Skip to the text</a>\n"
                   "<div class=\"bar\" role=\"toolbar\" aria-label=\"Reading settings\"><div class=\"in\">"
                   "<span class=\"label\">\xE3\x81\xB5\xE3\x82\x8A\xE3\x81\x8C\xE3\x81\xAA"
                   " Furigana</span><span class=\"seg\" role=\"radiogroup\" aria-label=\"Furigana\">");
  static const char *const labels[] = {"All words", "Words I don't know", "None"};
  for (int i = 0; i < 3; i++)
    rd__sink_printf(k, "<input type=\"radio\" name=\"furigana\" id=\"furi-%s\" value=\"%s\"%s><label for=\"furi-%s\">%s</label>",
                    modes[i], modes[i], !strcmp(mode, modes[i]) ? " checked" : "", modes[i], labels[i]);
  rd__sink_puts(k, "</span>");
  /* The level: which kanji count as known in the "don't know" mode. */
  if (levels) {
    rd__sink_puts(k, "<label class=\"set\">Level <select id=\"level\" aria-label=\"Level: kanji I know\">"
                     "<option value=\"\">none</option>");
    for (int n = 5; n >= 1; n--) rd__sink_printf(k, "<option value=\"n%d\">JLPT N%d</option>", n, n);
    for (int g = 1; g <= 6; g++) rd__sink_printf(k, "<option value=\"g%d\">Grade %d</option>", g, g);
    rd__sink_puts(k, "<option value=\"g8\">J\xC5\x8Dy\xC5\x8D (all grades)</option></select></label>");
  } else {
    rd__sink_puts(k, "<span class=\"set\" id=\"level-missing\" title=\"apt-get install kanjidic, then render again\">"
                     "Level: needs kanjidic</span>");
  }
  rd__sink_puts(k, "<label class=\"set\"><input type=\"checkbox\" id=\"names\" checked> Names</label>"
                   "<span class=\"legend\" aria-label=\"Names legend\"><span class=\"nm nm-person\">person</span> "
                   "<span class=\"nm nm-place\">place</span> <span class=\"nm nm-organisation\">organisation</span></span>"
                   "<span class=\"seg small\" role=\"group\" aria-label=\"Text size\">"
                   "<button type=\"button\" id=\"smaller\" aria-label=\"Smaller text\">A\xE2\x88\x92</button>"
                   "<button type=\"button\" id=\"larger\" aria-label=\"Larger text\">A+</button></span>"
                   "<label class=\"set\">Theme <select id=\"theme\"><option value=\"auto\">auto</option>"
                   "<option value=\"light\">light</option><option value=\"dark\">dark</option></select></label>"
                   "<details class=\"tools\"><summary>My words</summary><div class=\"menu\">"
                   "<button type=\"button\" id=\"known-export\">Export known words</button>"
                   "<label class=\"btn\" for=\"known-import\">Import known words</label>"
                   "<input type=\"file\" id=\"known-import\" accept=\".txt,text/plain\">"
                   "<button type=\"button\" id=\"corrections-export\">Export corrections</button>"
                   "<span id=\"tools-status\" role=\"status\"></span></div></details>"
                   "<span class=\"hint wide\">Tab into the text: \xE2\x86\x90 \xE2\x86\x92 words, Enter English, "
                   "k known, f furigana, Esc close.</span>"
                   "<span class=\"hint narrow\">Tap a word for its English.</span></div></div>\n<main>\n<article id=\"text\">");
  /* The front: title, headline, lead and other paragraphs before the first section. */
  rd__sink_puts(k, "\n<div class=\"row front\">\n<div class=\"ja\">");
  if (title) { rd__sink_puts(k, "\n<h1>"); put_sentences(&c, title); rd__sink_puts(k, "</h1>"); }
  if (headline) { rd__sink_puts(k, "\n<p class=\"headline\">"); put_sentences(&c, headline); rd__sink_puts(k, "</p>"); }
  for (const rd_node *ch = first_of(root); ch; ch = next_of(root, ch))
    if (in_front(root, ch)) put_block(&c, ch);
  rd__sink_puts(k, "\n</div>");
  const char *ts = title ? rd_node_summary(title) : NULL, *ls = lead ? rd_node_summary(lead) : NULL;
  if (ts || ls) {
    rd__sink_puts(k, "\n<aside class=\"en\" lang=\"en\">");
    put_summary_p(&c, "Title", ts);
    put_summary_p(&c, "In brief", ls);
    rd__sink_puts(k, "</aside>");
  }
  rd__sink_puts(k, "\n</div>");
  for (const rd_node *ch = first_of(root); ch; ch = next_of(root, ch)) {
    if (rd_node_kind_of(ch) == RD_NODE_SECTION) put_section(&c, ch);
    else if (rd_node_kind_of(ch) == RD_NODE_REFERENCES) put_block(&c, ch);
  }
  rd__sink_puts(k, "\n</article>\n</main>\n<footer>Made with libreader");
  if (rd_doc_name(doc)) { rd__sink_puts(k, " from "); escz(k, rd_doc_name(doc)); }
  int glossed = 0;
  for (size_t i = 0; i < rd_doc_token_count(doc) && !glossed; i++) glossed = rd_token_gloss_count(rd_doc_token_at(doc, i)) > 0;
  if (glossed) rd__sink_puts(k, ". English glosses: EDICT, \xC2\xA9 the Electronic Dictionary Research and Development Group, CC BY-SA 4.0");
  rd__sink_puts(k, ".</footer>\n"
                   "<div id=\"pop\" role=\"dialog\" aria-label=\"Word\" tabindex=\"-1\" hidden></div>\n<script>\n");
  rd__sink_puts(k, (const char *)rd__page_js);
  rd__sink_puts(k, "</script>\n</body>\n</html>\n");
  if (c.tmp.oom) rd__sink_fail(k, rd__oom());
  rd__buf_dispose(&c.tmp);
  return k->st;
}
