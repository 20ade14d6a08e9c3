/* `reader render FILE...`: parse, annotate, attach summaries and glosses,
 * and write one view per article (the reader page by default). */
#define _GNU_SOURCE /* O_TMPFILE; also mkstemp, fchmod, realpath, lstat */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void help(void) {
  printf("usage: reader render FILE... [-f|--format FORMAT] [-o|--output OUT] [--from INPUT-FORMAT]\n"
         "                     [--summaries FILE | --no-summaries]\n"
         "                     [--known FILE] [--furigana all|unknown|none]\n"
         "                     [--glossary PATH | --no-glossary] [--whole-page] [READING OPTIONS]\n\n"
         "Reads each article (text, HTML or libreader XML), segments it with MeCab,\n"
         "adds furigana, English summaries and glosses, and writes it as FORMAT:\n"
         "  html      the reader page: one self-contained file (default)\n"
         "  xml       lossless XML (read back by any reader command)\n"
         "  json      the same content as JSON\n"
         "  text      plain text          brackets  text with furigana: 日本[にほん]で 盗[ぬす]まれた\n"
         "  hiragana  text in hiragana     katakana  text in katakana\n"
         "  romaji    text in Hepburn romaji\n"
         "  html-fragment  the text as ruby markup: <ruby>漢字<rt>かんじ</rt></ruby>\n"
         "  vocab     vocabulary TSV for Anki: lemma, reading, gloss, sentence, section\n\n"
         "Output: with one FILE, -o names the output file (a directory: the file goes\n"
         "into it); without -o it goes to standard output. With several FILEs, -o names\n"
         "a directory (created if missing); without -o each output goes next to its\n"
         "input. Output names: the input's name with its last extension replaced\n"
         "(article.ja.txt -> article.ja.html; .text.txt, .brackets.txt, .hiragana.txt,\n"
         ".romaji.txt, .xml, .json, .tsv for vocab). An input is never overwritten;\n"
         "an earlier output is replaced only once the new one is complete.\n"
         "Each written file is reported on standard output.\n\n"
         "Input: by the file's extension and content, or --from text|html|xml|lines\n"
         "(lines: one paragraph a line, no title or sections). HTML: only the article's\n"
         "main content; --whole-page keeps navigation, asides and the rest.\n\n"
         "Summaries: --summaries FILE (one FILE only): a summaries XML, a parallel\n"
         "English article (text or Markdown, same numbered headings) or a TSV of\n"
         "section id -> English, told apart by content and extension; by default summaries.en.xml\n"
         "beside the article is used when it exists (--no-summaries: never).\n"
         "Known words: --known FILE, one lemma a line (# comments); those words get\n"
         "no furigana (--furigana unknown is then the default) and no gloss.\n"
         "Glosses: EDICT from " RD_GLOSSARY_DEFAULT_PATH " (Debian package edict) when it\n"
         "exists, or --glossary PATH. XML input that already has tokens is not\n"
         "analysed again, so it renders without MeCab.\n"
         "Threads: --threads N uses N threads (default: the available cores; 1: this\n"
         "thread only): with several FILEs each reads whole articles, with one FILE its\n"
         "sentences are shared among them; the output is the same for any N.\n\n"
         "%s", cli_pipeline_help);
}

typedef struct job {
  const char *format_name;
  rd_output format;
  const char *out;
  const char *summaries;
  int no_summaries;
  const char *known_path;
  const char *furigana;
  const char *glossary;
  int no_glossary;
  rd_format from; /* input format; RD_FORMAT_AUTO: by name and content */
  unsigned parse_flags; /* RD_PARSE_WHOLE_PAGE with --whole-page */
} job;

static const char *extension(rd_output f) {
  switch (f) {
  case RD_OUTPUT_HTML: return ".html";
  case RD_OUTPUT_XML: return ".xml";
  case RD_OUTPUT_JSON: return ".json";
  case RD_OUTPUT_TEXT: return ".text.txt"; /* never the input's own name */
  case RD_OUTPUT_BRACKETS: return ".brackets.txt";
  case RD_OUTPUT_HIRAGANA: return ".hiragana.txt";
  case RD_OUTPUT_ROMAJI: return ".romaji.txt";
  case RD_OUTPUT_VOCAB: return ".tsv";
  case RD_OUTPUT_KATAKANA: return ".katakana.txt";
  case RD_OUTPUT_HTML_FRAGMENT: return ".ruby.html";
  }
  return ".out";
}

static int is_dir(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}


/* Output path for input `in` (malloc'ed): in DIR (or beside the input when
 * dir is NULL), the input's base name with its last extension replaced. */
static char *output_path(const char *in, const char *dir, rd_output f) {
  const char *base = strrchr(in, '/');
  base = base ? base + 1 : in;
  const char *dot = strrchr(base, '.');
  size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  size_t dirlen = dir ? strlen(dir) : (size_t)(base - in);
  const char *ext = extension(f);
  char *p = malloc(dirlen + 1 + stem + strlen(ext) + 1);
  if (!p) return NULL;
  if (dir) sprintf(p, "%s%s%.*s%s", dir, dirlen && dir[dirlen - 1] != '/' ? "/" : "", (int)stem, base, ext);
  else sprintf(p, "%.*s%.*s%s", (int)dirlen, in, (int)stem, base, ext);
  return p;
}

static char *str_copy(const char *s) {
  char *p = malloc(strlen(s) + 1);
  return p ? strcpy(p, s) : NULL;
}

typedef struct named_out {
  const char *name;
  size_t i;
} named_out;

static int by_name_then_index(const void *a, const void *b) {
  const named_out *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* For each output, the first input (in input order) with the same output
 * name: itself when there is none. NULL: out of memory. */
static size_t *dup_outputs(char **outs, size_t n) {
  size_t *first = malloc((n ? n : 1) * sizeof *first);
  named_out *v = malloc((n ? n : 1) * sizeof *v);
  if (!first || !v) { free(first); free(v); return NULL; }
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    first[i] = i;
    if (outs[i]) v[m++] = (named_out){outs[i], i};
  }
  qsort(v, m, sizeof *v, by_name_then_index);
  for (size_t k = 1; k < m; k++)
    if (!strcmp(v[k].name, v[k - 1].name)) first[v[k].i] = first[v[k - 1].i];
  free(v);
  return first;
}

static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The open output and the first write error (errno) for the message.
 * Files are written with write(2) in the sink's 16 KB blocks: a stdio
 * stream on top cost an fcntl and an fstat per file and a second copy. */
typedef struct sinkf {
  int fd; /* -1: standard output, through stdio (the "wrote" lines share it) */
  int err;
  size_t n, limit; /* bytes written; XML into a temporary file stops past limit (0: none) */
  int too_big;
} sinkf;

static int write_file(const char *data, size_t len, void *payload) {
  sinkf *o = payload;
  o->n += len;
  if (o->limit && o->n > o->limit) { o->too_big = 1; return -1; }
  if (o->fd < 0) {
    if (fwrite(data, 1, len, stdout) == len) return 0;
    o->err = errno ? errno : EIO;
    return -1;
  }
  while (len) {
    ssize_t w = write(o->fd, data, len);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) { o->err = w < 0 ? errno : EIO; return -1; }
    data += w;
    len -= (size_t)w;
  }
  return 0;
}

/* A new output (nothing at its name) is written as an unnamed file in its
 * directory (O_TMPFILE) and given its name by linkat() once complete: no
 * rename, no umask/fchmod (the kernel applies the umask to 0666, as for
 * any new file), and a failure or a signal, even SIGKILL, leaves nothing
 * behind. -1 where the file system or a missing /proc cannot (the caller
 * then uses a named temporary file). */
static int open_unnamed(const char *dest) {
#ifdef O_TMPFILE
  static int proc_ok = -1; /* linkat needs /proc/self/fd to name the file */
  if (proc_ok < 0) proc_ok = access("/proc/self/fd", X_OK) == 0;
  if (!proc_ok) return -1;
  const char *slash = strrchr(dest, '/');
  char dir[4096];
  if (!slash) strcpy(dir, ".");
  else if (slash == dest) strcpy(dir, "/");
  else if ((size_t)(slash - dest) < sizeof dir) { memcpy(dir, dest, (size_t)(slash - dest)); dir[slash - dest] = '\0'; }
  else return -1;
  return open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
#else
  (void)dest;
  return -1;
#endif
}

static int link_unnamed(int fd, const char *dest) {
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  return linkat(AT_FDCWD, proc, AT_FDCWD, dest, AT_SYMLINK_FOLLOW);
}

/* The temporary file being written, removed if a signal ends the command
 * (issue 16, item 9: SIGTERM left an 87 MB hidden file). Outputs are
 * written one at a time, so one slot does; unlink() is async-signal-safe. */
static char sig_tmp[4096];
static int sig_tmp_dir = AT_FDCWD; /* sig_tmp is relative to it (unlinkat is async-signal-safe too) */
static volatile sig_atomic_t sig_tmp_set;

static void on_signal(int sig) {
  if (sig_tmp_set) unlinkat(sig_tmp_dir, sig_tmp, 0);
  signal(sig, SIG_DFL);
  raise(sig);
}

static void watch_signals(void) {
  static const int sigs[] = {SIGTERM, SIGINT, SIGHUP, SIGPIPE};
  for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
    struct sigaction sa, old;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* keep a signal the caller chose to ignore (nohup) ignored */
    if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler != SIG_IGN) sigaction(sigs[i], &sa, NULL);
  }
}

static void track_tmp_at(int dir, const char *tmp) {
  sig_tmp_set = 0;
  if (tmp && strlen(tmp) < sizeof sig_tmp) {
    strcpy(sig_tmp, tmp);
    sig_tmp_dir = dir;
    sig_tmp_set = 1;
  }
}

static void track_tmp(const char *tmp) { track_tmp_at(AT_FDCWD, tmp); }

/* XML that no reader command could read back is refused before a byte is
 * written (issue 16, item 10). Every input, XML included, is read under
 * one limit (rd_input_limit: READER_MAX_INPUT, 256 MiB by default), and
 * our XML is 50 (no glosses) to 90 times its source (the 7.6 KB corpus
 * article: 673 KB), so the alternative, an XML reader limit covering the
 * writer's worst case for the largest accepted input (256 MiB x 90 = 23
 * GB), is far past libxml2's 2 GiB and this machine's memory. So XML
 * over the limit is refused: written to a temporary file, the write stops
 * at the limit and the file is removed (the output never appears; no
 * second pass: counting first costs about 80% of the write, 2.3 s against
 * 2.8 s for a 1 MB article's 92 MB); written where nothing can be undone
 * (standard output, a device, a file rewritten in place) it is counted
 * first, the writer into a counter that stops at the limit. */
typedef struct counter {
  size_t n, limit;
} counter;

static int count_bytes(const char *data, size_t len, void *payload) {
  (void)data;
  counter *c = payload;
  c->n += len;
  return c->n > c->limit ? -1 : 0;
}

static void refuse_xml(const char *in, size_t limit, int progress) {
  fprintf(stderr,
          "%sreader render: %s: its XML would be larger than %zu bytes, more than any reader command reads back "
          "(the input limit; READER_MAX_INPUT=BYTES changes it); not written\n",
          progress ? "\r\033[K" : "", in, limit);
}

static int xml_too_large(const rd_doc *doc, const char *in, rd_output format, const rd_write_options *wo, int progress) {
  counter c = {0, format == RD_OUTPUT_XML ? rd_input_limit() : 0};
  if (!c.limit) return 0; /* not XML, or READER_MAX_INPUT is unusable: reading said so already */
  if (rd_doc_write(doc, RD_OUTPUT_XML, wo, count_bytes, &c) >= 0 || c.n <= c.limit) return 0;
  refuse_xml(in, c.limit, progress);
  return 1;
}

/* What a view is written from: a document read whole, or an article
 * being streamed (render_streamed), which can be written once only. */
typedef struct view_src {
  const rd_doc *doc;
  rd_stream *stream;
} view_src;

static rd_status put_view(const view_src *v, rd_output format, const rd_write_options *wo, sinkf *o) {
  return v->stream ? rd_stream_write(v->stream, format, wo, write_file, o) : rd_doc_write(v->doc, format, wo, write_file, o);
}

/* Write one view to `out` (NULL: standard output); returns an exit code.
 * A regular file is never seen half written: a new one is an unnamed file
 * named when complete (open_unnamed); an existing one is written to a
 * temporary file beside it and renamed over it only when complete, so a
 * failed write (full disk, file size limit) leaves no partial page and the
 * previous output intact. Anything else (a device such as /dev/full, a
 * FIFO) is written in place and never removed. */
static int write_output_general(const view_src *v, const char *in, rd_output format, const rd_write_options *wo,
                                const char *out, int named, int progress) {
  const rd_doc *doc = v->doc; /* NULL when streamed: text views only, never XML */
  sinkf o = {-1, 0, 0, 0, 0};
  char *tmp = NULL, *real = NULL;
  const char *dest = out;
  struct stat sb;
  int rc = CLI_OK, unnamed = 0;
  if (!out && xml_too_large(doc, in, format, wo, progress)) return CLI_INPUT;
  if (out) {
    int exists_ = lstat(out, &sb) == 0, absent = !exists_ && errno == ENOENT;
    if (exists_ && S_ISLNK(sb.st_mode) && named) { /* -o LINK: replace the link's target, keep the link */
      real = realpath(out, NULL);
      if (real) { dest = real; exists_ = stat(real, &sb) == 0; }
    } else if (exists_ && S_ISLNK(sb.st_mode)) {
      /* An output beside its input that is a symbolic link the user did
       * not name (planted, say, by an extracted archive): its target may be
       * anything, so the new file replaces the link itself (issue 16, item 5). */
      fprintf(stderr, "%sreader render: %s is a symbolic link; replacing the link, not its target\n", progress ? "\n" : "", out);
      exists_ = 0;
    }
    if (absent && (o.fd = open_unnamed(dest)) >= 0) {
      unnamed = 1;
      if (format == RD_OUTPUT_XML) o.limit = rd_input_limit(); /* stops the write; nothing is named */
    } else if (!exists_ || S_ISREG(sb.st_mode)) {
      const char *slash = strrchr(dest, '/');
      size_t dl = slash ? (size_t)(slash - dest + 1) : 0;
      tmp = malloc(dl + strlen(dest + dl) + sizeof ".~XXXXXX" + 1);
      if (!tmp) { free(real); fprintf(stderr, "reader render: out of memory\n"); return CLI_INPUT; }
      sprintf(tmp, "%.*s.%s~XXXXXX", (int)dl, dest, dest + dl);
      int fd = mkstemp(tmp);
      if (fd >= 0) track_tmp(tmp);
      if (fd < 0 && exists_ && (errno == EACCES || errno == EPERM || errno == EROFS) && access(dest, W_OK) == 0) {
        /* A writable file in a directory we may not add to: write it in
         * place (a failure can then leave it partial, as with any tool). */
        free(tmp);
        tmp = NULL;
        if (xml_too_large(doc, in, format, wo, progress)) { free(real); return CLI_INPUT; }
        if ((o.fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0) {
          fprintf(stderr, "%sreader render: cannot write %s: %s\n", progress ? "\n" : "", out, strerror(errno));
          free(real);
          return CLI_INPUT;
        }
        goto write;
      }
      if (fd < 0) {
        int e = errno;
        fprintf(stderr, "%sreader render: cannot write %s: %s\n", progress ? "\n" : "", out, strerror(e));
        free(tmp); free(real);
        return CLI_INPUT;
      }
      o.fd = fd;
      /* mkstemp makes 0600; an existing output keeps its mode, a new one gets the usual 0666 & ~umask. */
      mode_t mode = sb.st_mode & 07777;
      if (!exists_) {
        mode_t mask = umask(0);
        umask(mask);
        mode = 0666 & ~mask;
      }
      fchmod(fd, mode);
      if (format == RD_OUTPUT_XML) o.limit = rd_input_limit(); /* stops the write; the file is removed */
    } else if (xml_too_large(doc, in, format, wo, progress)) {
      free(real);
      return CLI_INPUT;
    } else if ((o.fd = open(dest, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666)) < 0) {
      fprintf(stderr, "%sreader render: cannot write %s: %s\n", progress ? "\n" : "", out, strerror(errno));
      free(real);
      return CLI_INPUT;
    }
  }
write:;
  rd_status st = put_view(v, format, wo, &o);
  int linked = 0;
  if (o.fd >= 0) {
    if (unnamed && !o.err && st >= 0) {
      if (link_unnamed(o.fd, dest) == 0) linked = 1;
      else o.err = errno;
    }
    if (close(o.fd) != 0 && !o.err) o.err = errno ? errno : EIO;
  } else if (fflush(stdout) != 0 && !o.err) {
    o.err = errno ? errno : EIO;
  }
  if (!o.err && st >= 0 && tmp && rename(tmp, dest) != 0) o.err = errno;
  if (progress && (st < 0 || o.err)) fprintf(stderr, "\r\033[K");
  if (o.too_big) {
    refuse_xml(in, o.limit, 0);
    rc = CLI_INPUT;
  } else if (o.err) {
    fprintf(stderr, "reader render: cannot write %s: %s\n", out ? out : "standard output", strerror(o.err));
    rc = CLI_INPUT;
  } else if (st < 0) { /* the document cannot be written in this format: name the article */
    fprintf(stderr, "reader render: %s: %s\n", in, rd_error_last()->message);
    rc = CLI_INPUT;
  }
  if (tmp && rc != CLI_OK) unlink(tmp); /* never leave a partial page behind */
  if (linked && rc != CLI_OK) unlink(dest); /* named, then closing failed */
  track_tmp(NULL);
  free(tmp);
  free(real);
  return rc;
}

/* ---- output files, relative to their directory -----------------------------
 * Each output's directory is opened once (O_PATH) and kept while the
 * following outputs go to the same one, so creating, naming and
 * replacing an output walks one path component instead of the whole
 * path (and /proc/self/fd/N), and a run over 3,000 articles into one
 * directory opens it once. An output is always first written as an
 * unnamed file there (O_TMPFILE, mode 0666 or the replaced file's mode,
 * both under the umask as for any new file), so neither a failure nor a
 * signal, SIGKILL included, can leave a partial file behind:
 *   - nothing at the name: linkat() gives it the name, and fails with
 *     EEXIST when something appeared there meanwhile, which is then
 *     stat'ed and replaced (or handed to the general path below);
 *   - a regular file (known from the check before the run): the unnamed
 *     file gets a temporary name (".NAME~PID.N": chosen here, no
 *     getrandom) only once complete, and renameat() puts it over the old
 *     one, so the name always holds a whole file; fchmod only when the
 *     umask would take bits off the old file's mode.
 * Anything else (a symbolic link, a device, a FIFO, a directory we may not
 * add to, a file system without O_TMPFILE) takes write_output_general(). */

/* What the check before the run learned about an output's name. */
typedef enum out_state {
  OUT_UNKNOWN = 0, /* not looked at, or not a plain case: the general path */
  OUT_ABSENT,      /* nothing at the name */
  OUT_REGULAR      /* a regular file (not a link), mode in out_info.mode */
} out_state;

typedef struct out_info {
  out_state state;
  mode_t mode;
} out_info;

static struct {
  char *path; /* the directory as the output paths spell it, with its '/' ("" for ".") */
  int fd;     /* O_PATH; -1: could not be opened */
  int no_tmpfile; /* O_TMPFILE failed there: not asked again */
} out_dir = {NULL, -1, 0};

static mode_t cur_umask;
static int umask_known;

static mode_t process_umask(void) {
  if (!umask_known) { /* read once: the command sets no umask while it runs */
    cur_umask = umask(0);
    umask(cur_umask);
    umask_known = 1;
  }
  return cur_umask;
}

static void out_dir_close(void) {
  if (out_dir.fd >= 0) close(out_dir.fd);
  free(out_dir.path);
  out_dir.path = NULL;
  out_dir.fd = -1;
  out_dir.no_tmpfile = 0;
}

/* The descriptor of path's directory (opened once while the outputs stay
 * in it) and path's last component in *base; -1 when it cannot be opened. */
static int out_dir_of(const char *path, const char **base) {
  const char *slash = strrchr(path, '/');
  size_t dl = slash ? (size_t)(slash - path) + 1 : 0; /* the directory with its '/': "a/", "/", "" */
  *base = path + dl;
  if (!**base) return -1; /* "dir/": no file name */
  if (out_dir.path && strlen(out_dir.path) == dl && !memcmp(out_dir.path, path, dl)) return out_dir.fd;
  out_dir_close();
  if (!(out_dir.path = malloc(dl + 1))) return -1;
  memcpy(out_dir.path, path, dl);
  out_dir.path[dl] = '\0';
  out_dir.fd = open(dl ? out_dir.path : ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  return out_dir.fd;
}

/* Look at an output's name before the run: its state for the write, and
 * whether it is the input itself (1). One fstatat() of the name relative
 * to its directory; the input is stat'ed only when the name exists. */
static int check_output(const char *out, const char *in, out_info *info) {
  const char *base;
  int dfd = out_dir_of(out, &base);
  struct stat so, si;
  info->state = OUT_UNKNOWN;
  if (dfd < 0) return same_file(out, in);
  if (fstatat(dfd, base, &so, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) info->state = OUT_ABSENT; /* nothing there: not the input */
    return 0;
  }
  if (S_ISLNK(so.st_mode)) return same_file(out, in);
  if (S_ISREG(so.st_mode)) {
    info->state = OUT_REGULAR;
    info->mode = so.st_mode & 07777;
  }
  return stat(in, &si) == 0 && si.st_dev == so.st_dev && si.st_ino == so.st_ino;
}

/* Give the unnamed file `fd` the name `base` in dfd. AT_EMPTY_PATH needs
 * no /proc (Linux 6.10 allows it for the file's own opener; before, only
 * with CAP_DAC_READ_SEARCH: then /proc/self/fd/N as before). */
static int link_at(int fd, int dfd, const char *base) {
  static int empty_path_ok = 1;
#ifdef AT_EMPTY_PATH
  if (empty_path_ok) {
    if (linkat(fd, "", dfd, base, AT_EMPTY_PATH) == 0) return 0;
    if (errno != ENOENT && errno != EPERM && errno != EINVAL) return -1;
    empty_path_ok = 0;
  }
#endif
  (void)empty_path_ok;
  char proc[64];
  snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
  return linkat(AT_FDCWD, proc, dfd, base, AT_SYMLINK_FOLLOW);
}

/* The unnamed file of a finished output, named: `base` when nothing was
 * there (*replaced 0), else over a regular file via a temporary name
 * (*replaced 1). 1: the general path must write it instead (the name
 * holds a link, a device or the like: the data here is dropped); 0:
 * done; -1: failed, errno set. fd is closed in every case. */
static int name_output(int fd, int dfd, const char *base, int replace) {
  if (!replace) {
    if (link_at(fd, dfd, base) == 0) {
      if (close(fd) == 0) return 0;
      int e = errno;
      unlinkat(dfd, base, 0); /* named, then closing failed: never a doubtful file */
      errno = e;
      return -1;
    }
    struct stat sb;
    if (errno != EEXIST) { int e = errno; close(fd); errno = e; return -1; }
    /* Something appeared at the name since the check: replace it like an
     * existing output, keeping its mode, if it is a plain file. */
    if (fstatat(dfd, base, &sb, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(sb.st_mode) || fchmod(fd, sb.st_mode & 07777) != 0) {
      close(fd);
      return 1;
    }
  }
  static long pid;
  static unsigned serial;
  if (!pid) pid = (long)getpid();
  char tmp[320];
  int rc = -1;
  for (int tries = 0; tries < 100; tries++) {
    if (snprintf(tmp, sizeof tmp, ".%s~%ld.%u", base, pid, serial++) >= (int)sizeof tmp) { errno = ENAMETOOLONG; break; }
    track_tmp_at(dfd, tmp);
    if (link_at(fd, dfd, tmp) == 0) { rc = 0; break; }
    track_tmp(NULL);
    if (errno != EEXIST) break; /* EEXIST: a leftover of an earlier run with our pid: the next serial */
  }
  int e = errno;
  if (close(fd) != 0 && rc == 0) { rc = -1; e = errno; }
  if (rc == 0 && renameat(dfd, tmp, dfd, base) != 0) { rc = -1; e = errno; }
  if (rc != 0 && sig_tmp_set) unlinkat(dfd, tmp, 0);
  track_tmp(NULL);
  errno = e;
  return rc;
}

/* Write one view to `out` (NULL: standard output); returns an exit code.
 * `info` is what the check before the run saw at the name: a name that
 * was free or held a regular file is written as an unnamed file in its
 * directory and named when complete (above); anything else, or a
 * directory where that cannot be done, goes to write_output_general(). */
static int write_output(const view_src *v, const char *in, rd_output format, const rd_write_options *wo, const char *out,
                        const out_info *info, int named, int progress) {
  const char *base;
  int dfd = out && info->state != OUT_UNKNOWN && !out_dir.no_tmpfile ? out_dir_of(out, &base) : -1;
  if (dfd < 0) return write_output_general(v, in, format, wo, out, named, progress);
  mode_t mask = process_umask(), mode = info->state == OUT_REGULAR ? info->mode : 0666;
  /* An existing output keeps its mode: given at creation when the umask
   * takes nothing off it (and it has no set-id or sticky bit). */
  int chmod_after = info->state == OUT_REGULAR && ((mode & mask) || (mode & 07000));
  int fd = openat(dfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, mode & 0777);
  if (fd < 0) {
    if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL) out_dir.no_tmpfile = 1; /* old kernel or file system */
    return write_output_general(v, in, format, wo, out, named, progress);
  }
  if (chmod_after && fchmod(fd, mode) != 0) {
    close(fd);
    return write_output_general(v, in, format, wo, out, named, progress);
  }
  sinkf o = {fd, 0, 0, format == RD_OUTPUT_XML ? rd_input_limit() : 0, 0}; /* XML past the limit: nothing is named */
  rd_status st = put_view(v, format, wo, &o);
  if (o.err || st < 0) {
    close(fd);
  } else {
    int n = name_output(fd, dfd, base, info->state == OUT_REGULAR);
    /* Something other than a regular file appeared at the name during the
     * run: a document is written again the general way; a stream was read
     * once and cannot be, so that is an error. */
    if (n > 0 && !v->stream) return write_output_general(v, in, format, wo, out, named, progress);
    if (n > 0) o.err = EEXIST;
    if (n < 0) o.err = errno ? errno : EIO;
  }
  if (progress && (st < 0 || o.err || o.too_big)) fprintf(stderr, "\r\033[K");
  if (o.too_big) {
    refuse_xml(in, o.limit, 0);
    return CLI_INPUT;
  }
  if (o.err) {
    fprintf(stderr, "reader render: cannot write %s: %s\n", out, strerror(o.err));
    return CLI_INPUT;
  }
  if (st < 0) { /* the document cannot be written in this format: name the article */
    fprintf(stderr, "reader render: %s: %s\n", in, rd_error_last()->message);
    return CLI_INPUT;
  }
  return CLI_OK;
}

/* One big plain-text article in a text view is read, annotated and written
 * a block at a time (rd_pipeline_stream_file: bounded memory, the same
 * bytes and warnings); from READER_STREAM_MIN bytes (1 MiB by default),
 * as smaller ones gain nothing. -1: not streamed (read it whole). */
static int render_streamed(rd_pipeline *p, const char *path, const rd_read_options *ro, const job *j,
                           const rd_write_options *wo, const char *out, const out_info *info) {
  struct stat sb;
  const char *min = getenv("READER_STREAM_MIN");
  long long least = min && *min ? atoll(min) : 1LL << 20;
  if ((j->format != RD_OUTPUT_TEXT && j->format != RD_OUTPUT_BRACKETS) || stat(path, &sb) != 0 ||
      (long long)sb.st_size < least)
    return -1;
  view_src v = {NULL, NULL};
  if (rd_pipeline_stream_file(&v.stream, p, path, ro) < 0) return cli_fail();
  if (!v.stream) return -1;
  int rc = write_output(&v, path, j->format, wo, out, info, out && j->out && !strcmp(out, j->out), 0);
  for (size_t k = 0; k < rd_stream_warning_count(v.stream); k++)
    fprintf(stderr, "%s: warning: %s\n", path, rd_stream_warning_at(v.stream, k));
  if (rc == CLI_OK && out) printf("wrote %s\n", out);
  rd_stream_free(v.stream);
  return rc;
}

/* What the batch callback needs: the job, the outputs, the exit status. */
typedef struct run {
  const job *j;
  rd_pipeline *p;
  const rd_write_options *wo;
  const char **files;
  char **outs;
  const out_info *infos; /* what each output's name held before the run */
  size_t nfiles;
  int progress, noted, no_glossary, rc;
} run;

/* Each article, in input order, as the pipeline finishes it: warnings,
 * summaries notes, then the output. */
static int on_doc(rd_doc *doc, rd_pairing *rep, size_t i, rd_status st, void *payload) {
  run *r = payload;
  const char *path = r->files[i];
  if (r->progress) fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, r->nfiles, path);
  if (st < 0) {
    if (r->progress) fprintf(stderr, "\r\033[K");
    r->rc = cli_fail();
    return 0;
  }
  if (r->progress && rd_doc_warning_count(doc)) fprintf(stderr, "\r\033[K"); /* warnings on their own lines */
  for (size_t k = 0; k < rd_doc_warning_count(doc); k++)
    fprintf(stderr, "%s: warning: %s\n", path, rd_doc_warning_at(doc, k));
  for (size_t k = 0; k < rd_pairing_item_count(rep); k++) {
    const rd_pairing_item *it = rd_pairing_item_at(rep, k);
    if (it->kind != RD_PAIRING_BY_HEADING) fprintf(stderr, "%s: note: %s\n", path, it->message);
  }
  rd_pairing_free(rep);
  if (!r->noted && !r->no_glossary && (r->j->format == RD_OUTPUT_HTML || r->j->format == RD_OUTPUT_VOCAB) &&
      rd_doc_token_count(doc)) {
    r->noted = 1; /* the default EDICT is not installed: say so once */
    if (!rd_pipeline_glossary(r->p))
      fprintf(stderr, "reader render: note: %s; words get no English (apt-get install edict)\n", rd_error_last()->message);
  }
  /* named: the user's own -o FILE (one input, not a directory) */
  int named = r->outs[i] && r->nfiles == 1 && r->j->out && !strcmp(r->outs[i], r->j->out);
  const view_src v = {doc, NULL};
  int wrc = write_output(&v, path, r->j->format, r->wo, r->outs[i], &r->infos[i], named, r->progress);
  if (wrc != CLI_OK) r->rc = wrc;
  else if (r->outs[i]) {
    if (r->progress) fprintf(stderr, "\r\033[K");
    fputs("wrote ", stdout); /* not printf: its formatting was 550 instructions a file */
    fputs(r->outs[i], stdout);
    putchar('\n');
  }
  rd_doc_free(doc);
  return 0;
}

int cmd_render(int argc, char **argv) {
  job j = {"html", RD_OUTPUT_HTML, NULL, NULL, 0, NULL, NULL, NULL, 0, RD_FORMAT_AUTO, 0u};
  const char *from = NULL;
  rd_pipeline_options po = RD_PIPELINE_OPTIONS_INIT;
  const char **files = calloc((size_t)argc, sizeof *files);
  size_t nfiles = 0;
  if (!files) { fprintf(stderr, "reader render: out of memory\n"); return CLI_INPUT; }
  int rc = CLI_OK;
  enum {
    OPT_FROM = CLI_OPT_COMMAND, OPT_SUMMARIES, OPT_NO_SUMMARIES, OPT_KNOWN, OPT_FURIGANA, OPT_GLOSSARY,
    OPT_NO_GLOSSARY, OPT_WHOLE_PAGE
  };
  static const struct option longopts[] = {
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"from", required_argument, NULL, OPT_FROM},
    {"summaries", required_argument, NULL, OPT_SUMMARIES},
    {"no-summaries", no_argument, NULL, OPT_NO_SUMMARIES},
    {"known", required_argument, NULL, OPT_KNOWN},
    {"furigana", required_argument, NULL, OPT_FURIGANA},
    {"glossary", required_argument, NULL, OPT_GLOSSARY},
    {"no-glossary", no_argument, NULL, OPT_NO_GLOSSARY},
    {"whole-page", no_argument, NULL, OPT_WHOLE_PAGE},
    CLI_PIPELINE_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = cli_getopt("render", argc, argv, ":hf:o:", longopts)) != -1) {
    switch (opt) {
    case 'h': help(); free(files); return CLI_OK;
    case 'f': j.format_name = optarg; break;
    case 'o': j.out = optarg; break;
    case OPT_FROM: from = optarg; break;
    case OPT_SUMMARIES: j.summaries = optarg; break;
    case OPT_NO_SUMMARIES: j.no_summaries = 1; break;
    case OPT_KNOWN: j.known_path = optarg; break;
    case OPT_FURIGANA: j.furigana = optarg; break;
    case OPT_GLOSSARY: j.glossary = optarg; break;
    case OPT_NO_GLOSSARY: j.no_glossary = 1; break;
    case OPT_WHOLE_PAGE: j.parse_flags |= RD_PARSE_WHOLE_PAGE; break;
    default: {
      int used = cli_pipeline_option(&po, "render", opt, optarg);
      if (used <= 0) { free(files); return used < 0 ? -used : CLI_USAGE; } /* '?': cli_getopt told why */
    }
    }
  }
  for (int i = optind; i < argc; i++) files[nfiles++] = argv[i];
  if (!nfiles) { free(files); return cli_usage("render", "FILE expected"); }
  if (from) {
    static const char *const names[] = {"auto", "text", "html", "xml", "lines"};
    size_t k = 0;
    while (k < 5 && strcmp(from, names[k])) k++;
    if (k == 5) { free(files); return cli_usage("render", "--from is auto, text, html, xml or lines, not '%s'", from); }
    j.from = (rd_format)k;
  }
  if (rd_output_from_name(&j.format, j.format_name) < 0) { free(files); return cli_usage("render", "%s", rd_error_last()->message); }
  if (j.summaries && nfiles > 1) { free(files); return cli_usage("render", "--summaries goes with one FILE (each article has its own)"); }
  if (j.summaries && j.no_summaries) { free(files); return cli_usage("render", "--summaries and --no-summaries together"); }
  if (j.glossary && j.no_glossary) { free(files); return cli_usage("render", "--glossary and --no-glossary together"); }
  int furigana = -1;
  if (j.furigana) {
    if (!strcmp(j.furigana, "all")) furigana = RD_FURIGANA_ALL;
    else if (!strcmp(j.furigana, "unknown")) furigana = RD_FURIGANA_UNKNOWN;
    else if (!strcmp(j.furigana, "none")) furigana = RD_FURIGANA_NONE;
    else { free(files); return cli_usage("render", "--furigana is all, unknown or none, not '%s'", j.furigana); }
  }
  po.known = j.known_path;
  po.glossary = j.glossary;
  if (j.no_glossary) po.flags |= RD_PIPELINE_NO_GLOSSARY;
  if (j.no_summaries) po.flags |= RD_PIPELINE_NO_SUMMARIES;
  rd_pipeline *p = NULL;
  rd_write_options wo;
  /* Where each output goes; NULL means standard output. */
  char **outs = calloc(nfiles, sizeof *outs);
  out_info *infos = NULL;
  if (!outs) { free(files); return CLI_INPUT; }
  int multi = nfiles > 1;
  if (multi && j.out && !strcmp(j.out, "-")) {
    free(files); free(outs);
    return cli_usage("render", "-o - (standard output) takes one FILE; with several, -o names a directory");
  }
  /* A directory this run creates holds no input: no output in it can be
   * one (no stat per output to check). */
  int fresh_dir = 0;
  if (multi && j.out && !is_dir(j.out)) {
    if (mkdir(j.out, 0777) != 0) {
      fprintf(stderr, "reader render: cannot create directory %s: %s\n", j.out, strerror(errno));
      free(files); free(outs);
      return CLI_INPUT;
    }
    fresh_dir = 1;
  }
  for (size_t i = 0; i < nfiles; i++) {
    if (!multi && (!j.out || !strcmp(j.out, "-"))) continue;
    if (!multi && !is_dir(j.out)) outs[i] = str_copy(j.out);
    else outs[i] = output_path(files[i], j.out, j.format);
    if (!outs[i]) { fprintf(stderr, "reader render: out of memory\n"); rc = CLI_INPUT; goto done; }
  }
  /* Two inputs with one output name: found by sorting (comparing every pair
   * was 9 % of a 3,000-article run's instructions); reported, as before,
   * at the first input in order that repeats an earlier one's output. */
  size_t *dup_of = multi ? dup_outputs(outs, nfiles) : NULL;
  if (multi && !dup_of) { fprintf(stderr, "reader render: out of memory\n"); rc = CLI_INPUT; goto done; }
  /* Each output's name looked at once, relative to its directory (which
   * the write then uses): nothing there (in a directory this run made,
   * without a look), a regular file, or something for the general path. */
  infos = calloc(nfiles, sizeof *infos);
  if (!infos) { fprintf(stderr, "reader render: out of memory\n"); rc = CLI_INPUT; free(dup_of); goto done; }
  for (size_t i = 0; i < nfiles; i++) {
    if (outs[i] && fresh_dir) infos[i].state = OUT_ABSENT;
    if (outs[i] && !fresh_dir && check_output(outs[i], files[i], &infos[i])) {
      rc = cli_usage("render", "the output %s is the input itself; choose another -o", outs[i]);
      free(dup_of);
      goto done;
    }
    if (dup_of && dup_of[i] != i) {
      rc = cli_usage("render", "%s and %s would both be written to %s; render them separately", files[dup_of[i]], files[i],
                     outs[i]);
      free(dup_of);
      goto done;
    }
  }
  free(dup_of);
  watch_signals();
  if ((rc = cli_pipeline_new(&p, "render", &po)) != CLI_OK) goto done;
  rd_pipeline_write_options(&wo, p);
  if (furigana >= 0) wo.furigana = (rd_furigana)furigana;
  /* All articles through the pipeline at once: in parallel across
   * articles, written in input order. */
  rd_batch_input *inputs = calloc(nfiles, sizeof *inputs);
  if (!inputs) { fprintf(stderr, "reader render: out of memory\n"); rc = CLI_INPUT; goto done; }
  for (size_t i = 0; i < nfiles; i++) inputs[i].path = files[i];
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.summaries = j.summaries;
  ro.format = j.from;
  ro.parse_flags = j.parse_flags;
  /* Text views show no gloss and no alternative reading: do not load EDICT
   * for them, nor parse heteronyms' sentences a second time. */
  if (j.format != RD_OUTPUT_HTML && j.format != RD_OUTPUT_XML && j.format != RD_OUTPUT_JSON &&
      j.format != RD_OUTPUT_VOCAB)
    ro.stages &= ~(RD_STAGE_GLOSS | RD_STAGE_WORDS | RD_STAGE_ALTERNATIVES);
  if (nfiles == 1 && (rc = render_streamed(p, files[0], &ro, &j, &wo, outs[0], &infos[0])) >= 0) { free(inputs); goto done; }
  rc = CLI_OK;
  run r = {&j, p, &wo, files, outs, infos, nfiles, multi && isatty(2), 0, j.no_glossary, CLI_OK};
  if (rd_pipeline_read_batch(p, inputs, nfiles, &ro, on_doc, &r) < 0) r.rc = cli_fail();
  free(inputs);
  if (r.progress) fprintf(stderr, "\r\033[K");
  rc = r.rc;
done:
  rd_pipeline_free(p);
  out_dir_close();
  free(infos);
  for (size_t i = 0; i < nfiles; i++) free(outs[i]);
  free(outs);
  free(files);
  return rc;
}
