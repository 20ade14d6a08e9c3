/* Words of one section with lemma, reading and furigana:
 *   annotate ARTICLE [SECTION-ID]
 * Shows annotation with the system MeCab dictionary and the token API. */
#include <stdio.h>

#include <reader.h>

int main(int argc, char **argv) {
  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s ARTICLE [SECTION-ID]\n", argv[0]);
    return 2;
  }
  rd_doc *doc = NULL;
  rd_analyzer *an = NULL;
  int rc = 1;
  if (rd_doc_parse_file(&doc, argv[1], NULL) != RD_OK || rd_analyzer_new(&an, NULL) != RD_OK ||
      rd_doc_annotate(doc, an, NULL) != RD_OK) {
    fprintf(stderr, "%s\n", rd_error_last()->message); /* names file, line or byte */
    goto done;
  }
  const rd_node *sec = rd_doc_section(doc, argc == 3 ? argv[2] : "1.1");
  if (!sec) {
    fprintf(stderr, "no section %s\n", argc == 3 ? argv[2] : "1.1");
    goto done;
  }
  for (size_t p = 0; p < rd_section_paragraph_count(sec); p++) {
    const rd_node *para = rd_section_paragraph_at(sec, p);
    for (size_t s = 0; s < rd_block_sentence_count(para); s++) {
      const rd_node *sent = rd_block_sentence_at(para, s);
      for (size_t t = 0; t < rd_sentence_token_count(sent); t++) {
        const rd_node *tok = rd_sentence_token_at(sent, t);
        const char *reading = rd_token_reading(tok);
        printf("%s\t%s\t%s\t%s", rd_node_text(NULL, tok), rd_token_lemma(tok), rd_pos_name(rd_token_pos_class(tok)),
               reading ? reading : "-");
        rd_ruby r;
        for (size_t i = 0; rd_token_ruby_at(&r, tok, i); i++) printf("\t%.*s[%s]", (int)r.len, rd_node_text(NULL, tok) + r.start, r.reading);
        putchar('\n');
      }
    }
  }
  rc = 0;
done:
  rd_analyzer_free(an);
  rd_doc_free(doc);
  return rc;
}
