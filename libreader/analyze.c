/* The analyzer's public face: rd_analyzer_new picks a backend (MeCab, or
 * the stub for tests) from the options and loads its model once, with the
 * user's reading overrides and EDICT compounds; rd_doc_annotate
 * (annotate.c) runs it. This file knows the backends only through their
 * table (analyze_internal.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h"
#include "names.h"

/* At most this many idle parsers are kept: one per thread that annotates
 * at the same time (rd_annotate_options.threads caps at 64). */
#define RD__POOL_MAX 64

static uint64_t analyzer_serial;

/* The label rd_doc_annotate gives documents; truncated at 599 bytes as
 * its snprintf into a 600-byte buffer did. */
static char *make_label(const rd_analyzer *an, size_t *len) {
  char d[600];
  snprintf(d, sizeof d, "%s: %s", rd_analyzer_dictionary_name(an), an->info.version);
  *len = strlen(d);
  char *s = malloc(*len + 1);
  if (s) memcpy(s, d, *len + 1);
  return s;
}

rd_status rd_analyzer_new(rd_analyzer **out, const rd_analyzer_options *opts) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_analyzer_new: out is NULL");
  *out = NULL;
  rd_analyzer_options o = RD_ANALYZER_OPTIONS_INIT;
  if (opts) {
    if (opts->version != RD_ANALYZER_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_analyzer_options: unsupported version %u", opts->version);
    o = *opts;
  }
  rd_analyzer *an = calloc(1, sizeof *an);
  if (!an) return rd__oom();
  an->flags = o.flags;
  an->serial = __atomic_add_fetch(&analyzer_serial, 1, __ATOMIC_RELAXED);
  if (pthread_mutex_init(&an->pool_lock, NULL) != 0) {
    free(an);
    return rd__oom();
  }
  an->backend = (o.flags & RD_ANALYZER_STUB) ? &rd__backend_stub : &rd__backend_mecab;
  rd_status st = an->backend->model_new(&an->model, &an->info, &o);
  if (st >= 0 && o.overrides) st = rd__overrides_load(&an->overrides, o.overrides);
  if (st >= 0 && o.compounds) st = rd__compounds_load(&an->compounds, o.compounds);
  if (st >= 0 && o.names) st = rd__names_load(&an->names, o.names);
  if (st >= 0 && !(an->dict_label = make_label(an, &an->dict_label_len))) st = rd__oom();
  if (st < 0) { rd_analyzer_free(an); return st; }
  *out = an;
  return RD_OK;
}

void rd_analyzer_free(rd_analyzer *an) {
  if (!an) return;
  for (size_t i = 0; i < an->npool; i++) an->backend->parser_free(an->pool[i]); /* before their model */
  free(an->pool);
  pthread_mutex_destroy(&an->pool_lock);
  free(an->dict_label);
  if (an->model) an->backend->model_free(an->model);
  rd__overrides_free(an->overrides);
  rd__compounds_free(an->compounds);
  rd__names_free(an->names);
  free(an);
}

rd__parser *rd__parser_take(rd_analyzer *an) {
  rd__parser *p = NULL;
  pthread_mutex_lock(&an->pool_lock);
  if (an->npool) p = an->pool[--an->npool];
  pthread_mutex_unlock(&an->pool_lock);
  return p ? p : an->backend->parser_new(an->model);
}

void rd__parser_give(rd_analyzer *an, rd__parser *p) {
  if (!p) return;
  pthread_mutex_lock(&an->pool_lock);
  if (!an->pool && !(an->pool = malloc(RD__POOL_MAX * sizeof *an->pool))) {
    pthread_mutex_unlock(&an->pool_lock);
    an->backend->parser_free(p);
    return;
  }
  int kept = an->npool < RD__POOL_MAX;
  if (kept) an->pool[an->npool++] = p;
  pthread_mutex_unlock(&an->pool_lock);
  if (!kept) an->backend->parser_free(p);
}

const char *rd_analyzer_dictionary_name(const rd_analyzer *an) {
  if (!an) return NULL;
  switch (an->info.layout) {
  case RD__LAYOUT_IPADIC: return "ipadic";
  case RD__LAYOUT_UNIDIC:
  case RD__LAYOUT_UNIDIC3: return "unidic";
  case RD__LAYOUT_JUMAN: return "juman";
  case RD__LAYOUT_STUB: return "stub";
  }
  return "unknown";
}

const char *rd_analyzer_dictionary_version(const rd_analyzer *an) { return an ? an->info.version : NULL; }
