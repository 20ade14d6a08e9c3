/* The options every subcommand that reads articles accepts: they fill one
 * rd_pipeline_options, so `reader render`, `reader furigana` and `reader
 * query` read a sentence the same way (the choices live in the library's
 * pipeline, not in each command). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char cli_pipeline_help[] =
  "Reading (the same for every command):\n"
  "  --dictionary DIR       MeCab dictionary directory (default: the one mecabrc names)\n"
  "  --user-dictionary FILE a compiled MeCab user dictionary (see `reader dict`)\n"
  "  --overrides FILE       reading overrides: SURFACE-OR-LEMMA<TAB>READING per line\n"
  "  --compounds FILE       EDICT-format dictionary for compounds MeCab splits\n"
  "                         (default: " RD_PIPELINE_EDICT_PATH " if installed)\n"
  "  --no-compounds         do not join compounds\n"
  "  --names FILE           ENAMDICT-format names dictionary for proper nouns\n"
  "                         (default: " RD_PIPELINE_ENAMDICT_PATH " if installed)\n"
  "  --no-names             do not read names by ENAMDICT\n"
  "  --nippon               read 日本 as にっぽん (default にほん)\n"
  "  --no-rules             keep MeCab's readings (no counter or context rules)\n"
  "  --threads N            annotation threads (default: the available cores)\n"
  "  --stub-analyzer        the deterministic test analyzer instead of MeCab (no dictionary)\n";

int cli_pipeline_option(rd_pipeline_options *po, const char *cmd, int opt, const char *arg) {
  switch (opt) {
  case CLI_OPT_NIPPON: po->flags |= RD_PIPELINE_NIPPON; return 1;
  case CLI_OPT_NO_RULES: po->flags |= RD_PIPELINE_NO_RULES; return 1;
  case CLI_OPT_NO_COMPOUNDS: po->flags |= RD_PIPELINE_NO_COMPOUNDS; return 1;
  case CLI_OPT_STUB_ANALYZER: po->flags |= RD_PIPELINE_STUB; return 1;
  case CLI_OPT_DICTIONARY: po->dictionary = arg; return 1;
  case CLI_OPT_USER_DICTIONARY: po->user_dictionary = arg; return 1;
  case CLI_OPT_OVERRIDES: po->overrides = arg; return 1;
  case CLI_OPT_COMPOUNDS: po->compounds = arg; return 1;
  case CLI_OPT_NAMES: po->names = arg; return 1;
  case CLI_OPT_NO_NAMES: po->flags |= RD_PIPELINE_NO_NAMES; return 1;
  case CLI_OPT_THREADS: {
    char *end;
    unsigned long n = strtoul(arg, &end, 10);
    if (*arg < '0' || *arg > '9' || *end || n < 1 || n > 64)
      return -cli_usage(cmd, "--threads is a number from 1 to 64, not '%s'", arg);
    po->threads = (unsigned)n;
    return 1;
  }
  default: return 0;
  }
}

int cli_pipeline_new(rd_pipeline **out, const char *cmd, const rd_pipeline_options *po) {
  if (po->compounds && (po->flags & RD_PIPELINE_NO_COMPOUNDS))
    return cli_usage(cmd, "--compounds and --no-compounds together");
  if (po->names && (po->flags & RD_PIPELINE_NO_NAMES)) return cli_usage(cmd, "--names and --no-names together");
  if (rd_pipeline_new(out, po) < 0) return cli_fail();
  return CLI_OK;
}
