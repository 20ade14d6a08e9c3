/* Fuzz target: the furigana aligner. Input: one flag byte (bit 0: split
 * per kanji), then the word, a TAB, the reading. Any bytes: invalid UTF-8
 * and readings that do not fit must give a clean error; segments must lie
 * inside the word, in order, without overlap, with their reading inside
 * the given reading's length. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  unsigned flags = (data[0] & 1) ? RD_ALIGN_PER_KANJI : 0;
  const char *s = (const char *)data + 1;
  size_t n = size - 1;
  const char *tab = memchr(s, '\t', n);
  size_t wl = tab ? (size_t)(tab - s) : n;
  const char *reading = tab ? tab + 1 : "";
  size_t rl = tab ? n - wl - 1 : 0;
  rd_ruby *segs = NULL;
  size_t count = 0;
  if (rd_align_with_flags(&segs, &count, s, wl, reading, rl, flags) != RD_OK) {
    fuzz_check_error();
    if (segs) __builtin_trap();
    return 0;
  }
  size_t end = 0, total = 0;
  for (size_t i = 0; i < count; i++) {
    const rd_ruby *r = &segs[i];
    if (r->start < end || r->len == 0 || r->start + r->len > wl) __builtin_trap();
    if (!r->reading || strlen(r->reading) != r->reading_len) __builtin_trap();
    end = r->start + r->len;
    total += r->reading_len;
  }
  /* Readings are the given reading (maybe katakana -> hiragana, same length) cut up. */
  if (total > rl) __builtin_trap();
  rd_free(segs);
  return 0;
}
