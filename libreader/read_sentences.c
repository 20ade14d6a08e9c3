/* Sentence splitting for every reader: a sentence ends at 。！？!? (and a
 * '.' followed by space), closing quotes and brackets stay with it, a
 * terminator inside a quotation 「…。」 does not end the outer sentence, and
 * inline citation markers [n] leave the text to become CITATION nodes. */
#include <stdlib.h>
#include <string.h>

#include "doc_build.h"
#include "model.h"
#include "readers_internal.h"

static int is_space_cp(uint32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xFEFF || c == 0xA0;
}

static int is_terminator(uint32_t c) {
  return c == 0x3002 /* 。 */ || c == 0xFF01 /* ！ */ || c == 0xFF1F /* ？ */ || c == '!' || c == '?' ||
         c == 0xFF61 /* ｡ */ || c == 0x2026 /* … */;
}

static int is_closer(uint32_t c) {
  switch (c) {
  case 0x300D: case 0x300F: case 0xFF09: case ')': case 0xFF3D: case 0x3011: case 0x3009: case 0x300B:
  case 0x3015: case 0x3017: case 0x3019: case '"': case '\'': case 0x201D: case 0x2019: case 0xFF63: case ']':
    return 1;
  }
  return 0;
}

static uint32_t digit_val(uint32_t c) { return c >= 0xFF10 ? c - 0xFF10 : c - '0'; }

/* If a citation marker [n] (ASCII or full-width brackets/digits) starts at
 * s[i], return its byte length and store n; else 0. */
typedef struct marks { const size_t *v; size_t n; } marks;

static int is_mark(const marks *mk, size_t i) {
  size_t lo = 0, hi = mk->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (mk->v[mid] < i) lo = mid + 1; else hi = mid;
  }
  return lo < mk->n && mk->v[lo] == i;
}

/* Whether s[i] can open a citation marker: '[' or the lead byte of ［
 * (EF BC BB). The splitter asks at every character, so this test comes
 * before the reader's marker list is searched. */
static inline int may_open_marker(const char *s, size_t i) {
  unsigned char c = (unsigned char)s[i];
  return c == '[' || c == 0xEF;
}

static size_t marker_at(const marks *mk, const char *s, size_t i, size_t end, unsigned *num) {
  uint32_t c;
  if (!may_open_marker(s, i)) return 0;
  if (mk && !is_mark(mk, i)) return 0; /* only the reader's own markers are citations */
  size_t k = rd__utf8_decode(s + i, end - i, &c);
  if (!k || (c != '[' && c != 0xFF3B)) return 0;
  size_t j = i + k;
  unsigned v = 0;
  int digits = 0;
  while (j < end) {
    k = rd__utf8_decode(s + j, end - j, &c);
    if (!k || !rd__is_digit(c)) break;
    if (++digits > 6) return 0;
    v = v * 10 + digit_val(c);
    j += k;
  }
  if (!digits || j >= end) return 0;
  k = rd__utf8_decode(s + j, end - j, &c);
  if (!k || (c != ']' && c != 0xFF3D)) return 0;
  *num = v;
  return j + k - i;
}

/* Bytes of the character whose lead byte is b (the readers validated the
 * text; a stray continuation byte counts as one). */
static inline size_t lead_len(unsigned char b) { return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4; }

/* By lead byte, the length of a character that can neither end, quote
 * nor close a sentence nor open a marker, so the splitter steps over it
 * without decoding it; 0 for the lead bytes of those that may: ( ) ! ? .
 * [ ] " ' (ASCII), E2 (… ” ’), EF (！ ？ （ ） ［ ］ ｡ ｣ ．), and bytes no valid
 * text starts with. E3 also leads 、。「」『』 (E3 80 xx): the caller
 * looks at the second byte. Text is valid UTF-8 here (the readers
 * validated it), so a lead byte tells the length. */
static const unsigned char plain_len[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
  3, 3, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 0, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

/* Whether s[i] may start something a sentence's text leaves out: a marker
 * ([ or ［), an inline reading or note (（ ｜ ［ 《), the only characters
 * where emit_sentence() looks (marker_at(), rd__inline_reading_at()).
 * Other full-width characters (digits, ！, ）) are EF too, and common. */
static inline int may_leave_text(const char *s, size_t i, size_t end) {
  unsigned char lb = (unsigned char)s[i];
  if (lb == '[') return 1;
  if (end - i < 3) return 0;
  unsigned char b1 = (unsigned char)s[i + 1], b2 = (unsigned char)s[i + 2];
  if (lb == 0xEF) return (b1 == 0xBC && (b2 == 0xBB || b2 == 0x88)) || (b1 == 0xBD && b2 == 0x9C);
  return lb == 0xE3 && b1 == 0x80 && b2 == 0x8A;
}

typedef struct piecebuf {
  rd__piece p[64];
  size_t n;
} piecebuf;

typedef struct pending_cit {
  size_t start, end, text_off;
  unsigned num;
} pending_cit;

/* Append the pending markers to the sentence as CITATION nodes. */
static rd_status add_citations(rd_doc *doc, rd_node *sent, const pending_cit *cits, size_t n) {
  for (size_t k = 0; k < n; k++) {
    rd_node *c = rd__node_new(doc, RD_NODE_CITATION, cits[k].start, cits[k].end);
    if (!c) return rd__oom();
    c->number = cits[k].num;
    c->text_off = cits[k].text_off;
    rd_status st = rd__node_set_text(c, doc->src + cits[k].start, cits[k].end - cits[k].start);
    if (st < 0 || (st = rd__node_append(sent, c)) < 0) return st;
  }
  return RD_OK;
}

/* Build one SENTENCE from source [a, b): markers removed from its text.
 * `plain`: the splitter saw nothing in [a, b) that may leave the text
 * (may_leave_text()), so the text is the source span, without a look. */
static rd_status emit_sentence(rd_doc *doc, rd_node *block, size_t a, size_t b, const marks *mk, int plain) {
  const char *s = doc->src;
  size_t tlen = 0; /* text bytes so far; the text itself is made at the end */
  rd_status st = RD_OK;
  rd__piece one[2], *pieces = one;
  size_t npieces = 0, cappieces = sizeof one / sizeof *one;
  pending_cit cits[32];
  size_t ncits = 0;
  rd_node *sent = rd__node_new(doc, RD_NODE_SENTENCE, a, b);
  if (!sent) return rd__oom();
  size_t run = a; /* start of the current text run */
  size_t i = a;
  size_t bar = (size_t)-1; /* an Aozora ｜ base start (read_text.c) */
  if (plain) {
    if (b > a) pieces[npieces++] = (rd__piece){0, a, b - a};
    tlen = b - a;
    i = b + 1; /* no scan */
  }
  while (i <= b) {
    unsigned num = 0;
    /* Only '[' (a marker), the lead byte EF (［ ｜ （: markers, inline
     * readings, notes) and 《 (E3 80 8A) can start anything that leaves the
     * text. Stepping over every other character by its lead byte (kanji
     * first, three bytes at once), without asking marker_at, took 16 M
     * instructions off 3,000 short articles (it was asked at each one). */
    while (i < b) {
      unsigned char lb = (unsigned char)s[i];
      if (lb >= 0xE4 && lb <= 0xEE) { i += 3; continue; } /* kanji and the like: the most common */
      if (lb == '[' || lb == 0xEF ||
          (lb == 0xE3 && b - i >= 3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x8A))
        break;
      i += lead_len(lb);
    }
    if (i > b) i = b;
    size_t mlen = i < b ? marker_at(mk, s, i, b, &num) : 0;
    /* Inline readings and Aozora notes are structure: they leave the text.
     * They open with ［ ｜ （ (lead byte EF) or 《 (E3 80 8A); testing that
     * first spares the reader's decoding at every other character. */
    unsigned char c0 = i < b ? (unsigned char)s[i] : 0;
    int may_inline = c0 == 0xEF || (c0 == 0xE3 && b - i >= 3 && (unsigned char)s[i + 1] == 0x80 &&
                                    (unsigned char)s[i + 2] == 0x8A);
    size_t drop = i < b && !mlen && may_inline ? rd__inline_reading_at(doc, run, i, b, &bar, &st) : 0;
    if (st < 0) goto out;
    if (i == b || mlen || drop) {
      if (i > run) {
        if (npieces == cappieces) {
          /* Grown on the heap and copied to the arena at its final size:
           * nearly every sentence has one piece, and an arena array grown
           * from 4 left 72 bytes of slack per sentence (6 MB at 10 MB). */
          size_t cap = cappieces ? cappieces * 2 : 4;
          rd__piece *np = pieces == one ? malloc(cap * sizeof *np) : realloc(pieces, cap * sizeof *np);
          if (!np) { st = rd__oom(); goto out; }
          if (pieces == one) memcpy(np, one, sizeof one);
          pieces = np;
          cappieces = cap;
        }
        pieces[npieces].text_off = tlen;
        pieces[npieces].src_off = run;
        pieces[npieces].len = i - run;
        npieces++;
        tlen += i - run;
      }
      if (i == b) break;
      if (drop) { i += drop; run = i; continue; }
      /* Flush pending citations in batches so that any number fits. */
      if (ncits == sizeof cits / sizeof *cits) {
        if ((st = add_citations(doc, sent, cits, ncits)) < 0) goto out;
        ncits = 0;
      }
      cits[ncits].start = i;
      cits[ncits].end = i + mlen;
      cits[ncits].text_off = tlen;
      cits[ncits].num = num;
      ncits++;
      i += mlen;
      run = i;
      continue;
    }
    i += lead_len((unsigned char)s[i]);
    if (i > b) i = b;
  }
  if (npieces == 1 && pieces[0].src_off == a && pieces[0].len == b - a) {
    /* The text is the source span: a view of the source, its terminated
     * copy made on request (model.h: texts made on request). */
    sent->text = doc->src + a;
    sent->text_len = tlen;
    sent->flags |= RD__NODE_LAZY_TEXT;
  } else {
    char *t = rd__arena_alloc(&doc->arena, tlen + 1); /* zeroed: terminated */
    if (!t) { st = rd__oom(); goto out; }
    for (size_t k = 0; k < npieces; k++) memcpy(t + pieces[k].text_off, s + pieces[k].src_off, pieces[k].len);
    sent->text = t;
    sent->text_len = tlen;
  }
  if (npieces && !(sent->pieces = rd__arena_alloc(&doc->arena, npieces * sizeof *pieces))) { st = rd__oom(); goto out; }
  if (npieces) memcpy(sent->pieces, pieces, npieces * sizeof *pieces);
  sent->npieces = npieces;
  if ((st = add_citations(doc, sent, cits, ncits)) < 0) goto out;
  st = rd__node_append(block, sent);
out:
  if (pieces != one) free(pieces);
  return st;
}

/* A block's text is its sentences' texts with the white space between
 * them, so that it too is free of citation markers. A paragraph's is made
 * when first asked for (model.h: block texts made on request); a
 * heading's now, as the summaries pair headings by their `text`. */
static rd_status set_block_text(rd_doc *doc, rd_node *block, size_t start) {
  if (block->kind == RD_NODE_PARAGRAPH || block->kind == RD_NODE_QUESTION) {
    block->text_len = rd__block_text_len(block, start);
    block->text = block->text_len ? rd__text_pending : "";
    block->text_off = start;
    block->flags |= RD__NODE_LAZY_TEXT;
    return RD_OK;
  }
  rd__buf b = RD__BUF_INIT;
  size_t prev = start;
  for (rd_node *c = block->first; c; c = c->next) {
    if (c->kind != RD_NODE_SENTENCE) continue;
    if (c->start > prev) rd__buf_put(&b, doc->src + prev, c->start - prev);
    rd__buf_put(&b, c->text, c->text_len);
    prev = c->end;
  }
  rd_status st = b.oom ? rd__oom() : rd__node_set_text(block, b.ptr ? b.ptr : "", b.len);
  rd__buf_dispose(&b);
  return st;
}

/* Quotation brackets: 「」 『』 （） (). A terminator inside a quotation does
 * not end the sentence around it ("「…。」と述べた。" is one sentence). */
#define NQUOTE 4
static int quote_open(uint32_t c) {
  return c == 0x300C ? 1 : c == 0x300E ? 2 : c == 0xFF08 ? 3 : c == '(' ? 4 : 0;
}
static int quote_close(uint32_t c) {
  return c == 0x300D ? 1 : c == 0x300F ? 2 : c == 0xFF09 ? 3 : c == ')' ? 4 : 0;
}

rd_status rd__block_add_sentences(rd_doc *doc, rd_node *block, size_t start, size_t end) {
  return rd__block_add_sentences_marked(doc, block, start, end, NULL, 0);
}

/* Which quotation openers of [start, end) are never closed there (bit
 * set in *stray, NULL when none is): an opener never closed within the
 * block is not a quotation, so that a stray 「 cannot swallow the rest of
 * the paragraph. Forward, count what stays open; if anything does, one
 * backward pass marks those openers. Asked only once the splitter meets
 * an opener: most blocks have none, and then no pass is made. */
static rd_status find_stray_openers(const char *s, size_t start, size_t end, unsigned char **stray) {
  long depth[NQUOTE + 1] = {0};
  long unclosed = 0;
  uint32_t c;
  size_t k;
  *stray = NULL;
  for (size_t j = start; j < end; j += k ? k : 1) {
    unsigned char b0 = (unsigned char)s[j];
    /* Quotation brackets are ( ) or begin E3 80 (「」『』) or EF BC (（）):
     * two bytes, as E3 also leads every kana. Kanji (E4-E9) first. */
    if (b0 >= 0xE4 && b0 <= 0xE9) { k = 3; continue; }
    if (b0 != '(' && b0 != ')' &&
        !((b0 == 0xE3 || b0 == 0xEF) && j + 1 < end && (unsigned char)s[j + 1] == (b0 == 0xE3 ? 0x80 : 0xBC))) {
      k = lead_len(b0);
      continue;
    }
    k = rd__utf8_decode(s + j, end - j, &c);
    int t;
    if (!k) continue;
    if ((t = quote_open(c)) != 0) depth[t]++;
    else if ((t = quote_close(c)) != 0 && depth[t]) depth[t]--;
  }
  for (int t = 1; t <= NQUOTE; t++) unclosed += depth[t];
  if (!unclosed) return RD_OK;
  if (!(*stray = calloc((end - start) / 8 + 1, 1))) return rd__oom();
  long need[NQUOTE + 1] = {0};
  for (size_t j = end; j-- > start;) {
    if (((unsigned char)s[j] & 0xC0) == 0x80 || !rd__utf8_decode(s + j, end - j, &c)) continue;
    int t;
    if ((t = quote_close(c)) != 0) need[t]++;
    else if ((t = quote_open(c)) != 0) {
      if (need[t]) need[t]--;
      else (*stray)[(j - start) / 8] |= (unsigned char)(1u << ((j - start) % 8));
    }
  }
  return RD_OK;
}

rd_status rd__block_add_sentences_marked(rd_doc *doc, rd_node *block, size_t start, size_t end, const size_t *mark_v,
                                         size_t nmarks) {
  marks mkv = {mark_v, nmarks};
  const marks *mk = mark_v ? &mkv : NULL;
  const char *s = doc->src;
  size_t i = start;
  uint32_t c;
  size_t k;
  long depth[NQUOTE + 1] = {0};
  unsigned char *stray = NULL; /* bitmap over [start, end), once strays_known */
  int strays_known = 0;
  long open = 0; /* quotations open at i */
  rd_status st = RD_OK;
  while (i < end) {
    /* Skip white space between sentences. */
    while (i < end && (k = rd__utf8_decode(s + i, end - i, &c)) && is_space_cp(c)) i += k;
    if (i >= end) break;
    size_t a = i, b = end;
    int prev_term = 0, plain = 1; /* plain: nothing in [a, i) may leave the text */
    while (i < end) {
      unsigned num;
      /* Most characters (kana, kanji, letters) end, quote and close
       * nothing: one table look-up each, one pass for the sentence. */
      unsigned char b0 = (unsigned char)s[i];
      size_t pl = plain_len[b0];
      if (pl && i + pl <= end && (b0 != 0xE3 || (unsigned char)s[i + 1] != 0x80)) { i += pl; prev_term = 0; continue; }
      if (plain && may_leave_text(s, i, end)) plain = 0;
      size_t mlen = may_open_marker(s, i) ? marker_at(mk, s, i, end, &num) : 0; /* not for 。、「」 */
      if (mlen) { i += mlen; continue; }
      k = rd__utf8_decode(s + i, end - i, &c);
      if (!k) k = 1, c = 0xFFFD;
      i += k;
      int t, ends = 0;
      size_t at = i - k - start;
      if ((t = quote_open(c)) != 0 && !strays_known) {
        strays_known = 1;
        if ((st = find_stray_openers(s, start, end, &stray)) < 0) break;
      }
      if (t != 0 && !(stray && (stray[at / 8] & (1u << (at % 8))))) {
        depth[t]++;
        open++;
        prev_term = 0;
        continue;
      }
      if ((t = quote_close(c)) != 0 && depth[t]) {
        depth[t]--;
        open--;
        /* 「…。」 closes a quoted sentence: it ends here unless a particle
         * (hiragana: と, という, ...) carries the outer sentence on. */
        if (open || !prev_term) { prev_term = 0; continue; }
        uint32_t d = 0;
        size_t kk = i < end ? rd__utf8_decode(s + i, end - i, &d) : 0;
        ends = !kk || !rd__is_hiragana(d);
      } else {
        ends = is_terminator(c);
        if (!ends && (c == '.' || c == 0xFF0E)) {
          /* A period ends a sentence only before space or the end, not in 2.5 or a URL. */
          uint32_t d = 0;
          size_t kk = i < end ? rd__utf8_decode(s + i, end - i, &d) : 0;
          ends = i >= end || (kk && is_space_cp(d));
        }
        prev_term = ends;
        if (open) ends = 0;
      }
      if (!ends) continue;
      /* Absorb further terminators, closers and trailing citation markers. */
      for (;;) {
        if (i >= end) break;
        if (plain && may_leave_text(s, i, end)) plain = 0;
        size_t ml = marker_at(mk, s, i, end, &num);
        if (ml) { i += ml; continue; }
        k = rd__utf8_decode(s + i, end - i, &c);
        if (k && (is_terminator(c) || is_closer(c))) {
          i += k;
          continue;
        }
        break;
      }
      b = i;
      break;
    }
    if (st < 0) break;
    if (i >= end) b = end;
    /* Trim trailing white space. */
    while (b > a) {
      size_t p = b - 1;
      while (p > a && ((unsigned char)s[p] & 0xC0) == 0x80) p--;
      if (rd__utf8_decode(s + p, b - p, &c) && is_space_cp(c)) b = p; else break;
    }
    if ((st = emit_sentence(doc, block, a, b, mk, plain)) < 0) break;
    i = b > i ? b : i;
  }
  free(stray);
  if (st < 0) return st;
  return block->text ? RD_OK : set_block_text(doc, block, start);
}
