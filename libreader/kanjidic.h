/* KANJIDIC (Debian package kanjidic), private: per kanji its readings (for
 * the aligner's per-kanji splits), school grade (G field) and JLPT level
 * (J field, for the reader page). Loaded once per process on first use,
 * through edict.c's EUC-JP converter; read-only afterwards, so threads
 * share it without locks. READER_KANJIDIC names another file ("" disables
 * it); a missing or unreadable file only means no data. */
#ifndef READER_KANJIDIC_H
#define READER_KANJIDIC_H

#include "common_internal.h"

typedef struct rd__kanji_entry {
  uint32_t kanji;
  uint32_t first, count; /* its readings */
  uint8_t grade, jlpt;   /* 0: not given */
  uint8_t on;            /* readings [0, on) are on'yomi (KANJIDIC's katakana), the rest kun'yomi */
} rd__kanji_entry;

/* The entry of kanji cp (loads KANJIDIC on the first call); NULL if absent. */
const rd__kanji_entry *rd__kanji_find(uint32_t cp);
/* Reading i (< e->count) of an entry: hiragana code points, *len of them. */
const uint16_t *rd__kanji_reading(const rd__kanji_entry *e, size_t i, size_t *len);
/* A reading for kanji cp where nothing else gives one (MeCab's unknown
 * words): its first on'yomi when in_compound (a kanji among kanji reads as
 * in a Sino-Japanese word: 涌園 ゆうえん), else its first kun'yomi (a kanji
 * alone is mostly a native noun; one written with okurigana is a verb or
 * adjective stem and is passed over), each falling back to the other kind.
 * Writes up to cap code points of hiragana into out; returns how many, 0
 * when KANJIDIC has no reading for cp. */
size_t rd__kanji_fallback_reading(uint32_t cp, bool in_compound, uint32_t *out, size_t cap);
/* Grade (1-6 kyouiku, 8 jouyou, 9-10 jinmeiyou; 0 none) and JLPT level of
 * kanji cp as the new levels N5..N1 (5..1; mapped from KANJIDIC's old J
 * field, see kanjidic.c; 0 none); false when KANJIDIC does not list it.
 * Either output may be NULL. */
bool rd__kanji_level(uint32_t cp, int *grade, int *jlpt);
/* Whether KANJIDIC came from its cache file (util/filecache.h); loads it. */
bool rd__kanjidic_from_cache(void);
/* Whether KANJIDIC could be loaded (loads it on the first call). */
bool rd__kanji_levels_available(void);
/* One KANJIDIC line parsed alone (for tests): its kanji, grade, JLPT and
 * number of readings; false when the line is no kanji entry. */
bool rd__kanjidic_parse_line_info(const char *line, size_t len, uint32_t *kanji, int *grade, int *jlpt,
                                  size_t *nreadings);

#endif
