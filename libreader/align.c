/* Furigana alignment: split a reading over a word so that kanji runs carry
 * readings and kana stay plain. The word becomes a pattern of units (one
 * kana or literal character each, or a run of kanji that takes one or more
 * reading characters); forward and backward reachability over (unit,
 * reading position) give, for every unit boundary, the reading positions
 * some full match uses. A boundary with exactly one such position is a
 * safe split; kanji runs between safe splits share one ruby, so an
 * ambiguous word is never split wrongly. Cost O(units x reading chars),
 * bounded by ALIGN_MAX_CELLS; beyond that a coarse match (leading and
 * trailing kana only) is used. With RD_ALIGN_PER_KANJI, a run of plain
 * kanji is then split per kanji when KANJIDIC's readings (Debian package
 * kanjidic, loaded once per process) decompose its reading in exactly one
 * way: 裏切 うらぎ -> 裏[うら]切[ぎ]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kana_internal.h"
#include "kanjidic.h"
#include "reader/align.h"

enum { U_KANA, U_LIT, U_RUN, U_SKIP };

typedef struct unit {
  uint8_t type;
  uint8_t has_kanji; /* runs: contains a kanji (a run of digits or Latin gets no ruby) */
  size_t nk;         /* runs: kanji in it; each reads as one kana at least */
  uint32_t cp;       /* kana/literal: the folded code point */
  size_t start, end; /* bytes in the word */
} unit;

typedef struct rchar {
  uint32_t cp;  /* folded */
  size_t start; /* byte in the reading */
} rchar;

typedef struct seg {
  size_t start, end; /* bytes in the word */
  size_t j0, j1;     /* reading characters */
} seg;

#define SMALL_UNITS 48
#define SMALL_RCHARS 96
#define ALIGN_MAX_CELLS ((size_t)1 << 22)

/* Full-width ASCII to ASCII, upper to lower case: literal characters of
 * a word match the reading regardless of width and case. */
static uint32_t fold_literal(uint32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
  if (c == 0x3000) c = ' ';
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  return c;
}

static int is_vowel(uint32_t c) {
  switch (c) {
  case 0x3042: case 0x3044: case 0x3046: case 0x3048: case 0x304A: /* あいうえお */
  case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049: /* ぁぃぅぇぉ */
    return 1;
  }
  return 0;
}

/* Small kana -> their full-size form (ぁ->あ, っ->つ, ゃ->や, ゎ->わ, ゕ->か, ゖ->け). */
static uint32_t large(uint32_t c) {
  switch (c) {
  case 0x3041: case 0x3043: case 0x3045: case 0x3047: case 0x3049:
  case 0x3063: case 0x3083: case 0x3085: case 0x3087: case 0x308E:
    return c + 1;
  case 0x3095: return 0x304B;
  case 0x3096: return 0x3051;
  }
  return c;
}

/* Whether a kana of the word may stand for a character of the reading:
 * equal after folding, small/large, ぢ/じ and づ/ず, ー for a vowel. */
static int kana_eq(uint32_t w, uint32_t r) {
  if (w == r) return 1;
  if (!rd__kana_is_kana(r)) return 0;
  if (w == 0x30FC) return is_vowel(r);
  if (r == 0x30FC) return is_vowel(w);
  w = large(w);
  r = large(r);
  if (w == 0x3062) w = 0x3058; /* ぢ -> じ */
  if (r == 0x3062) r = 0x3058;
  if (w == 0x3065) w = 0x305A; /* づ -> ず */
  if (r == 0x3065) r = 0x305A;
  return w == r;
}

/* The voiced (mark 1) or semi-voiced (mark 2) form of a hiragana, or 0. */
static uint32_t voiced_hira(uint32_t c, int mark) {
  if (mark == 1 && ((c >= 0x304B && c <= 0x3062 && (c & 1)) || c == 0x3064 || c == 0x3066 || c == 0x3068)) return c + 1;
  if (c >= 0x306F && c <= 0x307B && (c - 0x306F) % 3 == 0) return c + (uint32_t)mark;
  return 0;
}

/* Whether a run's reading may begin with c: no Japanese reading starts
 * with a small kana, ん or ー, so such a split is never right. */
static int start_ok(uint32_t c) {
  if (!rd__kana_is_kana(c) || c == 0x30FC || c == 0x3093) return 0;
  return large(c) == c;
}

static int unit_matches(const unit *u, uint32_t r) {
  return u->type == U_KANA ? kana_eq(u->cp, r) : fold_literal(u->cp) == fold_literal(r);
}

/* ---- decoding ---------------------------------------------------------- */

static rd_status bad_utf8(const char *what, const char *s, size_t at) {
  return rd__error(RD_EENCODING, (int64_t)at, 0, "rd_align: %s in the %s at byte %zu",
                   s[at] ? "invalid UTF-8" : "NUL byte", what, at);
}

/* Fold the reading into rc (capacity: reading_len). Sets *any_other when
 * it holds a character that is not kana (then the word's digits and Latin
 * are matched literally rather than as readable runs). */
static rd_status decode_reading(const char *r, size_t len, rchar *rc, size_t *n_out, int *any_other) {
  size_t n = 0;
  *any_other = 0;
  for (size_t i = 0; i < len;) {
    uint32_t c;
    size_t k = r[i] ? rd__kana_fold(r + i, len - i, &c) : 0;
    if (k == 0) return bad_utf8("reading", r, i);
    rc[n].cp = c;
    rc[n].start = i;
    n++;
    if (!rd__kana_is_kana(c)) *any_other = 1;
    i += k;
  }
  *n_out = n;
  return RD_OK;
}

/* Symbols inside a word (・ ＝ ＆ ＋ ＿ ・ 〜 …): punctuation, not letters
 * or digits, so they carry no reading of their own. */
static int is_symbol(uint32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
  if (c < 0x80) return c > ' ' && !((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
  return c == 0x30FB || c == 0xFF65 || c == 0x301C || c == 0x2026 || c == 0x2025 || (c >= 0x3001 && c <= 0x3003) ||
         (c >= 0x2010 && c <= 0x2015);
}

/* Cut the word into units. Kanji (with 々 ヶ 〆, and a full-size ケ
 * between two kanji, as in 霞ケ関) form runs; so do digits, Latin and
 * symbols when the reading is all kana (２４日 -> one run), otherwise they
 * are literal characters. */
static rd_status decode_word(const char *w, size_t len, int literal_other, unit *u, size_t *n_out, size_t *nruns,
                             int *any_kanji) {
  size_t n = 0;
  *nruns = 0;
  *any_kanji = 0;
  uint32_t prev_raw = 0;
  for (size_t i = 0; i < len;) {
    uint32_t raw, c;
    size_t k = w[i] ? rd__utf8_decode(w + i, len - i, &raw) : 0;
    if (k == 0) return bad_utf8("word", w, i);
    int cls; /* 0 kana, 1 literal, 2 run */
    if (rd__is_kanji(raw)) {
      cls = 2;
      c = raw;
    } else {
      k = rd__kana_fold(w + i, len - i, &c);
      if (raw == 0x30B1 && rd__is_kanji(prev_raw)) {
        uint32_t next = 0;
        cls = rd__utf8_decode(w + i + k, len - i - k, &next) && rd__is_kanji(next) ? 2 : 0;
      } else if (rd__kana_is_kana(c)) {
        cls = 0;
      } else if (is_symbol(raw)) {
        cls = 3; /* ・ in トム・ソーヤー: read as nothing (or as itself), an anchor like kana */
      } else {
        cls = literal_other ? 1 : 2;
      }
    }
    if (cls == 2 && n && u[n - 1].type == U_RUN) {
      u[n - 1].end = i + k;
      u[n - 1].has_kanji |= (uint8_t)rd__is_kanji(raw);
      u[n - 1].nk += rd__is_kanji(raw) || raw == 0x30B1;
    } else {
      u[n].type = cls == 0 ? U_KANA : cls == 1 ? U_LIT : cls == 2 ? U_RUN : U_SKIP;
      u[n].nk = cls == 2 && (rd__is_kanji(raw) || raw == 0x30B1);
      u[n].has_kanji = (uint8_t)(cls == 2 && (rd__is_kanji(raw) || raw == 0x30B1));
      u[n].cp = c;
      u[n].start = i;
      u[n].end = i + k;
      if (cls == 2) (*nruns)++;
      n++;
    }
    if (cls == 2 && (rd__is_kanji(raw) || raw == 0x30B1)) *any_kanji = 1;
    prev_raw = raw;
    i += k;
  }
  *n_out = n;
  return RD_OK;
}

/* ---- matching ------------------------------------------------------------ */

/* Forward table F[i][j]: units [0,i) can consume reading [0,j). Backward
 * table B[i][j]: units [i,U) can consume reading [j,R). Rows of R+1 bytes. */
static void fill_tables(const unit *u, size_t nu, const rchar *rc, size_t nr, uint8_t *F, uint8_t *B) {
  size_t w = nr + 1;
  memset(F, 0, (nu + 1) * w);
  memset(B, 0, (nu + 1) * w);
  F[0] = 1;
  for (size_t i = 0; i < nu; i++) {
    const uint8_t *f = F + i * w;
    uint8_t *g = F + (i + 1) * w;
    if (u[i].type == U_RUN) {
      /* The earliest reachable start of the run since the last non-kana;
       * the run reads one kana per kanji at least (爆売れ is no うれ). */
      size_t start = SIZE_MAX;
      for (size_t j = 0; j < nr; j++) {
        if (!rd__kana_is_kana(rc[j].cp)) { start = SIZE_MAX; continue; }
        if (start == SIZE_MAX && f[j] && start_ok(rc[j].cp)) start = j;
        g[j + 1] = (uint8_t)(start != SIZE_MAX && j + 1 - start >= u[i].nk);
      }
    } else if (u[i].type == U_SKIP) {
      for (size_t j = 0; j <= nr; j++) {
        if (f[j]) g[j] = 1;
        if (j < nr && f[j] && fold_literal(u[i].cp) == fold_literal(rc[j].cp)) g[j + 1] = 1;
      }
    } else {
      for (size_t j = 0; j < nr; j++)
        if (f[j] && unit_matches(&u[i], rc[j].cp)) g[j + 1] = 1;
    }
  }
  B[nu * w + nr] = 1;
  for (size_t i = nu; i-- > 0;) {
    const uint8_t *h = B + (i + 1) * w;
    uint8_t *b = B + i * w;
    if (u[i].type == U_RUN) {
      /* The farthest end e such that reading [j, e) is all kana and units
       * [i+1,U) can go on from e; the run needs nk kana at least. */
      size_t end = 0;
      for (size_t j = nr; j-- > 0;) {
        if (!rd__kana_is_kana(rc[j].cp)) { end = 0; continue; }
        if (!end && h[j + 1]) end = j + 1;
        b[j] = (uint8_t)(end && end - j >= u[i].nk && start_ok(rc[j].cp));
      }
    } else if (u[i].type == U_SKIP) {
      for (size_t j = 0; j <= nr; j++) {
        if (h[j]) b[j] = 1;
        if (j < nr && h[j + 1] && fold_literal(u[i].cp) == fold_literal(rc[j].cp)) b[j] = 1;
      }
    } else {
      for (size_t j = 0; j < nr; j++)
        if (h[j + 1] && unit_matches(&u[i], rc[j].cp)) b[j] = 1;
    }
  }
}

/* Segments from the tables: cut at every boundary with a single feasible
 * reading position; each piece between cuts that holds a kanji gets the
 * reading between its cuts. pos is scratch for nu+1 entries. */
static size_t fine_segments(const unit *u, size_t nu, size_t nr, const uint8_t *F, const uint8_t *B, size_t *pos,
                            seg *out) {
  size_t w = nr + 1;
  for (size_t i = 0; i <= nu; i++) {
    size_t count = 0, at = 0;
    for (size_t j = 0; j <= nr && count < 2; j++)
      if (F[i * w + j] && B[i * w + j]) { count++; at = j; }
    pos[i] = count == 1 ? at : SIZE_MAX;
  }
  size_t n = 0;
  for (size_t a = 0; a < nu;) {
    size_t b = a + 1;
    while (pos[b] == SIZE_MAX) b++; /* pos[nu] is always fixed (== nr) */
    int kanji = 0;
    for (size_t i = a; i < b; i++) kanji |= u[i].type == U_RUN && u[i].has_kanji;
    if (kanji) {
      out[n].start = u[a].start;
      out[n].end = u[b - 1].end;
      out[n].j0 = pos[a];
      out[n].j1 = pos[b];
      n++;
    }
    a = b;
  }
  return n;
}

/* Coarse match: the word's kana and literals before its first run and
 * after its last run match the ends of the reading, and everything in
 * between is one run over whatever reading is left. On failure sets the
 * error, naming the part that does not fit. */
static rd_status coarse(const unit *u, size_t nu, const rchar *rc, size_t nr, const char *word, const char *reading,
                        seg *out, size_t *n_out) {
  size_t first = 0, last = nu;
  while (first < nu && u[first].type != U_RUN) first++;
  if (first == nu) { /* no run: the word must spell the reading */
    for (size_t i = 0; i < nu; i++)
      if (i >= nr || !unit_matches(&u[i], rc[i].cp))
        return rd__error(RD_EINVALID, (int64_t)u[i].start, 0,
                         "reading \"%s\" does not fit word \"%s\": \"%.*s\" at byte %zu %s", reading, word,
                         (int)(u[i].end - u[i].start), word + u[i].start, u[i].start,
                         i >= nr ? "is beyond the end of the reading" : "differs from the reading");
    if (nu < nr)
      return rd__error(RD_EINVALID, -1, 0, "reading \"%s\" does not fit word \"%s\": the reading is longer", reading,
                       word);
    *n_out = 0;
    return RD_OK;
  }
  while (u[last - 1].type != U_RUN) last--;
  size_t tail = nu - last;
  for (size_t i = 0; i < first; i++)
    if (i >= nr || !unit_matches(&u[i], rc[i].cp))
      return rd__error(RD_EINVALID, (int64_t)u[i].start, 0,
                       "reading \"%s\" does not fit word \"%s\": \"%.*s\" at byte %zu is not at the start of the "
                       "reading",
                       reading, word, (int)(u[i].end - u[i].start), word + u[i].start, u[i].start);
  for (size_t t = 0; t < tail; t++) {
    const unit *x = &u[nu - 1 - t];
    if (t >= nr || nr - 1 - t < first || !unit_matches(x, rc[nr - 1 - t].cp))
      return rd__error(RD_EINVALID, (int64_t)x->start, 0,
                       "reading \"%s\" does not fit word \"%s\": \"%.*s\" at byte %zu is not at the end of the reading",
                       reading, word, (int)(x->end - x->start), word + x->start, x->start);
  }
  size_t j0 = first, j1 = nr - tail, nk = 0;
  for (size_t i = first; i < last; i++) nk += u[i].type == U_RUN ? u[i].nk : 0;
  if (j1 <= j0)
    return rd__error(RD_EINVALID, (int64_t)u[first].start, 0,
                     "reading \"%s\" does not fit word \"%s\": no reading is left for \"%.*s\" at byte %zu", reading,
                     word, (int)(u[last - 1].end - u[first].start), word + u[first].start, u[first].start);
  if (j1 - j0 < nk) /* every kanji reads as one kana at least */
    return rd__error(RD_EINVALID, (int64_t)u[first].start, 0,
                     "reading \"%s\" does not fit word \"%s\": %zu kana left for the %zu kanji of \"%.*s\" at byte %zu",
                     reading, word, j1 - j0, nk, (int)(u[last - 1].end - u[first].start), word + u[first].start,
                     u[first].start);
  for (size_t j = j0; j < j1; j++)
    if (!rd__kana_is_kana(rc[j].cp) || (j == j0 && !start_ok(rc[j].cp)))
      return rd__error(RD_EINVALID, (int64_t)rc[j].start, 0,
                       "reading \"%s\" does not fit word \"%s\": \"%.*s\" at byte %zu of the reading %s", reading, word,
                       (int)((j + 1 < nr ? rc[j + 1].start : strlen(reading)) - rc[j].start), reading + rc[j].start,
                       rc[j].start, j == j0 ? "cannot begin the reading of a kanji" : "is not kana");
  int kanji = 0;
  for (size_t i = first; i < last; i++) kanji |= u[i].type == U_RUN && u[i].has_kanji;
  size_t n = 0;
  if (kanji) {
    out[0].start = u[first].start;
    out[0].end = u[last - 1].end;
    out[0].j0 = j0;
    out[0].j1 = j1;
    n = 1;
  }
  *n_out = n;
  return RD_OK;
}

/* Kanji whose reading is no reading of their own: repeat marks, counters. */
static int splittable_kanji(uint32_t c) {
  return rd__is_kanji(c) && c != 0x3005 && c != 0x3006 && c != 0x3007 && c != 0x30F5 && c != 0x30F6;
}

#define SPLIT_MAX_KANJI 12
#define SPLIT_MAX_READING 48

/* Split a run of plain kanji (word bytes [s->start, s->end)) over its
 * reading rc[s->j0 .. s->j1) when KANJIDIC's readings decompose it in
 * exactly one way, allowing rendaku on a non-first kanji (き -> ぎ, は -> ば/ぱ)
 * and a final つちくき becoming っ before another kanji (がく -> がっ).
 * Writes the pieces to out and returns their number, or 0 for no split. */
static size_t split_run(const char *word, const seg *s, const rchar *rc, seg *out) {
  uint32_t k[SPLIT_MAX_KANJI];
  size_t kb[SPLIT_MAX_KANJI + 1], m = 0;
  for (size_t i = s->start; i < s->end;) {
    uint32_t c;
    size_t n = rd__utf8_decode(word + i, s->end - i, &c);
    if (!n || !splittable_kanji(c) || m == SPLIT_MAX_KANJI) return 0;
    kb[m] = i;
    k[m++] = c;
    i += n;
  }
  kb[m] = s->end;
  size_t L = s->j1 - s->j0;
  if (m < 2 || L > SPLIT_MAX_READING || !rd__kanji_readings_loaded()) return 0;
  const rd__kanji_entry *e[SPLIT_MAX_KANJI];
  for (size_t i = 0; i < m; i++)
    if (!(e[i] = rd__kanji_find(k[i]))) return 0;
  const rchar *r = rc + s->j0;
  uint8_t ways[SPLIT_MAX_KANJI + 1][SPLIT_MAX_READING + 1];
  uint8_t back[SPLIT_MAX_KANJI + 1][SPLIT_MAX_READING + 1];
  memset(ways, 0, sizeof ways);
  ways[0][0] = 1;
  for (size_t i = 0; i < m; i++) {
    for (size_t p = 0; p < L; p++) {
      if (!ways[i][p]) continue;
      uint8_t reach[SPLIT_MAX_READING + 1] = {0}; /* end positions, each counted once */
      for (uint32_t x = 0; x < e[i]->count; x++) {
        size_t n;
        const uint16_t *c = rd__kanji_reading(e[i], x, &n);
        if (p + n > L) continue;
        for (int v = 0; v < 3; v++) {     /* first: as is, voiced, semi-voiced */
          uint32_t f = c[0];
          if (v && (i == 0 || !(f = voiced_hira(c[0], v)))) continue;
          for (int g = 0; g < 2; g++) {   /* last: as is, or っ */
            uint32_t l = c[n - 1];
            if (g && (i + 1 == m || n < 2 || !(l == 0x3064 || l == 0x3061 || l == 0x304F || l == 0x304D))) continue;
            if (g) l = 0x3063;
            int ok = r[p].cp == f && (n == 1 || r[p + n - 1].cp == l);
            for (size_t q = 1; ok && q + 1 < n; q++) ok = r[p + q].cp == c[q];
            if (n == 1 && g) ok = 0;
            if (ok) reach[p + n] = 1;
          }
        }
      }
      for (size_t q = p + 1; q <= L; q++) {
        if (!reach[q]) continue;
        if (!ways[i + 1][q]) back[i + 1][q] = (uint8_t)p;
        ways[i + 1][q] = (uint8_t)(ways[i + 1][q] + ways[i][p] > 2 ? 2 : ways[i + 1][q] + ways[i][p]);
      }
    }
  }
  if (ways[m][L] != 1) return 0;
  size_t p = L;
  for (size_t i = m; i > 0; i--) {
    size_t q = back[i][p];
    out[i - 1].start = kb[i - 1];
    out[i - 1].end = kb[i];
    out[i - 1].j0 = s->j0 + q;
    out[i - 1].j1 = s->j0 + p;
    p = q;
  }
  return m;
}

/* ---- result ---------------------------------------------------------------- */

static size_t encoded_len(const rchar *rc, size_t j0, size_t j1) {
  char tmp[4];
  size_t n = 0;
  for (size_t j = j0; j < j1; j++) n += rd__utf8_encode(rc[j].cp, tmp);
  return n;
}

/* Split what can be split per kanji (into fin, capacity: the word's
 * characters), then copy the segments and their readings into one block. */
static rd_status emit(rd_ruby **out, size_t *count_out, const seg *s0, size_t n0, const rchar *rc, const char *word,
                      seg *fin, unsigned flags, rd__arena *arena) {
  size_t n = 0;
  for (size_t k = 0; k < n0; k++) {
    size_t m = flags & RD_ALIGN_PER_KANJI ? split_run(word, &s0[k], rc, fin + n) : 0;
    if (m == 0) fin[n] = s0[k];
    n += m ? m : 1;
  }
  const seg *s = fin;
  if (n == 0) return RD_OK;
  size_t bytes = n * sizeof(rd_ruby);
  for (size_t k = 0; k < n; k++) bytes += encoded_len(rc, s[k].j0, s[k].j1) + 1;
  rd_ruby *r = arena ? rd__arena_alloc(arena, bytes) : malloc(bytes);
  if (!r) return rd__oom();
  char *text = (char *)(r + n);
  for (size_t k = 0; k < n; k++) {
    r[k].version = RD_RUBY_VERSION;
    r[k].start = s[k].start;
    r[k].len = s[k].end - s[k].start;
    r[k].reading = text;
    for (size_t j = s[k].j0; j < s[k].j1; j++) text += rd__utf8_encode(rc[j].cp, text);
    r[k].reading_len = (size_t)(text - r[k].reading);
    *text++ = '\0';
  }
  *out = r;
  *count_out = n;
  return RD_OK;
}

rd_status rd__align(rd_ruby **out, size_t *count_out, const char *word, size_t word_len, const char *reading,
                    size_t reading_len, unsigned flags, rd__arena *arena) {
  if (!out || !count_out || (!word && word_len) || (!reading && reading_len))
    return rd__error(RD_EINVALID, -1, 0, "rd_align: NULL argument");
  *out = NULL;
  *count_out = 0;
  if (!word) word = "";
  if (!reading) reading = "";

  /* Scratch: units and reading characters, the two tables, positions and
   * segments; on the stack for ordinary words, one malloc otherwise. */
  unit su[SMALL_UNITS];
  rchar src[SMALL_RCHARS];
  uint8_t sF[(SMALL_UNITS + 1) * (SMALL_RCHARS + 1)], sB[(SMALL_UNITS + 1) * (SMALL_RCHARS + 1)];
  size_t spos[SMALL_UNITS + 1];
  seg sseg[SMALL_UNITS];
  seg sfin[SMALL_UNITS];
  unit *u = su;
  rchar *rc = src;
  seg *fin = sfin;
  void *heap = NULL;
  size_t ucap = rd__utf8_count(word, word_len), rcap = rd__utf8_count(reading, reading_len);
  if (ucap > SMALL_UNITS || rcap > SMALL_RCHARS) {
    heap = malloc(ucap * (sizeof *u + sizeof *fin) + rcap * sizeof *rc + 1);
    if (!heap) return rd__oom();
    u = heap;
    fin = (seg *)(void *)(u + ucap);
    rc = (rchar *)(void *)(fin + ucap);
  }

  size_t nu = 0, nr = 0, nruns = 0, nskip = 0;
  int any_other = 0, any_kanji = 0;
  rd_status st = decode_reading(reading, reading_len, rc, &nr, &any_other);
  if (st == RD_OK) st = decode_word(word, word_len, any_other, u, &nu, &nruns, &any_kanji);
  if (st < 0) goto done;
  for (size_t i = 0; i < nu; i++) nskip += u[i].type == U_SKIP;
  /* A word that is all one kanji run may be read as a whole (jukujikun:
   * 百舌鳥 もず), shorter than its kanji; a run beside kana may not. */
  if (nu == 1 && u[0].type == U_RUN && u[0].nk > 1) u[0].nk = 1;
  if (!any_kanji && nr == 0) goto done; /* kana, Latin or symbols with no reading given */
  if (nr == 0) {
    st = rd__error(RD_EINVALID, -1, 0, "rd_align: empty reading for word \"%.*s\", which has kanji",
                   (int)word_len, word);
    goto done;
  }

  const char *wz = word, *rz = reading; /* NUL-terminated copies for messages */
  char wbuf[256], rbuf[256];
  if (word_len < sizeof wbuf) { memcpy(wbuf, word, word_len); wbuf[word_len] = '\0'; wz = wbuf; }
  else { memcpy(wbuf, "(long word)", 12); wz = wbuf; }
  if (reading_len < sizeof rbuf) { memcpy(rbuf, reading, reading_len); rbuf[reading_len] = '\0'; rz = rbuf; }
  else { memcpy(rbuf, "(long reading)", 15); rz = rbuf; }

  size_t cells = (nu + 1) * (nr + 1);
  if ((nruns > 1 || nskip) && cells <= ALIGN_MAX_CELLS) {
    uint8_t *F = sF, *B = sB;
    size_t *pos = spos;
    seg *sg = sseg;
    void *tab = NULL;
    if (nu > SMALL_UNITS || nr > SMALL_RCHARS) {
      tab = malloc(2 * cells + (nu + 1) * sizeof *pos + nu * sizeof *sg);
      if (!tab) { st = rd__oom(); goto done; }
      pos = tab;
      sg = (seg *)(void *)(pos + nu + 1);
      F = (uint8_t *)(sg + nu);
      B = F + cells;
    }
    fill_tables(u, nu, rc, nr, F, B);
    if (F[nu * (nr + 1) + nr]) {
      size_t n = fine_segments(u, nu, nr, F, B, pos, sg);
      st = emit(out, count_out, sg, n, rc, word, fin, flags, arena);
      free(tab);
      goto done;
    }
    free(tab);
  }
  /* One run, no full match, or too large for the tables. */
  seg one[1];
  size_t n = 0;
  st = coarse(u, nu, rc, nr, wz, rz, one, &n);
  if (st == RD_OK) st = emit(out, count_out, one, n, rc, word, fin, flags, arena);
done:
  free(heap);
  return st;
}

rd_status rd_align(rd_ruby **out, size_t *count_out, const char *word, size_t word_len, const char *reading,
                   size_t reading_len) {
  return rd__align(out, count_out, word, word_len, reading, reading_len, RD_ALIGN_PER_KANJI, NULL);
}

rd_status rd_align_with_flags(rd_ruby **out, size_t *count_out, const char *word, size_t word_len, const char *reading,
                              size_t reading_len, unsigned flags) {
  return rd__align(out, count_out, word, word_len, reading, reading_len, flags, NULL);
}

bool rd_align_per_kanji_available(void) { return rd__kanji_readings_loaded() != 0; }
