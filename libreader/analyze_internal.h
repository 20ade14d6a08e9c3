/* Private parts of the analyzer: the backend interface (MeCab or the stub),
 * the per-call word list that rules rewrite, and the reading rules.
 * Flow per sentence: backend -> morphs (surface span + feature string) ->
 * words (fields split by the dictionary's layout, reading in hiragana) ->
 * rules (counters, 日本, 町, 何, word table, user overrides) -> tokens. */
#ifndef READER_ANALYZE_INTERNAL_H
#define READER_ANALYZE_INTERNAL_H

#include "doc_internal.h"
#include "reader/analyze.h"

/* ---- string pool: stable pointers, reset between calls ------------------ */
typedef struct rd__pool_block rd__pool_block;
typedef struct rd__pool {
  rd__pool_block *head, *cur;
} rd__pool;
void rd__pool_reset(rd__pool *p);
void rd__pool_dispose(rd__pool *p);
/* NUL-terminated copy of s[0..len); NULL on OOM. */
char *rd__pool_strndup(rd__pool *p, const char *s, size_t len);
void *rd__pool_alloc(rd__pool *p, size_t size);

/* ---- dictionary layouts --------------------------------------------------- */
typedef enum rd__layout {
  RD__LAYOUT_IPADIC = 0, /* also NAIST-jdic: 9 fields, reading 7, pron 8 */
  RD__LAYOUT_UNIDIC,     /* UniDic 2.x: 17+ fields, lemma 7, pron 9 (no kana field) */
  RD__LAYOUT_UNIDIC3,    /* UniDic 3.x: 26+ fields, kana 20 */
  RD__LAYOUT_JUMAN,      /* JUMAN: 7 fields, lemma 4, hiragana reading 5 */
  RD__LAYOUT_STUB
} rd__layout;

/* ---- backend ---------------------------------------------------------------- */
typedef struct rd__morph {
  size_t off, len;     /* surface bytes in the sentence text */
  const char *feature; /* backend-owned, valid until the next parse */
  size_t feature_len;
  int unknown;         /* not a dictionary word */
} rd__morph;

typedef struct rd__morphs {
  rd__morph *v;
  size_t n, cap;
} rd__morphs;

/* A worker's parsing state: a MeCab tagger + lattice, or the stub's buffer. */
typedef struct rd__parser rd__parser;
rd__parser *rd__stub_parser_new(void);
void rd__stub_parser_free(rd__parser *p);
rd_status rd__stub_parse(rd__parser *p, const char *text, size_t len, rd__morphs *out);

/* ---- words -------------------------------------------------------------------- */
typedef struct rd__word {
  size_t off, len;            /* bytes in the sentence text */
  const char *surface;        /* pool copies, NUL-terminated; NULL = absent */
  const char *lemma, *pos, *infl, *reading, *pron;
  const char *orig_reading;   /* set when a rule/override changed reading */
  const char *rule;           /* static rule name */
  unsigned flags;             /* RD_TOKEN_* */
  rd_pos pos_class;
  int whole_ruby;             /* ruby covers the whole surface (digits + counter) */
  rd_ruby *ruby;              /* pool */
  size_t ruby_count;
  uint32_t cached;            /* analyze.c: 1 + its word-cache entry; 0 none */
} rd__word;

typedef struct rd__words {
  rd__word *v;
  size_t n, cap;
} rd__words;

int rd__words_reserve(rd__words *w, size_t extra);

/* ---- reading rules (rules.c, data in rules_data.c) -------------------------- */
typedef struct rd__overrides rd__overrides; /* user TSV, loaded once */
typedef struct rd__compounds rd__compounds; /* EDICT headwords -> one reading */

typedef struct rd__rules_env {
  rd__layout layout;
  unsigned flags;             /* RD_ANALYZER_* */
  const rd__overrides *overrides;
  const rd__compounds *compounds;
  rd__pool *pool;
  const rd_doc *doc;          /* for context across sentences (prefecture) */
  size_t sentence;            /* index of the sentence being processed */
} rd__rules_env;

/* Rewrite the words w->v[first..n) of one sentence in place: may change
 * readings, split a digits+kanji word and merge number+counter words
 * (w->n changes). -1 on OOM. */
int rd__rules_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first);

rd_status rd__overrides_load(rd__overrides **out, const char *path);
void rd__overrides_free(rd__overrides *o);
/* An EDICT-format file (EUC-JP or UTF-8): compounds of 2-6 characters with
 * kanji and a single regular reading. */
rd_status rd__compounds_load(rd__compounds **out, const char *path);
void rd__compounds_free(rd__compounds *c);
/* The reading of s[0..len), or NULL if absent or ambiguous. */
const char *rd__compounds_find(const rd__compounds *c, const char *s, size_t len);

/* Katakana -> hiragana (ー and other characters kept) into the pool. */
char *rd__to_hiragana(rd__pool *p, const char *s, size_t len);

/* Counter table (rules_data.c), exported for the table-driven test. */
typedef struct rd__counter_exc {
  unsigned match; /* 0: N == value; 1: the last spoken element of N == value:
                     its last non-zero digit (1..9) or, for round numbers,
                     10 (十), 100 (百), 1000 (千), 10000 (万 and above) */
  unsigned long value;
  const char *reading; /* counter reading, or the whole reading when whole */
  int whole;           /* irregular: reading covers number + counter */
  const char *next;    /* only before one of these words ("|中|間|"; "#": a number), or NULL */
} rd__counter_exc;

typedef struct rd__counter {
  const char *counter; /* "日" */
  const char *rule;    /* "counter-day" */
  const char *regular; /* "にち" */
  const rd__counter_exc *exc;
  size_t nexc;
} rd__counter;

extern const rd__counter rd__counters[];
extern const size_t rd__ncounters;

/* Context rules: a word (surface) whose reading depends on its neighbours.
 * Conditions are alternatives written "|a|b|" (NULL: no condition); POS
 * conditions are prefixes of whole fields ("名詞,接尾" matches
 * "名詞,接尾,助数詞"). The first rule whose conditions all hold applies. */
typedef struct rd__context_rule {
  const char *rule;       /* name */
  const char *surface;    /* the word */
  const char *self_pos;   /* its POS */
  const char *prev_pos;   /* the previous word's POS */
  const char *prev_end;   /* the previous word's surface ends with one of these */
  const char *prev_not;   /* ... and is none of these */
  const char *next_pos;   /* the next word's POS */
  const char *next_surf;  /* the next word's surface */
  const char *next_not;   /* the next word's surface is none of these ("" = end of sentence) */
  const char *reading;    /* new reading */
} rd__context_rule;

extern const rd__context_rule rd__context_rules[];

typedef struct rd__town_reading {
  const char *prefecture, *reading;
} rd__town_reading;
extern const rd__town_reading rd__town_readings[];
extern const size_t rd__ntown_readings;
extern const size_t rd__ncontext_rules;

/* Common IPADIC mis-readings in news text: surface (+ optional POS
 * prefix) -> reading. */
typedef struct rd__word_reading {
  const char *surface, *pos, *reading;
} rd__word_reading;

extern const rd__word_reading rd__word_readings[];
/* Longest surface (bytes) of a context rule or word-table entry; the
 * table-driven test checks it. */
#define RD__RULE_WORD_MAX 12
extern const size_t rd__nword_readings;

/* Value of a number written in ASCII / full-width digits (commas allowed)
 * or kanji numerals; -1 if s is not one. */
long long rd__number_value(const char *s, size_t len);
/* The reading of a counter after number n: writes the reading and whether
 * it is whole (number + counter); NULL if `counter` is not in the table. */
const char *rd__counter_reading(const char *counter, long long n, const char *next, int next_is_number,
                                int *whole, const char **rule);

#endif
