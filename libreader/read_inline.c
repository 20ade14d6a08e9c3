/* Inline structure inside a sentence's text, for the sentence splitter
 * (read_sentences.c) and the Aozora reader (read_text.c): Aozora ｜base《よみ》
 * and 漢字《よみ》, inline 漢字（よみ） readings, and ［＃…］ notes. A reading
 * leaves the sentence text and becomes an editorial ruby span over its
 * base (editorial.c), like a citation marker it is structure, not text.
 * Its own file so the splitter and the text reader do not call each other. */
#include <stdint.h>

#include "editorial.h"
#include "model.h"
#include "readers_internal.h"

/* Start of the code point that ends just before s[i]. */
static size_t cp_before(const char *s, size_t lo, size_t i) {
  size_t p = i - 1;
  while (p > lo && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
  return p;
}


static int reading_cp(uint32_t c, int katakana_too) {
  return rd__is_hiragana(c) || c == 0x30FC /* ー */ || (katakana_too && rd__is_katakana(c));
}

size_t rd__inline_reading_at(rd_doc *doc, size_t lo, size_t i, size_t b, size_t *bar, rd_status *st) {
  const char *s = doc->src;
  uint32_t c, d;
  /* asked at every character: only ［ ｜ （ (EF ..) and 《 (E3 80 8A) start
   * anything, so most characters are refused by their first bytes */
  unsigned char b0 = (unsigned char)s[i];
  if (b0 != 0xEF && !(b0 == 0xE3 && i + 1 < b && (unsigned char)s[i + 1] == 0x80)) return 0;
  size_t k = rd__utf8_decode(s + i, b - i, &c), k2;
  if (!k) return 0;
  if (c == 0xFF3B) { /* ［＃ note ］, nested brackets allowed; notes are bounded */
    size_t j = i + k;
    if (j >= b || !(k2 = rd__utf8_decode(s + j, b - j, &d)) || d != 0xFF03) return 0;
    j += k2;
    for (int depth = 1; j < b && j - i < 2048;) {
      if (!(k2 = rd__utf8_decode(s + j, b - j, &d))) return 0;
      j += k2;
      if (d == 0xFF3B) depth++;
      else if (d == 0xFF3D && --depth == 0) return j - i;
    }
    return 0;
  }
  if (c == 0xFF5C) { /* ｜ opens a base only when 《 follows soon */
    size_t j = i + k;
    for (unsigned n = 0; j < b && n < 64; n++) {
      if (!(k2 = rd__utf8_decode(s + j, b - j, &d))) return 0;
      if (d == 0x300A) {
        if (j == i + k) return 0;
        *bar = i + k;
        return k;
      }
      if (d == 0xFF5C || d == 0x300B) return 0;
      j += k2;
    }
    return 0;
  }
  if (c != 0x300A && c != 0xFF08) return 0;
  /* 《かな》 (Aozora; katakana readings too) or （かな） right after kanji. */
  int aozora = c == 0x300A;
  uint32_t close = aozora ? 0x300B : 0xFF09;
  size_t j = i + k;
  unsigned n = 0;
  while (j < b) {
    if (!(k2 = rd__utf8_decode(s + j, b - j, &d))) return 0;
    if (d == close) break;
    if (!reading_cp(d, aozora) || ++n > 32) return 0;
    j += k2;
  }
  if (j >= b || !n) return 0;
  size_t rs = i + k, re = j, end = j + k2;
  size_t base = i;
  unsigned flags = 0;
  if (aozora && *bar != (size_t)-1 && *bar >= lo && *bar < i) {
    base = *bar;
  } else {
    /* The base is the kanji run before the reading (Aozora's rule). */
    while (base > lo) {
      size_t p = cp_before(s, lo, base);
      if (!rd__utf8_decode(s + p, base - p, &d) || !rd__is_kanji(d)) break;
      base = p;
    }
    if (base == i) return 0;
    flags = RD__RUBY_GUESSED;
  }
  *bar = (size_t)-1;
  *st = rd__doc_add_ruby_span(doc, base, i, s + rs, re - rs, flags);
  return end - i;
}
