/** @file reader/pipeline.h
 *  The pipeline: every choice that decides how an article reads, made once.
 */
#ifndef READER_PIPELINE_H
#define READER_PIPELINE_H

#include "reader/common.h"
#include "reader/doc.h"
#include "reader/analyze.h"
#include "reader/glossary.h"
#include "reader/known.h"
#include "reader/summaries.h"
#include "reader/write.h"
#include "reader/word.h"

RD_BEGIN_DECL

/** @defgroup pipeline Pipeline
 *  An rd_pipeline holds the analyzer (MeCab dictionary, user dictionary,
 *  reading overrides, rules, EDICT compounds), the glossary and the
 *  learner's known words, and reads any number of articles with them:
 *  parse, annotate, attach the English summaries (the file given, or
 *  `summaries.en.xml` beside the article) and glosses. Every `reader`
 *  command, Python's and Ruby's `Pipeline` go through it with the same
 *  defaults, so a sentence reads the same on the page, in the brackets view
 *  and in a script.
 *
 *      rd_pipeline *p;
 *      rd_doc *doc;
 *      if (rd_pipeline_new(&p, NULL) < 0) { ... rd_error_last()->message ... }
 *      if (rd_pipeline_read_file(&doc, NULL, p, "article.ja.txt", NULL) == RD_OK) { ... rd_doc_free(doc); }
 *      rd_pipeline_free(p);
 *
 *  A pipeline is thread-safe: any number of threads may read articles
 *  through one pipeline at once. The analyzer and the glossary are loaded
 *  on first use (a view that shows no gloss never loads EDICT), once.
 *  @{ */

/** A pipeline (opaque): see rd_pipeline_new(). */
typedef struct rd_pipeline rd_pipeline;

/** Where the pipeline looks for EDICT (compounds and glosses) by default:
 *  Debian's `edict` package. */
#define RD_PIPELINE_EDICT_PATH "/usr/share/edict/edict"

/** Where the pipeline looks for ENAMDICT (names) by default: Debian's
 *  `enamdict` package. */
#define RD_PIPELINE_ENAMDICT_PATH "/usr/share/edict/enamdict"

/** Pipeline flags (rd_pipeline_options.flags). */
#define RD_PIPELINE_DEFAULT 0u
/** The deterministic stub analyzer instead of MeCab (tests, fuzzers). */
#define RD_PIPELINE_STUB (1u << 0)
/** Keep MeCab's readings: no context rules (see RD_ANALYZER_NO_RULES). */
#define RD_PIPELINE_NO_RULES (1u << 1)
/** Read 日本 as にっぽん. */
#define RD_PIPELINE_NIPPON (1u << 2)
/** Do not join compounds MeCab splits by EDICT's readings. */
#define RD_PIPELINE_NO_COMPOUNDS (1u << 3)
/** Attach no glosses (no glossary is loaded). */
#define RD_PIPELINE_NO_GLOSSARY (1u << 4)
/** Never pick up `summaries.en.xml` beside an article by itself. */
#define RD_PIPELINE_NO_SUMMARIES (1u << 5)
/** Do not read names by ENAMDICT (MeCab's proper nouns are still flagged). */
#define RD_PIPELINE_NO_NAMES (1u << 6)

/** Version of rd_pipeline_options this header describes. */
#define RD_PIPELINE_OPTIONS_VERSION 1
/** Options of rd_pipeline_new(). Initialise with RD_PIPELINE_OPTIONS_INIT. */
typedef struct rd_pipeline_options {
  unsigned version;            /**< RD_PIPELINE_OPTIONS_VERSION */
  unsigned flags;              /**< RD_PIPELINE_* */
  const char *dictionary;      /**< MeCab dictionary directory; NULL: the one mecabrc names */
  const char *user_dictionary; /**< a compiled MeCab user dictionary (.dic), or NULL */
  const char *overrides;       /**< reading overrides TSV (see rd_analyzer_options), or NULL */
  const char *compounds;       /**< EDICT file for compounds; NULL: RD_PIPELINE_EDICT_PATH when installed */
  const char *glossary;        /**< EDICT file for glosses; NULL: RD_PIPELINE_EDICT_PATH when installed */
  const char *known;           /**< known-words file (see rd_known_parse_file()), or NULL */
  unsigned threads;            /**< annotation threads per document (one below 64 KiB of source); 0: the available cores */
  const char *names;           /**< ENAMDICT file for names; NULL: RD_PIPELINE_ENAMDICT_PATH when installed */
} rd_pipeline_options;

/** Default rd_pipeline_options. */
#define RD_PIPELINE_OPTIONS_INIT {RD_PIPELINE_OPTIONS_VERSION, RD_PIPELINE_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL, 0u, NULL}

/** Make a pipeline. Files named in the options are checked now (a known
 *  words or overrides file that cannot be read fails here); the analyzer
 *  and glossary load on first use.
 *  @param[out] out  new pipeline, NULL on failure
 *  @param opts      NULL for the defaults
 *  @return RD_OK, RD_EINVALID (bad options), RD_EIO/RD_ENOTFOUND (a named
 *          file cannot be read), RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_pipeline_free(). */
RD_EXPORT rd_status rd_pipeline_new(rd_pipeline **out, const rd_pipeline_options *opts);

/** Release a pipeline. Documents it read stay valid. NULL is ignored.
 *  Ownership: frees what rd_pipeline_new() returned. */
RD_EXPORT void rd_pipeline_free(rd_pipeline *p);

/** Stages of reading an article (rd_read_options.stages). */
#define RD_STAGE_ANNOTATE (1u << 0)  /**< tokens, readings, furigana */
#define RD_STAGE_SUMMARIES (1u << 1) /**< English summaries beside the sections */
#define RD_STAGE_GLOSS (1u << 2)     /**< English glosses of the tokens */
#define RD_STAGE_WORDS (1u << 3)     /**< dictionary words over the tokens, glossed (reader/word.h) */
/** With RD_STAGE_ANNOTATE: the other readings of heteronyms, from MeCab's
 *  lattice (rd_token_alternative()). A view that shows none (text,
 *  brackets) leaves it out: the readings are the same either way. */
#define RD_STAGE_ALTERNATIVES (1u << 4)
/** Every stage. */
#define RD_STAGE_ALL (RD_STAGE_ANNOTATE | RD_STAGE_SUMMARIES | RD_STAGE_GLOSS | RD_STAGE_WORDS | RD_STAGE_ALTERNATIVES)

/** Version of rd_read_options this header describes. */
#define RD_READ_OPTIONS_VERSION 1
/** Options of one read. Initialise with RD_READ_OPTIONS_INIT. */
typedef struct rd_read_options {
  unsigned version;       /**< RD_READ_OPTIONS_VERSION */
  unsigned stages;        /**< RD_STAGE_*; RD_STAGE_ALL by default */
  rd_format format;       /**< input format; RD_FORMAT_AUTO by default */
  unsigned parse_flags;   /**< RD_PARSE_* */
  const char *name;       /**< name of the input in messages (memory input) */
  const char *summaries;  /**< this article's summaries file; NULL: `summaries.en.xml` beside the file */
  unsigned summaries_flags; /**< RD_SUMMARIES_* for loading them */
} rd_read_options;

/** Default rd_read_options: every stage, format by name and content. */
#define RD_READ_OPTIONS_INIT {RD_READ_OPTIONS_VERSION, RD_STAGE_ALL, RD_FORMAT_AUTO, RD_PARSE_DEFAULT, NULL, NULL, 0u}

/** Read an article file through the pipeline: parse, then the stages asked
 *  for. A document that already has tokens (libreader XML written after
 *  annotation) keeps them.
 *  @param[out] out          new document, NULL on failure
 *  @param[out] pairing_out  if not NULL: what the summaries paired (NULL when no
 *                           summaries were loaded); release with rd_pairing_free()
 *  @param opts              NULL for RD_READ_OPTIONS_INIT
 *  @return as rd_doc_parse_file(), rd_doc_annotate(), rd_doc_load_summaries_file()
 *          and rd_doc_gloss(); an explicitly named glossary that cannot be
 *          loaded fails, the default one that is not installed does not
 *  Ownership: caller owns *out and *pairing_out. */
RD_EXPORT rd_status rd_pipeline_read_file(rd_doc **out, rd_pairing **pairing_out, rd_pipeline *p, const char *path,
                                          const rd_read_options *opts);

/** rd_pipeline_read_file() for an article in memory (UTF-8; copied). No
 *  summaries file is looked for beside it; opts->summaries still applies.
 *  Ownership: caller owns *out and *pairing_out. */
RD_EXPORT rd_status rd_pipeline_read(rd_doc **out, rd_pairing **pairing_out, rd_pipeline *p, const char *text,
                                            size_t len, const rd_read_options *opts);

/** Apply stages to a document parsed elsewhere. RD_STAGE_ANNOTATE here
 *  always (re)annotates; summaries come only from opts->summaries.
 *  Ownership: caller owns *pairing_out; the document keeps what is added. */
RD_EXPORT rd_status rd_pipeline_apply(rd_pairing **pairing_out, rd_pipeline *p, rd_doc *doc,
                                      const rd_read_options *opts);

/** One input of rd_pipeline_read_batch(): a file (path), or text in memory
 *  (text, len; name for messages). */
typedef struct rd_batch_input {
  const char *path; /**< a file to read, or NULL for text */
  const char *text; /**< UTF-8 text when path is NULL (copied) */
  size_t len;       /**< bytes of text */
  const char *name; /**< the input's name in messages; NULL: the path */
} rd_batch_input;

/** Receives each document of a batch, in input order, on the calling
 *  thread. On success `doc` is the document (the callback owns it: release
 *  with rd_doc_free()) and `pairing` its summaries report or NULL (owned
 *  too: rd_pairing_free()); on failure doc is NULL, status < 0 and
 *  rd_error_last() says what and where. Return 0 to go on, non-zero to stop. */
typedef int (*rd_batch_fn)(rd_doc *doc, rd_pairing *pairing, size_t index, rd_status status, void *payload);

/** rd_batch_*() with a callback: read many articles through the pipeline on all cores: documents are
 *  read and annotated in parallel across documents (the pipeline's
 *  `threads` workers, each annotating one document at a time; no thread is
 *  started per document), and handed to the callback in input order as
 *  soon as each is ready, so memory stays bounded by a small window of
 *  documents in flight. A failed input is reported to the callback and the
 *  batch goes on.
 *  @return RD_OK, RD_EINVALID (NULL arguments), RD_ERROR (the callback
 *          stopped the batch), RD_ENOMEM
 *  Ownership: documents go to the callback; nothing is kept. */
RD_EXPORT rd_status rd_pipeline_read_batch(rd_pipeline *p, const rd_batch_input *inputs, size_t n,
                                           const rd_read_options *opts, rd_batch_fn fn, void *payload);

/** A batch (opaque): many articles read through one pipeline on all cores,
 *  taken back one by one in input order.
 *
 *      rd_batch *b;
 *      rd_batch_new(&b, p, NULL);
 *      for (i = 0; i < n; i++) rd_batch_add_file(b, paths[i]);
 *      while ((st = rd_batch_next(&doc, NULL, &i, b)) != RD_ITEROVER) { if (st == RD_OK) { ...; rd_doc_free(doc); } }
 *      rd_batch_free(b);
 */
typedef struct rd_batch rd_batch;

/** Make an empty batch reading through `p` (which must outlive it).
 *  @param[out] out  the batch, NULL on failure
 *  @param opts      options of every read (NULL: RD_READ_OPTIONS_INIT); copied
 *  @return RD_OK, RD_EINVALID, RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_batch_free(). */
RD_EXPORT rd_status rd_batch_new(rd_batch **out, rd_pipeline *p, const rd_read_options *opts);

/** Add an article in memory (copied), named `name` in messages; before the
 *  first rd_batch_next().
 *  @return RD_OK, RD_EINVALID (the batch has started), RD_ENOMEM
 *  Ownership: nothing is kept of the caller's strings. */
RD_EXPORT rd_status rd_batch_add(rd_batch *b, const char *text, size_t len, const char *name);

/** Add an article file (the path is copied); before the first rd_batch_next().
 *  @return as rd_batch_add()
 *  Ownership: nothing is kept of the caller's strings. */
RD_EXPORT rd_status rd_batch_add_file(rd_batch *b, const char *path);

/** Number of inputs added. Ownership: plain value. */
RD_EXPORT size_t rd_batch_count(const rd_batch *b);

/** The next document in input order; the first call starts the workers
 *  (the pipeline's `threads`, across documents), which read ahead within a
 *  small window. An input that fails is reported by its own call (its
 *  status, rd_error_last() naming it, *index_out set) and the batch goes
 *  on with the next call.
 *  @param[out] doc_out      the document, NULL on failure
 *  @param[out] pairing_out  if not NULL: its summaries report or NULL
 *  @param[out] index_out    if not NULL: the input's index
 *  @return RD_OK, RD_ITEROVER (no more inputs), or the input's error
 *  Ownership: caller owns *doc_out and *pairing_out. */
RD_EXPORT rd_status rd_batch_next(rd_doc **doc_out, rd_pairing **pairing_out, size_t *index_out, rd_batch *b);

/** Stop the workers and free the batch with the documents not taken.
 *  NULL is ignored. Ownership: frees what rd_batch_new() returned. */
RD_EXPORT void rd_batch_free(rd_batch *b);

/** A streamed read of one article (opaque): see rd_pipeline_stream_file(). */
typedef struct rd_stream rd_stream;

/** Get a big plain-text article ready to be read, annotated and written
 *  through the pipeline in bounded memory: rd_stream_write() then reads it
 *  a block of paragraphs (about 128 KiB) at a time, annotates the blocks on
 *  the pipeline's threads and writes them in order, so memory holds a few
 *  blocks, not the document. The output is byte for byte what
 *  rd_pipeline_read_file() and rd_doc_write() give, and so are the warnings.
 *  This call checks the whole file first (UTF-8, format) and loads the
 *  analyzer. An article the stream does not serve gives RD_OK and *out
 *  NULL: read it whole. Those are standard input, HTML, XML, Aozora text,
 *  `--from lines`, another encoding or invalid UTF-8 (the whole read
 *  converts it or reports where it breaks), a file over rd_input_limit(),
 *  and an article with summaries to load (opts->summaries, or
 *  `summaries.en.xml` beside it). Only RD_STAGE_ANNOTATE (and
 *  RD_STAGE_ALTERNATIVES) of opts->stages apply: the views it writes show
 *  no gloss.
 *
 *      rd_stream *s;
 *      if (rd_pipeline_stream_file(&s, p, "big.ja.txt", &ro) == RD_OK && s) {
 *        st = rd_stream_write(s, RD_OUTPUT_BRACKETS, &wo, write_fn, payload);  ...  rd_stream_free(s); }
 *
 *  @param[out] out  the stream, or NULL (see above)
 *  @param opts      NULL for RD_READ_OPTIONS_INIT
 *  @return RD_OK, RD_EINVALID, RD_ENOMEM, or the analyzer's load error
 *  Ownership: caller owns *out; release with rd_stream_free(). The
 *  pipeline must outlive it. */
RD_EXPORT rd_status rd_pipeline_stream_file(rd_stream **out, rd_pipeline *p, const char *path,
                                            const rd_read_options *opts);

/** Read, annotate and write the article, once: RD_OUTPUT_TEXT or
 *  RD_OUTPUT_BRACKETS (the views whose blocks concatenate), to `fn` in
 *  order, as it goes. On failure part of the output may have been handed
 *  to `fn` already (write to a temporary file and name it once this
 *  returns RD_OK, as `reader render` does).
 *  @param wo  NULL for the defaults; RD_WRITE_THREADS is not needed (the
 *             blocks share the pipeline's threads)
 *  @return RD_OK, RD_EINVALID (another view, a second call), RD_EIO (fn
 *          returned non-zero, or the file cannot be read or changed while
 *          read), RD_EENCODING (it changed), RD_ENOMEM, the analyzer's errors
 *  Ownership: nothing is kept of wo. */
RD_EXPORT rd_status rd_stream_write(rd_stream *s, rd_output format, const rd_write_options *wo, rd_write_fn fn,
                                    void *payload);

/** Warnings about the article (as rd_doc_warning_count()), known once
 *  rd_stream_write() has returned RD_OK, or RD_EIO because `fn` failed
 *  (the rest of the article is then read for them, not annotated); 0
 *  otherwise.
 *  Ownership: plain value. */
RD_EXPORT size_t rd_stream_warning_count(const rd_stream *s);

/** Warning i ("line N: ..."), or NULL past the end.
 *  Ownership: borrowed; valid while the stream lives. */
RD_EXPORT const char *rd_stream_warning_at(const rd_stream *s, size_t i);

/** Release a stream. NULL is ignored. Ownership: frees what
 *  rd_pipeline_stream_file() returned. */
RD_EXPORT void rd_stream_free(rd_stream *s);

/** The pipeline's analyzer, loaded now if it was not yet.
 *  @return NULL if it cannot be loaded (rd_error_last() says why)
 *  Ownership: borrowed; valid while the pipeline lives. */
RD_EXPORT rd_analyzer *rd_pipeline_analyzer(rd_pipeline *p);

/** The pipeline's glossary, loaded now if it was not yet.
 *  @return NULL when glosses are off, or EDICT is not installed (then
 *          rd_error_last() says so), or it cannot be loaded
 *  Ownership: borrowed; valid while the pipeline lives. */
RD_EXPORT const rd_glossary *rd_pipeline_glossary(rd_pipeline *p);

/** The learner's known words, or NULL when none were given.
 *  Ownership: borrowed; valid while the pipeline lives. */
RD_EXPORT const rd_known *rd_pipeline_known(const rd_pipeline *p);

/** Write options that fit the pipeline: its known words, furigana on
 *  unknown words only when there are known words, and RD_WRITE_THREADS
 *  unless the pipeline was made with `threads` = 1.
 *  @param[out] out  initialised options
 *  Ownership: out->known is borrowed from the pipeline. */
RD_EXPORT void rd_pipeline_write_options(rd_write_options *out, const rd_pipeline *p);

/** @} */

RD_END_DECL

#endif
