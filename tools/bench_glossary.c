/* bench_glossary [EDICT]: load time and memory of the EDICT glossary, cold
 * (parse) and from the binary cache, plus look-up latency, each against a
 * plain read of the same file in the same run. Not a test: run it by hand.
 * Uses a private temporary cache directory, never the user's. */
#define _GNU_SOURCE
#include <reader.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Resident memory in KiB (VmRSS). */
static long rss_kib(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long v = -1;
  while (f && fgets(line, sizeof line, f))
    if (!strncmp(line, "VmRSS:", 6)) v = strtol(line + 6, NULL, 10);
  if (f) fclose(f);
  return v;
}

static int cmp_d(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}
#define RUNS 5
static double median(double *v) { qsort(v, RUNS, sizeof *v, cmp_d); return v[RUNS / 2]; }

static const char *const words[] = {"流出", "盗む", "廃業", "北朝鮮", "暗号資産", "事件", "警察", "発表",
                                    "顧客", "資産", "攻撃", "制裁", "国際", "情報", "関連", "トレーダートレーター"};
#define NWORDS (sizeof words / sizeof *words)

int main(int argc, char **argv) {
  const char *path = argc > 1 ? argv[1] : RD_GLOSSARY_DEFAULT_PATH;
  struct stat st;
  if (stat(path, &st) != 0) { fprintf(stderr, "bench_glossary: %s: not found (Debian package edict)\n", path); return 77; }
  char dir[] = "/tmp/bench-glossary-XXXXXX";
  if (!mkdtemp(dir)) { perror("mkdtemp"); return 1; }

  double t_read[RUNS], t_cold[RUNS], t_cache[RUNS], t_first[RUNS];
  for (int i = 0; i < RUNS; i++) { /* baseline: read the file, nothing else */
    double t = now();
    FILE *f = fopen(path, "rb");
    char *buf = malloc((size_t)st.st_size);
    size_t n = f && buf ? fread(buf, 1, (size_t)st.st_size, f) : 0;
    if (f) fclose(f);
    free(buf);
    t_read[i] = now() - t;
    if (n != (size_t)st.st_size) { fprintf(stderr, "read failed\n"); return 1; }
  }

  rd_glossary_options nocache = RD_GLOSSARY_OPTIONS_INIT, cached = RD_GLOSSARY_OPTIONS_INIT;
  nocache.flags = RD_GLOSSARY_NO_CACHE;
  cached.cache_dir = dir;
  long rss0 = rss_kib(), rss_cold = 0, rss_cached = 0;
  size_t nentries = 0;
  for (int i = 0; i < RUNS; i++) {
    rd_glossary *g;
    double t = now();
    if (rd_glossary_new(&g, path, &nocache) != RD_OK) { fprintf(stderr, "%s\n", rd_error_last()->message); return 1; }
    t_cold[i] = now() - t;
    rss_cold = rss_kib() - rss0;
    nentries = rd_glossary_entry_count(g);
    rd_glossary_free(g);
  }
  /* write the cache once */
  cached.flags = RD_GLOSSARY_REBUILD_CACHE;
  rd_glossary *g;
  double t = now();
  if (rd_glossary_new(&g, path, &cached) != RD_OK) return 1;
  double t_build_write = now() - t;
  rd_glossary_free(g);
  cached.flags = 0;

  long rss1 = rss_kib();
  double t_lookup = 0;
  size_t found = 0;
  for (int i = 0; i < RUNS; i++) {
    t = now();
    if (rd_glossary_new(&g, path, &cached) != RD_OK || !rd_glossary_from_cache(g)) {
      fprintf(stderr, "cache not used\n");
      return 1;
    }
    t_cache[i] = now() - t;
    t = now();
    rd_gloss_result *r;
    rd_glossary_lookup(&r, g, words[0], NULL);
    t_first[i] = now() - t;
    rd_gloss_result_free(r);
    /* the rest of the words, many times: steady-state look-up cost */
    t = now();
    found = 0;
    for (int rep = 0; rep < 1000; rep++)
      for (size_t w = 0; w < NWORDS; w++) {
        rd_glossary_lookup(&r, g, words[w], NULL);
        found += rd_gloss_result_count(r) > 0;
        rd_gloss_result_free(r);
      }
    t_lookup = (now() - t) / (1000.0 * NWORDS);
    rss_cached = rss_kib() - rss1;
    if (i < RUNS - 1) rd_glossary_free(g);
  }
  rd_glossary_free(g);

  char cmd[200];
  snprintf(cmd, sizeof cmd, "du -k %s | tail -1", dir);
  FILE *p = popen(cmd, "r");
  long cache_kib = 0;
  if (p && fscanf(p, "%ld", &cache_kib) != 1) cache_kib = 0;
  if (p) pclose(p);
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);

  double read = median(t_read), cold = median(t_cold), cache = median(t_cache), first = median(t_first);
  printf("EDICT %s: %.1f MiB, %zu entries (median of %d runs)\n", path, st.st_size / 1048576.0, nentries, RUNS);
  printf("  plain read of the file     %8.1f ms   1.0x\n", read * 1e3);
  printf("  cold parse (no cache)      %8.1f ms  %5.1fx read   RSS +%ld MiB\n", cold * 1e3, cold / read, rss_cold / 1024);
  printf("  parse + write cache        %8.1f ms   cache file %.1f MiB\n", t_build_write * 1e3, cache_kib / 1024.0);
  printf("  load from cache (read)     %8.1f ms  %5.2fx read   RSS +%ld MiB after %zu look-ups\n", cache * 1e3,
         cache / read, rss_cached / 1024, (size_t)1000 * NWORDS + 1);
  printf("  first look-up after load   %8.3f ms\n", first * 1e3);
  printf("  look-up (steady state)     %8.2f us   (%zu of %zu words found)\n", t_lookup * 1e6, found / 1000,
         (size_t)NWORDS);
  return 0;
}
