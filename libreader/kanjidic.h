/* KANJIDIC facts per kanji, private to the library. */
#ifndef READER_KANJIDIC_H
#define READER_KANJIDIC_H

#include <stdbool.h>
#include <stdint.h>

/* The learner level of one kanji from KANJIDIC (Debian `kanjidic`,
 * /usr/share/edict/kanjidic; READER_KANJIDIC names another file, "" none).
 * *grade: the G field (1-6 school grade, 8 other jouyou, 9-10 jinmeiyou),
 * 0 when absent. *jlpt: the new JLPT level N5..N1 as 5..1 mapped from the
 * old J field (J4 -> 5, J3 -> 4, J2 -> 2, J1 -> 1; see kanji_level.c), 0
 * when absent. Returns false (both 0) when the kanji is not in KANJIDIC or
 * KANJIDIC is not installed. Loads the file once per process; thread-safe. */
bool rd__kanji_level(uint32_t cp, int *grade, int *jlpt);
/* Whether KANJIDIC could be loaded for levels (loads it on first call). */
bool rd__kanji_levels_available(void);

#endif
