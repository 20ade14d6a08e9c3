/** @file reader.h
 *  libreader: Japanese news articles as documents a learner can read and a
 *  program can query. The only header applications include.
 *
 *      #include <reader.h>
 *      rd_doc *doc;
 *      if (rd_doc_parse_file(&doc, "article.ja.txt", NULL) == RD_OK) {
 *        printf("%zu sections\n", rd_doc_section_count(doc));
 *        rd_doc_free(doc);
 *      }
 */
#ifndef READER_H
#define READER_H

#include "reader_version.h"
/* In data-flow order: errors and the model; reading an article; annotating
 * it; words, English and what the learner knows; the pipeline that runs
 * these stages; the writers. */
#include "reader/common.h"
#include "reader/errors.h"
#include "reader/node.h"
#include "reader/doc.h"
#include "reader/iter.h"
#include "reader/token.h"
#include "reader/analyze.h"
#include "reader/align.h"
#include "reader/kana.h"
#include "reader/word.h"
#include "reader/summaries.h"
#include "reader/glossary.h"
#include "reader/known.h"
#include "reader/pipeline.h"
#include "reader/write.h"

#endif
