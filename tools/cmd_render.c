/* `reader render FILE...`: parse, annotate, attach summaries and glosses,
 * and write one view per article (the reader page by default). */
#define _XOPEN_SOURCE 700 /* mkstemp, fchmod, realpath, lstat, fileno */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static void help(void) {
  printf("usage: reader render FILE... [--format FORMAT] [-o OUT] [--summaries FILE | --no-summaries]\n"
         "                     [--known FILE] [--furigana all|unknown|none]\n"
         "                     [--glossary PATH | --no-glossary] [--dictionary DIR] [--threads N]\n"
         "                     [--whole-page]  (HTML: keep navigation etc., not only the article)\n\n"
         "Reads each article (text, HTML or libreader XML), segments it with MeCab,\n"
         "adds furigana, English summaries and glosses, and writes it as FORMAT:\n"
         "  html      the reader page: one self-contained file (default)\n"
         "  xml       lossless XML (read back by any reader command)\n"
         "  json      the same content as JSON\n"
         "  text      plain text          brackets  text with furigana: 盗[ぬす]まれた\n"
         "  hiragana  text in hiragana     romaji    text in Hepburn romaji\n"
         "  vocab     vocabulary TSV for Anki: lemma, reading, gloss, sentence, section\n\n"
         "Output: with one FILE, -o names the output file (a directory: the file goes\n"
         "into it); without -o it goes to standard output. With several FILEs, -o names\n"
         "a directory (created if missing); without -o each output goes next to its\n"
         "input. Output names: the input's name with its last extension replaced\n"
         "(article.ja.txt -> article.ja.html; .text.txt, .brackets.txt, .hiragana.txt,\n"
         ".romaji.txt, .xml, .json, .tsv for vocab). An input is never overwritten;\n"
         "an earlier output is replaced only once the new one is complete.\n"
         "Each written file is reported on standard output.\n\n"
         "Summaries: --summaries FILE (one FILE only); by default summaries.en.xml\n"
         "beside the article is used when it exists (--no-summaries: never).\n"
         "Known words: --known FILE, one lemma a line (# comments); those words get\n"
         "no furigana (--furigana unknown is then the default) and no gloss.\n"
         "Glosses: EDICT from " RD_GLOSSARY_DEFAULT_PATH " (Debian package edict) when it\n"
         "exists, or --glossary PATH. XML input that already has tokens is not\n"
         "analysed again, so it renders without MeCab.\n"
         "Threads: --threads N annotates each article with N threads (default: the\n"
         "available cores; 1: this thread only); the output is the same for any N.\n");
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
  const char *dictionary;
  unsigned threads; /* annotation threads; 0: available cores */
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
  }
  return ".out";
}

static int is_dir(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

static int exists(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
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

static int same_file(const char *a, const char *b) {
  struct stat sa, sb;
  return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The open output and the first write error (errno) for the message. */
typedef struct sinkf {
  FILE *f;
  int err;
} sinkf;

static int write_file(const char *data, size_t len, void *payload) {
  sinkf *o = payload;
  if (fwrite(data, 1, len, o->f) == len) return 0;
  o->err = errno ? errno : EIO;
  return -1;
}

/* Write one view to `out` (NULL: standard output); returns an exit code.
 * A regular file (new or existing) is written to a temporary file beside
 * it and renamed over it only when complete, so a failed write (full disk,
 * file size limit) leaves no partial page and the previous output intact.
 * Anything else (a device such as /dev/full, a FIFO) is written in place
 * and never removed. */
static int write_output(const rd_doc *doc, const char *in, rd_output format, const rd_write_options *wo, const char *out,
                        int progress) {
  sinkf o = {stdout, 0};
  char *tmp = NULL, *real = NULL;
  const char *dest = out;
  struct stat sb;
  int rc = CLI_OK;
  if (out) {
    int exists_ = lstat(out, &sb) == 0;
    if (exists_ && S_ISLNK(sb.st_mode)) { /* replace the link's target, keep the link */
      real = realpath(out, NULL);
      if (real) { dest = real; exists_ = stat(real, &sb) == 0; }
    }
    if (!exists_ || S_ISREG(sb.st_mode)) {
      const char *slash = strrchr(dest, '/');
      size_t dl = slash ? (size_t)(slash - dest + 1) : 0;
      tmp = malloc(dl + strlen(dest + dl) + sizeof ".~XXXXXX" + 1);
      if (!tmp) { free(real); fprintf(stderr, "reader render: out of memory\n"); return CLI_INPUT; }
      sprintf(tmp, "%.*s.%s~XXXXXX", (int)dl, dest, dest + dl);
      int fd = mkstemp(tmp);
      if (fd < 0 && exists_ && (errno == EACCES || errno == EPERM || errno == EROFS) && access(dest, W_OK) == 0) {
        /* A writable file in a directory we may not add to: write it in
         * place (a failure can then leave it partial, as with any tool). */
        free(tmp);
        tmp = NULL;
        if (!(o.f = fopen(dest, "wb"))) {
          fprintf(stderr, "%sreader render: cannot write %s: %s\n", progress ? "\n" : "", out, strerror(errno));
          free(real);
          return CLI_INPUT;
        }
        goto write;
      }
      if (fd < 0 || !(o.f = fdopen(fd, "wb"))) {
        int e = errno;
        if (fd >= 0) { close(fd); unlink(tmp); }
        fprintf(stderr, "%sreader render: cannot write %s: %s\n", progress ? "\n" : "", out, strerror(e));
        free(tmp); free(real);
        return CLI_INPUT;
      }
      mode_t mask = umask(0);
      umask(mask);
      /* mkstemp makes 0600; an existing output keeps its mode, a new one gets the usual 0666 & ~umask. */
      fchmod(fd, exists_ ? (sb.st_mode & 07777) : (0666 & ~mask));
    } else if (!(o.f = fopen(dest, "wb"))) {
      fprintf(stderr, "%sreader render: cannot write %s: %s\n", progress ? "\n" : "", out, strerror(errno));
      free(real);
      return CLI_INPUT;
    }
  }
write:;
  rd_status st = rd_doc_write(doc, format, write_file, &o, wo);
  if (o.f != stdout) {
    if (fflush(o.f) != 0 && !o.err) o.err = errno ? errno : EIO;
    if (fclose(o.f) != 0 && !o.err) o.err = errno ? errno : EIO;
  } else if (fflush(stdout) != 0 && !o.err) {
    o.err = errno ? errno : EIO;
  }
  if (!o.err && st >= 0 && tmp && rename(tmp, dest) != 0) o.err = errno;
  if (progress && (st < 0 || o.err)) fprintf(stderr, "\r\033[K");
  if (o.err) {
    fprintf(stderr, "reader render: cannot write %s: %s\n", out ? out : "standard output", strerror(o.err));
    rc = CLI_INPUT;
  } else if (st < 0) { /* the document cannot be written in this format: name the article */
    fprintf(stderr, "reader render: %s: %s\n", in, rd_error_last()->message);
    rc = CLI_INPUT;
  }
  if (tmp && rc != CLI_OK) unlink(tmp); /* never leave a partial page behind */
  free(tmp);
  free(real);
  return rc;
}

static int has_tokens(const rd_doc *doc) { return rd_doc_token_count(doc) > 0; }

/* Everything but writing: parse, annotate, summaries, glosses. */
static rd_doc *prepare(const char *path, const job *j, rd_analyzer **an, rd_glossary **gl, int *gl_tried, int progress) {
  rd_doc *doc;
  rd_parse_options po = RD_PARSE_OPTIONS_INIT;
  po.flags = j->parse_flags;
  if (rd_doc_parse_file(&doc, path, &po) < 0) return NULL;
  if (progress && rd_doc_warning_count(doc)) fprintf(stderr, "\r\033[K"); /* warnings on their own lines */
  for (size_t i = 0; i < rd_doc_warning_count(doc); i++)
    fprintf(stderr, "%s: warning: %s\n", path, rd_doc_warning_at(doc, i));
  if (!has_tokens(doc)) {
    if (!*an) {
      rd_analyzer_options ao = RD_ANALYZER_OPTIONS_INIT;
      ao.dictionary = j->dictionary;
      if (rd_analyzer_new(an, &ao) < 0) { *an = NULL; rd_doc_free(doc); return NULL; }
    }
    rd_annotate_options ao = RD_ANNOTATE_OPTIONS_INIT;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    ao.threads = j->threads ? j->threads : cores > 0 ? (unsigned)cores : 1u;
    if (rd_doc_annotate(doc, *an, &ao) < 0) { rd_doc_free(doc); return NULL; }
  }
  const char *sum = j->summaries;
  char *auto_sum = NULL;
  if (!sum && !j->no_summaries) {
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path + 1) : 0;
    auto_sum = malloc(dl + sizeof "summaries.en.xml");
    if (auto_sum) {
      sprintf(auto_sum, "%.*ssummaries.en.xml", (int)dl, path);
      if (exists(auto_sum)) sum = auto_sum;
    }
  }
  if (sum) {
    rd_pairing *rep = NULL;
    if (rd_doc_load_summaries(doc, sum, NULL, &rep) < 0) { free(auto_sum); rd_doc_free(doc); return NULL; }
    for (size_t i = 0; i < rd_pairing_item_count(rep); i++) {
      const rd_pairing_item *it = rd_pairing_item_at(rep, i);
      if (it->kind != RD_PAIRING_BY_HEADING) fprintf(stderr, "%s: note: %s\n", sum, it->message);
    }
    rd_pairing_free(rep);
  }
  free(auto_sum);
  if (!j->no_glossary) {
    if (!*gl && !*gl_tried) {
      *gl_tried = 1;
      const char *gp = j->glossary ? j->glossary : RD_GLOSSARY_DEFAULT_PATH;
      if (rd_glossary_new(gl, gp) < 0) {
        *gl = NULL;
        if (j->glossary) { rd_doc_free(doc); return NULL; }
        fprintf(stderr, "reader render: note: %s; words get no English (apt-get install edict)\n", rd_error_last()->message);
      }
    }
    if (*gl && rd_doc_gloss(doc, *gl) < 0) { rd_doc_free(doc); return NULL; }
  }
  return doc;
}

int cmd_render(int argc, char **argv) {
  job j = {"html", RD_OUTPUT_HTML, NULL, NULL, 0, NULL, NULL, NULL, 0, NULL, 0, 0};
  const char *threads = NULL;
  const char **files = calloc((size_t)argc, sizeof *files);
  size_t nfiles = 0;
  if (!files) { fprintf(stderr, "reader render: out of memory\n"); return CLI_INPUT; }
  int rc = CLI_OK;
#define VALUE(dst)                                                                       \
  do {                                                                                   \
    if (i + 1 >= argc) { free(files); return cli_usage("render", "%s needs a value", a); } \
    dst = argv[++i];                                                                     \
  } while (0)
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is_help(a)) { help(); free(files); return CLI_OK; }
    else if (!strcmp(a, "--format") || !strcmp(a, "-f")) VALUE(j.format_name);
    else if (!strcmp(a, "-o") || !strcmp(a, "--output")) VALUE(j.out);
    else if (!strcmp(a, "--summaries")) VALUE(j.summaries);
    else if (!strcmp(a, "--no-summaries")) j.no_summaries = 1;
    else if (!strcmp(a, "--known")) VALUE(j.known_path);
    else if (!strcmp(a, "--furigana")) VALUE(j.furigana);
    else if (!strcmp(a, "--glossary")) VALUE(j.glossary);
    else if (!strcmp(a, "--no-glossary")) j.no_glossary = 1;
    else if (!strcmp(a, "--whole-page")) j.parse_flags |= RD_PARSE_WHOLE_PAGE;
    else if (!strcmp(a, "--dictionary")) VALUE(j.dictionary);
    else if (!strcmp(a, "--threads")) VALUE(threads);
    else if (a[0] == '-' && a[1]) { free(files); return cli_usage("render", "unknown option '%s'", a); }
    else files[nfiles++] = a;
  }
#undef VALUE
  if (!nfiles) { free(files); return cli_usage("render", "FILE expected"); }
  if (threads) {
    char *end;
    unsigned long n = strtoul(threads, &end, 10);
    if (*threads < '0' || *threads > '9' || *end || n < 1 || n > 64) {
      free(files);
      return cli_usage("render", "--threads is a number from 1 to 64, not '%s'", threads);
    }
    j.threads = (unsigned)n;
  }
  if (rd_output_from_name(&j.format, j.format_name) < 0) { free(files); return cli_usage("render", "%s", rd_error_last()->message); }
  if (j.summaries && nfiles > 1) { free(files); return cli_usage("render", "--summaries goes with one FILE (each article has its own)"); }
  if (j.summaries && j.no_summaries) { free(files); return cli_usage("render", "--summaries and --no-summaries together"); }
  if (j.glossary && j.no_glossary) { free(files); return cli_usage("render", "--glossary and --no-glossary together"); }
  rd_write_options wo = RD_WRITE_OPTIONS_INIT;
  if (j.known_path) wo.furigana = RD_FURIGANA_UNKNOWN;
  if (j.furigana) {
    if (!strcmp(j.furigana, "all")) wo.furigana = RD_FURIGANA_ALL;
    else if (!strcmp(j.furigana, "unknown")) wo.furigana = RD_FURIGANA_UNKNOWN;
    else if (!strcmp(j.furigana, "none")) wo.furigana = RD_FURIGANA_NONE;
    else { free(files); return cli_usage("render", "--furigana is all, unknown or none, not '%s'", j.furigana); }
  }
  /* Where each output goes; NULL means standard output. */
  char **outs = calloc(nfiles, sizeof *outs);
  if (!outs) { free(files); return CLI_INPUT; }
  int multi = nfiles > 1;
  if (multi && j.out && !strcmp(j.out, "-")) {
    free(files); free(outs);
    return cli_usage("render", "-o - (standard output) takes one FILE; with several, -o names a directory");
  }
  if (multi && j.out && !is_dir(j.out) && mkdir(j.out, 0777) != 0) {
    fprintf(stderr, "reader render: cannot create directory %s: %s\n", j.out, strerror(errno));
    free(files); free(outs);
    return CLI_INPUT;
  }
  for (size_t i = 0; i < nfiles; i++) {
    if (!multi && (!j.out || !strcmp(j.out, "-"))) continue;
    if (!multi && !is_dir(j.out)) outs[i] = str_copy(j.out);
    else outs[i] = output_path(files[i], j.out, j.format);
    if (!outs[i]) { fprintf(stderr, "reader render: out of memory\n"); rc = CLI_INPUT; goto done; }
    if (outs[i] && same_file(outs[i], files[i])) {
      rc = cli_usage("render", "the output %s is the input itself; choose another -o", outs[i]);
      goto done;
    }
    for (size_t k = 0; k < i && outs[i]; k++)
      if (outs[k] && !strcmp(outs[k], outs[i])) {
        rc = cli_usage("render", "%s and %s would both be written to %s; render them separately", files[k], files[i], outs[i]);
        goto done;
      }
  }
  rd_known *known = NULL;
  if (j.known_path && rd_known_load(&known, j.known_path) < 0) { rc = cli_fail(); goto done; }
  wo.known = known;
  rd_analyzer *an = NULL;
  rd_glossary *gl = NULL;
  int gl_tried = 0, progress = multi && isatty(2);
  for (size_t i = 0; i < nfiles; i++) {
    if (progress) fprintf(stderr, "\r\033[K[%zu/%zu] %s", i + 1, nfiles, files[i]);
    rd_doc *doc = prepare(files[i], &j, &an, &gl, &gl_tried, progress);
    if (!doc) {
      if (progress) fprintf(stderr, "\r\033[K");
      rc = cli_fail();
      continue;
    }
    int wrc = write_output(doc, files[i], j.format, &wo, outs[i], progress);
    if (wrc != CLI_OK) rc = wrc;
    else if (outs[i]) {
      if (progress) fprintf(stderr, "\r\033[K");
      printf("wrote %s\n", outs[i]);
    }
    rd_doc_free(doc);
  }
  if (progress) fprintf(stderr, "\r\033[K");
  rd_glossary_free(gl);
  rd_analyzer_free(an);
  rd_known_free(known);
done:
  for (size_t i = 0; i < nfiles; i++) free(outs[i]);
  free(outs);
  free(files);
  return rc;
}
