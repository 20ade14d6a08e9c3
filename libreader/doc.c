/* rd_doc: lifetime (one arena, one source copy, the token arrays, the
 * intern and id tables, released together) and the document-level
 * queries, all answered from the indexes rd__doc_finish built. */
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* ---- lifetime ------------------------------------------------------------ */

void rd_doc_ref(rd_doc *doc) {
  if (doc) atomic_fetch_add_explicit(&doc->refs, 1, memory_order_relaxed);
}

void rd_doc_unref(rd_doc *doc) {
  if (!doc) return;
  if (atomic_fetch_sub_explicit(&doc->refs, 1, memory_order_acq_rel) != 1) return;
  rd__hash_dispose(&doc->strs);
  rd__hash_dispose(&doc->lexes);
  rd__hash_dispose(&doc->section_ids);
  rd__doc_tokens_dispose(doc);
  free(doc->char_ck);
  free(doc->line_ck);
  free(doc->src);
  for (rd__lazy_text *l = atomic_load_explicit(&doc->lazy_texts, memory_order_acquire), *nx; l; l = nx) {
    nx = l->next;
    free(l);
  }
  rd__arena_dispose(&doc->arena);
  rd__doc_lock_dispose(doc);
  free(doc);
}

void rd_doc_free(rd_doc *doc) { rd_doc_unref(doc); }

/* ---- queries --------------------------------------------------------------- */

rd_node *rd_doc_root(const rd_doc *doc) { return doc ? doc->root : NULL; }
const char *rd_doc_source(size_t *len_out, const rd_doc *doc) {
  if (len_out) *len_out = doc ? doc->src_len : 0;
  return doc ? doc->src : NULL;
}
const char *rd_doc_name(const rd_doc *doc) { return doc ? doc->name : NULL; }
const char *rd_doc_dictionary(const rd_doc *doc) { return doc ? doc->dictionary : NULL; }
rd_node *rd_doc_title(const rd_doc *doc) { return doc ? doc->title : NULL; }
rd_node *rd_doc_headline(const rd_doc *doc) { return doc ? doc->headline : NULL; }
const char *rd_doc_date(const rd_doc *doc) { return doc ? doc->date : NULL; }
const char *rd_doc_byline(const rd_doc *doc) { return doc ? doc->byline : NULL; }
rd_node *rd_doc_lead(const rd_doc *doc) { return doc ? doc->lead : NULL; }
size_t rd_doc_section_count(const rd_doc *doc) { return doc ? doc->nsections : 0; }
rd_node *rd_doc_section_at(const rd_doc *doc, size_t i) {
  return doc && i < doc->nsections ? doc->sections[i] : NULL;
}

rd_node *rd_doc_section(const rd_doc *doc, const char *id) {
  if (!doc || !id) return NULL;
  const rd__hash_entry *e = rd__hash_find(&doc->section_ids, id, strlen(id));
  return e ? e->val.ptr : NULL;
}

/* ---- sections by heading ---------------------------------------------------- */

static rd__hash_entry *index_put(rd__heading_index *ix, rd__hash *h, char *key, size_t len, rd_node *s) {
  ix->keys[ix->nkeys++] = key; /* owned by the index from here, whatever happens */
  bool added;
  rd__hash_entry *e = rd__hash_put(h, key, len, &added);
  if (e && added) e->val.ptr = s; /* the first section in document order keeps the key */
  return e;
}

rd_status rd__heading_index_build(rd__heading_index *ix, const rd_doc *doc) {
  memset(ix, 0, sizeof *ix);
  rd__hash_init(&ix->exact);
  rd__hash_init(&ix->numbered);
  size_t n = doc ? doc->nsections : 0;
  if (!(ix->keys = malloc((2 * n + 1) * sizeof *ix->keys))) return rd__oom();
  for (size_t i = 0; i < n; i++) {
    rd_node *s = doc->sections[i];
    rd_node *h = rd_section_heading(s);
    if (!h || !h->text) continue;
    size_t hlen;
    char *hk = rd__normalize_key(h->text, h->text_len, &hlen);
    if (!hk) return rd__oom();
    char *num = NULL;
    size_t idl = s->id ? strlen(s->id) : 0;
    if (s->id && !(num = malloc(idl + 1 + hlen + 1))) { free(hk); return rd__oom(); }
    if (!index_put(ix, &ix->exact, hk, hlen, s)) { free(num); return rd__oom(); }
    if (num) {
      /* "1.事件の概要": the heading with its section number */
      memcpy(num, s->id, idl);
      num[idl] = '.';
      memcpy(num + idl + 1, hk, hlen + 1);
      if (!index_put(ix, &ix->numbered, num, idl + 1 + hlen, s)) return rd__oom();
    }
  }
  return RD_OK;
}

rd_node *rd__heading_index_find(const rd__heading_index *ix, const char *heading, size_t len) {
  if (!ix || !heading) return NULL;
  size_t klen;
  char *key = rd__normalize_key(heading, len, &klen);
  if (!key) return NULL;
  const rd__hash_entry *e = rd__hash_find(&ix->exact, key, klen);
  if (!e) e = rd__hash_find(&ix->numbered, key, klen);
  free(key);
  return e ? e->val.ptr : NULL;
}

void rd__heading_index_dispose(rd__heading_index *ix) {
  if (!ix) return;
  rd__hash_dispose(&ix->exact);
  rd__hash_dispose(&ix->numbered);
  for (size_t i = 0; i < ix->nkeys; i++) free(ix->keys[i]);
  free(ix->keys);
  memset(ix, 0, sizeof *ix);
}

/* One call, one index: the same matching as pairing, by construction.
 * Callers matching many headings build the index once themselves. */
rd_node *rd_doc_section_by_heading(const rd_doc *doc, const char *heading, size_t len) {
  if (!doc || !heading) return NULL;
  rd__heading_index ix;
  rd_node *found = rd__heading_index_build(&ix, doc) == RD_OK ? rd__heading_index_find(&ix, heading, len) : NULL;
  rd__heading_index_dispose(&ix);
  return found;
}

size_t rd_doc_sentence_count(const rd_doc *doc) { return doc ? doc->nsentences : 0; }
rd_node *rd_doc_sentence_at(const rd_doc *doc, size_t i) {
  return doc && i < doc->nsentences ? doc->sentences[i] : NULL;
}
/* Under the lock: a concurrent re-annotation swaps tokens and ntokens. */
size_t rd_doc_token_count(const rd_doc *doc) {
  if (!doc) return 0;
  int k = rd__doc_lock(doc, 0);
  size_t n = doc->ntokens;
  rd__doc_unlock(doc, k);
  return n;
}
rd_node *rd_doc_token_at(const rd_doc *doc, size_t i) {
  if (!doc) return NULL;
  int k = rd__doc_lock(doc, 0);
  rd_node *t = i < doc->ntokens ? (rd_node *)(void *)&doc->tokens[i] : NULL;
  rd__doc_unlock(doc, k);
  return t;
}
size_t rd_doc_warning_count(const rd_doc *doc) { return doc ? doc->nwarnings : 0; }
const char *rd_doc_warning_at(const rd_doc *doc, size_t i) {
  return doc && i < doc->nwarnings ? doc->warnings[i] : NULL;
}
