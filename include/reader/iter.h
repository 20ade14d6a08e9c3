/** @file reader/iter.h
 *  ENTER/EXIT walks over a subtree, in the style of cmark's iterator.
 */
#ifndef READER_ITER_H
#define READER_ITER_H

#include "reader/common.h"
#include "reader/node.h"

RD_BEGIN_DECL

/** @defgroup iter Iteration
 *
 *      rd_iter *it;
 *      rd_iter_new(&it, rd_doc_root(doc), RD_MASK(RD_NODE_TOKEN));
 *      while (rd_iter_next(it) != RD_EVENT_DONE) use(rd_iter_node(it));
 *      rd_iter_free(it);
 *  @{ */

/** Opaque pull iterator (see the group description). */
typedef struct rd_iter rd_iter;

/** Walk events. Leaves (TOKEN, CITATION, REFERENCE) get ENTER only. */
typedef enum rd_event {
  RD_EVENT_NONE = 0,
  RD_EVENT_DONE,
  RD_EVENT_ENTER,
  RD_EVENT_EXIT
} rd_event;

/** Start a walk over root and its descendants. mask selects the kinds that
 *  produce events (RD_MASK(kind) | ...); 0 means every kind. The walk
 *  descends into all nodes either way.
 *  @param[out] out  new iterator, NULL on failure
 *  @return RD_OK, RD_EINVALID (root NULL), RD_ENOMEM
 *  Ownership: caller owns *out; release with rd_iter_free(). The iterator
 *  borrows the document, which must outlive it. */
RD_EXPORT rd_status rd_iter_new(rd_iter **out, rd_node *root, unsigned mask);
/** Advance; returns the event (RD_EVENT_DONE at the end, and after it). */
RD_EXPORT rd_event rd_iter_next(rd_iter *it);
/** The node of the current event. Ownership: borrowed. */
RD_EXPORT rd_node *rd_iter_node(const rd_iter *it);
/** The current event. */
RD_EXPORT rd_event rd_iter_event(const rd_iter *it);
/** Restart at root. */
RD_EXPORT void rd_iter_reset(rd_iter *it);
/** Release an iterator. NULL is ignored. */
RD_EXPORT void rd_iter_free(rd_iter *it);

/** @} */

RD_END_DECL

#endif
