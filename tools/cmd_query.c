/* `reader query FILE (SECTION-ID | --heading TEXT | --lemma WORD)`: print
 * one section with its text, or each sentence that uses a word (by
 * dictionary form, or as written) with its section id. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void help(void) {
  printf("usage: reader query FILE... SECTION-ID\n"
         "       reader query FILE... --heading TEXT\n"
         "       reader query FILE... --lemma WORD [READING OPTIONS]\n\n"
         "SECTION-ID (\"1\", \"2.1\", \"afterword\") or --heading (compared after NFKC\n"
         "normalisation, white space ignored: \"1.事件の概要\" and \"事件の概要\" both\n"
         "match) prints that section: its heading, paragraphs and subsections, and\n"
         "its English summary when summaries.en.xml lies beside the article.\n"
         "--lemma prints every sentence that uses WORD (its dictionary form, as in\n"
         "盗む for 盗まれた, or the word as written), one a line, after its section id\n"
         "and a tab (\"-\" outside sections); this segments the article with MeCab.\n"
         "With several FILEs each answer is headed \"==> FILE <==\" (--lemma lines\n"
         "start with FILE and a tab). Exit status 0 when a file answers, 1 when\n"
         "nothing matches or a file cannot be read (named on standard error),\n"
         "2 on a usage error.\n\n%s", cli_pipeline_help);
}

static int put_stdout(const char *data, size_t len, void *payload) {
  (void)payload;
  return fwrite(data, 1, len, stdout) == len ? 0 : -1;
}

/* A paragraph or question through the text writer, which puts citation
 * markers back where they stood. -1 (the error set) if it cannot be written. */
static int print_block(const rd_node *b, const char *indent) {
  if (!rd_node_text(NULL, b)) return 0;
  printf("%s", indent);
  if (rd_node_kind_of(b) == RD_NODE_QUESTION) printf("Q: ");
  return rd_node_write(b, RD_OUTPUT_TEXT, NULL, put_stdout, NULL) < 0 ? -1 : 0;
}

static int print_section(const rd_node *sec) {
  const rd_node *h = rd_section_heading(sec);
  const char *sum = rd_node_summary(sec);
  const char *ht = h ? rd_node_text(NULL, h) : NULL;
  printf("%s %s\n", rd_section_id(sec) ? rd_section_id(sec) : "-", ht ? ht : "");
  if (sum) printf("  [en] %s\n", sum);
  for (const rd_node *c = rd_node_first_child(sec); c; c = rd_node_next(c)) {
    switch (rd_node_kind_of(c)) {
    case RD_NODE_PARAGRAPH:
    case RD_NODE_QUESTION:
      if (print_block(c, "  ") < 0) return -1;
      break;
    case RD_NODE_REFERENCES:
      for (const rd_node *r = rd_node_first_child(c); r; r = rd_node_next(r))
        printf("  [%u] %s\n", rd_node_number(r), rd_reference_url(r) ? rd_reference_url(r) : "");
      break;
    case RD_NODE_SECTION:
      printf("\n");
      if (print_section(c) < 0) return -1;
      break;
    default: break;
    }
  }
  return 0;
}

/* Whether a token's lemma is a reading of the query's dictionary entries
 * (くる for 来る): IPADIC writes auxiliary verbs in kana. */
static int reading_of(const char *lemma, const rd_gloss_result *r, const char *word) {
  for (size_t i = 0; lemma && i < rd_gloss_result_count(r); i++) {
    const rd_gloss_entry *e = rd_gloss_result_at(r, i);
    const char *rd = rd_gloss_entry_reading(e);
    if (!strcmp(rd_gloss_entry_word(e), word) && rd && !strcmp(rd, lemma)) return 1;
  }
  return 0;
}

/* Over words when the document has them: ビットコイン and 盗まれた are one
 * word each (found by dictionary form 盗む or as written), and 来る is
 * 来た's dictionary form and the auxiliary of 行ってきた (r: the query's
 * EDICT entries, or NULL). Tokens decide only without words. */
static int uses(const rd_node *s, const char *word, const rd_gloss_result *r) {
  if (rd_sentence_word_count(s)) {
    for (size_t i = 0; i < rd_sentence_word_count(s); i++) {
      const rd_word *w = rd_sentence_word_at(s, i);
      const char *l = rd_word_lemma(w), *sf = rd_word_surface(w);
      if ((l && !strcmp(l, word)) || (sf && !strcmp(sf, word))) return 1;
      /* the auxiliaries of an inflected word: 行ってきた uses 来る */
      for (size_t j = 1; rd_word_inflection_count(w) && j < rd_word_token_count(w); j++) {
        const char *tl = rd_token_lemma(rd_word_token_at(w, j));
        if (tl && (!strcmp(tl, word) || reading_of(tl, r, word))) return 1;
      }
    }
    return 0;
  }
  for (size_t i = 0; i < rd_sentence_token_count(s); i++) {
    const rd_node *t = rd_sentence_token_at(s, i);
    const char *l = rd_token_lemma(t);
    if ((l && !strcmp(l, word)) || !strcmp(rd_node_text(NULL, t), word)) return 1;
  }
  return 0;
}

/* One file: prints its answer (with "FILE\t" before each line of a --lemma
 * answer, or a "==> FILE <==" header, when `several`); 0 found, 1 not
 * found, -1 bad input (named on stderr). The article is read through the
 * pipeline, so its sentences segment and its summaries pair as on the page;
 * only a --lemma query needs MeCab. */
static int query_one(const char *path, const char *id, const char *heading, const char *lemma, rd_pipeline *p,
                     int several) {
  rd_doc *doc;
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = lemma ? RD_STAGE_ANNOTATE | RD_STAGE_WORDS : RD_STAGE_SUMMARIES;
  if (rd_pipeline_read_file(&doc, NULL, p, path, &ro) < 0) { cli_fail(); return -1; }
  int rc = 0;
  if (lemma) {
    {
      size_t found = 0;
      rd_gloss_result *r = NULL;
      const rd_glossary *gl = rd_pipeline_glossary(p);
      if (gl && rd_glossary_lookup(&r, gl, lemma, NULL) < 0) r = NULL; /* then by the written forms only */
      for (size_t i = 0; i < rd_doc_sentence_count(doc); i++) {
        const rd_node *s = rd_doc_sentence_at(doc, i);
        if (!uses(s, lemma, r)) continue;
        const rd_node *sec = s;
        while (sec && rd_node_kind_of(sec) != RD_NODE_SECTION) sec = rd_node_parent(sec);
        const char *sid = sec ? rd_section_id(sec) : NULL, *text = rd_node_text(NULL, s);
        if (several) printf("%s\t", path);
        printf("%s\t%s\n", sid ? sid : "-", text ? text : "");
        found++;
      }
      rd_gloss_result_free(r);
      if (!found) {
        fprintf(stderr, "reader query: no sentence of %s uses '%s'\n", path, lemma);
        rc = 1;
      }
    }
  } else {
    const rd_node *sec = id ? rd_doc_section(doc, id) : rd_doc_section_by_heading(doc, heading, strlen(heading));
    if (!sec) {
      fprintf(stderr, "reader query: %s has no section %s '%s'; its sections:", path, id ? "with id" : "with heading",
              id ? id : heading);
      for (size_t i = 0; i < rd_doc_section_count(doc); i++) {
        const char *sid = rd_section_id(rd_doc_section_at(doc, i));
        fprintf(stderr, " %s", sid ? sid : "-");
      }
      fprintf(stderr, "\n");
      rc = 1;
    } else {
      if (several) printf("==> %s <==\n", path);
      if (print_section(sec) < 0) { cli_fail(); rc = -1; }
    }
  }
  rd_doc_free(doc);
  return rc;
}

int cmd_query(int argc, char **argv) {
  const char *id = NULL, *heading = NULL, *lemma = NULL;
  rd_pipeline_options po = RD_PIPELINE_OPTIONS_INIT;
  const char **files = calloc((size_t)argc, sizeof *files);
  size_t nfiles = 0;
  if (!files) { fprintf(stderr, "reader query: out of memory\n"); return CLI_INPUT; }
  enum { OPT_HEADING = CLI_OPT_COMMAND, OPT_LEMMA };
  static const struct option longopts[] = {
    {"heading", required_argument, NULL, OPT_HEADING},
    {"lemma", required_argument, NULL, OPT_LEMMA},
    CLI_PIPELINE_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = cli_getopt("query", argc, argv, ":h", longopts)) != -1) {
    if (opt == 'h') { help(); free(files); return CLI_OK; }
    if (opt == OPT_HEADING) { heading = optarg; continue; }
    if (opt == OPT_LEMMA) { lemma = optarg; continue; }
    int used = cli_pipeline_option(&po, "query", opt, optarg);
    if (used <= 0) { free(files); return used < 0 ? -used : CLI_USAGE; } /* '?': cli_getopt told why */
  }
  for (int i = optind; i < argc; i++) files[nfiles++] = argv[i];
  /* Without --heading or --lemma the last argument is the SECTION-ID. */
  if (!heading && !lemma && nfiles >= 2) id = files[--nfiles];
  if (!nfiles) { free(files); return cli_usage("query", "FILE expected"); }
  if ((id != NULL) + (heading != NULL) + (lemma != NULL) != 1) {
    free(files);
    return cli_usage("query", "give one of SECTION-ID, --heading TEXT, --lemma WORD");
  }
  rd_pipeline *p;
  int prc = cli_pipeline_new(&p, "query", &po);
  if (prc != CLI_OK) { free(files); return prc; }
  size_t matched = 0, bad = 0;
  for (size_t i = 0; i < nfiles; i++) {
    if (nfiles > 1 && matched && !lemma) printf("\n");
    int r = query_one(files[i], id, heading, lemma, p, nfiles > 1);
    matched += r == 0;
    bad += r < 0;
  }
  /* Several files: an answer from any of them is enough, but an unreadable
   * file is never passed over in silence. */
  int rc = matched && !bad ? CLI_OK : CLI_INPUT;
  rd_pipeline_free(p);
  free(files);
  /* A full disk or closed pipe must not pass for an answer. */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "reader query: cannot write standard output: %s\n", strerror(errno ? errno : EIO));
    rc = CLI_INPUT;
  }
  return rc;
}
