/** @file reader/known.h
 *  The learner's known words: lemmas that need no furigana and no gloss.
 */
#ifndef READER_KNOWN_H
#define READER_KNOWN_H

#include "reader/common.h"

RD_BEGIN_DECL

/** @defgroup known Known words
 *  A known-words list is a plain UTF-8 text file with one lemma (dictionary
 *  form, as rd_token_lemma() gives it) per line. Blank lines and lines
 *  starting with `#` are ignored; white space around a word is trimmed.
 *
 *      rd_known *k;
 *      if (rd_known_parse_file(&k, "known.txt") == RD_OK) {
 *        rd_write_options o = RD_WRITE_OPTIONS_INIT; o.known = k; o.furigana = RD_FURIGANA_UNKNOWN; ...
 *        rd_known_free(k);
 *      }
 *  @{ */

/** Opaque set of known words (see the group description). */
typedef struct rd_known rd_known;

/** An empty list.
 *  @param[out] out  new list, NULL on failure
 *  @return RD_OK, RD_EINVALID (out NULL), RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_known_free(). */
RD_EXPORT rd_status rd_known_new(rd_known **out);

/** Parse a list from memory (format above).
 *  @param name  used in messages (a file name); may be NULL
 *  @return RD_OK, RD_EENCODING (invalid UTF-8 or a NUL byte: the message
 *          names the line), RD_EINVALID, RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_known_free(). */
RD_EXPORT rd_status rd_known_parse(rd_known **out, const char *text, size_t len, const char *name);

/** Read a list from a file. @return as rd_known_parse(), plus RD_EIO
 *  Ownership: caller owns *out; release with rd_known_free(). */
RD_EXPORT rd_status rd_known_parse_file(rd_known **out, const char *path);

/** Add one lemma (copied). Adding a word twice keeps one.
 *  @return RD_OK, RD_EINVALID (NULL argument, empty word, or a NUL byte in
 *          the word), RD_ENOMEM */
RD_EXPORT rd_status rd_known_add(rd_known *known, const char *lemma, size_t len);

/** Whether the NUL-terminated lemma is in the list (false for NULL). */
RD_EXPORT bool rd_known_has(const rd_known *known, const char *lemma);

/** Number of distinct lemmas. */
RD_EXPORT size_t rd_known_count(const rd_known *known);

/** Release a list. NULL is ignored. */
RD_EXPORT void rd_known_free(rd_known *known);

/** @} */

RD_END_DECL

#endif
