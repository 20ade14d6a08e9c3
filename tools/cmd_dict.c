/* `reader dict FILE... -o USER.dic`: turns reading corrections (the
 * overrides TSV the reader page exports) or a word list with readings
 * (the same WORD<TAB>READING lines) into a MeCab user dictionary with
 * mecab-dict-index, so a correction also fixes segmentation next time
 * (`reader furigana --user-dictionary USER.dic`). The context ids of the
 * entries are those MeCab gives a common noun in the system dictionary,
 * read from a probe, never assumed. */
#define _XOPEN_SOURCE 700 /* mkstemp, fdopen, fork, dup2 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"

#define DICT_INDEX_DEFAULT "/usr/lib/mecab/mecab-dict-index"

static void help(void) {
  printf("usage: reader dict FILE... -o|--output USER.dic [--dictionary DIR] [--cost N]\n\n"
         "Builds a MeCab user dictionary from WORD<TAB>READING lines (the reader page's\n"
         "\"Export corrections\" file, or any word list with readings in kana; blank\n"
         "lines and # comments are skipped). Each word becomes one noun entry, so MeCab\n"
         "keeps it whole and reads it so. Use it with\n"
         "  reader furigana --user-dictionary USER.dic\n\n"
         "  --dictionary DIR  the system dictionary the user dictionary is for\n"
         "                    (default: the one mecabrc names)\n"
         "  --cost N          word cost, lower wins more often (default 1000)\n\n"
         "Needs mecab-dict-index (Debian: mecab-utils; READER_MECAB_DICT_INDEX names\n"
         "another) and an IPADIC-layout dictionary (mecab-ipadic-utf8).\n");
}

/* Run argv with stdin from `in` (may be NULL) and stdout into out (cap
 * bytes, NUL-terminated). Returns the exit status, or -1 if it could not run. */
static int run(char *const argv[], const char *in, char *out, size_t cap) {
  int pin[2], pout[2];
  if (pipe(pin) < 0) return -1;
  if (pipe(pout) < 0) { close(pin[0]); close(pin[1]); return -1; }
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    dup2(pin[0], 0);
    dup2(pout[1], 1);
    dup2(pout[1], 2); /* mecab-dict-index chatters on stderr: shown only on failure */
    close(pin[1]);
    close(pout[0]);
    execv(argv[0], argv);
    _exit(127);
  }
  close(pin[0]);
  close(pout[1]);
  if (in) {
    size_t n = strlen(in);
    if (write(pin[1], in, n) != (ssize_t)n) { /* the child's status tells */ }
  }
  close(pin[1]);
  size_t len = 0;
  ssize_t r;
  while ((r = read(pout[0], out + len, cap - 1 - len)) > 0) len += (size_t)r;
  out[len] = 0;
  close(pout[0]);
  int st;
  if (waitpid(pid, &st, 0) < 0) return -1;
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static const char *find_exe(const char *name) {
  static char buf[1024];
  const char *path = getenv("PATH");
  for (const char *p = path ? path : "/usr/bin:/bin"; *p;) {
    const char *e = strchr(p, ':');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    snprintf(buf, sizeof buf, "%.*s/%s", (int)n, p, name);
    if (access(buf, X_OK) == 0) return buf;
    p += n + (e ? 1 : 0);
  }
  return NULL;
}

/* Kana to katakana (IPADIC's reading fields); false if not all kana. */
static int to_katakana(const char *s, size_t n, char *out, size_t cap) {
  size_t o = 0;
  for (size_t i = 0; i < n;) {
    const unsigned char *u = (const unsigned char *)s + i;
    if (n - i < 3 || u[0] != 0xE3 || o + 4 > cap) return 0;
    unsigned cp = ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    if (cp >= 0x3041 && cp <= 0x3096) cp += 0x60;
    else if (!((cp >= 0x30A1 && cp <= 0x30FA) || cp == 0x30FC)) return 0;
    out[o++] = (char)0xE3;
    out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[o++] = (char)(0x80 | (cp & 0x3F));
    i += 3;
  }
  out[o] = 0;
  return o > 0;
}

/* One input file into CSV lines; returns entries written or -1 (message printed). */
static long add_file(FILE *csv, const char *path, const char *ids, long cost) {
  FILE *f = fopen(path, "r");
  if (!f) { fprintf(stderr, "reader dict: %s: %s\n", path, strerror(errno)); return -1; }
  char line[4096], kata[1024];
  long n = 0, lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    size_t l = strlen(line);
    while (l && (line[l - 1] == '\n' || line[l - 1] == '\r')) line[--l] = 0;
    if (!l || line[0] == '#') continue;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line || !tab[1] || strchr(line, ',') || strchr(tab + 1, '\t')) {
      fprintf(stderr, "reader dict: %s: line %ld: expected WORD<TAB>READING (no commas)\n", path, lineno);
      fclose(f);
      return -1;
    }
    *tab = 0;
    if (!to_katakana(tab + 1, strlen(tab + 1), kata, sizeof kata)) {
      fprintf(stderr, "reader dict: %s: line %ld: the reading must be kana\n", path, lineno);
      fclose(f);
      return -1;
    }
    /* IPADIC layout: surface,left,right,cost,POS x4,conj x2,lemma,reading,pronunciation */
    fprintf(csv, "%s,%s,%ld,\xE5\x90\x8D\xE8\xA9\x9E,\xE4\xB8\x80\xE8\x88\xAC,*,*,*,*,%s,%s,%s\n", line, ids, cost, line, kata,
            kata);
    n++;
  }
  fclose(f);
  return n;
}

int cmd_dict(int argc, char **argv) {
  const char *out = NULL, *dicdir = NULL, *cost_s = NULL;
  const char **files = calloc((size_t)argc, sizeof *files);
  size_t nfiles = 0;
  if (!files) return CLI_INPUT;
  enum { OPT_DICTIONARY = CLI_OPT_COMMAND, OPT_COST };
  static const struct option longopts[] = {
    {"output", required_argument, NULL, 'o'},
    {"dictionary", required_argument, NULL, OPT_DICTIONARY},
    {"cost", required_argument, NULL, OPT_COST},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = cli_getopt("dict", argc, argv, ":ho:", longopts)) != -1) {
    switch (opt) {
    case 'h': help(); free(files); return CLI_OK;
    case 'o': out = optarg; break;
    case OPT_DICTIONARY: dicdir = optarg; break;
    case OPT_COST: cost_s = optarg; break;
    default: free(files); return CLI_USAGE; /* '?': cli_getopt told why */
    }
  }
  for (int i = optind; i < argc; i++) files[nfiles++] = argv[i];
  if (!nfiles) { free(files); return cli_usage("dict", "FILE expected"); }
  if (!out) { free(files); return cli_usage("dict", "-o USER.dic expected"); }
  long cost = 1000;
  if (cost_s) {
    char *end;
    cost = strtol(cost_s, &end, 10);
    if (!*cost_s || *end || cost < -32768 || cost > 32767) {
      free(files);
      return cli_usage("dict", "--cost is a number from -32768 to 32767, not '%s'", cost_s);
    }
  }
  const char *idx = getenv("READER_MECAB_DICT_INDEX");
  if (!idx) idx = DICT_INDEX_DEFAULT;
  const char *mecab = find_exe("mecab");
  if (access(idx, X_OK) != 0 || !mecab) {
    fprintf(stderr, "reader dict: %s not found (apt-get install mecab-utils mecab)\n", access(idx, X_OK) ? idx : "mecab");
    free(files);
    return CLI_INPUT;
  }
  char mecab_path[1024];
  snprintf(mecab_path, sizeof mecab_path, "%s", mecab);
  /* The system dictionary: its directory, charset and a common noun's ids. */
  static char info[8192], probe[4096];
  char *dargs[] = {mecab_path, "-D", dicdir ? "-d" : NULL, (char *)dicdir, NULL};
  char *pargs[] = {mecab_path, "-F", "%phl,%phr,%H\\n", "-E", "", dicdir ? "-d" : NULL, (char *)dicdir, NULL};
  /* mecab -D prints the dictionary's header and exits 1 */
  if (run(dargs, "", info, sizeof info) < 0 || !strstr(info, "filename:") || run(pargs, "\xE8\xBE\x9E\xE6\x9B\xB8\n", probe, sizeof probe) != 0) {
    fprintf(stderr, "reader dict: MeCab cannot open the dictionary %s\n", dicdir ? dicdir : "that mecabrc names");
    free(files);
    return CLI_INPUT;
  }
  char dir[1024] = "", charset[64] = "UTF-8";
  const char *fn = strstr(info, "filename:\t"), *cs = strstr(info, "charset:\t");
  if (fn) {
    fn += 10;
    size_t n = strcspn(fn, "\n");
    snprintf(dir, sizeof dir, "%.*s", (int)n, fn);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = 0;
  }
  if (cs) snprintf(charset, sizeof charset, "%.*s", (int)strcspn(cs + 9, "\n"), cs + 9);
  /* "1285,1285,名詞,一般,..." for 辞書: an IPADIC-layout dictionary. */
  char ids[64];
  const char *c2 = strchr(probe, ','), *c3 = c2 ? strchr(c2 + 1, ',') : NULL;
  if (!dir[0] || !c3 || strncmp(c3 + 1, "\xE5\x90\x8D\xE8\xA9\x9E,\xE4\xB8\x80\xE8\x88\xAC,", 14) || (size_t)(c3 - probe) >= sizeof ids) {
    fprintf(stderr, "reader dict: %s is not an IPADIC-layout dictionary (apt-get install mecab-ipadic-utf8)\n",
            dir[0] ? dir : "the dictionary");
    free(files);
    return CLI_INPUT;
  }
  snprintf(ids, sizeof ids, "%.*s", (int)(c3 - probe), probe);
  char csv_path[] = "/tmp/reader-dict-XXXXXX";
  int fd = mkstemp(csv_path);
  FILE *csv = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!csv) { fprintf(stderr, "reader dict: cannot create a temporary file\n"); free(files); return CLI_INPUT; }
  long total = 0;
  int rc = CLI_OK;
  for (size_t i = 0; i < nfiles && rc == CLI_OK; i++) {
    long n = add_file(csv, files[i], ids, cost);
    if (n < 0) rc = CLI_INPUT;
    total += n > 0 ? n : 0;
  }
  if (fclose(csv) != 0 && rc == CLI_OK) { fprintf(stderr, "reader dict: cannot write %s\n", csv_path); rc = CLI_INPUT; }
  if (rc == CLI_OK && !total) { fprintf(stderr, "reader dict: no entries in the input\n"); rc = CLI_INPUT; }
  if (rc == CLI_OK) {
    char *iargs[] = {(char *)idx, "-d", dir, "-u", (char *)out, "-f", "UTF-8", "-t", charset, csv_path, NULL};
    static char log[16384];
    int st = run(iargs, NULL, log, sizeof log);
    if (st != 0) {
      fprintf(stderr, "reader dict: mecab-dict-index failed (status %d):\n%s", st, log);
      remove(out);
      rc = CLI_INPUT;
    } else {
      fprintf(stderr, "reader dict: %ld entries -> %s (for %s)\n", total, out, dir);
    }
  }
  remove(csv_path);
  free(files);
  return rc;
}
