/* Fuzz target: the article readers. The first byte picks the format
 * (text, one-per-line, HTML, our XML); the rest is the input. Every input
 * must give a document or a clean error, and a document must be walkable. */
#include <stdint.h>
#include <string.h>

#include <reader.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const rd_format formats[] = {RD_FORMAT_TEXT, RD_FORMAT_LINES, RD_FORMAT_HTML, RD_FORMAT_XML};
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = formats[data[0] % 4];
  rd_doc *doc;
  if (rd_doc_parse(&doc, (const char *)data + 1, size - 1, &o) != RD_OK) {
    if (rd_error_last()->message[0] == '\0') __builtin_trap(); /* an error must say what */
    return 0;
  }
  size_t src_len;
  rd_doc_source(&src_len, doc);
  rd_iter *it;
  if (rd_iter_new(&it, rd_doc_root(doc), 0) == RD_OK) {
    while (rd_iter_next(it) != RD_EVENT_DONE) {
      const rd_node *n = rd_iter_node(it);
      size_t a, b;
      rd_node_span(&a, &b, n);
      if (a > b || b > src_len) __builtin_trap(); /* spans index the source */
      size_t len;
      const char *t = rd_node_text(&len, n);
      if (t && strlen(t) != len) __builtin_trap();
    }
    rd_iter_free(it);
  }
  for (size_t i = 0; i < rd_doc_section_count(doc); i++)
    if (rd_doc_section(doc, rd_section_id(rd_doc_section_at(doc, i))) == NULL) __builtin_trap();
  rd_doc_free(doc);
  return 0;
}
