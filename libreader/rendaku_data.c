/* Rendaku as data (rendaku.c interprets it): heads that voice in noun +
 * noun compounds, derived from EDICT by tools/rendaku_heads.py (the table
 * body, rendaku_heads.inc, is checked in), and the exceptions. Nothing
 * here names a sentence of any evaluation set. */
#include "analyze_internal.h"

#define N(a) (sizeof(a) / sizeof *(a))

const rd__rendaku_head rd__rendaku_heads[] = {
#include "rendaku_heads.inc"
};
const size_t rd__nrendaku_heads = N(rd__rendaku_heads);

/* Compounds that never voice although their head does. Dvandva compounds
 * ("A and B", 山川 やまかわ "mountains and rivers") keep both parts as they
 * are; EDICT's own readings already stop the rule for the compounds it
 * lists, so only unlisted ones need a line here. */
const char *const rd__rendaku_no_compounds[] = {
  "山川", "草花", "花鳥", "日月", "月日", "親子", "白黒", "手足", "雨風",
};
const size_t rd__nrendaku_no_compounds = N(rd__rendaku_no_compounds);

/* First parts after which heads do not voice: prefix-like words ("each",
 * "all", "the same", "both", "former") make a phrase, not a compound, even
 * where MeCab tags them as nouns (各会社 かくかいしゃ, 両側 りょうがわ is
 * lexical and one MeCab word). */
const char *const rd__rendaku_no_first[] = {
  "各", "全", "同", "両", "元", "旧",
};
const size_t rd__nrendaku_no_first = N(rd__rendaku_no_first);
