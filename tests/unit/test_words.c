/* The word layer (issue 11): dictionary words over MeCab's morphemes, the
 * inflection named as data, numbers with their counters, the sense chosen
 * by part of speech, (P) and (uk); a reviewed list of words in context
 * scored; the share of content words that are EDICT headwords. Needs MeCab
 * with IPADIC and EDICT; skips (77) when either is missing. */
#define _GNU_SOURCE
#include <reader.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "harness.h"

static rd_pipeline *P;
static rd_glossary *G;

static const char *const ARTICLES[] = {
  "corpus/dmm-bitcoin-2024/article.ja.txt", "tests/data/articles/boj-rate-hike.ja.txt",
  "tests/data/articles/cherry-blossoms.ja.txt", "tests/data/articles/noto-recovery.ja.txt",
  "tests/data/articles/rice-prices-crlf.ja.txt", "tests/data/articles/typhoon-shanshan.ja.html",
};
#define NARTICLES (sizeof ARTICLES / sizeof *ARTICLES)

static rd_doc *read_text(const char *text) {
  rd_doc *doc = NULL;
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = RD_STAGE_ANNOTATE;
  if (rd_pipeline_read(&doc, NULL, P, text, strlen(text), &ro) != RD_OK) return NULL;
  if (rd_doc_words(doc, G, NULL) != RD_OK) { rd_doc_free(doc); return NULL; }
  return doc;
}

static rd_doc *read_article(const char *rel) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", READER_SOURCE_DIR, rel);
  rd_doc *doc = NULL;
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = RD_STAGE_ANNOTATE;
  if (rd_pipeline_read_file(&doc, NULL, P, path, &ro) != RD_OK) return NULL;
  if (rd_doc_words(doc, G, NULL) != RD_OK) { rd_doc_free(doc); return NULL; }
  return doc;
}

/* The first word of the document written `surface`. */
static const rd_word *find(const rd_doc *doc, const char *surface) {
  for (size_t i = 0; i < rd_doc_word_count(doc); i++)
    if (!strcmp(rd_word_surface(rd_doc_word_at(doc, i)), surface)) return rd_doc_word_at(doc, i);
  return NULL;
}

static int contains_ci(const char *hay, const char *needle) {
  if (!hay) return 0;
  size_t n = strlen(needle);
  for (; *hay; hay++)
    if (!strncasecmp(hay, needle, n)) return 1;
  return !*needle;
}

/* A dictionary word of `ntok` tokens with this lemma and a gloss mentioning `gloss`. */
static void check_word(const rd_doc *doc, const char *surface, size_t ntok, const char *lemma, const char *gloss) {
  const rd_word *w = find(doc, surface);
  if (!w) { FAILF("no word %s", surface); return; }
  if (ntok && rd_word_token_count(w) != ntok) FAILF("%s: %zu tokens, expected %zu", surface, rd_word_token_count(w), ntok);
  STR_EQ(rd_word_lemma(w), lemma);
  if (gloss && !contains_ci(rd_word_gloss_at(w, 0), gloss))
    FAILF("%s: first gloss \"%s\", expected one with \"%s\"", surface, rd_word_gloss_at(w, 0) ? rd_word_gloss_at(w, 0) : "(none)", gloss);
}

static void words__dictionary_match_joins_tokens_across_boundaries(void) {
  rd_doc *doc = read_text("ビットコインとマルウェアで暗号資産と仮想通貨が取引所から盗まれ、警視庁が調べた。\n");
  REQUIRE(doc);
  check_word(doc, "ビットコイン", 2, "ビットコイン", "bitcoin");
  check_word(doc, "マルウェア", 2, "マルウェア", "malware");
  check_word(doc, "暗号資産", 2, "暗号資産", "crypto");
  check_word(doc, "仮想通貨", 2, "仮想通貨", "virtual currency");
  /* the analyzer's EDICT compounds may already join 取引+所 (its reading じょ
   * differs from MeCab's しょ); either way it is one word read とりひきじょ */
  check_word(doc, "取引所", 0, "取引所", "exchange");
  STR_EQ(rd_word_reading(find(doc, "取引所")), "とりひきじょ");
  check_word(doc, "警視庁", 1, "警視庁", "Police");
  OK(!find(doc, "ビット") && !find(doc, "コイン") && !find(doc, "マル") && !find(doc, "ウェア"));
  /* the tokens stay MeCab's, with their own readings */
  const rd_word *w = find(doc, "ビットコイン");
  REQUIRE(w);
  STR_EQ(rd_node_text(NULL, rd_word_token_at(w, 0)), "ビット");
  STR_EQ(rd_node_text(NULL, rd_word_token_at(w, 1)), "コイン");
  OK(rd_word_token_at(w, 2) == NULL);
  OK(rd_word_is_content(w) && !rd_word_is_name(w));
  rd_doc_free(doc);
}

static void words__inflection_is_one_word_with_named_steps(void) {
  rd_doc *doc = read_text("財布が盗まれた。調査を行いました。星は見られない。彼が来た。友達がくる。盗まれている。"
                          "高くなかった。行きませんでした。\n");
  REQUIRE(doc);
  const rd_word *w = find(doc, "盗まれた");
  REQUIRE(w);
  STR_EQ(rd_word_lemma(w), "盗む");
  STR_EQ(rd_word_reading(w), "ぬすむ");
  INT_EQ(rd_word_token_count(w), 3);
  INT_EQ(rd_word_inflection_count(w), 2);
  STR_EQ(rd_word_inflection_at(w, 0), "passive");
  STR_EQ(rd_word_inflection_at(w, 1), "past");
  OK(rd_word_inflection_at(w, 2) == NULL);
  STR_EQ(rd_word_inflection_text(w), "passive, past");
  STR_EQ(rd_word_gloss_at(w, 0), "to steal");
  INT_EQ(rd_word_pos_class(w), RD_POS_VERB);
  check_word(doc, "行いました", 3, "行う", "perform");
  STR_EQ(rd_word_inflection_text(find(doc, "行いました")), "polite, past");
  check_word(doc, "見られない", 3, "見る", "see");
  STR_EQ(rd_word_inflection_text(find(doc, "見られない")), "potential/passive, negative");
  /* IPADIC: 来 has lemma 来る but reading き; くる has the kana lemma くる */
  check_word(doc, "来た", 2, "来る", "to come");
  STR_EQ(rd_word_reading(find(doc, "来た")), "くる");
  check_word(doc, "くる", 1, "来る", "to come");
  STR_EQ(rd_word_inflection_text(find(doc, "くる")), "");
  /* て + いる is the progressive, not a te-form step */
  STR_EQ(rd_word_inflection_text(find(doc, "盗まれている")), "passive, progressive");
  check_word(doc, "高くなかった", 0, "高い", NULL);
  STR_EQ(rd_word_inflection_text(find(doc, "高くなかった")), "negative, past");
  STR_EQ(rd_word_inflection_text(find(doc, "行きませんでした")), "polite, negative, past");
  rd_doc_free(doc);
}

static void words__number_with_counter_is_one_word(void) {
  rd_doc *doc = read_text("2024年５月に約482億円が消えた。\n");
  REQUIRE(doc);
  const rd_word *w = find(doc, "482億円");
  REQUIRE(w);
  INT_EQ(rd_word_token_count(w), 3);
  INT_EQ(rd_word_pos_class(w), RD_POS_NUMBER);
  OK(!rd_word_is_content(w));
  OK(find(doc, "2024年") != NULL);
  OK(find(doc, "５月") != NULL);
  OK(!rd_word_is_content(find(doc, "５月")));
  check_word(doc, "約", 1, "約", "approximately"); /* the prefix stays its own word */
  rd_doc_free(doc);
}

static void words__sense_by_pos_common_and_usually_kana(void) {
  rd_doc *doc = read_text("安全のために北朝鮮の攻撃がある。専門家パネルによると、攻撃が続く。\n");
  REQUIRE(doc);
  check_word(doc, "ため", 1, "ため", "sake");   /* not "the same (age, social status); peer" */
  check_word(doc, "よる", 1, "よる", "due to"); /* 因る (uk), not the dialect "to have the nerve to" */
  check_word(doc, "ある", 1, "ある", "to be");  /* 有る (v5r-i), not 或る "a certain" */
  /* particles: grammar or nothing, never a homophone noun */
  const rd_word *no = find(doc, "の");
  REQUIRE(no);
  OK(!rd_word_is_content(no));
  INT_EQ(rd_word_pos_class(no), RD_POS_PARTICLE);
  OK(!contains_ci(rd_word_gloss_at(no, 0), "field") && !contains_ci(rd_word_gloss_at(no, 0), "plain"));
  OK(!rd_word_is_content(find(doc, "が")));
  check_word(doc, "北朝鮮", 1, "北朝鮮", "North Korea");
  OK(rd_word_is_name(find(doc, "北朝鮮")));
  rd_doc_free(doc);
}

/* Every token of every sentence is in exactly one word, in order. */
static void words__cover_every_token_once_in_order(void) {
  rd_doc *doc = read_article(ARTICLES[0]);
  REQUIRE(doc);
  size_t total = 0;
  for (size_t i = 0; i < rd_doc_sentence_count(doc); i++) {
    const rd_node *s = rd_doc_sentence_at(doc, i);
    size_t k = 0;
    for (size_t j = 0; j < rd_sentence_word_count(s); j++) {
      const rd_word *w = rd_sentence_word_at(s, j);
      OK(rd_word_sentence(w) == s);
      OK(rd_word_token_count(w) >= 1);
      for (size_t t = 0; t < rd_word_token_count(w); t++, k++)
        if (rd_word_token_at(w, t) != rd_sentence_token_at(s, k)) { FAILF("sentence %zu token %zu", i, k); break; }
      OK(rd_doc_word_at(doc, total) == w);
      total++;
    }
    INT_EQ(k, rd_sentence_token_count(s));
  }
  INT_EQ(total, rd_doc_word_count(doc));
  OK(total > 500);
  OK(rd_sentence_word_at(rd_doc_sentence_at(doc, 0), rd_sentence_word_count(rd_doc_sentence_at(doc, 0))) == NULL);
  rd_doc_free(doc);
}

static void words__rebuild_replaces_and_reannotation_makes_them_absent(void) {
  rd_doc *doc = read_text("ビットコインが盗まれた。\n");
  REQUIRE(doc);
  size_t n = rd_doc_word_count(doc);
  OK(n == 4);
  /* without a glossary and without inflection: one word per token */
  rd_words_options o = RD_WORDS_OPTIONS_INIT;
  o.flags = RD_WORDS_NO_INFLECTION;
  INT_EQ(rd_doc_words(doc, NULL, &o), RD_OK);
  INT_EQ(rd_doc_word_count(doc), rd_doc_token_count(doc));
  OK(find(doc, "ビット") && rd_word_gloss_count(find(doc, "ビット")) == 0);
  INT_EQ(rd_doc_words(doc, G, NULL), RD_OK);
  INT_EQ(rd_doc_word_count(doc), n);
  const rd_word *held = find(doc, "盗まれた");
  REQUIRE(held);
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = RD_STAGE_ANNOTATE;
  INT_EQ(rd_pipeline_apply(NULL, P, doc, &ro), RD_OK);
  INT_EQ(rd_doc_word_count(doc), 0);
  INT_EQ(rd_sentence_word_count(rd_doc_sentence_at(doc, 0)), 0);
  STR_EQ(rd_word_lemma(held), "盗む"); /* a held word stays readable */
  INT_EQ(rd_doc_words(doc, G, NULL), RD_OK);
  INT_EQ(rd_doc_word_count(doc), n);
  rd_doc_free(doc);
}

static void words__bad_input_is_refused(void) {
  INT_EQ(rd_doc_words(NULL, G, NULL), RD_EINVALID);
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, "猫が来た。\n", strlen("猫が来た。\n"), NULL) == RD_OK);
  INT_EQ(rd_doc_words(doc, G, NULL), RD_EINVALID); /* not annotated */
  OK(strstr(rd_error_last()->message, "annotate") != NULL);
  INT_EQ(rd_doc_word_count(doc), 0);
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = RD_STAGE_ANNOTATE;
  REQUIRE(rd_pipeline_apply(NULL, P, doc, &ro) == RD_OK);
  rd_words_options o = RD_WORDS_OPTIONS_INIT;
  o.version = 99;
  INT_EQ(rd_doc_words(doc, G, &o), RD_EINVALID);
  INT_EQ(rd_doc_word_count(doc), 0);
  rd_doc_free(doc);
  /* accessors on NULL: absent, never a crash */
  OK(rd_doc_word_at(NULL, 0) == NULL && rd_sentence_word_count(NULL) == 0 && rd_word_surface(NULL) == NULL);
  OK(rd_word_token_at(NULL, 0) == NULL && rd_word_gloss_at(NULL, 0) == NULL && !rd_word_is_content(NULL));
}

/* The reviewed list: boundary, dictionary form and first sense of words in
 * context. The threshold sits below the share measured when the list was
 * made (about 94%; the misses are senses EDICT lists second, which the
 * glossary cannot reorder, and names MeCab splits), so a regression in
 * joining, deinflection or ranking fails while those known misses do not. */
#define REVIEWED_THRESHOLD 0.90
static void words__reviewed_list_scores_above_threshold(void) {
  rd_doc *docs[NARTICLES];
  for (size_t a = 0; a < NARTICLES; a++) {
    docs[a] = read_article(ARTICLES[a]);
    if (!docs[a]) FAILF("cannot read %s: %s", ARTICLES[a], rd_error_last()->message);
  }
  char *tsv = t_slurp("tests/data/words/words.tsv", NULL);
  REQUIRE(tsv);
  size_t rows = 0, right = 0;
  char *save = NULL;
  for (char *line = strtok_r(tsv, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
    if (line[0] == '#' || !line[0]) continue;
    char *f[4] = {line, NULL, NULL, NULL};
    for (int k = 1; k < 4; k++) {
      char *tab = f[k - 1] ? strchr(f[k - 1], '\t') : NULL;
      if (tab) { *tab = '\0'; f[k] = tab + 1; }
    }
    if (!f[3]) { FAILF("malformed row: %s", line); continue; }
    rows++;
    const rd_word *found = NULL;
    int sentence_found = 0;
    for (size_t a = 0; a < NARTICLES && !found; a++) {
      if (!docs[a]) continue;
      for (size_t i = 0; i < rd_doc_sentence_count(docs[a]) && !found; i++) {
        const rd_node *s = rd_doc_sentence_at(docs[a], i);
        char joined[8192];
        size_t jl = 0;
        for (size_t j = 0; j < rd_sentence_word_count(s); j++) {
          const char *ws = rd_word_surface(rd_sentence_word_at(s, j));
          size_t l = strlen(ws);
          if (jl + l >= sizeof joined) break;
          memcpy(joined + jl, ws, l);
          jl += l;
        }
        joined[jl] = '\0';
        if (strcmp(joined, f[0])) continue;
        sentence_found = 1;
        for (size_t j = 0; j < rd_sentence_word_count(s) && !found; j++)
          if (!strcmp(rd_word_surface(rd_sentence_word_at(s, j)), f[1])) found = rd_sentence_word_at(s, j);
      }
    }
    if (!sentence_found) { FAILF("row %zu: sentence not in any article: %.60s", rows, f[0]); continue; }
    int ok = found && !strcmp(rd_word_lemma(found), f[2]) &&
             (f[3][0] ? contains_ci(rd_word_gloss_at(found, 0), f[3]) : 1);
    if (ok) right++;
    else if (getenv("READER_WORDS_VERBOSE"))
      printf("  miss: %s (%s, %s): got %s / %s / %s\n", f[1], f[2], f[3], found ? rd_word_surface(found) : "(no such word)",
             found ? rd_word_lemma(found) : "-", found && rd_word_gloss_at(found, 0) ? rd_word_gloss_at(found, 0) : "-");
  }
  free(tsv);
  for (size_t a = 0; a < NARTICLES; a++) rd_doc_free(docs[a]);
  OK(rows >= 150);
  double share = rows ? (double)right / (double)rows : 0;
  printf("  reviewed words: %zu of %zu right (%.1f%%; threshold %.0f%%)\n", right, rows, 100 * share,
         100 * REVIEWED_THRESHOLD);
  OK(share >= REVIEWED_THRESHOLD);
}

/* The share of content words (names aside) that are EDICT headwords, i.e.
 * have glosses, on every article. Measured at 97-100% when this was
 * written; 95% leaves room for MeCab's unknown words without letting the
 * fragments (ビット, マル, ウェア) come back unnoticed. */
#define HEADWORD_THRESHOLD 0.95
static void words__content_words_are_edict_headwords(void) {
  for (size_t a = 0; a < NARTICLES; a++) {
    rd_doc *doc = read_article(ARTICLES[a]);
    if (!doc) { FAILF("cannot read %s", ARTICLES[a]); continue; }
    size_t content = 0, glossed = 0;
    for (size_t i = 0; i < rd_doc_word_count(doc); i++) {
      const rd_word *w = rd_doc_word_at(doc, i);
      if (!rd_word_is_content(w) || rd_word_is_name(w)) continue;
      content++;
      if (rd_word_gloss_count(w)) glossed++;
      else if (getenv("READER_WORDS_VERBOSE")) printf("  no entry: %s (%s)\n", rd_word_surface(w), rd_word_lemma(w));
    }
    double share = content ? (double)glossed / (double)content : 0;
    printf("  %s: %zu of %zu content words are EDICT headwords (%.1f%%)\n", ARTICLES[a], glossed, content,
           100 * share);
    OK(content > 20);
    if (share < HEADWORD_THRESHOLD) FAILF("%s: %.1f%% < %.0f%%", ARTICLES[a], 100 * share, 100 * HEADWORD_THRESHOLD);
    rd_doc_free(doc);
  }
}

/* ---- everything learner-facing uses words (issue 11, item 3) ---------- */

/* Whether the vocabulary has a row whose first field is word. */
static int has_row(const char *v, const char *word) {
  char key[256];
  snprintf(key, sizeof key, "\n%s\t", word);
  return v && strstr(v, key) != NULL;
}

static char *vocab_of(const rd_doc *doc, const rd_known *k) {
  rd_write_options o = RD_WRITE_OPTIONS_INIT;
  o.known = k;
  char *v = NULL;
  size_t len;
  if (rd_doc_to_vocab(&v, &len, doc, &o) != RD_OK) return NULL;
  return v;
}

static void words__vocab_has_one_row_per_dictionary_word(void) {
  rd_doc *doc = read_text("\"ビットコイン\"が盗まれた。\n");
  REQUIRE(doc);
  char *v = vocab_of(doc, NULL);
  REQUIRE(v);
  static const char head[] = "#separator:tab\n#html:true\n#notetype:Basic\n#deck:";
  OK(!strncmp(v, head, sizeof head - 1));
  OK(strstr(v, "\n#columns:word\treading\tgloss\tsentence\tsection\ttags\n#tags column:6\n") != NULL);
  OK(has_row(v, "ビットコイン"));
  OK(has_row(v, "盗む"));
  OK(!has_row(v, "ビット") && !has_row(v, "コイン") && !has_row(v, "れる") && !has_row(v, "た") && !has_row(v, "が"));
  /* the word in bold in its sentence, furigana in Anki's brackets; the
   * quote makes Anki need the field quoted, quotes doubled */
  OK(strstr(v, "\n盗む\tぬすむ\tto steal\t\"\"\"ビットコイン\"\"が<b> 盗[ぬす]まれた</b>。\"\t") != NULL);
  OK(strstr(v, "\tlibreader verb\n") != NULL);
  /* six fields on every row */
  for (const char *line = strchr(v, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
    if (line[1] == '#') continue;
    int tabs = 0, inq = 0;
    for (const char *p = line + 1; *p && *p != '\n'; p++) {
      if (*p == '"') inq = !inq;
      tabs += *p == '\t' && !inq;
    }
    INT_EQ(tabs, 5);
  }
  rd_free(v);
  rd_doc_free(doc);
}

static void words__known_by_dictionary_form_written_form_or_reading(void) {
  rd_doc *doc = read_text("ビットコインが盗まれた。\n");
  REQUIRE(doc);
  static const char *const lists[] = {"盗む\n", "盗まれた\n", "ぬすむ\n"};
  for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
    rd_known *k;
    REQUIRE(rd_known_parse(&k, lists[i], strlen(lists[i]), NULL) == RD_OK);
    char *v = vocab_of(doc, k);
    OK(v && !has_row(v, "盗む") && has_row(v, "ビットコイン"));
    rd_free(v);
    /* the page marks the word known (class k) */
    rd_write_options o = RD_WRITE_OPTIONS_INIT;
    o.known = k;
    char *h = NULL;
    size_t len;
    REQUIRE(rd_doc_to_html(&h, &len, doc, &o) == RD_OK);
    OK(strstr(h, "<span class=\"w k\" tabindex=\"-1\" data-lemma=\"盗む\"") != NULL);
    rd_free(h);
    rd_known_free(k);
  }
  /* a fragment of a word is not the word */
  rd_known *k;
  REQUIRE(rd_known_parse(&k, "コイン\n", strlen("コイン\n"), NULL) == RD_OK);
  char *v = vocab_of(doc, k);
  OK(v && has_row(v, "ビットコイン"));
  rd_free(v);
  rd_known_free(k);
  rd_doc_free(doc);
}

static void words__page_has_one_element_per_word(void) {
  rd_doc *doc = read_text("ビットコインが盗まれた。\n");
  REQUIRE(doc);
  char *h = NULL;
  size_t len;
  REQUIRE(rd_doc_to_html(&h, &len, doc, NULL) == RD_OK);
  const char *w = strstr(h, "data-lemma=\"盗む\"");
  REQUIRE(w);
  const char *end = strstr(w, "</span>");
  REQUIRE(end);
  char el[1024];
  snprintf(el, sizeof el, "%.*s", (int)(end - w), w);
  /* one element: dictionary form, its reading, the inflection, glosses;
   * the furigana stays per token inside it */
  OK(strstr(el, "data-reading=\"ぬすむ\"") != NULL);
  OK(strstr(el, "data-infl=\"passive, past\"") != NULL);
  OK(strstr(el, "data-gloss=\"盗む (ぬすむ) \xE2\x80\x94 to steal") != NULL);
  OK(strstr(el, "><ruby>盗<rt>ぬす</rt></ruby>まれた") != NULL);
  OK(strstr(h, "data-lemma=\"れる\"") == NULL && strstr(h, "data-lemma=\"た\"") == NULL);
  OK(strstr(h, "data-lemma=\"ビットコイン\"") != NULL && strstr(h, "data-lemma=\"ビット\"") == NULL);
  rd_free(h);
  rd_doc_free(doc);
}

/* The Must show of issue 11 on the bundled article. 来る comes from
 * 行ってきた: て+くる stays two words (行う in its te-form, then 来る), as
 * dictionaries list 〜てくる under 来る and learners look it up there;
 * only true auxiliaries (passive, polite, past, ...) join the verb. */
static void words__bundled_article_vocabulary(void) {
  rd_doc *doc = read_article("corpus/dmm-bitcoin-2024/article.ja.txt");
  REQUIRE(doc);
  char *v = vocab_of(doc, NULL);
  REQUIRE(v);
  static const char *const want[] = {"ビットコイン", "マルウェア", "仮想通貨", "暗号資産", "盗む", "来る"};
  static const char *const never[] = {"ビット", "コイン", "マル", "ウェア", "れる", "られる", "せる", "くる"};
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
    if (!has_row(v, want[i])) printf("  missing: %s\n", want[i]);
    OK(has_row(v, want[i]));
  }
  for (size_t i = 0; i < sizeof never / sizeof *never; i++) {
    if (has_row(v, never[i])) printf("  junk row: %s\n", never[i]);
    OK(!has_row(v, never[i]));
  }
  OK(strstr(v, "\nビットコイン\t\tbitcoin") != NULL);
  OK(strstr(v, "\n盗む\tぬすむ\tto steal") != NULL);
  OK(strstr(v, "\n来る\tくる\tto come") != NULL);
  rd_free(v);
  rd_doc_free(doc);
}

int main(void) {
  if (access(RD_GLOSSARY_DEFAULT_PATH, R_OK) != 0) {
    printf("skipped: %s is absent (Debian package edict)\n", RD_GLOSSARY_DEFAULT_PATH);
    return 77;
  }
  rd_pipeline_options po = RD_PIPELINE_OPTIONS_INIT;
  po.flags |= RD_PIPELINE_NO_GLOSSARY | RD_PIPELINE_NO_SUMMARIES;
  if (rd_pipeline_new(&P, &po) != RD_OK || !rd_pipeline_analyzer(P)) {
    printf("skipped: no MeCab dictionary (%s)\n", rd_error_last()->message);
    rd_pipeline_free(P);
    return 77;
  }
  const char *dict = rd_analyzer_dictionary_name(rd_pipeline_analyzer(P));
  if (!dict || !strstr(dict, "ipadic")) {
    printf("skipped: the expectations are IPADIC's\n");
    rd_pipeline_free(P);
    return 77;
  }
  /* the user's glossary cache is never touched by a test */
  rd_glossary_options go = RD_GLOSSARY_OPTIONS_INIT;
  go.flags = RD_GLOSSARY_NO_CACHE;
  if (rd_glossary_new(&G, RD_GLOSSARY_DEFAULT_PATH, &go) != RD_OK) {
    fprintf(stderr, "cannot load EDICT: %s\n", rd_error_last()->message);
    rd_pipeline_free(P);
    return 1;
  }
  static const t_case cases[] = {
    T(words__dictionary_match_joins_tokens_across_boundaries),
    T(words__inflection_is_one_word_with_named_steps),
    T(words__number_with_counter_is_one_word),
    T(words__sense_by_pos_common_and_usually_kana),
    T(words__cover_every_token_once_in_order),
    T(words__rebuild_replaces_and_reannotation_makes_them_absent),
    T(words__bad_input_is_refused),
    T(words__reviewed_list_scores_above_threshold),
    T(words__content_words_are_edict_headwords),
    T(words__vocab_has_one_row_per_dictionary_word),
    T(words__known_by_dictionary_form_written_form_or_reading),
    T(words__page_has_one_element_per_word),
    T(words__bundled_article_vocabulary),
  };
  int rc = t_run(cases, sizeof cases / sizeof *cases);
  rd_glossary_free(G);
  rd_pipeline_free(P);
  return rc;
}
