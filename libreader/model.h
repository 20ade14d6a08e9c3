/* The document model's private layout: the struct definitions every part
 * of the model shares (doc.c lifetime and queries, doc_build.c the
 * builder, node.c and iter.c navigation, token.c token storage), and the
 * model-level internals the analyzer, glossary and writers use. Outside
 * the model, prefer the public API. */
#ifndef READER_MODEL_H
#define READER_MODEL_H

#include <stdatomic.h>

#include "common_internal.h"
#include "reader/doc.h"
#include "reader/node.h"
#include "reader/token.h"

/* Node flags. */
#define RD__NODE_SYNTH     0x01 /* section made from the contents list */
#define RD__NODE_AFTERWORD 0x02 /* the あとがき section */
#define RD__NODE_LAZY_TEXT 0x04 /* text made on first request (below) */

/* A sentence's text leaves citation markers out, so it is made of pieces
 * of the source; a piece maps text bytes [text_off, text_off+len) to
 * source bytes [src_off, src_off+len). */
typedef struct rd__piece {
  size_t text_off, src_off, len;
} rd__piece;

struct rd_node {
  uint8_t kind;        /* rd_node_kind; first member, shared with rd__token */
  uint8_t flags;       /* RD__NODE_* */
  uint8_t role;        /* rd_heading_role for headings */
  uint8_t level;       /* section / heading depth */
  unsigned number;     /* citation / reference number */
  rd_doc *doc;
  rd_node *parent, *first, *last, *next, *prev;
  size_t nchildren;
  size_t start, end;   /* bytes in doc->src */
  size_t cstart, cend; /* code points in doc->src */
  const char *text;    /* see rd_node_text(); arena, or a view (texts made on request, below) */
  size_t text_len;
  const char *id;      /* section id path; arena */
  const char *summary; /* section: English summary (summaries module); arena */
  rd_node *target;     /* citation: the REFERENCE it resolves to */
  size_t text_off;     /* citation: byte offset in its sentence's text */
  rd__piece *pieces;   /* sentence: text -> source mapping; arena */
  size_t npieces;
  size_t tok_first, tok_count; /* sentence: range of doc->tokens */
  size_t index;        /* sentence: index in doc->sentences */
  size_t word_first, word_count; /* sentence: range of doc->words (words.c) */
  /* Indexes for constant-time access by position, built by rd__doc_finish
   * (NULL while a reader is still building, when the lists are walked). */
  rd_node **kids;      /* the nchildren linked children, in order; arena */
  struct rd__box *box; /* DOCUMENT, SECTION: children by kind; arena */
  rd_node **mixed;     /* SENTENCE with citations and tokens: every child in
                        * source order (tokens cast), built by rd__doc_set_tokens */
};

/* A container's children by kind, so that paragraph_at, subsection_at,
 * the heading, the question and the reference list are found at once. */
typedef struct rd__box {
  rd_node **paras;     /* PARAGRAPH and QUESTION children, in order */
  size_t nparas;
  rd_node **subs;      /* SECTION children, in order */
  size_t nsubs;
  rd_node *heading, *question, *refs; /* the first of each kind, or NULL */
} rd__box;

/* Everything a token shares with every other occurrence of the same word:
 * one record per distinct word and document, so a token itself stays small. */
typedef struct rd__lex {
  rd_doc *doc;                     /* the document whose arena holds it (a token's way back) */
  const char *surface, *lemma, *pos, *infl, *reading, *pron;
  const char *orig_reading, *rule; /* set when a rule/override changed reading */
  size_t surface_len;              /* its bytes (0 when absent): rd_node_text asks per token */
  unsigned flags;                  /* RD_TOKEN_* */
  rd_pos pos_class;
  rd_ruby *ruby;                   /* furigana over the surface; arena */
  size_t ruby_count;
  rd_ruby *groups;                 /* touching segments merged, for display; == ruby when none touch */
  size_t group_count;
  const char **glosses;            /* English (glossary module); arena */
  size_t gloss_count;
} rd__lex;

/* Alternative readings (token.c): a side table per token array, keyed by
 * token index, so the token record stays small. Confidences are shares
 * (0..1) kept in thousandths, so an XML round trip gives the same values. */
typedef struct rd__alt {
  const char *reading; /* interned */
  float confidence;
} rd__alt;
typedef struct rd__alt_entry {
  size_t token;        /* index in the table's token array; ascending */
  float chosen;        /* confidence of the token's own reading */
  uint32_t first, count; /* items[first..first+count) */
} rd__alt_entry;
/* Entries with their items, appended in ascending token order: a worker's
 * alternatives (alternatives.c) and a document's table (token.c). */
typedef struct rd__alt_list {
  rd__vec entries; /* rd__alt_entry */
  rd__vec items;   /* rd__alt */
} rd__alt_list;
#define RD__ALT_LIST_INIT {RD__VEC_INIT(rd__alt_entry), RD__VEC_INIT(rd__alt)}
/* Append token's entry with copies of alts[0..n) (the caller may then
 * replace their readings: they are the last n items). -1 on OOM, the list
 * unchanged. */
int rd__alt_list_push(rd__alt_list *l, size_t token, float chosen, const rd__alt *alts, size_t n);
static inline rd__alt_entry *rd__alt_list_entries(const rd__alt_list *l) { return l->entries.ptr; }
static inline rd__alt *rd__alt_list_items(const rd__alt_list *l) { return l->items.ptr; }
typedef struct rd__alts {
  const struct rd__token *tokens; /* the token array the indexes refer to */
  size_t ntokens;
  rd__alt_list list;
  struct rd__alts *older;   /* tables of retired token arrays (freed with the document) */
} rd__alts;

/* 16 bytes (a 10 MB article has 2.2 M tokens: 35 MB, where 24 bytes made
 * 53 MB): the source span is a start and a 24-bit length, code-point
 * offsets are derived from the document's char_ck index when asked
 * (rd_node_char_span), the sentence from the token's index in its array
 * and the sentences' token ranges (rd__tok_sentence), and the document is
 * reached through the lex. */
typedef struct rd__token {
  uint8_t kind;        /* RD_NODE_TOKEN; first member, shared with rd_node */
  uint8_t len_hi;      /* source bytes: len_hi << 16 | len_lo (rd__tok_len) */
  uint16_t len_lo;
  uint32_t start;      /* bytes in doc->src */
  union {
    const rd__lex *lex;
    size_t lex_index;  /* annotate.c, until its merge: the worker's pack */
  };
} rd__token;

/* The longest source span a token can have (16 MiB; a word is at most
 * one sentence piece, and a sentence's source is bounded by what its
 * reader drops from its text). */
#define RD__TOK_LEN_MAX 0xFFFFFFu
static inline size_t rd__tok_len(const rd__token *t) { return (size_t)t->len_hi << 16 | t->len_lo; }
static inline size_t rd__tok_end(const rd__token *t) { return t->start + rd__tok_len(t); }
/* Set t's source span [start, end); -1 (t unchanged) if it does not fit:
 * start past 4 GiB or longer than RD__TOK_LEN_MAX. */
static inline int rd__tok_set_span(rd__token *t, size_t start, size_t end) {
  if (start > UINT32_MAX || end < start || end - start > RD__TOK_LEN_MAX) return -1;
  t->start = (uint32_t)start;
  t->len_hi = (uint8_t)((end - start) >> 16);
  t->len_lo = (uint16_t)((end - start) & 0xFFFF);
  return 0;
}

/* A ruby annotation the source gave (HTML rt): source bytes [start, end)
 * of the base text and the editors' reading; sorted by start. */
typedef struct rd__ruby_span {
  size_t start, end;
  const char *reading; /* arena */
  unsigned flags;      /* RD__RUBY_* (editorial.h) */
} rd__ruby_span;

struct rd_doc {
  atomic_int refs;
  /* Readers (the writers' dispatcher, token look-ups) hold it shared;
   * mutation (annotate's merge, gloss, words, summaries) holds it
   * exclusively, so a reader sees the state before or after, never a
   * mix. Take it with rd__doc_lock(), which is reentrant per thread.
   * A pthread_rwlock_t behind a pointer, so that files including this
   * header need no POSIX feature macro; malloc (doc.c). */
  struct rd__doc_rwlock *lock;
  rd__arena arena;
  char *src;           /* source text, NUL-terminated copy; malloc */
  size_t src_len;
  size_t src_chars;
  const char *name;    /* arena */
  rd_node *root;
  rd_node *title, *headline, *lead;
  const char *date, *byline; /* metadata the source gave (HTML); arena, NULL if absent */
  rd__ruby_span *ruby_spans; size_t nruby_spans, capruby_spans; /* source ruby (editorial.c); arena */
  /* indexes built by rd__doc_finish */
  rd_node **sections;  size_t nsections;
  rd_node **sentences; size_t nsentences;
  uint32_t *char_ck;   /* code points before byte k*RD__CK_STEP; malloc */
  uint32_t *line_ck;   /* newlines before byte k*RD__CK_STEP (rd_node_line); malloc */
  size_t nck;
  /* tokens: one flat array; older arrays of a re-annotated document stay
   * alive in `retired` so that held token pointers remain valid. */
  rd__token *tokens;   size_t ntokens; /* token.c */
  rd__token **retired; size_t *retired_n; size_t nretired;
  size_t **retired_ranges; /* per retired array: its sentences' (tok_first, tok_count), 2 per sentence; malloc */
  rd__hash strs;       /* interned strings: key = the arena copy (token.c) */
  rd__hash lexes;      /* rd__lex records, keyed by their packs (token.c; *_hashed calls only) */
  struct rd__lex_pending *lex_pending; /* records not yet in lexes (rd__doc_lex_distinct); arena */
  size_t nlex_pending, caplex_pending;
  unsigned char *lex_room; size_t lex_room_len; /* arena left for rd__doc_lex_distinct_image's copies */
  rd__hash section_ids; /* section id -> first section with it (rd__doc_finish) */
  /* warnings: "line N: ..." strings; arena */
  const char **warnings; size_t nwarnings, capwarnings;
  /* past RD__MAX_WARNINGS, warnings are counted, not kept: the last slot
   * points at warn_more ("N more warnings"), rewritten as the count grows */
  size_t warn_dropped; char warn_more[64];
  size_t warn_off; int64_t warn_line; /* rd__doc_warn: line of warn_off, so lines are counted once */
  void *known;         /* reserved for the views module */
  /* words (words.c): arena; valid while doc->tokens == words_tokens */
  struct rd_word *words; size_t nwords; const rd__token *words_tokens;
  const char *dictionary; /* "ipadic: DIR vN, N entries" of the last annotation (views record it); arena */
  /* Alternative readings (token.c): the newest table, each table linking
   * to the one before; a table is complete and immutable once published
   * here, so token accessors read it without the lock. */
  _Atomic(rd__alts *) alts;
  _Atomic(struct rd__lazy_text *) lazy_texts; /* block texts made on request (node.c); freed with the document */
};


/* Small enough that a token's code-point offsets, derived from it on
 * demand, cost a scan of at most 63 bytes. */
#define RD__CK_STEP 64

/* ---- texts made on request (node.c) ---------------------------------------
 * rd_node_text() promises a NUL-terminated string, but a sentence's text
 * is nearly always its source span, and a paragraph's its sentences' with
 * the white space between them: kept as copies they were two more copies
 * of the article (20 MB at 10 MB), which the text views never ask for.
 * The reader marks such a node RD__NODE_LAZY_TEXT and leaves:
 *  - a SENTENCE whose text is its source span with `text` pointing at
 *    doc->src + start: a view, text_len bytes, NOT NUL-terminated;
 *  - a PARAGRAPH or QUESTION with `text` = rd__text_pending (no bytes) and
 *    text_off = the block's first source byte.
 * rd_node_text() makes the NUL-terminated copy on first request
 * (malloc'ed, published with a compare-and-swap so that concurrent readers
 * agree on one copy, kept on doc->lazy_texts until the document is freed).
 * Code inside the library that reads a sentence's `text` field directly
 * must use text_len and not rely on a terminator (the analyzer copies it,
 * annotate.c); a block's `text` must be read through rd_node_text(). */
extern const char rd__text_pending[];
typedef struct rd__lazy_text {
  struct rd__lazy_text *next;
  char text[];
} rd__lazy_text;
/* Bytes of a block's text from source byte `start` (its sentences' texts
 * and the white space between them), and the text itself into out (len
 * bytes, no NUL). */
size_t rd__block_text_len(const rd_node *block, size_t start);
void rd__block_text_copy(char *out, const rd_node *block, size_t start);

/* ---- the document lock (doc.c) ------------------------------------------ */
/* Take doc->lock shared (write = 0) or exclusive (write = 1). A thread
 * that already holds the lock exclusively, or shared when it asks shared,
 * gets 0 and must not unlock (mutators call readers and each other;
 * token look-ups run inside the writers); otherwise nonzero. Pass the
 * result to rd__doc_unlock. A reader must never call a mutator. */
int rd__doc_lock(const rd_doc *doc, int write);
/* Create doc->lock (rd__doc_new); -1 on failure. Freed by rd_doc_unref. */
int rd__doc_lock_init(rd_doc *doc);
void rd__doc_unlock(const rd_doc *doc, int took);
/* Destroy the lock (doc_lock.c), when the document is freed. */
void rd__doc_lock_dispose(rd_doc *doc);

/* ---- offsets (doc_build.c, valid after rd__doc_finish) ----------------- */
/* Code-point offset of a byte offset in doc->src. Inline: navigation
 * (node.c) derives tokens' character spans with it, and doc_build.c
 * already depends on node.c. */
static inline size_t rd__doc_char_offset(const rd_doc *doc, size_t off) {
  if (off >= doc->src_len) return doc->src_chars;
  if (!doc->char_ck) return rd__utf8_count(doc->src, off);
  size_t k = off / RD__CK_STEP;
  return doc->char_ck[k] + rd__utf8_count(doc->src + k * RD__CK_STEP, off - k * RD__CK_STEP);
}
/* Source byte offset of a byte offset in a sentence's text. */
size_t rd__sentence_src_offset(const rd_node *sentence, size_t text_off);

/* ---- interning and token storage (token.c; analyzer, glossary, XML reader) */
/* A NUL-terminated arena copy shared by every equal string; NULL on OOM. */
const char *rd__doc_intern(rd_doc *doc, const char *s, size_t len);
/* The document's canonical copy of a lex record with these contents (its
 * strings and ruby copied, display groups made); proto->groups and
 * proto->glosses are ignored. Two calls with equal contents return one
 * record. NULL on OOM or a field too long to pack. */
const rd__lex *rd__doc_lex(rd_doc *doc, const rd__lex *proto);
/* The same in two steps, for a caller that keeps packs (annotate.c): the
 * packed form of a record (its identity: flags, POS class, the eight
 * strings, the ruby) is rd__lex_pack_len(proto) bytes (0: too long),
 * written by rd__lex_pack_into, which returns its hash; then
 * rd__doc_lex_packed finds or makes the document's record of a pack. */
size_t rd__lex_pack_len(const rd__lex *proto);
uint64_t rd__lex_pack_into(unsigned char *out, size_t len, const rd__lex *proto);
uint64_t rd__lex_pack_hash(const void *pack, size_t len);
const rd__lex *rd__doc_lex_packed(rd_doc *doc, const unsigned char *pack, size_t len, uint64_t hash);
/* Room for n more records in the document's table before a batch of
 * rd__doc_lex_packed calls: one table of the right size instead of
 * doubling it from 64 slots per document. Only a hint: on OOM the table
 * stays as it is and grows (or fails) in rd__doc_lex_packed. */
void rd__doc_lex_reserve(rd_doc *doc, size_t n);
/* For a document with no records yet, whose caller's n packs are distinct
 * from each other (one worker of annotate.c): room for their records (and
 * image_bytes for the copies of images, rd__doc_lex_distinct_image),
 * made by rd__doc_lex_distinct without a table probe each; the table is
 * filled from them only when a later rd__doc_lex_packed needs it. False
 * (nothing changed) when the document has records or on OOM: then
 * reserve and call rd__doc_lex_packed. */
bool rd__doc_lex_distinct_begin(rd_doc *doc, size_t n, size_t image_bytes);
/* The record of a pack after rd__doc_lex_distinct_begin, at most n
 * calls, each pack distinct from the others. NULL on OOM. */
const rd__lex *rd__doc_lex_distinct(rd_doc *doc, const unsigned char *pack, size_t len, uint64_t hash);
/* The record a document makes of a pack, made once in arena a as an image
 * of *size_out bytes (its doc NULL; its copy of the pack at *key_off_out),
 * for a caller that keeps packs across documents: then
 * rd__doc_lex_distinct_image is rd__doc_lex_distinct by one copy of the
 * image, without unpacking. NULL on OOM. */
const rd__lex *rd__lex_image(size_t *size_out, size_t *key_off_out, rd__arena *a, const unsigned char *pack, size_t len);
const rd__lex *rd__doc_lex_distinct_image(rd_doc *doc, const rd__lex *img, size_t size, size_t key_off, size_t len,
                                          uint64_t hash);
/* Install a token array (malloc'ed; the document takes it over) and the
 * sentences' ranges into it, which the caller has set in tok_first /
 * tok_count, in sentence order (a sentence's tokens follow the earlier
 * sentences'); the sentences' child indexes are rebuilt. An earlier array
 * is retired, not freed: `old_ranges` are the ranges it had (2 per
 * sentence, as above; copied), so that its tokens still find their
 * sentences; NULL when the document had no tokens. On error nothing
 * changed (the caller still owns `tokens`). Call after rd__doc_finish. */
rd_status rd__doc_set_tokens(rd_doc *doc, rd__token *tokens, size_t n, const size_t *old_ranges);
/* Alternative readings of a token array: a new table for it (the one
 * about to be installed, or the current one), entries added in ascending token order
 * (readings interned, confidences rounded to 0.001), then published, or
 * freed on error. Tables of earlier arrays stay for their retired tokens.
 * Call with the document held exclusively (or not yet shared). */
rd_status rd__doc_alts_begin(rd__alts **out, const rd__token *tokens, size_t ntokens);
rd_status rd__doc_alts_add(rd_doc *doc, rd__alts *a, size_t token, double chosen, const rd__alt *alts, size_t n);
void rd__doc_alts_publish(rd_doc *doc, rd__alts *a);
void rd__alts_free(rd__alts *a);
/* Free the current and retired token arrays (rd_doc_unref). */
void rd__doc_tokens_dispose(rd_doc *doc);

static inline int rd__is_token(const rd_node *n) { return n && n->kind == RD_NODE_TOKEN; }
static inline rd_doc *rd__tok_doc(const rd__token *t) { return t->lex->doc; }
/* The index in doc->sentences of t's sentence: from t's index in its
 * array and that array's sentence ranges (binary search, with a per-thread
 * note of the last answer, so a walk token by token costs a comparison). */
size_t rd__tok_sentence_index(const rd__token *t);
/* Where t lives, found with one look-up (navigation asks all of it per
 * token): its array (the current one or a retired one) and length, its
 * index there, its sentence's index in doc->sentences and that sentence's
 * token range [first, first + count) in the same array. */
typedef struct rd__tok_place {
  const rd__token *base;
  size_t n, i, sentence, first, count;
} rd__tok_place;
void rd__tok_locate(rd__tok_place *out, const rd__token *t);
static inline rd_node *rd__tok_sentence(const rd__token *t) { return t->lex->doc->sentences[rd__tok_sentence_index(t)]; }
static inline const rd__token *rd__tok(const rd_node *n) { return (const rd__token *)(const void *)n; }
/* The array a token lives in (the current one, or a retired one after
 * re-annotation) and its length: navigation stays within it. */
const rd__token *rd__tok_array(const rd__token *t, size_t *n_out);

/* Normalise for matching headings: NFKC, white space removed (normalize.c).
 * Returns a malloc'ed string (caller frees) or NULL on OOM/invalid input. */
char *rd__normalize_key(const char *s, size_t len, size_t *len_out);

/* Sections by heading, built once (doc.c), so that pairing N summaries by
 * heading normalises each heading once instead of every heading per
 * summary (issue 16, item 11). Keys are normalised (rd__normalize_key):
 * `exact` holds each heading, `numbered` its "ID.heading" form (the second
 * choice, as rd_doc_section_by_heading); the first section in document
 * order wins a key. The index borrows the document's sections: build it
 * and use it while the document's structure does not change. */
typedef struct rd__heading_index {
  rd__hash exact, numbered;
  char **keys; /* the tables' keys (malloc'ed), freed with the index */
  size_t nkeys;
} rd__heading_index;
/* RD_ENOMEM (set) on failure; the index is then empty but disposable. */
rd_status rd__heading_index_build(rd__heading_index *ix, const rd_doc *doc);
/* The section whose heading matches HEADING (LEN bytes) as
 * rd_doc_section_by_heading() would find it, or NULL. */
rd_node *rd__heading_index_find(const rd__heading_index *ix, const char *heading, size_t len);
void rd__heading_index_dispose(rd__heading_index *ix);

#endif
