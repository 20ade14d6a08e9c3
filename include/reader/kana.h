/** @file reader/kana.h
 *  Hiragana, katakana and romaji for strings and for annotated nodes.
 */
#ifndef READER_KANA_H
#define READER_KANA_H

#include "reader/common.h"
#include "reader/node.h"

RD_BEGIN_DECL

/** @defgroup kana Kana and romaji
 *  Transliteration between the kana scripts and modified Hepburn romaji,
 *  for any UTF-8 string and for a token, sentence, block or section of an
 *  annotated document (using each token's reading).
 *
 *      char *r; size_t n;
 *      if (rd_kana_to_romaji(&r, &n, "トウキョウ", 15) == RD_OK) { puts(r); rd_free(r); } // toukyou
 *
 *  Romaji choices (modified Hepburn, no macrons, so the output is plain
 *  ASCII and round-trips through any keyboard):
 *  - long vowels are spelled as the kana write them: おう -> ou, おお -> oo,
 *    ええ -> ee, えい -> ei, うう -> uu; ー repeats the vowel before it
 *    (コーヒー -> koohii; a ー with no vowel before it is written "-");
 *  - し shi, ち chi, つ tsu, ふ fu, じ/ぢ ji, ず/づ zu, を o, ゔ vu;
 *    small ゃゅょ give kya, sha, cha, ja...; katakana extensions ファ fa,
 *    ティ ti, ディ di, ウィ wi, ヴァ va, チェ che, シェ she, ジェ je...;
 *  - っ doubles the next consonant (きって kitte), before ch as t
 *    (まっちゃ matcha); a っ with no consonant after it is dropped (あっ a);
 *  - ん is n, and n' before a vowel or y (きんえん kin'en, こんや kon'ya);
 *  - at the node level, the particles は and へ read wa and e
 *    (tokens whose class is RD_POS_PARTICLE), and words are separated by
 *    spaces; auxiliaries, suffixes and conjunctive particles stay joined
 *    to the word before them (盗まれた nusumareta, 読んで yonde).
 *  Characters that are not kana pass through; full-width ASCII becomes
 *  ASCII and 。、「」・ become . , " " and a space.
 *  @{ */

/** Target script of rd_node_to_kana(). */
typedef enum rd_script {
  RD_SCRIPT_HIRAGANA = 0, /**< ひらがな */
  RD_SCRIPT_KATAKANA,     /**< カタカナ */
  RD_SCRIPT_ROMAJI        /**< modified Hepburn, see above */
} rd_script;

/** Katakana (full- and half-width, with voicing marks) to hiragana; other
 *  characters, ー and ヵ/ヶ unchanged.
 *  @param[out] out      NUL-terminated result
 *  @param[out] len_out  its byte length (may be NULL)
 *  @return RD_OK, RD_EENCODING (invalid UTF-8 or NUL: the byte offset is
 *          in the message and rd_error_last()->offset), RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_kana_to_hiragana(char **out, size_t *len_out, const char *text, size_t len);

/** Hiragana and half-width katakana to full-width katakana; other
 *  characters unchanged. Errors and ownership as rd_kana_to_hiragana().
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_kana_to_katakana(char **out, size_t *len_out, const char *text, size_t len);

/** Kana to modified Hepburn romaji (see the group description); other
 *  characters pass through. Errors and ownership as rd_kana_to_hiragana().
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_kana_to_romaji(char **out, size_t *len_out, const char *text, size_t len);

/** The text of an annotated TOKEN, SENTENCE, block (HEADING, PARAGRAPH,
 *  QUESTION), SECTION or the DOCUMENT node in one script, from each
 *  token's reading (the surface for kana, Latin, digits, symbols and
 *  unknown words). Sentences of a block are joined (by a space in
 *  romaji); blocks of a section are separate lines; references are left
 *  out.
 *  @param[out] out      NUL-terminated result
 *  @param[out] len_out  its byte length (may be NULL)
 *  @return RD_OK, RD_EINVALID (NULL node, a CITATION or REFERENCE node, or a
 *          sentence with text that has no tokens: annotate first), RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_free(). */
RD_EXPORT rd_status rd_node_to_kana(char **out, size_t *len_out, const rd_node *node, rd_script script);

/** @} */

RD_END_DECL

#endif
