/* Reading rules as data: counters after numbers, context rules, and a
 * small table of words IPADIC commonly misreads in news text. rules.c
 * interprets these tables; nothing here is code. Rules are general: no
 * entry names a sentence of any evaluation set. */
#include "analyze_internal.h"
#include "names.h"

#define N(a) (sizeof(a) / sizeof *(a))

/* Exceptions are tried in order: exact values first, then last spoken
 * elements (see rd__counter_exc). */
static const rd__counter_exc day_exc[] = {
  /* 1日 is the first of a month, except as a span: 1日中, 1日間, 1日70円 */
  /* ... and as a frequency: 1日に1回 ("に#回": に, a number, a counter of times) */
  {0, 1, "いちにち", 1, "|中|間|当たり|あたり|おき|#|に#回|に#度|に#杯|に#錠|"}, {0, 1, "ついたち", 1, NULL},
  {0, 2, "ふつか", 1, NULL}, {0, 3, "みっか", 1, NULL}, {0, 4, "よっか", 1, NULL}, {0, 5, "いつか", 1, NULL},
  {0, 6, "むいか", 1, NULL}, {0, 7, "なのか", 1, NULL}, {0, 8, "ようか", 1, NULL}, {0, 9, "ここのか", 1, NULL},
  {0, 10, "とおか", 1, NULL}, {0, 14, "じゅうよっか", 1, NULL}, {0, 20, "はつか", 1, NULL},
  {0, 24, "にじゅうよっか", 1, NULL},
};
static const rd__counter_exc person_exc[] = {{0, 1, "ひとり", 1, NULL}, {0, 2, "ふたり", 1, NULL}};
/* 分: いっぷん にふん さんぷん よんぷん ごふん ろっぷん ななふん はっぷん
 * きゅうふん じゅっぷん ひゃっぷん */
static const rd__counter_exc fun_exc[] = {
  {1, 1, "ぷん", 0, NULL}, {1, 3, "ぷん", 0, NULL}, {1, 4, "ぷん", 0, NULL}, {1, 6, "ぷん", 0, NULL},
  {1, 8, "ぷん", 0, NULL}, {1, 10, "ぷん", 0, NULL}, {1, 100, "ぷん", 0, NULL}, {1, 1000, "ぷん", 0, NULL},
};
/* 本: いっぽん さんぼん ろっぽん はっぽん じゅっぽん ひゃっぽん せんぼん まんぼん */
static const rd__counter_exc hon_exc[] = {
  {1, 1, "ぽん", 0, NULL}, {1, 3, "ぼん", 0, NULL}, {1, 6, "ぽん", 0, NULL}, {1, 8, "ぽん", 0, NULL},
  {1, 10, "ぽん", 0, NULL}, {1, 100, "ぽん", 0, NULL}, {1, 1000, "ぼん", 0, NULL}, {1, 10000, "ぼん", 0, NULL},
};
/* 百 after a digit: さんびゃく ろっぴゃく はっぴゃく */
static const rd__counter_exc hyaku_exc[] = {
  {0, 3, "びゃく", 0, NULL}, {0, 6, "ぴゃく", 0, NULL}, {0, 8, "ぴゃく", 0, NULL},
};
/* 千 after a digit: さんぜん (はっせん keeps せん) */
static const rd__counter_exc sen_exc[] = {{0, 3, "ぜん", 0, NULL}};
/* 階: さんがい (いっかい ろっかい はっかい change the number only) */
static const rd__counter_exc kai_floor_exc[] = {{1, 3, "がい", 0, NULL}, {1, 1000, "がい", 0, NULL}};
/* 杯: いっぱい さんばい ろっぱい はっぱい じゅっぱい ひゃっぱい せんばい */
static const rd__counter_exc hai_exc[] = {
  {1, 1, "ぱい", 0, NULL}, {1, 3, "ばい", 0, NULL}, {1, 6, "ぱい", 0, NULL}, {1, 8, "ぱい", 0, NULL},
  {1, 10, "ぱい", 0, NULL}, {1, 100, "ぱい", 0, NULL}, {1, 1000, "ばい", 0, NULL}, {1, 10000, "ばい", 0, NULL},
};
/* 匹: いっぴき さんびき ろっぴき はっぴき じゅっぴき ひゃっぴき せんびき */
static const rd__counter_exc hiki_exc[] = {
  {1, 1, "ぴき", 0, NULL}, {1, 3, "びき", 0, NULL}, {1, 6, "ぴき", 0, NULL}, {1, 8, "ぴき", 0, NULL},
  {1, 10, "ぴき", 0, NULL}, {1, 100, "ぴき", 0, NULL}, {1, 1000, "びき", 0, NULL}, {1, 10000, "びき", 0, NULL},
};
/* 泊: いっぱく さんぱく ろっぱく はっぱく じゅっぱく */
static const rd__counter_exc haku_exc[] = {
  {1, 1, "ぱく", 0, NULL}, {1, 3, "ぱく", 0, NULL}, {1, 6, "ぱく", 0, NULL}, {1, 8, "ぱく", 0, NULL},
  {1, 10, "ぱく", 0, NULL}, {1, 100, "ぱく", 0, NULL},
};
/* 発, 票, 品, 歩: いっぱつ ろっぱつ はっぱつ じゅっぱつ ひゃっぱつ */
static const rd__counter_exc hatsu_exc[] = {
  {1, 1, "ぱつ", 0, NULL}, {1, 6, "ぱつ", 0, NULL}, {1, 8, "ぱつ", 0, NULL}, {1, 10, "ぱつ", 0, NULL},
  {1, 100, "ぱつ", 0, NULL},
};
static const rd__counter_exc hyou_exc[] = {
  {1, 1, "ぴょう", 0, NULL}, {1, 6, "ぴょう", 0, NULL}, {1, 8, "ぴょう", 0, NULL}, {1, 10, "ぴょう", 0, NULL},
  {1, 100, "ぴょう", 0, NULL},
};
/* 歳: はたち */
static const rd__counter_exc sai_exc[] = {{0, 20, "はたち", 1, NULL}};
/* 軒: さんげん */
static const rd__counter_exc ken_house_exc[] = {{1, 3, "げん", 0, NULL}, {1, 1000, "げん", 0, NULL}};

const rd__counter rd__counters[] = {
  {"日", "counter-day", "にち", day_exc, N(day_exc)},
  {"月", "counter-month", "がつ", NULL, 0},
  {"人", "counter-person", "にん", person_exc, N(person_exc)},
  {"分", "counter-minute", "ふん", fun_exc, N(fun_exc)},
  {"本", "counter-hon", "ほん", hon_exc, N(hon_exc)},
  {"百", "counter-hundred", "ひゃく", hyaku_exc, N(hyaku_exc)},
  {"千", "counter-thousand", "せん", sen_exc, N(sen_exc)},
  {"回", "counter-times", "かい", NULL, 0},
  {"階", "counter-floor", "かい", kai_floor_exc, N(kai_floor_exc)},
  {"杯", "counter-cup", "はい", hai_exc, N(hai_exc)},
  {"匹", "counter-animal", "ひき", hiki_exc, N(hiki_exc)},
  {"時", "counter-hour", "じ", NULL, 0},
  {"年", "counter-year", "ねん", NULL, 0},
  {"泊", "counter-night", "はく", haku_exc, N(haku_exc)},
  {"発", "counter-shot", "はつ", hatsu_exc, N(hatsu_exc)},
  {"票", "counter-vote", "ひょう", hyou_exc, N(hyou_exc)},
  {"歳", "counter-age", "さい", sai_exc, N(sai_exc)},
  {"才", "counter-age", "さい", sai_exc, N(sai_exc)},
  {"円", "counter-yen", "えん", NULL, 0},
  {"万", "counter-ten-thousand", "まん", NULL, 0},
  {"億", "counter-hundred-million", "おく", NULL, 0},
  {"兆", "counter-trillion", "ちょう", NULL, 0},
  {"個", "counter-piece", "こ", NULL, 0},
  {"件", "counter-case", "けん", NULL, 0},
  {"台", "counter-machine", "だい", NULL, 0},
  {"度", "counter-degree", "ど", NULL, 0},
  {"倍", "counter-times", "ばい", NULL, 0},
  {"枚", "counter-sheet", "まい", NULL, 0},
  {"号", "counter-number", "ごう", NULL, 0},
  {"位", "counter-rank", "い", NULL, 0},
  {"秒", "counter-second", "びょう", NULL, 0},
  {"週", "counter-week", "しゅう", NULL, 0},
  {"軒", "counter-house", "けん", ken_house_exc, N(ken_house_exc)},
  {"点", "counter-point", "てん", NULL, 0},
  {"時間", "counter-hours", "じかん", NULL, 0},
  {"年間", "counter-years", "ねんかん", NULL, 0},
  {"日間", "counter-days", "にちかん", NULL, 0},
  {"週間", "counter-weeks", "しゅうかん", NULL, 0},
  {"か月", "counter-months", "かげつ", NULL, 0},
  {"ヶ月", "counter-months", "かげつ", NULL, 0},
  {"カ月", "counter-months", "かげつ", NULL, 0},
  {"ヵ月", "counter-months", "かげつ", NULL, 0},
  {"万人", "counter-ten-thousand-people", "まんにん", NULL, 0},
  {"人目", "counter-nth-person", "にんめ", NULL, 0},
  {"年生", "counter-school-year", "ねんせい", NULL, 0},
  {"階建て", "counter-storeys", "かいだて", NULL, 0},
  {"キロ", "counter-kilo", "きろ", NULL, 0},
};
const size_t rd__ncounters = N(rd__counters);

/* Nouns the prefix 今 "the present, this" reads こん before: events,
 * sessions, seasons and issues that come one after another (今大会
 * こんたいかい, 今国会 こんこっかい, 今シーズン こんシーズン, 今場所, 今作, 今号;
 * EDICT lists 今国会 今世紀 今週号 今年度 with こん). Before any other word
 * 今 is the adverb "now" (今日本では いま, 今話題の いま), which IPADIC also
 * tags 接頭詞 コン. */
#define KON_NOUNS                                                                                          \
  "|大会|シーズン|国会|通常国会|臨時国会|特別国会|場所|試合|五輪|オリンピック|パラリンピック|ワールドカップ|" \
  "Ｗ杯|W杯|選挙|総選挙|定例会|定例議会|議会|会期|学期|年度|世紀|作|号|ツアー|レース|政権|内閣|会議|"       \
  "会合|総会|サミット|公演|決算|シリーズ|選手権|季|期|夏|冬|春|秋|"

/* IPADIC POS names; a UniDic/JUMAN analysis simply does not match them.
 * Fields: rule, surface, self_pos, prev_pos, prev_end, prev_not, next_pos,
 * next_surf, next_not, reading. */
const rd__context_rule rd__context_rules[] = {
  /* 町 closing a municipality's name: ちょう or まち by prefecture (see
   * rd__town_readings); this entry is the default when none is known. */
  {"town-cho", "町", "|名詞,接尾,地域|", "|名詞,固有名詞,地域|", NULL, NULL, NULL, NULL, NULL, "ちょう"},
  /* 何 before a counter or a copula: なん (何人, 何だ, 何でも); なに before か/を/が */
  {"nan-counter", "何", NULL, NULL, NULL, NULL, "|名詞,接尾,助数詞|", NULL, NULL, "なん"},
  /* 何 before a unit symbol reads like a number before its counter: 何ｍ なんメートル */
  {"nan-unit-symbol", "何", NULL, NULL, NULL, NULL, NULL,
   "|m|ｍ|cm|ｃｍ|mm|ｍｍ|km|ｋｍ|kg|ｋｇ|g|ｇ|t|ｔ|L|Ｌ|%|％|℃|°|kW|ｋＷ|", NULL, "なん"},
  {"nan-copula", "何", NULL, NULL, NULL, NULL, NULL, "|だ|です|でしょ|だろ|で|でも|と|の|なの|", NULL, "なん"},
  /* 間 as a span between things/times (XとYの間, 長い間, いる間): あいだ;
   * IPADIC reads the bare noun ま */
  {"aida", "間", "|名詞,一般|", "|助詞,連体化|形容詞|動詞|助動詞|", NULL, "|いう|言う|", NULL, NULL, NULL, "あいだ"},
  /* 中 after a span of time or a whole area: じゅう (一日中, 日本中, 年中) */
  {"juu", "中", "|名詞,接尾|名詞,固有名詞,地域,国|", NULL, "|日|年|日本|世界|国|町|晩|夜|", NULL, NULL, NULL, NULL, "じゅう"},
  /* ヶ inside a name is が (霞ヶ関, 鰺ヶ沢); after a number it is the
   * counter particle か (3ヶ所) */
  {"ka-counter", "ヶ", NULL, "|名詞,数|", NULL, NULL, NULL, NULL, NULL, "か"},
  {"ga-name", "ヶ", NULL, NULL, NULL, NULL, NULL, NULL, "|月|所|国|条|年|", "が"},
  /* 今 as a prefix (KON_NOUNS above): こん before a noun of the list, also
   * where IPADIC cut 今 off as the noun いま (今作, 今号); いま where IPADIC
   * made the adverb a prefix of any other word (今日本 今一番 今人気) */
  {"kon-prefix", "今", NULL, NULL, NULL, NULL, "|名詞|", KON_NOUNS, NULL, "こん"},
  {"ima-not-prefix", "今", "|接頭詞|", NULL, NULL, NULL, NULL, NULL, KON_NOUNS, "いま"},
  /* 山 as a suffix after a word that ends in okurigana (a verb's stem
   * made a noun: 飾り山 かざりやま, 積み山) is the native noun やま; IPADIC's
   * suffix サン is for mountain names, which are kanji or katakana
   * (富士山, エベレスト山) */
  {"yama-after-okurigana", "山", "|名詞,接尾|", NULL,
   "|い|き|し|ち|に|ひ|み|り|ぎ|じ|び|え|け|せ|て|ね|へ|め|れ|げ|ぜ|で|べ|", NULL, NULL, NULL, NULL, "やま"},
  /* 土 alone is soil (つち); ド only as the Saturday of a date, "(土)" */
  {"tsuchi", "土", "|名詞,一般|", NULL, NULL, "|（|(|", NULL, NULL, "|）|)|", "つち"},
};
const size_t rd__ncontext_rules = N(rd__context_rules);

/* Towns (町) are read ちょう in most prefectures and まち in others; the
 * prefecture named last before the town in the document decides. */
const rd__town_reading rd__town_readings[] = {
  {"北海道", "ちょう"}, {"青森県", "まち"}, {"岩手県", "ちょう"}, {"宮城県", "まち"}, {"秋田県", "まち"},
  {"山形県", "まち"}, {"福島県", "まち"}, {"茨城県", "まち"}, {"栃木県", "まち"}, {"群馬県", "まち"},
  {"埼玉県", "まち"}, {"千葉県", "まち"}, {"東京都", "まち"}, {"神奈川県", "まち"}, {"新潟県", "まち"},
  {"富山県", "まち"}, {"石川県", "まち"}, {"福井県", "ちょう"}, {"山梨県", "ちょう"}, {"長野県", "まち"},
  {"岐阜県", "ちょう"}, {"静岡県", "ちょう"}, {"愛知県", "ちょう"}, {"三重県", "ちょう"}, {"滋賀県", "ちょう"},
  {"京都府", "ちょう"}, {"大阪府", "ちょう"}, {"兵庫県", "ちょう"}, {"奈良県", "ちょう"}, {"和歌山県", "ちょう"},
  {"鳥取県", "ちょう"}, {"島根県", "ちょう"}, {"岡山県", "ちょう"}, {"広島県", "ちょう"}, {"山口県", "ちょう"},
  {"徳島県", "ちょう"}, {"香川県", "ちょう"}, {"愛媛県", "ちょう"}, {"高知県", "ちょう"}, {"福岡県", "まち"},
  {"佐賀県", "ちょう"}, {"長崎県", "ちょう"}, {"熊本県", "まち"}, {"大分県", "まち"}, {"宮崎県", "ちょう"},
  {"鹿児島県", "ちょう"}, {"沖縄県", "ちょう"},
};
const size_t rd__ntown_readings = N(rd__town_readings);

/* Word readings that IPADIC gets wrong for present-day news Japanese
 * (surface, POS prefix or NULL, reading). Keep this short and general. */
const rd__word_reading rd__word_readings[] = {
  {"日本", NULL, "にほん"}, /* IPADIC: ニッポン; にほん is the common reading (RD_ANALYZER_NIPPON keeps にっぽん) */
  {"大勢", "名詞", "おおぜい"}, /* IPADIC: タイセイ; 大勢の人 is far more frequent than 大勢 "general trend" */
  {"富士山", NULL, "ふじさん"}, /* IPADIC: フジヤマ */
  {"後", "名詞,副詞可能", "あと"}, /* IPADIC: ノチ for the bare noun (その後/の後 are あと/ご) */
  {"雄", "名詞,一般", "おす"},  /* IPADIC: ユウ for the bare noun */
  {"雌", "名詞,一般", "めす"},
  {"罰", "名詞,一般", "ばつ"},  /* IPADIC: バチ */
  /* IPADIC: イリクチ; EDICT marks いりぐち as the common reading (P) */
  {"入り口", "名詞", "いりぐち"},
  /* IPADIC's one word 北の方 is キタノカタ, a noble's wife (archaic); in
   * present-day text it is 北 + の + 方 "the north side": きたのほう */
  {"北の方", "名詞,一般", "きたのほう"},
};
const size_t rd__nword_readings = N(rd__word_readings);

/* What falls from the sky (rule furi-weather): 降り after "X が/も/は"
 * is 降る ふり (雨が降りました), not 降りる おり "get off", which IPADIC
 * often picks for the shared stem 降り. Matched at the end of the noun
 * (大雨, 小雨, にわか雨, 大雪). */
const char rd__falling_things[] = "|雨|雪|ひょう|雹|あられ|霰|みぞれ|霙|灰|火山灰|";

/* The names rule's place suffixes (names.c): a place name before one is
 * read by ENAMDICT; "|a|b|" where the suffix reads two ways. */
const rd__place_suffix rd__place_suffixes[] = {
  {"市", "|し|"},       {"町", "|まち|ちょう|"}, {"村", "|むら|そん|"}, {"県", "|けん|"},
  {"区", "|く|"},       {"郡", "|ぐん|"},        {"城", "|じょう|しろ|"}, {"駅", "|えき|"},
  {"山", "|さん|やま|ざん|"}, {"川", "|かわ|がわ|せん|"}, {"島", "|しま|じま|とう|"}};
const size_t rd__nplace_suffixes = N(rd__place_suffixes);

/* Heads that make a noun a kind of person (雨男 あめおとこ, 年女 としおんな;
 * rule person-head, names.c): the head, its given-name reading, the noun's. */
const rd__person_head rd__person_heads[] = {{"男", "お", "おとこ"}, {"女", "め", "おんな"}};
const size_t rd__nperson_heads = N(rd__person_heads);
