/* Editorial readings (editorial.c): the ruby a source's editors gave (HTML
 * rt, Aozora ｜漢字《かんじ》, inline 漢字（かんじ）) is collected by the readers
 * as doc->ruby_spans and, after MeCab has segmented, becomes the reading of
 * the tokens it covers. Never installed. */
#ifndef READER_EDITORIAL_H
#define READER_EDITORIAL_H

#include "model.h"

/* The span's base was guessed (the kanji run before an Aozora 《》 without
 * ｜, or before an inline （）): annotation may narrow it to the tokens the
 * reading fits. */
#define RD__RUBY_GUESSED 1u

/* Bytes a kept reading holds at most (with its NUL). */
#define RD__RUBY_READING_MAX 256

/* Record an editorial reading over source bytes [start, end). The reading
 * is copied, white space dropped and katakana folded to hiragana; spans
 * may be added in any order and are kept sorted by start, without
 * overlaps (a span overlapping one already kept is dropped). An empty
 * reading or base, or a reading that is not kana, is ignored. RD_ENOMEM
 * on OOM. */
rd_status rd__doc_add_ruby_span(rd_doc *doc, size_t start, size_t end, const char *reading, size_t len,
                                unsigned flags);

/* Whether s[0..len) is a reading as rd__doc_add_ruby_span keeps it:
 * hiragana (and ー, ゝ, ゞ), no white space, shorter than
 * RD__RUBY_READING_MAX. The XML reader refuses any other. */
int rd__ruby_reading_ok(const char *s, size_t len);

/* Give the tokens covered by ruby spans the editors' reading, ruby and
 * RD_TOKEN_EDITORIAL (call after the token array is installed). */
rd_status rd__doc_apply_editorial(rd_doc *doc);

#endif
