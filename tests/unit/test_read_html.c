#define _POSIX_C_SOURCE 200809L /* pthread_barrier_t */
/* The HTML reader: the same model as text articles (sections from h1-h6,
 * paragraphs from p/li, links as citations and references), its source
 * being the extracted text; scripts, styles and ruby readings left out. */
#include <reader.h>

#include <pthread.h>

#include "model.h"
#include "harness.h"

static rd_doc *parse_html(const char *html, size_t len) {
  rd_doc *doc = NULL;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_HTML;
  o.name = "test.html";
  if (rd_doc_parse(&doc, html, len, &o) < 0) fprintf(stderr, "  parse: %s\n", rd_error_last()->message);
  return doc;
}

static const char *text_of(const rd_node *n) { return n ? rd_node_text(NULL, n) : NULL; }
static const char *heading_of(const rd_node *sec) { return text_of(rd_section_heading(sec)); }

static void read_html__article_structure(void) {
  char path[4096];
  snprintf(path, sizeof path, "%s/tests/data/articles/typhoon-shanshan.ja.html", READER_SOURCE_DIR);
  rd_doc *doc;
  REQUIRE(rd_doc_parse_file(&doc, path, NULL) == RD_OK); /* .html picks the HTML reader */
  STR_EQ(text_of(rd_doc_title(doc)), "台風10号、九州に上陸 & 各地で大雨"); /* entity decoded; h1 = title */
  OK(rd_doc_headline(doc) == NULL);
  const rd_node *lead = rd_doc_lead(doc);
  STR_EQ(text_of(lead), "2024年8月29日、台風10号が鹿児島県に上陸しました。気象庁は特別警報を発表し、最大級の警戒を呼びかけました。");
  INT_EQ(rd_block_sentence_count(lead), 2);
  INT_EQ(rd_doc_section_count(doc), 4);
  STR_EQ(rd_section_id(rd_doc_section_at(doc, 0)), "1");
  STR_EQ(heading_of(rd_doc_section(doc, "1")), "被害の状況");
  STR_EQ(heading_of(rd_doc_section(doc, "1.1")), "交通への影響");
  STR_EQ(rd_section_id(rd_node_parent(rd_doc_section(doc, "1.1"))), "1");
  STR_EQ(heading_of(rd_doc_section(doc, "2")), "今後の見通し");
  /* Each li is a paragraph. */
  const rd_node *s11 = rd_doc_section(doc, "1.1");
  INT_EQ(rd_section_paragraph_count(s11), 2);
  STR_EQ(text_of(rd_section_paragraph_at(s11, 1)), "航空便も多くが欠航しました。");
  /* A link is a citation where it stood and a numbered reference; the same URL keeps its number. */
  const rd_node *refs = rd_node_references(rd_doc_root(doc));
  REQUIRE(refs);
  INT_EQ(rd_node_child_count(refs), 2);
  STR_EQ(rd_reference_url(rd_references_find(refs, 2)), "https://rail.example.jp/notice/0829");
  const rd_node *c = rd_sentence_citation_at(rd_block_sentence_at(lead, 1), 0);
  REQUIRE(c);
  STR_EQ(rd_reference_url(rd_citation_target(c)), "https://news.example.jp/weather/2024/08/29/typhoon10");
  INT_EQ(rd_citation_text_offset(c), strlen("気象庁は特別警報"));
  const rd_node *p2 = rd_section_paragraph_at(rd_doc_section(doc, "2"), 0);
  INT_EQ(rd_block_sentence_count(p2), 2);
  OK(rd_citation_target(rd_sentence_citation_at(rd_block_sentence_at(p2, 1), 0)) == rd_references_find(refs, 1));
  /* The afterword, its question and its own list: its [1] is another URL. */
  const rd_node *aw = rd_doc_section(doc, "afterword");
  REQUIRE(aw);
  STR_EQ(text_of(rd_section_question(aw)), "なぜ台風の進みが遅いのか？");
  const rd_node *ans = rd_section_paragraph_at(aw, 1);
  const rd_node *ac = rd_sentence_citation_at(rd_block_sentence_at(ans, 1), 0);
  STR_EQ(rd_reference_url(rd_citation_target(ac)), "https://science.example.jp/typhoon-speed");
  /* Scripts, styles, navigation and ruby readings are not text; the meta charset is ignored. */
  size_t len;
  const char *src = rd_doc_source(&len, doc);
  OK(strstr(src, "無視") == NULL);
  OK(strstr(src, "たいふう") == NULL);
  OK(strstr(src, "本文へ") == NULL);
  OK(strstr(src, "台風10号が鹿児島県") != NULL);
  /* Spans index the extracted text. */
  size_t a, b;
  rd_node_span(&a, &b, rd_section_heading(rd_doc_section(doc, "1")));
  OK(b - a == strlen("被害の状況") && !memcmp(src + a, "被害の状況", b - a));
  INT_EQ(rd_doc_warning_count(doc), 0);
  rd_doc_free(doc);
}

static void read_html__sniffed_from_content(void) {
  rd_doc *doc;
  const char *h = "  <p>一文目。二文目。</p>";
  REQUIRE(rd_doc_parse(&doc, h, strlen(h), NULL) == RD_OK);
  INT_EQ(rd_doc_sentence_count(doc), 2);
  STR_EQ(text_of(rd_doc_sentence_at(doc, 1)), "二文目。");
  rd_doc_free(doc);
}

static void read_html__title_from_the_articles_heading(void) {
  const char *h = "<html><head><title>サイト名</title></head><body><h1>記事の見出し</h1><p>本文です。</p>"
                  "<h2>節</h2><p>節の本文。</p></body></html>";
  rd_doc *doc = parse_html(h, strlen(h));
  REQUIRE(doc);
  /* The article's own heading is the title; the site's <title> is not. */
  STR_EQ(text_of(rd_doc_title(doc)), "記事の見出し");
  OK(rd_doc_headline(doc) == NULL);
  STR_EQ(text_of(rd_doc_lead(doc)), "本文です。");
  STR_EQ(heading_of(rd_doc_section(doc, "1")), "節");
  rd_doc_free(doc);
}

static void read_html__no_title_headings_nest_by_level(void) {
  const char *h = "<h2>一</h2><p>あ。</p><h4>一の一</h4><p>い。</p><h3>一の二</h3><p>う。</p><h2>二</h2><p>え。</p>";
  rd_doc *doc = parse_html(h, strlen(h));
  REQUIRE(doc);
  OK(rd_doc_title(doc) == NULL);
  INT_EQ(rd_doc_section_count(doc), 4);
  STR_EQ(heading_of(rd_doc_section(doc, "1")), "一");
  STR_EQ(heading_of(rd_doc_section(doc, "1.1")), "一の一"); /* h4 under h2: one level down */
  STR_EQ(heading_of(rd_doc_section(doc, "1.2")), "一の二");
  STR_EQ(heading_of(rd_doc_section(doc, "2")), "二");
  STR_EQ(text_of(rd_section_paragraph_at(rd_doc_section(doc, "2"), 0)), "え。");
  rd_doc_free(doc);
}

static void read_html__whitespace_collapses(void) {
  const char *h = "<p>  日本語の\n   文章です。 English\n  words   here. </p><p>a<br>b</p>";
  rd_doc *doc = parse_html(h, strlen(h));
  REQUIRE(doc);
  const rd_node *root = rd_doc_root(doc);
  STR_EQ(text_of(rd_section_paragraph_at(root, 0)), "日本語の文章です。 English words here.");
  INT_EQ(rd_section_paragraph_count(root), 3); /* <br> separates blocks */
  rd_doc_free(doc);
}

static void read_html__invalid_utf8_is_an_error(void) {
  const char h[] = "<p>正しい</p>\n<p>\xE3\x81</p>";
  rd_doc *doc = (rd_doc *)1;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_HTML;
  o.name = "bad.html";
  INT_EQ(rd_doc_parse(&doc, h, sizeof h - 1, &o), RD_EENCODING);
  OK(doc == NULL);
  INT_EQ(rd_error_last()->offset, 20);
  INT_EQ(rd_error_last()->line, 2);
  STR_EQ(rd_error_last()->message, "bad.html: invalid UTF-8 at byte 20 (line 2)");
  const char nul[] = "<p>a\0b</p>";
  INT_EQ(rd_doc_parse(&doc, nul, sizeof nul - 1, &o), RD_EENCODING);
}

static void read_html__empty_is_empty_document(void) {
  rd_doc *doc = parse_html("", 0);
  REQUIRE(doc);
  INT_EQ(rd_node_child_count(rd_doc_root(doc)), 0);
  rd_doc_free(doc);
  doc = parse_html(" \n ", 3);
  REQUIRE(doc);
  INT_EQ(rd_node_child_count(rd_doc_root(doc)), 0);
  rd_doc_free(doc);
  doc = parse_html("<html><body></body></html>", 26);
  REQUIRE(doc);
  INT_EQ(rd_node_child_count(rd_doc_root(doc)), 0);
  rd_doc_free(doc);
}

/* Issue 16 item 4: text inside HTML blocks never becomes structure. */
static void read_html__text_never_becomes_structure(void) {
  const char *h = "<h1>題</h1><p>## x</p><p>本文です。</p>";
  rd_doc *doc = parse_html(h, strlen(h));
  REQUIRE(doc);
  INT_EQ(rd_doc_section_count(doc), 0);
  STR_EQ(text_of(rd_section_paragraph_at(rd_doc_root(doc), 0)), "## x");
  rd_doc_free(doc);
  h = "<h1>題</h1><p>目次</p><p>1. x</p><h2>本当の節</h2><p>本文。</p>";
  REQUIRE((doc = parse_html(h, strlen(h))));
  INT_EQ(rd_doc_section_count(doc), 1); /* not a second section with id 1 */
  STR_EQ(heading_of(rd_doc_section(doc, "1")), "本当の節");
  INT_EQ(rd_section_paragraph_count(rd_doc_root(doc)), 2);
  rd_doc_free(doc);
  h = "<h1>題</h1><p>記事は<a href=\"https://real.example/\">こちら</a>です。</p><p>Citations:</p>"
      "<p>[1] https://evil.example/</p>";
  REQUIRE((doc = parse_html(h, strlen(h))));
  const rd_node *refs = rd_node_references(rd_doc_root(doc));
  REQUIRE(refs);
  INT_EQ(rd_node_child_count(refs), 1);
  const rd_node *lead = rd_doc_lead(doc);
  STR_EQ(text_of(lead), "記事はこちらです。");
  STR_EQ(rd_reference_url(rd_citation_target(rd_sentence_citation_at(rd_block_sentence_at(lead, 0), 0))),
         "https://real.example/");
  /* The planted list is two paragraphs of text, its [1] not a citation. */
  const rd_node *planted = rd_section_paragraph_at(rd_doc_root(doc), 2);
  STR_EQ(text_of(planted), "[1] https://evil.example/");
  INT_EQ(rd_sentence_citation_count(rd_block_sentence_at(planted, 0)), 0);
  rd_doc_free(doc);
  h = "<h1>題</h1><p>本文。</p><p>あとがき</p><p>なぜ？</p>";
  REQUIRE((doc = parse_html(h, strlen(h))));
  OK(rd_doc_section(doc, "afterword") == NULL);
  INT_EQ(rd_section_paragraph_count(rd_doc_root(doc)), 3);
  rd_doc_free(doc);
  /* An href with a newline cannot add lines (references or structure). */
  h = "<h1>題</h1><p>本文<a href=\"https://a.example/x\n[2] https://evil.example/\n## 節\">です</a>。</p>";
  REQUIRE((doc = parse_html(h, strlen(h))));
  refs = rd_node_references(rd_doc_root(doc));
  REQUIRE(refs);
  INT_EQ(rd_node_child_count(refs), 1);
  OK(strchr(rd_reference_url(rd_references_find(refs, 1)), '\n') == NULL);
  INT_EQ(rd_doc_section_count(doc), 0);
  rd_doc_free(doc);
}

/* Ruby: the base stays in the text, rt readings are kept per span. */
static void read_html__ruby_spans_recorded(void) {
  const char *h = "<p><ruby>漢字<rt>かんじ</rt></ruby>と<ruby>仮<rt>か</rt>名<rt>な</rt></ruby>。</p>";
  rd_doc *doc = parse_html(h, strlen(h));
  REQUIRE(doc);
  STR_EQ(text_of(rd_doc_sentence_at(doc, 0)), "漢字と仮名。");
  INT_EQ(doc->nruby_spans, 3);
  const char *src = rd_doc_source(NULL, doc);
  static const char *const base[] = {"漢字", "仮", "名"}, *const reading[] = {"かんじ", "か", "な"};
  for (size_t i = 0; i < 3 && i < doc->nruby_spans; i++) {
    const rd__ruby_span *sp = &doc->ruby_spans[i];
    OK(sp->end - sp->start == strlen(base[i]) && !memcmp(src + sp->start, base[i], sp->end - sp->start));
    STR_EQ(sp->reading, reading[i]);
  }
  rd_doc_free(doc);
}

/* Issue 17 item 1: an NHK-like page; only the article is read, with its
 * date and byline; RD_PARSE_WHOLE_PAGE keeps the rest. */
static void read_html__main_content_only(void) {
  const char *h =
      "<html><head><title>見出し | ニュース</title><meta property=\"article:published_time\" content=\"2024-01-02\"></head>"
      "<body><header><a href=\"/\">ロゴ</a><nav><ul><li>ニュース</li><li>天気</li></ul></nav></header>\n"
      "<article class=\"ranking\"><h2>アクセスランキング</h2><ol><li><a href=\"/a\">別の記事の見出し</a></li></ol></article>\n"
      "<article><header><h1>記事の<ruby>見出<rt>みだ</rt></ruby>し</h1><time datetime=\"2024-01-02T10:00\">1月2日</time>"
      "<div class=\"tools\"><a href=\"#\">ニュースを聞く</a><button>漢字の読み方を消す</button></div></header>\n"
      "<div class=\"body\"><p>一段落目の本文です。長い文章が続きます。</p>\n<p>二段落目です。</p>"
      "<p class=\"byline\">記者 山田</p></div>\n"
      "<div class=\"share\"><a href=\"https://sns.example/\">シェアする</a></div></article>\n"
      "<aside><h2>関連記事</h2><p>関連の本文。</p></aside><footer>著作権</footer></body></html>";
  rd_doc *doc = parse_html(h, strlen(h));
  REQUIRE(doc);
  STR_EQ(text_of(rd_doc_title(doc)), "記事の見出し");
  STR_EQ(text_of(rd_doc_lead(doc)), "一段落目の本文です。長い文章が続きます。");
  STR_EQ(rd_doc_date(doc), "2024-01-02T10:00");
  STR_EQ(rd_doc_byline(doc), "記者 山田");
  const char *src = rd_doc_source(NULL, doc);
  static const char *const out_words[] = {"ロゴ", "天気", "ランキング", "別の記事", "ニュースを聞く", "読み方を消す",
                                          "シェア", "関連", "著作権", "記者", "1月2日"};
  for (size_t i = 0; i < sizeof out_words / sizeof *out_words; i++)
    if (strstr(src, out_words[i])) FAILF("'%s' from the page furniture is in the text", out_words[i]);
  OK(strstr(src, "二段落目です。") != NULL);
  OK(rd_node_references(rd_doc_root(doc)) == NULL);
  rd_doc_free(doc);
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_HTML;
  o.flags = RD_PARSE_WHOLE_PAGE;
  REQUIRE(rd_doc_parse(&doc, h, strlen(h), &o) == RD_OK);
  src = rd_doc_source(NULL, doc);
  OK(strstr(src, "アクセスランキング") && strstr(src, "関連の本文。") && strstr(src, "著作権"));
  rd_doc_free(doc);
  /* The chosen container is read even when its own class looks like furniture. */
  h = "<body class=\"has-header\"><div class=\"nav\">メニュー</div><p>本文です、長い文です。</p><p>二つ目、です。</p></body>";
  REQUIRE((doc = parse_html(h, strlen(h))));
  STR_EQ(text_of(rd_doc_lead(doc)), "本文です、長い文です。");
  OK(strstr(rd_doc_source(NULL, doc), "メニュー") == NULL);
  rd_doc_free(doc);
}

static void no_furniture(const rd_doc *doc, const char *const *words, size_t n) {
  const char *src = rd_doc_source(NULL, doc);
  for (size_t i = 0; i < n; i++)
    if (strstr(src, words[i])) FAILF("'%s' from the page furniture is in the text", words[i]);
}

/* Issue 17 item 5: pages shaped like NHK News Web Easy (ruby everywhere,
 * button labels in the article's toolbar) and NHK News Web (Shift_JIS,
 * several <article> blocks of rankings, weather and banners). */
static void read_html__nhk_easy_shaped_page(void) {
  rd_doc *doc;
  REQUIRE(rd_doc_parse_file(&doc, READER_SOURCE_DIR "/tests/data/html/nhk-easy-like.html", NULL) == RD_OK);
  STR_EQ(text_of(rd_doc_title(doc)), "雪で電車が止まる");
  STR_EQ(text_of(rd_doc_lead(doc)), "北海道で雪がたくさん降りました。");
  INT_EQ(rd_doc_sentence_count(doc), 3);
  STR_EQ(rd_doc_date(doc), "2025-01-10");
  static const char *const out_words[] = {"ニュースを聞く", "漢字の読み方を消す", "ことばの色を消す", "普通のニュースを読む",
                                          "新しいニュース", "災害で気をつけること", "このサイトについて",
                                          "About NEWS WEB EASY", "今までのニュースを見る", "NHKの関連サイト",
                                          "ゆき", "1月10日"};
  no_furniture(doc, out_words, sizeof out_words / sizeof *out_words);
  /* Every ruby of the title and body is kept with its reading. */
  INT_EQ(doc->nruby_spans, 10); /* 3 in the title, 7 in the body */
  const char *src = rd_doc_source(NULL, doc);
  OK(doc->nruby_spans && !strcmp(doc->ruby_spans[0].reading, "ゆき") && !memcmp(src + doc->ruby_spans[0].start, "雪", 3));
  rd_doc_free(doc);
}

/* The shape of a saved NHK News Web Easy page (checked against one from a
 * public test fixture): the date as text in a block classed "date", the
 * word-colour legend, a note about the dictionary, a survey. */
static void read_html__nhk_easy_date_legend_and_notes_left_out(void) {
  rd_doc *doc;
  REQUIRE(rd_doc_parse_file(&doc, READER_SOURCE_DIR "/tests/data/html/nhk-easy-like-2.html", NULL) == RD_OK);
  STR_EQ(text_of(rd_doc_title(doc)), "公園でさくらが咲いた");
  STR_EQ(rd_doc_date(doc), "[03月25日 16時00分]");
  INT_EQ(rd_doc_sentence_count(doc), 2); /* the title and the one body sentence */
  static const char *const out_words[] = {"03月25日", "人の名前", "ことばの色を消す", "辞書", "アンケート",
                                          "ニュースを聞く", "普通のニュース", "新しいニュース", "災害", "について"};
  no_furniture(doc, out_words, sizeof out_words / sizeof *out_words);
  rd_doc_free(doc);
}

static void read_html__nhk_news_shaped_shift_jis_page(void) {
  rd_doc *doc;
  REQUIRE(rd_doc_parse_file(&doc, READER_SOURCE_DIR "/tests/data/html/nhk-news-like.sjis.html", NULL) == RD_OK);
  STR_EQ(text_of(rd_doc_title(doc)), "大雪で交通に影響");
  STR_EQ(text_of(rd_doc_lead(doc)), "日本海側を中心に大雪となり、各地で交通に影響が出ています。");
  STR_EQ(rd_doc_date(doc), "2025-01-10T06:00:00+09:00");
  INT_EQ(rd_doc_section_count(doc), 1);
  STR_EQ(heading_of(rd_doc_section(doc, "1")), "鉄道への影響");
  static const char *const out_words[] = {"アクセスランキング", "別の記事", "各地の天気", "東京 晴れ", "特集バナー",
                                          "シェアする", "関連ニュース", "去年の大雪", "著作権", "NHKニュース"};
  no_furniture(doc, out_words, sizeof out_words / sizeof *out_words);
  OK(rd_node_references(rd_doc_root(doc)) == NULL);
  rd_doc_free(doc);
}

/* The nesting and class names of a real NHK News Web article page (2024,
 * checked against a saved one from a public test fixture; README): the
 * headline in header.content--detail-header, the summary with an inline
 * reading, sections of h2.body-title + div.body-text, a link card to an
 * older story, and around the article 20 other article/aside blocks
 * (rankings, weather, banners, notices, share, page-top). */
static void read_html__nhk_news_web_shaped_page(void) {
  rd_doc *doc;
  REQUIRE(rd_doc_parse_file(&doc, READER_SOURCE_DIR "/tests/data/html/nhk-news-web-like.html", NULL) == RD_OK);
  STR_EQ(text_of(rd_doc_title(doc)), "川の水位が上昇 住民に避難の呼びかけ"); /* the headline's space is the editors' */
  STR_EQ(text_of(rd_doc_lead(doc)), "大雨の影響で川の水位が上がり、市は住民に避難を呼びかけています。堤防の点検を急いでいます。");
  STR_EQ(rd_doc_date(doc), "2025-01-10T06:00:12");
  INT_EQ(rd_doc_section_count(doc), 2);
  STR_EQ(heading_of(rd_doc_section(doc, "1")), "《川の様子》");
  STR_EQ(heading_of(rd_doc_section(doc, "2")), "《避難所》");
  INT_EQ(rd_doc_sentence_count(doc), 9); /* title, 3 in the summary, 2 headings, 2 + 1 in the sections */
  static const char *const out_words[] = {"【詳しくはこちら】", "去年の大雨", "ニュース一覧へ戻る", "ページの先頭へ戻る",
                                          "シェア", "ポストする", "ランキング", "よく読まれた", "各地の天気", "地震情報",
                                          "特集", "バナー", "あわせて読みたい", "別の記事", "JavaScript", "お知らせ",
                                          "通知", "アプリ", "注目", "著作権", "トップ", "ニュース速報", "気象", "2025年"};
  no_furniture(doc, out_words, sizeof out_words / sizeof *out_words);
  OK(rd_node_references(rd_doc_root(doc)) == NULL); /* the link card's link went with it */
  INT_EQ(rd_doc_ruby_span_count(doc), 1);               /* 点検（てんけん） */
  rd_doc_free(doc);
}

/* White space between two wide characters: a line break of the HTML file
 * goes (CSS Text drops such segment breaks), a space the writer typed
 * stays. A link wrapping an h2-h6 is a card for another article. */
static void read_html__spaces_and_link_cards(void) {
  const char *h = "<article><h1>事故 調査</h1><p>日本\n  語の文です。</p><p>次の文です。</p>"
                  "<a href=\"/x.html\"><div><h2>別の記事</h2></div></a></article>";
  rd_doc *doc = parse_html(h, strlen(h));
  REQUIRE(doc);
  STR_EQ(text_of(rd_doc_title(doc)), "事故 調査");
  STR_EQ(text_of(rd_doc_sentence_at(doc, 1)), "日本語の文です。");
  INT_EQ(rd_doc_section_count(doc), 0);
  OK(!strstr(rd_doc_source(NULL, doc), "別の記事"));
  rd_doc_free(doc);
  /* An h1 in a link is the site's own headline, kept. */
  const char *h2 = "<article><a href=\"/self.html\"><h1>見出しです</h1></a><p>本文です。</p></article>";
  REQUIRE((doc = parse_html(h2, strlen(h2))));
  STR_EQ(text_of(rd_doc_title(doc)), "見出しです");
  rd_doc_free(doc);
}

/* Issue 17 item 3: legacy encodings, declared or detected; invalid bytes
 * still refused with byte and line. */
static void read_html__legacy_encodings(void) {
  rd_doc *doc;
  REQUIRE(rd_doc_parse_file(&doc, READER_SOURCE_DIR "/tests/data/html/snow-news.eucjp.txt", NULL) == RD_OK);
  STR_EQ(text_of(rd_doc_title(doc)), "雪の便り"); /* EUC-JP text, detected */
  rd_doc_free(doc);
  /* Shift_JIS without a meta charset: detected. 「雪が降る。」 */
  static const char sj[] = "<p>\x90\xe1\x82\xaa\x8d\x7e\x82\xe9\x81\x42</p>";
  REQUIRE(rd_doc_parse(&doc, sj, sizeof sj - 1, NULL) == RD_OK);
  STR_EQ(text_of(rd_doc_sentence_at(doc, 0)), "雪が降る。");
  INT_EQ(rd_error_last()->code, RD_OK); /* no stale UTF-8 error after a conversion */
  rd_doc_free(doc);
  /* Declared Shift_JIS with a byte no Shift_JIS has (0xA0 lead is fine, 0xFD is not). */
  static const char badsj[] = "<meta charset=\"shift_jis\">\n<p>\x90\xe1\xfd\xfd</p>";
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.name = "bad.html";
  doc = (rd_doc *)1;
  INT_EQ(rd_doc_parse(&doc, badsj, sizeof badsj - 1, &o), RD_EENCODING);
  OK(doc == NULL);
  INT_EQ(rd_error_last()->line, 2);
  INT_EQ(rd_error_last()->offset, 32);
  STR_EQ(rd_error_last()->message, "bad.html: invalid Shift_JIS (as the page declares) at byte 32 (line 2)");
  /* Damaged UTF-8 is refused as UTF-8, not reread as something else. */
  static const char bad8[] = "<p>正しい日本語の文です。\xE3\x81</p>";
  INT_EQ(rd_doc_parse(&doc, bad8, sizeof bad8 - 1, &o), RD_EENCODING);
  OK(strstr(rd_error_last()->message, "invalid UTF-8 at byte") != NULL);
}

static char *nested_divs(size_t depth, size_t *len_out) {
  size_t cap = depth * 11 + 64, w = 0;
  char *h = malloc(cap);
  if (!h) return NULL;
  for (size_t i = 0; i < depth; i++) { memcpy(h + w, "<div>", 5); w += 5; }
  memcpy(h + w, "深い。", strlen("深い。"));
  w += strlen("深い。");
  for (size_t i = 0; i < depth; i++) { memcpy(h + w, "</div>", 6); w += 6; }
  *len_out = w;
  return h;
}

/* Nesting is capped (xml_safe.c, one policy for HTML and XML): 500 levels
 * read whole, 10000 are refused with a line, never cut short silently. */
static void read_html__deep_nesting_capped(void) {
  size_t w;
  char *h = nested_divs(500, &w);
  REQUIRE(h);
  rd_doc *doc = parse_html(h, w);
  free(h);
  REQUIRE(doc);
  INT_EQ(rd_doc_sentence_count(doc), 1);
  rd_doc_free(doc);
  h = nested_divs(10000, &w);
  REQUIRE(h);
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_HTML;
  o.name = "deep.html";
  doc = (rd_doc *)1;
  INT_EQ(rd_doc_parse(&doc, h, w, &o), RD_EINVALID);
  free(h);
  OK(doc == NULL);
  STR_EQ(rd_error_last()->message, "deep.html:1: elements nested more than 512 deep");
  INT_EQ(rd_error_last()->line, 1);
}

/* Threads that parse HTML at the same moment as the process's first use
 * of libxml2 (this case runs first): every parse succeeds with the same
 * tree. libxml2 initialises once, under pthread_once, before any parse;
 * a race there is for ThreadSanitizer to show, this guards the outcome. */
enum { N_THREADS = 8 };
static pthread_barrier_t first_use_barrier;
typedef struct first_use { rd_status st; size_t sentences; } first_use;
static void *parse_at_once(void *arg) {
  first_use *r = arg;
  static const char page[] = "<html><head><title>題</title></head><body><h2>一</h2><p>文です。次です。</p></body></html>";
  pthread_barrier_wait(&first_use_barrier);
  rd_doc *doc = NULL;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_HTML;
  r->st = rd_doc_parse(&doc, page, sizeof page - 1, &o);
  r->sentences = rd_doc_sentence_count(doc);
  rd_doc_free(doc);
  return NULL;
}
static void read_html__parallel_first_use(void) {
  pthread_t th[N_THREADS];
  first_use st[N_THREADS];
  REQUIRE(pthread_barrier_init(&first_use_barrier, NULL, N_THREADS) == 0);
  for (int i = 0; i < N_THREADS; i++) REQUIRE(pthread_create(&th[i], NULL, parse_at_once, &st[i]) == 0);
  for (int i = 0; i < N_THREADS; i++) pthread_join(th[i], NULL);
  pthread_barrier_destroy(&first_use_barrier);
  for (int i = 0; i < N_THREADS; i++) {
    INT_EQ(st[i].st, RD_OK);
    INT_EQ(st[i].sentences, 4); /* title, heading, two sentences */
  }
}

T_MAIN(T(read_html__parallel_first_use), T(read_html__article_structure), T(read_html__sniffed_from_content),
       T(read_html__title_from_the_articles_heading), T(read_html__no_title_headings_nest_by_level),
       T(read_html__whitespace_collapses), T(read_html__invalid_utf8_is_an_error),
       T(read_html__empty_is_empty_document), T(read_html__deep_nesting_capped),
       T(read_html__text_never_becomes_structure), T(read_html__ruby_spans_recorded), T(read_html__nhk_news_web_shaped_page), T(read_html__spaces_and_link_cards), T(read_html__main_content_only),
       T(read_html__nhk_easy_shaped_page), T(read_html__nhk_easy_date_legend_and_notes_left_out), T(read_html__nhk_news_shaped_shift_jis_page), T(read_html__legacy_encodings))
