/* Shared helpers of the `reader` command's subcommands. Exit status:
 * 0 success, 1 input error, 2 usage error. */
#ifndef READER_CLI_H
#define READER_CLI_H

#include <getopt.h>
#include <reader.h>

#define CLI_OK 0
#define CLI_INPUT 1
#define CLI_USAGE 2

/* Print "reader: <last library error>" and return CLI_INPUT. */
int cli_fail(void);
/* Print "reader CMD: <message>" plus a hint to --help; return CLI_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
  __attribute__((format(printf, 2, 3)))
#endif
  ;
/* Whether argv[i] is -h/--help. */
int cli_is_help(const char *arg);

/* getopt_long() for subcommand CMD (GNU forms: --format=text, --format
 * text, -ofile, -o file, unambiguous prefixes such as --form; options and
 * operands in any order; `--` ends the options). `shortopts` must start
 * with ':' so a missing value is told apart from an unknown option. Returns
 * the option's value, -1 after the last option (the operands are then
 * argv[optind..argc-1]), or '?' after printing the usage error ("unknown
 * option '--bogus'", "--format needs a value", "--nippon takes no value",
 * "'--no' is ambiguous"), for which the command exits CLI_USAGE. Each
 * command parses its argv once per process, so getopt's state is not reset. */
int cli_getopt(const char *cmd, int argc, char **argv, const char *shortopts, const struct option *longopts);

/* Pipeline options shared by the commands that read articles
 * (cli_pipeline.c). A command puts CLI_PIPELINE_LONGOPTS in its own
 * getopt_long table and hands every value in [CLI_OPT_PIPELINE,
 * CLI_OPT_PIPELINE_END) to cli_pipeline_option(). */
enum {
  CLI_OPT_PIPELINE = 0x100, /* above every short option character */
  CLI_OPT_DICTIONARY = CLI_OPT_PIPELINE,
  CLI_OPT_USER_DICTIONARY,
  CLI_OPT_OVERRIDES,
  CLI_OPT_COMPOUNDS,
  CLI_OPT_NO_COMPOUNDS,
  CLI_OPT_NAMES,
  CLI_OPT_NO_NAMES,
  CLI_OPT_NIPPON,
  CLI_OPT_NO_RULES,
  CLI_OPT_THREADS,
  CLI_OPT_STUB_ANALYZER,
  CLI_OPT_PIPELINE_END,
  CLI_OPT_COMMAND = 0x200 /* first value free for a command's own long options */
};
#define CLI_PIPELINE_LONGOPTS                                             \
  {"dictionary", required_argument, NULL, CLI_OPT_DICTIONARY},            \
  {"user-dictionary", required_argument, NULL, CLI_OPT_USER_DICTIONARY},  \
  {"overrides", required_argument, NULL, CLI_OPT_OVERRIDES},              \
  {"compounds", required_argument, NULL, CLI_OPT_COMPOUNDS},              \
  {"no-compounds", no_argument, NULL, CLI_OPT_NO_COMPOUNDS},              \
  {"names", required_argument, NULL, CLI_OPT_NAMES},                      \
  {"no-names", no_argument, NULL, CLI_OPT_NO_NAMES},                      \
  {"nippon", no_argument, NULL, CLI_OPT_NIPPON},                          \
  {"no-rules", no_argument, NULL, CLI_OPT_NO_RULES},                      \
  {"threads", required_argument, NULL, CLI_OPT_THREADS},                  \
  {"stub-analyzer", no_argument, NULL, CLI_OPT_STUB_ANALYZER}
extern const char cli_pipeline_help[];
/* Apply pipeline option `opt` (a CLI_OPT_* value from cli_getopt) with its
 * value `arg` (optarg) to *po: 1 when applied, 0 when `opt` is not a
 * pipeline option, -CLI_USAGE after printing a usage error (a bad --threads). */
int cli_pipeline_option(rd_pipeline_options *po, const char *cmd, int opt, const char *arg);
/* rd_pipeline_new() for command CMD with the message printed on failure:
 * CLI_OK or an exit status. */
int cli_pipeline_new(rd_pipeline **out, const char *cmd, const rd_pipeline_options *po);

/* Subcommands: each gets argv starting at its own name. */
int cmd_outline(int argc, char **argv);
int cmd_align(int argc, char **argv);
int cmd_furigana(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_words(int argc, char **argv);

#endif
