/* The pipeline: the one place where the choices that decide how an article
 * reads are made (dictionary, rules, compounds, glossary, summaries beside
 * the article, known words). Every entry point reads through it, so the
 * page, the brackets view and a script cannot drift apart again.
 * The analyzer and the glossary are loaded lazily under a mutex, once;
 * a failed load is remembered and reported the same way to every caller. */
#define _POSIX_C_SOURCE 200809L /* strdup, sysconf */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common_internal.h"
#include "pipeline_internal.h"
#include "reader/pipeline.h"

/* A lazily loaded part: loaded once; a failure keeps its code and message. */
typedef struct lazy {
  int tried;
  rd_status st;
  char *msg;
} lazy;

struct rd_pipeline {
  unsigned flags, threads;
  char *dictionary, *user_dictionary, *overrides, *compounds, *names, *glossary_path;
  int glossary_named; /* the user named it: failing to load it is an error */
  rd_known *known;
  pthread_mutex_t lock;
  rd_analyzer *an;
  lazy an_state;
  rd_glossary *gl;
  lazy gl_state;
};

static int file_exists(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static char *dup_or_null(const char *s, int *oom) {
  if (!s) return NULL;
  char *d = strdup(s);
  if (!d) *oom = 1;
  return d;
}

void rd_pipeline_free(rd_pipeline *p) {
  if (!p) return;
  rd_analyzer_free(p->an);
  rd_glossary_free(p->gl);
  rd_known_free(p->known);
  free(p->an_state.msg);
  free(p->gl_state.msg);
  free(p->dictionary);
  free(p->user_dictionary);
  free(p->overrides);
  free(p->compounds);
  free(p->names);
  free(p->glossary_path);
  pthread_mutex_destroy(&p->lock);
  free(p);
}

rd_status rd_pipeline_new(rd_pipeline **out, const rd_pipeline_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_new: NULL out");
  *out = NULL;
  rd_pipeline_options def = RD_PIPELINE_OPTIONS_INIT;
  if (!opts) opts = &def;
  if (opts->version != RD_PIPELINE_OPTIONS_VERSION)
    return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_options: version %u, expected %u", opts->version,
                     RD_PIPELINE_OPTIONS_VERSION);
  rd_pipeline *p = calloc(1, sizeof *p);
  if (!p) return rd__oom();
  if (pthread_mutex_init(&p->lock, NULL) != 0) { free(p); return rd__oom(); }
  p->flags = opts->flags;
  p->threads = opts->threads;
  int oom = 0;
  p->dictionary = dup_or_null(opts->dictionary, &oom);
  p->user_dictionary = dup_or_null(opts->user_dictionary, &oom);
  p->overrides = dup_or_null(opts->overrides, &oom);
  /* EDICT serves compounds and glosses; by default Debian's edict package
   * when it is installed, and silently nothing when it is not. */
  if (!(p->flags & RD_PIPELINE_NO_COMPOUNDS)) {
    if (opts->compounds) p->compounds = dup_or_null(opts->compounds, &oom);
    else if (file_exists(RD_PIPELINE_EDICT_PATH)) p->compounds = dup_or_null(RD_PIPELINE_EDICT_PATH, &oom);
  }
  /* ENAMDICT likewise: Debian's enamdict package when installed. */
  if (!(p->flags & RD_PIPELINE_NO_NAMES)) {
    if (opts->names) p->names = dup_or_null(opts->names, &oom);
    else if (file_exists(RD_PIPELINE_ENAMDICT_PATH)) p->names = dup_or_null(RD_PIPELINE_ENAMDICT_PATH, &oom);
  }
  if (!(p->flags & RD_PIPELINE_NO_GLOSSARY)) {
    p->glossary_named = opts->glossary != NULL;
    p->glossary_path = dup_or_null(opts->glossary ? opts->glossary : RD_PIPELINE_EDICT_PATH, &oom);
  }
  if (oom) { rd_pipeline_free(p); return rd__oom(); }
  if (opts->known) {
    rd_status st = rd_known_parse_file(&p->known, opts->known);
    if (st < 0) { rd_pipeline_free(p); return st; }
  }
  *out = p;
  return RD_OK;
}

/* Remember a load failure so later callers (other threads too) get the
 * same error, not a silent NULL. */
static void lazy_fail(lazy *z, rd_status st) {
  z->st = st;
  const char *m = rd_error_last()->message;
  z->msg = strdup(m ? m : "");
}

static rd_status lazy_raise(const lazy *z) {
  return rd__error(z->st, -1, 0, "%s", z->msg ? z->msg : "cannot load");
}

rd_analyzer *rd_pipeline_analyzer(rd_pipeline *p) {
  if (!p) { rd__error(RD_EINVALID, -1, 0, "rd_pipeline_analyzer: NULL pipeline"); return NULL; }
  pthread_mutex_lock(&p->lock);
  if (!p->an_state.tried) {
    p->an_state.tried = 1;
    rd_analyzer_options ao = RD_ANALYZER_OPTIONS_INIT;
    ao.dictionary = p->dictionary;
    ao.user_dictionary = p->user_dictionary;
    ao.overrides = p->overrides;
    ao.compounds = p->compounds;
    ao.names = p->names;
    if (p->flags & RD_PIPELINE_STUB) ao.flags |= RD_ANALYZER_STUB;
    if (p->flags & RD_PIPELINE_NO_RULES) ao.flags |= RD_ANALYZER_NO_RULES;
    if (p->flags & RD_PIPELINE_NIPPON) ao.flags |= RD_ANALYZER_NIPPON;
    rd_status st = rd_analyzer_new(&p->an, &ao);
    if (st < 0) { p->an = NULL; lazy_fail(&p->an_state, st); }
  }
  rd_analyzer *an = p->an;
  if (!an) lazy_raise(&p->an_state);
  pthread_mutex_unlock(&p->lock);
  return an;
}

const rd_glossary *rd_pipeline_glossary(rd_pipeline *p) {
  if (!p) { rd__error(RD_EINVALID, -1, 0, "rd_pipeline_glossary: NULL pipeline"); return NULL; }
  if (!p->glossary_path) { rd__error(RD_ENOTFOUND, -1, 0, "glosses are turned off"); return NULL; }
  pthread_mutex_lock(&p->lock);
  if (!p->gl_state.tried) {
    p->gl_state.tried = 1;
    rd_status st = rd_glossary_new(&p->gl, p->glossary_path, NULL);
    if (st < 0) { p->gl = NULL; lazy_fail(&p->gl_state, st); }
  }
  const rd_glossary *gl = p->gl;
  if (!gl) lazy_raise(&p->gl_state);
  pthread_mutex_unlock(&p->lock);
  return gl;
}

const rd_known *rd_pipeline_known(const rd_pipeline *p) { return p ? p->known : NULL; }

void rd_pipeline_write_options(rd_write_options *out, const rd_pipeline *p) {
  if (!out) return;
  rd_write_options def = RD_WRITE_OPTIONS_INIT;
  *out = def;
  if (p && p->known) {
    out->known = p->known;
    out->furigana = RD_FURIGANA_UNKNOWN;
  }
  /* a pipeline that may use several threads writes a big document's text
   * views on two as well (the same bytes); one thread stays one */
  if (p && p->threads != 1) out->flags |= RD_WRITE_THREADS;
}

static unsigned default_threads(const rd_pipeline *p) {
  if (p->threads) return p->threads;
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  return cores > 0 ? (unsigned)cores : 1u;
}

/* `DIR/summaries.en.xml` for an article at DIR/NAME, when it exists. */
static char *summaries_beside(const char *path) {
  const char *slash = strrchr(path, '/');
  size_t dl = slash ? (size_t)(slash - path + 1) : 0;
  char *s = malloc(dl + sizeof "summaries.en.xml");
  if (!s) return NULL;
  memcpy(s, path, dl);
  memcpy(s + dl, "summaries.en.xml", sizeof "summaries.en.xml");
  if (!file_exists(s)) { free(s); return NULL; }
  return s;
}

unsigned rd__pipeline_threads(const rd_pipeline *p) { return default_threads(p); }

int rd__pipeline_summaries_beside(const rd_pipeline *p, const char *path) {
  if (p->flags & RD_PIPELINE_NO_SUMMARIES) return 0;
  char *s = summaries_beside(path);
  int there = s != NULL;
  free(s);
  return there;
}

/* Smallest source (bytes) a lone read annotates on several threads. */
#define RD__SPLIT_MIN_BYTES (64u * 1024u)

/* The stages after parsing. `beside` is the summaries file found next to
 * the article (or NULL); `always_annotate` re-annotates a document that
 * already has tokens. */
static rd_status run_stages(rd_pairing **pairing_out, rd_pipeline *p, rd_doc *doc, const rd_read_options *o,
                            const char *beside, int always_annotate, unsigned threads) {
  if ((o->stages & RD_STAGE_ANNOTATE) && (always_annotate || rd_doc_token_count(doc) == 0)) {
    rd_analyzer *an = rd_pipeline_analyzer(p);
    if (!an) return rd_error_last()->code;
    rd_annotate_options ao = RD_ANNOTATE_OPTIONS_INIT;
    ao.threads = threads ? threads : default_threads(p);
    /* A document read alone is split across threads only when it is big
     * enough to pay for starting them and for their cold word caches: a
     * short article split in two took 1.6x the CPU of one thread. */
    size_t src_len = 0;
    rd_doc_source(&src_len, doc);
    if (!threads && src_len < RD__SPLIT_MIN_BYTES) ao.threads = 1;
    if (!(o->stages & RD_STAGE_ALTERNATIVES)) ao.flags |= RD_ANNOTATE_NO_ALTERNATIVES;
    rd_status st = rd_doc_annotate(doc, an, &ao);
    if (st < 0) return st;
  }
  if (o->stages & RD_STAGE_SUMMARIES) {
    const char *sum = o->summaries ? o->summaries : beside;
    if (sum) {
      rd_summaries_options so = RD_SUMMARIES_OPTIONS_INIT;
      so.flags = o->summaries_flags;
      rd_status st = rd_doc_load_summaries_file(pairing_out, doc, sum, &so);
      if (st < 0) return st;
    }
  }
  if ((o->stages & RD_STAGE_GLOSS) && p->glossary_path) {
    const rd_glossary *gl = rd_pipeline_glossary(p);
    if (!gl) {
      /* The default EDICT missing is not an error: words get no English. */
      if (p->glossary_named) return rd_error_last()->code;
      rd_error_clear();
    } else {
      rd_status st = rd_doc_gloss(doc, gl);
      if (st < 0) return st;
    }
  }
  if ((o->stages & RD_STAGE_WORDS) && rd_doc_token_count(doc)) {
    /* Words match EDICT across tokens when it is there; without it they
     * still group inflections and numbers. */
    const rd_glossary *gl = p->glossary_path ? rd_pipeline_glossary(p) : NULL;
    if (!gl) {
      if (p->glossary_path && p->glossary_named) return rd_error_last()->code;
      rd_error_clear();
    }
    rd_status st = rd_doc_words(doc, gl, NULL);
    if (st < 0) return st;
  }
  return RD_OK;
}

static rd_status check_read(rd_doc **out, rd_pipeline *p, const rd_read_options **o, const rd_read_options *def) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_read: NULL out");
  *out = NULL;
  if (!p) return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_read: NULL pipeline");
  if (!*o) *o = def;
  if ((*o)->version != RD_READ_OPTIONS_VERSION)
    return rd__error(RD_EINVALID, -1, 0, "rd_read_options: version %u, expected %u", (*o)->version,
                     RD_READ_OPTIONS_VERSION);
  return RD_OK;
}

static rd_status finish_read(rd_doc **out, rd_pairing **pairing_out, rd_pipeline *p, rd_doc *doc,
                             const rd_read_options *o, const char *beside, unsigned threads) {
  rd_pairing *rep = NULL;
  rd_status st = run_stages(pairing_out ? &rep : NULL, p, doc, o, beside, 0, threads);
  if (st < 0) {
    rd_pairing_free(rep);
    rd_doc_free(doc);
    return st;
  }
  if (pairing_out) *pairing_out = rep;
  *out = doc;
  return RD_OK;
}

static rd_status read_file(rd_doc **out, rd_pairing **pairing_out, rd_pipeline *p, const char *path,
                           const rd_read_options *opts, unsigned threads) {
  rd_read_options def = RD_READ_OPTIONS_INIT;
  if (pairing_out) *pairing_out = NULL;
  rd_status st = check_read(out, p, &opts, &def);
  if (st < 0) return st;
  if (!path) return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_read_file: NULL path");
  rd_parse_options po = RD_PARSE_OPTIONS_INIT;
  po.format = opts->format;
  po.flags = opts->parse_flags;
  po.name = opts->name;
  rd_doc *doc;
  if ((st = rd_doc_parse_file(&doc, path, &po)) < 0) return st;
  char *beside = NULL;
  if ((opts->stages & RD_STAGE_SUMMARIES) && !opts->summaries && !(p->flags & RD_PIPELINE_NO_SUMMARIES) &&
      strcmp(path, "-") != 0)
    beside = summaries_beside(path);
  st = finish_read(out, pairing_out, p, doc, opts, beside, threads);
  free(beside);
  return st;
}

rd_status rd_pipeline_read_file(rd_doc **out, rd_pairing **pairing_out, rd_pipeline *p, const char *path,
                                const rd_read_options *opts) {
  return read_file(out, pairing_out, p, path, opts, 0);
}

static rd_status read_memory(rd_doc **out, rd_pairing **pairing_out, rd_pipeline *p, const char *text, size_t len,
                             const rd_read_options *opts, unsigned threads) {
  rd_read_options def = RD_READ_OPTIONS_INIT;
  if (pairing_out) *pairing_out = NULL;
  rd_status st = check_read(out, p, &opts, &def);
  if (st < 0) return st;
  rd_parse_options po = RD_PARSE_OPTIONS_INIT;
  po.format = opts->format;
  po.flags = opts->parse_flags;
  po.name = opts->name;
  rd_doc *doc;
  if ((st = rd_doc_parse(&doc, text, len, &po)) < 0) return st;
  return finish_read(out, pairing_out, p, doc, opts, NULL, threads);
}

rd_status rd_pipeline_read(rd_doc **out, rd_pairing **pairing_out, rd_pipeline *p, const char *text,
                                  size_t len, const rd_read_options *opts) {
  return read_memory(out, pairing_out, p, text, len, opts, 0);
}

rd_status rd_pipeline_apply(rd_pairing **pairing_out, rd_pipeline *p, rd_doc *doc, const rd_read_options *opts) {
  rd_read_options def = RD_READ_OPTIONS_INIT;
  if (pairing_out) *pairing_out = NULL;
  if (!p || !doc) return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_apply: NULL argument");
  if (!opts) opts = &def;
  if (opts->version != RD_READ_OPTIONS_VERSION)
    return rd__error(RD_EINVALID, -1, 0, "rd_read_options: version %u, expected %u", opts->version,
                     RD_READ_OPTIONS_VERSION);
  return run_stages(pairing_out, p, doc, opts, NULL, 1, 0);
}

/* ---- batches -------------------------------------------------------------
 * Each input is read whole by one thread (annotating with one thread: the
 * parallelism is across documents, which needs no merge and keeps both
 * cores busy on many small articles), and the result left in its slot.
 * The consumer takes slots in input order (rd_batch_next). With N threads,
 * N - 1 workers run beside the consumer, and the consumer reads inputs
 * itself while the slot it wants is not ready: with one thread there is no
 * worker at all (no hand-off, no futex per document, no document freed by
 * another thread than the one that made it), and with two the consumer's
 * writing does not leave a core idle. A window bounds how far reading may
 * run ahead of the consumer, so memory stays bounded. */
typedef struct slot {
  rd_doc *doc;
  rd_pairing *pairing;
  rd_status st;
  char *msg;
  int done;
} slot;

/* One input, copied in: the caller's strings need not outlive the call. */
typedef struct input {
  char *path, *text, *name;
  size_t len;
} input;

struct rd_batch {
  rd_pipeline *p;
  rd_read_options opts;
  char *summaries; /* opts.summaries, copied */
  input *in;
  size_t n, cap, next, consumed, window;
  unsigned doc_threads; /* annotation threads per document: 1 with several readers */
  slot *slots;
  pthread_t *tids;
  unsigned started, room_waiters; /* workers asleep on a full window */
  int running, stop;
  pthread_mutex_t mu;
  pthread_cond_t ready, room;
};

/* Read input i into a slot (no lock held). */
static slot read_input(rd_batch *b, size_t i) {
  const input *in = &b->in[i];
  rd_read_options o = b->opts;
  if (in->name) o.name = in->name;
  rd_doc *doc = NULL;
  rd_pairing *rep = NULL;
  rd_status st = in->path ? read_file(&doc, &rep, b->p, in->path, &o, b->doc_threads)
                          : read_memory(&doc, &rep, b->p, in->text, in->len, &o, b->doc_threads);
  char *msg = st < 0 ? strdup(rd_error_last()->message) : NULL;
  return (slot){doc, rep, st, msg, 1};
}

static void *batch_worker(void *arg) {
  rd_batch *b = arg;
  for (;;) {
    pthread_mutex_lock(&b->mu);
    while (!b->stop && b->next < b->n && b->next - b->consumed >= b->window) {
      b->room_waiters++;
      pthread_cond_wait(&b->room, &b->mu);
      b->room_waiters--;
    }
    if (b->stop || b->next >= b->n) { pthread_mutex_unlock(&b->mu); return NULL; }
    size_t i = b->next++;
    pthread_mutex_unlock(&b->mu);
    slot s = read_input(b, i);
    pthread_mutex_lock(&b->mu);
    b->slots[i] = s;
    pthread_cond_broadcast(&b->ready);
    pthread_mutex_unlock(&b->mu);
  }
}

rd_status rd_batch_new(rd_batch **out, rd_pipeline *p, const rd_read_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_batch_new: NULL out");
  *out = NULL;
  if (!p) return rd__error(RD_EINVALID, -1, 0, "rd_batch_new: NULL pipeline");
  rd_read_options def = RD_READ_OPTIONS_INIT;
  if (!opts) opts = &def;
  if (opts->version != RD_READ_OPTIONS_VERSION)
    return rd__error(RD_EINVALID, -1, 0, "rd_read_options: version %u, expected %u", opts->version,
                     RD_READ_OPTIONS_VERSION);
  rd_batch *b = calloc(1, sizeof *b);
  if (!b) return rd__oom();
  b->p = p;
  b->opts = *opts;
  b->opts.name = NULL; /* per input */
  if (opts->summaries && !(b->summaries = strdup(opts->summaries))) { free(b); return rd__oom(); }
  b->opts.summaries = b->summaries;
  pthread_mutex_init(&b->mu, NULL);
  pthread_cond_init(&b->ready, NULL);
  pthread_cond_init(&b->room, NULL);
  *out = b;
  return RD_OK;
}

static rd_status batch_add(rd_batch *b, const char *path, const char *text, size_t len, const char *name) {
  if (!b) return rd__error(RD_EINVALID, -1, 0, "rd_batch_add: NULL batch");
  if (b->running) return rd__error(RD_EINVALID, -1, 0, "rd_batch_add: the batch has started; add inputs first");
  if (!path && !text && len) return rd__error(RD_EINVALID, -1, 0, "rd_batch_add: NULL text");
  if (b->n == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 16;
    input *v = realloc(b->in, cap * sizeof *v);
    if (!v) return rd__oom();
    b->in = v;
    b->cap = cap;
  }
  input in = {NULL, NULL, NULL, len};
  if (path && !(in.path = strdup(path))) return rd__oom();
  if (!path) {
    if (!(in.text = malloc(len + 1))) return rd__oom();
    if (len) memcpy(in.text, text, len);
    in.text[len] = '\0';
  }
  if (name && !(in.name = strdup(name))) { free(in.path); free(in.text); return rd__oom(); }
  b->in[b->n++] = in;
  return RD_OK;
}

rd_status rd_batch_add_file(rd_batch *b, const char *path) {
  if (!path) return rd__error(RD_EINVALID, -1, 0, "rd_batch_add_file: NULL path");
  return batch_add(b, path, NULL, 0, NULL);
}

rd_status rd_batch_add(rd_batch *b, const char *text, size_t len, const char *name) {
  return batch_add(b, NULL, text ? text : "", len, name);
}

size_t rd_batch_count(const rd_batch *b) { return b ? b->n : 0; }

/* Start the workers on the first rd_batch_next(). */
static rd_status batch_start(rd_batch *b) {
  b->running = 1;
  if (b->n == 0) return RD_OK;
  /* Load the shared parts once, before the readers race for them. */
  if ((b->opts.stages & RD_STAGE_ANNOTATE) && !rd_pipeline_analyzer(b->p)) return rd_error_last()->code;
  unsigned nw = default_threads(b->p);
  if (nw > b->n) nw = (unsigned)b->n;
  /* Documents read ahead of the consumer: enough that a worker seldom
   * waits for the writing of outputs, few enough to bound memory. */
  b->window = 8u * nw;
  /* One reader (one input, or one thread): that document may use every
   * annotation thread itself. */
  b->doc_threads = nw > 1 ? 1u : 0u;
  b->slots = calloc(b->n, sizeof *b->slots);
  b->tids = calloc(nw, sizeof *b->tids);
  if (!b->slots || !b->tids) return rd__oom();
  /* The consumer is a reader too: nw - 1 workers. A worker that cannot
   * start leaves its share to the consumer. */
  while (b->started + 1 < nw && pthread_create(&b->tids[b->started], NULL, batch_worker, b) == 0) b->started++;
  return RD_OK;
}

rd_status rd_batch_next(rd_doc **doc_out, rd_pairing **pairing_out, size_t *index_out, rd_batch *b) {
  if (doc_out) *doc_out = NULL;
  if (pairing_out) *pairing_out = NULL;
  if (!doc_out || !b) return rd__error(RD_EINVALID, -1, 0, "rd_batch_next: NULL argument");
  if (!b->running) {
    rd_status st = batch_start(b);
    if (st < 0) { b->stop = 1; b->consumed = b->n; return st; }
  }
  if (b->stop || b->consumed >= b->n) return RD_ITEROVER;
  size_t i = b->consumed;
  pthread_mutex_lock(&b->mu);
  while (!b->slots[i].done) {
    if (b->next < b->n && b->next - b->consumed < b->window) {
      /* Not ready: read the next unclaimed input here instead of waiting,
       * and wake any worker asleep on the window (with three threads or
       * more one could sleep while the window has room). */
      if (b->room_waiters) pthread_cond_broadcast(&b->room);
      size_t j = b->next++;
      pthread_mutex_unlock(&b->mu);
      slot s = read_input(b, j);
      pthread_mutex_lock(&b->mu);
      b->slots[j] = s;
    } else {
      pthread_cond_wait(&b->ready, &b->mu);
    }
  }
  slot s = b->slots[i];
  b->slots[i] = (slot){NULL, NULL, s.st, NULL, 1};
  b->consumed = i + 1;
  /* A worker that found the window full sleeps until half of it is free,
   * not one slot: one wake-up per half window, not per document (perf
   * stat, 3,000 articles on two threads: 3,730 context switches). */
  if (b->room_waiters && b->next - b->consumed <= b->window / 2) pthread_cond_broadcast(&b->room);
  pthread_mutex_unlock(&b->mu);
  if (index_out) *index_out = i;
  if (s.st < 0) {
    rd__error(s.st, -1, 0, "%s", s.msg ? s.msg : "cannot read");
    free(s.msg);
    return s.st;
  }
  *doc_out = s.doc;
  if (pairing_out) *pairing_out = s.pairing;
  else rd_pairing_free(s.pairing);
  return RD_OK;
}

void rd_batch_free(rd_batch *b) {
  if (!b) return;
  pthread_mutex_lock(&b->mu);
  b->stop = 1;
  pthread_cond_broadcast(&b->room);
  pthread_mutex_unlock(&b->mu);
  for (unsigned k = 0; k < b->started; k++) pthread_join(b->tids[k], NULL);
  for (size_t i = 0; b->slots && i < b->n; i++) { /* what the consumer did not take */
    rd_doc_free(b->slots[i].doc);
    rd_pairing_free(b->slots[i].pairing);
    free(b->slots[i].msg);
  }
  for (size_t i = 0; i < b->n; i++) {
    free(b->in[i].path);
    free(b->in[i].text);
    free(b->in[i].name);
  }
  pthread_cond_destroy(&b->ready);
  pthread_cond_destroy(&b->room);
  pthread_mutex_destroy(&b->mu);
  free(b->in);
  free(b->slots);
  free(b->tids);
  free(b->summaries);
  free(b);
}

rd_status rd_pipeline_read_batch(rd_pipeline *p, const rd_batch_input *inputs, size_t n, const rd_read_options *opts,
                                 rd_batch_fn fn, void *payload) {
  if (!p || (!inputs && n) || !fn) return rd__error(RD_EINVALID, -1, 0, "rd_pipeline_read_batch: NULL argument");
  rd_batch *b;
  rd_status st = rd_batch_new(&b, p, opts);
  for (size_t i = 0; st >= 0 && i < n; i++)
    st = inputs[i].path ? rd_batch_add_file(b, inputs[i].path)
                        : rd_batch_add(b, inputs[i].text, inputs[i].len, inputs[i].name);
  if (st < 0) { rd_batch_free(b); return st; }
  for (size_t k = 0; k < n; k++) {
    rd_doc *doc;
    rd_pairing *rep = NULL;
    size_t i = k;
    rd_status s = rd_batch_next(&doc, &rep, &i, b);
    if (s == RD_ITEROVER) break;
    if (s < 0 && k == 0 && !b->slots) { rd_batch_free(b); return s; } /* could not start */
    if (fn(doc, rep, i, s, payload) != 0) {
      st = rd__error(RD_ERROR, -1, 0, "the batch was stopped at input %zu", i);
      break;
    }
  }
  rd_batch_free(b);
  return st;
}
