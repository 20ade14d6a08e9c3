/** @file reader/glossary.h
 *  English glosses from EDICT: load the dictionary, look words up, gloss
 *  a document's tokens.
 */
#ifndef READER_GLOSSARY_H
#define READER_GLOSSARY_H

#include "reader/common.h"
#include "reader/node.h"

RD_BEGIN_DECL

/** @defgroup glossary Glossary
 *  The Debian package `edict` installs the EDICT dictionary
 *  (`/usr/share/edict/edict`, EUC-JP). The glossary reads it once into a
 *  compact index (one string pool and sorted arrays) and keeps a binary
 *  cache of that index in rd_glossary_options.cache_dir, else
 *  `$READER_CACHE_DIR` (empty: no cache), else `$XDG_CACHE_HOME/libreader`,
 *  else `~/.cache/libreader`, like the library's other caches, rebuilt whenever the source file's size,
 *  modification time, inode or status change time (set by any write to it) changes, or
 *  the cache fails its checksum or bounds checks. An unwritable cache directory only costs
 *  speed. A glossary is read-only once loaded, so any number of threads
 *  may look words up in it at once.
 *
 *      rd_glossary *g;
 *      if (rd_glossary_new(&g, NULL, NULL) < 0) { ... rd_error_last()->message ... }
 *      rd_doc_gloss(doc, g);          // tokens now have rd_token_gloss_at()
 *      rd_glossary_free(g);           // the document keeps its own copies
 *  @{ */

/** Opaque glossary: an EDICT dictionary in memory. */
typedef struct rd_glossary rd_glossary;
/** One dictionary entry (a headword with one reading). Borrowed from its
 *  glossary; valid until rd_glossary_free(). */
typedef struct rd_gloss_entry rd_gloss_entry;
/** The entries a look-up found. */
typedef struct rd_gloss_result rd_gloss_result;

/** The EDICT path used when none is given. */
#define RD_GLOSSARY_DEFAULT_PATH "/usr/share/edict/edict"

/** Glossary flags. */
#define RD_GLOSSARY_DEFAULT 0u
/** Neither read nor write the binary cache. */
#define RD_GLOSSARY_NO_CACHE (1u << 0)
/** Ignore an existing cache and write a fresh one. */
#define RD_GLOSSARY_REBUILD_CACHE (1u << 1)

/** Current version of the struct; its `version` field holds it. */
#define RD_GLOSSARY_OPTIONS_VERSION 1
/** Options of rd_glossary_new(). Initialise with RD_GLOSSARY_OPTIONS_INIT. */
typedef struct rd_glossary_options {
  unsigned version;      /**< RD_GLOSSARY_OPTIONS_VERSION */
  unsigned flags;        /**< RD_GLOSSARY_* */
  const char *cache_dir; /**< cache directory; NULL for the default above */
} rd_glossary_options;

/** Initialiser with the current version and the defaults. */
#define RD_GLOSSARY_OPTIONS_INIT {RD_GLOSSARY_OPTIONS_VERSION, RD_GLOSSARY_DEFAULT, NULL}

/** Load EDICT, through its binary cache (built on first use).
 *  @param[out] out  the glossary, NULL on failure
 *  @param path      an EDICT file (EUC-JP); NULL for RD_GLOSSARY_DEFAULT_PATH
 *  @param opts      NULL for the defaults (the default cache), else
 *                   initialised with RD_GLOSSARY_OPTIONS_INIT
 *  @return RD_OK, RD_ENOTFOUND (no such file; the message names the path
 *          and the Debian package), RD_EIO, RD_EENCODING (ICU has no
 *          EUC-JP converter), RD_EINVALID (an empty file, or one with no
 *          EDICT entry; an unknown opts->version), RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_glossary_free(). */
RD_EXPORT rd_status rd_glossary_new(rd_glossary **out, const char *path, const rd_glossary_options *opts);

/** Free a glossary and its entries. NULL is ignored. Documents glossed
 *  with it keep their own copies of the glosses.
 *  Ownership: frees what rd_glossary_new() made;
 *  every rd_gloss_entry of it becomes invalid. */
RD_EXPORT void rd_glossary_free(rd_glossary *g);

/** Number of entries (one per EDICT line). Ownership: nothing to free. */
RD_EXPORT size_t rd_glossary_entry_count(const rd_glossary *g);
/** Whether the index was loaded from the binary cache (else parsed).
 *  Ownership: nothing to free. */
RD_EXPORT bool rd_glossary_from_cache(const rd_glossary *g);

/** Look a word up by its dictionary form (a token's lemma). Entries whose
 *  headword is the word come first, common ones (EDICT's "(P)") before
 *  the rest; a kana word also finds entries that have it as a reading.
 *  With a reading (hiragana or katakana), only the entries with that
 *  reading are kept, unless none has it: this chooses between homographs
 *  (生 なま / せい). A word EDICT lacks gives an empty result.
 *  @param[out] out  the result (possibly empty), NULL on failure
 *  @param reading   NULL or "" for any reading
 *  @return RD_OK, RD_EINVALID (NULL argument), RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_gloss_result_free(). The
 *  entries in it are borrowed from the glossary. */
RD_EXPORT rd_status rd_glossary_lookup(rd_gloss_result **out, const rd_glossary *g, const char *word,
                                       const char *reading);
/** Number of entries found, and the i-th (NULL if out of range).
 *  Ownership: the entry is borrowed from the glossary. */
RD_EXPORT size_t rd_gloss_result_count(const rd_gloss_result *r);
/** @copydoc rd_gloss_result_count() */
RD_EXPORT const rd_gloss_entry *rd_gloss_result_at(const rd_gloss_result *r, size_t i);
/** Free a look-up result (not its entries). NULL is ignored.
 *  Ownership: frees what rd_glossary_lookup() handed out; the entries
 *  stay valid while their glossary lives. */
RD_EXPORT void rd_gloss_result_free(rd_gloss_result *r);

/** The entry's headword ("盗む") and its reading in kana ("ぬすむ"; the
 *  headword itself for a kana-only entry). Ownership: borrowed. */
RD_EXPORT const char *rd_gloss_entry_word(const rd_gloss_entry *e);
/** @copydoc rd_gloss_entry_word() */
RD_EXPORT const char *rd_gloss_entry_reading(const rd_gloss_entry *e);
/** English glosses in EDICT's order ("to steal"), tags and sense numbers
 *  taken off. Ownership: borrowed. */
RD_EXPORT size_t rd_gloss_entry_gloss_count(const rd_gloss_entry *e);
/** @copydoc rd_gloss_entry_gloss_count() */
RD_EXPORT const char *rd_gloss_entry_gloss_at(const rd_gloss_entry *e, size_t i);
/** EDICT's part-of-speech and usage tags, each once, in order of first
 *  appearance ("v5m", "vt"; "n", "vs"; "uk", "abbr"). Ownership: borrowed. */
RD_EXPORT size_t rd_gloss_entry_tag_count(const rd_gloss_entry *e);
/** @copydoc rd_gloss_entry_tag_count() */
RD_EXPORT const char *rd_gloss_entry_tag_at(const rd_gloss_entry *e, size_t i);
/** Whether EDICT marks the entry as common ("(P)"). Ownership: nothing to free. */
RD_EXPORT bool rd_gloss_entry_is_common(const rd_gloss_entry *e);

/** Attach English glosses to every token of an annotated document, by
 *  lemma and reading (particles, auxiliaries, symbols and white space are
 *  skipped). Tokens of the same word share one list. Glosses are copied
 *  into the document, so the glossary may be freed first.
 *  @return RD_OK, RD_EINVALID (NULL argument), RD_ENOMEM
 *  Ownership: the document owns the copies; read them with
 *  rd_token_gloss_count() / rd_token_gloss_at(). */
RD_EXPORT rd_status rd_doc_gloss(rd_doc *doc, const rd_glossary *g);

/** @} */

RD_END_DECL

#endif
