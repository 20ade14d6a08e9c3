/* The MeCab analyzer with a real dictionary: token fields, exact text
 * reproduction on the corpus article, rules in context, threads, memory.
 * Needs the system dictionary (mecab-ipadic-utf8); without it the test
 * exits 77 (skipped) and says why. `test_analyze juman DIR` / `unidic DIR`
 * check layout detection on those dictionaries (77 when not installed). */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <reader.h>
#include <unistd.h>

#include "analyze_internal.h"
#include "harness.h"

static rd_analyzer *g_an;

static rd_doc *parse_lines(const char *text) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_LINES;
  rd_doc *doc = NULL;
  return rd_doc_parse(&doc, text, strlen(text), &o) == RD_OK ? doc : NULL;
}

static rd_doc *annotated(const char *text) {
  rd_doc *doc = parse_lines(text);
  if (doc && rd_doc_annotate(doc, g_an, NULL) != RD_OK) { rd_doc_free(doc); return NULL; }
  return doc;
}

static const rd_node *find_token(const rd_doc *doc, const char *surface) {
  for (size_t i = 0; i < rd_doc_token_count(doc); i++)
    if (!strcmp(rd_node_text(NULL, rd_doc_token_at(doc, i)), surface)) return rd_doc_token_at(doc, i);
  return NULL;
}

/* "surface[reading]" per ruby segment, like `reader furigana --format brackets`. */
static void brackets(const rd_doc *doc, char *out, size_t size) {
  size_t k = 0;
  out[0] = '\0';
  const char *src = rd_doc_source(NULL, doc);
  for (size_t si = 0; si < rd_doc_sentence_count(doc); si++) {
    const rd_node *s = rd_doc_sentence_at(doc, si);
    size_t pos, end;
    rd_node_span(&pos, &end, s);
    for (size_t i = 0; i < rd_sentence_token_count(s); i++) {
      const rd_node *t = rd_sentence_token_at(s, i);
      size_t a, b, len;
      rd_node_span(&a, &b, t);
      k += (size_t)snprintf(out + k, size - k, "%.*s", (int)(a - pos), src + pos);
      const char *surf = rd_node_text(&len, t);
      size_t p = 0;
      for (size_t r = 0; r < rd_token_ruby_count(t); r++) {
        rd_ruby rb;
        rd_token_ruby_at(&rb, t, r);
        k += (size_t)snprintf(out + k, size - k, "%.*s%.*s[%s]", (int)(rb.start - p), surf + p, (int)rb.len,
                              surf + rb.start, rb.reading);
        p = rb.start + rb.len;
      }
      k += (size_t)snprintf(out + k, size - k, "%s", surf + p);
      pos = b;
    }
    k += (size_t)snprintf(out + k, size - k, "%.*s", (int)(end - pos), src + pos);
    if (k >= size) return;
  }
}

static void analyze__issue_example_brackets(void) {
  rd_doc *doc = annotated("2024年5月に約482億円相当のビットコインが盗まれた");
  REQUIRE(doc);
  char out[1024];
  brackets(doc, out, sizeof out);
  OK(strstr(out, "年[ねん]") && strstr(out, "月[がつ]") && strstr(out, "約[やく]") && strstr(out, "億[おく]"));
  OK(strstr(out, "円[えん]") && strstr(out, "盗[ぬす]まれた"));
  OK(strstr(out, "相当[そうとう]") || strstr(out, "相[そう]当[とう]"));
  rd_doc_free(doc);
}

static void analyze__token_fields(void) {
  rd_doc *doc = annotated("2024年5月に約482億円相当のビットコインが盗まれた");
  REQUIRE(doc);
  const rd_node *t = find_token(doc, "盗ま");
  REQUIRE(t);
  STR_EQ(rd_token_lemma(t), "盗む");
  OK(!strncmp(rd_token_pos(t), "動詞", strlen("動詞")));
  INT_EQ(rd_token_pos_class(t), RD_POS_VERB);
  STR_EQ(rd_token_inflection(t), "五段・マ行,未然形");
  STR_EQ(rd_token_reading(t), "ぬすま");
  STR_EQ(rd_token_pronunciation(t), "ヌスマ");
  OK(rd_token_flags(t) & RD_TOKEN_KANJI);
  OK(!(rd_token_flags(t) & (RD_TOKEN_UNKNOWN | RD_TOKEN_RULE)));
  rd_ruby r;
  REQUIRE(rd_token_ruby_count(t) == 1 && rd_token_ruby_at(&r, t, 0));
  INT_EQ(r.start, 0);
  INT_EQ(r.len, strlen("盗"));
  STR_EQ(r.reading, "ぬす");
  OK(!rd_token_ruby_at(&r, t, 1));
  /* After ASCII digits IPADIC reads 月 つき */
  t = find_token(doc, "月");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "がつ");
  STR_EQ(rd_token_rule(t), "counter-month");
  STR_EQ(rd_token_original_reading(t), "つき");
  OK(rd_token_flags(find_token(doc, "5")) & RD_TOKEN_NUMBER);
  INT_EQ(rd_token_ruby_count(find_token(doc, "5")), 0);
  t = find_token(doc, "コイン"); /* IPADIC: ビット + コイン */
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "こいん");
  INT_EQ(rd_token_ruby_count(t), 0);
  /* offsets: bytes and code points */
  size_t a, b;
  rd_node_span(&a, &b, t);
  OK(b - a == strlen("コイン") && !memcmp(rd_doc_source(NULL, doc) + a, "コイン", b - a));
  rd_node_char_span(&a, &b, t);
  INT_EQ(a, 20); /* code points in 2024年5月に約482億円相当のビット */
  INT_EQ(b - a, 3);
  rd_doc_free(doc);
}

static void analyze__counters_in_context(void) {
  rd_doc *doc = annotated("２４日と１日に２人が３本と１０分、二十日に６百");
  REQUIRE(doc);
  const rd_node *t = find_token(doc, "２４日");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "にじゅうよっか");
  rd_ruby r;
  REQUIRE(rd_token_ruby_at(&r, t, 0));
  INT_EQ(r.len, strlen("２４日"));
  STR_EQ(rd_token_reading(find_token(doc, "１日")), "ついたち");
  STR_EQ(rd_token_reading(find_token(doc, "２人")), "ふたり");
  STR_EQ(rd_token_reading(find_token(doc, "本")), "ぼん");
  STR_EQ(rd_token_reading(find_token(doc, "分")), "ぷん");
  rd_doc_free(doc);
  /* ５月 is one IPADIC word ゴガツ: split so that only 月 carries ruby */
  doc = annotated("５月");
  REQUIRE(doc);
  INT_EQ(rd_doc_token_count(doc), 2);
  t = find_token(doc, "月");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "がつ");
  STR_EQ(rd_token_original_reading(t), "ごがつ");
  OK(rd_token_flags(find_token(doc, "５")) & RD_TOKEN_NUMBER);
  INT_EQ(rd_token_ruby_count(find_token(doc, "５")), 0);
  rd_doc_free(doc);
}

static void analyze__context_rules(void) {
  rd_doc *doc = annotated("日本の何人かは北海道美瑛町と宮城県の柴田町に長い間いた");
  REQUIRE(doc);
  STR_EQ(rd_token_reading(find_token(doc, "日本")), "にほん");
  STR_EQ(rd_token_reading(find_token(doc, "何")), "なん");
  STR_EQ(rd_token_reading(find_token(doc, "間")), "あいだ");
  STR_EQ(rd_token_rule(find_token(doc, "間")), "aida");
  /* 町: the prefecture named before decides */
  size_t n = 0;
  for (size_t i = 0; i < rd_doc_token_count(doc); i++) {
    const rd_node *t = rd_doc_token_at(doc, i);
    if (strcmp(rd_node_text(NULL, t), "町")) continue;
    STR_EQ(rd_token_reading(t), n == 0 ? "ちょう" : "まち");
    n++;
  }
  INT_EQ(n, 2);
  rd_doc_free(doc);
  doc = annotated("日本中の土を鰺ヶ沢で見た");
  REQUIRE(doc);
  STR_EQ(rd_token_reading(find_token(doc, "中")), "じゅう");
  STR_EQ(rd_token_reading(find_token(doc, "土")), "つち");
  STR_EQ(rd_token_reading(find_token(doc, "ヶ")), "が");
  STR_EQ(rd_token_rule(find_token(doc, "ヶ")), "ga-name");
  rd_doc_free(doc);
  /* compounds MeCab splits, from an EDICT-format file */
  char path[] = "/tmp/rd_compounds_XXXXXX";
  int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("舟下り [ふなくだり] /(n) going downstream in a boat/\n時に [ときに] /(adv) by the way/\n", f);
  fclose(f);
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.compounds = path;
  rd_analyzer *an;
  rd_status st_new = rd_analyzer_new(&an, &o);
  remove(path); /* read at load time; leave nothing in /tmp */
  REQUIRE(st_new == RD_OK);
  doc = parse_lines("舟下りは９時に始まる");
  REQUIRE(doc && rd_doc_annotate(doc, an, NULL) == RD_OK);
  const rd_node *t = find_token(doc, "舟下り");
  REQUIRE(t);
  STR_EQ(rd_token_reading(t), "ふなくだり");
  STR_EQ(rd_token_rule(t), "compound");
  OK(find_token(doc, "時") != NULL); /* a particle never joins a compound */
  rd_doc_free(doc);
  rd_analyzer_free(an);
  remove(path);
}

static void analyze__unknown_kanji_word_has_no_reading(void) {
  rd_doc *doc = annotated("龘龘が来た");
  REQUIRE(doc);
  const rd_node *t = rd_doc_token_at(doc, 0);
  REQUIRE(t);
  OK(rd_token_flags(t) & RD_TOKEN_UNKNOWN);
  OK(rd_token_reading(t) == NULL);
  INT_EQ(rd_token_ruby_count(t), 0);
  rd_doc_free(doc);
}

/* Tokens plus the white space between them give back each sentence's
 * text; each token's span indexes its surface in the source. */
static void check_reproduction(const rd_doc *doc) {
  const char *src = rd_doc_source(NULL, doc);
  size_t bad = 0;
  for (size_t si = 0; si < rd_doc_sentence_count(doc); si++) {
    const rd_node *s = rd_doc_sentence_at(doc, si);
    size_t tlen;
    const char *text = rd_node_text(&tlen, s);
    rd__buf b = RD__BUF_INIT;
    size_t prev_end = 0;
    for (size_t i = 0; i < rd_sentence_token_count(s); i++) {
      const rd_node *t = rd_sentence_token_at(s, i);
      size_t len, a, e;
      const char *surf = rd_node_text(&len, t);
      rd_node_span(&a, &e, t);
      if (e - a != len || memcmp(src + a, surf, len)) bad++;
      if (!rd_token_lemma(t) || !rd_token_pos(t)) bad++;
      if ((rd_token_flags(t) & RD_TOKEN_KANJI) && !(rd_token_flags(t) & RD_TOKEN_UNKNOWN) && !rd_token_reading(t)) bad++;
      /* white space MeCab skipped, then the surface */
      const char *at = text + b.len;
      size_t gap = 0;
      while (b.len + gap < tlen && memcmp(at + gap, surf, len) &&
             (at[gap] == ' ' || at[gap] == '\t' || !memcmp(at + gap, "\xE3\x80\x80", 3)))
        gap += at[gap] == ' ' || at[gap] == '\t' ? 1 : 3;
      rd__buf_put(&b, at, gap);
      rd__buf_put(&b, surf, len);
      size_t cs, ce;
      rd_node_char_span(&cs, &ce, t);
      if (i && cs < prev_end) bad++;
      prev_end = ce;
    }
    if (b.len < tlen) rd__buf_put(&b, text + b.len, tlen - b.len); /* trailing white space */
    if (b.len != tlen || (tlen && memcmp(b.ptr, text, tlen))) {
      bad++;
      FAILF("sentence %zu not reproduced: \"%s\" vs \"%s\"", si, b.ptr ? b.ptr : "", text);
    }
    rd__buf_dispose(&b);
  }
  INT_EQ(bad, 0);
}

static void analyze__corpus_article_reproduced(void) {
  rd_doc *doc;
  REQUIRE(rd_doc_parse_file(&doc, READER_SOURCE_DIR "/corpus/dmm-bitcoin-2024/article.ja.txt", NULL) == RD_OK);
  REQUIRE(rd_doc_annotate(doc, g_an, NULL) == RD_OK);
  OK(rd_doc_sentence_count(doc) > 10);
  OK(rd_doc_token_count(doc) > 200);
  check_reproduction(doc);
  /* white space inside a sentence */
  rd_doc *d2 = annotated("東京 で　漢字 を\t見た ");
  REQUIRE(d2);
  check_reproduction(d2);
  rd_doc_free(d2);
  rd_doc_free(doc);
}

/* A dump of every token field, to compare runs. */
static char *dump(const rd_doc *doc) {
  rd__buf b = RD__BUF_INIT;
  for (size_t i = 0; i < rd_doc_token_count(doc); i++) {
    const rd_node *t = rd_doc_token_at(doc, i);
    size_t a, e, ca, ce;
    rd_node_span(&a, &e, t);
    rd_node_char_span(&ca, &ce, t);
    const char *r = rd_token_reading(t);
    rd__buf_printf(&b, "%s|%s|%s|%s|%u|%zu-%zu|%zu-%zu|%zu\n", rd_node_text(NULL, t), rd_token_lemma(t), rd_token_pos(t),
                   r ? r : "(null)", rd_token_flags(t), a, e, ca, ce, rd_token_ruby_count(t));
  }
  return rd__buf_detach(&b, NULL);
}

typedef struct job {
  char *text;
  size_t len;
  char *out;
} job;

static void *annotate_job(void *arg) {
  job *j = arg;
  for (int k = 0; k < 3; k++) {
    rd_doc *doc;
    if (rd_doc_parse(&doc, j->text, j->len, NULL) != RD_OK) return NULL;
    if (rd_doc_annotate(doc, g_an, NULL) == RD_OK) {
      free(j->out);
      j->out = dump(doc);
    }
    rd_doc_free(doc);
  }
  return NULL;
}

static void analyze__threads_give_identical_results(void) {
  size_t len;
  char *text = t_slurp("corpus/dmm-bitcoin-2024/article.ja.txt", &len);
  REQUIRE(text);
  job one = {text, len, NULL};
  annotate_job(&one);
  REQUIRE(one.out);
  job jobs[4];
  pthread_t th[4];
  for (int i = 0; i < 4; i++) {
    jobs[i] = (job){text, len, NULL};
    OK(pthread_create(&th[i], NULL, annotate_job, &jobs[i]) == 0);
  }
  for (int i = 0; i < 4; i++) {
    pthread_join(th[i], NULL);
    OK(jobs[i].out && !strcmp(jobs[i].out, one.out));
    free(jobs[i].out);
  }
  /* the threads option: sentence ranges on 4 workers, merged in order */
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, text, len, NULL) == RD_OK);
  rd_annotate_options o = RD_ANNOTATE_OPTIONS_INIT;
  o.threads = 4;
  REQUIRE(rd_doc_annotate(doc, g_an, &o) == RD_OK);
  char *par = dump(doc);
  OK(par && !strcmp(par, one.out));
  free(par);
  rd_doc_free(doc);
  free(one.out);
  free(text);
}

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define RD_HAVE_VALGRIND_H 1
#endif
#endif
#ifndef RD_HAVE_VALGRIND_H
#define RD_HAVE_VALGRIND_H 0
#endif


#if !T_ASAN
static long rss_pages(void) {
  FILE *f = fopen("/proc/self/statm", "r");
  long size = 0, rss = 0;
  if (!f) return -1;
  if (fscanf(f, "%ld %ld", &size, &rss) != 2) rss = -1;
  fclose(f);
  return rss;
}
#endif

static void analyze__annotate_loop_does_not_grow_memory(void) {
#if T_ASAN
  printf("  (RSS check skipped under AddressSanitizer: its quarantine holds freed memory; LeakSanitizer checks leaks)\n");
  return;
#else
#if RD_HAVE_VALGRIND_H
  if (RUNNING_ON_VALGRIND) {
    /* Valgrind's own bookkeeping grows RSS; its leak checker does this job there. */
    printf("  (RSS check skipped under valgrind: its shadow memory grows RSS; --leak-check checks leaks)\n");
    return;
  }
#endif
  size_t len;
  char *text = t_slurp("corpus/dmm-bitcoin-2024/article.ja.txt", &len);
  REQUIRE(text);
  long before = 0;
  for (int i = 0; i < 1050; i++) {
    if (i == 50) before = rss_pages(); /* after warm-up: pools and MeCab caches at size */
    rd_doc *doc;
    if (rd_doc_parse(&doc, text, len, NULL) != RD_OK) break;
    rd_status st = rd_doc_annotate(doc, g_an, NULL);
    rd_doc_free(doc);
    if (st != RD_OK) { FAILF("annotate failed at %d", i); break; }
  }
  long after = rss_pages();
  long page_kb = sysconf(_SC_PAGESIZE) / 1024;
  printf("  RSS after warm-up %ld kB, after 1000 more annotations %ld kB\n", before * page_kb, after * page_kb);
  OK(before > 0 && (after - before) * page_kb < 1024); /* < 1 MB of slack */
  free(text);
#endif
}

static void analyze__dictionary_identification(void) {
  STR_EQ(rd_analyzer_dictionary_name(g_an), "ipadic");
  OK(strstr(rd_analyzer_dictionary_version(g_an), "entries") != NULL);
  /* An EUC-JP dictionary is refused with a message naming the encoding. */
  if (access("/var/lib/mecab/dic/ipadic/sys.dic", R_OK) == 0) {
    rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
    o.dictionary = "/var/lib/mecab/dic/ipadic";
    rd_analyzer *an;
    rd_status st = rd_analyzer_new(&an, &o);
    if (st == RD_OK) rd_analyzer_free(an); /* a UTF-8 build of ipadic there is fine too */
    else OK(st == RD_EANALYZER && strstr(rd_error_last()->message, "UTF-8"));
  }
}

/* Where full-width Latin meets kanji the MeCab backend puts a token
 * boundary (ＪＲ北海道 is one dictionary word), also when other
 * full-width characters (brackets, digits: EF bytes that are no letter)
 * come first, which the backend's byte pre-scan must look past. */
static void analyze__latin_edge_found_after_other_full_width_characters(void) {
  rd_doc *doc = annotated("（１２）ＪＲ北海道が走る");
  REQUIRE(doc != NULL);
  const rd_node *t = find_token(doc, "北海道");
  OK(t != NULL);
  if (t) STR_EQ(rd_token_reading(t), "ほっかいどう");
  OK(find_token(doc, "ＪＲ北海道") == NULL);
  rd_doc_free(doc);
}

static int layout_main(const char *want, const char *dir) {
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.dictionary = dir;
  char sys[4096];
  snprintf(sys, sizeof sys, "%s/sys.dic", dir);
  if (access(sys, R_OK) != 0) {
    printf("SKIP: %s dictionary not installed at %s\n", want, dir);
    return 77;
  }
  rd_analyzer *an;
  if (rd_analyzer_new(&an, &o) != RD_OK) {
    printf("FAIL: %s\n", rd_error_last()->message);
    return 1;
  }
  g_an = an;
  int fails = 0;
  if (strcmp(rd_analyzer_dictionary_name(an), want)) { printf("FAIL: layout %s, expected %s\n", rd_analyzer_dictionary_name(an), want); fails++; }
  rd_doc *doc = annotated("東京で盗まれた");
  if (!doc) { printf("FAIL: %s\n", rd_error_last()->message); rd_analyzer_free(an); return 1; }
  const rd_node *t = find_token(doc, "東京");
  if (!t || !rd_token_reading(t) || strcmp(rd_token_reading(t), "とうきょう")) { printf("FAIL: 東京 reading\n"); fails++; }
  t = find_token(doc, "盗ま");
  if (!t || strcmp(rd_token_lemma(t), "盗む") || rd_token_pos_class(t) != RD_POS_VERB) { printf("FAIL: 盗ま lemma/pos\n"); fails++; }
  printf("%s layout: %d failed\n", want, fails);
  rd_doc_free(doc);
  rd_analyzer_free(an);
  return fails ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc == 3) return layout_main(argv[1], argv[2]);
  if (rd_analyzer_new(&g_an, NULL) != RD_OK) {
    printf("SKIP: no system MeCab dictionary: %s\n", rd_error_last()->message);
    return 77;
  }
  static const t_case cases[] = {
    T(analyze__issue_example_brackets), T(analyze__token_fields), T(analyze__counters_in_context),
    T(analyze__context_rules), T(analyze__unknown_kanji_word_has_no_reading), T(analyze__corpus_article_reproduced),
    T(analyze__threads_give_identical_results), T(analyze__annotate_loop_does_not_grow_memory),
    T(analyze__dictionary_identification), T(analyze__latin_edge_found_after_other_full_width_characters),
  };
  int rc = t_run(cases, sizeof cases / sizeof *cases);
  rd_analyzer_free(g_an);
  return rc;
}
