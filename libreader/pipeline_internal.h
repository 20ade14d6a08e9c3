/* What the pipeline's other files (pipeline_stream.c) read of the opaque
 * rd_pipeline (pipeline.c). */
#ifndef READER_PIPELINE_INTERNAL_H
#define READER_PIPELINE_INTERNAL_H

#include "reader/pipeline.h"

/* Threads the pipeline reads with: its `threads`, or the available cores. */
unsigned rd__pipeline_threads(const rd_pipeline *p);
/* Whether reading the article at `path` would load `summaries.en.xml`
 * beside it (it is there, and the pipeline does not refuse it). */
int rd__pipeline_summaries_beside(const rd_pipeline *p, const char *path);

#endif
