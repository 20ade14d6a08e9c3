/* Fuzz target: reading libreader's own XML (hostile input: entities, DTDs,
 * bad nesting, offsets out of range). A document that reads must walk, and
 * writing it, reading that back and writing again must give the same bytes
 * (the XML view is lossless). */
#include <stdlib.h>

#include "fuzz_common.h"

static char *to_xml(const rd_doc *doc, size_t *len) {
  char *out = NULL;
  if (rd_doc_to_xml(&out, len, doc, NULL) < 0) {
    fuzz_check_error();
    return NULL;
  }
  return out;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_XML;
  rd_doc *doc;
  if (rd_doc_parse(&doc, (const char *)data, size, &o) != RD_OK) {
    fuzz_check_error();
    return 0;
  }
  fuzz_walk(doc);
  size_t len1, len2;
  char *x1 = to_xml(doc, &len1);
  rd_doc_free(doc);
  if (!x1) return 0;
  rd_doc *again;
  /* What we wrote we must read. */
  if (rd_doc_parse(&again, x1, len1, &o) != RD_OK) __builtin_trap();
  fuzz_walk(again);
  char *x2 = to_xml(again, &len2);
  if (!x2 || len1 != len2 || memcmp(x1, x2, len1) != 0) __builtin_trap();
  fuzz_annotate_and_write(again);
  rd_free(x1);
  rd_free(x2);
  rd_doc_free(again);
  return 0;
}
