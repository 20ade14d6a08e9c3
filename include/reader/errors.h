/** @file reader/errors.h
 *  The last error of the calling thread.
 */
#ifndef READER_ERRORS_H
#define READER_ERRORS_H

#include "reader/common.h"

RD_BEGIN_DECL

/** @defgroup errors Errors
 *  Every fallible call returns an rd_status; on failure the details are
 *  kept per thread until the next failure on that thread.
 *
 *      if (rd_doc_parse(&doc, text, len, NULL) < 0)
 *        fprintf(stderr, "%s\n", rd_error_last()->message);
 *  @{ */

/** Details of a failure. */
typedef struct rd_error {
  rd_status code;      /**< the status the failing call returned (RD_OK if none) */
  const char *message; /**< what went wrong and where; never NULL ("" if none) */
  int64_t offset;      /**< byte offset into the input it concerns, or -1 */
  int64_t line;        /**< 1-based line of the input it concerns, or 0 */
} rd_error;

/** The last error set on this thread. Never NULL: with no error, code is
 *  RD_OK and message is "".
 *  Ownership: borrowed; valid until the next library call on this thread. */
RD_EXPORT const rd_error *rd_error_last(void);

/** Forget the last error of this thread. */
RD_EXPORT void rd_error_clear(void);

/** A static description of a status code ("out of memory", ...).
 *  Ownership: static string. */
RD_EXPORT const char *rd_strerror(rd_status code);

/** @} */

RD_END_DECL

#endif
