/* List the sections of an article with their headings:
 *   sections ARTICLE
 * Shows the one-shot parse, typed section helpers and error reporting. */
#include <stdio.h>

#include <reader.h>

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s ARTICLE\n", argv[0]);
    return 2;
  }
  rd_doc *doc;
  if (rd_doc_parse_file(&doc, argv[1], NULL) != RD_OK) {
    fprintf(stderr, "%s\n", rd_error_last()->message);
    return 1;
  }
  for (size_t i = 0; i < rd_doc_section_count(doc); i++) {
    const rd_node *s = rd_doc_section_at(doc, i);
    const rd_node *h = rd_section_heading(s);
    printf("%s\t%s\n", rd_section_id(s), h ? rd_node_text(NULL, h) : "");
  }
  rd_doc_free(doc);
  return 0;
}
