/* The MeCab backend: the dictionary MeCab itself would use (or the one
 * given), checked before loading so that errors name the fix; one model
 * shared read-only by all threads; per worker a tagger and a lattice; the
 * feature layout detected by a probe parse. */
#define _XOPEN_SOURCE 700 /* strdup, strcasecmp, realpath */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <mecab.h>

#include "analyze_internal.h"

typedef struct mecab_backend {
  mecab_model_t *model;
  char *dicdir;
} mecab_backend;

struct rd__parser {
  mecab_t *tagger;
  mecab_lattice_t *lattice;
  size_t *edges;       /* Latin/Japanese edges of the current sentence */
  size_t nedges, capedges;
  const char *text;    /* the sentence of the last parse (candidates) */
};

/* MeCab's costs are its model's weights times 800 (the cost factor of
 * IPADIC's training): theta 1/800 undoes that, so marginals are the CRF's
 * own probabilities. At MeCab's default (0.75) every node of the best
 * path has probability 1.000 and nothing else shows. */
#define RD__THETA (1.0 / 800)

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

/* ---- model ------------------------------------------------------------------- */

static rd_status detect_layout(const mecab_backend *an, rd__backend_info *info) {
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
    size_t nf = rd__feature_field_count(n->feature, strlen(n->feature));
    if (nf > best) { best = nf; feat = n->feature; }
  }
  if (!rd__layout_of_fields(&info->layout, best))
    st = rd__error(RD_EANALYZER, -1, 0, "MeCab dictionary %s: unknown feature layout (%zu fields: \"%s\")",
                      an->dicdir, best, feat);
done:
  if (lat) mecab_lattice_destroy(lat);
  if (tg) mecab_destroy(tg);
  return st;
}

/* ---- user dictionary check ---------------------------------------------
 * MeCab trusts a compiled dictionary's header and its arrays (a corrupt
 * user dictionary segfaults inside it, and its error names the system
 * dictionary), so a user dictionary is checked here first. The format
 * (mecab dictionary.cpp): ten little-endian uint32 — magic (file size XOR
 * 0xef718f77), version 102, type (0 system, 1 user, 2 unknown words),
 * lexsize, lsize, rsize, dsize, tsize, fsize, 0 — then a 32-byte charset,
 * the double array (dsize: 8-byte units {int32 base, uint32 check}), the
 * tokens (tsize: 16 bytes each {u16 lcAttr, rcAttr, posid; i16 wcost;
 * u32 feature, compound}) and the NUL-terminated features (fsize). */
#define RD__DIC_MAGIC 0xef718f77u
#define RD__DIC_VERSION 102u
#define RD__DIC_HEADER 72u
#define RD__DIC_MAX ((size_t)1 << 30) /* far beyond any user dictionary */

static uint32_t le32(const unsigned char *p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint16_t le16(const unsigned char *p) { return (uint16_t)(p[0] | p[1] << 8); }

static rd_status bad_user_dic(const char *path, const char *why) {
  return rd__error(RD_EANALYZER, -1, 0, "user dictionary %s: %s; rebuild it with `reader dict`", path, why);
}

/* lsize/rsize of the system dictionary's header, or 0 if unreadable. */
static int sys_dic_sizes(const char *sysdic, uint32_t *lsize, uint32_t *rsize) {
  unsigned char h[RD__DIC_HEADER];
  FILE *f = fopen(sysdic, "rb");
  if (!f) return 0;
  int ok = fread(h, 1, sizeof h, f) == sizeof h;
  fclose(f);
  if (!ok) return 0;
  *lsize = le32(h + 16);
  *rsize = le32(h + 20);
  return 1;
}

static rd_status check_user_dic(const char *path, const char *sysdic) {
  FILE *f = fopen(path, "rb");
  if (!f) return rd__error(RD_EANALYZER, -1, 0, "user dictionary %s: cannot open: %s", path, strerror(errno));
  struct stat sb;
  if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
    fclose(f);
    return bad_user_dic(path, "not a regular file");
  }
  if ((uintmax_t)sb.st_size < RD__DIC_HEADER || (uintmax_t)sb.st_size > RD__DIC_MAX) {
    fclose(f);
    return bad_user_dic(path, (uintmax_t)sb.st_size < RD__DIC_HEADER ? "too short for a MeCab dictionary"
                                                                     : "too large for a MeCab user dictionary");
  }
  size_t size = (size_t)sb.st_size;
  unsigned char *d = malloc(size);
  if (!d) { fclose(f); return rd__oom(); }
  int rok = fread(d, 1, size, f) == size;
  fclose(f);
  rd_status st = RD_OK;
  if (!rok) { free(d); return bad_user_dic(path, "read error"); }
  uint32_t magic = le32(d), version = le32(d + 4), type = le32(d + 8), lexsize = le32(d + 12);
  uint32_t lsize = le32(d + 16), rsize = le32(d + 20), dsize = le32(d + 24), tsize = le32(d + 28), fsize = le32(d + 32);
  uint32_t sl, sr;
  if ((magic ^ RD__DIC_MAGIC) != (uint32_t)size) st = bad_user_dic(path, "not a compiled MeCab dictionary (bad magic number or size)");
  else if (version != RD__DIC_VERSION) st = bad_user_dic(path, "a MeCab dictionary of another version");
  else if (type != 1) st = bad_user_dic(path, type == 0 ? "a system dictionary, not a user dictionary" : "not a user dictionary");
  else if ((uint64_t)RD__DIC_HEADER + dsize + tsize + fsize != size) st = bad_user_dic(path, "its sizes do not add up (truncated or corrupt)");
  else if (dsize % 8 || tsize != (uint64_t)lexsize * 16 || !fsize || d[size - 1] != '\0')
    st = bad_user_dic(path, "corrupt (array sizes)");
  else if (sys_dic_sizes(sysdic, &sl, &sr) && (sl != lsize || sr != rsize))
    st = bad_user_dic(path, "built for another system dictionary (its connection matrix differs)");
  else {
    /* Every index MeCab follows stays inside the file: the double array's
     * bases and leaf values (token index << 8 | count), each token's
     * context ids and feature offset. */
    const unsigned char *da = d + RD__DIC_HEADER, *tok = da + dsize;
    uint32_t nunits = dsize / 8;
    for (uint32_t i = 0; i < nunits && st == RD_OK; i++) {
      int32_t base = (int32_t)le32(da + 8 * (size_t)i);
      if (base >= 0 ? (uint32_t)base >= nunits
                    : ((uint64_t)(-(int64_t)base - 1) >> 8) + ((uint64_t)(-(int64_t)base - 1) & 0xff) > lexsize)
        st = bad_user_dic(path, "corrupt (double array)");
    }
    for (uint32_t i = 0; i < lexsize && st == RD_OK; i++) {
      const unsigned char *t = tok + 16 * (size_t)i;
      if (le16(t) >= lsize || le16(t + 2) >= rsize || le32(t + 8) >= fsize) st = bad_user_dic(path, "corrupt (tokens)");
    }
  }
  free(d);
  return st;
}

static rd_status load_mecab(mecab_backend *an, rd__backend_info *info, const rd_analyzer_options *o) {
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
  if (o->user_dictionary) {
    rd_status ust = check_user_dic(o->user_dictionary, path);
    if (ust < 0) return ust;
  }
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
  const mecab_dictionary_info_t *dinfo = mecab_model_dictionary_info(an->model);
  for (const mecab_dictionary_info_t *d = dinfo; d; d = d->next) {
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
  info->stable_features = 1; /* parse_with: features are the dictionary's */
  snprintf(info->version, sizeof info->version, "%s v%u, %u entries", base, dinfo ? dinfo->version : 0u,
           dinfo ? dinfo->size : 0u);
  free(real);
  return detect_layout(an, info);
}

static void mecab_model_free(void *model) {
  mecab_backend *b = model;
  if (!b) return;
  if (b->model) mecab_model_destroy(b->model);
  free(b->dicdir);
  free(b);
}

static rd_status mecab_model_open(void **model_out, rd__backend_info *info, const rd_analyzer_options *o) {
  *model_out = NULL;
  mecab_backend *b = calloc(1, sizeof *b);
  if (!b) return rd__oom();
  rd_status st = load_mecab(b, info, o);
  if (st < 0) { mecab_model_free(b); return st; }
  *model_out = b;
  return RD_OK;
}

/* ---- parsing --------------------------------------------------------------------- */

static rd__parser *mecab_parser_new(const void *model) {
  const mecab_backend *b = model;
  rd__parser *p = calloc(1, sizeof *p);
  if (!p) { rd__oom(); return NULL; }
  p->tagger = mecab_model_new_tagger(b->model);
  p->lattice = mecab_model_new_lattice(b->model);
  if (!p->tagger || !p->lattice) {
    rd__error(RD_EANALYZER, -1, 0, "MeCab: cannot create a lattice: %s", mecab_strerror(NULL));
    if (p->lattice) mecab_lattice_destroy(p->lattice);
    if (p->tagger) mecab_destroy(p->tagger);
    free(p);
    return NULL;
  }
  return p;
}

static void mecab_parser_free(rd__parser *p) {
  if (!p) return;
  mecab_lattice_destroy(p->lattice);
  mecab_destroy(p->tagger);
  free(p->edges);
  free(p);
}

static int is_latin(uint32_t cp) {
  return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xFF21 && cp <= 0xFF3A) ||
         (cp >= 0xFF41 && cp <= 0xFF5A);
}

/* Dictionary words that glue Latin letters to Japanese (ＪＲ北海道) would
 * put one reading over both; a token boundary where Latin meets kanji or
 * kana keeps the ruby on the Japanese part, where readers expect it. */
static int latin_boundaries(rd__parser *wk, const char *text, size_t len) {
  wk->nedges = 0;
  /* Most sentences have no Latin letter: find one by bytes (ASCII, or
   * full-width ＡＺａｚ: EF BC A1..BA, EF BD 81..9A) before decoding. A
   * third of the batch's sentences hold other EF characters (full-width
   * digits, brackets, ！？) and a twelfth a Latin letter: an EF byte is
   * looked at with its two continuation bytes, not taken as a letter. */
  size_t j = 0;
  for (;;) {
    /* Eight bytes a step while none is ASCII or EF (kana and kanji lead
     * with E3..E9, continue with 80..BF): the usual sentence in one pass. */
    for (; j + 8 <= len; j += 8) {
      uint64_t v, x;
      memcpy(&v, text + j, 8);
      x = v ^ 0xEFEFEFEFEFEFEFEFull;
      if (((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull) | (~v & 0x8080808080808080ull)) break;
    }
    size_t stop = j + 8 < len ? j + 8 : len;
    for (; j < stop; j++) {
      unsigned char c = (unsigned char)text[j];
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') break;
      if (c == 0xEF && j + 2 < len) {
        unsigned char c1 = (unsigned char)text[j + 1], c2 = (unsigned char)text[j + 2];
        if ((c1 == 0xBC && c2 >= 0xA1 && c2 <= 0xBA) || (c1 == 0xBD && c2 >= 0x81 && c2 <= 0x9A)) break;
      }
    }
    if (j < stop || j == len) break;
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
static int crosses_edge(const rd__parser *wk, mecab_lattice_t *lat, const char *text) {
  size_t e = 0;
  for (const mecab_node_t *n = mecab_lattice_get_bos_node(lat); n && e < wk->nedges; n = n->next) {
    if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE || !n->length) continue;
    size_t a = (size_t)(n->surface - text), b = a + n->length;
    while (e < wk->nedges && wk->edges[e] <= a) e++;
    if (e < wk->nedges && wk->edges[e] < b) return 1;
  }
  return 0;
}

/* One sentence's lattice; with marginal probabilities when asked (the
 * best path is the same, the forward-backward pass costs extra). */
static void start_parse(mecab_lattice_t *lat, const char *text, size_t len, int marginal) {
  mecab_lattice_set_sentence2(lat, text, len);
  /* After set_sentence: it resets theta to the tagger's. */
  mecab_lattice_set_request_type(lat, marginal ? MECAB_ONE_BEST | MECAB_MARGINAL_PROB : MECAB_ONE_BEST);
  if (marginal) mecab_lattice_set_theta(lat, RD__THETA);
}

static rd_status parse_with(rd__parser *wk, const char *text, size_t len, size_t at, rd__morphs *out, int marginal) {
  mecab_t *tg = wk->tagger;
  mecab_lattice_t *lat = wk->lattice;
  out->n = 0;
  wk->text = NULL;
  if (!len) return RD_OK;
  if (latin_boundaries(wk, text, len) < 0) return rd__oom();
  /* MeCab's constrained search is slower: try without the constraints
   * first, and only if a token covers an edge parse again with them. */
  start_parse(lat, text, len, marginal);
  int ok = mecab_parse_lattice(tg, lat);
  if (ok && wk->nedges && crosses_edge(wk, lat, text)) {
    start_parse(lat, text, len, marginal);
    for (size_t e = 0; e < wk->nedges; e++) mecab_lattice_set_boundary_constraint(lat, wk->edges[e], MECAB_TOKEN_BOUNDARY);
    ok = mecab_parse_lattice(tg, lat);
  }
  if (!ok)
    return rd__error(RD_EANALYZER, (int64_t)at, 0, "MeCab failed on the sentence at byte %zu: %s", at,
                     mecab_lattice_strerror(lat));
  for (const mecab_node_t *n = mecab_lattice_get_bos_node(lat); n; n = n->next) {
    if (n->stat == MECAB_BOS_NODE || n->stat == MECAB_EOS_NODE || !n->length) continue;
    /* A feature is a string of the mapped dictionary (or of the unknown-word
     * table), never of the lattice (we set no feature constraints): stable,
     * and measured only when the feature cache first meets it. */
    rd__morph m = {(size_t)(n->surface - text), n->length, n->feature, RD__FEATURE_LEN_UNKNOWN,
                   n->stat == MECAB_UNK_NODE};
    if (rd__morphs_push(out, m) < 0) return rd__oom();
  }
  if (marginal) wk->text = text;
  return RD_OK;
}

static rd_status mecab_parse(rd__parser *wk, const char *text, size_t len, size_t at, rd__morphs *out) {
  return parse_with(wk, text, len, at, out, 0);
}

static rd_status mecab_parse_marginal(rd__parser *wk, const char *text, size_t len, size_t at, rd__morphs *out) {
  return parse_with(wk, text, len, at, out, 1);
}

/* Nodes whose surface is text[off..off+len). MeCab files a node under the
 * position where its leading white space starts, so positions back over
 * ASCII blanks are searched too. */
static int mecab_candidates(rd__parser *wk, size_t off, size_t len, rd__cands *out) {
  out->n = 0;
  if (!wk->text) return 0;
  const char *text = wk->text;
  size_t q = off;
  while (q > 0 && (text[q - 1] == ' ' || text[q - 1] == '\t')) q--;
  for (; q <= off; q++)
    for (const mecab_node_t *n = mecab_lattice_get_begin_nodes(wk->lattice, q); n; n = n->bnext) {
      if (n->stat != MECAB_NOR_NODE || n->surface != text + off || n->length != len) continue;
      if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 16;
        rd__cand *v = realloc(out->v, cap * sizeof *v);
        if (!v) return -1;
        out->v = v;
        out->cap = cap;
      }
      rd__cand c = {n->feature, strlen(n->feature), n->prob};
      out->v[out->n++] = c;
    }
  return 0;
}

const rd__backend rd__backend_mecab = {"mecab", mecab_model_open, mecab_model_free, mecab_parser_new, mecab_parser_free,
                                       mecab_parse, mecab_parse_marginal, mecab_candidates};
