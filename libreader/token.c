/* Tokens: the flat token array of a document (installed by the analyzer
 * or the XML reader, older arrays retired so held pointers stay valid),
 * the intern tables that keep repeated token strings and lex records
 * single, and the token accessors over that compact storage. Depends on
 * the model's layout and util/ only, so navigation (node.c) can use it
 * without a loop back into doc.c. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* ---- interning ------------------------------------------------------------ */

const char *rd__doc_intern(rd_doc *doc, const char *s, size_t len) {
  if (!s) return NULL;
  uint64_t hv = rd__hash_bytes(s, len); /* once for the look-up and the insertion */
  rd__hash_entry *e = rd__hash_find_hashed(&doc->strs, s, len, hv);
  if (e) return e->key;
  char *copy = rd__arena_strndup(&doc->arena, s, len);
  if (!copy) return NULL;
  /* The table holds the arena copy as its key, so the key is the value. */
  if (!rd__hash_put_hashed(&doc->strs, copy, len, hv, NULL)) return NULL;
  return copy;
}

/* ---- lex records ------------------------------------------------------------
 * A lex record's identity is its packed form: flags, POS class, the eight
 * strings and the ruby segments written into one byte string (below), so
 * two records are the same word exactly when their packs are equal. The
 * analyzer packs each distinct word once per worker thread and keeps the
 * pack across documents (annotate.c); a document then makes its record
 * with one hash probe and one copy, instead of interning eight strings and
 * a key per word per document (a quarter of a batch's instructions). The
 * record's strings point into the document's copy of its pack. */

#define PACK_NONE 0xFFFFFFFFu /* an absent string's length */

/* The pack: this head, then each present string's bytes and a NUL, then
 * per ruby segment its start, length and reading length (uint32_t each)
 * and the reading's bytes and a NUL. */
typedef struct pack_head {
  uint32_t flags, pos_class, ruby_count;
  uint32_t len[8];
} pack_head;

static const char *const *lex_strs(const rd__lex *l, const char *out[8]) {
  out[0] = l->surface; out[1] = l->lemma; out[2] = l->pos; out[3] = l->infl;
  out[4] = l->reading; out[5] = l->pron; out[6] = l->orig_reading; out[7] = l->rule;
  return out;
}

uint64_t rd__lex_pack_hash(const void *pack, size_t len) {
  /* Eight bytes a step: packs are 60-200 bytes, hashed once per distinct
   * word and thread, and again by a document only for other callers. */
  const unsigned char *p = pack;
  uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t v;
    memcpy(&v, p + i, 8);
    h = (h ^ v) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  uint64_t v = 0;
  memcpy(&v, p + i, len - i);
  h = (h ^ v) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

size_t rd__lex_pack_len(const rd__lex *proto) {
  if (proto->ruby_count > UINT32_MAX / 16) return 0;
  const char *strs[8];
  lex_strs(proto, strs);
  size_t total = sizeof(pack_head);
  for (int k = 0; k < 8; k++) {
    if (!strs[k]) continue;
    size_t n = strlen(strs[k]);
    if (n >= PACK_NONE) return 0;
    total += n + 1;
  }
  for (size_t i = 0; i < proto->ruby_count; i++) {
    const rd_ruby *r = &proto->ruby[i];
    if (r->start > UINT32_MAX || r->len > UINT32_MAX || r->reading_len >= UINT32_MAX) return 0;
    total += 3 * sizeof(uint32_t) + r->reading_len + 1;
  }
  return total;
}

uint64_t rd__lex_pack_into(unsigned char *out, size_t len, const rd__lex *proto) {
  const char *strs[8];
  lex_strs(proto, strs);
  pack_head h;
  memset(&h, 0, sizeof h);
  h.flags = proto->flags;
  h.pos_class = (uint32_t)proto->pos_class;
  h.ruby_count = (uint32_t)proto->ruby_count;
  unsigned char *w = out + sizeof h;
  for (int k = 0; k < 8; k++) {
    h.len[k] = PACK_NONE;
    if (!strs[k]) continue;
    size_t n = strlen(strs[k]);
    h.len[k] = (uint32_t)n;
    memcpy(w, strs[k], n + 1);
    w += n + 1;
  }
  memcpy(out, &h, sizeof h);
  for (size_t i = 0; i < proto->ruby_count; i++) {
    const rd_ruby *r = &proto->ruby[i];
    uint32_t f[3] = {(uint32_t)r->start, (uint32_t)r->len, (uint32_t)r->reading_len};
    memcpy(w, f, sizeof f);
    w += sizeof f;
    if (r->reading_len) memcpy(w, r->reading, r->reading_len);
    w += r->reading_len;
    *w++ = '\0';
  }
  return rd__lex_pack_hash(out, len);
}

/* The record of a pack, made in the document's arena in one block: the
 * rd__lex, its ruby, its display groups and a copy of the pack its
 * strings point into. Display groups: segments that touch (流[りゅう]出[しゅつ])
 * read as one word (流出[りゅうしゅつ]) in brackets and ruby markup, while
 * the per-kanji segments stay available. */
static rd__lex *lex_unpack_in(rd__arena *a, rd_doc *doc, const unsigned char *pack, size_t len, const char **copy_out,
                              size_t *size_out) {
  pack_head h;
  memcpy(&h, pack, sizeof h);
  size_t nr = h.ruby_count, ng = nr ? 1 : 0, glen = 0;
  /* Walk to the ruby to count the groups and their joined readings. */
  const unsigned char *q = pack + sizeof h;
  for (int k = 0; k < 8; k++)
    if (h.len[k] != PACK_NONE) q += h.len[k] + 1;
  const unsigned char *ruby0 = q;
  uint32_t prev_end = 0, run = 0, runlen = 0;
  for (size_t i = 0; i < nr; i++) {
    uint32_t f[3];
    memcpy(f, q, sizeof f);
    q += sizeof f + f[2] + 1;
    if (i && f[0] != prev_end) {
      ng++;
      if (run > 1) glen += runlen + 1;
      run = 0;
      runlen = 0;
    }
    run++;
    runlen += f[2];
    prev_end = f[0] + f[1];
  }
  if (run > 1) glen += runlen + 1;
  size_t nrec = nr + (ng != nr ? ng : 0);
  size_t size = sizeof(rd__lex) + nrec * sizeof(rd_ruby) + ((len + glen + 7) & ~(size_t)7);
  /* Written whole below but for the record's own absent fields. */
  unsigned char *blk = rd__arena_alloc_raw(a, size);
  if (!blk) return NULL;
  *size_out = size;
  rd__lex *l = (rd__lex *)(void *)blk;
  memset(l, 0, sizeof *l);
  l->doc = doc;
  rd_ruby *ruby = (rd_ruby *)(void *)(blk + sizeof *l);
  char *copy = (char *)(blk + sizeof *l + nrec * sizeof(rd_ruby));
  memcpy(copy, pack, len);
  *copy_out = copy;
  char *gtext = copy + len;
  const char **fields[8] = {&l->surface, &l->lemma, &l->pos, &l->infl, &l->reading, &l->pron, &l->orig_reading, &l->rule};
  const char *c = copy + sizeof h;
  for (int k = 0; k < 8; k++) {
    if (h.len[k] == PACK_NONE) continue;
    *fields[k] = c;
    c += h.len[k] + 1;
  }
  l->surface_len = h.len[0] == PACK_NONE ? 0 : h.len[0];
  l->flags = h.flags;
  l->pos_class = (rd_pos)h.pos_class;
  c = copy + (ruby0 - pack);
  for (size_t i = 0; i < nr; i++) {
    uint32_t f[3];
    memcpy(f, c, sizeof f);
    c += sizeof f;
    ruby[i].version = RD_RUBY_VERSION;
    ruby[i].start = f[0];
    ruby[i].len = f[1];
    ruby[i].reading = c;
    ruby[i].reading_len = f[2];
    c += f[2] + 1;
  }
  if (nr) {
    l->ruby = ruby;
    l->ruby_count = nr;
  }
  if (ng == nr) {
    l->groups = l->ruby;
    l->group_count = nr;
    return l;
  }
  rd_ruby *g = ruby + nr;
  size_t k = 0;
  for (size_t i = 0; i < nr;) {
    size_t j = i + 1;
    while (j < nr && ruby[j].start == ruby[j - 1].start + ruby[j - 1].len) j++;
    g[k] = ruby[i];
    g[k].len = ruby[j - 1].start + ruby[j - 1].len - ruby[i].start;
    if (j > i + 1) {
      char *w = gtext;
      for (size_t m = i; m < j; m++) { memcpy(w, ruby[m].reading, ruby[m].reading_len); w += ruby[m].reading_len; }
      *w = '\0';
      g[k].reading = gtext;
      g[k].reading_len = (size_t)(w - gtext);
      gtext = w + 1;
    }
    k++;
    i = j;
  }
  l->groups = g;
  l->group_count = ng;
  return l;
}

static rd__lex *lex_unpack(rd_doc *doc, const unsigned char *pack, size_t len, const char **copy_out) {
  size_t size;
  return lex_unpack_in(&doc->arena, doc, pack, len, copy_out, &size);
}

const rd__lex *rd__lex_image(size_t *size_out, size_t *key_off_out, rd__arena *a, const unsigned char *pack, size_t len) {
  const char *copy;
  rd__lex *l = lex_unpack_in(a, NULL, pack, len, &copy, size_out);
  if (l) *key_off_out = (size_t)((const unsigned char *)copy - (const unsigned char *)l);
  return l;
}

/* Every pointer of an image points into its block (the strings into its
 * copy of the pack, the ruby and groups after the record), so a copy is
 * the block moved and each pointer moved with it. */
static rd__lex *lex_from_image(rd_doc *doc, const rd__lex *img, size_t size) {
  rd__lex *l;
  if (size <= doc->lex_room_len) { /* carved from rd__doc_lex_distinct_begin's block */
    l = (rd__lex *)(void *)doc->lex_room;
    doc->lex_room += size;
    doc->lex_room_len -= size;
  } else if (!(l = rd__arena_alloc_raw(&doc->arena, size))) {
    return NULL;
  }
  memcpy(l, img, size);
  uintptr_t d = (uintptr_t)l - (uintptr_t)img;
#define MOVE(p) ((p) = (p) ? (void *)((uintptr_t)(p) + d) : NULL)
  MOVE(l->surface); MOVE(l->lemma); MOVE(l->pos); MOVE(l->infl);
  MOVE(l->reading); MOVE(l->pron); MOVE(l->orig_reading); MOVE(l->rule);
  int shared = l->groups == l->ruby;
  MOVE(l->ruby);
  for (size_t i = 0; i < l->ruby_count; i++) MOVE(l->ruby[i].reading);
  if (shared) {
    l->groups = l->ruby;
  } else {
    MOVE(l->groups);
    for (size_t i = 0; i < l->group_count; i++) MOVE(l->groups[i].reading);
  }
#undef MOVE
  l->doc = doc;
  return l;
}

/* A record made by rd__doc_lex_distinct, not yet in the table. */
typedef struct rd__lex_pending {
  const char *key; /* the document's copy of the pack */
  size_t len;
  uint64_t hash;
  rd__lex *lex;
} rd__lex_pending;

/* Put the pending records into the table (again harmless: a key already
 * there is found, not added twice); -1 on OOM, the rest left pending. */
static int lex_index_pending(rd_doc *doc) {
  (void)rd__hash_reserve(&doc->lexes, doc->lexes.n + doc->nlex_pending); /* a hint */
  for (size_t i = 0; i < doc->nlex_pending; i++) {
    const rd__lex_pending *q = &doc->lex_pending[i];
    rd__hash_entry *e = rd__hash_put_hashed(&doc->lexes, q->key, q->len, q->hash, NULL);
    if (!e) return -1;
    e->val.ptr = q->lex;
  }
  doc->nlex_pending = 0;
  doc->caplex_pending = 0;
  doc->lex_pending = NULL; /* arena: nothing to free */
  return 0;
}

bool rd__doc_lex_distinct_begin(rd_doc *doc, size_t n, size_t image_bytes) {
  if (doc->lexes.n || doc->nlex_pending || n > SIZE_MAX / sizeof(rd__lex_pending)) return false;
  size_t pend = (n ? n : 1) * sizeof(rd__lex_pending);
  image_bytes = (image_bytes + 7) & ~(size_t)7;
  if (image_bytes > SIZE_MAX - pend) image_bytes = 0;
  unsigned char *v = rd__arena_alloc_raw(&doc->arena, pend + image_bytes);
  if (!v) return false;
  doc->lex_pending = (rd__lex_pending *)(void *)v;
  doc->caplex_pending = n;
  doc->lex_room = v + pend; /* pend is a multiple of 8 (32-byte records) */
  doc->lex_room_len = image_bytes;
  return true;
}

const rd__lex *rd__doc_lex_distinct(rd_doc *doc, const unsigned char *pack, size_t len, uint64_t hash) {
  if (doc->nlex_pending == doc->caplex_pending) return rd__doc_lex_packed(doc, pack, len, hash); /* a caller's slip: still right */
  const char *key;
  rd__lex *l = lex_unpack(doc, pack, len, &key);
  if (!l) return NULL;
  doc->lex_pending[doc->nlex_pending++] = (rd__lex_pending){key, len, hash, l};
  return l;
}

const rd__lex *rd__doc_lex_distinct_image(rd_doc *doc, const rd__lex *img, size_t size, size_t key_off, size_t len,
                                          uint64_t hash) {
  const unsigned char *pack = (const unsigned char *)img + key_off;
  if (doc->nlex_pending == doc->caplex_pending) return rd__doc_lex_packed(doc, pack, len, hash); /* a caller's slip: still right */
  rd__lex *l = lex_from_image(doc, img, size);
  if (!l) return NULL;
  doc->lex_pending[doc->nlex_pending++] = (rd__lex_pending){(const char *)l + key_off, len, hash, l};
  return l;
}

const rd__lex *rd__doc_lex_packed(rd_doc *doc, const unsigned char *pack, size_t len, uint64_t hash) {
  if (doc->nlex_pending && lex_index_pending(doc) < 0) return NULL;
  rd__hash_entry *e = rd__hash_find_hashed(&doc->lexes, pack, len, hash);
  if (e) return e->val.ptr;
  const char *key;
  rd__lex *l = lex_unpack(doc, pack, len, &key);
  if (!l) return NULL;
  /* The table's key is the document's copy of the pack. */
  rd__hash_entry *ne = rd__hash_put_hashed(&doc->lexes, key, len, hash, NULL);
  if (!ne) return NULL;
  ne->val.ptr = l;
  return l;
}

void rd__doc_lex_reserve(rd_doc *doc, size_t n) {
  if (n <= SIZE_MAX / 4 - doc->lexes.n) (void)rd__hash_reserve(&doc->lexes, doc->lexes.n + n);
}

const rd__lex *rd__doc_lex(rd_doc *doc, const rd__lex *proto) {
  /* Packed on the stack when small (the XML reader calls this per token). */
  size_t len = rd__lex_pack_len(proto);
  if (!len) return NULL;
  unsigned char small[512];
  unsigned char *pack = len <= sizeof small ? small : malloc(len);
  if (!pack) return NULL;
  uint64_t hash = rd__lex_pack_into(pack, len, proto);
  const rd__lex *l = rd__doc_lex_packed(doc, pack, len, hash);
  if (pack != small) free(pack);
  return l;
}

/* ---- token storage ------------------------------------------------------- */

/* A sentence's children are its citations and its tokens merged in source
 * order; when it has both, the merged order is kept as an array so that
 * rd_node_child_at is one look-up. Citations never overlap tokens' starts
 * ambiguously: ties go to the citation, as rd_node_first_child does.
 * Built into *out from `tokens` (not yet the document's) and the range the
 * caller gave the sentence; *out is NULL when the sentence needs none. */
static rd_status index_sentence(rd_node ***out, rd_doc *doc, const rd_node *s, rd__token *tokens, size_t ntokens) {
  *out = NULL;
  if (!s->nchildren || !s->tok_count) return RD_OK;
  /* A range past the array is the caller's bug; never read outside it. */
  if (s->tok_first > ntokens || s->tok_count > ntokens - s->tok_first)
    return rd__error(RD_EINVALID, -1, 0, "token range %zu+%zu of a sentence is outside %zu tokens", s->tok_first,
                     s->tok_count, ntokens);
  size_t n = s->nchildren + s->tok_count;
  rd_node **m = rd__arena_alloc(&doc->arena, n * sizeof *m);
  if (!m) return rd__oom();
  /* Same order as walking first_child/next: the earlier start first, a
   * token when both start together (earlier() keeps its first argument). */
  rd_node *c = s->first;
  size_t t = s->tok_first, tend = s->tok_first + s->tok_count, k = 0;
  while (k < n) {
    rd_node *tok = t < tend ? (rd_node *)(void *)&tokens[t] : NULL;
    if (tok && (!c || tokens[t].start <= c->start)) { m[k++] = tok; t++; }
    else { m[k++] = c; c = c->next; }
  }
  *out = m;
  return RD_OK;
}

rd_status rd__doc_set_tokens(rd_doc *doc, rd__token *tokens, size_t n, const size_t *old_ranges) {
  /* Everything that can fail comes before the document changes, so that on
   * error the document keeps its old tokens and the caller frees `tokens`. */
  rd_node ***mixed = malloc((doc->nsentences ? doc->nsentences : 1) * sizeof *mixed);
  if (!mixed) return rd__oom();
  for (size_t i = 0; i < doc->nsentences; i++) {
    rd_status st = index_sentence(&mixed[i], doc, doc->sentences[i], tokens, n);
    if (st < 0) { free(mixed); return st; }
  }
  if (doc->tokens) {
    size_t *ranges = malloc((2 * doc->nsentences + 1) * sizeof *ranges);
    if (!ranges) { free(mixed); return rd__oom(); }
    if (old_ranges) memcpy(ranges, old_ranges, 2 * doc->nsentences * sizeof *ranges);
    else memset(ranges, 0, 2 * doc->nsentences * sizeof *ranges); /* its tokens then all read as the first sentence's */
    rd__token **r = realloc(doc->retired, (doc->nretired + 1) * sizeof *r);
    if (!r) { free(ranges); free(mixed); return rd__oom(); }
    doc->retired = r;
    size_t *rn = realloc(doc->retired_n, (doc->nretired + 1) * sizeof *rn);
    if (!rn) { free(ranges); free(mixed); return rd__oom(); }
    doc->retired_n = rn;
    size_t **rr = realloc(doc->retired_ranges, (doc->nretired + 1) * sizeof *rr);
    if (!rr) { free(ranges); free(mixed); return rd__oom(); }
    doc->retired_ranges = rr;
    doc->retired[doc->nretired] = doc->tokens;
    doc->retired_ranges[doc->nretired] = ranges;
    doc->retired_n[doc->nretired++] = doc->ntokens;
  }
  doc->tokens = tokens;
  doc->ntokens = n;
  for (size_t i = 0; i < doc->nsentences; i++) doc->sentences[i]->mixed = mixed[i];
  free(mixed);
  return RD_OK;
}

/* Token i's sentence among ranges first(j), count(j) (j < ns), ascending:
 * the last sentence starting at or before i that holds it. */
#define RANGE_FIRST(j) (ranges ? ranges[2 * (j)] : doc->sentences[j]->tok_first)
#define RANGE_COUNT(j) (ranges ? ranges[2 * (j) + 1] : doc->sentences[j]->tok_count)
static size_t find_sentence(const rd_doc *doc, const size_t *ranges, size_t i) {
  size_t lo = 0, hi = doc->nsentences; /* the answer is below hi */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (RANGE_FIRST(mid) <= i) lo = mid; else hi = mid;
  }
  /* Sentences without tokens share their first with the next one: step
   * back to the one that holds i (there is one unless the ranges are
   * inconsistent, when the first sentence answers). */
  while (lo > 0 && !(i >= RANGE_FIRST(lo) && i < RANGE_FIRST(lo) + RANGE_COUNT(lo))) lo--;
  if (i >= RANGE_FIRST(lo) && i < RANGE_FIRST(lo) + RANGE_COUNT(lo)) return lo;
  for (size_t j = 0; j < doc->nsentences; j++) /* ranges out of order: look at each */
    if (i >= RANGE_FIRST(j) && i < RANGE_FIRST(j) + RANGE_COUNT(j)) return j;
  return 0;
}

void rd__tok_locate(rd__tok_place *out, const rd__token *t) {
  /* The last answer of this thread: a walk asks for neighbours in turn.
   * Only compared, never dereferenced (its document may be gone). */
  static _Thread_local struct { const rd_doc *doc; const rd__token *base; size_t j; } memo;
  const rd_doc *doc = rd__tok_doc(t);
  int k = rd__doc_lock(doc, 0); /* a re-annotation replaces the array and reallocates the retired list */
  const rd__token *base = doc->tokens;
  size_t n = doc->ntokens;
  const size_t *ranges = NULL;
  if (!(t >= doc->tokens && t < doc->tokens + doc->ntokens)) {
    for (size_t r = 0; r < doc->nretired; r++)
      if (t >= doc->retired[r] && t < doc->retired[r] + doc->retired_n[r]) {
        base = doc->retired[r];
        n = doc->retired_n[r];
        ranges = doc->retired_ranges[r];
      }
  }
  size_t i = (size_t)(t - base), j = 0;
  if (doc->nsentences) {
    if (memo.doc == doc && memo.base == base && memo.j < doc->nsentences && i >= RANGE_FIRST(memo.j) &&
        i < RANGE_FIRST(memo.j) + RANGE_COUNT(memo.j)) {
      j = memo.j;
    } else {
      j = find_sentence(doc, ranges, i);
      memo.doc = doc;
      memo.base = base;
      memo.j = j;
    }
    out->first = RANGE_FIRST(j);
    out->count = RANGE_COUNT(j);
  } else {
    out->first = out->count = 0;
  }
  rd__doc_unlock(doc, k);
  out->base = base;
  out->n = n;
  out->i = i;
  out->sentence = j;
}

size_t rd__tok_sentence_index(const rd__token *t) {
  rd__tok_place p;
  rd__tok_locate(&p, t);
  return p.sentence;
}
#undef RANGE_FIRST
#undef RANGE_COUNT

const rd__token *rd__tok_array(const rd__token *t, size_t *n_out) {
  const rd_doc *doc = rd__tok_doc(t);
  const rd__token *found = t;
  *n_out = 0;
  int k = rd__doc_lock(doc, 0); /* a re-annotation reallocates the retired list */
  if (t >= doc->tokens && t < doc->tokens + doc->ntokens) { *n_out = doc->ntokens; found = doc->tokens; }
  for (size_t i = 0; !*n_out && i < doc->nretired; i++)
    if (t >= doc->retired[i] && t < doc->retired[i] + doc->retired_n[i]) { *n_out = doc->retired_n[i]; found = doc->retired[i]; }
  rd__doc_unlock(doc, k);
  return found;
}

/* ---- alternative readings ------------------------------------------------ */

int rd__alt_list_push(rd__alt_list *l, size_t token, float chosen, const rd__alt *alts, size_t n) {
  if (rd__vec_reserve(&l->entries, 1) < 0 || rd__vec_reserve(&l->items, n) < 0) return -1;
  rd__alt_entry e = {token, chosen, (uint32_t)l->items.len, (uint32_t)n};
  if (n) memcpy(rd__alt_list_items(l) + l->items.len, alts, n * sizeof *alts);
  l->items.len += n;
  rd__alt_list_entries(l)[l->entries.len++] = e;
  return 0;
}

rd_status rd__doc_alts_begin(rd__alts **out, const rd__token *tokens, size_t ntokens) {
  rd__alts *a = calloc(1, sizeof *a);
  *out = a;
  if (!a) return rd__oom();
  a->tokens = tokens;
  a->ntokens = ntokens;
  rd__alt_list l = RD__ALT_LIST_INIT;
  a->list = l;
  return RD_OK;
}

void rd__alts_free(rd__alts *a) {
  if (!a) return;
  rd__vec_dispose(&a->list.entries);
  rd__vec_dispose(&a->list.items);
  free(a);
}

void rd__doc_alts_publish(rd_doc *doc, rd__alts *a) {
  a->older = atomic_load_explicit(&doc->alts, memory_order_relaxed); /* retired tokens may still ask */
  atomic_store_explicit(&doc->alts, a, memory_order_release);
}

static float thousandths(double c) {
  if (!(c > 0)) return 0; /* NaN too */
  if (c > 1) c = 1;
  return (float)((double)(long)(c * 1000 + 0.5) / 1000);
}

rd_status rd__doc_alts_add(rd_doc *doc, rd__alts *a, size_t token, double chosen, const rd__alt *alts, size_t n) {
  if (!n) return RD_OK;
  size_t ne = a->list.entries.len;
  if (token >= a->ntokens || (ne && token <= rd__alt_list_entries(&a->list)[ne - 1].token))
    return rd__error(RD_EINVALID, -1, 0, "alternatives of token %zu out of range, given twice or out of order", token);
  for (size_t i = 0; i < n; i++)
    if (!alts[i].reading) return rd__error(RD_EINVALID, -1, 0, "alternative %zu of token %zu has no reading", i, token);
  if (rd__alt_list_push(&a->list, token, thousandths(chosen), alts, n) < 0) return rd__oom();
  /* the document's copies: readings interned, confidences in thousandths */
  rd__alt *it = rd__alt_list_items(&a->list) + a->list.items.len - n;
  for (size_t i = 0; i < n; i++) {
    const char *r = rd__doc_intern(doc, it[i].reading, strlen(it[i].reading));
    if (!r) {
      a->list.items.len -= n; /* the entry goes again: the table as it was */
      a->list.entries.len--;
      return rd__oom();
    }
    it[i].reading = r;
    it[i].confidence = thousandths(it[i].confidence);
  }
  return RD_OK;
}

/* The entry of token t, or NULL: in the table made for t's own token
 * array (a retired array keeps its own), by binary search. No lock: the
 * tables are immutable once published and live as long as the document;
 * a document never annotated has none, so this is one load for it. */
static const rd__alt_entry *alt_entry(const rd_node *t, const rd__alt **items) {
  if (!rd__is_token(t)) return NULL;
  const rd__token *k = rd__tok(t);
  const rd__alts *a = atomic_load_explicit(&rd__tok_doc(k)->alts, memory_order_acquire);
  if (!a || (k->lex->flags & RD_TOKEN_EDITORIAL)) return NULL; /* the editors decided */
  while (a && !(k >= a->tokens && k < a->tokens + a->ntokens)) a = a->older;
  if (!a || !a->list.entries.len) return NULL;
  const rd__alt_entry *v = rd__alt_list_entries(&a->list);
  size_t i = (size_t)(k - a->tokens), lo = 0, hi = a->list.entries.len;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (v[mid].token < i) lo = mid + 1;
    else hi = mid;
  }
  if (lo == a->list.entries.len || v[lo].token != i) return NULL;
  *items = rd__alt_list_items(&a->list);
  return &v[lo];
}

static void alts_dispose(rd_doc *doc) {
  for (rd__alts *a = atomic_load(&doc->alts), *next; a; a = next) {
    next = a->older;
    rd__alts_free(a);
  }
  atomic_store(&doc->alts, NULL);
}

void rd__doc_tokens_dispose(rd_doc *doc) {
  alts_dispose(doc);
  for (size_t i = 0; i < doc->nretired; i++) {
    free(doc->retired[i]);
    free(doc->retired_ranges[i]);
  }
  free(doc->retired);
  free(doc->retired_n);
  free(doc->retired_ranges);
  doc->retired_ranges = NULL;
  free(doc->tokens);
  doc->retired = NULL;
  doc->retired_n = NULL;
  doc->nretired = 0;
  doc->tokens = NULL;
  doc->ntokens = 0;
}

/* ---- accessors ------------------------------------------------------------ */

static const rd__lex *lex_of(const rd_node *t) {
  return rd__is_token(t) ? rd__tok(t)->lex : NULL;
}

const char *rd_token_lemma(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->lemma : NULL; }
const char *rd_token_pos(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pos : NULL; }
const char *rd_token_inflection(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? (l->infl ? l->infl : "") : NULL; }
rd_pos rd_token_pos_class(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pos_class : RD_POS_OTHER; }
const char *rd_token_reading(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->reading : NULL; }
const char *rd_token_pronunciation(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->pron : NULL; }
unsigned rd_token_flags(const rd_node *t) {
  const rd__lex *l = lex_of(t);
  const rd__alt *items;
  return l ? l->flags | (alt_entry(t, &items) ? RD_TOKEN_UNCERTAIN : 0) : 0;
}

size_t rd_token_alternative_count(const rd_node *t) {
  const rd__alt *items;
  const rd__alt_entry *e = alt_entry(t, &items);
  return e ? e->count : 0;
}

const char *rd_token_alternative(double *confidence, const rd_node *t, size_t i) {
  const rd__alt *items;
  const rd__alt_entry *e = alt_entry(t, &items);
  if (!e || i >= e->count) {
    if (confidence) *confidence = 0;
    return NULL;
  }
  if (confidence) *confidence = items[e->first + i].confidence;
  return items[e->first + i].reading;
}

double rd_token_reading_confidence(const rd_node *t) {
  if (!rd__is_token(t)) return 0;
  const rd__alt *items;
  const rd__alt_entry *e = alt_entry(t, &items);
  return e ? e->chosen : 1.0;
}

const char *rd_token_name_kind(const rd_node *t) {
  unsigned f = rd_token_flags(t);
  return (f & RD_TOKEN_PERSON) ? "person" : (f & RD_TOKEN_PLACE) ? "place" : (f & RD_TOKEN_ORG) ? "organisation" : NULL;
}
const char *rd_token_original_reading(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->orig_reading : NULL; }
const char *rd_token_rule(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->rule : NULL; }
size_t rd_token_ruby_count(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->ruby_count : 0; }

bool rd_token_ruby_at(rd_ruby *out, const rd_node *t, size_t i) {
  const rd__lex *l = lex_of(t);
  if (!l || i >= l->ruby_count || !out) return false;
  *out = l->ruby[i];
  return true;
}

size_t rd_token_ruby_group_count(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->group_count : 0; }

bool rd_token_ruby_group_at(rd_ruby *out, const rd_node *t, size_t i) {
  const rd__lex *l = lex_of(t);
  if (!l || i >= l->group_count || !out) return false;
  *out = l->groups[i];
  return true;
}

size_t rd_token_index(const rd_node *t) {
  if (!rd__is_token(t)) return 0;
  const rd__token *k = rd__tok(t);
  size_t n;
  return (size_t)(k - rd__tok_array(k, &n)); /* index in its own (possibly retired) array */
}

rd_node *rd_token_next(const rd_node *t) {
  if (!rd__is_token(t)) return NULL;
  const rd__token *k = rd__tok(t);
  size_t n;
  const rd__token *base = rd__tok_array(k, &n);
  size_t i = (size_t)(k - base) + 1;
  return i < n ? (rd_node *)(void *)&base[i] : NULL;
}

/* One look-up of the token's array (under the document's lock) for the
 * whole chunk, and code-point offsets counted on from the previous token
 * instead of from a checkpoint per token: tokens are in source order. */
size_t rd_token_records(rd_token_record *out, size_t cap, const rd_node *token) {
  if (!out || !cap || !rd__is_token(token)) return 0;
  const rd__token *k = rd__tok(token);
  size_t n;
  const rd__token *base = rd__tok_array(k, &n);
  size_t i = (size_t)(k - base);
  if (i >= n) return 0;
  const rd_doc *doc = rd__tok_doc(k);
  size_t got = 0, byte = 0, ch = 0;
  int have = 0;
  for (; i < n && got < cap; i++, got++) {
    const rd__token *t = &base[i];
    const rd__lex *l = t->lex;
    rd_token_record *r = &out[got];
    r->version = RD_TOKEN_RECORD_VERSION;
    r->token = (const rd_node *)(const void *)t;
    r->surface = l->surface;
    r->surface_len = l->surface ? strlen(l->surface) : 0;
    r->reading = l->reading;
    r->lemma = l->lemma;
    r->pos = l->pos;
    if (!have || t->start < byte) ch = rd__doc_char_offset(doc, t->start);
    else ch += rd__utf8_count(doc->src + byte, t->start - byte);
    r->start = ch;
    ch += rd__utf8_count(doc->src + t->start, rd__tok_len(t));
    r->end = ch;
    byte = rd__tok_end(t);
    have = 1;
  }
  return got;
}

/* The same reads as rd_sentence_token_at() and the accessors (the
 * sentence's range of doc->tokens, each token's lex), for a chunk: the
 * brackets view spent about half of its instructions calling them. */
size_t rd_sentence_token_texts(rd_token_text *out, size_t cap, const rd_node *sentence, size_t first) {
  if (!out || !sentence || sentence->kind != RD_NODE_SENTENCE || first >= sentence->tok_count) return 0;
  size_t n = sentence->tok_count - first;
  if (n > cap) n = cap;
  const rd__token *t = sentence->doc->tokens + sentence->tok_first + first;
  for (size_t i = 0; i < n; i++, t++) {
    const rd__lex *l = t->lex;
    rd_token_text *r = &out[i];
    r->version = RD_TOKEN_TEXT_VERSION;
    r->token = (const rd_node *)(const void *)t;
    r->surface = l->surface;
    r->surface_len = l->surface_len; /* 0 when there is no surface (model.h) */
    r->start = t->start;
    r->end = rd__tok_end(t);
    r->ruby_count = l->ruby_count;
    r->groups = l->groups;
    r->group_count = l->group_count;
  }
  return n;
}

size_t rd_token_gloss_count(const rd_node *t) { const rd__lex *l = lex_of(t); return l ? l->gloss_count : 0; }
const char *rd_token_gloss_at(const rd_node *t, size_t i) {
  const rd__lex *l = lex_of(t);
  return l && i < l->gloss_count ? l->glosses[i] : NULL;
}

static const char *const pos_names[] = {
  "other", "noun", "proper-noun", "pronoun", "number", "verb", "adjective", "adjectival-noun", "adverb",
  "adnominal", "conjunction", "interjection", "particle", "auxiliary", "prefix", "suffix", "symbol", "whitespace"};

const char *rd_pos_name(rd_pos pos) {
  return (unsigned)pos < sizeof pos_names / sizeof *pos_names ? pos_names[pos] : "other";
}
