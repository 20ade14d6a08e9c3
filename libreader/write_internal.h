/* The writers' entry points, one per view, which the dispatcher (write.c)
 * calls: each streams the subtree at `root` into the sink. A writer
 * includes write_sink.h and write_common.h and reads the document only
 * through the public API; no writer calls another or the dispatcher. */
#ifndef READER_WRITE_INTERNAL_H
#define READER_WRITE_INTERNAL_H

#include "write_sink.h"
#include "reader/node.h"
#include "reader/write.h"

rd_status rd__write_xml(rd__sink *k, const rd_node *root, const rd_write_options *o);
rd_status rd__write_json(rd__sink *k, const rd_node *root, const rd_write_options *o);
rd_status rd__write_html(rd__sink *k, const rd_node *root, const rd_write_options *o);
/* kind: RD_OUTPUT_TEXT, _BRACKETS, _HIRAGANA, _KATAKANA, _ROMAJI or _HTML_FRAGMENT. */
rd_status rd__write_text(rd__sink *k, const rd_node *root, rd_output kind, const rd_write_options *o);
rd_status rd__write_vocab(rd__sink *k, const rd_node *root, const rd_write_options *o);

#endif
