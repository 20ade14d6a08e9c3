/* Summaries: the file format and schema, pairing on the corpus article
 * (everything paired), id and heading fallbacks, the report, setting from
 * code, and every kind of bad input refused with file and line and with
 * nothing half attached. */
#include <reader.h>

#include <pthread.h>

#include "model.h"
#include "harness.h"

#define ARTICLE READER_SOURCE_DIR "/corpus/dmm-bitcoin-2024/article.ja.txt"
#define SUMMARIES READER_SOURCE_DIR "/corpus/dmm-bitcoin-2024/summaries.en.xml"
#define CORPUS_EN READER_SOURCE_DIR "/corpus/dmm-bitcoin-2024/summaries.en.xml"
#define DATA READER_SOURCE_DIR "/tests/data/summaries/"

static rd_doc *article(void) {
  rd_doc *doc = NULL;
  if (rd_doc_parse_file(&doc, ARTICLE, NULL) != RD_OK)
    fprintf(stderr, "  cannot parse %s: %s\n", ARTICLE, rd_error_last()->message);
  return doc;
}

static const char *sum(rd_doc *doc, const char *id) { return rd_node_summary(rd_doc_section(doc, id)); }

static void summaries__corpus_pairs_every_section(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  REQUIRE(rd_doc_section_count(doc) == 13);
  rd_pairing *rep = NULL;
  INT_EQ(rd_doc_load_summaries_file(&rep, doc, CORPUS_EN, NULL), RD_OK);
  REQUIRE(rep);
  INT_EQ(rd_pairing_item_count(rep), 0); /* nothing unpaired, duplicated or mismatched */
  INT_EQ(rd_pairing_paired_count(rep), 16); /* title, lead, 13 sections, the question */
  for (size_t i = 0; i < rd_doc_section_count(doc); i++) {
    const rd_node *s = rd_doc_section_at(doc, i);
    const char *en = rd_node_summary(s);
    if (!en || strlen(en) < 40) FAILF("section %s has no real summary", rd_section_id(s));
  }
  OK(strstr(rd_node_summary(rd_doc_title(doc)), "48.2 billion yen") != NULL);
  OK(strstr(rd_node_summary(rd_doc_lead(doc)), "TraderTraitor") != NULL);
  OK(strstr(sum(doc, "1.1"), "2 December 2024") != NULL);
  OK(strstr(sum(doc, "1.2"), "Lazarus") != NULL);
  OK(strstr(sum(doc, "3.1"), "SBI VC Trade") != NULL);
  OK(strstr(sum(doc, "4.1"), "3 billion dollars") != NULL);
  OK(rd_section_is_synthesized(rd_doc_section(doc, "4")) && sum(doc, "4"));
  OK(strstr(sum(doc, "afterword"), "440 billion yen") != NULL);
  const rd_node *q = rd_section_question(rd_doc_section(doc, "afterword"));
  REQUIRE(q);
  OK(strstr(rd_node_summary(q), "crime") != NULL);
  /* white space from line wrapping is collapsed, ends trimmed */
  OK(!strstr(sum(doc, "1.1"), "  ") && sum(doc, "1.1")[0] != ' ');
  rd_pairing_free(rep);
  rd_doc_free(doc);
}

static void summaries__id_then_heading_fallbacks_and_report(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  rd_pairing *rep = NULL;
  INT_EQ(rd_doc_load_summaries_file(&rep, doc, DATA "good.xml", NULL), RD_OK);
  REQUIRE(rep);
  STR_EQ(sum(doc, "1"), "Overview.");
  STR_EQ(sum(doc, "1.1"), "Details of the leak.");
  /* unknown id 9.9, heading "２．  犯行の 手口" normalises to section 2's */
  STR_EQ(sum(doc, "2"), "How it was done.");
  /* heading only */
  STR_EQ(sum(doc, "afterword"), "Afterword answer.");
  STR_EQ(rd_node_summary(rd_doc_lead(doc)), "Lead in English.");
  INT_EQ(rd_pairing_paired_count(rep), 7);
  INT_EQ(rd_pairing_count_kind(rep, RD_PAIRING_BY_HEADING), 1);
  INT_EQ(rd_pairing_count_kind(rep, RD_PAIRING_SUMMARY_UNPAIRED), 0);
  /* 1.2, 2.1, 2.2, 3, 3.1, 3.2, 4, 4.1, 4.2 */
  INT_EQ(rd_pairing_count_kind(rep, RD_PAIRING_NODE_UNPAIRED), 9);
  const rd_pairing_item *by = NULL, *first_unpaired = NULL;
  for (size_t i = 0; i < rd_pairing_item_count(rep); i++) {
    const rd_pairing_item *it = rd_pairing_item_at(rep, i);
    if (it->kind == RD_PAIRING_BY_HEADING) by = it;
    if (it->kind == RD_PAIRING_NODE_UNPAIRED && !first_unpaired) first_unpaired = it;
  }
  REQUIRE(by && first_unpaired);
  STR_EQ(by->section_id, "9.9");
  INT_EQ(by->line, 9);
  OK(by->node == rd_doc_section(doc, "2"));
  STR_EQ(first_unpaired->section_id, "1.2");
  OK(first_unpaired->node == rd_doc_section(doc, "1.2"));
  STR_EQ(first_unpaired->message, "section 1.2 (ハッカー集団「トレーダートレーター」の特定) has no summary");
  OK(rd_pairing_item_at(rep, 999) == NULL);
  rd_pairing_free(rep);
  rd_doc_free(doc);
}

static void summaries__heading_mismatch_is_reported_but_paired_by_id(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  const char *xml = "<summaries lang='en'>\n<summary section='1.1' heading='犯行の手口'>X.</summary>\n</summaries>";
  rd_pairing *rep;
  INT_EQ(rd_doc_load_summaries(&rep, doc, xml, strlen(xml), NULL), RD_OK);
  STR_EQ(sum(doc, "1.1"), "X.");
  INT_EQ(rd_pairing_count_kind(rep, RD_PAIRING_HEADING_MISMATCH), 1);
  const rd_pairing_item *it = rd_pairing_item_at(rep, 0);
  REQUIRE(it && it->kind == RD_PAIRING_HEADING_MISMATCH);
  INT_EQ(it->line, 2);
  rd_pairing_free(rep);
  rd_doc_free(doc);
}

/* Every bad file: code, "file:line:" in the message, the summaries already
 * attached untouched. */
static void expect_refused(const char *file, rd_status code, int line, const char *words) {
  rd_doc *doc = article();
  REQUIRE(doc);
  REQUIRE(rd_doc_load_summaries_file(NULL, doc, CORPUS_EN, NULL) == RD_OK);
  char before1[600], before11[600];
  snprintf(before1, sizeof before1, "%s", sum(doc, "1"));
  snprintf(before11, sizeof before11, "%s", sum(doc, "1.1"));
  char path[512], where[600];
  snprintf(path, sizeof path, DATA "%s", file);
  rd_pairing *rep = (rd_pairing *)1;
  rd_status st = rd_doc_load_summaries_file(&rep, doc, path, NULL);
  if (st != code) FAILF("%s: status %d, expected %d (%s)", file, st, code, rd_error_last()->message);
  OK(rep == NULL);
  snprintf(where, sizeof where, "%s:%d: ", path, line);
  const char *msg = rd_error_last()->message;
  if (strncmp(msg, where, strlen(where))) FAILF("%s: message '%s' does not start with '%s'", file, msg, where);
  if (!strstr(msg, words)) FAILF("%s: message '%s' lacks '%s'", file, msg, words);
  INT_EQ(rd_error_last()->line, line);
  STR_EQ(sum(doc, "1"), before1);
  STR_EQ(sum(doc, "1.1"), before11);
  OK(rd_node_summary(rd_doc_title(doc)) != NULL);
  rd_doc_free(doc);
}

static void summaries__malformed_xml_refused(void) { expect_refused("malformed.xml", RD_EXML, 5, "malformed XML"); }
static void summaries__schema_violation_refused(void) {
  expect_refused("schema.xml", RD_EXML, 4, "does not match the summaries schema");
}
static void summaries__unknown_section_id_refused(void) {
  expect_refused("unknown_id.xml", RD_ENOTFOUND, 4, "section '7.3' matches no section");
}
static void summaries__duplicate_id_refused(void) {
  expect_refused("duplicate.xml", RD_EINVALID, 5, "second summary for section 1 (first at line 3)");
}
static void summaries__declared_shift_jis_refused(void) {
  expect_refused("shift_jis.xml", RD_EENCODING, 1, "declared encoding 'Shift_JIS'");
}
static void summaries__undeclared_euc_jp_refused(void) {
  expect_refused("euc_jp_undeclared.xml", RD_EENCODING, 3, "not UTF-8");
}
static void summaries__utf16_refused(void) { expect_refused("utf16.xml", RD_EENCODING, 1, "must be UTF-8"); }
static void summaries__external_entity_refused(void) {
  expect_refused("xxe.xml", RD_EXML, 3, "entity 'xxe'");
}
static void summaries__undeclared_entity_refused(void) {
  expect_refused("xxe_undeclared.xml", RD_EXML, 3, "entity 'xxe' is not defined");
}
static void summaries__external_dtd_refused(void) {
  expect_refused("external_dtd.xml", RD_EXML, 2, "external DTD");
}
/* Refused at the declaration, so nothing is ever expanded (speed is for
 * bench/, not for a timed assertion here). */
static void summaries__entity_bomb_refused_before_expansion(void) {
  expect_refused("bomb.xml", RD_EXML, 3, "entity declarations are refused");
}

static void summaries__unknown_options_version_refused(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  rd_summaries_options o = RD_SUMMARIES_OPTIONS_INIT;
  o.version = 99;
  INT_EQ(rd_doc_load_summaries_file(NULL, doc, SUMMARIES, &o), RD_EINVALID);
  OK(strstr(rd_error_last()->message, "rd_summaries_options: unsupported version 99") != NULL);
  INT_EQ(rd_doc_load_summaries(NULL, doc, "<x/>", 4, &o), RD_EINVALID);
  OK(sum(doc, "1") == NULL);
  rd_doc_free(doc);
}

static void summaries__directory_instead_of_file_says_so(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  INT_EQ(rd_doc_load_summaries_file(NULL, doc, DATA, NULL), RD_EIO);
  OK(strstr(rd_error_last()->message, "cannot read: Is a directory") != NULL);
  rd_doc_free(doc);
}

static void summaries__missing_file_is_eio(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  INT_EQ(rd_doc_load_summaries_file(NULL, doc, DATA "no-such-file.xml", NULL), RD_EIO);
  OK(strstr(rd_error_last()->message, "no-such-file.xml") != NULL);
  rd_doc_free(doc);
}

static void summaries__lenient_attaches_what_pairs(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  rd_summaries_options o = RD_SUMMARIES_OPTIONS_INIT;
  o.flags = RD_SUMMARIES_LENIENT;
  rd_pairing *rep;
  INT_EQ(rd_doc_load_summaries_file(&rep, doc, DATA "unknown_id.xml", &o), RD_OK);
  STR_EQ(sum(doc, "1"), "Overview.");
  INT_EQ(rd_pairing_count_kind(rep, RD_PAIRING_SUMMARY_UNPAIRED), 1);
  const rd_pairing_item *it = NULL;
  for (size_t i = 0; i < rd_pairing_item_count(rep); i++)
    if (rd_pairing_item_at(rep, i)->kind == RD_PAIRING_SUMMARY_UNPAIRED) it = rd_pairing_item_at(rep, i);
  REQUIRE(it);
  STR_EQ(it->section_id, "7.3");
  INT_EQ(it->line, 4);
  OK(it->node == NULL);
  rd_pairing_free(rep);

  INT_EQ(rd_doc_load_summaries_file(&rep, doc, DATA "duplicate.xml", &o), RD_OK);
  STR_EQ(sum(doc, "1"), "Overview."); /* the first one wins */
  INT_EQ(rd_pairing_count_kind(rep, RD_PAIRING_DUPLICATE), 1);
  rd_pairing_free(rep);
  /* hostile input stays refused in lenient mode */
  INT_EQ(rd_doc_load_summaries_file(&rep, doc, DATA "xxe.xml", &o), RD_EXML);
  rd_doc_free(doc);
}

static void summaries__set_from_code_and_keep_flag(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  rd_node *s32 = rd_doc_section(doc, "3.2");
  REQUIRE(s32);
  INT_EQ(rd_node_set_summary(s32, "Set from code, cut here", 14), RD_OK);
  STR_EQ(rd_node_summary(s32), "Set from code,");
  INT_EQ(rd_node_set_summary(rd_doc_title(doc), "T", 1), RD_OK);
  STR_EQ(rd_node_summary(rd_doc_title(doc)), "T");
  INT_EQ(rd_node_set_summary(rd_doc_sentence_at(doc, 0), "x", 1), RD_EINVALID);
  INT_EQ(rd_node_set_summary(NULL, "x", 1), RD_EINVALID);
  INT_EQ(rd_node_set_summary(s32, "\xff", 1), RD_EENCODING);
  STR_EQ(rd_node_summary(s32), "Set from code,");
  OK(rd_node_summary(rd_doc_sentence_at(doc, 0)) == NULL);

  /* KEEP: what the file does not cover stays */
  rd_summaries_options o = RD_SUMMARIES_OPTIONS_INIT;
  o.flags = RD_SUMMARIES_KEEP;
  rd_pairing *rep;
  INT_EQ(rd_doc_load_summaries_file(&rep, doc, DATA "good.xml", &o), RD_OK);
  STR_EQ(rd_node_summary(s32), "Set from code,");
  /* a node kept from code is not reported as unpaired */
  for (size_t i = 0; i < rd_pairing_item_count(rep); i++)
    OK(rd_pairing_item_at(rep, i)->node != s32);
  rd_pairing_free(rep);
  /* default: loading replaces every summary */
  INT_EQ(rd_doc_load_summaries_file(NULL, doc, DATA "good.xml", NULL), RD_OK);
  OK(rd_node_summary(s32) == NULL);
  INT_EQ(rd_node_set_summary(s32, NULL, 0), RD_OK);
  rd_doc_free(doc);
}

static void summaries__schema_is_embedded_and_matches_file(void) {
  size_t len;
  char *file = t_slurp("schemas/summaries.rng", &len);
  REQUIRE(file);
  STR_EQ(rd_summaries_schema(), file);
  free(file);
}

static void summaries__memory_load_names_input(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  const char *xml = "<summaries lang='en'><summary section='1'>x</summary>";
  INT_EQ(rd_doc_load_summaries(NULL, doc, xml, strlen(xml), NULL), RD_EXML);
  OK(strncmp(rd_error_last()->message, "<summaries>:1: ", 15) == 0);
  rd_summaries_options o = RD_SUMMARIES_OPTIONS_INIT;
  o.name = "mine.xml";
  INT_EQ(rd_doc_load_summaries(NULL, doc, xml, strlen(xml), &o), RD_EXML);
  OK(strncmp(rd_error_last()->message, "mine.xml:1: ", 12) == 0);
  INT_EQ(rd_doc_load_summaries(NULL, doc, "", 0, NULL), RD_EXML);
  rd_doc_free(doc);
}

/* Errors are per parse context and per thread: concurrent loads of good
 * and hostile files each see their own result. */
static void *load_many(void *arg) {
  const char *file = arg;
  rd_doc *doc = article();
  long bad = 0;
  for (int i = 0; doc && i < 20; i++) {
    rd_status st = rd_doc_load_summaries_file(NULL, doc, file, NULL);
    if (strstr(file, "bomb")) bad += st != RD_EXML || !strstr(rd_error_last()->message, "bomb.xml:3:");
    else bad += st != RD_OK;
  }
  rd_doc_free(doc);
  return (void *)bad;
}

static void summaries__concurrent_loads_keep_their_errors(void) {
  pthread_t th[4];
  const char *files[4] = {CORPUS_EN, DATA "bomb.xml", CORPUS_EN, DATA "bomb.xml"};
  for (int i = 0; i < 4; i++) pthread_create(&th[i], NULL, load_many, (void *)files[i]);
  for (int i = 0; i < 4; i++) {
    void *r;
    pthread_join(th[i], &r);
    INT_EQ((long)r, 0);
  }
}

/* A parallel English article (issue 17): the bundled article pairs with
 * the Markdown version of its summaries, every section, with the same
 * text as the XML. */
static void summaries__parallel_markdown_pairs_every_section(void) {
  rd_doc *doc = article(), *ref = article();
  REQUIRE(doc && ref);
  REQUIRE(rd_doc_load_summaries_file(NULL, ref, CORPUS_EN, NULL) == RD_OK);
  rd_pairing *rep = NULL;
  INT_EQ(rd_doc_load_summaries_file(&rep, doc, READER_SOURCE_DIR "/corpus/dmm-bitcoin-2024/summaries.en.md", NULL), RD_OK);
  REQUIRE(rep);
  INT_EQ(rd_pairing_item_count(rep), 0);
  INT_EQ(rd_pairing_paired_count(rep), 16);
  for (size_t i = 0; i < rd_doc_section_count(doc); i++)
    STR_EQ(rd_node_summary(rd_doc_section_at(doc, i)), rd_node_summary(rd_doc_section_at(ref, i)));
  STR_EQ(rd_node_summary(rd_doc_title(doc)), rd_node_summary(rd_doc_title(ref)));
  STR_EQ(rd_node_summary(rd_doc_lead(doc)), rd_node_summary(rd_doc_lead(ref)));
  const rd_node *aw = rd_doc_section(doc, "afterword");
  STR_EQ(rd_node_summary(rd_section_question(aw)), rd_node_summary(rd_section_question(rd_doc_section(ref, "afterword"))));
  rd_pairing_free(rep);
  rd_doc_free(doc);
  rd_doc_free(ref);
}

/* Plain text and TSV sources, the same report of what stayed unpaired. */
static void summaries__parallel_text_and_tsv(void) {
  rd_doc *doc = article();
  REQUIRE(doc);
  const char *txt = "English title\n\n1. The first part.\n\nText of one.\n\n1.2 Two\n\nText of one point two.\n";
  rd_summaries_options o = RD_SUMMARIES_OPTIONS_INIT;
  o.name = "en.txt";
  rd_pairing *rep = NULL;
  INT_EQ(rd_doc_load_summaries(&rep, doc, txt, strlen(txt), &o), RD_OK);
  REQUIRE(rep);
  STR_EQ(rd_node_summary(rd_doc_title(doc)), "English title");
  STR_EQ(sum(doc, "1"), "Text of one.");
  STR_EQ(sum(doc, "1.2"), "Text of one point two.");
  OK(sum(doc, "1.1") == NULL);
  INT_EQ(rd_pairing_paired_count(rep), 3);
  OK(rd_pairing_count_kind(rep, RD_PAIRING_NODE_UNPAIRED) > 0); /* the rest is reported */
  rd_pairing_free(rep);
  INT_EQ(rd_doc_load_summaries_file(&rep, doc, DATA "parallel.tsv", NULL), RD_OK);
  REQUIRE(rep);
  STR_EQ(sum(doc, "1.1"), "Section one point one.");
  STR_EQ(sum(doc, "afterword"), "The afterword.");
  STR_EQ(rd_node_summary(rd_section_question(rd_doc_section(doc, "afterword"))), "Is it?");
  INT_EQ(rd_pairing_paired_count(rep), 5);
  rd_pairing_free(rep);
  rd_doc_free(doc);
}

static void summaries__bad_tsv_id_refused(void) {
  expect_refused("bad_id.tsv", RD_EXML, 3, "'chapter 9' is not a section id");
}
static void summaries__parallel_duplicate_refused(void) {
  expect_refused("duplicate.en.md", RD_EINVALID, 7, "second summary for section 1 (first at line 3)");
}

/* Pairing by heading goes through one index per pairing (issue 16, item
 * 11); it keeps rd_doc_section_by_heading's choices: the first section of
 * a repeated heading, headings matched after normalisation. */
static void summaries__heading_index_keeps_first_section_and_normalises(void) {
  const char *text = "題\n\n## 同じ見出し\n一。\n\n## 同じ見出し\n二。\n\n## ＡＢＣ 見出し\n三。\n";
  rd_parse_options po = RD_PARSE_OPTIONS_INIT;
  po.format = RD_FORMAT_TEXT;
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, text, strlen(text), &po) == RD_OK);
  REQUIRE(rd_doc_section_count(doc) == 3);
  OK(rd_doc_section_by_heading(doc, "同じ見出し", strlen("同じ見出し")) == rd_doc_section_at(doc, 0));
  OK(rd_doc_section_by_heading(doc, "ABC見出し", strlen("ABC見出し")) == rd_doc_section_at(doc, 2));
  OK(rd_doc_section_by_heading(doc, "無い", strlen("無い")) == NULL);
  const char *xml = "<summaries lang=\"en\"><summary heading=\"ABC 見出し\">Three.</summary>"
                    "<summary heading=\"同じ 見出し\">One.</summary></summaries>";
  rd_pairing *rep;
  REQUIRE(rd_doc_load_summaries(&rep, doc, xml, strlen(xml), NULL) == RD_OK);
  INT_EQ(rd_pairing_paired_count(rep), 2);
  STR_EQ(rd_node_summary(rd_doc_section_at(doc, 0)), "One.");
  OK(rd_node_summary(rd_doc_section_at(doc, 1)) == NULL);
  STR_EQ(rd_node_summary(rd_doc_section_at(doc, 2)), "Three.");
  rd_pairing_free(rep);
  rd_doc_free(doc);
}

T_MAIN(T(summaries__corpus_pairs_every_section), T(summaries__parallel_markdown_pairs_every_section),
       T(summaries__parallel_text_and_tsv), T(summaries__bad_tsv_id_refused), T(summaries__parallel_duplicate_refused), T(summaries__id_then_heading_fallbacks_and_report),
       T(summaries__heading_mismatch_is_reported_but_paired_by_id), T(summaries__malformed_xml_refused),
       T(summaries__schema_violation_refused), T(summaries__unknown_section_id_refused),
       T(summaries__duplicate_id_refused), T(summaries__declared_shift_jis_refused),
       T(summaries__undeclared_euc_jp_refused), T(summaries__utf16_refused), T(summaries__external_entity_refused),
       T(summaries__undeclared_entity_refused), T(summaries__external_dtd_refused),
       T(summaries__entity_bomb_refused_before_expansion),
       T(summaries__unknown_options_version_refused), T(summaries__directory_instead_of_file_says_so), T(summaries__missing_file_is_eio),
       T(summaries__lenient_attaches_what_pairs), T(summaries__set_from_code_and_keep_flag),
       T(summaries__schema_is_embedded_and_matches_file), T(summaries__memory_load_names_input),
       T(summaries__concurrent_loads_keep_their_errors), T(summaries__heading_index_keeps_first_section_and_normalises))
