/* Inflection steps and grammar glosses as data (IPADIC part-of-speech
 * names). words.c joins a verb or adjective with the tokens these rows
 * match and names the steps; nothing here is code. Rows are general:
 * none names a sentence of any evaluation set. */
#include "words_internal.h"

#define N(a) (sizeof(a) / sizeof *(a))

const rd__infl_step rd__infl_steps[] = {
  /* voice: れる after 五段/サ変 is the passive (their potential is its own
   * verb in IPADIC, 読める); られる after 一段/カ変 is either. */
  {"れる", "動詞,接尾", NULL, NULL, "passive", 0},
  {"られる", "動詞,接尾", NULL, NULL, "potential/passive", 0},
  {"せる", "動詞,接尾", NULL, NULL, "causative", 0},
  {"させる", "動詞,接尾", NULL, NULL, "causative", 0},
  {"しめる", "動詞,接尾", NULL, NULL, "causative", 0},
  /* politeness, negation, tense */
  {"ます", "助動詞", NULL, NULL, "polite", 0},
  {"です", "助動詞", NULL, NULL, "polite", RD__STEP_AFTER_ADJ},
  {"ない", "助動詞", NULL, NULL, "negative", 0},
  {"ない", "形容詞", NULL, NULL, "negative", RD__STEP_AFTER_ADJ},
  {"ぬ", "助動詞", NULL, NULL, "negative", 0},
  {"ん", "助動詞", NULL, NULL, "negative", 0},
  {"た", "助動詞", NULL, "仮定形", "conditional", 0},
  {"た", "助動詞", NULL, NULL, "past", 0},
  {"だ", "助動詞", "特殊・タ", "仮定形", "conditional", 0},
  {"だ", "助動詞", "特殊・タ", NULL, "past", 0},
  /* mood */
  {"たい", "助動詞", NULL, NULL, "desiderative", 0},
  {"たがる", "動詞,接尾", NULL, NULL, "desiderative", 0},
  {"う", "助動詞", NULL, NULL, "volitional", 0},
  {"よう", "助動詞", NULL, NULL, "volitional", 0},
  {"まい", "助動詞", NULL, NULL, "negative volitional", 0},
  /* endings */
  {"て", "助詞,接続助詞", NULL, NULL, "te-form", 0},
  {"で", "助詞,接続助詞", NULL, NULL, "te-form", 0},
  {"ば", "助詞,接続助詞", NULL, NULL, "conditional", 0},
  /* auxiliary verbs after the te-form. 〜ていく and 〜てくる are not here:
   * they stay words of their own (行く, 来る), where dictionaries list
   * those uses and where a learner looks them up. */
  {"いる", "動詞,非自立", NULL, NULL, "progressive", RD__STEP_AFTER_TE},
  {"ある", "動詞,非自立", NULL, NULL, "resultative", RD__STEP_AFTER_TE},
  {"しまう", "動詞,非自立", NULL, NULL, "completion", RD__STEP_AFTER_TE},
  {"ちゃう", "動詞,非自立", NULL, NULL, "completion", 0},
  {"おく", "動詞,非自立", NULL, NULL, "in advance", RD__STEP_AFTER_TE},
  {"みる", "動詞,非自立", NULL, NULL, "try", RD__STEP_AFTER_TE},
  {"くれる", "動詞,非自立", NULL, NULL, "for someone", RD__STEP_AFTER_TE},
  {"もらう", "動詞,非自立", NULL, NULL, "for someone", RD__STEP_AFTER_TE},
  {"あげる", "動詞,非自立", NULL, NULL, "for someone", RD__STEP_AFTER_TE},
  {"いただく", "動詞,非自立", NULL, NULL, "for someone", RD__STEP_AFTER_TE},
  {"くださる", "動詞,非自立", NULL, NULL, "request", RD__STEP_AFTER_TE},
};
const size_t rd__infl_step_count = N(rd__infl_steps);

const rd__grammar_gloss rd__grammar_glosses[] = {
  {"ため", "名詞,非自立", "for the sake of/because of/in order to"},
  {"こと", "名詞,非自立", "thing/matter/(turns a verb into a noun)"},
  {"もの", "名詞,非自立", "thing/(gives a reason or explanation)"},
  {"よう", "名詞,非自立", "way/manner/as if/so that"},
  {"ところ", "名詞,非自立", "place/point/just as"},
  {"の", "名詞,非自立", "one/(turns a verb into a noun)"},
  {"ただ", "副詞", "only/merely/just"},
  {"ただ", "接続詞", "but/however"},
};
const size_t rd__grammar_gloss_count = N(rd__grammar_glosses);
