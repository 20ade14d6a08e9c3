/* `reader outline FILE`: the section tree with per-section counts, then
 * the reference lists and any warnings about the input. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void count_blocks(const rd_node *sec, size_t *paras, size_t *sents, size_t *cits) {
  *paras = *sents = *cits = 0;
  for (size_t i = 0; i < rd_section_paragraph_count(sec); i++) {
    const rd_node *p = rd_section_paragraph_at(sec, i);
    (*paras)++;
    for (size_t j = 0; j < rd_block_sentence_count(p); j++) {
      (*sents)++;
      *cits += rd_sentence_citation_count(rd_block_sentence_at(p, j));
    }
  }
}

static void print_refs(const rd_node *refs, const char *indent) {
  if (!refs) return;
  printf("%sreferences (%zu):\n", indent, rd_node_child_count(refs));
  for (rd_node *r = rd_node_first_child(refs); r; r = rd_node_next(r))
    printf("%s  [%u] %s\n", indent, rd_node_number(r), rd_reference_url(r));
}

static void print_heading(const char *label, const rd_node *h) {
  if (h) printf("%s: %s\n", label, rd_node_text(NULL, h));
}

/* The English summary (--summaries) under its node. */
static void print_summary(int indent, const rd_node *n) {
  const char *en = rd_node_summary(n);
  if (en) printf("%*s  en: %s\n", indent, "", en);
}

int cmd_outline(int argc, char **argv) {
  const char *path = NULL, *summaries = NULL;
  unsigned parse_flags = 0;
  enum { OPT_WHOLE_PAGE = CLI_OPT_COMMAND, OPT_SUMMARIES };
  static const struct option longopts[] = {
    {"summaries", required_argument, NULL, OPT_SUMMARIES},
    {"whole-page", no_argument, NULL, OPT_WHOLE_PAGE},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = cli_getopt("outline", argc, argv, ":h", longopts)) != -1) {
    switch (opt) {
    case 'h':
      printf("usage: reader outline FILE [--summaries SUMMARIES.xml] [--whole-page]\n\n"
             "Prints the title, headline and lead, then every section (id, heading,\n"
             "paragraph/sentence/citation counts; [synthesised] marks a section whose\n"
             "heading was only in the table of contents), the reference lists, and\n"
             "warnings about the input (such as a citation with no reference).\n"
             "With --summaries, each part's English summary is printed under it, and\n"
             "what stayed unpaired (sections without a summary, summaries matching no\n"
             "section, duplicates) is reported on stderr as warnings.\n"
             "--whole-page (HTML input) keeps navigation, asides and the rest of the\n"
             "page, not only the article's main content. No analyzer is loaded.\n");
      return CLI_OK;
    case OPT_WHOLE_PAGE: parse_flags |= RD_PARSE_WHOLE_PAGE; break;
    case OPT_SUMMARIES: summaries = optarg; break;
    default: return CLI_USAGE;
    }
  }
  if (argc - optind > 1) return cli_usage("outline", "one FILE expected");
  if (optind < argc) path = argv[optind];
  if (!path) return cli_usage("outline", "FILE expected");
  /* Structure only: no analyzer is loaded. Summaries only when named, and
   * lenient: show what paired and report the rest as warnings; a
   * malformed, invalid or hostile file is still refused. */
  rd_pipeline_options po = RD_PIPELINE_OPTIONS_INIT;
  po.flags |= RD_PIPELINE_NO_SUMMARIES | RD_PIPELINE_NO_GLOSSARY;
  rd_pipeline *p;
  int prc = cli_pipeline_new(&p, "outline", &po);
  if (prc != CLI_OK) return prc;
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = RD_STAGE_SUMMARIES;
  ro.summaries = summaries;
  ro.summaries_flags = RD_SUMMARIES_LENIENT;
  ro.parse_flags = parse_flags;
  rd_doc *doc;
  rd_pairing *pairing = NULL;
  rd_status rst = rd_pipeline_read_file(&doc, &pairing, p, path, &ro);
  rd_pipeline_free(p);
  if (rst < 0) return cli_fail();

  print_heading("title", rd_doc_title(doc));
  print_summary(0, rd_doc_title(doc));
  print_heading("headline", rd_doc_headline(doc));
  const rd_node *lead = rd_doc_lead(doc);
  if (lead) printf("lead: %zu sentences\n", rd_block_sentence_count(lead));
  print_summary(0, lead);
  size_t top_paras = rd_section_paragraph_count(rd_doc_root(doc)) - (lead ? 1 : 0);
  if (top_paras) printf("paragraphs outside sections: %zu\n", top_paras);
  for (size_t i = 0; i < rd_doc_section_count(doc); i++) {
    const rd_node *s = rd_doc_section_at(doc, i);
    size_t paras, sents, cits;
    count_blocks(s, &paras, &sents, &cits);
    const rd_node *h = rd_section_heading(s);
    int level = rd_section_level(s);
    printf("%*s%s %s%s  (%zu paragraphs, %zu sentences, %zu citations)\n", 2 * (level > 0 ? level - 1 : 0), "",
           rd_section_id(s), h ? rd_node_text(NULL, h) : "", rd_section_is_synthesized(s) ? " [synthesised]" : "",
           paras, sents, cits);
    print_summary(2 * (level > 0 ? level - 1 : 0), s);
    const rd_node *q = rd_section_question(s);
    if (q) printf("%*s  question: %s\n", 2 * (level > 0 ? level - 1 : 0), "", rd_node_text(NULL, q));
    if (q) print_summary(2 * (level > 0 ? level - 1 : 0) + 2, q);
    for (rd_node *c = rd_node_first_child(s); c; c = rd_node_next(c))
      if (rd_node_kind_of(c) == RD_NODE_REFERENCES) print_refs(c, "  ");
  }
  for (rd_node *c = rd_node_first_child(rd_doc_root(doc)); c; c = rd_node_next(c))
    if (rd_node_kind_of(c) == RD_NODE_REFERENCES) print_refs(c, "");
  for (size_t i = 0; i < rd_doc_warning_count(doc); i++)
    fprintf(stderr, "%s: warning: %s\n", path, rd_doc_warning_at(doc, i));
  /* An empty article parses (an empty document), but printing nothing at
   * all would look like success on the wrong file. */
  if (!rd_doc_sentence_count(doc)) {
    size_t len;
    rd_doc_source(&len, doc);
    fprintf(stderr, "%s: warning: no text to outline (%s)\n", path, len ? "only white space" : "empty file");
  }
  for (size_t i = 0; i < rd_pairing_item_count(pairing); i++) {
    const rd_pairing_item *it = rd_pairing_item_at(pairing, i);
    if (it->line) fprintf(stderr, "%s:%lld: warning: %s\n", summaries, (long long)it->line, it->message);
    else fprintf(stderr, "%s: warning: %s\n", summaries, it->message);
  }
  rd_pairing_free(pairing);
  rd_doc_free(doc);
  /* A full disk or closed pipe must not pass for an outline (issue 16, item 8). */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "reader outline: cannot write standard output: %s\n", strerror(errno ? errno : EIO));
    return CLI_INPUT;
  }
  return CLI_OK;
}
