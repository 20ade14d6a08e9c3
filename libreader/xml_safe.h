/* The one hardened libxml2 entry (xml_safe.c). Every module that parses
 * untrusted markup (the HTML reader, the XML reader, the summaries loader)
 * goes through it, so they share one refusal policy:
 *   - libxml2 initialised once per process (pthread_once);
 *   - no network, no DTD at all (XML: any <!DOCTYPE is refused, with or
 *     without an internal subset; HTML: a doctype is only a name, an
 *     internal subset is refused), no entities beyond the predefined ones;
 *   - at most RD__XML_MAX_ATTRS attributes on one element and at most
 *     RD__XML_MAX_DEPTH levels of nesting, checked by a linear scan before
 *     libxml2 sees the input (libxml2 2.9 compares attribute names
 *     pairwise: 100,000 attributes took 110 s);
 *   - messages in our own words with the line of the input, never
 *     libxml2's raw wording. */
#ifndef READER_XML_SAFE_H
#define READER_XML_SAFE_H

#include <libxml/tree.h>

#include "common_internal.h"

#define RD__XML_MAX_DEPTH 512u
#define RD__XML_MAX_ATTRS 256u

typedef enum rd__xml_kind { RD__XML_STRICT, RD__XML_HTML } rd__xml_kind;

/* Why a parse was refused: the input line (1-based, 0 if unknown) and a
 * message without any file prefix, which each caller adds in its own
 * established format ("file:line: " or "file: line N: "). */
typedef struct rd__xml_fault {
  long line;
  char msg[400];
} rd__xml_fault;

/* Initialise libxml2 exactly once per process; every parse below calls it,
 * and so must any other libxml2 use (RELAX NG) before it starts. */
void rd__xml_init(void);

/* Parse UTF-8 markup (the caller validated it) under the policy above.
 * Returns RD_OK with *out set (free with xmlFreeDoc), RD_ENOMEM, or
 * RD_EXML with *fault filled and *out NULL. HTML is parsed with recovery
 * (a browser would show it); XML must be well-formed. No error is set in
 * rd_error_last() except for RD_ENOMEM: the caller words the refusal. */
rd_status rd__xml_safe_parse(xmlDoc **out, rd__xml_fault *fault, const char *src, size_t len, rd__xml_kind kind);

#endif
