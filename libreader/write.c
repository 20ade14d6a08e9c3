/* Entry points of the writers: option checks, format names, and the sink
 * that streams output in chunks to the caller's callback (or collects it
 * into one buffer for the rd_doc_to_*() calls). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "write_internal.h"

static void sink_drain(rd__sink *k) {
  if (k->st < 0 || !k->len) return;
  if (k->fn(k->buf, k->len, k->payload) != 0)
    k->st = rd__error(RD_EIO, -1, 0, "write callback stopped the output");
  k->len = 0;
}

void rd__sink_put(rd__sink *k, const char *s, size_t len) {
  while (len && k->st >= 0) {
    size_t room = sizeof k->buf - k->len;
    if (!room) { sink_drain(k); continue; }
    size_t n = len < room ? len : room;
    memcpy(k->buf + k->len, s, n);
    k->len += n;
    s += n;
    len -= n;
  }
}

void rd__sink_puts(rd__sink *k, const char *s) { rd__sink_put(k, s, strlen(s)); }

void rd__sink_escape(rd__sink *k, const char *s, size_t len, unsigned what) {
  size_t run = 0;
  for (size_t i = 0; i < len; i++) {
    const char *rep = NULL;
    switch (s[i]) {
    case '&': rep = "&amp;"; break;
    case '<': rep = "&lt;"; break;
    case '>': rep = "&gt;"; break;
    case '"': rep = what & RD__ESC_QUOT ? "&quot;" : NULL; break;
    case '\t': rep = what & RD__ESC_WS ? "&#9;" : NULL; break;
    case '\n': rep = what & RD__ESC_WS ? "&#10;" : NULL; break;
    case '\r': rep = what & RD__ESC_WS ? "&#13;" : NULL; break;
    default: break;
    }
    if (!rep) continue;
    rd__sink_put(k, s + run, i - run);
    rd__sink_puts(k, rep);
    run = i + 1;
  }
  rd__sink_put(k, s + run, len - run);
}
void rd__sink_putc(rd__sink *k, char c) { rd__sink_put(k, &c, 1); }

void rd__sink_printf(rd__sink *k, const char *fmt, ...) {
  char small[512];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(small, sizeof small, fmt, ap);
  va_end(ap);
  if (n < 0) return;
  if ((size_t)n < sizeof small) { rd__sink_put(k, small, (size_t)n); return; }
  rd__buf b = RD__BUF_INIT;
  if (rd__buf_reserve(&b, (size_t)n + 1) < 0) { rd__sink_fail(k, rd__oom()); return; }
  va_start(ap, fmt);
  vsnprintf(b.ptr, (size_t)n + 1, fmt, ap);
  va_end(ap);
  rd__sink_put(k, b.ptr, (size_t)n);
  rd__buf_dispose(&b);
}

void rd__sink_fail(rd__sink *k, rd_status st) {
  if (k->st >= 0 && st < 0) k->st = st;
}

rd_status rd__sink_flush(rd__sink *k) {
  sink_drain(k);
  return k->st;
}

static const char *const output_names[] = {"xml", "json", "html", "text", "brackets", "hiragana", "romaji", "vocab"};
#define NOUTPUTS (sizeof output_names / sizeof *output_names)

rd_status rd_output_from_name(rd_output *out, const char *name) {
  for (size_t i = 0; name && i < NOUTPUTS; i++)
    if (!strcmp(name, output_names[i])) {
      if (out) *out = (rd_output)i;
      return RD_OK;
    }
  return rd__error(RD_ENOTFOUND, -1, 0, "unknown output format '%s' (xml, json, html, text, brackets, hiragana, romaji, vocab)",
                   name ? name : "(null)");
}

const char *rd_output_name(rd_output f) { return (unsigned)f < NOUTPUTS ? output_names[f] : NULL; }

rd_status rd_doc_write(const rd_doc *doc, rd_output format, rd_write_fn fn, void *payload,
                       const rd_write_options *opts) {
  rd_write_options o = RD_WRITE_OPTIONS_INIT;
  if (!doc || !fn) return rd__error(RD_EINVALID, -1, 0, "rd_doc_write: NULL %s", doc ? "callback" : "document");
  if (opts) {
    if (opts->version != RD_WRITE_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_write_options: unsupported version %u", opts->version);
    o = *opts;
  }
  if ((unsigned)o.furigana > RD_FURIGANA_NONE)
    return rd__error(RD_EINVALID, -1, 0, "rd_write_options: unknown furigana setting %d", (int)o.furigana);
  rd__sink *k = calloc(1, sizeof *k); /* 16 KiB: keep it off the caller's stack */
  if (!k) return rd__oom();
  k->fn = fn;
  k->payload = payload;
  rd_status st;
  switch (format) {
  case RD_OUTPUT_XML: st = rd__write_xml(doc, k, &o); break;
  case RD_OUTPUT_JSON: st = rd__write_json(doc, k, &o); break;
  case RD_OUTPUT_HTML: st = rd__write_html(doc, k, &o); break;
  case RD_OUTPUT_TEXT:
  case RD_OUTPUT_BRACKETS:
  case RD_OUTPUT_HIRAGANA:
  case RD_OUTPUT_ROMAJI: st = rd__write_text(doc, k, format, &o); break;
  case RD_OUTPUT_VOCAB: st = rd__write_vocab(doc, k, &o); break;
  default: st = rd__error(RD_EINVALID, -1, 0, "rd_doc_write: unknown output format %d", (int)format); break;
  }
  rd__sink_fail(k, st);
  st = rd__sink_flush(k);
  free(k);
  return st;
}

static int collect(const char *data, size_t len, void *payload) {
  rd__buf *b = payload;
  rd__buf_put(b, data, len);
  return b->oom ? -1 : 0;
}

rd_status rd_doc_render(const rd_doc *doc, rd_output format, char **out, size_t *len_out,
                        const rd_write_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_doc_render: out is NULL");
  *out = NULL;
  if (len_out) *len_out = 0;
  rd__buf b = RD__BUF_INIT;
  rd_status st = rd_doc_write(doc, format, collect, &b, opts);
  if (st < 0) {
    int oom = b.oom;
    rd__buf_dispose(&b);
    return oom ? rd__oom() : st;
  }
  *out = rd__buf_detach(&b, len_out);
  return *out ? RD_OK : rd__oom();
}

rd_status rd_doc_to_xml(const rd_doc *d, char **out, size_t *len, const rd_write_options *o) {
  return rd_doc_render(d, RD_OUTPUT_XML, out, len, o);
}
rd_status rd_doc_to_json(const rd_doc *d, char **out, size_t *len, const rd_write_options *o) {
  return rd_doc_render(d, RD_OUTPUT_JSON, out, len, o);
}
rd_status rd_doc_to_html(const rd_doc *d, char **out, size_t *len, const rd_write_options *o) {
  return rd_doc_render(d, RD_OUTPUT_HTML, out, len, o);
}
rd_status rd_doc_to_vocab(const rd_doc *d, char **out, size_t *len, const rd_write_options *o) {
  return rd_doc_render(d, RD_OUTPUT_VOCAB, out, len, o);
}
rd_status rd_doc_to_text(const rd_doc *d, rd_output kind, char **out, size_t *len, const rd_write_options *o) {
  if (kind != RD_OUTPUT_TEXT && kind != RD_OUTPUT_BRACKETS && kind != RD_OUTPUT_HIRAGANA && kind != RD_OUTPUT_ROMAJI) {
    if (out) *out = NULL;
    return rd__error(RD_EINVALID, -1, 0, "rd_doc_to_text: %s is not a text format", rd_output_name(kind) ? rd_output_name(kind) : "(unknown)");
  }
  return rd_doc_render(d, kind, out, len, o);
}
