/* Entry points of the input readers, called by rd_doc_parse(). Each
 * reader builds the tree into a document and leaves rd__doc_finish to the
 * caller, except the HTML and XML readers, which make their own document
 * (their source text is not the input bytes). */
#ifndef READER_READERS_INTERNAL_H
#define READER_READERS_INTERNAL_H

#include "doc_build.h"
#include "model.h"

rd_status rd__read_text(rd_doc *doc, unsigned flags);   /* read_text.c */
rd_status rd__read_lines(rd_doc *doc);                  /* read_text.c */
rd_status rd__read_html(rd_doc **out, const char *html, size_t len, const rd_parse_options *o); /* read_html.c */
rd_status rd__read_xml(rd_doc **out, const char *xml, size_t len, const rd_parse_options *o);   /* read_xml.c */

/* Split the source range [start, end) of a block (HEADING, PARAGRAPH,
 * QUESTION) into SENTENCE children, taking inline [n] markers out of the
 * sentence text as CITATION children (read_sentences.c). */
rd_status rd__block_add_sentences(rd_doc *doc, rd_node *block, size_t start, size_t end);
/* The same, where only the markers starting at the sorted source offsets
 * mark_v[0..nmarks) are citations (the HTML reader's links): text that
 * merely looks like [n] stays text. */
rd_status rd__block_add_sentences_marked(rd_doc *doc, rd_node *block, size_t start, size_t end, const size_t *mark_v,
                                         size_t nmarks);

/* Inline structure at source byte i of a sentence [.., b) whose current
 * text run starts at lo: an Aozora ｜ (base start kept in *bar), a reading
 * 《かな》 or （かな） after a kanji word (recorded as an editorial ruby span
 * over its base), or an Aozora note ［＃…］. Returns the bytes that leave
 * the sentence text, 0 if none; *st gets RD_ENOMEM on OOM (read_text.c). */
size_t rd__inline_reading_at(rd_doc *doc, size_t lo, size_t i, size_t b, size_t *bar, rd_status *st);

/* Input that is not valid UTF-8: its text converted from Shift_JIS or
 * EUC-JP (declared by a meta charset, else detected) into *out (malloc'ed;
 * the caller parses and frees it); else the UTF-8 error, naming byte and
 * line (decode.c). Knows no reader: parse.c dispatches the result. */
rd_status rd__decode_legacy(char **out, size_t *len_out, const char *text, size_t len, const rd_parse_options *o);

#endif
