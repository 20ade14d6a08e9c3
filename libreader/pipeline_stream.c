/* The streamed render (rd_pipeline_stream_file): one big plain-text
 * article read, annotated and written a block of paragraphs at a time, so
 * that memory holds a window of blocks instead of the whole document.
 * The article lives in an anonymous reservation at its own byte offsets:
 * only the blocks in flight (and the contents lines, which synthesised
 * headings read until the end) are resident; pages behind the window are
 * given back. Each block is its own rd_doc over that buffer (absolute
 * offsets: spans, tokens and warning lines read as in the whole document),
 * read on the calling thread by the text reader, whose state goes from
 * block to block (read_text.c), then annotated and written into a buffer
 * by any of the pipeline's threads, and handed to the caller in order.
 * What the whole document would know only at its end is carried here: the
 * Citations lists citations resolve against (warnings come at the end, as
 * rd__doc_finish gives them after the reader's), the warnings' cap, and
 * the earlier sentences the 町 rule looks back at (rules.c). */
#define _GNU_SOURCE /* MAP_NORESERVE */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze_internal.h" /* the town rule's look-back (RD__TOWN_CONTEXT, rd__rules_reads_back) */
#include "common_internal.h"
#include "doc_build.h"
#include "model.h"
#include "pipeline_internal.h"
#include "readers_internal.h"
#include "reader/pipeline.h"

#define CHUNK ((size_t)64 << 10)          /* giving back (and by default reading), in these units */
#define PRE_CHUNK ((size_t)1 << 20)       /* the pre-pass reads this much at a time */
#define DEFAULT_BLOCK ((size_t)128 << 10) /* source bytes of a block (READER_STREAM_BLOCK) */
#define CTX RD__TOWN_CONTEXT               /* earlier sentences the 町 rule reads (rules.c town_reading) */
#define MAX_REF 1000000u                  /* reference numbers have at most 6 digits (read_text.c) */

typedef struct ctx_sent {
  size_t start, end;
  char *text;
  size_t len;
} ctx_sent;

typedef struct cite {
  unsigned number;
  int aw; /* in the afterword */
  int64_t line;
} cite;

enum { B_PARSED = 1, B_CLAIMED, B_DONE };

typedef struct sblock {
  rd_doc *doc;
  rd__buf out; /* its view, written */
  rd_status st;
  char *msg;
  int state;
  size_t start, end; /* its source bytes */
} sblock;

struct rd_stream {
  rd_pipeline *p;
  char *name;
  int fd;
  size_t len;              /* the article's bytes */
  char *buf;               /* reservation of len (+1) bytes */
  size_t map_len;
  size_t filled, vis;      /* read into buf; the line boundary reading may use */
  size_t released;         /* given back below this (a multiple of rel) */
  size_t pin_a, pin_b;     /* the contents lines, kept */
  unsigned parse_flags, stages;
  size_t block;
  size_t unit;             /* read this much at a time (READER_STREAM_READ; CHUNK) */
  size_t rel;              /* give back in these units: CHUNK, a page when unit is small */
  rd__text_reader *r;
  rd_analyzer *an;
  size_t pos;              /* where the next block starts */
  int64_t pos_line;        /* ... and its line */
  size_t nblocks;
  int read_all;
  ctx_sent ctx[CTX];       /* the latest sentences read, a ring */
  size_t nctx, ctx_next;
  char **warn;             /* the warnings, capped as a document's are */
  size_t nwarn, capwarn, dropped;
  char more[96];
  int finished;            /* the citation warnings are added */
  cite *cites;
  size_t ncites, capcites;
  unsigned char *root_refs, *aw_refs; /* numbers of the first list of each (bitmaps) */
  int written;             /* rd_stream_write was called */
  /* the writing run */
  rd_output format;
  rd_write_options wo;
  pthread_mutex_t mu;
  pthread_cond_t cv;
  sblock *slots;
  size_t window, nparsed, nclaimed, nemitted;
  int stop, wrote_any;
};

/* ---- reading the file ------------------------------------------------------ */

/* Read the article into buf up to `upto` (or its end). A file that got
 * shorter since it was measured is an error, not a short article. */
static rd_status read_to(rd_stream *s, size_t upto) {
  if (upto > s->len) upto = s->len;
  while (s->filled < upto) {
    ssize_t n = pread(s->fd, s->buf + s->filled, upto - s->filled, (off_t)s->filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return rd__error(RD_EIO, -1, 0, "%s: cannot read: %s", s->name, strerror(errno));
    if (n == 0) return rd__error(RD_EIO, (int64_t)s->filled, 0, "%s: the file got shorter while it was read", s->name);
    s->filled += (size_t)n;
  }
  return RD_OK;
}

/* Make at least `upto` bytes usable (rounded up to a line end): read on
 * from the last line boundary, re-checking the new lines' UTF-8 (the
 * file was checked whole before, but may have changed since). */
static rd_status extend(rd_stream *s, size_t upto) {
  size_t scanned = s->vis; /* [vis, scanned) holds no newline */
  while (s->vis < s->len && s->vis < upto) {
    size_t want = s->filled + s->unit > upto ? s->filled + s->unit : upto;
    want = (want + s->unit - 1) / s->unit * s->unit;
    if (scanned < s->filled) scanned = s->filled;
    rd_status st = read_to(s, want);
    if (st < 0) return st;
    size_t nv = s->filled;
    if (s->filled < s->len) {
      /* only what was just read: a long line stays linear */
      const char *nl = memrchr(s->buf + scanned, '\n', s->filled - scanned);
      if (!nl) { scanned = s->filled; continue; } /* a line longer than what is read: read on */
      nv = (size_t)(nl - s->buf) + 1;
    }
    if (rd__utf8_validate(s->buf + s->vis, nv - s->vis, NULL) < 0)
      return rd__error(RD_EENCODING, (int64_t)s->vis, 0, "%s: the file changed while it was read", s->name);
    s->vis = nv;
  }
  return RD_OK;
}

/* Give back the pages of [released, off) but the contents lines'. */
static void release_below(rd_stream *s, size_t off) {
  size_t to = off & ~(s->rel - 1);
  size_t pa = s->pin_a & ~(s->rel - 1), pb = (s->pin_b + s->rel - 1) & ~(s->rel - 1);
  while (s->released < to) {
    size_t a = s->released, b = to;
    if (s->pin_b > s->pin_a && a < pb && b > pa) {
      if (a >= pa) { s->released = pb < to ? pb : to; continue; }
      b = pa;
    }
    madvise(s->buf + a, b - a, MADV_DONTNEED);
    s->released = b;
  }
}

/* ---- warnings -------------------------------------------------------------- */

static rd_status push_warning(rd_stream *s, const char *w) {
  if (s->nwarn >= RD__MAX_WARNINGS) { s->dropped++; return RD_OK; }
  if (s->nwarn == s->capwarn) {
    size_t cap = s->capwarn ? s->capwarn * 2 : 8;
    char **v = realloc(s->warn, cap * sizeof *v);
    if (!v) return rd__oom();
    s->warn = v;
    s->capwarn = cap;
  }
  if (!(s->warn[s->nwarn] = strdup(w))) return rd__oom();
  s->nwarn++;
  return RD_OK;
}

/* A block's warnings, as its document capped them (the article's first
 * RD__MAX_WARNINGS are among each block's own first as many). */
static rd_status take_warnings(rd_stream *s, const rd_doc *doc) {
  size_t kept = doc->nwarnings - (doc->warn_dropped ? 1 : 0);
  for (size_t i = 0; i < kept; i++) {
    rd_status st = push_warning(s, doc->warnings[i]);
    if (st < 0) return st;
  }
  s->dropped += doc->warn_dropped;
  return RD_OK;
}

/* Line of byte off, counted from a known (from, line) at or before it. */
static int64_t count_lines(const char *buf, size_t from, int64_t line, size_t off) {
  for (const char *p = buf + from; (p = memchr(p, '\n', (size_t)(buf + off - p))) != NULL; p++) line++;
  return line;
}

/* A block's citations (resolved at the end) and the first Citations list
 * of the body and of the afterword (rd__doc_finish: a citation resolves
 * against its section's first list, else the document's). */
static rd_status take_citations(rd_stream *s, const rd_doc *doc, size_t start, int64_t start_line) {
  size_t memo_off = start;
  int64_t memo_line = start_line;
  size_t ca, cb;
  int64_t cline;
  rd__text_reader_contents(s->r, &ca, &cb, &cline);
  const rd_node *n = doc->root;
  while (n) {
    if (n->kind == RD_NODE_REFERENCES) {
      int aw = n->parent && n->parent->kind == RD_NODE_SECTION && (n->parent->flags & RD__NODE_AFTERWORD);
      unsigned char **set = aw ? &s->aw_refs : n->parent == doc->root ? &s->root_refs : NULL;
      if (set && !*set) {
        if (!(*set = calloc(MAX_REF / 8 + 1, 1))) return rd__oom();
        for (const rd_node *r = n->first; r; r = r->next)
          if (r->number < MAX_REF) (*set)[r->number / 8] |= (unsigned char)(1u << (r->number % 8));
      }
    }
    if (n->kind == RD_NODE_CITATION) {
      if (s->ncites == s->capcites) {
        size_t cap = s->capcites ? s->capcites * 2 : 64;
        cite *v = realloc(s->cites, cap * sizeof *v);
        if (!v) return rd__oom();
        s->cites = v;
        s->capcites = cap;
      }
      cite *c = &s->cites[s->ncites++];
      c->number = n->number;
      c->aw = 0;
      for (const rd_node *a = n->parent; a; a = a->parent)
        if (a->kind == RD_NODE_SECTION && (a->flags & RD__NODE_AFTERWORD)) c->aw = 1;
      if (n->start < start) {
        /* A synthesised heading's, in the contents lines: counted from
         * there, and the memo stays in this block, so the next citation is
         * not counted through the pages given back since the contents. */
        c->line = cline && n->start >= ca ? count_lines(doc->src, ca, cline, n->start) : 0; /* 0: not expected */
      } else {
        if (n->start < memo_off) { memo_off = start; memo_line = start_line; }
        memo_line = count_lines(doc->src, memo_off, memo_line, n->start);
        memo_off = n->start;
        c->line = memo_line;
      }
    }
    if (n->first) { n = n->first; continue; }
    while (n && !n->next) n = n->parent;
    if (n) n = n->next;
  }
  return RD_OK;
}

static int has_ref(const unsigned char *set, unsigned number) {
  return number < MAX_REF && (set[number / 8] & (1u << (number % 8)));
}

/* The citations' warnings, after every block's own (rd__doc_finish order). */
static rd_status finish_warnings(rd_stream *s) {
  if (s->finished) return RD_OK;
  s->finished = 1;
  for (size_t i = 0; i < s->ncites; i++) {
    const cite *c = &s->cites[i];
    const unsigned char *set = c->aw && s->aw_refs ? s->aw_refs : s->root_refs;
    if (set && has_ref(set, c->number)) continue;
    char w[160];
    snprintf(w, sizeof w, set ? "line %lld: citation [%u] has no reference in its Citations list"
                              : "line %lld: citation [%u] has no Citations list to resolve against",
             (long long)c->line, c->number);
    rd_status st = push_warning(s, w);
    if (st < 0) return st;
  }
  if (s->dropped) {
    snprintf(s->more, sizeof s->more, "%zu more warning%s not shown (at most %d are kept)", s->dropped,
             s->dropped == 1 ? "" : "s", RD__MAX_WARNINGS);
  }
  return RD_OK;
}

/* ---- one block ------------------------------------------------------------- */

/* The last sentences read, for the next block's 町 rule. */
static rd_status keep_context(rd_stream *s, const rd_doc *doc, size_t own) {
  size_t ns = doc->nsentences, from = ns - own + (own > CTX ? own - CTX : 0);
  for (size_t i = from; i < ns; i++) {
    const rd_node *n = doc->sentences[i];
    ctx_sent *c = &s->ctx[s->ctx_next];
    const char *t = n->text;
    char *copy = malloc(n->text_len + 1);
    if (!copy) return rd__oom();
    if (n->text_len) memcpy(copy, t, n->text_len);
    copy[n->text_len] = '\0';
    free(c->text);
    *c = (ctx_sent){n->start, n->end, copy, n->text_len};
    s->ctx_next = (s->ctx_next + 1) % CTX;
    if (s->nctx < CTX) s->nctx++;
  }
  return RD_OK;
}

/* Put the previous blocks' last sentences before this block's in its
 * sentence list (not in its tree: never written), when one of its first
 * CTX sentences has a 町, whose reading may come from the prefecture named
 * in the sentences before it. The rule takes the latest earlier sentence
 * that names one, so only that one keeps its text (and is annotated);
 * the others stand in empty, at their distance. */
static rd_status add_context(rd_stream *s, rd_doc *doc) {
  size_t ns = doc->nsentences, m = s->nctx;
  if (!m) return RD_OK;
  int wanted = 0;
  for (size_t i = 0; i < ns && i < CTX && !wanted; i++) {
    const rd_node *n = doc->sentences[i];
    wanted = rd__rules_reads_back(n->text, n->text_len);
  }
  if (!wanted) return RD_OK;
  size_t keep = m;
  for (size_t k = m; k-- > 0 && keep == m;) {
    const ctx_sent *c = &s->ctx[(s->ctx_next + CTX - m + k) % CTX];
    if (rd__rules_gives_context(c->text, c->len)) keep = k;
  }
  if (keep == m) return RD_OK; /* none names one: as if there were none */
  m -= keep; /* from the one kept on */
  rd_node **v = rd__arena_alloc(&doc->arena, (m + ns + 1) * sizeof *v);
  if (!v) return rd__oom();
  for (size_t k = 0; k < m; k++) {
    const ctx_sent *c = &s->ctx[(s->ctx_next + CTX - m + k) % CTX];
    rd_node *n = rd__node_new(doc, RD_NODE_SENTENCE, c->start, k ? c->start : c->end);
    if (!n) return rd__oom();
    rd_status st = k ? rd__node_set_text(n, "", 0) : rd__node_set_text(n, c->text, c->len);
    if (st < 0) return st;
    v[k] = n;
  }
  memcpy(v + m, doc->sentences, ns * sizeof *v);
  for (size_t i = 0; i < m + ns; i++) v[i]->index = i;
  doc->sentences = v;
  doc->nsentences = m + ns;
  return RD_OK;
}

/* Read the next block into a document of its own (this thread); *last:
 * it was the article's last. */
static rd_status parse_block(rd_stream *s, sblock *b, int *last) {
  size_t start = s->pos, limit = start + s->block;
  rd_status st = extend(s, limit);
  if (st < 0) return st;
  rd_doc *doc = rd__doc_new_view(s->buf, s->vis, s->name);
  if (!doc) return rd__oom();
  /* warnings count lines from here, not from the start (no longer held) */
  doc->warn_off = start;
  doc->warn_line = s->pos_line;
  if (s->nblocks && (st = rd__text_reader_rebase(s->r, doc)) < 0) goto fail;
  size_t pos = start;
  for (;;) {
    doc->src_len = s->vis;
    st = rd__text_reader_block(s->r, doc, &pos, limit, s->vis == s->len);
    if (st != RD__TEXT_MORE) break;
    if ((st = extend(s, s->vis + 1)) < 0) goto fail;
  }
  if (st < 0) goto fail;
  *last = pos >= s->len;
  if (*last) {
    if ((st = rd__text_reader_end(s->r, doc)) < 0) goto fail;
  }
  doc->root->end = doc->src_len;
  if ((st = rd__text_reader_detach(s->r)) < 0) goto fail;
  if ((st = rd__doc_finish_block(doc)) < 0) goto fail;
  if ((st = take_warnings(s, doc)) < 0 || (st = take_citations(s, doc, start, s->pos_line)) < 0) goto fail;
  size_t own = doc->nsentences;
  if ((st = add_context(s, doc)) < 0) goto fail;
  /* the context for the next block: this block's own sentences */
  if ((st = keep_context(s, doc, own)) < 0) goto fail;
  size_t ca, cb;
  int64_t cl;
  rd__text_reader_contents(s->r, &ca, &cb, &cl);
  if (cb > ca && s->pin_b <= s->pin_a) { s->pin_a = ca; s->pin_b = cb; }
  s->pos_line = count_lines(s->buf, start, s->pos_line, pos);
  s->pos = pos;
  s->nblocks++;
  b->doc = doc;
  b->start = start;
  b->end = pos;
  b->st = RD_OK;
  b->msg = NULL;
  b->out.len = 0;
  return RD_OK;
fail:
  rd__doc_free_view(doc);
  return st;
}

static int collect(const char *data, size_t len, void *payload) {
  rd__buf *o = payload;
  rd__buf_put(o, data, len);
  return o->oom ? -1 : 0;
}

/* Annotate and write one block, and free its document (any thread). */
static void process(rd_stream *s, sblock *b) {
  rd_status st = RD_OK;
  if (s->an) {
    rd_annotate_options ao = RD_ANNOTATE_OPTIONS_INIT;
    ao.threads = 1; /* the threads share out blocks, not sentences */
    if (!(s->stages & RD_STAGE_ALTERNATIVES)) ao.flags |= RD_ANNOTATE_NO_ALTERNATIVES;
    st = rd_doc_annotate(b->doc, s->an, &ao);
  }
  if (st >= 0) {
    st = rd_doc_write(b->doc, s->format, &s->wo, collect, &b->out);
    if (st >= 0 && b->out.oom) st = rd__oom();
  }
  if (st < 0) b->msg = strdup(rd_error_last()->message);
  b->st = st;
  rd__doc_free_view(b->doc);
  b->doc = NULL;
}

/* Claim the next parsed block and annotate and write it; called and
 * returning with s->mu held (released while it works), by the workers and
 * by the calling thread when it is ahead. */
static void process_next(rd_stream *s) {
  sblock *b = &s->slots[s->nclaimed++ % s->window];
  b->state = B_CLAIMED;
  pthread_mutex_unlock(&s->mu);
  process(s, b);
  pthread_mutex_lock(&s->mu);
  b->state = B_DONE;
  pthread_cond_broadcast(&s->cv);
}

static void *worker_main(void *arg) {
  rd_stream *s = arg;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    while (!s->stop && s->nclaimed == s->nparsed && !s->read_all) pthread_cond_wait(&s->cv, &s->mu);
    if (s->stop || s->nclaimed == s->nparsed) break;
    process_next(s);
  }
  pthread_mutex_unlock(&s->mu);
  return NULL;
}

/* Hand one written block to the caller: a blank line between it and the
 * previous one, as between any two blocks of one document. */
static rd_status emit(rd_stream *s, sblock *b, rd_write_fn fn, void *payload) {
  if (b->st < 0) {
    rd_status st = rd__error(b->st, -1, 0, "%s", b->msg ? b->msg : "cannot read");
    free(b->msg);
    b->msg = NULL;
    return st;
  }
  if (b->out.len) {
    if ((s->wrote_any && fn("\n", 1, payload) != 0) || fn(b->out.ptr, b->out.len, payload) != 0)
      return rd__error(RD_EIO, -1, 0, "write callback stopped the output");
    s->wrote_any = 1;
  }
  /* Keep the buffer's memory for the next block in this slot, not its size
   * after a long one. */
  if (b->out.cap > 4 * s->block) rd__buf_dispose(&b->out);
  b->out.len = 0;
  return RD_OK;
}

/* ---- the public calls ------------------------------------------------------- */

static size_t env_size(const char *name, size_t def) {
  const char *v = getenv(name);
  if (!v || !*v) return def;
  char *end;
  unsigned long long n = strtoull(v, &end, 10);
  if (*end || n == 0) return def;
  return (size_t)n;
}

void rd_stream_free(rd_stream *s) {
  if (!s) return;
  if (s->buf) munmap(s->buf, s->map_len);
  if (s->fd >= 0) close(s->fd);
  rd__text_reader_free(s->r);
  for (size_t i = 0; i < CTX; i++) free(s->ctx[i].text);
  for (size_t i = 0; i < s->nwarn; i++) free(s->warn[i]);
  free(s->warn);
  free(s->cites);
  free(s->root_refs);
  free(s->aw_refs);
  free(s->name);
  free(s);
}

static int has_markup_name(const char *path) {
  const char *dot = strrchr(path, '.');
  return dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm") || !strcmp(dot, ".xhtml") || !strcmp(dot, ".xml"));
}

rd_status rd_pipeline_stream_file(rd_stream **out, rd_pipeline *p, const char *path, const rd_read_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_stream_file: NULL out");
  *out = NULL;
  if (!p || !path) return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_stream_file: NULL argument");
  rd_read_options def = RD_READ_OPTIONS_INIT;
  if (!opts) opts = &def;
  if (opts->version != RD_READ_OPTIONS_VERSION)
    return rd__error(RD_EINVALID, -1, 0, "rd_read_options: version %u, expected %u", opts->version,
                     RD_READ_OPTIONS_VERSION);
  /* What the stream does not serve is read whole by the caller: standard
   * input, markup, Aozora text, another encoding, an input over the limit,
   * summaries (their notes need the whole document). */
  if (!strcmp(path, "-") || (opts->format != RD_FORMAT_AUTO && opts->format != RD_FORMAT_TEXT)) return RD_OK;
  if (opts->format == RD_FORMAT_AUTO && has_markup_name(path)) return RD_OK;
  if ((opts->stages & RD_STAGE_SUMMARIES) && (opts->summaries || rd__pipeline_summaries_beside(p, path))) return RD_OK;
  rd_stream *s = calloc(1, sizeof *s);
  if (!s) return rd__oom();
  s->fd = -1;
  s->p = p;
  s->parse_flags = opts->parse_flags;
  s->stages = opts->stages;
  s->block = env_size("READER_STREAM_BLOCK", DEFAULT_BLOCK);
  /* Tests and the fuzzer read a few bytes at a time, so that an article
   * of a few lines still ends a block short of what is read (the text
   * reader's RD__TEXT_MORE paths: contents, front matter, a list). */
  s->unit = env_size("READER_STREAM_READ", CHUNK);
  /* ... and give back a page at a time, so that a short article has text
   * given back behind its blocks too (what reads it there reads zeros). */
  s->rel = s->unit < CHUNK ? 4096 : CHUNK;
  rd_status st = RD_OK;
  struct stat sb;
  if (!(s->name = strdup(opts->name ? opts->name : path))) { st = rd__oom(); goto fail; }
  if ((s->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(s->fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
      sb.st_size <= 0 || (uint64_t)sb.st_size > rd_input_limit())
    goto whole;
  s->len = (size_t)sb.st_size;
  s->map_len = (s->len + 1 + 4095) & ~(size_t)4095;
  s->buf = mmap(NULL, s->map_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (s->buf == MAP_FAILED) { s->buf = NULL; goto whole; }
  if ((st = rd__text_reader_new(&s->r, opts->parse_flags)) < 0) goto fail;
  /* The pre-pass: UTF-8 (anything else is read whole: its error, or its
   * conversion, is the whole read's), the format, the Markdown pre-scan;
   * a window at a time, given back as it goes. */
  int sniffed = opts->format == RD_FORMAT_TEXT;
  for (size_t a = 0; a < s->len;) {
    size_t want = a + PRE_CHUNK, b, scanned = a; /* read past the last chunk's end: no newline there */
    for (;;) {
      if (scanned < s->filled) scanned = s->filled;
      if ((st = read_to(s, want)) < 0) goto whole_err;
      if (s->filled == s->len) { b = s->len; break; }
      /* [a, scanned) holds no newline: only what was just read is searched */
      const char *nl = memrchr(s->buf + scanned, '\n', s->filled - scanned);
      if (nl) { b = (size_t)(nl - s->buf) + 1; break; }
      want += PRE_CHUNK;
    }
    if (rd__utf8_validate(s->buf + a, b - a, NULL) < 0) goto whole_err;
    if (!sniffed) {
      size_t i = a;
      if (a == 0 && b >= 3 && !memcmp(s->buf, "\xEF\xBB\xBF", 3)) i = 3;
      while (i < b && strchr(" \t\r\n", s->buf[i])) i++;
      if (i < b) {
        if (s->buf[i] == '<') goto whole; /* HTML or XML by content (parse.c sniff_format) */
        sniffed = 1;
      }
    }
    rd__text_prescan(s->r, s->buf, a, b);
    s->released = a & ~(s->rel - 1);
    release_below(s, b);
    a = b;
  }
  if (!rd__text_prescan_end(s->r)) goto whole;
  madvise(s->buf, s->map_len, MADV_DONTNEED);
  s->filled = s->vis = s->released = 0;
  s->pos_line = 1;
  if (opts->stages & RD_STAGE_ANNOTATE) {
    if (!(s->an = rd_pipeline_analyzer(p))) { st = rd_error_last()->code; goto fail; }
  }
  *out = s;
  return RD_OK;
whole_err:
  rd_error_clear();
whole:
  rd_stream_free(s);
  return RD_OK;
fail:
  rd_stream_free(s);
  return st;
}

rd_status rd_stream_write(rd_stream *s, rd_output format, const rd_write_options *wo, rd_write_fn fn, void *payload) {
  if (!s || !fn) return rd__error(RD_EINVALID, -1, 0, "rd_stream_write: NULL argument");
  if (format != RD_OUTPUT_TEXT && format != RD_OUTPUT_BRACKETS)
    return rd__error(RD_EINVALID, -1, 0, "rd_stream_write: only the text and brackets views are streamed");
  if (s->written) return rd__error(RD_EINVALID, -1, 0, "rd_stream_write: the article was written already");
  s->written = 1;
  rd_write_options def = RD_WRITE_OPTIONS_INIT;
  s->wo = wo ? *wo : def;
  s->wo.flags &= ~RD_WRITE_THREADS; /* a block is written on one thread; the blocks share the threads */
  s->format = format;
  unsigned nt = rd__pipeline_threads(s->p);
  if (nt > 64) nt = 64;
  s->window = 2u * nt;
  if (!(s->slots = calloc(s->window, sizeof *s->slots))) return rd__oom();
  pthread_mutex_init(&s->mu, NULL);
  pthread_cond_init(&s->cv, NULL);
  /* This thread reads the blocks (a tenth of the work), hands the written
   * ones on in order, and annotates when it has nothing else to do; the
   * other nt - 1 threads only annotate and write. */
  pthread_t *tids = calloc(nt, sizeof *tids);
  unsigned started = 0;
  while (tids && started + 1 < nt && pthread_create(&tids[started], NULL, worker_main, s) == 0) started++;
  rd_status st = RD_OK;
  int write_failed = 0;
  pthread_mutex_lock(&s->mu);
  for (;;) {
    sblock *e = s->nemitted < s->nparsed ? &s->slots[s->nemitted % s->window] : NULL;
    if (e && e->state == B_DONE) {
      pthread_mutex_unlock(&s->mu);
      st = emit(s, e, fn, payload);
      pthread_mutex_lock(&s->mu);
      e->state = 0;
      s->nemitted++;
      if (st < 0) { write_failed = st == RD_EIO && e->st >= 0; break; }
      /* what no block in flight reads any more goes back */
      release_below(s, s->nemitted < s->nparsed ? s->slots[s->nemitted % s->window].start : s->pos);
      continue;
    }
    if (!s->read_all && s->nparsed - s->nemitted < s->window) {
      sblock *b = &s->slots[s->nparsed % s->window];
      int last = 0;
      pthread_mutex_unlock(&s->mu);
      st = parse_block(s, b, &last);
      pthread_mutex_lock(&s->mu);
      if (st < 0) break;
      s->read_all = last;
      b->state = B_PARSED;
      s->nparsed++;
      pthread_cond_broadcast(&s->cv);
      continue;
    }
    if (s->nclaimed < s->nparsed) {
      process_next(s);
      continue;
    }
    if (s->read_all && s->nemitted == s->nparsed) break;
    pthread_cond_wait(&s->cv, &s->mu);
  }
  s->stop = 1;
  pthread_cond_broadcast(&s->cv);
  pthread_mutex_unlock(&s->mu);
  for (unsigned k = 0; k < started; k++) pthread_join(tids[k], NULL);
  free(tids);
  for (size_t i = 0; i < s->window; i++) { /* what a failure left in flight */
    rd__doc_free_view(s->slots[i].doc);
    free(s->slots[i].msg);
    rd__buf_dispose(&s->slots[i].out);
  }
  free(s->slots);
  s->slots = NULL;
  pthread_cond_destroy(&s->cv);
  pthread_mutex_destroy(&s->mu);
  if (write_failed) {
    /* The whole read knows its warnings before it writes: read the rest
     * (no annotation) for them, so a failed write reports the same. */
    rd_error saved = *rd_error_last();
    char msg[512];
    snprintf(msg, sizeof msg, "%s", saved.message);
    for (int last = s->read_all; !last;) {
      sblock b = {0};
      if (parse_block(s, &b, &last) < 0) break;
      rd__doc_free_view(b.doc);
      release_below(s, s->pos);
    }
    if (finish_warnings(s) < 0) s->finished = 0;
    rd__error(saved.code, saved.offset, saved.line, "%s", msg);
  }
  if (st < 0) return st;
  return finish_warnings(s);
}

size_t rd_stream_warning_count(const rd_stream *s) {
  if (!s || !s->finished) return 0;
  return s->nwarn + (s->dropped ? 1 : 0);
}

const char *rd_stream_warning_at(const rd_stream *s, size_t i) {
  if (!s || !s->finished) return NULL;
  if (i < s->nwarn) return s->warn[i];
  return i == s->nwarn && s->dropped ? s->more : NULL;
}
