/* Keys for matching headings: NFKC (full-width digits and spaces become
 * ASCII, "１．" becomes "1.") with all white space removed, via ICU. */
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/uchar.h>

#include "model.h"

char *rd__normalize_key(const char *s, size_t len, size_t *len_out) {
  UErrorCode err = U_ZERO_ERROR;
  const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&err);
  if (U_FAILURE(err) || len > (INT32_MAX - 16) / 4) return NULL;
  int32_t ulen = 0;
  u_strFromUTF8(NULL, 0, &ulen, s, (int32_t)len, &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) return NULL;
  err = U_ZERO_ERROR;
  int32_t ncap = ulen * 4 + 16;
  UChar *u = malloc(((size_t)ulen + 1) * sizeof *u);
  UChar *nu = malloc((size_t)ncap * sizeof *nu);
  char *out = NULL;
  if (!u || !nu) goto done;
  u_strFromUTF8(u, ulen + 1, NULL, s, (int32_t)len, &err);
  if (U_FAILURE(err)) goto done;
  int32_t nlen = unorm2_normalize(nfkc, u, ulen, nu, ncap, &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    /* NFKC can expand one character into up to 18 (U+FDFA): a valid
     * heading must not fail as if memory had run out. nlen is the size needed. */
    UChar *bigger = realloc(nu, ((size_t)nlen + 1) * sizeof *nu);
    if (!bigger) goto done;
    nu = bigger;
    err = U_ZERO_ERROR;
    nlen = unorm2_normalize(nfkc, u, ulen, nu, nlen + 1, &err);
  }
  if (U_FAILURE(err)) goto done;
  /* Drop white space (and format controls such as a BOM). */
  int32_t w = 0;
  for (int32_t i = 0; i < nlen;) {
    UChar32 c;
    int32_t start = i;
    U16_NEXT(nu, i, nlen, c);
    if (u_isUWhiteSpace(c) || u_charType(c) == U_FORMAT_CHAR) continue;
    while (start < i) nu[w++] = nu[start++];
  }
  int32_t olen = 0;
  u_strToUTF8(NULL, 0, &olen, nu, w, &err);
  if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) goto done;
  err = U_ZERO_ERROR;
  out = malloc((size_t)olen + 1);
  if (!out) goto done;
  u_strToUTF8(out, olen + 1, NULL, nu, w, &err);
  if (U_FAILURE(err)) { free(out); out = NULL; goto done; }
  out[olen] = '\0';
  if (len_out) *len_out = (size_t)olen;
done:
  free(u);
  free(nu);
  return out;
}
