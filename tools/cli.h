/* Shared helpers of the `reader` command's subcommands. Exit status:
 * 0 success, 1 input error, 2 usage error. */
#ifndef READER_CLI_H
#define READER_CLI_H

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

/* Pipeline options shared by the commands that read articles
 * (cli_pipeline.c). cli_pipeline_option() consumes argv[*i] (and its
 * value) when it is one: returns 1, 0 when it is not one, or -CLI_USAGE
 * after printing a usage error. */
extern const char cli_pipeline_help[];
int cli_pipeline_option(rd_pipeline_options *po, const char *cmd, int argc, char **argv, int *i);
/* rd_pipeline_new() with the message printed on failure: CLI_OK or an exit status. */
int cli_pipeline_new(rd_pipeline **out, const rd_pipeline_options *po);

/* Subcommands: each gets argv starting at its own name. */
int cmd_outline(int argc, char **argv);
int cmd_align(int argc, char **argv);
int cmd_furigana(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_query(int argc, char **argv);
int cmd_dict(int argc, char **argv);
int cmd_words(int argc, char **argv);

#endif
