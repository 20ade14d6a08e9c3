/* Private parts of the analyzer. Files and what they depend on (a
 * dispatcher depends on its parts, never the reverse):
 *   analyze.c           public face: rd_analyzer_new/free/info, picks a backend
 *   analyze_mecab.c     backend: MeCab model, tagger, lattice, layout probe
 *   analyze_stub.c      backend: deterministic stand-in, no dictionary
 *   analyze_features.c  feature strings -> words by dictionary layout; the
 *                       per-worker feature cache; morph/word arrays
 *   annotate.c          rd_doc_annotate: sentence loop, worker threads,
 *                       merge into the document
 *   rules.c, compounds.c reading rules over one sentence's words
 *   alternatives.c      other readings of heteronyms (heteronyms_data.c)
 *                       from a marginal-probability parse
 * Flow per sentence: backend -> morphs (surface span + feature string) ->
 * words (fields split by the dictionary's layout, reading in hiragana) ->
 * rules (counters, 日本, 町, 何, word table, compounds, user overrides) -> tokens. */
#ifndef READER_ANALYZE_INTERNAL_H
#define READER_ANALYZE_INTERNAL_H

#include <pthread.h>

#include "model.h"
#include "reader/analyze.h"

/* ---- dictionary layouts --------------------------------------------------- */
typedef enum rd__layout {
  RD__LAYOUT_IPADIC = 0, /* also NAIST-jdic: 9 fields, reading 7, pron 8 */
  RD__LAYOUT_UNIDIC,     /* UniDic 2.x: 17+ fields, lemma 7, pron 9 (no kana field) */
  RD__LAYOUT_UNIDIC3,    /* UniDic 3.x: 26+ fields, kana 20 */
  RD__LAYOUT_JUMAN,      /* JUMAN: 7 fields, lemma 4, hiragana reading 5 */
  RD__LAYOUT_STUB
} rd__layout;

/* ---- morphs: what a backend returns for one sentence ------------------------- */
typedef struct rd__morph {
  size_t off, len;     /* surface bytes in the sentence text */
  const char *feature; /* backend-owned, valid until the next parse */
  size_t feature_len;  /* RD__FEATURE_LEN_UNKNOWN: not measured (stable features only) */
  int unknown;         /* not a dictionary word */
} rd__morph;

#define RD__FEATURE_LEN_UNKNOWN ((size_t)-1)

typedef struct rd__morphs {
  rd__morph *v;
  size_t n, cap;
} rd__morphs;

/* Append one morph; -1 on OOM. Inline: a backend pushes one per word
 * (rd__morphs_grow, analyze_features.c, only when full). */
int rd__morphs_grow(rd__morphs *m);
static inline int rd__morphs_push(rd__morphs *m, rd__morph x) {
  if (m->n == m->cap && rd__morphs_grow(m) < 0) return -1;
  m->v[m->n++] = x;
  return 0;
}

/* Lattice nodes of one span: what a backend with marginal probabilities
 * offers for a word's other readings (see rd__backend.candidates). */
typedef struct rd__cand {
  const char *feature; /* backend-owned, valid until the next parse */
  size_t feature_len;
  double prob;         /* marginal probability of the node, 0..1 */
} rd__cand;

typedef struct rd__cands {
  rd__cand *v;
  size_t n, cap;
} rd__cands;

/* ---- backend table ----------------------------------------------------------
 * A backend loads a model once per analyzer (shared, read-only, by every
 * thread) and makes one parser per worker (its own lattice or buffer).
 * Errors are set with rd__error and returned. */
typedef struct rd__parser rd__parser; /* each backend defines its own */

typedef struct rd__backend_info {
  rd__layout layout;  /* detected, never assumed */
  char version[512];  /* "ipadic-utf8 v102, 392126 entries", "stub" */
  /* Every feature a parse returns lives as long as the model (MeCab's are
   * strings of the mapped dictionary): the feature cache then knows them
   * by address and measures one only to build a new entry. */
  int stable_features;
} rd__backend_info;

typedef struct rd__backend {
  const char *name; /* "mecab", "stub" */
  /* Load the model named by the options; *model_out is the backend's own
   * (freed with model_free), info filled. On error *model_out is NULL. */
  rd_status (*model_new)(void **model_out, rd__backend_info *info, const rd_analyzer_options *o);
  void (*model_free)(void *model);
  /* A parser for one worker; NULL on error (set). */
  rd__parser *(*parser_new)(const void *model);
  void (*parser_free)(rd__parser *p);
  /* Morphs of text[0..len) into out (emptied first); their features stay
   * valid until the next parse. at: the sentence's byte offset in the
   * source, for messages. */
  rd_status (*parse)(rd__parser *p, const char *text, size_t len, size_t at, rd__morphs *out);
  /* Optional (NULL: the backend offers no alternatives). parse_marginal
   * is parse with marginal probabilities (the same morphs, slower); after
   * it, candidates() lists into out (emptied first) the dictionary nodes
   * of that lattice whose surface is text[off..off+len), each with its
   * marginal probability. -1 on OOM. */
  rd_status (*parse_marginal)(rd__parser *p, const char *text, size_t len, size_t at, rd__morphs *out);
  int (*candidates)(rd__parser *p, size_t off, size_t len, rd__cands *out);
} rd__backend;

extern const rd__backend rd__backend_mecab;
extern const rd__backend rd__backend_stub;

/* ---- the analyzer (analyze.c builds it, annotate.c reads it) ---------------- */
typedef struct rd__overrides rd__overrides; /* user TSV, loaded once */
typedef struct rd__compounds rd__compounds; /* EDICT headwords -> one reading */
typedef struct rd__names rd__names;         /* ENAMDICT headwords -> readings, kinds (names.h) */

struct rd_analyzer {
  const rd__backend *backend;
  void *model; /* the backend's, shared by all threads */
  rd__backend_info info;
  unsigned flags;
  rd__overrides *overrides;
  rd__compounds *compounds;
  rd__names *names;
  /* "name: version" for the documents it annotates (rd_doc_dictionary),
   * made once, not per document. */
  char *dict_label;
  size_t dict_label_len;
  /* Idle parsers (a MeCab tagger and lattice each): a batch annotates
   * thousands of short documents, and a parser made and freed per
   * document cost ~2,700 instructions each. Taken and given back under
   * the lock (rd__parser_take/give, analyze.c); freed with the analyzer. */
  pthread_mutex_t pool_lock;
  rd__parser **pool;
  size_t npool;
  /* Bumped for every analyzer made in the process: tells a thread's
   * caches keyed by the backend's feature pointers (annotate.c) which
   * model they were filled from, where an address could be reused. */
  uint64_t serial;
};

/* A parser for one run of rd_doc_annotate: an idle one of the analyzer's,
 * or a new one (NULL, error set, if that fails). Thread-safe. */
rd__parser *rd__parser_take(rd_analyzer *an);
/* Give p back for the next run (or free it when the pool is full). */
void rd__parser_give(rd_analyzer *an, rd__parser *p);

/* ---- words -------------------------------------------------------------------- */
typedef struct rd__word {
  size_t off, len;            /* bytes in the sentence text */
  const char *surface;        /* arena copies, NUL-terminated; NULL = absent */
  const char *lemma, *pos, *infl, *reading, *pron;
  const char *orig_reading;   /* set when a rule/override changed reading */
  const char *rule;           /* static rule name */
  unsigned flags;             /* RD_TOKEN_* */
  rd_pos pos_class;
  int whole_ruby;             /* ruby covers the whole surface (digits + counter) */
  rd_ruby *ruby;              /* arena */
  size_t ruby_count;
  uint32_t cached;            /* 1 + its feature-cache entry; 0 none */
  uint32_t facts;             /* RD__WF_* of surface and pos; 0: not yet known (rd__word_facts) */
} rd__word;

/* Facts about a word's surface and part of speech that the rules ask of
 * every word (issue 14): computed once per distinct word when the feature
 * cache makes it, so a rule tests a bit instead of decoding the surface or
 * scanning the POS per token. A rule that changes a word's surface or pos
 * sets facts to 0; rd__word_facts then computes them again for it. */
#define RD__WF_KNOWN          (1u << 0)  /* the other bits are set (never 0 when known) */
#define RD__WF_CONTENT_NOUN   (1u << 1)  /* 名詞, not 名詞,数 / 代名詞 / 非自立 (rendaku.c) */
#define RD__WF_PROPER         (1u << 2)  /* pos holds 固有名詞 */
#define RD__WF_PROPER_GEN_ORG (1u << 3)  /* pos holds 固有名詞,一般 or 固有名詞,組織 */
#define RD__WF_ALL_KANJI      (1u << 4)  /* non-empty, every character rd__is_kanji (ヶ ヵ 々 〇 too) */
#define RD__WF_KANJI_ONLY     (1u << 5)  /* ... and none of them ヶ ヵ (rendaku's kanji word) */
#define RD__WF_ALL_KATAKANA   (1u << 6)  /* non-empty, every character rd__is_katakana */
#define RD__WF_HIRAGANA       (1u << 7)  /* non-empty, all hiragana or ー, no ゝ ゞ (kana_words.c) */
#define RD__WF_ONE_HIRAGANA   (1u << 8)  /* ... and one character */
#define RD__WF_NOUN_OR_PREFIX (1u << 9)  /* pos absent, or 名詞 / 接頭詞 (a name piece's pos) */
#define RD__WF_NAME_SHIFT     10         /* 2 bits: MeCab's name kind by pos, 0 none, 1 person, 2 place, 3 org */
#define RD__WF_NAME_BITS      (3u << RD__WF_NAME_SHIFT)
#define RD__WF_NOUN_FIELD     (1u << 12) /* pos's first field is 名詞 (kana_words.c) */
#define RD__WF_PARTICLE_AUX   (1u << 13) /* pos's first field is 助詞 or 助動詞 */
/* Whether a rule of the compiled-in tables could apply to the word at all
 * (rd__rules_facts_of, rules.c): a rule no word of a sentence has the bit
 * of is never entered, and one that is asks the bit before any string. */
#define RD__WF_DIGIT_COUNTER  (1u << 14) /* digits, then a counter of the table (５月; the split) */
#define RD__WF_COUNTER        (1u << 15) /* a counter of the table (月, 人, か月) */
#define RD__WF_CONTEXT        (1u << 16) /* the surface of a context rule or of the word table */
#define RD__WF_REPEAT_MARK    (1u << 17) /* 々 alone (repeat-mark) */
#define RD__WF_NOMA           (1u << 18) /* a noun ending in の間 after more (aida-between) */
#define RD__WF_FURI           (1u << 19) /* 降り (furi-weather) */
#define RD__WF_ITERATION_MARK (1u << 20) /* ゝ ゞ ヽ ヾ alone (iteration-mark) */
#define RD__WF_ODD_KANA       (1u << 21) /* one hiragana whose pos kana-join may count as odd */
#define RD__WF_PLACE_SUFFIX   (1u << 22) /* a place suffix of the names rule (市 町 村 ...) */
#define RD__WF_PERSON_HEAD    (1u << 23) /* two kanji, a given name ending in a head (person-head) */
#define RD__WF_RENDAKU_HEAD   (1u << 24) /* the surface of a rendaku head (rendaku_data.c) */
/* Bits of a sentence only (the facts rd__rules_apply gives its rules: its
 * words' facts ORed, and these, of its words' flags). */
#define RD__SF_RULED          (1u << 29) /* a word a rule read when the facts were made (rendaku) */
#define RD__SF_KANJI_PAIR     (1u << 30) /* two adjacent words flagged RD_TOKEN_KANJI (compounds) */
#define RD__SF_NAMEISH        (1u << 28) /* a word with kanji tagged a proper noun (pos_class), unknown,
                                          * or without a reading or with an empty one (names) */
#define RD__SF_UNREAD         (1u << 31) /* a word with kanji and no reading (kanjidic) */

/* The RD__WF_* facts of surface[0..len) with part of speech pos (may be NULL). */
uint32_t rd__word_facts_of(const char *surface, size_t len, const char *pos);
/* The rules' bits (RD__WF_DIGIT_COUNTER ...) of a word whose other facts
 * are f; rd__word_facts_of adds them (rules_facts.c: it depends on the
 * rules' tables only, so the feature cache may ask it). */
uint32_t rd__rules_facts_of(const char *surface, size_t len, const char *pos, uint32_t f);
/* Length of the leading digits (ASCII or full-width) of s[0..len). */
size_t rd__digit_prefix(const char *s, size_t len);
static inline uint32_t rd__word_facts(const rd__word *w) {
  return w->facts ? w->facts : rd__word_facts_of(w->surface, w->len, w->pos);
}

typedef struct rd__words {
  rd__word *v;
  size_t n, cap;
} rd__words;

int rd__words_reserve(rd__words *w, size_t extra); /* -1 on OOM */

/* ---- features -> words (analyze_features.c) --------------------------------- */
/* Fields of a CSV feature string (UniDic quotes fields holding commas). */
size_t rd__feature_field_count(const char *f, size_t len);
/* The layout of a dictionary whose richest probe feature has n fields;
 * false when no known layout has that shape. */
bool rd__layout_of_fields(rd__layout *out, size_t n);
/* Fill *w from morph m of sentence text by the layout; strings in a. -1 on OOM. */
int rd__word_from_morph(rd__word *w, rd__arena *a, rd__layout layout, const char *text, const rd__morph *m);

/* Words built from one (feature string, surface, unknown) triple: words
 * repeat, so each is split and copied once per worker. The key is hashed
 * by the feature's address (MeCab's features live in the dictionary). A
 * stable feature (rd__feature_cache.stable) matches an entry made from the same
 * address of the same model (serial) without reading the feature; any
 * other is compared by content, so a reused buffer can never match
 * wrongly. Two entries may then hold equal words (one feature string at
 * two addresses or from two models): the merge makes one record of them. */
typedef struct rd__feature_entry {
  const char *feature; /* arena copy */
  size_t feature_len;
  uint64_t hash;
  const char *src;     /* the stable feature's address it was made from; else NULL */
  uint64_t serial;     /* the model src belongs to */
  int unknown;
  rd__word w;          /* strings in the cache's arena; off unused */
  int64_t lex;         /* free for the caller (annotate.c: its distinct word); -1 when made */
} rd__feature_entry;

typedef struct rd__feature_cache {
  rd__layout layout;
  rd__arena arena;
  rd__feature_entry *v;
  size_t n, cap;
  uint32_t *slots;     /* open addressing into v (+1; 0 = empty) */
  size_t capslots;
  uint64_t serial;     /* the analyzer's (rd_analyzer.serial) of the current run */
  int stable;          /* its backend's features are stable (rd__backend_info) */
} rd__feature_cache;

void rd__feature_cache_init(rd__feature_cache *c, rd__layout layout);
void rd__feature_cache_dispose(rd__feature_cache *c);
/* The word of morph m (text: its sentence), from the cache or built and
 * cached; out->cached names the entry (c->v[out->cached - 1]). -1 on OOM. */
int rd__feature_cache_word(rd__feature_cache *c, const char *text, const rd__morph *m, rd__word *out);
/* rd__feature_cache_word for each of m[0..n) into out[0..n), the morphs'
 * offsets counted from text + off (a piece of the sentence text): one
 * call per piece, not per token. -1 on OOM (out[0..n) then partly made). */
int rd__feature_cache_words(rd__feature_cache *c, const char *text, size_t off, const rd__morph *m, size_t n,
                            rd__word *out);

/* Double an open-addressing slot table (1-based indexes into `recs`, an
 * array of n records of `stride` bytes with a uint64_t hash at `hash_off`).
 * -1 on OOM (the table is then unchanged). */
int rd__grow_slots(uint32_t **slots, size_t *cap, const void *recs, size_t stride, size_t hash_off, size_t n);

/* ---- reading rules (rules.c, data in rules_data.c; compounds.c) ------------- */
typedef struct rd__rules_env {
  rd__layout layout;
  unsigned flags;             /* RD_ANALYZER_* */
  const rd__overrides *overrides;
  const rd__compounds *compounds;
  const rd__names *names;     /* ENAMDICT, or NULL (names.h) */
  rd__arena *scratch;         /* strings the rules make; reset per sentence */
  const rd_doc *doc;          /* for context across sentences (prefecture) */
  size_t sentence;            /* index of the sentence being processed */
} rd__rules_env;

/* Rewrite the words w->v[first..n) of one sentence in place: may change
 * readings, split a digits+kanji word and merge number+counter words
 * (w->n changes). -1 on OOM. */
int rd__rules_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first);

rd_status rd__overrides_load(rd__overrides **out, const char *path);
void rd__overrides_free(rd__overrides *o);
/* ---- compounds (compounds.c) ---------------------------------------------- */
/* An EDICT-format file (EUC-JP or UTF-8): compounds of 2-6 characters with
 * kanji and a single regular reading. */
rd_status rd__compounds_load(rd__compounds **out, const char *path);
void rd__compounds_free(rd__compounds *c);
/* Whether the table came from its cache file (util/filecache.h) rather than a parse. */
bool rd__compounds_from_cache(const rd__compounds *c);
/* The reading of s[0..len), or NULL if absent or ambiguous. */
const char *rd__compounds_find(const rd__compounds *c, const char *s, size_t len);
/* Join words MeCab split where the compounds list the whole with one
 * reading other than the parts' (rules.c calls it last). facts: the
 * sentence's (RD__SF_KANJI_PAIR ...), as rd__rules_apply gives each rule:
 * the words' facts ORed with the RD__SF_* bits; 0 when not known (every
 * part runs). -1 on OOM. */
int rd__compounds_join(const rd__rules_env *env, const char *text, rd__words *w, size_t first, uint32_t facts);

/* ---- rendaku (rendaku.c, data in rendaku_data.c) --------------------------- */
/* A head that voices in compounds: 桜 さくら -> ざくら after a noun. */
typedef struct rd__rendaku_head {
  const char *head, *plain, *voiced;
  unsigned edict_voiced, edict_plain; /* EDICT compounds that voice it / do not */
} rd__rendaku_head;
extern const rd__rendaku_head rd__rendaku_heads[];
extern const size_t rd__nrendaku_heads;
extern const char *const rd__rendaku_no_compounds[]; /* whole compounds that never voice */
extern const size_t rd__nrendaku_no_compounds;
extern const char *const rd__rendaku_no_first[];     /* first parts after which no head voices */
extern const size_t rd__nrendaku_no_first;
/* The head entry of surface read `reading` (MeCab's plain reading), or NULL. */
const rd__rendaku_head *rd__rendaku_head_find(const char *surface, const char *reading);
/* Whether a hiragana reading holds a voiced obstruent (Lyman's law). */
bool rd__has_voiced_obstruent(const char *r);
/* Whether voiced is plain with exactly one kana voiced, not the first
 * (しょうけんかいしゃ -> しょうけんがいしゃ). */
bool rd__rendaku_one_voicing(const char *plain, const char *voiced);
/* Voice the second part of noun + noun compounds (rule "rendaku"); runs
 * after rd__compounds_join. facts: the sentence's (as for
 * rd__compounds_join). -1 on OOM. */
int rd__rendaku_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first, uint32_t facts);

/* Hiragana words MeCab split into single kana re-joined (rule
 * "kana-join"), iteration marks ゝゞヽヾ (rule "iteration-mark"), kanji
 * words with no reading read by KANJIDIC (rule "kanjidic"); kana_words.c.
 * facts: the sentence's (as for rd__compounds_join). -1 on OOM. */
int rd__kana_words_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first, uint32_t facts);

/* Katakana -> hiragana (ー and other characters kept) into the arena
 * (analyze_features.c). NULL on OOM. */
char *rd__to_hiragana(rd__arena *a, const char *s, size_t len);

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
/* How many sentences before a 町 the town rule reads for a prefecture's
 * name (rules.c); a streamed render keeps that many from the blocks
 * before (pipeline_stream.c), so both read the same context. */
#define RD__TOWN_CONTEXT 100
/* For a reader that holds only some of a document's sentences (the
 * streamed render): whether a sentence may read earlier ones (it has a
 * 町), and whether an earlier one is what the town rule would take from
 * there (it names a prefecture). The rule's data stays in rules.c. */
bool rd__rules_reads_back(const char *text, size_t len);
bool rd__rules_gives_context(const char *text, size_t len);
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
/* Things that fall (rule furi-weather): "|雨|雪|...|", matched at a noun's end. */
extern const char rd__falling_things[];

/* Heteronyms (heteronyms_data.c): surfaces whose reading is ambiguous in
 * news text, with the readings that count ({"にほん", "にっぽん"}); `open`:
 * a reading a rule gives the whole span with no cue, which leaves the
 * others equally likely (the lattice cannot score a span a rule merged). */
#define RD__HETERONYM_READINGS 4
typedef struct rd__heteronym {
  const char *surface;
  const char *readings[RD__HETERONYM_READINGS]; /* NULL after the last */
  const char *open;
} rd__heteronym;
extern const rd__heteronym rd__heteronyms[];
extern const size_t rd__nheteronyms;
/* A cue: where the previous word's surface ends with one of prev_end, the
 * next word is one of next and the one after it one of next2 (each NULL:
 * any), `reading` of `surface` is kept (keep = 1) or ruled out (0) as an
 * alternative. The first matching row decides. */
typedef struct rd__reading_cue {
  const char *surface, *reading, *prev_end, *next, *next2;
  int keep;
} rd__reading_cue;
extern const rd__reading_cue rd__reading_cues[];
extern const size_t rd__nreading_cues;

/* Value of a number written in ASCII / full-width digits (commas allowed)
 * or kanji numerals; -1 if s is not one. */
long long rd__number_value(const char *s, size_t len);
/* The reading of a counter after number n: writes the reading and whether
 * it is whole (number + counter); NULL if `counter` is not in the table. */
const char *rd__counter_reading(const char *counter, long long n, const char *next, int next_is_number,
                                int *whole, const char **rule);

#endif
