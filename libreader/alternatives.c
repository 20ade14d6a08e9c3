/* Alternative readings of heteronyms (issue 12): around each word of a
 * sentence that is a surface of rd__heteronyms, a window of a few words is
 * parsed again with MeCab's marginal probabilities; each such word then gets the share of every listed reading among the
 * lattice's nodes of exactly its span, cues (heteronyms_data.c) rule
 * readings in or out, and readings of at least RD__ALT_MIN share become
 * the token's alternatives. Per worker, then installed by the merge
 * (annotate.c) into the document's side table (token.c). */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "alternatives.h"

/* Below this share a reading is lattice noise, not a doubt. */
#define RD__ALT_MIN 0.05

/* Which sentences hold a surface of the table is asked of every sentence,
 * so it is one pass over the text: a bit per first character (by its
 * last two UTF-8 bytes) says where a surface may start, and only there are
 * the surfaces compared (45 memmem calls a sentence were 5 % of a 10 MB
 * annotation). */
static uint64_t first_bits[64]; /* 4096 bits: surfaces starting with a 3-byte character */
static uint64_t first_ascii[2];  /* 128 bits: surfaces starting with an ASCII byte (1日) */
static bool first_any;           /* a surface starting otherwise: compare everywhere */
static pthread_once_t first_once = PTHREAD_ONCE_INIT;

static unsigned first_key(const unsigned char *p) { return ((unsigned)p[1] << 6 ^ p[2]) & 4095u; }

static void first_init(void) {
  for (size_t i = 0; i < rd__nheteronyms; i++) {
    const unsigned char *s = (const unsigned char *)rd__heteronyms[i].surface;
    if (s[0] < 0x80) first_ascii[s[0] >> 6] |= 1ull << (s[0] & 63);
    else if (s[0] >= 0xE0 && s[0] <= 0xEF && s[1] && s[2]) first_bits[first_key(s) >> 6] |= 1ull << (first_key(s) & 63);
    else first_any = true;
  }
}

bool rd__alts_wanted(const char *text, size_t len) {
  pthread_once(&first_once, first_init);
  const unsigned char *t = (const unsigned char *)text;
  for (size_t i = 0; i < len; i++) {
    if (first_any) {
      /* no filter */
    } else if (t[i] < 0x80) {
      if (!(first_ascii[t[i] >> 6] >> (t[i] & 63) & 1)) continue;
    } else if (t[i] >= 0xE0 && t[i] <= 0xEF && i + 3 <= len) {
      unsigned k = first_key(t + i);
      if (!(first_bits[k >> 6] >> (k & 63) & 1)) continue;
    } else {
      continue;
    }
    for (size_t h = 0; h < rd__nheteronyms; h++) {
      const char *s = rd__heteronyms[h].surface;
      size_t n = strlen(s);
      if (n <= len - i && !memcmp(text + i, s, n)) return true;
    }
  }
  return false;
}

static const rd__heteronym *heteronym(const char *surface) {
  if (!surface) return NULL;
  for (size_t i = 0; i < rd__nheteronyms; i++)
    if (rd__heteronyms[i].surface[0] == surface[0] && !strcmp(rd__heteronyms[i].surface, surface)) return &rd__heteronyms[i];
  return NULL;
}

/* s is one of the "|a|b|" alternatives ("" matches "||"). */
static int in_list(const char *list, const char *s) {
  size_t n = strlen(s);
  for (const char *p = list; (p = strchr(p, '|')) && p[1]; p++) {
    const char *e = strchr(p + 1, '|');
    if (!e) break;
    if ((size_t)(e - p - 1) == n && !memcmp(p + 1, s, n)) return 1;
  }
  return 0;
}

/* s ends with one of the "|a|b|" alternatives. */
static int ends_in_list(const char *list, const char *s) {
  size_t n = strlen(s);
  for (const char *p = list; (p = strchr(p, '|')) && p[1]; p++) {
    const char *e = strchr(p + 1, '|');
    if (!e) break;
    size_t l = (size_t)(e - p - 1);
    if (l <= n && !memcmp(s + n - l, p + 1, l)) return 1;
  }
  return 0;
}

void rd__alts_sentence(rd__alt_state *s) { s->nsc = 0; }

/* Morphs on each side of a heteronym in its window: the CRF's context is
 * its neighbours, so two words either side give nearly the sentence's
 * marginals at a fraction of a whole-sentence marginal parse. */
#define RD__ALT_CONTEXT 2

int rd__alts_collect(rd__alt_state *s, const rd__backend *be, rd__parser *p, rd__feature_cache *cache,
                     const char *text, size_t piece_off, size_t at, const rd__morphs *m) {
  for (size_t k = 0; k < m->n; k++) {
    rd__morph mo = m->v[k];
    char surf[64];
    if (mo.len >= sizeof surf) continue;
    memcpy(surf, text + piece_off + mo.off, mo.len);
    surf[mo.len] = '\0';
    if (!heteronym(surf)) continue;
    size_t lo = k > RD__ALT_CONTEXT ? k - RD__ALT_CONTEXT : 0;
    size_t hi = k + RD__ALT_CONTEXT < m->n ? k + RD__ALT_CONTEXT : m->n - 1;
    size_t wa = m->v[lo].off, wb = m->v[hi].off + m->v[hi].len;
    /* The window is parsed on its own (the piece's morphs are words by now). */
    rd_status st = be->parse_marginal(p, text + piece_off + wa, wb - wa, at + wa, &s->wm);
    if (st < 0) return st == RD_ENOMEM ? -1 : (rd_error_clear(), 0); /* no alternatives rather than no document */
    if (be->candidates(p, mo.off - wa, mo.len, &s->cands) < 0) return -1;
    for (size_t c = 0; c < s->cands.n; c++) {
      rd__morph cm = {piece_off + mo.off, mo.len, s->cands.v[c].feature, s->cands.v[c].feature_len, 0};
      rd__word w;
      if (rd__feature_cache_word(cache, text, &cm, &w) < 0) return -1;
      if (!w.reading || !*w.reading) continue;
      if (s->nsc == s->capsc) {
        size_t cap = s->capsc ? s->capsc * 2 : 32;
        rd__sent_cand *v = realloc(s->sc, cap * sizeof *v);
        if (!v) return -1;
        s->sc = v;
        s->capsc = cap;
      }
      rd__sent_cand sc = {cm.off, cm.len, w.reading, s->cands.v[c].prob};
      s->sc[s->nsc++] = sc;
    }
  }
  return 0;
}

/* Whether a cue rules `reading` of word k in (1) or out (0); -1: no cue. */
static int cue(const rd__words *w, size_t k, const char *reading) {
  const char *next = k + 1 < w->n ? w->v[k + 1].surface : "";
  const char *next2 = k + 2 < w->n ? w->v[k + 2].surface : "";
  const char *prev = k > 0 && w->v[k - 1].surface ? w->v[k - 1].surface : "";
  for (size_t i = 0; i < rd__nreading_cues; i++) {
    const rd__reading_cue *c = &rd__reading_cues[i];
    if (strcmp(c->surface, w->v[k].surface) || strcmp(c->reading, reading)) continue;
    if (c->prev_end && !ends_in_list(c->prev_end, prev)) continue;
    if (c->next && !in_list(c->next, next ? next : "")) continue;
    if (c->next2 && !in_list(c->next2, next2 ? next2 : "")) continue;
    return c->keep;
  }
  return -1;
}

static int push_entry(rd__alt_state *s, size_t tok, double chosen, const rd__alt *alts, size_t n) {
  if (rd__alt_list_push(&s->list, tok, (float)chosen, alts, n) < 0) return -1;
  /* Kept beyond the sentence (candidate readings live in the feature
   * cache, which a long run may empty). */
  rd__alt *it = rd__alt_list_items(&s->list) + s->list.items.len - n;
  for (size_t i = 0; i < n; i++)
    if (!(it[i].reading = rd__arena_strndup(s->strings, it[i].reading, strlen(it[i].reading)))) return -1;
  return 0;
}

int rd__alts_words(rd__alt_state *s, const rd__words *w, size_t tok_base) {
  for (size_t k = 0; k < w->n; k++) {
    const rd__word *wd = &w->v[k];
    const rd__heteronym *h = heteronym(wd->surface);
    if (!h || !wd->reading || !*wd->reading || (wd->flags & RD_TOKEN_OVERRIDE)) continue;
    /* The listed readings and the chosen one, each with its lattice mass. */
    const char *rd[RD__HETERONYM_READINGS + 1];
    double pr[RD__HETERONYM_READINGS + 1];
    size_t n = 0, chosen = (size_t)-1;
    for (; n < RD__HETERONYM_READINGS && h->readings[n]; n++) {
      rd[n] = h->readings[n];
      pr[n] = 0;
      if (!strcmp(rd[n], wd->reading)) chosen = n;
    }
    if (chosen == (size_t)-1) { chosen = n; rd[n] = wd->reading; pr[n++] = 0; }
    double total = 0;
    for (size_t c = 0; c < s->nsc; c++) {
      const rd__sent_cand *sc = &s->sc[c];
      if (sc->off != wd->off || sc->len != wd->len) continue;
      for (size_t j = 0; j < n; j++)
        if (!strcmp(sc->reading, rd[j])) { pr[j] += sc->prob; total += sc->prob; break; }
    }
    int lattice = total > 0;
    if (!lattice) {
      /* No lattice node of this span: a rule made it. Its default reading
       * leaves the others open, each as likely. */
      if (!h->open || strcmp(h->open, wd->reading)) continue;
      for (size_t j = 0; j < n; j++) pr[j] = 1;
    }
    /* A rule that replaced MeCab's reading of this very span (日本: IPADIC
     * knows only にっぽん, the nihon rule reads にほん) corrects the reading,
     * not the word: the lattice's mass for MeCab's reading is the rule's.
     * Otherwise the reading shown would carry confidence 0 and its
     * replaced reading 1, which says the rule is surely wrong. */
    if (lattice && wd->orig_reading && (wd->flags & RD_TOKEN_RULE))
      for (size_t j = 0; j < n; j++)
        if (j != chosen && !strcmp(rd[j], wd->orig_reading)) { pr[chosen] += pr[j]; pr[j] = 0; }
    for (size_t j = 0; j < n; j++)
      if (j != chosen && cue(w, k, rd[j]) == 0) pr[j] = 0;
    total = 0;
    for (size_t j = 0; j < n; j++) total += pr[j];
    if (total <= 0) continue;
    rd__alt alts[RD__HETERONYM_READINGS + 1];
    size_t na = 0;
    for (size_t j = 0; j < n; j++) {
      double c = pr[j] / total;
      if (j == chosen || c < RD__ALT_MIN) continue;
      size_t at = na++;
      while (at > 0 && alts[at - 1].confidence < c) { alts[at] = alts[at - 1]; at--; } /* most likely first */
      alts[at].reading = rd[j];
      alts[at].confidence = (float)c;
    }
    if (na && push_entry(s, tok_base + k, pr[chosen] / total, alts, na) < 0) return -1;
  }
  return 0;
}

rd_status rd__alts_install(rd_doc *doc, rd__alts *table, const rd__alt_state *s, size_t base) {
  const rd__alt_entry *v = rd__alt_list_entries(&s->list);
  const rd__alt *items = rd__alt_list_items(&s->list);
  for (size_t i = 0; i < s->list.entries.len; i++) {
    const rd__alt_entry *e = &v[i];
    rd_status st = rd__doc_alts_add(doc, table, base + e->token, e->chosen, items + e->first, e->count);
    if (st < 0) return st;
  }
  return RD_OK;
}

void rd__alts_dispose(rd__alt_state *s) {
  free(s->cands.v);
  free(s->wm.v);
  free(s->sc);
  rd__vec_dispose(&s->list.entries);
  rd__vec_dispose(&s->list.items);
}
