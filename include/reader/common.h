/** @file reader/common.h
 *  Shared definitions: export macros, C++ linkage, status codes, rd_free.
 */
#ifndef READER_COMMON_H
#define READER_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "reader_export.h"

#ifdef __cplusplus
#define RD_BEGIN_DECL extern "C" {
#define RD_END_DECL }
#else
#define RD_BEGIN_DECL
#define RD_END_DECL
#endif

RD_BEGIN_DECL

/** @defgroup common Common definitions
 *  @{ */

/** Result of every fallible call. RD_OK is zero; failures are negative.
 *  Details of the last failure on this thread: rd_error_last(). */
typedef enum rd_status {
  RD_OK = 0,
  RD_ERROR = -1,     /**< generic failure */
  RD_ENOMEM = -2,    /**< out of memory */
  RD_EINVALID = -3,  /**< bad argument, wrong node kind, malformed input structure */
  RD_EENCODING = -4, /**< invalid UTF-8, NUL byte, unsupported encoding */
  RD_EANALYZER = -5, /**< MeCab or its dictionary */
  RD_EXML = -6,      /**< malformed, invalid or hostile XML */
  RD_EIO = -7,       /**< a file could not be read or written */
  RD_ENOTFOUND = -8, /**< something looked up does not exist */
  RD_ITEROVER = -30  /**< end of a pull iteration; not a failure */
} rd_status;

/** Release memory that the library handed to the caller as a buffer
 *  (rd_doc_to_xml() and friends, rd_align()). NULL is ignored.
 *  Ownership: frees what the library allocated; never use free() on it. */
RD_EXPORT void rd_free(void *ptr);

/** The library version as "MAJOR.MINOR.PATCH". Ownership: static string. */
RD_EXPORT const char *rd_version(void);

/** @} */

RD_END_DECL

#endif
