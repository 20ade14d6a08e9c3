/* The word layer's data tables (deinflect_data.c), read by words.c. */
#ifndef READER_WORDS_INTERNAL_H
#define READER_WORDS_INTERNAL_H

#include <stddef.h>

/* A step flag: the step may only follow an adjective (高く+ない, 高い+です)
 * or the negative ん (ませ+ん+でし+た). */
#define RD__STEP_AFTER_ADJ 1u
/* The step replaces a te-form step just before it: 盗まれ+て+いる is
 * "passive, progressive", not "passive, te-form, progressive". */
#define RD__STEP_AFTER_TE 2u

/* One inflection step: a token that joins the verb or adjective before it
 * when its lemma is `lemma`, its part of speech starts with `pos`, and
 * (when set) its conjugation type starts with `type` and its form with
 * `form`. The first matching row wins. */
typedef struct rd__infl_step {
  const char *lemma, *pos, *type, *form;
  const char *name; /* the step's English name */
  unsigned flags;   /* RD__STEP_* */
} rd__infl_step;

extern const rd__infl_step rd__infl_steps[];
extern const size_t rd__infl_step_count;

/* Glosses for function words that EDICT only has as one mixed entry whose
 * first senses are another use (ため "good; benefit" for the formal noun
 * "for the sake of"): a word whose lemma is `lemma` and whose part of
 * speech starts with `pos` gets these glosses, '/'-separated. */
typedef struct rd__grammar_gloss {
  const char *lemma, *pos, *glosses;
} rd__grammar_gloss;

extern const rd__grammar_gloss rd__grammar_glosses[];
extern const size_t rd__grammar_gloss_count;

/* One word as a reader of a stored document (read_xml.c) found it: the
 * span first..first+count of its sentence's tokens and what the word layer
 * had computed. Strings are copied into the document. */
struct rd_doc;
struct rd_node;
typedef struct rd__word_spec {
  struct rd_node *sentence;
  size_t first, count;
  const char *lemma, *reading, *infl; /* infl: steps joined by ", ", or NULL */
  int pos;                            /* rd_pos */
  int name, content;
  const char *const *glosses;
  size_t ngloss;
  long line;                          /* for messages */
} rd__word_spec;

/* Replace the document's words with v[0..n), in document order. Each
 * annotated sentence's words must cover its tokens exactly, in order; on
 * failure (RD_EINVALID with the message's line, RD_ENOMEM) the document
 * keeps no words. Call after the tokens are set (rd__doc_set_tokens). */
int rd__doc_set_words(struct rd_doc *doc, const rd__word_spec *v, size_t n, const char *name);

#endif
