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

/* Leads of the 3-byte forms valid with any two continuation bytes. */
static const unsigned char lead3_plain[256] = {
  [0xE1] = 1, [0xE2] = 1, [0xE3] = 1, [0xE4] = 1, [0xE5] = 1, [0xE6] = 1, [0xE7] = 1,
  [0xE8] = 1, [0xE9] = 1, [0xEA] = 1, [0xEB] = 1, [0xEC] = 1, [0xEE] = 1, [0xEF] = 1};

/* The validator, with an optional look-out for two 3-byte characters (a
 * constant `find` lets the compiler drop it from rd__utf8_validate). */
static inline rd_status validate(const char *s, size_t len, const char *what, int find, const char *want, size_t *at) {
  const unsigned char *u = (const unsigned char *)s;
  uint32_t w0 = 0, w1 = 0;
  if (find) {
    w0 = (uint32_t)(unsigned char)want[0] | (uint32_t)(unsigned char)want[1] << 8 | (uint32_t)(unsigned char)want[2] << 16;
    w1 = (uint32_t)(unsigned char)want[3] | (uint32_t)(unsigned char)want[4] << 8 | (uint32_t)(unsigned char)want[5] << 16;
    at[0] = at[1] = len;
  }
  size_t i = 0;
  while (i < len) {
    unsigned char c = u[i];
    if (c >= 0x01 && c < 0x80) { i++; continue; }  /* fast path for ASCII */
    /* Kana and kanji come in runs: a loop of their own over the 3-byte
     * forms that need no range check (leads E1..EC, EE, EF), as in
     * rd__utf8_decode but without computing the code point, both
     * continuation bytes tested at once. */
    if (c >= 0xE1 && c != 0xED && c <= 0xEF && len - i >= 3) {
      const unsigned char *p = u + i, *last = u + len - 3;
      for (;;) {
        uint16_t t;
        memcpy(&t, p + 1, 2);
        if ((t & 0xC0C0) != 0x8080) break;
        /* Filtered by the last byte (one in 64 characters gets further). */
        if (find && (p[2] == (w0 >> 16) || p[2] == (w1 >> 16))) {
          uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
          if (v == w0 && at[0] == len) at[0] = (size_t)(p - u);
          if (v == w1 && at[1] == len) at[1] = (size_t)(p - u);
        }
        if (p == last) return RD_OK;
        p += 3;
        if (p > last) break;
        c = *p;
        if (!lead3_plain[c]) break;
      }
      i = (size_t)(p - u);
      c = u[i];
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

rd_status rd__utf8_validate(const char *s, size_t len, const char *what) {
  return validate(s, len, what, 0, NULL, NULL);
}

rd_status rd__utf8_validate_find(const char *s, size_t len, const char *what, const char want[6], size_t at[2]) {
  /* Both must be forms the run loop sees. */
  for (int k = 0; k < 2; k++) {
    unsigned char c = (unsigned char)want[3 * k];
    if (c < 0xE1 || c == 0xED || c > 0xEF) return rd__error(RD_EINVALID, -1, 0, "rd__utf8_validate_find: unsupported character");
  }
  return validate(s, len, what, 1, want, at);
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
