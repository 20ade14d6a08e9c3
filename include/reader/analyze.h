/** @file reader/analyze.h
 *  The analyzer: MeCab segmentation, readings, furigana for a document.
 */
#ifndef READER_ANALYZE_H
#define READER_ANALYZE_H

#include "reader/common.h"
#include "reader/node.h"

RD_BEGIN_DECL

/** @defgroup analyze Analyzer
 *  One rd_analyzer holds one MeCab model, loaded once; any number of
 *  threads may annotate documents with it at the same time (each call
 *  takes its own lattice). Annotation gives every SENTENCE its TOKEN
 *  children (see reader/token.h). Threads may also annotate the same
 *  document at once: the analysis runs in parallel, the install of the
 *  new tokens is serialised by the document's lock, and a concurrent
 *  writer (rd_doc_to_html() ...) sees the old tokens or the new ones
 *  (see "Threads" in reader/doc.h).
 *
 *      rd_analyzer *an;
 *      if (rd_analyzer_new(&an, NULL) < 0) { ... rd_error_last()->message ... }
 *      if (rd_doc_annotate(doc, an, NULL) == RD_OK) { ... rd_token_reading(t) ... }
 *      rd_analyzer_free(an);
 *  @{ */

/** Opaque analyzer: the MeCab model, shared by threads. */
typedef struct rd_analyzer rd_analyzer;

/** Analyzer flags (rd_analyzer_options.flags). */
#define RD_ANALYZER_DEFAULT 0u
/** Read 日本 as にっぽん instead of にほん. */
#define RD_ANALYZER_NIPPON (1u << 0)
/** Use the deterministic stub backend instead of MeCab: it splits text
 *  into runs of one script and knows a handful of words. It needs no
 *  dictionary; for tests and fuzzers. */
#define RD_ANALYZER_STUB (1u << 1)
/** Keep MeCab's readings: apply no context rule (counters, 日本, 町, 何)
 *  and no built-in word reading table. User overrides still apply. */
#define RD_ANALYZER_NO_RULES (1u << 2)
/** Record no alternative readings (rd_token_alternative()): no sentence is
 *  parsed with marginal probabilities, which costs time (README). */
#define RD_ANALYZER_NO_ALTERNATIVES (1u << 7)

/** Current version of the struct; its `version` field holds it. */
#define RD_ANALYZER_OPTIONS_VERSION 1
/** Options of rd_analyzer_new(). Initialise with RD_ANALYZER_OPTIONS_INIT. */
typedef struct rd_analyzer_options {
  unsigned version;            /**< RD_ANALYZER_OPTIONS_VERSION */
  const char *dictionary;      /**< MeCab dictionary directory; NULL: the one mecabrc names */
  const char *user_dictionary; /**< a compiled MeCab user dictionary (.dic), or NULL */
  const char *overrides;       /**< reading overrides, a UTF-8 TSV file
                                    (`surface-or-lemma<TAB>reading` per line,
                                    `#` comments), or NULL */
  const char *compounds;       /**< an EDICT-format dictionary (EUC-JP or UTF-8,
                                    e.g. /usr/share/edict/edict from Debian's
                                    edict package), or NULL: where MeCab splits
                                    a compound that this dictionary lists with
                                    one reading (舟下り ふなくだり), the words are
                                    joined and read as listed */
  unsigned flags;              /**< RD_ANALYZER_* */
  const char *names;           /**< an ENAMDICT-format names dictionary (EUC-JP
                                    or UTF-8, e.g. /usr/share/edict/enamdict from
                                    Debian's enamdict package), or NULL: a name
                                    MeCab tags as a proper noun (or cannot read)
                                    takes ENAMDICT's reading where it gives one
                                    (see "Furigana and readings" in the README;
                                    not with RD_ANALYZER_NO_RULES) */
} rd_analyzer_options;

/** Initialiser with the current version and the defaults. */
#define RD_ANALYZER_OPTIONS_INIT {RD_ANALYZER_OPTIONS_VERSION, NULL, NULL, NULL, NULL, RD_ANALYZER_DEFAULT, NULL}

/** Load a MeCab model (or the stub backend) and the reading rules.
 *  The dictionary's feature layout (IPADIC, NAIST-jdic, UniDic, JUMAN) is
 *  detected by a probe parse.
 *  @param[out] out  new analyzer, NULL on failure
 *  @param opts      NULL: system dictionary (mecabrc), no user files
 *  @return RD_OK; RD_EANALYZER (dictionary missing, unreadable, not UTF-8
 *          or of an unknown layout: the message names the path and the
 *          Debian package mecab-ipadic-utf8); RD_EIO / RD_EINVALID (an
 *          overrides file that cannot be read / a bad line in it, with
 *          file and line); RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_analyzer_free(). */
RD_EXPORT rd_status rd_analyzer_new(rd_analyzer **out, const rd_analyzer_options *opts);

/** Release an analyzer. Documents it annotated stay valid. NULL is ignored.
 *  Ownership: frees what rd_analyzer_new() returned. */
RD_EXPORT void rd_analyzer_free(rd_analyzer *an);

/** Short name of the dictionary layout: "ipadic", "unidic", "juman" or
 *  "stub". Ownership: static string. */
RD_EXPORT const char *rd_analyzer_dictionary_name(const rd_analyzer *an);
/** Identification of the dictionary for golden files: the directory's
 *  real name (symbolic links resolved), MeCab's dictionary version and
 *  entry count ("ipadic-utf8 v102, 392127 entries"; "stub" for the stub).
 *  Ownership: borrowed; valid while the analyzer lives. */
RD_EXPORT const char *rd_analyzer_dictionary_version(const rd_analyzer *an);

/** Current version of the struct; its `version` field holds it. */
#define RD_ANNOTATE_OPTIONS_VERSION 1
/** Options of rd_doc_annotate(). Initialise with RD_ANNOTATE_OPTIONS_INIT. */
typedef struct rd_annotate_options {
  unsigned version; /**< RD_ANNOTATE_OPTIONS_VERSION */
  unsigned flags;   /**< RD_ANNOTATE_* */
  unsigned threads; /**< worker threads over the document's sentences; 0 or 1: the calling thread only */
} rd_annotate_options;

/** rd_annotate_options.flags: no reading alternatives for this document,
 *  whatever the analyzer's flags (a view that shows none need not pay the
 *  lattice's second parse; the readings are the same). */
#define RD_ANNOTATE_NO_ALTERNATIVES (1u << 0)

/** Initialiser with the current version and the defaults. */
#define RD_ANNOTATE_OPTIONS_INIT {RD_ANNOTATE_OPTIONS_VERSION, 0u, 0u}

/** Segment every sentence of the document and give it TOKEN children with
 *  lemma, part of speech, reading, pronunciation, flags, offsets and
 *  furigana. Annotating again replaces the tokens; token pointers taken
 *  before stay valid (with their old contents) while the document lives.
 *  @param opts  NULL for defaults
 *  @return RD_OK, RD_EINVALID (NULL argument, bad options), RD_EANALYZER
 *          (MeCab failed on a sentence: the message names its byte offset),
 *          RD_ENOMEM. On failure the document keeps its earlier tokens.
 *  Ownership: the tokens belong to the document; the document does not
 *  refer to the analyzer, so either may be freed first. */
RD_EXPORT rd_status rd_doc_annotate(rd_doc *doc, rd_analyzer *an, const rd_annotate_options *opts);

/** @} */

RD_END_DECL

#endif
