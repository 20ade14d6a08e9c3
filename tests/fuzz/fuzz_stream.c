/* Fuzz target: the streamed render (rd_pipeline_stream_file) against the
 * whole read of the same file. The stream promises the same bytes and the
 * same warnings, or the same error; tiny blocks put a block boundary on
 * nearly every line, so the text reader's state carried from block to
 * block (front matter, contents, sections, Markdown levels, Citations,
 * afterword) and the 町 look-back are what is checked.
 *
 * Input: byte 0 picks the block size (1 byte to a few KiB), the threads
 * (1 or 2), the view (text or brackets) and front matter on or off;
 * byte 1 picks a shape put before the rest (none, a contents list, a
 * Markdown title, a BOM) and one put after it (none, a Citations list, an
 * afterword), so that mutations of a plain paragraph reach the stateful
 * paths, and how much the stream reads at a time (1, 7 or 64 bytes, or
 * its default 64 KiB: a small unit ends blocks short of what is read, so
 * the reader's "read on" paths run on a short article too, and pages are
 * given back one at a time, so a read of text given back shows). The article is written to a memfd (a /dev/shm file where there
 * is none) and read by path through a stub-analyzer pipeline. */
#define _GNU_SOURCE /* memfd_create */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_common.h"

static rd_pipeline *pipeline(unsigned threads) {
  static rd_pipeline *p[2];
  if (!p[threads - 1]) {
    rd_pipeline_options o = RD_PIPELINE_OPTIONS_INIT;
    o.flags = RD_PIPELINE_STUB | RD_PIPELINE_NO_GLOSSARY | RD_PIPELINE_NO_COMPOUNDS | RD_PIPELINE_NO_SUMMARIES;
    o.threads = threads;
    if (rd_pipeline_new(&p[threads - 1], &o) < 0) __builtin_trap();
  }
  return p[threads - 1];
}

/* A growable byte buffer (the target's own: it only sees the public API). */
typedef struct sbuf {
  char *ptr;
  size_t len, cap;
} sbuf;

static void put(sbuf *b, const char *s, size_t n) {
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    char *v = realloc(b->ptr, cap);
    if (!v) __builtin_trap();
    b->ptr = v;
    b->cap = cap;
  }
  if (n) memcpy(b->ptr + b->len, s, n);
  b->len += n;
  b->ptr[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s) { put(b, s, strlen(s)); }

static int collect(const char *data, size_t len, void *payload) {
  put(payload, data, len);
  return 0;
}

/* What one way of reading gave: status, message, view, warnings. */
typedef struct result {
  rd_status st;
  char msg[512];
  sbuf out, warn;
} result;

static void failed(result *r, rd_status st) {
  r->st = st;
  snprintf(r->msg, sizeof r->msg, "%s", rd_error_last()->message);
  fuzz_check_error();
}

static void result_dispose(result *r) {
  free(r->out.ptr);
  free(r->warn.ptr);
}

static int same(const sbuf *a, const sbuf *b) {
  return a->len == b->len && (!a->len || !memcmp(a->ptr, b->ptr, a->len));
}

/* The file the API reads: a memfd named through /proc/self/fd, rewritten
 * for every input (no file system I/O); else a file in /dev/shm or /tmp. */
static const char *article_path(void) {
  static char path[64];
  static int fd = -2;
  if (fd == -2) {
    fd = memfd_create("fuzz-stream", MFD_CLOEXEC);
    if (fd >= 0) {
      snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
      if (access(path, R_OK) != 0) { close(fd); fd = -1; }
    }
    if (fd < 0) {
      const char *dir = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
      snprintf(path, sizeof path, "%s/fuzz-stream-%ld.ja.txt", dir, (long)getpid());
    }
  }
  return path;
}

static void write_article(const char *path, const sbuf *a) {
  FILE *f = fopen(path, "wb"); /* truncates the memfd too: /proc/self/fd reopens it */
  if (!f) __builtin_trap();
  if (a->len && fwrite(a->ptr, 1, a->len, f) != a->len) __builtin_trap();
  if (fclose(f) != 0) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  static const size_t blocks[] = {1, 2, 7, 16, 64, 300, 1024, 4096};
  size_t block = blocks[data[0] & 7];
  unsigned threads = (data[0] >> 3 & 1) + 1;
  rd_output fmt = data[0] >> 4 & 1 ? RD_OUTPUT_BRACKETS : RD_OUTPUT_TEXT;
  unsigned parse_flags = data[0] >> 5 & 1 ? RD_PARSE_NO_FRONT_MATTER : RD_PARSE_DEFAULT;
  static const char *const units[] = {"1", "7", "64", NULL};
  const char *unit = units[data[1] >> 4 & 3];
  static const char *const before[] = {
      "",
      "見出しの題名\n「副題です」\nリードの文です[1]。\n\n目次\n1. 事件の概要\n- 流出の詳細\n2. 各地の様子\n3. ないもの\n\n",
      "# 題名です\n\nリードの文です。\n\n## 第1部\n\n",
      "\xEF\xBB\xBF",
  };
  static const char *const after[] = {
      "",
      "\nCitations:\n[1] https://example.com/1\n[2] https://example.com/2\n",
      "\nあとがき\nこの記事をどう思いましたか？\nあとがきの段落です[1]。\n出典：\n[1] https://example.com/a\n",
      "",
  };
  sbuf art = {0};
  puts_(&art, before[data[1] & 3]);
  put(&art, (const char *)data + 2, size - 2);
  puts_(&art, after[data[1] >> 2 & 3]);
  const char *path = article_path();
  write_article(path, &art);
  free(art.ptr);

  rd_pipeline *p = pipeline(threads);
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.stages = RD_STAGE_ANNOTATE; /* what reader render asks for the text views */
  ro.parse_flags = parse_flags;
  rd_write_options wo;
  rd_pipeline_write_options(&wo, p);

  /* Whole. */
  result w = {0};
  rd_doc *doc = NULL;
  w.st = rd_pipeline_read_file(&doc, NULL, p, path, &ro);
  if (w.st < 0) failed(&w, w.st);
  else {
    for (size_t i = 0; i < rd_doc_warning_count(doc); i++) {
      puts_(&w.warn, rd_doc_warning_at(doc, i));
      puts_(&w.warn, "\n");
    }
    rd_status st = rd_doc_write(doc, fmt, &wo, collect, &w.out);
    if (st < 0) failed(&w, st);
    rd_doc_free(doc);
  }

  /* Streamed, with tiny blocks. */
  result s = {0};
  char num[32];
  snprintf(num, sizeof num, "%zu", block);
  setenv("READER_STREAM_BLOCK", num, 1);
  if (unit) setenv("READER_STREAM_READ", unit, 1);
  rd_stream *stream = NULL;
  s.st = rd_pipeline_stream_file(&stream, p, path, &ro);
  unsetenv("READER_STREAM_BLOCK");
  unsetenv("READER_STREAM_READ");
  if (s.st < 0) {
    failed(&s, s.st);
    if (stream) __builtin_trap(); /* *out is NULL on failure */
  } else if (!stream) {
    /* Not served (markup by content, invalid UTF-8, empty): read whole
     * by the caller, which is what was just done. Invalid UTF-8 the
     * whole read accepts would be a stream that refuses too much. */
    result_dispose(&w);
    return 0;
  } else {
    s.st = rd_stream_write(stream, fmt, &wo, collect, &s.out);
    if (s.st < 0) failed(&s, s.st);
    else {
      for (size_t i = 0; i < rd_stream_warning_count(stream); i++) {
        puts_(&s.warn, rd_stream_warning_at(stream, i));
        puts_(&s.warn, "\n");
      }
      if (rd_stream_warning_at(stream, rd_stream_warning_count(stream))) __builtin_trap();
    }
    rd_stream_free(stream);
  }

  if (w.st != s.st) {
    fprintf(stderr, "fuzz_stream: whole read %d (%s), streamed %d (%s)\n", w.st, w.msg, s.st, s.msg);
    __builtin_trap();
  }
  if (w.st < 0) {
    if (strcmp(w.msg, s.msg) != 0) {
      fprintf(stderr, "fuzz_stream: errors differ:\n  whole:    %s\n  streamed: %s\n", w.msg, s.msg);
      __builtin_trap();
    }
  } else {
    if (!same(&w.warn, &s.warn)) {
      fprintf(stderr, "fuzz_stream: warnings differ (blocks of %zu, reads of %s, %u thread(s)):\n--- whole\n%s--- streamed\n%s",
              block, unit ? unit : "64 KiB", threads, w.warn.ptr ? w.warn.ptr : "", s.warn.ptr ? s.warn.ptr : "");
      __builtin_trap();
    }
    if (!same(&w.out, &s.out)) {
      size_t i = 0;
      while (i < w.out.len && i < s.out.len && w.out.ptr[i] == s.out.ptr[i]) i++;
      fprintf(stderr, "fuzz_stream: output differs at byte %zu (%zu vs %zu bytes; blocks of %zu, reads of %s, %u thread(s), %s)\n",
              i, w.out.len, s.out.len, block, unit ? unit : "64 KiB", threads, fmt == RD_OUTPUT_TEXT ? "text" : "brackets");
      fprintf(stderr, "--- whole\n%.*s\n--- streamed\n%.*s\n", (int)w.out.len, w.out.ptr ? w.out.ptr : "",
              (int)s.out.len, s.out.ptr ? s.out.ptr : "");
      __builtin_trap();
    }
  }
  result_dispose(&w);
  result_dispose(&s);
  return 0;
}
