/* The document model: construction rules, navigation, iteration, spans,
 * errors (uses the paragraphs-only readers, so no article format). */
#include <reader.h>

#include "doc_build.h"
#include "model.h"
#include "reader/analyze.h"
#include "harness.h"

static void model__empty_input_is_empty_document(void) {
  rd_doc *doc;
  INT_EQ(rd_doc_parse(&doc, "", 0, NULL), RD_OK);
  REQUIRE(doc);
  INT_EQ(rd_doc_section_count(doc), 0);
  INT_EQ(rd_node_kind_of(rd_doc_root(doc)), RD_NODE_DOCUMENT);
  INT_EQ(rd_node_child_count(rd_doc_root(doc)), 0);
  rd_doc_free(doc);
}

static void model__invalid_utf8_names_byte_and_line(void) {
  rd_doc *doc = (rd_doc *)1;
  const char bad[] = "一行目\n二行目\xff\n";
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.name = "bad.txt";
  INT_EQ(rd_doc_parse(&doc, bad, sizeof bad - 1, &o), RD_EENCODING);
  OK(doc == NULL);
  INT_EQ(rd_error_last()->offset, 19);
  INT_EQ(rd_error_last()->line, 2);
  STR_EQ(rd_error_last()->message, "bad.txt: invalid UTF-8 at byte 19 (line 2)");
}

static void model__nul_byte_rejected(void) {
  rd_doc *doc;
  const char bad[] = "abc\0def";
  INT_EQ(rd_doc_parse(&doc, bad, 7, NULL), RD_EENCODING);
  OK(strstr(rd_error_last()->message, "NUL byte at byte 3") != NULL);
}

/* fopen() succeeds on a directory; the error must say what is wrong. */
static void model__directory_instead_of_file_says_so(void) {
  rd_doc *doc = (rd_doc *)1;
  INT_EQ(rd_doc_parse_file(&doc, READER_SOURCE_DIR "/corpus", NULL), RD_EIO);
  OK(doc == NULL);
  OK(strstr(rd_error_last()->message, "/corpus: cannot read: Is a directory") != NULL);
}

static void model__unknown_options_version_refused(void) {
  rd_doc *doc = (rd_doc *)1;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.version = 99;
  INT_EQ(rd_doc_parse(&doc, "x", 1, &o), RD_EINVALID);
  OK(doc == NULL);
  OK(strstr(rd_error_last()->message, "version 99") != NULL);
}

static void model__can_contain_rejects_bad_shapes(void) {
  rd_doc *doc = rd__doc_new("x", 1, NULL);
  REQUIRE(doc);
  rd_node *sec = rd__node_new(doc, RD_NODE_SECTION, 0, 1);
  rd_node *sent = rd__node_new(doc, RD_NODE_SENTENCE, 0, 1);
  rd_node *ref = rd__node_new(doc, RD_NODE_REFERENCE, 0, 1);
  INT_EQ(rd__node_append(doc->root, sent), RD_EINVALID);  /* sentence needs a block */
  INT_EQ(rd__node_append(sec, ref), RD_EINVALID);         /* reference needs REFERENCES */
  INT_EQ(rd__node_append(doc->root, sec), RD_OK);
  INT_EQ(rd__node_append(sec, doc->root), RD_EINVALID);   /* cycle */
  INT_EQ(rd__node_append(doc->root, sec), RD_EINVALID);   /* already attached */
  rd_doc_free(doc);
}

static void model__lines_give_paragraphs_and_spans(void) {
  rd_doc *doc;
  const char *text = "日本語です。二文目！\nabc";
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  REQUIRE(rd_doc_parse(&doc, text, strlen(text), &o) == RD_OK);
  INT_EQ(rd_section_paragraph_count(rd_doc_root(doc)), 2);
  rd_node *p = rd_section_paragraph_at(rd_doc_root(doc), 0);
  INT_EQ(rd_block_sentence_count(p), 2);
  rd_node *s2 = rd_block_sentence_at(p, 1);
  STR_EQ(rd_node_text(NULL, s2), "二文目！");
  size_t a, b;
  rd_node_span(&a, &b, s2);
  INT_EQ(a, 18);
  INT_EQ(b, 30);
  rd_node_char_span(&a, &b, s2);
  INT_EQ(a, 6);
  INT_EQ(b, 10);
  INT_EQ(rd_node_line(rd_section_paragraph_at(rd_doc_root(doc), 1)), 2);
  INT_EQ(rd_doc_sentence_count(doc), 3);
  OK(rd_doc_sentence_at(doc, 1) == s2);
  rd_doc_free(doc);
}

static void model__citations_leave_text_and_keep_position(void) {
  rd_doc *doc;
  const char *text = "盗まれました[1][2]。次です。[3]";
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  REQUIRE(rd_doc_parse(&doc, text, strlen(text), &o) == RD_OK);
  rd_node *p = rd_section_paragraph_at(rd_doc_root(doc), 0);
  REQUIRE(rd_block_sentence_count(p) == 2);
  rd_node *s = rd_block_sentence_at(p, 0);
  STR_EQ(rd_node_text(NULL, s), "盗まれました。");
  INT_EQ(rd_sentence_citation_count(s), 2);
  rd_node *c = rd_sentence_citation_at(s, 1);
  INT_EQ(rd_node_number(c), 2);
  STR_EQ(rd_node_text(NULL, c), "[2]");
  INT_EQ(rd_citation_text_offset(c), 18);
  OK(rd_citation_target(c) == NULL); /* no Citations list: reported */
  OK(rd_doc_warning_count(doc) == 3);
  STR_EQ(rd_doc_warning_at(doc, 0), "line 1: citation [1] has no Citations list to resolve against");
  /* The trailing marker belongs to the second sentence. */
  INT_EQ(rd_sentence_citation_count(rd_block_sentence_at(p, 1)), 1);
  /* The 。 after the markers maps back to its source offset. */
  INT_EQ(rd__sentence_src_offset(s, 18), 24);
  rd_doc_free(doc);
}

static void model__iterator_enters_and_exits(void) {
  rd_doc *doc;
  const char *text = "一。二。\n三。";
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  o.format = RD_FORMAT_TEXT;
  REQUIRE(rd_doc_parse(&doc, text, strlen(text), &o) == RD_OK);
  rd_iter *it;
  REQUIRE(rd_iter_new(&it, rd_doc_root(doc), 0) == RD_OK);
  char trace[256] = "";
  rd_event ev;
  while ((ev = rd_iter_next(it)) != RD_EVENT_DONE) {
    rd_node_kind k = rd_iter_node(it)->kind;
    strcat(trace, ev == RD_EVENT_ENTER ? "+" : "-");
    strcat(trace, k == RD_NODE_DOCUMENT ? "D" : k == RD_NODE_PARAGRAPH ? "P" : "S");
  }
  STR_EQ(trace, "+D+P+S-S+S-S-P+P+S-S-P-D");
  rd_iter_free(it);
  REQUIRE(rd_iter_new(&it, rd_doc_root(doc), RD_MASK(RD_NODE_SENTENCE)) == RD_OK);
  int n = 0;
  while ((ev = rd_iter_next(it)) != RD_EVENT_DONE) if (ev == RD_EVENT_ENTER) n++;
  INT_EQ(n, 3);
  rd_iter_free(it);
  rd_doc_free(doc);
}

static void model__refcount_keeps_document(void) {
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, "テスト。", 12, NULL) == RD_OK);
  rd_doc_ref(doc);
  rd_doc_free(doc);               /* the constructor's reference */
  rd_node *s = rd_doc_sentence_at(doc, 0);
  STR_EQ(rd_node_text(NULL, s), "テスト。"); /* still alive: ASan would object otherwise */
  rd_doc_unref(doc);
}

static void model__normalized_heading_key(void) {
  size_t n;
  char *a = rd__normalize_key("１．事件の 概要", strlen("１．事件の 概要"), &n);
  char *b = rd__normalize_key("1.事件の概要", strlen("1.事件の概要"), NULL);
  REQUIRE(a && b);
  STR_EQ(a, b);
  free(a);
  free(b);
}

static void model__tokens_held_across_reannotation_stay_navigable(void) {
  rd_analyzer_options ao = RD_ANALYZER_OPTIONS_INIT;
  ao.flags = RD_ANALYZER_STUB; /* no dictionary needed */
  rd_analyzer *an;
  REQUIRE(rd_analyzer_new(&an, &ao) == RD_OK);
  rd_doc *doc;
  const char *text = "漢字とかなとABC。次の文。";
  REQUIRE(rd_doc_parse(&doc, text, strlen(text), NULL) == RD_OK);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  rd_node *s0 = rd_doc_sentence_at(doc, 0);
  size_t n0 = rd_sentence_token_count(s0);
  REQUIRE(n0 >= 3);
  rd_node *old_second = rd_sentence_token_at(s0, 1);
  rd_node *s1 = rd_doc_sentence_at(doc, 1);
  REQUIRE(s1 && rd_sentence_token_count(s1));
  rd_node *old_s1_first = rd_sentence_token_at(s1, 0);
  char surface[64];
  snprintf(surface, sizeof surface, "%s", rd_node_text(NULL, old_second));
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);          /* retires the first array */
  OK(rd_sentence_token_at(s0, 1) != old_second);
  STR_EQ(rd_node_text(NULL, old_second), surface);          /* old token still readable */
  INT_EQ(rd_token_index(old_second), 1);                     /* index within its own array */
  rd_node *prev = rd_node_prev(old_second);
  REQUIRE(prev);
  INT_EQ(rd_token_index(prev), 0);                           /* neighbours from its own array */
  OK(rd_node_parent(prev) == s0);
  /* the last token of sentence 0 has no token sibling in sentence 1 */
  rd_node *last = rd_sentence_token_at(s0, n0 - 1);
  OK(rd_node_next(last) == NULL);
  /* A retired token finds its sentence from its own array's ranges (the
   * token keeps no sentence index), not from the new array's. */
  OK(rd_node_parent(old_s1_first) == s1);
  OK(rd_node_prev(old_s1_first) == NULL);
  OK(rd_node_parent(old_second) == s0);
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

/* Kanji, kana, Latin and full-width text up to about CAP bytes, a
 * newline after every EVERY-th sentence: spans across the char index's
 * steps and line breaks. Returns its length. */
static size_t mixed_text(char *text, size_t cap, int every) {
  const char *parts[] = {"漢字とかなとABC。", "次の文x。", "ａｂｃ漢字、かな。"};
  size_t len = 0;
  for (int i = 0; len + 64 < cap; i++) {
    size_t n = strlen(parts[i % 3]);
    memcpy(text + len, parts[i % 3], n);
    len += n;
    if (i % every == every - 1) text[len++] = '\n';
  }
  return len;
}

/* Tokens keep no code-point offsets (16 bytes each: model.h); their
 * character spans are derived from the document's index, so they must
 * agree with counting from the start, across the index's steps. */
static void model__token_record_compact_and_char_spans_exact(void) {
  OK(sizeof(rd__token) <= 16);
  rd_analyzer_options ao = RD_ANALYZER_OPTIONS_INIT;
  ao.flags = RD_ANALYZER_STUB;
  rd_analyzer *an;
  REQUIRE(rd_analyzer_new(&an, &ao) == RD_OK);
  char text[8192];
  size_t len = mixed_text(text, sizeof text, 7);
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, text, len, NULL) == RD_OK);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  size_t ntok = 0, bad = 0;
  for (size_t i = 0; i < rd_doc_sentence_count(doc); i++) {
    rd_node *s = rd_doc_sentence_at(doc, i);
    for (size_t j = 0; j < rd_sentence_token_count(s); j++, ntok++) {
      rd_node *t = rd_sentence_token_at(s, j);
      size_t a, b, ca, cb, chars = 0;
      rd_node_span(&a, &b, t);
      rd_node_char_span(&ca, &cb, t);
      for (size_t k = 0; k < a; k++) chars += ((unsigned char)text[k] & 0xC0) != 0x80;
      size_t tc = 0;
      for (size_t k = a; k < b; k++) tc += ((unsigned char)text[k] & 0xC0) != 0x80;
      if (ca != chars || cb != chars + tc) bad++;
      if (rd_node_parent(t) != s || rd_node_doc(t) != doc) bad++;
    }
  }
  OK(ntok > 1000);
  INT_EQ(bad, 0);
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

/* rd_token_records(): chunks of records, continued with rd_token_next(),
 * cover every token once, each field equal to its accessor's value (the
 * spans across the char index's steps and line breaks too); a walk begun
 * before a re-annotation stays in its own token array. */
static void model__token_records_match_the_accessors(void) {
  rd_analyzer_options ao = RD_ANALYZER_OPTIONS_INIT;
  ao.flags = RD_ANALYZER_STUB;
  rd_analyzer *an;
  REQUIRE(rd_analyzer_new(&an, &ao) == RD_OK);
  char text[6000];
  size_t len = mixed_text(text, sizeof text, 5);
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, text, len, NULL) == RD_OK);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  size_t ntok = rd_doc_token_count(doc);
  REQUIRE(ntok > 300);
  rd_token_record r[7]; /* a small chunk: many chunk boundaries */
  size_t seen = 0, bad = 0, n;
  const rd_node *t = rd_doc_token_at(doc, 0);
  while (t && (n = rd_token_records(r, 7, t)) > 0) {
    for (size_t i = 0; i < n; i++, seen++) {
      const rd_node *k = rd_doc_token_at(doc, seen);
      size_t a, b, sl;
      rd_node_char_span(&a, &b, k);
      const char *s = rd_node_text(&sl, k);
      if (r[i].version != RD_TOKEN_RECORD_VERSION || r[i].token != k || r[i].surface != s || r[i].surface_len != sl ||
          r[i].reading != rd_token_reading(k) || r[i].lemma != rd_token_lemma(k) || r[i].pos != rd_token_pos(k) ||
          r[i].start != a || r[i].end != b)
        bad++;
    }
    t = rd_token_next(r[n - 1].token);
  }
  INT_EQ(seen, ntok);
  INT_EQ(bad, 0);
  /* From the middle, capped; nothing for a non-token or NULL. */
  INT_EQ(rd_token_records(r, 7, rd_doc_token_at(doc, ntok - 3)), 3);
  OK(r[0].token == rd_doc_token_at(doc, ntok - 3));
  INT_EQ(rd_token_records(r, 7, rd_doc_sentence_at(doc, 0)), 0);
  INT_EQ(rd_token_records(r, 7, NULL), 0);
  INT_EQ(rd_token_records(NULL, 7, rd_doc_token_at(doc, 0)), 0);
  INT_EQ(rd_token_records(r, 0, rd_doc_token_at(doc, 0)), 0);
  /* A re-annotation retires the array: a walk from an old token stays in it. */
  const rd_node *old = rd_doc_token_at(doc, ntok - 2);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  INT_EQ(rd_token_records(r, 7, old), 2);
  OK(r[0].token == old && r[1].token == rd_token_next(old));
  OK(r[1].token != rd_doc_token_at(doc, ntok - 1));
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

/* A lex record is found by its contents (the packed form), not by the
 * addresses of its strings; absent and empty strings differ; touching
 * ruby segments get one display group. */
static void model__lex_records_are_one_per_content(void) {
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, "流出", strlen("流出"), NULL) == RD_OK);
  char surf1[] = "流出", surf2[] = "流出", rd1[] = "りゅうしゅつ";
  rd_ruby r[2] = {{RD_RUBY_VERSION, 0, 3, "りゅう", 9}, {RD_RUBY_VERSION, 3, 3, "しゅつ", 9}};
  rd__lex p = {0};
  p.surface = surf1;
  p.lemma = surf1;
  p.reading = rd1;
  p.pos = "名詞";
  p.ruby = r;
  p.ruby_count = 2;
  const rd__lex *a = rd__doc_lex(doc, &p);
  REQUIRE(a);
  p.surface = surf2; /* other address, same bytes */
  OK(rd__doc_lex(doc, &p) == a);
  OK(a->doc == doc);
  STR_EQ(a->surface, "流出");
  INT_EQ(a->ruby_count, 2);
  INT_EQ(a->group_count, 1);
  STR_EQ(a->groups[0].reading, "りゅうしゅつ");
  INT_EQ(a->groups[0].reading_len, strlen("りゅうしゅつ"));
  INT_EQ(a->groups[0].len, 6);
  OK(a->infl == NULL);
  p.infl = "";                                   /* empty is not absent */
  const rd__lex *b = rd__doc_lex(doc, &p);
  OK(b && b != a);
  p.infl = NULL;
  r[1].reading = "でる";
  r[1].reading_len = strlen("でる");
  const rd__lex *c = rd__doc_lex(doc, &p);       /* other ruby: another word */
  OK(c && c != a);
  STR_EQ(c->groups[0].reading, "りゅうでる");
  p.flags = RD_TOKEN_KANJI;
  OK(rd__doc_lex(doc, &p) != c);
  rd_doc_free(doc);
}

/* A worker thread keeps each word's packed record across documents; a
 * document annotated after another on the same thread, and on threads of
 * its own (whose caches die before the merge), reads the same. */
static void model__words_kept_across_documents_read_the_same(void) {
  rd_analyzer_options ao = RD_ANALYZER_OPTIONS_INIT;
  ao.flags = RD_ANALYZER_STUB;
  rd_analyzer *an;
  REQUIRE(rd_analyzer_new(&an, &ao) == RD_OK);
  const char *ta = "漢字とかな。東京の漢字。", *tb = "東京と漢字とABC。かなの文。次の東京。";
  rd_doc *a, *b1, *b2;
  REQUIRE(rd_doc_parse(&a, ta, strlen(ta), NULL) == RD_OK);
  REQUIRE(rd_doc_parse(&b1, tb, strlen(tb), NULL) == RD_OK);
  REQUIRE(rd_doc_parse(&b2, tb, strlen(tb), NULL) == RD_OK);
  REQUIRE(rd_doc_annotate(a, an, NULL) == RD_OK);
  REQUIRE(rd_doc_annotate(b1, an, NULL) == RD_OK);
  rd_annotate_options o = RD_ANNOTATE_OPTIONS_INIT;
  o.threads = 3;
  REQUIRE(rd_doc_annotate(b2, an, &o) == RD_OK);
  char *x1, *x2;
  size_t n1, n2;
  REQUIRE(rd_doc_to_xml(&x1, &n1, b1, NULL) == RD_OK);
  REQUIRE(rd_doc_to_xml(&x2, &n2, b2, NULL) == RD_OK);
  OK(n1 == n2 && !memcmp(x1, x2, n1));
  OK(strstr(x1, "とうきょう") != NULL);
  /* b1's records are its own: freeing a leaves them readable */
  rd_doc_free(a);
  rd_node *t = rd_sentence_token_at(rd_doc_sentence_at(b1, 0), 0);
  STR_EQ(rd_node_text(NULL, t), "東京");
  OK(rd_node_doc(t) == b1);
  rd_free(x1);
  rd_free(x2);
  rd_doc_free(b1);
  rd_doc_free(b2);
  rd_analyzer_free(an);
}

/* A fresh document takes its worker's packs as distinct records without a
 * table (rd__doc_lex_distinct): the records must still be one per content,
 * and a later look-up by content (the editorial pass, an edit) must find
 * the token's own record, not make a second one. */
static void model__annotated_records_found_by_content_later(void) {
  rd_analyzer_options ao = RD_ANALYZER_OPTIONS_INIT;
  ao.flags = RD_ANALYZER_STUB;
  rd_analyzer *an;
  REQUIRE(rd_analyzer_new(&an, &ao) == RD_OK);
  const char *t = "東京と漢字。東京の漢字とかな。三人と3人。東京。";
  for (int run = 0; run < 2; run++) { /* cold, then the thread's cache warm */
    rd_doc *doc;
    REQUIRE(rd_doc_parse(&doc, t, strlen(t), NULL) == RD_OK);
    REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
    REQUIRE(doc->ntokens >= 10);
    size_t same = 0;
    for (size_t i = 0; i < doc->ntokens; i++) {
      const rd__lex *l = doc->tokens[i].lex;
      rd__lex proto = *l;
      proto.groups = NULL;
      OK(rd__doc_lex(doc, &proto) == l); /* found, not made again */
      size_t sl;
      const char *st = rd_node_text(&sl, (const rd_node *)(const void *)&doc->tokens[i]);
      OK(st == l->surface && sl == strlen(l->surface)); /* its length kept in the record, right */
      for (size_t j = 0; j < i; j++) same += doc->tokens[j].lex == l;
    }
    OK(same > 0); /* repeated words share their record */
    rd_doc_free(doc);
  }
  rd_analyzer_free(an);
}

/* rd_sentence_token_texts(): a sentence's records, chunk by chunk from
 * any first token, each field equal to its accessor's (the groups as the
 * array rd_token_ruby_group_at() reads one by one); nothing past the end,
 * for a non-sentence, NULL or no room. */
static void model__sentence_token_texts_match_the_accessors(void) {
  rd_analyzer_options ao = RD_ANALYZER_OPTIONS_INIT;
  ao.flags = RD_ANALYZER_STUB;
  rd_analyzer *an;
  REQUIRE(rd_analyzer_new(&an, &ao) == RD_OK);
  const char *text = "漢字とかなとABC、次の漢字の文です。\n東京と大阪。\nかな。";
  rd_doc *doc;
  REQUIRE(rd_doc_parse(&doc, text, strlen(text), NULL) == RD_OK);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  size_t seen = 0, bad = 0, with_groups = 0;
  for (size_t si = 0; si < rd_doc_sentence_count(doc); si++) {
    const rd_node *s = rd_doc_sentence_at(doc, si);
    size_t nt = rd_sentence_token_count(s), n, i = 0;
    rd_token_text r[3]; /* a small chunk: many chunk boundaries */
    for (; (n = rd_sentence_token_texts(r, 3, s, i)) > 0; i += n) {
      for (size_t j = 0; j < n; j++, seen++) {
        const rd_node *k = rd_sentence_token_at(s, i + j);
        size_t a, e, sl;
        rd_node_span(&a, &e, k);
        const char *surf = rd_node_text(&sl, k);
        if (r[j].version != RD_TOKEN_TEXT_VERSION || r[j].token != k || r[j].surface != surf || r[j].surface_len != sl ||
            r[j].start != a || r[j].end != e || r[j].ruby_count != rd_token_ruby_count(k) ||
            r[j].group_count != rd_token_ruby_group_count(k))
          bad++;
        with_groups += r[j].group_count != 0;
        for (size_t g = 0; g < r[j].group_count; g++) {
          rd_ruby one;
          if (!rd_token_ruby_group_at(&one, k, g) || one.start != r[j].groups[g].start || one.len != r[j].groups[g].len ||
              one.reading != r[j].groups[g].reading || one.reading_len != r[j].groups[g].reading_len)
            bad++;
        }
      }
    }
    INT_EQ(i, nt);
    INT_EQ(rd_sentence_token_texts(r, 3, s, nt), 0);
  }
  INT_EQ(seen, rd_doc_token_count(doc));
  INT_EQ(bad, 0);
  OK(with_groups > 0);
  rd_token_text r[4];
  const rd_node *s0 = rd_doc_sentence_at(doc, 0);
  INT_EQ(rd_sentence_token_texts(r, 4, s0, 1), rd_sentence_token_count(s0) - 1 < 4 ? rd_sentence_token_count(s0) - 1 : 4);
  OK(r[0].token == rd_sentence_token_at(s0, 1));
  INT_EQ(rd_sentence_token_texts(r, 4, rd_doc_token_at(doc, 0), 0), 0);
  INT_EQ(rd_sentence_token_texts(r, 4, rd_doc_root(doc), 0), 0);
  INT_EQ(rd_sentence_token_texts(r, 4, NULL, 0), 0);
  INT_EQ(rd_sentence_token_texts(NULL, 4, s0, 0), 0);
  INT_EQ(rd_sentence_token_texts(r, 0, s0, 0), 0);
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

T_MAIN(T(model__annotated_records_found_by_content_later), T(model__tokens_held_across_reannotation_stay_navigable), T(model__token_record_compact_and_char_spans_exact),
       T(model__token_records_match_the_accessors), T(model__sentence_token_texts_match_the_accessors),
       T(model__lex_records_are_one_per_content), T(model__words_kept_across_documents_read_the_same), T(model__directory_instead_of_file_says_so),
       T(model__unknown_options_version_refused), T(model__empty_input_is_empty_document), T(model__invalid_utf8_names_byte_and_line),
       T(model__nul_byte_rejected), T(model__can_contain_rejects_bad_shapes),
       T(model__lines_give_paragraphs_and_spans), T(model__citations_leave_text_and_keep_position),
       T(model__iterator_enters_and_exits), T(model__refcount_keeps_document), T(model__normalized_heading_key))
