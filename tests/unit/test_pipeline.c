/* The pipeline on the stub analyzer: one read, defaults made once, the
 * batch (order, failures in their turn, a stop, documents left unread),
 * and the callback form. No dictionary needed. */
#include <stdio.h>
#include <string.h>

#include <reader.h>

#include "harness.h"

static rd_pipeline *stub_pipeline(unsigned threads) {
  rd_pipeline_options o = RD_PIPELINE_OPTIONS_INIT;
  o.flags = RD_PIPELINE_STUB | RD_PIPELINE_NO_GLOSSARY | RD_PIPELINE_NO_COMPOUNDS | RD_PIPELINE_NO_SUMMARIES;
  o.threads = threads;
  rd_pipeline *p = NULL;
  if (rd_pipeline_new(&p, &o) < 0) return NULL;
  return p;
}

static void pipeline__read_annotates_and_rejects_bad_options(void) {
  rd_pipeline *p = stub_pipeline(1);
  REQUIRE(p);
  rd_doc *doc;
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.format = RD_FORMAT_LINES;
  INT_EQ(rd_pipeline_read(&doc, NULL, p, "東京で見た", strlen("東京で見た"), &ro), RD_OK);
  OK(rd_doc_token_count(doc) > 0);
  rd_doc_free(doc);
  ro.stages = 0; /* parse only */
  INT_EQ(rd_pipeline_read(&doc, NULL, p, "東京で見た", strlen("東京で見た"), &ro), RD_OK);
  INT_EQ(rd_doc_token_count(doc), 0);
  rd_doc_free(doc);
  ro.version = 99;
  INT_EQ(rd_pipeline_read(&doc, NULL, p, "x", 1, &ro), RD_EINVALID);
  OK(doc == NULL);
  rd_pipeline_free(p);
  rd_pipeline_options bad = RD_PIPELINE_OPTIONS_INIT;
  bad.known = "/nonexistent/known.txt";
  OK(rd_pipeline_new(&p, &bad) < 0 && p == NULL);
}

static void pipeline__batch_keeps_input_order_on_two_threads(void) {
  rd_pipeline *p = stub_pipeline(2);
  REQUIRE(p);
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.format = RD_FORMAT_LINES;
  rd_batch *b;
  REQUIRE(rd_batch_new(&b, p, &ro) == RD_OK);
  char text[64];
  enum { N = 200 };
  for (int i = 0; i < N; i++) {
    /* Documents of very different sizes, so workers finish out of order. */
    int reps = i % 7 == 0 ? 400 : 1;
    char big[64 * 400 + 1] = "";
    for (int r = 0; r < reps; r++) strcat(big, "東京で見た。");
    snprintf(text, sizeof text, "doc %d", i);
    REQUIRE(rd_batch_add(b, big, strlen(big), text) == RD_OK);
  }
  INT_EQ(rd_batch_count(b), N);
  rd_doc *doc;
  size_t idx, k = 0;
  rd_status st;
  while ((st = rd_batch_next(&doc, NULL, &idx, b)) != RD_ITEROVER) {
    INT_EQ(st, RD_OK);
    INT_EQ(idx, k);
    snprintf(text, sizeof text, "doc %zu", k);
    STR_EQ(rd_doc_name(doc), text);
    OK(rd_doc_token_count(doc) > 0);
    rd_doc_free(doc);
    k++;
  }
  INT_EQ(k, N);
  INT_EQ(rd_batch_add(b, "x", 1, NULL), RD_EINVALID); /* started: no more inputs */
  rd_batch_free(b);
  rd_pipeline_free(p);
}

/* On one thread the caller reads every input itself; on two or three it
 * reads beside the workers: failures keep their turn and message either way. */
static void batch_bad_input_on(unsigned threads) {
  rd_pipeline *p = stub_pipeline(threads);
  REQUIRE(p);
  rd_batch *b;
  REQUIRE(rd_batch_new(&b, p, NULL) == RD_OK);
  rd_batch_add(b, "一つ目", strlen("一つ目"), "one");
  rd_batch_add_file(b, "/nonexistent/article.txt");
  rd_batch_add(b, "bad \xff utf-8", 11, "three");
  rd_batch_add(b, "四つ目", strlen("四つ目"), "four");
  rd_doc *doc;
  size_t idx;
  INT_EQ(rd_batch_next(&doc, NULL, &idx, b), RD_OK);
  rd_doc_free(doc);
  OK(rd_batch_next(&doc, NULL, &idx, b) < 0 && doc == NULL && idx == 1);
  OK(strstr(rd_error_last()->message, "/nonexistent/article.txt") != NULL);
  INT_EQ(rd_batch_next(&doc, NULL, &idx, b), RD_EENCODING);
  OK(strstr(rd_error_last()->message, "three") != NULL);
  INT_EQ(rd_batch_next(&doc, NULL, &idx, b), RD_OK);
  STR_EQ(rd_doc_name(doc), "four");
  rd_doc_free(doc);
  INT_EQ(rd_batch_next(&doc, NULL, &idx, b), RD_ITEROVER);
  rd_batch_free(b);
  rd_pipeline_free(p);
}

static void pipeline__batch_reports_a_bad_input_in_its_turn(void) {
  for (unsigned t = 1; t <= 3; t++) batch_bad_input_on(t);
}

static void batch_freed_early_on(unsigned threads) {
  rd_pipeline *p = stub_pipeline(threads);
  REQUIRE(p);
  rd_batch *b;
  REQUIRE(rd_batch_new(&b, p, NULL) == RD_OK);
  for (int i = 0; i < 50; i++) rd_batch_add(b, "東京で見た。", strlen("東京で見た。"), NULL);
  rd_doc *doc;
  INT_EQ(rd_batch_next(&doc, NULL, NULL, b), RD_OK);
  rd_doc_free(doc);
  rd_batch_free(b); /* workers stopped, read-ahead documents freed (LeakSanitizer checks) */
  rd_batch_free(NULL);
  rd_pipeline_free(p);
}

static void pipeline__batch_freed_early_frees_what_was_not_taken(void) {
  for (unsigned t = 1; t <= 2; t++) batch_freed_early_on(t);
}

typedef struct seen { size_t n, last; int stop_at; } seen;
static int count_docs(rd_doc *doc, rd_pairing *rep, size_t i, rd_status st, void *payload) {
  seen *s = payload;
  if (st == RD_OK && (s->n == 0 || i == s->last + 1)) s->n++;
  s->last = i;
  rd_doc_free(doc);
  rd_pairing_free(rep);
  return s->stop_at >= 0 && (int)i == s->stop_at;
}

static void pipeline__read_batch_callback_in_order_and_stop(void) {
  rd_pipeline *p = stub_pipeline(2);
  REQUIRE(p);
  rd_batch_input in[10];
  for (int i = 0; i < 10; i++) in[i] = (rd_batch_input){NULL, "猫が見た", strlen("猫が見た"), NULL};
  seen s = {0, 0, -1};
  INT_EQ(rd_pipeline_read_batch(p, in, 10, NULL, count_docs, &s), RD_OK);
  INT_EQ(s.n, 10);
  seen t = {0, 0, 3};
  INT_EQ(rd_pipeline_read_batch(p, in, 10, NULL, count_docs, &t), RD_ERROR);
  INT_EQ(t.n, 4);
  rd_pipeline_free(p);
}

/* The pipeline's write options carry its threading: a big document's text
 * views on two threads unless the pipeline is kept to one. */
static void pipeline__write_options_follow_the_threads(void) {
  static const struct { unsigned threads; int flag; } cases[] = {{0, 1}, {2, 1}, {1, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    rd_pipeline *p = stub_pipeline(cases[i].threads);
    REQUIRE(p);
    rd_write_options wo;
    rd_pipeline_write_options(&wo, p);
    INT_EQ((wo.flags & RD_WRITE_THREADS) != 0, cases[i].flag);
    rd_pipeline_free(p);
  }
}

T_MAIN({"pipeline__write_options_follow_the_threads", pipeline__write_options_follow_the_threads},
       {"pipeline__read_annotates_and_rejects_bad_options", pipeline__read_annotates_and_rejects_bad_options},
       {"pipeline__batch_keeps_input_order_on_two_threads", pipeline__batch_keeps_input_order_on_two_threads},
       {"pipeline__batch_reports_a_bad_input_in_its_turn", pipeline__batch_reports_a_bad_input_in_its_turn},
       {"pipeline__batch_freed_early_frees_what_was_not_taken", pipeline__batch_freed_early_frees_what_was_not_taken},
       {"pipeline__read_batch_callback_in_order_and_stop", pipeline__read_batch_callback_in_order_and_stop})
