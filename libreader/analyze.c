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
  an->backend = (o.flags & RD_ANALYZER_STUB) ? &rd__backend_stub : &rd__backend_mecab;
  rd_status st = an->backend->model_new(&an->model, &an->info, &o);
  if (st >= 0 && o.overrides) st = rd__overrides_load(&an->overrides, o.overrides);
  if (st >= 0 && o.compounds) st = rd__compounds_load(&an->compounds, o.compounds);
  if (st >= 0 && o.names) st = rd__names_load(&an->names, o.names);
  if (st < 0) { rd_analyzer_free(an); return st; }
  *out = an;
  return RD_OK;
}

void rd_analyzer_free(rd_analyzer *an) {
  if (!an) return;
  if (an->model) an->backend->model_free(an->model);
  rd__overrides_free(an->overrides);
  rd__compounds_free(an->compounds);
  rd__names_free(an->names);
  free(an);
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
