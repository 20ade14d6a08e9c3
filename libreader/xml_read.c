/* XML reader (placeholder until the XML module lands). */
#include "readers_internal.h"

rd_status rd__read_xml(rd_doc **out, const char *xml, size_t len, const rd_parse_options *o) {
  (void)xml; (void)len; (void)o;
  *out = NULL;
  return rd__error(RD_EXML, -1, 0, "XML input is not supported yet");
}
