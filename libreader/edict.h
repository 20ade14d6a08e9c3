/* EDICT-family files (EDICT, compdic, ENAMDICT, KANJIDIC), private: ONE
 * EUC-JP -> UTF-8 converter (ICU) and ONE EDICT line grammar, used by the
 * glossary (glossary.c), the compounds rule (compounds.c) and KANJIDIC
 * (kanjidic.c). Nothing here knows a document or the analyzer.
 *
 * An EDICT line:  HEADWORDS [READINGS] /FIELD/FIELD/.../
 *   HEADWORDS, READINGS: items separated by ';', each with optional
 *     markers in parentheses: 会う(P);逢う(iK)  あう(P)  (EDICT2; EDICT1
 *     has one item and no markers)
 *   FIELD: leading groups "(n,vs) (1) (P)" of tags (every item a known
 *     tag, dialects "ksb:") or a sense number, then the gloss text. A group
 *     that is not all tags ("(town) market") is gloss text. */
#ifndef READER_EDICT_H
#define READER_EDICT_H

#include "common_internal.h"

/* Convert EUC-JP in[0..len) to UTF-8. *out is malloc'ed and NUL-terminated
 * (release with free()), *len_out its length without the NUL. A byte
 * sequence that is not EUC-JP fails with RD_EENCODING naming the byte, its
 * offset and line ("WHAT: invalid EUC-JP byte 0xFF at offset 12 (line 2)");
 * what names the input (a path), or NULL. On error *out is NULL. */
rd_status rd__eucjp_to_utf8(char **out, size_t *len_out, const char *in, size_t len, const char *what);

/* An EDICT file's bytes in[0..len) as UTF-8 text: copied if valid UTF-8
 * (EDICT is EUC-JP, but UTF-8 conversions of it circulate), else converted
 * from EUC-JP; a NUL byte refuses the file as binary. *out is malloc'ed and
 * NUL-terminated (free()); on error NULL. */
rd_status rd__edict_decode(char **out, size_t *len_out, const char *in, size_t len, const char *what);

/* A file's text as UTF-8: kept if it is valid UTF-8, else converted from
 * EUC-JP (then an invalid byte is an error naming it). *data is replaced
 * (free()d) by the converted copy. */
rd_status rd__edict_text_utf8(char **data, size_t *len, const char *what);

/* One line split into its parts; spans point into the line. */
typedef struct rd__edict_line {
  const char *headwords; size_t headwords_len; /* everything before the first space */
  const char *readings; size_t readings_len;   /* inside [ ]; NULL when the line has none */
  const char *fields; size_t fields_len;       /* after the first '/', to the end of the line */
} rd__edict_line;

/* Whether line[0..len) (no newline) has the EDICT shape; fills *out. */
bool rd__edict_parse_line(rd__edict_line *out, const char *line, size_t len);

/* The next line of data[0..len) in the EDICT shape, from *pos (advanced
 * past it; a CR before the newline is dropped); lines of another shape are
 * skipped. false at the end of the data. */
bool rd__edict_next_line(rd__edict_line *out, const char *data, size_t len, size_t *pos);

/* The next ';'-separated item of a headword or reading list from *pos
 * (advanced; up to end): its text without markers, and the markers' span
 * ("(P)(iK)", empty if none). false at the end. */
bool rd__edict_next_item(const char **item, size_t *item_len, const char **markers, size_t *markers_len,
                         const char **pos, const char *end);

/* One '/'-separated field of the glosses. */
typedef struct rd__edict_field {
  const char *tags; size_t tags_len; /* the leading groups: "(n,vs) (1)"; empty if none */
  const char *text; size_t len;      /* the gloss after them (may be empty) */
  int sense;                         /* the last sense number "(2)" among the groups, 0 if none */
} rd__edict_field;

/* The next field from *pos (advanced; up to end); false when no '/' ends
 * another field. */
bool rd__edict_next_field(rd__edict_field *out, const char **pos, const char *end);

/* The next tag of a tag span (a field's tags, or an item's markers) from
 * *pos: "n", "vs", "P", "ksb" (a dialect's ':' dropped); sense numbers are
 * skipped. false at the end. */
bool rd__edict_next_tag(const char **tag, size_t *tag_len, const char **pos, const char *end);

/* Whether s[0..n) is one of EDICT's tags (parts of speech, usage, field,
 * dialect; "adj-*" and "v1".."v9*" by pattern; a dialect's ':' allowed). */
bool rd__edict_is_tag(const char *s, size_t n);

/* Whether a tag span holds the tag t ("ik" in "(n,ik) (1)"). */
bool rd__edict_has_tag(const char *tags, size_t tags_len, const char *t);

/* ---- look-ups in the tables built from them (compounds, ENAMDICT) ----------
 * The reading rules ask the same headwords of every sentence that has the
 * word (a content noun's compound reading, a name's readings), and a word
 * repeats many times in a batch: each thread keeps a bounded memo of its
 * look-ups in front of the table's, by the table's id and the key's bytes.
 * A table's id is never reused, so no answer of a freed table is given
 * for another one; nor of a table since rebuilt (util/strtab.h). */
struct rd__strtab;
/* A new table id (never 0), for the life of the table. */
uint64_t rd__edict_table_id(void);
/* rd__strtab_find(t, s, len), memoised on this thread for table id. */
const char *rd__edict_find(const struct rd__strtab *t, uint64_t id, const char *s, size_t len);
/* The same memo for another pure answer about key s[0..len) of table id
 * (ask it under an id of its own): true and *val when this thread has it. */
bool rd__edict_memo_get(const void **val, uint64_t id, const char *s, size_t len);
void rd__edict_memo_put(uint64_t id, const char *s, size_t len, const void *val);

#endif
