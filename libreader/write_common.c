/* Helpers the writers share, built on the public API only (no struct
 * fields): known words, furigana choice, a sentence in bracket or ruby
 * style, lemma readings, the section around a node. No writer lives here,
 * and nothing here calls a writer. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "write_common.h"
#include "write_sink.h"
#include "reader/kana.h"

int rd__word_known(const rd_word *w, const rd_write_options *o) {
  if (!w || !o || !o->known) return 0;
  /* The learner writes a word as a dictionary shows it (盗む), as the
   * article writes it (盗まれた) or in kana (ぬすむ); any of them counts. */
  return rd_known_has(o->known, rd_word_lemma(w)) || rd_known_has(o->known, rd_word_surface(w)) ||
         rd_known_has(o->known, rd_word_reading(w));
}

const rd_word *rd__token_word(const rd_node *tok) {
  const rd_node *s = rd_node_parent(tok);
  size_t n = rd_sentence_word_count(s);
  for (size_t i = 0; i < n; i++) {
    const rd_word *w = rd_sentence_word_at(s, i);
    for (size_t j = 0; j < rd_word_token_count(w); j++)
      if (rd_word_token_at(w, j) == tok) return w;
  }
  return NULL;
}

int rd__token_known(const rd_node *tok, const rd_write_options *o) {
  if (!o || !o->known) return 0;
  /* A token of a known word is known (暗号 of 暗号資産); without words, the
   * token's own lemma or surface decides. */
  const rd_word *w = rd__token_word(tok);
  if (w) return rd__word_known(w, o);
  const char *s = rd_node_text(NULL, tok);
  return rd_known_has(o->known, rd_token_lemma(tok)) || rd_known_has(o->known, s);
}

int rd__token_wants_ruby(const rd_node *tok, const rd_write_options *o) {
  if (!rd_token_ruby_count(tok)) return 0;
  if (o->furigana == RD_FURIGANA_NONE) return 0;
  if (o->furigana == RD_FURIGANA_UNKNOWN) return !rd__token_known(tok, o);
  return 1;
}

const rd_node *rd__section_of(const rd_node *n) {
  for (; n; n = rd_node_parent(n))
    if (rd_node_kind_of(n) == RD_NODE_SECTION) return n;
  return NULL;
}

int rd__all_space(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!strchr(" \t\r\n", s[i])) return 0;
  return 1;
}

void rd__buf_put_hiragana(rd__buf *b, const char *s, size_t len) {
  char *h;
  size_t hl;
  if (rd_kana_to_hiragana(&h, &hl, s, len) == RD_OK) {
    rd__buf_put(b, h, hl);
    rd_free(h);
  } else {
    rd__buf_put(b, s, len);
  }
}

void rd__buf_put_ruby_html(rd__buf *b, const rd_node *tok, int ruby) {
  size_t sl;
  const char *s = rd_node_text(&sl, tok);
  /* Display groups, as on the page: a browser widens each base to its
   * reading, so per-kanji bases would open gaps inside a word. */
  size_t pos = 0, n = ruby ? rd_token_ruby_group_count(tok) : 0;
  for (size_t i = 0; i < n; i++) {
    rd_ruby r;
    if (!rd_token_ruby_group_at(&r, tok, i) || r.start < pos || r.start + r.len > sl) continue;
    rd__buf_escape(b, s + pos, r.start - pos, 0);
    rd__buf_puts(b, "<ruby>");
    rd__buf_escape(b, s + r.start, r.len, 0);
    rd__buf_puts(b, "<rt>");
    rd__buf_escape(b, r.reading, r.reading_len, 0);
    rd__buf_puts(b, "</rt></ruby>");
    pos = r.start + r.len;
  }
  rd__buf_escape(b, s + pos, sl - pos, 0);
}

void rd__buf_put_sentence_cited(rd__buf *b, const rd_node *s) {
  size_t tl, pos = 0;
  const char *t = rd_node_text(&tl, s);
  for (size_t i = 0; i < rd_sentence_citation_count(s); i++) {
    const rd_node *ci = rd_sentence_citation_at(s, i);
    size_t off = rd_citation_text_offset(ci);
    if (off < pos || off > tl) continue;
    rd__buf_put(b, t + pos, off - pos);
    rd__buf_printf(b, "[%u]", rd_node_number(ci));
    pos = off;
  }
  rd__buf_put(b, t + pos, tl - pos);
}

/* The bytes rd__all_space() accepts (its strchr also matches the NUL),
 * without a library call a byte. */
static inline int gap_is_space(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && c) return 0;
  }
  return 1;
}

/* n bytes from s to d, n small (a token, a reading: 3 to 15 bytes
 * mostly) without a call into memcpy: two overlapping fixed-size copies,
 * which the compiler makes two loads and two stores, reading nothing
 * outside [s, s + n). */
static inline void copy_short(char *d, const char *s, size_t n) {
  if (n > 16) {
    memcpy(d, s, n);
  } else if (n >= 8) {
    uint64_t x, y;
    memcpy(&x, s, 8);
    memcpy(&y, s + n - 8, 8);
    memcpy(d, &x, 8);
    memcpy(d + n - 8, &y, 8);
  } else if (n >= 4) {
    uint32_t x, y;
    memcpy(&x, s, 4);
    memcpy(&y, s + n - 4, 4);
    memcpy(d, &x, 4);
    memcpy(d + n - 4, &y, 4);
  } else if (n) {
    d[0] = s[0];
    d[n / 2] = s[n / 2];
    d[n - 1] = s[n - 1];
  }
}

/* Append without the terminator (bput_end() writes it once): the gaps of
 * the sentence walks below. */
static inline void bput(rd__buf *b, const char *s, size_t len) {
  if (b->cap - b->len <= len && rd__buf_reserve(b, len) < 0) return;
  copy_short(b->ptr + b->len, s, len);
  b->len += len;
}
static inline void bput_end(rd__buf *b) {
  if (b->ptr && !b->oom) b->ptr[b->len] = '\0';
}

/* White space of the source between two children (or a child and an end
 * of the sentence); anything else there (markup, a marker) is not text.
 * Returns whether it wrote (the caller's last byte is then src[to - 1]);
 * `last` stays the caller's local, not a pointer, so it can live in a
 * register through the token loop. */
static int put_gap(rd__buf *b, const char *src, size_t srclen, size_t from, size_t to, rd__ruby_style style) {
  if (to <= from || to > srclen || !gap_is_space(src + from, to - from)) return 0;
  if (style == RD__RUBY_HTML) rd__buf_escape(b, src + from, to - from, 0);
  else bput(b, src + from, to - from);
  return 1;
}

/* Inlined into the token loops whatever the compiler's size estimate:
 * the call and its saved registers were a fifth of a token's cost. */
#if defined(__GNUC__) || defined(__clang__)
#define RD__ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define RD__ALWAYS_INLINE inline
#endif

/* The most bytes put_token_brackets() writes for a surface of sl bytes
 * with display groups g[0..n): the surface, and a space, '[', the reading
 * and ']' per group. */
static inline size_t brackets_room(size_t sl, const rd_ruby *g, size_t n) {
  for (size_t i = 0; i < n; i++) sl += g[i].reading_len + 3;
  return sl;
}

/* A token in brackets at d (brackets_room() bytes free), returning the
 * end: the surface s[0..sl) with its display groups g[0..n) (touching
 * per-kanji readings form one group: 相当[そうとう]). The byte before a
 * base decides its space: the byte before d when d > base, else `before`
 * (the caller's last byte, 0 at the start of the output), so no "last
 * byte" is kept per token. */
static RD__ALWAYS_INLINE char *put_token_brackets(char *d, const char *base, char before, const char *s, size_t sl,
                                                  const rd_ruby *g, size_t n) {
  size_t pos = 0;
  for (size_t i = 0; i < n; i++) {
    const rd_ruby *r = &g[i];
    if (r->start < pos || r->start + r->len > sl) continue;
    copy_short(d, s + pos, r->start - pos);
    d += r->start - pos;
    /* Anki takes the base back to the last space or ']'. */
    char last = d > base ? d[-1] : before;
    if (last && last != ']' && last != ' ' && last != '\n') *d++ = ' ';
    copy_short(d, s + r->start, r->len);
    d += r->len;
    *d++ = '[';
    copy_short(d, r->reading, r->reading_len);
    d += r->reading_len;
    *d++ = ']';
    pos = r->start + r->len;
  }
  copy_short(d, s + pos, sl - pos);
  return d + (sl - pos);
}

void rd__buf_put_brackets(rd__buf *b, const rd_node *tok, int ruby, char *last) {
  size_t sl;
  const char *s = rd_node_text(&sl, tok);
  size_t n = ruby ? rd_token_ruby_group_count(tok) : 0, k = 0;
  /* The groups as one array, as the sentence walk's records give them. */
  rd_ruby small[16], *g = n <= 16 ? small : malloc(n * sizeof *g);
  if (!g) { b->oom = 1; return; }
  for (size_t i = 0; i < n; i++)
    if (rd_token_ruby_group_at(&g[k], tok, i)) k++;
  size_t need = brackets_room(sl, g, k);
  if (rd__buf_reserve(b, need) == 0) {
    char *from = b->ptr + b->len, *d = put_token_brackets(from, from, *last, s, sl, g, k);
    if (d > from) *last = d[-1];
    b->len = (size_t)(d - b->ptr);
  }
  if (g != small) free(g);
  bput_end(b);
}

/* Tokens per rd_sentence_token_texts() call: a sentence has about 20, so
 * mostly one call; 64 records are 4.6 KB of stack. */
#define TEXT_CHUNK 64

/* The sentence walk writes through a local cursor: d is b's end (b->len
 * is set back only when the buffer grows, before put_gap and at the end)
 * and *room bytes are free there. Whether need more bytes fit, growing b;
 * 0 when b is out of memory (the bytes are then dropped, as bput() drops
 * them). */
static RD__ALWAYS_INLINE int cursor_room(rd__buf *b, char **d, size_t *room, size_t need) {
  if (*room > need) return 1;
  b->len = *d ? (size_t)(*d - b->ptr) : 0;
  if (rd__buf_reserve(b, need) < 0) return 0;
  *d = b->ptr + b->len;
  *room = b->cap - b->len;
  return 1;
}

/* A sentence in brackets. Brackets leave citations out, so only the
 * tokens are walked, as records (rd_sentence_token_texts(): one call per
 * chunk where six accessor calls per token were half of this view's
 * instructions). A token without furigana whose surface is its source
 * span (same length: the surface is the source pieces of the span, so
 * only a dropped byte inside could differ; token.h) is not copied by
 * itself: a run of such touching tokens is one copy of the source.
 * The gap before a token is measured from the token before it, a citation
 * between them included, as the walk over children did. */
static RD__ALWAYS_INLINE void put_sentence_brackets_as(rd__buf *b, const rd_node *sent, const rd_write_options *o, int all) {
  size_t srclen, prev_end, send;
  const char *src = rd_doc_source(&srclen, rd_node_doc(sent));
  rd_node_span(&prev_end, &send, sent);
  rd_token_text t[TEXT_CHUNK];
  char *d = b->ptr ? b->ptr + b->len : NULL;
  size_t room = b->cap - b->len;
  size_t run = prev_end; /* src[run, prev_end): tokens still to copy as their source */
#define FLUSH_RUN(to)                                                                   \
  do {                                                                                  \
    if ((to) > run && cursor_room(b, &d, &room, (to) - run)) {                          \
      copy_short(d, src + run, (to) - run);                                             \
      d += (to) - run;                                                                  \
      room -= (to) - run;                                                               \
    }                                                                                   \
  } while (0)
  size_t nt = rd_sentence_token_count(sent); /* no call that would only say the sentence is done */
  for (size_t first = 0, n; first < nt && (n = rd_sentence_token_texts(t, TEXT_CHUNK, sent, first)) > 0; first += n) {
    for (size_t i = 0; i < n; i++) {
      const rd_token_text *r = &t[i];
      /* group_count first: without groups there is nothing to decide */
      size_t ng = r->group_count && (all ? r->ruby_count != 0 : rd__token_wants_ruby(r->token, o)) ? r->group_count : 0;
      int plain = !ng && r->end - r->start == r->surface_len && r->end <= srclen;
      if (r->start != prev_end) {
        FLUSH_RUN(prev_end);
        if (r->start > prev_end) {
          b->len = d ? (size_t)(d - b->ptr) : 0;
          put_gap(b, src, srclen, prev_end, r->start, RD__RUBY_BRACKETS);
          d = b->ptr ? b->ptr + b->len : NULL;
          room = b->cap - b->len;
        } else {
          plain = 0; /* overlapping the token before: its own surface */
        }
        run = r->start;
      }
      if (plain) {
        prev_end = r->end;
        continue;
      }
      FLUSH_RUN(r->start);
      size_t need = ng ? brackets_room(r->surface_len, r->groups, ng) : r->surface_len;
      if (cursor_room(b, &d, &room, need)) {
        char *e = put_token_brackets(d, b->ptr, 0, r->surface, r->surface_len, r->groups, ng);
        room -= (size_t)(e - d);
        d = e;
      }
      prev_end = run = r->end;
    }
  }
  FLUSH_RUN(prev_end);
#undef FLUSH_RUN
  b->len = d ? (size_t)(d - b->ptr) : 0;
  put_gap(b, src, srclen, prev_end, send, RD__RUBY_BRACKETS);
  bput_end(b);
}

/* `all` (rd__token_wants_ruby() in one test, where no known-words list
 * can say no) as a constant: two copies of the loop, one with no call. */
static void put_sentence_brackets(rd__buf *b, const rd_node *sent, const rd_write_options *o) {
  if (o->furigana == RD_FURIGANA_ALL || (o->furigana == RD_FURIGANA_UNKNOWN && !o->known)) put_sentence_brackets_as(b, sent, o, 1);
  else put_sentence_brackets_as(b, sent, o, 0);
}

void rd__buf_put_sentence_ruby(rd__buf *b, const rd_node *sent, rd__ruby_style style, const rd_write_options *o) {
  if (!rd_sentence_token_count(sent)) {
    if (style == RD__RUBY_BRACKETS) {
      size_t tl;
      const char *t = rd_node_text(&tl, sent);
      rd__buf_put(b, t, tl);
    } else {
      rd__buf buf = RD__BUF_INIT;
      rd__buf_put_sentence_cited(&buf, sent);
      rd__buf_escape(b, buf.ptr ? buf.ptr : "", buf.len, 0);
      if (buf.oom) b->oom = 1;
      rd__buf_dispose(&buf);
    }
    return;
  }
  if (style == RD__RUBY_BRACKETS) {
    put_sentence_brackets(b, sent, o);
    return;
  }
  /* HTML ruby: citations stay, as [n]. By index: rd_node_child_at() is a
   * constant-time look-up in a finished sentence, where rd_node_next()
   * locates each token again (its array and sentence). */
  size_t srclen, prev_end, send;
  const char *src = rd_doc_source(&srclen, rd_node_doc(sent));
  rd_node_span(&prev_end, &send, sent);
  size_t nch = rd_node_child_count(sent);
  for (size_t i = 0; i < nch; i++) {
    const rd_node *ch = rd_node_child_at(sent, i);
    size_t a, e;
    rd_node_span(&a, &e, ch);
    if (rd_node_kind_of(ch) == RD_NODE_CITATION) {
      put_gap(b, src, srclen, prev_end, a, style);
      rd__buf_printf(b, "[%u]", rd_node_number(ch));
    } else if (rd_node_kind_of(ch) == RD_NODE_TOKEN) {
      put_gap(b, src, srclen, prev_end, a, style);
      rd__buf_put_ruby_html(b, ch, rd__token_wants_ruby(ch, o));
    } else {
      continue;
    }
    prev_end = e;
  }
  put_gap(b, src, srclen, prev_end, send, style);
  bput_end(b);
}

/* The dictionary form's reading: the surface's reading where lemma and
 * surface agree (the kanji stem), then the lemma's own kana. */
char *rd__lemma_reading(const rd_node *tok) {
  const char *lemma = rd_token_lemma(tok), *reading = rd_token_reading(tok);
  size_t sl;
  const char *surface = rd_node_text(&sl, tok);
  if (!lemma || !reading) return NULL;
  rd__buf b = RD__BUF_INIT;
  if (!strcmp(lemma, surface)) {
    rd__buf_put_hiragana(&b, reading, strlen(reading));
    return rd__buf_detach(&b, NULL);
  }
  if (!strcmp(lemma, "来る")) { rd__buf_puts(&b, "くる"); return rd__buf_detach(&b, NULL); } /* 来(き)た */
  /* Longest common prefix, on character boundaries. */
  size_t ll = strlen(lemma), p = 0;
  while (p < ll && p < sl && lemma[p] == surface[p]) p++;
  while (p && ((p < ll && ((unsigned char)lemma[p] & 0xC0) == 0x80) || (p < sl && ((unsigned char)surface[p] & 0xC0) == 0x80))) p--;
  /* The stem's reading: ruby over kanji, kana as they are. */
  size_t pos = 0;
  for (size_t i = 0; i < rd_token_ruby_count(tok); i++) {
    rd_ruby r;
    rd_token_ruby_at(&r, tok, i);
    if (r.start >= p) break;
    if (r.start + r.len > p || r.start < pos) { rd__buf_dispose(&b); return NULL; } /* the stem cuts a kanji run; or out of order */
    rd__buf_put_hiragana(&b, surface + pos, r.start - pos);
    rd__buf_put(&b, r.reading, r.reading_len);
    pos = r.start + r.len;
  }
  if (!rd_token_ruby_count(tok) && (rd_token_flags(tok) & RD_TOKEN_KANJI)) { rd__buf_dispose(&b); return NULL; }
  rd__buf_put_hiragana(&b, surface + pos, p - pos);
  /* The rest of the lemma must be kana. */
  for (size_t i = p; i < ll;) {
    uint32_t c;
    size_t n = rd__utf8_decode(lemma + i, ll - i, &c);
    if (!n || !(rd__is_hiragana(c) || rd__is_katakana(c))) { rd__buf_dispose(&b); return NULL; }
    i += n;
  }
  rd__buf_put_hiragana(&b, lemma + p, ll - p);
  return rd__buf_detach(&b, NULL);
}
