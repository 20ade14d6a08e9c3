/* util/: the allocator with reset, the growable array, the hash table and
 * whole-file reading with a size limit (endless input refused). */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <reader.h>

#include "common_internal.h"
#include "harness.h"

/* The arena's private chunk header, restated to look at the kept block. */
struct rd__arena_chunk { rd__arena_chunk *next; size_t size, used; };

static void util__arena_reset_keeps_the_first_block(void) {
  rd__arena a;
  rd__arena_init(&a);
  char *first = rd__arena_alloc(&a, 100);
  REQUIRE(first);
  memset(first, 'x', 100);
  rd__arena_chunk *block = a.head;
  /* Enough to need more blocks, including a large one-off. */
  for (int i = 0; i < 100; i++) REQUIRE(rd__arena_alloc(&a, 4096));
  REQUIRE(rd__arena_alloc(&a, 8u << 20));
  OK(a.head != block || a.head->next);
  rd__arena_reset(&a);
  INT_EQ(a.total, 0);
  OK(a.head == block);            /* the first block is kept... */
  OK(a.head->next == NULL);       /* ...and only it */
  INT_EQ(a.head->used, 0);
  char *again = rd__arena_alloc(&a, 100);
  OK(again == first);             /* reused from its start */
  for (int i = 0; i < 100; i++) OK(again[i] == 0); /* zeroed, as every allocation */
  rd__arena_reset(&a);
  rd__arena_reset(&a);            /* idempotent */
  OK(a.head == block);
  rd__arena_dispose(&a);
  OK(a.head == NULL);
  rd__arena_reset(&a);            /* an empty arena resets to empty */
  OK(a.head == NULL);
  OK(rd__arena_strndup(&a, "abc", 2) && !strcmp(rd__arena_strndup(&a, "abc", 2), "ab"));
  rd__arena_dispose(&a);
}

static void util__vec_grows_and_detaches(void) {
  rd__vec v = RD__VEC_INIT(size_t);
  for (size_t i = 0; i < 10000; i++) REQUIRE(RD__VEC_PUSH(&v, size_t, i * 3) == 0);
  INT_EQ(v.len, 10000);
  OK(v.cap >= v.len);
  size_t bad = 0;
  for (size_t i = 0; i < v.len; i++) bad += RD__VEC_AT(&v, size_t, i) != i * 3;
  INT_EQ(bad, 0);
  OK(rd__vec_at(&v, 10000) == NULL);
  OK(*(size_t *)rd__vec_at(&v, 7) == 21);
  /* Byte-sized element API: any element size, new slots zeroed. */
  rd__vec w;
  rd__vec_init(&w, 5);
  unsigned char *e = rd__vec_push(&w);
  REQUIRE(e);
  OK(e[0] == 0 && e[4] == 0);
  memcpy(e, "abcde", 5);
  REQUIRE(rd__vec_push(&w));
  OK(!memcmp(rd__vec_at(&w, 0), "abcde", 5));
  rd__vec_clear(&w);
  INT_EQ(w.len, 0);
  rd__vec_dispose(&w);
  OK(rd__vec_reserve(&v, SIZE_MAX) < 0); /* overflow refused, vector intact */
  INT_EQ(v.len, 10000);
  size_t n;
  size_t *arr = rd__vec_detach(&v, &n);
  INT_EQ(n, 10000);
  OK(arr && arr[9999] == 9999 * 3);
  OK(v.ptr == NULL && v.len == 0);
  free(arr);
}

static void util__hash_maps_byte_keys(void) {
  rd__hash h = RD__HASH_INIT;
  OK(rd__hash_find(&h, "a", 1) == NULL); /* empty table */
  char keys[5000][16];
  for (int i = 0; i < 5000; i++) {
    snprintf(keys[i], sizeof keys[i], "k%d", i);
    bool added = false;
    rd__hash_entry *e = rd__hash_put(&h, keys[i], strlen(keys[i]), &added);
    REQUIRE(e && added);
    e->val.num = (size_t)i;
  }
  INT_EQ(h.n, 5000);
  OK(h.n * 2 <= h.cap); /* load kept at most a half */
  int wrong = 0;
  for (int i = 0; i < 5000; i++) {
    char k[16];
    snprintf(k, sizeof k, "k%d", i); /* a different buffer: compared by bytes */
    rd__hash_entry *e = rd__hash_find(&h, k, strlen(k));
    wrong += !e || e->val.num != (size_t)i || e->key != keys[i];
  }
  INT_EQ(wrong, 0);
  bool added = true;
  rd__hash_entry *e = rd__hash_put(&h, "k42", 3, &added);
  OK(e && !added && e->val.num == 42); /* an existing key is found, not added */
  e = rd__hash_find(&h, "k42", 2);          /* the length is part of the key: "k4" */
  OK(e && e->val.num == 4);
  OK(rd__hash_find(&h, "k5000", 5) == NULL);
  /* Keys with NUL bytes and the empty key are keys like any other. */
  REQUIRE(rd__hash_put(&h, "a\0b", 3, &added) && added);
  OK(rd__hash_find(&h, "a\0c", 3) == NULL);
  OK(rd__hash_find(&h, "a", 1) == NULL);
  REQUIRE((e = rd__hash_put(&h, "", 0, &added)) && added);
  e->val.ptr = &h;
  OK(rd__hash_find(&h, NULL, 0) && rd__hash_find(&h, "", 0)->val.ptr == &h);
  rd__hash_dispose(&h);
  OK(h.slots == NULL && h.n == 0);
}

/* A dropped table's slot array is kept and handed to the next table of
 * about its size, which starts empty without the array being cleared (a
 * slot counts only with the table's generation): the old keys are gone,
 * new ones behave, growing past the kept size still works; a generation
 * that runs out clears the array once. */
static void util__hash_reuses_dropped_arrays_empty(void) {
  char keys[300][16];
  /* 20,000 entries: 65,536 slots, the largest size kept, which no other
   * test of this file leaves behind (so the array taken is this one) */
  rd__hash a = RD__HASH_INIT;
  REQUIRE(rd__hash_reserve(&a, 20000) == 0);
  for (int i = 0; i < 300; i++) {
    snprintf(keys[i], sizeof keys[i], "old%d", i);
    REQUIRE(rd__hash_put(&a, keys[i], strlen(keys[i]), NULL));
  }
  const rd__hash_entry *old_slots = a.slots;
  size_t old_cap = a.cap;
  uint32_t old_gen = a.gen;
  rd__hash_dispose(&a);
  rd__hash b = RD__HASH_INIT;
  REQUIRE(rd__hash_reserve(&b, 17000) == 0);
  OK(b.slots == old_slots && b.cap == old_cap); /* the kept array, not a new one */
  OK(b.gen == old_gen + 1);
  INT_EQ(b.n, 0);
  int seen = 0;
  for (int i = 0; i < 300; i++) seen += rd__hash_find(&b, keys[i], strlen(keys[i])) != NULL;
  INT_EQ(seen, 0); /* the earlier table's keys are not there */
  bool added = false;
  REQUIRE(rd__hash_put(&b, "old7", 4, &added) && added); /* equal bytes to a stale slot: a new entry */
  INT_EQ(b.n, 1);
  /* grow well past the kept capacity: every key stays findable */
  char more[3000][16];
  for (int i = 0; i < 3000; i++) {
    snprintf(more[i], sizeof more[i], "new%d", i);
    REQUIRE(rd__hash_put(&b, more[i], strlen(more[i]), NULL));
  }
  int wrong = 0;
  for (int i = 0; i < 3000; i++) wrong += rd__hash_find(&b, more[i], strlen(more[i])) == NULL;
  INT_EQ(wrong, 0);
  OK(rd__hash_find(&b, "old7", 4) != NULL);
  OK(rd__hash_find(&b, "old8", 4) == NULL);
  rd__hash_dispose(&b);
  /* the last generation: the next taker clears the array and starts at 1 */
  rd__hash c = RD__HASH_INIT;
  REQUIRE(rd__hash_reserve(&c, 20000) == 0);
  OK(c.slots == old_slots);
  REQUIRE(rd__hash_put(&c, "x", 1, NULL));
  c.gen = UINT32_MAX; /* as if 4 G tables had used it; its slot now carries another gen */
  const rd__hash_entry *c_slots = c.slots;
  REQUIRE(rd__hash_put(&c, "y", 1, NULL)); /* written with gen UINT32_MAX */
  rd__hash_dispose(&c);
  rd__hash d = RD__HASH_INIT;
  REQUIRE(rd__hash_reserve(&d, 20000) == 0);
  OK(d.slots == c_slots);
  INT_EQ(d.gen, 1);
  OK(rd__hash_find(&d, "y", 1) == NULL);
  OK(rd__hash_find(&d, "x", 1) == NULL);
  REQUIRE(rd__hash_put(&d, "y", 1, &added) && added);
  rd__hash_dispose(&d);
  /* a key of 4 GiB or more is refused, not truncated (never read: the length is checked first) */
  rd__hash e = RD__HASH_INIT;
  if (sizeof(size_t) > 4) OK(rd__hash_put(&e, "z", (size_t)UINT32_MAX + 1, NULL) == NULL);
  rd__hash_dispose(&e);
}

static const char *tmpdir(void) {
  static char dir[256];
  if (!dir[0]) {
    snprintf(dir, sizeof dir, "/tmp/reader-test-util-XXXXXX");
    if (!mkdtemp(dir)) dir[0] = '\0';
  }
  return dir;
}

static void util__file_read_reads_files_and_stdin(void) {
  char path[300];
  snprintf(path, sizeof path, "%s/small.txt", tmpdir());
  FILE *f = fopen(path, "wb");
  REQUIRE(f);
  fputs("本文\n", f);
  fclose(f);
  char *data;
  size_t len;
  REQUIRE(rd__file_read(path, 0, &data, &len) == RD_OK);
  INT_EQ(len, strlen("本文\n"));
  STR_EQ(data, "本文\n");
  free(data);
  /* Exactly at the limit is accepted; one byte less is not. */
  REQUIRE(rd__file_read(path, len, &data, NULL) == RD_OK);
  free(data);
  OK(rd__file_read(path, len - 1, &data, &len) == RD_EINVALID && data == NULL);
  OK(strstr(rd_error_last()->message, "small.txt: larger than 6 bytes") != NULL);
  /* "-" is standard input. */
  int saved = dup(0);
  REQUIRE(saved >= 0);
  REQUIRE(freopen(path, "rb", stdin));
  REQUIRE(rd__file_read("-", 0, &data, &len) == RD_OK);
  STR_EQ(data, "本文\n");
  free(data);
  REQUIRE(freopen(path, "rb", stdin));
  OK(rd__file_read("-", 3, &data, &len) == RD_EINVALID);
  STR_EQ(rd_error_last()->message, "<stdin>: larger than 3 bytes (the input limit; READER_MAX_INPUT=BYTES changes it)");
  dup2(saved, 0);
  close(saved);
  clearerr(stdin);
  /* Missing files and directories are named, with why. */
  OK(rd__file_read("/nonexistent/x.txt", 0, &data, &len) == RD_EIO);
  OK(strstr(rd_error_last()->message, "x.txt: cannot open") != NULL);
  OK(rd__file_read(tmpdir(), 0, &data, &len) == RD_EIO);
  OK(strstr(rd_error_last()->message, "cannot read: Is a directory") != NULL);
  unlink(path);
}

/* Endless input: /dev/zero and a FIFO whose writer never stops are
 * refused after `limit` bytes instead of read until memory runs out. */
static void util__file_read_refuses_endless_input(void) {
  char *data = (char *)1;
  size_t len = 7;
  OK(rd__file_read("/dev/zero", 1u << 20, &data, &len) == RD_EINVALID);
  OK(data == NULL);
  STR_EQ(rd_error_last()->message, "/dev/zero: larger than 1048576 bytes (the input limit; READER_MAX_INPUT=BYTES changes it)");

  char fifo[300];
  snprintf(fifo, sizeof fifo, "%s/fifo", tmpdir());
  REQUIRE(mkfifo(fifo, 0600) == 0);
  pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    signal(SIGPIPE, SIG_DFL); /* the reader closing ends the writer */
    int fd = open(fifo, O_WRONLY);
    char chunk[4096];
    memset(chunk, 'a', sizeof chunk);
    while (fd >= 0 && write(fd, chunk, sizeof chunk) > 0) {}
    _exit(0);
  }
  rd_status st = rd__file_read(fifo, 256u * 1024, &data, &len);
  OK(st == RD_EINVALID);
  OK(strstr(rd_error_last()->message, "fifo: larger than 262144 bytes") != NULL);
  int status;
  waitpid(pid, &status, 0);
  unlink(fifo);
}

/* A regular file's size is checked before reading: a sparse file far
 * larger than memory is refused at once (reading it would take minutes
 * and, with the default limit, is refused without allocating). */
static void util__file_read_checks_regular_size_first(void) {
  char path[300];
  snprintf(path, sizeof path, "%s/sparse.bin", tmpdir());
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  int ok = ftruncate(fd, (off_t)64 << 30) == 0; /* 64 GiB of holes */
  close(fd);
  if (!ok) { unlink(path); printf("  (no sparse files here: %s)\n", strerror(errno)); return; }
  char *data;
  size_t len;
  OK(rd__file_read(path, 0, &data, &len) == RD_EINVALID);
  char want[80];
  snprintf(want, sizeof want, "larger than %zu bytes", (size_t)RD__FILE_LIMIT_BUILTIN);
  OK(strstr(rd_error_last()->message, want) != NULL);
  /* The public entry point goes through it. */
  rd_doc *doc = (rd_doc *)1;
  OK(rd_doc_parse_file(&doc, path, NULL) < 0 && doc == NULL);
  OK(strstr(rd_error_last()->message, "sparse.bin: larger than") != NULL);
  unlink(path);
  rmdir(tmpdir());
}

/* Issue 16, item 10: one limit for every input, set by READER_MAX_INPUT
 * and checked with fstat before reading. A sparse file of limit + 1
 * bytes is refused; one of exactly the limit is read. A value that is not
 * a size is an error naming the variable, never "no limit". */
static void util__input_limit_from_environment(void) {
  size_t n;
  unsetenv("READER_MAX_INPUT");
  OK(rd__file_limit(&n) == RD_OK && n == RD__FILE_LIMIT_BUILTIN);
  INT_EQ(rd_input_limit(), RD__FILE_LIMIT_BUILTIN);
  static const struct { const char *v; size_t want; } good[] = {
    {"1", 1}, {"1000", 1000}, {"4K", 4096}, {"3m", 3u << 20}, {"1G", 1u << 30}, {"2147483647", 2147483647u},
  };
  for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
    setenv("READER_MAX_INPUT", good[i].v, 1);
    OK(rd__file_limit(&n) == RD_OK);
    INT_EQ(n, good[i].want);
  }
  static const char *const bad[] = {"", "abc", "-1", " 5", "5 ", "5KB", "0", "2G", "2147483648",
                                    "99999999999999999999999999", "1.5M"};
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    setenv("READER_MAX_INPUT", bad[i], 1);
    OK(rd__file_limit(&n) == RD_EINVALID && n == 0);
    OK(strstr(rd_error_last()->message, "READER_MAX_INPUT") != NULL);
    INT_EQ(rd_input_limit(), 0);
  }
  /* every read reports the bad setting instead of reading without a limit */
  char path[300];
  mkdir(tmpdir(), 0700); /* the case before removes it */
  snprintf(path, sizeof path, "%s/limit.txt", tmpdir());
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(ftruncate(fd, 1001) == 0); /* sparse: 1001 bytes of holes */
  close(fd);
  char *data = (char *)1;
  size_t len;
  setenv("READER_MAX_INPUT", "abc", 1);
  OK(rd__file_read(path, 0, &data, &len) == RD_EINVALID && data == NULL);
  OK(strstr(rd_error_last()->message, "READER_MAX_INPUT='abc' is not a size") != NULL);
  setenv("READER_MAX_INPUT", "1000", 1);
  OK(rd__file_read(path, 0, &data, &len) == RD_EINVALID && data == NULL);
  char want[400];
  snprintf(want, sizeof want, "%s: larger than 1000 bytes (the input limit; READER_MAX_INPUT=BYTES changes it)", path);
  STR_EQ(rd_error_last()->message, want);
  rd_doc *doc = (rd_doc *)1;
  OK(rd_doc_parse_file(&doc, path, NULL) == RD_EINVALID && doc == NULL);
  setenv("READER_MAX_INPUT", "1001", 1);
  REQUIRE(rd__file_read(path, 0, &data, &len) == RD_OK);
  INT_EQ(len, 1001);
  free(data);
  unsetenv("READER_MAX_INPUT");
  unlink(path);
  rmdir(tmpdir());
}

/* The decoder's inline fast path (ASCII, the 3-byte forms that need no
 * range check) agrees with the full one at its edges: overlongs,
 * surrogates and truncation stay refused. */
static void util__utf8_decode_edges(void) {
  struct { const char *s; size_t len, n; uint32_t cp; } c[] = {
    {"A", 1, 1, 'A'},
    {"\xE1\x80\x80", 3, 3, 0x1000},  {"\xE3\x81\x82", 3, 3, 0x3042}, {"\xEC\xBF\xBF", 3, 3, 0xCFFF},
    {"\xEE\x80\x80", 3, 3, 0xE000},  {"\xEF\xBF\xBF", 3, 3, 0xFFFF},
    {"\xE0\xA0\x80", 3, 3, 0x800},   {"\xED\x9F\xBF", 3, 3, 0xD7FF},
    {"\xE0\x80\x80", 3, 0, 0},       {"\xED\xA0\x80", 3, 0, 0},      /* overlong, surrogate */
    {"\xE3\x81", 2, 0, 0},           {"\xE3\x81\x41", 3, 0, 0},      /* truncated, bad continuation */
    {"\xC3\xA9", 2, 2, 0xE9},        {"\xF0\x9F\x98\x80", 4, 4, 0x1F600}, {"\x80", 1, 0, 0},
  };
  for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
    uint32_t cp = 0xFFFFFFFFu;
    size_t n = rd__utf8_decode(c[i].s, c[i].len, &cp);
    INT_EQ(n, c[i].n);
    if (n) INT_EQ(cp, c[i].cp);
  }
}

/* rd__hash_reserve: room for n keys in one table (the slots never move
 * while n keys go in), keys already there kept, and a table reserved on
 * top of entries still finds them all. */
static void util__hash_reserve_keeps_keys_and_room(void) {
  static char keys[300][8];
  rd__hash h = RD__HASH_INIT;
  REQUIRE(rd__hash_reserve(&h, 0) == 0);
  for (int i = 0; i < 300; i++) snprintf(keys[i], sizeof keys[i], "r%d", i);
  bool added;
  for (int i = 0; i < 20; i++) REQUIRE(rd__hash_put(&h, keys[i], strlen(keys[i]), &added) && added);
  REQUIRE(rd__hash_reserve(&h, 300) == 0);
  OK(h.cap >= 600);
  const rd__hash_entry *slots = h.slots;
  for (int i = 0; i < 20; i++) OK(rd__hash_find(&h, keys[i], strlen(keys[i])) != NULL);
  for (int i = 20; i < 300; i++) REQUIRE(rd__hash_put(&h, keys[i], strlen(keys[i]), &added) && added);
  OK(h.slots == slots); /* no growth for the reserved keys */
  INT_EQ(h.n, 300);
  for (int i = 0; i < 300; i++) OK(rd__hash_find(&h, keys[i], strlen(keys[i])) != NULL);
  size_t cap = h.cap;
  OK(rd__hash_reserve(&h, 10) == 0 && h.cap == cap); /* never shrinks */
  OK(rd__hash_reserve(&h, SIZE_MAX / 2) < 0 && h.cap == cap); /* too big: refused, table as it was */
  OK(rd__hash_find(&h, "r7", 2) != NULL);
  rd__hash_dispose(&h);
}

/* The eight-bytes-a-step count agrees with a byte-by-byte one at every
 * length and alignment (the tail loop, words holding parts of characters). */
static void util__utf8_count_every_length_and_offset(void) {
  const char *text = "aあ漢é字😀bかなカナ、。Ｘ１２\n" "ASCII only here " "漢字漢字漢字漢字";
  size_t len = strlen(text);
  for (size_t a = 0; a <= len; a++) {
    if (((unsigned char)text[a] & 0xC0) == 0x80) continue; /* start on a character */
    size_t want = 0;
    for (size_t b = a; b <= len; b++) {
      if (b > a && ((unsigned char)text[b - 1] & 0xC0) != 0x80) want++;
      INT_EQ(rd__utf8_count(text + a, b - a), want);
    }
  }
  INT_EQ(rd__utf8_count("", 0), 0);
  INT_EQ(rd__utf8_count("\xE6\xBC\xA2\xE5\xAD\x97\xE3\x81\x82", 9), 3); /* 漢字あ: 9 bytes, one word and a tail */
}

T_MAIN(T(util__utf8_decode_edges), T(util__utf8_count_every_length_and_offset), T(util__arena_reset_keeps_the_first_block), T(util__vec_grows_and_detaches), T(util__hash_maps_byte_keys), T(util__hash_reserve_keeps_keys_and_room),
       T(util__hash_reuses_dropped_arrays_empty),
       T(util__file_read_reads_files_and_stdin), T(util__file_read_refuses_endless_input),
       T(util__file_read_checks_regular_size_first), T(util__input_limit_from_environment))
