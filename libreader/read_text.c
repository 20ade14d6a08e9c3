/* Plain-text article reader. Front matter (title, headline, lead), the 目次
 * contents that say which body lines are headings, Markdown headings when
 * there are no contents, `Citations:` lists and the あとがき afterword.
 * One streaming pass over the lines (plus a cheap pre-scan for Markdown):
 * headings are found by hashed normalised key, so the work is linear in
 * the input, and only short lines are ever normalised. */
#define _GNU_SOURCE /* memmem */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_build.h"
#include "model.h"
#include "readers_internal.h"
#include "editorial.h"

#define MAX_DEPTH 32      /* deepest section level; rd_node.level is 8 bits */
#define MAX_HEADING 1024  /* longer lines are never headings (bounds NFKC work) */
#define MAX_LABEL 96      /* 目次 / Citations: / あとがき lines are short */
#define NONE ((size_t)-1)

/* ---- lines ------------------------------------------------------------- */

typedef struct tline {
  size_t start, end; /* content without surrounding white space or CR */
  size_t next;       /* where the following line starts */
  unsigned indent;   /* width of the leading white space */
} tline;

/* Width of a white-space character at s[i] (0 if none); *len gets its bytes. */
static unsigned space_at(const char *s, size_t i, size_t n, size_t *len) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || c == '\r') { *len = 1; return 1; }
  if (c == '\t') { *len = 1; return 4; }
  if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80) {
    *len = 3; /* U+3000 ideographic space */
    return 2;
  }
  if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) { *len = 2; return 1; }
  return 0;
}

/* Start of the code point that ends just before s[i]. */
static size_t cp_before(const char *s, size_t lo, size_t i) {
  size_t p = i - 1;
  while (p > lo && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
  return p;
}

static int next_line_in(const char *s, size_t n, size_t pos, tline *l) {
  if (pos >= n) return 0;
  if (pos == 0 && n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) pos = 3; /* BOM: spans keep indexing the source */
  const char *nl = memchr(s + pos, '\n', n - pos);
  size_t e = nl ? (size_t)(nl - s) : n;
  l->next = nl ? e + 1 : n;
  l->indent = 0;
  size_t k, a = pos;
  unsigned w;
  while (a < e && (w = space_at(s, a, e, &k)) != 0) { l->indent += w; a += k; }
  size_t b = e;
  while (b > a) {
    size_t p = cp_before(s, a, b);
    if (space_at(s, p, b, &k) && p + k == b) b = p; else break;
  }
  l->start = a;
  l->end = b;
  return 1;
}

static int next_line(const rd_doc *doc, size_t pos, tline *l) { return next_line_in(doc->src, doc->src_len, pos, l); }

/* The next non-blank line at or after pos; 0 at the end. */
static int next_nonblank(const rd_doc *doc, size_t pos, tline *l) {
  while (next_line(doc, pos, l)) {
    if (l->end > l->start) return 1;
    pos = l->next;
  }
  return 0;
}

/* ---- small classifiers ----------------------------------------------- */

static int is_dash(uint32_t c) {
  return c == '-' || c == '*' || c == 0xFF0D || c == 0x30FB /* ・ */ || c == 0x2022 || c == 0x2010 ||
         c == 0x2212 || c == 0xFF65 /* ･ */;
}
static int is_dot(uint32_t c) { return c == '.' || c == 0xFF0E; }
static int is_num_close(uint32_t c) { return is_dot(c) || c == ')' || c == 0xFF09 || c == 0x3001 /* 、 */; }
static int is_ws_cp(uint32_t c) { return c == ' ' || c == '\t' || c == 0x3000 || c == 0xA0; }
static unsigned dval(uint32_t c) { return c >= 0xFF10 ? c - 0xFF10 : c - '0'; }

/* What precedes a heading's text: Markdown hashes, a list dash, a number. */
typedef struct prefix {
  unsigned hashes;
  int dash;
  unsigned ncomp; /* number components: "1.2" -> 2; 0 if none */
  unsigned comp[MAX_DEPTH];
  size_t text;    /* where the text starts */
} prefix;

static size_t skip_ws(const char *s, size_t i, size_t b) {
  uint32_t c;
  size_t k;
  while (i < b && (k = rd__utf8_decode(s + i, b - i, &c)) && is_ws_cp(c)) i += k;
  return i;
}

static void parse_prefix(const char *s, size_t a, size_t b, prefix *p) {
  uint32_t c;
  size_t k, i = a;
  memset(p, 0, sizeof *p);
  while (i < b && s[i] == '#' && p->hashes < 7) { p->hashes++; i++; }
  if (p->hashes) {
    size_t j = skip_ws(s, i, b);
    if (p->hashes > 6 || j == i) { p->hashes = 0; i = a; } else i = j; /* "#tag" is not a heading */
  }
  if (i < b && (k = rd__utf8_decode(s + i, b - i, &c)) && is_dash(c)) {
    p->dash = 1;
    i = skip_ws(s, i + k, b);
  }
  /* N, N.N, ... then ".", "．", ")" or white space: "1.事件" and "1 事件" yes, "2024年" or "3.5%" no. */
  size_t j = i;
  unsigned ncomp = 0, comp[MAX_DEPTH];
  int ok = 0;
  for (;;) {
    unsigned v = 0, nd = 0;
    while (j < b && (k = rd__utf8_decode(s + j, b - j, &c)) && rd__is_digit(c) && nd < 7) { v = v * 10 + dval(c); nd++; j += k; }
    if (!nd || nd > 6 || ncomp == MAX_DEPTH) break;
    comp[ncomp++] = v;
    if (j >= b) break;
    k = rd__utf8_decode(s + j, b - j, &c);
    if (!k) break;
    if (is_dot(c)) {
      size_t j2 = j + k;
      uint32_t d;
      if (j2 < b && rd__utf8_decode(s + j2, b - j2, &d) && rd__is_digit(d)) { j = j2; continue; }
      j = j2;
      ok = 1;
      break;
    }
    if (is_num_close(c)) { j += k; ok = 1; break; }
    if (is_ws_cp(c)) { ok = 1; break; }
    break;
  }
  if (ok) {
    j = skip_ws(s, j, b);
    if (j < b) {
      p->ncomp = ncomp;
      memcpy(p->comp, comp, ncomp * sizeof *comp);
      i = j;
    }
  }
  p->text = i;
}

/* Whether the line ends a sentence with one of `which` (after trailing
 * closers and [n] markers): tells a title from a lead, finds the question. */
static int ends_with(const char *s, const tline *l, int question_only) {
  size_t a = l->start, b = l->end;
  uint32_t c;
  while (b > a) {
    size_t p = cp_before(s, a, b);
    if (!rd__utf8_decode(s + p, b - p, &c)) return 0;
    if (c == ']' || c == 0xFF3D) { /* skip a [n] marker */
      size_t q = p;
      int digits = 0;
      while (q > a) {
        size_t r = cp_before(s, a, q);
        uint32_t d;
        if (!rd__utf8_decode(s + r, q - r, &d)) return 0;
        q = r;
        if (rd__is_digit(d)) { digits++; continue; }
        if ((d == '[' || d == 0xFF3B) && digits) { b = q; goto next; }
        break;
      }
      return 0;
    }
    if (c == 0x300D || c == 0x300F || c == 0xFF09 || c == ')' || c == 0x3011 || is_ws_cp(c)) { b = p; continue; }
    if (question_only) return c == '?' || c == 0xFF1F;
    return c == 0x3002 || c == 0xFF01 || c == 0xFF1F || c == '!' || c == '?' || c == 0xFF61 || c == '.' ||
           c == 0xFF0E || c == 0x2026;
  next:;
  }
  return 0;
}

enum label { L_NONE, L_CONTENTS, L_CITATIONS, L_AFTERWORD };

/* 目次, Citations:, あとがき (also "## あとがき", "【目次】", "出典：", ...). */
/* The words whose presence makes a short line worth normalising. */
static const char *const label_stems[] = {"目次", "itation", "ITATION", "eference", "EFERENCE", "ource", "OURCE",
                                          "ontent", "ONTENT", "出典", "参考", "引用", "あとがき", "後書き",
                                          "fterword", "FTERWORD", "\xEF\xBC", "\xEF\xBD"}; /* the last two: full-width forms */
enum { NSTEMS = sizeof label_stems / sizeof *label_stems };
/* Bit i of stem_first[c]: stem i starts with byte c; of stem_second[c]:
 * its second byte is c (every stem has two). Built once (pthread_once). */
static uint32_t stem_first[256], stem_second[256];
static uint8_t stem_len[NSTEMS];
static pthread_once_t stems_once = PTHREAD_ONCE_INIT;

static void build_stem_filter(void) {
  for (unsigned i = 0; i < NSTEMS; i++) {
    stem_first[(unsigned char)label_stems[i][0]] |= 1u << i;
    stem_second[(unsigned char)label_stems[i][1]] |= 1u << i;
    stem_len[i] = (uint8_t)strlen(label_stems[i]);
  }
}

/* Whether a short line could be a label at all: normalising every line
 * through ICU would dominate the reader's time. One pass, each position
 * filtered by its first two bytes: a pass per stem over every title and
 * first body line made line_label 22.4 M instructions for 3,000 short
 * articles, now 8.7 M. */
static int may_be_label(const char *s, size_t a, size_t b) {
  const char *const *stems = label_stems;
  const uint32_t *first = stem_first, *second = stem_second;
  pthread_once(&stems_once, build_stem_filter);
  for (size_t j = a; j + 2 <= b; j++) {
    uint32_t m = first[(unsigned char)s[j]] & second[(unsigned char)s[j + 1]];
    while (m) {
      unsigned i = (unsigned)__builtin_ctz(m);
      size_t n = stem_len[i];
      if (n == 2 || (j + n <= b && !memcmp(s + j, stems[i], n))) return 1; /* two bytes: the filter matched them */
      m &= m - 1;
    }
  }
  return 0;
}

/* Whether s[a, b) holds a kanji (U+4E00..U+9FFF) or hiragana
 * (U+3041..U+3096) that no label word has: NFKC keeps those characters as
 * they are and the key keeps every character but white space and format
 * controls, so such a line's key is no label word. It spares the ICU
 * normalisation of most lines may_be_label lets through (the full-width
 * stems match any （ ？ or digit: 896 lines of 3,000 short articles, 4.8 M
 * instructions). A hiragana followed by a combining (semi-)voiced mark
 * (U+3099, U+309A) may compose into another, so such lines still go to ICU. */
static int has_non_label_kana_kanji(const char *str, size_t a, size_t b) {
  const unsigned char *s = (const unsigned char *)str;
  int found = 0;
  for (size_t j = a; j + 3 <= b; j++) {
    unsigned c = s[j];
    if (c < 0xE3 || c > 0xE9) continue;
    uint32_t cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(s[j + 1] & 0x3F) << 6) | (s[j + 2] & 0x3F);
    if (cp == 0x3099 || cp == 0x309A) return 0;
    if (cp >= 0x3041 && cp <= 0x3096) {
      if (cp != 0x3042 && cp != 0x3068 && cp != 0x304C && cp != 0x304D) found = 1; /* あ と が き */
    } else if (cp >= 0x4E00 && cp <= 0x9FFF) {
      switch (cp) {
      case 0x76EE: case 0x6B21: case 0x51FA: case 0x5178: case 0x53C2: case 0x8003: case 0x6587: /* 目次出典参考文 */
      case 0x732E: case 0x5F15: case 0x7528: case 0x8CC7: case 0x6599: case 0x5F8C: case 0x66F8: /* 献引用資料後書 */
        break;
      default: found = 1;
      }
    }
    j += 2; /* a lead byte E3..E9 starts three bytes of valid UTF-8 */
  }
  return found;
}

static enum label line_label(const char *s, const tline *l) {
  size_t len = l->end - l->start;
  if (!len || len > MAX_LABEL || !may_be_label(s, l->start, l->end) || has_non_label_kana_kanji(s, l->start, l->end))
    return L_NONE;
  size_t klen;
  char *key = rd__normalize_key(s + l->start, len, &klen);
  if (!key) return L_NONE;
  char *k = key;
  static const char *const lead[] = {"#", "\xE2\x96\xA0", "\xE2\x96\xA1", "\xE2\x97\x86", "\xE2\x97\x87",
                                     "\xE2\x97\x8F", "\xE3\x80\x90", "["};
  static const char *const trail[] = {":", "\xE3\x80\x91", "]"};
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; i < sizeof lead / sizeof *lead; i++) {
      size_t n = strlen(lead[i]);
      if (klen >= n && !memcmp(k, lead[i], n)) { k += n; klen -= n; again = 1; }
    }
  }
  for (int again = 1; again;) {
    again = 0;
    for (size_t i = 0; i < sizeof trail / sizeof *trail; i++) {
      size_t n = strlen(trail[i]);
      if (klen >= n && !memcmp(k + klen - n, trail[i], n)) { klen -= n; again = 1; }
    }
  }
  for (size_t i = 0; i < klen; i++)
    if (k[i] >= 'A' && k[i] <= 'Z') k[i] = (char)(k[i] - 'A' + 'a');
  static const struct { const char *w; enum label l; } words[] = {
    {"目次", L_CONTENTS}, {"contents", L_CONTENTS}, {"tableofcontents", L_CONTENTS},
    {"citations", L_CITATIONS}, {"references", L_CITATIONS}, {"sources", L_CITATIONS},
    {"出典", L_CITATIONS}, {"参考文献", L_CITATIONS}, {"引用", L_CITATIONS}, {"参考資料", L_CITATIONS},
    {"あとがき", L_AFTERWORD}, {"後書き", L_AFTERWORD}, {"afterword", L_AFTERWORD}};
  enum label r = L_NONE;
  for (size_t i = 0; i < sizeof words / sizeof *words; i++)
    if (strlen(words[i].w) == klen && !memcmp(k, words[i].w, klen)) { r = words[i].l; break; }
  free(key);
  return r;
}

/* "[n] URL" (ASCII or full-width brackets and digits, optional colon). */
static int parse_reference(const char *s, const tline *l, unsigned *num, size_t *ta) {
  size_t i = l->start, b = l->end, k;
  uint32_t c;
  if (!(k = rd__utf8_decode(s + i, b - i, &c)) || (c != '[' && c != 0xFF3B)) return 0;
  i += k;
  unsigned v = 0, nd = 0;
  while (i < b && (k = rd__utf8_decode(s + i, b - i, &c)) && rd__is_digit(c)) {
    if (++nd > 6) return 0;
    v = v * 10 + dval(c);
    i += k;
  }
  if (!nd || i >= b || !(k = rd__utf8_decode(s + i, b - i, &c)) || (c != ']' && c != 0xFF3D)) return 0;
  i += k;
  if (i < b && (k = rd__utf8_decode(s + i, b - i, &c)) && (c == ':' || c == 0xFF1A)) i += k;
  i = skip_ws(s, i, b);
  if (i >= b) return 0;
  *num = v;
  *ta = i;
  return 1;
}

/* Markdown heading level ("## x" -> 2) and where its text starts; 0 if none. */
static unsigned md_level(const char *s, const tline *l, size_t *text) {
  prefix p;
  if (l->start >= l->end || s[l->start] != '#') return 0;
  parse_prefix(s, l->start, l->end, &p);
  if (!p.hashes) return 0;
  *text = skip_ws(s, l->start + p.hashes, l->end);
  return p.hashes;
}

/* ---- reader state -------------------------------------------------------- */

typedef struct entry {
  size_t ta, tb;    /* heading text in the contents line */
  char *key;        /* normalised text (malloc) */
  size_t klen;
  const char *id;   /* arena */
  int level;
  size_t next_same; /* next entry with an equal key, or NONE */
} entry;

typedef struct bucket { size_t head, tail, cur; } bucket;

typedef struct rd__text_reader {
  rd_doc *doc;
  const char *s;
  entry *ents;
  size_t nents, capents;
  bucket *buckets;
  size_t nbuckets;
  size_t cursor;          /* first contents entry not yet placed in the body */
  rd_node *stack[MAX_DEPTH + 1];
  size_t stack_end[MAX_DEPTH + 1]; /* end of the content seen in each open section */
  int depth;
  rd_node *afterword;
  rd_node *refs;          /* the REFERENCES being read, or NULL */
  int body_refs;          /* the document already has its list */
  int afterword_refs;     /* ... and the afterword its own */
  unsigned md_base;       /* Markdown level that maps to 1 (0: none) */
  unsigned md_count[MAX_DEPTH + 1];
  int have_question;      /* the afterword's QUESTION is found */
  unsigned char *seen;    /* reference numbers of the current list (bitmap) */
  unsigned *seen_list;    /* ... and which bits to clear for the next list */
  size_t nseen, capseen;
  /* What a streamed read (rd__text_reader_block) carries from block to
   * block besides the above; the whole read uses them the same way. */
  unsigned flags;         /* RD_PARSE_* */
  int started;            /* the front matter is read */
  int contents_seen;
  int md_title;           /* from the pre-scan */
  int stream;             /* made by rd__text_reader_new */
  rd__arena ids;          /* then the contents entries' ids: they outlive a block's document */
  size_t cont_off, cont_end; /* the contents lines (the synthesised headings' text) */
  int64_t cont_line;      /* line of cont_off (0: none), for warnings about them */
  /* the open sections, kept by rd__text_reader_detach when a block's
   * document goes (another thread may free it before the next block) */
  struct { uint8_t level, flags; const char *id; size_t start, end; } saved[MAX_DEPTH + 1];
  int saved_afterword; /* its depth + 1, 0: none */
  int detached;
  /* the Markdown pre-scan, fed line by line (prescan_line) */
  unsigned pre_first_level, pre_min_other, pre_n_le;
  int pre_first, pre_aozora;
} reader;

static uint64_t fnv(const char *s, size_t n) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < n; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ull; }
  return h;
}

static void reader_dispose(reader *r) {
  rd__arena_dispose(&r->ids);
  free(r->seen);
  free(r->seen_list);
  for (size_t i = 0; i < r->nents; i++) free(r->ents[i].key);
  free(r->ents);
  free(r->buckets);
}

/* Index entries by key; equal keys chain in contents order. */
static rd_status index_entries(reader *r) {
  size_t nb = 16;
  while (nb < r->nents * 2) nb *= 2;
  r->buckets = malloc(nb * sizeof *r->buckets);
  if (!r->buckets) return rd__oom();
  for (size_t i = 0; i < nb; i++) r->buckets[i].head = NONE;
  r->nbuckets = nb;
  for (size_t e = 0; e < r->nents; e++) {
    entry *en = &r->ents[e];
    en->next_same = NONE;
    size_t j = fnv(en->key, en->klen) & (nb - 1);
    for (;;) {
      bucket *bk = &r->buckets[j];
      if (bk->head == NONE) { bk->head = bk->tail = bk->cur = e; break; }
      entry *h = &r->ents[bk->head];
      if (h->klen == en->klen && !memcmp(h->key, en->key, en->klen)) {
        r->ents[bk->tail].next_same = e;
        bk->tail = e;
        break;
      }
      j = (j + 1) & (nb - 1);
    }
  }
  return RD_OK;
}

/* The first entry at or after the cursor whose key is key, or NONE. The
 * cursor only moves forward, so each chain is walked once in total. */
static size_t find_entry(reader *r, const char *key, size_t klen) {
  if (!r->nbuckets) return NONE;
  size_t j = fnv(key, klen) & (r->nbuckets - 1);
  for (;;) {
    bucket *bk = &r->buckets[j];
    if (bk->head == NONE) return NONE;
    entry *h = &r->ents[bk->head];
    if (h->klen == klen && !memcmp(h->key, key, klen)) {
      while (bk->cur != NONE && bk->cur < r->cursor) bk->cur = r->ents[bk->cur].next_same;
      return bk->cur;
    }
    j = (j + 1) & (r->nbuckets - 1);
  }
}

/* ---- building nodes -------------------------------------------------------- */

static rd_node *container(reader *r) { return r->depth ? r->stack[r->depth - 1] : r->doc->root; }

static void pop_section(reader *r) {
  r->depth--;
  rd_node *sec = r->stack[r->depth];
  size_t e = r->stack_end[r->depth];
  if (!(sec->flags & RD__NODE_SYNTH) && e > sec->end) sec->end = e;
  if (r->depth && e > r->stack_end[r->depth - 1]) r->stack_end[r->depth - 1] = e;
}

static void close_to(reader *r, int level) {
  while (r->depth && r->stack[r->depth - 1]->level >= level) pop_section(r);
}

static void note_end(reader *r, size_t end) {
  if (r->depth && end > r->stack_end[r->depth - 1]) r->stack_end[r->depth - 1] = end;
}

/* A block (HEADING, PARAGRAPH, QUESTION) over [a, b) appended to parent. */
static rd_node *add_block(reader *r, rd_node *parent, rd_node_kind kind, size_t a, size_t b, rd_status *st) {
  rd_node *n = rd__node_new(r->doc, kind, a, b);
  if (!n) { *st = rd__oom(); return NULL; }
  if ((*st = rd__node_append(parent, n)) < 0) return NULL;
  if ((*st = rd__block_add_sentences(r->doc, n, a, b)) < 0) return NULL;
  if (!n->text && (*st = rd__node_set_text(n, "", 0)) < 0) return NULL;
  return n;
}

/* Open a section: its span starts at `start` (empty when synthesised), its
 * heading's text is [ha, hb) (the contents entry for a synthesised one). */
static rd_status open_section(reader *r, int level, const char *id, uint8_t flags, size_t start, size_t end,
                              size_t ha, size_t hb) {
  rd_status st;
  close_to(r, level);
  rd_node *sec = rd__node_new(r->doc, RD_NODE_SECTION, start, end);
  if (!sec) return rd__oom();
  sec->level = (uint8_t)level;
  sec->flags = flags;
  sec->id = id;
  if ((st = rd__node_append(container(r), sec)) < 0) return st;
  rd_node *h = add_block(r, sec, RD_NODE_HEADING, ha, hb, &st);
  if (!h) return st;
  h->role = RD_HEADING_SECTION;
  h->level = (uint8_t)level;
  r->stack[r->depth] = sec;
  r->stack_end[r->depth] = end;
  r->depth++;
  return RD_OK;
}

/* Sections listed in the contents up to (not including) entry `upto` that
 * the body never named: made from the contents, at `pos`. */
static rd_status synthesise_upto(reader *r, size_t upto, size_t pos) {
  for (; r->cursor < upto; r->cursor++) {
    entry *e = &r->ents[r->cursor];
    rd_status st = open_section(r, e->level, e->id, RD__NODE_SYNTH, pos, pos, e->ta, e->tb);
    if (st < 0) return st;
    /* The entry's line is counted from the contents line, not from the
     * start: a streamed read no longer holds the text before it. The
     * checkpoint then goes back to where it was, so that the next warning
     * (at pos or after) is not counted from the contents through what a
     * streamed read no longer holds either. */
    size_t saved_off = r->doc->warn_off;
    int64_t saved_line = r->doc->warn_line;
    if (r->cont_line && e->ta >= r->cont_off && (!r->doc->warn_line || e->ta < r->doc->warn_off)) {
      r->doc->warn_off = r->cont_off;
      r->doc->warn_line = r->cont_line;
    }
    if ((st = rd__doc_warn(r->doc, e->ta, "heading \"%.*s\" (section %s) is listed in the contents but absent from the body",
                           (int)(e->tb - e->ta), r->s + e->ta, e->id)) < 0)
      return st;
    if (saved_line && saved_off > r->doc->warn_off) {
      r->doc->warn_off = saved_off;
      r->doc->warn_line = saved_line;
    }
  }
  return RD_OK;
}

static const char *arena_id(rd_doc *doc, const char *id) { return rd__arena_strndup(&doc->arena, id, strlen(id)); }

static int tuple_gt(const unsigned *a, unsigned na, const unsigned *b, unsigned nb) {
  for (unsigned i = 0; i < na && i < nb; i++)
    if (a[i] != b[i]) return a[i] > b[i];
  return na > nb;
}

/* Read the contents after the 目次 line: numbered and dashed entries; it
 * ends at the first other line, or at a number that does not go forward
 * (the body's first heading repeats the first entry). Returns the position
 * after the contents. */
static rd_status read_contents(reader *r, size_t pos, size_t *pos_out) {
  const char *s = r->s;
  rd_doc *doc = r->doc;
  unsigned last[MAX_DEPTH], nlast = 0;
  char ids[MAX_DEPTH + 1][24 * 8]; /* id of the latest entry at each level */
  memset(ids, 0, sizeof ids);
  unsigned nchild[MAX_DEPTH + 2] = {0};
  unsigned dash_indent[MAX_DEPTH + 1];
  int dash_level[MAX_DEPTH + 1], ndash = 0;
  int num_level = 0; /* level of the latest numbered entry */
  int clamped = 0;
  tline l;
  while (next_line(doc, pos, &l)) {
    if (l.end == l.start) { pos = l.next; continue; }
    if (l.end - l.start > MAX_HEADING) break;
    prefix p;
    parse_prefix(s, l.start, l.end, &p);
    if (p.hashes || (!p.dash && !p.ncomp) || p.text >= l.end) break;
    int level;
    char id[sizeof ids[0]];
    if (p.ncomp && !p.dash) {
      /* Numbers must go forward: "1." after "4." is the body starting. */
      if (nlast && !tuple_gt(p.comp, p.ncomp, last, nlast)) break;
      memcpy(last, p.comp, p.ncomp * sizeof *last);
      nlast = p.ncomp;
      level = (int)p.ncomp;
      size_t w = 0;
      for (unsigned i = 0; i < p.ncomp && w < sizeof id - 12; i++)
        w += (size_t)snprintf(id + w, sizeof id - w, i ? ".%u" : "%u", p.comp[i]);
      num_level = level;
      ndash = 0;
      nchild[level] = 0;
      if (level > 1) nchild[level - 1] = p.comp[level - 1];
    } else {
      /* Dashed entries nest by indentation under the latest numbered one. */
      while (ndash && l.indent < dash_indent[ndash - 1]) ndash--;
      if (ndash && l.indent == dash_indent[ndash - 1]) level = dash_level[ndash - 1];
      else {
        level = ndash ? dash_level[ndash - 1] + 1 : num_level + 1;
        if (level > MAX_DEPTH) {
          level = MAX_DEPTH;
          if (!clamped++) {
            rd_status st = rd__doc_warn(doc, l.start, "contents nested deeper than %d levels; deeper entries kept at level %d",
                                        MAX_DEPTH, MAX_DEPTH);
            if (st < 0) return st;
          }
        }
        if (ndash < MAX_DEPTH) { dash_indent[ndash] = l.indent; dash_level[ndash] = level; ndash++; }
      }
      unsigned k = ++nchild[level - 1];
      if (level == 1) snprintf(id, sizeof id, "%u", k);
      else {
        /* Parent id + "." + number; an absurdly deep path falls back to the number. */
        int w = snprintf(id, sizeof id, "%s.%u", ids[level - 1], k);
        if (w < 0 || (size_t)w >= sizeof id) snprintf(id, sizeof id, "%u", k);
      }
      nchild[level] = 0;
    }
    memcpy(ids[level], id, sizeof id);
    if (r->nents == r->capents) {
      size_t cap = r->capents ? r->capents * 2 : 16;
      entry *ne = realloc(r->ents, cap * sizeof *ne);
      if (!ne) return rd__oom();
      r->ents = ne;
      r->capents = cap;
    }
    entry *e = &r->ents[r->nents];
    memset(e, 0, sizeof *e);
    e->ta = p.text;
    e->tb = l.end;
    e->level = level;
    e->key = rd__normalize_key(s + p.text, l.end - p.text, &e->klen);
    /* A streamed read's documents come and go: its ids stay with it. */
    rd__arena *ida = r->stream ? &r->ids : &doc->arena;
    if (!e->key || !(e->id = rd__arena_strndup(ida, id, strlen(id)))) { free(e->key); return rd__oom(); }
    r->nents++;
    pos = l.next;
  }
  *pos_out = pos;
  return index_entries(r);
}

/* ---- the pass ------------------------------------------------------------ */

/* A line that cannot be front matter. */
static int structural(reader *r, const tline *l) {
  size_t t;
  unsigned num;
  if (line_label(r->s, l) != L_NONE || parse_reference(r->s, l, &num, &t)) return 1;
  unsigned lv = md_level(r->s, l, &t);
  return lv != 0;
}

/* Markdown statistics: the first line is the title when it is the only
 * heading at its level or above; the shallowest other level becomes 1.
 * Fed one non-blank line at a time (a streamed read feeds the whole
 * article before reading any of it), ended by prescan_end. */
static void prescan_line(reader *r, const char *s, const tline *l) {
  size_t t;
  unsigned lv = md_level(s, l, &t);
  if (lv && line_label(s, l) != L_NONE) lv = 0; /* "## あとがき" is not numbered */
  if (r->pre_first) { r->pre_first = 0; r->pre_first_level = lv; return; }
  if (!lv) return;
  if (!r->pre_min_other || lv < r->pre_min_other) r->pre_min_other = lv;
  if (r->pre_first_level && lv <= r->pre_first_level) r->pre_n_le++;
}

static void prescan_end(reader *r) {
  int fm = !(r->flags & RD_PARSE_NO_FRONT_MATTER);
  unsigned min_other = r->pre_min_other;
  r->md_title = 0;
  if (fm && r->pre_first_level && !r->pre_n_le) r->md_title = 1;
  else if (r->pre_first_level && (!min_other || r->pre_first_level < min_other)) min_other = r->pre_first_level;
  r->md_base = min_other;
}

static rd_status add_heading_top(reader *r, rd_heading_role role, size_t a, size_t b, rd_node **slot) {
  rd_status st;
  rd_node *h = add_block(r, r->doc->root, RD_NODE_HEADING, a, b, &st);
  if (!h) return st;
  h->role = (uint8_t)role;
  *slot = h;
  return RD_OK;
}

/* Title, headline and lead; returns where the body starts. */
static rd_status front_matter(reader *r, size_t *pos, int md_title) {
  tline l1, l2, l3;
  size_t t;
  rd_status st;
  if (!next_nonblank(r->doc, *pos, &l1)) return RD_OK;
  int has2 = next_nonblank(r->doc, l1.next, &l2);
  if (md_title) {
    md_level(r->s, &l1, &t);
    if ((st = add_heading_top(r, RD_HEADING_TITLE, t, l1.end, &r->doc->title)) < 0) return st;
  } else {
    if (!has2 || structural(r, &l1) || ends_with(r->s, &l1, 0)) return RD_OK;
    if ((st = add_heading_top(r, RD_HEADING_TITLE, l1.start, l1.end, &r->doc->title)) < 0) return st;
  }
  *pos = l1.next;
  if (!has2 || structural(r, &l2)) return RD_OK;
  if (!ends_with(r->s, &l2, 0) && next_nonblank(r->doc, l2.next, &l3)) {
    if ((st = add_heading_top(r, RD_HEADING_HEADLINE, l2.start, l2.end, &r->doc->headline)) < 0) return st;
    *pos = l2.next;
    if (structural(r, &l3)) return RD_OK;
    l2 = l3;
  }
  rd_node *lead = add_block(r, r->doc->root, RD_NODE_PARAGRAPH, l2.start, l2.end, &st);
  if (!lead) return st;
  r->doc->lead = lead;
  *pos = l2.next;
  return RD_OK;
}

/* A body line that matches a contents entry at or after the cursor: open
 * it (after synthesising any entries the body skipped). 1 if it did. */
static int try_contents_heading(reader *r, const tline *l, rd_status *st) {
  if (!r->nents || r->cursor >= r->nents || l->end - l->start > MAX_HEADING) return 0;
  prefix p;
  parse_prefix(r->s, l->start, l->end, &p);
  if (p.text >= l->end) return 0;
  size_t klen;
  char *key = rd__normalize_key(r->s + p.text, l->end - p.text, &klen);
  if (!key) { *st = rd__oom(); return 1; }
  size_t e = find_entry(r, key, klen);
  free(key);
  if (e == NONE) return 0;
  if ((*st = synthesise_upto(r, e, l->start)) < 0) return 1;
  entry *en = &r->ents[e];
  r->cursor = e + 1;
  *st = open_section(r, en->level, en->id, 0, l->start, l->end, p.text, l->end);
  return 1;
}

static rd_status md_heading(reader *r, unsigned lv, const tline *l, size_t text) {
  int level = (int)lv - (int)r->md_base + 1;
  int top = r->depth ? r->stack[r->depth - 1]->level : 0;
  if (level < 1) level = 1;
  if (level > top + 1) level = top + 1;  /* "#" then "###": one level deeper, not two */
  prefix p;
  parse_prefix(r->s, text, l->end, &p);  /* a number in the heading is not part of its text */
  size_t ta = p.text < l->end ? p.text : text;
  r->md_count[level]++;
  for (int i = level + 1; i <= MAX_DEPTH; i++) r->md_count[i] = 0;
  char id[MAX_DEPTH * 12];
  size_t w = 0;
  for (int i = 1; i <= level; i++) w += (size_t)snprintf(id + w, sizeof id - w, i > 1 ? ".%u" : "%u", r->md_count[i]);
  const char *aid = arena_id(r->doc, id);
  if (!aid) return rd__oom();
  return open_section(r, level, aid, 0, l->start, l->end, ta, l->end);
}

/* Everything the body left unnamed goes before what ends it. */
static rd_status end_body(reader *r, size_t pos) {
  rd_status st = RD_OK;
  if (!r->afterword) {
    if (r->cursor < r->nents) st = synthesise_upto(r, r->nents, pos);
  }
  close_to(r, 1);
  return st;
}

static rd_status start_references(reader *r, const tline *l) {
  rd_status st;
  rd_node *parent;
  if (r->afterword) {
    parent = r->afterword;
    close_to(r, 2);
    if (r->afterword_refs &&
        (st = rd__doc_warn(r->doc, l->start, "a second Citations list in the afterword; citations resolve to the first")) < 0)
      return st;
    r->afterword_refs = 1;
  } else {
    if ((st = end_body(r, l->start)) < 0) return st;
    parent = r->doc->root;
    if (r->body_refs && (st = rd__doc_warn(r->doc, l->start, "a second Citations list; citations resolve to the first")) < 0)
      return st;
    r->body_refs = 1;
  }
  for (size_t i = 0; i < r->nseen; i++) r->seen[r->seen_list[i] / 8] = 0;
  r->nseen = 0;
  r->refs = rd__node_new(r->doc, RD_NODE_REFERENCES, l->start, l->end);
  if (!r->refs) return rd__oom();
  if ((st = rd__node_append(parent, r->refs)) < 0) return st;
  if (parent == r->afterword) note_end(r, l->end);
  return RD_OK;
}

static rd_status add_reference(reader *r, const tline *l, unsigned num, size_t ta) {
  rd_status st;
  /* Numbers have at most 6 digits: a bitmap finds duplicates in constant time. */
  if (!r->seen && !(r->seen = calloc(1000000 / 8 + 1, 1))) return rd__oom();
  if (r->seen[num / 8] & (1u << (num % 8))) {
    if ((st = rd__doc_warn(r->doc, l->start, "reference [%u] listed twice; citations use the first", num)) < 0) return st;
  } else {
    if (r->nseen == r->capseen) {
      size_t cap = r->capseen ? r->capseen * 2 : 64;
      unsigned *v = realloc(r->seen_list, cap * sizeof *v);
      if (!v) return rd__oom();
      r->seen_list = v;
      r->capseen = cap;
    }
    r->seen_list[r->nseen++] = num;
    r->seen[num / 8] |= (unsigned char)(1u << (num % 8));
  }
  rd_node *ref = rd__node_new(r->doc, RD_NODE_REFERENCE, l->start, l->end);
  if (!ref) return rd__oom();
  ref->number = num;
  if ((st = rd__node_set_text(ref, r->s + ta, l->end - ta)) < 0 || (st = rd__node_append(r->refs, ref)) < 0) return st;
  r->refs->end = l->end;
  if (r->afterword) note_end(r, l->end);
  return RD_OK;
}

rd_status rd__read_lines(rd_doc *doc) {
  const char *s = doc->src;
  size_t n = doc->src_len, i = 0;
  if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n) {
    const char *nl = memchr(s + i, '\n', n - i);
    size_t e = nl ? (size_t)(nl - s) : n;
    size_t b = e;
    if (b > i && s[b - 1] == '\r') b--;
    rd_node *p = rd__node_new(doc, RD_NODE_PARAGRAPH, i, b);
    if (!p) return rd__oom();
    rd_status st = rd__node_set_text(p, s + i, b - i);
    if (st < 0 || (st = rd__node_append(doc->root, p)) < 0) return st;
    /* One line is one sentence: `reader furigana` promises one output line per input line. */
    rd_node *sent = rd__node_new(doc, RD_NODE_SENTENCE, i, b);
    if (!sent) return rd__oom();
    if ((st = rd__node_set_text(sent, s + i, b - i)) < 0 || (st = rd__node_append(p, sent)) < 0) return st;
    i = e + 1;
  }
  return RD_OK;
}

/* ---- Aozora Bunko text ------------------------------------------------------ */

/* memmem, not a memcmp at each byte: is_aozora asks it twice over every
 * document (11.7 M instructions of 3,000 short articles' 150 M parse). */
static int has(const char *s, size_t a, size_t b, const char *w) {
  return b > a && memmem(s + a, b - a, w, strlen(w)) != NULL;
}

/* An Aozora Bunko file: its notes ［＃…］ or its header's symbol legend.
 * Each is looked for from the first ［ or 【 (marks, when known). */
static int is_aozora(const rd_doc *doc, const size_t *marks) {
  size_t n = doc->src_len < (1u << 20) ? doc->src_len : (1u << 20); /* the header and first notes suffice */
  return has(doc->src, marks ? marks[0] : 0, n, "\xEF\xBC\xBB\xEF\xBC\x83" /* ［＃ */) ||
         has(doc->src, marks ? marks[1] : 0, n, "【テキスト中に現れる記号について】");
}

static int dashes(const char *s, const tline *l) {
  if (l->end - l->start < 10) return 0;
  for (size_t j = l->start; j < l->end; j++)
    if (s[j] != '-') return 0;
  return 1;
}

/* 大見出し 1, 中見出し 2, 小見出し 3, in either form: 「…」は大見出し］ after
 * the text, or ［＃大見出し］…［＃大見出し終わり］ around it. */
static unsigned aozora_heading(const char *s, const tline *l) {
  static const char *const w[] = {"大見出し］", "中見出し］", "小見出し］"};
  for (unsigned i = 0; i < 3; i++)
    if (has(s, l->start, l->end, w[i])) return i + 1;
  return 0;
}

/* Whether the line holds nothing but notes (［＃改ページ］, ［＃ここから２字下げ］). */
static int only_notes(rd_doc *doc, const tline *l) {
  size_t i = l->start, bar = (size_t)-1;
  rd_status st = RD_OK;
  while (i < l->end) {
    const char *p = doc->src + i;
    if (l->end - i < 6 || memcmp(p, "\xEF\xBC\xBB\xEF\xBC\x83", 6)) return 0;
    size_t k = rd__inline_reading_at(doc, i, i, l->end, &bar, &st);
    if (!k) return 0;
    i = skip_ws(doc->src, i + k, l->end);
  }
  return 1;
}

/* Title and author (the header's first lines, up to a blank line: the
 * author is the byline), the symbol legend between dashed lines left out,
 * headings from the heading notes, the 底本 colophon left out. */
static rd_status read_aozora(reader *r) {
  rd_doc *doc = r->doc;
  const char *s = r->s;
  rd_status st = RD_OK;
  tline l;
  size_t pos = 0;
  r->md_base = 1;
  if (next_nonblank(doc, 0, &l) && !dashes(s, &l) && !aozora_heading(s, &l)) {
    if ((st = add_heading_top(r, RD_HEADING_TITLE, l.start, l.end, &doc->title)) < 0) return st;
    pos = l.next;
    rd__buf by = RD__BUF_INIT;
    while (next_line(doc, pos, &l) && l.end > l.start && !dashes(s, &l)) {
      if (by.len) rd__buf_puts(&by, " ");
      rd__buf_put(&by, s + l.start, l.end - l.start);
      pos = l.next;
    }
    if (by.len && !(doc->byline = rd__doc_intern(doc, by.ptr, by.len))) st = rd__oom();
    if (by.oom) st = rd__oom();
    rd__buf_dispose(&by);
    if (st < 0) return st;
  }
  while (next_line(doc, pos, &l)) {
    pos = l.next;
    if (l.end == l.start) continue;
    if (dashes(s, &l)) { /* the legend: to the closing dashes */
      tline m;
      size_t q = pos;
      while (next_line(doc, q, &m) && !dashes(s, &m)) q = m.next;
      if (next_line(doc, q, &m)) pos = m.next;
      continue;
    }
    if (l.end - l.start >= 9 && !memcmp(s + l.start, "底本：", 9)) break;
    unsigned lv = aozora_heading(s, &l);
    if (lv) {
      if ((st = md_heading(r, lv, &l, l.start)) < 0) return st;
      continue;
    }
    if (only_notes(doc, &l)) continue;
    if (!add_block(r, container(r), RD_NODE_PARAGRAPH, l.start, l.end, &st)) return st;
    note_end(r, l.end);
  }
  close_to(r, 1);
  while (r->depth) pop_section(r);
  return RD_OK;
}

/* ---- the pass, a line at a time ------------------------------------------ */

/* Whether `count` non-blank lines start at or after pos in what is read
 * so far (the front matter looks three ahead). */
static int nonblank_visible(const rd_doc *doc, size_t pos, int count) {
  tline l;
  while (count > 0 && next_nonblank(doc, pos, &l)) { count--; pos = l.next; }
  return count == 0;
}

/* Whether the contents after the 目次 line ending at pos are read up to
 * the line that ends them: read_contents looks ahead that far. A superset
 * of its own stop rule (it also stops at a number that goes back). */
static int contents_visible(const rd_doc *doc, size_t pos) {
  tline l;
  while (next_line(doc, pos, &l)) {
    pos = l.next;
    if (l.end == l.start) continue;
    if (l.end - l.start > MAX_HEADING) return 1;
    prefix p;
    parse_prefix(doc->src, l.start, l.end, &p);
    if (p.hashes || (!p.dash && !p.ncomp) || p.text >= l.end) return 1;
  }
  return 0;
}

/* Line of byte `off`, counted from the document's warning checkpoint
 * when it is before off (so a streamed block counts from its own start),
 * which then moves to off. */
static int64_t line_at(rd_doc *doc, size_t off) {
  size_t from = 0;
  int64_t line = 1;
  if (doc->warn_line && off >= doc->warn_off) { from = doc->warn_off; line = doc->warn_line; }
  for (const char *p = doc->src + from; (p = memchr(p, '\n', (size_t)(doc->src + off - p))) != NULL; p++) line++;
  doc->warn_off = off;
  doc->warn_line = line;
  return line;
}

/* One non-blank body line; *pos is after it (after the contents when it
 * opens them). RD__TEXT_MORE: the contents are not read in full yet, and
 * nothing was done. */
static rd_status read_line(reader *r, const tline *lp, size_t *pos, int eof) {
  rd_doc *doc = r->doc;
  const tline l = *lp;
  rd_status st;
  enum label lab = line_label(r->s, &l);
  unsigned num;
  size_t ta;
  if (r->refs) {
    if (parse_reference(r->s, &l, &num, &ta)) return add_reference(r, &l, num, ta);
    r->refs = NULL;
  }
  if (lab == L_CONTENTS && !r->contents_seen && !r->afterword) {
    if (!eof && !contents_visible(doc, *pos)) return RD__TEXT_MORE;
    r->contents_seen = 1;
    r->cont_off = l.start;
    r->cont_line = line_at(doc, l.start);
    if ((st = read_contents(r, *pos, pos)) < 0) return st;
    r->cont_end = *pos;
    if (!r->nents && (st = rd__doc_warn(doc, l.start, "contents (目次) with no entries")) < 0) return st;
    return RD_OK;
  }
  if (lab == L_CITATIONS) return start_references(r, &l);
  if (lab == L_AFTERWORD && !r->afterword) {
    if ((st = end_body(r, l.start)) < 0) return st;
    size_t t = l.start;
    prefix p;
    parse_prefix(r->s, l.start, l.end, &p);
    if (p.hashes) t = p.text;
    size_t te = l.end;
    /* The heading's text is あとがき without a trailing colon. */
    while (te > t) {
      size_t q = cp_before(r->s, t, te);
      uint32_t c;
      if (rd__utf8_decode(r->s + q, te - q, &c) && (c == ':' || c == 0xFF1A || is_ws_cp(c))) te = q; else break;
    }
    if ((st = open_section(r, 1, "afterword", RD__NODE_AFTERWORD, l.start, l.end, t, te)) < 0) return st;
    r->afterword = r->stack[r->depth - 1];
    return RD_OK;
  }
  if (r->afterword) {
    rd_node_kind kind = RD_NODE_PARAGRAPH;
    if (!r->have_question && ends_with(r->s, &l, 1)) { kind = RD_NODE_QUESTION; r->have_question = 1; }
    if (!add_block(r, container(r), kind, l.start, l.end, &st)) return st;
    note_end(r, l.end);
    return RD_OK;
  }
  if (r->nents) {
    if (try_contents_heading(r, &l, &st)) return st;
  } else if (r->md_base) {
    size_t t;
    unsigned lv = md_level(r->s, &l, &t);
    if (lv) return md_heading(r, lv, &l, t);
  }
  if (!add_block(r, container(r), RD_NODE_PARAGRAPH, l.start, l.end, &st)) return st;
  note_end(r, l.end);
  return RD_OK;
}

static void reader_init(reader *r, unsigned flags) {
  memset(r, 0, sizeof *r);
  r->flags = flags;
  r->pre_first = 1;
  rd__arena_init(&r->ids);
}

rd_status rd__text_reader_new(rd__text_reader **out, unsigned flags) {
  *out = malloc(sizeof **out);
  if (!*out) return rd__oom();
  reader_init(*out, flags);
  (*out)->stream = 1;
  return RD_OK;
}

void rd__text_reader_free(rd__text_reader *r) {
  if (!r) return;
  reader_dispose(r);
  free(r);
}

static void prescan_lines(rd__text_reader *r, const char *s, size_t a, size_t b) {
  tline l;
  for (size_t pos = a; next_line_in(s, b, pos, &l); pos = l.next)
    if (l.end > l.start) prescan_line(r, s, &l);
}

void rd__text_prescan(rd__text_reader *r, const char *s, size_t a, size_t b) {
  /* An Aozora Bunko file is told by its first MiB (is_aozora). */
  size_t az = b < (1u << 20) ? b : (1u << 20);
  if (a < az && (has(s, a, az, "\xEF\xBC\xBB\xEF\xBC\x83") || has(s, a, az, "【テキスト中に現れる記号について】")))
    r->pre_aozora = 1;
  prescan_lines(r, s, a, b);
}

int rd__text_prescan_end(rd__text_reader *r) {
  prescan_end(r);
  return !r->pre_aozora;
}

rd_status rd__text_reader_block(rd__text_reader *r, rd_doc *doc, size_t *pos_io, size_t limit, int eof) {
  rd_status st;
  size_t pos = *pos_io;
  tline l;
  r->doc = doc;
  r->s = doc->src;
  if (!r->started) {
    if (!eof && !nonblank_visible(doc, pos, 3)) return RD__TEXT_MORE;
    r->started = 1;
    if (!(r->flags & RD_PARSE_NO_FRONT_MATTER) && (st = front_matter(r, &pos, r->md_title)) < 0) return st;
  }
  while (next_line(doc, pos, &l)) {
    if (l.end == l.start) { pos = l.next; continue; }
    if (pos >= limit) {
      /* A cut here must not split a Citations list: the next block would
       * start a list of its own (a blank line more in the text view). A
       * line that is no reference would end the list anyway. */
      unsigned num;
      size_t ta;
      if (!r->refs || !parse_reference(r->s, &l, &num, &ta)) { r->refs = NULL; break; }
    }
    size_t next = l.next;
    if ((st = read_line(r, &l, &next, eof)) < 0) return st;
    if (st == RD__TEXT_MORE) { *pos_io = pos; return st; }
    pos = next;
  }
  *pos_io = pos;
  /* At the end of what is read: short of the limit, or in a Citations
   * list that the next line may go on. */
  if (!eof && (pos < limit || r->refs)) return RD__TEXT_MORE;
  return RD_OK;
}

rd_status rd__text_reader_detach(rd__text_reader *r) {
  r->saved_afterword = 0;
  for (int d = 0; d < r->depth; d++) {
    const rd_node *sec = r->stack[d];
    r->saved[d].level = sec->level;
    r->saved[d].flags = sec->flags;
    r->saved[d].start = sec->start;
    r->saved[d].end = sec->end;
    r->saved[d].id = NULL;
    if (sec->id && !(r->saved[d].id = rd__arena_strndup(&r->ids, sec->id, strlen(sec->id)))) return rd__oom();
    if (sec == r->afterword) r->saved_afterword = d + 1;
    r->stack[d] = NULL;
  }
  r->refs = NULL; /* a block never ends inside a list (rd__text_reader_block) */
  r->detached = 1;
  r->doc = NULL;
  return RD_OK;
}

rd_status rd__text_reader_rebase(rd__text_reader *r, rd_doc *doc) {
  if (!r->detached) return rd__error(RD_EINVALID, -1, 0, "rd__text_reader_rebase: the reader was not detached");
  rd_node *parent = doc->root;
  for (int d = 0; d < r->depth; d++) {
    /* The section goes on in this document, without its heading (written
     * with the block that opened it). */
    rd_node *sec = rd__node_new(doc, RD_NODE_SECTION, r->saved[d].start, r->saved[d].end);
    if (!sec) return rd__oom();
    sec->level = r->saved[d].level;
    sec->flags = r->saved[d].flags;
    sec->id = r->saved[d].id;
    rd_status st = rd__node_append(parent, sec);
    if (st < 0) return st;
    r->stack[d] = sec;
    parent = sec;
  }
  /* The afterword goes on in its continued section; once read, it is
   * never unset (the document's root stands in should it be closed). */
  if (r->afterword) r->afterword = r->saved_afterword ? r->stack[r->saved_afterword - 1] : doc->root;
  r->detached = 0;
  r->doc = doc;
  r->s = doc->src;
  return RD_OK;
}

rd_status rd__text_reader_end(rd__text_reader *r, rd_doc *doc) {
  r->doc = doc;
  r->s = doc->src;
  rd_status st = end_body(r, doc->src_len);
  while (r->depth) pop_section(r);
  return st;
}

void rd__text_reader_contents(const rd__text_reader *r, size_t *start, size_t *end, int64_t *line) {
  *start = r->cont_off;
  *end = r->contents_seen ? r->cont_end : r->cont_off;
  *line = r->cont_line;
}

rd_status rd__read_text(rd_doc *doc, unsigned flags, const size_t marks[2]) {
  reader r;
  reader_init(&r, flags);
  r.doc = doc;
  r.s = doc->src;
  rd_status st;
  if (is_aozora(doc, marks)) {
    st = read_aozora(&r);
  } else {
    /* is_aozora has just asked the prescan's question over the same first
     * MiB: asking it again cost two more memmem over every document (4.7 M
     * instructions of 3,000 short articles). */
    prescan_lines(&r, doc->src, 0, doc->src_len);
    prescan_end(&r);
    size_t pos = 0;
    st = rd__text_reader_block(&r, doc, &pos, SIZE_MAX, 1);
    if (st >= 0) st = rd__text_reader_end(&r, doc);
  }
  reader_dispose(&r);
  return st;
}
