/* Views other than XML: JSON escaping and streaming, the reader page,
 * text with furigana in brackets, vocabulary TSV, known words, options.
 * The stub analyzer makes the tokens, so no dictionary is needed. */
#include <dirent.h>
#include <reader.h>

#include "model.h"
#include "harness.h"
#include "write_common.h"
#include "write_internal.h"

static rd_analyzer *g_stub;

static rd_doc *annotated(const char *text) {
  rd_doc *doc;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  if (rd_doc_parse(&doc, text, strlen(text), &o) != RD_OK) return NULL;
  if (rd_doc_annotate(doc, g_stub, NULL) != RD_OK) { rd_doc_free(doc); return NULL; }
  return doc;
}

static char *render(const rd_doc *doc, rd_output f, const rd_write_options *o) {
  char *out = NULL;
  size_t len = 0;
  rd_status st = rd_doc_render(&out, &len, doc, f, o);
  if (st != RD_OK) FAILF("render %s: %s", rd_output_name(f), rd_error_last()->message);
  else if (strlen(out) != len) FAILF("render %s: length %zu but strlen %zu", rd_output_name(f), len, strlen(out));
  return out;
}

#define CONTAINS(hay, needle) do { t_checks++; if (!(hay) || !strstr((hay), (needle))) \
  FAILF("output lacks \"%s\"", (needle)); } while (0)
#define LACKS(hay, needle) do { t_checks++; if ((hay) && strstr((hay), (needle))) \
  FAILF("output has \"%s\"", (needle)); } while (0)

static void write__json_escapes_strings(void) {
  /* quote, backslash, control characters, a non-BMP character, U+2028/9, "</". */
  const char text[] = "a\"b\\c\x01\x1f\td😀e\xE2\x80\xA8\xE2\x80\xA9</script>";
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, text, sizeof text - 1, NULL) == RD_OK);
  char *j = render(doc, RD_OUTPUT_JSON, NULL);
  REQUIRE(j);
  CONTAINS(j, "\"source\":\"a\\\"b\\\\c\\u0001\\u001f\\td😀e\\u2028\\u2029<\\/script>\"");
  LACKS(j, "\xE2\x80\xA8");
  for (const char *p = j; *p; p++)
    if ((unsigned char)*p < 0x20 && *p != '\n') { FAILF("raw control character 0x%02x in JSON", *p); break; }
  rd_free(j);
  rd_doc_free(doc);
}

typedef struct chunks { rd__buf all; int calls; int stop_after; } chunks;
static int take(const char *d, size_t n, void *p) {
  chunks *c = p;
  rd__buf_put(&c->all, d, n);
  return c->stop_after && ++c->calls >= c->stop_after ? 1 : (c->stop_after ? 0 : (c->calls++, 0));
}

static void write__streams_in_chunks_and_stops_on_request(void) {
  rd__buf big = RD__BUF_INIT;
  for (int i = 0; i < 3000; i++) rd__buf_puts(&big, "日本で漢字が盗まれた。\n");
  rd_doc *doc = annotated(big.ptr);
  rd__buf_dispose(&big);
  REQUIRE(doc);
  chunks c = {RD__BUF_INIT, 0, 0};
  INT_EQ(rd_doc_write(doc, RD_OUTPUT_JSON, NULL, take, &c), RD_OK);
  OK(c.calls > 10); /* streamed, not one block */
  char *whole = render(doc, RD_OUTPUT_JSON, NULL);
  REQUIRE(whole);
  INT_EQ(c.all.len, strlen(whole));
  OK(c.all.ptr && !memcmp(c.all.ptr, whole, c.all.len));
  chunks s = {RD__BUF_INIT, 0, 2};
  INT_EQ(rd_doc_write(doc, RD_OUTPUT_XML, NULL, take, &s), RD_EIO);
  INT_EQ(s.calls, 2);
  rd__buf_dispose(&c.all);
  rd__buf_dispose(&s.all);
  rd_free(whole);
  rd_doc_free(doc);
}

/* Threads of this process now (Linux: entries of /proc/self/task); 0 if unknown. */
static int thread_count(void) {
  DIR *d = opendir("/proc/self/task");
  if (!d) return 0;
  int n = 0;
  for (struct dirent *e; (e = readdir(d));) n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

typedef struct par_out { rd__buf all; int max_threads; size_t stop_at; } par_out;
static int take_counting(const char *d, size_t n, void *p) {
  par_out *c = p;
  rd__buf_put(&c->all, d, n);
  int t = thread_count();
  if (t > c->max_threads) c->max_threads = t;
  return c->stop_at && c->all.len >= c->stop_at;
}

static void write__big_text_views_on_two_threads_are_the_same_bytes(void) {
  /* Over 1 MiB, in sections with headings, so that pieces of the block
   * list alternate between the two threads and start with headings as
   * well as paragraphs. */
  rd__buf big = RD__BUF_INIT;
  for (int sec = 0; big.len < ((size_t)5 << 19); sec++) {
    rd__buf_printf(&big, "第%d章 漢字の話\n\n", sec + 1);
    for (int i = 0; i < 40; i++) rd__buf_printf(&big, "日本で%d台の車が盗まれた。東京の漢字[%d]。\n\n", i, i % 3 + 1);
  }
  rd_doc *doc = annotated(big.ptr);
  rd__buf_dispose(&big);
  REQUIRE(doc);
  rd_known *k;
  REQUIRE(rd_known_parse(&k, "盗む\n", 7, NULL) == RD_OK);
  int idle = thread_count(), plain_threads = 0; /* 0: cannot count threads here */
  static const rd_output kinds[] = {RD_OUTPUT_TEXT, RD_OUTPUT_BRACKETS};
  for (size_t f = 0; f < 2; f++)
    for (int known = 0; known < 2; known++) {
      rd_write_options one = RD_WRITE_OPTIONS_INIT, two = RD_WRITE_OPTIONS_INIT;
      if (known) { one.known = two.known = k; one.furigana = two.furigana = RD_FURIGANA_UNKNOWN; }
      two.flags |= RD_WRITE_THREADS;
      par_out a = {RD__BUF_INIT, 0, 0}, b = {RD__BUF_INIT, 0, 0};
      INT_EQ(rd_doc_write(doc, kinds[f], &one, take_counting, &a), RD_OK);
      INT_EQ(rd_doc_write(doc, kinds[f], &two, take_counting, &b), RD_OK);
      OK(a.all.len > ((size_t)1 << 20));
      INT_EQ(b.all.len, a.all.len);
      OK(a.all.ptr && b.all.ptr && !memcmp(a.all.ptr, b.all.ptr, a.all.len));
      /* The flag's helper was there; without it, none (compared, not
       * counted: a sanitizer may start a thread of its own). */
      if (idle) OK(b.max_threads > a.max_threads);
      plain_threads = a.max_threads;
      /* The callback stops mid-way (in a helper's piece or this thread's):
       * RD_EIO, what came before is a prefix, nothing hangs. */
      for (size_t at = 1; at < a.all.len; at += a.all.len / 5) {
        par_out s = {RD__BUF_INIT, 0, at};
        INT_EQ(rd_doc_write(doc, kinds[f], &two, take_counting, &s), RD_EIO);
        OK(s.all.len >= at && s.all.len <= a.all.len && !memcmp(s.all.ptr, a.all.ptr, s.all.len));
        rd__buf_dispose(&s.all);
      }
      rd__buf_dispose(&a.all);
      rd__buf_dispose(&b.all);
    }
  /* A small document with the flag: one thread, the same bytes. */
  rd_doc *small = annotated("日本で盗まれた。\n\n東京の漢字。");
  REQUIRE(small);
  rd_write_options two = RD_WRITE_OPTIONS_INIT;
  two.flags |= RD_WRITE_THREADS;
  par_out s = {RD__BUF_INIT, 0, 0};
  INT_EQ(rd_doc_write(small, RD_OUTPUT_BRACKETS, &two, take_counting, &s), RD_OK);
  char *ref = render(small, RD_OUTPUT_BRACKETS, NULL);
  OK(ref && s.all.ptr && !strcmp(ref, s.all.ptr));
  if (idle) OK(s.max_threads <= plain_threads);
  rd_free(ref);
  rd__buf_dispose(&s.all);
  rd_doc_free(small);
  rd_known_free(k);
  rd_doc_free(doc);
}

static void write__bad_arguments_are_refused(void) {
  rd_doc *doc = annotated("日本");
  REQUIRE(doc);
  rd_write_options o = RD_WRITE_OPTIONS_INIT;
  o.version = 99;
  char *out = (char *)1;
  INT_EQ(rd_doc_render(&out, NULL, doc, RD_OUTPUT_HTML, &o), RD_EINVALID);
  OK(out == NULL);
  OK(strstr(rd_error_last()->message, "version") != NULL);
  INT_EQ(rd_doc_render(&out, NULL, doc, (rd_output)42, NULL), RD_EINVALID);
  INT_EQ(rd_doc_to_text(&out, NULL, doc, RD_OUTPUT_JSON, NULL), RD_EINVALID);
  INT_EQ(rd_doc_render(&out, NULL, NULL, RD_OUTPUT_XML, NULL), RD_EINVALID);
  rd_output f;
  INT_EQ(rd_output_from_name(&f, "romaji"), RD_OK);
  INT_EQ(f, RD_OUTPUT_ROMAJI);
  INT_EQ(rd_output_from_name(&f, "pdf"), RD_ENOTFOUND);
  STR_EQ(rd_output_name(RD_OUTPUT_VOCAB), "vocab");
  rd_doc_free(doc);
}

static void write__known_words_file_format(void) {
  const char text[] = "\xEF\xBB\xBF# my words\n日本\n\n  漢字 \r\n\xE3\x80\x80盗む\xE3\x80\x80\n日本\n#東京\n";
  rd_known *k;
  REQUIRE(rd_known_parse(&k, text, sizeof text - 1, "known.txt") == RD_OK);
  INT_EQ(rd_known_count(k), 3);
  OK(rd_known_has(k, "日本"));
  OK(rd_known_has(k, "漢字"));
  OK(rd_known_has(k, "盗む"));
  OK(!rd_known_has(k, "東京"));
  OK(!rd_known_has(k, "# my words"));
  OK(!rd_known_has(NULL, "日本"));
  rd_known_free(k);
  k = (rd_known *)1;
  INT_EQ(rd_known_parse(&k, "ok\nbad\xff\n", 8, "known.txt"), RD_EENCODING);
  OK(k == NULL);
  OK(strstr(rd_error_last()->message, "known.txt") && strstr(rd_error_last()->message, "line 2"));
  INT_EQ(rd_known_parse_file(&k, "/nonexistent/known.txt"), RD_EIO);
  REQUIRE(rd_known_parse_file(&k, READER_SOURCE_DIR "/tests/data/known.txt") == RD_OK);
  OK(rd_known_count(k) > 5);
  rd_known_free(k);
  /* A NUL inside a word is refused: lookups compare stored words as C
   * strings and would read past a shorter one. */
  REQUIRE(rd_known_new(&k) == RD_OK);
  INT_EQ(rd_known_add(k, "ab\0cd", 5), RD_EINVALID);
  OK(strstr(rd_error_last()->message, "NUL") != NULL);
  INT_EQ(rd_known_count(k), 0);
  INT_EQ(rd_known_add(k, "ab", 2), RD_OK);
  INT_EQ(rd_known_count(k), 1);
  rd_known_free(k);
}

static void write__page_is_self_contained_with_ruby_and_control(void) {
  rd_doc *doc = annotated("日本で漢字が盗まれた。");
  REQUIRE(doc);
  rd_node_set_summary(rd_doc_root(doc)->first, "x", 1); /* the lead paragraph... if it is one */
  rd_known *k;
  REQUIRE(rd_known_new(&k) == RD_OK);
  rd_known_add(k, "漢字", strlen("漢字"));
  rd_write_options o = RD_WRITE_OPTIONS_INIT;
  o.known = k;
  o.furigana = RD_FURIGANA_UNKNOWN;
  char *h = render(doc, RD_OUTPUT_HTML, &o);
  REQUIRE(h);
  CONTAINS(h, "<!DOCTYPE html>");
  CONTAINS(h, "<ruby>日本<rt>にほん</rt></ruby>");
  CONTAINS(h, "<ruby>盗<rt>ぬす</rt></ruby></span>");
  /* Every word element names its dictionary form and class (README). */
  CONTAINS(h, "data-pos=\"verb\"");
  CONTAINS(h, "<span class=\"w k\" tabindex=\"-1\" data-lemma=\"漢字\""); /* known: marked, readings hidden by CSS */
  CONTAINS(h, "<body class=\"furi-unknown names\"");
  CONTAINS(h, "value=\"unknown\" checked");
  CONTAINS(h, "body.furi-none rt,body.furi-unknown .w.k rt");
  CONTAINS(h, "@media (max-width:60rem)");
  CONTAINS(h, "Noto Sans CJK JP");
  /* Nothing is fetched: no external scripts, styles, images or fonts. */
  LACKS(h, "<script src");
  LACKS(h, "<link");
  LACKS(h, "<img");
  LACKS(h, "@import");
  LACKS(h, "url(");
  rd_free(h);
  rd_known_free(k);
  rd_doc_free(doc);
}

static void write__page_links_citations_and_escapes(void) {
  const char *text = "タイトル\n本文です[1]。<b>&</b>\nCitations:\n[1] https://example.com/a?b=1&c=2\n";
  rd_doc *doc = annotated(text);
  REQUIRE(doc);
  char *h = render(doc, RD_OUTPUT_HTML, NULL);
  REQUIRE(h);
  /* The citation resolved (else the link checks below could not fail). */
  OK(rd_node_references(rd_doc_sentence_at(doc, rd_doc_sentence_count(doc) - 1)) != NULL);
  /* To the in-page Sources entry, which links out. */
  CONTAINS(h, "<sup class=\"cite\"><a href=\"#src-1\" title=\"https://example.com/a?b=1&amp;c=2\"");
  CONTAINS(h, "<li value=\"1\" id=\"src-1\"><a href=\"https://example.com/a?b=1&amp;c=2\">");
  CONTAINS(h, ">[1]</a></sup>");
  CONTAINS(h, "&lt;"); /* symbols are text between the word elements */
  CONTAINS(h, "&amp;");
  LACKS(h, "<b>&</b>");
  rd_free(h);
  rd_doc_free(doc);
}

static size_t count_of(const char *hay, const char *needle) {
  size_t n = 0;
  for (const char *p = hay; p && (p = strstr(p, needle)) != NULL; p++) n++;
  return n;
}

/* Whatever the article, its summaries or the glossary hold, the page stays
 * inert: text and attributes are escaped, only http(s) addresses link. */
static void write__page_escapes_hostile_content(void) {
  const char *text = "\"><script>alert(1)</script>\n本文です[1][2]。\nCitations:\n[1] javascript:alert(\"x\")\n"
                     "[2] https://e.com/\"onmouseover=\"alert(1)\n";
  rd_doc *doc = annotated(text);
  REQUIRE(doc);
  rd_node *title = (rd_node *)rd_doc_title(doc);
  REQUIRE(title);
  const char *sum = "</aside><img src=x onerror=alert(3)>";
  REQUIRE(rd_node_set_summary(title, sum, strlen(sum)) == RD_OK);
  REQUIRE(rd_doc_token_count(doc) > 0);
  static const char *gl[] = {"\" onmouseover=\"alert(2)", "<b>x</b>"};
  size_t wi = 0; /* a word, not a symbol: symbols get no word element */
  while (wi < rd_doc_token_count(doc) && (rd_token_flags(rd_doc_token_at(doc, wi)) & RD_TOKEN_SYMBOL)) wi++;
  REQUIRE(wi < rd_doc_token_count(doc));
  rd__lex *lex = (rd__lex *)(uintptr_t)rd__tok(rd_doc_token_at(doc, wi))->lex; /* a gloss as rd_doc_gloss() stores it */
  lex->glosses = gl;
  lex->gloss_count = 2;
  char *h = render(doc, RD_OUTPUT_HTML, NULL);
  REQUIRE(h);
  INT_EQ(count_of(h, "<script"), 1); /* the page's own script only */
  LACKS(h, "<img");
  LACKS(h, "<b>x");
  LACKS(h, "href=\"javascript");
  LACKS(h, "\"onmouseover");
  LACKS(h, "\" onmouseover");
  CONTAINS(h, "<title>&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>");
  CONTAINS(h, "&lt;/aside&gt;&lt;img src=x onerror=alert(3)&gt;");
  CONTAINS(h, "\xE2\x80\x94 &quot; onmouseover=&quot;alert(2); &lt;b&gt;x&lt;/b&gt;\">"); /* the data-gloss attribute */
  CONTAINS(h, "<li value=\"1\" id=\"src-1\">javascript:alert(&quot;x&quot;)</li>"); /* shown, not linked */
  CONTAINS(h, "href=\"https://e.com/&quot;onmouseover=&quot;alert(1)\"");
  rd_free(h);
  rd_doc_free(doc);
}

/* The brackets view copies runs of plain tokens as their source bytes and
 * walks tokens in chunks of records: a sentence of 120 tokens (several
 * chunks) reads as its one-word unit repeated, and editors' markers and
 * citations between plain tokens stay out. */
static void write__brackets_long_sentences_and_markers(void) {
  rd_doc *one = annotated("東京と。");
  REQUIRE(one);
  char *u = render(one, RD_OUTPUT_BRACKETS, NULL);
  REQUIRE(u && strlen(u) > 4 && strstr(u, "]"));
  size_t ul = strlen(u) - strlen("。\n"); /* the unit: 東京[...]と */
  REQUIRE(!strcmp(u + ul, "。\n"));
  rd__buf text = RD__BUF_INIT, want = RD__BUF_INIT;
  for (int i = 0; i < 40; i++) {
    rd__buf_puts(&text, "東京と");
    if (i) rd__buf_putc(&want, ' '); /* a base after と gets its space */
    rd__buf_put(&want, u, ul);
  }
  rd__buf_puts(&text, "。");
  rd__buf_puts(&want, "。\n");
  rd_doc *doc = annotated(text.ptr);
  REQUIRE(doc);
  OK(rd_sentence_token_count(rd_doc_sentence_at(doc, 0)) > 64);
  char *b = render(doc, RD_OUTPUT_BRACKETS, NULL);
  STR_EQ(b, want.ptr);
  rd_free(b);
  rd_doc_free(doc);
  doc = annotated("かなとかな[3]とかな。｜東京《とうきょう》とかな。");
  REQUIRE(doc);
  b = render(doc, RD_OUTPUT_BRACKETS, NULL);
  CONTAINS(b, "かなとかなとかな。");
  LACKS(b, "[3]");
  LACKS(b, "｜");
  LACKS(b, "《");
  CONTAINS(b, "[とうきょう]とかな。");
  rd_free(b);
  rd_doc_free(doc);
  rd_free(u);
  rd_doc_free(one);
  rd__buf_dispose(&text);
  rd__buf_dispose(&want);
}

static void write__brackets_text_is_anki_style(void) {
  rd_doc *doc = annotated("日本で盗まれた。\n東京の漢字[2]。");
  REQUIRE(doc);
  char *b = render(doc, RD_OUTPUT_BRACKETS, NULL);
  REQUIRE(b);
  /* A space before a base unless the line starts or "]" precedes it. */
  CONTAINS(b, "]で 盗[ぬす]まれた。");
  OK(!strncmp(b, "日", 3)); /* no space at the start of a line */
  CONTAINS(b, "の 漢");
  LACKS(b, "[2]"); /* citations would read as furigana */
  rd_free(b);
  rd_known *k;
  REQUIRE(rd_known_parse(&k, "盗む\n", 7, NULL) == RD_OK);
  rd_write_options o = RD_WRITE_OPTIONS_INIT;
  o.known = k;
  o.furigana = RD_FURIGANA_UNKNOWN;
  b = render(doc, RD_OUTPUT_BRACKETS, &o);
  CONTAINS(b, "日本[にほん]で盗まれた。");
  rd_free(b);
  o.furigana = RD_FURIGANA_NONE;
  b = render(doc, RD_OUTPUT_BRACKETS, &o);
  LACKS(b, "[");
  rd_free(b);
  char *t = render(doc, RD_OUTPUT_TEXT, NULL);
  CONTAINS(t, "東京の漢字[2]。"); /* plain text puts the marker back */
  rd_free(t);
  t = render(doc, RD_OUTPUT_HIRAGANA, NULL);
  CONTAINS(t, "にほんでぬすまれた。");
  rd_free(t);
  t = render(doc, RD_OUTPUT_ROMAJI, NULL);
  CONTAINS(t, "nihon");
  rd_free(t);
  rd_known_free(k);
  rd_doc_free(doc);
}

static void write__vocab_lists_each_lemma_once(void) {
  rd_doc *doc = annotated("日本で漢字が盗まれた。\n日本の東京。");
  REQUIRE(doc);
  rd_known *k;
  REQUIRE(rd_known_parse(&k, "東京\n", 7, NULL) == RD_OK);
  rd_write_options o = RD_WRITE_OPTIONS_INIT;
  o.known = k;
  char *v = render(doc, RD_OUTPUT_VOCAB, &o);
  REQUIRE(v);
  CONTAINS(v, "#separator:tab\n");
  CONTAINS(v, "\n日本\tにほん\t\t日");
  CONTAINS(v, "が 盗[ぬす]まれた。\t\tlibreader\n"); /* no words (stub analyzer): one row per token lemma */
  CONTAINS(v, "\n盗む\tぬすむ\t");
  const char *first = strstr(v, "\n日本\t");
  OK(first && !strstr(first + 1, "\n日本\t")); /* once */
  LACKS(v, "\n東京\t");                         /* known */
  LACKS(v, "\nで\t");                           /* particle */
  LACKS(v, "\n。\t");                           /* symbol */
  CONTAINS(v, "#html:true\n#notetype:Basic\n");
  /* Six fields on every line. */
  for (const char *line = strchr(v, '\n') + 1; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (*line == '#') continue;
    int tabs = 0;
    for (const char *p = line; *p && *p != '\n'; p++) tabs += *p == '\t';
    INT_EQ(tabs, 5);
  }
  rd_free(v);
  rd_known_free(k);
  rd_doc_free(doc);
}

static void write__lemma_reading_from_surface(void) {
  rd_doc *doc = annotated("盗まれた");
  REQUIRE(doc);
  const rd_node *t = rd_doc_token_at(doc, 0);
  REQUIRE(t);
  STR_EQ(rd_token_lemma(t), "盗む");
  char *r = rd__lemma_reading(t);
  STR_EQ(r, "ぬすむ");
  free(r);
  rd_doc_free(doc);
}

/* ---- writers rooted at any node (rd_node_write) ------------------------- */

static const char k_article[] = "# 題名\n\n## 1. 事件\n\n日本で盗まれた。東京の漢字[1]。\n\n次の文。\n\n"
                                "## 2. 影響\n\n漢字を見た。\n\nCitations:\n[1] https://e.com/\n";

static char *node_render(const rd_node *n, rd_output f) {
  char *out = NULL;
  size_t len = 0;
  rd_status st = rd_node_render(&out, &len, n, f, NULL);
  if (st != RD_OK) FAILF("node render %s: %s", rd_output_name(f), rd_error_last()->message);
  else if (strlen(out) != len) FAILF("node render %s: length %zu but strlen %zu", rd_output_name(f), len, strlen(out));
  return out;
}

static size_t count_char(const char *s, char c) {
  size_t n = 0;
  for (; s && *s; s++) n += *s == c;
  return n;
}

static void write__node_text_views_of_section_paragraph_sentence_token(void) {
  rd_doc *doc = annotated(k_article);
  REQUIRE(doc);
  const rd_node *sec = rd_doc_section(doc, "1");
  REQUIRE(sec);
  const rd_node *para = rd_section_paragraph_at(sec, 0), *sent = rd_block_sentence_at(para, 0);
  REQUIRE(para && sent && rd_sentence_token_count(sent) > 0);
  const rd_node *tok = rd_sentence_token_at(sent, 0);
  static const rd_output kinds[] = {RD_OUTPUT_TEXT, RD_OUTPUT_BRACKETS, RD_OUTPUT_HIRAGANA,
                                    RD_OUTPUT_KATAKANA, RD_OUTPUT_ROMAJI, RD_OUTPUT_HTML_FRAGMENT};
  for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
    rd_output f = kinds[i];
    char *whole = render(doc, f, NULL), *s = node_render(sec, f), *p = node_render(para, f),
         *l = node_render(sent, f), *t = node_render(tok, f);
    REQUIRE(whole && s && p && l && t);
    /* Each view is the part of the document's view that the node covers. */
    if (!strstr(whole, s)) FAILF("%s: the section's view is not part of the document's:\n%s", rd_output_name(f), s);
    if (!strstr(s, p)) FAILF("%s: the paragraph's view is not part of the section's:\n%s", rd_output_name(f), p);
    /* The first sentence starts its paragraph's line. */
    if (strncmp(p, l, strlen(l) - 1)) FAILF("%s: the paragraph's line does not start with its sentence:\n%s%s", rd_output_name(f), p, l);
    OK(!strncmp(s, "1. ", 3)); /* a section starts with its heading and number */
    LACKS(s, "\n2. ");        /* and ends before the next one */
    INT_EQ(count_char(p, '\n'), 1); /* a block is one line */
    INT_EQ(count_char(l, '\n'), 1); /* a sentence is one line */
    INT_EQ(count_char(t, '\n'), 1);
    OK(l[0] != ' ' && t[0] != ' '); /* no Anki space where a line starts */
    rd_free(whole); rd_free(s); rd_free(p); rd_free(l); rd_free(t);
  }
  char *b = node_render(sent, RD_OUTPUT_BRACKETS);
  STR_EQ(b, "日本[にほん]で 盗[ぬす]まれた。\n");
  rd_free(b);
  b = node_render(sent, RD_OUTPUT_HTML_FRAGMENT);
  STR_EQ(b, "<ruby>日本<rt>にほん</rt></ruby>で<ruby>盗<rt>ぬす</rt></ruby>まれた。\n");
  rd_free(b);
  b = node_render(sent, RD_OUTPUT_KATAKANA);
  STR_EQ(b, "ニホンデヌスマレタ。\n");
  rd_free(b);
  b = node_render(tok, RD_OUTPUT_BRACKETS);
  STR_EQ(b, "日本[にほん]\n");
  rd_free(b);
  /* The second sentence keeps its citation in text and ruby markup, not in brackets. */
  const rd_node *cited = rd_block_sentence_at(para, 1);
  b = node_render(cited, RD_OUTPUT_TEXT);
  STR_EQ(b, "東京の漢字[1]。\n");
  rd_free(b);
  b = node_render(cited, RD_OUTPUT_HTML_FRAGMENT);
  CONTAINS(b, "</ruby>[1]。\n");
  rd_free(b);
  b = node_render(cited, RD_OUTPUT_BRACKETS);
  LACKS(b, "[1]");
  rd_free(b);
  rd_doc_free(doc);
}

static void write__node_xml_and_json_of_a_subtree(void) {
  rd_doc *doc = annotated(k_article);
  REQUIRE(doc);
  const rd_node *sec = rd_doc_section(doc, "2");
  REQUIRE(sec);
  char *x = node_render(sec, RD_OUTPUT_XML);
  REQUIRE(x);
  CONTAINS(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<section xmlns=\"urn:libreader:document:1\" id=\"2\"");
  CONTAINS(x, "surface=\"漢字\"");
  LACKS(x, "<document");
  LACKS(x, "<source");
  LACKS(x, "日本"); /* section 1 only */
  rd_free(x);
  const rd_node *tok = rd_sentence_token_at(rd_doc_sentence_at(doc, 0), 0);
  x = node_render(tok, RD_OUTPUT_XML);
  CONTAINS(x, "<token xmlns=\"urn:libreader:document:1\"");
  rd_free(x);
  char *j = node_render(sec, RD_OUTPUT_JSON);
  REQUIRE(j);
  CONTAINS(j, "{\"format\":\"libreader-subtree\",\"version\":1");
  CONTAINS(j, "\"root\":{\"kind\":\"section\"");
  LACKS(j, "\"source\"");
  LACKS(j, "\"warnings\"");
  OK(j[strlen(j) - 2] == '}');
  rd_free(j);
  /* At the root: the whole document, as rd_doc_write() gives it. */
  char *a = node_render(rd_doc_root(doc), RD_OUTPUT_XML), *d = render(doc, RD_OUTPUT_XML, NULL);
  STR_EQ(a, d);
  CONTAINS(a, "<source");
  rd_free(a);
  rd_free(d);
  rd_doc_free(doc);
}

static void write__node_page_and_vocab_cover_the_node(void) {
  rd_doc *doc = annotated(k_article);
  REQUIRE(doc);
  const rd_node *sec = rd_doc_section(doc, "2");
  char *h = node_render(sec, RD_OUTPUT_HTML);
  REQUIRE(h);
  CONTAINS(h, "<!DOCTYPE html>");
  CONTAINS(h, "data-section=\"2\"");
  CONTAINS(h, "<ruby>漢字<rt>かんじ</rt></ruby>");
  LACKS(h, "data-section=\"1\"");
  LACKS(h, "<rt>にほん</rt>");
  CONTAINS(h, "<title>題名</title>"); /* the article's title still names the page */
  rd_free(h);
  h = node_render(rd_block_sentence_at(rd_section_paragraph_at(rd_doc_section(doc, "1"), 0), 0), RD_OUTPUT_HTML);
  CONTAINS(h, "<rt>ぬす</rt>");
  LACKS(h, "<rt>かんじ</rt>");
  rd_free(h);
  char *v = node_render(sec, RD_OUTPUT_VOCAB);
  REQUIRE(v);
  CONTAINS(v, "\n漢字\tかんじ\t");
  LACKS(v, "盗む");
  rd_free(v);
  v = node_render(rd_doc_section(doc, "1"), RD_OUTPUT_VOCAB);
  CONTAINS(v, "\n盗む\tぬすむ\t");
  CONTAINS(v, "\t日本[にほん]で 盗[ぬす]まれた。\t1\tlibreader\n");
  rd_free(v);
  rd_doc_free(doc);
}

static void write__node_bad_arguments_are_refused(void) {
  rd_doc *doc = annotated(k_article);
  REQUIRE(doc);
  char *out = (char *)1;
  INT_EQ(rd_node_render(&out, NULL, NULL, RD_OUTPUT_TEXT, NULL), RD_EINVALID);
  OK(out == NULL);
  INT_EQ(rd_node_render(NULL, NULL, rd_doc_root(doc), RD_OUTPUT_TEXT, NULL), RD_EINVALID);
  out = (char *)1;
  INT_EQ(rd_node_render(&out, NULL, rd_doc_root(doc), (rd_output)99, NULL), RD_EINVALID);
  OK(out == NULL);
  CONTAINS(rd_error_last()->message, "unknown output format");
  rd_write_options o = RD_WRITE_OPTIONS_INIT;
  o.version = 7;
  INT_EQ(rd_node_render(&out, NULL, rd_doc_section(doc, "1"), RD_OUTPUT_BRACKETS, &o), RD_EINVALID);
  INT_EQ(rd_node_write(rd_doc_root(doc), RD_OUTPUT_TEXT, NULL, NULL, NULL), RD_EINVALID);
  rd_output f;
  INT_EQ(rd_output_from_name(&f, "html-fragment"), RD_OK);
  INT_EQ(f, RD_OUTPUT_HTML_FRAGMENT);
  INT_EQ(rd_output_from_name(&f, "katakana"), RD_OK);
  INT_EQ(f, RD_OUTPUT_KATAKANA);
  STR_EQ(rd_output_name(RD_OUTPUT_HTML_FRAGMENT), "html-fragment");
  rd_doc_free(doc);
}

static void write__writers_read_public_getters(void) {
  rd_doc *doc = annotated(k_article);
  REQUIRE(doc);
  OK(rd_doc_dictionary(doc) != NULL); /* annotated: the stub names itself */
  const rd_node *cited = rd_block_sentence_at(rd_section_paragraph_at(rd_doc_section(doc, "1"), 0), 1);
  /* "東京の漢字[1]。": the marker is left out of the text, so two pieces. */
  INT_EQ(rd_sentence_piece_count(cited), 2);
  size_t to, so, len, a, e;
  OK(rd_sentence_piece_at(cited, 1, &to, &so, &len));
  rd_node_span(&a, &e, cited);
  OK(so > a && so + len == e);
  OK(!rd_sentence_piece_at(cited, 2, &to, &so, &len));
  INT_EQ(rd_sentence_piece_count(rd_block_sentence_at(rd_section_paragraph_at(rd_doc_section(doc, "1"), 1), 0)), 1);
  INT_EQ(rd_sentence_piece_count(rd_doc_root(doc)), 0);
  rd_doc *plain;
  REQUIRE(rd_doc_parse(&plain, "漢字", 6, NULL) == RD_OK);
  OK(rd_doc_dictionary(plain) == NULL); /* not annotated */
  rd_doc_free(plain);
  rd_doc_free(doc);
}

int main(void) {
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_STUB;
  if (rd_analyzer_new(&g_stub, &o) != RD_OK) {
    printf("stub analyzer: %s\n", rd_error_last()->message);
    return 1;
  }
  static const t_case cases[] = {
    T(write__json_escapes_strings), T(write__streams_in_chunks_and_stops_on_request),
    T(write__big_text_views_on_two_threads_are_the_same_bytes),
    T(write__bad_arguments_are_refused), T(write__known_words_file_format),
    T(write__page_is_self_contained_with_ruby_and_control), T(write__page_links_citations_and_escapes),
    T(write__page_escapes_hostile_content),
    T(write__brackets_text_is_anki_style), T(write__brackets_long_sentences_and_markers), T(write__vocab_lists_each_lemma_once),
    T(write__lemma_reading_from_surface), T(write__node_text_views_of_section_paragraph_sentence_token),
    T(write__node_xml_and_json_of_a_subtree), T(write__node_page_and_vocab_cover_the_node),
    T(write__node_bad_arguments_are_refused), T(write__writers_read_public_getters)};
  int rc = t_run(cases, sizeof cases / sizeof *cases);
  rd_analyzer_free(g_stub);
  return rc;
}
