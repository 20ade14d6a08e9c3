/* bench: libreader against the MeCab C API on inputs of ~100 KB, 1 MB and
 * 10 MB made by repeating the corpus article's paragraphs. Every figure is
 * one fresh process (fork + exec of this program in a measuring mode), so
 * its wall time and peak RSS (wait4's ru_maxrss) are its own; the parent
 * stays small and loads nothing. Printed as ratios to MeCab alone.
 * Not a test: run by hand through bench/run.sh (see --help). */
#define _GNU_SOURCE /* wait4, getline */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <mecab.h>
#include <reader.h>

#ifndef READER_SOURCE_DIR
#define READER_SOURCE_DIR "."
#endif
#ifndef READER_BINARY_DIR
#define READER_BINARY_DIR "."
#endif

static void usage(FILE *f) {
  fprintf(f,
          "usage: bench [-n REPS] [--sizes 100k,1m,10m] [--dir DIR] [--threads N]\n"
          "             [--python PYTHONPATH | --no-python] [--reader PATH] [--big MB] [-v]\n"
          "       bench --run MODE FILE [THREADS]\n\n"
          "Compares libreader with the MeCab C API on generated inputs (the corpus\n"
          "article's paragraphs repeated to each size, written to DIR, default\n"
          "/tmp/reader-bench). Each figure is a separate process: the fastest wall\n"
          "and CPU time of REPS runs (default 3) and the peak RSS, with ratios to\n"
          "MeCab alone.\n"
          "Rows: mecab (MeCab C API: parse every line, walk the nodes, read each\n"
          "feature), parse (libreader reader only), annotate (parse + MeCab + readings\n"
          "+ furigana), xml / html (annotate + that view), python (the binding,\n"
          "annotate and read every token's surface and reading), render (the `reader\n"
          "render` command: page with glosses); 1 and --threads N (default 2) threads.\n"
          "Then start-up (`reader outline` / `reader render` of an empty file, mean of\n"
          "30 runs) and, with --big MB, one MB-sized input for linearity and memory.\n"
          "--run runs one measurement in this process: MODE is mecab, parse,\n"
          "annotate, xml or html.\n");
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *b = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (!b || fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); fclose(f); return NULL; }
  fclose(f);
  b[n] = '\0';
  *len = (size_t)n;
  return b;
}

/* ---- measuring modes (each in a fresh process) ---------------------------- */

/* MeCab alone: what a program using MeCab directly does with the file:
 * read it line by line, parse each line, walk the nodes and read each
 * feature string. */
static int run_mecab(const char *file) {
  char *argv[] = {(char *)"bench", NULL};
  mecab_model_t *model = mecab_model_new(1, argv);
  if (!model) { fprintf(stderr, "bench: MeCab: %s\n", mecab_strerror(NULL)); return 1; }
  mecab_t *tg = mecab_model_new_tagger(model);
  mecab_lattice_t *lat = mecab_model_new_lattice(model);
  FILE *f = fopen(file, "r");
  if (!tg || !lat || !f) { fprintf(stderr, "bench: cannot start MeCab on %s\n", file); return 1; }
  char *line = NULL;
  size_t cap = 0, nodes = 0, bytes = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) > 0) {
    if (line[n - 1] == '\n') line[--n] = '\0';
    if (!n) continue;
    mecab_lattice_set_sentence2(lat, line, (size_t)n);
    if (!mecab_parse_lattice(tg, lat)) { fprintf(stderr, "bench: %s\n", mecab_lattice_strerror(lat)); return 1; }
    for (const mecab_node_t *m = mecab_lattice_get_bos_node(lat); m; m = m->next) {
      if (m->stat == MECAB_BOS_NODE || m->stat == MECAB_EOS_NODE) continue;
      nodes++;
      bytes += strlen(m->feature) + m->length;
    }
  }
  free(line);
  fclose(f);
  mecab_lattice_destroy(lat);
  mecab_destroy(tg);
  mecab_model_destroy(model);
  fprintf(stderr, "mecab: %zu nodes, %zu feature+surface bytes\n", nodes, bytes);
  return 0;
}

static int fail(const char *what) {
  fprintf(stderr, "bench: %s: %s\n", what, rd_error_last()->message);
  return 1;
}

/* libreader: parse + annotate (readings, furigana), then optionally one view. */
static int run_reader(const char *mode, const char *file, unsigned threads) {
  rd_analyzer *an = NULL;
  rd_doc *doc;
  int annotate = strcmp(mode, "parse") != 0;
  if (annotate && rd_analyzer_new(&an, NULL) < 0) return fail("analyzer");
  if (rd_doc_parse_file(&doc, file, NULL) < 0) return fail(file);
  if (annotate) {
    rd_annotate_options ao = RD_ANNOTATE_OPTIONS_INIT;
    ao.threads = threads;
    if (rd_doc_annotate(doc, an, &ao) < 0) return fail("annotate");
  }
  char *out = NULL;
  size_t len = 0;
  rd_status st = RD_OK;
  if (!strcmp(mode, "xml")) st = rd_doc_to_xml(&out, &len, doc, NULL);
  else if (!strcmp(mode, "html")) st = rd_doc_to_html(&out, &len, doc, NULL);
  if (st < 0) return fail(mode);
  fprintf(stderr, "%s: %zu sentences, %zu tokens, %zu output bytes\n", mode, rd_doc_sentence_count(doc),
          rd_doc_token_count(doc), len);
  rd_free(out);
  rd_doc_free(doc);
  rd_analyzer_free(an);
  return 0;
}

static int run_mode(const char *mode, const char *file, unsigned threads) {
  if (!strcmp(mode, "mecab")) return run_mecab(file);
  if (!strcmp(mode, "parse") || !strcmp(mode, "annotate") || !strcmp(mode, "xml") || !strcmp(mode, "html"))
    return run_reader(mode, file, threads);
  fprintf(stderr, "bench: unknown mode %s\n", mode);
  return 2;
}

/* ---- measuring ------------------------------------------------------------ */

typedef struct sample {
  double wall, cpu; /* seconds */
  long rss_kb;      /* peak resident set */
  int ok;
} sample;

static int verbose;

/* Run argv in a fresh process (output to /dev/null; stderr too unless -v):
 * its own wall time, CPU time and peak RSS. */
static sample measure(char *const argv[], const char *pythonpath) {
  sample s = {0, 0, 0, 0};
  fflush(stdout);
  double t0 = now();
  pid_t pid = fork();
  if (pid < 0) return s;
  if (pid == 0) {
    if (pythonpath) setenv("PYTHONPATH", pythonpath, 1);
    int devnull = open("/dev/null", O_WRONLY);
    if (devnull >= 0) {
      dup2(devnull, 1);
      if (!verbose) dup2(devnull, 2);
    }
    execv(argv[0], argv);
    _exit(127);
  }
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid) return s;
  s.wall = now() - t0;
  s.cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
          (double)ru.ru_stime.tv_usec / 1e6;
  s.rss_kb = ru.ru_maxrss;
  s.ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  return s;
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* Fastest wall / CPU time and the largest peak RSS of `reps` runs: the
 * machine may be shared, and interference only ever adds time. */
static sample measure_reps(char *const argv[], const char *pythonpath, int reps) {
  double walls[64] = {0}, cpus[64] = {0};
  sample r = {0, 0, 0, 1};
  if (reps > 64) reps = 64;
  for (int i = 0; i < reps; i++) {
    sample s = measure(argv, pythonpath);
    if (!s.ok) { r.ok = 0; return r; }
    walls[i] = s.wall;
    cpus[i] = s.cpu;
    if (s.rss_kb > r.rss_kb) r.rss_kb = s.rss_kb;
  }
  qsort(walls, (size_t)reps, sizeof *walls, cmp_double);
  qsort(cpus, (size_t)reps, sizeof *cpus, cmp_double);
  r.wall = walls[0];
  r.cpu = cpus[0];
  return r;
}

/* ---- inputs ------------------------------------------------------------------ */

/* The article's body paragraphs (lines with a 。 and some length), citation
 * markers [N] removed, blank-line separated; repeated after its title line
 * until `size` bytes. Written once per size and reused. */
static int make_input(const char *path, size_t size) {
  struct stat sb;
  if (stat(path, &sb) == 0 && (size_t)sb.st_size >= size && (size_t)sb.st_size < size + 4096) return 0;
  size_t len;
  char *src = slurp(READER_SOURCE_DIR "/corpus/dmm-bitcoin-2024/article.ja.txt", &len);
  if (!src) { fprintf(stderr, "bench: cannot read the corpus article under %s\n", READER_SOURCE_DIR); return -1; }
  char *body = malloc(len + 1), *title = NULL;
  size_t blen = 0;
  for (char *line = src, *end; line < src + len; line = end + 1) {
    end = strchr(line, '\n');
    if (!end) end = src + len;
    size_t n = (size_t)(end - line);
    if (!title) { title = strndup(line, n); continue; }
    if (n < 150 || !memmem(line, n, "。", strlen("。"))) continue;
    for (size_t i = 0; i < n; i++) {
      if (line[i] == '[') {
        size_t k = i + 1;
        while (k < n && line[k] >= '0' && line[k] <= '9') k++;
        if (k > i + 1 && k < n && line[k] == ']') { i = k; continue; }
      }
      body[blen++] = line[i];
    }
    body[blen++] = '\n';
    body[blen++] = '\n';
  }
  FILE *f = fopen(path, "wb");
  if (!f || !title || !blen) { fprintf(stderr, "bench: cannot write %s\n", path); free(src); free(body); free(title); if (f) fclose(f); return -1; }
  size_t written = (size_t)fprintf(f, "%s\n\n", title);
  while (written < size) written += fwrite(body, 1, blen, f);
  int rc = fclose(f) == 0 ? 0 : -1;
  free(src);
  free(body);
  free(title);
  return rc;
}

static size_t parse_size(const char *s) {
  char *end;
  double v = strtod(s, &end);
  if (*end == 'k' || *end == 'K') v *= 1024;
  else if (*end == 'm' || *end == 'M') v *= 1024 * 1024;
  return (size_t)v;
}

static void machine(void) {
  char model[256] = "?";
  FILE *f = fopen("/proc/cpuinfo", "r");
  char line[512];
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "model name", 10)) {
      char *c = strchr(line, ':');
      if (c) snprintf(model, sizeof model, "%s", c + 2);
      model[strcspn(model, "\n")] = '\0';
      break;
    }
  if (f) fclose(f);
  time_t t = time(NULL);
  char date[64];
  strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&t));
  printf("machine: %ld cores (nproc), %s; %s; MeCab %s; libreader %s\n", sysconf(_SC_NPROCESSORS_ONLN), model,
         date, mecab_version(), rd_version());
}

/* ---- the table ------------------------------------------------------------------ */

typedef struct opts {
  int reps;
  const char *dir;
  unsigned threads;
  const char *python; /* PYTHONPATH of the binding, or NULL */
  const char *reader; /* the reader command */
  double big_mb;
} opts;

static char self[4096];

static void row(const char *size, const char *what, unsigned threads, sample s, sample base) {
  if (!s.ok) { printf("| %-6s | %-30s | %2u | failed (run with -v) |\n", size, what, threads); return; }
  printf("| %-6s | %-30s | %2u | %7.3f | %6.3f | %5.2fx | %7.1f | %5.2fx |\n", size, what, threads, s.wall, s.cpu,
         base.ok ? s.wall / base.wall : 0.0, (double)s.rss_kb / 1024.0,
         base.ok ? (double)s.rss_kb / (double)base.rss_kb : 0.0);
  fflush(stdout);
}

static void header(void) {
  printf("| input  | what                           | th | wall s  | cpu s  | ×MeCab | RSS MB  | ×MeCab |\n"
         "|--------|--------------------------------|----|---------|--------|--------|---------|--------|\n");
}

static sample run_self(const char *mode, const char *file, unsigned threads, int reps) {
  char th[16];
  snprintf(th, sizeof th, "%u", threads);
  char *argv[] = {self, (char *)"--run", (char *)mode, (char *)file, th, NULL};
  return measure_reps(argv, NULL, reps);
}

static sample run_python(const opts *o, const char *file, unsigned threads, int reps) {
  char th[16];
  snprintf(th, sizeof th, "%u", threads);
  char *argv[] = {(char *)"/usr/bin/python3", (char *)READER_SOURCE_DIR "/bench/bench.py", (char *)file, th, NULL};
  return measure_reps(argv, o->python, reps);
}

static sample run_render(const opts *o, const char *file, unsigned threads, int reps) {
  char th[16];
  snprintf(th, sizeof th, "%u", threads);
  char *argv[] = {(char *)o->reader, (char *)"render", (char *)file, (char *)"--no-summaries",
                  (char *)"--threads", th, NULL};
  return measure_reps(argv, NULL, reps);
}

static void table_for(const opts *o, const char *label, const char *file) {
  sample base = run_self("mecab", file, 1, o->reps);
  row(label, "MeCab C API alone", 1, base, base);
  row(label, "parse (no MeCab)", 1, run_self("parse", file, 1, o->reps), base);
  unsigned ths[2] = {1, o->threads};
  static const char *const modes[][2] = {
    {"annotate", "parse + annotate + furigana"}, {"xml", "  + XML out"}, {"html", "  + HTML page"}};
  for (size_t m = 0; m < 3; m++)
    for (int t = 0; t < 2; t++) row(label, modes[m][1], ths[t], run_self(modes[m][0], file, ths[t], o->reps), base);
  if (o->python)
    for (int t = 0; t < 2; t++) row(label, "python: annotate, every token", ths[t], run_python(o, file, ths[t], o->reps), base);
  if (o->reader)
    for (int t = 0; t < 2; t++) row(label, "reader render (page+glosses)", ths[t], run_render(o, file, ths[t], o->reps), base);
}

/* Start-up: load, parse an empty file, exit; mean and minimum of `n` runs. */
static void startup(const opts *o, const char *empty) {
  if (!o->reader) return;
  char *cmds[][6] = {
    {(char *)"/bin/true", NULL},
    {(char *)o->reader, (char *)"outline", (char *)empty, NULL},
    {(char *)o->reader, (char *)"render", (char *)empty, (char *)"--no-summaries", NULL},
  };
  static const char *const names[] = {"/bin/true (process floor)", "reader outline empty.txt", "reader render empty.txt"};
  printf("\nstart-up (mean / min of 30 runs, ms):\n");
  for (size_t c = 0; c < 3; c++) {
    double sum = 0, min = 1e9;
    long rss = 0;
    int ok = 1;
    for (int i = 0; i < 30; i++) {
      sample s = measure(cmds[c], NULL);
      ok &= s.ok;
      sum += s.wall;
      if (s.wall < min) min = s.wall;
      if (s.rss_kb > rss) rss = s.rss_kb;
    }
    printf("  %-28s %6.2f / %6.2f ms, RSS %.1f MB%s\n", names[c], sum / 30 * 1e3, min * 1e3, (double)rss / 1024.0,
           ok ? "" : "  (failed: run with -v)");
  }
}

int main(int argc, char **argv) {
  if (argc >= 4 && !strcmp(argv[1], "--run"))
    return run_mode(argv[2], argv[3], argc > 4 ? (unsigned)strtoul(argv[4], NULL, 10) : 1u);
  opts o = {3, "/tmp/reader-bench", 2, NULL, NULL, 0};
  const char *sizes = "100k,1m,10m";
  int no_python = 0;
  static char pybuf[4096], readerbuf[4096];
  snprintf(pybuf, sizeof pybuf, "%s/bindings/python", READER_BINARY_DIR);
  snprintf(readerbuf, sizeof readerbuf, "%s/tools/reader", READER_BINARY_DIR);
  const char *python = pybuf;
  o.reader = readerbuf;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int more = i + 1 < argc;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
    else if (!strcmp(a, "-n") && more) o.reps = atoi(argv[++i]);
    else if (!strcmp(a, "--sizes") && more) sizes = argv[++i];
    else if (!strcmp(a, "--dir") && more) o.dir = argv[++i];
    else if (!strcmp(a, "--threads") && more) o.threads = (unsigned)strtoul(argv[++i], NULL, 10);
    else if (!strcmp(a, "--python") && more) python = argv[++i];
    else if (!strcmp(a, "--no-python")) no_python = 1;
    else if (!strcmp(a, "--reader") && more) o.reader = argv[++i];
    else if (!strcmp(a, "--big") && more) o.big_mb = atof(argv[++i]);
    else if (!strcmp(a, "-v")) verbose = 1;
    else { fprintf(stderr, "bench: bad argument '%s'\n", a); usage(stderr); return 2; }
  }
  if (o.reps < 1 || o.threads < 1) { fprintf(stderr, "bench: -n and --threads must be >= 1\n"); return 2; }
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) { fprintf(stderr, "bench: cannot find myself: %s\n", strerror(errno)); return 1; }
  self[n] = '\0';
  if (access(o.reader, X_OK) != 0) o.reader = NULL;
  char probe[4200];
  snprintf(probe, sizeof probe, "%s/libreader/__init__.py", python);
  if (!no_python && access(probe, R_OK) == 0) o.python = python;
  if (mkdir(o.dir, 0777) != 0 && errno != EEXIST) { fprintf(stderr, "bench: cannot create %s\n", o.dir); return 1; }
  machine();
  printf("best of %d runs each; wall and CPU seconds, peak RSS; ratios to MeCab alone on the same input\n\n", o.reps);
  header();
  char list[256];
  snprintf(list, sizeof list, "%s", sizes);
  for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
    size_t sz = parse_size(tok);
    char path[4300];
    snprintf(path, sizeof path, "%s/article-%s.txt", o.dir, tok);
    if (!sz || make_input(path, sz) < 0) return 1;
    table_for(&o, tok, path);
  }
  char empty[4300];
  snprintf(empty, sizeof empty, "%s/empty.txt", o.dir);
  FILE *f = fopen(empty, "w");
  if (f) fclose(f);
  startup(&o, empty);
  if (o.big_mb > 0) {
    /* Linearity and memory at scale: annotate only, one run each. */
    char path[4300], label[32];
    snprintf(label, sizeof label, "%.0fm", o.big_mb);
    snprintf(path, sizeof path, "%s/article-%s.txt", o.dir, label);
    if (make_input(path, (size_t)(o.big_mb * 1024 * 1024)) < 0) return 1;
    printf("\nlarge input (one run each):\n");
    header();
    sample base = run_self("mecab", path, 1, 1);
    row(label, "MeCab C API alone", 1, base, base);
    row(label, "parse + annotate + furigana", 1, run_self("annotate", path, 1, 1), base);
    row(label, "parse + annotate + furigana", o.threads, run_self("annotate", path, o.threads, 1), base);
  }
  return 0;
}
