/* The analyzer's backend seam: the stub through its table, and an
 * analyzer built on it annotating like any other. */
#include "harness.h"

#include "analyze_internal.h"
#include "reader.h"

static void backend__stub_through_the_table(void) {
  const rd__backend *be = &rd__backend_stub;
  STR_EQ(be->name, "stub");
  void *model = (void *)1;
  rd__backend_info info;
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  REQUIRE(be->model_new(&model, &info, &o) == RD_OK);
  INT_EQ(info.layout, RD__LAYOUT_STUB);
  STR_EQ(info.version, "stub");
  rd__parser *p = be->parser_new(model);
  REQUIRE(p != NULL);
  rd__morphs m = {0};
  const char *text = "日本で漢字 ABC";
  REQUIRE(be->parse(p, text, strlen(text), 0, &m) == RD_OK);
  INT_EQ(m.n, 4); /* 日本 | で | 漢字 | ABC (the space skipped) */
  OK(m.n == 4 && m.v[0].off == 0 && m.v[0].len == strlen("日本") && !m.v[0].unknown);
  OK(m.n == 4 && !strncmp(m.v[0].feature, "名詞,固有名詞", strlen("名詞,固有名詞")));
  OK(m.n == 4 && m.v[3].unknown && m.v[3].off == strlen("日本で漢字 "));
  /* a word from the features, by the layout */
  rd__feature_cache c;
  rd__feature_cache_init(&c, info.layout);
  rd__word w;
  REQUIRE(rd__feature_cache_word(&c, text, &m.v[0], &w) == 0);
  STR_EQ(w.surface, "日本");
  STR_EQ(w.reading, "にっぽん");
  INT_EQ(w.pos_class, RD_POS_PROPER_NOUN);
  rd__word w2;
  REQUIRE(rd__feature_cache_word(&c, text, &m.v[0], &w2) == 0);
  OK(w2.cached == w.cached && w2.surface == w.surface); /* built once */
  rd__feature_cache_dispose(&c);
  /* bad input: a clear error, no morphs */
  INT_EQ(be->parse(p, "\xff", 1, 0, &m), RD_EENCODING);
  free(m.v);
  be->parser_free(p);
  be->model_free(model);
}

static void backend__analyzer_picks_the_stub(void) {
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_STUB;
  rd_analyzer *an;
  REQUIRE(rd_analyzer_new(&an, &o) == RD_OK);
  OK(an->backend == &rd__backend_stub);
  STR_EQ(rd_analyzer_dictionary_name(an), "stub");
  STR_EQ(rd_analyzer_dictionary_version(an), "stub");
  rd_doc *doc;
  const char *t = "東京で見た。";
  REQUIRE(rd_doc_parse(&doc, t, strlen(t), NULL) == RD_OK);
  REQUIRE(rd_doc_annotate(doc, an, NULL) == RD_OK);
  OK(rd_doc_token_count(doc) >= 3);
  const rd_node *tk = rd_doc_token_at(doc, 0);
  STR_EQ(rd_node_text(NULL, tk), "東京");
  STR_EQ(rd_token_reading(tk), "とうきょう");
  rd_doc_free(doc);
  rd_analyzer_free(an);
}

static void backend__arena_reset_keeps_one_chunk(void) {
  rd__arena a;
  rd__arena_init(&a);
  for (int i = 0; i < 100; i++) OK(rd__arena_alloc(&a, 10000) != NULL); /* several chunks */
  rd__arena_reset(&a);
  INT_EQ(a.total, 0);
  char *s = rd__arena_strndup(&a, "abc", 3);
  STR_EQ(s, "abc");
  rd__arena_dispose(&a);
  rd__arena_reset(&a); /* an empty arena: nothing to do */
  OK(a.head == NULL);
}

T_MAIN(T(backend__stub_through_the_table), T(backend__analyzer_picks_the_stub), T(backend__arena_reset_keeps_one_chunk))
