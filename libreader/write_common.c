/* Helpers the writers share, built on the public API only (no struct
 * fields): known words, furigana choice, a sentence in bracket or ruby
 * style, lemma readings, the section around a node. No writer lives here,
 * and nothing here calls a writer. */
#include <stdint.h>
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

/* Append without the terminator (bput_end() writes it once): the sentence
 * walks below append a few bytes at a time, and the text views spend most
 * of their time here. */
static inline void bput(rd__buf *b, const char *s, size_t len) {
  if (b->cap - b->len <= len && rd__buf_reserve(b, len) < 0) return;
  copy_short(b->ptr + b->len, s, len);
  b->len += len;
}
static inline void bputc(rd__buf *b, char c) {
  if (b->cap - b->len <= 1 && rd__buf_reserve(b, 1) < 0) return;
  b->ptr[b->len++] = c;
}
static inline void bput_end(rd__buf *b) {
  if (b->ptr && !b->oom) b->ptr[b->len] = '\0';
}

/* White space of the source between two children (or a child and an end
 * of the sentence); anything else there (markup, a marker) is not text. */
static void put_gap(rd__buf *b, const char *src, size_t srclen, size_t from, size_t to, rd__ruby_style style, char *last) {
  if (to <= from || to > srclen || !gap_is_space(src + from, to - from)) return;
  if (style == RD__RUBY_HTML) rd__buf_escape(b, src + from, to - from, 0);
  else bput(b, src + from, to - from);
  *last = src[to - 1];
}

/* A token in brackets, appended without the terminator.
 * Display groups: touching per-kanji readings form one bracket (相当[そうとう]). */
static inline void put_brackets(rd__buf *b, const rd_node *tok, int ruby, char *last) {
  size_t sl;
  const char *s = rd_node_text(&sl, tok);
  size_t pos = 0, n = ruby ? rd_token_ruby_group_count(tok) : 0;
  for (size_t i = 0; i < n; i++) {
    rd_ruby r;
    if (!rd_token_ruby_group_at(&r, tok, i) || r.start < pos || r.start + r.len > sl) continue;
    bput(b, s + pos, r.start - pos);
    if (r.start > pos) *last = s[r.start - 1];
    /* Anki takes the base back to the last space or ']'. */
    if (*last && *last != ']' && *last != ' ' && *last != '\n') bputc(b, ' ');
    bput(b, s + r.start, r.len);
    bputc(b, '[');
    bput(b, r.reading, r.reading_len);
    bputc(b, ']');
    *last = ']';
    pos = r.start + r.len;
  }
  bput(b, s + pos, sl - pos);
  if (sl > pos) *last = s[sl - 1];
}

void rd__buf_put_brackets(rd__buf *b, const rd_node *tok, int ruby, char *last) {
  put_brackets(b, tok, ruby, last);
  bput_end(b);
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
  char last = b->len ? b->ptr[b->len - 1] : 0;
  size_t srclen, prev_end, send;
  const char *src = rd_doc_source(&srclen, rd_node_doc(sent));
  rd_node_span(&prev_end, &send, sent);
  if (style == RD__RUBY_BRACKETS) {
    /* Brackets leave citations out, so only the tokens are walked, by
     * rd_sentence_token_at() (an index into the document's token array):
     * no child look-up and no kind test per token. The gap before a token
     * is measured from the token before it, a citation between them
     * included, as the walk over children did. */
    size_t nt = rd_sentence_token_count(sent);
    int all = o->furigana == RD_FURIGANA_ALL || (o->furigana == RD_FURIGANA_UNKNOWN && !o->known);
    for (size_t i = 0; i < nt; i++) {
      const rd_node *tok = rd_sentence_token_at(sent, i);
      size_t a, e;
      rd_node_span(&a, &e, tok);
      if (a > prev_end) put_gap(b, src, srclen, prev_end, a, style, &last);
      /* rd__token_wants_ruby() in one test where no known-words list can say no */
      int ruby = all ? rd_token_ruby_count(tok) != 0 : rd__token_wants_ruby(tok, o);
      put_brackets(b, tok, ruby, &last);
      prev_end = e;
    }
    put_gap(b, src, srclen, prev_end, send, style, &last);
    bput_end(b);
    return;
  }
  /* By index: rd_node_child_at() is a constant-time look-up in a finished
   * sentence, where rd_node_next() locates each token again (its array
   * and sentence): a fifth of the brackets view's cost. */
  size_t nch = rd_node_child_count(sent);
  for (size_t i = 0; i < nch; i++) {
    const rd_node *ch = rd_node_child_at(sent, i);
    size_t a, e;
    rd_node_span(&a, &e, ch);
    if (rd_node_kind_of(ch) == RD_NODE_CITATION) {
      /* Brackets leave markers out: a "[2]" would read as furigana. */
      if (style == RD__RUBY_BRACKETS) continue;
      put_gap(b, src, srclen, prev_end, a, style, &last);
      rd__buf_printf(b, "[%u]", rd_node_number(ch));
      last = ']';
    } else if (rd_node_kind_of(ch) == RD_NODE_TOKEN) {
      put_gap(b, src, srclen, prev_end, a, style, &last);
      int ruby = rd__token_wants_ruby(ch, o);
      if (style == RD__RUBY_BRACKETS) put_brackets(b, ch, ruby, &last);
      else rd__buf_put_ruby_html(b, ch, ruby);
    } else {
      continue;
    }
    prev_end = e;
  }
  put_gap(b, src, srclen, prev_end, send, style, &last);
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
