/* Transitional: the model's private headers were split into model.h (the
 * struct layouts and model internals) and doc_build.h (the tree builder).
 * This header only includes both so that files not yet moved over still
 * compile; include what you use instead. To be removed after the merge. */
#ifndef READER_DOC_INTERNAL_H
#define READER_DOC_INTERNAL_H

#include "doc_build.h"
#include "model.h"

#endif
