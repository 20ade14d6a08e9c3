/* A tiny test harness: each test is a function; checks record failures
 * with file and line and keep going; main() runs the listed tests and
 * returns non-zero if any check failed. Ends with "N passed, N failed". */
#ifndef READER_TEST_HARNESS_H
#define READER_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Whether AddressSanitizer is on, as gcc and clang each announce it. */
#if defined(__SANITIZE_ADDRESS__)
#define T_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define T_ASAN 1
#endif
#endif
#ifndef T_ASAN
#define T_ASAN 0
#endif

static int t_failures, t_checks;
static const char *t_current;

#define FAILF(...) do { t_failures++; fprintf(stderr, "  FAIL %s (%s:%d): ", t_current, __FILE__, __LINE__); \
  fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); } while (0)
#define OK(cond) do { t_checks++; if (!(cond)) FAILF("%s", #cond); } while (0)
#define INT_EQ(a, b) do { long long _a = (long long)(a), _b = (long long)(b); t_checks++; \
  if (_a != _b) FAILF("%s == %lld, expected %lld", #a, _a, _b); } while (0)
#define STR_EQ(a, b) do { const char *_a = (a), *_b = (b); t_checks++; \
  if (!_a || !_b || strcmp(_a, _b)) FAILF("%s == \"%s\", expected \"%s\"", #a, _a ? _a : "(null)", _b ? _b : "(null)"); } while (0)
/* Fail the current test and return from it (for preconditions). */
#define REQUIRE(cond) do { t_checks++; if (!(cond)) { FAILF("required: %s", #cond); return; } } while (0)

typedef struct t_case { const char *name; void (*fn)(void); } t_case;

static int t_run(const t_case *cases, size_t n) {
  int passed = 0, failed = 0;
  for (size_t i = 0; i < n; i++) {
    int before = t_failures;
    t_current = cases[i].name;
    cases[i].fn();
    if (t_failures == before) { passed++; printf("ok   %s\n", cases[i].name); }
    else { failed++; printf("FAIL %s\n", cases[i].name); }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}

#define T_MAIN(...) int main(void) { static const t_case cases[] = {__VA_ARGS__}; \
  return t_run(cases, sizeof cases / sizeof *cases); }
#define T(name) {#name, name}

/* Read a file under the source tree into a malloc'ed buffer. */
static inline char *t_slurp(const char *rel, size_t *len_out) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", READER_SOURCE_DIR, rel);
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc((size_t)n + 1);
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
  if (buf) buf[n] = '\0';
  fclose(f);
  if (len_out) *len_out = (size_t)n;
  return buf;
}

/* The corpus article repeated, a newline after each copy, to at least
 * SIZE bytes (NUL-terminated; *len_out without the NUL): a big article of
 * real text for the tests that measure growth. */
static inline char *t_big_article(size_t size, size_t *len_out) {
  size_t alen;
  char *a = t_slurp("corpus/dmm-bitcoin-2024/article.ja.txt", &alen);
  if (!a) return NULL;
  char *out = malloc(size + alen + 2);
  size_t n = 0;
  while (out && n < size) {
    memcpy(out + n, a, alen);
    n += alen;
    out[n++] = '\n';
  }
  if (out) out[n] = '\0';
  free(a);
  *len_out = n;
  return out;
}

#endif
