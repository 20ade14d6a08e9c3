/* The document model's private layout, shared by the readers (which build
 * trees), the analyzer (which adds tokens), the English modules and the
 * writers. Only node.c/doc.c/iter.c and the builders below touch fields
 * directly; everything else goes through the public API. */
#ifndef READER_DOC_INTERNAL_H
#define READER_DOC_INTERNAL_H

#include <stdatomic.h>

#include "common_internal.h"
#include "reader/doc.h"
#include "reader/node.h"
#include "reader/token.h"

/* Node flags. */
#define RD__NODE_SYNTH     0x01 /* section made from the contents list */
#define RD__NODE_AFTERWORD 0x02 /* the あとがき section */

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
  const char *text;    /* see rd_node_text(); arena */
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
};

/* Everything a token shares with every other occurrence of the same word:
 * interned once per document, so a token itself stays small. */
typedef struct rd__lex {
  const char *surface, *lemma, *pos, *infl, *reading, *pron;
  const char *orig_reading, *rule; /* set when a rule/override changed reading */
  unsigned flags;                  /* RD_TOKEN_* */
  rd_pos pos_class;
  rd_ruby *ruby;                   /* furigana over the surface; arena */
  size_t ruby_count;
  rd_ruby *groups;                 /* touching segments merged, for display; == ruby when none touch */
  size_t group_count;
  const char **glosses;            /* English (glossary module); arena */
  size_t gloss_count;
} rd__lex;

typedef struct rd__token {
  uint8_t kind;        /* RD_NODE_TOKEN; first member, shared with rd_node */
  uint32_t start, end;   /* bytes in doc->src */
  uint32_t cstart, cend; /* code points in doc->src */
  rd_node *sentence;
  const rd__lex *lex;
} rd__token;

typedef struct rd__intern rd__intern; /* string and lex intern tables (doc.c) */

struct rd_doc {
  atomic_int refs;
  rd__arena arena;
  char *src;           /* source text, NUL-terminated copy; malloc */
  size_t src_len;
  size_t src_chars;
  const char *name;    /* arena */
  rd_node *root;
  rd_node *title, *headline, *lead;
  /* indexes built by rd__doc_finish */
  rd_node **sections;  size_t nsections;
  rd_node **sentences; size_t nsentences;
  uint32_t *char_ck;   /* code points before byte k*RD__CK_STEP; malloc */
  size_t nck;
  /* tokens: one flat array; older arrays of a re-annotated document stay
   * alive in `retired` so that held token pointers remain valid. */
  rd__token *tokens;   size_t ntokens;
  rd__token **retired; size_t *retired_n; size_t nretired;
  rd__intern *intern;
  /* warnings: "line N: ..." strings; arena */
  const char **warnings; size_t nwarnings, capwarnings;
  size_t warn_off; int64_t warn_line; /* rd__doc_warn: line of warn_off, so lines are counted once */
  void *known;         /* reserved for the views module */
  /* words (words.c): arena; valid while doc->tokens == words_tokens */
  struct rd_word *words; size_t nwords; const rd__token *words_tokens;
  const char *dictionary; /* "ipadic: DIR vN, N entries" of the last annotation (views record it); arena */
};

#define RD__CK_STEP 256

/* ---- building a document (readers) ---------------------------------------
 * rd__doc_new copies the source; the reader then creates nodes, appends
 * them and finally calls rd__doc_finish, which builds the indexes,
 * numbers sentences, computes character spans and resolves citations. */
rd_doc *rd__doc_new(const char *src, size_t len, const char *name);
rd_node *rd__node_new(rd_doc *doc, rd_node_kind kind, size_t start, size_t end);
/* Append child to parent; refuses (RD_EINVALID) what rd__can_contain rejects. */
rd_status rd__node_append(rd_node *parent, rd_node *child);
int rd__can_contain(const rd_node *parent, const rd_node *child);
/* Copy text into the arena as the node's text. */
rd_status rd__node_set_text(rd_node *n, const char *text, size_t len);
rd_status rd__doc_finish(rd_doc *doc);
/* Record a warning about source byte `offset` ("line N: " is prepended). */
rd_status rd__doc_warn(rd_doc *doc, size_t offset, const char *fmt, ...) RD__PRINTF(3, 4);
/* Append an already formatted warning (arena string) to the list. */
rd_status rd__doc_push_warning(rd_doc *doc, const char *s);
/* Code-point offset of a byte offset in doc->src (after rd__doc_finish). */
size_t rd__doc_char_offset(const rd_doc *doc, size_t byte_off);
/* Source byte offset of a byte offset in a sentence's text. */
size_t rd__sentence_src_offset(const rd_node *sentence, size_t text_off);

/* ---- interning (analyzer, glossary) ------------------------------------ */
/* A NUL-terminated arena copy shared by every equal string; NULL on OOM. */
const char *rd__doc_intern(rd_doc *doc, const char *s, size_t len);
/* The document's canonical copy of a lex record with these contents (its
 * strings interned, its ruby copied); proto->glosses is ignored. */
const rd__lex *rd__doc_lex(rd_doc *doc, const rd__lex *proto);
/* Install a token array (malloc'ed; the document takes it over) and the
 * sentences' ranges into it, which the caller has set in tok_first /
 * tok_count. An earlier array is retired, not freed. */
rd_status rd__doc_set_tokens(rd_doc *doc, rd__token *tokens, size_t n);

static inline int rd__is_token(const rd_node *n) { return n && n->kind == RD_NODE_TOKEN; }
static inline const rd__token *rd__tok(const rd_node *n) { return (const rd__token *)(const void *)n; }
/* The array a token lives in (the current one, or a retired one after
 * re-annotation) and its length: navigation stays within it. */
const rd__token *rd__tok_array(const rd__token *t, size_t *n_out);

/* Normalise for matching headings: NFKC, white space removed (normalize.c).
 * Returns a malloc'ed string (caller frees) or NULL on OOM/invalid input. */
char *rd__normalize_key(const char *s, size_t len, size_t *len_out);

#endif
