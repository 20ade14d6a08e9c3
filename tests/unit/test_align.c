/* The furigana aligner: readings over kanji only, kana plain, one ruby
 * over a kanji run whose split is uncertain, clear errors on readings
 * that cannot belong to the word. */
#include <reader.h>
#include <time.h>

#include "harness.h"
#include "kana_internal.h"
#include "kanjidic.h"

/* The bracket form of the aligner's result (盗[ぬす]まれた), or "ERR <code>":
 * rd_align() (the default, per kanji where KANJIDIC allows) when use_default,
 * else rd_align_with_flags(flags). */
static const char *brackets_any(const char *word, const char *reading, int use_default, unsigned flags) {
  static char out[1024];
  rd_ruby *segs = (rd_ruby *)1;
  size_t n = 99, at = 0, o = 0;
  rd_status st = use_default ? rd_align(&segs, &n, word, strlen(word), reading, strlen(reading))
                              : rd_align_with_flags(&segs, &n, word, strlen(word), reading, strlen(reading), flags);
  if (st != RD_OK) {
    if (segs != NULL || n != 0) return "ERR (outputs not reset)";
    snprintf(out, sizeof out, "ERR %d", (int)st);
    return out;
  }
  for (size_t i = 0; i < n; i++) {
    if (segs[i].version != RD_RUBY_VERSION || segs[i].start < at || strlen(segs[i].reading) != segs[i].reading_len)
      return "ERR (malformed segment)";
    o += (size_t)snprintf(out + o, sizeof out - o, "%.*s%.*s[%s]", (int)(segs[i].start - at), word + at,
                          (int)segs[i].len, word + segs[i].start, segs[i].reading);
    at = segs[i].start + segs[i].len;
  }
  snprintf(out + o, sizeof out - o, "%s", word + at);
  rd_free(segs);
  return out;
}

static const char *brackets_flags(const char *word, const char *reading, unsigned flags) {
  return brackets_any(word, reading, 0, flags);
}
/* Whole kanji runs (flags 0): the anchor logic alone, the same on every machine. */
static const char *brackets(const char *word, const char *reading) { return brackets_flags(word, reading, 0); }
static const char *brackets_default(const char *word, const char *reading) { return brackets_any(word, reading, 1, 0); }
static int kanjidic_on(void) {
  const char *env = getenv("READER_KANJIDIC");
  return !(env && !*env) && rd_align_per_kanji_available();
}

#define ALIGNS(word, reading, expected) STR_EQ(brackets(word, reading), expected)

static void align__issue_examples(void) {
  ALIGNS("盗まれた", "ぬすまれた", "盗[ぬす]まれた");
  ALIGNS("取り引き", "とりひき", "取[と]り引[ひ]き");
  ALIGNS("渡り鳥", "わたりどり", "渡[わた]り鳥[どり]");
  ALIGNS("言い訳", "いいわけ", "言[い]い訳[わけ]");
  ALIGNS("可愛い", "かわいい", "可愛[かわい]い");
  /* No kana anchor inside 裏切: rd_align() splits it per kanji from KANJIDIC
   * (the issue's 裏[うら]切[ぎ]る); without KANJIDIC one ruby covers the run. */
  STR_EQ(brackets_default("裏切る", "うらぎる"), kanjidic_on() ? "裏[うら]切[ぎ]る" : "裏切[うらぎ]る");
  ALIGNS("裏切る", "うらぎる", "裏切[うらぎ]る");
}

static void align__katakana_reading_gives_hiragana(void) {
  ALIGNS("盗まれた", "ヌスマレタ", "盗[ぬす]まれた");
  ALIGNS("相当", "ソウトウ", "相当[そうとう]");
  ALIGNS("見つける", "ミツケル", "見[み]つける");
  ALIGNS("珈琲", "コーヒー", "珈琲[こーひー]");
  ALIGNS("盗まれた", "ﾇｽﾏﾚﾀ", "盗[ぬす]まれた");          /* half-width */
  ALIGNS("渡り鳥", "ﾜﾀﾘﾄﾞﾘ", "渡[わた]り鳥[どり]");      /* half-width with ﾞ */
  ALIGNS("渡り鳥", "わたりと\xE3\x82\x99り", "渡[わた]り鳥[どり]"); /* combining dakuten */
}

static void align__interleaved_kana(void) {
  ALIGNS("取り扱い", "とりあつかい", "取[と]り扱[あつか]い");
  ALIGNS("申し込み", "もうしこみ", "申[もう]し込[こ]み");
  ALIGNS("打ち合わせ", "うちあわせ", "打[う]ち合[あ]わせ");
  ALIGNS("気を付ける", "きをつける", "気[き]を付[つ]ける");
  ALIGNS("書き換え", "かきかえ", "書[か]き換[か]え");
  ALIGNS("思い出", "おもいで", "思[おも]い出[で]");
  ALIGNS("読み物", "よみもの", "読[よ]み物[もの]");
  ALIGNS("乗り降り", "のりおり", "乗[の]り降[お]り");
  ALIGNS("引っ越し", "ひっこし", "引[ひ]っ越[こ]し");
  ALIGNS("追い越し", "おいこし", "追[お]い越[こ]し");
  ALIGNS("話し合い", "はなしあい", "話[はな]し合[あ]い");
  ALIGNS("立ち入り禁止", "たちいりきんし", "立[た]ち入[い]り禁止[きんし]");
  ALIGNS("見る見る", "みるみる", "見[み]る見[み]る");
  ALIGNS("取っ手", "とって", "取[と]っ手[て]");
  ALIGNS("一ツ橋", "ひとつばし", "一[ひと]ツ橋[ばし]");
}

static void align__okurigana_and_prefixes(void) {
  ALIGNS("行なう", "おこなう", "行[おこ]なう");
  ALIGNS("見つける", "みつける", "見[み]つける");
  ALIGNS("走った", "はしった", "走[はし]った");
  ALIGNS("全て", "すべて", "全[すべ]て");
  ALIGNS("必ず", "かならず", "必[かなら]ず");
  ALIGNS("出かける", "でかける", "出[で]かける");
  ALIGNS("子ども", "こども", "子[こ]ども");
  ALIGNS("お茶", "おちゃ", "お茶[ちゃ]");
  ALIGNS("ご飯", "ごはん", "ご飯[はん]");
  ALIGNS("少なくとも", "すくなくとも", "少[すく]なくとも");
}

/* A naive split (one kana per kanji, or the first matching kana) would
 * put readings over the wrong kanji; a kanji run stays whole. */
static void align__no_split_inside_a_kanji_run(void) {
  ALIGNS("上手い", "うまい", "上手[うま]い");
  ALIGNS("大人しい", "おとなしい", "大人[おとな]しい");
  ALIGNS("明日", "あした", "明日[あした]");
  ALIGNS("今日", "きょう", "今日[きょう]");
  ALIGNS("一人", "ひとり", "一人[ひとり]");
  ALIGNS("日本", "にほん", "日本[にほん]");
  ALIGNS("北海道", "ほっかいどう", "北海道[ほっかいどう]");
  ALIGNS("東京タワー", "とうきょうたわー", "東京[とうきょう]タワー");
}

/* The reading's kana also match a kana of the word in a wrong place. */
static void align__misleading_kana_are_not_anchors(void) {
  /* ケ between kanji reads が here; matching it to the け of たけ would
   * give 竹[た]ケ原[がはら]. */
  ALIGNS("竹ケ原", "たけがはら", "竹ケ原[たけがはら]");
  /* Two splits fit (も|けの or もの|け): one ruby over the whole. */
  ALIGNS("物の怪", "もののけ", "物の怪[もののけ]");
  ALIGNS("貴方", "あなた", "貴方[あなた]");
  ALIGNS("木の葉", "このは", "木[こ]の葉[は]");
}

static void align__repeat_marks_and_counters(void) {
  ALIGNS("人々", "ひとびと", "人々[ひとびと]");
  ALIGNS("時々", "ときどき", "時々[ときどき]");
  ALIGNS("霞ヶ関", "かすみがせき", "霞ヶ関[かすみがせき]");
  ALIGNS("霞ケ関", "かすみがせき", "霞ケ関[かすみがせき]");
  ALIGNS("一ヵ月", "いっかげつ", "一ヵ月[いっかげつ]");
  ALIGNS("一ケ月", "いっかげつ", "一ケ月[いっかげつ]");
  ALIGNS("一カ所", "いっかしょ", "一[いっ]カ所[しょ]");
  ALIGNS("〆切", "しめきり", "〆切[しめきり]");
  ALIGNS("〆切り", "しめきり", "〆切[しめき]り");
}

static void align__no_ruby_on_kana_latin_digits_symbols(void) {
  ALIGNS("ビットコイン", "びっとこいん", "ビットコイン");
  ALIGNS("コーヒー", "コーヒー", "コーヒー");
  ALIGNS("ｶﾞｲﾄﾞ", "がいど", "ｶﾞｲﾄﾞ");
  ALIGNS("NHK", "えぬえいちけい", "NHK");
  ALIGNS("Ｔシャツ", "てぃーしゃつ", "Ｔシャツ");
  ALIGNS("2024", "", "2024");
  ALIGNS("、", "", "、");
  ALIGNS("5月", "5がつ", "5月[がつ]");      /* literal digit in the reading */
  ALIGNS("５月", "5がつ", "５月[がつ]");     /* full-width digit matches */
  ALIGNS("NHK杯", "nhkはい", "NHK杯[はい]");
  ALIGNS("ラーメン屋", "らあめんや", "ラーメン屋[や]"); /* ー against a vowel */
}

static void align__digits_read_with_their_counter(void) {
  /* The reading does not say where the digits end: one ruby over both. */
  ALIGNS("２４日", "にじゅうよっか", "２４日[にじゅうよっか]");
  ALIGNS("5月", "ごがつ", "5月[ごがつ]");
  ALIGNS("3人", "さんにん", "3人[さんにん]");
  ALIGNS("W杯", "わーるどかっぷ", "W杯[わーるどかっぷ]");
}

static void align__equivalent_kana(void) {
  ALIGNS("気づく", "きずく", "気[き]づく");   /* づ/ず */
  ALIGNS("取っ手", "とつて", "取[と]っ手[て]"); /* small/large */
  ALIGNS("曇りガラス", "くもりがらす", "曇[くも]りガラス");
}

static void align__fallback_one_ruby_when_kana_do_not_fit(void) {
  /* The reading skips the word's の: no split fits, the outer kana still
   * do, so one ruby covers the kanji and what lies between them. */
  ALIGNS("山の手", "やまて", "山の手[やまて]");
}

static void align__segments_index_the_word(void) {
  rd_ruby *s;
  size_t n;
  REQUIRE(rd_align(&s, &n, "取り引き", 12, "とりひき", 12) == RD_OK);
  REQUIRE(n == 2);
  INT_EQ(s[0].start, 0);
  INT_EQ(s[0].len, 3);
  STR_EQ(s[0].reading, "と");
  INT_EQ(s[0].reading_len, 3);
  INT_EQ(s[1].start, 6);
  INT_EQ(s[1].len, 3);
  STR_EQ(s[1].reading, "ひ");
  rd_free(s);
  /* Lengths, not NUL: the word and reading may be slices of longer text. */
  REQUIRE(rd_align(&s, &n, "盗まれた。以下略", 12, "ぬすまれたXYZ", 15) == RD_OK);
  REQUIRE(n == 1);
  STR_EQ(s[0].reading, "ぬす");
  rd_free(s);
  s = (rd_ruby *)1;
  REQUIRE(rd_align(&s, &n, "すし", 6, "すし", 6) == RD_OK);
  INT_EQ(n, 0);
  OK(s == NULL);
}

static void align__arena_variant(void) {
  rd__arena a;
  rd__arena_init(&a);
  rd_ruby *s;
  size_t n;
  INT_EQ(rd__align(&s, &n, "渡り鳥", 9, "ワタリドリ", 15, 0, &a), RD_OK);
  REQUIRE(n == 2);
  STR_EQ(s[1].reading, "どり");
  rd__arena_dispose(&a); /* nothing else to free */
}

static void align__bad_input_is_a_clear_error(void) {
  STR_EQ(brackets("盗まれた", "たべもの"), "ERR -3");
  OK(strstr(rd_error_last()->message, "does not fit") != NULL);
  STR_EQ(brackets("盗まれた", "ぬすまれる"), "ERR -3");
  STR_EQ(rd_error_last()->message,
         "reading \"ぬすまれる\" does not fit word \"盗まれた\": \"た\" at byte 9 is not at the end of the reading");
  INT_EQ(rd_error_last()->offset, 9);
  STR_EQ(brackets("取り引き", "とり"), "ERR -3");
  STR_EQ(brackets("漢字", "kanji"), "ERR -3");
  STR_EQ(brackets("漢字", ""), "ERR -3");
  OK(strstr(rd_error_last()->message, "empty reading") != NULL);
  STR_EQ(brackets("漢", "ょう"), "ERR -3"); /* no reading starts with ょ */
  STR_EQ(brackets("すし", "まぐろ"), "ERR -3");
  STR_EQ(brackets("すし", "すしや"), "ERR -3");

  STR_EQ(brackets("盗\xffまれた", "ぬすまれた"), "ERR -4");
  STR_EQ(rd_error_last()->message, "rd_align: invalid UTF-8 in the word at byte 3");
  INT_EQ(rd_error_last()->offset, 3);
  STR_EQ(brackets("盗まれた", "ぬす\xe3\x81"), "ERR -4");
  OK(strstr(rd_error_last()->message, "in the reading at byte 6") != NULL);
  rd_ruby *s;
  size_t n;
  INT_EQ(rd_align(&s, &n, "盗\0た", 7, "ぬすた", 9), RD_EENCODING);
  STR_EQ(rd_error_last()->message, "rd_align: NUL byte in the word at byte 3");
  INT_EQ(rd_align(NULL, &n, "盗", 3, "ぬす", 6), RD_EINVALID);
  INT_EQ(rd_align(&s, &n, NULL, 3, "ぬす", 6), RD_EINVALID);
}

/* Aligner rule "symbols inside a word anchor like kana" (issue 12, item 6):
 * ・ reads as nothing (or as itself when the reading has it), so it cuts
 * the word like a kana would and no ruby spans it. */
static void align__symbols_inside_a_word_anchor_like_kana(void) {
  ALIGNS("トム・ソーヤーの冒険", "とむそーやーのぼうけん", "トム・ソーヤーの冒険[ぼうけん]");
  ALIGNS("トム・ソーヤー", "とむそーやー", "トム・ソーヤー");
  ALIGNS("トム・ソーヤー", "とむ・そーやー", "トム・ソーヤー");
  ALIGNS("東京・大阪", "とうきょうおおさか", "東京・大阪[とうきょうおおさか]"); /* no anchor between: one ruby, never split wrongly */
  ALIGNS("山・川", "やま・かわ", "山[やま]・川[かわ]");
}

/* Aligner rule "every kanji reads as one kana at least": an impossible
 * reading is refused with RD_EINVALID rather than squeezed in. */
static void align__impossible_reading_is_refused(void) {
  STR_EQ(brackets("爆売れ", "うれ"), "ERR -3");
  OK(strstr(rd_error_last()->message, "1 kana left for the 2 kanji of \"爆売\"") != NULL);
  STR_EQ(brackets("爆売れ", "ばくうれ"), "爆売[ばくう]れ");
  STR_EQ(brackets("今日", "きょう"), "今日[きょう]"); /* jukujikun with enough kana still fit */
  STR_EQ(brackets("人々", "ひとびと"), "人々[ひとびと]");
  STR_EQ(brackets("大人しい", "おとなしい"), "大人[おとな]しい");
  STR_EQ(brackets("山川の", "やの"), "ERR -3");
  STR_EQ(brackets("百舌鳥", "もず"), "百舌鳥[もず]"); /* a word of kanji alone may read as a whole */
}

/* Long words take the table path (or the coarse path beyond its bound)
 * and give the right shape; time is guarded by the ctest timeout. */
static void align__long_words_stay_fast(void) {
  size_t reps = 3000;
  char *w = malloc(reps * 6 + 1), *r = malloc(reps * 6 + 1);
  REQUIRE(w && r);
  for (size_t i = 0; i < reps; i++) {
    memcpy(w + 6 * i, "山の", 6); /* 山の山の...: each の could be any の of the reading */
    memcpy(r + 6 * i, "やの", 6);
  }
  clock_t t0 = clock();
  rd_ruby *s;
  size_t n;
  INT_EQ(rd_align(&s, &n, w, reps * 6, r, reps * 6), RD_OK);
  INT_EQ(n, 1);
  rd_free(s);
  /* 40 × 山の: within the tables' bound, every の is a certain anchor. */
  INT_EQ(rd_align(&s, &n, w, 40 * 6, r, 40 * 6), RD_OK);
  INT_EQ(n, 40);
  rd_free(s);
  double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
  printf("  long words: %.3fs (information; a quadratic path would hit the ctest timeout)\n", secs);
  free(w);
  free(r);
}

/* Random words of kanji and kana with a reading made to fit: the
 * alignment must succeed, and the plain kana plus the ruby readings, in
 * order, must spell the reading exactly (no reading lost, none misplaced
 * across a kana). */
static void align__random_words_keep_every_kana_in_place(void) {
  static const char *const kanji[] = {"山", "川", "木", "々"};
  static const char *const kana[] = {"の", "か", "ん", "っ", "ま", "カ"};
  static const char *const syl[] = {"や", "ま", "か", "わ", "の", "き"};
  unsigned long x = 12345;
#define RND(n) ((x = x * 6364136223846793005ul + 1442695040888963407ul) >> 33) % (n)
  for (int iter = 0; iter < 3000; iter++) {
    char w[256] = "", r[512] = "", plain[512];
    size_t units = 1 + RND(8);
    int prev_kanji = 0;
    for (size_t u = 0; u < units; u++) {
      if (RND(2)) {
        strcat(w, kanji[prev_kanji ? RND(4) : RND(3)]); /* 々 only after a kanji */
        /* A run gets one reading, one kana per kanji at least (a shorter
         * one is refused: aligner rule "every kanji reads as one kana"). */
        for (size_t k = 0, n = 1 + RND(3); k < n; k++) strcat(r, syl[RND(6)]);
        prev_kanji = 1;
      } else {
        const char *k = kana[RND(6)];
        strcat(w, k);
        strcat(r, strcmp(k, "カ") ? k : "か");
        prev_kanji = 0;
      }
    }
    rd_ruby *s;
    size_t n;
    rd_status st = rd_align_with_flags(&s, &n, w, strlen(w), r, strlen(r), iter % 2 ? RD_ALIGN_PER_KANJI : 0);
    if (st != RD_OK) { FAILF("%s / %s: %s", w, r, rd_error_last()->message); return; }
    size_t at = 0;
    plain[0] = '\0';
    for (size_t i = 0; i <= n; i++) {
      size_t end = i < n ? s[i].start : strlen(w);
      strncat(plain, w + at, end - at);
      if (i < n) { strcat(plain, s[i].reading); at = s[i].start + s[i].len; }
    }
    char *h;
    REQUIRE(rd_kana_to_hiragana(&h, NULL, plain, strlen(plain)) == RD_OK);
    if (strcmp(h, r)) FAILF("%s / %s: segments spell %s", w, r, h);
    rd_free(h);
    rd_free(s);
  }
#undef RND
}

/* With RD_ALIGN_PER_KANJI and KANJIDIC, runs split where exactly one
 * decomposition into per-kanji readings fits; jukujikun and 々 stay whole.
 * Run twice by ctest: unit.align with READER_KANJIDIC="" (runs must stay
 * whole) and unit.align_kanjidic with the installed file (skipped, saying
 * why, when it is missing). */
static uint32_t kanji_cp(const char *s) {
  uint32_t c = 0;
  rd__utf8_decode(s, strlen(s), &c);
  return c;
}

static const char *fallback_str(char *out, const uint32_t *r, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += rd__utf8_encode(r[i], out + k);
  out[k] = '\0';
  return out;
}

static void align__per_kanji_with_kanjidic(void) {
  const char *env = getenv("READER_KANJIDIC");
  int on = !(env && !*env);
  INT_EQ(rd_align_per_kanji_available(), on);
#define PK(word, reading, split, whole) STR_EQ(brackets_flags(word, reading, RD_ALIGN_PER_KANJI), on ? split : whole)
  PK("裏切る", "うらぎる", "裏[うら]切[ぎ]る", "裏切[うらぎ]る");
  PK("相当", "そうとう", "相[そう]当[とう]", "相当[そうとう]");
  PK("北海道", "ほっかいどう", "北[ほっ]海[かい]道[どう]", "北海道[ほっかいどう]"); /* ほく -> ほっ */
  PK("学校", "がっこう", "学[がっ]校[こう]", "学校[がっこう]");
  PK("富士山", "ふじさん", "富[ふ]士[じ]山[さん]", "富士山[ふじさん]"); /* rendaku し -> じ */
  PK("立ち入り禁止", "たちいりきんし", "立[た]ち入[い]り禁[きん]止[し]", "立[た]ち入[い]り禁止[きんし]");
  PK("日本", "にっぽん", "日[にっ]本[ぽん]", "日本[にっぽん]");
  /* Jukujikun: no decomposition fits, the run stays whole either way. */
  PK("今日", "きょう", "今日[きょう]", "今日[きょう]");
  PK("明日", "あした", "明日[あした]", "明日[あした]");
  PK("一人", "ひとり", "一人[ひとり]", "一人[ひとり]"); /* 人's suffix form -り is not used */
  PK("大人しい", "おとなしい", "大人[おとな]しい", "大人[おとな]しい");
  PK("上手い", "うまい", "上手[うま]い", "上手[うま]い");
  PK("日本", "にほん", "日本[にほん]", "日本[にほん]");
  PK("人々", "ひとびと", "人々[ひとびと]", "人々[ひとびと]");
  PK("２４日", "にじゅうよっか", "２４日[にじゅうよっか]", "２４日[にじゅうよっか]");
  PK("物の怪", "もののけ", "物の怪[もののけ]", "物の怪[もののけ]"); /* ambiguous span: never split */
#undef PK
  /* Without the flag, one ruby per run; rd_align() sets the flag. */
  STR_EQ(brackets("相当", "そうとう"), "相当[そうとう]");
  STR_EQ(brackets_default("相当", "そうとう"), on ? "相[そう]当[とう]" : "相当[そうとう]");
}

/* Rule kanjidic's reading of a kanji MeCab cannot read: on'yomi among
 * kanji, alone a kun'yomi without okurigana, else on'yomi. KANJIDIC's
 * kun'yomi with okurigana (わ.く) still serve the per-kanji aligner. */
static void align__kanjidic_fallback_reading_on_and_kun(void) {
  const char *env = getenv("READER_KANJIDIC");
  uint32_t r[32];
  char out[64];
#define FALLBACK(kanji, in_compound) \
  (fallback_str(out, r, rd__kanji_fallback_reading(kanji_cp(kanji), in_compound, r, 32)))
  if (env && !*env) {
    INT_EQ(rd__kanji_fallback_reading(kanji_cp("桜"), false, r, 32), 0); /* no KANJIDIC: no reading */
    return;
  }
  STR_EQ(FALLBACK("桜", false), "さくら");
  STR_EQ(FALLBACK("桜", true), "おう");
  STR_EQ(FALLBACK("涌", true), "ゆう");
  STR_EQ(FALLBACK("涌", false), "ゆう"); /* only わ.く: a verb stem needs its ending */
  STR_EQ(FALLBACK("颯", false), "さつ"); /* only さっ.と */
  STR_EQ(FALLBACK("鰯", false), "いわし");
  INT_EQ(rd__kanji_fallback_reading(kanji_cp("埇"), false, r, 32), 0); /* not in KANJIDIC */
  INT_EQ(rd__kanji_fallback_reading(kanji_cp("桜"), false, r, 2), 0);  /* no room: nothing, never a cut reading */
#undef FALLBACK
  STR_EQ(brackets_flags("湧く", "わく", RD_ALIGN_PER_KANJI), "湧[わ]く");
}

int main(void) {
  static const t_case cases[] = {T(align__kanjidic_fallback_reading_on_and_kun), T(align__issue_examples), T(align__katakana_reading_gives_hiragana), T(align__interleaved_kana),
       T(align__okurigana_and_prefixes), T(align__no_split_inside_a_kanji_run),
       T(align__misleading_kana_are_not_anchors), T(align__repeat_marks_and_counters),
       T(align__no_ruby_on_kana_latin_digits_symbols), T(align__digits_read_with_their_counter),
       T(align__equivalent_kana), T(align__fallback_one_ruby_when_kana_do_not_fit),
       T(align__segments_index_the_word), T(align__arena_variant), T(align__bad_input_is_a_clear_error),
       T(align__long_words_stay_fast), T(align__per_kanji_with_kanjidic),
      T(align__random_words_keep_every_kana_in_place),
      T(align__symbols_inside_a_word_anchor_like_kana), T(align__impossible_reading_is_refused)};
  const char *env = getenv("READER_KANJIDIC");
  if (!(env && !*env) && !rd_align_per_kanji_available()) {
    printf("skipped: KANJIDIC not found at %s (apt-get install kanjidic, or set READER_KANJIDIC)\n",
           env ? env : "/usr/share/edict/kanjidic");
    return 77;
  }
  return t_run(cases, sizeof cases / sizeof *cases);
}
