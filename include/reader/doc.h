/** @file reader/doc.h
 *  Documents: parsing an article, lifetime, lookups, diagnostics.
 */
#ifndef READER_DOC_H
#define READER_DOC_H

#include "reader/common.h"
#include "reader/node.h"

RD_BEGIN_DECL

/** @defgroup doc Documents
 *
 *      rd_doc *doc;
 *      if (rd_doc_parse_file(&doc, "article.ja.txt", NULL) < 0) { ... rd_error_last() ... }
 *      const rd_node *s = rd_doc_section(doc, "4.1");
 *      rd_doc_free(doc);
 *
 *  Threads: one document may be shared by threads. Mutations
 *  (rd_doc_annotate()'s install of the new tokens, rd_doc_gloss(),
 *  rd_doc_words(), rd_doc_load_summaries(), rd_node_set_summary()) take the
 *  document's lock exclusively; the writers (rd_doc_render(), rd_doc_to_*(),
 *  rd_node_write()) and rd_doc_token_count(), rd_doc_token_at(),
 *  rd_token_next(), rd_token_index(), rd_doc_word_count() and
 *  rd_doc_word_at() take it shared, so each of these calls sees the state
 *  before or after a concurrent mutation, never a mix. Two calls in a row
 *  may see different states: to walk one annotation's tokens while another
 *  thread re-annotates, follow rd_token_next() from rd_doc_token_at(doc, 0).
 *  Other getters (node navigation, sentence token and word look-ups, token
 *  glosses) are not locked: call them while no other thread mutates the
 *  document. Tree edits (rd_node_unlink and the like) need the caller's own
 *  exclusion. Memory: every re-annotation keeps its token array (and the
 *  sentences' child indexes, in the arena) until the document is freed,
 *  so that held tokens stay valid; re-annotate a long-lived document
 *  sparingly, or parse it anew.
 *  @{ */

/** Input formats. */
typedef enum rd_format {
  RD_FORMAT_AUTO = 0, /**< by file name, then by content */
  RD_FORMAT_TEXT,     /**< plain-text article (contents list, Markdown headings, or paragraphs) */
  RD_FORMAT_HTML,     /**< HTML (libxml2's HTML parser, no network) */
  RD_FORMAT_XML,      /**< libreader's own XML, as written by rd_doc_to_xml() */
  RD_FORMAT_LINES     /**< one paragraph per line, no structure (used by `reader furigana`) */
} rd_format;

/** Parse flags. */
#define RD_PARSE_DEFAULT 0u
/** Plain-text reader: do not look for a title/headline/lead at the top. */
#define RD_PARSE_NO_FRONT_MATTER (1u << 0)
/** HTML reader: read the whole page, not only the article's main content
 *  (navigation, headers, footers, asides and menus are kept). */
#define RD_PARSE_WHOLE_PAGE (1u << 3)

/** Current version of the struct; its `version` field holds it. */
#define RD_PARSE_OPTIONS_VERSION 1
/** Options of rd_doc_parse(). Initialise with RD_PARSE_OPTIONS_INIT. */
typedef struct rd_parse_options {
  unsigned version;   /**< RD_PARSE_OPTIONS_VERSION */
  rd_format format;   /**< RD_FORMAT_AUTO by default */
  unsigned flags;     /**< RD_PARSE_* */
  const char *name;   /**< name used in messages (a file name); may be NULL */
} rd_parse_options;

/** Initialiser with the current version and the defaults. */
#define RD_PARSE_OPTIONS_INIT {RD_PARSE_OPTIONS_VERSION, RD_FORMAT_AUTO, RD_PARSE_DEFAULT, NULL}

/** Parse one UTF-8 article into a document tree. Empty input gives a valid
 *  empty document. A UTF-8 byte-order mark is skipped; CRLF is accepted.
 *  @param[out] out  new document on success, NULL on failure
 *  @param text      UTF-8 bytes (need not be NUL-terminated); copied
 *  @param opts      NULL for defaults
 *  @return RD_OK, RD_EENCODING (invalid UTF-8 or a NUL byte; the error
 *          names the byte offset and line), RD_EXML, RD_EINVALID, RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_doc_free(). */
RD_EXPORT rd_status rd_doc_parse(rd_doc **out, const char *text, size_t len, const rd_parse_options *opts);

/** Read and parse a file; the format comes from its extension (.html,
 *  .htm, .xml, else text) unless opts says otherwise. Messages name the file.
 *  @return as rd_doc_parse(), plus RD_EIO
 *  Ownership: caller owns *out; release with rd_doc_free(). */
RD_EXPORT rd_status rd_doc_parse_file(rd_doc **out, const char *path, const rd_parse_options *opts);

/** The size limit on every file the library reads (articles, XML,
 *  summaries, EDICT, known words, overrides, standard input): the
 *  environment variable READER_MAX_INPUT (bytes, or with a K, M or G
 *  suffix; 1 byte to 2 GiB - 1) when set, else 256 MiB. A larger input is
 *  refused before it is read ("FILE: larger than N bytes ..."). An XML
 *  document larger than this cannot be read back, which is why
 *  `reader render --format xml` refuses to write one.
 *  @return the limit in bytes; 0 when READER_MAX_INPUT is set to something
 *          else (every read then fails, naming the variable) */
RD_EXPORT size_t rd_input_limit(void);

/** Drop the reference the constructor returned (same as rd_doc_unref()).
 *  The document and all its nodes are freed when the last reference goes.
 *  NULL is ignored. */
RD_EXPORT void rd_doc_free(rd_doc *doc);
/** Take / drop a reference (atomic; the bindings pin documents with it). */
RD_EXPORT void rd_doc_ref(rd_doc *doc);
/** @copydoc rd_doc_ref() */
RD_EXPORT void rd_doc_unref(rd_doc *doc);

/** The DOCUMENT node. Ownership: borrowed. */
RD_EXPORT rd_node *rd_doc_root(const rd_doc *doc);
/** The source text, exactly as given (BOM and CR included); all spans
 *  index it. *len_out receives its byte length. Ownership: borrowed. */
RD_EXPORT const char *rd_doc_source(size_t *len_out, const rd_doc *doc);
/** Name given in the parse options or the file path; NULL if none. */
RD_EXPORT const char *rd_doc_name(const rd_doc *doc);
/** The dictionary the document was last annotated with, as the golden
 *  files record it ("ipadic: DIR vN, N entries"; read back from XML);
 *  NULL before annotation. Ownership: borrowed; valid while the document
 *  lives (or until it is annotated again). */
RD_EXPORT const char *rd_doc_dictionary(const rd_doc *doc);

/** Title HEADING, headline HEADING, lead PARAGRAPH; NULL if absent.
 *  Ownership: borrowed. */
RD_EXPORT rd_node *rd_doc_title(const rd_doc *doc);
/** @copydoc rd_doc_title() */
RD_EXPORT rd_node *rd_doc_headline(const rd_doc *doc);
/** @copydoc rd_doc_title() */
RD_EXPORT rd_node *rd_doc_lead(const rd_doc *doc);
/** The article's publication date as the source gives it (HTML:
 *  time[datetime] in the article, else meta article:published_time), or
 *  NULL when absent. Ownership: borrowed; valid while the document lives. */
RD_EXPORT const char *rd_doc_date(const rd_doc *doc);
/** The article's byline (author) as the source gives it, or NULL when
 *  absent. Ownership: borrowed; valid while the document lives. */
RD_EXPORT const char *rd_doc_byline(const rd_doc *doc);

/** The readings the source's editors gave (HTML ruby, Aozora 《》, inline
 *  漢字（かんじ）), as spans of the source: their number. They become the
 *  readings of the tokens under them at annotation (RD_TOKEN_EDITORIAL),
 *  also when a document read back from XML is annotated again.
 *  Ownership: nothing to free; 0 for NULL. */
RD_EXPORT size_t rd_doc_ruby_span_count(const rd_doc *doc);
/** The i-th editorial reading, in source order (spans never overlap).
 *  @param[out] start_out, end_out  source bytes of its base (may be NULL)
 *  @param[out] guessed_out  true when the base was guessed from the kanji
 *                           run before the reading (no ｜); may be NULL
 *  @return the reading in hiragana, or NULL when i is out of range.
 *  Ownership: borrowed; valid while the document lives. */
RD_EXPORT const char *rd_doc_ruby_span_at(size_t *start_out, size_t *end_out, bool *guessed_out, const rd_doc *doc,
                                          size_t i);

/** All sections in document order (1, 1.1, 1.2, 2, ..., afterword). */
RD_EXPORT size_t rd_doc_section_count(const rd_doc *doc);
/** @copydoc rd_doc_section_count() */
RD_EXPORT rd_node *rd_doc_section_at(const rd_doc *doc, size_t i);
/** A section by id path ("4.1", "afterword"); NULL if there is none. */
RD_EXPORT rd_node *rd_doc_section(const rd_doc *doc, const char *id);
/** A section by heading text, compared after NFKC normalisation with white
 *  space removed ("1.事件の概要", "事件 の概要" and "事件の概要" all match
 *  section 1); NULL if there is none. */
RD_EXPORT rd_node *rd_doc_section_by_heading(const rd_doc *doc, const char *heading, size_t len);

/** All sentences / tokens of the document in order. */
RD_EXPORT size_t rd_doc_sentence_count(const rd_doc *doc);
/** @copydoc rd_doc_sentence_count() */
RD_EXPORT rd_node *rd_doc_sentence_at(const rd_doc *doc, size_t i);
/** @copydoc rd_doc_sentence_count() */
RD_EXPORT size_t rd_doc_token_count(const rd_doc *doc);
/** @copydoc rd_doc_sentence_count() */
RD_EXPORT rd_node *rd_doc_token_at(const rd_doc *doc, size_t i);

/** Problems in the input that did not stop parsing (a citation with no
 *  reference, a heading listed in the contents but absent from the body,
 *  ...), each "line N: message". At most 100 are kept; past that the
 *  count is 101 and the last is "N more warnings not shown (at most 100 are
 *  kept)". Ownership: borrowed. */
RD_EXPORT size_t rd_doc_warning_count(const rd_doc *doc);
/** @copydoc rd_doc_warning_count() */
RD_EXPORT const char *rd_doc_warning_at(const rd_doc *doc, size_t i);

/** @} */

RD_END_DECL

#endif
