/* The growable array behind the indexes and scratch lists (see vec.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/vec.h"

void rd__vec_init(rd__vec *v, size_t elem) {
  v->ptr = NULL;
  v->len = v->cap = 0;
  v->elem = elem ? elem : 1;
}

int rd__vec_reserve(rd__vec *v, size_t extra) {
  if (extra > SIZE_MAX - v->len) return -1;
  size_t need = v->len + extra;
  if (need <= v->cap) return 0;
  size_t cap = v->cap ? v->cap : 16;
  while (cap < need) {
    if (cap > SIZE_MAX / 2) return -1;
    cap *= 2;
  }
  if (cap > SIZE_MAX / v->elem) return -1;
  void *p = realloc(v->ptr, cap * v->elem);
  if (!p) return -1;
  v->ptr = p;
  v->cap = cap;
  return 0;
}

void *rd__vec_push(rd__vec *v) {
  if (rd__vec_reserve(v, 1) < 0) return NULL;
  void *slot = (char *)v->ptr + v->len * v->elem;
  memset(slot, 0, v->elem);
  v->len++;
  return slot;
}

void *rd__vec_at(const rd__vec *v, size_t i) {
  return i < v->len ? (char *)v->ptr + i * v->elem : NULL;
}

void *rd__vec_detach(rd__vec *v, size_t *len_out) {
  void *p = v->ptr;
  if (len_out) *len_out = v->len;
  v->ptr = NULL;
  v->len = v->cap = 0;
  return p;
}

void rd__vec_clear(rd__vec *v) { v->len = 0; }

void rd__vec_dispose(rd__vec *v) {
  free(v->ptr);
  v->ptr = NULL;
  v->len = v->cap = 0;
}
