/* Fuzz target: kana conversion (hiragana, katakana, romaji) of any bytes.
 * Invalid UTF-8 is refused with a message; valid input converts, the
 * output is valid UTF-8 of the length reported, and hiragana of katakana
 * of hiragana is stable (except small ゕ/ゖ: their katakana ヵ/ヶ are kept
 * as written, being counters, by design). */
#define _GNU_SOURCE /* memmem */
#include "fuzz_common.h"

static int valid_utf8(const char *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (!k || i + k > n) return 0;
    for (size_t j = 1; j < k; j++)
      if (((unsigned char)s[i + j] & 0xC0) != 0x80) return 0;
    i += k;
  }
  return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  typedef rd_status (*conv)(char **, size_t *, const char *, size_t);
  static const conv fns[] = {rd_kana_to_hiragana, rd_kana_to_katakana, rd_kana_to_romaji};
  for (size_t f = 0; f < 3; f++) {
    char *out = NULL;
    size_t len = 0;
    if (fns[f](&out, &len, (const char *)data, size) != RD_OK) {
      fuzz_check_error();
      continue;
    }
    if (!out || strlen(out) != len || !valid_utf8(out, len)) __builtin_trap();
    int small_ke = memmem(out, len, "\xe3\x82\x95", 3) || memmem(out, len, "\xe3\x82\x96", 3);
    if (f == 0 && !small_ke) { /* hiragana -> katakana -> hiragana gives the hiragana back */
      char *k = NULL, *h = NULL;
      size_t kl, hl;
      if (rd_kana_to_katakana(&k, &kl, out, len) != RD_OK || rd_kana_to_hiragana(&h, &hl, k, kl) != RD_OK) __builtin_trap();
      if (hl != len || memcmp(h, out, len) != 0) __builtin_trap();
      rd_free(k);
      rd_free(h);
    }
    rd_free(out);
  }
  return 0;
}
