/* The reading rules' word facts (issue 14): for one word (surface and
 * part of speech), which rules of the compiled-in tables could apply to it
 * at all, as RD__WF_* bits (analyze_internal.h). The feature cache asks it
 * once per distinct word (rd__word_facts_of), so a rule tests a bit per
 * token instead of comparing strings; rules.c ORs a sentence's and enters
 * only the rules whose bits are there. Each bit is a necessary condition
 * of its rule that only the surface and pos decide. This file reads the
 * tables only (rules_data.c, rendaku_data.c), never the rules, so that the
 * feature cache may depend on it. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h"
#include "names.h"

size_t rd__digit_prefix(const char *s, size_t len) {
  size_t i = 0;
  /* a digit starts with 0-9 or, full-width, with EF: skip the rest cheaply */
  if (len && !((unsigned char)s[0] >= '0' && (unsigned char)s[0] <= '9') && (unsigned char)s[0] != 0xEF) return 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k || !rd__is_digit(cp)) break;
    i += k;
  }
  return i;
}

/* A 16-bit signature of a string's first three bytes: for a 3-byte UTF-8
 * character (every Japanese one) it is the code point's 16 bits with fixed
 * bits flipped, so two such first characters have the same signature only
 * when they are the same. */
static unsigned head_of(const char *s) {
  unsigned a = (unsigned char)s[0], b = a ? (unsigned char)s[1] : 0, c = b ? (unsigned char)s[2] : 0;
  return ((a << 12) ^ (b << 6) ^ c) & 0xFFFFu;
}

/* The signatures of the first characters of every counter, context rule
 * and table word, as a bitmap, and the rendaku heads in byte order: the
 * tables are constant, so made once. The bitmap lets nearly every word
 * skip the tables; a head is found by binary search. NULL heads (no
 * memory): the table is searched in its order. */
static uint64_t rule_heads[65536 / 64];
static const rd__rendaku_head **by_head;

static void set_head(const char *s) {
  unsigned h = head_of(s);
  rule_heads[h / 64] |= (uint64_t)1 << (h % 64);
}

static int cmp_head(const void *a, const void *b) {
  return strcmp((*(const rd__rendaku_head *const *)a)->head, (*(const rd__rendaku_head *const *)b)->head);
}

static void make_tables(void) {
  for (size_t k = 0; k < rd__ncounters; k++) set_head(rd__counters[k].counter);
  for (size_t k = 0; k < rd__ncontext_rules; k++) set_head(rd__context_rules[k].surface);
  for (size_t k = 0; k < rd__nword_readings; k++) set_head(rd__word_readings[k].surface);
  const rd__rendaku_head **v = malloc(rd__nrendaku_heads * sizeof *v);
  if (!v) return;
  for (size_t i = 0; i < rd__nrendaku_heads; i++) v[i] = &rd__rendaku_heads[i];
  qsort(v, rd__nrendaku_heads, sizeof *v, cmp_head);
  by_head = v;
}

static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static int may_start_rule(const char *s) {
  unsigned h = head_of(s);
  return (rule_heads[h / 64] >> (h % 64)) & 1;
}

/* s[0..len) is the table string lit (NUL-terminated) */
static inline int same(const char *lit, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (lit[i] != s[i]) return 0; /* at the latest at lit's NUL: s holds none */
  return lit[len] == '\0';
}

static int is_counter(const char *s, size_t len) {
  for (size_t i = 0; i < rd__ncounters; i++)
    if (same(rd__counters[i].counter, s, len)) return 1;
  return 0;
}

/* strcmp(head, s[0..len)) as a sign, s holding no NUL */
static inline int cmp_n(const char *head, const char *s, size_t len) {
  for (size_t k = 0; k < len; k++)
    if (head[k] != s[k]) return (unsigned char)head[k] < (unsigned char)s[k] ? -1 : 1;
  return head[len] ? 1 : 0;
}

static int is_rendaku_head(const char *s, size_t len) {
  if (!by_head) {
    for (size_t i = 0; i < rd__nrendaku_heads; i++)
      if (same(rd__rendaku_heads[i].head, s, len)) return 1;
    return 0;
  }
  size_t lo = 0, hi = rd__nrendaku_heads;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = cmp_n(by_head[mid]->head, s, len);
    if (!c) return 1;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return 0;
}

/* pos starts with the whole fields of the literal prefix */
static int pos_is_n(const char *pos, const char *prefix, size_t n) {
  if (!pos) return 0;
  for (size_t i = 0; i < n; i++)
    if (pos[i] != prefix[i]) return 0;
  return pos[n] == '\0' || pos[n] == ',';
}
#define pos_is(pos, prefix) pos_is_n((pos), "" prefix, sizeof(prefix) - 1)

uint32_t rd__rules_facts_of(const char *s, size_t len, const char *pos, uint32_t f) {
  if (!s || !len) return 0;
  pthread_once(&tables_once, make_tables);
  uint32_t r = 0;
  /* counters after numbers (rules.c): 月, and ５月 which is split first */
  size_t d = rd__digit_prefix(s, len);
  if (d && d < len && may_start_rule(s + d) && is_counter(s + d, len - d)) r |= RD__WF_DIGIT_COUNTER;
  if (may_start_rule(s) && is_counter(s, len)) r |= RD__WF_COUNTER;
  /* context rules and the word table; every surface of them is short */
  if (len <= RD__RULE_WORD_MAX && may_start_rule(s)) {
    for (size_t k = 0; k < rd__ncontext_rules && !(r & RD__WF_CONTEXT); k++)
      if (same(rd__context_rules[k].surface, s, len)) r |= RD__WF_CONTEXT;
    for (size_t k = 0; k < rd__nword_readings && !(r & RD__WF_CONTEXT); k++)
      if (same(rd__word_readings[k].surface, s, len)) r |= RD__WF_CONTEXT;
  }
  if (len == 3 && !memcmp(s, "々", 3)) r |= RD__WF_REPEAT_MARK;
  if (len > 6 && !memcmp(s + len - 6, "の間", 6) && pos && !strncmp(pos, "名詞", 6)) r |= RD__WF_NOMA;
  if (len == 6 && !memcmp(s, "降り", 6)) r |= RD__WF_FURI;
  /* names.c: a place suffix; a given name X男 / X女 of two kanji */
  if (len == 3)
    for (size_t i = 0; i < rd__nplace_suffixes; i++)
      if (same(rd__place_suffixes[i].suffix, s, 3)) r |= RD__WF_PLACE_SUFFIX;
  static const char given[] = "名詞,固有名詞,人名,名"; /* a prefix, as the rule asks it */
  if (len == 6 && (f & RD__WF_ALL_KANJI) && pos && !strncmp(pos, given, sizeof given - 1))
    for (size_t h = 0; h < rd__nperson_heads; h++)
      if (!memcmp(s + 3, rd__person_heads[h].head, 3)) r |= RD__WF_PERSON_HEAD;
  /* kana_words.c: an iteration mark alone; a one-kana word kana-join's
   * oddness may count by its pos alone, whatever comes next (an unknown
   * one counts whatever its pos: rules.c adds that per sentence) */
  if (len == 3) {
    uint32_t mark;
    if (rd__utf8_decode(s, 3, &mark) == 3 && (mark == 0x309D || mark == 0x309E || mark == 0x30FD || mark == 0x30FE))
      r |= RD__WF_ITERATION_MARK;
  }
  if ((f & RD__WF_ONE_HIRAGANA) &&
      (pos_is(pos, "名詞,一般") || pos_is(pos, "記号") || pos_is(pos, "フィラー") || pos_is(pos, "感動詞") ||
       pos_is(pos, "接頭詞") || (pos_is(pos, "名詞,非自立") && len == 3 && !memcmp(s, "ん", 3)) ||
       pos_is(pos, "名詞,接尾") || pos_is(pos, "形容詞")))
    r |= RD__WF_ODD_KANA;
  /* rendaku.c: the second part of a pair is a content noun of kanji only
   * that is a head of the table */
  if ((f & (RD__WF_KANJI_ONLY | RD__WF_CONTENT_NOUN)) == (RD__WF_KANJI_ONLY | RD__WF_CONTENT_NOUN) &&
      is_rendaku_head(s, len))
    r |= RD__WF_RENDAKU_HEAD;
  return r;
}
