/* `reader words FILE`: the article's words, one a line, for checking the
 * word layer by eye: surface, dictionary form, reading, inflection and
 * first gloss, tab-separated ("-" for an absent field). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void help(void) {
  printf("usage: reader words FILE [--content] [READING OPTIONS]\n\n"
         "Prints the words of an article (dictionary words over MeCab's morphemes:\n"
         "ビットコイン, 盗まれた = 盗む + passive, past, 482億円), one a line:\n"
         "surface, dictionary form, reading, inflection, first gloss, separated by\n"
         "tabs, \"-\" where absent. --content leaves out particles, auxiliaries,\n"
         "symbols and numbers. A blank line ends each sentence.\n\n%s",
         cli_pipeline_help);
}

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

int cmd_words(int argc, char **argv) {
  rd_pipeline_options po = RD_PIPELINE_OPTIONS_INIT;
  const char *file = NULL;
  int content_only = 0;
  enum { OPT_CONTENT = CLI_OPT_COMMAND };
  static const struct option longopts[] = {
    {"content", no_argument, NULL, OPT_CONTENT},
    CLI_PIPELINE_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = cli_getopt("words", argc, argv, ":h", longopts)) != -1) {
    if (opt == 'h') { help(); return CLI_OK; }
    if (opt == OPT_CONTENT) { content_only = 1; continue; }
    int used = cli_pipeline_option(&po, "words", opt, optarg);
    if (used < 0) return -used;
    if (!used) return CLI_USAGE; /* '?': cli_getopt told why */
  }
  if (argc - optind > 1) return cli_usage("words", "one FILE expected");
  if (optind < argc) file = argv[optind];
  if (!file) return cli_usage("words", "FILE expected");
  rd_pipeline *p;
  int prc = cli_pipeline_new(&p, "words", &po);
  if (prc != CLI_OK) return prc;
  rd_doc *doc = NULL;
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = RD_STAGE_ANNOTATE;
  int rc = CLI_OK;
  if (rd_pipeline_read_file(&doc, NULL, p, file, &ro) < 0 ||
      rd_doc_words(doc, rd_pipeline_glossary(p), NULL) < 0) {
    rc = cli_fail();
  } else {
    for (size_t i = 0; i < rd_doc_sentence_count(doc); i++) {
      const rd_node *s = rd_doc_sentence_at(doc, i);
      for (size_t j = 0; j < rd_sentence_word_count(s); j++) {
        const rd_word *w = rd_sentence_word_at(s, j);
        if (content_only && !rd_word_is_content(w)) continue;
        printf("%s\t%s\t%s\t%s\t%s\n", rd_word_surface(w), or_dash(rd_word_lemma(w)), or_dash(rd_word_reading(w)),
               or_dash(rd_word_inflection_text(w)), or_dash(rd_word_gloss_at(w, 0)));
      }
      if (rd_sentence_word_count(s)) printf("\n");
    }
  }
  rd_doc_free(doc);
  rd_pipeline_free(p);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "reader words: cannot write standard output: %s\n", strerror(errno ? errno : EIO));
    rc = CLI_INPUT;
  }
  return rc;
}
