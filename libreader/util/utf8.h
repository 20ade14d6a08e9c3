/* UTF-8 and script classes (utf8.c). Knows no document. */
#ifndef READER_UTIL_UTF8_H
#define READER_UTIL_UTF8_H

#include <stddef.h>
#include <stdint.h>

#include "reader/errors.h"

/* Decode one code point at s[0..len); returns its byte length (1..4) and
 * stores it in *cp, or returns 0 on invalid/truncated input. Inline for
 * ASCII and the 3-byte forms that need no range check (U+1000..U+CFFF and
 * U+E000..U+FFFF: kana and kanji), which the readers decode per character
 * (7 % of a batch's instructions as a call); the rest is
 * rd__utf8_decode_full (utf8.c). */
size_t rd__utf8_decode_full(const char *s, size_t len, uint32_t *cp);
static inline size_t rd__utf8_decode(const char *str, size_t len, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  if (len && s[0] < 0x80) { *cp = s[0]; return 1; }
  if (len >= 3 && s[0] >= 0xE1 && s[0] != 0xED && s[0] <= 0xEF && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
    *cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    return 3;
  }
  return rd__utf8_decode_full(str, len, cp);
}
/* Encode cp into out (>= 4 bytes); returns the byte count. */
size_t rd__utf8_encode(uint32_t cp, char *out);
/* Validate a whole buffer. On failure sets the error (RD_EENCODING, with
 * byte offset and line; "what" names the input, e.g. a file name, or NULL)
 * and returns it. NUL bytes are rejected too. */
rd_status rd__utf8_validate(const char *s, size_t len, const char *what);
/* The same, noting where two characters first occur, in the one pass: the
 * 3-byte UTF-8 forms want[0..3) and want[3..6) (leads E1..EC, EE or EF)
 * first occur at at[0] and at[1] (len when absent). Valid only when it
 * returns RD_OK. */
rd_status rd__utf8_validate_find(const char *s, size_t len, const char *what, const char want[6], size_t at[2]);
/* Number of code points in a valid UTF-8 buffer. */
size_t rd__utf8_count(const char *s, size_t len);
/* 1-based line number of byte offset `off` (counts '\n'). */
int64_t rd__line_of(const char *s, size_t len, size_t off);

/* Script classes used by several modules. */
/* Inline: asked per character by the aligner and the rules, they cost
 * 5.8 M instructions of 3,000 short articles as calls into utf8.c. */
static inline int rd__is_kanji(uint32_t cp) { /* CJK ideographs, 々 〆 ヶ ヵ 〇 */
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF) || cp == 0x3005 || cp == 0x3006 || cp == 0x30F6 || cp == 0x30F5 ||
         cp == 0x3007;
}
static inline int rd__is_hiragana(uint32_t cp) { return cp >= 0x3041 && cp <= 0x309F; }
static inline int rd__is_katakana(uint32_t cp) { /* incl. ー and half-width katakana */
  return ((cp >= 0x30A1 && cp <= 0x30FF) && cp != 0x30F5 && cp != 0x30F6) || (cp >= 0x31F0 && cp <= 0x31FF) ||
         (cp >= 0xFF66 && cp <= 0xFF9F);
}
static inline int rd__is_digit(uint32_t cp) { /* ASCII and full-width digits */
  return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
}
/* Whether s[0..len) is non-empty valid UTF-8 made only of hiragana and katakana. */
int rd__utf8_all_kana(const char *s, size_t len);

#endif
