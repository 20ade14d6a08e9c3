/* Fuzz target: the whole pipeline, as every entry point runs it. The first
 * byte picks the input format; the rest is read through rd_pipeline (stub
 * analyzer: no dictionary), every view is written, and the lossless XML
 * must read back to the same XML. */
#include "fuzz_common.h"

static rd_pipeline *pipeline(void) {
  static rd_pipeline *p;
  if (!p) {
    rd_pipeline_options o = RD_PIPELINE_OPTIONS_INIT;
    o.flags = RD_PIPELINE_STUB | RD_PIPELINE_NO_GLOSSARY | RD_PIPELINE_NO_COMPOUNDS | RD_PIPELINE_NO_SUMMARIES;
    o.threads = 1;
    if (rd_pipeline_new(&p, &o) < 0) __builtin_trap();
  }
  return p;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  static const rd_format formats[] = {RD_FORMAT_TEXT, RD_FORMAT_LINES, RD_FORMAT_HTML, RD_FORMAT_XML};
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.format = formats[data[0] % 4];
  rd_doc *doc;
  if (rd_pipeline_read(&doc, NULL, pipeline(), (const char *)data + 1, size - 1, &ro) != RD_OK) {
    fuzz_check_error();
    return 0;
  }
  fuzz_walk(doc);
  static const rd_output views[] = {RD_OUTPUT_JSON, RD_OUTPUT_HTML, RD_OUTPUT_TEXT, RD_OUTPUT_BRACKETS,
                                    RD_OUTPUT_HIRAGANA, RD_OUTPUT_ROMAJI, RD_OUTPUT_VOCAB};
  for (size_t i = 0; i < sizeof views / sizeof *views; i++) fuzz_write(doc, views[i]);
  /* Lossless: parse(xml(doc)) writes the same xml. */
  char *xml = NULL, *again = NULL;
  size_t len = 0, len2 = 0;
  if (rd_doc_render(&xml, &len, doc, RD_OUTPUT_XML, NULL) == RD_OK) {
    rd_parse_options po = RD_PARSE_OPTIONS_INIT;
    po.format = RD_FORMAT_XML;
    rd_doc *back;
    if (rd_doc_parse(&back, xml, len, &po) != RD_OK) __builtin_trap();
    if (rd_doc_render(&again, &len2, back, RD_OUTPUT_XML, NULL) != RD_OK) __builtin_trap();
    if (len != len2 || memcmp(xml, again, len) != 0) __builtin_trap();
    rd_doc_free(back);
  } else {
    fuzz_check_error();
  }
  rd_free(xml);
  rd_free(again);
  rd_doc_free(doc);
  return 0;
}
