/* Kana and romaji: string conversions (hiragana, katakana, modified
 * Hepburn) and the node-level rd_node_to_kana on a document annotated by
 * hand through the internal API (no dictionary needed). */
#include <reader.h>

#include "model.h"
#include "harness.h"
#include "kana_internal.h"

typedef rd_status (*conv_fn)(char **, size_t *, const char *, size_t);

static const char *conv(conv_fn f, const char *in) {
  static char out[1024];
  char *r = NULL;
  size_t n = 0;
  rd_status st = f(&r, &n, in, strlen(in));
  if (st != RD_OK) { snprintf(out, sizeof out, "ERR %d", (int)st); return out; }
  if (strlen(r) != n) return "ERR (length)";
  snprintf(out, sizeof out, "%s", r);
  rd_free(r);
  return out;
}

#define ROMAJI(in, expected) STR_EQ(conv(rd_kana_to_romaji, in), expected)
#define HIRA(in, expected) STR_EQ(conv(rd_kana_to_hiragana, in), expected)
#define KATA(in, expected) STR_EQ(conv(rd_kana_to_katakana, in), expected)

static void kana__hiragana_and_katakana(void) {
  HIRA("ヌスマレタ", "ぬすまれた");
  HIRA("コーヒー", "こーひー");
  HIRA("ｶﾞｲﾄﾞﾌﾞｯｸ", "がいどぶっく");
  HIRA("ヴァイオリン", "ゔぁいおりん");
  HIRA("カ\xE3\x82\x99ス", "がす"); /* combining dakuten */
  HIRA("霞ヶ関で1ヵ月", "霞ヶ関で1ヵ月"); /* counters stay */
  HIRA("漢字とABC", "漢字とABC");
  KATA("ぬすまれた", "ヌスマレタ");
  KATA("ゔぁいおりん", "ヴァイオリン");
  KATA("ｺｰﾋｰ", "コーヒー");
  KATA("ぱぴぷ・ﾊﾟﾋﾟﾌﾟ", "パピプ・パピプ");
  KATA("", "");
}

static void kana__inplace_hiragana_for_the_analyzer(void) {
  char buf[64] = "ヌスマレタｶﾞｲﾄﾞ漢字";
  size_t n = rd__kana_to_hiragana_inplace(buf, strlen(buf));
  INT_EQ(n, strlen("ぬすまれたがいど漢字"));
  STR_EQ(buf, "ぬすまれたがいど漢字");
}

static void kana__romaji_basic_hepburn(void) {
  ROMAJI("しちつふじぢづ", "shichitsufujijizu");
  ROMAJI("ぬすまれた", "nusumareta");
  ROMAJI("をんな", "onna");
  ROMAJI("ヌスマレタ", "nusumareta");
  ROMAJI("ｶﾞｲﾄﾞ", "gaido");
}

static void kana__romaji_small_ya_yu_yo(void) {
  ROMAJI("きょう", "kyou");
  ROMAJI("しゃしん", "shashin");
  ROMAJI("ちゅうい", "chuui");
  ROMAJI("じょうず", "jouzu");
  ROMAJI("ぢゃ", "ja");
  ROMAJI("りゅう", "ryuu");
  ROMAJI("ぴゃく", "pyaku");
  ROMAJI("にゅうす", "nyuusu");
}

static void kana__romaji_sokuon(void) {
  ROMAJI("きって", "kitte");
  ROMAJI("まっちゃ", "matcha");
  ROMAJI("ざっし", "zasshi");
  ROMAJI("みっつ", "mittsu");
  ROMAJI("ビットコイン", "bittokoin");
  ROMAJI("あっ", "a"); /* nothing to double */
}

static void kana__romaji_syllabic_n(void) {
  ROMAJI("きんえん", "kin'en");
  ROMAJI("こんや", "kon'ya");
  ROMAJI("しんぶん", "shinbun");
  ROMAJI("せんせい", "sensei");
  ROMAJI("ほん", "hon");
}

static void kana__romaji_long_vowels_without_macrons(void) {
  ROMAJI("とうきょう", "toukyou");
  ROMAJI("おおさか", "oosaka");
  ROMAJI("おねえさん", "oneesan");
  ROMAJI("コーヒー", "koohii");
  ROMAJI("ラーメン", "raamen");
  ROMAJI("ー", "-");
}

static void kana__romaji_katakana_extensions(void) {
  ROMAJI("ヴァイオリン", "vaiorin");
  ROMAJI("ヴ", "vu");
  ROMAJI("ファン", "fan");
  ROMAJI("パーティー", "paatii");
  ROMAJI("ディズニー", "dizunii");
  ROMAJI("ウィキペディア", "wikipedia");
  ROMAJI("チェック", "chekku");
  ROMAJI("シェア", "shea");
  ROMAJI("ジェット", "jetto");
}

static void kana__romaji_other_characters(void) {
  ROMAJI("ＮＨＫ。", "NHK.");
  ROMAJI("「はい」、", "\"hai\",");
  ROMAJI("ドナルド・トランプ", "donarudo toranpu");
  ROMAJI("漢字", "漢字"); /* not kana: kept */
}

static void kana__bad_input(void) {
  ROMAJI("ぬす\xff", "ERR -4");
  STR_EQ(rd_error_last()->message, "rd_kana_to_romaji: invalid UTF-8 at byte 6 (line 1)");
  INT_EQ(rd_error_last()->offset, 6);
  HIRA("\xe3\x81", "ERR -4");
  char *r;
  INT_EQ(rd_kana_to_katakana(&r, NULL, "あ\0い", 7), RD_EENCODING);
  INT_EQ(rd_kana_to_romaji(&r, NULL, NULL, 3), RD_EINVALID);
  INT_EQ(rd_node_to_kana(&r, NULL, NULL, RD_SCRIPT_ROMAJI), RD_EINVALID);
}

/* ---- node level ------------------------------------------------------------ */

typedef struct tk { const char *surface, *reading, *pos; rd_pos cls; unsigned flags; } tk;

/* Annotate the document by hand: the tokens of each sentence, in order,
 * found in the source one after the other (a NULL surface ends a sentence). */
static int annotate(rd_doc *doc, const tk *toks, size_t n) {
  rd__token *arr = calloc(n, sizeof *arr);
  if (!arr) return -1;
  size_t at = 0, k = 0, si = 0;
  const char *src = doc->src;
  for (size_t i = 0; i < n; i++) {
    if (!toks[i].surface) { si++; continue; }
    if (si >= doc->nsentences) { free(arr); return -1; }
    rd_node *s = doc->sentences[si];
    if (s->tok_count == 0) s->tok_first = k;
    const char *p = strstr(src + at, toks[i].surface);
    if (!p) { free(arr); return -1; }
    rd__lex proto = {0};
    proto.surface = toks[i].surface;
    proto.lemma = toks[i].surface;
    proto.reading = toks[i].reading;
    proto.pos = toks[i].pos;
    proto.pos_class = toks[i].cls;
    proto.flags = toks[i].flags;
    arr[k].kind = RD_NODE_TOKEN;
    rd__tok_set_span(&arr[k], (size_t)(p - src), (size_t)(p - src) + strlen(toks[i].surface));
    arr[k].lex = rd__doc_lex(doc, &proto);
    if (!arr[k].lex) { free(arr); return -1; }
    at = rd__tok_end(&arr[k]);
    s->tok_count++;
    k++;
  }
  return rd__doc_set_tokens(doc, arr, k, NULL) == RD_OK ? 0 : -1;
}

static const tk article[] = {
  {"ビットコイン", "びっとこいん", "名詞,一般", RD_POS_NOUN, 0},
  {"が", "が", "助詞,格助詞,一般", RD_POS_PARTICLE, 0},
  {"盗ま", "ぬすま", "動詞,自立", RD_POS_VERB, RD_TOKEN_KANJI},
  {"れ", "れ", "動詞,接尾", RD_POS_VERB, 0},
  {"た", "た", "助動詞", RD_POS_AUXILIARY, 0},
  {"。", "", "記号,句点", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {NULL, NULL, NULL, 0, 0},
  {"私", "わたし", "名詞,代名詞", RD_POS_PRONOUN, RD_TOKEN_KANJI},
  {"は", "は", "助詞,係助詞", RD_POS_PARTICLE, 0},
  {"東京", "とうきょう", "名詞,固有名詞", RD_POS_PROPER_NOUN, RD_TOKEN_KANJI},
  {"へ", "へ", "助詞,格助詞,一般", RD_POS_PARTICLE, 0},
  {"行っ", "いっ", "動詞,自立", RD_POS_VERB, RD_TOKEN_KANJI},
  {"た", "た", "助動詞", RD_POS_AUXILIARY, 0},
  {"。", "", "記号,句点", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {NULL, NULL, NULL, 0, 0},
  {"本", "ほん", "名詞,一般", RD_POS_NOUN, RD_TOKEN_KANJI},
  {"を", "を", "助詞,格助詞,一般", RD_POS_PARTICLE, 0},
  {"2", "", "名詞,数", RD_POS_NUMBER, RD_TOKEN_NUMBER},
  {"冊", "さつ", "名詞,接尾,助数詞", RD_POS_SUFFIX, RD_TOKEN_KANJI},
  {"読ん", "よん", "動詞,自立", RD_POS_VERB, RD_TOKEN_KANJI},
  {"で", "で", "助詞,接続助詞", RD_POS_PARTICLE, 0},
  {"、", "", "記号,読点", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {"ＮＨＫ", "えぬえいちけー", "名詞,固有名詞", RD_POS_PROPER_NOUN, RD_TOKEN_LATIN},
  {"で", "で", "助詞,格助詞,一般", RD_POS_PARTICLE, 0},
  {"話", "はなし", "名詞,一般", RD_POS_NOUN, RD_TOKEN_KANJI},
  {"は", "は", "助詞,係助詞", RD_POS_PARTICLE, 0},
  {"謎", NULL, "名詞,一般", RD_POS_NOUN, RD_TOKEN_KANJI | RD_TOKEN_UNKNOWN},
  {"。", "", "記号,句点", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
};

static const char article_text[] = "ビットコインが盗まれた。私は東京へ行った。\n本を2冊読んで、ＮＨＫで話は謎。";

static rd_doc *article_doc(void) {
  rd_doc *doc;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  if (rd_doc_parse(&doc, article_text, sizeof article_text - 1, &o) != RD_OK) return NULL;
  if (rd_doc_sentence_count(doc) != 3 || annotate(doc, article, sizeof article / sizeof *article) < 0) {
    rd_doc_free(doc);
    return NULL;
  }
  return doc;
}

static const char *node_kana(const rd_node *n, rd_script sc) {
  static char out[2048];
  char *r;
  size_t len;
  rd_status st = rd_node_to_kana(&r, &len, n, sc);
  if (st != RD_OK) { snprintf(out, sizeof out, "ERR %d", (int)st); return out; }
  if (strlen(r) != len) return "ERR (length)";
  snprintf(out, sizeof out, "%s", r);
  rd_free(r);
  return out;
}

static void kana__sentence_romaji_with_particles(void) {
  rd_doc *doc = article_doc();
  REQUIRE(doc);
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 0), RD_SCRIPT_ROMAJI), "bittokoin ga nusumareta.");
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 1), RD_SCRIPT_ROMAJI), "watashi wa toukyou e itta.");
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 2), RD_SCRIPT_ROMAJI), "hon o 2satsu yonde, NHK de hanashi wa 謎.");
  rd_doc_free(doc);
}

static void kana__sentence_hiragana_and_katakana(void) {
  rd_doc *doc = article_doc();
  REQUIRE(doc);
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 0), RD_SCRIPT_HIRAGANA), "びっとこいんがぬすまれた。");
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 1), RD_SCRIPT_KATAKANA), "ワタシハトウキョウヘイッタ。");
  /* Digits and Latin keep their surface; the unknown 謎 keeps its surface. */
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 2), RD_SCRIPT_HIRAGANA), "ほんを2さつよんで、ＮＨＫではなしは謎。");
  rd_doc_free(doc);
}

static void kana__token_block_and_document(void) {
  rd_doc *doc = article_doc();
  REQUIRE(doc);
  rd_node *s0 = rd_doc_sentence_at(doc, 0);
  STR_EQ(node_kana(rd_sentence_token_at(s0, 2), RD_SCRIPT_KATAKANA), "ヌスマ");
  STR_EQ(node_kana(rd_sentence_token_at(rd_doc_sentence_at(doc, 1), 1), RD_SCRIPT_ROMAJI), "wa");
  STR_EQ(node_kana(rd_node_parent(s0), RD_SCRIPT_ROMAJI), "bittokoin ga nusumareta. watashi wa toukyou e itta.");
  STR_EQ(node_kana(rd_doc_root(doc), RD_SCRIPT_HIRAGANA),
         "びっとこいんがぬすまれた。わたしはとうきょうへいった。\nほんを2さつよんで、ＮＨＫではなしは謎。");
  rd_doc_free(doc);
}

static void kana__unannotated_sentence_is_an_error(void) {
  rd_doc *doc;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  REQUIRE(rd_doc_parse(&doc, "一行目。\n二行目。", 25, &o) == RD_OK);
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 1), RD_SCRIPT_ROMAJI), "ERR -3");
  OK(strstr(rd_error_last()->message, "line 2 has no tokens") != NULL);
  STR_EQ(node_kana(rd_doc_root(doc), RD_SCRIPT_HIRAGANA), "ERR -3");
  char *r = (char *)1;
  INT_EQ(rd_node_to_kana(&r, NULL, rd_doc_root(doc), (rd_script)7), RD_EINVALID);
  OK(r == NULL);
  rd_doc_free(doc);
}

/* Token edges only place spaces (issue 12, item 5): each sentence is cut
 * the way MeCab cuts it, mid-syllable, across a geminate or a long vowel,
 * inside a Latin word or a time stamp, and between words the input spaced. */
static const tk edges[] = {
  {"じ", "じ", "名詞,一般", RD_POS_NOUN, 0},
  {"ぇ", "ぇ", "名詞,一般", RD_POS_NOUN, 0},
  {NULL, NULL, NULL, 0, 0},
  {"やった", "やった", "動詞,自立", RD_POS_VERB, 0},
  {"ー", "ー", "記号,一般", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {NULL, NULL, NULL, 0, 0},
  {"え", "え", "名詞,一般", RD_POS_NOUN, 0},
  {"っちゅう", "っちゅう", "名詞,一般", RD_POS_NOUN, 0},
  {NULL, NULL, NULL, 0, 0},
  {"McDonald", "", "名詞,固有名詞", RD_POS_PROPER_NOUN, RD_TOKEN_LATIN},
  {"'", "", "記号,一般", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {"s", "", "名詞,一般", RD_POS_NOUN, RD_TOKEN_LATIN},
  {NULL, NULL, NULL, 0, 0},
  {"[", "", "記号,括弧開", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {"04", "", "名詞,数", RD_POS_NUMBER, RD_TOKEN_NUMBER},
  {":", "", "記号,一般", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {"30", "", "名詞,数", RD_POS_NUMBER, RD_TOKEN_NUMBER},
  {".", "", "記号,一般", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {"748", "", "名詞,数", RD_POS_NUMBER, RD_TOKEN_NUMBER},
  {"]", "", "記号,括弧閉", RD_POS_SYMBOL, RD_TOKEN_SYMBOL},
  {NULL, NULL, NULL, 0, 0},
  {"333", "", "名詞,数", RD_POS_NUMBER, RD_TOKEN_NUMBER},
  {"m", "", "名詞,接尾,助数詞", RD_POS_SUFFIX, RD_TOKEN_LATIN},
  {"です", "です", "助動詞", RD_POS_AUXILIARY, 0},
  {NULL, NULL, NULL, 0, 0},
  {"一", "いち", "名詞,数", RD_POS_NUMBER, RD_TOKEN_KANJI | RD_TOKEN_NUMBER},
  {"二", "に", "名詞,数", RD_POS_NUMBER, RD_TOKEN_KANJI | RD_TOKEN_NUMBER},
  {"三", "さん", "名詞,数", RD_POS_NUMBER, RD_TOKEN_KANJI | RD_TOKEN_NUMBER},
};

static const char edges_text[] = "じぇ\nやったー\nえっちゅう\nMcDonald's\n[04:30.748]\n333mです\n一 二 三";

static void kana__romaji_token_edges_only_place_spaces(void) {
  rd_doc *doc;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  REQUIRE(rd_doc_parse(&doc, edges_text, sizeof edges_text - 1, &o) == RD_OK);
  REQUIRE(rd_doc_sentence_count(doc) == 7);
  REQUIRE(annotate(doc, edges, sizeof edges / sizeof *edges) == 0);
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 0), RD_SCRIPT_ROMAJI), "je");          /* small kana across an edge */
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 1), RD_SCRIPT_ROMAJI), "yattaa");      /* ー across an edge */
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 2), RD_SCRIPT_ROMAJI), "etchuu");      /* っ across an edge */
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 3), RD_SCRIPT_ROMAJI), "McDonald's");  /* Latin as written */
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 4), RD_SCRIPT_ROMAJI), "[04:30.748]"); /* punctuation as written */
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 5), RD_SCRIPT_ROMAJI), "333m desu");   /* Latin, then Japanese */
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 6), RD_SCRIPT_ROMAJI), "ichi ni san"); /* input spaces kept */
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 6), RD_SCRIPT_HIRAGANA), "いち に さん");
  STR_EQ(node_kana(rd_doc_sentence_at(doc, 0), RD_SCRIPT_HIRAGANA), "じぇ");
  rd_doc_free(doc);
}

/* ヷ ヸ ヹ ヺ have no precomposed hiragana: hiragana is the base kana and a
 * combining dakuten, which converts back to the same katakana (found by the
 * kana fuzz target). */
static void kana__wa_with_dakuten_round_trips(void) {
  HIRA("ヷヸヹヺ", "わ\xe3\x82\x99ゐ\xe3\x82\x99ゑ\xe3\x82\x99を\xe3\x82\x99");
  STR_EQ(conv(rd_kana_to_katakana, "わ\xe3\x82\x99"), "ヷ");
  HIRA(conv(rd_kana_to_katakana, "ぉわ\xe3\x82\x99ゞゝ"), "ぉわ\xe3\x82\x99ゞゝ");
}

T_MAIN(T(kana__hiragana_and_katakana), T(kana__inplace_hiragana_for_the_analyzer), T(kana__romaji_basic_hepburn), T(kana__romaji_small_ya_yu_yo),
       T(kana__romaji_sokuon), T(kana__romaji_syllabic_n), T(kana__romaji_long_vowels_without_macrons),
       T(kana__romaji_katakana_extensions), T(kana__romaji_other_characters), T(kana__bad_input),
       T(kana__sentence_romaji_with_particles), T(kana__sentence_hiragana_and_katakana),
       T(kana__token_block_and_document), T(kana__unannotated_sentence_is_an_error),
       T(kana__romaji_token_edges_only_place_spaces), T(kana__wa_with_dakuten_round_trips))
