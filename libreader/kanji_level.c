/* Per-kanji learner levels (school grade and JLPT) from KANJIDIC, for the
 * reader page's level setting. The file is read once per process
 * (pthread_once) into two byte tables indexed by code point; read-only
 * afterwards, so threads share them without locks. Only each line's
 * ASCII fields are read (U = code point, G = grade, J = old JLPT level),
 * so the file's EUC-JP text needs no conversion.
 *
 * JLPT mapping: KANJIDIC has the pre-2010 levels 4..1. Old 4 and 3 became
 * N5 and N4; old 2 was split into N3 and N2, and KANJIDIC cannot tell
 * which, so those kanji count as N2 (a reading is hidden only when the
 * kanji is surely within the learner's level); old 1 is N1. */
#define _POSIX_C_SOURCE 200809L /* getline */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "kanjidic.h"

#define KL_DEFAULT_PATH "/usr/share/edict/kanjidic"
#define KL_MAX_CP 0x30000u /* the BMP and the CJK extension planes KANJIDIC uses */

static struct {
  unsigned char *grade, *jlpt; /* KL_MAX_CP entries each, 0 = absent */
  bool loaded;
} kl;
static pthread_once_t kl_once = PTHREAD_ONCE_INIT;

static void kl_line(const char *p, const char *end) {
  unsigned long cp = 0;
  int grade = 0, old = 0;
  while (p < end) {
    while (p < end && *p == ' ') p++;
    const char *t = p;
    while (p < end && *p != ' ') p++;
    if (t == p || *t == '{') break; /* the English meanings end the codes */
    size_t n = (size_t)(p - t);
    if (n >= 2 && n <= 7 && t[0] == 'U') cp = strtoul(t + 1, NULL, 16);
    else if (n >= 2 && n <= 3 && t[0] == 'G' && t[1] >= '0' && t[1] <= '9') grade = atoi(t + 1);
    else if (n == 2 && t[0] == 'J' && t[1] >= '1' && t[1] <= '4') old = t[1] - '0';
  }
  if (!cp || cp >= KL_MAX_CP) return;
  static const unsigned char jlpt_of_old[5] = {0, 1, 2, 4, 5};
  kl.grade[cp] = (unsigned char)(grade > 0 && grade < 100 ? grade : 0);
  kl.jlpt[cp] = jlpt_of_old[old];
}

static void kl_load(void) {
  const char *env = getenv("READER_KANJIDIC");
  const char *path = env ? env : KL_DEFAULT_PATH;
  if (!path[0]) return;
  FILE *f = fopen(path, "rb");
  if (!f) return;
  kl.grade = calloc(KL_MAX_CP, 1);
  kl.jlpt = calloc(KL_MAX_CP, 1);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int lines = 0;
  if (kl.grade && kl.jlpt) {
    while ((n = getline(&line, &cap, f)) > 0) {
      if (line[0] == '#') continue;
      kl_line(line, line + n - (line[n - 1] == '\n'));
      lines++;
    }
  }
  free(line);
  fclose(f);
  if (!kl.grade || !kl.jlpt || !lines) {
    free(kl.grade);
    free(kl.jlpt);
    kl.grade = kl.jlpt = NULL;
    return;
  }
  kl.loaded = true;
}

bool rd__kanji_levels_available(void) {
  pthread_once(&kl_once, kl_load);
  return kl.loaded;
}

bool rd__kanji_level(uint32_t cp, int *grade, int *jlpt) {
  *grade = *jlpt = 0;
  if (!rd__kanji_levels_available() || cp >= KL_MAX_CP) return false;
  *grade = kl.grade[cp];
  *jlpt = kl.jlpt[cp];
  return *grade || *jlpt;
}
