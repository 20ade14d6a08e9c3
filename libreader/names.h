/* Names from ENAMDICT (private): the table of proper names (headword ->
 * readings, each with the kinds ENAMDICT tags it with), loaded once per
 * analyzer and cached like the compounds table, and the names rule that
 * reads a name MeCab tagged as a proper noun (or could not read) by it and
 * flags names as person / place / organisation. See names.c. */
#ifndef READER_NAMES_H
#define READER_NAMES_H

#include "analyze_internal.h"

/* Kinds of a name reading, from ENAMDICT's tags. */
#define RD__NAME_PERSON 1u /* (s)urname (g)iven (f)emale (m)ale (h) full name */
#define RD__NAME_PLACE 2u  /* (p)lace (st)ation */
#define RD__NAME_ORG 4u    /* (c)ompany (o)rganization */
#define RD__NAME_OTHER 8u  /* (u)nclassified (pr)oduct (wk) work, ... */

/* One reading of a headword: hiragana reading[0..len) (not NUL-terminated)
 * and its RD__NAME_* kinds. */
typedef struct rd__name_reading {
  const char *reading;
  size_t len;
  unsigned kinds;
} rd__name_reading;

/* Load an ENAMDICT-format file (EUC-JP or UTF-8, EDICT grammar with
 * ENAMDICT's tags): headwords of 1-8 kanji with kana readings. A file
 * with no EDICT line is refused (RD_EINVALID); RD_EIO / RD_ENOTFOUND for
 * one that cannot be read; RD_EENCODING for a binary or mis-encoded one. */
rd_status rd__names_load(rd__names **out, const char *path);
void rd__names_free(rd__names *n);
/* Whether the table came from its cache file rather than a parse. */
bool rd__names_from_cache(const rd__names *n);
/* Number of headwords in the table. */
size_t rd__names_count(const rd__names *n);
/* The readings of headword s[0..len) into out[0..max); returns how many
 * the table has (0 when absent), which may exceed max. */
size_t rd__names_find(const rd__names *n, const char *s, size_t len, rd__name_reading *out, size_t max);

/* The names rule over one sentence's words (rules.c calls it where the
 * compounds join): flags MeCab's proper nouns by kind (人名 / 地域 / 組織),
 * and, with a table (env->names), reads a run of kanji words that MeCab
 * tagged 名詞,固有名詞 or could not read, or a place name before a place
 * suffix (市 町 村 県 区 郡 城 駅 山 川 島), by ENAMDICT where it gives one
 * reading or its other places on the stem agree on one (see names.c for
 * the choice); without a table too, rule person-head reads a lone "given
 * name" X男 / X女 as the noun (福男 ふくおとこ). facts: the sentence's (as
 * for rd__compounds_join). -1 on OOM. */
int rd__names_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first, uint32_t facts);
/* The rule's tables (rules_data.c; rules_facts.c makes the words' gate
 * bits RD__WF_PLACE_SUFFIX and RD__WF_PERSON_HEAD of them). Place suffixes
 * and their readings ("|a|b|" where a suffix reads two ways: then
 * ENAMDICT's entry for the whole decides, else MeCab's); heads that make a
 * noun a kind of person, with the given name's reading of the head and
 * the noun's (rule person-head). */
typedef struct rd__place_suffix {
  const char *suffix, *readings;
} rd__place_suffix;
extern const rd__place_suffix rd__place_suffixes[];
extern const size_t rd__nplace_suffixes;
typedef struct rd__person_head {
  const char *head, *name_reading, *noun_reading;
} rd__person_head;
extern const rd__person_head rd__person_heads[];
extern const size_t rd__nperson_heads;

#endif
