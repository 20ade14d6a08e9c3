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
  "  --nippon               read 日本 as にっぽん (default にほん)\n"
  "  --no-rules             keep MeCab's readings (no counter or context rules)\n"
  "  --threads N            annotation threads (default: the available cores)\n"
  "  --stub-analyzer        the deterministic test analyzer instead of MeCab (no dictionary)\n";

int cli_pipeline_option(rd_pipeline_options *po, const char *cmd, int argc, char **argv, int *i) {
  const char *a = argv[*i];
  if (!strcmp(a, "--nippon")) { po->flags |= RD_PIPELINE_NIPPON; return 1; }
  if (!strcmp(a, "--no-rules")) { po->flags |= RD_PIPELINE_NO_RULES; return 1; }
  if (!strcmp(a, "--no-compounds")) { po->flags |= RD_PIPELINE_NO_COMPOUNDS; return 1; }
  if (!strcmp(a, "--stub-analyzer")) { po->flags |= RD_PIPELINE_STUB; return 1; }
  const char **dst = !strcmp(a, "--dictionary") ? &po->dictionary
                     : !strcmp(a, "--user-dictionary") ? &po->user_dictionary
                     : !strcmp(a, "--overrides") ? &po->overrides
                     : !strcmp(a, "--compounds") ? &po->compounds
                     : NULL;
  int is_threads = !strcmp(a, "--threads");
  if (!dst && !is_threads) return 0;
  if (*i + 1 >= argc) return -cli_usage(cmd, "%s needs a value", a);
  const char *v = argv[++*i];
  if (dst) { *dst = v; return 1; }
  char *end;
  unsigned long n = strtoul(v, &end, 10);
  if (*v < '0' || *v > '9' || *end || n < 1 || n > 64)
    return -cli_usage(cmd, "--threads is a number from 1 to 64, not '%s'", v);
  po->threads = (unsigned)n;
  return 1;
}

int cli_pipeline_new(rd_pipeline **out, const rd_pipeline_options *po) {
  if (po->compounds && (po->flags & RD_PIPELINE_NO_COMPOUNDS))
    return cli_usage("", "--compounds and --no-compounds together");
  if (rd_pipeline_new(out, po) < 0) return cli_fail();
  return CLI_OK;
}
