#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
/* Reading rules as data (counters, numbers, context) and the stub backend:
 * no dictionary is needed. The counter test walks the rule table itself,
 * so a new table entry is tested by the expectations listed here. */
#include <reader.h>

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
  /* rules.c skips words longer than RD__RULE_WORD_MAX without looking */
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
       T(rules__missing_dictionary_is_a_clear_error), T(rules__compounds_file_without_edict_lines_refused))
