/* The one growable array (vec.c): elements of any one size, kept
 * contiguous, so a finished vector is an ordinary C array. Knows no
 * document.
 *
 *     rd__vec v = RD__VEC_INIT(rd_node *);
 *     if (RD__VEC_PUSH(&v, rd_node *, n) < 0) ...oom...
 *     rd_node **all = v.ptr; size_t count = v.len;
 *     rd__vec_dispose(&v);
 */
#ifndef READER_UTIL_VEC_H
#define READER_UTIL_VEC_H

#include <stddef.h>

typedef struct rd__vec {
  void *ptr;      /* malloc'ed; NULL while empty */
  size_t len;     /* elements in use */
  size_t cap;     /* elements allocated */
  size_t elem;    /* bytes per element, > 0 */
} rd__vec;

#define RD__VEC_INIT(type) {NULL, 0, 0, sizeof(type)}

void rd__vec_init(rd__vec *v, size_t elem);
/* Room for at least `extra` more elements; 0, or -1 on OOM/overflow (the
 * vector is unchanged). */
int rd__vec_reserve(rd__vec *v, size_t extra);
/* A new zeroed element at the end, or NULL on OOM (the vector is unchanged). */
void *rd__vec_push(rd__vec *v);
/* Element i (i < len), or NULL. */
void *rd__vec_at(const rd__vec *v, size_t i);
/* Hand the array to the caller (free() it; NULL when empty) and empty v. */
void *rd__vec_detach(rd__vec *v, size_t *len_out);
void rd__vec_clear(rd__vec *v);   /* len = 0, memory kept */
void rd__vec_dispose(rd__vec *v); /* memory freed; v can be used again */

/* Typed helpers: `type` must be the element type v was made for. */
#define RD__VEC_PUSH(v, type, value) \
  (rd__vec_push(v) ? (((type *)(v)->ptr)[(v)->len - 1] = (value), 0) : -1)
#define RD__VEC_AT(v, type, i) (((type *)(v)->ptr)[i])

#endif
