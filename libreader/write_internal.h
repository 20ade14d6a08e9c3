/* Private plumbing of the writers (write_*.c): a chunked output sink that
 * feeds the caller's callback, and helpers several views share (which
 * words are known, which get furigana, kana conversion, sections). */
#ifndef READER_WRITE_INTERNAL_H
#define READER_WRITE_INTERNAL_H

#include "doc_internal.h"
#include "reader/write.h"
#include "reader/known.h"

/* Output goes through a fixed buffer to the callback; the first failure
 * sticks in `st` and later writes are dropped, so a writer checks once. */
typedef struct rd__sink {
  rd_write_fn fn;
  void *payload;
  rd_status st;
  size_t len;
  char buf[16384];
} rd__sink;

void rd__sink_put(rd__sink *k, const char *s, size_t len);
void rd__sink_puts(rd__sink *k, const char *s);
void rd__sink_putc(rd__sink *k, char c);
void rd__sink_printf(rd__sink *k, const char *fmt, ...) RD__PRINTF(2, 3);
/* Record a failure (the error is already set); keeps the first one. */
void rd__sink_fail(rd__sink *k, rd_status st);
/* Markup escaping shared by the HTML and XML writers: & < > always,
 * " with RD__ESC_QUOT, tab/LF/CR as character references with RD__ESC_WS. */
#define RD__ESC_QUOT 1u
#define RD__ESC_WS 2u
void rd__sink_escape(rd__sink *k, const char *s, size_t len, unsigned what);
rd_status rd__sink_flush(rd__sink *k);

/* Writers: each streams the whole document into the sink. */
rd_status rd__write_xml(const rd_doc *doc, rd__sink *k, const rd_write_options *o);
rd_status rd__write_json(const rd_doc *doc, rd__sink *k, const rd_write_options *o);
rd_status rd__write_html(const rd_doc *doc, rd__sink *k, const rd_write_options *o);
rd_status rd__write_text(const rd_doc *doc, rd__sink *k, rd_output kind, const rd_write_options *o);
rd_status rd__write_vocab(const rd_doc *doc, rd__sink *k, const rd_write_options *o);

/* Whether a token's lemma is in the options' known-words list. */
int rd__token_known(const rd_node *tok, const rd_write_options *o);
/* Whether a token gets furigana under the options' furigana setting. */
int rd__token_wants_ruby(const rd_node *tok, const rd_write_options *o);
/* Append s with katakana turned into hiragana. */
void rd__buf_put_hiragana(rd__buf *b, const char *s, size_t len);
/* A token in Anki bracket style ( 盗[ぬす]まれた): a space goes before a
 * base unless it starts the output or follows ']'. `last` is the last
 * byte written so far (0 at the start) and is updated. */
void rd__buf_put_brackets(rd__buf *b, const rd_node *tok, int ruby, char *last);
/* A sentence in bracket style, citations left out. */
void rd__buf_put_sentence_brackets(rd__buf *b, const rd_node *sentence, const rd_write_options *o);
/* The dictionary form's reading in hiragana ("盗む" -> "ぬすむ"); NULL if
 * it cannot be worked out. Returns a malloc'ed string. */
char *rd__lemma_reading(const rd_node *tok);
/* The nearest SECTION around a node, or NULL. */
const rd_node *rd__section_of(const rd_node *n);

#endif
