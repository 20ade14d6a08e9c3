/** @file reader/token.h
 *  Words of an annotated document: lemma, part of speech, reading, furigana.
 */
#ifndef READER_TOKEN_H
#define READER_TOKEN_H

#include "reader/common.h"
#include "reader/node.h"

RD_BEGIN_DECL

/** @defgroup token Tokens
 *  TOKEN nodes exist after rd_doc_annotate(). Their surface is
 *  rd_node_text(); rd_node_span() indexes the document's source, so
 *  source[start:end] == surface.
 *
 *      for (size_t i = 0; i < rd_sentence_token_count(s); i++) {
 *        const rd_node *t = rd_sentence_token_at(s, i);
 *        printf("%s %s\n", rd_node_text(NULL, t), rd_token_reading(t));
 *      }
 *  @{ */

/** Coarse part of speech, the same for every dictionary. */
typedef enum rd_pos {
  RD_POS_OTHER = 0,
  RD_POS_NOUN,
  RD_POS_PROPER_NOUN,
  RD_POS_PRONOUN,
  RD_POS_NUMBER,
  RD_POS_VERB,
  RD_POS_ADJECTIVE,      /**< い-adjective (形容詞) */
  RD_POS_ADJECTIVAL_NOUN,/**< な-adjective (形状詞 / 形容動詞語幹) */
  RD_POS_ADVERB,
  RD_POS_ADNOMINAL,      /**< 連体詞 */
  RD_POS_CONJUNCTION,
  RD_POS_INTERJECTION,
  RD_POS_PARTICLE,
  RD_POS_AUXILIARY,      /**< 助動詞 */
  RD_POS_PREFIX,
  RD_POS_SUFFIX,
  RD_POS_SYMBOL,
  RD_POS_WHITESPACE
} rd_pos;

/** Token flags (rd_token_flags()). */
#define RD_TOKEN_UNKNOWN  (1u << 0) /**< not in the dictionary; no reading invented */
#define RD_TOKEN_NUMBER   (1u << 1) /**< digits or a numeral */
#define RD_TOKEN_SYMBOL   (1u << 2) /**< punctuation or symbol */
#define RD_TOKEN_LATIN    (1u << 3) /**< Latin letters */
#define RD_TOKEN_KANJI    (1u << 4) /**< contains at least one kanji */
#define RD_TOKEN_RULE     (1u << 5) /**< a reading rule changed the reading */
#define RD_TOKEN_OVERRIDE (1u << 6) /**< a user reading override set the reading */
#define RD_TOKEN_EDITORIAL (1u << 7) /**< the reading is the source editors' (HTML ruby, Aozora 《》, inline （）) */
/** A person's name: MeCab's 名詞,固有名詞,人名, or the names rule (ENAMDICT
 *  s/g/f/m/h). At most one of RD_TOKEN_PERSON, RD_TOKEN_PLACE and
 *  RD_TOKEN_ORG is set; none when neither MeCab nor ENAMDICT can tell. */
#define RD_TOKEN_PERSON   (1u << 8)
/** A place name: MeCab's 固有名詞,地域, or the names rule (ENAMDICT p/st, a
 *  name before a place suffix such as 市 or 町). */
#define RD_TOKEN_PLACE    (1u << 9)
/** An organisation's name: MeCab's 固有名詞,組織, or ENAMDICT c/o. */
#define RD_TOKEN_ORG      (1u << 10)
/** The name kinds: RD_TOKEN_PERSON | RD_TOKEN_PLACE | RD_TOKEN_ORG. */
#define RD_TOKEN_NAME_MASK (RD_TOKEN_PERSON | RD_TOKEN_PLACE | RD_TOKEN_ORG)
/** The reading is one of several the word can have here: the token carries
 *  its other readings (rd_token_alternative()). A high bit, apart from the
 *  word's own flags: it belongs to the occurrence, not the word. */
#define RD_TOKEN_UNCERTAIN (1u << 15)

/** One furigana segment: a reading over base bytes [start, start+len) of a
 *  word (a token's surface, or the word given to rd_align()). Bytes of the
 *  word outside every segment are plain (kana, digits, symbols). */
typedef struct rd_ruby {
  unsigned version;    /**< RD_RUBY_VERSION */
  size_t start;        /**< byte offset of the base in the word */
  size_t len;          /**< byte length of the base */
  const char *reading; /**< hiragana, NUL-terminated */
  size_t reading_len;  /**< byte length of reading */
} rd_ruby;
/** Current version of the struct; its `version` field holds it. */
#define RD_RUBY_VERSION 1

/** Dictionary form ("盗む" for 盗まれ...); the surface if the dictionary has
 *  none. Ownership: borrowed. */
RD_EXPORT const char *rd_token_lemma(const rd_node *token);
/** The dictionary's part-of-speech fields joined by commas
 *  ("名詞,固有名詞,地域,国"). Ownership: borrowed. */
RD_EXPORT const char *rd_token_pos(const rd_node *token);
/** Conjugation type and form, joined by a comma ("五段・マ行,未然形"), or
 *  "" where none. Ownership: borrowed. */
RD_EXPORT const char *rd_token_inflection(const rd_node *token);
/** Coarse class of rd_token_pos(). */
RD_EXPORT rd_pos rd_token_pos_class(const rd_node *token);
/** English name of a coarse class ("noun"). Ownership: static string. */
RD_EXPORT const char *rd_pos_name(rd_pos pos);
/** Reading in hiragana ("" for symbols; the surface for kana words; NULL
 *  for an unknown kanji word). Ownership: borrowed. */
RD_EXPORT const char *rd_token_reading(const rd_node *token);
/** Pronunciation as the dictionary gives it (katakana, long vowels as ー),
 *  or NULL. Ownership: borrowed. */
RD_EXPORT const char *rd_token_pronunciation(const rd_node *token);
/** RD_TOKEN_* bits. */
RD_EXPORT unsigned rd_token_flags(const rd_node *token);
/** The kind of name a token is: "person", "place" or "organisation"
 *  (RD_TOKEN_PERSON / RD_TOKEN_PLACE / RD_TOKEN_ORG), or NULL when it is
 *  none (or not a token). Ownership: static string. */
RD_EXPORT const char *rd_token_name_kind(const rd_node *token);
/** When a rule, an override or the editors' ruby changed the reading
 *  (RD_TOKEN_RULE / RD_TOKEN_OVERRIDE / RD_TOKEN_EDITORIAL): the reading
 *  MeCab gave (hiragana) and the name of the rule ("counter-day",
 *  "override", "editorial"); NULL otherwise.
 *  Ownership: borrowed. */
RD_EXPORT const char *rd_token_original_reading(const rd_node *token);
/** @copydoc rd_token_original_reading() */
RD_EXPORT const char *rd_token_rule(const rd_node *token);
/** Furigana segments of the token (0 for kana, Latin, digits, symbols and
 *  unknown words). rd_token_ruby_at() fills *out and returns false if i is
 *  out of range. */
RD_EXPORT size_t rd_token_ruby_count(const rd_node *token);
/** @copydoc rd_token_ruby_count() */
RD_EXPORT bool rd_token_ruby_at(rd_ruby *out, const rd_node *token, size_t i);
/** Furigana for display: the segments of rd_token_ruby_at() with touching
 *  ones merged, so a word reads as one unit (流[りゅう]出[しゅつ] gives one
 *  group 流出 / りゅうしゅつ) while kana still separate groups (取[と]り引[ひ]き
 *  keeps two). `reader furigana` and the brackets and HTML views use these.
 *  rd_token_ruby_group_at() fills *out (reading borrowed, NUL-terminated) and
 *  returns false if i is out of range. */
RD_EXPORT size_t rd_token_ruby_group_count(const rd_node *token);
/** @copydoc rd_token_ruby_group_count() */
RD_EXPORT bool rd_token_ruby_group_at(rd_ruby *out, const rd_node *token, size_t i);
/** Index of the token in the document (rd_doc_token_at()). */
RD_EXPORT size_t rd_token_index(const rd_node *token);
/** The token after this one in document order, from the same annotation:
 *  a walk started before a re-annotation keeps walking the tokens it
 *  started with (older token arrays live as long as the document), so it
 *  never mixes old and new tokens nor ends early. NULL after the last token.
 *  Safe while another thread re-annotates the document.
 *  Ownership: borrowed; valid until the document is freed. */
RD_EXPORT rd_node *rd_token_next(const rd_node *token);

/** Other readings of a heteronym (日本 にっぽん, 今日 こんにち, 後 のち/ご) in
 *  this context, most likely first, with the share MeCab's lattice gives
 *  each (0..1, in thousandths; see the README, "Furigana and readings").
 *  0 for a token whose reading is not in doubt, a token the source's
 *  editors read, and every token of the stub analyzer. rd_token_alternative()
 *  sets *confidence (when not NULL) and returns the i-th reading
 *  (hiragana), or NULL (and 0) when i is out of range.
 *
 *      double c;
 *      for (size_t i = 0; i < rd_token_alternative_count(t); i++)
 *        printf("%s %.3f\n", rd_token_alternative(&c, t, i), c);
 *
 *  Ownership: borrowed; valid until the document is freed. */
RD_EXPORT size_t rd_token_alternative_count(const rd_node *token);
/** @copydoc rd_token_alternative_count() */
RD_EXPORT const char *rd_token_alternative(double *confidence, const rd_node *token, size_t i);
/** The share of rd_token_reading() among the readings considered (0..1):
 *  1 when the token has no alternatives, 0 for a node that is not a token.
 *  Where a reading rule chose against the lattice (日本 にほん) the share
 *  is the lattice's, and may be low. */
RD_EXPORT double rd_token_reading_confidence(const rd_node *token);

/** Current version of rd_token_record; its `version` field holds it. */
#define RD_TOKEN_RECORD_VERSION 1
/** The fields a walk over every token reads most, for many tokens at once
 *  (rd_token_records()): a binding that touches every token then crosses
 *  into C once per chunk of tokens, not once per token and field. */
typedef struct rd_token_record {
  unsigned version;    /**< RD_TOKEN_RECORD_VERSION (set by rd_token_records()) */
  const rd_node *token; /**< the token */
  const char *surface; /**< rd_node_text() of the token, NUL-terminated */
  size_t surface_len;  /**< its byte length */
  const char *reading; /**< rd_token_reading() (NULL: an unknown kanji word) */
  const char *lemma;   /**< rd_token_lemma() */
  const char *pos;     /**< rd_token_pos() */
  size_t start;        /**< rd_node_char_span(): code points in the document's source */
  size_t end;          /**< rd_node_char_span() end */
} rd_token_record;

/** Records of `token` and of the tokens after it in the same annotation
 *  (as rd_token_next() walks them), at most `cap`: one lock and one pass
 *  over the source for the whole chunk. Each field equals its accessor's
 *  value for that token.
 *
 *      rd_token_record r[256];
 *      const rd_node *t = rd_doc_token_at(doc, 0);
 *      size_t n;
 *      while (t && (n = rd_token_records(r, 256, t)) > 0) { ...; t = rd_token_next(r[n - 1].token); }
 *
 *  @param[out] out  room for `cap` records
 *  @return the number of records filled; 0 when token is NULL or not a token
 *  Ownership: the tokens and strings are borrowed from the document: valid
 *  until it is freed (a re-annotation does not free them). */
RD_EXPORT size_t rd_token_records(rd_token_record *out, size_t cap, const rd_node *token);

/** Current version of rd_token_text; its `version` field holds it. */
#define RD_TOKEN_TEXT_VERSION 1
/** What a writer reads of a token to put it down with its furigana (its
 *  text, its place in the source, its display groups), for many tokens of
 *  a sentence at once (rd_sentence_token_texts()): one call per chunk
 *  instead of six accessor calls per token. */
typedef struct rd_token_text {
  unsigned version;      /**< RD_TOKEN_TEXT_VERSION (set by rd_sentence_token_texts()) */
  const rd_node *token;  /**< the token: rd_sentence_token_at() */
  const char *surface;   /**< rd_node_text() of the token, NUL-terminated */
  size_t surface_len;    /**< its byte length */
  size_t start;          /**< rd_node_span(): bytes in the document's source */
  size_t end;            /**< rd_node_span() end */
  size_t ruby_count;     /**< rd_token_ruby_count() */
  /** rd_token_ruby_group_at() for i < group_count, as an array (only
   *  those entries may be read: none when group_count is 0) */
  const rd_ruby *groups;
  size_t group_count;    /**< rd_token_ruby_group_count() */
} rd_token_text;

/** Records of a sentence's tokens `first`, `first` + 1, ... (the order of
 *  rd_sentence_token_at()), at most `cap`. Each field equals its
 *  accessor's value for that token.
 *
 *      rd_token_text r[64];
 *      size_t n;
 *      for (size_t i = 0; (n = rd_sentence_token_texts(r, 64, s, i)) > 0; i += n)
 *        for (size_t j = 0; j < n; j++) fwrite(r[j].surface, 1, r[j].surface_len, stdout);
 *
 *  @param[out] out  room for `cap` records
 *  @return the number of records filled; 0 when sentence is NULL or not a
 *          SENTENCE, first >= rd_sentence_token_count(), or out is NULL
 *  Ownership: the tokens, strings and group arrays are borrowed from the
 *  document: valid until it is freed (a re-annotation does not free them). */
RD_EXPORT size_t rd_sentence_token_texts(rd_token_text *out, size_t cap, const rd_node *sentence, size_t first);

/** English glosses attached by rd_doc_gloss(): count and i-th gloss
 *  ("to steal"). Ownership: borrowed. */
RD_EXPORT size_t rd_token_gloss_count(const rd_node *token);
/** @copydoc rd_token_gloss_count() */
RD_EXPORT const char *rd_token_gloss_at(const rd_node *token, size_t i);

/** @} */

RD_END_DECL

#endif
