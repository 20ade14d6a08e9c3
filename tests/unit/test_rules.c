#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
/* Reading rules as data (counters, numbers, context) and the stub backend:
 * no dictionary is needed. The counter test walks the rule table itself,
 * so a new table entry is tested by the expectations listed here. */
#include <reader.h>

#include <pthread.h>
#include <unistd.h>

#include "analyze_internal.h"
#include "harness.h"

static rd_doc *parse_lines(const char *text) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_LINES;
  rd_doc *doc = NULL;
  return rd_doc_parse(&doc, text, strlen(text), &o) == RD_OK ? doc : NULL;
}

static void rules__number_values(void) {
  INT_EQ(rd__number_value("24", 2), 24);
  INT_EQ(rd__number_value("２４", strlen("２４")), 24);
  INT_EQ(rd__number_value("1,000", 5), 1000);
  INT_EQ(rd__number_value("二十四", strlen("二十四")), 24);
  INT_EQ(rd__number_value("十", strlen("十")), 10);
  INT_EQ(rd__number_value("三百", strlen("三百")), 300);
  INT_EQ(rd__number_value("二〇二四", strlen("二〇二四")), 2024);
  INT_EQ(rd__number_value("四万五千", strlen("四万五千")), 45000);
  INT_EQ(rd__number_value("482億", strlen("482億")), 48200000000LL);
  INT_EQ(rd__number_value("", 0), -1);
  INT_EQ(rd__number_value("万", strlen("万")), -1);
  INT_EQ(rd__number_value("abc", 3), -1);
}

typedef struct counter_case {
  const char *counter;
  long long n;
  const char *next; /* word after the counter, or NULL */
  const char *reading;
  int whole;
} counter_case;

/* Every counter rule of the issue, with the numbers that select each branch. */
static const counter_case counter_cases[] = {
  {"月", 5, NULL, "がつ", 0}, {"月", 12, NULL, "がつ", 0},
  {"日", 1, NULL, "ついたち", 1}, {"日", 1, "中", "いちにち", 1}, {"日", 2, NULL, "ふつか", 1},
  {"日", 3, NULL, "みっか", 1}, {"日", 4, NULL, "よっか", 1}, {"日", 5, NULL, "いつか", 1},
  {"日", 6, NULL, "むいか", 1}, {"日", 7, NULL, "なのか", 1}, {"日", 8, NULL, "ようか", 1},
  {"日", 9, NULL, "ここのか", 1}, {"日", 10, NULL, "とおか", 1}, {"日", 14, NULL, "じゅうよっか", 1},
  {"日", 20, NULL, "はつか", 1}, {"日", 24, NULL, "にじゅうよっか", 1}, {"日", 11, NULL, "にち", 0},
  {"日", 29, NULL, "にち", 0}, {"日", 30, NULL, "にち", 0},
  {"人", 1, NULL, "ひとり", 1}, {"人", 2, NULL, "ふたり", 1}, {"人", 3, NULL, "にん", 0}, {"人", 21, NULL, "にん", 0},
  {"分", 1, NULL, "ぷん", 0}, {"分", 2, NULL, "ふん", 0}, {"分", 3, NULL, "ぷん", 0}, {"分", 4, NULL, "ぷん", 0},
  {"分", 5, NULL, "ふん", 0}, {"分", 6, NULL, "ぷん", 0}, {"分", 7, NULL, "ふん", 0}, {"分", 8, NULL, "ぷん", 0},
  {"分", 9, NULL, "ふん", 0}, {"分", 10, NULL, "ぷん", 0}, {"分", 15, NULL, "ふん", 0}, {"分", 30, NULL, "ぷん", 0},
  {"本", 1, NULL, "ぽん", 0}, {"本", 2, NULL, "ほん", 0}, {"本", 3, NULL, "ぼん", 0}, {"本", 6, NULL, "ぽん", 0},
  {"本", 8, NULL, "ぽん", 0}, {"本", 10, NULL, "ぽん", 0}, {"本", 100, NULL, "ぽん", 0}, {"本", 1000, NULL, "ぼん", 0},
  {"本", 5, NULL, "ほん", 0},
  {"百", 1, NULL, "ひゃく", 0}, {"百", 3, NULL, "びゃく", 0}, {"百", 6, NULL, "ぴゃく", 0}, {"百", 8, NULL, "ぴゃく", 0},
  {"回", 1, NULL, "かい", 0}, {"回", 3, NULL, "かい", 0},
  {"階", 1, NULL, "かい", 0}, {"階", 3, NULL, "がい", 0}, {"階", 5, NULL, "かい", 0},
  {"杯", 1, NULL, "ぱい", 0}, {"杯", 2, NULL, "はい", 0}, {"杯", 3, NULL, "ばい", 0}, {"杯", 6, NULL, "ぱい", 0},
  {"杯", 10, NULL, "ぱい", 0},
  {"匹", 1, NULL, "ぴき", 0}, {"匹", 2, NULL, "ひき", 0}, {"匹", 3, NULL, "びき", 0}, {"匹", 8, NULL, "ぴき", 0},
  {"時", 4, NULL, "じ", 0}, {"時", 9, NULL, "じ", 0},
  {"年", 2024, NULL, "ねん", 0}, {"年", 4, NULL, "ねん", 0},
  {"歳", 20, NULL, "はたち", 1}, {"歳", 21, NULL, "さい", 0},
  /* counters by the number's spoken end (issue 12, item 4): 万 ends in ん */
  {"匹", 40000, NULL, "びき", 0}, {"本", 5000000, NULL, "ぼん", 0}, {"杯", 100000, NULL, "ばい", 0},
  /* 1日 as a frequency: に, a number and a counter of times after it */
  {"日", 1, "に#回", "いちにち", 1}, {"日", 1, "に#人", "ついたち", 1},
};

static void rules__every_counter_rule(void) {
  for (size_t i = 0; i < sizeof counter_cases / sizeof *counter_cases; i++) {
    const counter_case *c = &counter_cases[i];
    int whole = -1;
    const char *rule = NULL;
    const char *r = rd__counter_reading(c->counter, c->n, c->next, 0, &whole, &rule);
    if (!r || strcmp(r, c->reading) || whole != c->whole || !rule)
      FAILF("%lld%s: got %s (whole %d), expected %s (whole %d)", c->n, c->counter, r ? r : "(null)", whole,
            c->reading, c->whole);
    t_checks++;
  }
  /* A number after the counter makes 1日 a span: 1日70円 */
  int whole;
  STR_EQ(rd__counter_reading("日", 1, "70", 1, &whole, NULL), "いちにち");
  OK(rd__counter_reading("猫", 1, NULL, 0, &whole, NULL) == NULL);
}

static void rules__every_table_counter_is_reachable(void) {
  /* Each counter in the data answers with its regular reading for 2 unless
   * an exception covers 2; each exception answers for its own value. */
  for (size_t i = 0; i < rd__ncounters; i++) {
    const rd__counter *c = &rd__counters[i];
    int whole;
    const char *rule = NULL;
    OK(rd__counter_reading(c->counter, 2, NULL, 0, &whole, &rule) != NULL);
    OK(rule && !strncmp(rule, "counter-", 8));
    for (size_t k = 0; k < c->nexc; k++) {
      const rd__counter_exc *e = &c->exc[k];
      if (e->next) continue;
      const char *r = rd__counter_reading(c->counter, (long long)e->value, NULL, 0, &whole, NULL);
      if (!r || strcmp(r, e->reading)) FAILF("%lu%s: got %s, expected %s", e->value, c->counter, r ? r : "(null)", e->reading);
      t_checks++;
    }
  }
}

static void rules__tables_are_well_formed(void) {
  /* rules_facts.c gives no word longer than RD__RULE_WORD_MAX a context bit without looking */
  for (size_t i = 0; i < rd__ncontext_rules; i++) {
    OK(strlen(rd__context_rules[i].surface) <= RD__RULE_WORD_MAX);
    OK(rd__context_rules[i].rule && rd__context_rules[i].reading);
  }
  for (size_t i = 0; i < rd__nword_readings; i++) OK(strlen(rd__word_readings[i].surface) <= RD__RULE_WORD_MAX);
  INT_EQ(rd__ntown_readings, 47); /* every prefecture */
}

static rd_analyzer *stub(unsigned flags) {
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_STUB | flags;
  rd_analyzer *an = NULL;
  return rd_analyzer_new(&an, &o) == RD_OK ? an : NULL;
}

static const rd_node *find_token(const rd_doc *doc, const char *surface) {
  for (size_t i = 0; i < rd_doc_token_count(doc); i++)
    if (!strcmp(rd_node_text(NULL, rd_doc_token_at(doc, i)), surface)) return rd_doc_token_at(doc, i);
  return NULL;
}

static void rules__stub_counters_merge_and_split(void) {
  rd_analyzer *an = stub(0);
  REQUIRE(an);
  STR_EQ(rd_analyzer_dictionary_name(an), "stub");
  rd_doc *doc = parse_lines("５月２４日に2人と3人");
  REQUIRE(doc);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  const rd_node *t = find_token(doc, "２４日");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "にじゅうよっか");
  STR_EQ(rd_token_rule(t), "counter-day");
  OK(rd_token_flags(t) & RD_TOKEN_RULE);
  OK(rd_token_flags(t) & RD_TOKEN_NUMBER);
  STR_EQ(rd_token_original_reading(t), "ひ"); /* the stub reads 日 ひ */
  INT_EQ(rd_token_ruby_count(t), 1);
  rd_ruby r;
  REQUIRE(rd_token_ruby_at(&r, t, 0));
  INT_EQ(r.start, 0);
  INT_EQ(r.len, strlen("２４日")); /* ruby over digits and counter */
  t = find_token(doc, "月");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "がつ");
  REQUIRE(rd_token_ruby_at(&r, t, 0));
  STR_EQ(r.reading, "がつ");
  t = find_token(doc, "2人");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "ふたり");
  t = find_token(doc, "人");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "にん");
  STR_EQ(rd_token_original_reading(t), "じん");
  /* spans index the source */
  size_t a, b;
  rd_node_span(&a, &b, find_token(doc, "２４日"));
  OK(!memcmp(rd_doc_source(NULL, doc) + a, "２４日", b - a) && b - a == strlen("２４日"));
  rd_node_char_span(&a, &b, find_token(doc, "２４日"));
  INT_EQ(a, 2);
  INT_EQ(b, 5);
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

static void rules__nihon_and_nippon(void) {
  rd_analyzer *an = stub(0), *nip = stub(RD_ANALYZER_NIPPON), *raw = stub(RD_ANALYZER_NO_RULES);
  REQUIRE(an && nip && raw);
  rd_doc *doc = parse_lines("日本");
  REQUIRE(doc);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  STR_EQ(rd_token_reading(rd_doc_token_at(doc, 0)), "にほん");
  STR_EQ(rd_token_rule(rd_doc_token_at(doc, 0)), "nihon");
  STR_EQ(rd_token_original_reading(rd_doc_token_at(doc, 0)), "にっぽん");
  REQUIRE(rd_doc_annotate(doc, nip, NULL) == RD_OK);
  STR_EQ(rd_token_reading(rd_doc_token_at(doc, 0)), "にっぽん");
  OK(!(rd_token_flags(rd_doc_token_at(doc, 0)) & RD_TOKEN_RULE)); /* the dictionary already said so */
  REQUIRE(rd_doc_annotate(doc, raw, NULL) == RD_OK);
  OK(rd_token_rule(rd_doc_token_at(doc, 0)) == NULL);
  rd_doc_free(doc);
  rd_analyzer_free(an);
  rd_analyzer_free(nip);
  rd_analyzer_free(raw);
}

static void rules__nan_before_counter(void) {
  rd_analyzer *an = stub(0);
  REQUIRE(an);
  rd_doc *doc = parse_lines("何人");
  REQUIRE(doc && rd_doc_annotate(doc, an, NULL) == RD_OK);
  STR_EQ(rd_token_reading(find_token(doc, "何")), "なん");
  STR_EQ(rd_token_rule(find_token(doc, "何")), "nan-counter");
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

static void rules__stub_tokens_reproduce_text(void) {
  rd_analyzer *an = stub(0);
  REQUIRE(an);
  const char *text = "東京 で、ABCと　漢字を見た。龘 123";
  rd_doc *doc = parse_lines(text);
  REQUIRE(doc && rd_doc_annotate(doc, an, NULL) == RD_OK);
  const rd_node *s = rd_doc_sentence_at(doc, 0);
  size_t pos = 0, end;
  rd_node_span(&pos, &end, s);
  const char *src = rd_doc_source(NULL, doc);
  char out[256] = "";
  for (size_t i = 0; i < rd_sentence_token_count(s); i++) {
    size_t a, b;
    rd_node_span(&a, &b, rd_sentence_token_at(s, i));
    OK(a >= pos);
    for (size_t k = pos; k < a; k++) OK(src[k] == ' ' || (unsigned char)src[k] >= 0x80); /* white space only */
    strncat(out, src + pos, a - pos);
    strcat(out, rd_node_text(NULL, rd_sentence_token_at(s, i)));
    pos = b;
  }
  strncat(out, src + pos, end - pos);
  STR_EQ(out, text);
  const rd_node *u = find_token(doc, "龘");
  REQUIRE(u);
  OK(rd_token_flags(u) & RD_TOKEN_UNKNOWN);
  OK(rd_token_reading(u) == NULL); /* no invented reading */
  INT_EQ(rd_token_ruby_count(u), 0);
  OK(rd_token_flags(find_token(doc, "ABC")) & RD_TOKEN_LATIN);
  OK(rd_token_flags(find_token(doc, "123")) & RD_TOKEN_NUMBER);
  OK(rd_token_flags(find_token(doc, "、")) & RD_TOKEN_SYMBOL);
  STR_EQ(rd_token_reading(find_token(doc, "、")), "");
  INT_EQ(rd_token_pos_class(find_token(doc, "東京")), RD_POS_PROPER_NOUN);
  /* equal words share one interned record */
  rd_doc *d2 = parse_lines("東京と東京");
  REQUIRE(d2 && rd_doc_annotate(d2, an, NULL) == RD_OK);
  INT_EQ(rd_doc_token_count(d2), 3);
  OK(rd_token_reading(rd_doc_token_at(d2, 0)) == rd_token_reading(rd_doc_token_at(d2, 2)));
  rd_doc_free(d2);
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

static void rules__reannotate_keeps_old_tokens_valid(void) {
  rd_analyzer *an = stub(0);
  REQUIRE(an);
  rd_doc *doc = parse_lines("日本の漢字");
  REQUIRE(doc && rd_doc_annotate(doc, an, NULL) == RD_OK);
  const rd_node *old = rd_doc_token_at(doc, 0);
  size_t n = rd_doc_token_count(doc);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  INT_EQ(rd_doc_token_count(doc), n);
  STR_EQ(rd_node_text(NULL, old), "日本"); /* retired, not freed */
  OK(old != rd_doc_token_at(doc, 0));
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

static void rules__overrides_file(void) {
  char path[] = "/tmp/rd_overrides_XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("# surface or lemma<TAB>reading\n漢字\tカンジイ\n盗む\tとうむ\n", f);
  fclose(f);
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_STUB;
  o.overrides = path;
  rd_analyzer *an;
  rd_status st_new = rd_analyzer_new(&an, &o);
  remove(path); /* read at load time; leave nothing in /tmp */
  REQUIRE(st_new == RD_OK);
  rd_doc *doc = parse_lines("漢字を盗まれた");
  REQUIRE(doc && rd_doc_annotate(doc, an, NULL) == RD_OK);
  const rd_node *t = find_token(doc, "漢字");
  STR_EQ(rd_token_reading(t), "かんじい");
  STR_EQ(rd_token_original_reading(t), "かんじ");
  STR_EQ(rd_token_rule(t), "override");
  OK(rd_token_flags(t) & RD_TOKEN_OVERRIDE);
  t = find_token(doc, "盗"); /* lemma 盗む: reading follows the surface's kana */
  STR_EQ(rd_token_reading(t), "とう");
  rd_doc_free(doc);
  rd_analyzer_free(an);
  f = fopen(path, "w");
  fputs("漢字\tかんじ\nbadline\n", f);
  fclose(f);
  an = (rd_analyzer *)1;
  INT_EQ(rd_analyzer_new(&an, &o), RD_EINVALID);
  OK(an == NULL);
  INT_EQ(rd_error_last()->line, 2);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "line 2"));
  /* A file starting with a UTF-8 BOM keeps its first entry. */
  f = fopen(path, "w");
  fputs("\xEF\xBB\xBF漢字\tカンジイ\n", f);
  fclose(f);
  REQUIRE(rd_analyzer_new(&an, &o) == RD_OK);
  doc = parse_lines("漢字を盗まれた");
  REQUIRE(doc && rd_doc_annotate(doc, an, NULL) == RD_OK);
  STR_EQ(rd_token_reading(find_token(doc, "漢字")), "かんじい");
  rd_doc_free(doc);
  rd_analyzer_free(an);
  remove(path);
  INT_EQ(rd_analyzer_new(&an, &o), RD_EIO);
  OK(strstr(rd_error_last()->message, path) != NULL);
}

/* An empty, binary or non-EDICT compounds file is refused by name, not
 * read as "no compounds". */
static void rules__compounds_file_without_edict_lines_refused(void) {
  char path[] = "/tmp/rd_compounds_XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  close(fd);
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_STUB;
  o.compounds = path;
  rd_analyzer *an = (rd_analyzer *)1;
  INT_EQ(rd_analyzer_new(&an, &o), RD_EINVALID);
  OK(an == NULL);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "empty file"));
  FILE *f = fopen(path, "wb");
  REQUIRE(f);
  fwrite("\x7f" "ELF\x02\x01\x01\0\0\0\n\xff\xfe", 1, 13, f);
  fclose(f);
  /* binary (NUL bytes): refused as binary, naming the offset */
  INT_EQ(rd_analyzer_new(&an, &o), RD_EENCODING);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "a binary file (NUL byte at offset 7)"));
  f = fopen(path, "wb");
  REQUIRE(f);
  fwrite("abc /x/\n\xff\xfe\n", 1, 11, f);
  fclose(f);
  /* neither UTF-8 nor EUC-JP: the converter names the byte */
  INT_EQ(rd_analyzer_new(&an, &o), RD_EENCODING);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "invalid EUC-JP byte 0xFF at offset 8"));
  f = fopen(path, "wb");
  REQUIRE(f);
  fputs("just some text\nno dictionary here\n", f);
  fclose(f);
  INT_EQ(rd_analyzer_new(&an, &o), RD_EINVALID);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "no EDICT line"));
  f = fopen(path, "wb");
  REQUIRE(f);
  fputs("\xc7\xad [\xa4\xcd\xa4\xb3] /(n) cat/\r\n", f); /* EUC-JP, CRLF: accepted */
  fclose(f);
  INT_EQ(rd_analyzer_new(&an, &o), RD_OK);
  rd_analyzer_free(an);
  remove(path);
}

/* ---- issue 12, items 3 and 6: rendaku, kana words, characters with no
 * reading. The table tests need nothing; the others need MeCab + IPADIC,
 * EDICT (compounds, kana words) and KANJIDIC, and say so when skipped. */

#define EDICT_PATH "/usr/share/edict/edict"

/* Rule rendaku, as data: every head voices its first kana and nothing
 * else, no head breaks Lyman's law, and the heads the issue names are
 * there (会社, 桜) while 風 かぜ (voiced ぜ already) is not. */
static void rules__rendaku_heads_obey_lymans_law(void) {
  OK(rd__nrendaku_heads > 50);
  for (size_t i = 0; i < rd__nrendaku_heads; i++) {
    const rd__rendaku_head *h = &rd__rendaku_heads[i];
    OK(!rd__has_voiced_obstruent(h->plain));
    OK(strlen(h->plain) == strlen(h->voiced) && !strcmp(h->plain + 3, h->voiced + 3));
    OK((unsigned char)h->voiced[2] == (unsigned char)h->plain[2] + 1); /* か -> が: the next code point */
    OK(h->edict_voiced > h->edict_plain);
  }
  OK(rd__rendaku_head_find("会社", "かいしゃ") && !strcmp(rd__rendaku_head_find("会社", "かいしゃ")->voiced, "がいしゃ"));
  OK(rd__rendaku_head_find("桜", "さくら") != NULL);
  OK(rd__rendaku_head_find("風", "かぜ") == NULL);
  OK(rd__rendaku_head_find("会社", "がいしゃ") == NULL); /* only MeCab's plain reading is voiced */
  OK(rd__has_voiced_obstruent("かぜ") && rd__has_voiced_obstruent("ふだ") && !rd__has_voiced_obstruent("さくら"));
  OK(rd__rendaku_one_voicing("しょうけんかいしゃ", "しょうけんがいしゃ"));
  OK(!rd__rendaku_one_voicing("しょうけんかいしゃ", "しょうけんかいしゃ")); /* nothing voiced */
  OK(!rd__rendaku_one_voicing("しょうけんかいしゃ", "じょうけんかいしゃ")); /* the first kana never voices */
  OK(!rd__rendaku_one_voicing("しょうけんかいしゃ", "しょうけんがいし"));
  OK(!rd__rendaku_one_voicing("たきさくら", "だきざくら")); /* two changes */
  for (size_t i = 0; i < rd__nrendaku_no_compounds; i++) OK(strlen(rd__rendaku_no_compounds[i]) >= 6);
}

static rd_analyzer *mecab(void) {
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  if (access(EDICT_PATH, R_OK) == 0) o.compounds = EDICT_PATH;
  rd_analyzer *an = NULL;
  if (rd_analyzer_new(&an, &o) != RD_OK) {
    fprintf(stderr, "  (skipped: no MeCab dictionary: %s)\n", rd_error_last()->message);
    rd_error_clear();
    return NULL;
  }
  return an;
}

static rd_doc *annotated(rd_analyzer *an, const char *text) {
  rd_doc *doc = parse_lines(text);
  if (doc && rd_doc_annotate(doc, an, NULL) != RD_OK) { rd_doc_free(doc); return NULL; }
  return doc;
}

/* The sentence in script, as rd_node_to_kana writes it (static buffer). */
static const char *kana_of(const rd_doc *doc, rd_script script) {
  static char buf[512];
  char *s = NULL;
  size_t n = 0;
  buf[0] = '\0';
  if (rd_node_to_kana(&s, &n, rd_doc_sentence_at(doc, 0), script) == RD_OK && n < sizeof buf) memcpy(buf, s, n + 1);
  rd_free(s);
  return buf;
}

static size_t rule_count(const rd_doc *doc, const char *rule) {
  size_t n = 0;
  for (size_t i = 0; i < rd_doc_token_count(doc); i++) {
    const char *r = rd_token_rule(rd_doc_token_at(doc, i));
    n += r && !strcmp(r, rule);
  }
  return n;
}

/* Rule rendaku over MeCab's words: a head from the table after a noun
 * (タクシー + 会社, katakana + kanji; 滝 + 桜), MeCab's reading kept as the
 * original; EDICT's voiced compound joined and named rendaku (証券会社);
 * no rule after a prefix-like first part or a number. */
static void rules__rendaku_voices_noun_noun_compounds(void) {
  rd_analyzer *an = mecab();
  if (!an) return;
  rd_doc *doc = annotated(an, "タクシー会社の人が滝桜を見た。");
  REQUIRE(doc);
  const rd_node *t = find_token(doc, "会社");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "がいしゃ");
  STR_EQ(rd_token_rule(t), "rendaku");
  STR_EQ(rd_token_original_reading(t), "かいしゃ");
  OK(rd_token_flags(t) & RD_TOKEN_RULE);
  t = find_token(doc, "桜");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "ざくら");
  STR_EQ(rd_token_rule(t), "rendaku");
  rd_doc_free(doc);
  /* a first part that is no noun, or a name MeCab may have cut short: no rule */
  doc = annotated(an, "この会社と桜。");
  REQUIRE(doc);
  STR_EQ(rd_token_reading(find_token(doc, "会社")), "かいしゃ");
  STR_EQ(rd_token_reading(find_token(doc, "桜")), "さくら");
  INT_EQ(rule_count(doc, "rendaku"), 0);
  rd_doc_free(doc);
  if (access(EDICT_PATH, R_OK) == 0) {
    doc = annotated(an, "大手証券会社に入る。");
    REQUIRE(doc);
    t = find_token(doc, "証券会社");
    REQUIRE(t); /* EDICT lists it: one word, so its gloss is the compound's */
    STR_EQ(rd_token_reading(t), "しょうけんがいしゃ");
    STR_EQ(rd_token_rule(t), "rendaku");
    rd_doc_free(doc);
  } else {
    fprintf(stderr, "  (EDICT cases skipped: no %s)\n", EDICT_PATH);
  }
  rd_analyzer_free(an);
}

/* Rules kon-prefix and ima-not-prefix: the prefix 今 reads こん before the
 * nouns of its list (EDICT: 今国会 こんこっかい, 今世紀 こんせいき, 今年度
 * こんねんど; 今大会 今シーズン 今場所 in the same sense), also where IPADIC
 * cut it off as the noun いま (今作 こんさく); before any other word it is
 * the adverb いま, which IPADIC also tags 接頭詞 コン (今日本では). */
static void rules__kon_prefix_before_its_nouns_only(void) {
  rd_analyzer *an = mecab();
  if (!an) return;
  static const struct { const char *text, *next, *reading, *rule; } cases[] = {
    {"今大会で優勝した。", "大会", "こん", NULL},   /* IPADIC's prefix, kept */
    {"今シーズンの最後。", "シーズン", "こん", NULL},
    {"今国会で成立した。", "国会", "こん", NULL},
    {"今場所は勝った。", "場所", "こん", NULL},
    {"今作で勝った。", "作", "こん", "kon-prefix"}, /* IPADIC: 今 名詞 いま */
    {"今号の表紙。", "号", "こん", "kon-prefix"},
    {"今日本では雨だ。", "日本", "いま", "ima-not-prefix"}, /* IPADIC: 接頭詞 コン */
    {"今話題の店。", "話題", "いま", "ima-not-prefix"},
    {"今世界中で人気だ。", "世界中", "いま", "ima-not-prefix"},
    {"今作られている。", "作ら", "いま", NULL}, /* a verb after 今: no rule */
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    rd_doc *doc = annotated(an, cases[i].text);
    REQUIRE(doc);
    const rd_node *t = rd_doc_token_at(doc, 0), *n = rd_doc_token_at(doc, 1);
    REQUIRE(t && n);
    STR_EQ(rd_node_text(NULL, t), "今");
    STR_EQ(rd_node_text(NULL, n), cases[i].next);
    STR_EQ(rd_token_reading(t), cases[i].reading);
    if (cases[i].rule) STR_EQ(rd_token_rule(t), cases[i].rule);
    else OK(rd_token_rule(t) == NULL);
    rd_doc_free(doc);
  }
  /* the whole words EDICT lists stay one word with their own reading */
  rd_doc *doc = annotated(an, "今年度と今世紀。");
  REQUIRE(doc);
  STR_EQ(rd_token_reading(find_token(doc, "今年度")), "こんねんど");
  STR_EQ(rd_token_reading(find_token(doc, "今世紀")), "こんせいき");
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

/* Rule furi-weather: 降り after rain or snow and が/も/は is 降る ふり,
 * which IPADIC reads as 降りる おり (雨が降りました); getting off (電車を
 * 降りました) stays おり. */
static void rules__furi_weather_after_what_falls(void) {
  rd_analyzer *an = mecab();
  if (!an) return;
  static const struct { const char *text, *reading; int rule; } cases[] = {
    {"雨が降りました。", "ふ", 1}, {"雪が強く降りました。", "ふ", 1}, {"大雨が降りそうです。", "ふ", 1},
    {"電車を降りました。", "お", 0}, {"駅で降りました。", "お", 0}, {"雨の中、バスを降りた。", "お", 0},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    rd_doc *doc = annotated(an, cases[i].text);
    REQUIRE(doc);
    const rd_node *t = NULL;
    for (size_t k = 0; k < rd_doc_token_count(doc) && !t; k++)
      if (!strncmp(rd_node_text(NULL, rd_doc_token_at(doc, k)), "降", strlen("降"))) t = rd_doc_token_at(doc, k);
    REQUIRE(t);
    /* the ruby over 降 */
    rd_ruby rb = {RD_RUBY_VERSION, 0, 0, NULL, 0};
    REQUIRE(rd_token_ruby_at(&rb, t, 0));
    STR_EQ(rb.reading, cases[i].reading);
    if (cases[i].rule) STR_EQ(rd_token_rule(t), "furi-weather");
    else OK(rd_token_rule(t) == NULL);
    rd_doc_free(doc);
  }
  rd_analyzer_free(an);
}

/* Rule yama-after-okurigana: 山, a suffix to IPADIC (サン), after a word
 * ending in okurigana is the noun やま (「飾り山」 かざりやま); after a
 * katakana or kanji mountain name it stays さん. */
static void rules__yama_after_okurigana(void) {
  rd_analyzer *an = mecab();
  if (!an) return;
  rd_doc *doc = annotated(an, "「飾り山」とエベレスト山。");
  REQUIRE(doc);
  const rd_node *t = NULL, *u = NULL;
  for (size_t k = 0; k < rd_doc_token_count(doc); k++) {
    const rd_node *x = rd_doc_token_at(doc, k);
    if (!strcmp(rd_node_text(NULL, x), "山")) { if (!t) t = x; else u = x; }
  }
  REQUIRE(t && u);
  STR_EQ(rd_token_reading(t), "やま");
  STR_EQ(rd_token_rule(t), "yama-after-okurigana");
  STR_EQ(rd_token_original_reading(t), "さん");
  STR_EQ(rd_token_reading(u), "さん");
  OK(rd_token_rule(u) == NULL);
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

/* Rule kana-join: hiragana words MeCab cuts into single kana are joined
 * where EDICT has the whole (ひ|ら|が|な, かん|た|ん); particles after a
 * noun and everyday grammar (し|て|い) stay as MeCab has them. */
static void rules__kana_join_rejoins_split_hiragana_words(void) {
  if (access(EDICT_PATH, R_OK) != 0) {
    fprintf(stderr, "  (skipped: no %s)\n", EDICT_PATH);
    return;
  }
  rd_analyzer *an = mecab();
  if (!an) return;
  rd_doc *doc = annotated(an, "ひらがなをかんたんに書く。");
  REQUIRE(doc);
  const rd_node *t = find_token(doc, "ひらがな");
  REQUIRE(t);
  STR_EQ(rd_token_rule(t), "kana-join");
  STR_EQ(rd_token_reading(t), "ひらがな");
  REQUIRE(find_token(doc, "かんたん"));
  STR_EQ(rd_token_rule(find_token(doc, "かんたん")), "kana-join");
  STR_EQ(kana_of(doc, RD_SCRIPT_ROMAJI), "hiragana o kantan ni kaku.");
  rd_doc_free(doc);
  static const char *const unchanged[] = {
    "私はがっこうへ行きます。", "わたしはすしがすきです。", "勉強していました。", "行くのに時間がかかる。",
    "きのうはあめがふりました。", "それはむずかしいもんだいです。", "ねこがいる。",
  };
  for (size_t i = 0; i < sizeof unchanged / sizeof *unchanged; i++) {
    doc = annotated(an, unchanged[i]);
    REQUIRE(doc);
    if (rule_count(doc, "kana-join")) fprintf(stderr, "  joined in: %s\n", unchanged[i]);
    INT_EQ(rule_count(doc, "kana-join"), 0);
    rd_doc_free(doc);
  }
  doc = annotated(an, "私はがっこうへ行きます。");
  REQUIRE(doc);
  REQUIRE(find_token(doc, "は"));
  INT_EQ(rd_token_pos_class(find_token(doc, "は")), RD_POS_PARTICLE);
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

/* Rule iteration-mark: ゝ ヽ repeat the kana before them, ゞ ヾ voiced
 * where it can be (ミ has no voiced form). */
static void rules__iteration_marks_repeat_the_kana_before(void) {
  rd_analyzer *an = mecab();
  if (!an) return;
  static const char *const cases[][2] = {
    {"こゝろ", "こころ"}, {"カヽ", "かか"}, {"ミヾ", "みみ"}, {"さゞなみ", "さざなみ"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    rd_doc *doc = annotated(an, cases[i][0]);
    REQUIRE(doc);
    STR_EQ(kana_of(doc, RD_SCRIPT_HIRAGANA), cases[i][1]);
    INT_EQ(rule_count(doc, "iteration-mark"), 1);
    rd_doc_free(doc);
  }
  rd_analyzer_free(an);
}

/* Rule kanjidic: a kanji word MeCab gives no reading reads by KANJIDIC,
 * on'yomi among kanji (涌園 ゆうえん), alone a kun'yomi that needs no
 * okurigana, else on'yomi (颯: only さっ.と, so さつ); a character with no
 * reading anywhere (埇, 㐂) stays flagged unknown and is written as is. */
static void rules__kanjidic_reads_what_mecab_cannot(void) {
  rd_analyzer *an = mecab();
  if (!an) return;
  if (!rd_align_per_kanji_available()) {
    fprintf(stderr, "  (skipped: no KANJIDIC)\n");
    rd_analyzer_free(an);
    return;
  }
  rd_doc *doc = annotated(an, "小涌園に行く。");
  REQUIRE(doc);
  const rd_node *t = find_token(doc, "涌園");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "ゆうえん");
  STR_EQ(rd_token_rule(t), "kanjidic");
  OK(rd_token_flags(t) & RD_TOKEN_RULE);
  OK(!(rd_token_flags(t) & RD_TOKEN_UNKNOWN));
  INT_EQ(rd_token_ruby_count(t), 2); /* per kanji, as KANJIDIC splits it */
  rd_doc_free(doc);
  doc = annotated(an, "颯が吹く。");
  REQUIRE(doc);
  REQUIRE(find_token(doc, "颯"));
  STR_EQ(rd_token_reading(find_token(doc, "颯")), "さつ");
  rd_doc_free(doc);
  /* a long kun'yomi alone (5 kana over 亶, 15 bytes over 3): the whole
   * reading, sized by the kana KANJIDIC can hold per character */
  doc = annotated(an, "亶");
  REQUIRE(doc && find_token(doc, "亶"));
  STR_EQ(rd_token_reading(find_token(doc, "亶")), "ほしいまま");
  STR_EQ(rd_token_rule(find_token(doc, "亶")), "kanjidic");
  rd_doc_free(doc);
  static const char *const none[] = {"埇", "㐂"};
  for (size_t i = 0; i < 2; i++) {
    char text[32];
    snprintf(text, sizeof text, "%sです。", none[i]);
    doc = annotated(an, text);
    REQUIRE(doc);
    t = find_token(doc, none[i]);
    REQUIRE(t);
    OK(rd_token_flags(t) & RD_TOKEN_UNKNOWN);
    OK(rd_token_reading(t) == NULL);
    INT_EQ(rd_token_ruby_count(t), 0);
    snprintf(text, sizeof text, "%sです。", none[i]);
    STR_EQ(kana_of(doc, RD_SCRIPT_HIRAGANA), text); /* written as is, never dropped */
    rd_doc_free(doc);
  }
  rd_analyzer_free(an);
}

/* The facts the rules test as bits (issue 14) say what the old per-token
 * tests said: each bit against a surface and POS that has it and one that
 * just misses it. */
static void rules__word_facts_of_surface_and_pos(void) {
#define FACTS(s, pos) rd__word_facts_of((s), strlen(s), (pos))
#define NAME_KIND(f) (((f) & RD__WF_NAME_BITS) >> RD__WF_NAME_SHIFT)
  uint32_t f = FACTS("会社", "名詞,一般");
  OK(f & RD__WF_KNOWN);
  OK(f & RD__WF_CONTENT_NOUN);
  OK(f & RD__WF_ALL_KANJI);
  OK(f & RD__WF_KANJI_ONLY);
  OK(f & RD__WF_NOUN_OR_PREFIX);
  OK(!(f & (RD__WF_PROPER | RD__WF_ALL_KATAKANA | RD__WF_HIRAGANA | RD__WF_NAME_BITS)));
  /* ヶ is a kanji to the names rule, a counter (no kanji word) to rendaku */
  f = FACTS("ヶ月", "名詞,一般");
  OK((f & RD__WF_ALL_KANJI) && !(f & RD__WF_KANJI_ONLY));
  OK(FACTS("タクシー", "名詞,一般") & RD__WF_ALL_KATAKANA);
  OK(!(FACTS("タクシー会社", "名詞,一般") & (RD__WF_ALL_KATAKANA | RD__WF_ALL_KANJI)));
  f = FACTS("ひらがな", "名詞,一般");
  OK((f & RD__WF_HIRAGANA) && !(f & RD__WF_ONE_HIRAGANA));
  f = FACTS("な", "助動詞");
  OK((f & RD__WF_HIRAGANA) && (f & RD__WF_ONE_HIRAGANA));
  OK(!(f & (RD__WF_CONTENT_NOUN | RD__WF_NOUN_OR_PREFIX)));
  OK(FACTS("らー", "名詞,一般") & RD__WF_HIRAGANA);        /* ー is allowed */
  OK(!(FACTS("ゝ", "記号,一般") & RD__WF_HIRAGANA));        /* an iteration mark is not */
  OK(!(FACTS("", "名詞,一般") & (RD__WF_HIRAGANA | RD__WF_ALL_KANJI | RD__WF_ALL_KATAKANA)));
  OK(!(rd__word_facts_of("\xE4\xBC", 2, "名詞,一般") & RD__WF_ALL_KANJI)); /* a cut character */
  /* content nouns: not numerals, pronouns or dependent nouns */
  OK(!(FACTS("三", "名詞,数") & RD__WF_CONTENT_NOUN));
  OK(!(FACTS("私", "名詞,代名詞,一般") & RD__WF_CONTENT_NOUN));
  OK(!(FACTS("事", "名詞,非自立,一般") & RD__WF_CONTENT_NOUN));
  OK(!(FACTS("会社", NULL) & RD__WF_CONTENT_NOUN));
  OK(FACTS("会社", NULL) & RD__WF_NOUN_OR_PREFIX); /* no pos: may be a name piece */
  OK(FACTS("小", "接頭詞,名詞接続") & RD__WF_NOUN_OR_PREFIX);
  /* proper nouns and MeCab's name kinds (IPADIC, JUMAN, UniDic) */
  f = FACTS("田中", "名詞,固有名詞,人名,姓");
  OK((f & RD__WF_PROPER) && !(f & RD__WF_PROPER_GEN_ORG));
  INT_EQ(NAME_KIND(f), 1);
  INT_EQ(NAME_KIND(FACTS("東京", "名詞,固有名詞,地域,一般")), 2);
  INT_EQ(NAME_KIND(FACTS("東京", "名詞,固有名詞,地名,一般")), 2);
  f = FACTS("日銀", "名詞,固有名詞,組織");
  OK(f & RD__WF_PROPER_GEN_ORG);
  INT_EQ(NAME_KIND(f), 3);
  f = FACTS("祇園山", "名詞,固有名詞,一般");
  OK(f & RD__WF_PROPER_GEN_ORG);
  INT_EQ(NAME_KIND(f), 0);
  INT_EQ(NAME_KIND(FACTS("田中", "名詞,人名")), 1);     /* JUMAN */
  INT_EQ(NAME_KIND(FACTS("会社", "名詞,組織名")), 3);   /* JUMAN */
  INT_EQ(NAME_KIND(FACTS("さん", "名詞,接尾,人名")), 0); /* a suffix is no name */
  INT_EQ(NAME_KIND(FACTS("人名", "名詞,一般")), 0);
  /* whole first fields (kana_words.c): 名詞 but not 名詞接続; 助詞, 助動詞 */
  OK(FACTS("会社", "名詞,一般") & RD__WF_NOUN_FIELD);
  OK(FACTS("会社", "名詞") & RD__WF_NOUN_FIELD);
  OK(!(FACTS("会社", "名詞接続") & RD__WF_NOUN_FIELD));
  OK(!(FACTS("小", "接頭詞,名詞接続") & RD__WF_NOUN_FIELD));
  OK(FACTS("は", "助詞,係助詞") & RD__WF_PARTICLE_AUX);
  OK(FACTS("だ", "助動詞") & RD__WF_PARTICLE_AUX);
  OK(!(FACTS("だ", "助動詞語幹") & RD__WF_PARTICLE_AUX));
  OK(!(FACTS("は", "名詞,一般") & RD__WF_PARTICLE_AUX));
#undef FACTS
#undef NAME_KIND
}

static rd__word fact_word(const char *surface, size_t off, const char *pos, const char *reading, unsigned flags) {
  rd__word w;
  memset(&w, 0, sizeof w);
  w.off = off;
  w.len = strlen(surface);
  w.surface = w.lemma = surface;
  w.pos = pos;
  w.reading = reading;
  w.flags = flags;
  w.pos_class = RD_POS_NOUN;
  w.facts = rd__word_facts_of(surface, w.len, pos);
  return w;
}

/* A rule that splits or merges words (５月 -> ５ + 月; １ + 人 -> ひとり)
 * gives the new words new surfaces and POS: their facts must be of those,
 * never the old word's (rd__word_facts asks again). */
static void rules__word_facts_stay_true_through_the_rules(void) {
  static const char text[] = "５月に１人";
  rd__word v[8];
  v[0] = fact_word("５月", 0, "名詞,副詞可能", "ごがつ", RD_TOKEN_KANJI);
  v[1] = fact_word("に", 6, "助詞,格助詞,一般", "に", 0);
  v[2] = fact_word("１", 9, "名詞,数", "いち", RD_TOKEN_NUMBER);
  v[3] = fact_word("人", 12, "名詞,接尾,助数詞", "にん", RD_TOKEN_KANJI);
  rd__words w = {NULL, 0, 0};
  REQUIRE(rd__words_reserve(&w, 4) == 0);
  memcpy(w.v, v, 4 * sizeof *v);
  w.n = 4;
  rd__arena scratch;
  rd__arena_init(&scratch);
  rd__rules_env env;
  memset(&env, 0, sizeof env);
  env.layout = RD__LAYOUT_IPADIC;
  env.scratch = &scratch;
  INT_EQ(rd__rules_apply(&env, text, &w, 0), 0);
  INT_EQ(w.n, 4); /* ５ 月 に １人: one split, one merge */
  if (w.n == 4) {
    STR_EQ(w.v[1].surface, "月");
    STR_EQ(w.v[3].surface, "１人");
    STR_EQ(w.v[3].reading, "ひとり");
  }
  for (size_t i = 0; i < w.n; i++) {
    const rd__word *x = &w.v[i];
    INT_EQ(rd__word_facts(x), rd__word_facts_of(x->surface, x->len, x->pos));
  }
  OK(w.n >= 2 && (rd__word_facts(&w.v[1]) & RD__WF_ALL_KANJI)); /* 月 alone is a kanji word; ５月 was not */
  free(w.v);
  rd__arena_dispose(&scratch);
}

/* The rules' gates (rd__rules_facts_of): a rule is entered only for a
 * sentence with a word whose facts have its bit, so every word a rule of
 * the tables can take must have it. Walks the tables, so a new entry is
 * checked too. */
static void rules__facts_gate_every_rule_of_the_tables(void) {
#define FACTS(s, pos) rd__word_facts_of((s), strlen(s), (pos))
  char buf[64];
  for (size_t i = 0; i < rd__ncounters; i++) {
    const char *c = rd__counters[i].counter;
    OK(FACTS(c, "名詞,接尾,助数詞") & RD__WF_COUNTER);
    OK(FACTS(c, NULL) & RD__WF_COUNTER);
    snprintf(buf, sizeof buf, "５%s", c); /* ５月: split into ５ + 月 */
    OK(FACTS(buf, "名詞,副詞可能") & RD__WF_DIGIT_COUNTER);
    snprintf(buf, sizeof buf, "12%s", c);
    OK(FACTS(buf, NULL) & RD__WF_DIGIT_COUNTER);
  }
  for (size_t i = 0; i < rd__ncontext_rules; i++) OK(FACTS(rd__context_rules[i].surface, "名詞,一般") & RD__WF_CONTEXT);
  for (size_t i = 0; i < rd__nword_readings; i++) OK(FACTS(rd__word_readings[i].surface, NULL) & RD__WF_CONTEXT);
  for (size_t i = 0; i < rd__nrendaku_heads; i++) OK(FACTS(rd__rendaku_heads[i].head, "名詞,一般") & RD__WF_RENDAKU_HEAD);
  static const char *const suffixes[] = {"市", "町", "村", "県", "区", "郡", "城", "駅", "山", "川", "島"};
  for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++)
    OK(FACTS(suffixes[i], "名詞,接尾,地域") & RD__WF_PLACE_SUFFIX);
  static const char *const marks[] = {"ゝ", "ゞ", "ヽ", "ヾ"};
  for (size_t i = 0; i < 4; i++) OK(FACTS(marks[i], "記号,一般") & RD__WF_ITERATION_MARK);
  OK(FACTS("々", "記号,一般") & RD__WF_REPEAT_MARK);
  OK(FACTS("板の間", "名詞,一般") & RD__WF_NOMA);
  OK(FACTS("降り", "動詞,自立") & RD__WF_FURI);
  OK(FACTS("福男", "名詞,固有名詞,人名,名") & RD__WF_PERSON_HEAD);
  OK(FACTS("年女", "名詞,固有名詞,人名,名") & RD__WF_PERSON_HEAD);
  /* every part of speech kana-join counts as odd for one kana */
  static const char *const odd[] = {"名詞,一般", "記号,一般", "フィラー", "感動詞", "接頭詞,名詞接続", "名詞,接尾,一般",
                                    "形容詞,自立"};
  for (size_t i = 0; i < sizeof odd / sizeof *odd; i++) OK(FACTS("ら", odd[i]) & RD__WF_ODD_KANA);
  OK(FACTS("ん", "名詞,非自立,一般") & RD__WF_ODD_KANA);
  /* and words no rule takes have none of the bits */
  const uint32_t gates = RD__WF_DIGIT_COUNTER | RD__WF_COUNTER | RD__WF_CONTEXT | RD__WF_REPEAT_MARK | RD__WF_NOMA |
                         RD__WF_FURI | RD__WF_ITERATION_MARK | RD__WF_ODD_KANA | RD__WF_PLACE_SUFFIX |
                         RD__WF_PERSON_HEAD | RD__WF_RENDAKU_HEAD;
  OK(!(FACTS("東京", "名詞,固有名詞,地域,一般") & gates));
  OK(!(FACTS("は", "助詞,係助詞") & gates));       /* a particle is no odd kana */
  OK(!(FACTS("の間", "名詞,一般") & RD__WF_NOMA));   /* nothing before の間 */
  OK(!(FACTS("福男", "名詞,一般") & RD__WF_PERSON_HEAD));
  OK(!(FACTS("会社", "名詞,非自立,一般") & RD__WF_RENDAKU_HEAD)); /* the pair rule wants a content noun */
  OK(!(FACTS("５", "名詞,数") & (RD__WF_DIGIT_COUNTER | RD__WF_COUNTER)));
  OK(!(FACTS("５ａｂ", NULL) & RD__WF_DIGIT_COUNTER));
  OK(!(FACTS("日本人", "名詞,一般") & (RD__WF_COUNTER | RD__WF_CONTEXT)));
#undef FACTS
}

/* Write text to a new temporary file; its path in path (a template). */
static int temp_file(char *path, const char *text) {
  int fd = mkstemp(path);
  if (fd < 0) return -1;
  FILE *f = fdopen(fd, "w");
  if (!f) return -1;
  fputs(text, f);
  return fclose(f);
}

/* The look-up memo (edict.h) answers by the table's id: a table freed
 * and another loaded (likely at the same address) never gets the old
 * one's answers, and every thread has its own memo. */
static void *find_cat(void *arg) { return (void *)rd__compounds_find(arg, "猫舌", strlen("猫舌")); }

static void rules__lookup_memo_answers_for_its_own_table(void) {
  const char *a_text = "猫舌 [ねこじた] /(n) sensitivity to hot food/\n";
  const char *b_text = "猫舌 [びょうぜつ] /(n) (made up for the test)/\n";
  char pa[] = "/tmp/rd_memo_a_XXXXXX", pb[] = "/tmp/rd_memo_b_XXXXXX";
  REQUIRE(temp_file(pa, a_text) == 0 && temp_file(pb, b_text) == 0);
  for (int round = 0; round < 3; round++) {
    rd__compounds *c = NULL;
    REQUIRE(rd__compounds_load(&c, round % 2 ? pb : pa) == RD_OK);
    const char *want = round % 2 ? "びょうぜつ" : "ねこじた";
    for (int k = 0; k < 3; k++) { /* asked again: from the memo */
      STR_EQ(rd__compounds_find(c, "猫舌", strlen("猫舌")), want);
      OK(rd__compounds_find(c, "猫", strlen("猫")) == NULL);
    }
    pthread_t th;
    void *got = NULL;
    REQUIRE(pthread_create(&th, NULL, find_cat, c) == 0);
    pthread_join(th, &got);
    OK(got && !strcmp(got, want));
    rd__compounds_free(c);
  }
  remove(pa);
  remove(pb);
}

static void rules__missing_dictionary_is_a_clear_error(void) {
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.dictionary = "/nonexistent/mecab/dic";
  rd_analyzer *an = (rd_analyzer *)1;
  INT_EQ(rd_analyzer_new(&an, &o), RD_EANALYZER);
  OK(an == NULL);
  OK(strstr(rd_error_last()->message, "/nonexistent/mecab/dic") != NULL);
  OK(strstr(rd_error_last()->message, "mecab-ipadic-utf8") != NULL);
  o.dictionary = READER_SOURCE_DIR; /* a directory, but no sys.dic */
  INT_EQ(rd_analyzer_new(&an, &o), RD_EANALYZER);
  OK(strstr(rd_error_last()->message, "sys.dic") != NULL);
  o.version = 99;
  INT_EQ(rd_analyzer_new(&an, &o), RD_EINVALID);
  INT_EQ(rd_doc_annotate(NULL, NULL, NULL), RD_EINVALID);
}

T_MAIN(T(rules__number_values), T(rules__every_counter_rule), T(rules__every_table_counter_is_reachable), T(rules__tables_are_well_formed),
       T(rules__stub_counters_merge_and_split), T(rules__nihon_and_nippon), T(rules__nan_before_counter),
       T(rules__stub_tokens_reproduce_text), T(rules__reannotate_keeps_old_tokens_valid), T(rules__overrides_file),
       T(rules__missing_dictionary_is_a_clear_error), T(rules__compounds_file_without_edict_lines_refused),
       T(rules__rendaku_heads_obey_lymans_law), T(rules__rendaku_voices_noun_noun_compounds),
       T(rules__kana_join_rejoins_split_hiragana_words), T(rules__iteration_marks_repeat_the_kana_before),
       T(rules__kanjidic_reads_what_mecab_cannot), T(rules__kon_prefix_before_its_nouns_only),
       T(rules__furi_weather_after_what_falls), T(rules__yama_after_okurigana),
       T(rules__word_facts_of_surface_and_pos), T(rules__word_facts_stay_true_through_the_rules),
       T(rules__facts_gate_every_rule_of_the_tables), T(rules__lookup_memo_answers_for_its_own_table))
