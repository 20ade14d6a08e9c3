/* ENTER/EXIT walk (cmark style) over real and token children alike; it
 * relies only on the navigation functions, so it sees what users see. */
#include <stdlib.h>

#include "model.h"
#include "reader/iter.h"

struct rd_iter {
  rd_node *root, *cur;
  rd_event ev;
  unsigned mask;
};

static int is_leaf(rd_node_kind k) {
  return k == RD_NODE_TOKEN || k == RD_NODE_CITATION || k == RD_NODE_REFERENCE;
}

rd_status rd_iter_new(rd_iter **out, rd_node *root, unsigned mask) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_iter_new: out is NULL");
  *out = NULL;
  if (!root) return rd__error(RD_EINVALID, -1, 0, "rd_iter_new: root is NULL");
  rd_iter *it = calloc(1, sizeof *it);
  if (!it) return rd__oom();
  it->root = root;
  it->mask = mask;
  *out = it;
  return RD_OK;
}

/* One raw step of the walk, ignoring the mask. */
static void step(rd_iter *it) {
  if (it->ev == RD_EVENT_DONE) return;
  if (it->ev == RD_EVENT_NONE) { it->cur = it->root; it->ev = RD_EVENT_ENTER; return; }
  rd_node *n = it->cur;
  if (it->ev == RD_EVENT_ENTER && !is_leaf(rd_node_kind_of(n))) {
    rd_node *c = rd_node_first_child(n);
    if (c) { it->cur = c; it->ev = RD_EVENT_ENTER; }
    else it->ev = RD_EVENT_EXIT;
    return;
  }
  if (n == it->root) { it->ev = RD_EVENT_DONE; it->cur = NULL; return; }
  rd_node *nx = rd_node_next(n);
  if (nx) { it->cur = nx; it->ev = RD_EVENT_ENTER; }
  else { it->cur = rd_node_parent(n); it->ev = RD_EVENT_EXIT; }
}

rd_event rd_iter_next(rd_iter *it) {
  if (!it) return RD_EVENT_DONE;
  do step(it);
  while (it->ev != RD_EVENT_DONE && it->mask && !(it->mask & RD_MASK(rd_node_kind_of(it->cur))));
  return it->ev;
}

rd_node *rd_iter_node(const rd_iter *it) { return it ? it->cur : NULL; }
rd_event rd_iter_event(const rd_iter *it) { return it ? it->ev : RD_EVENT_DONE; }
void rd_iter_reset(rd_iter *it) {
  if (!it) return;
  it->cur = NULL;
  it->ev = RD_EVENT_NONE;
}
void rd_iter_free(rd_iter *it) { free(it); }
