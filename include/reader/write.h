/** @file reader/write.h
 *  Views of a document or of any node in it: lossless XML, JSON, the HTML
 *  reader page, ruby markup, plain text (with furigana in brackets, in
 *  hiragana, katakana or romaji) and a vocabulary TSV for flash-card
 *  programs.
 */
#ifndef READER_WRITE_H
#define READER_WRITE_H

#include "reader/common.h"
#include "reader/node.h"
#include "reader/known.h"

RD_BEGIN_DECL

/** @defgroup write Writers
 *
 *      char *html; size_t len;
 *      if (rd_doc_to_html(&html, &len, doc, NULL) == RD_OK) { fwrite(html, 1, len, f); rd_free(html); }
 *      rd_node_write(rd_doc_sentence_at(doc, 0), RD_OUTPUT_BRACKETS, NULL, put, stdout);
 *
 *  Every writer streams through rd_node_write(), rooted at any node: a
 *  sentence gives its line, a section its heading, paragraphs and
 *  subsections, the DOCUMENT node the whole article (rd_doc_write() is
 *  rd_node_write() at rd_doc_root()). The render and rd_doc_to_*() calls
 *  collect the stream into one buffer. Writers only read the document.
 *  @{ */

/** Output formats. */
typedef enum rd_output {
  RD_OUTPUT_XML = 0,  /**< lossless XML (namespace urn:libreader:document:1, schemas/document.rng); rd_doc_parse() reads it back */
  RD_OUTPUT_JSON,     /**< the same content as JSON, for web apps */
  RD_OUTPUT_HTML,     /**< the self-contained reader page */
  RD_OUTPUT_TEXT,     /**< plain text: title, headings, paragraphs, citations as [n] */
  RD_OUTPUT_BRACKETS, /**< text with furigana in brackets, Anki style: "日本[にほん]で 盗[ぬす]まれた"
                           (a space before each base unless a line starts or "]" precedes it,
                           as Anki applies a reading back to the last space) */
  RD_OUTPUT_HIRAGANA, /**< text with every word in hiragana */
  RD_OUTPUT_ROMAJI,   /**< text in Hepburn romaji, words separated by spaces */
  RD_OUTPUT_VOCAB,    /**< vocabulary TSV for Anki: word, reading, gloss, sentence, section, tags (README "Words") */
  RD_OUTPUT_KATAKANA, /**< text with every word in katakana */
  RD_OUTPUT_HTML_FRAGMENT /**< the text's lines as HTML ruby markup, "<ruby>漢字<rt>かんじ</rt></ruby>",
                               & < > escaped; no page around it */
} rd_output;

/** Which words get furigana. */
typedef enum rd_furigana {
  RD_FURIGANA_ALL = 0, /**< every word with kanji */
  RD_FURIGANA_UNKNOWN, /**< words whose lemma is not in the known-words list */
  RD_FURIGANA_NONE     /**< no word */
} rd_furigana;

/** Write flags. */
#define RD_WRITE_DEFAULT 0u
/** Glosses also on known words (by default a word in the known-words list
 *  gets no gloss in the page and no line in the vocabulary). */
#define RD_WRITE_GLOSS_KNOWN (1u << 0)
/** The text and brackets views of a document over 1 MiB may be written on
 *  two threads (blocks in pieces, emitted in order: the same bytes). */
#define RD_WRITE_THREADS (1u << 1)

/** Current version of the struct; its `version` field holds it. */
#define RD_WRITE_OPTIONS_VERSION 1
/** Options of the writers. Initialise with RD_WRITE_OPTIONS_INIT. */
typedef struct rd_write_options {
  unsigned version;      /**< RD_WRITE_OPTIONS_VERSION */
  unsigned flags;        /**< RD_WRITE_* */
  rd_furigana furigana;  /**< brackets text and vocabulary: which words get readings;
                              HTML page: the control's initial setting */
  const rd_known *known; /**< the learner's known words (borrowed); NULL: none */
} rd_write_options;

/** Initialiser with the current version and the defaults. */
#define RD_WRITE_OPTIONS_INIT {RD_WRITE_OPTIONS_VERSION, RD_WRITE_DEFAULT, RD_FURIGANA_ALL, NULL}

/** Receives output as it is produced; return 0 to go on, non-zero to stop
 *  (rd_node_write() then returns RD_EIO). */
typedef int (*rd_write_fn)(const char *data, size_t len, void *payload);

/** Stream the view of a node and everything inside it through a callback,
 *  in chunks. What each format gives for a node:
 *  - text formats (TEXT, BRACKETS, HIRAGANA, KATAKANA, ROMAJI,
 *    HTML_FRAGMENT): one line per block (heading, paragraph, question),
 *    blank lines between blocks; a SENTENCE or TOKEN gives one line; a
 *    SECTION its heading (with its number), paragraphs and subsections.
 *    Reference lists appear in TEXT only (readings of URLs mean nothing).
 *  - XML and JSON: the DOCUMENT node gives the whole document (source and
 *    warnings included; XML that rd_doc_parse() reads back); any other node
 *    its subtree, spans still indexing rd_doc_source() (XML: the node's
 *    element carries the namespace; JSON: format "libreader-subtree").
 *  - HTML: the reader page, showing only the node's content.
 *  - VOCAB: the lemmas of the tokens inside the node.
 *      static int put(const char *d, size_t n, void *f) { return fwrite(d, 1, n, f) != n; }
 *      rd_node_write(rd_doc_section(doc, "2"), RD_OUTPUT_BRACKETS, NULL, put, stdout);
 *  @param opts  NULL for defaults
 *  @return RD_OK, RD_EINVALID (NULL node/fn, unknown format, bad options,
 *          or text XML cannot carry in an attribute), RD_EIO (the callback
 *          stopped), RD_ENOMEM
 *  Ownership: nothing is kept; the callback's data is valid during the call only. */
RD_EXPORT rd_status rd_node_write(const rd_node *node, rd_output format, const rd_write_options *opts, rd_write_fn fn, void *payload);

/** rd_node_write() into one buffer (NUL-terminated; *len_out, if given,
 *  excludes the NUL). On failure *out is NULL.
 *  @param[out] out  the view
 *  @return as rd_node_write()
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_node_render(char **out, size_t *len_out, const rd_node *node, rd_output format, const rd_write_options *opts);

/** Stream a whole document in a format through a callback, in chunks, so
 *  that a large document is not built twice in memory: rd_node_write() at
 *  rd_doc_root().
 *  @param opts  NULL for defaults
 *  @return RD_OK, RD_EINVALID (NULL doc/fn, unknown format, bad options, or
 *          text XML cannot carry in an attribute), RD_EIO (the callback
 *          stopped), RD_ENOMEM
 *  Ownership: nothing is kept; the callback's data is valid during the call only. */
RD_EXPORT rd_status rd_doc_write(const rd_doc *doc, rd_output format, const rd_write_options *opts, rd_write_fn fn, void *payload);

/** Render a document in a format into one buffer (NUL-terminated; *len_out
 *  excludes the NUL). On failure *out is NULL.
 *  @return as rd_doc_write()
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_doc_render(char **out, size_t *len_out, const rd_doc *doc, rd_output format, const rd_write_options *opts);

/** rd_doc_render() for one format each. Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_doc_to_xml(char **out, size_t *len_out, const rd_doc *doc, const rd_write_options *opts);
/** @copydoc rd_doc_to_xml() */
RD_EXPORT rd_status rd_doc_to_json(char **out, size_t *len_out, const rd_doc *doc, const rd_write_options *opts);
/** @copydoc rd_doc_to_xml() */
RD_EXPORT rd_status rd_doc_to_html(char **out, size_t *len_out, const rd_doc *doc, const rd_write_options *opts);
/** Text in one of RD_OUTPUT_TEXT, _BRACKETS, _HIRAGANA, _KATAKANA, _ROMAJI,
 *  _HTML_FRAGMENT.
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_doc_to_text(char **out, size_t *len_out, const rd_doc *doc, rd_output kind, const rd_write_options *opts);
/** rd_doc_render() with RD_OUTPUT_VOCAB (vocabulary TSV).
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_doc_to_vocab(char **out, size_t *len_out, const rd_doc *doc, const rd_write_options *opts);

/** A format by name ("xml", "json", "html", "text", "brackets", "hiragana",
 *  "romaji", "vocab", "katakana", "html-fragment").
 *  @return RD_OK or RD_ENOTFOUND */
RD_EXPORT rd_status rd_output_from_name(rd_output *out, const char *name);
/** The name of a format ("html"); NULL for an unknown value.
 *  Ownership: static string. */
RD_EXPORT const char *rd_output_name(rd_output format);

/** @} */

RD_END_DECL

#endif
