/* Kana folding and alignment helpers shared by the aligner (align.c), the
 * kana/romaji module (kana.c) and the analyzer. Never installed. */
#ifndef READER_KANA_INTERNAL_H
#define READER_KANA_INTERNAL_H

#include "common_internal.h"
#include "reader/token.h"

/* Decode one character of s[0..len) folded to hiragana: katakana (also
 * half-width, with a following ﾞ/ﾟ or a combining voicing mark merged in)
 * becomes hiragana, half-width ｰ becomes ー. ヵ/ヶ become ゕ/ゖ (callers that
 * treat them as kanji test the raw code point first). Other characters are
 * returned unchanged. Returns the bytes consumed, or 0 on invalid UTF-8. */
size_t rd__kana_fold(const char *s, size_t len, uint32_t *cp);

/* Whether a folded code point is kana: hiragana, ー, ゝゞ, or a katakana
 * without a hiragana form (ヷヸヹヺ). */
int rd__kana_is_kana(uint32_t cp);

/* Hiragana -> katakana for one code point (others unchanged). */
uint32_t rd__hira_to_kata(uint32_t cp);

/* Convert katakana to hiragana in place (the byte length never grows:
 * each folded character is at most as long as its source). Invalid UTF-8
 * is left untouched. Returns the new length; s is NUL-terminated if
 * there is room (new length < old length or s[len] was writable). */
size_t rd__kana_to_hiragana_inplace(char *s, size_t len);

/* rd_align_with_flags() with the result in an arena instead of a malloc'ed block
 * (arena NULL: malloc, release with rd_free). On the analyzer's hot path
 * this allocates nothing but the result for words up to 48 characters. */
rd_status rd__align(rd_ruby **out, size_t *count_out, const char *word, size_t word_len, const char *reading,
                    size_t reading_len, unsigned flags, rd__arena *arena);

/* Whether KANJIDIC's per-kanji readings are available to the aligner
 * (loads them on the first call; READER_KANJIDIC overrides the path
 * /usr/share/edict/kanjidic, "" disables them). */
int rd__kanji_readings_loaded(void);

#endif
