/* Text views of any node: plain text (citations as [n]), furigana in
 * brackets (Anki style), ruby markup (an HTML fragment), hiragana,
 * katakana and romaji (reader/kana.h). One block a line with a blank line
 * between blocks; a sentence or a token is one line. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "write_internal.h"
#include "write_common.h"
#include "util/vec.h"
#include "reader/kana.h"

typedef struct tctx {
  rd__sink *k;
  rd_output kind;
  const rd_write_options *o;
  rd__buf line;
  int blocks;
} tctx;

static rd_script script_of(rd_output kind) {
  return kind == RD_OUTPUT_ROMAJI ? RD_SCRIPT_ROMAJI : kind == RD_OUTPUT_KATAKANA ? RD_SCRIPT_KATAKANA : RD_SCRIPT_HIRAGANA;
}

/* A sentence or a token in one of the kana scripts; the text as it is
 * when there is nothing to read (an empty or unannotated sentence). */
static void put_kana(tctx *c, const rd_node *n) {
  size_t tl;
  const char *t = rd_node_text(&tl, n);
  int has_tokens = rd_node_kind_of(n) == RD_NODE_TOKEN || rd_sentence_token_count(n);
  char *kana;
  size_t kl;
  if (!has_tokens) { rd__buf_put(&c->line, t, tl); return; }
  rd_status st = rd_node_to_kana(&kana, &kl, n, script_of(c->kind));
  if (st < 0) { rd__sink_fail(c->k, st); return; }
  if (c->kind == RD_OUTPUT_ROMAJI && c->line.len && c->line.ptr[c->line.len - 1] != ' ') rd__buf_putc(&c->line, ' ');
  rd__buf_put(&c->line, kana, kl);
  rd_free(kana);
}

static void put_sentence(tctx *c, const rd_node *s) {
  switch (c->kind) {
  case RD_OUTPUT_BRACKETS: rd__buf_put_sentence_ruby(&c->line, s, RD__RUBY_BRACKETS, c->o); break;
  case RD_OUTPUT_HTML_FRAGMENT: rd__buf_put_sentence_ruby(&c->line, s, RD__RUBY_HTML, c->o); break;
  case RD_OUTPUT_HIRAGANA: case RD_OUTPUT_KATAKANA: case RD_OUTPUT_ROMAJI: put_kana(c, s); break;
  default: rd__buf_put_sentence_cited(&c->line, s); break; /* citation markers back where they stood */
  }
}

static void put_token(tctx *c, const rd_node *t) {
  size_t sl;
  const char *s = rd_node_text(&sl, t);
  char last = 0;
  switch (c->kind) {
  case RD_OUTPUT_BRACKETS: rd__buf_put_brackets(&c->line, t, rd__token_wants_ruby(t, c->o), &last); break;
  case RD_OUTPUT_HTML_FRAGMENT: rd__buf_put_ruby_html(&c->line, t, rd__token_wants_ruby(t, c->o)); break;
  case RD_OUTPUT_HIRAGANA: case RD_OUTPUT_KATAKANA: case RD_OUTPUT_ROMAJI: put_kana(c, t); break;
  default: rd__buf_put(&c->line, s, sl); break;
  }
}

/* Text that is not a sentence (a heading prefix, a block without
 * sentences, a URL): escaped in the HTML fragment. */
static void put_plain(tctx *c, const char *s, size_t len) {
  if (c->kind == RD_OUTPUT_HTML_FRAGMENT) rd__buf_escape(&c->line, s, len, 0);
  else rd__buf_put(&c->line, s, len);
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
  if (prefix) put_plain(c, prefix, strlen(prefix));
  size_t ns = rd_block_sentence_count(b);
  for (size_t i = 0; i < ns; i++) put_sentence(c, rd_block_sentence_at(b, i));
  if (!ns) {
    size_t tl;
    const char *t = rd_node_text(&tl, b);
    if (t) put_plain(c, t, tl);
  }
  end_block(c);
}

/* A heading, after its section's number ("1. ", "2.1 "). */
static void put_heading(tctx *c, const rd_node *h) {
  const rd_node *sec = rd_node_parent(h);
  char prefix[64] = "";
  if (rd_node_kind_of(sec) == RD_NODE_SECTION && !rd_section_is_afterword(sec) && rd_section_id(sec))
    snprintf(prefix, sizeof prefix, "%s%s ", rd_section_id(sec), rd_section_level(sec) == 1 ? "." : "");
  put_block(c, h, prefix);
}

static void put_reference(tctx *c, const rd_node *r) {
  rd__buf_printf(&c->line, "%s[%u] %s", c->line.len ? "\n" : "", rd_node_number(r), rd_reference_url(r) ? rd_reference_url(r) : "");
}

static void put_references(tctx *c, const rd_node *refs) {
  if (c->kind != RD_OUTPUT_TEXT) return; /* readings of URLs mean nothing */
  c->line.len = 0;
  for (const rd_node *r = rd_node_first_child(refs); r; r = rd_node_next(r)) put_reference(c, r);
  end_block(c);
}

static void put_children(tctx *c, const rd_node *n) {
  for (const rd_node *ch = rd_node_first_child(n); ch; ch = rd_node_next(ch)) {
    switch (rd_node_kind_of(ch)) {
    case RD_NODE_SECTION: put_children(c, ch); break;
    case RD_NODE_HEADING: put_heading(c, ch); break;
    case RD_NODE_PARAGRAPH:
    case RD_NODE_QUESTION: put_block(c, ch, NULL); break;
    case RD_NODE_REFERENCES: put_references(c, ch); break;
    default: break;
    }
  }
}

/* ---- a big document's text view on two threads ---------------------------
 * Writing is serial after a parallel annotation: at 10 MB the brackets
 * view was a tenth of the instructions. The blocks are listed in order,
 * cut into pieces of about PAR_PIECE source bytes, and the pieces
 * alternate between this thread, which writes its own straight into the
 * sink, and a helper, which writes each of its own into a buffer that this
 * thread hands to the sink in turn: the same bytes in the same order, and
 * at most one piece's output held besides the sink. Only TEXT and BRACKETS
 * (the kana views convert through ICU per sentence, the HTML fragment
 * walks citations by navigation: not measured, left on one thread). The
 * helper only reads the document, which this thread holds shared for it
 * (rd_node_write); a read lock it takes itself (a known-words look-up) is
 * granted beside ours, as the lock prefers readers (doc_lock.c). */
#define PAR_MIN ((size_t)1 << 20)   /* smaller documents are written on one thread */
#define PAR_PIECE ((size_t)256 << 10)

/* HEADING, PARAGRAPH, QUESTION and REFERENCES nodes in put_children()
 * order, into v (of const rd_node *); -1 on OOM. */
static int par_collect(rd__vec *v, const rd_node *n) {
  for (const rd_node *ch = rd_node_first_child(n); ch; ch = rd_node_next(ch)) {
    rd_node_kind k = rd_node_kind_of(ch);
    if (k == RD_NODE_SECTION) {
      if (par_collect(v, ch) < 0) return -1;
      continue;
    }
    if (k != RD_NODE_HEADING && k != RD_NODE_PARAGRAPH && k != RD_NODE_QUESTION && k != RD_NODE_REFERENCES) continue;
    if (RD__VEC_PUSH(v, const rd_node *, ch) < 0) return -1;
  }
  return 0;
}

static void put_item(tctx *c, const rd_node *n) {
  switch (rd_node_kind_of(n)) {
  case RD_NODE_HEADING: put_heading(c, n); break;
  case RD_NODE_REFERENCES: put_references(c, n); break;
  default: put_block(c, n, NULL); break;
  }
}

/* Whether an item writes a block (and so a blank line before the next). */
static int item_writes(const rd_node *n, rd_output kind) {
  return rd_node_kind_of(n) != RD_NODE_REFERENCES || kind == RD_OUTPUT_TEXT;
}

typedef struct par_job {
  const rd_node *const *items;
  const size_t *cuts; /* piece p is items [cuts[p], cuts[p + 1]) */
  size_t npieces;
  const rd_write_options *o;
  rd_output kind;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  rd__buf out;  /* the helper's finished piece, while `ready` */
  size_t ready; /* 1 + the piece in `out`; 0: the buffer is free */
  int stop;     /* this thread's output failed: the helper gives up */
  rd_status st; /* the helper's failure (OOM) */
} par_job;

static int collect_buf(const char *data, size_t len, void *payload) {
  rd__buf *b = payload;
  rd__buf_put(b, data, len);
  return b->oom ? -1 : 0;
}

static void *par_helper(void *arg) {
  par_job *j = arg;
  rd__buf piece = RD__BUF_INIT;
  rd__sink *k = rd__sink_new(collect_buf, &piece);
  rd_status st = k ? RD_OK : RD_ENOMEM;
  for (size_t p = 1; p < j->npieces && st >= 0; p += 2) {
    /* A piece after the first follows a block (write_parallel checks the
     * first item writes one), so its first block gets the blank line. */
    tctx c = {k, j->kind, j->o, RD__BUF_INIT, 1};
    piece.len = 0;
    for (size_t i = j->cuts[p]; i < j->cuts[p + 1]; i++) put_item(&c, j->items[i]);
    rd__buf_dispose(&c.line);
    st = rd__sink_flush(k);
    if (st >= 0 && piece.oom) st = rd__oom();
    pthread_mutex_lock(&j->mu);
    while (j->ready && !j->stop) pthread_cond_wait(&j->cv, &j->mu);
    int stop = j->stop;
    if (!stop && st >= 0) {
      rd__buf t = j->out; /* swap: the emptied buffer is reused */
      j->out = piece;
      piece = t;
      j->ready = p + 1;
    }
    if (st < 0) j->st = st;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
    if (stop) break;
  }
  if (!k) {
    pthread_mutex_lock(&j->mu);
    j->st = st;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
  }
  rd__sink_free(k);
  rd__buf_dispose(&piece);
  return NULL;
}

/* The document's text view over two threads: 0 when not tried (a small
 * document, another view, no second core or thread, OOM listing the
 * blocks: the caller writes on one thread), 1 when written (k->st says
 * how it went). */
static int write_parallel(rd__sink *k, const rd_node *root, rd_output kind, const rd_write_options *o) {
  size_t srclen = 0;
  if (rd_node_kind_of(root) == RD_NODE_DOCUMENT) rd_doc_source(&srclen, rd_node_doc(root));
  if (!(o->flags & RD_WRITE_THREADS) || rd_node_kind_of(root) != RD_NODE_DOCUMENT || srclen < PAR_MIN ||
      (kind != RD_OUTPUT_TEXT && kind != RD_OUTPUT_BRACKETS) || sysconf(_SC_NPROCESSORS_ONLN) < 2)
    return 0;
  rd__vec items = RD__VEC_INIT(const rd_node *);
  int oom = par_collect(&items, root) < 0;
  const rd_node *const *v = items.ptr;
  size_t n = items.len;
  size_t *cuts = oom || n < 2 ? NULL : malloc((n + 1) * sizeof *cuts);
  if (!cuts) { rd__vec_dispose(&items); return 0; }
  /* Pieces of about PAR_PIECE source bytes, each whole items. */
  size_t np = 0, acc = 0;
  cuts[np++] = 0;
  for (size_t i = 0; i < n; i++) {
    size_t a, e;
    rd_node_span(&a, &e, v[i]);
    acc += e > a ? e - a : 0;
    if (acc >= PAR_PIECE && i + 1 < n) { cuts[np++] = i + 1; acc = 0; }
  }
  cuts[np] = n;
  if (np < 2 || !item_writes(v[0], kind)) { free(cuts); rd__vec_dispose(&items); return 0; }
  par_job j = {v, cuts, np, o, kind, PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, RD__BUF_INIT, 0, 0, RD_OK};
  pthread_t th;
  if (pthread_create(&th, NULL, par_helper, &j) != 0) { free(cuts); rd__vec_dispose(&items); return 0; }
  tctx c = {k, kind, o, RD__BUF_INIT, 0};
  for (size_t p = 0; p < np && k->st >= 0; p++) {
    if (p % 2 == 0) {
      for (size_t i = cuts[p]; i < cuts[p + 1]; i++) put_item(&c, v[i]);
      continue;
    }
    pthread_mutex_lock(&j.mu);
    while (j.ready != p + 1 && j.st >= 0) pthread_cond_wait(&j.cv, &j.mu);
    if (j.ready == p + 1) rd__sink_put(k, j.out.ptr ? j.out.ptr : "", j.out.len);
    else rd__sink_fail(k, j.st);
    j.out.len = 0;
    j.ready = 0;
    pthread_cond_broadcast(&j.cv);
    pthread_mutex_unlock(&j.mu);
  }
  pthread_mutex_lock(&j.mu);
  j.stop = 1; /* done or failed: a helper still waiting for the buffer ends */
  pthread_cond_broadcast(&j.cv);
  pthread_mutex_unlock(&j.mu);
  pthread_join(th, NULL);
  rd__buf_dispose(&c.line);
  rd__buf_dispose(&j.out);
  pthread_mutex_destroy(&j.mu);
  pthread_cond_destroy(&j.cv);
  free(cuts);
  rd__vec_dispose(&items);
  return 1;
}

/* The line buffer is the sink's scratch (kept with its room across
 * documents, write_sink.h): taken here, handed back at the end. */
static void line_take(tctx *c) {
  c->line = c->k->scratch;
  c->line.len = 0;
  c->k->scratch = (rd__buf)RD__BUF_INIT;
}

static void line_return(tctx *c) {
  if (c->line.oom) rd__buf_dispose(&c->line);
  rd__buf_dispose(&c->k->scratch); /* empty, unless a writer left one there */
  c->k->scratch = c->line;
  c->line = (rd__buf)RD__BUF_INIT;
}

rd_status rd__write_text(rd__sink *k, const rd_node *root, rd_output kind, const rd_write_options *o) {
  if (write_parallel(k, root, kind, o)) return k->st;
  tctx c = {k, kind, o, RD__BUF_INIT, 0};
  line_take(&c);
  switch (rd_node_kind_of(root)) {
  case RD_NODE_DOCUMENT:
  case RD_NODE_SECTION: put_children(&c, root); break;
  case RD_NODE_HEADING: put_heading(&c, root); break;
  case RD_NODE_PARAGRAPH:
  case RD_NODE_QUESTION: put_block(&c, root, NULL); break;
  case RD_NODE_REFERENCES: put_references(&c, root); break;
  case RD_NODE_SENTENCE: put_sentence(&c, root); end_block(&c); break;
  case RD_NODE_TOKEN: put_token(&c, root); end_block(&c); break;
  case RD_NODE_REFERENCE:
    if (kind == RD_OUTPUT_TEXT) put_reference(&c, root);
    end_block(&c);
    break;
  case RD_NODE_CITATION:
    /* Brackets and kana leave markers out, as inside a sentence. */
    if (kind == RD_OUTPUT_TEXT || kind == RD_OUTPUT_HTML_FRAGMENT) rd__buf_printf(&c.line, "[%u]", rd_node_number(root));
    end_block(&c);
    break;
  default: rd__sink_fail(k, rd__error(RD_EINVALID, -1, 0, "rd_node_write: no text view of a %s node", rd_node_kind_name(rd_node_kind_of(root)))); break;
  }
  line_return(&c);
  return k->st;
}
