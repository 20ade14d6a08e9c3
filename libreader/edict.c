/* The EDICT line grammar and the EUC-JP converter (see edict.h). One of
 * each, so that the glossary, the compounds rule and KANJIDIC read the
 * same files the same way. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>

#include "edict.h"
#include "util/strtab.h"

/* ---- EUC-JP -> UTF-8 ------------------------------------------------------- */

rd_status rd__eucjp_to_utf8(char **out, size_t *len_out, const char *in, size_t len, const char *what) {
  *out = NULL;
  *len_out = 0;
  const char *name = what ? what : "input";
  if (len > (size_t)INT32_MAX / 2) return rd__error(RD_EINVALID, -1, 0, "%s: too large to convert from EUC-JP", name);
  UErrorCode err = U_ZERO_ERROR;
  UConverter *from = ucnv_open("EUC-JP", &err);
  UConverter *to = U_SUCCESS(err) ? ucnv_open("UTF-8", &err) : NULL;
  /* Stop at the first byte that is not EUC-JP instead of substituting:
   * a dictionary with U+FFFD in its headwords would match nothing. */
  if (U_SUCCESS(err)) ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
  if (U_FAILURE(err)) {
    if (from) ucnv_close(from);
    if (to) ucnv_close(to);
    return rd__error(RD_EIO, -1, 0, "%s: ICU cannot convert from EUC-JP: %s", name, u_errorName(err));
  }
  /* Two-byte kanji become three bytes, three-byte JIS X 0212 stay three,
   * so 2x is ample. */
  size_t cap = len * 2 + 16;
  char *buf = malloc(cap);
  if (!buf) { ucnv_close(from); ucnv_close(to); return rd__oom(); }
  /* A large pivot: ICU's internal one is small, and 20 MB of EDICT then
   * costs many round trips. */
  enum { PIVOT = 1 << 15 };
  UChar *pivot = malloc(PIVOT * sizeof *pivot);
  if (!pivot) { free(buf); ucnv_close(from); ucnv_close(to); return rd__oom(); }
  UChar *ps = pivot, *pt = pivot;
  char *t = buf;
  const char *s = in;
  ucnv_convertEx(to, from, &t, buf + cap - 1, &s, in + len, pivot, &ps, &pt, pivot + PIVOT, true, true, &err);
  free(pivot);
  rd_status st = RD_OK;
  if (err == U_ILLEGAL_CHAR_FOUND || err == U_INVALID_CHAR_FOUND || err == U_TRUNCATED_CHAR_FOUND) {
    char bad[32];
    int8_t nb = (int8_t)sizeof bad;
    UErrorCode e2 = U_ZERO_ERROR;
    ucnv_getInvalidChars(from, bad, &nb, &e2);
    if (U_FAILURE(e2) || nb < 1) nb = 0;
    size_t at = (size_t)(s - in) >= (size_t)nb ? (size_t)(s - in) - (size_t)nb : 0;
    unsigned byte = nb ? (unsigned char)bad[0] : (at < len ? (unsigned char)in[at] : 0);
    int64_t line = rd__line_of(in, len, at);
    st = rd__error(RD_EENCODING, (int64_t)at, line, "%s: invalid EUC-JP byte 0x%02X at offset %zu (line %lld)%s", name,
                   byte, at, (long long)line, err == U_TRUNCATED_CHAR_FOUND ? ": truncated character at the end" : "");
  } else if (U_FAILURE(err)) {
    st = rd__error(RD_EIO, -1, 0, "%s: EUC-JP conversion failed: %s", name, u_errorName(err));
  }
  ucnv_close(from);
  ucnv_close(to);
  if (st < 0) { free(buf); return st; }
  *t = '\0';
  *out = buf;
  *len_out = (size_t)(t - buf);
  return RD_OK;
}

rd_status rd__edict_decode(char **out, size_t *len_out, const char *in, size_t len, const char *what) {
  *out = NULL;
  *len_out = 0;
  const char *name = what ? what : "EDICT";
  /* A NUL is in no EDICT (EUC-JP or UTF-8 text): say binary rather than
   * name the first byte the converter trips on. */
  const char *nul = memchr(in, '\0', len);
  if (nul)
    return rd__error(RD_EENCODING, (int64_t)(nul - in), 0,
                     "%s: a binary file (NUL byte at offset %zu), not an EDICT; EDICT is EUC-JP (or UTF-8) text", name,
                     (size_t)(nul - in));
  if (rd__utf8_validate(in, len, what) >= 0) {
    char *u = malloc(len + 1);
    if (!u) return rd__oom();
    memcpy(u, in, len);
    u[len] = '\0';
    *out = u;
    *len_out = len;
    return RD_OK;
  }
  rd_error_clear();
  return rd__eucjp_to_utf8(out, len_out, in, len, what);
}

rd_status rd__edict_text_utf8(char **data, size_t *len, const char *what) {
  char *u;
  size_t ul;
  rd_status st = rd__edict_decode(&u, &ul, *data, *len, what);
  if (st < 0) return st;
  free(*data);
  *data = u;
  *len = ul;
  return RD_OK;
}

/* ---- the line grammar --------------------------------------------------------- */

#define TAG_MAX 16 /* longer parenthesised words are gloss text */

bool rd__edict_is_tag(const char *s, size_t n) {
  static const char *const known[] = {
    "n", "n-adv", "n-suf", "n-pref", "n-t", "n-pr", "adv", "adv-to", "aux", "aux-v", "aux-adj", "conj", "cop-da",
    "ctr", "exp", "int", "num", "pn", "pref", "prt", "suf", "unc", "vi", "vt", "vk", "vn", "vr", "vs", "vs-c",
    "vs-i", "vs-s", "vz", "v-unspec", "iv", "abbr", "arch", "ateji", "chn", "col", "derog", "eK", "ek", "fam",
    "fem", "gikun", "hon", "hum", "iK", "ik", "id", "io", "m-sl", "male", "male-sl", "oK", "obs", "obsc", "ok",
    "oik", "on-mim", "poet", "pol", "rare", "sens", "sl", "uK", "uk", "vulg", "X", "yoji", "MA", "Buddh", "comp",
    "food", "geom", "ling", "math", "mil", "physics", "sumo", "Shinto", "baseb", "biol", "bot", "chem", "econ",
    "engr", "finc", "geol", "law", "mahj", "med", "music", "shogi", "sports", "zool", "anat", "archit", "astron",
    "bus", "elec", "ent", "ksb", "ktb", "kyb", "kyu", "osb", "rkb", "thb", "tsb", "tsug", "hob", "nab", "P",
    "proverb", "quote", "joc", "dated", "hist", "net-sl",
    /* ENAMDICT's name kinds (names.c); no EDICT field starts with them */
    "s", "p", "u", "g", "f", "m", "h", "pr", "c", "o", "st", "wk", "dei", NULL};
  if (n && s[n - 1] == ':') n--; /* dialects: "(ksb:)" */
  if (n == 0 || n >= TAG_MAX) return false;
  if (n >= 3 && !memcmp(s, "adj", 3)) return true;
  if (n >= 2 && s[0] == 'v' && s[1] >= '1' && s[1] <= '9') return true; /* v1, v5m, v2a-s, v4r */
  /* first byte before length: every EDICT line goes through here */
  for (size_t i = 0; known[i]; i++)
    if (known[i][0] == s[0] && !strncmp(known[i], s, n) && known[i][n] == '\0') return true;
  return false;
}

bool rd__edict_next_line(rd__edict_line *out, const char *data, size_t len, size_t *pos) {
  while (*pos < len) {
    const char *l = data + *pos;
    const char *nl = memchr(l, '\n', len - *pos);
    size_t ll = nl ? (size_t)(nl - l) : len - *pos;
    *pos += ll + (nl != NULL);
    if (ll && l[ll - 1] == '\r') ll--;
    if (rd__edict_parse_line(out, l, ll)) return true;
  }
  return false;
}

bool rd__edict_parse_line(rd__edict_line *out, const char *line, size_t len) {
  const char *end = line + len;
  const char *sp = memchr(line, ' ', len);
  if (!sp || sp == line) return false;
  const char *p = sp + 1;
  memset(out, 0, sizeof *out);
  if (p < end && *p == '[') {
    const char *close = memchr(p, ']', (size_t)(end - p));
    if (!close) return false;
    out->readings = p + 1;
    out->readings_len = (size_t)(close - p - 1);
    p = close + 1;
  }
  while (p < end && *p == ' ') p++;
  if (p >= end || *p != '/') return false;
  out->headwords = line;
  out->headwords_len = (size_t)(sp - line);
  out->fields = p + 1;
  out->fields_len = (size_t)(end - p - 1);
  return true;
}

bool rd__edict_next_item(const char **item, size_t *item_len, const char **markers, size_t *markers_len,
                         const char **pos, const char *end) {
  const char *p = *pos;
  if (p >= end) return false;
  const char *semi = memchr(p, ';', (size_t)(end - p));
  const char *e = semi ? semi : end;
  /* markers: trailing "(...)" groups */
  const char *m = e;
  while (m > p && m[-1] == ')') {
    const char *open = m - 1;
    while (open > p && *open != '(') open--;
    if (*open != '(' || open == p) break;
    m = open;
  }
  *item = p;
  *item_len = (size_t)(m - p);
  *markers = m;
  *markers_len = (size_t)(e - m);
  *pos = semi ? semi + 1 : end;
  return true;
}

/* The end of a leading tag group at s (a ')' inside [s, end)) when the
 * group is one: all digits (a sense number, *sense set) or all tags. */
static const char *tag_group(const char *s, const char *end, int *sense) {
  if (s >= end || *s != '(') return NULL;
  const char *close = memchr(s, ')', (size_t)(end - s));
  if (!close) return NULL;
  const char *in = s + 1;
  size_t n = (size_t)(close - in);
  bool digits = n > 0;
  for (size_t i = 0; i < n; i++) digits &= in[i] >= '0' && in[i] <= '9';
  if (digits) {
    if (sense) *sense = n < 6 ? atoi(in) : 0;
    return close;
  }
  for (const char *p = in; p < close;) {
    const char *c = memchr(p, ',', (size_t)(close - p));
    if (!c) c = close;
    if (!rd__edict_is_tag(p, (size_t)(c - p))) return NULL;
    p = c + 1;
  }
  return close;
}

bool rd__edict_next_field(rd__edict_field *out, const char **pos, const char *end) {
  const char *f = *pos;
  if (f >= end) return false;
  const char *slash = memchr(f, '/', (size_t)(end - f));
  if (!slash) return false;
  memset(out, 0, sizeof *out);
  const char *s = f, *tags_end = f;
  for (;;) {
    while (s < slash && *s == ' ') s++;
    const char *close = tag_group(s, slash, &out->sense);
    if (!close) break;
    s = tags_end = close + 1;
  }
  out->tags = f;
  out->tags_len = (size_t)(tags_end - f);
  out->text = s;
  out->len = (size_t)(slash - s);
  *pos = slash + 1;
  return true;
}

bool rd__edict_next_tag(const char **tag, size_t *tag_len, const char **pos, const char *end) {
  const char *p = *pos;
  for (;;) {
    while (p < end && (*p == ' ' || *p == ',' || *p == ')')) p++;
    if (p >= end) { *pos = p; return false; }
    if (*p == '(') {
      const char *close = memchr(p, ')', (size_t)(end - p));
      bool digits = close && close > p + 1;
      for (const char *q = p + 1; digits && q < close; q++) digits = *q >= '0' && *q <= '9';
      if (digits) { p = close + 1; continue; } /* a sense number */
      p++;
      continue;
    }
    const char *e = p;
    while (e < end && *e != ',' && *e != ')' && *e != ' ') e++;
    size_t n = (size_t)(e - p);
    *tag = p;
    *tag_len = n && p[n - 1] == ':' ? n - 1 : n;
    *pos = e;
    return true;
  }
}

bool rd__edict_has_tag(const char *tags, size_t tags_len, const char *t) {
  const char *p = tags, *end = tags + tags_len, *g;
  size_t n, tl = strlen(t);
  while (rd__edict_next_tag(&g, &n, &p, end))
    if (n == tl && !memcmp(g, t, n)) return true;
  return false;
}

/* ---- the look-up memo ---------------------------------------------------------- */

/* Direct-mapped: a key's slot is its hash's, and a new key takes the slot
 * over. Keys up to MEMO_KEY bytes (thirteen kanji) are kept, longer ones
 * are always looked up. 4,096 slots of 64 bytes a thread (256 KiB, made on
 * the thread's first look-up): the 3,000 short articles of bench/corpus.sh
 * ask 67,000 look-ups of 2,144 keys. */
#define MEMO_BITS 12
#define MEMO_KEY 39

typedef struct memo_slot {
  uint64_t id;        /* the table's; 0: empty */
  const void *fresh;  /* its rebuilt block when the answer was stored (util/strtab.h) */
  const void *val;    /* the answer: rd__strtab_find's value (NULL when absent), or another */
  unsigned char len;
  char key[MEMO_KEY];
} memo_slot;

static uint64_t next_table_id = 1;

uint64_t rd__edict_table_id(void) { return __atomic_fetch_add(&next_table_id, 1, __ATOMIC_RELAXED); }

/* The thread's memo; the key only frees it when the thread exits. */
static __thread memo_slot *thread_memo;
static __thread int thread_memo_failed;
static pthread_key_t memo_key;
static pthread_once_t memo_once = PTHREAD_ONCE_INIT;
static int memo_key_ok;

static void memo_key_init(void) { memo_key_ok = pthread_key_create(&memo_key, free) == 0; }

/* Made on the thread's first look-up; NULL when it cannot be (then every
 * look-up goes to the table). */
static memo_slot *new_memo(void) {
  pthread_once(&memo_once, memo_key_init);
  memo_slot *m = memo_key_ok ? calloc((size_t)1 << MEMO_BITS, sizeof *m) : NULL;
  if (m && pthread_setspecific(memo_key, m) != 0) {
    free(m);
    m = NULL;
  }
  if (!m) thread_memo_failed = 1;
  return thread_memo = m;
}

static inline uint64_t load8(const char *s) {
  uint64_t v;
  memcpy(&v, s, 8);
  return v;
}

static inline uint32_t load4(const char *s) {
  uint32_t v;
  memcpy(&v, s, 4);
  return v;
}

/* The bits of a key its slot is chosen by: its first and last 8 or 4
 * bytes (overlapping), or its bytes when fewer; a key is one to three
 * kanji more often than not. */
static inline uint64_t key_bits(const char *s, size_t len) {
  if (len >= 8) return load8(s) ^ (load8(s + len - 8) * 0x9E3779B97F4A7C15ull) ^ len;
  if (len >= 4) return ((uint64_t)load4(s + len - 4) << 32 | load4(s)) ^ len;
  uint64_t v = len;
  for (size_t i = 0; i < len; i++) v = v << 8 | (unsigned char)s[i];
  return v;
}

/* a[0..len) == b[0..len) by the same loads */
static inline int same_key(const char *a, const char *b, size_t len) {
  if (len > 16) return !memcmp(a, b, len);
  if (len >= 8) return load8(a) == load8(b) && load8(a + len - 8) == load8(b + len - 8);
  if (len >= 4) return load4(a) == load4(b) && load4(a + len - 4) == load4(b + len - 4);
  for (size_t i = 0; i < len; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* The slot of key s[0..len) of table id, or NULL when there is no memo. */
static inline memo_slot *slot_of(uint64_t id, const char *s, size_t len) {
  memo_slot *m = thread_memo;
  if (len > MEMO_KEY || (!m && (thread_memo_failed || !(m = new_memo())))) return NULL;
  uint64_t h = (key_bits(s, len) ^ id) * 0xFF51AFD7ED558CCDull;
  return &m[h >> (64 - MEMO_BITS)];
}

static inline void slot_put(memo_slot *e, uint64_t id, const void *fresh, const char *s, size_t len, const void *val) {
  e->id = id;
  e->fresh = fresh;
  e->val = val;
  e->len = (unsigned char)len;
  memcpy(e->key, s, len);
}

const char *rd__edict_find(const struct rd__strtab *t, uint64_t id, const char *s, size_t len) {
  memo_slot *e = slot_of(id, s, len);
  if (!e) return rd__strtab_find(t, s, len);
  const void *fresh = __atomic_load_n(&t->fresh, __ATOMIC_ACQUIRE);
  if (e->id == id && e->len == len && e->fresh == fresh && same_key(e->key, s, len)) return e->val;
  const char *v = rd__strtab_find(t, s, len);
  /* a look-up that met a bad slot answered from the rebuilt block: stored
   * with it, as the next look-up asks that block too */
  slot_put(e, id, __atomic_load_n(&t->fresh, __ATOMIC_ACQUIRE), s, len, v);
  return v;
}

bool rd__edict_memo_get(const void **val, uint64_t id, const char *s, size_t len) {
  memo_slot *e = slot_of(id, s, len);
  if (!e || e->id != id || e->len != len || e->fresh || !same_key(e->key, s, len)) return false;
  *val = e->val;
  return true;
}

void rd__edict_memo_put(uint64_t id, const char *s, size_t len, const void *val) {
  memo_slot *e = slot_of(id, s, len);
  if (e) slot_put(e, id, NULL, s, len, val);
}
