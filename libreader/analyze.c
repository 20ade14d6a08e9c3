/* The analyzer: one MeCab model shared by all threads (each annotate call
 * makes its own tagger + lattice), dictionary detection, and annotation:
 * sentence text -> morphs -> words (fields split by the detected layout,
 * readings in hiragana) -> rules -> interned tokens in one flat array.
 * Workers parse ranges of sentences into private pools; the merge into
 * the document (interning, token array) is single-threaded. */
#define _XOPEN_SOURCE 700 /* strdup, strndup, strcasecmp, realpath */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include <mecab.h>

#include "analyze_internal.h"
#include "kana_internal.h"
#include "reader/align.h"
#include <strings.h>

struct rd_analyzer {
  mecab_model_t *model; /* NULL for the stub backend */
  rd__layout layout;
  unsigned flags;
  rd__overrides *overrides;
  rd__compounds *compounds;
  char *dicdir;
  char version[512];
};

/* ---- pool ------------------------------------------------------------------ */

struct rd__pool_block {
  rd__pool_block *next;
  size_t size, used;
  _Alignas(16) unsigned char data[];
};

#define RD__POOL_BLOCK (64u * 1024u)

void rd__pool_reset(rd__pool *p) {
  for (rd__pool_block *b = p->head; b; b = b->next) b->used = 0;
  p->cur = p->head;
}

void rd__pool_dispose(rd__pool *p) {
  rd__pool_block *b = p->head;
  while (b) {
    rd__pool_block *n = b->next;
    free(b);
    b = n;
  }
  p->head = p->cur = NULL;
}

void *rd__pool_alloc(rd__pool *p, size_t size) {
  size_t need = (size + 7u) & ~(size_t)7u;
  /* Blocks are kept across resets and reused in order, so a steady state
   * allocates nothing. */
  while (p->cur && p->cur->size - p->cur->used < need) {
    if (!p->cur->next) break;
    p->cur = p->cur->next;
  }
  if (!p->cur || p->cur->size - p->cur->used < need) {
    size_t sz = need > RD__POOL_BLOCK ? need : RD__POOL_BLOCK;
    rd__pool_block *b = malloc(sizeof *b + sz);
    if (!b) return NULL;
    b->size = sz;
    b->used = 0;
    b->next = NULL;
    if (p->cur) p->cur->next = b; else p->head = b;
    p->cur = b;
  }
  void *r = p->cur->data + p->cur->used;
  p->cur->used += need;
  return r;
}

char *rd__pool_strndup(rd__pool *p, const char *s, size_t len) {
  char *r = rd__pool_alloc(p, len + 1);
  if (!r) return NULL;
  if (len) memcpy(r, s, len);
  r[len] = '\0';
  return r;
}

int rd__words_reserve(rd__words *w, size_t extra) {
  if (w->n + extra <= w->cap) return 0;
  size_t cap = w->cap ? w->cap : 64;
  while (cap < w->n + extra) cap *= 2;
  rd__word *v = realloc(w->v, cap * sizeof *v);
  if (!v) return -1;
  w->v = v;
  w->cap = cap;
  return 0;
}

static int morphs_push(rd__morphs *m, rd__morph x) {
  if (m->n == m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    rd__morph *v = realloc(m->v, cap * sizeof *v);
    if (!v) return -1;
    m->v = v;
    m->cap = cap;
  }
  m->v[m->n++] = x;
  return 0;
}

char *rd__to_hiragana(rd__pool *p, const char *s, size_t len) {
  char *r = rd__pool_strndup(p, s, len);
  if (!r) return NULL;
  /* Katakana ァ..ヴ (U+30A1..U+30F4) are E3 82 A1..E3 83 B4; hiragana is
   * 0x60 lower. ヵ/ヶ stay (they are counters, not kana). 0xE3 is never a
   * continuation byte, so a byte scan is safe. */
  for (size_t i = 0; i + 2 < len; i++) {
    if ((unsigned char)r[i] != 0xE3) continue;
    unsigned char b = (unsigned char)r[i + 1], c = (unsigned char)r[i + 2];
    uint32_t cp = 0x3000u | ((uint32_t)(b & 0x3F) << 6) | (c & 0x3F);
    if (cp >= 0x30A1 && cp <= 0x30F4) {
      char enc[4];
      rd__utf8_encode(cp - 0x60, enc);
      memcpy(r + i, enc, 3);
    }
    i += 2;
  }
  return r;
}

/* ---- dictionary resolution --------------------------------------------- */

static int readable_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  fclose(f);
  return 1;
}

/* The mecabrc MeCab itself would read: $MECABRC, ~/.mecabrc, /etc/mecabrc. */
static const char *find_mecabrc(char *buf, size_t size) {
  const char *env = getenv("MECABRC");
  if (env && *env && readable_file(env)) return env;
  const char *home = getenv("HOME");
  if (home && *home) {
    snprintf(buf, size, "%s/.mecabrc", home);
    if (readable_file(buf)) return buf;
  }
  if (readable_file("/etc/mecabrc")) return "/etc/mecabrc";
  if (readable_file("/usr/local/etc/mecabrc")) return "/usr/local/etc/mecabrc";
  return NULL;
}

/* The value of "dicdir = ..." in a mecabrc, with $(rcpath) expanded. */
static char *rc_dicdir(const char *rc) {
  FILE *f = fopen(rc, "r");
  if (!f) return NULL;
  char line[4096];
  char *found = NULL;
  while (!found && fgets(line, sizeof line, f)) {
    char *s = line;
    while (*s == ' ' || *s == '\t') s++;
    if (*s == ';' || *s == '#' || strncmp(s, "dicdir", 6)) continue;
    s += 6;
    while (*s == ' ' || *s == '\t') s++;
    if (*s != '=') continue;
    s++;
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strcspn(s, "\r\n");
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) n--;
    s[n] = '\0';
    const char *rp = strstr(s, "$(rcpath)");
    if (rp) {
      const char *slash = strrchr(rc, '/');
      size_t dl = slash ? (size_t)(slash - rc) : 1;
      const char *dir = slash ? rc : ".";
      size_t total = (size_t)(rp - s) + dl + strlen(rp + 9) + 1;
      found = malloc(total);
      if (found) snprintf(found, total, "%.*s%.*s%s", (int)(rp - s), s, (int)dl, dir, rp + 9);
    } else {
      found = strdup(s);
    }
  }
  fclose(f);
  return found;
}

static rd_status missing_dictionary(const char *dir, const char *why) {
  return rd__error(RD_EANALYZER, -1, 0,
                   "MeCab dictionary %s: %s; install the Debian package mecab-ipadic-utf8 "
                   "(apt-get install mecab-ipadic-utf8) or pass another dictionary directory",
                   dir, why);
}

/* ---- feature fields ---------------------------------------------------------- */

#define MAX_FIELDS 40

typedef struct field {
  const char *s;
  size_t len;
} field;

/* Split a CSV feature string; UniDic quotes fields that hold commas. */
static size_t split_fields(const char *f, size_t len, field *out) {
  size_t n = 0, i = 0;
  while (n < MAX_FIELDS) {
    if (i < len && f[i] == '"') {
      size_t a = ++i;
      while (i < len && !(f[i] == '"' && (i + 1 == len || f[i + 1] == ','))) i++;
      out[n].s = f + a;
      out[n].len = i - a;
      n++;
      if (i < len) i++; /* closing quote */
    } else {
      size_t a = i;
      while (i < len && f[i] != ',') i++;
      out[n].s = f + a;
      out[n].len = i - a;
      n++;
    }
    if (i >= len) break;
    i++; /* comma */
  }
  return n;
}

static int absent(const field *f) { return f->len == 0 || (f->len == 1 && f->s[0] == '*'); }

/* Coarse classes by POS prefix, for every supported dictionary; the longest
 * matching prefix wins. */
static const struct { const char *prefix; rd_pos pos; } pos_table[] = {
  {"名詞", RD_POS_NOUN}, {"名詞,固有名詞", RD_POS_PROPER_NOUN}, {"名詞,代名詞", RD_POS_PRONOUN},
  {"名詞,数", RD_POS_NUMBER}, {"名詞,形容動詞語幹", RD_POS_ADJECTIVAL_NOUN}, {"名詞,接尾", RD_POS_SUFFIX},
  {"名詞,人名", RD_POS_PROPER_NOUN}, {"名詞,地名", RD_POS_PROPER_NOUN}, {"名詞,組織名", RD_POS_PROPER_NOUN},
  {"代名詞", RD_POS_PRONOUN}, {"指示詞", RD_POS_PRONOUN}, {"動詞", RD_POS_VERB}, {"形容詞", RD_POS_ADJECTIVE},
  {"形状詞", RD_POS_ADJECTIVAL_NOUN}, {"副詞", RD_POS_ADVERB}, {"連体詞", RD_POS_ADNOMINAL},
  {"接続詞", RD_POS_CONJUNCTION}, {"感動詞", RD_POS_INTERJECTION}, {"フィラー", RD_POS_INTERJECTION},
  {"助詞", RD_POS_PARTICLE}, {"助動詞", RD_POS_AUXILIARY}, {"判定詞", RD_POS_AUXILIARY},
  {"接頭詞", RD_POS_PREFIX}, {"接頭辞", RD_POS_PREFIX}, {"接尾辞", RD_POS_SUFFIX},
  {"記号", RD_POS_SYMBOL}, {"補助記号", RD_POS_SYMBOL}, {"特殊", RD_POS_SYMBOL},
  {"記号,空白", RD_POS_WHITESPACE}, {"空白", RD_POS_WHITESPACE}, {"特殊,空白", RD_POS_WHITESPACE},
};

static rd_pos pos_class_of(const char *pos) {
  rd_pos best = RD_POS_OTHER;
  size_t bestlen = 0;
  for (size_t i = 0; i < sizeof pos_table / sizeof *pos_table; i++) {
    if (pos_table[i].prefix[0] != pos[0] || pos_table[i].prefix[1] != pos[1] || pos_table[i].prefix[2] != pos[2])
      continue; /* first character differs (all prefixes are >= 3 bytes) */
    size_t n = strlen(pos_table[i].prefix);
    if (n > bestlen && !strncmp(pos, pos_table[i].prefix, n) && (pos[n] == '\0' || pos[n] == ',')) {
      best = pos_table[i].pos;
      bestlen = n;
    }
  }
  return best;
}

/* Join fields [a, b) with commas, dropping trailing "*" fields. */
static const char *join_fields(rd__pool *p, const field *f, size_t nf, size_t a, size_t b) {
  if (b > nf) b = nf;
  while (b > a && absent(&f[b - 1])) b--;
  size_t total = 0;
  for (size_t i = a; i < b; i++) total += f[i].len + 1;
  char *r = rd__pool_alloc(p, total + 1);
  if (!r) return NULL;
  size_t k = 0;
  for (size_t i = a; i < b; i++) {
    if (i > a) r[k++] = ',';
    memcpy(r + k, f[i].s, f[i].len);
    k += f[i].len;
  }
  r[k] = '\0';
  return r;
}

static unsigned script_flags(const char *s, size_t len, int *all_digits, int *all_kana, int *all_symbol) {
  unsigned fl = 0;
  *all_digits = *all_kana = *all_symbol = len > 0;
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(s + i, len - i, &cp);
    if (!k) { k = 1; cp = 0xFFFD; }
    i += k;
    int kanji = rd__is_kanji(cp), kana = rd__is_hiragana(cp) || rd__is_katakana(cp);
    int digit = rd__is_digit(cp);
    int latin = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xFF21 && cp <= 0xFF3A) ||
                (cp >= 0xFF41 && cp <= 0xFF5A);
    if (kanji) fl |= RD_TOKEN_KANJI;
    if (latin) fl |= RD_TOKEN_LATIN;
    if (!digit && cp != ',' && cp != '.' && cp != 0xFF0C && cp != 0xFF0E) *all_digits = 0;
    if (!kana) *all_kana = 0;
    if (kanji || kana || digit || latin) *all_symbol = 0;
  }
  return fl;
}

/* Fill a word from a morph according to the dictionary layout. */
static int word_from_morph(rd__pool *p, rd__layout layout, const char *text, const rd__morph *m, rd__word *w) {
  memset(w, 0, sizeof *w);
  w->off = m->off;
  w->len = m->len;
  const char *surf = text + m->off;
  if (!(w->surface = rd__pool_strndup(p, surf, m->len))) return -1;
  field f[MAX_FIELDS];
  size_t nf = split_fields(m->feature, m->feature_len, f);
  const field *lemma = NULL, *reading = NULL, *pron = NULL;
  size_t pos_end = 4, infl_a = 4, infl_b = 6;
  switch (layout) {
  case RD__LAYOUT_IPADIC:
  case RD__LAYOUT_STUB:
    if (nf > 6) lemma = &f[6];
    if (nf > 7) reading = &f[7];
    if (nf > 8) pron = &f[8];
    break;
  case RD__LAYOUT_UNIDIC:
    if (nf > 7) lemma = &f[7];
    if (nf > 9) reading = pron = &f[9];
    break;
  case RD__LAYOUT_UNIDIC3:
    if (nf > 7) lemma = &f[7];
    if (nf > 9) pron = &f[9];
    if (nf > 20) reading = &f[20];
    break;
  case RD__LAYOUT_JUMAN:
    pos_end = 2;
    infl_a = 2;
    infl_b = 4;
    if (nf > 4) lemma = &f[4];
    if (nf > 5) reading = &f[5];
    break;
  }
  w->pos = join_fields(p, f, nf, 0, pos_end);
  w->infl = (nf > infl_a && !absent(&f[infl_a])) ? join_fields(p, f, nf, infl_a, infl_b) : NULL;
  if (!w->pos) return -1;
  if (lemma && !absent(lemma)) {
    size_t ll = lemma->len;
    if (layout == RD__LAYOUT_UNIDIC || layout == RD__LAYOUT_UNIDIC3) {
      /* UniDic lemmas carry a sub-lemma after '-' (ビット-bit). */
      const char *dash = memchr(lemma->s, '-', ll);
      if (dash && dash != lemma->s) ll = (size_t)(dash - lemma->s);
    }
    w->lemma = rd__pool_strndup(p, lemma->s, ll);
  } else {
    w->lemma = w->surface;
  }
  if (!w->lemma) return -1;
  w->pos_class = pos_class_of(w->pos);
  int all_digits, all_kana, all_symbol;
  w->flags = script_flags(surf, m->len, &all_digits, &all_kana, &all_symbol);
  if (all_digits || w->pos_class == RD_POS_NUMBER) w->flags |= RD_TOKEN_NUMBER;
  if (w->pos_class == RD_POS_SYMBOL || all_symbol) w->flags |= RD_TOKEN_SYMBOL;
  if (m->unknown) w->flags |= RD_TOKEN_UNKNOWN;
  if (pron && !absent(pron) && !(w->pron = rd__pool_strndup(p, pron->s, pron->len))) return -1;
  if (w->flags & RD_TOKEN_SYMBOL) {
    w->reading = "";
  } else if (reading && !absent(reading)) {
    if (!(w->reading = rd__to_hiragana(p, reading->s, reading->len))) return -1;
  } else if (all_kana) {
    if (!(w->reading = rd__to_hiragana(p, surf, m->len))) return -1;
  } else if (w->flags & RD_TOKEN_KANJI) {
    w->reading = NULL; /* never invent a reading for an unknown kanji word */
    w->flags |= RD_TOKEN_UNKNOWN;
  } else {
    w->reading = ""; /* digits, Latin: no kana reading */
  }
  return 0;
}

/* ---- furigana -------------------------------------------------------------------- */

/* Ruby from the aligner, allocated in the worker's arena: no malloc per
 * token, and the segments live until the merge has interned them. */
static int ruby_for(rd__arena *arena, rd__pool *p, rd__word *w) {
  w->ruby = NULL;
  w->ruby_count = 0;
  if (!w->reading || !*w->reading || !(w->flags & RD_TOKEN_KANJI)) return 0;
  if (w->whole_ruby) {
    rd_ruby *r = rd__pool_alloc(p, sizeof *r);
    if (!r) return -1;
    r->version = RD_RUBY_VERSION;
    r->start = 0;
    r->len = w->len;
    r->reading = w->reading;
    r->reading_len = strlen(w->reading);
    w->ruby = r;
    w->ruby_count = 1;
    return 0;
  }
  rd_ruby *segs = NULL;
  size_t n = 0;
  rd_status st = rd__align(&segs, &n, w->surface, w->len, w->reading, strlen(w->reading), RD_ALIGN_PER_KANJI, arena);
  if (st == RD_ENOMEM) return -1;
  if (st < 0) {
    /* The dictionary's reading does not fit the surface's kana (rare):
     * keep the reading, show no ruby rather than a wrong one. */
    rd_error_clear();
    return 0;
  }
  w->ruby = segs;
  w->ruby_count = n;
  return 0;
}

/* ---- analyzer lifetime --------------------------------------------------------- */

static rd_status detect_layout(rd_analyzer *an) {
  mecab_t *tg = mecab_model_new_tagger(an->model);
  mecab_lattice_t *lat = mecab_model_new_lattice(an->model);
  rd_status st = RD_OK;
  if (!tg || !lat) { st = rd__error(RD_EANALYZER, -1, 0, "MeCab: cannot create a tagger: %s", mecab_strerror(NULL)); goto done; }
  const char *probe = "東京で見た";
  mecab_lattice_set_sentence(lat, probe);
  if (!mecab_parse_lattice(tg, lat)) {
    st = rd__error(RD_EANALYZER, -1, 0, "MeCab: probe parse failed: %s", mecab_lattice_strerror(lat));
    goto done;
  }
  size_t best = 0;
  const char *feat = "";
  for (const mecab_node_t *n = mecab_lattice_get_bos_node(lat); n; n = n->next) {
    if (n->stat != MECAB_NOR_NODE) continue;
    field f[MAX_FIELDS];
    size_t nf = split_fields(n->feature, strlen(n->feature), f);
    if (nf > best) { best = nf; feat = n->feature; }
  }
  if (best >= 26) an->layout = RD__LAYOUT_UNIDIC3;
  else if (best >= 17) an->layout = RD__LAYOUT_UNIDIC;
  else if (best >= 9) an->layout = RD__LAYOUT_IPADIC;
  else if (best == 7) an->layout = RD__LAYOUT_JUMAN;
  else st = rd__error(RD_EANALYZER, -1, 0, "MeCab dictionary %s: unknown feature layout (%zu fields: \"%s\")",
                      an->dicdir, best, feat);
done:
  if (lat) mecab_lattice_destroy(lat);
  if (tg) mecab_destroy(tg);
  return st;
}

static rd_status load_mecab(rd_analyzer *an, const rd_analyzer_options *o) {
  char rcbuf[4096];
  const char *rc = find_mecabrc(rcbuf, sizeof rcbuf);
  if (o->dictionary) {
    an->dicdir = strdup(o->dictionary);
  } else {
    if (!rc)
      return missing_dictionary("(none)", "no mecabrc names one ($MECABRC, ~/.mecabrc, /etc/mecabrc)");
    an->dicdir = rc_dicdir(rc);
    if (!an->dicdir)
      return rd__error(RD_EANALYZER, -1, 0, "%s names no dicdir; install mecab-ipadic-utf8 or pass a dictionary directory", rc);
  }
  if (!an->dicdir) return rd__oom();
  struct stat sb;
  if (stat(an->dicdir, &sb) != 0) return missing_dictionary(an->dicdir, strerror(errno));
  if (!S_ISDIR(sb.st_mode)) return missing_dictionary(an->dicdir, "not a directory");
  char path[4096];
  snprintf(path, sizeof path, "%s/sys.dic", an->dicdir);
  if (!readable_file(path)) return missing_dictionary(an->dicdir, "no readable sys.dic in it");
  if (o->user_dictionary && !readable_file(o->user_dictionary))
    return rd__error(RD_EANALYZER, -1, 0, "user dictionary %s: cannot open: %s", o->user_dictionary, strerror(errno));
  /* An explicit rc and dicdir: MeCab then reads exactly what we checked.
   * Without a mecabrc, an empty one will do. */
  char *argv[8];
  int argc = 0;
  argv[argc++] = (char *)"mecab";
  argv[argc++] = (char *)"-r";
  argv[argc++] = (char *)(rc ? rc : "/dev/null");
  argv[argc++] = (char *)"-d";
  argv[argc++] = an->dicdir;
  if (o->user_dictionary) {
    argv[argc++] = (char *)"-u";
    argv[argc++] = (char *)o->user_dictionary;
  }
  argv[argc] = NULL;
  an->model = mecab_model_new(argc, argv);
  if (!an->model)
    return rd__error(RD_EANALYZER, -1, 0, "MeCab cannot load dictionary %s: %s (Debian: install mecab-ipadic-utf8)",
                     an->dicdir, mecab_strerror(NULL));
  const mecab_dictionary_info_t *info = mecab_model_dictionary_info(an->model);
  for (const mecab_dictionary_info_t *d = info; d; d = d->next) {
    const char *cs = d->charset ? d->charset : "";
    if (strcasecmp(cs, "utf-8") && strcasecmp(cs, "utf8"))
      return rd__error(RD_EANALYZER, -1, 0,
                       "MeCab dictionary %s is encoded in %s; libreader needs a UTF-8 dictionary "
                       "(Debian: mecab-ipadic-utf8)", d->filename ? d->filename : an->dicdir, cs);
  }
  /* The directory's real name (Debian: debian -> ipadic-utf8), not its
   * path, so that golden files agree between machines. */
  char *real = realpath(an->dicdir, NULL);
  const char *base = real ? real : an->dicdir;
  const char *slash = strrchr(base, '/');
  if (slash && slash[1]) base = slash + 1;
  snprintf(an->version, sizeof an->version, "%s v%u, %u entries", base, info ? info->version : 0u,
           info ? info->size : 0u);
  free(real);
  return detect_layout(an);
}

rd_status rd_analyzer_new(rd_analyzer **out, const rd_analyzer_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_analyzer_new: out is NULL");
  *out = NULL;
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  if (opts) {
    if (opts->version != RD_ANALYZER_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_analyzer_options: unsupported version %u", opts->version);
    o = *opts;
  }
  rd_analyzer *an = calloc(1, sizeof *an);
  if (!an) return rd__oom();
  an->flags = o.flags;
  rd_status st = RD_OK;
  if (o.flags & RD_ANALYZER_STUB) {
    an->layout = RD__LAYOUT_STUB;
    snprintf(an->version, sizeof an->version, "stub");
  } else {
    st = load_mecab(an, &o);
  }
  if (st >= 0 && o.overrides) st = rd__overrides_load(&an->overrides, o.overrides);
  if (st >= 0 && o.compounds) st = rd__compounds_load(&an->compounds, o.compounds);
  if (st < 0) { rd_analyzer_free(an); return st; }
  *out = an;
  return RD_OK;
}

void rd_analyzer_free(rd_analyzer *an) {
  if (!an) return;
  if (an->model) mecab_model_destroy(an->model);
  rd__overrides_free(an->overrides);
  rd__compounds_free(an->compounds);
  free(an->dicdir);
  free(an);
}

const char *rd_analyzer_dictionary_name(const rd_analyzer *an) {
  if (!an) return NULL;
  switch (an->layout) {
  case RD__LAYOUT_IPADIC: return "ipadic";
  case RD__LAYOUT_UNIDIC:
  case RD__LAYOUT_UNIDIC3: return "unidic";
  case RD__LAYOUT_JUMAN: return "juman";
  case RD__LAYOUT_STUB: return "stub";
  }
  return "unknown";
}

const char *rd_analyzer_dictionary_version(const rd_analyzer *an) { return an ? an->version : NULL; }

/* ---- annotation ---------------------------------------------------------------- */

/* A distinct word of a worker's range: its lex record (strings in the
 * worker's pool, ruby in its arena) and what else decides its ruby. */
typedef struct wlex {
  rd__lex lex;
  int whole_ruby;
  uint64_t hash;
} wlex;

/* A word as built from one (feature string, surface, unknown) triple:
 * words repeat, so each is split and copied once per worker. The key is
 * hashed by the feature's address (MeCab's features live in the dictionary)
 * but compared by content, so a reused buffer can never match wrongly. */
typedef struct wcache {
  const char *feature; /* pool copy */
  size_t feature_len;
  uint64_t hash;
  int unknown;
  rd__word w;          /* strings in the worker's pool; off unused */
  int64_t lex;         /* its wlex when the rules leave it as built; -1 not yet */
} wcache;

/* One token of a worker's range: bytes in its sentence text, and its wlex. */
typedef struct wtok {
  uint32_t off, len, lex;
} wtok;

typedef struct worker {
  const rd_analyzer *an;
  rd_doc *doc;
  size_t first, last;  /* sentence range */
  rd__pool pool;       /* strings of the distinct words (wlex, wcache) */
  rd__pool scratch;    /* strings the rules make for the current sentence */
  rd__arena arena;     /* ruby segments of the distinct words */
  rd__words words;     /* words of the current sentence */
  wlex *lexes;         /* distinct words, in order of first use */
  size_t nlex, caplex;
  uint32_t *slots;     /* open-addressing index into lexes (+1; 0 = empty) */
  size_t capslots;
  wtok *toks;          /* tokens of the range, in order */
  size_t ntoks, captoks;
  size_t *counts;      /* words per sentence */
  wcache *cache;       /* words built from features, in order of first use */
  size_t ncache, capcache;
  uint32_t *cslots;    /* open-addressing index into cache (+1; 0 = empty) */
  size_t capcslots;
  rd__morphs morphs;
  size_t *edges;       /* Latin/Japanese edges of the current sentence */
  size_t nedges, capedges;
  rd_status st;
  char err[512];       /* error message of a failed worker thread */
  int64_t err_off;
} worker;

/* ---- worker-local interning ---------------------------------------------------
 * Words repeat (a token per two characters, a few thousand distinct words
 * per article), so each worker keeps one record per distinct word: the
 * ruby is aligned once per word, a token costs 12 bytes until the merge,
 * and the single-threaded merge interns distinct words, not tokens. */

static uint64_t wlex_hash_str(const char *s, uint64_t h) {
  if (!s) return (h ^ 0xFFu) * 1099511628211ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return (h ^ 0xFEu) * 1099511628211ull; /* terminator: "ab","c" differs from "a","bc" */
}

static uint64_t wlex_hash(const rd__word *w) {
  uint64_t h = 1469598103934665603ull;
  h = wlex_hash_str(w->surface, h);
  h = wlex_hash_str(w->lemma, h);
  h = wlex_hash_str(w->pos, h);
  h = wlex_hash_str(w->infl, h);
  h = wlex_hash_str(w->reading, h);
  h = wlex_hash_str(w->pron, h);
  h = wlex_hash_str(w->orig_reading, h);
  h = wlex_hash_str(w->rule, h);
  h ^= ((uint64_t)w->flags << 8) ^ ((uint64_t)w->pos_class << 40) ^ ((uint64_t)(w->whole_ruby != 0) << 60);
  return h * 1099511628211ull;
}

static int same_str(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static int wlex_matches(const wlex *l, const rd__word *w, uint64_t h) {
  return l->hash == h && l->lex.flags == w->flags && l->lex.pos_class == w->pos_class &&
         l->whole_ruby == (w->whole_ruby != 0) && same_str(l->lex.surface, w->surface) &&
         same_str(l->lex.lemma, w->lemma) && same_str(l->lex.pos, w->pos) && same_str(l->lex.infl, w->infl) &&
         same_str(l->lex.reading, w->reading) && same_str(l->lex.pron, w->pron) &&
         same_str(l->lex.orig_reading, w->orig_reading) && same_str(l->lex.rule, w->rule);
}

static const char *keep_str(rd__pool *p, const char *s, int *oom) {
  if (!s) return NULL;
  char *c = rd__pool_strndup(p, s, strlen(s));
  if (!c) *oom = 1;
  return c;
}

static int ruby_for(rd__arena *arena, rd__pool *p, rd__word *w);

/* Double an open-addressing slot table (1-based indexes into `recs`, an
 * array of n records of `stride` bytes with a uint64_t hash at `hash_off`). */
static int grow_slots(uint32_t **slots, size_t *cap, const void *recs, size_t stride, size_t hash_off, size_t n) {
  size_t ncap = *cap ? *cap * 2 : 4096;
  uint32_t *t = calloc(ncap, sizeof *t);
  if (!t) return -1;
  for (size_t i = 0; i < n; i++) {
    uint64_t h;
    memcpy(&h, (const char *)recs + i * stride + hash_off, sizeof h);
    size_t j = h & (ncap - 1);
    while (t[j]) j = (j + 1) & (ncap - 1);
    t[j] = (uint32_t)i + 1;
  }
  free(*slots);
  *slots = t;
  *cap = ncap;
  return 0;
}

/* The index of w's distinct word, adding it (strings kept, ruby aligned)
 * if new; -1 on OOM. */
static int64_t wlex_of(worker *wk, rd__word *w) {
  uint64_t h = wlex_hash(w);
  if ((wk->nlex + 1) * 2 > wk->capslots &&
      grow_slots(&wk->slots, &wk->capslots, wk->lexes, sizeof *wk->lexes, offsetof(wlex, hash), wk->nlex) < 0)
    return -1;
  size_t j = h & (wk->capslots - 1);
  while (wk->slots[j]) {
    const wlex *l = &wk->lexes[wk->slots[j] - 1];
    if (wlex_matches(l, w, h)) return wk->slots[j] - 1;
    j = (j + 1) & (wk->capslots - 1);
  }
  if (wk->nlex == wk->caplex) {
    size_t cap = wk->caplex ? wk->caplex * 2 : 1024;
    wlex *v = realloc(wk->lexes, cap * sizeof *v);
    if (!v) return -1;
    wk->lexes = v;
    wk->caplex = cap;
  }
  /* Keep the strings beyond this sentence, then align the kept copies. */
  int oom = 0;
  rd__word k = *w;
  k.surface = keep_str(&wk->pool, w->surface, &oom);
  k.lemma = keep_str(&wk->pool, w->lemma, &oom);
  k.pos = keep_str(&wk->pool, w->pos, &oom);
  k.infl = keep_str(&wk->pool, w->infl, &oom);
  k.reading = keep_str(&wk->pool, w->reading, &oom);
  k.pron = keep_str(&wk->pool, w->pron, &oom);
  k.orig_reading = keep_str(&wk->pool, w->orig_reading, &oom);
  k.rule = keep_str(&wk->pool, w->rule, &oom);
  if (oom || ruby_for(&wk->arena, &wk->pool, &k) < 0) return -1;
  wlex *l = &wk->lexes[wk->nlex];
  rd__lex lex = {0};
  lex.surface = k.surface; lex.lemma = k.lemma; lex.pos = k.pos; lex.infl = k.infl;
  lex.reading = k.reading; lex.pron = k.pron; lex.orig_reading = k.orig_reading; lex.rule = k.rule;
  lex.flags = k.flags; lex.pos_class = k.pos_class; lex.ruby = k.ruby; lex.ruby_count = k.ruby_count;
  l->lex = lex;
  l->whole_ruby = k.whole_ruby != 0;
  l->hash = h;
  wk->slots[j] = (uint32_t)wk->nlex + 1;
  return (int64_t)wk->nlex++;
}

static int wtok_push(worker *wk, const rd__word *w, uint32_t lex) {
  if (wk->ntoks == wk->captoks) {
    size_t cap = wk->captoks ? wk->captoks * 2 : 4096;
    wtok *v = realloc(wk->toks, cap * sizeof *v);
    if (!v) return -1;
    wk->toks = v;
    wk->captoks = cap;
  }
  wtok t = {(uint32_t)w->off, (uint32_t)w->len, lex};
  wk->toks[wk->ntoks++] = t;
  return 0;
}

/* The word of morph m (text: its sentence), from the cache or built and
 * cached; out->cached names the entry. -1 on OOM. */
static int word_cached(worker *wk, const char *text, const rd__morph *m, rd__word *out) {
  const unsigned char *surf = (const unsigned char *)text + m->off;
  uint64_t h = (uint64_t)(uintptr_t)m->feature * 0x9E3779B97F4A7C15ull;
  for (size_t i = 0; i < m->len; i++) h = (h ^ surf[i]) * 1099511628211ull;
  h = (h ^ (uint64_t)(m->unknown != 0)) * 1099511628211ull;
  if ((wk->ncache + 1) * 2 > wk->capcslots &&
      grow_slots(&wk->cslots, &wk->capcslots, wk->cache, sizeof *wk->cache, offsetof(wcache, hash), wk->ncache) < 0)
    return -1;
  size_t j = h & (wk->capcslots - 1);
  while (wk->cslots[j]) {
    const wcache *e = &wk->cache[wk->cslots[j] - 1];
    if (e->hash == h && e->w.len == m->len && e->unknown == (m->unknown != 0) && e->feature_len == m->feature_len &&
        !memcmp(e->w.surface, surf, m->len) && !memcmp(e->feature, m->feature, m->feature_len)) {
      *out = e->w;
      out->off = m->off;
      out->cached = wk->cslots[j];
      return 0;
    }
    j = (j + 1) & (wk->capcslots - 1);
  }
  if (wk->ncache == wk->capcache) {
    size_t cap = wk->capcache ? wk->capcache * 2 : 1024;
    wcache *v = realloc(wk->cache, cap * sizeof *v);
    if (!v) return -1;
    wk->cache = v;
    wk->capcache = cap;
  }
  wcache *e = &wk->cache[wk->ncache];
  if (!(e->feature = rd__pool_strndup(&wk->pool, m->feature, m->feature_len))) return -1;
  if (word_from_morph(&wk->pool, wk->an->layout, text, m, &e->w) < 0) return -1;
  e->feature_len = m->feature_len;
  e->hash = h;
  e->unknown = m->unknown != 0;
  e->lex = -1;
  wk->cslots[j] = (uint32_t)wk->ncache + 1;
  *out = e->w;
  out->cached = (uint32_t)++wk->ncache;
  return 0;
}

/* Whether the rules left w as its cache entry built it (same strings,
 * by address: cached strings are never written). */
static int same_word(const rd__word *a, const rd__word *b) {
  return a->len == b->len && a->surface == b->surface && a->lemma == b->lemma && a->pos == b->pos &&
         a->infl == b->infl && a->reading == b->reading && a->pron == b->pron &&
         a->orig_reading == b->orig_reading && a->rule == b->rule && a->flags == b->flags &&
         a->pos_class == b->pos_class && (a->whole_ruby != 0) == (b->whole_ruby != 0);
}

/* The wlex of word w: the cached one when the rules left it unchanged. */
static int64_t lex_of_word(worker *wk, rd__word *w) {
  wcache *e = w->cached ? &wk->cache[w->cached - 1] : NULL;
  if (e && e->lex >= 0 && same_word(&e->w, w)) return e->lex;
  int64_t lex = wlex_of(wk, w);
  if (e && lex >= 0 && same_word(&e->w, w)) e->lex = lex;
  return lex;
}

static int is_latin(uint32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xFF21 && cp <= 0xFF3A) ||
         (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* Dictionary words that glue Latin letters to Japanese (ＪＲ北海道) would
 * put one reading over both; a token boundary where Latin meets kanji or
 * kana keeps the ruby on the Japanese part, where readers expect it. */
static int latin_boundaries(worker *wk, const char *text, size_t len) {
  wk->nedges = 0;
  /* Most sentences have no Latin letter: find one by bytes (ASCII, or
   * full-width ＡＺａｚ: EF BC A1..BA, EF BD 81..9A) before decoding. */
  size_t j = 0;
  for (; j < len; j++) {
    unsigned char c = (unsigned char)text[j];
    if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c == 0xEF && j + 2 < len)) break;
  }
  if (j == len) return 0;
  int prev = -1; /* 1 Latin, 0 Japanese, -1 other */
  size_t i = 0;
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(text + i, len - i, &cp);
    if (!k) return 0;
    int cls = is_latin(cp) ? 1 : (rd__is_kanji(cp) || rd__is_hiragana(cp) || rd__is_katakana(cp)) ? 0 : -1;
    if (cls >= 0 && prev >= 0 && cls != prev) {
      if (wk->nedges == wk->capedges) {
        size_t cap = wk->capedges ? wk->capedges * 2 : 16;
        size_t *v = realloc(wk->edges, cap * sizeof *v);
        if (!v) return -1;
        wk->edges = v;
        wk->capedges = cap;
      }
      wk->edges[wk->nedges++] = i;
    }
    prev = cls;
    i += k;
  }
  return 0;
}

/* Whether a token of the parse covers an edge from latin_boundaries(). */
static int crosses_edge(const worker *wk, mecab_lattice_t *lat, const char *text) {
  size_t e = 0;
  for (const mecab_node_t *n = mecab_lattice_get_bos_node(lat); n && e < wk->nedges; n = n->next) {
    if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE || !n->length) continue;
    size_t a = (size_t)(n->surface - text), b = a + n->length;
    while (e < wk->nedges && wk->edges[e] <= a) e++;
    if (e < wk->nedges && wk->edges[e] < b) return 1;
  }
  return 0;
}

static rd_status parse_sentence(worker *wk, mecab_t *tg, mecab_lattice_t *lat, rd__parser *stub, const rd_node *s) {
  wk->morphs.n = 0;
  const char *text = s->text ? s->text : "";
  size_t len = s->text ? s->text_len : 0;
  if (!len) return RD_OK;
  if (stub) return rd__stub_parse(stub, text, len, &wk->morphs);
  if (latin_boundaries(wk, text, len) < 0) return rd__oom();
  /* MeCab's constrained search is slower: try without the constraints
   * first, and only if a token covers an edge parse again with them. */
  mecab_lattice_set_sentence2(lat, text, len);
  int ok = mecab_parse_lattice(tg, lat);
  if (ok && wk->nedges && crosses_edge(wk, lat, text)) {
    mecab_lattice_set_sentence2(lat, text, len);
    for (size_t e = 0; e < wk->nedges; e++) mecab_lattice_set_boundary_constraint(lat, wk->edges[e], MECAB_TOKEN_BOUNDARY);
    ok = mecab_parse_lattice(tg, lat);
  }
  if (!ok)
    return rd__error(RD_EANALYZER, (int64_t)s->start, 0, "MeCab failed on the sentence at byte %zu: %s", s->start,
                     mecab_lattice_strerror(lat));
  for (const mecab_node_t *n = mecab_lattice_get_bos_node(lat); n; n = n->next) {
    if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE || !n->length) continue;
    rd__morph m = {(size_t)(n->surface - text), n->length, n->feature, strlen(n->feature), n->stat == MECAB_UNK_NODE};
    if (morphs_push(&wk->morphs, m) < 0) return rd__oom();
  }
  return RD_OK;
}

static rd_status run_worker(worker *wk) {
  const rd_analyzer *an = wk->an;
  mecab_t *tg = NULL;
  mecab_lattice_t *lat = NULL;
  rd__parser *stub = NULL;
  rd_status st = RD_OK;
  if (an->model) {
    tg = mecab_model_new_tagger(an->model);
    lat = mecab_model_new_lattice(an->model);
    if (!tg || !lat) { st = rd__error(RD_EANALYZER, -1, 0, "MeCab: cannot create a lattice: %s", mecab_strerror(NULL)); goto done; }
  } else if (!(stub = rd__stub_parser_new())) {
    st = rd__oom();
    goto done;
  }
  /* Words built from MeCab's features are cached for the whole range
   * (word_cached); strings the rules make live in the scratch pool until
   * the next sentence; distinct words are kept by wlex_of(). */
  rd__rules_env env = {an->layout, an->flags, an->overrides, an->compounds, &wk->scratch, wk->doc, 0};
  for (size_t i = wk->first; i < wk->last; i++) {
    const rd_node *s = wk->doc->sentences[i];
    env.sentence = i;
    rd__pool_reset(&wk->scratch);
    wk->words.n = 0;
    if ((st = parse_sentence(wk, tg, lat, stub, s)) < 0) goto done;
    if (rd__words_reserve(&wk->words, wk->morphs.n) < 0) { st = rd__oom(); goto done; }
    for (size_t k = 0; k < wk->morphs.n; k++)
      if (word_cached(wk, s->text, &wk->morphs.v[k], &wk->words.v[wk->words.n++]) < 0) {
        st = rd__oom();
        goto done;
      }
    if (rd__rules_apply(&env, s->text, &wk->words, 0) < 0) { st = rd__oom(); goto done; }
    for (size_t k = 0; k < wk->words.n; k++) {
      int64_t lex = lex_of_word(wk, &wk->words.v[k]);
      if (lex < 0 || wtok_push(wk, &wk->words.v[k], (uint32_t)lex) < 0) { st = rd__oom(); goto done; }
    }
    wk->counts[i - wk->first] = wk->words.n;
  }
done:
  if (lat) mecab_lattice_destroy(lat);
  if (tg) mecab_destroy(tg);
  if (stub) rd__stub_parser_free(stub);
  if (st < 0) {
    snprintf(wk->err, sizeof wk->err, "%s", rd_error_last()->message);
    wk->err_off = rd_error_last()->offset;
  }
  wk->st = st;
  return st;
}

static void *worker_main(void *arg) {
  run_worker(arg);
  return NULL;
}

static void worker_dispose(worker *wk) {
  rd__pool_dispose(&wk->pool);
  rd__pool_dispose(&wk->scratch);
  rd__arena_dispose(&wk->arena);
  free(wk->words.v);
  free(wk->lexes);
  free(wk->slots);
  free(wk->toks);
  free(wk->counts);
  free(wk->cache);
  free(wk->cslots);
  free(wk->edges);
  free(wk->morphs.v);
}

/* Install the workers' words as the document's tokens (single-threaded:
 * interning writes the document's arena). */
static rd_status merge(rd_doc *doc, worker *wks, size_t nw) {
  size_t total = 0;
  for (size_t k = 0; k < nw; k++) total += wks[k].ntoks;
  rd__token *toks = malloc((total ? total : 1) * sizeof *toks);
  size_t *firsts = malloc((doc->nsentences + 1) * sizeof *firsts);
  size_t *counts = malloc((doc->nsentences + 1) * sizeof *counts);
  if (!toks || !firsts || !counts) { free(toks); free(firsts); free(counts); return rd__oom(); }
  size_t t = 0;
  for (size_t k = 0; k < nw; k++) {
    worker *wk = &wks[k];
    /* Intern each distinct word once; tokens then just point at it. */
    const rd__lex **map = malloc((wk->nlex ? wk->nlex : 1) * sizeof *map);
    if (!map) { free(toks); free(firsts); free(counts); return rd__oom(); }
    for (size_t l = 0; l < wk->nlex; l++)
      if (!(map[l] = rd__doc_lex(doc, &wk->lexes[l].lex))) { free(map); free(toks); free(firsts); free(counts); return rd__oom(); }
    size_t wi = 0;
    for (size_t i = wk->first; i < wk->last; i++) {
      rd_node *s = doc->sentences[i];
      size_t n = wk->counts[i - wk->first];
      firsts[i] = t;
      counts[i] = n;
      /* Character offsets advance from the sentence start, not from 0. */
      size_t cbyte = s->start, cchar = rd__doc_char_offset(doc, s->start);
      for (size_t j = 0; j < n; j++, wi++) {
        const wtok *w = &wk->toks[wi];
        const rd__lex *lex = map[w->lex];
        size_t a = rd__sentence_src_offset(s, w->off);
        size_t b = w->len ? rd__sentence_src_offset(s, w->off + w->len - 1) + 1 : a;
        rd__token *tk = &toks[t++];
        tk->kind = RD_NODE_TOKEN;
        tk->start = (uint32_t)a;
        tk->end = (uint32_t)b;
        if (a < cbyte) { cbyte = a; cchar = rd__doc_char_offset(doc, a); }
        cchar += rd__utf8_count(doc->src + cbyte, a - cbyte);
        tk->cstart = (uint32_t)cchar;
        /* the next token starts at or after b: count from there */
        cchar += rd__utf8_count(doc->src + a, b - a);
        cbyte = b;
        tk->cend = (uint32_t)cchar;
        tk->sentence = s;
        tk->lex = lex;
      }
    }
    free(map);
  }
  rd_status st = rd__doc_set_tokens(doc, toks, t);
  if (st < 0) { free(toks); free(firsts); free(counts); return st; }
  for (size_t i = 0; i < doc->nsentences; i++) {
    doc->sentences[i]->tok_first = firsts[i];
    doc->sentences[i]->tok_count = counts[i];
  }
  free(firsts);
  free(counts);
  return RD_OK;
}

rd_status rd_doc_annotate(rd_doc *doc, rd_analyzer *an, const rd_annotate_options *opts) {
  if (!doc || !an) return rd__error(RD_EINVALID, -1, 0, "rd_doc_annotate: NULL %s", doc ? "analyzer" : "document");
  rd_annotate_options o = RD_ANNOTATE_OPTIONS_INIT;
  if (opts) {
    if (opts->version != RD_ANNOTATE_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_annotate_options: unsupported version %u", opts->version);
    o = *opts;
  }
  size_t ns = doc->nsentences;
  size_t nw = o.threads > 1 ? o.threads : 1;
  if (nw > 64) nw = 64;
  if (nw > ns) nw = ns ? ns : 1;
  worker *wks = calloc(nw, sizeof *wks);
  if (!wks) return rd__oom();
  /* Contiguous ranges balanced by text bytes, so that merging keeps order. */
  size_t total = 0;
  for (size_t i = 0; i < ns; i++) total += doc->sentences[i]->text_len + 1;
  size_t i = 0, acc = 0;
  rd_status st = RD_OK;
  for (size_t k = 0; k < nw; k++) {
    wks[k].an = an;
    wks[k].doc = doc;
    wks[k].first = i;
    size_t goal = total * (k + 1) / nw;
    while (i < ns && (acc < goal || k + 1 == nw)) acc += doc->sentences[i++]->text_len + 1;
    wks[k].last = i;
    wks[k].counts = calloc(wks[k].last - wks[k].first + 1, sizeof *wks[k].counts);
    if (!wks[k].counts) st = rd__oom();
  }
  if (st >= 0) {
    if (nw == 1) {
      st = run_worker(&wks[0]);
    } else {
      pthread_t *th = calloc(nw, sizeof *th);
      size_t started = 0;
      if (!th) st = rd__oom();
      for (size_t k = 1; th && k < nw; k++, started++)
        if (pthread_create(&th[k], NULL, worker_main, &wks[k]) != 0) break;
      if (th) run_worker(&wks[0]);
      for (size_t k = 1; th && k <= started; k++) pthread_join(th[k], NULL);
      if (th && started + 1 < nw) {
        /* A thread could not start: do its range here. */
        for (size_t k = started + 1; k < nw; k++) run_worker(&wks[k]);
      }
      free(th);
      for (size_t k = 0; st >= 0 && k < nw; k++)
        if (wks[k].st < 0) st = rd__error(wks[k].st, wks[k].err_off, 0, "%s", wks[k].err);
    }
  }
  if (st >= 0) st = merge(doc, wks, nw);
  if (st >= 0) { /* which dictionary made the tokens: the XML/JSON views record it */
    char d[600];
    snprintf(d, sizeof d, "%s: %s", rd_analyzer_dictionary_name(an), an->version);
    const char *s = rd__doc_intern(doc, d, strlen(d));
    if (s) doc->dictionary = s;
  }
  for (size_t k = 0; k < nw; k++) worker_dispose(&wks[k]);
  free(wks);
  return st;
}
