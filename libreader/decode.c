/* Legacy encodings in: input that is not UTF-8 (text or HTML) is converted
 * from Shift_JIS (Windows-31J) or EUC-JP with ICU and parsed again. The
 * encoding comes from an HTML meta charset (or <?xml encoding>) when the
 * page names one, else from trying both strictly and keeping the one
 * that converts and reads most like Japanese. Bytes that are invalid in
 * every candidate are still refused, naming byte and line (the UTF-8
 * error). Our own XML and anything with a NUL byte are never converted. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "readers_internal.h"

enum { ENC_NONE, ENC_SJIS, ENC_EUCJP, ENC_UTF8 };
static const char *const icu_name[] = {NULL, "windows-31j", "EUC-JP", NULL};
static const char *const shown_name[] = {NULL, "Shift_JIS", "EUC-JP", "UTF-8"};

/* The charset a page declares in its first 8 KB, if any. */
static int declared(const char *s, size_t len) {
  if (len > 8192) len = 8192;
  for (size_t i = 0; i + 8 < len; i++) {
    size_t skip = !strncasecmp(s + i, "charset=", 8) ? 8 : !strncasecmp(s + i, "encoding=", 9) ? 9 : 0;
    if (!skip) continue;
    size_t j = i + skip;
    while (j < len && (s[j] == '"' || s[j] == '\'' || s[j] == ' ')) j++;
    size_t k = j;
    while (k < len && k - j < 20 && (s[k] == '-' || s[k] == '_' || (s[k] >= '0' && s[k] <= '9') ||
                                     ((s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'z')))
      k++;
    static const struct { const char *n; int enc; } names[] = {
        {"shift_jis", ENC_SJIS}, {"shift-jis", ENC_SJIS}, {"sjis", ENC_SJIS}, {"x-sjis", ENC_SJIS},
        {"windows-31j", ENC_SJIS}, {"cp932", ENC_SJIS}, {"ms_kanji", ENC_SJIS}, {"euc-jp", ENC_EUCJP},
        {"x-euc-jp", ENC_EUCJP}, {"eucjp", ENC_EUCJP}, {"utf-8", ENC_UTF8}, {"utf8", ENC_UTF8}};
    for (size_t n = 0; n < sizeof names / sizeof *names; n++)
      if (strlen(names[n].n) == k - j && !strncasecmp(s + j, names[n].n, k - j)) return names[n].enc;
  }
  return ENC_NONE;
}

/* Strict conversion to UTF-8 (malloc'ed). On an invalid sequence returns
 * NULL with *bad set to its byte offset; *oom on allocation failure. */
static char *convert(const char *src, size_t len, int enc, size_t *out_len, size_t *bad, int *oom) {
  UErrorCode err = U_ZERO_ERROR;
  *bad = (size_t)-1;
  *oom = 0;
  UConverter *cv = ucnv_open(icu_name[enc], &err);
  if (U_FAILURE(err)) { *oom = 1; return NULL; }
  ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
  UChar *u = malloc((len + 1) * sizeof *u); /* never more UTF-16 units than bytes */
  if (!u) { ucnv_close(cv); *oom = 1; return NULL; }
  UChar *t = u;
  const char *s = src;
  ucnv_toUnicode(cv, &t, u + len + 1, &s, src + len, NULL, 1, &err);
  if (U_FAILURE(err)) {
    char inv[8];
    int8_t n = sizeof inv;
    UErrorCode e2 = U_ZERO_ERROR;
    ucnv_getInvalidChars(cv, inv, &n, &e2);
    *bad = (size_t)(s - src) - (U_SUCCESS(e2) ? (size_t)n : 0);
    if (err == U_MEMORY_ALLOCATION_ERROR) *oom = 1;
    ucnv_close(cv);
    free(u);
    return NULL;
  }
  ucnv_close(cv);
  int32_t ulen = (int32_t)(t - u), need = 0;
  err = U_ZERO_ERROR;
  u_strToUTF8(NULL, 0, &need, u, ulen, &err);
  char *out = malloc((size_t)need + 1);
  if (!out) { free(u); *oom = 1; return NULL; }
  err = U_ZERO_ERROR;
  u_strToUTF8(out, need + 1, &need, u, ulen, &err);
  free(u);
  if (U_FAILURE(err)) { free(out); *oom = 1; return NULL; }
  *out_len = (size_t)need;
  return out;
}

/* How Japanese the converted text reads: full-width kana, kanji and CJK
 * punctuation among the non-ASCII characters. Garbage from the wrong
 * decoder is mostly half-width katakana, symbols or rare kanji without a
 * single hiragana; real Japanese prose always has hiragana, so text
 * without any is not believed (0). */
static double japanese_share(const char *s, size_t len) {
  size_t jp = 0, other = 0, hira = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t k = rd__utf8_decode(s + i, len - i, &c);
    if (!k) return 0;
    i += k;
    if (c < 0x80) continue;
    int half = c >= 0xFF61 && c <= 0xFF9F;
    if (rd__is_hiragana(c)) hira++;
    if (!half && (rd__is_hiragana(c) || rd__is_katakana(c) || rd__is_kanji(c) || (c >= 0x3000 && c <= 0x303F) ||
                  (c >= 0xFF01 && c <= 0xFF5E)))
      jp++;
    else
      other++;
  }
  return hira && jp >= 2 ? (double)jp / (double)(jp + other) : 0;
}

/* Share of the non-ASCII bytes that form valid UTF-8 sequences: high for
 * UTF-8 with a damaged byte (refused, not reinterpreted), low for
 * Shift_JIS or EUC-JP, whose byte pairs rarely look like UTF-8. */
static double utf8_share(const char *s, size_t len) {
  size_t good = 0, high = 0;
  for (size_t i = 0; i < len;) {
    if ((unsigned char)s[i] < 0x80) { i++; continue; }
    uint32_t c;
    size_t k = rd__utf8_decode(s + i, len - i, &c);
    if (k) { good += k; high += k; i += k; }
    else { high++; i++; }
  }
  return high ? (double)good / (double)high : 1;
}

rd_status rd__decode_legacy(char **out, size_t *len_out, const char *text, size_t len, const rd_parse_options *o) {
  *out = NULL;
  *len_out = 0;
  const char *dot = o->name ? strrchr(o->name, '.') : NULL;
  int xml = o->format == RD_FORMAT_XML || (o->format == RD_FORMAT_AUTO && dot && !strcmp(dot, ".xml"));
  if (xml || memchr(text, '\0', len)) return rd__utf8_validate(text, len, o->name);
  int enc = declared(text, len);
  char *conv = NULL;
  size_t clen = 0, bad = 0;
  int oom = 0;
  if (enc == ENC_SJIS || enc == ENC_EUCJP) {
    conv = convert(text, len, enc, &clen, &bad, &oom);
    if (oom) return rd__oom();
    if (!conv)
      return rd__error(RD_EENCODING, (int64_t)bad, rd__line_of(text, len, bad),
                       "%s%sinvalid %s (as the page declares) at byte %zu (line %lld)", o->name ? o->name : "",
                       o->name ? ": " : "", shown_name[enc], bad, (long long)rd__line_of(text, len, bad));
  } else if (enc == ENC_NONE && utf8_share(text, len) < 0.5) {
    size_t l1 = 0, l2 = 0, b1, b2;
    char *c1 = convert(text, len, ENC_SJIS, &l1, &b1, &oom);
    if (oom) return rd__oom();
    char *c2 = convert(text, len, ENC_EUCJP, &l2, &b2, &oom);
    if (oom) { free(c1); return rd__oom(); }
    double s1 = c1 ? japanese_share(c1, l1) : -1, s2 = c2 ? japanese_share(c2, l2) : -1;
    /* A conversion must read as Japanese to be believed. */
    if (c1 && s1 >= s2 && s1 >= 0.8) { conv = c1; clen = l1; free(c2); }
    else if (c2 && s2 >= 0.8) { conv = c2; clen = l2; free(c1); }
    else { free(c1); free(c2); }
  }
  if (!conv) return rd__utf8_validate(text, len, o->name); /* names byte and line */
  rd_error_clear(); /* the UTF-8 refusal that sent us here no longer applies */
  *out = conv;
  *len_out = clen;
  return RD_OK;
}
