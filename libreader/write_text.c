/* Text views of any node: plain text (citations as [n]), furigana in
 * brackets (Anki style), ruby markup (an HTML fragment), hiragana,
 * katakana and romaji (reader/kana.h). One block a line with a blank line
 * between blocks; a sentence or a token is one line. */
#include <stdio.h>
#include <string.h>

#include "write_internal.h"
#include "write_common.h"
#include "reader/kana.h"

typedef struct tctx {
  rd__sink *k;
  rd_output kind;
  const rd_write_options *o;
  rd__buf line;
  int blocks;
} tctx;

static rd_script script_of(rd_output kind) {
  return kind == RD_OUTPUT_ROMAJI ? RD_SCRIPT_ROMAJI : kind == RD_OUTPUT_KATAKANA ? RD_SCRIPT_KATAKANA : RD_SCRIPT_HIRAGANA;
}

/* A sentence or a token in one of the kana scripts; the text as it is
 * when there is nothing to read (an empty or unannotated sentence). */
static void put_kana(tctx *c, const rd_node *n) {
  size_t tl;
  const char *t = rd_node_text(&tl, n);
  int has_tokens = rd_node_kind_of(n) == RD_NODE_TOKEN || rd_sentence_token_count(n);
  char *kana;
  size_t kl;
  if (!has_tokens) { rd__buf_put(&c->line, t, tl); return; }
  rd_status st = rd_node_to_kana(&kana, &kl, n, script_of(c->kind));
  if (st < 0) { rd__sink_fail(c->k, st); return; }
  if (c->kind == RD_OUTPUT_ROMAJI && c->line.len && c->line.ptr[c->line.len - 1] != ' ') rd__buf_putc(&c->line, ' ');
  rd__buf_put(&c->line, kana, kl);
  rd_free(kana);
}

static void put_sentence(tctx *c, const rd_node *s) {
  switch (c->kind) {
  case RD_OUTPUT_BRACKETS: rd__buf_put_sentence_ruby(&c->line, s, RD__RUBY_BRACKETS, c->o); break;
  case RD_OUTPUT_HTML_FRAGMENT: rd__buf_put_sentence_ruby(&c->line, s, RD__RUBY_HTML, c->o); break;
  case RD_OUTPUT_HIRAGANA: case RD_OUTPUT_KATAKANA: case RD_OUTPUT_ROMAJI: put_kana(c, s); break;
  default: rd__buf_put_sentence_cited(&c->line, s); break; /* citation markers back where they stood */
  }
}

static void put_token(tctx *c, const rd_node *t) {
  size_t sl;
  const char *s = rd_node_text(&sl, t);
  char last = 0;
  switch (c->kind) {
  case RD_OUTPUT_BRACKETS: rd__buf_put_brackets(&c->line, t, rd__token_wants_ruby(t, c->o), &last); break;
  case RD_OUTPUT_HTML_FRAGMENT: rd__buf_put_ruby_html(&c->line, t, rd__token_wants_ruby(t, c->o)); break;
  case RD_OUTPUT_HIRAGANA: case RD_OUTPUT_KATAKANA: case RD_OUTPUT_ROMAJI: put_kana(c, t); break;
  default: rd__buf_put(&c->line, s, sl); break;
  }
}

/* Text that is not a sentence (a heading prefix, a block without
 * sentences, a URL): escaped in the HTML fragment. */
static void put_plain(tctx *c, const char *s, size_t len) {
  if (c->kind == RD_OUTPUT_HTML_FRAGMENT) rd__buf_escape(&c->line, s, len, 0);
  else rd__buf_put(&c->line, s, len);
}

static void end_block(tctx *c) {
  if (c->blocks++) rd__sink_putc(c->k, '\n');
  rd__sink_put(c->k, c->line.ptr ? c->line.ptr : "", c->line.len);
  rd__sink_putc(c->k, '\n');
  if (c->line.oom) rd__sink_fail(c->k, rd__oom());
  c->line.len = 0;
}

static void put_block(tctx *c, const rd_node *b, const char *prefix) {
  c->line.len = 0;
  if (prefix) put_plain(c, prefix, strlen(prefix));
  for (size_t i = 0; i < rd_block_sentence_count(b); i++) put_sentence(c, rd_block_sentence_at(b, i));
  if (!rd_block_sentence_count(b)) {
    size_t tl;
    const char *t = rd_node_text(&tl, b);
    if (t) put_plain(c, t, tl);
  }
  end_block(c);
}

/* A heading, after its section's number ("1. ", "2.1 "). */
static void put_heading(tctx *c, const rd_node *h) {
  const rd_node *sec = rd_node_parent(h);
  char prefix[64] = "";
  if (rd_node_kind_of(sec) == RD_NODE_SECTION && !rd_section_is_afterword(sec) && rd_section_id(sec))
    snprintf(prefix, sizeof prefix, "%s%s ", rd_section_id(sec), rd_section_level(sec) == 1 ? "." : "");
  put_block(c, h, prefix);
}

static void put_reference(tctx *c, const rd_node *r) {
  rd__buf_printf(&c->line, "%s[%u] %s", c->line.len ? "\n" : "", rd_node_number(r), rd_reference_url(r) ? rd_reference_url(r) : "");
}

static void put_references(tctx *c, const rd_node *refs) {
  if (c->kind != RD_OUTPUT_TEXT) return; /* readings of URLs mean nothing */
  c->line.len = 0;
  for (const rd_node *r = rd_node_first_child(refs); r; r = rd_node_next(r)) put_reference(c, r);
  end_block(c);
}

static void put_children(tctx *c, const rd_node *n) {
  for (const rd_node *ch = rd_node_first_child(n); ch; ch = rd_node_next(ch)) {
    switch (rd_node_kind_of(ch)) {
    case RD_NODE_SECTION: put_children(c, ch); break;
    case RD_NODE_HEADING: put_heading(c, ch); break;
    case RD_NODE_PARAGRAPH:
    case RD_NODE_QUESTION: put_block(c, ch, NULL); break;
    case RD_NODE_REFERENCES: put_references(c, ch); break;
    default: break;
    }
  }
}

rd_status rd__write_text(rd__sink *k, const rd_node *root, rd_output kind, const rd_write_options *o) {
  tctx c = {k, kind, o, RD__BUF_INIT, 0};
  switch (rd_node_kind_of(root)) {
  case RD_NODE_DOCUMENT:
  case RD_NODE_SECTION: put_children(&c, root); break;
  case RD_NODE_HEADING: put_heading(&c, root); break;
  case RD_NODE_PARAGRAPH:
  case RD_NODE_QUESTION: put_block(&c, root, NULL); break;
  case RD_NODE_REFERENCES: put_references(&c, root); break;
  case RD_NODE_SENTENCE: put_sentence(&c, root); end_block(&c); break;
  case RD_NODE_TOKEN: put_token(&c, root); end_block(&c); break;
  case RD_NODE_REFERENCE:
    if (kind == RD_OUTPUT_TEXT) put_reference(&c, root);
    end_block(&c);
    break;
  case RD_NODE_CITATION:
    /* Brackets and kana leave markers out, as inside a sentence. */
    if (kind == RD_OUTPUT_TEXT || kind == RD_OUTPUT_HTML_FRAGMENT) rd__buf_printf(&c.line, "[%u]", rd_node_number(root));
    end_block(&c);
    break;
  default: rd__sink_fail(k, rd__error(RD_EINVALID, -1, 0, "rd_node_write: no text view of a %s node", rd_node_kind_name(rd_node_kind_of(root)))); break;
  }
  rd__buf_dispose(&c.line);
  return k->st;
}
