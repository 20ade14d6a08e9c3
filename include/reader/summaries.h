/** @file reader/summaries.h
 *  English summaries beside the Japanese: loading a summaries file,
 *  pairing its entries with sections, reading and setting summaries.
 */
#ifndef READER_SUMMARIES_H
#define READER_SUMMARIES_H

#include "reader/common.h"
#include "reader/node.h"

RD_BEGIN_DECL

/** @defgroup summaries Summaries
 *  A summaries file (XML, schema `schemas/summaries.rng`, embedded in the
 *  library) gives English text for the title, the lead, each section (by id
 *  "1.2" or, failing that, by its Japanese heading) and a section's
 *  question:
 *
 *      rd_pairing *rep;
 *      if (rd_doc_load_summaries_file(&rep, doc, "summaries.en.xml", NULL) < 0) { ... rd_error_last() ... }
 *      puts(rd_node_summary(rd_doc_section(doc, "1.1")));
 *      rd_pairing_free(rep);
 *
 *  Loading is all or nothing: the file is read, validated and paired in
 *  full before any summary is attached, so a failure leaves the document
 *  as it was.
 *  @{ */

/** The English summary of a SECTION, of the title HEADING, of the lead
 *  PARAGRAPH or of an afterword's QUESTION; NULL if none was attached.
 *  Ownership: borrowed; valid while the document lives (or until the
 *  summary is replaced). */
RD_EXPORT const char *rd_node_summary(const rd_node *node);

/** Set (or, with text NULL, remove) a node's summary from code. The text
 *  is copied into the document.
 *  @param node  a SECTION, HEADING, PARAGRAPH or QUESTION
 *  @param text  UTF-8 (need not be NUL-terminated); NULL removes
 *  @return RD_OK, RD_EINVALID (NULL node or another kind),
 *          RD_EENCODING (invalid UTF-8 or a NUL byte), RD_ENOMEM
 *  Ownership: the document keeps its own copy; the caller keeps text. */
RD_EXPORT rd_status rd_node_set_summary(rd_node *node, const char *text, size_t len);

/** What a pairing report item is about. */
typedef enum rd_pairing_kind {
  /** A section (or the title, lead, a question) that got no summary. */
  RD_PAIRING_NODE_UNPAIRED = 1,
  /** A summary whose section id and heading match nothing (error unless
   *  RD_SUMMARIES_LENIENT). */
  RD_PAIRING_SUMMARY_UNPAIRED,
  /** A second summary for a node that already has one (error unless
   *  RD_SUMMARIES_LENIENT; the first one wins). */
  RD_PAIRING_DUPLICATE,
  /** Paired by id, but its heading attribute names another heading: the
   *  file may have been written for another version of the article. */
  RD_PAIRING_HEADING_MISMATCH,
  /** Paired by heading because its id matched no section. */
  RD_PAIRING_BY_HEADING
} rd_pairing_kind;

/** Current version of the struct; its `version` field holds it. */
#define RD_PAIRING_ITEM_VERSION 1
/** One item of a pairing report. */
typedef struct rd_pairing_item {
  unsigned version;        /**< RD_PAIRING_ITEM_VERSION */
  rd_pairing_kind kind;    /**< what the item reports */
  const char *element;     /**< "summary", "title", "lead", "question" */
  const char *section_id;  /**< the section id concerned, or NULL */
  const char *heading;     /**< the heading concerned, or NULL */
  rd_node *node;           /**< the document node concerned, or NULL */
  int64_t line;            /**< line in the summaries file, or 0 (unpaired nodes) */
  const char *message;     /**< one readable line ("section 2.1 has no summary") */
} rd_pairing_item;

/** The result of a pairing: counts and the list of items above. */
typedef struct rd_pairing rd_pairing;

/** Flags of rd_doc_load_summaries_file(). */
#define RD_SUMMARIES_DEFAULT 0u
/** Attach what pairs and only report summaries with no section and
 *  duplicates, instead of refusing the file. */
#define RD_SUMMARIES_LENIENT (1u << 0)
/** Keep summaries already attached to nodes the file does not cover
 *  (default: loading replaces every summary of the document). */
#define RD_SUMMARIES_KEEP (1u << 1)

/** Current version of the struct; its `version` field holds it. */
#define RD_SUMMARIES_OPTIONS_VERSION 1
/** Options of rd_doc_load_summaries_file(). Initialise with RD_SUMMARIES_OPTIONS_INIT. */
typedef struct rd_summaries_options {
  unsigned version; /**< RD_SUMMARIES_OPTIONS_VERSION */
  unsigned flags;   /**< RD_SUMMARIES_* */
  const char *name; /**< name used in messages for rd_doc_load_summaries(); may be NULL */
} rd_summaries_options;

/** Initialiser with the current version and the defaults. */
#define RD_SUMMARIES_OPTIONS_INIT {RD_SUMMARIES_OPTIONS_VERSION, RD_SUMMARIES_DEFAULT, NULL}

/** Read a summaries file, validate it against the schema and attach each
 *  entry to its node. XML is parsed without network access, without
 *  loading external DTDs and without expanding entities; a DTD that
 *  declares entities is refused outright. The file must be UTF-8.
 *  @param[out] report_out  if non-NULL, the pairing report on success
 *                          (NULL on failure)
 *  @param opts  NULL for defaults
 *  @return RD_OK; RD_EIO (unreadable file); RD_EENCODING (not UTF-8, or
 *          another encoding declared); RD_EXML (malformed, schema
 *          violation, DTD with entities); RD_ENOTFOUND (a summary matches
 *          no section); RD_EINVALID (duplicate, bad argument); RD_ENOMEM.
 *          Every message names the file and line. On failure nothing is
 *          attached.
 *  Ownership: caller owns *report_out; release with rd_pairing_free(). */
RD_EXPORT rd_status rd_doc_load_summaries_file(rd_pairing **report_out, rd_doc *doc, const char *path, const rd_summaries_options *opts);

/** The same from a buffer; opts->name names it in messages.
 *  @return as rd_doc_load_summaries_file() (RD_EINVALID also for an unknown opts->version)
 *  Ownership: as rd_doc_load_summaries_file(); xml is only read. */
RD_EXPORT rd_status rd_doc_load_summaries(rd_pairing **report_out, rd_doc *doc, const char *xml, size_t len, const rd_summaries_options *opts);

/** Number of summaries of the file that were attached.
 *  Ownership: nothing to free. */
RD_EXPORT size_t rd_pairing_paired_count(const rd_pairing *report);
/** Number of report items, and the i-th (NULL if out of range).
 *  Ownership: borrowed from the report; valid until rd_pairing_free().
 *  item->node is borrowed from the document. */
RD_EXPORT size_t rd_pairing_item_count(const rd_pairing *report);
/** @copydoc rd_pairing_item_count() */
RD_EXPORT const rd_pairing_item *rd_pairing_item_at(const rd_pairing *report, size_t i);
/** Number of items of one kind (0 for each unpaired kind: all paired).
 *  Ownership: nothing to free. */
RD_EXPORT size_t rd_pairing_count_kind(const rd_pairing *report, rd_pairing_kind kind);
/** Free a report and its items. NULL is ignored.
 *  Ownership: frees what rd_doc_load_summaries_file() handed out; nodes
 *  the items pointed at belong to the document and stay valid. */
RD_EXPORT void rd_pairing_free(rd_pairing *report);

/** The RELAX NG schema of summaries files, as embedded in the library.
 *  Ownership: static string. */
RD_EXPORT const char *rd_summaries_schema(void);

/** @} */

RD_END_DECL

#endif
