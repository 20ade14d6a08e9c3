/* One document shared by threads (issue 16, item 1): two threads
 * re-annotate it while others render it, walk its tokens, rebuild its
 * words and set summaries. Every output equals the single-threaded one
 * (a reader sees the state before or after a mutation, never a mix), and
 * a token walk started before a re-annotation neither mixes arrays nor
 * ends early. Also built under ThreadSanitizer by tools/check.sh.
 * READER_STRESS_SCALE=N multiplies the rounds. */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <string.h>

#include <reader.h>

#include "harness.h"

static rd_analyzer *an;
static rd_doc *doc;
/* [0]: section 1 without a summary, [1]: with the mutator's "x" */
static char *ref_html[2], *ref_xml[2];
static size_t ref_html_len[2], ref_xml_len[2], ref_ntok;
static size_t rounds = 12;
static _Atomic int bad_render, bad_walk, bad_status;

static void setup(void) {
  const char *s = getenv("READER_STRESS_SCALE");
  if (s && atoi(s) > 0) rounds *= (size_t)atoi(s);
  if (rd_analyzer_new(&an, NULL) < 0) {
    rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
    o.flags = RD_ANALYZER_STUB;
    printf("note: %s; using the stub analyzer\n", rd_error_last()->message);
    rd_error_clear();
    REQUIRE(rd_analyzer_new(&an, &o) == RD_OK);
  }
  size_t len;
  char *text = t_slurp("corpus/dmm-bitcoin-2024/article.ja.txt", &len);
  REQUIRE(text);
  REQUIRE(rd_doc_parse(&doc, text, len, NULL) == RD_OK);
  free(text);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  for (int k = 0; k < 2; k++) {
    REQUIRE(rd_node_set_summary(rd_doc_section(doc, "1"), k ? "x" : NULL, k) == RD_OK);
    REQUIRE(rd_doc_to_html(&ref_html[k], &ref_html_len[k], doc, NULL) == RD_OK);
    REQUIRE(rd_doc_to_xml(&ref_xml[k], &ref_xml_len[k], doc, NULL) == RD_OK);
  }
  REQUIRE(rd_node_set_summary(rd_doc_section(doc, "1"), NULL, 0) == RD_OK);
  ref_ntok = rd_doc_token_count(doc);
  OK(ref_ntok > 1000);
}

static void *annotator(void *arg) {
  (void)arg;
  for (size_t i = 0; i < rounds; i++)
    if (rd_doc_annotate(doc, an, NULL) < 0) bad_status++;
  return NULL;
}

static void *renderer(void *arg) {
  (void)arg;
  for (size_t i = 0; i < rounds; i++) {
    char *h = NULL, *x = NULL;
    size_t hl = 0, xl = 0;
    if (rd_doc_to_html(&h, &hl, doc, NULL) < 0 || rd_doc_to_xml(&x, &xl, doc, NULL) < 0) bad_status++;
    else {
      /* each call sees one state; the two calls may see different ones */
      int okh = 0, okx = 0;
      for (int k = 0; k < 2; k++) {
        okh |= hl == ref_html_len[k] && !memcmp(h, ref_html[k], hl);
        okx |= xl == ref_xml_len[k] && !memcmp(x, ref_xml[k], xl);
      }
      if (!okh || !okx) bad_render++;
    }
    rd_free(h);
    rd_free(x);
  }
  return NULL;
}

/* Walk with rd_token_next: the same number of tokens every time, each
 * one's text the source bytes of its span, indexes consecutive. */
static void *walker(void *arg) {
  (void)arg;
  size_t srclen;
  const char *src = rd_doc_source(&srclen, doc);
  for (size_t i = 0; i < rounds * 4; i++) {
    size_t n = 0;
    for (const rd_node *t = rd_doc_token_at(doc, 0); t; t = rd_token_next(t), n++) {
      size_t a, b, len;
      rd_node_span(&a, &b, t);
      const char *s = rd_node_text(&len, t);
      if (rd_token_index(t) != n || b < a || b > srclen || len != b - a || memcmp(s, src + a, len)) { bad_walk++; break; }
    }
    if (n != ref_ntok) bad_walk++;
  }
  return NULL;
}

static void *mutator(void *arg) {
  (void)arg;
  rd_node *sec = rd_doc_section(doc, "1");
  for (size_t i = 0; i < rounds; i++) {
    if (sec && (rd_node_set_summary(sec, "x", 1) < 0 || rd_node_set_summary(sec, NULL, 0) < 0)) bad_status++;
  }
  return NULL;
}

static void threads__one_document_shared_by_six_threads(void) {
  REQUIRE(doc);
  void *(*fns[])(void *) = {annotator, annotator, renderer, walker, walker, mutator};
  pthread_t th[6];
  for (size_t i = 0; i < 6; i++) REQUIRE(pthread_create(&th[i], NULL, fns[i], NULL) == 0);
  for (size_t i = 0; i < 6; i++) pthread_join(th[i], NULL);
  INT_EQ(bad_status, 0);
  INT_EQ(bad_render, 0);
  INT_EQ(bad_walk, 0);
  INT_EQ(rd_doc_token_count(doc), ref_ntok);
}

/* Words rebuilt while the tokens are replaced: each build sees one
 * token array (the words then count as fresh or stale, never torn). */
static void *worder(void *arg) {
  (void)arg;
  for (size_t i = 0; i < rounds; i++) {
    if (rd_doc_words(doc, NULL, NULL) < 0) bad_status++;
    size_t n = rd_doc_word_count(doc);
    for (size_t j = 0; j < n; j++) {
      const rd_word *w = rd_doc_word_at(doc, j);
      if (w && (!rd_word_surface(w) || !rd_word_token_count(w))) { bad_walk++; break; }
    }
  }
  return NULL;
}

static void threads__words_while_annotating(void) {
  REQUIRE(doc);
  pthread_t a, w;
  REQUIRE(pthread_create(&a, NULL, annotator, NULL) == 0);
  REQUIRE(pthread_create(&w, NULL, worder, NULL) == 0);
  pthread_join(a, NULL);
  pthread_join(w, NULL);
  INT_EQ(bad_status, 0);
  INT_EQ(bad_walk, 0);
}

/* A walk held across a re-annotation stays on its array. */
static void threads__walk_pins_its_array(void) {
  REQUIRE(doc);
  const rd_node *t = rd_doc_token_at(doc, 0);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  OK(t != rd_doc_token_at(doc, 0));
  size_t n = 0;
  for (; t; t = rd_token_next(t)) n++;
  INT_EQ(n, ref_ntok);
  OK(rd_token_next(NULL) == NULL);
  OK(rd_token_next(rd_doc_root(doc)) == NULL);
}

static void teardown(void) {
  for (int k = 0; k < 2; k++) { rd_free(ref_html[k]); rd_free(ref_xml[k]); }
  rd_doc_free(doc);
  rd_analyzer_free(an);
}
static void run_setup(void) { setup(); }
static void run_teardown(void) { teardown(); }

T_MAIN(T(run_setup), T(threads__one_document_shared_by_six_threads), T(threads__words_while_annotating),
       T(threads__walk_pins_its_array), T(run_teardown))
