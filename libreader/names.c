/* Names from ENAMDICT: a table headword -> readings (each with the kinds
 * ENAMDICT tags it with), and the names rule that reads proper nouns MeCab
 * reads otherwise, joins names MeCab split, reads place names before their
 * suffixes (市 町 ...) and flags names as person / place / organisation.
 * The rule only fires where MeCab itself says proper noun or could not
 * read: ENAMDICT lists nearly every kanji pair as somebody's surname. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "edict.h"
#include "kanjidic.h"
#include "names.h"
#include "readers_internal.h"
#include "util/filecache.h"
#include "util/strtab.h"

/* ---- the table ------------------------------------------------------------------ */

/* A flat string map like the compounds table (util/strtab.h): headword ->
 * value, where a value is one or more records
 * "<kind><reading>" joined by ',': kind is '@' + RD__NAME_* bits (one
 * ASCII byte), the reading hiragana. ENAMDICT is 26 MB of EUC-JP; parsed
 * once, the block is cached and mmap'ed by later processes. */
#define NM_MAGIC "RDNAMES"
#define NM_VERSION 2u /* 2: ctime in the key */
#define NM_KIND_BASE '@'
#define NM_HEADWORD_MAX 8 /* code points */

struct rd__names {
  rd__strtab t;
  bool from_cache;
  uint64_t id;      /* for the look-up memo (rd__edict_find) */
  uint64_t stem_id; /* ... and for its answers of stem_agreed */
};

typedef struct nm_slot {
  const char *key; /* arena */
  char *val;       /* malloc'ed records */
  uint32_t klen, vlen, vcap;
} nm_slot;

typedef struct nm_builder {
  rd__arena arena;
  nm_slot *slots;
  size_t cap, n, pool_len;
} nm_builder;

void rd__names_free(rd__names *n) {
  if (!n) return;
  rd__strtab_dispose(&n->t);
  free(n);
}

bool rd__names_from_cache(const rd__names *n) { return n && n->from_cache; }

size_t rd__names_count(const rd__names *n) { return n && n->t.b ? (size_t)n->t.b->n : 0; }

size_t rd__names_find(const rd__names *n, const char *s, size_t len, rd__name_reading *out, size_t max) {
  const char *v = n && len ? rd__edict_find(&n->t, n->id, s, len) : NULL;
  if (!v) return 0;
  size_t count = 0;
  for (const char *p = v; *p;) {
    const char *e = strchr(p, ',');
    size_t rl = e ? (size_t)(e - p) : strlen(p);
    unsigned kinds = (unsigned char)*p >= NM_KIND_BASE ? (unsigned)((unsigned char)*p - NM_KIND_BASE) & 15u : 0;
    if (rl > 1) {
      if (count < max) out[count] = (rd__name_reading){p + 1, rl - 1, kinds};
      count++;
    }
    p += rl;
    if (*p == ',') p++;
  }
  return count;
}

static int builder_grow(nm_builder *b) {
  size_t cap = b->cap ? b->cap * 2 : 1u << 17;
  nm_slot *ns = calloc(cap, sizeof *ns);
  if (!ns) return -1;
  for (size_t i = 0; i < b->cap; i++) {
    if (!b->slots[i].key) continue;
    size_t j = rd__strtab_hash(b->slots[i].key, b->slots[i].klen) & (cap - 1);
    while (ns[j].key) j = (j + 1) & (cap - 1);
    ns[j] = b->slots[i];
  }
  free(b->slots);
  b->slots = ns;
  b->cap = cap;
  return 0;
}

static int val_append(nm_slot *s, const char *bytes, size_t n) {
  if (s->vlen + n + 1 > s->vcap) {
    size_t cap = s->vcap ? s->vcap : 32;
    while (cap < s->vlen + n + 1) cap *= 2;
    if (cap > UINT32_MAX) return -1;
    char *v = realloc(s->val, cap);
    if (!v) return -1;
    s->val = v;
    s->vcap = (uint32_t)cap;
  }
  memcpy(s->val + s->vlen, bytes, n);
  s->vlen += (uint32_t)n;
  s->val[s->vlen] = '\0';
  return 0;
}

/* Add reading r (hiragana) with kinds to headword h; a reading listed
 * again (one ENAMDICT line per reading and tag set) merges its kinds. */
static int add_name(nm_builder *b, const char *h, size_t hl, const char *r, size_t rl, unsigned kinds) {
  if (b->n * 2 >= b->cap && builder_grow(b) < 0) return -1;
  size_t j = rd__strtab_hash(h, hl) & (b->cap - 1);
  while (b->slots[j].key && !(b->slots[j].klen == hl && !memcmp(b->slots[j].key, h, hl))) j = (j + 1) & (b->cap - 1);
  nm_slot *s = &b->slots[j];
  char kind = (char)(NM_KIND_BASE + (int)kinds);
  if (!s->key) {
    char *k = rd__arena_strndup(&b->arena, h, hl);
    if (!k) return -1;
    s->key = k;
    s->klen = (uint32_t)hl;
    b->n++;
    b->pool_len += hl + 1;
  } else {
    for (char *p = s->val; *p;) {
      char *e = strchr(p, ',');
      size_t l = e ? (size_t)(e - p) : strlen(p);
      if (l == rl + 1 && !memcmp(p + 1, r, rl)) {
        *p = (char)(NM_KIND_BASE + (int)(((unsigned)(unsigned char)*p - NM_KIND_BASE) | kinds));
        return 0;
      }
      p += l;
      if (*p == ',') p++;
    }
    size_t before = s->vlen;
    if (val_append(s, ",", 1) < 0) return -1;
    b->pool_len += s->vlen - before;
  }
  size_t before = s->vlen;
  if (val_append(s, &kind, 1) < 0 || val_append(s, r, rl) < 0) return -1;
  b->pool_len += s->vlen - before + (before == 0); /* + the NUL of a new value */
  return 0;
}

/* The builder's table as a block; slots keep their positions. */
static rd__strtab_block *flatten(const nm_builder *bd, const rd__filecache_key *key) {
  rd__strtab_block *b = rd__strtab_block_new(bd->cap, bd->n, bd->pool_len, NM_MAGIC, NM_VERSION, key);
  if (!b) return NULL;
  size_t at = 1;
  for (size_t i = 0; i < bd->cap; i++) {
    const nm_slot *sl = &bd->slots[i];
    if (sl->key) rd__strtab_put(b, &at, i, sl->key, sl->klen, sl->val, sl->vlen);
  }
  return b;
}

/* A headword the rule can use: 1..8 code points, all kanji (々 ヶ
 * included). Katakana and mixed names are left to MeCab, which reads
 * kana as written. */
static int name_headword(const char *s, size_t len) {
  size_t i = 0, n = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k || !rd__is_kanji(cp)) return 0;
    i += k;
    n++;
  }
  return n >= 1 && n <= NM_HEADWORD_MAX;
}

/* ENAMDICT's tags (and JMnedict's long names) -> RD__NAME_* */
static unsigned tag_kind(const char *t, size_t n) {
  static const struct { const char *tag; unsigned kind; } map[] = {
    {"s", RD__NAME_PERSON}, {"g", RD__NAME_PERSON}, {"f", RD__NAME_PERSON}, {"m", RD__NAME_PERSON},
    {"h", RD__NAME_PERSON}, {"surname", RD__NAME_PERSON}, {"given", RD__NAME_PERSON}, {"fem", RD__NAME_PERSON},
    {"masc", RD__NAME_PERSON}, {"person", RD__NAME_PERSON}, {"p", RD__NAME_PLACE}, {"st", RD__NAME_PLACE},
    {"place", RD__NAME_PLACE}, {"station", RD__NAME_PLACE}, {"c", RD__NAME_ORG}, {"o", RD__NAME_ORG},
    {"company", RD__NAME_ORG}, {"organization", RD__NAME_ORG}};
  for (size_t i = 0; i < sizeof map / sizeof *map; i++)
    if (strlen(map[i].tag) == n && !memcmp(map[i].tag, t, n)) return map[i].kind;
  return RD__NAME_OTHER;
}

static rd_status names_build(rd__strtab_block **out, const char *path, const rd__filecache_key *key) {
  *out = NULL;
  char *data;
  size_t len;
  rd_status s = rd__file_read(path, (size_t)256 << 20, &data, &len);
  if (s < 0) return s;
  if ((s = rd__edict_text_utf8(&data, &len, path)) < 0) { free(data); return s; }
  nm_builder bd;
  memset(&bd, 0, sizeof bd);
  rd__arena_init(&bd.arena);
  rd__arena tmp; /* hiragana of one reading, reset per line */
  rd__arena_init(&tmp);
  size_t i = 0, edict_lines = 0;
  rd__edict_line el;
  while (s >= 0 && rd__edict_next_line(&el, data, len, &i)) {
    edict_lines++;
    if (!el.readings) continue;
    /* cheap test first: most of ENAMDICT's 740,000 lines have one headword */
    const char *hp = el.headwords, *h, *hm;
    size_t hl, hml;
    if (!rd__edict_next_item(&h, &hl, &hm, &hml, &hp, el.headwords + el.headwords_len) || !name_headword(h, hl))
      continue;
    /* kinds: the tags of the first field ("(p,s) Tachikawa") */
    unsigned kinds = 0;
    const char *fp = el.fields, *tg, *tp;
    size_t tn;
    rd__edict_field f;
    if (rd__edict_next_field(&f, &fp, el.fields + el.fields_len)) {
      tp = f.tags;
      while (rd__edict_next_tag(&tg, &tn, &tp, f.tags + f.tags_len)) kinds |= tag_kind(tg, tn);
    }
    if (!kinds) kinds = RD__NAME_OTHER;
    const char *rp = el.readings, *r, *rm;
    size_t rl, rml;
    while (s >= 0 && rd__edict_next_item(&r, &rl, &rm, &rml, &rp, el.readings + el.readings_len)) {
      if (!rd__utf8_all_kana(r, rl)) continue;
      rd__arena_reset(&tmp);
      char *hr = rd__to_hiragana(&tmp, r, rl);
      if (!hr) { s = rd__oom(); break; }
      /* every headword of the line (EDICT2 style; ENAMDICT has one) */
      const char *hp2 = el.headwords;
      while (s >= 0 && rd__edict_next_item(&h, &hl, &hm, &hml, &hp2, el.headwords + el.headwords_len))
        if (name_headword(h, hl) && add_name(&bd, h, hl, hr, strlen(hr), kinds) < 0) s = rd__oom();
    }
  }
  if (s >= 0 && !edict_lines)
    s = rd__error(RD_EINVALID, -1, 1, "%s: %s; a names file has ENAMDICT lines: HEADWORD [READING] /(tags) name/",
                  path, len ? "no EDICT line in it" : "empty file");
  free(data);
  rd__arena_dispose(&tmp);
  if (s >= 0 && !(*out = flatten(&bd, key))) s = rd__oom();
  for (size_t k = 0; k < bd.cap; k++) free(bd.slots[k].val);
  free(bd.slots);
  rd__arena_dispose(&bd.arena);
  return s;
}

rd_status rd__names_load(rd__names **out, const char *path) {
  *out = NULL;
  rd__names *n = calloc(1, sizeof *n);
  if (!n) return rd__oom();
  rd_status s = rd__strtab_load(&n->t, &n->from_cache, path, "names", NM_MAGIC, NM_VERSION, true, names_build); /* every name has a reading */
  if (s < 0) { free(n); return s; }
  n->id = rd__edict_table_id();
  n->stem_id = rd__edict_table_id();
  *out = n;
  return RD_OK;
}

/* ---- the rule --------------------------------------------------------------------- */

/* Place suffixes and their readings ("|a|b|" where a suffix reads two
 * ways: then ENAMDICT's entry for the whole decides, else MeCab's). */
#define place_suffixes rd__place_suffixes /* rules_data.c */

/* s starts with the n bytes of lit; inline, as these run per word: a
 * mismatch (at the latest s's NUL) ends it, so s is never read past its end. */
static inline int starts(const char *s, const char *lit, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (s[i] != lit[i]) return 0;
  return 1;
}

static const char *suffix_readings(const char *s) {
  /* the word fact RD__WF_PLACE_SUFFIX is this test, once per distinct word (rules_facts.c) */
  /* every suffix is one 3-byte kanji: most words fail on length */
  if (!s[0] || !s[1] || !s[2] || s[3]) return NULL;
  for (size_t i = 0; i < rd__nplace_suffixes; i++)
    if (starts(s, place_suffixes[i].suffix, 4)) return place_suffixes[i].readings;
  return NULL;
}

/* The name kind MeCab's part of speech gives (IPADIC 名詞,固有名詞,人名 /
 * 地域 / 組織; UniDic 地名; JUMAN 名詞,人名 / 地名 / 組織名), as RD_TOKEN_*:
 * found once per distinct word with its facts (rd__word_facts_of). */
static unsigned pos_name_flag(const rd__word *x) {
  uint32_t k = (rd__word_facts(x) & RD__WF_NAME_BITS) >> RD__WF_NAME_SHIFT;
  return k ? RD_TOKEN_PERSON << (k - 1) : 0; /* 1 person, 2 place, 3 organisation */
}

static unsigned kind_flag(unsigned kinds) {
  switch (kinds & (RD__NAME_PERSON | RD__NAME_PLACE | RD__NAME_ORG)) {
  case RD__NAME_PERSON: return RD_TOKEN_PERSON;
  case RD__NAME_PLACE: return RD_TOKEN_PLACE;
  case RD__NAME_ORG: return RD_TOKEN_ORG;
  default: return 0; /* none, or ENAMDICT cannot tell (立川: place and surname) */
  }
}

static unsigned flag_kind(unsigned flag) {
  return flag == RD_TOKEN_PERSON ? RD__NAME_PERSON : flag == RD_TOKEN_PLACE ? RD__NAME_PLACE
         : flag == RD_TOKEN_ORG  ? RD__NAME_ORG : 0;
}

static int all_kanji(const rd__word *x) { return (rd__word_facts(x) & RD__WF_ALL_KANJI) != 0; }

/* A word that can be part of a name: kanji only, a noun or a prefix (小
 * in 小涌園) or unknown, and no reading a rule, an override or the
 * editors already chose. */
static inline int name_piece(const rd__word *x) {
  if (!(x->flags & RD_TOKEN_KANJI) ||
      (x->flags & (RD_TOKEN_NUMBER | RD_TOKEN_SYMBOL | RD_TOKEN_LATIN | RD_TOKEN_RULE | RD_TOKEN_OVERRIDE |
                   RD_TOKEN_EDITORIAL)))
    return 0;
  uint32_t f = rd__word_facts(x);
  if (!(f & RD__WF_ALL_KANJI)) return 0;
  return (x->flags & RD_TOKEN_UNKNOWN) || !x->reading || (f & RD__WF_NOUN_OR_PREFIX);
}

/* MeCab says proper noun, or could not read the word. */
static int proper_or_unknown(const rd__word *x) {
  return (x->flags & RD_TOKEN_UNKNOWN) || !x->reading || !*x->reading || x->pos_class == RD_POS_PROPER_NOUN;
}

#define MAX_READINGS 64
#define MAX_RUN 4

/* The reading to take among ENAMDICT's, or -1 to keep MeCab's: the only
 * one; else none when one agrees with MeCab (orig); else the only one of
 * the kind MeCab names (want), else the only place or person reading. */
static int choose(const rd__name_reading *r, size_t n, const char *orig, unsigned want) {
  if (n == 0 || n > MAX_READINGS) return -1;
  if (orig && *orig)
    for (size_t i = 0; i < n; i++)
      if (strlen(orig) == r[i].len && !memcmp(orig, r[i].reading, r[i].len)) return -1;
  if (n == 1) return 0;
  int pick = -1;
  unsigned masks[2] = {want, RD__NAME_PERSON | RD__NAME_PLACE};
  for (int m = 0; m < 2; m++) {
    if (!masks[m]) continue;
    size_t hits = 0;
    for (size_t i = 0; i < n; i++)
      if (r[i].kinds & masks[m]) { hits++; pick = (int)i; }
    if (hits == 1) return pick;
  }
  return -1;
}

/* MeCab's readings of w[i..i+k) joined (into scratch), "" where absent. */
static char *joined_reading(const rd__rules_env *env, const rd__words *w, size_t i, size_t k) {
  size_t n = 0;
  for (size_t m = i; m < i + k; m++) n += w->v[m].reading ? strlen(w->v[m].reading) : 0;
  char *s = rd__arena_alloc(env->scratch, n + 1);
  if (!s) return NULL;
  s[0] = '\0';
  for (size_t m = i; m < i + k; m++)
    if (w->v[m].reading) strcat(s, w->v[m].reading);
  return s;
}

/* Replace w[i..i+k) by one word read `reading`, flagged `flag`. */
static int join(const rd__rules_env *env, const char *text, rd__words *w, size_t i, size_t k, const char *reading,
                unsigned flag, const char *rule) {
  rd__word *a = &w->v[i];
  const rd__word *z = &w->v[i + k - 1];
  char *orig = joined_reading(env, w, i, k);
  if (!orig) return -1;
  rd__word m = *a;
  m.len = z->off + z->len - a->off;
  if (!(m.surface = rd__arena_strndup(env->scratch, text + a->off, m.len))) return -1;
  if (k > 1) {
    m.lemma = m.surface;
    m.infl = NULL;
    m.pron = NULL;
  }
  m.reading = reading;
  m.orig_reading = *orig ? orig : NULL;
  m.rule = rule;
  m.facts = 0; /* a new surface: its facts are asked again (rd__word_facts) */
  /* the rule decides the kind: MeCab's pieces may differ, and an unknown
   * word's part of speech is a guess */
  m.flags = ((a->flags | RD_TOKEN_RULE | RD_TOKEN_KANJI) & ~(unsigned)(RD_TOKEN_UNKNOWN | RD_TOKEN_NAME_MASK)) | flag;
  /* a name is a proper noun, whatever MeCab thought the pieces were */
  m.pos_class = RD_POS_PROPER_NOUN;
  w->v[i] = m;
  memmove(&w->v[i + 1], &w->v[i + k], (w->n - i - k) * sizeof m);
  w->n -= k - 1;
  return 0;
}

/* MeCab's kind for w[i..i+k): the one its proper pieces agree on (0 when
 * none or they differ; an unknown word's part of speech is a guess). */
static unsigned mecab_kind(const rd__words *w, size_t i, size_t k) {
  unsigned f = 0;
  for (size_t m = i; m < i + k; m++) {
    const rd__word *x = &w->v[m];
    if (x->flags & RD_TOKEN_UNKNOWN) continue;
    unsigned g = x->flags & RD_TOKEN_NAME_MASK;
    if (!g) continue;
    if (f && f != g) return 0;
    f = g;
  }
  return f;
}

/* The whole run w[i..i+k) as an ENAMDICT headword, whose reading must be
 * of a kind in need (0: any). 1: applied. */
static int try_whole(const rd__rules_env *env, const char *text, rd__words *w, size_t i, size_t k, unsigned need) {
  const rd__word *a = &w->v[i], *z = &w->v[i + k - 1];
  size_t len = z->off + z->len - a->off;
  rd__name_reading r[MAX_READINGS];
  size_t n = rd__names_find(env->names, text + a->off, len, r, MAX_READINGS);
  if (!n) return 0;
  /* EDICT lists it as a word: a common word ENAMDICT also has as a name
   * (住宅 すみたく) is the compounds rule's, never a name. */
  if (env->compounds && rd__compounds_find(env->compounds, text + a->off, len)) return 0;
  char *orig = joined_reading(env, w, i, k);
  if (!orig) return -1;
  unsigned mk = mecab_kind(w, i, k);
  int c = choose(r, n, orig, flag_kind(mk));
  if (c < 0 || (need && !(r[c].kinds & need))) return 0;
  /* A suffix MeCab read (花咲+港 こう) keeps its regular reading: an
   * ENAMDICT whole that reads it otherwise (はなさきみなと) is not taken;
   * a place suffix that reads two ways (町) may take either of its own. */
  if (k > 1 && z->pos && !strncmp(z->pos, "名詞,接尾", strlen("名詞,接尾")) && z->reading && *z->reading) {
    const char *alts = suffix_readings(z->surface);
    size_t zl = strlen(z->reading);
    int ends = r[c].len >= zl && !memcmp(r[c].reading + r[c].len - zl, z->reading, zl);
    for (const char *p = alts; p && !ends && *p && p[1];) {
      const char *q = strchr(p + 1, '|');
      if (!q) break;
      size_t al = (size_t)(q - p - 1);
      ends = al && r[c].len >= al && !memcmp(r[c].reading + r[c].len - al, p + 1, al);
      p = q;
    }
    if (!ends) return 0;
  }
  char *reading = rd__arena_strndup(env->scratch, r[c].reading, r[c].len);
  if (!reading) return -1;
  /* MeCab's kind where ENAMDICT's reading is of that kind, else ENAMDICT's */
  unsigned flag = mk && (r[c].kinds & flag_kind(mk)) ? mk : kind_flag(r[c].kinds);
  /* a place suffix ends it (立川市): a place whatever the pieces were */
  if (k > 1 && suffix_readings(z->surface) && (r[c].kinds & RD__NAME_PLACE)) flag = RD_TOKEN_PLACE;
  return join(env, text, w, i, k, reading, flag, "name") < 0 ? -1 : 1;
}

/* Suffixes of the places ENAMDICT builds on a stem (安平駅 あびらえき,
 * 安平橋 あびらばし), one kanji (3 bytes) each: when a stem has several
 * place readings, the one its derived places start with is the place's. */
static const char stem_suffixes[] = "駅橋川町村市区郡山島港峠湖岬浜沢谷湾線城";

/* The one reading among places[0..np) that ENAMDICT's places built on the
 * stem s[0..len) agree on (each X+駅, X+橋 ... entry votes for the stem
 * readings its readings start with), or -1 when none or several get
 * votes. At most 20 open-addressed look-ups, only for a stem with two or
 * more place readings before a place suffix. */
static int stem_agreed(const rd__names *names, const char *s, size_t len, const rd__name_reading *places, size_t np) {
  char key[NM_HEADWORD_MAX * 4 + 8];
  if (np < 2 || len + 3 > sizeof key) return -1;
  memcpy(key, s, len);
  int pick = -1;
  for (size_t k = 0; k + 3 <= sizeof stem_suffixes - 1; k += 3) {
    memcpy(key + len, stem_suffixes + k, 3);
    rd__name_reading r[MAX_READINGS];
    size_t n = rd__names_find(names, key, len + 3, r, MAX_READINGS);
    if (n > MAX_READINGS) n = MAX_READINGS;
    for (size_t c = 0; c < np; c++) {
      int hit = 0;
      for (size_t m = 0; m < n && !hit; m++)
        hit = r[m].len > places[c].len && !memcmp(r[m].reading, places[c].reading, places[c].len);
      if (!hit || pick == (int)c) continue;
      if (pick >= 0) return -1; /* the places on the stem disagree */
      pick = (int)c;
    }
  }
  return pick;
}

/* stem_agreed, memoised on the thread by the stem (its twenty look-ups
 * are asked again for every sentence with the place): the answer is kept
 * as the chosen reading's pointer into the table, NULL for none. Not for a
 * table rebuilt since it was loaded (util/strtab.h): its look-ups are. */
static int stem_agreed_memo(const rd__names *names, const char *s, size_t len, const rd__name_reading *places,
                            size_t np) {
  if (np < 2) return -1;
  int memo = !__atomic_load_n(&names->t.fresh, __ATOMIC_ACQUIRE);
  const void *v;
  if (memo && rd__edict_memo_get(&v, names->stem_id, s, len)) {
    if (!v) return -1;
    for (size_t c = 0; c < np; c++)
      if (places[c].reading == v) return (int)c;
  }
  int pick = stem_agreed(names, s, len, places, np);
  if (memo) rd__edict_memo_put(names->stem_id, s, len, pick >= 0 ? places[pick].reading : NULL);
  return pick;
}

/* NAME + place suffix (安平 + 町) where ENAMDICT has no entry for the
 * whole: the name's place reading (the one ENAMDICT's other places on the
 * stem agree on; else the only one, or none when MeCab's agrees) and the
 * suffix's reading (its only one, else MeCab's). 1: applied. */
static int try_suffix(const rd__rules_env *env, const char *text, rd__words *w, size_t i, size_t k) {
  const rd__word *a = &w->v[i], *last = &w->v[i + k - 2], *sfx = &w->v[i + k - 1];
  const char *alts = suffix_readings(sfx->surface);
  if (!alts) return 0;
  size_t len = last->off + last->len - a->off;
  rd__name_reading r[MAX_READINGS], places[MAX_READINGS];
  size_t n = rd__names_find(env->names, text + a->off, len, r, MAX_READINGS), np = 0;
  if (!n || n > MAX_READINGS) return 0;
  for (size_t m = 0; m < n; m++)
    if (r[m].kinds & RD__NAME_PLACE) places[np++] = r[m];
  char *orig = joined_reading(env, w, i, k - 1);
  if (!orig) return -1;
  /* the derived places first: they outvote MeCab's reading of the stem
   * (安平 やすひら, a surname reading; 安平駅 安平橋 read あびら) */
  int c = stem_agreed_memo(env->names, text + a->off, len, places, np);
  const char *rule = "name-stem";
  /* ... and where they agree with MeCab, MeCab's words stay as they are */
  if (c >= 0 && strlen(orig) == places[c].len && !memcmp(orig, places[c].reading, places[c].len)) return 0;
  if (c < 0) { c = choose(places, np, orig, 0); rule = "name-place"; }
  if (c < 0) return 0;
  /* the suffix: its one reading, else the one it has (MeCab's, or the 町 rule's) */
  const char *sr = sfx->reading ? sfx->reading : "";
  char one[32];
  const char *bar = strchr(alts + 1, '|');
  if (bar && bar[1] == '\0' && (size_t)(bar - alts - 1) < sizeof one) {
    memcpy(one, alts + 1, (size_t)(bar - alts - 1));
    one[bar - alts - 1] = '\0';
    sr = one;
  }
  if (!*sr) return 0;
  size_t rl = places[c].len, sl = strlen(sr);
  char *reading = rd__arena_alloc(env->scratch, rl + sl + 1);
  if (!reading) return -1;
  memcpy(reading, places[c].reading, rl);
  memcpy(reading + rl, sr, sl + 1);
  return join(env, text, w, i, k, reading, RD_TOKEN_PLACE, rule) < 0 ? -1 : 1;
}

/* Heads that make a noun a kind of person (雨男 あめおとこ, 山男 やまおとこ,
 * 年女 としおんな): IPADIC knows the common ones, and reads one it does not
 * know as a given name ending in the head's name reading (福男 ふくお). */
#define person_heads rd__person_heads /* rules_data.c */

/* Whether reading[0..rl) (hiragana) is one of KANJIDIC's on or kun
 * readings of the kanji at s, name readings (nanori) not counted: 福 ふく
 * is, 康 やす (a nanori) is not. False without KANJIDIC. */
static int ordinary_reading(const char *s, const char *reading, size_t rl) {
  uint32_t k, cps[16];
  size_t n = 0, i = 0;
  if (!rd__utf8_decode(s, 3, &k)) return 0;
  while (i < rl && n < 16) {
    size_t m = rd__utf8_decode(reading + i, rl - i, &cps[n]);
    if (!m) return 0;
    i += m;
    n++;
  }
  if (i < rl) return 0; /* longer than any kanji's reading */
  const rd__kanji_entry *e = rd__kanji_find(k);
  for (size_t q = 0; e && q < e->count; q++) {
    size_t len;
    const uint16_t *r = rd__kanji_reading(e, q, &len);
    size_t j = 0;
    while (r && j < len && j < n && r[j] == cps[j]) j++;
    if (r && len == n && j == n) return 1;
  }
  return 0;
}

/* Rule person-head: a two-kanji word MeCab takes for a given name
 * (名詞,固有名詞,人名,名), with no name before it (a surname) and no
 * person suffix after it (さん, くん, 氏), ending in a head of the table
 * read as its name reading, whose first kanji has an ordinary reading
 * (KANJIDIC's on or kun, not a nanori): the noun "a man/woman of X", the head read as
 * the noun (福男 ふくお -> ふくおとこ). Without a name's context a given
 * name is rare in news text (NHK writes さん after one). */
static int apply_person_heads(const rd__rules_env *env, rd__words *w, size_t first) {
  static const char given[] = "名詞,固有名詞,人名,名", person[] = "名詞,固有名詞,人名", sfx[] = "名詞,接尾,人名";
  for (size_t i = first; i < w->n; i++) {
    rd__word *x = &w->v[i];
    /* cheap tests first: a person to MeCab (the flag set above), two kanji
     * (6 bytes), a given name */
    if (!(x->flags & RD_TOKEN_PERSON) || x->len != 6 || !x->pos || !x->reading ||
        strncmp(x->pos, given, sizeof given - 1) ||
        (x->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE | RD_TOKEN_EDITORIAL | RD_TOKEN_UNKNOWN)) ||
        !all_kanji(x))
      continue;
    size_t h = 0, nh = rd__nperson_heads;
    while (h < nh && memcmp(x->surface + 3, person_heads[h].head, 3)) h++;
    if (h == nh) continue;
    if (i > first && w->v[i - 1].pos && !strncmp(w->v[i - 1].pos, person, sizeof person - 1)) continue;
    if (i + 1 < w->n && w->v[i + 1].pos && !strncmp(w->v[i + 1].pos, sfx, sizeof sfx - 1)) continue;
    size_t rl = strlen(x->reading), hl = strlen(person_heads[h].name_reading);
    /* the first kanji keeps MeCab's reading: at least two kana of it */
    if (rl < hl + 6 || memcmp(x->reading + rl - hl, person_heads[h].name_reading, hl)) continue;
    if (!ordinary_reading(x->surface, x->reading, rl - hl)) continue;
    size_t nl = strlen(person_heads[h].noun_reading);
    char *r = rd__arena_alloc(env->scratch, rl - hl + nl + 1);
    if (!r) return -1;
    memcpy(r, x->reading, rl - hl);
    memcpy(r + rl - hl, person_heads[h].noun_reading, nl + 1);
    x->orig_reading = x->reading;
    x->reading = r;
    x->rule = "person-head";
    /* a common noun now: no name flag, no proper-noun class */
    x->flags = (x->flags | RD_TOKEN_RULE) & ~(unsigned)RD_TOKEN_NAME_MASK;
    x->pos_class = RD_POS_NOUN;
  }
  return 0;
}

/* What the run loop asks of a word, as bits made once per word (and again
 * behind a join, which renumbers the words): the loop asks them of each
 * word up to fifteen times. */
#define NB_PIECE 1u /* name_piece */
#define NB_POU 2u   /* proper_or_unknown */
#define NB_SFX 4u   /* a place suffix */
#define NB_CONT 8u  /* ends where the next word starts */
#define NB_ONE 16u  /* one kanji (3 bytes) */

static inline __attribute__((always_inline)) unsigned char name_bits(const rd__words *w, size_t m) {
  const rd__word *x = &w->v[m];
  unsigned b = 0;
  /* cheap test first: a piece or a suffix has kanji */
  if (!(x->flags & RD_TOKEN_KANJI)) return 0;
  if (name_piece(x)) b |= NB_PIECE;
  if (proper_or_unknown(x)) b |= NB_POU;
  if (rd__word_facts(x) & RD__WF_PLACE_SUFFIX) b |= NB_SFX;
  if (m + 1 < w->n && x->off + x->len == w->v[m + 1].off) b |= NB_CONT;
  if (x->len == 3) b |= NB_ONE;
  return (unsigned char)b;
}

int rd__names_apply(const rd__rules_env *env, const char *text, rd__words *w, size_t first, uint32_t facts) {
  /* the sentence's facts (0 when the caller made none: every part runs) */
  uint32_t any = facts ? facts : ~(uint32_t)0;
  /* MeCab's own name kinds: flags only, whatever the rules (an unknown
   * word's is MeCab's guess, right for DMM as 組織; a word the rule reads
   * gets ENAMDICT's kind instead). */
  if (any & RD__WF_NAME_BITS)
    for (size_t i = first; i < w->n; i++) w->v[i].flags |= pos_name_flag(&w->v[i]);
  if (env->flags & RD_ANALYZER_NO_RULES) return 0;
  /* needs no table: MeCab's tags and the heads above */
  if ((any & RD__WF_PERSON_HEAD) && apply_person_heads(env, w, first) < 0) return -1;
  /* A run is read only where a piece is proper or unread (whole_ok, and
   * try_suffix's proper head), or ends in a place suffix (split_place);
   * a proper noun is flagged below. */
  if (!env->names || !(any & RD__WF_ALL_KANJI) || !(any & (RD__SF_NAMEISH | RD__WF_PLACE_SUFFIX))) return 0;
  unsigned char *nb = rd__arena_alloc(env->scratch, w->n - first + 1);
  if (!nb) return -1;
  for (size_t m = first; m < w->n; m++) nb[m - first] = name_bits(w, m);
  for (size_t i = first; i < w->n; i++) {
    if (!(nb[i - first] & NB_PIECE)) continue;
    /* w[i..i+k): contiguous pieces; the last may be a place suffix that a
     * rule read (町 by the prefecture). run: how many words from i are
     * pieces ending where the next starts, so k <= run + 1; head[t]:
     * whether one of the first t is proper or unknown. */
    size_t avail = w->n - i, kmax = avail < MAX_RUN + 1 ? avail : MAX_RUN + 1, run = 0;
    int head[MAX_RUN + 1] = {0};
    while (run + 1 < kmax && (nb[i + run - first] & (NB_PIECE | NB_CONT)) == (NB_PIECE | NB_CONT)) {
      head[run + 1] = head[run] | ((nb[i + run - first] & NB_POU) != 0);
      run++;
    }
    if (kmax > run + 1) kmax = run + 1;
    for (size_t k = kmax; k >= 1; k--) {
      int proper_head = head[k - 1];
      const rd__word *z = &w->v[i + k - 1];
      unsigned zb = nb[i + k - 1 - first];
      int is_sfx = k > 1 && (zb & NB_SFX);
      int z_piece = (zb & NB_PIECE) != 0;
      int last_ok = z_piece || is_sfx, proper_last = z_piece && (zb & NB_POU);
      int got = 0;
      /* One word MeCab knows keeps its reading: its dictionary's proper
       * nouns (大神神社 おおみわじんじゃ) beat ENAMDICT's noise. A run it
       * split, or a word it could not read, is ENAMDICT's to read. */
      int whole_ok = k > 1 ? (proper_head || proper_last) : (proper_last && !(z->reading && *z->reading));
      /* A place MeCab cut into single kanji it read as common nouns
       * (首|里|城): three or more one-kanji words ending in a place
       * suffix, read as ENAMDICT's place (try_whole checks the kind). */
      int split_place = 0;
      if (!whole_ok && k >= 3 && is_sfx) {
        split_place = 1;
        for (size_t m = i; m < i + k && split_place; m++)
          split_place = (nb[m - first] & (NB_ONE | NB_PIECE)) == (NB_ONE | NB_PIECE);
      }
      whole_ok |= split_place;
      if (last_ok && k <= MAX_RUN && whole_ok) got = try_whole(env, text, w, i, k, split_place ? RD__NAME_PLACE : 0);
      if (!got && is_sfx && proper_head) got = try_suffix(env, text, w, i, k);
      if (got < 0) return -1;
      if (got) {
        for (size_t m = i; m < w->n; m++) nb[m - first] = name_bits(w, m);
        break;
      }
    }
    /* A name MeCab read as ENAMDICT does, of a kind only ENAMDICT knows
     * (名詞,固有名詞,一般): flag it. */
    rd__word *x = &w->v[i];
    if (!(x->flags & RD_TOKEN_NAME_MASK) && x->pos_class == RD_POS_PROPER_NOUN && name_piece(x)) {
      rd__name_reading r[MAX_READINGS];
      size_t n = rd__names_find(env->names, x->surface, x->len, r, MAX_READINGS);
      for (size_t m = 0; m < n && m < MAX_READINGS; m++)
        if (x->reading && strlen(x->reading) == r[m].len && !memcmp(x->reading, r[m].reading, r[m].len))
          x->flags |= kind_flag(r[m].kinds);
    }
  }
  return 0;
}
