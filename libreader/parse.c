/* Parsing entry points: the dispatcher. It picks the input format (by
 * name, then by content) and hands the bytes to that reader; it depends
 * on the readers, and no reader calls back into it. */
#include <stdlib.h>
#include <string.h>

#include "doc_build.h"
#include "readers_internal.h"

static rd_format sniff_format(const char *text, size_t len, const char *name) {
  if (name) {
    const char *dot = strrchr(name, '.');
    if (dot && (!strcmp(dot, ".html") || !strcmp(dot, ".htm") || !strcmp(dot, ".xhtml"))) return RD_FORMAT_HTML;
    if (dot && !strcmp(dot, ".xml")) return RD_FORMAT_XML;
  }
  size_t i = 0;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n')) i++;
  if (i < len && text[i] == '<') {
    if (len - i >= 5 && !memcmp(text + i, "<?xml", 5)) {
      /* Our own XML names its root "document" in the libreader namespace. */
      const char *p = memchr(text + i, '>', len - i);
      size_t rest = len - i;
      if (rest > 4096) rest = 4096;
      (void)p;
      for (size_t k = i; k + 9 < i + rest; k++)
        if (!memcmp(text + k, "libreader", 9)) return RD_FORMAT_XML;
    }
    return RD_FORMAT_HTML;
  }
  return RD_FORMAT_TEXT;
}

rd_status rd_doc_parse(rd_doc **out, const char *text, size_t len, const rd_parse_options *opts) {
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_doc_parse: out is NULL");
  *out = NULL;
  if (!text && len) return rd__error(RD_EINVALID, -1, 0, "rd_doc_parse: text is NULL");
  if (!text) text = "";
  if (opts) {
    if (opts->version != RD_PARSE_OPTIONS_VERSION)
      return rd__error(RD_EINVALID, -1, 0, "rd_parse_options: unsupported version %u", opts->version);
    o = *opts;
  }
  if (len > UINT32_MAX - 1)
    return rd__error(RD_EINVALID, -1, 0, "%s%sinput of %zu bytes is larger than the 4 GiB limit",
                     o.name ? o.name : "", o.name ? ": " : "", len);
  /* Validation notes where ［ and 【 first occur, so that the text
   * reader's Aozora test (［＃, 【テキスト中に現れる記号について】) need not
   * search every document twice more (4.7 M instructions of 3,000 short
   * articles): it searches from there, which in most articles is nowhere. */
  size_t marks[2];
  if (rd__utf8_validate_find(text, len, o.name, "\xEF\xBC\xBB\xE3\x80\x90" /* ［【 */, marks) < 0) {
    /* Shift_JIS or EUC-JP: parse the converted text (valid UTF-8, so this
     * recurses once at most). */
    char *conv;
    size_t clen;
    rd_status st = rd__decode_legacy(&conv, &clen, text, len, &o);
    if (st < 0) return st;
    st = rd_doc_parse(out, conv, clen, &o);
    free(conv);
    return st;
  }
  rd_format fmt = o.format == RD_FORMAT_AUTO ? sniff_format(text, len, o.name) : o.format;
  switch (fmt) {
  case RD_FORMAT_HTML: return rd__read_html(out, text, len, &o);
  case RD_FORMAT_XML: return rd__read_xml(out, text, len, &o);
  case RD_FORMAT_LINES:
  case RD_FORMAT_TEXT:
  default: {
    /* The text was validated above (or converted to valid UTF-8): a second
     * pass cost 9 M instructions for 3,000 short articles. */
    rd_status st;
    rd_doc *doc = rd__doc_new(text, len, o.name);
    if (!doc) return rd__oom();
    st = fmt == RD_FORMAT_LINES ? rd__read_lines(doc) : rd__read_text(doc, o.flags, marks);
    if (st >= 0) st = rd__doc_finish(doc);
    if (st < 0) { rd_doc_free(doc); return st; }
    *out = doc;
    return RD_OK;
  }
  }
}

rd_status rd_doc_parse_file(rd_doc **out, const char *path, const rd_parse_options *opts) {
  if (!out || !path) return rd__error(RD_EINVALID, -1, 0, "rd_doc_parse_file: NULL argument");
  *out = NULL;
  char *data;
  size_t len;
  rd_status st = rd__file_read(path, RD__FILE_LIMIT_DEFAULT, &data, &len);
  if (st < 0) return st;
  rd_parse_options o = RD_PARSE_OPTIONS_INIT;
  if (opts) o = *opts;
  if (!o.name) o.name = strcmp(path, "-") ? path : "<stdin>";
  st = rd_doc_parse(out, data, len, &o);
  free(data);
  return st;
}

