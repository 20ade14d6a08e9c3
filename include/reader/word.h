/** @file reader/word.h
 *  Words as a learner and a dictionary see them: spans of MeCab's tokens
 *  grouped by the longest dictionary match and by inflection.
 */
#ifndef READER_WORD_H
#define READER_WORD_H

#include "reader/common.h"
#include "reader/node.h"
#include "reader/token.h"
#include "reader/glossary.h"

RD_BEGIN_DECL

/** @defgroup word Words
 *  A word is a run of consecutive tokens of one sentence: ビット+コイン is
 *  the word ビットコイン (an EDICT headword whose reading agrees with the
 *  tokens'), 盗ま+れ+た is 盗む with the inflection "passive, past", and
 *  482+億+円 is one number word. Every token of a sentence belongs to
 *  exactly one word, so walking a sentence's words visits all its text.
 *  Furigana, readings and offsets stay on the tokens (rd_word_token_at()).
 *
 *      rd_doc_words(doc, glossary, NULL);
 *      for (size_t i = 0; i < rd_doc_word_count(doc); i++) {
 *        const rd_word *w = rd_doc_word_at(doc, i);
 *        printf("%s %s %s\n", rd_word_surface(w), rd_word_lemma(w), rd_word_inflection_text(w));
 *      }
 *  @{ */

/** One word of a sentence. Borrowed from its document. */
typedef struct rd_word rd_word;

/** Word-building flags (rd_words_options.flags). */
#define RD_WORDS_DEFAULT 0u
/** Do not join tokens by dictionary match (inflection and numbers only). */
#define RD_WORDS_NO_DICTIONARY (1u << 0)
/** Do not join a verb or adjective with its auxiliaries and endings. */
#define RD_WORDS_NO_INFLECTION (1u << 1)

/** Version of rd_words_options this header describes. */
#define RD_WORDS_OPTIONS_VERSION 1
/** Options of rd_doc_words(). Initialise with RD_WORDS_OPTIONS_INIT. */
typedef struct rd_words_options {
  unsigned version;  /**< RD_WORDS_OPTIONS_VERSION */
  unsigned flags;    /**< RD_WORDS_* */
  unsigned max_span; /**< most tokens one dictionary match may join; 0: 8 */
} rd_words_options;

/** Default rd_words_options. */
#define RD_WORDS_OPTIONS_INIT {RD_WORDS_OPTIONS_VERSION, RD_WORDS_DEFAULT, 0u}

/** Build the words of every sentence of an annotated document, replacing
 *  any built before. Without a glossary, tokens are joined by inflection
 *  and numbers only and words have no glosses. Glosses are copied into
 *  the document, so the glossary may be freed first. Annotating the
 *  document again makes its words absent (count 0) until this is called
 *  again.
 *  @param gl    EDICT glossary (rd_glossary_new()), or NULL
 *  @param opts  NULL for the defaults, else initialised with RD_WORDS_OPTIONS_INIT
 *  @return RD_OK, RD_EINVALID (NULL document, not annotated, unknown
 *          opts->version), RD_ENOMEM (the earlier words are kept)
 *  Ownership: the words live in the document's arena; nothing to free. */
RD_EXPORT rd_status rd_doc_words(rd_doc *doc, const rd_glossary *gl, const rd_words_options *opts);

/** Number of words in the document (0 before rd_doc_words()). O(1). */
RD_EXPORT size_t rd_doc_word_count(const rd_doc *doc);
/** The i-th word of the document in document order (NULL if out of range). O(1).
 *  Ownership: borrowed; valid while the document lives. */
RD_EXPORT const rd_word *rd_doc_word_at(const rd_doc *doc, size_t i);
/** Number of words of one SENTENCE node (0 for other nodes). O(1). */
RD_EXPORT size_t rd_sentence_word_count(const rd_node *sentence);
/** The i-th word of one SENTENCE node (NULL for other nodes or out of range). O(1).
 *  Ownership: borrowed. */
RD_EXPORT const rd_word *rd_sentence_word_at(const rd_node *sentence, size_t i);
/** The sentence a word belongs to. Ownership: borrowed. */
RD_EXPORT const rd_node *rd_word_sentence(const rd_word *w);
/** Number of the word's tokens (at least one). */
RD_EXPORT size_t rd_word_token_count(const rd_word *w);
/** The word's i-th token, in order (NULL if i is out of range).
 *  Ownership: borrowed TOKEN node. */
RD_EXPORT const rd_node *rd_word_token_at(const rd_word *w, size_t i);

/** The word as written ("盗まれた"). Ownership: borrowed; NUL-terminated. */
RD_EXPORT const char *rd_word_surface(const rd_word *w);
/** Dictionary form: 盗む for 盗まれた, 来る for 来た and くる (the EDICT
 *  headword whose reading agrees), ビットコイン. Ownership: borrowed. */
RD_EXPORT const char *rd_word_lemma(const rd_word *w);
/** Reading of the dictionary form in hiragana ("ぬすむ"), or NULL when
 *  unknown (an unknown kanji word). Ownership: borrowed. */
RD_EXPORT const char *rd_word_reading(const rd_word *w);
/** Number of inflection steps; 0 for a word in its dictionary form. */
RD_EXPORT size_t rd_word_inflection_count(const rd_word *w);
/** The i-th inflection step, in order ("passive", "past"; "polite";
 *  "negative"; "potential/passive"; "causative"; "te-form"; "volitional";
 *  ...), NULL if i is out of range. Ownership: borrowed static string. */
RD_EXPORT const char *rd_word_inflection_at(const rd_word *w, size_t i);
/** The steps joined by ", " ("passive, past"), "" when none.
 *  Ownership: borrowed. */
RD_EXPORT const char *rd_word_inflection_text(const rd_word *w);
/** Coarse part of speech of the word (its head token's, or noun for a
 *  dictionary match of nouns; RD_POS_NUMBER for a number with its counter). */
RD_EXPORT rd_pos rd_word_pos_class(const rd_word *w);
/** Whether the word is a proper noun (a name). */
RD_EXPORT bool rd_word_is_name(const rd_word *w);
/** Whether a learner studies the word: false for particles, auxiliaries,
 *  symbols, white space, numbers (with their counters), and words made
 *  only of Latin letters or digits. */
RD_EXPORT bool rd_word_is_content(const rd_word *w);
/** Number of glosses of the dictionary entry chosen for the word (0 when
 *  the word has none, or no glossary was given). */
RD_EXPORT size_t rd_word_gloss_count(const rd_word *w);
/** The i-th gloss, the word's right sense first (NULL if i is out of range).
 *  Ownership: borrowed; NUL-terminated. */
RD_EXPORT const char *rd_word_gloss_at(const rd_word *w, size_t i);

/** @} */

RD_END_DECL

#endif
