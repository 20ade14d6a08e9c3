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
  fprintf(f, "\n`reader COMMAND --help` describes one command.\n"
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

int main(int argc, char **argv) {
  if (argc < 2) { usage(stderr); return CLI_USAGE; }
  if (cli_is_help(argv[1]) || !strcmp(argv[1], "help")) { usage(stdout); return CLI_OK; }
  if (!strcmp(argv[1], "--version")) { printf("reader %s\n", rd_version()); return CLI_OK; }
  for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
    if (!strcmp(argv[1], commands[i].name)) return commands[i].run(argc - 1, argv + 1);
  fprintf(stderr, "reader: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return CLI_USAGE;
}
