/* Bad and hostile input for the text reader: encoding errors are reported
 * with byte and line, odd but valid input parses, and big inputs complete.
 * Linear time is guarded by size, not by a timed assertion (timings are
 * noisy here): at these sizes a quadratic path would blow the ctest
 * TIMEOUT. The n / 2n times are printed for people; bench/ measures. */
#define _POSIX_C_SOURCE 200809L
#include <time.h>

#include <reader.h>

#include "model.h"
#include "harness.h"

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static rd_status parse(rd_doc **doc, const char *s, size_t len) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  o.name = "in.txt";
  return rd_doc_parse(doc, s, len, &o);
}

/* A growable test buffer. */
typedef struct tbuf { char *p; size_t n, cap; } tbuf;
static void put(tbuf *b, const char *s, size_t len) {
  if (b->n + len + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (b->n + len + 1 > cap) cap *= 2;
    b->p = realloc(b->p, cap);
    b->cap = cap;
  }
  memcpy(b->p + b->n, s, len);
  b->n += len;
  b->p[b->n] = '\0';
}
static void puts_(tbuf *b, const char *s) { put(b, s, strlen(s)); }

static void pathological__invalid_utf8_names_byte_and_line(void) {
  static const struct { const char *in; size_t len; long long off, line; } cases[] = {
    {"題\n本文\n\xC3\x28", 13, 11, 3},       /* bad continuation */
    {"題\n\xE3\x81", 6, 4, 2},               /* truncated at the end */
    {"\xC0\xAF", 2, 0, 1},                    /* overlong */
    {"ab\n\xED\xA0\x80", 6, 3, 2},           /* surrogate */
    {"\xEF\xBB\xBF\n\n\xF5\x80\x80\x80", 9, 5, 3}, /* beyond U+10FFFF, after a BOM */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    rd_doc *doc = (rd_doc *)1;
    INT_EQ(parse(&doc, cases[i].in, cases[i].len), RD_EENCODING);
    OK(doc == NULL);
    INT_EQ(rd_error_last()->offset, cases[i].off);
    INT_EQ(rd_error_last()->line, cases[i].line);
    char want[128];
    snprintf(want, sizeof want, "in.txt: invalid UTF-8 at byte %lld (line %lld)", cases[i].off, cases[i].line);
    STR_EQ(rd_error_last()->message, want);
  }
}

static void pathological__nul_byte_rejected(void) {
  rd_doc *doc = (rd_doc *)1;
  INT_EQ(parse(&doc, "題\n本\0文", 9), RD_EENCODING);
  OK(doc == NULL);
  STR_EQ(rd_error_last()->message, "in.txt: NUL byte at byte 7 (line 2)");
}

static void pathological__empty_crlf_bom_lone_cr(void) {
  rd_doc *doc;
  REQUIRE(parse(&doc, "", 0) == RD_OK);
  INT_EQ(rd_node_child_count(rd_doc_root(doc)), 0);
  INT_EQ(rd_doc_warning_count(doc), 0);
  rd_doc_free(doc);
  const char *crlf = "\xEF\xBB\xBF題名\r\n本文です。\r\n\r\n次の段落。\r\n";
  REQUIRE(parse(&doc, crlf, strlen(crlf)) == RD_OK);
  STR_EQ(rd_node_text(NULL, rd_doc_title(doc)), "題名");
  STR_EQ(rd_node_text(NULL, rd_doc_lead(doc)), "本文です。");
  INT_EQ(rd_section_paragraph_count(rd_doc_root(doc)), 2);
  INT_EQ(rd_node_line(rd_section_paragraph_at(rd_doc_root(doc), 1)), 4);
  rd_doc_free(doc);
  /* A lone CR is not a line break; it stays inside the text. */
  const char *cr = "一文目。\r二文目。";
  REQUIRE(parse(&doc, cr, strlen(cr)) == RD_OK);
  INT_EQ(rd_section_paragraph_count(rd_doc_root(doc)), 1);
  INT_EQ(rd_doc_sentence_count(doc), 2);
  rd_doc_free(doc);
}

/* Seconds to parse what make(n) builds; also checks the parse succeeds. */
static double timed(void (*make)(tbuf *, size_t), size_t n, size_t *sentences, size_t *warnings) {
  tbuf b = {0};
  make(&b, n);
  rd_doc *doc = NULL;
  double t0 = now();
  rd_status st = parse(&doc, b.p, b.n);
  double t = now() - t0;
  free(b.p);
  if (st != RD_OK) { FAILF("parse failed: %s", rd_error_last()->message); return 1e9; }
  if (sentences) *sentences = rd_doc_sentence_count(doc);
  if (warnings) *warnings = rd_doc_warning_count(doc);
  rd_doc_free(doc);
  return t;
}

/* Parse at n and 2n (both must succeed) and print the times: information
 * for people, not an assertion. */
static void check_linear(const char *what, void (*make)(tbuf *, size_t), size_t n) {
  double t1 = timed(make, n, NULL, NULL);
  double t2 = timed(make, 2 * n, NULL, NULL);
  printf("  %s: n %.3fs, 2n %.3fs\n", what, t1, t2);
}

/* One line of n bytes: sentences of 1000 characters, a marker each. */
static void make_long_line(tbuf *b, size_t n) {
  static char unit[3 * 999 + 3 + 3 + 1];
  size_t w = 0;
  for (int i = 0; i < 999; i++) { memcpy(unit + w, "あ", 3); w += 3; }
  memcpy(unit + w, "。[1]", 6);
  w += 6;
  while (b->n + w <= n) put(b, unit, w);
  while (b->n < n) put(b, "a", 1);
}

static void pathological__50mb_single_line_is_linear(void) {
  size_t sentences;
  double t = timed(make_long_line, 50u << 20, &sentences, NULL);
  printf("  50 MB line: %.3fs, %zu sentences\n", t, sentences);
  INT_EQ(sentences, (50u << 20) / 3003 + 1);
  check_linear("long line", make_long_line, 25u << 20);
}

static void make_citations(tbuf *b, size_t n) {
  char m[32];
  puts_(b, "引用の多い文。");
  for (size_t i = 1; i <= n; i++) { snprintf(m, sizeof m, "[%zu]", i); puts_(b, m); }
  puts_(b, "\nCitations:\n");
  for (size_t i = 1; i <= n; i += 2) { snprintf(m, sizeof m, "[%zu] u%zu\n", i, i); puts_(b, m); } /* odd ones only */
}

static void pathological__huge_number_of_citations(void) {
  tbuf b = {0};
  make_citations(&b, 100000);
  rd_doc *doc;
  REQUIRE(parse(&doc, b.p, b.n) == RD_OK);
  free(b.p);
  const rd_node *s = rd_doc_sentence_at(doc, 0);
  INT_EQ(rd_sentence_citation_count(s), 100000);
  STR_EQ(rd_reference_url(rd_citation_target(rd_sentence_citation_at(s, 99998))), "u99999");
  OK(rd_citation_target(rd_sentence_citation_at(s, 99999)) == NULL);
  /* every even marker is reported: 100 kept, the other 49,900 counted */
  INT_EQ(rd_doc_warning_count(doc), 101);
  STR_EQ(rd_doc_warning_at(doc, 100), "49900 more warnings not shown (at most 100 are kept)");
  STR_EQ(rd_doc_warning_at(doc, 0), "line 1: citation [2] has no reference in its Citations list");
  rd_doc_free(doc);
  check_linear("citations", make_citations, 100000);
}

static void make_sections(tbuf *b, size_t n) {
  char m[64];
  puts_(b, "題\n目次\n");
  for (size_t i = 1; i <= n; i++) { snprintf(m, sizeof m, "%zu. 見出し%zu\n- 小見出し%zu\n", i, i, i); puts_(b, m); }
  for (size_t i = 1; i <= n; i++) {
    snprintf(m, sizeof m, "%zu.見出し%zu\n", i, i);
    if (i % 2) puts_(b, m); /* every other heading missing */
    snprintf(m, sizeof m, "小見出し%zu\n本文。[1]\n", i);
    puts_(b, m);
  }
  puts_(b, "Citations:\n[1] u\n");
}

static void make_markdown(tbuf *b, size_t n) {
  for (size_t i = 0; i < n; i++) puts_(b, "## 節\n本文。[1]\n### 小節\n本文。\n");
  puts_(b, "Citations:\n[1] u\n");
}

static void pathological__many_sections_are_linear(void) {
  tbuf b = {0};
  make_sections(&b, 1000);
  rd_doc *doc;
  REQUIRE(parse(&doc, b.p, b.n) == RD_OK);
  free(b.p);
  INT_EQ(rd_doc_section_count(doc), 2000);
  OK(rd_section_is_synthesized(rd_doc_section(doc, "2")));
  OK(!rd_section_is_synthesized(rd_doc_section(doc, "3")));
  STR_EQ(rd_node_text(NULL, rd_section_heading(rd_doc_section(doc, "1000.1"))), "小見出し1000");
  INT_EQ(rd_doc_warning_count(doc), 101); /* 500 warnings: 100 kept, 400 counted */
  STR_EQ(rd_doc_warning_at(doc, 100), "400 more warnings not shown (at most 100 are kept)");
  rd_doc_free(doc);
  check_linear("contents sections", make_sections, 20000);
  check_linear("markdown sections", make_markdown, 20000);
}

static void pathological__deep_weirdness(void) {
  tbuf b = {0};
  rd_doc *doc;
  /* 10k levels of indented dashes: kept at 32 levels, said once. */
  puts_(&b, "題\n目次\n1. 根\n");
  for (int i = 0; i < 10000; i++) {
    for (int k = 0; k < i; k++) put(&b, " ", 1);
    puts_(&b, "- 枝\n");
  }
  puts_(&b, "本文。\n");
  REQUIRE(parse(&doc, b.p, b.n) == RD_OK);
  INT_EQ(rd_doc_section_count(doc), 10001);
  int deepest = 0;
  for (size_t i = 0; i < rd_doc_section_count(doc); i++)
    if (rd_section_level(rd_doc_section_at(doc, i)) > deepest) deepest = rd_section_level(rd_doc_section_at(doc, i));
  INT_EQ(deepest, 32);
  OK(strstr(rd_doc_warning_at(doc, 0), "deeper than 32 levels") != NULL);
  rd_doc_free(doc);
  b.n = 0;
  /* 10k nested quotations, 10k hashes, a 10k-part number, nested brackets. */
  for (int i = 0; i < 10000; i++) puts_(&b, "「");
  puts_(&b, "中。");
  for (int i = 0; i < 10000; i++) puts_(&b, "」");
  puts_(&b, "と言った。\n");
  for (int i = 0; i < 10000; i++) put(&b, "#", 1);
  puts_(&b, " 見出しではない\n目次\n");
  for (int i = 0; i < 10000; i++) puts_(&b, "1.");
  puts_(&b, " 深すぎる番号\n");
  for (int i = 0; i < 10000; i++) put(&b, "[", 1);
  puts_(&b, "1");
  for (int i = 0; i < 10000; i++) put(&b, "]", 1);
  puts_(&b, "\n");
  REQUIRE(parse(&doc, b.p, b.n) == RD_OK);
  INT_EQ(rd_doc_section_count(doc), 0);
  const rd_node *root = rd_doc_root(doc);
  INT_EQ(rd_block_sentence_count(rd_section_paragraph_at(root, 0)), 1);
  INT_EQ(rd_section_paragraph_count(root), 4);
  const rd_node *last = rd_section_paragraph_at(root, 3);
  INT_EQ(rd_sentence_citation_count(rd_block_sentence_at(last, 0)), 1);
  rd_doc_free(doc);
  free(b.p);
}

T_MAIN(T(pathological__invalid_utf8_names_byte_and_line), T(pathological__nul_byte_rejected),
       T(pathological__empty_crlf_bom_lone_cr), T(pathological__50mb_single_line_is_linear),
       T(pathological__huge_number_of_citations), T(pathological__many_sections_are_linear),
       T(pathological__deep_weirdness))
