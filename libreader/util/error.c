/* Thread-local last error (see reader/errors.h). The message lives in a
 * fixed per-thread buffer so that setting an error never allocates and
 * cannot fail, even when reporting out-of-memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"

#define RD__MSG_MAX 1024

static _Thread_local char tl_msg[RD__MSG_MAX];
static _Thread_local rd_error tl_err = {RD_OK, "", -1, 0};

const rd_error *rd_error_last(void) {
  if (tl_err.message == NULL) tl_err.message = "";
  return &tl_err;
}

void rd_error_clear(void) {
  tl_msg[0] = '\0';
  tl_err.code = RD_OK;
  tl_err.message = "";
  tl_err.offset = -1;
  tl_err.line = 0;
}

rd_status rd__error(rd_status code, int64_t offset, int64_t line, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(tl_msg, sizeof tl_msg, fmt, ap);
  va_end(ap);
  tl_err.code = code;
  tl_err.message = tl_msg;
  tl_err.offset = offset;
  tl_err.line = line;
  return code;
}

void rd__error_prefix(const char *fmt, ...) {
  char prefix[RD__MSG_MAX], old[RD__MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(prefix, sizeof prefix, fmt, ap);
  va_end(ap);
  memcpy(old, tl_msg, sizeof old);
  /* Truncation is acceptable here: messages are for people. */
  size_t plen = strlen(prefix);
  if (plen >= sizeof tl_msg) plen = sizeof tl_msg - 1;
  memcpy(tl_msg, prefix, plen);
  size_t olen = strlen(old);
  if (olen > sizeof tl_msg - 1 - plen) olen = sizeof tl_msg - 1 - plen;
  memcpy(tl_msg + plen, old, olen);
  tl_msg[plen + olen] = '\0';
  tl_err.message = tl_msg;
}

rd_status rd__oom(void) { return rd__error(RD_ENOMEM, -1, 0, "out of memory"); }

const char *rd_strerror(rd_status code) {
  switch (code) {
  case RD_OK: return "success";
  case RD_ERROR: return "error";
  case RD_ENOMEM: return "out of memory";
  case RD_EINVALID: return "invalid argument or input";
  case RD_EENCODING: return "invalid encoding";
  case RD_EANALYZER: return "analyzer or dictionary error";
  case RD_EXML: return "XML error";
  case RD_EIO: return "input/output error";
  case RD_ENOTFOUND: return "not found";
  case RD_ITEROVER: return "end of iteration";
  }
  return "unknown status";
}

void rd_free(void *ptr) { free(ptr); }
