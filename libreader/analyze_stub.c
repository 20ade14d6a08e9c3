/* The stub backend: a deterministic stand-in for MeCab that needs no
 * dictionary. It splits text into runs of one script (white space is
 * skipped, as MeCab does), knows a few kanji words, and writes
 * IPADIC-shaped features, so the rest of the analyzer runs unchanged. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analyze_internal.h"

struct rd__parser {
  rd__arena arena; /* features of the last parse */
};

/* Known kanji words, longest first where they share a start. */
static const struct { const char *surface, *feature; } stub_words[] = {
  {"日本", "名詞,固有名詞,地域,国,*,*,日本,ニッポン,ニッポン"},
  {"漢字", "名詞,一般,*,*,*,*,漢字,カンジ,カンジ"},
  {"東京", "名詞,固有名詞,地域,一般,*,*,東京,トウキョウ,トーキョー"},
  {"盗", "動詞,自立,*,*,五段・マ行,未然形,盗む,ヌス,ヌス"},
  {"月", "名詞,接尾,助数詞,*,*,*,月,ゲツ,ゲツ"},
  {"日", "名詞,接尾,助数詞,*,*,*,日,ヒ,ヒ"},
  {"人", "名詞,接尾,助数詞,*,*,*,人,ジン,ジン"},
  {"年", "名詞,接尾,助数詞,*,*,*,年,ネン,ネン"},
  {"何", "名詞,代名詞,一般,*,*,*,何,ナニ,ナニ"},
};

/* Nothing to load: the stub's "model" is its table above. */
static rd_status stub_model_new(void **model_out, rd__backend_info *info, const rd_analyzer_options *o) {
  (void)o;
  *model_out = NULL;
  info->layout = RD__LAYOUT_STUB;
  snprintf(info->version, sizeof info->version, "stub");
  return RD_OK;
}

static void stub_model_free(void *model) { (void)model; }

static rd__parser *stub_parser_new(const void *model) {
  (void)model;
  rd__parser *p = calloc(1, sizeof *p);
  if (!p) { rd__oom(); return NULL; }
  rd__arena_init(&p->arena);
  return p;
}

static void stub_parser_free(rd__parser *p) {
  if (!p) return;
  rd__arena_dispose(&p->arena);
  free(p);
}

enum { C_SPACE, C_KANJI, C_HIRA, C_KATA, C_DIGIT, C_LATIN, C_OTHER };

static int char_class(uint32_t cp) {
  if (cp == ' ' || cp == '\t' || cp == '\r' || cp == '\n' || cp == 0x3000) return C_SPACE;
  if (rd__is_kanji(cp)) return C_KANJI;
  if (rd__is_hiragana(cp)) return C_HIRA;
  if (rd__is_katakana(cp)) return C_KATA;
  if (rd__is_digit(cp)) return C_DIGIT;
  if ((cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= 0xFF21 && cp <= 0xFF3A) ||
      (cp >= 0xFF41 && cp <= 0xFF5A))
    return C_LATIN;
  return C_OTHER;
}

static rd_status push(rd__parser *p, rd__morphs *out, size_t off, size_t len, const char *feature, int unknown) {
  size_t fl = strlen(feature);
  char *f = rd__arena_strndup(&p->arena, feature, fl);
  if (!f || rd__morphs_push(out, (rd__morph){off, len, f, fl, unknown}) < 0) return rd__oom();
  return RD_OK;
}

static rd_status stub_parse(rd__parser *p, const char *text, size_t len, size_t at, rd__morphs *out) {
  (void)at;
  rd__arena_reset(&p->arena);
  out->n = 0;
  size_t i = 0;
  char feat[1024];
  while (i < len) {
    uint32_t cp;
    size_t k = rd__utf8_decode(text + i, len - i, &cp);
    if (!k) return rd__error(RD_EENCODING, (int64_t)i, 0, "invalid UTF-8 at byte %zu of a sentence", i);
    int cls = char_class(cp);
    if (cls == C_SPACE) { i += k; continue; }
    if (cls == C_KANJI) {
      size_t best = 0, bi = 0;
      for (size_t w = 0; w < sizeof stub_words / sizeof *stub_words; w++) {
        size_t n = strlen(stub_words[w].surface);
        if (n > best && n <= len - i && !memcmp(text + i, stub_words[w].surface, n)) { best = n; bi = w; }
      }
      if (best) {
        rd_status st = push(p, out, i, best, stub_words[bi].feature, 0);
        if (st < 0) return st;
        i += best;
        continue;
      }
    }
    /* A run of one class (symbols one by one); a kanji run stops at a known word. */
    size_t j = i + k;
    while (cls != C_OTHER && j < len) {
      uint32_t c2;
      size_t k2 = rd__utf8_decode(text + j, len - j, &c2);
      if (!k2 || char_class(c2) != cls) break;
      int known = 0;
      for (size_t w = 0; cls == C_KANJI && w < sizeof stub_words / sizeof *stub_words; w++) {
        size_t n = strlen(stub_words[w].surface);
        if (n <= len - j && !memcmp(text + j, stub_words[w].surface, n)) known = 1;
      }
      if (known) break;
      j += k2;
    }
    int sl = (int)(j - i);
    const char *s = text + i;
    int unknown = 0;
    switch (cls) {
    case C_KANJI: snprintf(feat, sizeof feat, "名詞,一般,*,*,*,*,*"); unknown = 1; break;
    case C_HIRA: snprintf(feat, sizeof feat, "助詞,*,*,*,*,*,%.*s,%.*s,%.*s", sl, s, sl, s, sl, s); break;
    case C_KATA: snprintf(feat, sizeof feat, "名詞,一般,*,*,*,*,%.*s,%.*s,%.*s", sl, s, sl, s, sl, s); break;
    case C_DIGIT: snprintf(feat, sizeof feat, "名詞,数,*,*,*,*,*"); break;
    case C_LATIN: snprintf(feat, sizeof feat, "名詞,固有名詞,組織,*,*,*,*"); unknown = 1; break;
    default: snprintf(feat, sizeof feat, "記号,一般,*,*,*,*,%.*s,%.*s,%.*s", sl, s, sl, s, sl, s); break;
    }
    if (strlen(feat) >= sizeof feat - 1) snprintf(feat, sizeof feat, "名詞,一般,*,*,*,*,*"); /* very long runs */
    rd_status st = push(p, out, i, j - i, feat, unknown);
    if (st < 0) return st;
    i = j;
  }
  return RD_OK;
}

const rd__backend rd__backend_stub = {"stub", stub_model_new, stub_model_free, stub_parser_new, stub_parser_free, stub_parse,
                                      NULL, NULL}; /* no lattice: no alternatives */
