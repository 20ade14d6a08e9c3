/* Whole-file reading with a size limit (see file.h). The limit is checked
 * before reading when the size is known (a regular file: fstat, so a
 * sparse 64 GiB file is refused without a read), and while reading
 * otherwise (a pipe, a FIFO, a character device such as /dev/zero), so
 * endless input is refused after `limit` bytes. One limit, from
 * READER_MAX_INPUT, serves every input the library reads. */
#define _POSIX_C_SOURCE 200809L /* fileno, fstat, O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"
#include "util/file.h"
#include "reader/doc.h" /* rd_input_limit */

static rd_status too_large(const char *name, size_t limit) {
  return rd__error(RD_EINVALID, -1, 0, "%s: larger than %zu bytes (the input limit; READER_MAX_INPUT=BYTES changes it)",
                   name, limit);
}

rd_status rd__file_limit(size_t *out) {
  *out = 0;
  const char *v = getenv("READER_MAX_INPUT");
  if (!v) { *out = RD__FILE_LIMIT_BUILTIN; return RD_OK; }
  /* digits, then at most one K, M or G: strtoull would take "-1" and " 5" */
  const char *p = v;
  uintmax_t n = 0;
  int ok = *p >= '0' && *p <= '9';
  for (; ok && *p >= '0' && *p <= '9'; p++) {
    if (n > (uintmax_t)RD__FILE_LIMIT_MAX) break; /* already too big: stop before it can wrap */
    n = n * 10 + (uintmax_t)(*p - '0');
  }
  if (ok && *p >= '0' && *p <= '9') n = (uintmax_t)RD__FILE_LIMIT_MAX + 1; /* digits left: far too big */
  while (*p >= '0' && *p <= '9') p++;
  unsigned shift = 0;
  if (ok && *p) {
    switch (*p) {
    case 'k': case 'K': shift = 10; break;
    case 'm': case 'M': shift = 20; break;
    case 'g': case 'G': shift = 30; break;
    default: ok = 0; break;
    }
    if (ok && p[1]) ok = 0;
  }
  if (!ok)
    return rd__error(RD_EINVALID, -1, 0, "READER_MAX_INPUT='%.40s' is not a size (bytes, or a number with K, M or G)", v);
  if (n > ((uintmax_t)RD__FILE_LIMIT_MAX >> shift) || (n << shift) > (uintmax_t)RD__FILE_LIMIT_MAX || n == 0)
    return rd__error(RD_EINVALID, -1, 0,
                     "READER_MAX_INPUT='%.40s' is out of range: 1 to %zu bytes (2 GiB - 1, the markup parser's limit)",
                     v, RD__FILE_LIMIT_MAX);
  *out = (size_t)(n << shift);
  return RD_OK;
}

size_t rd_input_limit(void) {
  size_t n;
  return rd__file_limit(&n) == RD_OK ? n : 0;
}

/* Read up to `want` bytes: from the descriptor (a named file: one open,
 * one fstat, read(2) straight into the buffer; stdio cost a second fstat
 * and a copy per file) or from stdin's stream. 0 with *err 0: end of file. */
static size_t read_some(int fd, FILE *f, char *buf, size_t want, int *err) {
  *err = 0;
  if (f) {
    size_t got = fread(buf, 1, want, f);
    if (!got && ferror(f)) *err = errno ? errno : -1;
    return got;
  }
  for (;;) {
    ssize_t got = read(fd, buf, want);
    if (got >= 0) return (size_t)got;
    if (errno != EINTR) { *err = errno; return 0; }
  }
}

rd_status rd__file_read(const char *path, size_t limit, char **out, size_t *len) {
  if (!out || !path) return rd__error(RD_EINVALID, -1, 0, "rd__file_read: NULL argument");
  *out = NULL;
  if (len) *len = 0;
  if (!limit) {
    rd_status ls = rd__file_limit(&limit);
    if (ls < 0) return ls;
  }
  if (limit > SIZE_MAX - 2) limit = SIZE_MAX - 2; /* limit + 2 bytes must be addressable */
  int is_stdin = !strcmp(path, "-");
  const char *name = is_stdin ? "<stdin>" : path;
  FILE *f = is_stdin ? stdin : NULL;
  int fd = is_stdin ? fileno(stdin) : open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return rd__error(RD_EIO, -1, 0, "%s: cannot open: %s", name, strerror(errno));
  size_t cap = 64 * 1024, whole = 0; /* whole: a regular file's size, read once it is all there */
  struct stat sb;
  if (fstat(fd, &sb) == 0) {
    if (S_ISDIR(sb.st_mode)) {
      if (!is_stdin) close(fd);
      return rd__error(RD_EIO, -1, 0, "%s: cannot read: %s", name, strerror(EISDIR));
    }
    if (S_ISREG(sb.st_mode) && sb.st_size > 0) {
      /* Refuse before reading a byte; the size also sizes the buffer (the
       * file may still grow while read, so the loop checks again). */
      if ((uintmax_t)sb.st_size > limit) {
        if (!is_stdin) close(fd);
        return too_large(name, limit);
      }
      cap = (size_t)sb.st_size + 1;
      whole = (size_t)sb.st_size;
    }
  }
  if (cap > limit) cap = limit + 1; /* limit + 1: room to notice an excess byte */
  char *buf = malloc(cap + 1);
  if (!buf) { if (!is_stdin) close(fd); return rd__oom(); }
  size_t n = 0;
  rd_status st = RD_OK;
  for (;;) {
    if (n == cap) {
      if (n > limit) { st = too_large(name, limit); break; }
      size_t ncap = cap > limit / 2 ? limit + 1 : cap * 2;
      char *p = realloc(buf, ncap + 1);
      if (!p) { st = rd__oom(); break; }
      buf = p;
      cap = ncap;
    }
    int err;
    size_t got = read_some(fd, f, buf + n, cap - n, &err);
    n += got;
    if (n > limit) { st = too_large(name, limit); break; }
    if (whole && n == whole) break; /* what fstat saw: no read(2) to learn of the end */
    if (got == 0) {
      /* open() succeeds on some unreadable things; keep errno to say
       * why ("Is a directory") rather than only "read error". */
      if (err) st = rd__error(RD_EIO, -1, 0, "%s: cannot read: %s", name, err > 0 ? strerror(err) : "read error");
      break;
    }
  }
  if (!is_stdin) close(fd);
  if (st < 0) { free(buf); return st; }
  buf[n] = '\0';
  *out = buf;
  if (len) *len = n;
  return RD_OK;
}
