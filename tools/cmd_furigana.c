/* `reader furigana`: stdin, one sentence per line, to stdout with ruby
 * markup (html, brackets) or as kana. Exactly one output line per input
 * line. Input is processed in batches of whole lines, so memory stays
 * bounded on large input. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

typedef enum { F_HTML, F_BRACKETS, F_HIRAGANA, F_KATAKANA, F_ROMAJI } fmt;

#define BATCH (256u * 1024u)

/* Each line is written through the library's writers, so the furigana
 * reads and looks the same as in `reader render`. */
static const rd_output outputs[] = {
  [F_HTML] = RD_OUTPUT_HTML_FRAGMENT, [F_BRACKETS] = RD_OUTPUT_BRACKETS, [F_HIRAGANA] = RD_OUTPUT_HIRAGANA,
  [F_KATAKANA] = RD_OUTPUT_KATAKANA, [F_ROMAJI] = RD_OUTPUT_ROMAJI,
};

static int put_out(const char *data, size_t len, void *payload) {
  return fwrite(data, 1, len, payload) == len ? 0 : -1;
}

static int run_batch(const char *text, size_t len, rd_pipeline *p, fmt f, FILE *out) {
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.format = RD_FORMAT_LINES;
  ro.name = "<stdin>";
  ro.stages = RD_STAGE_ANNOTATE;
  rd_doc *doc;
  if (rd_pipeline_read(&doc, NULL, p, text, len, &ro) < 0) return -1;
  rd_status st = RD_OK;
  /* One sentence per line: the writer gives each its line. */
  for (size_t i = 0; i < rd_doc_sentence_count(doc) && st >= 0; i++)
    st = rd_node_write(rd_doc_sentence_at(doc, i), outputs[f], NULL, put_out, out);
  rd_doc_free(doc);
  return st < 0 ? -1 : 0;
}

static void help(void) {
  printf("usage: reader furigana [-f|--format html|brackets|hiragana|katakana|romaji] [READING OPTIONS]\n\n"
         "Reads UTF-8 text on standard input, one sentence per line, and writes each line\n"
         "back with furigana: <ruby>漢字<rt>かんじ</rt></ruby> (html, the default; & < > escaped),\n"
         "漢字[かんじ] (brackets, Anki style as in `reader render`: a space before a word\n"
         "with furigana unless the line starts or ] precedes it, 日本[にほん]で 盗[ぬす]まれた),\n"
         "or the whole line in hiragana, katakana or romaji\n"
         "(modified Hepburn, words separated by spaces; see reader/kana.h). Kana, digits,\n"
         "Latin and symbols get no ruby. Exactly one output line per input line.\n"
         "Sentences read exactly as on the page `reader render` writes.\n\n%s", cli_pipeline_help);
}

int cmd_furigana(int argc, char **argv) {
  rd_pipeline_options po = RD_PIPELINE_OPTIONS_INIT;
  fmt f = F_HTML;
  static const struct option longopts[] = {
    {"format", required_argument, NULL, 'f'},
    CLI_PIPELINE_LONGOPTS,
    {"help", no_argument, NULL, 'h'},
    {NULL, 0, NULL, 0},
  };
  int opt;
  while ((opt = cli_getopt("furigana", argc, argv, ":hf:", longopts)) != -1) {
    if (opt == 'h') { help(); return CLI_OK; }
    if (opt == 'f') {
      const char *v = optarg;
      if (!strcmp(v, "html")) f = F_HTML;
      else if (!strcmp(v, "brackets")) f = F_BRACKETS;
      else if (!strcmp(v, "hiragana")) f = F_HIRAGANA;
      else if (!strcmp(v, "katakana")) f = F_KATAKANA;
      else if (!strcmp(v, "romaji")) f = F_ROMAJI;
      else return cli_usage("furigana", "unknown format '%s' (html, brackets, hiragana, katakana, romaji)", v);
      continue;
    }
    int used = cli_pipeline_option(&po, "furigana", opt, optarg);
    if (used < 0) return -used;
    if (!used) return CLI_USAGE; /* '?': cli_getopt told why */
  }
  /* Text comes on standard input only; "-" names it, as for the other
   * commands. Any other operand is likely a file name. */
  if (optind < argc && !strcmp(argv[optind], "-")) optind++;
  if (optind < argc)
    return cli_usage("furigana", "unknown argument '%s' (text is read from standard input)", argv[optind]);
  rd_pipeline *p;
  int prc = cli_pipeline_new(&p, "furigana", &po);
  if (prc != CLI_OK) return prc;
  /* Load MeCab now: a missing dictionary is reported before any input is read. */
  if (!rd_pipeline_analyzer(p)) { rd_pipeline_free(p); return cli_fail(); }
  size_t cap = BATCH * 2, len = 0;
  char *buf = malloc(cap);
  int rc = CLI_OK;
  if (!buf) { rd_pipeline_free(p); fprintf(stderr, "reader: out of memory\n"); return CLI_INPUT; }
  /* Bytes and lines before the current batch: an encoding error is
   * reported at its place in the whole input, not in its batch. */
  unsigned long long base_byte = 0, base_line = 0;
  for (;;) {
    if (cap - len < BATCH) {
      char *nb = realloc(buf, cap * 2);
      if (!nb) { fprintf(stderr, "reader: out of memory\n"); rc = CLI_INPUT; break; }
      buf = nb;
      cap *= 2;
    }
    size_t n = fread(buf + len, 1, cap - len, stdin);
    len += n;
    int eof = n == 0;
    /* Process every complete line; keep a partial last line for later. */
    size_t upto = len;
    if (!eof) {
      while (upto && buf[upto - 1] != '\n') upto--;
      if (upto < BATCH && len < cap) continue; /* fill a bigger batch first */
    }
    if (upto) {
      if (run_batch(buf, upto, p, f, stdout) < 0) {
        const rd_error *e = rd_error_last();
        if (e->code == RD_EENCODING && e->offset >= 0 && e->line > 0) {
          fprintf(stderr, "reader: <stdin>: %s at byte %llu (line %llu)\n",
                  strstr(e->message, "NUL byte") ? "NUL byte" : "invalid UTF-8",
                  base_byte + (unsigned long long)e->offset, base_line + (unsigned long long)e->line);
          rc = CLI_INPUT;
        } else {
          rc = cli_fail();
        }
        break;
      }
      base_byte += upto;
      for (const char *q = buf; (q = memchr(q, '\n', (size_t)(buf + upto - q))) != NULL; q++) base_line++;
      memmove(buf, buf + upto, len - upto);
      len -= upto;
    }
    if (eof) break;
  }
  free(buf);
  rd_pipeline_free(p);
  if (fflush(stdout) != 0) { fprintf(stderr, "reader: cannot write the output\n"); return CLI_INPUT; }
  return rc;
}
