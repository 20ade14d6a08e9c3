/* HTML reader (placeholder until the HTML reader lands). */
#include "readers_internal.h"

rd_status rd__read_html(rd_doc **out, const char *html, size_t len, const rd_parse_options *o) {
  (void)html; (void)len; (void)o;
  *out = NULL;
  return rd__error(RD_EINVALID, -1, 0, "HTML input is not supported yet");
}
