/* Prints the MeCab dictionary the analyzer loads ("ipadic: DIR vN, N
 * entries"), which golden files record; exits 77 (skip) when there is none. */
#include <stdio.h>

#include <reader.h>

int main(void) {
  rd_analyzer *an;
  if (rd_analyzer_new(&an, NULL) < 0) {
    printf("%s\n", rd_error_last()->message);
    return 77;
  }
  printf("%s: %s\n", rd_analyzer_dictionary_name(an), rd_analyzer_dictionary_version(an));
  rd_analyzer_free(an);
  return 0;
}
