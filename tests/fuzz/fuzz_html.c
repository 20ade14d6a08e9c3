/* Fuzz target: the HTML reader (libxml2's HTML parser underneath). Every
 * input gives a document or a clean error; a document is walkable,
 * annotatable and writable in every view. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_HTML;
  /* Both extraction modes: the article only (default) and the whole page. */
  if (size && (data[size - 1] & 1)) o.flags |= RD_PARSE_WHOLE_PAGE;
  rd_doc *doc;
  if (rd_doc_parse(&doc, (const char *)data, size, &o) != RD_OK) {
    fuzz_check_error();
    return 0;
  }
  fuzz_walk(doc);
  fuzz_annotate_and_write(doc);
  rd_doc_free(doc);
  return 0;
}
