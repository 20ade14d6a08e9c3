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

/* A backend whose features are stable is known by feature address, but
 * only within one model: a reused address under another model's serial
 * is a new word, never the old one; an unstable backend compares content. */
static void backend__feature_cache_trusts_an_address_only_within_its_model(void) {
  static const char text[] = "日本";
  char feat[128];
  strcpy(feat, "名詞,固有名詞,地域,国,*,*,日本,ニッポン,ニッポン");
  rd__feature_cache c;
  rd__feature_cache_init(&c, RD__LAYOUT_IPADIC);
  c.stable = 1;
  c.serial = 1;
  rd__morph m = {0, strlen(text), feat, RD__FEATURE_LEN_UNKNOWN, 0};
  rd__word w, w2;
  REQUIRE(rd__feature_cache_word(&c, text, &m, &w) == 0);
  STR_EQ(w.reading, "にっぽん"); /* measured although the morph left it unmeasured */
  REQUIRE(rd__feature_cache_word(&c, text, &m, &w2) == 0);
  OK(w2.cached == w.cached); /* same address, same model: the entry */
  /* Another model's dictionary mapped where the first one was. */
  strcpy(feat, "名詞,固有名詞,地域,国,*,*,日本,ニホン,ニホン");
  c.serial = 2;
  REQUIRE(rd__feature_cache_word(&c, text, &m, &w2) == 0);
  OK(w2.cached != w.cached);
  STR_EQ(w2.reading, "にほん");
  /* Without stable features the content decides, whatever the address. */
  c.stable = 0;
  strcpy(feat, "名詞,固有名詞,地域,国,*,*,日本,ニッポン,ニッポン");
  m.feature_len = strlen(feat);
  REQUIRE(rd__feature_cache_word(&c, text, &m, &w2) == 0);
  STR_EQ(w2.reading, "にっぽん");
  OK(w2.cached == w.cached); /* equal content: the first entry */
  strcpy(feat, "名詞,固有名詞,地域,国,*,*,日本,ニホン,ニホン");
  rd__word w3;
  REQUIRE(rd__feature_cache_word(&c, text, &m, &w3) == 0);
  STR_EQ(w3.reading, "にほん");
  OK(w3.cached != w2.cached);
  rd__feature_cache_dispose(&c);
}

/* rd__feature_cache_words over a piece of a sentence (offsets counted
 * from the piece) gives the words one rd__feature_cache_word call per
 * morph gives, offsets counted from the sentence, and the same entries. */
static void backend__feature_cache_words_match_one_at_a_time(void) {
  const rd__backend *be = &rd__backend_stub;
  void *model = NULL;
  rd__backend_info info;
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  REQUIRE(be->model_new(&model, &info, &o) == RD_OK);
  rd__parser *p = be->parser_new(model);
  REQUIRE(p != NULL);
  const char *text = "東京で日本の漢字 ABC を見た";
  size_t off = strlen("東京で");
  rd__morphs m = {0};
  REQUIRE(be->parse(p, text + off, strlen(text + off), off, &m) == RD_OK);
  REQUIRE(m.n >= 4);
  rd__feature_cache c;
  rd__feature_cache_init(&c, info.layout);
  rd__word *batch = calloc(m.n, sizeof *batch);
  REQUIRE(batch != NULL);
  REQUIRE(rd__feature_cache_words(&c, text, off, m.v, m.n, batch) == 0);
  for (size_t k = 0; k < m.n; k++) {
    rd__morph one = m.v[k];
    one.off += off;
    rd__word w;
    REQUIRE(rd__feature_cache_word(&c, text, &one, &w) == 0);
    INT_EQ(w.cached, batch[k].cached);
    INT_EQ(batch[k].off, off + m.v[k].off);
    INT_EQ(batch[k].len, m.v[k].len);
    OK(!strncmp(batch[k].surface, text + off + m.v[k].off, m.v[k].len) && !batch[k].surface[m.v[k].len]);
  }
  STR_EQ(batch[0].surface, "日本");
  STR_EQ(batch[0].reading, "にっぽん");
  free(batch);
  rd__feature_cache_dispose(&c);
  free(m.v);
  be->parser_free(p);
  be->model_free(model);
}

/* The analyzer keeps a run's parser for the next one (no tagger and
 * lattice per document), and documents come out the same. */
static void backend__analyzer_reuses_its_parsers(void) {
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  o.flags = RD_ANALYZER_STUB;
  rd_analyzer *an;
  REQUIRE(rd_analyzer_new(&an, &o) == RD_OK);
  INT_EQ(an->npool, 0);
  const char *t = "東京で見た。日本で漢字。東京で見た。";
  char first[256] = "";
  for (int run = 0; run < 3; run++) {
    rd_doc *doc;
    REQUIRE(rd_doc_parse(&doc, t, strlen(t), NULL) == RD_OK);
    rd_annotate_options ao = RD_ANNOTATE_OPTIONS_INIT;
    ao.threads = run == 2 ? 3 : 1;
    REQUIRE(rd_doc_annotate(doc, an, &ao) == RD_OK);
    OK(an->npool >= 1 && an->npool <= 3); /* given back, not one per run */
    char got[256] = "";
    for (size_t i = 0; i < rd_doc_token_count(doc); i++) {
      const rd_node *tk = rd_doc_token_at(doc, i);
      strncat(got, rd_node_text(NULL, tk), sizeof got - strlen(got) - 1);
      strncat(got, "/", sizeof got - strlen(got) - 1);
      strncat(got, rd_token_reading(tk) ? rd_token_reading(tk) : "-", sizeof got - strlen(got) - 1);
      strncat(got, " ", sizeof got - strlen(got) - 1);
    }
    if (run == 0) memcpy(first, got, sizeof got);
    else STR_EQ(got, first);
    /* Each document names its dictionary, from the analyzer's one label. */
    STR_EQ(rd_doc_dictionary(doc), "stub: stub");
    rd_doc_free(doc);
  }
  rd_analyzer_free(an);
}

T_MAIN(T(backend__stub_through_the_table), T(backend__analyzer_picks_the_stub), T(backend__arena_reset_keeps_one_chunk),
       T(backend__feature_cache_trusts_an_address_only_within_its_model), T(backend__analyzer_reuses_its_parsers),
       T(backend__feature_cache_words_match_one_at_a_time))
