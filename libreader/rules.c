/* Interprets the reading rules of rules_data.c over one sentence's words:
 * digit+counter words are split, counters after numbers get their reading
 * (irregular ones merge with the number into one word whose ruby covers
 * both), then context rules, the word table, EDICT compounds (compounds.c),
 * kana words and KANJIDIC readings (kana_words.c), rendaku (rendaku.c)
 * and user overrides. Every
 * change keeps MeCab's reading in orig_reading and names its rule. */
#define _GNU_SOURCE /* strdup, strndup */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h"
#include "readers_internal.h"
#include "kana_internal.h"
#include "names.h"
#include "reader/errors.h"
#include "reader/align.h"

/* ---- numbers ------------------------------------------------------------------ */

static int digit_value(uint32_t cp) {
  if (cp >= '0' && cp <= '9') return (int)(cp - '0');
  if (cp >= 0xFF10 && cp <= 0xFF19) return (int)(cp - 0xFF10);
  switch (cp) {
  case 0x3007: case 0x96F6: return 0; /* 〇 零 */
  case 0x4E00: return 1; case 0x4E8C: return 2; case 0x4E09: return 3; case 0x56DB: return 4;
  case 0x4E94: return 5; case 0x516D: return 6; case 0x4E03: return 7; case 0x516B: return 8;
  case 0x4E5D: return 9;
  default: return -1;
  }
}

static long long small_unit(uint32_t cp) {
  return cp == 0x5341 ? 10 : cp == 0x767E ? 100 : cp == 0x5343 ? 1000 : 0; /* 十 百 千 */
}

static long long big_unit(uint32_t cp) {
  return cp == 0x4E07 ? 10000LL : cp == 0x5104 ? 100000000LL : cp == 0x5146 ? 1000000000000LL : 0; /* 万 億 兆 */
}

long long rd__number_value(const char *s, size_t len) {
  long long total = 0, section = 0, num = 0;
  int have_num = 0, any = 0;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k) return -1;
    i += k;
    int d = digit_value(cp);
    long long u;
    if (d >= 0) {
      if (num > 100000000000000LL) return -1;
      num = num * 10 + d;
      have_num = any = 1;
    } else if (cp == ',' || cp == 0xFF0C) {
      if (!have_num) return -1;
    } else if ((u = small_unit(cp))) {
      section += (have_num ? num : 1) * u;
      num = 0;
      have_num = 0;
      any = 1;
    } else if ((u = big_unit(cp))) {
      if (!any) return -1;
      total += (section + num) * u;
      section = num = 0;
      have_num = 0;
    } else {
      return -1;
    }
  }
  return any ? total + section + num : -1;
}

/* The last spoken element of n: its last digit, or 10/100/1000/10000 for
 * round numbers (30 ends in 十, 300 in 百), which is what sound changes of
 * the counter depend on. */
static long long last_element(long long n) {
  if (n % 10) return n % 10;
  if (n % 100) return 10;
  if (n % 1000) return 100;
  if (n % 10000) return 1000;
  return n ? 10000 : 0;
}

static int in_alternatives(const char *alts, const char *s, int ends_with);

/* strcmp(a, b) == 0 without a call: the tables are tried against every
 * word, and nearly all differ in the first byte or two. */
static inline int str_eq(const char *a, const char *b) {
  while (*a && *a == *b) a++, b++;
  return *a == *b;
}

const char *rd__counter_reading(const char *counter, long long n, const char *next, int next_is_number,
                                int *whole, const char **rule) {
  *whole = 0;
  for (size_t i = 0; i < rd__ncounters; i++) {
    const rd__counter *c = &rd__counters[i];
    if (!str_eq(c->counter, counter)) continue;
    if (rule) *rule = c->rule;
    long long last = last_element(n);
    for (unsigned pass = 0; pass < 2; pass++)
      for (size_t k = 0; k < c->nexc; k++) {
        const rd__counter_exc *e = &c->exc[k];
        if (pass != e->match) continue;
        if (e->next && !(next && in_alternatives(e->next, next, 0)) && !(next_is_number && strstr(e->next, "|#|")))
          continue;
        long long key = e->match == 0 ? n : last;
        if (key == (long long)e->value) {
          *whole = e->whole;
          return e->reading;
        }
      }
    return c->regular;
  }
  return NULL;
}

/* ---- helpers -------------------------------------------------------------------- */

static int starts_with(const char *s, const char *prefix) {
  size_t n = strlen(prefix);
  return s && !strncmp(s, prefix, n) && (s[n] == '\0' || s[n] == ',');
}

static void set_reading(rd__word *w, const char *reading, const char *rule, unsigned flag) {
  if (w->reading && !strcmp(w->reading, reading)) return;
  if (!(w->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE))) w->orig_reading = w->reading;
  w->reading = reading;
  w->rule = rule;
  w->flags |= flag;
  w->flags &= ~(unsigned)RD_TOKEN_UNKNOWN;
}

static int is_number_word(const rd__word *w) {
  return (w->flags & RD_TOKEN_NUMBER) && rd__number_value(w->surface, w->len) >= 0;
}

/* 万 億 兆 as a word of their own: no number alone (rd__number_value
 * refuses a bare unit), but part of the number before a counter, whose
 * sound then follows the number's spoken end (４万匹 よんまんびき). */
static int is_big_unit_word(const rd__word *w) {
  return (w->flags & RD_TOKEN_NUMBER) && w->len == 3 &&
         (!memcmp(w->surface, "万", 3) || !memcmp(w->surface, "億", 3) || !memcmp(w->surface, "兆", 3));
}

/* ５月 as one MeCab word: split into ５ (number) + 月 (counter) so that the
 * counter carries its own ruby and the digits stay plain. */
static int split_digit_counters(const rd__rules_env *env, rd__words *w, size_t first) {
  for (size_t i = first; i < w->n; i++) {
    rd__word *x = &w->v[i];
    if (!(rd__word_facts(x) & RD__WF_DIGIT_COUNTER)) continue; /* digits + a counter: the bit says so */
    size_t d = rd__digit_prefix(x->surface, x->len);
    if (rd__words_reserve(w, 1) < 0) return -1;
    x = &w->v[i];
    memmove(&w->v[i + 2], &w->v[i + 1], (w->n - i - 1) * sizeof *x);
    w->n++;
    rd__word *c = &w->v[i + 1];
    *c = *x;
    const char *orig = x->reading;
    x->len = d;
    if (!(x->surface = rd__arena_strndup(env->scratch, c->surface, d))) return -1;
    x->lemma = x->surface;
    x->pos = "名詞,数";
    x->infl = NULL;
    x->pron = NULL;
    x->reading = "";
    x->pos_class = RD_POS_NUMBER;
    x->flags = RD_TOKEN_NUMBER;
    x->facts = 0; /* both have a new surface and pos: facts asked again */
    c->facts = 0;
    c->off += d;
    c->len -= d;
    c->surface += d;
    c->lemma = c->surface;
    c->pos = "名詞,接尾,助数詞";
    c->infl = NULL;
    c->pron = NULL;
    c->pos_class = RD_POS_SUFFIX;
    c->flags &= ~(unsigned)RD_TOKEN_NUMBER;
    c->reading = orig; /* replaced by the counter rule below */
    i++;
  }
  return 0;
}

static int apply_counters(const rd__rules_env *env, const char *text, rd__words *w, size_t first) {
  for (size_t i = first + 1; i < w->n; i++) {
    rd__word *c = &w->v[i];
    /* cheap tests first: most words do not follow a number */
    if (!(w->v[i - 1].flags & RD_TOKEN_NUMBER) || !(rd__word_facts(c) & RD__WF_COUNTER)) continue;
    /* The number: adjacent number words before the counter. 百 and 千 are
     * numerals themselves, so for them only the one digit before counts. */
    int numeral_counter = (c->flags & RD_TOKEN_NUMBER) != 0;
    size_t j = i;
    while (j > first && (is_number_word(&w->v[j - 1]) || (!numeral_counter && is_big_unit_word(&w->v[j - 1]))) &&
           w->v[j - 1].off + w->v[j - 1].len == w->v[j].off) {
      j--;
      if (numeral_counter) break;
    }
    if (j == i) continue;
    size_t noff = w->v[j].off, nlen = c->off - noff;
    long long n = rd__number_value(text + noff, nlen);
    if (n < 0) continue;
    if (numeral_counter && (nlen > 3 || n > 9)) continue;
    int whole;
    const char *rule = NULL;
    const rd__word *nx = i + 1 < w->n ? &w->v[i + 1] : NULL;
    const char *r = rd__counter_reading(c->surface, n, nx ? nx->surface : NULL, nx && is_number_word(nx), &whole, &rule);
    if (!r) continue;
    /* The next word, a number and its counter ("に#回": 1日に1回) are a cue
     * of their own in the tables; taken when it changes the reading. */
    size_t k3 = i + 2;
    while (k3 < w->n && is_number_word(&w->v[k3])) k3++;
    if (nx && k3 > i + 2 && k3 < w->n && nx->len + w->v[k3].len < 60) {
      char cue[64];
      snprintf(cue, sizeof cue, "%.*s#%.*s", (int)nx->len, nx->surface, (int)w->v[k3].len, w->v[k3].surface);
      int whole2;
      const char *rule2 = NULL;
      const char *r0 = rd__counter_reading(c->surface, n, "", 0, &whole2, &rule2);
      const char *r2 = rd__counter_reading(c->surface, n, cue, 0, &whole2, &rule2);
      if (r2 && r0 && strcmp(r2, r0) && strcmp(r2, r)) { r = r2; whole = whole2; rule = rule2; }
    }
    if (!whole) {
      set_reading(c, r, rule, RD_TOKEN_RULE);
      if (numeral_counter && (c->flags & RD_TOKEN_RULE)) {
        /* 六百 ろっぴゃく, 八百 はっぴゃく: the digit's reading changes too. */
        rd__word *d = &w->v[i - 1];
        if (n == 6 && !strcmp(r, "ぴゃく")) set_reading(d, "ろっ", rule, RD_TOKEN_RULE);
        if (n == 8) set_reading(d, "はっ", rule, RD_TOKEN_RULE);
      }
      continue;
    }
    /* Irregular: one word for number + counter, its ruby over both. */
    size_t olen = 0;
    for (size_t k = j; k <= i; k++) olen += w->v[k].reading ? strlen(w->v[k].reading) : 0;
    char *orig = rd__arena_alloc(env->scratch, olen + 1);
    if (!orig) return -1;
    orig[0] = '\0';
    for (size_t k = j; k <= i; k++)
      if (w->v[k].reading) strcat(orig, w->v[k].reading);
    rd__word m = *c;
    m.off = noff;
    m.len = c->off + c->len - noff;
    if (!(m.surface = rd__arena_strndup(env->scratch, text + noff, m.len))) return -1;
    m.lemma = m.surface;
    m.orig_reading = orig;
    m.reading = r;
    m.rule = rule;
    m.flags = (c->flags | RD_TOKEN_NUMBER | RD_TOKEN_RULE) & ~(unsigned)RD_TOKEN_UNKNOWN;
    m.whole_ruby = 1;
    m.facts = 0; /* a new surface */
    w->v[j] = m;
    memmove(&w->v[j + 1], &w->v[i + 1], (w->n - i - 1) * sizeof m);
    w->n -= i - j;
    i = j;
  }
  return 0;
}

/* Whether s is one of the alternatives "|a|b|" (ends_with: ends with one). */
static int in_alternatives(const char *alts, const char *s, int ends_with) {
  size_t n = strlen(s);
  for (const char *p = alts; *p;) {
    const char *q = strchr(p + 1, '|');
    if (!q) break;
    size_t k = (size_t)(q - p - 1);
    if (k <= n && !memcmp(p + 1, s + (ends_with ? n - k : 0), k) && (ends_with || k == n) && (k || !n)) return 1;
    p = q;
  }
  return 0;
}

/* Whether pos starts with one of the prefixes "|名詞,接尾|動詞|". */
static int pos_in(const char *alts, const char *pos) {
  if (!pos) return 0;
  for (const char *p = alts; *p;) {
    const char *q = strchr(p + 1, '|');
    if (!q) break;
    size_t k = (size_t)(q - p - 1);
    if (k && !strncmp(pos, p + 1, k) && (pos[k] == '\0' || pos[k] == ',')) return 1;
    p = q;
  }
  return 0;
}

/* The 16-bit signature of the 3-byte character at s (see head_of). */
static inline unsigned sig3(const char *s) {
  return (((unsigned)(unsigned char)s[0] << 12) ^ ((unsigned)(unsigned char)s[1] << 6) ^ (unsigned char)s[2]) & 0xFFFFu;
}

/* The prefectures' first characters (every name starts with a 3-byte
 * one) as a bitmap of their signatures, and each name's signature and
 * length: made once, so a scan asks a bit per character. */
#define MAX_TOWNS 64 /* names whose signature and length are kept (the table has 47) */
static uint64_t pref_heads[65536 / 64];
static unsigned pref_sig[MAX_TOWNS];
static size_t pref_len[MAX_TOWNS];
static void make_pref_heads(void) {
  for (size_t i = 0; i < rd__ntown_readings; i++) {
    const char *name = rd__town_readings[i].prefecture;
    unsigned h = strlen(name) >= 3 ? sig3(name) : 0;
    pref_heads[h / 64] |= (uint64_t)1 << (h % 64);
    if (i < MAX_TOWNS) {
      pref_len[i] = strlen(name);
      pref_sig[i] = h;
    }
  }
}

/* The town reading of the prefecture named last in text[0..len), or NULL
 * (of two starting at the same byte, the first of the table's). */
static const char *prefecture_in(const char *text, size_t len) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, make_pref_heads);
  for (size_t i = len >= 3 ? len - 2 : 0; i-- > 0;) {
    if ((unsigned char)text[i] < 0xE0) continue; /* no 3-byte character starts here */
    unsigned h = sig3(text + i);
    if (!((pref_heads[h / 64] >> (h % 64)) & 1)) continue;
    for (size_t k = 0; k < rd__ntown_readings; k++) {
      const char *name = rd__town_readings[k].prefecture;
      size_t nl = k < MAX_TOWNS ? pref_len[k] : strlen(name);
      if ((k >= MAX_TOWNS || pref_sig[k] == h) && i + nl <= len && !memcmp(text + i, name, nl))
        return rd__town_readings[k].reading;
    }
  }
  return NULL;
}

bool rd__rules_reads_back(const char *text, size_t len) {
  return len >= 3 && memmem(text, len, "\xE7\x94\xBA" /* 町 */, 3) != NULL;
}

bool rd__rules_gives_context(const char *text, size_t len) { return prefecture_in(text, len) != NULL; }

/* 町 after a place name: the prefecture named last before it (this
 * sentence first, then up to 100 earlier sentences) decides. The scan is
 * incremental over a sentence, so many towns in one sentence stay linear. */
typedef struct town_scan {
  size_t scanned;      /* bytes of this sentence scanned so far */
  const char *here;    /* reading of the last prefecture in them */
  int before_done;     /* earlier sentences looked at */
  const char *before;  /* ... and what they gave */
} town_scan;

static const char *town_reading(const rd__rules_env *env, town_scan *ts, const char *text, size_t off) {
  if (off > ts->scanned) {
    /* A name may straddle the previous scan end: rescan a little. */
    size_t from = ts->scanned > 12 ? ts->scanned - 12 : 0;
    const char *r = prefecture_in(text + from, off - from);
    if (r) ts->here = r;
    ts->scanned = off;
  }
  if (ts->here) return ts->here;
  if (!ts->before_done) {
    ts->before_done = 1;
    for (size_t k = 0; env->doc && k < RD__TOWN_CONTEXT && k < env->sentence && !ts->before; k++) {
      const rd_node *s = env->doc->sentences[env->sentence - 1 - k];
      /* another thread may be making this sentence's terminated copy
       * (rd_node_text): either value is its text_len bytes, but the
       * load must be atomic */
      const char *t = __atomic_load_n(&s->text, __ATOMIC_ACQUIRE);
      if (t) ts->before = prefecture_in(t, s->text_len);
    }
  }
  return ts->before;
}

static void apply_context(const rd__rules_env *env, const char *text, rd__words *w, size_t first) {
  town_scan ts = {0, NULL, 0, NULL};
  for (size_t i = first; i < w->n; i++) {
    rd__word *x = &w->v[i];
    if (!(rd__word_facts(x) & RD__WF_CONTEXT)) continue; /* no rule or table word is this one */
    const rd__word *prev = i > first ? &w->v[i - 1] : NULL;
    const rd__word *next = i + 1 < w->n ? &w->v[i + 1] : NULL;
    for (size_t k = 0; k < rd__ncontext_rules; k++) {
      const rd__context_rule *r = &rd__context_rules[k];
      if (!str_eq(r->surface, x->surface)) continue;
      if (r->self_pos && !pos_in(r->self_pos, x->pos)) continue;
      if (r->prev_pos && (!prev || !pos_in(r->prev_pos, prev->pos))) continue;
      if (r->prev_end && (!prev || !in_alternatives(r->prev_end, prev->surface, 1))) continue;
      if (r->prev_not && prev && in_alternatives(r->prev_not, prev->surface, 0)) continue;
      if (r->next_pos && (!next || !pos_in(r->next_pos, next->pos))) continue;
      if (r->next_surf && (!next || !in_alternatives(r->next_surf, next->surface, 0))) continue;
      if (r->next_not && in_alternatives(r->next_not, next ? next->surface : "", 0)) continue;
      const char *reading = r->reading;
      if (!strcmp(r->rule, "town-cho")) {
        const char *t = town_reading(env, &ts, text, x->off);
        if (t) reading = t;
      }
      set_reading(x, reading, r->rule, RD_TOKEN_RULE);
      break;
    }
    for (size_t k = 0; k < rd__nword_readings; k++) {
      const rd__word_reading *r = &rd__word_readings[k];
      if (!str_eq(r->surface, x->surface) || (r->pos && !starts_with(x->pos, r->pos))) continue;
      if (!strcmp(r->surface, "日本")) {
        set_reading(x, (env->flags & RD_ANALYZER_NIPPON) ? "にっぽん" : "にほん", "nihon", RD_TOKEN_RULE);
      } else {
        set_reading(x, r->reading, "word-table", RD_TOKEN_RULE);
      }
      break;
    }
  }
}

/* ---- user overrides ------------------------------------------------------------ */

typedef struct override {
  char *key, *reading;
} override;

struct rd__overrides {
  override *v;
  size_t n;
};

void rd__overrides_free(rd__overrides *o) {
  if (!o) return;
  for (size_t i = 0; i < o->n; i++) {
    free(o->v[i].key);
    free(o->v[i].reading);
  }
  free(o->v);
  free(o);
}

static int cmp_override(const void *a, const void *b) {
  return strcmp(((const override *)a)->key, ((const override *)b)->key);
}

rd_status rd__overrides_load(rd__overrides **out, const char *path) {
  *out = NULL;
  char *data;
  size_t len;
  rd_status st = rd__file_read(path, RD__FILE_LIMIT_DEFAULT, &data, &len);
  if (st < 0) return st;
  if ((st = rd__utf8_validate(data, len, path)) < 0) { free(data); return st; }
  rd__overrides *o = calloc(1, sizeof *o);
  size_t cap = 0;
  if (!o) { free(data); return rd__oom(); }
  /* A UTF-8 BOM (Windows editors) is no part of the first surface: kept,
   * it silently lost the first entry (issue 16, item 16). */
  size_t i = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
  int64_t line = 0;
  rd__arena tmp;
  rd__arena_init(&tmp);
  while (i < len) {
    line++;
    char *nl = memchr(data + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - data) : len;
    char *l = data + i;
    size_t ll = e - i;
    i = e + 1;
    if (ll && l[ll - 1] == '\r') ll--;
    if (!ll || l[0] == '#') continue;
    char *tab = memchr(l, '\t', ll);
    if (!tab || tab == l || tab + 1 == l + ll) {
      st = rd__error(RD_EINVALID, (int64_t)(l - data), line,
                     "%s: line %lld: expected SURFACE<TAB>READING", path, (long long)line);
      break;
    }
    size_t kl = (size_t)(tab - l), rl = ll - kl - 1;
    if (!rd__utf8_all_kana(tab + 1, rl)) {
      st = rd__error(RD_EINVALID, (int64_t)(tab + 1 - data), line,
                     "%s: line %lld: the reading must be kana", path, (long long)line);
      break;
    }
    if (o->n == cap) {
      cap = cap ? cap * 2 : 16;
      override *v = realloc(o->v, cap * sizeof *v);
      if (!v) { st = rd__oom(); break; }
      o->v = v;
    }
    char *hira = rd__to_hiragana(&tmp, tab + 1, rl);
    o->v[o->n].key = strndup(l, kl);
    o->v[o->n].reading = hira ? strdup(hira) : NULL;
    o->n++;
    if (!o->v[o->n - 1].key || !o->v[o->n - 1].reading) { st = rd__oom(); break; }
  }
  rd__arena_dispose(&tmp);
  free(data);
  if (st < 0) { rd__overrides_free(o); return st; }
  if (o->n) qsort(o->v, o->n, sizeof *o->v, cmp_override);
  *out = o;
  return RD_OK;
}

static const override *find_override(const rd__overrides *o, const char *key) {
  override k = {(char *)key, NULL};
  return o->n ? bsearch(&k, o->v, o->n, sizeof *o->v, cmp_override) : NULL;
}

/* Lemma match on an inflected word: the lemma's reading with its kana
 * ending swapped for the surface's (盗む ぬすむ -> 盗まれ ぬすまれ). */
static const char *inflect_reading(rd__arena *p, const rd__word *x, const char *lemma_reading) {
  const char *s = x->surface, *l = x->lemma;
  size_t cp = 0;
  while (s[cp] && s[cp] == l[cp]) cp++;
  while (cp && ((unsigned char)s[cp] & 0xC0) == 0x80) cp--;
  size_t ltail = strlen(l + cp), rl = strlen(lemma_reading);
  if (!cp || !rd__utf8_all_kana(l + cp, ltail) || rl < ltail) return NULL;
  /* the lemma's tail kana must end its reading */
  char *lt = rd__to_hiragana(p, l + cp, ltail);
  if (!lt || strcmp(lemma_reading + rl - ltail, lt)) return NULL;
  const char *stail = s + cp;
  size_t sl = strlen(stail);
  if (sl && !rd__utf8_all_kana(stail, sl)) return NULL;
  char *tail = rd__to_hiragana(p, stail, sl);
  char *r = rd__arena_alloc(p, rl - ltail + sl + 1);
  if (!r || !tail) return NULL;
  memcpy(r, lemma_reading, rl - ltail);
  memcpy(r + rl - ltail, tail, sl + 1);
  return r;
}

static void apply_overrides(const rd__rules_env *env, rd__words *w, size_t first) {
  for (size_t i = first; i < w->n; i++) {
    rd__word *x = &w->v[i];
    const override *o = find_override(env->overrides, x->surface);
    if (o) {
      set_reading(x, o->reading, "override", RD_TOKEN_OVERRIDE);
      x->whole_ruby = 0;
      continue;
    }
    if (x->lemma && x->lemma != x->surface && (o = find_override(env->overrides, x->lemma))) {
      const char *r = inflect_reading(env->scratch, x, o->reading);
      if (r) set_reading(x, r, "override", RD_TOKEN_OVERRIDE);
    }
  }
}

/* Whether a hiragana reading has the shape of an on'yomi (ends in ん, う or
 * い, has a small ゃゅょ, or is two kana ending in く or つ): a repeat of it
 * is not voiced (少々 しょうしょう, 淡々 たんたん). */
static int on_shaped(const char *r) {
  size_t n = strlen(r);
  if (n < 3) return 0;
  const char *last = r + n - 3;
  if (!strcmp(last, "ん") || !strcmp(last, "う") || !strcmp(last, "い")) return 1;
  if (strstr(r, "ゃ") || strstr(r, "ゅ") || strstr(r, "ょ")) return 1;
  return n == 6 && (!strcmp(last, "く") || !strcmp(last, "つ"));
}

/* Whether a hiragana reading holds a voiced obstruent (Lyman's law: such a
 * part is never voiced again, 次々 つぎつぎ). */
static int has_voiced_obstruent(const char *r) {
  for (size_t i = 0; r[i];) {
    uint32_t c;
    size_t k = rd__utf8_decode(r + i, strlen(r + i), &c);
    if (!k) return 0;
    if ((c >= 0x304C && c <= 0x3062 && !(c & 1)) || c == 0x3065 || c == 0x3067 || c == 0x3069 ||
        (c >= 0x3070 && c <= 0x307D && (c - 0x3070) % 3 == 0) || c == 0x3094)
      return 1;
    i += k;
  }
  return 0;
}

/* 々 cut from its kanji by MeCab (毎月|々) reads as that kanji again, its
 * first kana voiced unless the reading is on'yomi-shaped or Lyman's law
 * forbids it (rule "repeat-mark"): 毎月々 まいつきづき. Left alone when
 * the kanji before has no reading of its own in the alignment. */
static int apply_repeat_marks(const rd__rules_env *env, rd__words *w, size_t first) {
  for (size_t i = first + 1; i < w->n; i++) {
    rd__word *x = &w->v[i], *p = &w->v[i - 1];
    if (!(rd__word_facts(x) & RD__WF_REPEAT_MARK) || (x->reading && *x->reading) || !p->reading || !*p->reading) continue;
    if (p->off + p->len != x->off || p->len < 3) continue;
    uint32_t c;
    if (!rd__utf8_decode(p->surface + p->len - 3, 3, &c) || !rd__is_kanji(c) || c == 0x3005) continue;
    rd_ruby *rb = NULL;
    size_t nrb = 0;
    if (rd__align(&rb, &nrb, p->surface, p->len, p->reading, strlen(p->reading), RD_ALIGN_PER_KANJI, env->scratch) < 0) {
      rd_error_clear(); /* a failed alignment only means no rule here */
      continue;
    }
    if (!nrb || rb[nrb - 1].start + rb[nrb - 1].len != p->len || rb[nrb - 1].len != 3) continue;
    const char *r = rb[nrb - 1].reading;
    char *v = rd__arena_alloc(env->scratch, strlen(r) + 1);
    if (!v) return -1;
    strcpy(v, r);
    if (!on_shaped(r) && !has_voiced_obstruent(r)) {
      uint32_t k0;
      size_t k = rd__utf8_decode(v, strlen(v), &k0);
      uint32_t vk = 0;
      if ((k0 >= 0x304B && k0 <= 0x3061 && (k0 & 1)) || k0 == 0x3064 || k0 == 0x3066 || k0 == 0x3068) vk = k0 + 1;
      else if (k0 >= 0x306F && k0 <= 0x307B && (k0 - 0x306F) % 3 == 0) vk = k0 + 1;
      if (vk && k == 3) rd__utf8_encode(vk, v);
    }
    set_reading(x, v, "repeat-mark", RD_TOKEN_RULE);
  }
  return 0;
}

/* "A と B の間" is "between A and B": 間 is あいだ. IPADIC has lexicalised
 * some "B の間" as one word read のま (板の間 いたのま "wooden floor", 茶の間,
 * 床の間), so after the coordinating と the word's の間 is read あいだ:
 * 板と板の間 いたといたのあいだ. Only a noun whose reading ends in のま and
 * whose surface ends in の間, right after と tagged 並立助詞. */
static int apply_between(const rd__rules_env *env, rd__words *w, size_t first) {
  static const char rtail[] = "のま", aida[] = "のあいだ";
  const size_t rl = sizeof rtail - 1;
  for (size_t i = first + 1; i < w->n; i++) {
    rd__word *x = &w->v[i];
    const rd__word *p = &w->v[i - 1];
    /* the bit: a 名詞 whose surface ends in の間 after more */
    if (!(rd__word_facts(x) & RD__WF_NOMA) || !x->reading || (x->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE)))
      continue;
    size_t xl = strlen(x->reading);
    if (xl <= rl || memcmp(x->reading + xl - rl, rtail, rl)) continue;
    if (!p->surface || strcmp(p->surface, "と") || !p->pos || strncmp(p->pos, "助詞,並立助詞", strlen("助詞,並立助詞")))
      continue;
    char *r = rd__arena_alloc(env->scratch, xl - rl + sizeof aida);
    if (!r) return -1;
    memcpy(r, x->reading, xl - rl);
    memcpy(r + xl - rl, aida, sizeof aida);
    set_reading(x, r, "aida-between", RD_TOKEN_RULE);
  }
  return 0;
}

/* Rule furi-weather: IPADIC reads the stem 降り (shared by 降る "fall" and
 * 降りる "get off") as 降りる おり even after rain: 雨が降りました. After
 * one of rd__falling_things and が/も/は (adverbs and adjectives between:
 * 雨が強く降り) it is 降る, ふり. Other forms differ in writing (降った,
 * 降りた) and are MeCab's. */
static void apply_falling(rd__words *w, size_t first) {
  for (size_t i = first + 2; i < w->n; i++) {
    rd__word *x = &w->v[i];
    if (!(rd__word_facts(x) & RD__WF_FURI) || !x->lemma || strcmp(x->lemma, "降りる") ||
        (x->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE | RD_TOKEN_EDITORIAL)))
      continue;
    size_t j = i - 1, skipped = 0;
    while (j > first + 1 && skipped < 2 && (starts_with(w->v[j].pos, "副詞") || starts_with(w->v[j].pos, "形容詞")))
      j--, skipped++;
    const rd__word *p = &w->v[j], *n = &w->v[j - 1];
    if (!starts_with(p->pos, "助詞") || !in_alternatives("|が|も|は|", p->surface, 0)) continue;
    if (!starts_with(n->pos, "名詞") || !in_alternatives(rd__falling_things, n->surface, 1)) continue;
    set_reading(x, "ふり", "furi-weather", RD_TOKEN_RULE);
  }
}

/* The facts of a word, made now if it has none (a test's word, or one a
 * rule remade), and what the sentence's bits take from it. */
static inline uint32_t word_facts_into(rd__word *x, unsigned *flags, uint32_t *unknown, uint32_t *kanji) {
  uint32_t f = x->facts;
  if (!f) x->facts = f = rd__word_facts_of(x->surface, x->len, x->pos);
  unsigned fl = x->flags;
  *flags |= fl;
  if (fl & RD_TOKEN_UNKNOWN) *unknown |= f;
  if (fl & RD_TOKEN_KANJI) {
    if (!x->reading) *kanji |= RD__SF_UNREAD | RD__SF_NAMEISH;
    else if (x->pos_class == RD_POS_PROPER_NOUN || (fl & RD_TOKEN_UNKNOWN) || !*x->reading) *kanji |= RD__SF_NAMEISH;
  }
  return f;
}

/* The sentence's bits from the words' facts, flags and what they hold. */
static uint32_t sentence_bits(uint32_t any, unsigned flags, unsigned pairs, uint32_t unknown, uint32_t kanji) {
  any |= kanji;
  if (pairs & RD_TOKEN_KANJI) any |= RD__SF_KANJI_PAIR;
  if (flags & RD_TOKEN_RULE) any |= RD__SF_RULED;
  /* a one-kana word MeCab did not know is odd whatever its pos */
  if (unknown & RD__WF_ONE_HIRAGANA) any |= RD__WF_ODD_KANA;
  return any;
}

/* The facts of the words w[first..n) ORed, with the sentence's own bits
 * (RD__SF_*). A superset stays true as rules run: readings only get set,
 * and rules that make new words have their facts added (refact). */
static uint32_t sentence_facts(rd__words *w, size_t first) {
  uint32_t any = 0, unknown = 0, kanji = 0;
  unsigned flags = 0, pairs = 0, prev = 0;
  for (size_t i = first, n = w->n; i < n; i++) {
    rd__word *x = &w->v[i];
    any |= word_facts_into(x, &flags, &unknown, &kanji);
    pairs |= x->flags & prev; /* flags two adjacent words share */
    prev = x->flags;
  }
  return sentence_bits(any, flags, pairs, unknown, kanji);
}

/* After a rule made new words (their facts 0): the sentence's facts with
 * theirs added; the other words' are in already. */
static uint32_t refact(rd__words *w, size_t first, uint32_t any) {
  uint32_t unknown = 0, kanji = 0;
  unsigned flags = 0, pairs = 0;
  for (size_t i = first, n = w->n; i < n; i++) {
    rd__word *x = &w->v[i];
    if (x->facts) continue;
    any |= word_facts_into(x, &flags, &unknown, &kanji);
    if (i > first) pairs |= x->flags & w->v[i - 1].flags;
    if (i + 1 < n) pairs |= x->flags & w->v[i + 1].flags;
  }
  return sentence_bits(any, flags, pairs, unknown, kanji);
}

/* The rules in their order; each is entered only when a word of the
 * sentence has its bit (facts), so a rule that cannot fire costs a bit
 * test per sentence. Rules that join or split words (w->n changes) have
 * the facts made again for the rules after them. */
int rd__rules_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first) {
  uint32_t facts = sentence_facts(w, first);
  size_t n = w->n;
#define REFACT() (w->n != n ? (void)(n = w->n, facts = refact(w, first, facts)) : (void)0)
  if (!(env->flags & RD_ANALYZER_NO_RULES)) {
    if (facts & RD__WF_DIGIT_COUNTER) {
      if (split_digit_counters(env, w, first) < 0) return -1;
      REFACT();
    }
    if (facts & RD__WF_COUNTER) {
      if (apply_counters(env, text, w, first) < 0) return -1;
      REFACT();
    }
    if (facts & RD__WF_CONTEXT) apply_context(env, text, w, first);
    if ((facts & RD__WF_REPEAT_MARK) && apply_repeat_marks(env, w, first) < 0) return -1;
    if ((facts & RD__WF_NOMA) && apply_between(env, w, first) < 0) return -1;
    if (facts & RD__WF_FURI) apply_falling(w, first);
    if (env->compounds && (facts & RD__SF_KANJI_PAIR)) {
      if (rd__compounds_join(env, text, w, first, facts) < 0) return -1;
      REFACT();
    }
  }
  /* Names (names.c) after EDICT's compounds: MeCab's name kinds become
   * flags even without rules, the ENAMDICT readings only with them. Before
   * the readings of last resort, so that KANJIDIC's guess never hides an
   * unknown name from ENAMDICT, and before rendaku, which leaves names be. */
  if (rd__names_apply(env, text, w, first, facts) < 0) return -1;
  REFACT();
  if (!(env->flags & RD_ANALYZER_NO_RULES)) {
    /* kana words, iteration marks, KANJIDIC (kana_words.c); rendaku (rendaku.c) */
    if (rd__kana_words_apply(env, text, w, first, facts) < 0) return -1;
    REFACT();
    if (rd__rendaku_apply(env, text, w, first, facts) < 0) return -1;
  }
#undef REFACT
  if (env->overrides) apply_overrides(env, w, first);
  return 0;
}
