/* The `reader` command: dispatches to one subcommand per job. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

typedef struct command {
  const char *name;
  int (*run)(int argc, char **argv);
  const char *summary;
} command;

static const command commands[] = {
  {"outline", cmd_outline, "print the section tree, counts and references of an article"},
  {"align", cmd_align, "put a reading over the kanji of a word: 盗[ぬす]まれた"},
  {"furigana", cmd_furigana, "add furigana to sentences on stdin (html, brackets, kana)"},
  {"render", cmd_render, "write an article as a reader page, XML, JSON, text or vocabulary"},
  {"query", cmd_query, "print a section, or the sentences that use a word"},
  {"dict", cmd_dict, "make a MeCab user dictionary from corrections or a word list"},
  {"words", cmd_words, "list the dictionary words of an article with their glosses"},
};

static void usage(FILE *f) {
  fprintf(f, "usage: reader COMMAND [ARGS...]\n\n"
             "Turns a Japanese news article into a document a learner can read.\n\ncommands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf(f, "\n`reader help COMMAND` (or `reader COMMAND --help`) describes one command.\n"
             "Options take GNU forms: --format=text or --format text, -ofile or -o file;\n"
             "`--` ends the options.\n"
             "Exit status: 0 success, 1 input error, 2 usage error.\n");
}

int cli_fail(void) {
  fprintf(stderr, "reader: %s\n", rd_error_last()->message);
  return CLI_INPUT;
}

int cli_usage(const char *cmd, const char *fmt, ...) {
  va_list ap;
  fprintf(stderr, "reader %s: ", cmd);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fprintf(stderr, "\n(see 'reader %s --help')\n", cmd);
  return CLI_USAGE;
}

int cli_is_help(const char *arg) { return !strcmp(arg, "-h") || !strcmp(arg, "--help"); }

/* The long option named by argument `arg` ("--name" or "--name=value"):
 * its entry, or NULL. `*matches` counts the options it is a prefix of. */
static const struct option *long_named(const char *arg, const struct option *longopts, int *matches) {
  const char *name = arg + 2;
  size_t n = strcspn(name, "=");
  const struct option *found = NULL;
  *matches = 0;
  for (const struct option *o = longopts; o->name; o++) {
    if (strncmp(o->name, name, n)) continue;
    if (strlen(o->name) == n) { *matches = 1; return o; } /* an exact name is never ambiguous */
    found = o;
    ++*matches;
  }
  return found;
}

int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts, const struct option *longopts) {
  opterr = 0; /* the messages below name the command */
  int c = getopt_long(argc, argv, shortopts, longopts, NULL);
  if (c != '?' && c != ':') return c;
  /* getopt_long says what went wrong but not whether a long or a short
   * option did: the argument just consumed is a long option when it starts
   * with "--" and names one with this value (a short option error inside a
   * cluster leaves optind on the cluster, so argv[optind - 1] is then an
   * earlier argument). */
  const char *prev = optind > 1 && optind - 1 < argc ? argv[optind - 1] : "";
  int matches = 0;
  const struct option *lo = !strncmp(prev, "--", 2) ? long_named(prev, longopts, &matches) : NULL;
  int is_long = optopt == 0 || (lo && matches == 1 && lo->val == optopt && !lo->flag);
  int n = (int)strcspn(prev, "=");
  if (!is_long) {
    if (c == ':') cli_usage(cmd, "-%c needs a value", optopt);
    else cli_usage(cmd, "unknown option '-%c'", optopt);
  } else if (c == ':') {
    cli_usage(cmd, "--%s needs a value", lo ? lo->name : prev + 2);
  } else if (optopt) {
    cli_usage(cmd, "--%s takes no value ('%s')", lo->name, prev);
  } else if (matches > 1) {
    char names[512] = "";
    size_t used = 0;
    for (const struct option *o = longopts; o->name && used < sizeof names - 1; o++)
      if (!strncmp(o->name, prev + 2, (size_t)n - 2)) {
        int w = snprintf(names + used, sizeof names - used, "%s--%s", used ? ", " : "", o->name);
        if (w < 0) break;
        used += (size_t)w;
      }
    cli_usage(cmd, "'%.*s' is ambiguous: %s", n, prev, names);
  } else {
    cli_usage(cmd, "unknown option '%.*s'", n, prev);
  }
  return '?';
}

int main(int argc, char **argv) {
  if (argc < 2) { usage(stderr); return CLI_USAGE; }
  if (cli_is_help(argv[1]) || (!strcmp(argv[1], "help") && argc == 2)) { usage(stdout); return CLI_OK; }
  if (!strcmp(argv[1], "help")) { /* `reader help CMD` is `reader CMD --help` */
    if (argc > 3) return cli_usage("help", "one COMMAND expected");
    if (!strcmp(argv[2], "help") || cli_is_help(argv[2])) { usage(stdout); return CLI_OK; }
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
      if (!strcmp(argv[2], commands[i].name)) {
        static char help_opt[] = "--help";
        char *hargv[] = {argv[2], help_opt, NULL};
        return commands[i].run(2, hargv);
      }
    return cli_usage("help", "unknown command '%s' (see 'reader --help' for the list)", argv[2]);
  }
  if (!strcmp(argv[1], "--version")) { printf("reader %s\n", rd_version()); return CLI_OK; }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "reader: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return CLI_USAGE;
}
