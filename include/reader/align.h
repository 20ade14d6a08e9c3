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
 *  When no split fits, one segment covers the whole kanji run; never a
 *  wrong split. A word without kanji gets no segments.
 *  @param[out] out        array of *count_out segments (NULL when 0)
 *  @param[out] count_out  number of segments
 *  @return RD_OK, RD_EENCODING (invalid UTF-8), RD_EINVALID (the reading
 *          cannot belong to the word: its kana do not match), RD_ENOMEM
 *  Ownership: *out (with the reading strings it points to) is one block;
 *  release it with rd_free(). */
RD_EXPORT rd_status rd_align(rd_ruby **out, size_t *count_out, const char *word, size_t word_len,
                             const char *reading, size_t reading_len);

/** @} */

RD_END_DECL

#endif
