/* Fuzz target: the summaries loader (XML from the user: schema validation,
 * entity and DTD refusal, encodings, pairing with sections). Each input is
 * loaded, strictly and leniently, into a fresh copy of a small article with
 * sections; a load either attaches or fails with a message naming the
 * place, and the report is consistent. */
#include "fuzz_common.h"

static const char article[] =
  "「日本の話」について\n"
  "「日本の話」\n"
  "日本で事件が起きました。大きな話題です。\n"
  "目次\n"
  "1. 事件の概要\n"
  "- 流出の詳細\n"
  "2. 影響と対応\n"
  "1.事件の概要\n"
  "流出の詳細\n"
  "二〇二四年に流出しました。\n"
  "2.影響と対応\n"
  "政府が対応しました。\n"
  "あとがき\n"
  "おわりです。\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  for (unsigned lenient = 0; lenient < 2; lenient++) {
    rd_doc *doc;
    if (rd_doc_parse(&doc, article, sizeof article - 1, NULL) != RD_OK) __builtin_trap();
    rd_summaries_options o = RD_SUMMARIES_OPTIONS_INIT;
    o.flags = lenient ? RD_SUMMARIES_LENIENT : RD_SUMMARIES_DEFAULT;
    o.name = "fuzz.xml";
    rd_pairing *rep = NULL;
    if (rd_doc_load_summaries(&rep, doc, (const char *)data, size, &o) != RD_OK) {
      fuzz_check_error();
      if (rep) __builtin_trap(); /* no report on failure */
    } else {
      if (!rep) __builtin_trap();
      for (size_t i = 0; i < rd_pairing_item_count(rep); i++) {
        const rd_pairing_item *it = rd_pairing_item_at(rep, i);
        if (!it || !it->message) __builtin_trap();
      }
      if (rd_pairing_paired_count(rep) > 64) __builtin_trap(); /* more than the article has */
      for (size_t i = 0; i < rd_doc_section_count(doc); i++) {
        const char *s = rd_node_summary(rd_doc_section_at(doc, i));
        if (s) (void)strlen(s);
      }
      fuzz_write(doc, RD_OUTPUT_XML);
      fuzz_write(doc, RD_OUTPUT_HTML);
    }
    rd_pairing_free(rep);
    rd_doc_free(doc);
  }
  return 0;
}
