/* The writers' dispatcher: format names, option checks, and the entry
 * points (rd_node_write/render, rd_doc_write/render/to_*). It depends on
 * the writers (write_internal.h) and the sink; they never call back here. */
#include <stdlib.h>
#include <string.h>

#include "model.h" /* rd__doc_lock */
#include "write_internal.h"
#include "reader/doc.h"

static const char *const output_names[] = {"xml",      "json",   "html",  "text",     "brackets",
                                           "hiragana", "romaji", "vocab", "katakana", "html-fragment"};
#define NOUTPUTS (sizeof output_names / sizeof *output_names)

rd_status rd_output_from_name(rd_output *out, const char *name) {
  for (size_t i = 0; name && i < NOUTPUTS; i++)
    if (!strcmp(name, output_names[i])) {
      if (out) *out = (rd_output)i;
      return RD_OK;
    }
  return rd__error(RD_ENOTFOUND, -1, 0,
                   "unknown output format '%s' (xml, json, html, text, brackets, hiragana, romaji, vocab, katakana, html-fragment)",
                   name ? name : "(null)");
}

const char *rd_output_name(rd_output f) { return (unsigned)f < NOUTPUTS ? output_names[f] : NULL; }

static int is_text_kind(rd_output f) {
  switch (f) {
  case RD_OUTPUT_TEXT: case RD_OUTPUT_BRACKETS: case RD_OUTPUT_HIRAGANA: case RD_OUTPUT_KATAKANA:
  case RD_OUTPUT_ROMAJI: case RD_OUTPUT_HTML_FRAGMENT:
    return 1;
  default: return 0;
  }
}

rd_status rd_node_write(const rd_node *node, rd_output format, const rd_write_options *opts, rd_write_fn fn, void *payload) {
  rd_write_options o = RD_WRITE_OPTIONS_INIT;
  if (!node || !fn) return rd__error(RD_EINVALID, -1, 0, "rd_node_write: NULL %s", node ? "callback" : "node");
  if (opts) {
    if (opts->version != RD_WRITE_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_write_options: unsupported version %u", opts->version);
    o = *opts;
  }
  if ((unsigned)o.furigana > RD_FURIGANA_NONE)
    return rd__error(RD_EINVALID, -1, 0, "rd_write_options: unknown furigana setting %d", (int)o.furigana);
  if ((unsigned)format >= NOUTPUTS)
    return rd__error(RD_EINVALID, -1, 0, "rd_node_write: unknown output format %d", (int)format);
  rd__sink *k = rd__sink_new(fn, payload);
  if (!k) return RD_ENOMEM;
  rd_status st;
  /* One consistent state for the whole output (see rd__doc_lock). */
  const rd_doc *doc = rd_node_doc(node);
  int locked = rd__doc_lock(doc, 0);
  if (is_text_kind(format)) st = rd__write_text(k, node, format, &o);
  else if (format == RD_OUTPUT_XML) st = rd__write_xml(k, node, &o);
  else if (format == RD_OUTPUT_JSON) st = rd__write_json(k, node, &o);
  else if (format == RD_OUTPUT_HTML) st = rd__write_html(k, node, &o);
  else st = rd__write_vocab(k, node, &o);
  rd__doc_unlock(doc, locked);
  rd__sink_fail(k, st);
  st = rd__sink_flush(k);
  rd__sink_free(k);
  return st;
}

static int collect(const char *data, size_t len, void *payload) {
  rd__buf *b = payload;
  rd__buf_put(b, data, len);
  return b->oom ? -1 : 0;
}

rd_status rd_node_render(char **out, size_t *len_out, const rd_node *node, rd_output format, const rd_write_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_node_render: out is NULL");
  *out = NULL;
  if (len_out) *len_out = 0;
  rd__buf b = RD__BUF_INIT;
  rd_status st = rd_node_write(node, format, opts, collect, &b);
  if (st < 0) {
    int oom = b.oom;
    rd__buf_dispose(&b);
    return oom ? rd__oom() : st;
  }
  *out = rd__buf_detach(&b, len_out);
  return *out ? RD_OK : rd__oom();
}

rd_status rd_doc_write(const rd_doc *doc, rd_output format, const rd_write_options *opts, rd_write_fn fn, void *payload) {
  if (!doc) return rd__error(RD_EINVALID, -1, 0, "rd_doc_write: NULL document");
  return rd_node_write(rd_doc_root(doc), format, opts, fn, payload);
}

rd_status rd_doc_render(char **out, size_t *len_out, const rd_doc *doc, rd_output format, const rd_write_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_doc_render: out is NULL");
  *out = NULL;
  if (len_out) *len_out = 0;
  if (!doc) return rd__error(RD_EINVALID, -1, 0, "rd_doc_render: NULL document");
  return rd_node_render(out, len_out, rd_doc_root(doc), format, opts);
}

rd_status rd_doc_to_xml(char **out, size_t *len, const rd_doc *d, const rd_write_options *o) {
  return rd_doc_render(out, len, d, RD_OUTPUT_XML, o);
}
rd_status rd_doc_to_json(char **out, size_t *len, const rd_doc *d, const rd_write_options *o) {
  return rd_doc_render(out, len, d, RD_OUTPUT_JSON, o);
}
rd_status rd_doc_to_html(char **out, size_t *len, const rd_doc *d, const rd_write_options *o) {
  return rd_doc_render(out, len, d, RD_OUTPUT_HTML, o);
}
rd_status rd_doc_to_vocab(char **out, size_t *len, const rd_doc *d, const rd_write_options *o) {
  return rd_doc_render(out, len, d, RD_OUTPUT_VOCAB, o);
}
rd_status rd_doc_to_text(char **out, size_t *len, const rd_doc *d, rd_output kind, const rd_write_options *o) {
  if (!is_text_kind(kind)) {
    if (out) *out = NULL;
    return rd__error(RD_EINVALID, -1, 0, "rd_doc_to_text: %s is not a text format", rd_output_name(kind) ? rd_output_name(kind) : "(unknown)");
  }
  return rd_doc_render(out, len, d, kind, o);
}
