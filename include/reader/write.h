/** @file reader/write.h
 *  Views of a document: lossless XML, JSON, the HTML reader page, plain
 *  text (with furigana in brackets, in hiragana or in romaji) and a
 *  vocabulary TSV for flash-card programs.
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
 *      if (rd_doc_to_html(doc, &html, &len, NULL) == RD_OK) { fwrite(html, 1, len, f); rd_free(html); }
 *
 *  Every writer streams through rd_doc_write(); the rd_doc_to_*() calls
 *  collect the stream into one buffer. Writers only read the document.
 *  @{ */

/** Output formats. */
typedef enum rd_output {
  RD_OUTPUT_XML = 0,  /**< lossless XML (namespace urn:libreader:document:1, schemas/document.rng); rd_doc_parse() reads it back */
  RD_OUTPUT_JSON,     /**< the same content as JSON, for web apps */
  RD_OUTPUT_HTML,     /**< the self-contained reader page */
  RD_OUTPUT_TEXT,     /**< plain text: title, headings, paragraphs, citations as [n] */
  RD_OUTPUT_BRACKETS, /**< text with furigana in brackets, Anki style: " 盗[ぬす]まれた" */
  RD_OUTPUT_HIRAGANA, /**< text with every word in hiragana */
  RD_OUTPUT_ROMAJI,   /**< text in Hepburn romaji, words separated by spaces */
  RD_OUTPUT_VOCAB     /**< vocabulary TSV: lemma, reading, gloss, sentence, section */
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
 *  (rd_doc_write() then returns RD_EIO). */
typedef int (*rd_write_fn)(const char *data, size_t len, void *payload);

/** Stream a document in a format through a callback, in chunks, so that a
 *  large document is not built twice in memory.
 *  @param opts  NULL for defaults
 *  @return RD_OK, RD_EINVALID (NULL doc/fn, unknown format, bad options, or
 *          text XML cannot carry in an attribute), RD_EIO (the callback
 *          stopped), RD_ENOMEM
 *  Ownership: nothing is kept; the callback's data is valid during the call only. */
RD_EXPORT rd_status rd_doc_write(const rd_doc *doc, rd_output format, rd_write_fn fn, void *payload,
                                 const rd_write_options *opts);

/** Render a document in a format into one buffer (NUL-terminated; *len_out
 *  excludes the NUL). On failure *out is NULL.
 *  @return as rd_doc_write()
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_doc_render(const rd_doc *doc, rd_output format, char **out, size_t *len_out,
                                  const rd_write_options *opts);

/** rd_doc_render() for one format each. Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_doc_to_xml(const rd_doc *doc, char **out, size_t *len_out, const rd_write_options *opts);
/** @copydoc rd_doc_to_xml() */
RD_EXPORT rd_status rd_doc_to_json(const rd_doc *doc, char **out, size_t *len_out, const rd_write_options *opts);
/** @copydoc rd_doc_to_xml() */
RD_EXPORT rd_status rd_doc_to_html(const rd_doc *doc, char **out, size_t *len_out, const rd_write_options *opts);
/** Text in one of RD_OUTPUT_TEXT, _BRACKETS, _HIRAGANA, _ROMAJI.
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_doc_to_text(const rd_doc *doc, rd_output kind, char **out, size_t *len_out,
                                   const rd_write_options *opts);
/** rd_doc_render() with RD_OUTPUT_VOCAB (vocabulary TSV).
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_doc_to_vocab(const rd_doc *doc, char **out, size_t *len_out, const rd_write_options *opts);

/** A format by name ("xml", "json", "html", "text", "brackets", "hiragana",
 *  "romaji", "vocab"). @return RD_OK or RD_ENOTFOUND */
RD_EXPORT rd_status rd_output_from_name(rd_output *out, const char *name);
/** The name of a format ("html"); NULL for an unknown value.
 *  Ownership: static string. */
RD_EXPORT const char *rd_output_name(rd_output format);

/** @} */

RD_END_DECL

#endif
