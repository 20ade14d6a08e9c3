/* Text views: plain text (citations as [n]), furigana in brackets (Anki
 * style), hiragana and romaji (reader/kana.h), one block a line with a
 * blank line between blocks; plus the token helpers other views share. */
#include <stdio.h>
#include <string.h>

#include "write_internal.h"
#include "reader/kana.h"

/* ---- shared helpers ------------------------------------------------------ */

int rd__token_known(const rd_node *tok, const rd_write_options *o) {
  return o && o->known && rd_known_has(o->known, rd_token_lemma(tok));
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

void rd__buf_put_hiragana(rd__buf *b, const char *s, size_t len) {
  char *h;
  size_t hl;
  if (rd_kana_to_hiragana(s, len, &h, &hl) == RD_OK) {
    rd__buf_put(b, h, hl);
    rd_free(h);
  } else {
    rd__buf_put(b, s, len);
  }
}

void rd__buf_put_brackets(rd__buf *b, const rd_node *tok, int ruby, char *last) {
  size_t sl;
  const char *s = rd_node_text(tok, &sl);
  /* Display groups: touching per-kanji readings form one bracket (相当[そうとう]). */
  size_t pos = 0, n = ruby ? rd_token_ruby_group_count(tok) : 0;
  for (size_t i = 0; i < n; i++) {
    rd_ruby r;
    if (!rd_token_ruby_group_at(tok, i, &r) || r.start < pos || r.start + r.len > sl) continue;
    rd__buf_put(b, s + pos, r.start - pos);
    if (r.start > pos) *last = s[r.start - 1];
    /* Anki takes the base back to the last space or ']'. */
    if (*last && *last != ']' && *last != ' ' && *last != '\n') rd__buf_putc(b, ' ');
    rd__buf_put(b, s + r.start, r.len);
    rd__buf_putc(b, '[');
    rd__buf_put(b, r.reading, r.reading_len);
    rd__buf_putc(b, ']');
    *last = ']';
    pos = r.start + r.len;
  }
  rd__buf_put(b, s + pos, sl - pos);
  if (sl > pos) *last = s[sl - 1];
}

static int all_space(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!strchr(" \t\r\n", s[i])) return 0;
  return 1;
}

void rd__buf_put_sentence_brackets(rd__buf *b, const rd_node *sent, const rd_write_options *o) {
  size_t nt = rd_sentence_token_count(sent);
  if (!nt) {
    size_t tl;
    const char *t = rd_node_text(sent, &tl);
    rd__buf_put(b, t, tl);
    return;
  }
  char last = b->len ? b->ptr[b->len - 1] : 0;
  size_t srclen, prev_end = 0;
  const char *src = rd_doc_source(rd_node_doc(sent), &srclen);
  for (size_t i = 0; i < nt; i++) {
    const rd_node *t = rd_sentence_token_at(sent, i);
    size_t a, e;
    rd_node_span(t, &a, &e);
    if (i && a > prev_end && all_space(src + prev_end, a - prev_end)) {
      rd__buf_put(b, src + prev_end, a - prev_end);
      last = src[a - 1];
    }
    rd__buf_put_brackets(b, t, rd__token_wants_ruby(t, o), &last);
    prev_end = e;
  }
}

/* The dictionary form's reading: the surface's reading where lemma and
 * surface agree (the kanji stem), then the lemma's own kana. */
char *rd__lemma_reading(const rd_node *tok) {
  const char *lemma = rd_token_lemma(tok), *reading = rd_token_reading(tok);
  size_t sl;
  const char *surface = rd_node_text(tok, &sl);
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
    rd_token_ruby_at(tok, i, &r);
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

/* ---- the text writer ------------------------------------------------------ */

typedef struct tctx {
  rd__sink *k;
  rd_output kind;
  const rd_write_options *o;
  rd__buf line;
  int blocks;
} tctx;

static void put_sentence(tctx *c, const rd_node *s) {
  size_t tl;
  const char *t = rd_node_text(s, &tl);
  switch (c->kind) {
  case RD_OUTPUT_BRACKETS: rd__buf_put_sentence_brackets(&c->line, s, c->o); break;
  case RD_OUTPUT_HIRAGANA:
  case RD_OUTPUT_ROMAJI: {
    char *kana;
    size_t kl;
    if (!rd_sentence_token_count(s) || rd_node_to_kana(s, c->kind == RD_OUTPUT_ROMAJI ? RD_SCRIPT_ROMAJI : RD_SCRIPT_HIRAGANA,
                                                       &kana, &kl) < 0) {
      rd__buf_put(&c->line, t, tl);
      break;
    }
    if (c->kind == RD_OUTPUT_ROMAJI && c->line.len && c->line.ptr[c->line.len - 1] != ' ') rd__buf_putc(&c->line, ' ');
    rd__buf_put(&c->line, kana, kl);
    rd_free(kana);
    break;
  }
  default: {
    /* Citation markers go back where they stood. */
    size_t pos = 0;
    for (size_t i = 0; i < rd_sentence_citation_count(s); i++) {
      const rd_node *ci = rd_sentence_citation_at(s, i);
      size_t off = rd_citation_text_offset(ci);
      if (off < pos || off > tl) continue;
      rd__buf_put(&c->line, t + pos, off - pos);
      rd__buf_printf(&c->line, "[%u]", rd_node_number(ci));
      pos = off;
    }
    rd__buf_put(&c->line, t + pos, tl - pos);
  }
  }
}

static void end_block(tctx *c) {
  if (c->blocks++) rd__sink_putc(c->k, '\n');
  rd__sink_put(c->k, c->line.ptr ? c->line.ptr : "", c->line.len);
  rd__sink_putc(c->k, '\n');
  if (c->line.oom) rd__sink_fail(c->k, rd__oom());
  c->line.len = 0;
}

static void put_block(tctx *c, const rd_node *b, const char *prefix) {
  c->line.len = 0;
  if (prefix) rd__buf_puts(&c->line, prefix);
  for (size_t i = 0; i < rd_block_sentence_count(b); i++) put_sentence(c, rd_block_sentence_at(b, i));
  if (!rd_block_sentence_count(b)) {
    size_t tl;
    const char *t = rd_node_text(b, &tl);
    if (t) rd__buf_put(&c->line, t, tl);
  }
  end_block(c);
}

static void put_children(tctx *c, const rd_node *n) {
  for (const rd_node *ch = rd_node_first_child(n); ch; ch = rd_node_next(ch)) {
    switch (rd_node_kind_of(ch)) {
    case RD_NODE_SECTION: put_children(c, ch); break;
    case RD_NODE_HEADING: {
      const rd_node *sec = rd_node_parent(ch);
      char prefix[64] = "";
      if (rd_node_kind_of(sec) == RD_NODE_SECTION && !rd_section_is_afterword(sec) && rd_section_id(sec))
        snprintf(prefix, sizeof prefix, "%s%s ", rd_section_id(sec), rd_section_level(sec) == 1 ? "." : "");
      put_block(c, ch, prefix);
      break;
    }
    case RD_NODE_PARAGRAPH:
    case RD_NODE_QUESTION: put_block(c, ch, NULL); break;
    case RD_NODE_REFERENCES:
      if (c->kind != RD_OUTPUT_TEXT) break; /* readings of URLs mean nothing */
      c->line.len = 0;
      for (const rd_node *r = rd_node_first_child(ch); r; r = rd_node_next(r))
        rd__buf_printf(&c->line, "%s[%u] %s", c->line.len ? "\n" : "", rd_node_number(r), rd_reference_url(r));
      end_block(c);
      break;
    default: break;
    }
  }
}

rd_status rd__write_text(const rd_doc *doc, rd__sink *k, rd_output kind, const rd_write_options *o) {
  tctx c = {k, kind, o, RD__BUF_INIT, 0};
  put_children(&c, rd_doc_root(doc));
  rd__buf_dispose(&c.line);
  return k->st;
}
