/* Vocabulary TSV for Anki's "Import File": one note per dictionary word
 * (the word layer: ビットコイン, 盗む for 盗まれた), in order of first
 * appearance. Header lines tell Anki the separator, that fields are HTML,
 * the note type (Basic), the deck and the columns:
 *   word (dictionary form), reading (only for words with kanji), gloss
 *   (the first four senses), the sentence with the word in <b>…</b> and
 *   furigana in brackets (Anki's {{furigana:}} syntax), section id, tags.
 * Known words (dictionary form, written form or reading), particles,
 * auxiliaries, symbols, numbers, fragments and Latin-only words are left
 * out. A field with a tab, a line break or a double quote is quoted the
 * way Anki's importer reads it ("a ""b"""). A document without words
 * (tokens only) falls back to one row per token lemma. */
#include <stdlib.h>
#include <string.h>

#include "write_internal.h"
#include "write_common.h"
#include "reader/iter.h"

/* A field. Anki reads a field that holds a tab, a line break or a quote
 * only when it is quoted, with each quote doubled. */
static void field(rd__sink *k, const char *s, size_t len, int last) {
  int quote = 0;
  for (size_t i = 0; i < len && !quote; i++) quote = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || s[i] == '"';
  if (!quote) {
    rd__sink_put(k, s, len);
  } else {
    rd__sink_putc(k, '"');
    size_t run = 0;
    for (size_t i = 0; i < len; i++) {
      if (s[i] != '"') continue;
      rd__sink_put(k, s + run, i + 1 - run);
      rd__sink_putc(k, '"');
      run = i + 1;
    }
    rd__sink_put(k, s + run, len - run);
    rd__sink_putc(k, '"');
  }
  rd__sink_putc(k, last ? '\n' : '\t');
}

/* The HTML of text (the fields are HTML: #html:true). */
static void put_html(rd__buf *b, const char *s, size_t len) { rd__buf_escape(b, s, len, 0); }

/* A field of plain text, escaped as HTML through the scratch buffer h. */
static void html_field(rd__sink *k, rd__buf *h, const char *s, size_t len, int last) {
  h->len = 0;
  put_html(h, s, len);
  field(k, h->ptr ? h->ptr : "", h->len, last);
}

static int wanted(const rd_node *t, const rd_write_options *o) {
  switch (rd_token_pos_class(t)) {
  case RD_POS_PARTICLE: case RD_POS_AUXILIARY: case RD_POS_SYMBOL: case RD_POS_NUMBER: case RD_POS_WHITESPACE:
    return 0;
  default: break;
  }
  unsigned f = rd_token_flags(t);
  if (f & (RD_TOKEN_SYMBOL | RD_TOKEN_NUMBER)) return 0;
  if ((f & RD_TOKEN_LATIN) && !(f & RD_TOKEN_KANJI)) return 0;
  const char *lemma = rd_token_lemma(t);
  if (!lemma || !*lemma) return 0;
  return !rd__token_known(t, o);
}

static int has_kanji(const char *s) {
  size_t len = strlen(s);
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = rd__utf8_decode(s + i, len - i, &cp);
    if (!n) return 0;
    if (rd__is_kanji(cp)) return 1;
    i += n;
  }
  return 0;
}

/* A small set of lemmas already written (open addressing over borrowed
 * strings: lemmas are interned, so they live as long as the document). */
typedef struct seen { const char **v; size_t cap, n; } seen;

static size_t hash(const char *s) {
  size_t h = 5381;
  while (*s) h = h * 33 + (unsigned char)*s++;
  return h;
}

/* 1: newly added, 0: already there, -1: out of memory. */
static int seen_add(seen *s, const char *w) {
  if ((s->n + 1) * 2 > s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    const char **v = calloc(cap, sizeof *v);
    if (!v) return -1;
    for (size_t i = 0; i < s->cap; i++)
      if (s->v[i]) {
        size_t j = hash(s->v[i]) & (cap - 1);
        while (v[j]) j = (j + 1) & (cap - 1);
        v[j] = s->v[i];
      }
    free(s->v);
    s->v = v;
    s->cap = cap;
  }
  size_t j = hash(w) & (s->cap - 1);
  while (s->v[j]) {
    if (!strcmp(s->v[j], w)) return 0;
    j = (j + 1) & (s->cap - 1);
  }
  s->v[j] = w;
  s->n++;
  return 1;
}

/* The sentence of a word with furigana in brackets and the word in bold:
 * "ビットコインが<b> 盗[ぬす]まれた</b>". */
static void put_marked_sentence(rd__buf *b, const rd_word *w, const rd_write_options *o) {
  const rd_node *sent = rd_word_sentence(w), *first = rd_word_token_at(w, 0),
                *lastt = rd_word_token_at(w, rd_word_token_count(w) - 1);
  size_t srclen, prev_end, send;
  const char *src = rd_doc_source(&srclen, rd_node_doc(sent));
  rd_node_span(&prev_end, &send, sent);
  rd__buf t = RD__BUF_INIT;
  char last = 0;
  for (const rd_node *ch = rd_node_first_child(sent); ch; ch = rd_node_next(ch)) {
    if (rd_node_kind_of(ch) != RD_NODE_TOKEN) continue; /* brackets leave citation markers out */
    size_t a, e;
    rd_node_span(&a, &e, ch);
    if (a > prev_end && a <= srclen && rd__all_space(src + prev_end, a - prev_end)) {
      put_html(b, src + prev_end, a - prev_end);
      last = src[a - 1];
    }
    if (ch == first) rd__buf_puts(b, "<b>");
    t.len = 0;
    rd__buf_put_brackets(&t, ch, rd__token_wants_ruby(ch, o), &last);
    put_html(b, t.ptr ? t.ptr : "", t.len);
    if (ch == lastt) rd__buf_puts(b, "</b>");
    prev_end = e;
  }
  if (t.oom) b->oom = 1;
  rd__buf_dispose(&t);
}

static rd_status write_words(rd__sink *k, const rd_node *root, const rd_write_options *o) {
  seen s = {NULL, 0, 0};
  rd__buf b = RD__BUF_INIT;
  rd_write_options so = *o;
  so.furigana = RD_FURIGANA_ALL; /* the example sentence is for learning: all readings */
  rd_iter *it;
  rd_status st = rd_iter_new(&it, (rd_node *)root, RD_MASK(RD_NODE_SENTENCE));
  if (st < 0) return st;
  while (k->st >= 0 && rd_iter_next(it) != RD_EVENT_DONE) {
    const rd_node *sent = rd_iter_node(it);
    if (rd_iter_event(it) != RD_EVENT_ENTER || rd_node_kind_of(sent) != RD_NODE_SENTENCE) continue;
    for (size_t i = 0; i < rd_sentence_word_count(sent) && k->st >= 0; i++) {
      const rd_word *w = rd_sentence_word_at(sent, i);
      const char *lemma = rd_word_lemma(w);
      if (!rd_word_is_content(w) || !lemma || !*lemma || rd__word_known(w, o)) continue;
      int added = seen_add(&s, lemma);
      if (added < 0) { rd__sink_fail(k, rd__oom()); break; }
      if (!added) continue;
      b.len = 0;
      put_html(&b, lemma, strlen(lemma));
      field(k, b.ptr ? b.ptr : "", b.len, 0);
      const char *lr = has_kanji(lemma) ? rd_word_reading(w) : NULL; /* kana words need no reading */
      b.len = 0;
      if (lr) put_html(&b, lr, strlen(lr));
      field(k, b.ptr ? b.ptr : "", b.len, 0);
      b.len = 0;
      for (size_t g = 0; g < rd_word_gloss_count(w) && g < 4; g++) { /* the first senses fit a card */
        if (g) rd__buf_puts(&b, "; ");
        put_html(&b, rd_word_gloss_at(w, g), strlen(rd_word_gloss_at(w, g)));
      }
      field(k, b.ptr ? b.ptr : "", b.len, 0);
      b.len = 0;
      put_marked_sentence(&b, w, &so);
      size_t skip = b.len && b.ptr[0] == ' ' ? 1 : 0; /* Anki's base space at the very start is noise */
      field(k, b.ptr ? b.ptr + skip : "", b.len - skip, 0);
      const char *sec = rd_section_id(rd__section_of(sent));
      field(k, sec ? sec : "", sec ? strlen(sec) : 0, 0);
      /* Tags: where the note came from and the part of speech ("name" for names). */
      b.len = 0;
      rd__buf_printf(&b, "libreader %s", rd_word_is_name(w) ? "name" : rd_pos_name(rd_word_pos_class(w)));
      field(k, b.ptr, b.len, 1);
    }
  }
  rd_iter_free(it);
  if (b.oom) rd__sink_fail(k, rd__oom());
  rd__buf_dispose(&b);
  free(s.v);
  return k->st;
}

/* The header Anki reads before the rows (Anki 2.1.55 and later). */
static void put_header(rd__sink *k) {
  rd__sink_puts(k, "#separator:tab\n#html:true\n#notetype:Basic\n#deck:libreader\n"
                   "#columns:word\treading\tgloss\tsentence\tsection\ttags\n#tags column:6\n");
}

static int has_words(const rd_node *root) {
  const rd_doc *doc = rd_node_doc(root);
  return doc && rd_doc_word_count(doc) > 0;
}

rd_status rd__write_vocab(rd__sink *k, const rd_node *root, const rd_write_options *o) {
  put_header(k);
  if (has_words(root)) return write_words(k, root, o);
  seen s = {NULL, 0, 0};
  rd__buf b = RD__BUF_INIT, h = RD__BUF_INIT;
  rd_write_options so = *o;
  so.furigana = RD_FURIGANA_ALL; /* the example sentence is for learning: all readings */
  /* The tokens inside the root, in document order (a section's vocabulary covers that section). */
  rd_iter *it;
  rd_status st = rd_iter_new(&it, (rd_node *)root, RD_MASK(RD_NODE_TOKEN));
  if (st < 0) return st;
  while (k->st >= 0 && rd_iter_next(it) != RD_EVENT_DONE) {
    const rd_node *t = rd_iter_node(it), *sent = rd_node_parent(t);
    if (!wanted(t, o)) continue;
    const char *lemma = rd_token_lemma(t);
    int added = seen_add(&s, lemma);
    if (added < 0) { rd__sink_fail(k, rd__oom()); break; }
    if (!added) continue;
    html_field(k, &h, lemma, strlen(lemma), 0);
    char *lr = has_kanji(lemma) ? rd__lemma_reading(t) : NULL; /* kana words need no reading */
    html_field(k, &h, lr ? lr : "", lr ? strlen(lr) : 0, 0);
    free(lr);
    b.len = 0;
    for (size_t g = 0; g < rd_token_gloss_count(t) && g < 4; g++) /* the first senses fit a card */
      rd__buf_printf(&b, "%s%s", g ? "; " : "", rd_token_gloss_at(t, g));
    html_field(k, &h, b.ptr ? b.ptr : "", b.len, 0);
    b.len = 0;
    rd__buf_put_sentence_ruby(&b, sent, RD__RUBY_BRACKETS, &so);
    /* Anki style puts a space before a base; one at the very start is noise. */
    size_t skip = b.len && b.ptr[0] == ' ' ? 1 : 0;
    html_field(k, &h, b.ptr ? b.ptr + skip : "", b.len - skip, 0);
    const char *sec = rd_section_id(rd__section_of(sent));
    html_field(k, &h, sec ? sec : "", sec ? strlen(sec) : 0, 0);
    field(k, "libreader", 9, 1);
  }
  rd_iter_free(it);
  if (b.oom || h.oom) rd__sink_fail(k, rd__oom());
  rd__buf_dispose(&b);
  rd__buf_dispose(&h);
  free(s.v);
  return k->st;
}
