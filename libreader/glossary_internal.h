/* Glossary internals (private): the cache loader without a cache file,
 * for the fuzz target and tests. */
#ifndef READER_GLOSSARY_INTERNAL_H
#define READER_GLOSSARY_INTERNAL_H

#include <stddef.h>

#include "reader/glossary.h"

/* A glossary from the bytes of a cache file (libreader/glossary.c, format
 * version 3), through exactly the validation cache_load gives a file read
 * from disk (magic, version, size, checksum, every section and offset),
 * less the comparison with a source EDICT's key, as there is none.
 * RD_EINVALID "not a valid glossary cache" when any check fails.
 * Ownership: caller owns *out (rd_glossary_free); the bytes are copied. */
rd_status rd__glossary_from_cache_bytes(rd_glossary **out, const void *data, size_t len);

/* Recompute the checksum of a cache's LEN bytes in place (nothing when
 * shorter than the header), so that a fuzzer's mutations reach the
 * structural checks behind it. */
void rd__glossary_cache_seal(void *data, size_t len);

/* Entry I of the glossary in cache order (EDICT order), NULL past the end. */
const rd_gloss_entry *rd__glossary_entry_at(const rd_glossary *g, size_t i);

#endif
