/* rd_doc_annotate: sentence text -> morphs (the analyzer's backend) ->
 * words (analyze_features.c) -> rules -> interned tokens in one flat array.
 * Workers parse contiguous ranges of sentences into private arenas; the
 * merge into the document (interning, token array) is single-threaded. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>
#include <string.h>

#include "alternatives.h"
#include "analyze_internal.h"
#include "editorial.h"
#include "kana_internal.h"
#include "reader/align.h"

/* A word the rules made or changed, distinct on its thread: its lex
 * record (strings and ruby in the thread cache's arena), what else
 * decides its ruby, and its pack (below). */
typedef struct wlex {
  rd__lex lex;
  int whole_ruby;
  uint64_t hash;
  uint32_t canon;      /* its pack: index in the thread cache's canon */
} wlex;

/* A word's packed lex record (model.h: rd__lex_pack_len), which the merge
 * turns into the document's record. */
typedef struct wpack {
  const unsigned char *p;
  size_t len;
  uint64_t hash;
  const rd__lex *img;  /* the record's image (rd__lex_image), or NULL */
  size_t img_size, key_off;
} wpack;

/* A pack of the thread, distinct by content: two cache entries may make
 * equal words (one feature string at two addresses), and a word the rules
 * changed may equal one MeCab made, but each pack is one canon record, so
 * the packs a run collects are distinct and a new document takes them as
 * they are (rd__doc_lex_distinct), without a table probe per word. */
typedef struct cpack {
  wpack w;             /* in the thread cache's arena */
  int64_t tag;         /* gen << 32 | index in the run's packs; -1 none yet */
} cpack;

/* The thread's feature cache and, beside it, the packs of its entries'
 * words as MeCab's features made them (most words: the rules leave them),
 * and the words the rules made or changed (the same few thousand recur
 * across a batch's articles: their ruby was aligned per document, 2,000
 * instructions a word), each built once per thread rather than once per
 * document. */
typedef struct wcache {
  rd__feature_cache c;
  rd__arena arena;     /* the packs, and the rule-made words' strings and ruby */
  uint32_t *ecanon;    /* by entry index: 1 + its pack's canon index; 0 not made */
  size_t necanon;
  cpack *canon;        /* the thread's packs, distinct */
  size_t ncanon, capcanon;
  uint32_t *cslots;    /* open-addressing index into canon (+1; 0 = empty) */
  size_t capcslots;
  wlex *lexes;         /* rule-made words, in order of first use */
  size_t nlex, caplex;
  uint32_t *slots;     /* open-addressing index into lexes (+1; 0 = empty) */
  size_t capslots;
  uint32_t gen;        /* runs on this thread; below 2^31 so lex stays positive */
  /* A run's per-sentence buffers, lent to the thread's next run instead
   * of allocated and freed per document (lend_buffers). */
  rd__words words;
  rd__morphs morphs;
  rd__buf text;
  rd__arena scratch;
} wcache;


typedef struct worker {
  rd_analyzer *an;
  rd_doc *doc;
  unsigned flags;      /* rd_annotate_options.flags */
  size_t first, last;  /* sentence range */
  rd__arena strings;   /* packs copied out of a spawned thread's cache; alternatives */
  rd__arena scratch;   /* strings the rules make for the current sentence */
  rd__parser *parser;  /* the backend's, for this worker */
  rd__words words;     /* words of the current sentence */
  rd__buf text;        /* the current sentence's text, NUL-terminated (run_worker) */
  wpack *packs;        /* the range's words, as the tokens index them */
  size_t npacks, cappacks;
  size_t img_bytes;    /* the sum of the packs' img_size (those with an image) */
  rd__token *toks;     /* tokens of the range, in order, as the document will
                        * hold them but for lex_index (a pack) in place of lex */
  size_t ntoks, captoks;
  int shared;          /* toks is this worker's slice of the run's one array (below) */
  size_t *counts;      /* words per sentence */
  wcache *cache;       /* words built from features: the thread's (below), or own */
  wcache own;
  uint32_t gen;        /* tags the cache entries' lex fields as this run's */
  int spawned;         /* runs on a thread of its own, whose cache dies with it */
  rd__morphs morphs;
  rd__alt_state alts;  /* alternative readings of the range (alternatives.c) */
  rd_status st;
  char err[512];       /* error message of a failed worker thread */
  int64_t err_off;
} worker;

/* ---- thread-local interning ---------------------------------------------------
 * Words repeat (a token per two characters, a few thousand distinct words
 * per article, the same ones across articles), so each thread keeps one
 * record per distinct word: the ruby is aligned once per word, a token
 * costs 12 bytes until the merge, and the single-threaded merge interns
 * the run's distinct words, not tokens. */

static uint64_t wlex_hash_str(const char *s, uint64_t h) {
  if (!s) return (h ^ 0xFFu) * 1099511628211ull;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
  return (h ^ 0xFEu) * 1099511628211ull; /* terminator: "ab","c" differs from "a","bc" */
}

/* The strings that tell rule-made words apart (surface, reading, and what
 * the rule was); lemma, POS, inflection and pronunciation follow from
 * them nearly always and are left to wlex_matches, which compares all. */
static uint64_t wlex_hash(const rd__word *w) {
  uint64_t h = 1469598103934665603ull;
  h = wlex_hash_str(w->surface, h);
  h = wlex_hash_str(w->reading, h);
  h = wlex_hash_str(w->orig_reading, h);
  h = wlex_hash_str(w->rule, h);
  h ^= ((uint64_t)w->flags << 8) ^ ((uint64_t)w->pos_class << 40) ^ ((uint64_t)(w->whole_ruby != 0) << 60);
  return h * 1099511628211ull;
}

static int same_str(const char *a, const char *b) { return a == b || (a && b && !strcmp(a, b)); }

static int wlex_matches(const wlex *l, const rd__word *w, uint64_t h) {
  return l->hash == h && l->lex.flags == w->flags && l->lex.pos_class == w->pos_class &&
         l->whole_ruby == (w->whole_ruby != 0) && same_str(l->lex.surface, w->surface) &&
         same_str(l->lex.lemma, w->lemma) && same_str(l->lex.pos, w->pos) && same_str(l->lex.infl, w->infl) &&
         same_str(l->lex.reading, w->reading) && same_str(l->lex.pron, w->pron) &&
         same_str(l->lex.orig_reading, w->orig_reading) && same_str(l->lex.rule, w->rule);
}

static const char *keep_str(rd__arena *p, const char *s, int *oom) {
  if (!s) return NULL;
  char *c = rd__arena_strndup(p, s, strlen(s));
  if (!c) *oom = 1;
  return c;
}

/* ---- furigana -------------------------------------------------------------------- */

/* Ruby from the aligner, allocated in the worker's arena: no malloc per
 * token, and the segments live until the merge has interned them. */
static int ruby_for(rd__arena *arena, rd__arena *p, rd__word *w) {
  w->ruby = NULL;
  w->ruby_count = 0;
  if (!w->reading || !*w->reading || !(w->flags & RD_TOKEN_KANJI)) return 0;
  if (w->whole_ruby) {
    rd_ruby *r = rd__arena_alloc(p, sizeof *r);
    if (!r) return -1;
    r->version = RD_RUBY_VERSION;
    r->start = 0;
    r->len = w->len;
    r->reading = w->reading;
    r->reading_len = strlen(w->reading);
    w->ruby = r;
    w->ruby_count = 1;
    return 0;
  }
  rd_ruby *segs = NULL;
  size_t n = 0;
  rd_status st = rd__align(&segs, &n, w->surface, w->len, w->reading, strlen(w->reading), RD_ALIGN_PER_KANJI, arena);
  if (st == RD_ENOMEM) return -1;
  if (st < 0) {
    /* The dictionary's reading does not fit the surface's kana (rare):
     * keep the reading, show no ruby rather than a wrong one. */
    rd_error_clear();
    return 0;
  }
  w->ruby = segs;
  w->ruby_count = n;
  return 0;
}

/* The index of w's distinct word, adding it (strings kept, ruby aligned)
 * if new; -1 on OOM. */
/* Append a pack to the range's list; its index, or -1 on OOM. */
static int64_t push_pack(worker *wk, wpack p) {
  if (wk->npacks == wk->cappacks) {
    /* Small first: a short article has ~100 words, and first blocks over
     * malloc's mmap threshold were mapped and zeroed for every document
     * of a batch (a third of the page faults). */
    size_t cap = wk->cappacks ? wk->cappacks * 2 : 64;
    wpack *v = realloc(wk->packs, cap * sizeof *v);
    if (!v) return -1;
    wk->packs = v;
    wk->cappacks = cap;
  }
  wk->packs[wk->npacks] = p;
  return (int64_t)wk->npacks++;
}

/* Pack a lex record into arena a; {NULL} on OOM or a field too long. */
static wpack make_pack(rd__arena *a, const rd__lex *lex) {
  wpack p = {NULL, 0, 0, NULL, 0, 0};
  size_t len = rd__lex_pack_len(lex);
  unsigned char *b = len ? rd__arena_alloc(a, len) : NULL;
  if (!b) return p;
  p.hash = rd__lex_pack_into(b, len, lex);
  p.p = b;
  p.len = len;
  return p;
}

static rd__lex lex_of_kept(const rd__word *k) {
  rd__lex lex = {0};
  lex.surface = k->surface; lex.lemma = k->lemma; lex.pos = k->pos; lex.infl = k->infl;
  lex.reading = k->reading; lex.pron = k->pron; lex.orig_reading = k->orig_reading; lex.rule = k->rule;
  lex.flags = k->flags; lex.pos_class = k->pos_class; lex.ruby = k->ruby; lex.ruby_count = k->ruby_count;
  return lex;
}

/* A pack for the run's list: a spawned thread's cache is freed when it
 * exits, before the merge, so its packs are copied into the worker's
 * arena; else the cache's own. Its index, or -1 on OOM. */
static int64_t push_run_pack(worker *wk, wpack q) {
  if (wk->spawned) {
    unsigned char *b = rd__arena_alloc_raw(&wk->strings, q.len);
    if (!b) return -1;
    memcpy(b, q.p, q.len);
    q.p = b;
    q.img = NULL; /* in the cache too */
  }
  int64_t pi = push_pack(wk, q);
  if (pi >= 0 && q.img) wk->img_bytes += q.img_size; /* for the merge's one block */
  return pi;
}

/* The canon index of lex's pack, added if no equal pack is there (packed
 * in the scratch arena, copied into the cache's when new); -1 on OOM. */
static int64_t canon_of(worker *wk, const rd__lex *lex) {
  wcache *c = wk->cache;
  wpack p = make_pack(&wk->scratch, lex);
  if (!p.p) return -1;
  if ((c->ncanon + 1) * 2 > c->capcslots &&
      rd__grow_slots(&c->cslots, &c->capcslots, c->canon, sizeof *c->canon, offsetof(cpack, w.hash), c->ncanon) < 0)
    return -1;
  size_t j = p.hash & (c->capcslots - 1);
  for (; c->cslots[j]; j = (j + 1) & (c->capcslots - 1)) {
    const cpack *x = &c->canon[c->cslots[j] - 1];
    if (x->w.hash == p.hash && x->w.len == p.len && !memcmp(x->w.p, p.p, p.len)) return c->cslots[j] - 1;
  }
  if (c->ncanon == c->capcanon) {
    size_t cap = c->capcanon ? c->capcanon * 2 : 64;
    cpack *v = realloc(c->canon, cap * sizeof *v);
    if (!v) return -1;
    c->canon = v;
    c->capcanon = cap;
  }
  /* The document's record made once here, copied per document (the merge). */
  size_t size, key_off;
  const rd__lex *img = rd__lex_image(&size, &key_off, &c->arena, p.p, p.len);
  if (!img) return -1;
  c->canon[c->ncanon] = (cpack){{(const unsigned char *)img + key_off, p.len, p.hash, img, size, key_off}, -1};
  c->cslots[j] = (uint32_t)c->ncanon + 1;
  return (int64_t)c->ncanon++;
}

/* The run's pack index of canon record ci, pushed on its first use in
 * this run; -1 on OOM. */
static int64_t run_pack(worker *wk, size_t ci) {
  cpack *cp = &wk->cache->canon[ci];
  if (cp->tag >= 0 && (uint32_t)(cp->tag >> 32) == wk->gen) return cp->tag & 0xffffffff;
  int64_t pi = push_run_pack(wk, cp->w);
  if (pi >= 0) cp->tag = (int64_t)wk->gen << 32 | pi;
  return pi;
}

/* The pack index of w, a word the rules made or changed: its distinct
 * word is looked up in the thread's table (strings hashed), or added
 * (strings kept, ruby aligned, packed, all in the thread cache's arena);
 * it joins the run's packs on its first use in the run. -1 on OOM. */
static int64_t wlex_of(worker *wk, rd__word *w) {
  wcache *c = wk->cache;
  uint64_t h = wlex_hash(w);
  if ((c->nlex + 1) * 2 > c->capslots &&
      rd__grow_slots(&c->slots, &c->capslots, c->lexes, sizeof *c->lexes, offsetof(wlex, hash), c->nlex) < 0)
    return -1;
  size_t j = h & (c->capslots - 1);
  wlex *l = NULL;
  while (c->slots[j]) {
    wlex *x = &c->lexes[c->slots[j] - 1];
    if (wlex_matches(x, w, h)) { l = x; break; }
    j = (j + 1) & (c->capslots - 1);
  }
  if (!l) {
    if (c->nlex == c->caplex) {
      size_t cap = c->caplex ? c->caplex * 2 : 64;
      wlex *v = realloc(c->lexes, cap * sizeof *v);
      if (!v) return -1;
      c->lexes = v;
      c->caplex = cap;
    }
    /* Keep the strings beyond this sentence, then align the kept copies. */
    int oom = 0;
    rd__word k = *w;
    k.surface = keep_str(&c->arena, w->surface, &oom);
    k.lemma = keep_str(&c->arena, w->lemma, &oom);
    k.pos = keep_str(&c->arena, w->pos, &oom);
    k.infl = keep_str(&c->arena, w->infl, &oom);
    k.reading = keep_str(&c->arena, w->reading, &oom);
    k.pron = keep_str(&c->arena, w->pron, &oom);
    k.orig_reading = keep_str(&c->arena, w->orig_reading, &oom);
    k.rule = keep_str(&c->arena, w->rule, &oom);
    if (oom || ruby_for(&c->arena, &c->arena, &k) < 0) return -1;
    rd__lex lex = lex_of_kept(&k);
    int64_t ci = canon_of(wk, &lex);
    if (ci < 0) return -1;
    l = &c->lexes[c->nlex];
    l->lex = lex;
    l->whole_ruby = k.whole_ruby != 0;
    l->hash = h;
    l->canon = (uint32_t)ci;
    c->slots[j] = (uint32_t)c->nlex + 1;
    c->nlex++;
  }
  return run_pack(wk, l->canon);
}

/* Append w's token; -1 on OOM, -2 (error set) if its span does not fit.
 * delta: the sentence's source offset of text byte 0 when the sentence is
 * one run of the source, computed once per sentence (run_worker); else
 * ignored. */
static int tok_push(worker *wk, const rd_node *s, size_t delta, const rd__word *w, uint32_t lex) {
  if (wk->ntoks == wk->captoks) {
    size_t cap = wk->captoks ? wk->captoks * 2 : 256; /* see push_pack */
    /* A full slice of the shared array (more tokens than its estimate)
     * moves to an array of the worker's own; the merge then copies. */
    rd__token *v = wk->shared ? malloc(cap * sizeof *v) : realloc(wk->toks, cap * sizeof *v);
    if (!v) return -1;
    if (wk->shared && wk->ntoks) memcpy(v, wk->toks, wk->ntoks * sizeof *v);
    wk->shared = 0;
    wk->toks = v;
    wk->captoks = cap;
  }
  /* Source bytes of its text span (a sentence's text may leave citation
   * markers of the source out). */
  size_t a, b;
  if (s->npieces <= 1) { /* one run of the source's bytes (most sentences): no call per token */
    a = w->off + delta;
    b = a + w->len;
  } else {
    a = rd__sentence_src_offset(s, w->off);
    b = w->len ? rd__sentence_src_offset(s, w->off + w->len - 1) + 1 : a;
  }
  rd__token *t = &wk->toks[wk->ntoks];
  memset(t, 0, sizeof *t);
  t->kind = RD_NODE_TOKEN;
  if (rd__tok_set_span(t, a, b) < 0) {
    rd__error(RD_ERROR, (int64_t)a, 0, "a word spans %zu bytes of the source, more than a token holds (%u)", b - a,
              RD__TOK_LEN_MAX);
    return -2;
  }
  t->lex_index = lex;
  wk->ntoks++;
  return 0;
}

/* Whether the rules left w as its cache entry built it (same strings,
 * by address: cached strings are never written). The fields from len to
 * whole_ruby, 84 bytes without padding, compared as five 16-byte vectors
 * and a tail (two instructions a field were 7 M of the batch). A cache
 * entry's whole_ruby is 0 (rd__word_from_morph), so comparing its value
 * is comparing whether it is set. */
#define SAME_FIRST offsetof(rd__word, len)
#define SAME_END (offsetof(rd__word, whole_ruby) + sizeof(int))
_Static_assert(offsetof(rd__word, surface) == SAME_FIRST + sizeof(size_t) &&
                   offsetof(rd__word, rule) == SAME_FIRST + 8 * sizeof(void *) &&
                   offsetof(rd__word, flags) == offsetof(rd__word, rule) + sizeof(void *) &&
                   offsetof(rd__word, pos_class) == offsetof(rd__word, flags) + sizeof(unsigned) &&
                   offsetof(rd__word, whole_ruby) == offsetof(rd__word, pos_class) + sizeof(rd_pos),
               "same_word compares rd__word's fields len..whole_ruby as one run of bytes");
typedef unsigned char same_v16 __attribute__((vector_size(16)));
static inline same_v16 same_x16(const unsigned char *p, const unsigned char *q) {
  same_v16 x, y;
  memcpy(&x, p, 16);
  memcpy(&y, q, 16);
  return x ^ y;
}
static int same_word(const rd__word *a, const rd__word *b) {
  _Static_assert(SAME_END - SAME_FIRST == 84, "five vectors and a tail");
  const unsigned char *p = (const unsigned char *)a + SAME_FIRST, *q = (const unsigned char *)b + SAME_FIRST;
  same_v16 acc = same_x16(p, q) | same_x16(p + 16, q + 16) | same_x16(p + 32, q + 32) | same_x16(p + 48, q + 48) |
                 same_x16(p + 64, q + 64);
  uint64_t d[2];
  uint32_t x, y;
  memcpy(d, &acc, 16);
  memcpy(&x, p + 80, 4);
  memcpy(&y, q + 80, 4);
  return !(d[0] | d[1] | (x ^ y));
}
#undef SAME_FIRST
#undef SAME_END

/* The canon index of a cache entry's word's pack (w: equal to it), made
 * on first use on this thread: ruby aligned (in the scratch arena: the
 * pack copies it). -1 on OOM. */
static int64_t entry_canon(worker *wk, size_t idx, const rd__word *w) {
  wcache *c = wk->cache;
  if (idx >= c->necanon) {
    size_t cap = c->necanon ? c->necanon : 64;
    while (cap <= idx) cap *= 2;
    uint32_t *v = realloc(c->ecanon, cap * sizeof *v);
    if (!v) return -1;
    memset(v + c->necanon, 0, (cap - c->necanon) * sizeof *v);
    c->ecanon = v;
    c->necanon = cap;
  }
  if (!c->ecanon[idx]) {
    rd__word k = *w;
    if (ruby_for(&wk->scratch, &wk->scratch, &k) < 0) return -1;
    rd__lex lex = lex_of_kept(&k);
    int64_t ci = canon_of(wk, &lex);
    if (ci < 0) return -1;
    c->ecanon[idx] = (uint32_t)ci + 1;
  }
  return c->ecanon[idx] - 1;
}

/* The pack index of word w. A word the rules left as its feature-cache
 * entry built it takes the entry's pack, made once per thread; a cache
 * entry outlives the run (see thread_cache), so its lex holds this run's
 * generation in the high half and counts only when it matches. Two
 * entries may hold equal words (one feature string under two dictionary
 * ids): their packs are one canon record, so one run pack. */
static int64_t lex_of_word(worker *wk, rd__word *w) {
  rd__feature_entry *e = w->cached ? &wk->cache->c.v[w->cached - 1] : NULL;
  if (!e || !same_word(&e->w, w)) return wlex_of(wk, w);
  if (e->lex >= 0 && (uint32_t)(e->lex >> 32) == wk->gen) return e->lex & 0xffffffff;
  int64_t ci = entry_canon(wk, w->cached - 1, w);
  if (ci < 0) return -1;
  int64_t pi = run_pack(wk, (size_t)ci);
  if (pi >= 0) e->lex = (int64_t)wk->gen << 32 | pi;
  return pi;
}

/* ---- the thread's feature cache ---------------------------------------------
 * A batch reads thousands of short articles on the same few threads, and
 * with a cache per document each article rebuilt its words from MeCab's
 * features from cold (~10 % of the batch profile). Words are keyed by
 * feature and surface content only, so each thread keeps one cache across
 * documents and analyzers of the same dictionary layout; it is emptied
 * between runs when it grows past CACHE_MAX entries, so a long-lived
 * process stays bounded, and freed when its thread exits. */
#define CACHE_MAX (1u << 16)

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;
static int cache_key_ok;

static void wcache_init(wcache *c, rd__layout layout) {
  rd__feature_cache_init(&c->c, layout);
  rd__arena_init(&c->arena);
  c->ecanon = NULL;
  c->necanon = 0;
  c->canon = NULL;
  c->ncanon = c->capcanon = 0;
  c->cslots = NULL;
  c->capcslots = 0;
  c->lexes = NULL;
  c->nlex = c->caplex = 0;
  c->slots = NULL;
  c->capslots = 0;
  c->gen = 0;
  c->words = (rd__words){0};
  c->morphs = (rd__morphs){0};
  c->text = (rd__buf)RD__BUF_INIT;
  rd__arena_init(&c->scratch);
}

static void wcache_dispose(wcache *c) {
  rd__feature_cache_dispose(&c->c);
  rd__arena_dispose(&c->arena);
  free(c->ecanon);
  free(c->canon);
  free(c->cslots);
  free(c->lexes);
  free(c->slots);
  free(c->words.v);
  free(c->morphs.v);
  rd__buf_dispose(&c->text);
  rd__arena_dispose(&c->scratch);
  c->words = (rd__words){0};
  c->morphs = (rd__morphs){0};
  c->ecanon = NULL;
  c->canon = NULL;
  c->cslots = NULL;
  c->necanon = c->ncanon = c->capcanon = c->capcslots = 0;
  c->lexes = NULL;
  c->slots = NULL;
  c->nlex = c->caplex = c->capslots = 0;
}

static void cache_free(void *p) {
  wcache_dispose(p);
  free(p);
}

static void cache_key_init(void) { cache_key_ok = pthread_key_create(&cache_key, cache_free) == 0; }

/* This thread's cache, ready for a new run (gen set); NULL: use one of the
 * worker's own (no key, or no memory). */
static wcache *thread_cache(rd__layout layout, uint32_t *gen) {
  pthread_once(&cache_once, cache_key_init);
  if (!cache_key_ok) return NULL;
  wcache *t = pthread_getspecific(cache_key);
  if (!t) {
    if (!(t = malloc(sizeof *t))) return NULL;
    wcache_init(t, layout);
    if (pthread_setspecific(cache_key, t) != 0) { cache_free(t); return NULL; }
  }
  if (t->c.layout != layout || t->c.n > CACHE_MAX || t->nlex > CACHE_MAX || t->gen >= 0x7fffffffu) {
    wcache_dispose(t);
    wcache_init(t, layout);
  }
  *gen = ++t->gen;
  return t;
}

/* A sentence longer than RD__SENTENCE_MAX bytes (no sentence a reader
 * reads: a 200 KB run of Latin, a pasted blob) goes to the backend in
 * pieces of at most RD__PIECE_MAX bytes. MeCab refuses ~100 KB of one
 * character class ("too long sentence"), and its unknown-word grouping
 * rescans the run from each word start, so long pieces are quadratic. */
#define RD__SENTENCE_MAX (8 * 1024)
#define RD__PIECE_MAX 512

/* Bytes of the next piece of `text`: all of it if the sentence is short,
 * else a cut after the last space or 、。 in the piece's second half, else
 * at the last character boundary (a word may then be split). */
static size_t piece_len(const char *text, size_t len, size_t sentence_len) {
  if (sentence_len <= RD__SENTENCE_MAX || len <= RD__PIECE_MAX) return len;
  size_t cut = RD__PIECE_MAX;
  while (cut > 0 && ((unsigned char)text[cut] & 0xC0) == 0x80) cut--;
  for (size_t i = cut; i > RD__PIECE_MAX / 2; i--) {
    unsigned char c = (unsigned char)text[i - 1];
    if (c == ' ' || c == '\t') return i;
    if ((unsigned char)text[i - 3] == 0xE3 && (unsigned char)text[i - 2] == 0x80 && (c == 0x81 || c == 0x82))
      return i; /* after 、 (E3 80 81) or 。 (E3 80 82) */
  }
  return cut ? cut : RD__PIECE_MAX;
}

/* A thread's run borrows the buffers of its last run (taken: 1) and gives
 * them back after (taken: 0), unless one grew past a sentence's usual
 * size (a 200 KB run of Latin): that one is freed with the worker, so a
 * thread keeps little between documents. */
#define LEND_MAX_WORDS 4096u
#define LEND_MAX_TEXT (64u * 1024u)
static void lend_buffers(worker *wk, int taken) {
  wcache *c = wk->cache;
  if (c == &wk->own) return;
  if (taken) {
    wk->words = c->words;
    wk->morphs = c->morphs;
    wk->text = c->text;
    wk->scratch = c->scratch;
    c->words = (rd__words){0};
    c->morphs = (rd__morphs){0};
    c->text = (rd__buf)RD__BUF_INIT;
    rd__arena_init(&c->scratch);
    return;
  }
  if (wk->words.cap <= LEND_MAX_WORDS && wk->morphs.cap <= LEND_MAX_WORDS && wk->text.cap <= LEND_MAX_TEXT &&
      !wk->text.oom) {
    free(c->words.v);
    free(c->morphs.v);
    rd__buf_dispose(&c->text);
    rd__arena_dispose(&c->scratch);
    rd__arena_reset(&wk->scratch); /* its first block stays */
    c->words = wk->words;
    c->morphs = wk->morphs;
    c->text = wk->text;
    c->scratch = wk->scratch;
    c->words.n = c->morphs.n = c->text.len = 0;
    wk->words = (rd__words){0};
    wk->morphs = (rd__morphs){0};
    wk->text = (rd__buf)RD__BUF_INIT;
    rd__arena_init(&wk->scratch);
  }
}

static rd_status run_worker(worker *wk) {
  rd_analyzer *an = wk->an;
  const rd__backend *be = an->backend;
  rd_status st = RD_OK;
  if (!(wk->cache = thread_cache(an->info.layout, &wk->gen))) {
    wcache_init(&wk->own, an->info.layout);
    wk->cache = &wk->own;
    wk->gen = 1;
  }
  wk->cache->c.serial = an->serial; /* entries known by feature address are this model's */
  wk->cache->c.stable = an->info.stable_features;
  lend_buffers(wk, 1);
  if (!(wk->parser = rd__parser_take(an))) {
    st = rd_error_last()->code < 0 ? rd_error_last()->code : rd__oom();
    goto done;
  }
  /* Words built from MeCab's features are cached for the whole range
   * (rd__feature_cache_word); strings the rules make live in the scratch arena until
   * the next sentence; distinct words are kept by wlex_of(). */
  rd__rules_env env = {an->info.layout, an->flags, an->overrides, an->compounds, an->names, &wk->scratch, wk->doc, 0};
  /* Only words of the heteronym table pay for marginal probabilities. */
  int alts_on = be->parse_marginal && be->candidates && !(an->flags & RD_ANALYZER_NO_ALTERNATIVES) &&
                !(wk->flags & RD_ANNOTATE_NO_ALTERNATIVES);
  wk->alts.strings = &wk->strings;
  rd__vec_init(&wk->alts.list.entries, sizeof(rd__alt_entry)); /* the worker was calloc'ed */
  rd__vec_init(&wk->alts.list.items, sizeof(rd__alt));
  for (size_t i = wk->first; i < wk->last; i++) {
    const rd_node *s = wk->doc->sentences[i];
    env.sentence = i;
    /* A sentence's text may be a view of the source, not NUL-terminated
     * (model.h: texts made on request): the backend and the rules get a
     * terminated copy, made once per sentence in the worker's buffer. */
    const char *text = __atomic_load_n(&s->text, __ATOMIC_ACQUIRE);
    if (text && (s->flags & RD__NODE_LAZY_TEXT)) {
      wk->text.len = 0;
      rd__buf_put(&wk->text, text, s->text_len);
      if (rd__buf_reserve(&wk->text, 1) < 0 || wk->text.oom) { st = rd__oom(); goto done; }
      wk->text.ptr[wk->text.len] = '\0';
      text = wk->text.ptr;
    }
    int marginal = alts_on && text && rd__alts_wanted(text, s->text_len);
    rd__alts_sentence(&wk->alts);
    rd__arena_reset(&wk->scratch);
    wk->words.n = 0;
    wk->morphs.n = 0;
    /* A sentence longer than a piece (a 200 KB run of Latin) is parsed
     * piece by piece: MeCab refuses it whole ("too long sentence"). Each
     * piece's morphs become words before the next parse reuses the lattice. */
    for (size_t off = 0; text && off < s->text_len;) {
      size_t plen = piece_len(text + off, s->text_len - off, s->text_len);
      wk->morphs.n = 0;
      if ((st = be->parse(wk->parser, text + off, plen, s->start + off, &wk->morphs)) < 0) goto done;
      if (rd__words_reserve(&wk->words, wk->morphs.n) < 0) { st = rd__oom(); goto done; }
      if (rd__feature_cache_words(&wk->cache->c, text, off, wk->morphs.v, wk->morphs.n, wk->words.v + wk->words.n) < 0) {
        st = rd__oom();
        goto done;
      }
      wk->words.n += wk->morphs.n;
      if (marginal && rd__alts_collect(&wk->alts, be, wk->parser, &wk->cache->c, text, off, s->start + off, &wk->morphs) < 0) {
        st = rd__oom();
        goto done;
      }
      off += plen;
    }
    if (rd__rules_apply(&env, text, &wk->words, 0) < 0) { st = rd__oom(); goto done; }
    if (marginal && rd__alts_words(&wk->alts, &wk->words, wk->ntoks) < 0) { st = rd__oom(); goto done; }
    /* Source offset of text byte 0 for a sentence of one run (modulo
     * 2^64: src_off + (off - text_off) == off + (src_off - text_off)). */
    size_t delta = s->npieces ? s->pieces[0].src_off - s->pieces[0].text_off : s->start;
    for (size_t k = 0; k < wk->words.n; k++) {
      int64_t lex = lex_of_word(wk, &wk->words.v[k]);
      int rc = lex < 0 ? -1 : tok_push(wk, s, delta, &wk->words.v[k], (uint32_t)lex);
      if (rc < 0) { st = rc == -2 ? RD_ERROR : rd__oom(); goto done; }
    }
    wk->counts[i - wk->first] = wk->words.n;
  }
done:
  lend_buffers(wk, 0);
  /* A parser that failed is not trusted with the next document. */
  if (wk->parser && st >= 0) rd__parser_give(an, wk->parser);
  else if (wk->parser) be->parser_free(wk->parser);
  wk->parser = NULL;
  if (st < 0) {
    snprintf(wk->err, sizeof wk->err, "%s", rd_error_last()->message);
    wk->err_off = rd_error_last()->offset;
  }
  wk->st = st;
  return st;
}

static void *worker_main(void *arg) {
  ((worker *)arg)->spawned = 1;
  run_worker(arg);
  return NULL;
}

/* Free what a worker holds; again is harmless (the merge frees each
 * worker as soon as it is merged, rd_doc_annotate every one at the end). */
static void worker_dispose(worker *wk) {
  rd__arena_dispose(&wk->strings);
  rd__arena_dispose(&wk->scratch);
  free(wk->words.v);
  rd__buf_dispose(&wk->text);
  if (!wk->shared) free(wk->toks);
  wk->shared = 0;
  free(wk->counts);
  free(wk->packs);
  free(wk->morphs.v);
  wk->words.v = NULL; wk->toks = NULL;
  wk->counts = NULL; wk->packs = NULL; wk->morphs.v = NULL;
  wk->ntoks = wk->captoks = wk->npacks = wk->cappacks = wk->img_bytes = 0;
  if (wk->cache == &wk->own) wcache_dispose(&wk->own); /* the thread's cache stays */
}

/* The workers' tokens as one array of `total`, in range order, or NULL on
 * OOM. With several workers each wrote its slice of one array (`all`, at
 * offsets from a prefix sum of estimates: see rd_doc_annotate), and the
 * slices move down into place, so the tokens are never held twice; a
 * worker that outgrew its slice, or a single worker, has an array of its
 * own, which is taken over (one worker) or copied. Every worker's toks is
 * NULL afterwards (the array is the caller's). */
static rd__token *gather_tokens(worker *wks, size_t nw, rd__token *all, size_t total) {
  int own = 0;
  for (size_t k = 0; k < nw; k++) own |= !wks[k].shared;
  rd__token *toks = NULL;
  if (!own) {
    /* Slice k starts at the sum of the earlier estimates, which is at least
     * the sum of the earlier counts: moving down never overwrites a slice
     * not yet moved. */
    size_t t = 0;
    for (size_t k = 0; k < nw; k++) {
      if (wks[k].ntoks && wks[k].toks != all + t) memmove(all + t, wks[k].toks, wks[k].ntoks * sizeof *all);
      t += wks[k].ntoks;
    }
    toks = all;
  } else if (nw == 1 && !all && wks[0].toks) {
    toks = wks[0].toks; /* taken over as it is */
  } else {
    toks = malloc((total ? total : 1) * sizeof *toks);
    if (!toks) return NULL;
    size_t t = 0;
    for (size_t k = 0; k < nw; k++) {
      if (wks[k].ntoks) memcpy(toks + t, wks[k].toks, wks[k].ntoks * sizeof *toks);
      t += wks[k].ntoks;
      if (!wks[k].shared) free(wks[k].toks);
    }
    free(all);
  }
  for (size_t k = 0; k < nw; k++) {
    wks[k].toks = NULL;
    wks[k].shared = 0;
  }
  if (total) {
    rd__token *v = realloc(toks, total * sizeof *toks); /* give back the slices' or the doubling's slack */
    if (v) toks = v;
  }
  return toks;
}

/* Install the workers' tokens as the document's: their packs become the
 * document's lex records, and the ranges' slices one array
 * (gather_tokens). Each worker's tables are freed as soon as it is
 * merged. Single-threaded: making records writes the document's arena;
 * what is left per token is one look-up of its pack's record. */
static rd_status merge(rd_doc *doc, worker *wks, size_t nw, rd__token *all) {
  size_t total = 0;
  for (size_t k = 0; k < nw; k++) total += wks[k].ntoks;
  size_t *firsts = malloc((doc->nsentences + 1) * sizeof *firsts);
  size_t *old = malloc((2 * doc->nsentences + 1) * sizeof *old); /* the ranges to restore on failure */
  /* Alternatives are keyed by index into the final array, whose address
   * is known only at the end; their readings are interned into the
   * document before each worker's arena is freed. */
  rd__alts *alts = NULL;
  rd__token *toks = NULL;
  if (!firsts || !old || rd__doc_alts_begin(&alts, NULL, total) < 0 || !(toks = gather_tokens(wks, nw, all, total))) {
    free(firsts); free(old); rd__alts_free(alts);
    free(all); /* the workers' slices in it are not theirs to free */
    return rd__oom();
  }
  size_t t = 0, npacks = 0;
  for (size_t k = 0; k < nw; k++) npacks += wks[k].npacks;
  /* One worker's packs are distinct (canon_of): a new document takes them
   * without a table; several workers' may repeat each other's. */
  size_t img_bytes = nw == 1 ? wks[0].img_bytes : 0;
  int distinct = nw == 1 && rd__doc_lex_distinct_begin(doc, npacks, img_bytes); /* the copies in one block */
  if (!distinct) rd__doc_lex_reserve(doc, npacks); /* at most this many new records: one table, not doublings */
  for (size_t k = 0; k < nw; k++) {
    worker *wk = &wks[k];
    /* One record per distinct word; tokens then just point at it. */
    const rd__lex **map = malloc((wk->npacks ? wk->npacks : 1) * sizeof *map);
    if (!map) { free(toks); free(firsts); free(old); rd__alts_free(alts); return rd__oom(); }
    for (size_t l = 0; l < wk->npacks; l++) {
      const wpack *q = &wk->packs[l];
      if (!(map[l] = !distinct ? rd__doc_lex_packed(doc, q->p, q->len, q->hash)
                     : q->img  ? rd__doc_lex_distinct_image(doc, q->img, q->img_size, q->key_off, q->len, q->hash)
                               : rd__doc_lex_distinct(doc, q->p, q->len, q->hash))) {
        free(map); free(toks); free(firsts); free(old); rd__alts_free(alts); return rd__oom();
      }
    }
    for (size_t j = 0; j < wk->ntoks; j++) toks[t + j].lex = map[toks[t + j].lex_index];
    free(map);
    for (size_t i = wk->first, f = t; i < wk->last; i++) {
      firsts[i] = f;
      f += wk->counts[i - wk->first];
    }
    rd_status ast = rd__alts_install(doc, alts, &wk->alts, t);
    if (ast < 0) { free(toks); free(firsts); free(old); rd__alts_free(alts); return ast; }
    t += wk->ntoks;
    worker_dispose(wk); /* its packs are copied into the document */
  }
  alts->tokens = toks;
  /* The new ranges go in before the tokens (rd__doc_set_tokens indexes each
   * sentence's children from them); on failure the old ones come back, as
   * the document keeps its old tokens. */
  for (size_t i = 0; i < doc->nsentences; i++) {
    rd_node *s = doc->sentences[i];
    old[2 * i] = s->tok_first;
    old[2 * i + 1] = s->tok_count;
    s->tok_first = firsts[i];
    s->tok_count = i + 1 < doc->nsentences ? firsts[i + 1] - firsts[i] : t - firsts[i];
  }
  rd_status st = rd__doc_set_tokens(doc, toks, t, doc->tokens ? old : NULL);
  if (st < 0) {
    for (size_t i = 0; i < doc->nsentences; i++) {
      doc->sentences[i]->tok_first = old[2 * i];
      doc->sentences[i]->tok_count = old[2 * i + 1];
    }
    free(toks); free(firsts); free(old); rd__alts_free(alts);
    return st;
  }
  rd__doc_alts_publish(doc, alts);
  free(firsts);
  free(old);
  return RD_OK;
}

rd_status rd_doc_annotate(rd_doc *doc, rd_analyzer *an, const rd_annotate_options *opts) {
  if (!doc || !an) return rd__error(RD_EINVALID, -1, 0, "rd_doc_annotate: NULL %s", doc ? "analyzer" : "document");
  rd_annotate_options o = RD_ANNOTATE_OPTIONS_INIT;
  if (opts) {
    if (opts->version != RD_ANNOTATE_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_annotate_options: unsupported version %u", opts->version);
    o = *opts;
  }
  size_t ns = doc->nsentences;
  size_t nw = o.threads > 1 ? o.threads : 1;
  if (nw > 64) nw = 64;
  if (nw > ns) nw = ns ? ns : 1;
  worker *wks = calloc(nw, sizeof *wks);
  if (!wks) return rd__oom();
  /* Contiguous ranges balanced by text bytes, so that merging keeps order. */
  size_t total = 0;
  for (size_t i = 0; i < ns; i++) total += doc->sentences[i]->text_len + 1;
  size_t i = 0, acc = 0;
  rd_status st = RD_OK;
  for (size_t k = 0; k < nw; k++) {
    wks[k].an = an;
    wks[k].doc = doc;
    wks[k].flags = o.flags;
    wks[k].first = i;
    size_t goal = total * (k + 1) / nw;
    while (i < ns && (acc < goal || k + 1 == nw)) acc += doc->sentences[i++]->text_len + 1;
    wks[k].last = i;
    wks[k].counts = calloc(wks[k].last - wks[k].first + 1, sizeof *wks[k].counts);
    if (!wks[k].counts) st = rd__oom();
  }
  /* Several workers write their tokens into one array, each at an offset
   * from a prefix sum of estimates (half a token per text byte and a few
   * per sentence: Japanese runs at about 0.22), so that the merge moves
   * slices down instead of holding a second copy; untouched pages of the
   * estimate cost address space, not memory, and go back when the merge
   * shrinks the array. A worker that outgrows its slice takes an array of
   * its own. Without the array (no memory), each worker has its own. */
  rd__token *all = NULL;
  if (st >= 0 && nw > 1) {
    size_t est = 0, *slice = calloc(nw, sizeof *slice);
    for (size_t k = 0; slice && k < nw; k++) {
      size_t bytes = 0;
      for (size_t j = wks[k].first; j < wks[k].last; j++) bytes += doc->sentences[j]->text_len;
      slice[k] = bytes / 2 + 8 * (wks[k].last - wks[k].first) + 64;
      est += slice[k];
    }
    if (slice && est < SIZE_MAX / sizeof *all && (all = malloc(est * sizeof *all)) != NULL) {
      for (size_t k = 0, off = 0; k < nw; off += slice[k], k++) {
        wks[k].toks = all + off;
        wks[k].captoks = slice[k];
        wks[k].shared = 1;
      }
    }
    free(slice);
  }
  if (st >= 0) {
    if (nw == 1) {
      st = run_worker(&wks[0]);
    } else {
      pthread_t *th = calloc(nw, sizeof *th);
      size_t started = 0;
      if (!th) st = rd__oom();
      for (size_t k = 1; th && k < nw; k++, started++)
        if (pthread_create(&th[k], NULL, worker_main, &wks[k]) != 0) break;
      if (th) run_worker(&wks[0]);
      for (size_t k = 1; th && k <= started; k++) pthread_join(th[k], NULL);
      if (th && started + 1 < nw) {
        /* A thread could not start: do its range here. */
        for (size_t k = started + 1; k < nw; k++) run_worker(&wks[k]);
      }
      free(th);
      for (size_t k = 0; st >= 0 && k < nw; k++)
        if (wks[k].st < 0) st = rd__error(wks[k].st, wks[k].err_off, 0, "%s", wks[k].err);
    }
  }
  /* The workers only read what parsing fixed (sentences, their text);
   * the merge replaces tokens and writes the arena: exclusively. */
  int locked = rd__doc_lock(doc, 1);
  if (st >= 0) {
    st = merge(doc, wks, nw, all); /* the array is the merge's, whatever it returns */
    all = NULL;
  }
  if (st >= 0) st = rd__doc_apply_editorial(doc); /* the editors' ruby wins over MeCab's readings */
  if (st >= 0) { /* which dictionary made the tokens: the XML/JSON views record it */
    /* A copy, not interned: the string table would be made for this one
     * string (3,500 instructions a document). */
    const char *s = rd__arena_strndup(&doc->arena, an->dict_label, an->dict_label_len);
    if (s) doc->dictionary = s;
  }
  rd__doc_unlock(doc, locked);
  for (size_t k = 0; k < nw; k++) {
    worker_dispose(&wks[k]);
    rd__alts_dispose(&wks[k].alts);
  }
  free(all); /* a run that failed before its merge */
  free(wks);
  return st;
}
