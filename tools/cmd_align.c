/* `reader align WORD READING`: the furigana of one word in bracket form
 * (盗[ぬす]まれた), from the public rd_align(). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int cmd_align(int argc, char **argv) {
  unsigned flags = RD_ALIGN_PER_KANJI;
  enum { OPT_PER_KANJI = CLI_OPT_COMMAND, OPT_WHOLE_RUNS };
  static const struct option longopts[] = {
    {"per-kanji", no_argument, NULL, OPT_PER_KANJI},
    {"whole-runs", no_argument, NULL, OPT_WHOLE_RUNS},
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = cli_getopt("align", argc, argv, ":h", longopts)) != -1) {
    switch (opt) {
    case 'h':
      printf("usage: reader align [--whole-runs] WORD READING\n\n"
             "Prints WORD with its READING (hiragana or katakana) put over its kanji\n"
             "only, in bracket form: `reader align 盗まれた ぬすまれた` prints 盗[ぬす]まれた.\n"
             "Kana, Latin, digits and symbols stay plain. A kanji run is split per\n"
             "kanji where KANJIDIC (Debian package kanjidic) allows exactly one split\n"
             "(`reader align 裏切る うらぎる` prints 裏[うら]切[ぎ]る); a run whose split is\n"
             "not certain gets one reading over the whole run.\n\n"
             "  --whole-runs  never split a kanji run: 裏切[うらぎ]る\n"
             "  --per-kanji   accepted for compatibility (the default)\n\n"
             "Exit status 1 when the reading cannot belong to the word.\n");
      return CLI_OK;
    case OPT_PER_KANJI: flags |= RD_ALIGN_PER_KANJI; break;
    case OPT_WHOLE_RUNS: flags &= ~RD_ALIGN_PER_KANJI; break;
    default: return CLI_USAGE;
    }
  }
  int nargs = argc - optind;
  if (nargs > 2) return cli_usage("align", "WORD and READING expected, got a third argument '%s'", argv[optind + 2]);
  if (nargs < 2) return cli_usage("align", nargs ? "READING expected after WORD" : "WORD and READING expected");
  const char *args[2] = {argv[optind], argv[optind + 1]};
  const char *word = args[0];
  rd_ruby *segs;
  size_t n;
  if (rd_align_with_flags(&segs, &n, word, strlen(word), args[1], strlen(args[1]), flags) < 0) return cli_fail();
  size_t at = 0;
  for (size_t i = 0; i < n; i++) {
    fwrite(word + at, 1, segs[i].start - at, stdout);
    fwrite(word + segs[i].start, 1, segs[i].len, stdout);
    printf("[%s]", segs[i].reading);
    at = segs[i].start + segs[i].len;
  }
  printf("%s\n", word + at);
  rd_free(segs);
  /* A full disk or closed pipe must not pass for an outline (issue 16, item 8). */
  if (fflush(stdout) != 0 || ferror(stdout)) {
    fprintf(stderr, "reader align: cannot write standard output: %s\n", strerror(errno ? errno : EIO));
    return CLI_INPUT;
  }
  return CLI_OK;
}
