/* Shared checks of the fuzz targets: a document must be walkable with
 * spans inside its source, annotatable (stub analyzer: no dictionary) and
 * writable in every view. A broken invariant traps, so libFuzzer and the
 * replay driver report it. */
#ifndef READER_FUZZ_COMMON_H
#define READER_FUZZ_COMMON_H

#include <stdint.h>
#include <string.h>

#include <reader.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* An error must say what went wrong. */
static inline void fuzz_check_error(void) {
  if (rd_error_last()->message[0] == '\0') __builtin_trap();
}

/* The stub analyzer, made once per process. */
static inline rd_analyzer *fuzz_analyzer(void) {
  static rd_analyzer *an;
  if (!an) {
    rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
    o.flags = RD_ANALYZER_STUB;
    if (rd_analyzer_new(&an, &o) < 0) __builtin_trap();
  }
  return an;
}

/* Every node's span indexes the source and its text is as long as it says. */
static inline void fuzz_walk(const rd_doc *doc) {
  size_t src_len;
  rd_doc_source(&src_len, doc);
  rd_iter *it;
  if (rd_iter_new(&it, rd_doc_root(doc), 0) != RD_OK) return;
  while (rd_iter_next(it) != RD_EVENT_DONE) {
    const rd_node *n = rd_iter_node(it);
    size_t a, b;
    rd_node_span(&a, &b, n);
    if (a > b || b > src_len) __builtin_trap();
    size_t len;
    const char *t = rd_node_text(&len, n);
    if (t && strlen(t) != len) __builtin_trap();
  }
  rd_iter_free(it);
}

/* Write a view; a failure must carry a message. */
static inline void fuzz_write(const rd_doc *doc, rd_output f) {
  char *out = NULL;
  size_t len = 0;
  if (rd_doc_render(&out, &len, doc, f, NULL) < 0) fuzz_check_error();
  else if (out && strlen(out) > len) __builtin_trap();
  rd_free(out);
}

/* Annotate, walk the tokens' furigana, write every view. */
static inline void fuzz_annotate_and_write(rd_doc *doc) {
  if (rd_doc_annotate(doc, fuzz_analyzer(), NULL) < 0) { fuzz_check_error(); return; }
  size_t src_len;
  rd_doc_source(&src_len, doc);
  for (size_t i = 0; i < rd_doc_token_count(doc); i++) {
    const rd_node *t = rd_doc_token_at(doc, i);
    size_t a, b;
    rd_node_span(&a, &b, t);
    if (a > b || b > src_len) __builtin_trap();
    for (size_t k = 0; k < rd_token_ruby_count(t); k++) {
      rd_ruby r;
      if (!rd_token_ruby_at(&r, t, k) || !r.reading) __builtin_trap();
    }
  }
  static const rd_output views[] = {RD_OUTPUT_XML, RD_OUTPUT_JSON, RD_OUTPUT_HTML, RD_OUTPUT_TEXT,
                                    RD_OUTPUT_BRACKETS, RD_OUTPUT_HIRAGANA, RD_OUTPUT_ROMAJI, RD_OUTPUT_VOCAB};
  for (size_t i = 0; i < sizeof views / sizeof *views; i++) fuzz_write(doc, views[i]);
}

#endif
