/* Kana: folding katakana (full- and half-width, with voicing marks) to
 * hiragana and back, and modified Hepburn romaji. Works on code points
 * one character at a time so that the aligner can fold without copying. */
#include <string.h>

#include "kana_internal.h"
#include "reader/kana.h"
#include "reader/doc.h"
#include "reader/token.h"

/* Half-width katakana U+FF66..U+FF9D, in order, as full-width katakana. */
static const uint16_t halfwidth_kata[] = {
  0x30F2, 0x30A1, 0x30A3, 0x30A5, 0x30A7, 0x30A9, 0x30E3, 0x30E5, 0x30E7, 0x30C3, /* ｦｧｨｩｪｫｬｭｮｯ */
  0x30FC, 0x30A2, 0x30A4, 0x30A6, 0x30A8, 0x30AA, 0x30AB, 0x30AD, 0x30AF, 0x30B1, /* ｰｱｲｳｴｵｶｷｸｹ */
  0x30B3, 0x30B5, 0x30B7, 0x30B9, 0x30BB, 0x30BD, 0x30BF, 0x30C1, 0x30C4, 0x30C6, /* ｺｻｼｽｾｿﾀﾁﾂﾃ */
  0x30C8, 0x30CA, 0x30CB, 0x30CC, 0x30CD, 0x30CE, 0x30CF, 0x30D2, 0x30D5, 0x30D8, /* ﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍ */
  0x30DB, 0x30DE, 0x30DF, 0x30E0, 0x30E1, 0x30E2, 0x30E4, 0x30E6, 0x30E8, 0x30E9, /* ﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗ */
  0x30EA, 0x30EB, 0x30EC, 0x30ED, 0x30EF, 0x30F3                                  /* ﾘﾙﾚﾛﾜﾝ */
};

/* Voiced (dakuten, mark 1) or semi-voiced (handakuten, mark 2) form of a
 * hiragana or katakana code point, or 0 if it has none. */
static uint32_t voiced(uint32_t c, int mark) {
  uint32_t base = c, off = 0;
  if (c >= 0x30A1 && c <= 0x30F6) { base = c - 0x60; off = 0x60; }
  uint32_t v = 0;
  if (mark == 1) {
    if ((base >= 0x304B && base <= 0x3062 && (base & 1)) || base == 0x3064 || base == 0x3066 || base == 0x3068)
      v = base + 1; /* か..ち odd, つ て と */
    else if (base >= 0x306F && base <= 0x307B && (base - 0x306F) % 3 == 0) v = base + 1; /* は ひ ふ へ ほ */
    else if (base == 0x3046) v = 0x3094; /* う -> ゔ */
    else if (base == 0x309D) v = 0x309E; /* ゝ -> ゞ */
    else if (c == 0x30FD) return 0x30FE; /* ヽ -> ヾ */
    else if (c == 0x30EF) return 0x30F7; /* ワ -> ヷ */
    else if (c >= 0x308F && c <= 0x3092) return 0x30F7 + (c - 0x308F); /* わ゙ ゐ゙ ゑ゙ を゙: only katakana has them precomposed */
    else if (c == 0x30F0) return 0x30F8;
    else if (c == 0x30F1) return 0x30F9;
    else if (c == 0x30F2) return 0x30FA;
  } else if (base >= 0x306F && base <= 0x307B && (base - 0x306F) % 3 == 0) {
    v = base + 2;
  }
  return v ? v + off : 0;
}

static uint32_t kata_to_hira(uint32_t c) {
  if (c >= 0x30A1 && c <= 0x30F6) return c - 0x60;
  if (c == 0x30FD || c == 0x30FE) return c - 0x60; /* ヽヾ -> ゝゞ */
  return c;
}

uint32_t rd__hira_to_kata(uint32_t c) {
  if (c >= 0x3041 && c <= 0x3096) return c + 0x60;
  if (c == 0x309D || c == 0x309E) return c + 0x60;
  return c;
}

/* The voicing mark a code point stands for: 1 dakuten, 2 handakuten. */
static int mark_of(uint32_t c) {
  if (c == 0x3099 || c == 0x309B || c == 0xFF9E) return 1;
  if (c == 0x309A || c == 0x309C || c == 0xFF9F) return 2;
  return 0;
}

size_t rd__kana_fold(const char *s, size_t len, uint32_t *cp) {
  uint32_t c;
  size_t n = rd__utf8_decode(s, len, &c);
  if (n == 0) return 0;
  if (c >= 0xFF66 && c <= 0xFF9D) c = halfwidth_kata[c - 0xFF66];
  if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30A1 && c <= 0x30FA) || c == 0x309D || c == 0x30FD) {
    uint32_t m;
    size_t k = rd__utf8_decode(s + n, len - n, &m);
    int mark = k ? mark_of(m) : 0;
    if (mark) {
      uint32_t v = voiced(c, mark);
      if (v) { c = v; n += k; }
    }
  }
  *cp = kata_to_hira(c);
  return n;
}

int rd__kana_is_kana(uint32_t c) {
  return (c >= 0x3041 && c <= 0x3096) || c == 0x30FC || c == 0x309D || c == 0x309E || (c >= 0x30F7 && c <= 0x30FA);
}

size_t rd__kana_to_hiragana_inplace(char *s, size_t len) {
  size_t i = 0, o = 0;
  while (i < len) {
    uint32_t c;
    size_t n = rd__kana_fold(s + i, len - i, &c);
    if (n == 0) { s[o++] = s[i++]; continue; }
    char tmp[4];
    size_t m = rd__utf8_encode(c, tmp);
    if (m > n) { memmove(s + o, s + i, n); o += n; } /* cannot happen; keep the source bytes */
    else { memcpy(s + o, tmp, m); o += m; }
    i += n;
  }
  if (o < len) s[o] = '\0';
  return o;
}

/* ---- string conversions ---------------------------------------------------- */

static rd_status finish(rd__buf *b, char **out, size_t *len_out) {
  if (b->oom) { rd__buf_dispose(b); return rd__oom(); }
  if (!b->ptr && rd__buf_reserve(b, 1) == 0) b->ptr[0] = '\0'; /* "" rather than NULL */
  if (b->oom) { rd__buf_dispose(b); return rd__oom(); }
  size_t n;
  *out = rd__buf_detach(b, &n);
  if (len_out) *len_out = n;
  return *out ? RD_OK : rd__oom();
}

static void put_cp(rd__buf *b, uint32_t c) {
  char tmp[4];
  rd__buf_put(b, tmp, rd__utf8_encode(c, tmp));
}

/* Append text converted to hiragana (to_kata 0) or katakana (1). */
static void put_kana(rd__buf *b, const char *s, size_t len, int to_kata) {
  for (size_t i = 0; i < len;) {
    uint32_t raw, c;
    size_t n = rd__kana_fold(s + i, len - i, &c);
    if (n == 0) { rd__buf_put(b, s + i, 1); i++; continue; } /* validated by the callers */
    rd__utf8_decode(s + i, len - i, &raw);
    if (raw == 0x30F5 || raw == 0x30F6) c = raw; /* ヵ/ヶ are counters (一ヶ月), not kana */
    if (!to_kata && c >= 0x30F7 && c <= 0x30FA) {
      /* ヷ ヸ ヹ ヺ have no precomposed hiragana: わ ゐ ゑ を + the combining
       * dakuten, which folds back to the same katakana (found by the kana
       * fuzz target: わ゙ -> ヷ -> ヷ stayed katakana in "hiragana") */
      put_cp(b, 0x308F + (c - 0x30F7));
      put_cp(b, 0x3099);
    } else {
      put_cp(b, to_kata ? rd__hira_to_kata(c) : c);
    }
    i += n;
  }
}

static rd_status convert(const char *text, size_t len, char **out, size_t *len_out, int to_kata, const char *fn) {
  if (!out || (!text && len)) return rd__error(RD_EINVALID, -1, 0, "%s: NULL argument", fn);
  *out = NULL;
  if (len_out) *len_out = 0;
  rd_status st = rd__utf8_validate(text ? text : "", len, fn);
  if (st < 0) return st;
  rd__buf b = RD__BUF_INIT;
  put_kana(&b, text, len, to_kata);
  return finish(&b, out, len_out);
}

rd_status rd_kana_to_hiragana(char **out, size_t *len_out, const char *text, size_t len) {
  return convert(text, len, out, len_out, 0, "rd_kana_to_hiragana");
}

rd_status rd_kana_to_katakana(char **out, size_t *len_out, const char *text, size_t len) {
  return convert(text, len, out, len_out, 1, "rd_kana_to_katakana");
}

/* ---- romaji ------------------------------------------------------------------ */

/* Hiragana U+3041..U+3096 in order; っ is handled apart. */
static const char *const romaji_of[] = {
  "a", "a", "i", "i", "u", "u", "e", "e", "o", "o",                              /* ぁあぃいぅうぇえぉお */
  "ka", "ga", "ki", "gi", "ku", "gu", "ke", "ge", "ko", "go",                    /* か..ご */
  "sa", "za", "shi", "ji", "su", "zu", "se", "ze", "so", "zo",                   /* さ..ぞ */
  "ta", "da", "chi", "ji", "", "tsu", "zu", "te", "de", "to", "do",              /* た..ど (っ empty) */
  "na", "ni", "nu", "ne", "no",                                                  /* な..の */
  "ha", "ba", "pa", "hi", "bi", "pi", "fu", "bu", "pu", "he", "be", "pe", "ho", "bo", "po",
  "ma", "mi", "mu", "me", "mo",                                                  /* ま..も */
  "ya", "ya", "yu", "yu", "yo", "yo",                                            /* ゃやゅゆょよ */
  "ra", "ri", "ru", "re", "ro",                                                  /* ら..ろ */
  "wa", "wa", "i", "e", "o", "n", "vu", "ka", "ke"                               /* ゎわゐゑをんゔゕゖ */
};

/* Two-kana syllables with a small vowel (ファ fa, ティ ti...). */
static const struct { uint32_t a, b; const char *r; } pairs[] = {
  {0x3075, 0x3041, "fa"}, {0x3075, 0x3043, "fi"}, {0x3075, 0x3047, "fe"}, {0x3075, 0x3049, "fo"},
  {0x3094, 0x3041, "va"}, {0x3094, 0x3043, "vi"}, {0x3094, 0x3047, "ve"}, {0x3094, 0x3049, "vo"},
  {0x3066, 0x3043, "ti"}, {0x3067, 0x3043, "di"}, {0x3068, 0x3045, "tu"}, {0x3069, 0x3045, "du"},
  {0x3046, 0x3043, "wi"}, {0x3046, 0x3047, "we"}, {0x3046, 0x3049, "wo"},
  {0x3057, 0x3047, "she"}, {0x3058, 0x3047, "je"}, {0x3061, 0x3047, "che"},
  {0x3064, 0x3041, "tsa"}, {0x3064, 0x3043, "tsi"}, {0x3064, 0x3047, "tse"}, {0x3064, 0x3049, "tso"},
  {0x3044, 0x3047, "ye"}, {0x304F, 0x3041, "kwa"}, {0x304F, 0x3043, "kwi"}, {0x304F, 0x3047, "kwe"},
  {0x304F, 0x3049, "kwo"}, {0x3050, 0x3041, "gwa"}, {0x3066, 0x3085, "tyu"}, {0x3067, 0x3085, "dyu"},
  {0x3075, 0x3085, "fyu"}, {0x3094, 0x3085, "vyu"},
};

/* The syllable at folded code points c, c2 in romaji; *used is 1 or 2. */
static void syllable(uint32_t c, uint32_t c2, char *r, size_t *used) {
  *used = 1;
  r[0] = '\0';
  for (size_t k = 0; k < sizeof pairs / sizeof *pairs; k++)
    if (pairs[k].a == c && pairs[k].b == c2) { strcpy(r, pairs[k].r); *used = 2; return; }
  if (c >= 0x30F7 && c <= 0x30FA) { strcpy(r, (const char *[]){"va", "vi", "ve", "vo"}[c - 0x30F7]); return; }
  if (c < 0x3041 || c > 0x3096) return;
  strcpy(r, romaji_of[c - 0x3041]);
  size_t n = strlen(r);
  int yoon = c2 == 0x3083 || c2 == 0x3085 || c2 == 0x3087;
  if (yoon && n >= 2 && r[n - 1] == 'i' && c != 0x3044) { /* き+ゃ kya, し+ゃ sha, じ+ゃ ja */
    if (!strcmp(r, "shi") || !strcmp(r, "chi")) r[2] = '\0';
    else if (!strcmp(r, "ji")) r[1] = '\0';
    else { r[n - 1] = 'y'; }
    n = strlen(r);
    r[n] = c2 == 0x3083 ? 'a' : c2 == 0x3085 ? 'u' : 'o';
    r[n + 1] = '\0';
    *used = 2;
  }
}

static int is_ascii_vowel(char c) { return c == 'a' || c == 'i' || c == 'u' || c == 'e' || c == 'o'; }

/* Punctuation and full-width ASCII as ASCII, or 0 to keep the character. */
static uint32_t ascii_of(uint32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0;
  switch (c) {
  case 0x3000: case 0x30FB: return ' ';
  case 0x3002: case 0xFF61: return '.';
  case 0x3001: case 0xFF64: return ',';
  case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0xFF62: case 0xFF63: return '"';
  case 0x301C: return '~';
  }
  return 0;
}

static void put_romaji(rd__buf *b, const char *s, size_t len) {
  int sokuon = 0, after_n = 0;
  char last_vowel = 0, prev[8] = "";
  for (size_t i = 0; i < len;) {
    uint32_t c, c2 = 0;
    size_t n = rd__kana_fold(s + i, len - i, &c);
    if (n == 0) { rd__buf_put(b, s + i, 1); i++; sokuon = after_n = 0; continue; }
    size_t n2 = i + n < len ? rd__kana_fold(s + i + n, len - i - n, &c2) : 0;
    if (c == 0x3063) { sokuon = 1; after_n = 0; i += n; continue; } /* っ */
    if (c == 0x30FC) { /* ー repeats the vowel */
      rd__buf_putc(b, last_vowel ? last_vowel : '-');
      sokuon = after_n = 0;
      i += n;
      continue;
    }
    char r[8];
    size_t used = 1;
    if (c == 0x309D || c == 0x309E) strcpy(r, prev); /* ゝゞ repeat the syllable */
    else syllable(c, n2 ? c2 : 0, r, &used);
    if (!r[0]) { /* not kana */
      uint32_t a = ascii_of(c);
      char tmp[4];
      uint32_t raw;
      if (a) rd__buf_putc(b, (char)a);
      else { rd__utf8_decode(s + i, len - i, &raw); rd__buf_put(b, tmp, rd__utf8_encode(raw, tmp)); }
      sokuon = after_n = 0;
      last_vowel = 0;
      i += n;
      continue;
    }
    if (after_n && (is_ascii_vowel(r[0]) || r[0] == 'y')) rd__buf_putc(b, '\'');
    if (sokuon && !is_ascii_vowel(r[0]) && r[0] != 'n') rd__buf_putc(b, r[0] == 'c' ? 't' : r[0]);
    rd__buf_puts(b, r);
    sokuon = 0;
    after_n = c == 0x3093;
    size_t rl = strlen(r);
    last_vowel = is_ascii_vowel(r[rl - 1]) ? r[rl - 1] : 0;
    memcpy(prev, r, rl + 1);
    i += n + (used == 2 ? n2 : 0);
  }
}

rd_status rd_kana_to_romaji(char **out, size_t *len_out, const char *text, size_t len) {
  if (!out || (!text && len)) return rd__error(RD_EINVALID, -1, 0, "rd_kana_to_romaji: NULL argument");
  *out = NULL;
  if (len_out) *len_out = 0;
  rd_status st = rd__utf8_validate(text ? text : "", len, "rd_kana_to_romaji");
  if (st < 0) return st;
  rd__buf b = RD__BUF_INIT;
  put_romaji(&b, text, len);
  return finish(&b, out, len_out);
}

/* ---- nodes ------------------------------------------------------------------- */

/* The kana a token stands for: its reading, or its surface for Latin,
 * digits, symbols, unknown words and tokens without a reading. */
static const char *token_kana(const rd_node *t, size_t *len) {
  unsigned f = rd_token_flags(t);
  const char *r = rd_token_reading(t);
  const char *s = rd_node_text(len, t);
  if ((f & (RD_TOKEN_LATIN | RD_TOKEN_NUMBER | RD_TOKEN_SYMBOL)) && !(f & RD_TOKEN_KANJI)) return s;
  if (!r || !*r) return s;
  *len = strlen(r);
  return r;
}

static int first_cp(const char *s, size_t len, uint32_t *c) { return len && rd__utf8_decode(s, len, c) > 0; }

static int ends_with_sokuon(const char *s, size_t len) {
  return len >= 3 && (!memcmp(s + len - 3, "\xE3\x81\xA3", 3) || !memcmp(s + len - 3, "\xE3\x83\x83", 3));
}

static int is_number(const rd_node *t) {
  return rd_token_pos_class(t) == RD_POS_NUMBER || (rd_token_flags(t) & RD_TOKEN_NUMBER);
}

/* Whether kana text starts inside a syllable: a small kana, っ or ー
 * cannot begin one, so a token edge before it (MeCab's じ|ぇ, やった|ー,
 * え|っちゅう) is no word edge and the romaji must see both sides at once. */
static int starts_mid_syllable(const char *s, size_t len) {
  uint32_t c;
  if (!len || !rd__kana_fold(s, len, &c)) return 0;
  switch (c) {
  case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: /* ぁぃぅぇぉ */
  case 0x3083: case 0x3085: case 0x3087: case 0x308E:              /* ゃゅょゎ */
  case 0x3063: case 0x30FC:                                        /* っ ー */
  case 0x3099: case 0x309A: case 0x309B: case 0x309C:              /* voicing marks */
    return 1;
  }
  return 0;
}

/* Whether text ends in kana (folded), so that a syllable can continue. */
static int ends_with_kana(const char *s, size_t len) {
  size_t i = len;
  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
  uint32_t c;
  return i > 0 && rd__kana_fold(s + i - 1, len - i + 1, &c) && rd__kana_is_kana(c);
}

/* Whether text is written in ASCII or full-width ASCII only (Latin words,
 * digits, ASCII punctuation): such text is kept as written, so two such
 * tokens that touch in the source stay touching (McDonald's, [04:30.748],
 * 333m). Japanese punctuation (、。「) is not: it has its own spacing. */
static int is_ascii_text(const char *s, size_t len) {
  if (!len) return 0;
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t n = rd__utf8_decode(s + i, len - i, &c);
    if (n == 0 || !(c < 0x80 || (c >= 0xFF01 && c <= 0xFF5E))) return 0;
    i += n;
  }
  return 1;
}

/* Whether white space (ASCII or U+3000) lies in the source between two
 * tokens: the writer's space is then the input's own. Anything else in
 * the gap (a citation marker left out of the tokens) does not part them. */
static int spaced(const rd_node *p, const rd_node *t) {
  size_t pe, ts, srclen;
  const char *src = rd_doc_source(&srclen, rd_node_doc(t));
  rd_node_span(NULL, &pe, p);
  rd_node_span(&ts, NULL, t);
  if (!src || ts <= pe || ts > srclen) return 0;
  for (size_t i = pe; i < ts; i++)
    if (strchr(" \t\r\n", src[i]) || (i + 3 <= ts && !memcmp(src + i, "\xE3\x80\x80", 3))) return 1;
  return 0;
}

/* Whether, in romaji, token t is written joined to the token p before it
 * rather than after a space. Token edges only ever place spaces: the kana
 * of joined tokens are converted together, so nothing a token edge cuts
 * (a syllable, a geminate, a long vowel) comes out split. */
static int joined(const rd_node *p, const rd_node *t) {
  size_t pl, tl, psl, tsl;
  const char *ps = token_kana(p, &pl), *ts = token_kana(t, &tl);
  const char *psurf = rd_node_text(&psl, p), *tsurf = rd_node_text(&tsl, t);
  uint32_t c;
  if (spaced(p, t)) return 0; /* input spaces are kept as written */
  if (ends_with_kana(ps, pl) && starts_mid_syllable(ts, tl))
    return 1; /* じ|ぇ, やった|ー: kana on both sides */
  int pa = is_ascii_text(psurf, psl), ta = is_ascii_text(tsurf, tsl);
  if (pa && ta) return 1;                   /* McDonald's, 04:30.748, 333m */
  if (first_cp(ts, tl, &c)) {
    uint32_t a = c < 0x80 ? c : ascii_of(c);
    if (a && a != '"' && strchr(".,!?)]}:;", (int)a)) return 1; /* closing punctuation */
    if (c == 0x300D || c == 0x300F || c == 0x3011 || c == 0x3015 || c == 0x2026) return 1; /* 」』】〕… */
  }
  if (pl && strchr("([{", ps[pl - 1])) return 1;
  if (pl >= 3 && (!memcmp(ps + pl - 3, "\xE3\x80\x8C", 3) || !memcmp(ps + pl - 3, "\xE3\x80\x8E", 3) ||
                  !memcmp(ps + pl - 3, "\xEF\xBC\x88", 3) || !memcmp(ps + pl - 3, "\xE3\x80\x90", 3)))
    return 1; /* after 「『（【 */
  if (pa && !is_number(p)) return 0; /* Latin, then Japanese: 333m desu, not 333 mdesu */
  rd_pos k = rd_token_pos_class(t);
  const char *pos = rd_token_pos(t);
  if (k == RD_POS_AUXILIARY || k == RD_POS_SUFFIX) return 1;
  if (pos && (strstr(pos, "接続助詞") || strstr(pos, ",接尾"))) return 1;
  if (ends_with_sokuon(ps, pl)) return 1;
  if (rd_token_pos_class(p) == RD_POS_PREFIX && !is_number(t)) return 1;
  if (is_number(p) && is_number(t)) return 1;
  return 0;
}

typedef struct kctx {
  rd__buf out;
  rd__buf word; /* romaji: kana of the word being built */
  rd_script script;
} kctx;

static void flush_word(kctx *k) {
  if (!k->word.len) return;
  if (k->out.len && k->out.ptr[k->out.len - 1] != ' ' && k->out.ptr[k->out.len - 1] != '\n') rd__buf_putc(&k->out, ' ');
  put_romaji(&k->out, k->word.ptr, k->word.len);
  k->word.len = 0;
}

static void put_token(kctx *k, const rd_node *prev, const rd_node *t) {
  size_t len;
  const char *s = token_kana(t, &len);
  if (k->script != RD_SCRIPT_ROMAJI) {
    put_kana(&k->out, s, len, k->script == RD_SCRIPT_KATAKANA);
    return;
  }
  if (rd_token_pos_class(t) == RD_POS_WHITESPACE) { flush_word(k); return; }
  if (!prev || !joined(prev, t)) flush_word(k);
  if (rd_token_pos_class(t) == RD_POS_PARTICLE) {
    /* は and へ as particles are pronounced, and so written, wa and e. */
    for (size_t i = 0; i < len;) {
      uint32_t c = 0; /* stays 0 on a byte rd__kana_fold cannot decode: copied as is */
      size_t n = rd__kana_fold(s + i, len - i, &c);
      if (n == 0) n = 1;
      if (c == 0x306F) rd__buf_puts(&k->word, "\xE3\x82\x8F");      /* は -> わ */
      else if (c == 0x3078) rd__buf_puts(&k->word, "\xE3\x81\x88"); /* へ -> え */
      else rd__buf_put(&k->word, s + i, n);
      i += n;
    }
  } else {
    rd__buf_put(&k->word, s, len);
  }
}

static int all_space(const char *s, size_t len) {
  for (size_t i = 0; i < len; i++)
    if (!strchr(" \t\r\n", s[i])) return 0;
  return 1;
}

static rd_status put_sentence(kctx *k, const rd_node *s) {
  size_t nt = rd_sentence_token_count(s), tl;
  const char *text = rd_node_text(&tl, s);
  if (nt == 0 && tl && !all_space(text, tl))
    return rd__error(RD_EINVALID, -1, (int64_t)rd_node_line(s),
                     "rd_node_to_kana: the sentence on line %zu has no tokens; annotate the document first "
                     "(rd_doc_annotate)", rd_node_line(s));
  if (k->script == RD_SCRIPT_ROMAJI) flush_word(k);
  const rd_node *prev = NULL;
  size_t srclen;
  const char *src = rd_doc_source(&srclen, rd_node_doc(s));
  for (size_t i = 0; i < nt; i++) {
    const rd_node *t = rd_sentence_token_at(s, i);
    if (prev && k->script != RD_SCRIPT_ROMAJI) { /* keep the white space between tokens */
      size_t pe, ts;
      rd_node_span(NULL, &pe, prev);
      rd_node_span(&ts, NULL, t);
      if (ts > pe && ts <= srclen && all_space(src + pe, ts - pe)) rd__buf_put(&k->out, src + pe, ts - pe);
    }
    put_token(k, prev, t);
    prev = t;
  }
  if (k->script == RD_SCRIPT_ROMAJI) flush_word(k);
  return RD_OK;
}

static rd_status put_block(kctx *k, const rd_node *b) {
  for (size_t i = 0; i < rd_block_sentence_count(b); i++) {
    rd_status st = put_sentence(k, rd_block_sentence_at(b, i));
    if (st < 0) return st;
  }
  return RD_OK;
}

static void new_line(kctx *k) {
  while (k->out.len && k->out.ptr[k->out.len - 1] == ' ') k->out.len--;
  if (k->out.len && k->out.ptr[k->out.len - 1] != '\n') rd__buf_putc(&k->out, '\n');
}

static rd_status put_node(kctx *k, const rd_node *n) {
  switch (rd_node_kind_of(n)) {
  case RD_NODE_TOKEN:
    put_token(k, NULL, n);
    if (k->script == RD_SCRIPT_ROMAJI) flush_word(k);
    return RD_OK;
  case RD_NODE_SENTENCE: return put_sentence(k, n);
  case RD_NODE_HEADING: case RD_NODE_PARAGRAPH: case RD_NODE_QUESTION: return put_block(k, n);
  case RD_NODE_SECTION: case RD_NODE_DOCUMENT:
    for (const rd_node *c = rd_node_first_child(n); c; c = rd_node_next(c)) {
      rd_node_kind ck = rd_node_kind_of(c);
      if (ck == RD_NODE_REFERENCES) continue;
      new_line(k);
      rd_status st = put_node(k, c);
      if (st < 0) return st;
    }
    return RD_OK;
  default:
    return rd__error(RD_EINVALID, -1, 0, "rd_node_to_kana: a %s node has no Japanese text",
                     rd_node_kind_name(rd_node_kind_of(n)));
  }
}

rd_status rd_node_to_kana(char **out, size_t *len_out, const rd_node *node, rd_script script) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_node_to_kana: NULL argument");
  *out = NULL;
  if (len_out) *len_out = 0;
  if (!node) return rd__error(RD_EINVALID, -1, 0, "rd_node_to_kana: NULL node");
  if ((unsigned)script > RD_SCRIPT_ROMAJI)
    return rd__error(RD_EINVALID, -1, 0, "rd_node_to_kana: unknown script %d", (int)script);
  kctx k = {RD__BUF_INIT, RD__BUF_INIT, script};
  rd_status st = put_node(&k, node);
  if (k.word.oom) k.out.oom = 1;
  rd__buf_dispose(&k.word);
  if (st < 0) { rd__buf_dispose(&k.out); return st; }
  while (k.out.len && (k.out.ptr[k.out.len - 1] == ' ' || k.out.ptr[k.out.len - 1] == '\n'))
    k.out.ptr[--k.out.len] = '\0';
  return finish(&k.out, out, len_out);
}
