/* The EDICT glossary: look-ups for words of the corpus article, homograph
 * choice by reading, a word EDICT lacks, a missing EDICT, the cache
 * (rebuilt when the source changes, survives an unwritable directory) and
 * rd_doc_gloss on tokens. Skips (77) when the edict package is absent. */
#define _GNU_SOURCE
#include <reader.h>

#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <reader/analyze.h>

#include "model.h"
#include "harness.h"

#define EDICT RD_GLOSSARY_DEFAULT_PATH

static rd_glossary *G; /* shared: loading is the slow part */
static char cache_dir[256];
static char shared_dir[300];
static rd_glossary_options shared_opts = RD_GLOSSARY_OPTIONS_INIT;

static int has_gloss(const rd_gloss_entry *e, const char *gloss) {
  for (size_t i = 0; i < rd_gloss_entry_gloss_count(e); i++)
    if (!strcmp(rd_gloss_entry_gloss_at(e, i), gloss)) return 1;
  return 0;
}
static int has_tag(const rd_gloss_entry *e, const char *tag) {
  for (size_t i = 0; i < rd_gloss_entry_tag_count(e); i++)
    if (!strcmp(rd_gloss_entry_tag_at(e, i), tag)) return 1;
  return 0;
}

/* The first entry for word (and reading), or NULL; *n gets the count. */
static const rd_gloss_entry *first(const char *word, const char *reading, size_t *n) {
  rd_gloss_result *r;
  if (rd_glossary_lookup(&r, G, word, reading) != RD_OK) return NULL;
  const rd_gloss_entry *e = rd_gloss_result_at(r, 0);
  if (n) *n = rd_gloss_result_count(r);
  rd_gloss_result_free(r); /* entries are the glossary's, not the result's */
  return e;
}

static void glossary__article_words_found_with_glosses_and_tags(void) {
  REQUIRE(G);
  OK(rd_glossary_entry_count(G) > 100000);
  const rd_gloss_entry *e = first("流出", NULL, NULL);
  REQUIRE(e);
  STR_EQ(rd_gloss_entry_word(e), "流出");
  STR_EQ(rd_gloss_entry_reading(e), "りゅうしゅつ");
  OK(has_gloss(e, "outward flow"));
  OK(has_gloss(e, "leak of (private) information or pictures"));
  OK(has_tag(e, "n") && has_tag(e, "vs"));
  OK(rd_gloss_entry_is_common(e));

  e = first("盗む", NULL, NULL);
  REQUIRE(e);
  STR_EQ(rd_gloss_entry_gloss_at(e, 0), "to steal");
  INT_EQ(rd_gloss_entry_tag_count(e), 2);
  STR_EQ(rd_gloss_entry_tag_at(e, 0), "v5m");
  STR_EQ(rd_gloss_entry_tag_at(e, 1), "vt");

  e = first("廃業", NULL, NULL);
  REQUIRE(e);
  STR_EQ(rd_gloss_entry_gloss_at(e, 0), "discontinuation (of business)");
  OK(has_gloss(e, "closing down"));

  e = first("北朝鮮", NULL, NULL);
  REQUIRE(e);
  STR_EQ(rd_gloss_entry_gloss_at(e, 0), "North Korea");
  STR_EQ(rd_gloss_entry_reading(e), "きたちょうせん");

  e = first("暗号資産", NULL, NULL);
  REQUIRE(e);
  STR_EQ(rd_gloss_entry_gloss_at(e, 0), "crypto-assets");
  OK(!rd_gloss_entry_is_common(e));
}

static void glossary__word_edict_lacks_gives_empty_result(void) {
  REQUIRE(G);
  size_t n = 99;
  OK(first("トレーダートレーター", NULL, &n) == NULL);
  INT_EQ(n, 0);
  OK(first("", NULL, &n) == NULL);
  INT_EQ(n, 0);
}

static void glossary__reading_chooses_between_homographs(void) {
  REQUIRE(G);
  size_t n;
  const rd_gloss_entry *e = first("生", "なま", &n);
  REQUIRE(e);
  INT_EQ(n, 1);
  STR_EQ(rd_gloss_entry_gloss_at(e, 0), "raw");
  e = first("生", "せい", &n);
  REQUIRE(e);
  STR_EQ(rd_gloss_entry_gloss_at(e, 0), "life");
  /* katakana readings (as MeCab gives them) match EDICT's hiragana */
  e = first("市場", "シジョウ", &n);
  REQUIRE(e);
  STR_EQ(rd_gloss_entry_reading(e), "しじょう");
  STR_EQ(rd_gloss_entry_gloss_at(e, 0), "market (financial, stock, domestic, etc.)");
  /* without a reading, common entries come first */
  e = first("上手", NULL, &n);
  REQUIRE(e);
  OK(n >= 4);
  STR_EQ(rd_gloss_entry_reading(e), "じょうず");
  /* an unknown reading keeps every entry rather than none */
  first("生", "ぱぴぷ", &n);
  OK(n > 5);
}

static void glossary__kana_word_also_finds_entries_it_reads(void) {
  REQUIRE(G);
  size_t n;
  const rd_gloss_entry *e = first("ぬすむ", NULL, &n);
  REQUIRE(e);
  STR_EQ(rd_gloss_entry_word(e), "盗む");
  /* a kana headword comes first, then the entries read こと (事 ...) */
  rd_gloss_result *r;
  REQUIRE(rd_glossary_lookup(&r, G, "こと", NULL) == RD_OK);
  OK(rd_gloss_result_count(r) > 2);
  STR_EQ(rd_gloss_entry_word(rd_gloss_result_at(r, 0)), "こと");
  int has_koto = 0;
  for (size_t i = 0; i < rd_gloss_result_count(r); i++)
    has_koto |= !strcmp(rd_gloss_entry_word(rd_gloss_result_at(r, i)), "事");
  OK(has_koto);
  rd_gloss_result_free(r);
}

static void glossary__missing_edict_names_path_and_package(void) {
  rd_glossary *g = (rd_glossary *)1;
  INT_EQ(rd_glossary_new(&g, "/nonexistent/edict", NULL), RD_ENOTFOUND);
  OK(g == NULL);
  OK(strstr(rd_error_last()->message, "/nonexistent/edict") != NULL);
  OK(strstr(rd_error_last()->message, "edict") != NULL);
  OK(strstr(rd_error_last()->message, "apt-get install edict") != NULL);
}

static int write_file(const char *path, const char *data) {
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  fputs(data, f);
  return fclose(f) == 0;
}

/* A tiny EDICT in EUC-JP, written through iconv-free bytes: 猫 [ねこ]. */
static const char tiny_v1[] = "\xc7\xad [\xa4\xcd\xa4\xb3] /(n) cat/(P)/\n";
static const char tiny_v2[] = "\xc7\xad [\xa4\xcd\xa4\xb3] /(n) (1) cat/(n) (2) shamisen/\n";

static void glossary__cache_is_used_and_rebuilt_when_source_changes(void) {
  char src[300], dir[300];
  snprintf(src, sizeof src, "%s/tiny.edict", cache_dir);
  snprintf(dir, sizeof dir, "%s/cache", cache_dir);
  REQUIRE(write_file(src, tiny_v1));
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  o.cache_dir = dir;
  rd_glossary *g;
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(!rd_glossary_from_cache(g));
  rd_glossary_free(g);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(rd_glossary_from_cache(g));
  rd_gloss_result *r;
  REQUIRE(rd_glossary_lookup(&r, g, "猫", NULL) == RD_OK);
  REQUIRE(rd_gloss_result_count(r) == 1);
  const rd_gloss_entry *e = rd_gloss_result_at(r, 0);
  STR_EQ(rd_gloss_entry_gloss_at(e, 0), "cat");
  OK(rd_gloss_entry_is_common(e));
  rd_gloss_result_free(r);
  rd_glossary_free(g);

  /* a changed source (size and mtime) is parsed again, not served stale */
  REQUIRE(write_file(src, tiny_v2));
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(!rd_glossary_from_cache(g));
  REQUIRE(rd_glossary_lookup(&r, g, "猫", NULL) == RD_OK);
  e = rd_gloss_result_at(r, 0);
  INT_EQ(rd_gloss_entry_gloss_count(e), 2);
  STR_EQ(rd_gloss_entry_gloss_at(e, 1), "shamisen");
  OK(!rd_gloss_entry_is_common(e));
  rd_gloss_result_free(r);
  rd_glossary_free(g);

  /* a corrupted cache is detected and rebuilt */
  char cpath[600] = "";
  char cmd[700];
  snprintf(cmd, sizeof cmd, "ls %s/edict-*.idx", dir);
  FILE *p = popen(cmd, "r");
  REQUIRE(p && fgets(cpath, sizeof cpath, p));
  pclose(p);
  cpath[strcspn(cpath, "\n")] = '\0';
  FILE *f = fopen(cpath, "r+b");
  REQUIRE(f);
  fseek(f, 200, SEEK_SET);
  fputs("\xff\xff\xff\xff\xff\xff\xff\xff", f);
  fclose(f);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  REQUIRE(rd_glossary_lookup(&r, g, "猫", NULL) == RD_OK);
  INT_EQ(rd_gloss_result_count(r), 1);
  rd_gloss_result_free(r);
  rd_glossary_free(g);
}

/* Issue 16, item 6: the cache's content key, checksum, private copy and
 * directory check. */
static const char tiny_v3[] = "\xc7\xad [\xa4\xcd\xa4\xb3] /(n) dog/(P)/\n"; /* tiny_v1's size */

static int cache_file(char *out, size_t size, const char *dir) {
  char cmd[700];
  snprintf(cmd, sizeof cmd, "ls %s/edict-*.idx 2>/dev/null", dir);
  FILE *p = popen(cmd, "r");
  int ok = p && fgets(out, (int)size, p);
  if (p) pclose(p);
  out[strcspn(out, "\n")] = '\0';
  return ok;
}

static const char *first_gloss(rd_glossary *g) {
  static char buf[64];
  rd_gloss_result *r;
  buf[0] = '\0';
  if (rd_glossary_lookup(&r, g, "猫", NULL) != RD_OK) return buf;
  if (rd_gloss_result_count(r)) snprintf(buf, sizeof buf, "%s", rd_gloss_entry_gloss_at(rd_gloss_result_at(r, 0), 0));
  rd_gloss_result_free(r);
  return buf;
}

static void glossary__cache_keyed_by_content_checksummed_and_copied(void) {
  char src[300], dir[300], cpath[600] = "";
  snprintf(src, sizeof src, "%s/key.edict", cache_dir);
  snprintf(dir, sizeof dir, "%s/cache-key", cache_dir);
  REQUIRE(write_file(src, tiny_v1));
  struct stat st0;
  REQUIRE(stat(src, &st0) == 0);
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  o.cache_dir = dir;
  rd_glossary *g;
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  rd_glossary_free(g);
  /* same size, same mtime (restored), same inode, other content */
  FILE *f = fopen(src, "r+b");
  REQUIRE(f);
  fputs(tiny_v3, f);
  fclose(f);
  struct timespec ts[2] = {st0.st_atim, st0.st_mtim};
  REQUIRE(utimensat(AT_FDCWD, src, ts, 0) == 0);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(!rd_glossary_from_cache(g));
  STR_EQ(first_gloss(g), "dog");
  rd_glossary_free(g);
  /* a single flipped bit anywhere (here in the pool) is a rebuild, not a wrong gloss */
  REQUIRE(cache_file(cpath, sizeof cpath, dir));
  struct stat cs;
  REQUIRE(stat(cpath, &cs) == 0);
  f = fopen(cpath, "r+b");
  REQUIRE(f);
  fseek(f, (long)cs.st_size - 8, SEEK_SET);
  int c = fgetc(f);
  fseek(f, (long)cs.st_size - 8, SEEK_SET);
  fputc(c ^ 1, f);
  fclose(f);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(!rd_glossary_from_cache(g));
  STR_EQ(first_gloss(g), "dog");
  rd_glossary_free(g);
  /* truncating the cache under a loaded glossary cannot hurt it (no mapping: no SIGBUS) */
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(rd_glossary_from_cache(g));
  REQUIRE(truncate(cpath, 0) == 0);
  STR_EQ(first_gloss(g), "dog");
  rd_glossary_free(g);
  /* a group-writable cache directory is not used (read or written) */
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK); /* rewrites the cache */
  rd_glossary_free(g);
  REQUIRE(chmod(dir, 0770) == 0);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(!rd_glossary_from_cache(g));
  STR_EQ(first_gloss(g), "dog");
  rd_glossary_free(g);
  REQUIRE(chmod(dir, 0700) == 0);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(rd_glossary_from_cache(g));
  rd_glossary_free(g);
}

/* Issue 16, item 4: the content key hashes the whole EDICT. A 300 KB
 * EDICT edited in the middle (outside the first and last 64 KiB, which
 * were all the old key hashed) in place, with its mtime set back by
 * touch -d: size, mtime, inode unchanged, and the new gloss is served. */
static int big_edict(const char *path, const char *middle_gloss) {
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  for (int i = 0; i < 10000; i++) {
    if (i == 5000) fprintf(f, "猫 [ねこ] /(n) %s/\n", middle_gloss);
    fprintf(f, "語%05d [ご] /(n) filler %05d/\n", i, i);
  }
  return fclose(f) == 0;
}

static int set_mtime(const char *path) {
  char cmd[600];
  snprintf(cmd, sizeof cmd, "touch -d '2024-01-02 03:04:05' '%s'", path);
  return system(cmd) == 0;
}

static void glossary__edit_in_the_middle_same_size_and_mtime_is_seen(void) {
  char src[300], dir[300];
  snprintf(src, sizeof src, "%s/big.edict", cache_dir);
  snprintf(dir, sizeof dir, "%s/cache-big", cache_dir);
  REQUIRE(big_edict(src, "cat") && set_mtime(src));
  struct stat st0, st1;
  REQUIRE(stat(src, &st0) == 0 && st0.st_size > 4 * 64 * 1024);
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  o.cache_dir = dir;
  rd_glossary *g;
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  rd_glossary_free(g);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(rd_glossary_from_cache(g));
  STR_EQ(first_gloss(g), "cat");
  rd_glossary_free(g);
  /* rewrite "cat" in place, in the middle of the file */
  FILE *f = fopen(src, "r+b");
  REQUIRE(f);
  static char buf[400 * 1024];
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  buf[n] = '\0';
  char *at = strstr(buf, "/(n) cat/");
  REQUIRE(at);
  long off = (long)(at - buf) + 5;
  OK(off > 64 * 1024 && off < (long)n - 64 * 1024);
  fseek(f, off, SEEK_SET);
  fputs("dog", f);
  fclose(f);
  REQUIRE(set_mtime(src));
  REQUIRE(stat(src, &st1) == 0);
  REQUIRE(st1.st_size == st0.st_size && st1.st_ino == st0.st_ino && st1.st_mtim.tv_sec == st0.st_mtim.tv_sec &&
          st1.st_mtim.tv_nsec == st0.st_mtim.tv_nsec);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(!rd_glossary_from_cache(g));
  STR_EQ(first_gloss(g), "dog");
  rd_glossary_free(g);
  /* and the rebuilt cache serves the new gloss */
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(rd_glossary_from_cache(g));
  STR_EQ(first_gloss(g), "dog");
  rd_glossary_free(g);
}

/* The cache header's layout (glossary.c block_header, version 3): the
 * checksum at byte 64, ngloss at byte 88; and its checksum function. */
#define HDR_CHECKSUM 64
#define HDR_NGLOSS 88
static uint64_t test_sum64(const unsigned char *p, size_t len) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, p + i, 8);
    h = (h ^ w) * 1099511628211ull;
    h ^= h >> 29;
  }
  return h;
}

/* A forged cache with a valid checksum whose gloss count times 4 wraps
 * around 2^64 (2^62 + n): it passed the old bounds check, leaving only the
 * per-offset loop (here stopped by a stray value inside the block) between
 * it and a read past the block. It is refused and the EDICT parsed again. */
static void glossary__forged_cache_with_wrapping_count_rebuilt(void) {
  char src[300], dir[300], cpath[600] = "";
  snprintf(src, sizeof src, "%s/forged.edict", cache_dir);
  snprintf(dir, sizeof dir, "%s/cache-forged", cache_dir);
  REQUIRE(write_file(src, tiny_v1));
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  o.cache_dir = dir;
  rd_glossary *g;
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  rd_glossary_free(g);
  REQUIRE(cache_file(cpath, sizeof cpath, dir));
  FILE *f = fopen(cpath, "rb");
  REQUIRE(f);
  unsigned char buf[8192];
  size_t n = fread(buf, 1, sizeof buf, f);
  fclose(f);
  REQUIRE(n > 96 && n < sizeof buf);
  uint64_t ng;
  memcpy(&ng, buf + HDR_NGLOSS, 8);
  ng += (uint64_t)1 << 62;
  memcpy(buf + HDR_NGLOSS, &ng, 8);
  memset(buf + HDR_CHECKSUM, 0, 8);
  uint64_t sum = test_sum64(buf, n);
  memcpy(buf + HDR_CHECKSUM, &sum, 8);
  f = fopen(cpath, "wb");
  REQUIRE(f);
  fwrite(buf, 1, n, f);
  fclose(f);
  REQUIRE(rd_glossary_new(&g, src, &o) == RD_OK);
  OK(!rd_glossary_from_cache(g));
  STR_EQ(first_gloss(g), "cat");
  rd_glossary_free(g);
}

/* The default place is the other caches' (rd__filecache_path_in):
 * $READER_CACHE_DIR, and "" there means no cache; it used to be ignored by
 * the glossary alone. */
static void glossary__cache_dir_from_the_environment(void) {
  char src[300], dir[300], cpath[600];
  snprintf(src, sizeof src, "%s/env.edict", cache_dir);
  snprintf(dir, sizeof dir, "%s/env-cache", cache_dir);
  REQUIRE(write_file(src, tiny_v1));
  mkdir(dir, 0700);
  /* ctest points every test at a cache dir in the build tree: put it back after */
  const char *was = getenv("READER_CACHE_DIR");
  char *saved = was ? strdup(was) : NULL;
  setenv("READER_CACHE_DIR", dir, 1);
  rd_glossary *g;
  REQUIRE(rd_glossary_new(&g, src, NULL) == RD_OK);
  rd_glossary_free(g);
  OK(cache_file(cpath, sizeof cpath, dir)); /* written where the variable says */
  REQUIRE(rd_glossary_new(&g, src, NULL) == RD_OK);
  OK(rd_glossary_from_cache(g));
  rd_glossary_free(g);
  unlink(cpath);
  setenv("READER_CACHE_DIR", "", 1);
  REQUIRE(rd_glossary_new(&g, src, NULL) == RD_OK);
  rd_glossary_free(g);
  REQUIRE(rd_glossary_new(&g, src, NULL) == RD_OK);
  OK(!rd_glossary_from_cache(g)); /* "": no cache */
  rd_glossary_free(g);
  OK(!cache_file(cpath, sizeof cpath, dir));
  if (saved) setenv("READER_CACHE_DIR", saved, 1);
  else unsetenv("READER_CACHE_DIR");
  free(saved);
  rmdir(dir);
}

static void glossary__unwritable_cache_dir_is_not_an_error(void) {
  char src[300];
  snprintf(src, sizeof src, "%s/tiny.edict", cache_dir);
  REQUIRE(write_file(src, tiny_v1));
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  o.cache_dir = "/proc/libreader-no-such-dir/cache";
  rd_glossary *g;
  INT_EQ(rd_glossary_new(&g, src, &o), RD_OK);
  REQUIRE(g);
  OK(!rd_glossary_from_cache(g));
  INT_EQ(rd_glossary_entry_count(g), 1);
  rd_glossary_free(g);
}

/* Build a sentence's tokens by hand (the analyzer is another module):
 * 北朝鮮 / が / 盗ま(れ) with lemma 盗む. */
static rd_doc *tokenised_doc(void) {
  const char *text = "北朝鮮が盗まれ生あること";
  rd_doc *doc;
  if (rd_doc_parse(&doc, text, strlen(text), NULL) != RD_OK) return NULL;
  rd_node *s = rd_doc_sentence_at(doc, 0);
  if (!s) { rd_doc_free(doc); return NULL; }
  struct { const char *surf, *lemma, *reading; rd_pos pos; } w[] = {
    {"北朝鮮", "北朝鮮", "きたちょうせん", RD_POS_PROPER_NOUN},
    {"が", "が", "が", RD_POS_PARTICLE},
    {"盗まれ", "盗む", "ぬすまれ", RD_POS_VERB},
    {"生", "生", "なま", RD_POS_NOUN},
    {"ある", "ある", "ある", RD_POS_VERB},
    {"こと", "こと", "こと", RD_POS_NOUN},
  };
  size_t n = sizeof w / sizeof *w, off = 0;
  rd__token *toks = calloc(n, sizeof *toks);
  for (size_t i = 0; i < n; i++) {
    rd__lex proto;
    memset(&proto, 0, sizeof proto);
    proto.surface = w[i].surf;
    proto.lemma = w[i].lemma;
    proto.reading = w[i].reading;
    proto.pos = "";
    proto.pos_class = w[i].pos;
    toks[i].kind = RD_NODE_TOKEN;
    rd__tok_set_span(&toks[i], off, off + strlen(w[i].surf));
    off += strlen(w[i].surf);
    toks[i].lex = rd__doc_lex(doc, &proto);
  }
  s->tok_first = 0;
  s->tok_count = n;
  if (rd__doc_set_tokens(doc, toks, n, NULL) != RD_OK) { rd_doc_free(doc); return NULL; }
  return doc;
}

static void glossary__doc_gloss_attaches_by_lemma_and_reading(void) {
  REQUIRE(G);
  rd_doc *doc = tokenised_doc();
  REQUIRE(doc);
  REQUIRE(rd_doc_token_count(doc) == 6);
  INT_EQ(rd_doc_gloss(doc, G), RD_OK);
  const rd_node *t0 = rd_doc_token_at(doc, 0), *t1 = rd_doc_token_at(doc, 1), *t2 = rd_doc_token_at(doc, 2),
                *t3 = rd_doc_token_at(doc, 3);
  STR_EQ(rd_token_gloss_at(t0, 0), "North Korea");
  INT_EQ(rd_token_gloss_count(t1), 0); /* particles are skipped */
  STR_EQ(rd_token_gloss_at(t2, 0), "to steal"); /* by lemma, reading ぬすむ derived */
  STR_EQ(rd_token_gloss_at(t3, 0), "raw");      /* 生 read なま, not せい */
  OK(rd_token_gloss_at(t3, 99) == NULL);
  /* part of speech chooses among kana words' entries: the verb ある is
   * 有る "to be", not 或る "a certain"; the noun こと is 事 "thing", not
   * the sentence-final particle */
  STR_EQ(rd_token_gloss_at(rd_doc_token_at(doc, 4), 0), "to be");
  STR_EQ(rd_token_gloss_at(rd_doc_token_at(doc, 5), 0), "thing");
  /* the document keeps its own copies: the glossary may go first */
  rd_glossary_free(G);
  G = NULL;
  STR_EQ(rd_token_gloss_at(t2, 0), "to steal");
  rd_doc_free(doc);
  OK(rd_glossary_new(&G, EDICT, &shared_opts) == RD_OK);
}

/* The whole pipeline on the corpus article (MeCab through the analyzer
 * module): the article's words get their glosses. */
static void glossary__corpus_article_tokens_are_glossed(void) {
  REQUIRE(G);
  rd_doc *doc;
  REQUIRE(rd_doc_parse_file(&doc, READER_SOURCE_DIR "/corpus/dmm-bitcoin-2024/article.ja.txt", NULL) == RD_OK);
  rd_analyzer *an;
  if (rd_analyzer_new(&an, NULL) != RD_OK) {
    printf("  (no MeCab analyzer: %s; case not run)\n", rd_error_last()->message);
    rd_doc_free(doc);
    return;
  }
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  INT_EQ(rd_doc_gloss(doc, G), RD_OK);
  size_t content = 0, glossed = 0;
  int seen[5] = {0};
  static const char *const lemma[5] = {"流出", "盗む", "廃業", "北朝鮮", "暗号"};
  static const char *const gloss[5] = {"discharge", "to steal", "discontinuation (of business)", "North Korea", "code"};
  for (size_t i = 0; i < rd_doc_token_count(doc); i++) {
    const rd_node *t = rd_doc_token_at(doc, i);
    rd_pos p = rd_token_pos_class(t);
    if (p == RD_POS_PARTICLE || p == RD_POS_AUXILIARY || p == RD_POS_SYMBOL || p == RD_POS_WHITESPACE) {
      INT_EQ(rd_token_gloss_count(t), 0);
      continue;
    }
    content++;
    glossed += rd_token_gloss_count(t) > 0;
    for (int w = 0; w < 5; w++)
      if (!strcmp(rd_token_lemma(t), lemma[w])) {
        seen[w]++;
        STR_EQ(rd_token_gloss_at(t, 0), gloss[w]);
      }
  }
  for (int w = 0; w < 5; w++)
    if (!seen[w]) FAILF("no token with lemma %s", lemma[w]);
  /* measured 610 of 658; the rest are names and loanword pieces */
  OK(glossed * 100 >= content * 85);
  rd_analyzer_free(an);
  rd_doc_free(doc);
}

static void glossary__unknown_options_version_refused(void) {
  rd_glossary *g = (rd_glossary *)1;
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  o.version = 99;
  INT_EQ(rd_glossary_new(&g, EDICT, &o), RD_EINVALID);
  OK(g == NULL);
  OK(strstr(rd_error_last()->message, "rd_glossary_options: unsupported version 99") != NULL);
}

/* An empty or binary file is not an empty glossary: it is refused by name. */
static void glossary__file_without_entries_refused(void) {
  char path[4200];
  snprintf(path, sizeof path, "%s/not-edict", cache_dir);
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  o.flags = RD_GLOSSARY_NO_CACHE;
  rd_glossary *g = (rd_glossary *)1;
  REQUIRE(write_file(path, ""));
  INT_EQ(rd_glossary_new(&g, path, &o), RD_EINVALID);
  OK(g == NULL);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "empty file"));
  REQUIRE(write_file(path, "\x7f" "ELF\x02\x01\x01 binary\n"));
  INT_EQ(rd_glossary_new(&g, path, &o), RD_EINVALID);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "no EDICT entry"));
  REQUIRE(write_file(path, tiny_v1));
  INT_EQ(rd_glossary_new(&g, path, &o), RD_OK);
  INT_EQ(rd_glossary_entry_count(g), 1);
  rd_glossary_free(g);
  remove(path);
}

/* Issue 16, item 16: a UTF-8 EDICT used to be refused as "invalid EUC-JP
 * byte 0xE7"; it is read as UTF-8 (cached too). A binary file (NUL bytes)
 * is refused as binary. */
static void glossary__utf8_edict_read_binary_refused(void) {
  char path[4200];
  snprintf(path, sizeof path, "%s/utf8-edict", cache_dir);
  rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
  o.cache_dir = cache_dir;
  rd_glossary *g = NULL;
  REQUIRE(write_file(path, "猫 [ねこ] /(n) cat/(P)/\n犬 [いぬ] /(n) dog/\n"));
  for (int pass = 0; pass < 2; pass++) { /* build, then from the cache */
    INT_EQ(rd_glossary_new(&g, path, &o), RD_OK);
    REQUIRE(g);
    INT_EQ(rd_glossary_entry_count(g), 2);
    rd_gloss_result *r = NULL;
    INT_EQ(rd_glossary_lookup(&r, g, "猫", "ねこ"), RD_OK);
    INT_EQ(rd_gloss_result_count(r), 1);
    const rd_gloss_entry *e = rd_gloss_result_at(r, 0);
    OK(e && has_gloss(e, "cat"));
    rd_gloss_result_free(r);
    rd_glossary_free(g);
  }
  FILE *f = fopen(path, "wb");
  REQUIRE(f);
  fwrite("abc /x/\n\0\0\x01\x02", 1, 12, f);
  fclose(f);
  g = (rd_glossary *)1;
  INT_EQ(rd_glossary_new(&g, path, &o), RD_EENCODING);
  OK(g == NULL);
  OK(strstr(rd_error_last()->message, path) && strstr(rd_error_last()->message, "a binary file (NUL byte at offset 8)"));
  remove(path);
}

static void glossary__doc_gloss_rejects_null(void) {
  INT_EQ(rd_doc_gloss(NULL, G), RD_EINVALID);
  rd_gloss_result *r = (rd_gloss_result *)1;
  INT_EQ(rd_glossary_lookup(&r, NULL, "x", NULL), RD_EINVALID);
  OK(r == NULL);
}

int main(void) {
  if (access(EDICT, R_OK) != 0) {
    printf("skipped: %s is absent (Debian package edict)\n", EDICT);
    return 77;
  }
  snprintf(cache_dir, sizeof cache_dir, "%s/glossary-test-XXXXXX", "/tmp");
  if (!mkdtemp(cache_dir)) { perror("mkdtemp"); return 1; }
  /* the shared glossary uses its own cache directory, never the user's */
  snprintf(shared_dir, sizeof shared_dir, "%s/shared", cache_dir);
  shared_opts.cache_dir = shared_dir;
  if (rd_glossary_new(&G, EDICT, &shared_opts) != RD_OK) {
    fprintf(stderr, "cannot load EDICT: %s\n", rd_error_last()->message);
    return 1;
  }
  static const t_case cases[] = {
    T(glossary__article_words_found_with_glosses_and_tags),
    T(glossary__word_edict_lacks_gives_empty_result),
    T(glossary__reading_chooses_between_homographs),
    T(glossary__kana_word_also_finds_entries_it_reads),
    T(glossary__missing_edict_names_path_and_package),
    T(glossary__cache_is_used_and_rebuilt_when_source_changes),
    T(glossary__unwritable_cache_dir_is_not_an_error), T(glossary__cache_dir_from_the_environment), T(glossary__cache_keyed_by_content_checksummed_and_copied),
    T(glossary__forged_cache_with_wrapping_count_rebuilt),
    T(glossary__edit_in_the_middle_same_size_and_mtime_is_seen),
    T(glossary__doc_gloss_attaches_by_lemma_and_reading),
    T(glossary__corpus_article_tokens_are_glossed),
    T(glossary__doc_gloss_rejects_null), T(glossary__unknown_options_version_refused),
    T(glossary__file_without_entries_refused), T(glossary__utf8_edict_read_binary_refused),
  };
  int rc = t_run(cases, sizeof cases / sizeof *cases);
  rd_glossary_free(G);
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", cache_dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", cache_dir);
  return rc;
}
