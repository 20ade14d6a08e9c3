/** @file reader/align.h
 *  Furigana alignment: which part of a reading goes over which kanji.
 */
#ifndef READER_ALIGN_H
#define READER_ALIGN_H

#include "reader/common.h"
#include "reader/token.h"

RD_BEGIN_DECL

/** @defgroup align Furigana alignment
 *  Given a word and its reading (from MeCab, a user or a dictionary),
 *  put readings over the kanji only and leave kana plain:
 *  盗まれた + ぬすまれた -> 盗[ぬす]まれた.
 *
 *      rd_ruby *segs; size_t n;
 *      if (rd_align(&segs, &n, "取り引き", 12, "とりひき", 12) == RD_OK) { ...; rd_free(segs); }
 *  @{ */

/** Align a reading (hiragana or katakana) to a word.
 *  Kana in the word anchor the split; a run of kanji is then split per
 *  kanji where KANJIDIC allows exactly one split (RD_ALIGN_PER_KANJI, on
 *  by default: 裏切る -> 裏[うら]切[ぎ]る), else it gets one segment; where the
 *  kana allow several splits, or none, one segment covers the kanji runs
 *  concerned: never a wrong split. A word without kanji gets no segments.
 *  rd_align_with_flags(..., 0) keeps every kanji run whole.
 *  @param[out] out        array of *count_out segments (NULL when 0)
 *  @param[out] count_out  number of segments
 *  @return RD_OK, RD_EENCODING (invalid UTF-8), RD_EINVALID (the reading
 *          cannot belong to the word: its kana do not match), RD_ENOMEM
 *  Ownership: *out (with the reading strings it points to) is one block;
 *  release it with rd_free(). */
RD_EXPORT rd_status rd_align(rd_ruby **out, size_t *count_out, const char *word, size_t word_len,
                             const char *reading, size_t reading_len);

/** rd_align_with_flags() flag: also split a run of plain kanji per kanji
 *  (裏切 うらぎ -> 裏[うら]切[ぎ]) when the per-kanji readings of KANJIDIC
 *  (Debian package kanjidic; the environment variable READER_KANJIDIC
 *  names another copy, "" turns the split off) decompose its reading in
 *  exactly one way, allowing rendaku (き -> ぎ) and a final つちくき
 *  becoming っ (がく -> がっ). Runs with 々, ヶ or 〆, and jukujikun (今日,
 *  一人), stay whole; without KANJIDIC the flag changes nothing. */
#define RD_ALIGN_PER_KANJI (1u << 0)

/** rd_align() with RD_ALIGN_* flags (RD_ALIGN_PER_KANJI gives rd_align(); 0 keeps
 *  kanji runs whole).
 *  @param[out] out        array of *count_out segments (NULL when 0)
 *  @param[out] count_out  number of segments
 *  @return as rd_align()
 *  Ownership: *out is one block; release it with rd_free(). */
RD_EXPORT rd_status rd_align_with_flags(rd_ruby **out, size_t *count_out, const char *word, size_t word_len,
                                        const char *reading, size_t reading_len, unsigned flags);

/** Whether RD_ALIGN_PER_KANJI can split (KANJIDIC was found; it is loaded
 *  once per process, on the first call that needs it). */
RD_EXPORT bool rd_align_per_kanji_available(void);

/** @} */

RD_END_DECL

#endif
