/* The tree builder the readers call (doc_build.c). A reader makes a
 * document, creates nodes, appends them and finally calls rd__doc_finish;
 * nothing in the builder knows an input format. */
#ifndef READER_DOC_BUILD_H
#define READER_DOC_BUILD_H

#include "model.h"

/* rd__doc_new copies the source (NULL on OOM); the reader then creates
 * nodes, appends them and finally calls rd__doc_finish, which builds the
 * indexes (the position arrays that make index access constant time),
 * numbers sentences, computes character spans and resolves citations.
 * The tree is not changed after rd__doc_finish. */
rd_doc *rd__doc_new(const char *src, size_t len, const char *name);
rd_node *rd__node_new(rd_doc *doc, rd_node_kind kind, size_t start, size_t end);
/* Append child to parent; refuses (RD_EINVALID) what rd__can_contain rejects. */
rd_status rd__node_append(rd_node *parent, rd_node *child);
int rd__can_contain(const rd_node *parent, const rd_node *child);
/* Copy text into the arena as the node's text. */
rd_status rd__node_set_text(rd_node *n, const char *text, size_t len);
rd_status rd__doc_finish(rd_doc *doc);
/* A streamed read's block (pipeline_stream.c): a document whose source is
 * the article's buffer, borrowed (len bytes of it read so far), freed with
 * rd__doc_free_view; rd__doc_finish_block builds its indexes without the
 * character index (it would count from the article's start) and leaves
 * citations unresolved (their lists may come in a later block). */
rd_doc *rd__doc_new_view(char *src, size_t len, const char *name);
void rd__doc_free_view(rd_doc *doc);
rd_status rd__doc_finish_block(rd_doc *doc);
/* Record a warning about source byte `offset` ("line N: " is prepended). */
rd_status rd__doc_warn(rd_doc *doc, size_t offset, const char *fmt, ...) RD__PRINTF(3, 4);
/* Warnings kept per document; the rest become one "N more warnings" line,
 * so one broken input cannot print hundreds of thousands of lines. */
#define RD__MAX_WARNINGS 100
/* Append an already formatted warning (arena string) to the list. */
rd_status rd__doc_push_warning(rd_doc *doc, const char *s);
/* The same without the cap, for warnings read back from stored XML (which
 * already carry their "N more warnings" line). */
rd_status rd__doc_keep_warning(rd_doc *doc, const char *s);

#endif
