/* The streamed render (pipeline_stream.c) against the whole document:
 * the same bytes and the same warnings for every article it serves, with
 * blocks cut small enough to put boundaries everywhere (inside sections,
 * contents, Citations lists, the afterword), at one and two threads; the
 * articles it does not serve are handed back; a failing write is reported.
 * The stub analyzer: no dictionary needed (cli_stream.sh runs MeCab). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common_internal.h"
#include "harness.h"
#include "reader.h"

/* ThreadSanitizer's shadow memory makes peaks meaningless too. */
#if defined(__SANITIZE_THREAD__)
#define T_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define T_TSAN 1
#endif
#endif
#ifndef T_TSAN
#define T_TSAN 0
#endif

static rd_pipeline *pipeline(unsigned threads) {
  rd_pipeline_options o = RD_PIPELINE_OPTIONS_INIT;
  o.flags = RD_PIPELINE_STUB | RD_PIPELINE_NO_GLOSSARY | RD_PIPELINE_NO_COMPOUNDS | RD_PIPELINE_NO_SUMMARIES;
  o.threads = threads;
  rd_pipeline *p = NULL;
  rd_pipeline_new(&p, &o);
  return p;
}

static int collect(const char *data, size_t len, void *payload) {
  rd__buf *b = payload;
  rd__buf_put(b, data, len);
  return b->oom ? -1 : 0;
}

/* One view and its warnings ("w1\nw2\n..."), read whole or streamed. */
typedef struct view {
  rd__buf out, warn;
  rd_status st;
  int streamed;
} view;

static void view_dispose(view *v) {
  rd__buf_dispose(&v->out);
  rd__buf_dispose(&v->warn);
}

static rd_read_options read_opts(void) {
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = RD_STAGE_ANNOTATE; /* what reader render asks for text views */
  return ro;
}

static view whole(rd_pipeline *p, const char *path, rd_output fmt) {
  view v = {RD__BUF_INIT, RD__BUF_INIT, RD_OK, 0};
  rd_read_options ro = read_opts();
  rd_doc *doc;
  v.st = rd_pipeline_read_file(&doc, NULL, p, path, &ro);
  if (v.st < 0) return v;
  for (size_t i = 0; i < rd_doc_warning_count(doc); i++) rd__buf_printf(&v.warn, "%s\n", rd_doc_warning_at(doc, i));
  rd_write_options wo;
  rd_pipeline_write_options(&wo, p);
  v.st = rd_doc_write(doc, fmt, &wo, collect, &v.out);
  rd_doc_free(doc);
  return v;
}

/* What the stream reads at a time (READER_STREAM_READ), NULL: its default. */
static const char *read_unit;

/* Streamed with blocks of `block` bytes (0: the default). */
static view streamed(rd_pipeline *p, const char *path, rd_output fmt, size_t block) {
  view v = {RD__BUF_INIT, RD__BUF_INIT, RD_OK, 0};
  char b[32];
  snprintf(b, sizeof b, "%zu", block);
  if (block) setenv("READER_STREAM_BLOCK", b, 1);
  else unsetenv("READER_STREAM_BLOCK");
  if (read_unit) setenv("READER_STREAM_READ", read_unit, 1);
  rd_read_options ro = read_opts();
  rd_stream *s = NULL;
  v.st = rd_pipeline_stream_file(&s, p, path, &ro);
  unsetenv("READER_STREAM_BLOCK");
  unsetenv("READER_STREAM_READ");
  if (v.st < 0 || !s) return v;
  v.streamed = 1;
  rd_write_options wo;
  rd_pipeline_write_options(&wo, p);
  v.st = rd_stream_write(s, fmt, &wo, collect, &v.out);
  for (size_t i = 0; i < rd_stream_warning_count(s); i++) rd__buf_printf(&v.warn, "%s\n", rd_stream_warning_at(s, i));
  rd_stream_free(s);
  return v;
}

static int same(const rd__buf *a, const rd__buf *b) {
  return a->len == b->len && (!a->len || !memcmp(a->ptr, b->ptr, a->len));
}

/* First differing byte, for the failure message. */
static size_t first_diff(const rd__buf *a, const rd__buf *b) {
  size_t i = 0;
  while (i < a->len && i < b->len && a->ptr[i] == b->ptr[i]) i++;
  return i;
}

static void check_equal(const char *path, const size_t *blocks, size_t nblocks) {
  static const rd_output fmts[] = {RD_OUTPUT_TEXT, RD_OUTPUT_BRACKETS};
  for (unsigned threads = 1; threads <= 2; threads++) {
    rd_pipeline *p = pipeline(threads);
    REQUIRE(p);
    for (size_t f = 0; f < 2; f++) {
      view w = whole(p, path, fmts[f]);
      INT_EQ(w.st, RD_OK);
      for (size_t k = 0; k < nblocks; k++) {
        view s = streamed(p, path, fmts[f], blocks[k]);
        INT_EQ(s.st, RD_OK);
        OK(s.streamed);
        if (!same(&w.out, &s.out))
          FAILF("%s, %u thread(s), format %zu, blocks of %zu (reads of %s): output differs at byte %zu (%zu vs %zu bytes)", path, threads,
                f, blocks[k], read_unit ? read_unit : "default", first_diff(&w.out, &s.out), w.out.len, s.out.len);
        if (!same(&w.warn, &s.warn))
          FAILF("%s, %u thread(s), blocks of %zu: warnings differ:\n--- whole\n%.*s--- streamed\n%.*s", path, threads,
                blocks[k], (int)w.warn.len, w.warn.ptr ? w.warn.ptr : "", (int)s.warn.len, s.warn.ptr ? s.warn.ptr : "");
        view_dispose(&s);
      }
      view_dispose(&w);
    }
    rd_pipeline_free(p);
  }
}

static void stream__corpus_and_test_articles_equal_whole(void) {
  static const char *const files[] = {"corpus/dmm-bitcoin-2024/article.ja.txt", "tests/data/articles/boj-rate-hike.ja.txt",
                                      "tests/data/articles/cherry-blossoms.ja.txt", "tests/data/articles/noto-recovery.ja.txt",
                                      "tests/data/articles/rice-prices-crlf.ja.txt"};
  /* 1 byte: a block a line; 300: a few lines; 0: the default (one block) */
  static const size_t blocks[] = {1, 300, 0};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", READER_SOURCE_DIR, files[i]);
    check_equal(path, blocks, 3);
  }
}

/* A generated article with everything that carries from block to block:
 * front matter, a 目次 (one entry absent from the body, one nested), body
 * headings, citations resolved, unresolved and past the warnings' cap, a
 * Citations list per part (a second one, a duplicate number), an
 * afterword with its question and list, editors' inline readings, 町
 * after a prefecture some sentences before. */
static char *write_article(size_t target, const char *name, int bom) {
  char *path = NULL;
  if (asprintf(&path, "%s/%s", READER_BINARY_DIR, name) < 0) return NULL;
  FILE *f = fopen(path, "wb");
  if (!f) { free(path); return NULL; }
  if (bom) fputs("\xEF\xBB\xBF", f);
  fputs("大きな記事の見出し\n「副題です」\nこれは記事のリードです[1]。\n\n目次\n1. 事件の概要\n- 流出の詳細\n"
        "2. 各地の様子\n3. 本文にない見出し\n4. まとめ\n\n",
        f);
  size_t n = 0;
  long sec = 0;
  static const char *const heads[] = {"1. 事件の概要", "流出の詳細", "2. 各地の様子", "4. まとめ"};
  while ((size_t)ftell(f) < target) {
    if (n % 400 == 0 && sec < 4) fprintf(f, "%s\n", heads[sec++]);
    switch (n % 7) {
    case 0: fprintf(f, "北海道の港で、氷（こおり）が見えました[%zu]。漁師は「寒い」と話しました。\n", n % 5 + 1); break;
    case 1: fprintf(f, "ニセコ町では雪が多く降りました。観光客は町を歩きました[%zu]。\n", n % 3 + 1); break;
    case 2: fprintf(f, "\n"); break;
    case 3: fprintf(f, "この段落は長い文です。%zu番目の段落です。東京都の会社が発表しました。\n", n); break;
    case 4: fprintf(f, "ここにはない参照です[%zu]。\n", 900000 + n % 150); break;
    case 5: fprintf(f, "　字下げの段落です。１０人が集まりました。\r\n"); break;
    default: fprintf(f, "別の段落です。熊本県の町長は話しました。\n"); break;
    }
    n++;
  }
  fputs("\nCitations:\n[1] https://example.com/1\n[2] https://example.com/2\n\n[3] https://example.com/3\n"
        "[3] https://example.com/3again\n[4] https://example.com/4\n[5] https://example.com/5\n"
        "続きの段落です[2]。\nCitations:\n[6] https://example.com/6\n\nあとがき\n"
        "この記事をどう思いましたか？\nあとがきの段落です[1][7]。\n出典：\n[7] https://example.com/7\n",
        f);
  fclose(f);
  return path;
}

static void stream__generated_article_equals_whole_at_many_cuts(void) {
  char *path = write_article(600 * 1024, "stream-generated.ja.txt", 1);
  REQUIRE(path);
  static const size_t blocks[] = {97, 4096, 65536};
  check_equal(path, blocks, 3);
  unlink(path);
  free(path);
}

/* Reads of a few bytes: a block then ends short of what is read, in the
 * front matter's look-ahead, inside the contents, in a Citations list, so
 * the reader's "read on" (RD__TEXT_MORE) paths run and must not change
 * what is read. */
static void stream__short_reads_equal_whole(void) {
  static const char *const files[] = {"tests/data/articles/noto-recovery.ja.txt", "tests/data/articles/rice-prices-crlf.ja.txt"};
  static const char *const units[] = {"1", "7", "100"};
  static const size_t blocks[] = {1, 300};
  for (size_t u = 0; u < 3; u++) {
    read_unit = units[u];
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", READER_SOURCE_DIR, files[i]);
      check_equal(path, blocks, 2);
    }
  }
  read_unit = "13";
  char *path = write_article(20 * 1024, "stream-short-reads.ja.txt", 1);
  REQUIRE(path);
  static const size_t gen_blocks[] = {1, 97};
  check_equal(path, gen_blocks, 2);
  read_unit = NULL;
  unlink(path);
  free(path);
}

/* A contents entry the body skips is warned about at its line in the
 * contents, far behind the block that finds it out (its pages given back
 * by then); the warnings after it in that block, the reader's and the
 * citations', still count their lines from the block, not from the
 * contents through the given-back pages. */
static void stream__warnings_after_a_synthesised_heading_count_lines_from_the_block(void) {
  char *path = NULL;
  REQUIRE(asprintf(&path, "%s/stream-synth-lines.ja.txt", READER_BINARY_DIR) >= 0);
  FILE *f = fopen(path, "wb");
  REQUIRE(f);
  fputs("題名です\n「副題です」\nリードです。\n\n目次\n1. 始め\n2. ない見出し[8]\n3. 終わり\n\n1. 始め\n", f);
  for (int i = 0; i < 12000; i++) fprintf(f, "段落%dの文です。東京都の話です。\n", i); /* 500 KB */
  fputs("3. 終わり\nここの文です[9]。\nCitations:\n[1] https://example.com/1\n[1] https://example.com/1again\n", f);
  fclose(f);
  static const size_t blocks[] = {0, 4096};
  check_equal(path, blocks, 2);
  unlink(path);
  free(path);
}

/* Markdown headings (no contents): the pre-scan decides levels for the
 * whole article before the first block is read. */
static void stream__markdown_article_equals_whole(void) {
  char *path = NULL;
  REQUIRE(asprintf(&path, "%s/stream-markdown.ja.txt", READER_BINARY_DIR) >= 0);
  FILE *f = fopen(path, "wb");
  REQUIRE(f);
  fputs("# 題名です\n\nリードの文です。\n\n", f);
  for (int i = 0; i < 300; i++) {
    if (i % 40 == 0) fprintf(f, "## 第%d部\n\n", i / 40 + 1);
    if (i % 20 == 10) fprintf(f, "### 小見出し%d\n\n", i);
    fprintf(f, "段落%dの文です。大阪府の話です。\n\n", i);
  }
  fputs("## あとがき\n\n質問はありますか？\n", f);
  fclose(f);
  static const size_t blocks[] = {1, 500};
  check_equal(path, blocks, 2);
  unlink(path);
  free(path);
}

/* A line longer than a block, than the reading window and than the
 * pre-pass's chunk: one block holds it whole. */
static void stream__long_line_equals_whole(void) {
  char *path = NULL;
  REQUIRE(asprintf(&path, "%s/stream-long-line.ja.txt", READER_BINARY_DIR) >= 0);
  FILE *f = fopen(path, "wb");
  REQUIRE(f);
  fputs("題名\n\n短い段落です。\n", f);
  for (int i = 0; i < 150000; i++) fputs("長い行の文です。", f); /* 3.6 MB */
  fputs("\n最後の段落です。\n", f);
  fclose(f);
  static const size_t blocks[] = {1000};
  check_equal(path, blocks, 1);
  unlink(path);
  free(path);
}

/* What the stream does not serve comes back as NULL with RD_OK: the caller
 * reads it whole (and gets its error or its conversion there). */
static void stream__other_inputs_are_handed_back(void) {
  rd_pipeline *p = pipeline(1);
  REQUIRE(p);
  static const char *const files[] = {"tests/data/aozora/yuki-no-hi.txt", "tests/data/articles/bad-utf8.txt",
                                      "tests/data/articles/typhoon-shanshan.ja.html", "tests/data/html/nhk-news-like.sjis.html"};
  for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", READER_SOURCE_DIR, files[i]);
    rd_read_options ro = read_opts();
    rd_stream *s = (rd_stream *)1;
    INT_EQ(rd_pipeline_stream_file(&s, p, path, &ro), RD_OK);
    OK(s == NULL);
  }
  rd_stream *s = (rd_stream *)1;
  INT_EQ(rd_pipeline_stream_file(&s, p, "-", NULL), RD_OK);
  OK(s == NULL);
  INT_EQ(rd_pipeline_stream_file(&s, p, "/nonexistent/article.ja.txt", NULL), RD_OK);
  OK(s == NULL);
  rd_pipeline_free(p);
}

/* Invalid UTF-8 in the last block: not streamed, so the whole read
 * reports it, with the byte offset of the article. */
static void stream__late_invalid_utf8_is_the_whole_reads_error(void) {
  char *path = write_article(300 * 1024, "stream-bad.ja.txt", 0);
  REQUIRE(path);
  FILE *f = fopen(path, "ab");
  REQUIRE(f);
  long at = ftell(f);
  fputs("最後の段落\xFF です。\n", f);
  fclose(f);
  rd_pipeline *p = pipeline(2);
  rd_read_options ro = read_opts();
  rd_stream *s = (rd_stream *)1;
  setenv("READER_STREAM_BLOCK", "1000", 1);
  INT_EQ(rd_pipeline_stream_file(&s, p, path, &ro), RD_OK);
  unsetenv("READER_STREAM_BLOCK");
  OK(s == NULL);
  view w = whole(p, path, RD_OUTPUT_BRACKETS);
  INT_EQ(w.st, RD_EENCODING);
  INT_EQ(rd_error_last()->offset, at + (long)strlen("最後の段落"));
  view_dispose(&w);
  rd_pipeline_free(p);
  unlink(path);
  free(path);
}

typedef struct failing {
  size_t n, limit;
} failing;

static int fail_after(const char *data, size_t len, void *payload) {
  (void)data;
  failing *f = payload;
  f->n += len;
  return f->n > f->limit ? -1 : 0;
}

/* A write that fails in a late block stops the stream with RD_EIO. */
static void stream__failing_write_in_a_late_block(void) {
  char *path = write_article(300 * 1024, "stream-fail.ja.txt", 0);
  REQUIRE(path);
  for (unsigned threads = 1; threads <= 2; threads++) {
    rd_pipeline *p = pipeline(threads);
    rd_read_options ro = read_opts();
    rd_stream *s = NULL;
    setenv("READER_STREAM_BLOCK", "2000", 1);
    INT_EQ(rd_pipeline_stream_file(&s, p, path, &ro), RD_OK);
    unsetenv("READER_STREAM_BLOCK");
    REQUIRE(s);
    failing f = {0, 200 * 1024};
    INT_EQ(rd_stream_write(s, RD_OUTPUT_BRACKETS, NULL, fail_after, &f), RD_EIO);
    OK(f.n > f.limit && f.n < f.limit + 64 * 1024);
    /* the warnings are the whole read's all the same */
    rd__buf warn = RD__BUF_INIT;
    for (size_t i = 0; i < rd_stream_warning_count(s); i++) rd__buf_printf(&warn, "%s\n", rd_stream_warning_at(s, i));
    view w = whole(p, path, RD_OUTPUT_BRACKETS);
    OK(w.warn.len > 0 && same(&w.warn, &warn));
    view_dispose(&w);
    rd__buf_dispose(&warn);
    INT_EQ(rd_stream_write(s, RD_OUTPUT_BRACKETS, NULL, fail_after, &f), RD_EINVALID); /* once */
    rd_stream_free(s);
    rd_pipeline_free(p);
  }
  rd_pipeline *p = pipeline(1);
  rd_stream *s = NULL;
  INT_EQ(rd_pipeline_stream_file(&s, p, path, NULL), RD_OK);
  REQUIRE(s);
  failing f = {0, SIZE_MAX};
  INT_EQ(rd_stream_write(s, RD_OUTPUT_XML, NULL, fail_after, &f), RD_EINVALID); /* not a streamed view */
  rd_stream_free(s);
  rd_pipeline_free(p);
  unlink(path);
  free(path);
}

/* Peak RSS (KiB) of a child that streams (or reads whole) the article. */
static long child_peak(const char *path, int stream) {
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    rd_pipeline *p = pipeline(2);
    rd__buf sink = RD__BUF_INIT;
    failing count = {0, SIZE_MAX};
    (void)sink;
    if (stream) {
      rd_stream *s = NULL;
      if (rd_pipeline_stream_file(&s, p, path, NULL) < 0 || !s) _exit(2);
      if (rd_stream_write(s, RD_OUTPUT_BRACKETS, NULL, fail_after, &count) < 0) _exit(3);
      rd_stream_free(s);
    } else {
      view w = whole(p, path, RD_OUTPUT_BRACKETS);
      if (w.st < 0) _exit(3);
    }
    _exit(0);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return -1;
  return ru.ru_maxrss;
}

/* Memory does not grow with the article: 8 MB streams in about what 1 MB
 * does (the whole read takes several times as much: 192 against 31 MiB). A ratio of peaks in
 * fresh processes, not a timing; not under ASan (its quarantine keeps
 * what is freed), nor TSan. */
static void stream__memory_is_bounded_by_the_window(void) {
  if (T_ASAN || T_TSAN) return;
  char *small = write_article(1u << 20, "stream-mem-1.ja.txt", 0);
  char *big = write_article(8u << 20, "stream-mem-8.ja.txt", 0);
  REQUIRE(small && big);
  long s1 = child_peak(small, 1), s8 = child_peak(big, 1), w8 = child_peak(big, 0);
  printf("  peak RSS: streamed 1 MB %ld KiB, 8 MB %ld KiB; whole 8 MB %ld KiB\n", s1, s8, w8);
  OK(s1 > 0 && s8 > 0 && w8 > 0);
  /* Streamed, 8 MB may add allocator slack to 1 MB's peak (runs differ
   * by a few MiB with the load), never the document: at most a quarter
   * of what reading it whole adds. */
  OK(s8 < s1 + (w8 - s1) / 4);
  OK(w8 > 2 * s8);
  unlink(small);
  unlink(big);
  free(small);
  free(big);
}

/* The memory test first: its children inherit what the others leave. */
T_MAIN(T(stream__memory_is_bounded_by_the_window), T(stream__corpus_and_test_articles_equal_whole), T(stream__generated_article_equals_whole_at_many_cuts),
       T(stream__short_reads_equal_whole),
       T(stream__warnings_after_a_synthesised_heading_count_lines_from_the_block),
       T(stream__markdown_article_equals_whole), T(stream__long_line_equals_whole), T(stream__other_inputs_are_handed_back),
       T(stream__late_invalid_utf8_is_the_whole_reads_error), T(stream__failing_write_in_a_late_block))
