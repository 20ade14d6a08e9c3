/* Heteronyms: surfaces whose reading is ambiguous in news text. Data, not
 * code: around a word with one of these surfaces, alternatives.c parses a
 * few words again with MeCab's marginal probabilities (analyze_mecab.c)
 * and records the readings listed here that the lattice gives the word,
 * with their share, as alternatives (rd_token_alternative). A reading not
 * listed is never shown (後 こう is lattice noise in news text). */
#include "analyze_internal.h"

#define N(a) (sizeof(a) / sizeof *(a))

const rd__heteronym rd__heteronyms[] = {
  /* surface, {readings, the usual one first}, open */
  {"日本", {"にほん", "にっぽん"}, NULL},
  {"一日", {"ついたち", "いちにち"}, "ついたち"}, /* the counter rule's default: no cue either way */
  {"1日", {"ついたち", "いちにち"}, "ついたち"},
  {"１日", {"ついたち", "いちにち"}, "ついたち"},
  {"今日", {"きょう", "こんにち"}, NULL},
  {"何", {"なに", "なん"}, NULL},
  {"上手", {"じょうず", "うわて", "かみて"}, NULL},
  {"下手", {"へた", "したて", "しもて"}, NULL},
  {"後", {"あと", "のち", "ご"}, NULL},
  {"方", {"ほう", "かた"}, NULL},
  {"明日", {"あした", "あす", "みょうにち"}, NULL},
  {"昨日", {"きのう", "さくじつ"}, NULL},
  {"人気", {"にんき", "ひとけ"}, NULL},
  {"大事", {"だいじ", "おおごと"}, NULL},
  {"最中", {"さいちゅう", "さなか", "もなか"}, NULL},
  {"寒気", {"さむけ", "かんき"}, NULL},
  {"生物", {"せいぶつ", "なまもの"}, NULL},
  {"分別", {"ふんべつ", "ぶんべつ"}, NULL},
  {"一行", {"いっこう", "いちぎょう"}, NULL},
  {"大家", {"おおや", "たいか", "たいけ"}, NULL},
  {"市場", {"しじょう", "いちば"}, NULL},
  {"風車", {"ふうしゃ", "かざぐるま"}, NULL},
  {"色紙", {"しきし", "いろがみ"}, NULL},
  {"人事", {"じんじ", "ひとごと"}, NULL},
  {"目下", {"もっか", "めした"}, NULL},
  {"見物", {"けんぶつ", "みもの"}, NULL},
  {"工夫", {"くふう", "こうふ"}, NULL},
  {"大勢", {"おおぜい", "たいせい"}, NULL},
  {"心中", {"しんじゅう", "しんちゅう"}, NULL},
  {"根本", {"こんぽん", "ねもと"}, NULL},
  {"上方", {"じょうほう", "かみがた"}, NULL},
  {"変化", {"へんか", "へんげ"}, NULL},
  {"草原", {"そうげん", "くさはら"}, NULL},
  {"気質", {"きしつ", "かたぎ"}, NULL},
  {"年月", {"ねんげつ", "としつき"}, NULL},
  {"今朝", {"けさ", "こんちょう"}, NULL},
  {"今年", {"ことし", "こんねん"}, NULL},
  {"一時", {"いちじ", "いっとき"}, NULL},
  {"初日", {"しょにち", "はつひ"}, NULL},
  {"役所", {"やくしょ", "やくどころ"}, NULL},
  {"金星", {"きんせい", "きんぼし"}, NULL},
  {"小雨", {"こさめ", "しょうう"}, NULL},
  {"造作", {"ぞうさ", "ぞうさく"}, NULL},
  {"仮名", {"かな", "かめい"}, NULL},
  {"開眼", {"かいげん", "かいがん"}, NULL},
};
const size_t rd__nheteronyms = N(rd__heteronyms);

/* Cues: where the words around it rule a listed reading in or out. The
 * first row whose conditions hold decides; "|...|" alternatives as in
 * rd__context_rules, "" = the end of the sentence (or its start). */
const rd__reading_cue rd__reading_cues[] = {
  /* 今日は followed by a pause is the greeting こんにちは; before a
   * predicate it is the topic "today" (今日は晴れ), never こんにち. */
  {"今日", "こんにち", NULL, "|は|", "|、|。|！|!|？|?|,|．||", 1},
  {"今日", "こんにち", NULL, "|は|", NULL, 0},
  /* After a month (４月１日) the day is the first, never a span. */
  {"一日", "いちにち", "|月|", NULL, NULL, 0},
  {"1日", "いちにち", "|月|", NULL, NULL, 0},
  {"１日", "いちにち", "|月|", NULL, NULL, 0},
};
const size_t rd__nreading_cues = N(rd__reading_cues);
