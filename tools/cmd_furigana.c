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

static void put_escaped(const char *s, size_t n, fmt f, FILE *out) {
  if (f != F_HTML) { fwrite(s, 1, n, out); return; }
  for (size_t i = 0; i < n; i++) {
    switch (s[i]) {
    case '&': fputs("&amp;", out); break;
    case '<': fputs("&lt;", out); break;
    case '>': fputs("&gt;", out); break;
    default: fputc(s[i], out);
    }
  }
}

/* Hiragana reading -> katakana (U+3041..U+3096 move up by 0x60). */
static void put_katakana(const char *s, FILE *out) {
  size_t n = strlen(s);
  for (size_t i = 0; i < n; i++) {
    unsigned char a = (unsigned char)s[i];
    if (a == 0xE3 && i + 2 < n) {
      unsigned char b = (unsigned char)s[i + 1], c = (unsigned char)s[i + 2];
      unsigned cp = 0x3000u | ((unsigned)(b & 0x3F) << 6) | (c & 0x3F);
      if (cp >= 0x3041 && cp <= 0x3096) {
        cp += 0x60;
        fputc(0xE3, out);
        fputc((int)(0x80 | ((cp >> 6) & 0x3F)), out);
        fputc((int)(0x80 | (cp & 0x3F)), out);
        i += 2;
        continue;
      }
    }
    fputc(a, out);
  }
}

static void put_token(const rd_node *t, fmt f, FILE *out) {
  size_t len;
  const char *surf = rd_node_text(t, &len);
  if (f == F_HIRAGANA || f == F_KATAKANA) {
    const char *r = rd_token_reading(t);
    /* Kana words and words with a reading are written in kana; digits,
     * Latin, symbols and unknown kanji words keep their surface. */
    if (!r || !*r) { fwrite(surf, 1, len, out); return; }
    if (f == F_HIRAGANA) fputs(r, out); else put_katakana(r, out);
    return;
  }
  size_t pos = 0;
  /* Display groups: a word's touching per-kanji readings read as one. */
  for (size_t i = 0; i < rd_token_ruby_group_count(t); i++) {
    rd_ruby r;
    rd_token_ruby_group_at(t, i, &r);
    put_escaped(surf + pos, r.start - pos, f, out);
    if (f == F_HTML) {
      fputs("<ruby>", out);
      put_escaped(surf + r.start, r.len, f, out);
      fputs("<rt>", out);
      put_escaped(r.reading, r.reading_len, f, out);
      fputs("</rt></ruby>", out);
    } else {
      fwrite(surf + r.start, 1, r.len, out);
      fputc('[', out);
      fwrite(r.reading, 1, r.reading_len, out);
      fputc(']', out);
    }
    pos = r.start + r.len;
  }
  put_escaped(surf + pos, len - pos, f, out);
}

static int run_batch(const char *text, size_t len, rd_pipeline *p, fmt f, FILE *out) {
  rd_read_options ro = RD_READ_OPTIONS_INIT;
  ro.format = RD_FORMAT_LINES;
  ro.name = "<stdin>";
  ro.stages = RD_STAGE_ANNOTATE;
  rd_doc *doc;
  if (rd_pipeline_read_memory(&doc, NULL, p, text, len, &ro) < 0) return -1;
  const char *src = rd_doc_source(doc, NULL);
  for (size_t i = 0; i < rd_doc_sentence_count(doc); i++) {
    const rd_node *s = rd_doc_sentence_at(doc, i);
    if (f == F_HIRAGANA || f == F_KATAKANA || f == F_ROMAJI) {
      char *k;
      size_t klen;
      rd_script sc = f == F_HIRAGANA ? RD_SCRIPT_HIRAGANA : f == F_KATAKANA ? RD_SCRIPT_KATAKANA : RD_SCRIPT_ROMAJI;
      if (rd_sentence_token_count(s) && rd_node_to_kana(s, sc, &k, &klen) == RD_OK) {
        fwrite(k, 1, klen, out);
        fputc('\n', out);
        rd_free(k);
        continue;
      }
      rd_error_clear(); /* an empty line: written as it is below */
    }
    size_t pos, end;
    rd_node_span(s, &pos, &end);
    for (size_t k = 0; k < rd_sentence_token_count(s); k++) {
      const rd_node *t = rd_sentence_token_at(s, k);
      size_t a, b;
      rd_node_span(t, &a, &b);
      put_escaped(src + pos, a - pos, f, out); /* white space MeCab skipped */
      put_token(t, f, out);
      pos = b;
    }
    put_escaped(src + pos, end - pos, f, out);
    fputc('\n', out);
  }
  rd_doc_free(doc);
  return 0;
}

static void help(void) {
  printf("usage: reader furigana [--format html|brackets|hiragana|katakana|romaji] [READING OPTIONS]\n\n"
         "Reads UTF-8 text on standard input, one sentence per line, and writes each line\n"
         "back with furigana: <ruby>漢字<rt>かんじ</rt></ruby> (html, the default; & < > escaped),\n"
         "漢字[かんじ] (brackets), or the whole line in hiragana, katakana or romaji\n"
         "(modified Hepburn, words separated by spaces; see reader/kana.h). Kana, digits,\n"
         "Latin and symbols get no ruby. Exactly one output line per input line.\n"
         "Sentences read exactly as on the page `reader render` writes.\n\n%s", cli_pipeline_help);
}

int cmd_furigana(int argc, char **argv) {
  rd_pipeline_options po = RD_PIPELINE_OPTIONS_INIT;
  fmt f = F_HTML;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (cli_is_help(a)) { help(); return CLI_OK; }
    int used = cli_pipeline_option(&po, "furigana", argc, argv, &i);
    if (used < 0) return -used;
    if (used) continue;
    if (!strcmp(a, "--format")) {
      if (i + 1 >= argc) return cli_usage("furigana", "%s needs a value", a);
      const char *v = argv[++i];
      if (!strcmp(v, "html")) f = F_HTML;
      else if (!strcmp(v, "brackets")) f = F_BRACKETS;
      else if (!strcmp(v, "hiragana")) f = F_HIRAGANA;
      else if (!strcmp(v, "katakana")) f = F_KATAKANA;
      else if (!strcmp(v, "romaji")) f = F_ROMAJI;
      else return cli_usage("furigana", "unknown format '%s' (html, brackets, hiragana, katakana, romaji)", v);
      continue;
    }
    return cli_usage("furigana", "unknown argument '%s'", a);
  }
  rd_pipeline *p;
  int prc = cli_pipeline_new(&p, &po);
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
