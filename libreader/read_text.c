/* Plain-text reader (placeholder: paragraphs only; the full article reader
 * with contents, headings, citations and afterword replaces this). */
#include <string.h>

#include "readers_internal.h"

static rd_status add_paragraph(rd_doc *doc, size_t a, size_t b) {
  rd_node *p = rd__node_new(doc, RD_NODE_PARAGRAPH, a, b);
  if (!p) return rd__oom();
  rd_status st = rd__node_set_text(p, doc->src + a, b - a);
  if (st < 0) return st;
  if ((st = rd__node_append(doc->root, p)) < 0) return st;
  return rd__block_add_sentences(doc, p, a, b);
}

rd_status rd__read_lines(rd_doc *doc) {
  const char *s = doc->src;
  size_t n = doc->src_len, i = 0;
  if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n;
    size_t b = e;
    if (b > i && s[b - 1] == '\r') b--;
    rd_node *p = rd__node_new(doc, RD_NODE_PARAGRAPH, i, b);
    if (!p) return rd__oom();
    rd_status st = rd__node_set_text(p, s + i, b - i);
    if (st < 0 || (st = rd__node_append(doc->root, p)) < 0) return st;
    /* One line is one sentence: `reader furigana` promises one output line per input line. */
    rd_node *sent = rd__node_new(doc, RD_NODE_SENTENCE, i, b);
    if (!sent) return rd__oom();
    if ((st = rd__node_set_text(sent, s + i, b - i)) < 0 || (st = rd__node_append(p, sent)) < 0) return st;
    i = e + 1;
  }
  return RD_OK;
}

rd_status rd__read_text(rd_doc *doc, unsigned flags) {
  const char *s = doc->src;
  size_t n = doc->src_len, i = 0;
  (void)flags;
  if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n;
    size_t b = e;
    if (b > i && s[b - 1] == '\r') b--;
    if (b > i) {
      rd_status st = add_paragraph(doc, i, b);
      if (st < 0) return st;
    }
    i = e + 1;
  }
  return RD_OK;
}
