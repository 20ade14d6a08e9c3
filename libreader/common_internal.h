/* Private helpers shared by every module. They live in util/ (what knows
 * no document: errors, the arena, the growable buffer and array, the hash
 * table, UTF-8, file reading); this header includes them all so that a
 * module needs one include. Never installed. */
#ifndef READER_COMMON_INTERNAL_H
#define READER_COMMON_INTERNAL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "reader/common.h"
#include "reader/errors.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/file.h"
#include "util/hash.h"
#include "util/utf8.h"
#include "util/vec.h"

#endif
