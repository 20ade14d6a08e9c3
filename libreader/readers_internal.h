/* Entry points of the input readers, called by rd_doc_parse(). Each
 * reader builds the tree into a document and leaves rd__doc_finish to the
 * caller, except the HTML and XML readers, which make their own document
 * (their source text is not the input bytes). */
#ifndef READER_READERS_INTERNAL_H
#define READER_READERS_INTERNAL_H

#include "doc_build.h"
#include "model.h"

/* marks: where ［ and 【 first occur in doc->src (src_len when absent), as
 * rd__utf8_validate_find notes them; NULL when not known. */
rd_status rd__read_text(rd_doc *doc, unsigned flags, const size_t marks[2]); /* read_text.c */
rd_status rd__read_lines(rd_doc *doc);                  /* read_text.c */

/* The plain-text reader as a state that goes from block to block, for a
 * streamed read (pipeline_stream.c): the article is pre-scanned whole
 * (rd__text_prescan over its lines, in order, then rd__text_prescan_end,
 * which says whether this reader can stream it: not an Aozora file), then
 * read a block of lines at a time, each into a document of its own whose
 * source is the article's bytes at their own offsets (only the part read
 * so far need be there: doc->src_len is its end, a line boundary). The
 * front matter, the contents and the numbering, the section stack, the
 * Citations lists and the afterword carry over; rd__read_text is the same
 * reader over one block. */
typedef struct rd__text_reader rd__text_reader;
#define RD__TEXT_MORE 1 /* rd__text_reader_block: read more of the article (up to a line end) and call again */
rd_status rd__text_reader_new(rd__text_reader **out, unsigned parse_flags);
void rd__text_reader_free(rd__text_reader *r);
/* Feed the lines of s[a, b) (b a line start, or the end of the article). */
void rd__text_prescan(rd__text_reader *r, const char *s, size_t a, size_t b);
int rd__text_prescan_end(rd__text_reader *r);
/* After a block: keep what the reader needs of its document (the open
 * sections), which may then be freed; before the next block: those
 * sections continued (without their headings) in its new document. */
rd_status rd__text_reader_detach(rd__text_reader *r);
rd_status rd__text_reader_rebase(rd__text_reader *r, rd_doc *doc);
/* Read lines from *pos into doc up to the first line start at or after
 * limit where a block may end (not inside a Citations list); *pos gets
 * where it stopped. eof: doc->src_len is the end of the article.
 * RD__TEXT_MORE: more of the article is needed (*pos where to go on). */
rd_status rd__text_reader_block(rd__text_reader *r, rd_doc *doc, size_t *pos, size_t limit, int eof);
/* After the last block: close the body and the sections (in its document). */
rd_status rd__text_reader_end(rd__text_reader *r, rd_doc *doc);
/* The contents lines [*start, *end) (empty when none were read): the
 * synthesised headings' text, needed until the end; *line is *start's line. */
void rd__text_reader_contents(const rd__text_reader *r, size_t *start, size_t *end, int64_t *line);
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
