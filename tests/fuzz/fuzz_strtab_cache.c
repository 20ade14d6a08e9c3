/* Fuzz target: the mapped tables' cache blocks (libreader/util/strtab.c:
 * the compounds and names caches). The first byte picks whether every key
 * must have a value (names) or not (compounds); the rest is the cache
 * file. The load checks only the header (rd__strtab_valid, O(1)); every
 * slot is checked by the look-ups when they meet it. So a block that
 * passes is looked up with its own keys and a few fixed words, and every
 * answer must be a string inside the pool: a check that lets a bad offset
 * through is an ASan report (the block is an exact-size heap copy) or a
 * trap; a probe that never ends is a libFuzzer timeout. */
#include <stdlib.h>

#include "fuzz_common.h"
#include "util/strtab.h"

static void check_answer(const rd__strtab *t, const char *v) {
  if (!v) return;
  if (v < t->pool || v >= t->pool + t->b->pool_len) __builtin_trap();
  if (v + strlen(v) >= t->pool + t->b->pool_len) __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  bool values_required = data[0] & 1;
  data++;
  size--;
  if (size < sizeof(rd__strtab_block)) return 0;
  rd__strtab_block *b = malloc(size); /* malloc's alignment, as a mapping has */
  if (!b) return 0;
  memcpy(b, data, size);
  if (!rd__strtab_valid(b, size)) { free(b); return 0; }
  rd__strtab t;
  rd__strtab_bind(&t, b, 0);
  t.values_required = values_required;
  /* its own keys, as far as their offsets are inside the pool */
  for (uint64_t i = 0; i < t.b->cap && i < 256; i++) {
    uint32_t k = t.keys[i];
    if (!k || k >= t.b->pool_len) continue;
    const char *key = t.pool + k;
    const char *v = rd__strtab_find(&t, key, strlen(key));
    /* a corrupted value offset may still land on a NUL inside the pool:
     * "" then, which the names rule reads as no reading (never out of
     * bounds, all this target asserts) */
    check_answer(&t, v);
  }
  static const char *const words[] = {"舟下り", "行方", "安平", "", "a", "\xff\xfe", "立川市"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    const char *v = rd__strtab_find(&t, words[i], strlen(words[i]));
    check_answer(&t, v);
  }
  rd__strtab_dispose(&t); /* map_len 0: frees the copy */
  return 0;
}
