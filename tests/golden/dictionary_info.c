/* Prints what decides the golden files' readings: the MeCab dictionary the
 * pipeline loads ("ipadic: DIR vN, N entries") and the EDICT it joins
 * compounds with (path and size, or none); exits 77 (skip) when there is
 * no dictionary. */
#include <stdio.h>
#include <sys/stat.h>

#include <reader.h>

int main(void) {
  rd_pipeline *p;
  rd_analyzer *an;
  if (rd_pipeline_new(&p, NULL) < 0 || !(an = rd_pipeline_analyzer(p))) {
    printf("%s\n", rd_error_last()->message);
    return 77;
  }
  struct stat st;
  printf("%s: %s; compounds: ", rd_analyzer_dictionary_name(an), rd_analyzer_dictionary_version(an));
  if (stat(RD_PIPELINE_EDICT_PATH, &st) == 0) printf("%s %lld bytes\n", RD_PIPELINE_EDICT_PATH, (long long)st.st_size);
  else printf("none\n");
  rd_pipeline_free(p);
  return 0;
}
