/* UTF-8 decoding and validation, and the script classes the readers, the
 * aligner and the analyzer share. Validation is strict (no overlongs, no
 * surrogates, nothing above U+10FFFF) because every later offset relies on it. */
#include <string.h>

#include "util/error.h"
#include "util/utf8.h"

size_t rd__utf8_decode_full(const char *str, size_t len, uint32_t *cp) {
  const unsigned char *s = (const unsigned char *)str;
  if (len == 0) return 0;
  unsigned c = s[0];
  if (c < 0x80) { *cp = c; return 1; }
  size_t n;
  uint32_t v, min;
  if (c >= 0xC2 && c <= 0xDF) { n = 2; v = c & 0x1F; min = 0x80; }
  else if (c >= 0xE0 && c <= 0xEF) { n = 3; v = c & 0x0F; min = 0x800; }
  else if (c >= 0xF0 && c <= 0xF4) { n = 4; v = c & 0x07; min = 0x10000; }
  else return 0;
  if (len < n) return 0;
  for (size_t i = 1; i < n; i++) {
    if ((s[i] & 0xC0) != 0x80) return 0;
    v = (v << 6) | (s[i] & 0x3F);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

size_t rd__utf8_encode(uint32_t cp, char *out) {
  unsigned char *o = (unsigned char *)out;
  if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
  if (cp < 0x800) { o[0] = (unsigned char)(0xC0 | (cp >> 6)); o[1] = (unsigned char)(0x80 | (cp & 0x3F)); return 2; }
  if (cp < 0x10000) {
    o[0] = (unsigned char)(0xE0 | (cp >> 12)); o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (unsigned char)(0x80 | (cp & 0x3F)); return 3;
  }
  o[0] = (unsigned char)(0xF0 | (cp >> 18)); o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
  o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F)); o[3] = (unsigned char)(0x80 | (cp & 0x3F));
  return 4;
}

int64_t rd__line_of(const char *s, size_t len, size_t off) {
  int64_t line = 1;
  if (off > len) off = len;
  for (const char *p = s; (p = memchr(p, '\n', (size_t)(s + off - p))) != NULL; p++) line++;
  return line;
}

rd_status rd__utf8_validate(const char *s, size_t len, const char *what) {
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len) {
    unsigned char c = u[i];
    if (c >= 0x01 && c < 0x80) { i++; continue; }  /* fast path for ASCII */
    /* Kana and kanji come in runs: a loop of their own over the 3-byte
     * forms that need no range check (leads E1..EC, EE, EF), as in
     * rd__utf8_decode but without computing the code point. */
    if (c >= 0xE1 && c != 0xED && c <= 0xEF) {
      while (i + 3 <= len && (u[i + 1] & 0xC0) == 0x80 && (u[i + 2] & 0xC0) == 0x80) {
        i += 3;
        if (i == len) return RD_OK;
        c = u[i];
        if (c < 0xE1 || c == 0xED || c > 0xEF) break;
      }
      if (i == len) return RD_OK;
      if (c >= 0x01 && c < 0x80) { i++; continue; }
    }
    uint32_t cp;
    size_t n = c ? rd__utf8_decode(s + i, len - i, &cp) : 0;
    if (n == 0) {
      int64_t line = rd__line_of(s, len, i);
      return rd__error(RD_EENCODING, (int64_t)i, line,
                       "%s%s%s at byte %zu (line %lld)", what ? what : "", what ? ": " : "",
                       c ? "invalid UTF-8" : "NUL byte", i, (long long)line);
    }
    i += n;
  }
  return RD_OK;
}

size_t rd__utf8_count(const char *s, size_t len) {
  /* Eight bytes a step (as the document's character index, doc_build.c):
   * a continuation byte is 10xxxxxx, and the top bits of the mask below
   * mark them; one multiply sums those bits. Byte by byte this was 10.7 M
   * instructions of 3,000 short articles. */
  const uint64_t hi = 0x8080808080808080ull;
  size_t n = len, i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t v;
    memcpy(&v, s + i, 8);
    n -= (size_t)((((v & ~(v << 1) & hi) >> 7) * 0x0101010101010101ull) >> 56);
  }
  for (; i < len; i++)
    if (((unsigned char)s[i] & 0xC0) == 0x80) n--;
  return n;
}

int rd__utf8_all_kana(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k || !(rd__is_hiragana(cp) || rd__is_katakana(cp))) return 0;
    i += k;
  }
  return len > 0;
}
