/* Editorial readings: after MeCab has segmented, the tokens covered by a
 * ruby span the source's editors gave take the editors' reading. MeCab's
 * segmentation stays; only reading, ruby and flags of those tokens change.
 *
 * How a reading is spread over tokens: the editors' reading is aligned to
 * its base text per kanji (rd__align, like the analyzer's ruby), so each
 * kanji (or jukujikun group) of the base has its piece of the reading and
 * each kana of the base reads as itself. A token then reads, byte by byte:
 * the editors' pieces where a span covers it, its own furigana segments
 * (MeCab's) and its kana elsewhere (止 of 止まる: と + まる). A span over
 * several tokens (北海道 as 北海 + 道) is cut at the token boundaries; a
 * group that cannot be cut there (a jukujikun split by MeCab) goes whole
 * to the token where it starts. A token whose own reading cannot be
 * rebuilt around the span (a MeCab segment half inside it) keeps MeCab's
 * reading, as does a span whose reading does not fit its base. */
#include <stdlib.h>
#include <string.h>

#include "editorial.h"
#include "kana_internal.h"
#include "reader/align.h"
#include "reader/doc.h"

int rd__ruby_reading_ok(const char *s, size_t len) {
  if (!len || len >= RD__RUBY_READING_MAX) return 0;
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t k = rd__utf8_decode(s + i, len - i, &c);
    /* Hiragana as rd__kana_to_hiragana_inplace leaves it: a katakana
     * letter would have been folded, so it is not in canonical form. */
    if (!k || !rd__kana_is_kana(c) || (c >= 0x30A1 && c <= 0x30FA)) return 0;
    i += k;
  }
  return 1;
}

rd_status rd__doc_add_ruby_span(rd_doc *doc, size_t start, size_t end, const char *reading, size_t len,
                                unsigned flags) {
  if (start >= end || !reading || !len) return RD_OK;
  char buf[RD__RUBY_READING_MAX];
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    if ((unsigned char)reading[i] <= ' ') continue;
    /* No ruby reading is 85 kana long: such an rt is markup gone wrong.
     * Dropping it beats cutting it, which could split a character. */
    if (n + 1 >= sizeof buf) return RD_OK;
    buf[n++] = reading[i];
  }
  if (!n) return RD_OK;
  buf[n] = 0;
  n = rd__kana_to_hiragana_inplace(buf, n);
  buf[n] = 0;
  /* An rt that is not kana (an English gloss over a word, a kanji note,
   * a U+3000) is not a reading: it is not kept, so that every span the
   * XML writes reads back (read_xml.c refuses other readings). */
  if (!rd__ruby_reading_ok(buf, n)) return RD_OK;
  /* Kept sorted by start and without overlaps (the XML reader refuses
   * any other list): the readers add in source order, so the place is
   * nearly always the end. A span overlapping one already kept is
   * dropped: the first the source gave wins (nested ruby reads by the
   * inner one, whose rt comes first). */
  size_t at = doc->nruby_spans;
  while (at && doc->ruby_spans[at - 1].start >= end) at--;
  if (at && doc->ruby_spans[at - 1].end > start) return RD_OK;
  if (at < doc->nruby_spans && doc->ruby_spans[at].start < end) return RD_OK;
  if (doc->nruby_spans == doc->capruby_spans) {
    size_t cap = doc->capruby_spans ? doc->capruby_spans * 2 : 16;
    rd__ruby_span *v = rd__arena_alloc(&doc->arena, cap * sizeof *v);
    if (!v) return rd__oom();
    if (doc->nruby_spans) memcpy(v, doc->ruby_spans, doc->nruby_spans * sizeof *v);
    doc->ruby_spans = v;
    doc->capruby_spans = cap;
  }
  const char *r = rd__doc_intern(doc, buf, n);
  if (!r) return rd__oom();
  memmove(doc->ruby_spans + at + 1, doc->ruby_spans + at, (doc->nruby_spans - at) * sizeof *doc->ruby_spans);
  doc->nruby_spans++;
  rd__ruby_span *sp = &doc->ruby_spans[at];
  sp->start = start;
  sp->end = end;
  sp->reading = r;
  sp->flags = flags;
  return RD_OK;
}

size_t rd_doc_ruby_span_count(const rd_doc *doc) { return doc ? doc->nruby_spans : 0; }

const char *rd_doc_ruby_span_at(size_t *start_out, size_t *end_out, bool *guessed_out, const rd_doc *doc, size_t i) {
  if (!doc || i >= doc->nruby_spans) return NULL;
  const rd__ruby_span *sp = &doc->ruby_spans[i];
  if (start_out) *start_out = sp->start;
  if (end_out) *end_out = sp->end;
  if (guessed_out) *guessed_out = (sp->flags & RD__RUBY_GUESSED) != 0;
  return sp->reading;
}

/* One piece of a token's new reading: source bytes [a, b) read as
 * reading (a kanji group, then a ruby segment) or as their own kana. */
typedef struct piece {
  size_t a, b;
  const char *reading; /* NULL: kana, read as itself */
  size_t rlen;
} piece;

typedef struct pieces {
  piece *v;
  size_t n, cap;
} pieces;

static int push(pieces *p, size_t a, size_t b, const char *r, size_t rlen) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? p->cap * 2 : 16;
    piece *v = realloc(p->v, cap * sizeof *v);
    if (!v) return -1;
    p->v = v;
    p->cap = cap;
  }
  piece x = {a, b, r, rlen};
  p->v[p->n++] = x;
  return 0;
}

/* Whether source [a, b) is all kana (read as itself). */
static int all_kana(const char *s, size_t a, size_t b) {
  while (a < b) {
    uint32_t c;
    size_t k = rd__kana_fold(s + a, b - a, &c);
    if (!k || !rd__kana_is_kana(c)) return 0;
    a += k;
  }
  return 1;
}

/* The reading of a token from its current lex: concatenated over its bytes. */
static const char *tok_reading(const rd__token *t) { return t->lex->reading ? t->lex->reading : ""; }

/* For a guessed base (the kanji run before 《》 or （）): the tokens the
 * reading belongs to. Longest first, a run of whole tokens ending at the
 * span's end whose MeCab readings already spell the reading (停電 in
 * 大規模停電（ていでん）); else the whole run if the reading aligns to it;
 * else the shortest tail of tokens it aligns to. 0 if none. */
static int narrow(const rd_doc *doc, const rd__token *tv, size_t t0, size_t t1, rd__ruby_span *sp) {
  const char *r = sp->reading;
  size_t rl = strlen(r);
  for (size_t i = t0; i < t1; i++) {
    if (tv[i].start < sp->start || rd__tok_end(&tv[t1 - 1]) != sp->end) continue;
    size_t off = 0;
    int ok = 1;
    for (size_t j = i; j < t1 && ok; j++) {
      const char *x = tok_reading(&tv[j]);
      size_t xl = strlen(x);
      if (off + xl > rl || memcmp(r + off, x, xl)) ok = 0;
      off += xl;
    }
    if (ok && off == rl) { sp->start = tv[i].start; return 1; }
  }
  rd_ruby *segs = NULL;
  size_t n = 0;
  if (rd__align(&segs, &n, doc->src + sp->start, sp->end - sp->start, r, rl, RD_ALIGN_PER_KANJI, NULL) == RD_OK) {
    rd_free(segs);
    return 1;
  }
  rd_error_clear();
  for (size_t i = t1; i-- > t0;) {
    size_t a = tv[i].start > sp->start ? tv[i].start : sp->start;
    if (rd__align(&segs, &n, doc->src + a, sp->end - a, r, rl, RD_ALIGN_PER_KANJI, NULL) == RD_OK) {
      rd_free(segs);
      sp->start = a;
      return 1;
    }
    rd_error_clear();
  }
  return 0;
}

/* The pieces of one span (source offsets), from its reading aligned to
 * its base; -1 on OOM, 0 if the reading does not fit the base. */
static int span_pieces(rd_doc *doc, const rd__ruby_span *sp, pieces *out) {
  rd_ruby *segs = NULL;
  size_t n = 0;
  const char *base = doc->src + sp->start;
  size_t blen = sp->end - sp->start;
  rd_status st = rd__align(&segs, &n, base, blen, sp->reading, strlen(sp->reading), RD_ALIGN_PER_KANJI, NULL);
  if (st == RD_ENOMEM) return -1;
  if (st < 0) {
    rd_error_clear();
    /* The base holds no kana to anchor on but the aligner refused (for
     * instance a Latin or digit base): the whole base reads as given. */
    if (all_kana(base, 0, blen)) return 0;
    return push(out, sp->start, sp->end, sp->reading, strlen(sp->reading)) < 0 ? -1 : 1;
  }
  size_t pos = 0;
  int rc = 1;
  for (size_t i = 0; i < n && rc > 0; i++) {
    if (segs[i].start > pos && push(out, sp->start + pos, sp->start + segs[i].start, NULL, 0) < 0) rc = -1;
    /* the aligner's readings live in segs, freed below: keep interned copies */
    const char *r = rc > 0 ? rd__doc_intern(doc, segs[i].reading, segs[i].reading_len) : NULL;
    if (rc > 0 && (!r || push(out, sp->start + segs[i].start, sp->start + segs[i].start + segs[i].len, r,
                              segs[i].reading_len) < 0))
      rc = -1;
    pos = segs[i].start + segs[i].len;
  }
  if (rc > 0 && pos < blen && push(out, sp->start + pos, sp->end, NULL, 0) < 0) rc = -1;
  rd_free(segs);
  return rc;
}

/* Rebuild token t from the editors' pieces ep[0..n) that start inside it
 * (sorted): its own segments and kana fill the rest. 0: left as it was. */
static int apply_token(rd_doc *doc, rd__token *t, const piece *ep, size_t n, rd__buf *rb, rd_ruby *segs,
                       size_t *nsegs) {
  const rd__lex *lx = t->lex;
  const char *s = doc->src;
  size_t pos = t->start, k = 0, ns = 0;
  size_t own = 0; /* next own segment */
  rb->len = 0;
  size_t *roff = (size_t *)(void *)(segs + (n + lx->ruby_count)); /* reading offsets of segs, see caller */
  while (pos < rd__tok_end(t)) {
    if (k < n && ep[k].a <= pos) {
      const piece *p = &ep[k++];
      size_t b = p->b < rd__tok_end(t) ? p->b : rd__tok_end(t); /* a group cut at the boundary stays on this token */
      if (p->reading) {
        segs[ns].version = RD_RUBY_VERSION;
        segs[ns].start = pos - t->start;
        segs[ns].len = b - pos;
        roff[ns] = rb->len;
        segs[ns].reading_len = p->rlen;
        ns++;
        rd__buf_put(rb, p->reading, p->rlen);
      } else {
        size_t l0 = rb->len;
        rd__buf_put(rb, s + pos, b - pos);
        if (!rb->oom) rb->len = l0 + rd__kana_to_hiragana_inplace(rb->ptr + l0, b - pos);
      }
      pos = b;
      continue;
    }
    size_t lim = k < n ? ep[k].a : rd__tok_end(t);
    while (own < lx->ruby_count && t->start + lx->ruby[own].start < pos) own++;
    if (own < lx->ruby_count && t->start + lx->ruby[own].start == pos) {
      const rd_ruby *o = &lx->ruby[own++];
      if (pos + o->len > lim) return 0; /* MeCab's group runs into the span: cannot rebuild */
      segs[ns] = *o;
      roff[ns] = rb->len;
      ns++;
      rd__buf_put(rb, o->reading, o->reading_len);
      pos += o->len;
      continue;
    }
    uint32_t c;
    size_t kk = rd__kana_fold(s + pos, rd__tok_end(t) - pos, &c);
    if (!kk || !rd__kana_is_kana(c)) {
      /* Neither kana nor under a segment: only a token the spans cover
       * whole can be rebuilt then (its MeCab reading is no guide). */
      return 0;
    }
    size_t l0 = rb->len;
    rd__buf_put(rb, s + pos, kk);
    if (!rb->oom) rb->len = l0 + rd__kana_to_hiragana_inplace(rb->ptr + l0, kk);
    pos += kk;
  }
  if (rb->oom) return -1;
  *nsegs = ns;
  return 1;
}

rd_status rd__doc_apply_editorial(rd_doc *doc) {
  if (!doc->nruby_spans || !doc->ntokens) return RD_OK;
  rd__token *tv = doc->tokens;
  size_t nt = doc->ntokens;
  pieces ps = {0};
  rd_status st = RD_OK;
  /* 1. Every span's pieces, in source order (the list is sorted and
   *    without overlaps, rd__doc_add_ruby_span; narrowing only moves a
   *    start forward, so it stays so). */
  size_t t = 0, last_end = 0;
  for (size_t i = 0; i < doc->nruby_spans && st >= 0; i++) {
    rd__ruby_span *sp = &doc->ruby_spans[i];
    if (sp->start < last_end) continue;
    while (t < nt && rd__tok_end(&tv[t]) <= sp->start) t++;
    size_t t1 = t;
    while (t1 < nt && tv[t1].start < sp->end) t1++;
    if (t1 == t) continue; /* no token under it (white space, a dropped block) */
    if ((sp->flags & RD__RUBY_GUESSED) && !narrow(doc, tv, t, t1, sp)) continue;
    int rc = span_pieces(doc, sp, &ps);
    if (rc < 0) st = rd__oom();
    else if (rc > 0) last_end = sp->end;
  }
  /* 2. Each token the pieces touch, rebuilt. */
  rd__buf rb = RD__BUF_INIT;
  size_t k = 0;
  for (t = 0; t < nt && k < ps.n && st >= 0; t++) {
    rd__token *tk = &tv[t];
    while (k < ps.n && ps.v[k].b <= tk->start) k++;
    if (k == ps.n || ps.v[k].a >= rd__tok_end(tk)) continue;
    /* A piece begun in the previous token (a group cut there) does not
     * read again here: its bytes read as this token's own. */
    size_t k0 = k;
    if (ps.v[k0].a < tk->start) k0++;
    size_t k1 = k0;
    while (k1 < ps.n && ps.v[k1].a < rd__tok_end(tk)) k1++;
    if (k1 == k0) continue;
    const rd__lex *lx = tk->lex;
    size_t cap = (k1 - k0) + lx->ruby_count;
    rd_ruby *segs = malloc(cap * (sizeof *segs + sizeof(size_t)) + 1);
    if (!segs) { st = rd__oom(); break; }
    size_t ns = 0;
    int rc = apply_token(doc, tk, ps.v + k0, k1 - k0, &rb, segs, &ns);
    if (rc < 0) st = rd__oom();
    if (rc > 0) {
      const char *reading = rd__doc_intern(doc, rb.ptr ? rb.ptr : "", rb.len);
      size_t *roff = (size_t *)(void *)(segs + cap);
      for (size_t j = 0; reading && j < ns; j++) segs[j].reading = reading + roff[j];
      /* Segment readings point into the whole reading; rd__doc_lex interns
       * each as a NUL-terminated string, so copy them out first. */
      const char **own = malloc((ns ? ns : 1) * sizeof *own);
      for (size_t j = 0; reading && own && j < ns; j++) {
        own[j] = rd__doc_intern(doc, segs[j].reading, segs[j].reading_len);
        if (!own[j]) { reading = NULL; break; }
        segs[j].reading = own[j];
      }
      if (!reading || !own) st = rd__oom();
      else {
        rd__lex proto = *lx;
        proto.reading = reading;
        if (!lx->reading || strcmp(lx->reading, reading)) {
          if (!(lx->flags & (RD_TOKEN_RULE | RD_TOKEN_OVERRIDE))) {
            proto.orig_reading = lx->reading;
            proto.rule = "editorial";
          }
          proto.pron = NULL; /* MeCab's pronunciation was of its reading */
        }
        proto.flags = (lx->flags | RD_TOKEN_EDITORIAL) & ~RD_TOKEN_UNKNOWN;
        proto.ruby = segs;
        proto.ruby_count = ns;
        proto.groups = NULL;
        proto.group_count = 0;
        proto.glosses = NULL;
        proto.gloss_count = 0;
        const rd__lex *nl = rd__doc_lex(doc, &proto);
        if (!nl) st = rd__oom();
        else tk->lex = nl;
      }
      free(own);
    }
    free(segs);
    k = k1 ? k1 - 1 : 0; /* the last piece may run on into the next token */
  }
  rd__buf_dispose(&rb);
  free(ps.v);
  return st;
}
