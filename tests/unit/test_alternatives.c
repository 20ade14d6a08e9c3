/* Alternative readings (issue 12, item 2) with the real dictionary: the
 * heteronym table and its cues, the marginal-probability parse, the side
 * table across re-annotation and threads, the XML and JSON views and the
 * XML reader's checks. Needs mecab-ipadic-utf8 (exits 77 without it). */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <reader.h>

#include "analyze_internal.h"
#include "harness.h"

static rd_analyzer *g_an;

static rd_doc *annotated_with(rd_analyzer *an, const char *text, unsigned threads) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_LINES;
  rd_doc *doc = NULL;
  if (rd_doc_parse(&doc, text, strlen(text), &o) != RD_OK) return NULL;
  rd_annotate_options ao = RD_ANNOTATE_OPTIONS_INIT;
  ao.threads = threads;
  if (rd_doc_annotate(doc, an, &ao) != RD_OK) { rd_doc_free(doc); return NULL; }
  return doc;
}
static rd_doc *annotated(const char *text) { return annotated_with(g_an, text, 1); }

/* The n-th token (0-based) with this surface, or NULL. */
static const rd_node *token(const rd_doc *doc, const char *surface, int nth) {
  for (size_t i = 0; i < rd_doc_token_count(doc); i++)
    if (!strcmp(rd_node_text(NULL, rd_doc_token_at(doc, i)), surface) && nth-- == 0) return rd_doc_token_at(doc, i);
  return NULL;
}

/* The invariants of any token with alternatives: readings differ from the
 * token's and from each other, most likely first, shares add up to 1. */
static void check_shape(const rd_node *t) {
  size_t n = rd_token_alternative_count(t);
  OK(n > 0);
  OK(rd_token_flags(t) & RD_TOKEN_UNCERTAIN);
  double sum = rd_token_reading_confidence(t), prev = 2;
  for (size_t i = 0; i < n; i++) {
    double c = -1;
    const char *r = rd_token_alternative(&c, t, i);
    REQUIRE(r);
    OK(strcmp(r, rd_token_reading(t)));
    OK(c >= 0.05 && c <= 1 && c <= prev);
    for (size_t j = 0; j < i; j++) OK(strcmp(r, rd_token_alternative(NULL, t, j)));
    prev = c;
    sum += c;
  }
  OK(fabs(sum - 1) < 0.005);
  double c = 7;
  OK(rd_token_alternative(&c, t, n) == NULL && c == 0); /* out of range */
}

static void no_alternatives(const rd_node *t) {
  INT_EQ(rd_token_alternative_count(t), 0);
  OK(!(rd_token_flags(t) & RD_TOKEN_UNCERTAIN));
  OK(rd_token_reading_confidence(t) == 1.0);
}

/* Cue table: 今日は before a pause may be the greeting, before a predicate not. */
static void alternatives__kyou_wa_greeting_depends_on_context(void) {
  rd_doc *doc = annotated("今日は、みなさん。\n今日は晴れです。\n");
  REQUIRE(doc);
  const rd_node *greet = token(doc, "今日", 0), *today = token(doc, "今日", 1);
  REQUIRE(greet && today);
  STR_EQ(rd_token_reading(greet), "きょう"); /* the rules' reading is kept */
  check_shape(greet);
  INT_EQ(rd_token_alternative_count(greet), 1);
  STR_EQ(rd_token_alternative(NULL, greet, 0), "こんにち");
  STR_EQ(rd_token_reading(today), "きょう");
  no_alternatives(today);
  no_alternatives(token(doc, "は", 0)); /* kana: not a heteronym */
  rd_doc_free(doc);
}

/* Lattice: 後 at the start of a clause (後から) has あと/のち/ご in play. */
static void alternatives__ato_nochi_go(void) {
  rd_doc *doc = annotated("後から来た。\n");
  REQUIRE(doc);
  const rd_node *t = token(doc, "後", 0);
  REQUIRE(t);
  check_shape(t);
  for (size_t i = 0; i < rd_token_alternative_count(t); i++) {
    const char *r = rd_token_alternative(NULL, t, i);
    OK(!strcmp(r, "あと") || !strcmp(r, "のち") || !strcmp(r, "ご")); /* only listed readings (no こう) */
  }
  rd_doc_free(doc);
}

/* A clear lattice is no doubt: 上手に話す is じょうず (うわて/かみて < 5 %). */
static void alternatives__clear_margin_is_certain(void) {
  rd_doc *doc = annotated("上手に話す。\n人気がある。\n");
  REQUIRE(doc);
  STR_EQ(rd_token_reading(token(doc, "上手", 0)), "じょうず");
  no_alternatives(token(doc, "上手", 0));
  no_alternatives(token(doc, "人気", 0));
  rd_doc_free(doc);
}

/* Open entries: the counter rule's default 一日 ついたち leaves いちにち open
 * (the lattice cannot score a span the rule merged); after a month the
 * cue rules いちにち out, and a frequency (一日に三回) reads いちにち for sure. */
static void alternatives__day_counter_open_and_cues(void) {
  rd_doc *doc = annotated("一日、雨だった。\n四月一日に始まる。\n一日に三回飲む。\n");
  REQUIRE(doc);
  const rd_node *open = token(doc, "一日", 0), *date = token(doc, "一日", 1), *freq = token(doc, "一日", 2);
  REQUIRE(open && date && freq);
  STR_EQ(rd_token_reading(open), "ついたち");
  check_shape(open);
  STR_EQ(rd_token_alternative(NULL, open, 0), "いちにち");
  OK(fabs(rd_token_reading_confidence(open) - 0.5) < 0.001);
  STR_EQ(rd_token_reading(date), "ついたち");
  no_alternatives(date);
  STR_EQ(rd_token_reading(freq), "いちにち");
  no_alternatives(freq);
  rd_doc_free(doc);
}

/* 日本: the word table reads にほん against IPADIC's ニッポン. The lattice
 * knows only ニッポン, so its mass is the rule's reading's: a rule that
 * corrects MeCab's reading of the same span is not shown as surely wrong
 * (it once was: にほん 0 %, にっぽん 100 %, on every 日本). With
 * RD_ANALYZER_NIPPON nothing is in doubt either. */
static void alternatives__nihon_rule_against_the_lattice(void) {
  rd_doc *doc = annotated("日本の首相が話した。\n");
  REQUIRE(doc);
  const rd_node *t = token(doc, "日本", 0);
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "にほん");
  STR_EQ(rd_token_rule(t), "nihon");
  no_alternatives(t);
  OK(rd_token_reading_confidence(t) > 0.999);
  rd_doc_free(doc);
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_NIPPON;
  rd_analyzer *an = NULL;
  REQUIRE(rd_analyzer_new(&an, &o) == RD_OK);
  doc = annotated_with(an, "日本の首相が話した。\n", 1);
  REQUIRE(doc);
  STR_EQ(rd_token_reading(token(doc, "日本", 0)), "にっぽん");
  no_alternatives(token(doc, "日本", 0));
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

/* RD_ANALYZER_NO_ALTERNATIVES and the stub: no marginal parse, no
 * alternatives, the same readings. */
static void alternatives__off_and_stub_give_none(void) {
  static const char text[] = "今日は、みなさん。後から来た。日本へ行く。\n";
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_NO_ALTERNATIVES;
  rd_analyzer *off = NULL, *stub = NULL;
  REQUIRE(rd_analyzer_new(&off, &o) == RD_OK);
  o.flags = RD_ANALYZER_STUB;
  REQUIRE(rd_analyzer_new(&stub, &o) == RD_OK);
  rd_doc *a = annotated(text), *b = annotated_with(off, text, 1), *s = annotated_with(stub, text, 1);
  REQUIRE(a && b && s);
  INT_EQ(rd_doc_token_count(a), rd_doc_token_count(b));
  size_t na = 0;
  for (size_t i = 0; i < rd_doc_token_count(a); i++) {
    const rd_node *x = rd_doc_token_at(a, i), *y = rd_doc_token_at(b, i);
    STR_EQ(rd_token_reading(x) ? rd_token_reading(x) : "-", rd_token_reading(y) ? rd_token_reading(y) : "-");
    na += rd_token_alternative_count(x) > 0;
    no_alternatives(y);
  }
  INT_EQ(na, 2); /* 今日は and 後; 日本 is the nihon rule's (see above) */
  /* per document: RD_ANNOTATE_NO_ALTERNATIVES (the pipeline sets it when
   * RD_STAGE_ALTERNATIVES is left out, as text views do) gives the same
   * readings and no alternatives */
  rd_doc *c = NULL;
  REQUIRE(rd_doc_parse(&c, text, strlen(text), NULL) == RD_OK);
  rd_annotate_options ao = RD_ANNOTATE_OPTIONS_INIT;
  ao.flags = RD_ANNOTATE_NO_ALTERNATIVES;
  REQUIRE(rd_doc_annotate(c, g_an, &ao) == RD_OK);
  INT_EQ(rd_doc_token_count(c), rd_doc_token_count(a));
  for (size_t i = 0; i < rd_doc_token_count(c); i++) {
    const rd_node *x = rd_doc_token_at(a, i), *y = rd_doc_token_at(c, i);
    STR_EQ(rd_token_reading(x) ? rd_token_reading(x) : "-", rd_token_reading(y) ? rd_token_reading(y) : "-");
    no_alternatives(y);
  }
  rd_doc_free(c);
  for (size_t i = 0; i < rd_doc_token_count(s); i++) INT_EQ(rd_token_alternative_count(rd_doc_token_at(s, i)), 0);
  rd_doc_free(a);
  rd_doc_free(b);
  rd_doc_free(s);
  rd_analyzer_free(off);
  rd_analyzer_free(stub);
}

/* The side table follows its token array: a token held across a
 * re-annotation keeps its own alternatives; the new tokens get theirs. */
static void alternatives__survive_reannotation(void) {
  rd_doc *doc = annotated("今日は、みなさん。\n");
  REQUIRE(doc);
  const rd_node *old = token(doc, "今日", 0);
  REQUIRE(old && rd_token_alternative_count(old) == 1);
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_NO_ALTERNATIVES;
  rd_analyzer *off = NULL;
  REQUIRE(rd_analyzer_new(&off, &o) == RD_OK);
  REQUIRE(rd_doc_annotate(doc, off, NULL) == RD_OK);
  INT_EQ(rd_token_alternative_count(old), 1); /* retired, still answered */
  STR_EQ(rd_token_alternative(NULL, old, 0), "こんにち");
  no_alternatives(token(doc, "今日", 0));
  REQUIRE(rd_doc_annotate(doc, g_an, NULL) == RD_OK);
  INT_EQ(rd_token_alternative_count(token(doc, "今日", 0)), 1);
  rd_doc_free(doc);
  rd_analyzer_free(off);
}

/* Worker threads number their tokens locally: the merge must shift them. */
static void alternatives__threads_agree(void) {
  char text[4096] = "";
  for (int i = 0; i < 40; i++)
    strcat(text, i % 3 == 0 ? "今日は、みなさん。\n" : i % 3 == 1 ? "後から来た人がいる。\n" : "雨が降った。\n");
  rd_doc *one = annotated_with(g_an, text, 1), *four = annotated_with(g_an, text, 4);
  REQUIRE(one && four);
  INT_EQ(rd_doc_token_count(one), rd_doc_token_count(four));
  size_t n = 0;
  for (size_t i = 0; i < rd_doc_token_count(one); i++) {
    const rd_node *a = rd_doc_token_at(one, i), *b = rd_doc_token_at(four, i);
    INT_EQ(rd_token_alternative_count(a), rd_token_alternative_count(b));
    n += rd_token_alternative_count(a) > 0;
    for (size_t j = 0; j < rd_token_alternative_count(a); j++) {
      double ca, cb;
      STR_EQ(rd_token_alternative(&ca, a, j), rd_token_alternative(&cb, b, j));
      OK(ca == cb);
    }
  }
  INT_EQ(n, 27); /* 14 今日 + 13 後 */
  rd_doc_free(one);
  rd_doc_free(four);
}

static rd_doc *from_xml(const char *x, size_t n) {
  rd_parse_options po = RD_PARSE_OPTIONS_INIT;
  po.format = RD_FORMAT_AUTO;
  rd_doc *d = NULL;
  return rd_doc_parse(&d, x, n, &po) == RD_OK ? d : NULL;
}

/* XML: confidence= on the token and <alt>s, read back to the same
 * values, written again byte for byte; JSON lists them. */
static void alternatives__xml_and_json(void) {
  rd_doc *doc = annotated("今日は、みなさん。後から来た。\n");
  REQUIRE(doc);
  char *x1 = NULL, *x2 = NULL, *js = NULL;
  size_t n1, n2, nj;
  REQUIRE(rd_doc_to_xml(&x1, &n1, doc, NULL) == RD_OK);
  OK(strstr(x1, "<alt confidence=\"") && strstr(x1, "\">こんにち</alt>"));
  rd_doc *back = from_xml(x1, n1);
  REQUIRE(back);
  REQUIRE(rd_doc_to_xml(&x2, &n2, back, NULL) == RD_OK);
  OK(n1 == n2 && !memcmp(x1, x2, n1));
  for (size_t i = 0; i < rd_doc_token_count(doc); i++) {
    const rd_node *a = rd_doc_token_at(doc, i), *b = rd_doc_token_at(back, i);
    INT_EQ(rd_token_alternative_count(a), rd_token_alternative_count(b));
    OK(rd_token_reading_confidence(a) == rd_token_reading_confidence(b));
    INT_EQ(rd_token_flags(a), rd_token_flags(b));
    for (size_t j = 0; j < rd_token_alternative_count(a); j++) {
      double ca, cb;
      STR_EQ(rd_token_alternative(&ca, a, j), rd_token_alternative(&cb, b, j));
      OK(ca == cb);
    }
  }
  REQUIRE(rd_doc_to_json(&js, &nj, doc, NULL) == RD_OK);
  OK(strstr(js, "\"alternatives\":[{\"reading\":\"こんにち\",\"confidence\":0."));
  OK(strstr(js, "\"uncertain\""));
  rd_free(x1);
  rd_free(x2);
  rd_free(js);
  rd_doc_free(back);
  rd_doc_free(doc);
}

/* Replace the first `from` in s by `to` into out. */
static void subst(char *out, size_t size, const char *s, const char *from, const char *to) {
  const char *p = strstr(s, from);
  if (!p) { snprintf(out, size, "%s", s); return; }
  snprintf(out, size, "%.*s%s%s", (int)(p - s), s, to, p + strlen(from));
}

/* A forged <alt> is refused with a message, never half read. */
static void alternatives__xml_reader_refuses_bad_alternatives(void) {
  rd_doc *doc = annotated("今日は、みなさん。\n");
  REQUIRE(doc);
  char *x = NULL;
  size_t n;
  REQUIRE(rd_doc_to_xml(&x, &n, doc, NULL) == RD_OK);
  const char *tag = strstr(x, "<alt confidence=\"");
  REQUIRE(tag);
  char conf[32];
  snprintf(conf, sizeof conf, "%.24s", tag); /* <alt confidence="0.217"> */
  static char bad[65536];
  static const struct { const char *from, *to, *msg; } cases[] = {
    {"\">こんにち</alt>", "\">きょう</alt>", "the token's own reading"},
    {"\">こんにち</alt>", "\"></alt>", "empty"},
    {"<alt confidence=\"", "<alt confidence=\"1.5", "not a share"},
    {"<alt confidence=\"", "<alt foo=\"", "needs the attribute confidence"},
    {"\">こんにち</alt>", "\">こんにち</alt><alt confidence=\"0.100\">こんにち</alt>", "given twice"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    subst(bad, sizeof bad, x, cases[i].from, cases[i].to);
    rd_doc *d = from_xml(bad, strlen(bad));
    OK(d == NULL);
    if (d) rd_doc_free(d);
    else if (!strstr(rd_error_last()->message, cases[i].msg)) FAILF("case %zu: %s", i, rd_error_last()->message);
  }
  /* A token confidence without any <alt>, and <alt>s without one. */
  const char *tc = strstr(x, " confidence=\"");
  REQUIRE(tc);
  char tconf[32];
  snprintf(tconf, sizeof tconf, "%.19s", tc); /* ` confidence="0.783"` */
  subst(bad, sizeof bad, x, tconf, "");
  rd_doc *d = from_xml(bad, strlen(bad));
  OK(d == NULL && strstr(rd_error_last()->message, "needs the token's own confidence"));
  if (d) rd_doc_free(d);
  const char *end = strstr(tag, "</alt>");
  REQUIRE(end);
  char altel[128];
  snprintf(altel, sizeof altel, "%.*s", (int)(end + 6 - tag), tag);
  subst(bad, sizeof bad, x, altel, "");
  d = from_xml(bad, strlen(bad));
  OK(d == NULL && strstr(rd_error_last()->message, "confidence without any <alt>"));
  if (d) rd_doc_free(d);
  (void)conf;
  rd_free(x);
  rd_doc_free(doc);
}

/* The pipeline's stage: RD_STAGE_ALTERNATIVES (in RD_STAGE_ALL) gives them;
 * a read without it (what text views ask for) gives none and the same
 * readings. */
static void alternatives__pipeline_stage(void) {
  rd_pipeline_options po = RD_PIPELINE_OPTIONS_INIT;
  po.flags = RD_PIPELINE_NO_GLOSSARY | RD_PIPELINE_NO_SUMMARIES;
  rd_pipeline *p = NULL;
  REQUIRE(rd_pipeline_new(&p, &po) == RD_OK);
  static const char text[] = "今日は、みなさん。";
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.format = RD_FORMAT_LINES;
  rd_doc *with = NULL, *without = NULL;
  REQUIRE(rd_pipeline_read(&with, NULL, p, text, strlen(text), &ro) == RD_OK);
  ro.stages = RD_STAGE_ANNOTATE;
  REQUIRE(rd_pipeline_read(&without, NULL, p, text, strlen(text), &ro) == RD_OK);
  const rd_node *a = token(with, "今日", 0), *b = token(without, "今日", 0);
  REQUIRE(a && b);
  OK(rd_token_alternative_count(a) > 0);
  no_alternatives(b);
  STR_EQ(rd_token_reading(a), rd_token_reading(b));
  rd_doc_free(with);
  rd_doc_free(without);
  rd_pipeline_free(p);
}

int main(void) {
  if (rd_analyzer_new(&g_an, NULL) != RD_OK) {
    printf("SKIP: no system MeCab dictionary: %s\n", rd_error_last()->message);
    return 77;
  }
  static const t_case cases[] = {
    T(alternatives__kyou_wa_greeting_depends_on_context), T(alternatives__ato_nochi_go),
    T(alternatives__clear_margin_is_certain), T(alternatives__day_counter_open_and_cues),
    T(alternatives__nihon_rule_against_the_lattice), T(alternatives__off_and_stub_give_none),
    T(alternatives__survive_reannotation), T(alternatives__threads_agree), T(alternatives__xml_and_json),
    T(alternatives__xml_reader_refuses_bad_alternatives), T(alternatives__pipeline_stage),
  };
  int rc = t_run(cases, sizeof cases / sizeof *cases);
  rd_analyzer_free(g_an);
  return rc;
}
