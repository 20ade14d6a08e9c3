/* Fuzz target: the glossary cache loader (libreader/glossary.c
 * block_valid, the checks a cache file read from disk gets). The first
 * byte picks the mode: odd, the checksum is recomputed over the mutated
 * bytes first (rd__glossary_cache_seal), so the structural checks behind
 * it are what is fuzzed; even, the bytes are loaded as they are (the
 * checksum must refuse almost all of them). The rest is the cache file.
 * A cache that passes is used as a real one would be: every entry walked,
 * a few words looked up and a small document glossed, so a validation
 * that lets a read out of bounds through is caught by ASan. */
#include <stdlib.h>

#include "fuzz_common.h"
#include "glossary_internal.h"

static size_t touch(const char *s) { return s ? strlen(s) : 0; }

static void walk_entry(const rd_gloss_entry *e) {
  if (!e) __builtin_trap();
  if (!rd_gloss_entry_word(e) || !rd_gloss_entry_reading(e)) __builtin_trap();
  size_t sum = touch(rd_gloss_entry_word(e)) + touch(rd_gloss_entry_reading(e));
  for (size_t j = 0; j < rd_gloss_entry_gloss_count(e); j++) {
    const char *g = rd_gloss_entry_gloss_at(e, j);
    if (!g) __builtin_trap();
    sum += touch(g);
  }
  for (size_t j = 0; j < rd_gloss_entry_tag_count(e); j++) {
    const char *t = rd_gloss_entry_tag_at(e, j);
    if (!t || strlen(t) >= 16) __builtin_trap(); /* a tag name fits its 16-byte slot */
    sum += touch(t);
  }
  if (rd_gloss_entry_gloss_at(e, rd_gloss_entry_gloss_count(e)) || rd_gloss_entry_tag_at(e, rd_gloss_entry_tag_count(e)))
    __builtin_trap(); /* past the end is NULL */
  (void)rd_gloss_entry_is_common(e);
  (void)sum;
}

static void lookup(const rd_glossary *g, const char *word, const char *reading) {
  rd_gloss_result *r;
  if (rd_glossary_lookup(&r, g, word, reading) != RD_OK) { fuzz_check_error(); return; }
  for (size_t i = 0; i < rd_gloss_result_count(r); i++) walk_entry(rd_gloss_result_at(r, i));
  rd_gloss_result_free(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  int seal = data[0] & 1;
  data++;
  size--;
  unsigned char *copy = malloc(size ? size : 1);
  if (!copy) return 0;
  if (size) memcpy(copy, data, size);
  if (seal) rd__glossary_cache_seal(copy, size);
  rd_glossary *g = NULL;
  rd_status st = rd__glossary_from_cache_bytes(&g, copy, size);
  free(copy); /* the glossary holds its own copy */
  if (st != RD_OK) {
    fuzz_check_error();
    if (g) __builtin_trap();
    return 0;
  }
  if (!rd_glossary_from_cache(g)) __builtin_trap();
  size_t n = rd_glossary_entry_count(g);
  for (size_t i = 0; i < n; i++) {
    const rd_gloss_entry *e = rd__glossary_entry_at(g, i);
    walk_entry(e);
    if (i < 64) lookup(g, rd_gloss_entry_word(e), rd_gloss_entry_reading(e)); /* its own keys */
  }
  if (rd__glossary_entry_at(g, n)) __builtin_trap();
  static const char *const words[] = {"猫", "ねこ", "ネコ", "犬", "する", "", "a", "\xff"};
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    lookup(g, words[i], NULL);
    lookup(g, words[i], "ねこ");
  }
  /* glossing reads entries through the lemma look-up and the tags */
  rd_doc *doc;
  static const char text[] = "猫が犬を見る。ねこはする。";
  if (rd_doc_parse(&doc, text, sizeof text - 1, NULL) == RD_OK) {
    if (rd_doc_annotate(doc, fuzz_analyzer(), NULL) == RD_OK && rd_doc_gloss(doc, g) < 0) fuzz_check_error();
    rd_doc_free(doc);
  }
  rd_glossary_free(g);
  return 0;
}
