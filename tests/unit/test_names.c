/* The names rule (names.c) over a small ENAMDICT fixture written for the
 * tests (tests/data/names/enamdict-fixture.eucjp, EUC-JP like Debian's
 * file): the table and its cache, each branch of the reading choice, the
 * place suffixes, the name flags, and what the rule must leave alone.
 * Uses MeCab's IPADIC (its proper-noun tags are the rule's trigger);
 * exits 77 without it. */
#define _GNU_SOURCE
#include <reader.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze_internal.h"
#include "harness.h"
#include "kanjidic.h"
#include "names.h"
#include "util/strtab.h"

static char fixture[4096], cache_dir[256];
static rd_analyzer *g_an, *g_plain;

static rd_doc *annotated(rd_analyzer *an, const char *text) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_LINES;
  rd_doc *doc = NULL;
  if (rd_doc_parse(&doc, text, strlen(text), &o) != RD_OK) return NULL;
  if (rd_doc_annotate(doc, an, NULL) != RD_OK) { rd_doc_free(doc); return NULL; }
  return doc;
}

static const rd_node *find_token(const rd_doc *doc, const char *surface) {
  for (size_t i = 0; i < rd_doc_token_count(doc); i++)
    if (!strcmp(rd_node_text(NULL, rd_doc_token_at(doc, i)), surface)) return rd_doc_token_at(doc, i);
  return NULL;
}

/* The token `surface` of `text` read by the names analyzer. */
#define TOKEN_OF(doc, text, surface)      \
  rd_doc *doc = annotated(g_an, text);    \
  REQUIRE(doc);                           \
  const rd_node *t = find_token(doc, surface); \
  if (!t) { FAILF("no token %s in %s", surface, text); rd_doc_free(doc); return; }

static void names__table_has_readings_and_kinds(void) {
  rd__names *n = NULL;
  REQUIRE(rd__names_load(&n, fixture) == RD_OK);
  rd__name_reading r[8];
  INT_EQ(rd__names_find(n, "立川", strlen("立川"), r, 8), 2);
  INT_EQ(rd__names_find(n, "立川市", strlen("立川市"), r, 8), 1);
  OK(r[0].len == strlen("たちかわし") && !memcmp(r[0].reading, "たちかわし", r[0].len));
  INT_EQ(r[0].kinds, RD__NAME_PLACE);
  INT_EQ(rd__names_find(n, "日田", strlen("日田"), r, 8), 2);
  INT_EQ(r[0].kinds, RD__NAME_PLACE | RD__NAME_PERSON); /* (p,s) */
  INT_EQ(r[1].kinds, RD__NAME_PERSON);                  /* (s) */
  INT_EQ(rd__names_find(n, "颯馬", strlen("颯馬"), r, 8), 1);
  INT_EQ(r[0].kinds, RD__NAME_OTHER); /* (u) */
  INT_EQ(rd__names_find(n, "立", strlen("立"), r, 8), 0); /* a prefix is no key */
  INT_EQ(rd__names_find(n, "トヨタ", strlen("トヨタ"), r, 8), 0); /* kana names are MeCab's */
  INT_EQ(rd__names_count(n), 19);
  rd__names_free(n);
}

/* A private cache directory for one test (name NAME), and ctest's own
 * READER_CACHE_DIR (a directory in the build tree) put back after. */
static char *saved_cache_env;
static void cache_dir_enter(const char *name) {
  snprintf(cache_dir, sizeof cache_dir, "/tmp/rd-test-%s-%ld", name, (long)getpid());
  mkdir(cache_dir, 0700);
  const char *was = getenv("READER_CACHE_DIR");
  saved_cache_env = was ? strdup(was) : NULL;
  setenv("READER_CACHE_DIR", cache_dir, 1);
}
static void cache_dir_leave(void) {
  rmdir(cache_dir);
  if (saved_cache_env) setenv("READER_CACHE_DIR", saved_cache_env, 1);
  else unsetenv("READER_CACHE_DIR");
  free(saved_cache_env);
  saved_cache_env = NULL;
}

/* The names cache file in cache_dir into path[0..size) (1), or 0. */
static int names_cache_file(char *path, size_t size) {
  DIR *d = opendir(cache_dir);
  if (!d) return 0;
  struct dirent *e;
  *path = '\0';
  while ((e = readdir(d)))
    if (!strncmp(e->d_name, "names-", 6)) snprintf(path, size, "%s/%s", cache_dir, e->d_name);
  closedir(d);
  return *path != '\0';
}

static void names__cache_maps_the_same_table_and_rebuilds_a_bad_one(void) {
  cache_dir_enter("names");
  rd__names *a = NULL, *b = NULL;
  REQUIRE(rd__names_load(&a, fixture) == RD_OK);
  OK(!rd__names_from_cache(a));
  REQUIRE(rd__names_load(&b, fixture) == RD_OK);
  OK(rd__names_from_cache(b));
  rd__name_reading r[8];
  INT_EQ(rd__names_find(b, "安平", strlen("安平"), r, 8), 2);
  INT_EQ(rd__names_count(a), rd__names_count(b));
  rd__names_free(b);
  /* corrupt the cache body: it is rebuilt, not trusted */
  char path[600];
  REQUIRE(names_cache_file(path, sizeof path));
  FILE *f = fopen(path, "r+b");
  REQUIRE(f);
  fseek(f, 64, SEEK_SET);
  fputs("\xff\xff\xff\xff\xff\xff\xff\xff", f);
  fclose(f);
  REQUIRE(rd__names_load(&b, fixture) == RD_OK);
  OK(!rd__names_from_cache(b));
  INT_EQ(rd__names_find(b, "安平", strlen("安平"), r, 8), 2);
  rd__names_free(a);
  rd__names_free(b);
  remove(path);
  cache_dir_leave();
}

/* A file that is no ENAMDICT is refused by name, never read as "no names". */
/* Every name has a reading, so a mapped slot whose value is missing is a
 * corrupted one: the look-up rebuilds the table from ENAMDICT and answers
 * from it (never "a name without a reading", never "no such name"), and
 * removes the cache file, which the next load stores anew. */
static void names__slot_without_reading_caught_at_lookup(void) {
  cache_dir_enter("names-v");
  rd__names *n = NULL;
  REQUIRE(rd__names_load(&n, fixture) == RD_OK);
  rd__names_free(n);
  char path[600];
  REQUIRE(names_cache_file(path, sizeof path));
  FILE *f = fopen(path, "r+b");
  REQUIRE(f);
  rd__strtab_block h;
  REQUIRE(fread(&h, sizeof h, 1, f) == 1);
  /* every value offset 0 (""), the keys and the header intact */
  fseek(f, (long)(sizeof h + 4 * h.cap), SEEK_SET);
  for (uint64_t i = 0; i < 4 * h.cap; i++) fputc(0, f);
  REQUIRE(fclose(f) == 0);
  REQUIRE(rd__names_load(&n, fixture) == RD_OK);
  OK(rd__names_from_cache(n));
  rd__name_reading r[8];
  /* the bad slot is met, the table rebuilt from ENAMDICT in this process:
   * the answer is the true one, never a partial "no such name" */
  INT_EQ(rd__names_find(n, "安平", strlen("安平"), r, 8), 2);
  OK(r[0].len == strlen("あびら") && !memcmp(r[0].reading, "あびら", r[0].len));
  INT_EQ(rd__names_find(n, "安平", strlen("安平"), r, 8), 2); /* the rebuilt table from then on */
  struct stat st;
  OK(stat(path, &st) != 0); /* and the file retired, so the next load stores a good one */
  rd__names_free(n);
  REQUIRE(rd__names_load(&n, fixture) == RD_OK);
  OK(!rd__names_from_cache(n));
  INT_EQ(rd__names_find(n, "安平", strlen("安平"), r, 8), 2);
  rd__names_free(n);
  remove(path);
  cache_dir_leave();
}

static void names__file_without_edict_lines_refused(void) {
  char path[] = "/tmp/rd_names_XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "just text\n", 10) == 10);
  close(fd);
  rd__names *n = (rd__names *)1;
  INT_EQ(rd__names_load(&n, path), RD_EINVALID);
  OK(n == NULL);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "no EDICT line"));
  remove(path);
  INT_EQ(rd__names_load(&n, "/nonexistent/enamdict"), RD_EIO);
  OK(strstr(rd_error_last()->message, "/nonexistent/enamdict") != NULL);
}

/* rule "name": a run MeCab split (藤井|聡|太 read ふじい さとし ふとし) whose
 * pieces join to an ENAMDICT headword with one reading takes it. */
static void names__split_run_with_one_reading_is_joined(void) {
  TOKEN_OF(doc, "藤井聡太さんが勝った", "聡太");
  STR_EQ(rd_token_reading(t), "そうた");
  STR_EQ(rd_token_rule(t), "name");
  STR_EQ(rd_token_original_reading(t), "さとしふとし");
  OK(rd_token_flags(t) & RD_TOKEN_PERSON);
  STR_EQ(rd_token_name_kind(t), "person");
  rd_doc_free(doc);
}

/* rule "name": a word MeCab could not read takes ENAMDICT's one reading. */
static void names__unknown_word_takes_the_one_reading(void) {
  TOKEN_OF(doc, "颯馬くんが来た", "颯馬");
  STR_EQ(rd_token_reading(t), "そうま");
  STR_EQ(rd_token_rule(t), "name");
  OK(!(rd_token_flags(t) & RD_TOKEN_UNKNOWN));
  /* (u): ENAMDICT cannot say which kind; MeCab's guess for an unknown
   * word (組織) is not taken either */
  OK(!(rd_token_flags(t) & RD_TOKEN_NAME_MASK));
  OK(rd_token_name_kind(t) == NULL);
  rd_doc_free(doc);
}

/* rule "name": a whole with a place suffix (立川|市 たつかわ し) read as
 * ENAMDICT's entry for the whole, flagged a place. */
static void names__place_with_suffix_by_the_whole_entry(void) {
  TOKEN_OF(doc, "立川市に住む", "立川市");
  STR_EQ(rd_token_reading(t), "たちかわし");
  STR_EQ(rd_token_rule(t), "name");
  OK(rd_token_flags(t) & RD_TOKEN_PLACE);
  rd_doc_free(doc);
}

/* rule "name-stem": a stem with several place readings (安平: あびら and
 * やすひら, both (p,s); MeCab やすひら) before a place suffix, with no
 * entry for the whole (安平町, as in Debian's ENAMDICT), takes the reading
 * the other places built on the stem agree on (安平駅 あびらえき, 安平橋
 * あびらばし); 町 keeps its own reading (ちょう: no prefecture named). */
static void names__place_stem_by_the_places_built_on_it(void) {
  TOKEN_OF(doc, "安平町に住む", "安平町");
  STR_EQ(rd_token_reading(t), "あびらちょう");
  STR_EQ(rd_token_rule(t), "name-stem");
  OK(rd_token_flags(t) & RD_TOKEN_PLACE);
  rd_doc_free(doc);
  /* 立川駅 たちかわえき and 立川橋 たつかわばし disagree: no stem reading, and
   * MeCab's たつかわ is one of the place readings, so it is kept */
  doc = annotated(g_an, "立川町に住む");
  REQUIRE(doc);
  t = find_token(doc, "立川");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "たつかわ");
  OK(rd_token_rule(t) == NULL);
  rd_doc_free(doc);
  /* without the table (no enamdict package): MeCab's やすひら */
  doc = annotated(g_plain, "安平町に住む");
  REQUIRE(doc);
  t = find_token(doc, "安平");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "やすひら");
  rd_doc_free(doc);
}

/* rule "name-place": NAME + suffix with no entry for the whole: the name's
 * only place reading (日田 ひた; にった is a surname only) and the suffix's. */
static void names__place_suffix_without_whole_entry(void) {
  TOKEN_OF(doc, "日田市に住む", "日田市");
  STR_EQ(rd_token_reading(t), "ひたし");
  STR_EQ(rd_token_rule(t), "name-place");
  STR_EQ(rd_token_original_reading(t), "にったし");
  OK(rd_token_flags(t) & RD_TOKEN_PLACE);
  rd_doc_free(doc);
}

/* rule "name": a place MeCab cut into one-kanji common nouns (首|里|城)
 * ending in a place suffix, read as ENAMDICT's place. */
static void names__place_split_into_single_kanji(void) {
  TOKEN_OF(doc, "首里城を見た", "首里城");
  STR_EQ(rd_token_reading(t), "しゅりじょう");
  OK(rd_token_flags(t) & RD_TOKEN_PLACE);
  rd_doc_free(doc);
}

/* rule "name": several readings, none MeCab's: the only place or person
 * one (彩浜: さいひん (p) and いろはま (u); MeCab あやはま). */
static void names__the_only_place_or_person_reading(void) {
  TOKEN_OF(doc, "彩浜が生まれた", "彩浜");
  STR_EQ(rd_token_reading(t), "さいひん");
  OK(rd_token_flags(t) & RD_TOKEN_PLACE); /* ENAMDICT's kind of the reading taken, not MeCab's 人名 */
  rd_doc_free(doc);
}

/* What the rule leaves alone. */
static void names__mecab_kept_where_enamdict_cannot_decide(void) {
  /* several readings, none MeCab's, none of a kind: MeCab's (none) kept */
  rd_doc *doc = annotated(g_an, "涌園に行く");
  REQUIRE(doc);
  const rd_node *t = find_token(doc, "涌園");
  REQUIRE(t);
  /* not read as a name; KANJIDIC's reading of last resort (rule kanjidic,
   * which runs after the names rule) may fill it */
  OK(rd_token_rule(t) == NULL || !strcmp(rd_token_rule(t), "kanjidic"));
  rd_doc_free(doc);
  /* one of ENAMDICT's readings is MeCab's: kept (八島 やじま, a surname to MeCab) */
  doc = annotated(g_an, "八島さんに会った");
  REQUIRE(doc);
  t = find_token(doc, "八島");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "やじま");
  OK(rd_token_rule(t) == NULL);
  OK(rd_token_flags(t) & RD_TOKEN_PERSON); /* MeCab's 人名 */
  rd_doc_free(doc);
  /* one word MeCab knows keeps its dictionary's reading (大神神社 おおみわじんじゃ) */
  doc = annotated(g_an, "大神神社へ行く");
  REQUIRE(doc);
  t = find_token(doc, "大神神社");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "おおみわじんじゃ");
  STR_EQ(rd_token_name_kind(t), "organisation"); /* MeCab's 組織 */
  rd_doc_free(doc);
  /* a common word is never a name, whatever ENAMDICT lists (大切 おおぎり (s)) */
  doc = annotated(g_an, "大切な人");
  REQUIRE(doc);
  t = find_token(doc, "大切");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "たいせつ");
  OK(!(rd_token_flags(t) & RD_TOKEN_NAME_MASK));
  rd_doc_free(doc);
}

/* Rule person-head: a two-kanji "given name" to MeCab (福男 ふくお) with no
 * surname before it and no person suffix after it, ending in 男 read お,
 * whose first kanji has an ordinary reading (福 ふく, KANJIDIC's on'yomi),
 * is the noun "the man of X": ふくおとこ. Needs no names table. */
static void names__person_head_reads_a_noun_not_a_given_name(void) {
  if (!rd__kanji_levels_available()) {
    fprintf(stderr, "  (skipped: no KANJIDIC)\n");
    return;
  }
  rd_analyzer *ans[] = {g_an, g_plain};
  for (size_t k = 0; k < 2; k++) {
    rd_doc *doc = annotated(ans[k], "今年の福男に選ばれた");
    REQUIRE(doc);
    const rd_node *t = find_token(doc, "福男");
    REQUIRE(t);
    STR_EQ(rd_token_reading(t), "ふくおとこ");
    STR_EQ(rd_token_rule(t), "person-head");
    STR_EQ(rd_token_original_reading(t), "ふくお");
    OK(!(rd_token_flags(t) & RD_TOKEN_NAME_MASK)); /* no person any more */
    rd_doc_free(doc);
  }
  /* a given name in a name's context stays a name: after a surname, before さん */
  static const char *const kept[][3] = {{"鉄男さんが来た", "鉄男", "てつお"}, {"山田鉄男が来た", "鉄男", "てつお"},
                                        /* やす is a nanori of 康 (KANJIDIC), no ordinary reading */
                                        {"康男が来た", "康男", "やすお"}};
  for (size_t k = 0; k < sizeof kept / sizeof *kept; k++) {
    rd_doc *doc = annotated(g_plain, kept[k][0]);
    REQUIRE(doc);
    const rd_node *t = find_token(doc, kept[k][1]);
    REQUIRE(t);
    STR_EQ(rd_token_reading(t), kept[k][2]);
    OK(rd_token_flags(t) & RD_TOKEN_PERSON);
    rd_doc_free(doc);
  }
}

/* Without a names table: MeCab's proper nouns are flagged, no reading changes. */
static void names__without_table_only_flags(void) {
  rd_doc *doc = annotated(g_plain, "立川市に住む藤井聡太さん");
  REQUIRE(doc);
  const rd_node *t = find_token(doc, "立川");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "たつかわ");
  OK(rd_token_flags(t) & RD_TOKEN_PLACE);
  STR_EQ(rd_token_name_kind(t), "place");
  OK(find_token(doc, "聡") != NULL);
  OK(rd_token_name_kind(find_token(doc, "さん")) == NULL);
  rd_doc_free(doc);
}

/* The flag survives XML (read back) and appears in JSON. */
static void names__flags_round_trip_xml_and_json(void) {
  rd_doc *doc = annotated(g_an, "立川市の藤井聡太さん");
  REQUIRE(doc);
  char *xml = NULL, *json = NULL;
  size_t xl = 0, jl = 0;
  REQUIRE(rd_doc_to_xml(&xml, &xl, doc, NULL) == RD_OK);
  OK(strstr(xml, "flags=\"kanji rule place\"") != NULL);
  OK(strstr(xml, "flags=\"kanji rule person\"") != NULL);
  rd_doc *back = NULL;
  rd_parse_options po = RD_PARSE_OPTIONS_INIT;
  po.format = RD_FORMAT_XML;
  REQUIRE(rd_doc_parse(&back, xml, xl, &po) == RD_OK);
  const rd_node *t = find_token(back, "立川市");
  REQUIRE(t);
  OK(rd_token_flags(t) & RD_TOKEN_PLACE);
  STR_EQ(rd_token_name_kind(find_token(back, "聡太")), "person");
  char *xml2 = NULL;
  size_t xl2 = 0;
  REQUIRE(rd_doc_to_xml(&xml2, &xl2, back, NULL) == RD_OK);
  OK(xl == xl2 && !memcmp(xml, xml2, xl));
  REQUIRE(rd_doc_to_json(&json, &jl, doc, NULL) == RD_OK);
  OK(strstr(json, "\"flags\":[\"kanji\",\"rule\",\"place\"]") != NULL);
  rd_free(xml);
  rd_free(xml2);
  rd_free(json);
  rd_doc_free(back);
  rd_doc_free(doc);
}

int main(void) {
  snprintf(fixture, sizeof fixture, "%s/tests/data/names/enamdict-fixture.eucjp", READER_SOURCE_DIR);
  /* no cache files from this test outside its own directory */
  setenv("READER_CACHE_DIR", "", 1);
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  if (rd_analyzer_new(&g_plain, &o) != RD_OK) {
    printf("SKIP: no system MeCab dictionary: %s\n", rd_error_last()->message);
    return 77;
  }
  o.names = fixture;
  if (rd_analyzer_new(&g_an, &o) != RD_OK) {
    printf("FAIL: %s\n", rd_error_last()->message);
    return 1;
  }
  static const t_case cases[] = {
    T(names__table_has_readings_and_kinds), T(names__cache_maps_the_same_table_and_rebuilds_a_bad_one),
    T(names__slot_without_reading_caught_at_lookup),
    T(names__file_without_edict_lines_refused), T(names__split_run_with_one_reading_is_joined),
    T(names__unknown_word_takes_the_one_reading), T(names__place_with_suffix_by_the_whole_entry),
    T(names__place_stem_by_the_places_built_on_it), T(names__person_head_reads_a_noun_not_a_given_name),
    T(names__place_suffix_without_whole_entry), T(names__place_split_into_single_kanji),
    T(names__the_only_place_or_person_reading), T(names__mecab_kept_where_enamdict_cannot_decide),
    T(names__without_table_only_flags), T(names__flags_round_trip_xml_and_json),
  };
  int rc = t_run(cases, sizeof cases / sizeof *cases);
  rd_analyzer_free(g_an);
  rd_analyzer_free(g_plain);
  return rc;
}
