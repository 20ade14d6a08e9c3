/* The learner's known-words list: a set of lemmas (open addressing over
 * malloc'ed copies), read from a one-word-a-line text file. */
#include <stdlib.h>
#include <string.h>

#include "common_internal.h"
#include "readers_internal.h"
#include "reader/known.h"

struct rd_known {
  char **slots;
  size_t cap, count;
};

static uint64_t hash_word(const char *s, size_t len) {
  uint64_t h = 1469598103934665603ull;
  for (size_t i = 0; i < len; i++) { h ^= (unsigned char)s[i]; h *= 1099511628211ull; }
  return h;
}

rd_status rd_known_new(rd_known **out) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_known_new: out is NULL");
  *out = calloc(1, sizeof **out);
  return *out ? RD_OK : rd__oom();
}

void rd_known_free(rd_known *k) {
  if (!k) return;
  for (size_t i = 0; i < k->cap; i++) free(k->slots[i]);
  free(k->slots);
  free(k);
}

static char **find_slot(char **slots, size_t cap, const char *s, size_t len) {
  size_t j = hash_word(s, len) & (cap - 1);
  while (slots[j] && !(strncmp(slots[j], s, len) == 0 && slots[j][len] == '\0')) j = (j + 1) & (cap - 1);
  return &slots[j];
}

static int grow(rd_known *k) {
  size_t cap = k->cap ? k->cap * 2 : 64;
  char **n = calloc(cap, sizeof *n);
  if (!n) return -1;
  for (size_t i = 0; i < k->cap; i++)
    if (k->slots[i]) *find_slot(n, cap, k->slots[i], strlen(k->slots[i])) = k->slots[i];
  free(k->slots);
  k->slots = n;
  k->cap = cap;
  return 0;
}

rd_status rd_known_add(rd_known *k, const char *lemma, size_t len) {
  if (!k || !lemma || !len) return rd__error(RD_EINVALID, -1, 0, "rd_known_add: %s", !k ? "list is NULL" : "empty word");
  /* Stored words are C strings: a NUL inside would cut one short, and
   * find_slot() would then compare past its end. */
  if (memchr(lemma, '\0', len)) return rd__error(RD_EINVALID, -1, 0, "rd_known_add: the word contains a NUL byte");
  if ((k->count + 1) * 2 > k->cap && grow(k) < 0) return rd__oom();
  char **slot = find_slot(k->slots, k->cap, lemma, len);
  if (*slot) return RD_OK;
  char *copy = malloc(len + 1);
  if (!copy) return rd__oom();
  memcpy(copy, lemma, len);
  copy[len] = '\0';
  *slot = copy;
  k->count++;
  return RD_OK;
}

bool rd_known_has(const rd_known *k, const char *lemma) {
  if (!k || !lemma || !k->cap) return false;
  return *find_slot(k->slots, k->cap, lemma, strlen(lemma)) != NULL;
}

size_t rd_known_count(const rd_known *k) { return k ? k->count : 0; }

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

rd_status rd_known_parse(rd_known **out, const char *text, size_t len, const char *name) {
  if (!out) return rd__error(RD_EINVALID, -1, 0, "rd_known_parse: out is NULL");
  *out = NULL;
  if (!text && len) return rd__error(RD_EINVALID, -1, 0, "rd_known_parse: text is NULL");
  rd_status st = rd__utf8_validate(text ? text : "", len, name);
  if (st < 0) return st;
  rd_known *k;
  if ((st = rd_known_new(&k)) < 0) return st;
  size_t i = 0;
  if (len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < len) {
    const char *nl = memchr(text + i, '\n', len - i);
    size_t e = nl ? (size_t)(nl - text) : len, a = i, b = e;
    while (a < b && is_blank(text[a])) a++;
    while (b > a && is_blank(text[b - 1])) b--;
    /* Full-width spaces around a word are trimmed too (U+3000 is E3 80 80). */
    while (b - a >= 3 && !memcmp(text + a, "\xE3\x80\x80", 3)) a += 3;
    while (b - a >= 3 && !memcmp(text + b - 3, "\xE3\x80\x80", 3)) b -= 3;
    if (b > a && text[a] != '#' && (st = rd_known_add(k, text + a, b - a)) < 0) {
      rd_known_free(k);
      return st;
    }
    i = e + 1;
  }
  *out = k;
  return RD_OK;
}

rd_status rd_known_parse_file(rd_known **out, const char *path) {
  if (!out || !path) return rd__error(RD_EINVALID, -1, 0, "rd_known_parse_file: NULL argument");
  *out = NULL;
  char *data;
  size_t len;
  rd_status st = rd__file_read(path, RD__FILE_LIMIT_DEFAULT, &data, &len);
  if (st < 0) return st;
  st = rd_known_parse(out, data, len, path);
  free(data);
  return st;
}
