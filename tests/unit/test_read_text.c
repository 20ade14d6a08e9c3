/* The plain-text article reader: the seed article asserted in full, the
 * extra articles of other shapes (tests/data/articles), and the format's
 * variants (Markdown, CRLF, BOM, full-width numbers, quotations). */
#include <reader.h>

#include "model.h"
#include "doc_build.h"
#include "util/buf.h"
#include "harness.h"

static rd_doc *parse_file(const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", READER_SOURCE_DIR, rel);
  rd_doc *doc = NULL;
  if (rd_doc_parse_file(&doc, path, NULL) < 0) fprintf(stderr, "  parse %s: %s\n", rel, rd_error_last()->message);
  return doc;
}

static rd_doc *parse_str(const char *text) {
  rd_doc *doc = NULL;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  if (rd_doc_parse(&doc, text, strlen(text), &o) < 0) fprintf(stderr, "  parse: %s\n", rd_error_last()->message);
  return doc;
}

static const char *text_of(const rd_node *n) { return n ? rd_node_text(NULL, n) : NULL; }
static const char *heading_of(const rd_node *sec) { return text_of(rd_section_heading(sec)); }

/* Sentences and citations in a section's own paragraphs (not subsections'). */
static size_t count_sentences(const rd_node *sec) {
  size_t n = 0;
  for (size_t i = 0; i < rd_section_paragraph_count(sec); i++) n += rd_block_sentence_count(rd_section_paragraph_at(sec, i));
  return n;
}

/* The citation numbers of a section's own paragraphs, as "1,2,3". */
static void citation_numbers(const rd_node *sec, char *out, size_t cap) {
  size_t w = 0;
  out[0] = '\0';
  for (size_t i = 0; i < rd_section_paragraph_count(sec); i++) {
    const rd_node *p = rd_section_paragraph_at(sec, i);
    for (size_t j = 0; j < rd_block_sentence_count(p); j++) {
      const rd_node *s = rd_block_sentence_at(p, j);
      for (size_t k = 0; k < rd_sentence_citation_count(s); k++)
        w += (size_t)snprintf(out + w, cap - w, w ? ",%u" : "%u", rd_node_number(rd_sentence_citation_at(s, k)));
    }
  }
}

/* ---- the seed ------------------------------------------------------------- */

#define SEED "corpus/dmm-bitcoin-2024/article.ja.txt"

static const char *const body_urls[] = {
  "https://txbiz.tv-tokyo.co.jp/you/news/post_308282",
  "https://mainichi.jp/articles/20241203/ddm/008/020/063000c",
  "https://news.tv-asahi.co.jp/news_society/articles/000393629.html",
  "https://www.youtube.com/watch?v=LXHN09AvqTs",
  "https://txbiz.tv-tokyo.co.jp/nms/news/post_308334",
  "https://www.hokkoku.co.jp/articles/-/1614287",
  "https://www.tokyo-np.co.jp/article/375568",
  "https://www.youtube.com/watch?v=oM_KGOd92JQ",
  "http://www3.nhk.or.jp/news/html/20241224/k10014676711000.html",
  "https://txbiz.tv-tokyo.co.jp/hiru/news/post_309696",
  "https://mymo-ibank.com/money/8563",
};

static const char *const afterword_urls[] = {
  "https://toyokeizai.net/articles/-/342508?display=b",
  "https://www3.nhk.or.jp/news/html/20240209/k10014352851000.html",
  "https://www.moj.go.jp/content/001361646.pdf",
  "https://researchmap.jp/mochidai/published_papers/30698945/attachment_file.pdf",
  "https://www.bbc.com/japanese/42408318",
  "https://www.nids.mod.go.jp/publication/briefing/pdf/2017/201710.pdf",
  "https://www3.nhk.or.jp/news/special/sci_cul/2022/12/special/lazarus/",
  "https://www.nikkei.com/article/DGXZQOGM11F090R10C21A5000000/",
  "https://www.spf.org/iina/articles/komiyama_01.html",
  "https://www.perplexity.ai/elections/2024-11-05/us/president",
};

typedef struct want_section {
  const char *id, *heading, *parent; /* parent id, NULL for top level */
  int level, synth, paragraphs, sentences;
  const char *citations;             /* citation numbers in order */
} want_section;

static const want_section seed_sections[] = {
  {"1", "事件の概要", NULL, 1, 0, 0, 0, ""},
  {"1.1", "ビットコイン流出の詳細", "1", 2, 0, 1, 3, "1,2,3"},
  {"1.2", "ハッカー集団「トレーダートレーター」の特定", "1", 2, 0, 1, 3, "3,6,9"},
  {"2", "犯行の手口", NULL, 1, 0, 0, 0, ""},
  {"2.1", "マルウェア感染の経緯", "2", 2, 0, 1, 3, "4,7,9"},
  {"2.2", "取引システムへの侵入方法", "2", 2, 0, 1, 3, "3,5,6"},
  {"3", "影響と対応", NULL, 1, 0, 0, 0, ""},
  {"3.1", "DMMビットコインの廃業決定", "3", 2, 0, 1, 3, "1,2,5"},
  {"3.2", "日本政府と警察の対応", "3", 2, 0, 1, 3, "3,6,9"},
  {"4", "北朝鮮のサイバー攻撃", NULL, 1, 1, 0, 0, ""},
  {"4.1", "過去のサイバー攻撃との関連", "4", 2, 0, 1, 2, "6,7"},
  {"4.2", "国際的な反応と制裁状況", "4", 2, 0, 1, 3, "4,9"},
  {"afterword", "あとがき", NULL, 1, 0, 5, 8, "2,1,4,9"},
};

static void check_sections(rd_doc *doc, const want_section *w, size_t n) {
  INT_EQ(rd_doc_section_count(doc), n);
  for (size_t i = 0; i < n && i < rd_doc_section_count(doc); i++) {
    int before = t_failures;
    const rd_node *s = rd_doc_section_at(doc, i);
    char cits[256];
    STR_EQ(rd_section_id(s), w[i].id);
    STR_EQ(heading_of(s), w[i].heading);
    OK(rd_doc_section(doc, w[i].id) == s);
    INT_EQ(rd_section_level(s), w[i].level);
    INT_EQ(rd_section_level(rd_section_heading(s)), w[i].level);
    OK(rd_node_first_child(s) == rd_section_heading(s)); /* the heading comes first */
    INT_EQ(rd_block_sentence_count(rd_section_heading(s)), 1);
    INT_EQ(rd_section_is_synthesized(s), w[i].synth);
    const rd_node *parent = rd_node_parent(s);
    if (w[i].parent) STR_EQ(rd_section_id(parent), w[i].parent);
    else OK(parent == rd_doc_root(doc));
    INT_EQ(rd_section_paragraph_count(s), w[i].paragraphs);
    INT_EQ(count_sentences(s), w[i].sentences);
    citation_numbers(s, cits, sizeof cits);
    STR_EQ(cits, w[i].citations);
    if (t_failures != before) fprintf(stderr, "  (section %s)\n", w[i].id);
  }
}

/* NFKC expands U+FDFA into 18 characters: heading keys must still be made
 * (this once failed as "out of memory"). */
static void read_text__heading_key_with_large_nfkc_expansion(void) {
  rd_doc *doc = parse_str("# タイトル\n\n目次\n1. \uFDFA\uFDFA\uFDFA\n\n1. \uFDFA\uFDFA\uFDFA\n\n本文です。\n");
  REQUIRE(doc);
  INT_EQ(rd_doc_section_count(doc), 1);
  OK(rd_doc_section_by_heading(doc, "\uFDFA\uFDFA\uFDFA", strlen("\uFDFA\uFDFA\uFDFA")) == rd_doc_section_at(doc, 0));
  rd_doc_free(doc);
}

static void read_text__seed_front_matter(void) {
  rd_doc *doc = parse_file(SEED);
  REQUIRE(doc);
  STR_EQ(text_of(rd_doc_title(doc)), "「日本のビットコイン482億円消える」について");
  INT_EQ(rd_heading_role_of(rd_doc_title(doc)), RD_HEADING_TITLE);
  STR_EQ(text_of(rd_doc_headline(doc)), "「日本のビットコイン482億円消える」");
  INT_EQ(rd_heading_role_of(rd_doc_headline(doc)), RD_HEADING_HEADLINE);
  const rd_node *lead = rd_doc_lead(doc);
  STR_EQ(text_of(lead),
         "日本で発生したビットコイン不正流出事件は、2024年5月に約482億円相当のビットコインがDMMビットコインから盗まれた"
         "もので、北朝鮮のハッカー集団「トレーダートレーター」が関与していることが明らかになりました。この事件は、日本国内で"
         "の大規模な仮想通貨流出事件としては、2018年のコインチェック事件以来の重要な出来事となっています。");
  INT_EQ(rd_block_sentence_count(lead), 2);
  INT_EQ(rd_node_line(lead), 3);
  /* Title, headline and lead are the DOCUMENT's first children, in order. */
  const rd_node *root = rd_doc_root(doc);
  OK(rd_node_child_at(root, 0) == rd_doc_title(doc));
  OK(rd_node_child_at(root, 1) == rd_doc_headline(doc));
  OK(rd_node_child_at(root, 2) == lead);
  INT_EQ(rd_node_line(rd_doc_title(doc)), 1);
  INT_EQ(rd_node_line(rd_doc_headline(doc)), 2);
  rd_doc_free(doc);
}

static void read_text__seed_sections_in_full(void) {
  rd_doc *doc = parse_file(SEED);
  REQUIRE(doc);
  check_sections(doc, seed_sections, sizeof seed_sections / sizeof *seed_sections);
  /* Top level: 1, 2, 3, 4, then the body's references, then the afterword. */
  const rd_node *root = rd_doc_root(doc);
  INT_EQ(rd_section_subsection_count(root), 5);
  INT_EQ(rd_node_child_count(root), 3 + 4 + 1 + 1);
  INT_EQ(rd_node_kind_of(rd_node_child_at(root, 7)), RD_NODE_REFERENCES);
  OK(rd_section_is_afterword(rd_node_child_at(root, 8)));
  /* Body headings: "1.事件の概要" in the body is "1. 事件の概要" in the contents. */
  const rd_node *s1 = rd_doc_section(doc, "1");
  INT_EQ(rd_node_line(s1), 17);
  size_t a, b;
  rd_node_span(&a, &b, rd_section_heading(s1));
  size_t srclen;
  const char *src = rd_doc_source(&srclen, doc);
  OK(b - a == strlen("事件の概要") && !memcmp(src + a, "事件の概要", b - a));
  INT_EQ(rd_node_line(rd_doc_section(doc, "3")), 27);
  OK(rd_doc_section_by_heading(doc, "1.事件の概要", strlen("1.事件の概要")) == s1);
  OK(rd_doc_section_by_heading(doc, "過去のサイバー攻撃 との関連", strlen("過去のサイバー攻撃 との関連")) ==
     rd_doc_section(doc, "4.1"));
  /* The synthesised section 4 has an empty span where 4.1 starts; its
   * heading's text comes from the contents (line 14). */
  const rd_node *s4 = rd_doc_section(doc, "4"), *s41 = rd_doc_section(doc, "4.1");
  size_t a41;
  rd_node_span(&a, &b, s4);
  rd_node_span(&a41, NULL, s41);
  INT_EQ(a, b);
  INT_EQ(a, a41);
  INT_EQ(rd_node_line(rd_section_heading(s4)), 14);
  INT_EQ(rd_section_subsection_count(s4), 2);
  /* Spans of real sections cover their content. */
  rd_node_span(&a, &b, rd_doc_section(doc, "1"));
  size_t pa, pb;
  rd_node_span(&pa, &pb, rd_section_paragraph_at(rd_doc_section(doc, "1.2"), 0));
  OK(a < pa && pb == b);
  /* 48 sentences: title, headline, lead 2, 12 headings, 23 body, afterword heading, question and 7. */
  INT_EQ(rd_doc_sentence_count(doc), 48);
  rd_doc_free(doc);
}

static void read_text__seed_citations_resolve_to_their_part(void) {
  rd_doc *doc = parse_file(SEED);
  REQUIRE(doc);
  const rd_node *root = rd_doc_root(doc);
  const rd_node *body_refs = rd_node_child_at(root, 7);
  const rd_node *aw = rd_doc_section(doc, "afterword");
  REQUIRE(rd_node_kind_of(body_refs) == RD_NODE_REFERENCES && aw);
  const rd_node *aw_refs = rd_node_last_child(aw);
  REQUIRE(rd_node_kind_of(aw_refs) == RD_NODE_REFERENCES);
  /* Both lists in full. */
  INT_EQ(rd_node_child_count(body_refs), 11);
  for (unsigned i = 1; i <= 11; i++) {
    STR_EQ(rd_reference_url(rd_references_find(body_refs, i)), body_urls[i - 1]);
    INT_EQ(rd_node_number(rd_node_child_at(body_refs, i - 1)), i);
  }
  INT_EQ(rd_node_child_count(aw_refs), 10);
  for (unsigned i = 1; i <= 10; i++) STR_EQ(rd_reference_url(rd_references_find(aw_refs, i)), afterword_urls[i - 1]);
  /* Every citation resolves, to the list of its own part. */
  size_t body = 0, after = 0;
  for (size_t i = 0; i < rd_doc_sentence_count(doc); i++) {
    const rd_node *s = rd_doc_sentence_at(doc, i);
    const rd_node *in_aw = s;
    while (in_aw && !rd_section_is_afterword(in_aw)) in_aw = rd_node_parent(in_aw);
    for (size_t k = 0; k < rd_sentence_citation_count(s); k++) {
      const rd_node *c = rd_sentence_citation_at(s, k);
      unsigned n = rd_node_number(c);
      const rd_node *t = rd_citation_target(c);
      REQUIRE(t);
      OK(rd_node_parent(t) == (in_aw ? aw_refs : body_refs));
      STR_EQ(rd_reference_url(t), in_aw ? afterword_urls[n - 1] : body_urls[n - 1]);
      if (in_aw) after++; else body++;
    }
  }
  INT_EQ(body, 22);
  INT_EQ(after, 4);
  /* The famous pair: [2] means mainichi.jp in the body, NHK 20240209 in the afterword. */
  const rd_node *p11 = rd_section_paragraph_at(rd_doc_section(doc, "1.1"), 0);
  const rd_node *last = rd_block_sentence_at(p11, 2);
  STR_EQ(rd_reference_url(rd_citation_target(rd_sentence_citation_at(last, 1))),
         "https://mainichi.jp/articles/20241203/ddm/008/020/063000c");
  const rd_node *ap = rd_section_paragraph_at(aw, 2); /* question, answer 1, answer 2 */
  const rd_node *c2 = rd_sentence_citation_at(rd_block_sentence_at(ap, 1), 0);
  INT_EQ(rd_node_number(c2), 2);
  STR_EQ(rd_reference_url(rd_citation_target(c2)), "https://www3.nhk.or.jp/news/html/20240209/k10014352851000.html");
  /* Sentence text holds no markers; the citations say where they stood. */
  STR_EQ(text_of(last), "流出が発覚した後、DMMビットコインはサービスの一部を制限し、顧客への影響を最小限に抑える努力をしましたが、"
                        "最終的には2024年12月2日に廃業を発表しました。");
  INT_EQ(rd_citation_text_offset(rd_sentence_citation_at(last, 0)), strlen(text_of(last)) - strlen("。"));
  OK(strstr(text_of(p11), "[1]") == NULL);
  /* The only warning is the missing heading of section 4. */
  INT_EQ(rd_doc_warning_count(doc), 1);
  STR_EQ(rd_doc_warning_at(doc, 0),
         "line 14: heading \"北朝鮮のサイバー攻撃\" (section 4) is listed in the contents but absent from the body");
  rd_doc_free(doc);
}

static void read_text__seed_afterword(void) {
  rd_doc *doc = parse_file(SEED);
  REQUIRE(doc);
  const rd_node *aw = rd_doc_section(doc, "afterword");
  REQUIRE(aw);
  OK(rd_section_is_afterword(aw));
  OK(!rd_section_is_afterword(rd_doc_section(doc, "4.2")));
  const rd_node *q = rd_section_question(aw);
  STR_EQ(text_of(q), "北朝鮮は国としてこの行為を犯罪だと認知していないと考えていいのか?");
  INT_EQ(rd_node_kind_of(q), RD_NODE_QUESTION);
  OK(rd_section_paragraph_at(aw, 0) == q);
  INT_EQ(rd_node_line(q), 49);
  STR_EQ(text_of(rd_section_paragraph_at(aw, 4)),
         "したがって、北朝鮮がこのような行為を犯罪だと認知していないという見方は、国際的な法規範や倫理観とは異なる独自の"
         "価値観に基づいていると言えるでしょう。");
  INT_EQ(rd_section_subsection_count(aw), 0);
  rd_doc_free(doc);
}

/* ---- the extra articles --------------------------------------------------- */

static void read_text__three_levels_missing_last_heading_and_gaps(void) {
  rd_doc *doc = parse_file("tests/data/articles/noto-recovery.ja.txt");
  REQUIRE(doc);
  static const want_section w[] = {
    {"1", "被害の全体像", NULL, 1, 0, 0, 0, ""},
    {"1.1", "建物と道路の被害", "1", 2, 0, 1, 2, "1,2"},
    {"1.2", "人的被害と避難生活", "1", 2, 0, 1, 2, "2"},
    {"1.2.1", "災害関連死の増加", "1.2", 3, 0, 1, 2, "4"},
    {"2", "復旧の進捗", NULL, 1, 0, 0, 0, ""},
    {"2.1", "仮設住宅の整備", "2", 2, 0, 1, 2, "4,5"},
    {"2.2", "インフラの復旧", "2", 2, 0, 0, 0, ""},
    {"2.2.1", "上下水道", "2.2", 3, 0, 1, 2, "7"},
    {"2.2.2", "道路と港湾", "2.2", 3, 0, 1, 2, "2,7"},
    {"3", "今後の課題", NULL, 1, 0, 1, 2, "5,6"},
    {"3.1", "人口流出への対策", "3", 2, 1, 0, 0, ""},
  };
  check_sections(doc, w, sizeof w / sizeof *w);
  STR_EQ(text_of(rd_doc_headline(doc)), "「能登の復興、道半ば」");
  OK(rd_doc_section(doc, "afterword") == NULL);
  /* The missing last heading stands, empty, where the body ends. */
  size_t a, b, ra;
  const rd_node *refs = rd_node_references(rd_doc_root(doc));
  REQUIRE(refs);
  rd_node_span(&a, &b, rd_doc_section(doc, "3.1"));
  rd_node_span(&ra, NULL, refs);
  INT_EQ(a, b);
  INT_EQ(a, ra);
  /* Gaps in the numbers are fine; [6] has no reference: kept, reported. */
  INT_EQ(rd_node_child_count(refs), 5);
  STR_EQ(rd_reference_url(rd_references_find(refs, 7)), "https://news.example.jp/noto/2024/10/02/water-supply");
  OK(rd_references_find(refs, 3) == NULL);
  const rd_node *p3 = rd_section_paragraph_at(rd_doc_section(doc, "3"), 0);
  const rd_node *s = rd_block_sentence_at(p3, 1);
  INT_EQ(rd_sentence_citation_count(s), 2);
  STR_EQ(rd_reference_url(rd_citation_target(rd_sentence_citation_at(s, 0))), "https://pref.example.jp/ishikawa/temporary-housing");
  OK(rd_citation_target(rd_sentence_citation_at(s, 1)) == NULL);
  INT_EQ(rd_doc_warning_count(doc), 2);
  STR_EQ(rd_doc_warning_at(doc, 0),
         "line 15: heading \"人口流出への対策\" (section 3.1) is listed in the contents but absent from the body");
  STR_EQ(rd_doc_warning_at(doc, 1), "line 32: citation [6] has no reference in its Citations list");
  /* A quotation ending in 。 does not end the sentence that quotes it. */
  const rd_node *q = rd_section_paragraph_at(rd_doc_section(doc, "1.2.1"), 0);
  STR_EQ(text_of(rd_block_sentence_at(q, 1)), "「寒さと不安で眠れない日が続いた。」と話す高齢者もいました。");
  rd_doc_free(doc);
}

static void read_text__markdown_headings(void) {
  rd_doc *doc = parse_file("tests/data/articles/boj-rate-hike.ja.txt");
  REQUIRE(doc);
  static const want_section w[] = {
    {"1", "政策変更の内容", NULL, 1, 0, 1, 2, "1,2"},
    {"1.1", "市場の反応", "1", 2, 0, 1, 2, "3"},
    {"2", "家計への影響", NULL, 1, 0, 0, 0, ""},
    {"2.1", "住宅ローン", "2", 2, 0, 1, 2, "2"},
    {"2.2", "預金金利", "2", 2, 0, 1, 2, "3"},
    {"afterword", "あとがき", NULL, 1, 0, 2, 3, "1"},
  };
  check_sections(doc, w, sizeof w / sizeof *w);
  STR_EQ(text_of(rd_doc_title(doc)), "日銀、17年ぶりの利上げに踏み切る");
  OK(rd_doc_headline(doc) == NULL); /* the second line is a sentence: the lead */
  INT_EQ(rd_block_sentence_count(rd_doc_lead(doc)), 2);
  STR_EQ(text_of(rd_section_question(rd_doc_section(doc, "afterword"))), "利上げは今後も続くのだろうか？");
  /* Body [1] and afterword [1] differ. */
  const rd_node *pl = rd_doc_lead(doc);
  STR_EQ(rd_reference_url(rd_citation_target(rd_sentence_citation_at(rd_block_sentence_at(pl, 1), 0))),
         "https://news.example.jp/economy/2024/03/19/boj-ends-negative-rates");
  const rd_node *ans = rd_section_paragraph_at(rd_doc_section(doc, "afterword"), 1);
  STR_EQ(rd_reference_url(rd_citation_target(rd_sentence_citation_at(rd_block_sentence_at(ans, 1), 0))),
         "https://news.example.jp/economy/2024/07/31/boj-outlook");
  INT_EQ(rd_doc_warning_count(doc), 0);
  rd_doc_free(doc);
}

static void read_text__crlf_bom_fullwidth(void) {
  rd_doc *doc = parse_file("tests/data/articles/rice-prices-crlf.ja.txt");
  REQUIRE(doc);
  static const want_section w[] = {
    {"1", "品薄の原因", NULL, 1, 0, 0, 0, ""},
    {"1.1", "天候の影響", "1", 2, 0, 1, 2, "1,2"},
    {"1.2", "需要の変化", "1", 2, 0, 1, 1, "2"},
    {"2", "政府の対応", NULL, 1, 0, 1, 2, "3"},
    {"afterword", "あとがき", NULL, 1, 0, 2, 3, ""},
  };
  check_sections(doc, w, sizeof w / sizeof *w);
  /* The BOM and CRs stay in the source; spans index it as given. */
  size_t len, a, b;
  const char *src = rd_doc_source(&len, doc);
  OK(len > 3 && !memcmp(src, "\xEF\xBB\xBF", 3));
  rd_node_span(&a, &b, rd_doc_title(doc));
  INT_EQ(a, 3);
  STR_EQ(text_of(rd_doc_title(doc)), "米価格の高騰、背景に何が");
  OK(src[b] == '\r');
  rd_node_char_span(&a, NULL, rd_doc_title(doc));
  INT_EQ(a, 1);
  /* Full-width markers and reference numbers: ［１］ is [1]. */
  const rd_node *refs = rd_node_references(rd_doc_root(doc));
  STR_EQ(rd_reference_url(rd_references_find(refs, 1)), "https://news.example.jp/food/2024/08/28/rice-shortage");
  const rd_node *lead = rd_doc_lead(doc);
  const rd_node *c = rd_sentence_citation_at(rd_block_sentence_at(lead, 1), 0);
  INT_EQ(rd_node_number(c), 1);
  STR_EQ(text_of(c), "［１］");
  OK(rd_citation_target(c) == rd_references_find(refs, 1));
  STR_EQ(text_of(rd_section_question(rd_doc_section(doc, "afterword"))), "米の価格は今後下がるのだろうか？");
  INT_EQ(rd_doc_warning_count(doc), 0);
  rd_doc_free(doc);
}

static void read_text__paragraphs_only(void) {
  rd_doc *doc = parse_file("tests/data/articles/cherry-blossoms.ja.txt");
  REQUIRE(doc);
  INT_EQ(rd_doc_section_count(doc), 0);
  STR_EQ(text_of(rd_doc_title(doc)), "桜の開花、各地で平年より早く");
  OK(rd_doc_headline(doc) == NULL);
  INT_EQ(rd_section_paragraph_count(rd_doc_root(doc)), 3); /* the lead and two more */
  OK(rd_section_paragraph_at(rd_doc_root(doc), 0) == rd_doc_lead(doc));
  INT_EQ(rd_node_line(rd_section_paragraph_at(rd_doc_root(doc), 1)), 4); /* the blank line is skipped */
  INT_EQ(rd_doc_sentence_count(doc), 7);
  rd_doc_free(doc);
}

/* ---- variants ------------------------------------------------------------- */

static void read_text__fullwidth_numbers_and_spacing_match(void) {
  rd_doc *doc = parse_str("題名\n見出し\nリード文です。\n目次\n１．　最初の節\n- 小節\n2．次の節\n1.最初の節\n小 節\n本文です。\n２. 次 の 節\n本文二。\n");
  REQUIRE(doc);
  STR_EQ(heading_of(rd_doc_section(doc, "1")), "最初の節");
  STR_EQ(heading_of(rd_doc_section(doc, "1.1")), "小 節"); /* the body's spelling */
  STR_EQ(heading_of(rd_doc_section(doc, "2")), "次 の 節");
  INT_EQ(rd_doc_section_count(doc), 3);
  INT_EQ(rd_doc_warning_count(doc), 0);
  rd_doc_free(doc);
}

static void read_text__deeper_numbered_contents(void) {
  rd_doc *doc = parse_str("T\nH\nL。\n目次\n1. A\n1.1 B\n1.1.1 C\n2. D\n1. A\n1.1 B\nx。\n1.1.1 C\ny。\n2. D\nz。\n");
  REQUIRE(doc);
  INT_EQ(rd_doc_section_count(doc), 4);
  STR_EQ(rd_section_id(rd_doc_section_at(doc, 2)), "1.1.1");
  INT_EQ(rd_section_level(rd_doc_section(doc, "1.1.1")), 3);
  STR_EQ(rd_section_id(rd_node_parent(rd_doc_section(doc, "1.1.1"))), "1.1");
  STR_EQ(text_of(rd_section_paragraph_at(rd_doc_section(doc, "1.1.1"), 0)), "y。");
  rd_doc_free(doc);
}

static void read_text__empty_and_blank_input(void) {
  rd_doc *doc = parse_str("");
  REQUIRE(doc);
  INT_EQ(rd_node_child_count(rd_doc_root(doc)), 0);
  OK(rd_doc_title(doc) == NULL);
  rd_doc_free(doc);
  doc = parse_str("\n\r\n  \n\xE3\x80\x80\n");
  REQUIRE(doc);
  INT_EQ(rd_node_child_count(rd_doc_root(doc)), 0);
  rd_doc_free(doc);
  doc = parse_str("\xEF\xBB\xBF");
  REQUIRE(doc);
  INT_EQ(rd_node_child_count(rd_doc_root(doc)), 0);
  rd_doc_free(doc);
}

static void read_text__no_front_matter_flag(void) {
  rd_doc *doc = NULL;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  o.flags = RD_PARSE_NO_FRONT_MATTER;
  const char *t = "題名\n本文です。\n";
  REQUIRE(rd_doc_parse(&doc, t, strlen(t), &o) == RD_OK);
  OK(rd_doc_title(doc) == NULL);
  INT_EQ(rd_section_paragraph_count(rd_doc_root(doc)), 2);
  rd_doc_free(doc);
}

static void read_text__quotations(void) {
  rd_doc *doc = parse_str("彼は「行こう。」と言った。「はい。」「では。」と答えた。括弧（注：未定。）も一文。閉じない「引用。次の文。");
  REQUIRE(doc);
  const rd_node *p = rd_section_paragraph_at(rd_doc_root(doc), 0);
  REQUIRE(p);
  INT_EQ(rd_block_sentence_count(p), 6);
  STR_EQ(text_of(rd_block_sentence_at(p, 0)), "彼は「行こう。」と言った。");
  STR_EQ(text_of(rd_block_sentence_at(p, 1)), "「はい。」");
  STR_EQ(text_of(rd_block_sentence_at(p, 2)), "「では。」と答えた。");
  STR_EQ(text_of(rd_block_sentence_at(p, 3)), "括弧（注：未定。）も一文。");
  /* An unbalanced 「 is not a quotation: the sentences split as usual. */
  STR_EQ(text_of(rd_block_sentence_at(p, 4)), "閉じない「引用。");
  STR_EQ(text_of(rd_block_sentence_at(p, 5)), "次の文。");
  rd_doc_free(doc);
}

static void read_text__afterword_without_contents_and_question_mark_variants(void) {
  rd_doc *doc = parse_str("題\n本文。[1]\nCitations:\n[1] https://a.example/\n\nあとがき：\n前置き。\nなぜ？[1]\n答え。[1]\n");
  REQUIRE(doc);
  const rd_node *aw = rd_doc_section(doc, "afterword");
  REQUIRE(aw);
  STR_EQ(heading_of(aw), "あとがき");
  STR_EQ(text_of(rd_section_question(aw)), "なぜ？");
  /* No list of its own: afterword citations fall back to the document's. */
  const rd_node *ans = rd_section_paragraph_at(aw, 2);
  STR_EQ(rd_reference_url(rd_citation_target(rd_sentence_citation_at(rd_block_sentence_at(ans, 0), 0))), "https://a.example/");
  rd_doc_free(doc);
}

static void read_text__duplicate_reference_reported(void) {
  rd_doc *doc = parse_str("本文。[1]\nCitations:\n[1] https://a.example/\n[1] https://b.example/\n");
  REQUIRE(doc);
  INT_EQ(rd_doc_warning_count(doc), 1);
  STR_EQ(rd_doc_warning_at(doc, 0), "line 4: reference [1] listed twice; citations use the first");
  const rd_node *p = rd_section_paragraph_at(rd_doc_root(doc), 0);
  STR_EQ(rd_reference_url(rd_citation_target(rd_sentence_citation_at(rd_block_sentence_at(p, 0), 0))), "https://a.example/");
  rd_doc_free(doc);
}

/* Issue 16 item 17: one broken input gave 702,889 warnings. At most
 * RD__MAX_WARNINGS are kept, then one line counts the rest. */
static void read_text__warnings_capped(void) {
  rd__buf b = RD__BUF_INIT;
  const char *head = "本文。[1]\nCitations:\n";
  rd__buf_puts(&b, head);
  for (int i = 0; i < 5001; i++) rd__buf_puts(&b, "[1] https://a.example/\n");
  rd_doc *doc = NULL;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  INT_EQ(rd_doc_parse(&doc, b.ptr, b.len, &o), RD_OK);
  rd__buf_dispose(&b);
  REQUIRE(doc);
  INT_EQ(rd_doc_warning_count(doc), RD__MAX_WARNINGS + 1);
  STR_EQ(rd_doc_warning_at(doc, 0), "line 4: reference [1] listed twice; citations use the first");
  STR_EQ(rd_doc_warning_at(doc, RD__MAX_WARNINGS - 1), "line 103: reference [1] listed twice; citations use the first");
  STR_EQ(rd_doc_warning_at(doc, RD__MAX_WARNINGS), "4900 more warnings not shown (at most 100 are kept)");
  OK(rd_doc_warning_at(doc, RD__MAX_WARNINGS + 1) == NULL);
  rd_doc_free(doc);
}

/* Aozora Bunko (issue 17): the header's title and author, the symbol
 * legend and the 底本 colophon left out, heading notes as sections, notes
 * and readings out of the sentence text, readings kept as ruby spans. */
static void read_text__aozora_headings_notes_and_ruby(void) {
  rd_doc *doc = parse_file("tests/data/aozora/yuki-no-hi.txt");
  REQUIRE(doc);
  STR_EQ(text_of(rd_doc_title(doc)), "雪の日");
  STR_EQ(rd_doc_byline(doc), "山田花子");
  INT_EQ(rd_doc_section_count(doc), 3);
  STR_EQ(heading_of(rd_doc_section(doc, "1")), "一");
  STR_EQ(heading_of(rd_doc_section(doc, "1.1")), "小さな足跡");
  STR_EQ(heading_of(rd_doc_section(doc, "2")), "二");
  const rd_node *s1 = rd_doc_section(doc, "1");
  INT_EQ(rd_section_paragraph_count(s1), 2);
  STR_EQ(text_of(rd_block_sentence_at(rd_section_paragraph_at(s1, 0), 0)), "朝、窓の外は一面の銀世界だった。");
  STR_EQ(text_of(rd_block_sentence_at(rd_section_paragraph_at(s1, 1), 0)), "山小屋の屋根にも雪が積もっている。");
  INT_EQ(rd_section_paragraph_count(rd_doc_section(doc, "2")), 1); /* the colophon is not a paragraph */
  /* The readings: 朝 あさ, 銀世界 ぎんせかい, ｜山小屋 やまごや, 兎, 日差 (of 日差し). */
  INT_EQ(doc->nruby_spans, 5);
  const char *want[][2] = {{"朝", "あさ"}, {"銀世界", "ぎんせかい"}, {"山小屋", "やまごや"}, {"兎", "うさぎ"}, {"日差", "ひざ"}};
  for (size_t i = 0; i < 5 && i < doc->nruby_spans; i++) {
    const rd__ruby_span *sp = &doc->ruby_spans[i];
    INT_EQ(sp->end - sp->start, strlen(want[i][0]));
    OK(!memcmp(doc->src + sp->start, want[i][0], strlen(want[i][0])));
    STR_EQ(sp->reading, want[i][1]);
  }
  rd_doc_free(doc);
}

/* Inline readings in any text: （かな） right after kanji and 《かな》 leave
 * the sentence text; other brackets stay text. */
static void read_text__inline_readings_leave_the_text(void) {
  rd_doc *doc = parse_str("題\n\n工事の進捗（しんちょく）を｜東京都《とうきょうと》が確認（２５日）した（らしい）。\n");
  REQUIRE(doc);
  const rd_node *p = rd_section_paragraph_at(rd_doc_root(doc), 0);
  REQUIRE(p);
  STR_EQ(text_of(rd_block_sentence_at(p, 0)), "工事の進捗を東京都が確認（２５日）した（らしい）。");
  INT_EQ(doc->nruby_spans, 2);
  if (doc->nruby_spans == 2) {
    STR_EQ(doc->ruby_spans[0].reading, "しんちょく");
    OK(doc->ruby_spans[0].flags != 0);  /* the kanji run before （ is a guess, narrowed at annotation */
    STR_EQ(doc->ruby_spans[1].reading, "とうきょうと");
    INT_EQ(doc->ruby_spans[1].flags, 0); /* ｜ names the base */
  }
  /* Source offsets still index the source: the sentence's span covers the readings. */
  rd_doc_free(doc);
}

/* Labels are found wherever their word sits in a short line (the filter
 * by a word's first two bytes: at the start, after 【 or ##, at the very
 * end, in capitals), and only a line that is the label is one. */
static void read_text__labels_in_every_position(void) {
  /* Also the spellings only the full-width filter lets through to ICU: a
   * full-width word, mixed case before a full-width colon, and が written
   * か + U+3099 (which NFKC composes) before one. */
  static const char *const afterword[] = {"後書き", "【あとがき】", "## Afterword", "AFTERWORD：", "■あとがき",
                                          "ＡＦＴＥＲＷＯＲＤ", "Ａｆｔｅｒｗｏｒｄ：", "AfTeRwOrD：",
                                          "あとか\xE3\x82\x99き：", "＃ 後書き"};
  for (size_t i = 0; i < sizeof afterword / sizeof *afterword; i++) {
    char text[256];
    snprintf(text, sizeof text, "題\n\n本文です。\n\n%s\n\n最後の文です。\n", afterword[i]);
    rd_doc *doc = parse_str(text);
    REQUIRE(doc);
    const rd_node *aw = rd_doc_section(doc, "afterword");
    if (!aw) fprintf(stderr, "  no afterword for %s\n", afterword[i]);
    OK(aw != NULL);
    if (aw) STR_EQ(text_of(rd_section_paragraph_at(aw, 0)), "最後の文です。");
    rd_doc_free(doc);
  }
  static const char *const lists[] = {"REFERENCES", "Sources:", "出典：", "参考文献", "【引用】"};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
    char text[256];
    snprintf(text, sizeof text, "本文。[1]\n%s\n[1] https://a.example/\n", lists[i]);
    rd_doc *doc = parse_str(text);
    REQUIRE(doc);
    const rd_node *p = rd_section_paragraph_at(rd_doc_root(doc), 0);
    const char *url = rd_reference_url(rd_citation_target(rd_sentence_citation_at(rd_block_sentence_at(p, 0), 0)));
    if (!url) fprintf(stderr, "  no reference list for %s\n", lists[i]);
    STR_EQ(url ? url : "(none)", "https://a.example/");
    rd_doc_free(doc);
  }
  /* The word inside a longer line, or cut short at the line's end, is text;
   * so is a short line with full-width forms and other kanji or kana. */
  static const char *const text[] = {"あとがきの話", "Sourc", "後書き（下）", "あとがきです！", "目次を見る？"};
  for (size_t i = 0; i < sizeof text / sizeof *text; i++) {
    char t[256];
    snprintf(t, sizeof t, "題\n\n本文です。\n\n%s\n\n最後の文です。\n", text[i]);
    rd_doc *doc = parse_str(t);
    REQUIRE(doc);
    if (rd_doc_section(doc, "afterword")) fprintf(stderr, "  an afterword for %s\n", text[i]);
    OK(rd_doc_section(doc, "afterword") == NULL);
    INT_EQ(rd_doc_section_count(doc), 0);
    rd_doc_free(doc);
  }
}

/* The one pass that validates notes where ［ and 【 first occur (the
 * Aozora test searches from there), in and after runs, or the length. */
static void read_text__validation_notes_first_marks(void) {
  static const char want[] = "\xEF\xBC\xBB\xE3\x80\x90"; /* ［【 */
  static const struct { const char *s; size_t a0, a1; } cases[] = {
    {"かな", 6, 6},          {"［", 0, 3},          {"a【b［c［【", 5, 1},      {"漢字【見出し】［＃注］", 21, 6},
    {"かな\n［1］【", 7, 14}, {"［＃", 0, 6},        {"ab", 2, 2},               {"", 0, 0}};
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    size_t at[2] = {99, 99}, len = strlen(cases[i].s);
    INT_EQ(rd__utf8_validate_find(cases[i].s, len, "t", want, at), RD_OK);
    INT_EQ(at[0], cases[i].a0);
    INT_EQ(at[1], cases[i].a1);
  }
  size_t at[2];
  INT_EQ(rd__utf8_validate_find("かな［\xE3\x81", 11, "t", want, at), RD_EENCODING);
  INT_EQ(rd_error_last()->offset, 9);
  INT_EQ(rd__utf8_validate_find("x", 1, "t", "\xED\x9F\xBF\xE3\x80\x90", at), RD_EINVALID);
}

/* Lines and code-point offsets of nodes are the same whether the document
 * keeps a line index (4 KiB and more) or counts on request (shorter). */
static void read_text__lines_and_chars_short_and_long(void) {
  for (int big = 0; big < 2; big++) {
    rd__buf b = RD__BUF_INIT;
    rd__buf_puts(&b, "題名です\n\n");
    for (int k = 0; k < (big ? 200 : 3); k++) rd__buf_puts(&b, "本文の段落です。二つ目の文。\n\n");
    rd__buf_puts(&b, "最後の段落です。\n");
    rd_doc *doc = parse_str(b.ptr);
    REQUIRE(doc);
    OK((doc->line_ck != NULL) == big);
    const rd_node *root = rd_doc_root(doc);
    size_t n = rd_section_paragraph_count(root);
    INT_EQ(n, big ? 201 : 4);
    for (size_t k = 0; k < n; k++) {
      const rd_node *p = rd_section_paragraph_at(root, k);
      INT_EQ(rd_node_line(p), 3 + 2 * k);
      size_t cs, ce;
      rd_node_char_span(&cs, &ce, rd_block_sentence_at(p, 0));
      INT_EQ(cs, 6 + 16 * k);
      INT_EQ(ce, 6 + 16 * k + (k + 1 == n ? 8 : 8));
    }
    INT_EQ(rd_node_line(rd_doc_title(doc)), 1);
    rd_doc_free(doc);
    rd__buf_dispose(&b);
  }
}

/* A note ［＃…］ after an ordinary ［, or the symbol legend after an
 * ordinary 【, still makes the file Aozora text (the test searches from
 * the first ［ and 【 validation saw): its byline is read, its headings
 * are sections. */
static void read_text__aozora_told_after_a_bracket(void) {
  rd_doc *doc = parse_str("雪の日\n山田花子\n\n本文［1］です。\n\n［＃３字下げ］一［＃「一」は大見出し］\n\n朝だった。\n");
  REQUIRE(doc);
  STR_EQ(rd_doc_byline(doc) ? rd_doc_byline(doc) : "(none)", "山田花子");
  INT_EQ(rd_doc_section_count(doc), 1);
  rd_doc_free(doc);
  doc = parse_str("雪の日\n山田花子\n\n【お知らせ】です。\n\n【テキスト中に現れる記号について】\n\n朝だった。\n");
  REQUIRE(doc);
  STR_EQ(rd_doc_byline(doc) ? rd_doc_byline(doc) : "(none)", "山田花子");
  rd_doc_free(doc);
  /* Without either, the same lines are plain text: no byline. */
  doc = parse_str("雪の日\n山田花子\n\n本文［1］です。【お知らせ】\n\n朝だった。\n");
  REQUIRE(doc);
  OK(rd_doc_byline(doc) == NULL);
  rd_doc_free(doc);
}

/* Validation steps over runs of kana and kanji in a loop of its own: an
 * error inside or right after such a run is still found at its byte, and
 * the 3-byte forms at the edges of the checked ranges are still told apart. */
static void read_text__utf8_errors_after_kana_runs(void) {
  static const struct { const char *s; size_t len; int64_t at, line; } bad[] = {
    {"かな\x80", 7, 6, 1},             {"かな\xE3\x81", 8, 6, 1},         {"かな\xE3\x81\x41", 9, 6, 1},
    {"かな\xED\xA0\x80", 9, 6, 1},     {"かな\xE0\x80\x80", 9, 6, 1},     {"かな\n漢\xE6\xBC", 12, 10, 2},
    {"かな\xE3", 7, 6, 1},             {"かな\xEF\xBC\xFF。", 12, 6, 1}, {"a漢\x00字", 8, 4, 1},
    {"漢字\xF4\x90\x80\x80", 10, 6, 1}};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    INT_EQ(rd__utf8_validate(bad[i].s, bad[i].len, "t"), RD_EENCODING);
    INT_EQ(rd_error_last()->offset, bad[i].at);
    INT_EQ(rd_error_last()->line, bad[i].line);
  }
  static const char *const good[] = {"かな漢字", "\xE0\xA0\x80かな", "かな\xED\x9F\xBF", "かな\xEE\x80\x80\xEF\xBF\xBF",
                                     "かな\xF0\x9F\x98\x80漢", "かなa漢b", "ａ\xC2\xA0か", ""};
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) INT_EQ(rd__utf8_validate(good[i], strlen(good[i]), "t"), RD_OK);
}

/* The sentence text drops markers and readings after kana, kanji and
 * punctuation alike, and keeps every other character (the splitter steps
 * over characters that cannot start either by their first byte). */
static void read_text__markers_and_readings_after_any_character(void) {
  rd_doc *doc = parse_str("題\n\n本文です[1]、漢字《かんじ》とカナ［２］。ｶﾅ（ｶﾅ）と〇〇[3]！\n");
  REQUIRE(doc);
  const rd_node *p = rd_section_paragraph_at(rd_doc_root(doc), 0);
  REQUIRE(p);
  INT_EQ(rd_block_sentence_count(p), 2);
  const rd_node *s0 = rd_block_sentence_at(p, 0), *s1 = rd_block_sentence_at(p, 1);
  STR_EQ(text_of(s0), "本文です、漢字とカナ。");
  INT_EQ(rd_sentence_citation_count(s0), 2);
  STR_EQ(text_of(s1), "ｶﾅ（ｶﾅ）と〇〇！");
  INT_EQ(rd_sentence_citation_count(s1), 1);
  INT_EQ(doc->nruby_spans, 1);
  if (doc->nruby_spans == 1) STR_EQ(doc->ruby_spans[0].reading, "かんじ");
  rd_doc_free(doc);
}

T_MAIN(T(read_text__heading_key_with_large_nfkc_expansion), T(read_text__seed_front_matter), T(read_text__seed_sections_in_full),
       T(read_text__seed_citations_resolve_to_their_part), T(read_text__seed_afterword),
       T(read_text__three_levels_missing_last_heading_and_gaps), T(read_text__markdown_headings),
       T(read_text__crlf_bom_fullwidth), T(read_text__paragraphs_only),
       T(read_text__fullwidth_numbers_and_spacing_match), T(read_text__deeper_numbered_contents),
       T(read_text__empty_and_blank_input), T(read_text__no_front_matter_flag), T(read_text__quotations),
       T(read_text__afterword_without_contents_and_question_mark_variants),
       T(read_text__duplicate_reference_reported), T(read_text__warnings_capped), T(read_text__aozora_headings_notes_and_ruby),
       T(read_text__inline_readings_leave_the_text), T(read_text__labels_in_every_position),
       T(read_text__markers_and_readings_after_any_character), T(read_text__utf8_errors_after_kana_runs),
       T(read_text__validation_notes_first_marks), T(read_text__lines_and_chars_short_and_long),
       T(read_text__aozora_told_after_a_bracket))
