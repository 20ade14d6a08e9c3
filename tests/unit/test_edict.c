/* edict.c: the EDICT line grammar (every marker), the EUC-JP converter,
 * and a KANJIDIC line (kanjidic.c). */
#include "harness.h"

#include "edict.h"
#include "kanjidic.h"

static int span_is(const char *s, size_t n, const char *want) { return n == strlen(want) && !memcmp(s, want, n); }

static void edict__line_parts(void) {
  const char *l = "猫 [ねこ] /(n) cat/";
  rd__edict_line e;
  REQUIRE(rd__edict_parse_line(&e, l, strlen(l)));
  OK(span_is(e.headwords, e.headwords_len, "猫"));
  OK(span_is(e.readings, e.readings_len, "ねこ"));
  OK(span_is(e.fields, e.fields_len, "(n) cat/"));
  l = "ぎっくり /(adv,adv-to,vs) (1) with surprise/"; /* kana-only: no reading */
  REQUIRE(rd__edict_parse_line(&e, l, strlen(l)));
  OK(e.readings == NULL);
  OK(span_is(e.headwords, e.headwords_len, "ぎっくり"));
  OK(!rd__edict_parse_line(&e, "no glosses here", 15));
  OK(!rd__edict_parse_line(&e, " [x] /y/", 8));        /* empty headword */
  OK(!rd__edict_parse_line(&e, "猫 [ねこ /cat/", strlen("猫 [ねこ /cat/"))); /* unclosed reading */
  OK(!rd__edict_parse_line(&e, "猫", strlen("猫")));
}

static void edict__fields_tags_and_senses(void) {
  const char *l = "〆 [しめ] /(n) (1) tie up/(n,vs) (2) (P) sum/(town) market/(uk) (v5r) (vk,prt) x/(ksb:) y/";
  rd__edict_line e;
  REQUIRE(rd__edict_parse_line(&e, l, strlen(l)));
  const char *pos = e.fields, *end = e.fields + e.fields_len;
  rd__edict_field f;
  REQUIRE(rd__edict_next_field(&f, &pos, end));
  OK(span_is(f.text, f.len, "tie up"));
  INT_EQ(f.sense, 1);
  OK(rd__edict_has_tag(f.tags, f.tags_len, "n") && !rd__edict_has_tag(f.tags, f.tags_len, "vs"));
  REQUIRE(rd__edict_next_field(&f, &pos, end));
  OK(span_is(f.text, f.len, "sum"));
  INT_EQ(f.sense, 2);
  OK(rd__edict_has_tag(f.tags, f.tags_len, "P") && rd__edict_has_tag(f.tags, f.tags_len, "vs"));
  /* every tag in order; sense numbers are not tags */
  const char *tp = f.tags, *t;
  size_t tn, k = 0;
  const char *want[] = {"n", "vs", "P"};
  while (rd__edict_next_tag(&t, &tn, &tp, f.tags + f.tags_len)) {
    OK(k < 3 && span_is(t, tn, want[k]));
    k++;
  }
  INT_EQ(k, 3);
  REQUIRE(rd__edict_next_field(&f, &pos, end)); /* "(town)" is no tag: gloss text */
  OK(span_is(f.text, f.len, "(town) market"));
  INT_EQ(f.tags_len, 0);
  REQUIRE(rd__edict_next_field(&f, &pos, end));
  OK(span_is(f.text, f.len, "x"));
  OK(rd__edict_has_tag(f.tags, f.tags_len, "uk") && rd__edict_has_tag(f.tags, f.tags_len, "v5r") &&
     rd__edict_has_tag(f.tags, f.tags_len, "vk") && rd__edict_has_tag(f.tags, f.tags_len, "prt"));
  REQUIRE(rd__edict_next_field(&f, &pos, end)); /* a dialect: its ':' dropped */
  OK(rd__edict_has_tag(f.tags, f.tags_len, "ksb"));
  OK(span_is(f.text, f.len, "y"));
  OK(!rd__edict_next_field(&f, &pos, end));
  OK(rd__edict_is_tag("adj-na", 6) && rd__edict_is_tag("v5k-s", 5) && rd__edict_is_tag("ik", 2));
  OK(!rd__edict_is_tag("town", 4) && !rd__edict_is_tag("", 0) && !rd__edict_is_tag("abcdefghijklmnopq", 17));
}

static void edict__headword_markers(void) {
  const char *h = "会う(P);逢う(iK);遭う", *pos = h, *end = h + strlen(h), *it, *m;
  size_t il, ml;
  REQUIRE(rd__edict_next_item(&it, &il, &m, &ml, &pos, end));
  OK(span_is(it, il, "会う") && span_is(m, ml, "(P)") && rd__edict_has_tag(m, ml, "P"));
  REQUIRE(rd__edict_next_item(&it, &il, &m, &ml, &pos, end));
  OK(span_is(it, il, "逢う") && rd__edict_has_tag(m, ml, "iK"));
  REQUIRE(rd__edict_next_item(&it, &il, &m, &ml, &pos, end));
  OK(span_is(it, il, "遭う") && ml == 0);
  OK(!rd__edict_next_item(&it, &il, &m, &ml, &pos, end));
  const char *r = "あう(ik)(P)", *rp = r;
  REQUIRE(rd__edict_next_item(&it, &il, &m, &ml, &rp, r + strlen(r)));
  OK(span_is(it, il, "あう") && rd__edict_has_tag(m, ml, "ik") && rd__edict_has_tag(m, ml, "P"));
}

static void edict__eucjp_converter(void) {
  char *u;
  size_t ul;
  /* 猫 [ねこ] in EUC-JP, plus ASCII and a half-width katakana (8E B1 = ｱ) */
  const char in[] = "\xc7\xad [\xa4\xcd\xa4\xb3] /cat/ \x8e\xb1";
  REQUIRE(rd__eucjp_to_utf8(&u, &ul, in, sizeof in - 1, "t.edict") == RD_OK);
  STR_EQ(u, "猫 [ねこ] /cat/ ｱ");
  INT_EQ(ul, strlen("猫 [ねこ] /cat/ ｱ"));
  free(u);
  REQUIRE(rd__eucjp_to_utf8(&u, &ul, "", 0, NULL) == RD_OK);
  STR_EQ(u, "");
  free(u);
  /* an invalid byte: the error names it, its offset and line */
  const char bad[] = "\xc7\xad\n\xa4\xcd\xff\xa4\xb3";
  u = (char *)1;
  INT_EQ(rd__eucjp_to_utf8(&u, &ul, bad, sizeof bad - 1, "bad.edict"), RD_EENCODING);
  OK(u == NULL);
  OK(strstr(rd_error_last()->message, "bad.edict: invalid EUC-JP byte 0xFF at offset 5 (line 2)") != NULL);
  INT_EQ(rd_error_last()->offset, 5);
  /* a lead byte cut off by the end of the input */
  INT_EQ(rd__eucjp_to_utf8(&u, &ul, "ab\xc7", 3, "cut"), RD_EENCODING);
  OK(strstr(rd_error_last()->message, "0xC7 at offset 2") != NULL);
  /* UTF-8 input is kept as it is */
  size_t dl = strlen("猫 [ねこ] /cat/");
  char *d = malloc(dl + 1);
  REQUIRE(d);
  memcpy(d, "猫 [ねこ] /cat/", dl + 1);
  REQUIRE(rd__edict_text_utf8(&d, &dl, "u") == RD_OK);
  STR_EQ(d, "猫 [ねこ] /cat/");
  free(d);
}

static void edict__kanjidic_line(void) {
  const char *l = "亜 3021 U4e9c B1 C7 G8 S7 XJ05033 F1509 J1 N43 V81 H3540 ア つ.ぐ T1 や {Asia}";
  uint32_t k;
  int g, j;
  size_t nr;
  REQUIRE(rd__kanjidic_parse_line_info(l, strlen(l), &k, &g, &j, &nr));
  INT_EQ(k, 0x4E9C);
  INT_EQ(g, 8);
  INT_EQ(j, 1);
  INT_EQ(nr, 2); /* あ (from ア) and つ; the name reading や after T1 left out */
  OK(!rd__kanjidic_parse_line_info("# comment", 9, &k, &g, &j, &nr));
  /* the installed KANJIDIC, when there: 日 is a grade-1 kanji */
  const char *env = getenv("READER_KANJIDIC");
  if (!env || *env) {
    FILE *f = fopen(env ? env : "/usr/share/edict/kanjidic", "rb");
    if (f) {
      fclose(f);
      OK(rd__kanji_level(0x65E5, &g, &j) && g == 1 && j >= 1);
      OK(!rd__kanji_level('a', &g, &j) && g == 0 && j == 0);
    }
  }
}

T_MAIN(T(edict__line_parts), T(edict__fields_tags_and_senses), T(edict__headword_markers), T(edict__eucjp_converter),
       T(edict__kanjidic_line))
