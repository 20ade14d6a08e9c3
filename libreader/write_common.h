/* What several writers share about a document, read through the public
 * API only: which tokens are known, which get furigana, a sentence with
 * its furigana (brackets or ruby markup), kana, sections, lemma readings.
 * It knows no particular writer. */
#ifndef READER_WRITE_COMMON_H
#define READER_WRITE_COMMON_H

#include "common_internal.h"
#include "reader/doc.h"
#include "reader/known.h"
#include "reader/node.h"
#include "reader/token.h"
#include "reader/word.h"
#include "reader/write.h"

/* Whether a word is in the options' known-words list, by its dictionary
 * form, its written form or its reading. */
int rd__word_known(const rd_word *w, const rd_write_options *o);
/* The word a token belongs to (NULL when the document has no words). */
const rd_word *rd__token_word(const rd_node *tok);
/* Whether a token is known: its word's rd__word_known(), or without words
 * its lemma or surface. */
int rd__token_known(const rd_node *tok, const rd_write_options *o);
/* Whether a token gets furigana under the options' furigana setting. */
int rd__token_wants_ruby(const rd_node *tok, const rd_write_options *o);
/* Append s with katakana turned into hiragana. */
void rd__buf_put_hiragana(rd__buf *b, const char *s, size_t len);
/* Whether s[0..len) is only spaces, tabs and line breaks. */
int rd__all_space(const char *s, size_t len);

/* How a sentence's furigana is written. */
typedef enum rd__ruby_style {
  RD__RUBY_BRACKETS, /* Anki: " 盗[ぬす]まれた"; citations left out (they would read as furigana) */
  RD__RUBY_HTML      /* <ruby>盗<rt>ぬす</rt></ruby>まれた, & < > escaped; citations as [n] */
} rd__ruby_style;

/* A token in Anki bracket style ( 盗[ぬす]まれた): a space goes before a
 * base unless it starts the output or follows ']', a space or a line
 * break. `last` is the last byte written so far (0 at the start) and is
 * updated. */
void rd__buf_put_brackets(rd__buf *b, const rd_node *tok, int ruby, char *last);
/* A token as HTML ruby markup (escaped). */
void rd__buf_put_ruby_html(rd__buf *b, const rd_node *tok, int ruby);
/* A sentence with furigana in a style: its tokens, the white space between
 * them (and at its ends) as in the source; the text as it is when the
 * sentence has no tokens. */
void rd__buf_put_sentence_ruby(rd__buf *b, const rd_node *sentence, rd__ruby_style style, const rd_write_options *o);
/* The sentence's text with its citation markers ([n]) back where they stood. */
void rd__buf_put_sentence_cited(rd__buf *b, const rd_node *sentence);

/* The dictionary form's reading in hiragana ("盗む" -> "ぬすむ"); NULL if
 * it cannot be worked out. Returns a malloc'ed string. */
char *rd__lemma_reading(const rd_node *tok);
/* The nearest SECTION around a node (the node itself included), or NULL. */
const rd_node *rd__section_of(const rd_node *n);

#endif
