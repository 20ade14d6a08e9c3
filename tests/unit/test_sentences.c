/* The sentence splitter's one pass (read_sentences.c, issue 14, sixth
 * round): characters that end, quote and close nothing are stepped over
 * by their lead byte whatever their length; the check for unclosed
 * quotation openers runs only once the splitter meets an opener, and
 * still sees the whole block; a sentence in which nothing leaves the text
 * is a view of the source, one with a marker or an inline reading still
 * has them taken out. */
#include <reader.h>

#include "model.h"
#include "harness.h"

static rd_doc *parse_str(const char *text) {
  rd_doc *doc = NULL;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  o.flags = RD_PARSE_NO_FRONT_MATTER;
  if (rd_doc_parse(&doc, text, strlen(text), &o) < 0) fprintf(stderr, "  parse: %s\n", rd_error_last()->message);
  return doc;
}

static const rd_node *para(const rd_doc *doc, size_t i) { return rd_section_paragraph_at(rd_doc_root(doc), i); }
static const char *sent(const rd_doc *doc, size_t p, size_t i) {
  const rd_node *s = rd_block_sentence_at(para(doc, p), i);
  return s ? rd_node_text(NULL, s) : "(none)";
}

static void sentences__plain_sentence_is_the_source_span(void) {
  rd_doc *doc = parse_str("東京で桜が咲きました。きれいです[1]。\n");
  REQUIRE(doc);
  REQUIRE(rd_block_sentence_count(para(doc, 0)) == 2);
  const rd_node *s0 = rd_block_sentence_at(para(doc, 0), 0), *s1 = rd_block_sentence_at(para(doc, 0), 1);
  /* nothing left the text: a view, one piece covering the span */
  OK(s0->flags & RD__NODE_LAZY_TEXT);
  OK(s0->text == doc->src + s0->start);
  INT_EQ(rd_sentence_piece_count(s0), 1);
  STR_EQ(rd_node_text(NULL, s0), "東京で桜が咲きました。");
  /* the marker leaves the text: two pieces and a citation */
  STR_EQ(rd_node_text(NULL, s1), "きれいです。");
  INT_EQ(rd_sentence_piece_count(s1), 2);
  INT_EQ(rd_sentence_citation_count(s1), 1);
  rd_doc_free(doc);
}

static void sentences__every_character_length(void) {
  /* 1 to 4 bytes, lead bytes E0-EF and F0: none of these ends a sentence
   * (→ ㈱ ｱ 𠮷 😀 é ©), while … ！ ？ 。 do */
  rd_doc *doc = parse_str("é©→㈱ｱ𠮷😀です…次は！ｶﾅ？abc。最後\n");
  REQUIRE(doc);
  INT_EQ(rd_block_sentence_count(para(doc, 0)), 5);
  STR_EQ(sent(doc, 0, 0), "é©→㈱ｱ𠮷😀です…");
  STR_EQ(sent(doc, 0, 1), "次は！");
  STR_EQ(sent(doc, 0, 2), "ｶﾅ？");
  STR_EQ(sent(doc, 0, 3), "abc。");
  STR_EQ(sent(doc, 0, 4), "最後");
  rd_doc_free(doc);
}

static void sentences__ascii_periods_and_quotes(void) {
  rd_doc *doc = parse_str("Version 2.5 is out. See a.example/x.y now! \"Quoted.\" 'Done?' (A.) Z\n");
  REQUIRE(doc);
  INT_EQ(rd_block_sentence_count(para(doc, 0)), 4);
  STR_EQ(sent(doc, 0, 0), "Version 2.5 is out.");
  STR_EQ(sent(doc, 0, 1), "See a.example/x.y now!");
  STR_EQ(sent(doc, 0, 2), "\"Quoted.\" 'Done?'");
  /* a period inside ( ) and before ) does not end the sentence */
  STR_EQ(sent(doc, 0, 3), "(A.) Z");
  rd_doc_free(doc);
}

static void sentences__openers_checked_once_met(void) {
  /* The only opener comes late and is never closed: not a quotation, so
   * its sentence still ends at 。; the opener's check covers the block. */
  rd_doc *doc = parse_str("前の文です。あとで「閉じない。次の文。\n\n彼は「行く。」と言った。「はい。」\n\n「ここで。次も」終わり。\n");
  REQUIRE(doc);
  INT_EQ(rd_block_sentence_count(para(doc, 0)), 3);
  STR_EQ(sent(doc, 0, 1), "あとで「閉じない。");
  STR_EQ(sent(doc, 0, 2), "次の文。");
  /* closed quotations: the 。 inside does not end the sentence around it */
  INT_EQ(rd_block_sentence_count(para(doc, 1)), 2);
  STR_EQ(sent(doc, 1, 0), "彼は「行く。」と言った。");
  STR_EQ(sent(doc, 1, 1), "「はい。」");
  INT_EQ(rd_block_sentence_count(para(doc, 2)), 1);
  STR_EQ(sent(doc, 2, 0), "「ここで。次も」終わり。");
  rd_doc_free(doc);
}

static void sentences__readings_leave_the_text_after_plain_characters(void) {
  /* 《 after a run of plain kanji and kana, ［n］ at the very end */
  rd_doc *doc = parse_str("長い長い文章の｜漢字《かんじ》を読む。本当に読む［２］\n");
  REQUIRE(doc);
  INT_EQ(rd_block_sentence_count(para(doc, 0)), 2);
  STR_EQ(sent(doc, 0, 0), "長い長い文章の漢字を読む。");
  STR_EQ(sent(doc, 0, 1), "本当に読む");
  INT_EQ(rd_sentence_citation_count(rd_block_sentence_at(para(doc, 0), 1)), 1);
  rd_doc_free(doc);
}

T_MAIN(T(sentences__plain_sentence_is_the_source_span), T(sentences__every_character_length),
       T(sentences__ascii_periods_and_quotes), T(sentences__openers_checked_once_met),
       T(sentences__readings_leave_the_text_after_plain_characters))
