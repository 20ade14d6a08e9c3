/* The derived-index caches (util/filecache.h): the compounds table and
 * KANJIDIC are built once, mmap'ed afterwards with the same answers, and a
 * stale, truncated or corrupted cache file is rebuilt, never trusted. */
#define _GNU_SOURCE
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "analyze_internal.h"
#include "harness.h"
#include "kanjidic.h"
#include "util/filecache.h"
#include "util/strtab.h"

static char dir[256], src[300];

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  if (!f) return;
  fputs(text, f);
  fclose(f);
}

/* The one cache file in dir with this prefix. */
static int cache_file(char *out, size_t size, const char *prefix) {
  DIR *d = opendir(dir);
  if (!d) return 0;
  struct dirent *e;
  int found = 0;
  while ((e = readdir(d)))
    if (!strncmp(e->d_name, prefix, strlen(prefix)) && strstr(e->d_name, ".idx")) {
      snprintf(out, size, "%s/%s", dir, e->d_name);
      found++;
    }
  closedir(d);
  return found == 1;
}

static const char *EDICT1 = "舟下り [ふなくだり] /(n) going down a river in a boat/\n"
                            "行方 [ゆくえ] /(n) whereabouts/\n"
                            "行方 [なめかた] /(n) Namekata (place)/\n";

static void setup(void) {
  snprintf(dir, sizeof dir, "/tmp/rd-test-cache-%ld", (long)getpid());
  mkdir(dir, 0700);
  setenv("READER_CACHE_DIR", dir, 1);
  snprintf(src, sizeof src, "%s/edict.txt", dir);
  write_file(src, EDICT1);
}

static void cache__compounds_second_load_maps_the_same_table(void) {
  setup();
  rd__compounds *a = NULL, *b = NULL;
  REQUIRE(rd__compounds_load(&a, src) == RD_OK);
  OK(!rd__compounds_from_cache(a));
  REQUIRE(rd__compounds_load(&b, src) == RD_OK);
  OK(rd__compounds_from_cache(b));
  const rd__compounds *both[2] = {a, b};
  for (int i = 0; i < 2; i++) {
    STR_EQ(rd__compounds_find(both[i], "舟下り", strlen("舟下り")), "ふなくだり");
    OK(rd__compounds_find(both[i], "舟下", strlen("舟下")) == NULL);        /* a prefix is no key */
    OK(rd__compounds_find(both[i], "行方", strlen("行方")) == NULL);        /* two readings: ambiguous */
    OK(rd__compounds_find(both[i], "舟下りx", strlen("舟下り")) != NULL); /* the length decides */
  }
  rd__compounds_free(a);
  rd__compounds_free(b);
}

static void cache__compounds_stale_cache_is_rebuilt(void) {
  setup();
  rd__compounds *c = NULL;
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  rd__compounds_free(c);
  /* a changed source (other size) must not be answered from the old cache */
  write_file(src, "舟下り [ふねくだり] /(n) going down a river/\n");
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  OK(!rd__compounds_from_cache(c));
  STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふねくだり");
  rd__compounds_free(c);
}

/* Issue 16, item 4: the compounds and KANJIDIC caches share the glossary's
 * content key (util/filecache.c: the whole file's hash). An EDICT edited
 * in its middle in place, mtime set back with touch -d, is read anew. */
static void big_edict(const char *path, const char *reading) {
  FILE *f = fopen(path, "wb");
  if (!f) return;
  for (int i = 0; i < 10000; i++) {
    if (i == 5000) fprintf(f, "舟下り [%s] /(n) going down a river in a boat/\n", reading);
    fprintf(f, "語%05d [ご] /(n) filler %05d/\n", i, i);
  }
  fclose(f);
  char cmd[600];
  snprintf(cmd, sizeof cmd, "touch -d '2024-01-02 03:04:05' '%s'", path);
  if (system(cmd) != 0) fprintf(stderr, "touch failed\n");
}

static void cache__compounds_edit_in_the_middle_same_size_and_mtime_is_seen(void) {
  setup();
  char big[320];
  snprintf(big, sizeof big, "%s/big-edict.txt", dir);
  big_edict(big, "ふなくだり");
  struct stat st0, st1;
  REQUIRE(stat(big, &st0) == 0 && st0.st_size > 4 * 64 * 1024);
  rd__compounds *c = NULL;
  REQUIRE(rd__compounds_load(&c, big) == RD_OK);
  rd__compounds_free(c);
  REQUIRE(rd__compounds_load(&c, big) == RD_OK);
  OK(rd__compounds_from_cache(c));
  STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふなくだり");
  rd__compounds_free(c);
  big_edict(big, "ふねくだり"); /* same size: one kana for another, in the middle */
  REQUIRE(stat(big, &st1) == 0);
  REQUIRE(st1.st_size == st0.st_size && st1.st_mtim.tv_sec == st0.st_mtim.tv_sec &&
          st1.st_mtim.tv_nsec == st0.st_mtim.tv_nsec);
  REQUIRE(rd__compounds_load(&c, big) == RD_OK);
  OK(!rd__compounds_from_cache(c));
  STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふねくだり");
  rd__compounds_free(c);
}

/* The key's hash is XXH64 (reference values from libxxhash 0.8.1), and a
 * file's key, read in 1 MiB pieces, hashes the same bytes as one call. */
static void cache__key_hash_is_xxh64_of_the_whole_file(void) {
  setup();
  INT_EQ(rd__filecache_hash("", 0) == 0xef46db3751d8e999ull, 1);
  INT_EQ(rd__filecache_hash("abc", 3) == 0x44bc2cf5ad770999ull, 1);
  const char *s33 = "0123456789abcdef0123456789abcdef0"; /* one stripe and a tail */
  INT_EQ(rd__filecache_hash(s33, 33) == 0xe87684f08d6d0816ull, 1);
  size_t n = (3u << 20) - 7; /* pieces, then a tail that is no multiple of 32 */
  unsigned char *b = malloc(n);
  REQUIRE(b);
  for (size_t i = 0; i < n; i++) b[i] = (unsigned char)((i * 2654435761u) >> 13);
  char path[320];
  snprintf(path, sizeof path, "%s/key.bin", dir);
  FILE *f = fopen(path, "wb");
  REQUIRE(f && fwrite(b, 1, n, f) == n && fclose(f) == 0);
  rd__filecache_key k;
  REQUIRE(rd__filecache_key_of(&k, path));
  OK(k.hash == rd__filecache_hash(b, n));
  INT_EQ(k.size, n);
  b[n / 2] ^= 1; /* one bit in the middle changes the key */
  f = fopen(path, "r+b");
  REQUIRE(f && fseek(f, (long)(n / 2), SEEK_SET) == 0 && fputc(b[n / 2], f) != EOF && fclose(f) == 0);
  rd__filecache_key k2;
  REQUIRE(rd__filecache_key_of(&k2, path));
  OK(k2.hash != k.hash && k2.hash == rd__filecache_hash(b, n));
  OK(!rd__filecache_key_of(&k2, dir)); /* a directory has no key */
  free(b);
}

/* A fresh cache directory with the compounds table built and stored
 * once: CPATH gets its cache file's path. */
static bool compounds_cached(char *cpath, size_t cap) {
  setup();
  rd__compounds *c = NULL;
  if (rd__compounds_load(&c, src) != RD_OK) return false;
  rd__compounds_free(c);
  return cache_file(cpath, cap, "compounds-");
}

static void cache__compounds_corrupted_cache_is_rebuilt(void) {
  rd__compounds *c = NULL;
  char cpath[600];
  REQUIRE(compounds_cached(cpath, sizeof cpath));
  struct stat st;
  REQUIRE(stat(cpath, &st) == 0);
  /* offsets pointing outside the pool, then a truncated file */
  FILE *f = fopen(cpath, "r+b");
  REQUIRE(f);
  fseek(f, 80, SEEK_SET);
  for (int i = 0; i < 4096; i++) fputc(0xff, f);
  fclose(f);
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  OK(!rd__compounds_from_cache(c));
  STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふなくだり");
  rd__compounds_free(c);
  REQUIRE(truncate(cpath, st.st_size / 2) == 0);
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  OK(!rd__compounds_from_cache(c));
  STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふなくだり");
  rd__compounds_free(c);
  /* and the rebuilt file serves the next load */
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  OK(rd__compounds_from_cache(c));
  rd__compounds_free(c);
}

/* The cache file's whole bytes (malloc'ed), *len its size. */
static unsigned char *slurp(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  rewind(f);
  unsigned char *b = n > 0 ? malloc((size_t)n) : NULL;
  if (b && fread(b, 1, (size_t)n, f) != (size_t)n) { free(b); b = NULL; }
  fclose(f);
  *len = b ? (size_t)n : 0;
  return b;
}

/* Rewrite a strtab cache file in place, its header (and so the source's
 * key) untouched: every key offset (VALS false) or value offset set to V. */
static int set_slots(const char *path, bool vals, uint32_t v) {
  size_t len;
  unsigned char *b = slurp(path, &len);
  if (!b || len < sizeof(rd__strtab_block)) { free(b); return 0; }
  rd__strtab_block h;
  memcpy(&h, b, sizeof h);
  uint32_t *slots = (uint32_t *)(void *)(b + sizeof h) + (vals ? h.cap : 0);
  for (uint64_t i = 0; i < h.cap; i++) slots[i] = v;
  FILE *f = fopen(path, "r+b");
  int ok = f && fwrite(b, 1, len, f) == len;
  if (f && fclose(f) != 0) ok = 0;
  free(b);
  return ok;
}

/* The load checks only the header (O(1)); the slots are checked by the
 * look-ups. A corrupted slot met by one is never followed: the answer is
 * "absent", and the cache file is removed so the next load rebuilds it. */
static void cache__compounds_bad_slots_caught_at_lookup_and_rebuilt(void) {
  static const struct { bool vals; uint32_t v; } bad[] = {
    {false, 0xffffffffu}, /* keys past the pool */
    {true, 0xfffffff0u},  /* values past the pool */
  };
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    rd__compounds *c = NULL;
    char cpath[600];
    REQUIRE(compounds_cached(cpath, sizeof cpath));
    REQUIRE(set_slots(cpath, bad[k].vals, bad[k].v));
    REQUIRE(rd__compounds_load(&c, src) == RD_OK);
    OK(rd__compounds_from_cache(c)); /* the header is sound: mapped */
    /* the look-up meets a bad slot and the table is rebuilt from EDICT in
     * this process: the true answers, not a partial "absent" */
    STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふなくだり");
    OK(rd__compounds_find(c, "行方", strlen("行方")) == NULL); /* two readings: ambiguous, as in a sound table */
    OK(rd__compounds_find(c, "無い", strlen("無い")) == NULL);
    struct stat st;
    OK(stat(cpath, &st) != 0); /* retired by the look-up */
    rd__compounds_free(c);
    REQUIRE(rd__compounds_load(&c, src) == RD_OK);
    OK(!rd__compounds_from_cache(c));
    STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふなくだり");
    rd__compounds_free(c);
    REQUIRE(rd__compounds_load(&c, src) == RD_OK);
    OK(rd__compounds_from_cache(c));
    STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふなくだり");
    rd__compounds_free(c);
  }
}

/* No empty slot left (every key offset 1, a real key): a look-up of an
 * absent word still ends, after cap probes. */
static void cache__compounds_full_table_probe_ends(void) {
  rd__compounds *c = NULL;
  char cpath[600];
  REQUIRE(compounds_cached(cpath, sizeof cpath));
  REQUIRE(set_slots(cpath, false, 1));
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  OK(rd__compounds_find(c, "無い", strlen("無い")) == NULL);
  /* a walk with no empty slot is a corrupted slot array: rebuilt, true answers */
  STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふなくだり");
  rd__compounds_free(c);
}

/* Header fields the load does check: a count that fills the table, a
 * pool that does not end with a NUL, a cap that is not a power of two. */
static void cache__compounds_bad_header_rebuilt_at_load(void) {
  for (int k = 0; k < 3; k++) {
    rd__compounds *c = NULL;
    char cpath[600];
    REQUIRE(compounds_cached(cpath, sizeof cpath));
    size_t len;
    unsigned char *b = slurp(cpath, &len);
    REQUIRE(b && len > sizeof(rd__strtab_block));
    rd__strtab_block h;
    memcpy(&h, b, sizeof h);
    if (k == 0) h.n = h.cap;
    else if (k == 1) b[len - 1] = 'x';
    else h.cap += 1;
    memcpy(b, &h, sizeof h);
    FILE *f = fopen(cpath, "r+b");
    REQUIRE(f && fwrite(b, 1, len, f) == len && fclose(f) == 0);
    free(b);
    REQUIRE(rd__compounds_load(&c, src) == RD_OK);
    OK(!rd__compounds_from_cache(c));
    STR_EQ(rd__compounds_find(c, "舟下り", strlen("舟下り")), "ふなくだり");
    rd__compounds_free(c);
  }
}

static void cache__compounds_bad_file_still_refused(void) {
  setup();
  char empty[320];
  snprintf(empty, sizeof empty, "%s/empty.txt", dir);
  write_file(empty, "");
  rd__compounds *c = (rd__compounds *)1;
  INT_EQ(rd__compounds_load(&c, empty), RD_EINVALID);
  OK(c == NULL);
  /* twice: a refused file leaves no cache behind that would hide the error */
  INT_EQ(rd__compounds_load(&c, empty), RD_EINVALID);
  char missing[320];
  snprintf(missing, sizeof missing, "%s/missing.txt", dir);
  OK(rd__compounds_load(&c, missing) < 0);
}

static void cache__disabled_by_empty_cache_dir(void) {
  setup();
  setenv("READER_CACHE_DIR", "", 1);
  rd__compounds *a = NULL, *b = NULL;
  REQUIRE(rd__compounds_load(&a, src) == RD_OK);
  REQUIRE(rd__compounds_load(&b, src) == RD_OK);
  OK(!rd__compounds_from_cache(b));
  STR_EQ(rd__compounds_find(b, "舟下り", strlen("舟下り")), "ふなくだり");
  rd__compounds_free(a);
  rd__compounds_free(b);
}

/* KANJIDIC loads once per process, so this case runs the test binary
 * again: the first process builds the cache, the second maps it, and both
 * must read the same entries. */
static void cache__kanjidic_cached_entries_equal_parsed(void) {
  setup();
  char kd[320];
  snprintf(kd, sizeof kd, "%s/kanjidic", dir);
  /* KANJIDIC is EUC-JP: 人 and 日, with readings, grade and old JLPT level */
  write_file(kd, "# KANJIDIC test\n"
                 "\xbf\xcd 4F4D U4eba B9 G1 S2 F5 J4 \xa5\xb8\xa5\xf3 \xa5\xcb\xa5\xf3 \xa4\xd2\xa4\xc8 -\xa4\xea "
                 "-\xa4\xc8 T1 \xa4\xc8 {person}\n"
                 "\xc6\xfc 467C U65e5 B72 G1 S4 J4 \xa5\xcb\xa5\xc1 \xa5\xb8\xa5\xc4 \xa4\xd2 -\xa4\xd3 -\xa4\xab T1 "
                 "\xa4\xa2 {day}\n");
  setenv("READER_KANJIDIC", kd, 1);
  char cmd[2400], out1[400], out2[400];
  snprintf(out1, sizeof out1, "%s/run1.txt", dir);
  snprintf(out2, sizeof out2, "%s/run2.txt", dir);
  char self[512];
  ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  REQUIRE(n > 0);
  self[n] = '\0';
  snprintf(cmd, sizeof cmd, "'%s' --kanjidic-dump > '%s' && '%s' --kanjidic-dump > '%s'", self, out1, self, out2);
  REQUIRE(system(cmd) == 0);
  size_t l1 = 0, l2 = 0;
  char b1[4096] = "", b2[4096] = "";
  FILE *f = fopen(out1, "rb");
  if (f) { l1 = fread(b1, 1, sizeof b1 - 1, f); fclose(f); }
  f = fopen(out2, "rb");
  if (f) { l2 = fread(b2, 1, sizeof b2 - 1, f); fclose(f); }
  b1[l1] = b2[l2] = '\0';
  OK(strstr(b1, "cache 0\n") != NULL);
  OK(strstr(b2, "cache 1\n") != NULL);
  /* everything after the cache line is identical */
  OK(strchr(b1, '\n') && strchr(b2, '\n') && !strcmp(strchr(b1, '\n'), strchr(b2, '\n')));
  OK(strstr(b1, "人 grade 1 jlpt 5 readings じん,にん,ひと\n") != NULL);
  unsetenv("READER_KANJIDIC");
}

static int kanjidic_dump(void) {
  int cached = rd__kanjidic_from_cache();
  printf("cache %d\n", cached);
  static const uint32_t ks[] = {0x4EBA, 0x65E5, 0x5C71};
  for (size_t i = 0; i < 3; i++) {
    const rd__kanji_entry *e = rd__kanji_find(ks[i]);
    int g = 0, j = 0;
    rd__kanji_level(ks[i], &g, &j);
    char u[8] = {0};
    u[0] = (char)(0xE0 | (ks[i] >> 12));
    u[1] = (char)(0x80 | ((ks[i] >> 6) & 0x3F));
    u[2] = (char)(0x80 | (ks[i] & 0x3F));
    printf("%s grade %d jlpt %d readings ", u, g, j);
    for (size_t r = 0; e && r < e->count; r++) {
      size_t len;
      const uint16_t *cp = rd__kanji_reading(e, r, &len);
      if (r) putchar(',');
      for (size_t k = 0; k < len; k++)
        printf("%c%c%c", 0xE0 | (cp[k] >> 12), 0x80 | ((cp[k] >> 6) & 0x3F), 0x80 | (cp[k] & 0x3F));
    }
    putchar('\n');
  }
  return 0;
}

static void teardown_all(void) {
  char cmd[400];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (dir[0] && system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

/* A cache is trusted on the source's status alone (no read of the source
 * at start-up), ctime included: restoring size and mtime after any change
 * (here a rewrite of the same bytes, then the old times put back) still
 * leaves a new ctime, so the cache is rebuilt rather than trusted. */
static void cache__status_with_ctime_is_the_fast_key(void) {
  setup();
  rd__compounds *c = NULL;
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  rd__compounds_free(c);
  rd__filecache_key k;
  REQUIRE(rd__filecache_key_stat(&k, src));
  OK(k.hash == 0 && k.size == strlen(EDICT1) && (k.ctime != 0 || k.ctime_ns != 0));
  struct stat st;
  REQUIRE(stat(src, &st) == 0);
  sleep(1); /* a ctime of another second, whatever the file system's resolution */
  write_file(src, EDICT1);
  struct timespec times[2] = {st.st_atim, st.st_mtim};
  REQUIRE(utimensat(AT_FDCWD, src, times, 0) == 0);
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  OK(!rd__compounds_from_cache(c)); /* status changed: rebuilt */
  rd__compounds_free(c);
  REQUIRE(rd__compounds_load(&c, src) == RD_OK);
  OK(rd__compounds_from_cache(c)); /* and then trusted again */
  rd__compounds_free(c);
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "--kanjidic-dump")) return kanjidic_dump();
  static const t_case cases[] = {T(cache__compounds_second_load_maps_the_same_table),
                                 T(cache__compounds_stale_cache_is_rebuilt),
                                 T(cache__compounds_corrupted_cache_is_rebuilt),
                                 T(cache__compounds_bad_slots_caught_at_lookup_and_rebuilt),
                                 T(cache__compounds_full_table_probe_ends),
                                 T(cache__compounds_bad_header_rebuilt_at_load),
                                 T(cache__compounds_edit_in_the_middle_same_size_and_mtime_is_seen),
                                 T(cache__key_hash_is_xxh64_of_the_whole_file),
                                 T(cache__status_with_ctime_is_the_fast_key),
                                 T(cache__compounds_bad_file_still_refused),
                                 T(cache__disabled_by_empty_cache_dir),
                                 T(cache__kanjidic_cached_entries_equal_parsed)};
  int r = t_run(cases, sizeof cases / sizeof *cases);
  teardown_all();
  return r;
}
