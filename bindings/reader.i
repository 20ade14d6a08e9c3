/* Shared SWIG core of the Python and Ruby bindings. It %includes the real
 * public headers (never restating a prototype), renames the raw entry points
 * to "_name", and adds the typemaps and %extend blocks every language shares:
 *  - rd_status out: a negative status raises (rd__swig_raise, per language);
 *  - rd_doc / rd_node results pin their document (rd_doc_ref) and the
 *    wrapper's destructor unpins it, so a held token keeps its document alive;
 *  - out parameters become return values.
 * The language files (python/reader_py.i, ruby/reader_rb.i) define %module,
 * rd__swig_raise, string conversions, then %include this file. */

%{
#include <stdlib.h>
#include <string.h>
#include <reader.h>

/* Code points in s[0, n): the bindings hand out str indices, not bytes. */
static size_t rd__swig_chars(const char *s, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < n; i++)
    if (((unsigned char)s[i] & 0xC0) != 0x80) c++;
  return c;
}

static char *rd__swig_strdup(const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *d = malloc(n);
  if (d) memcpy(d, s, n);
  return d;
}
%}

/* ---- names -------------------------------------------------------------- */
/* Raw C entry points: rd_doc_parse -> _doc_parse; the safe, native API is
 * made of the classes below and the language layers. */
%rename("%(strip:[RD_])s") "";
%rename("%(regex:/^rd_(.*)$/_\\1/)s", %$isfunction) "";
%rename(Node) rd_node;
%rename(Word) rd_word;
%rename(Document) rd_doc;
%rename(Analyzer) rd_analyzer;
%rename(ParseOptions) rd_parse_options;
%rename(Pairing) rd_pairing;
%rename(PairingItem) rd_pairing_item;
%rename(KnownWords) rd_known;
%rename(WriteOptions) rd_write_options;
%rename(Glossary) rd_glossary;
%rename(GlossResult) rd_gloss_result;
%rename(GlossEntry) rd_gloss_entry;
%rename(Pipeline) rd_pipeline;
%rename(Batch) rd_batch;
%rename(ReadOptions) rd_read_options;

/* ---- what is deliberately not exposed ----------------------------------- *
 * THE list of public functions the bindings leave out on purpose. The build
 * runs bindings/check_wrapped.py over the generated wrappers: every
 * RD_EXPORT function of include/reader/*.h must be wrapped or named here,
 * one per line, with the reason after it (the script refuses a function
 * %ignore without one, and a name no header declares). */
%ignore rd_free;                  /* wrappers free library buffers themselves (typemaps below) */
%ignore rd_doc_free;              /* lifetime is the wrappers' reference (rd_doc_unref in ~Document) */
%ignore rd_doc_ref;               /* taken by the rd_node / rd_doc out typemaps */
%ignore rd_doc_unref;             /* dropped by the wrappers' destructors */
%ignore rd_error_last;            /* read by rd__swig_raise; scripts get exceptions */
%ignore rd_iter_new;              /* the layers walk by index (O(1) access), not with a C iterator */
%ignore rd_iter_next;             /* see rd_iter_new */
%ignore rd_iter_node;             /* see rd_iter_new */
%ignore rd_iter_event;            /* see rd_iter_new */
%ignore rd_iter_reset;            /* see rd_iter_new */
%ignore rd_iter_free;             /* see rd_iter_new */
%ignore rd_node_text;             /* node.text attribute (length from the language string) */
%ignore rd_node_span;             /* byte offsets; scripts get code points (node.start / node.end) */
%ignore rd_doc_ruby_span_at;      /* byte offsets; scripts see the editors' readings on the tokens (token.flags, token.reading) */
%ignore rd_node_char_span;        /* node.start / node.end attributes */
%ignore rd_doc_source;            /* doc.text attribute */
%ignore rd_token_records;         /* the layers' chunked token walk (_token_chunk) converts its records */
%ignore rd_token_record;          /* a C-side chunk record: the layers convert it, scripts never see one */
%ignore rd_sentence_token_texts;  /* the C writers' chunked sentence walk; scripts have sentence.tokens and token.furigana */
%ignore rd_token_text;            /* its C-side record (borrowed pointers and byte offsets) */
%ignore rd_token_ruby_at;         /* token.furigana (the _furigana_* methods below) */
%ignore rd_token_alternative;     /* token.alternatives, a list of (reading, confidence) (the _alternative_* methods below) */
%ignore rd_analyzer_new;          /* analyzers come from a Pipeline (rd_pipeline_analyzer): same defaults as the page */
%ignore rd_analyzer_free;         /* owned by its pipeline */
%ignore rd_align;                 /* tokens carry their furigana; no script needs the raw aligner */
%ignore rd_align_with_flags;      /* see rd_align */
%ignore rd_pairing_free;          /* ~PairingReport */
%ignore rd_known_free;            /* ~KnownWords */
%ignore rd_known_new;             /* the KnownWords constructor */
%ignore rd_doc_write;             /* a C callback sink; scripts get the whole text (to_xml, to_html, ...) */
%ignore rd_words_options;         /* scripts build words through the Pipeline (or doc.build_words) */
%ignore rd_node_write;            /* a C callback sink; scripts get the whole text (node.render) */
%ignore rd_glossary_new;          /* the Glossary constructor (rd_glossary_new) */
%ignore rd_glossary_new;         /* the Glossary constructor */
%ignore rd_glossary_free;         /* ~Glossary */
%ignore rd_gloss_result_free;     /* ~GlossResult */
%ignore rd_batch_new;             /* the Batch constructor */
%ignore rd_batch_free;            /* ~Batch */
%ignore rd_batch_next;            /* _batch_take: the end of the batch is None, not an error */
%ignore rd_pipeline_read_batch;   /* a C callback; scripts iterate a Batch (Pipeline.read_files/read_many) */
%ignore rd_batch_input;           /* C's input array of rd_pipeline_read_batch */
%ignore rd_pipeline_stream_file;  /* the streamed render writes to a C callback sink; scripts read documents */
%ignore rd_stream_write;          /* see rd_pipeline_stream_file */
%ignore rd_stream_warning_count;  /* see rd_pipeline_stream_file */
%ignore rd_stream_warning_at;     /* see rd_pipeline_stream_file */
%ignore rd_stream_free;           /* see rd_pipeline_stream_file */
%ignore rd_pipeline_new;          /* the Pipeline constructor */
%ignore rd_pipeline_free;         /* ~Pipeline */

/* Types and macros with no use in a script. */
%ignore rd_error;
%ignore rd_iter;
%ignore rd_ruby;
%ignore rd_annotate_options;
%ignore rd_analyzer_options;
%ignore rd_parse_options::version;
%immutable rd_parse_options::name;
%ignore RD_PARSE_OPTIONS_INIT;
%ignore RD_ANALYZER_OPTIONS_INIT;
%ignore RD_ANNOTATE_OPTIONS_INIT;
%ignore RD_SUMMARIES_OPTIONS_INIT;
%ignore RD_WRITE_OPTIONS_INIT;
%ignore RD_PIPELINE_OPTIONS_INIT;
%ignore RD_READ_OPTIONS_INIT;
%ignore rd_summaries_options;
%ignore rd_pipeline_options;
%ignore rd_write_fn;
%ignore rd_write_options::version;
%ignore rd_read_options::version;
%immutable rd_read_options::name;
%immutable rd_read_options::summaries;
%ignore rd_pairing_item::version;
%ignore rd_glossary_options;
%ignore RD_GLOSSARY_OPTIONS_INIT;
%immutable rd_pairing_item::kind;
%immutable rd_pairing_item::element;
%immutable rd_pairing_item::section_id;
%immutable rd_pairing_item::heading;
%immutable rd_pairing_item::node;
%immutable rd_pairing_item::line;
%immutable rd_pairing_item::message;

/* ---- the exception table and the name tables ---------------------------- *
 * Defined once here; each language builds its classes and dicts/hashes from
 * them at load time, so a new status or format is one line in this file. */
%{
/* One row per status: the class each language raises. py_base / rb_base
 * name the language's own class the error also is (Python: an extra base;
 * Ruby: the superclass, NULL meaning LibReader::Error). A NULL name means
 * "raise the language's own class" (out of memory). */
typedef struct rd__swig_error_class {
  rd_status code;
  const char *py_name, *rb_name;
  const char *py_base, *rb_base;
  const char *doc;
} rd__swig_error_class;

static const rd__swig_error_class rd__swig_errors[] = {
  {RD_ERROR, "Error", "Error", NULL, NULL, "Base class of every libreader failure; str() is the C library's message."},
  {RD_EENCODING, "EncodingError", "InvalidEncoding", "UnicodeError", NULL,
   "Invalid UTF-8, a NUL byte or an unsupported encoding."},
  {RD_EINVALID, "InvalidArgument", "InvalidArgument", "ValueError", NULL,
   "A bad argument, wrong node kind or malformed input structure."},
  {RD_EANALYZER, "AnalyzerError", "AnalyzerError", NULL, NULL, "MeCab or its dictionary failed."},
  {RD_EXML, "XmlError", "XmlError", NULL, NULL, "Malformed, invalid or hostile XML."},
  {RD_EIO, "FileError", "FileError", "OSError", NULL, "A file could not be read or written (also an OSError)."},
  {RD_ENOTFOUND, "NotFoundError", "NotFoundError", "KeyError", "KeyError",
   "Something looked up does not exist (also a KeyError)."},
  {RD_ENOMEM, NULL, NULL, "MemoryError", "NoMemoryError", "Out of memory."},
};
#define RD__SWIG_NERRORS (sizeof rd__swig_errors / sizeof rd__swig_errors[0])

/* The row of a status (row 0, Error, for any status not listed). */
static size_t rd__swig_error_row(rd_status st) {
  for (size_t i = 0; i < RD__SWIG_NERRORS; i++)
    if (rd__swig_errors[i].code == st) return i;
  return 0;
}

/* The message of a failed call: the C library's, or rd_strerror() when the
 * thread's last error is not this status. */
static const char *rd__swig_message(rd_status st) {
  const rd_error *e = rd_error_last();
  return e->code == st && e->message[0] ? e->message : rd_strerror(st);
}

/* Names scripts use for enum values, per table. A NULL name in "kind" is
 * rd_node_kind_name()'s, so node kinds are named by the C library alone. */
typedef struct rd__swig_name { const char *table, *name; int value; } rd__swig_name;
static const rd__swig_name rd__swig_names[] = {
  {"format", "auto", RD_FORMAT_AUTO}, {"format", "text", RD_FORMAT_TEXT}, {"format", "html", RD_FORMAT_HTML},
  {"format", "xml", RD_FORMAT_XML}, {"format", "lines", RD_FORMAT_LINES},
  {"furigana", "all", RD_FURIGANA_ALL}, {"furigana", "unknown", RD_FURIGANA_UNKNOWN},
  {"furigana", "none", RD_FURIGANA_NONE},
  {"text", "text", RD_OUTPUT_TEXT}, {"text", "plain", RD_OUTPUT_TEXT}, {"text", "brackets", RD_OUTPUT_BRACKETS},
  {"text", "hiragana", RD_OUTPUT_HIRAGANA}, {"text", "romaji", RD_OUTPUT_ROMAJI},
  {"output", "xml", RD_OUTPUT_XML}, {"output", "json", RD_OUTPUT_JSON}, {"output", "html", RD_OUTPUT_HTML},
  {"output", "text", RD_OUTPUT_TEXT}, {"output", "brackets", RD_OUTPUT_BRACKETS},
  {"output", "hiragana", RD_OUTPUT_HIRAGANA}, {"output", "romaji", RD_OUTPUT_ROMAJI},
  {"output", "vocab", RD_OUTPUT_VOCAB},
  {"script", "hiragana", RD_SCRIPT_HIRAGANA}, {"script", "katakana", RD_SCRIPT_KATAKANA},
  {"script", "romaji", RD_SCRIPT_ROMAJI},
  {"stage", "annotate", RD_STAGE_ANNOTATE}, {"stage", "summaries", RD_STAGE_SUMMARIES},
  {"stage", "gloss", RD_STAGE_GLOSS}, {"stage", "words", RD_STAGE_WORDS},
  {"stage", "alternatives", RD_STAGE_ALTERNATIVES}, {"stage", "all", RD_STAGE_ALL},
  {"kind", NULL, RD_NODE_DOCUMENT}, {"kind", NULL, RD_NODE_SECTION}, {"kind", NULL, RD_NODE_HEADING},
  {"kind", NULL, RD_NODE_PARAGRAPH}, {"kind", NULL, RD_NODE_SENTENCE}, {"kind", NULL, RD_NODE_QUESTION},
  {"kind", NULL, RD_NODE_REFERENCES}, {"kind", NULL, RD_NODE_REFERENCE}, {"kind", NULL, RD_NODE_CITATION},
  {"kind", NULL, RD_NODE_TOKEN},
};

static const rd__swig_name *rd__swig_name_row(const char *table, size_t i) {
  if (!table) return NULL;
  for (size_t k = 0; k < sizeof rd__swig_names / sizeof rd__swig_names[0]; k++)
    if (strcmp(rd__swig_names[k].table, table) == 0 && i-- == 0) return &rd__swig_names[k];
  return NULL;
}
%}

%rename(_names_count) rd__swig_names_count;
%rename(_name_at) rd__swig_name_at;
%rename(_value_at) rd__swig_value_at;
%rename(_error_count) rd__swig_error_count;
%rename(_error_code) rd__swig_error_code;
%inline %{
/** Number of names in a table ("format", "furigana", "text", "output",
 *  "script", "stage", "kind"); 0 for an unknown table. */
static size_t rd__swig_names_count(const char *table) {
  size_t n = 0;
  while (rd__swig_name_row(table, n)) n++;
  return n;
}
/** Name i of a table. */
static const char *rd__swig_name_at(const char *table, size_t i) {
  const rd__swig_name *r = rd__swig_name_row(table, i);
  return !r ? NULL : r->name ? r->name : rd_node_kind_name((rd_node_kind)r->value);
}
/** Value of name i of a table. */
static int rd__swig_value_at(const char *table, size_t i) {
  const rd__swig_name *r = rd__swig_name_row(table, i);
  return r ? r->value : -1;
}
/** Rows of the exception table. */
static size_t rd__swig_error_count(void) { return RD__SWIG_NERRORS; }
/** Status of row i. */
static int rd__swig_error_code(size_t i) { return i < RD__SWIG_NERRORS ? rd__swig_errors[i].code : 0; }
%}

/* ---- status -> exception ------------------------------------------------ */
%typemap(out) rd_status {
  if ($1 < 0) { rd__swig_raise($1); SWIG_fail; }
  $result = VOID_Object;
}

/* ---- pinning: every wrapped node or document holds a document reference -- */
%typemap(out) rd_node * {
  if ($1) {
    /* The language's object for the node (Python: its kind's class, a
     * Token for a token), holding a document reference (rd_doc_ref). */
    $result = rd__swig_node_object($1, $descriptor(rd_node *));
    if (!$result) SWIG_fail;
  } else {
    $result = VOID_Object;
  }
}
%typemap(out) rd_doc * {
  if ($1) {
    rd_doc_ref($1);
    $result = SWIG_NewPointerObj(SWIG_as_voidptr($1), $descriptor(rd_doc *), SWIG_POINTER_OWN);
  } else {
    $result = VOID_Object;
  }
}
/* Words and the tokens they hand out pin their document too. */
%typemap(out) const rd_node * = rd_node *;
%typemap(out) const rd_word * {
  if ($1) {
    rd_doc_ref(rd_node_doc(rd_word_sentence($1)));
    $result = SWIG_NewPointerObj(SWIG_as_voidptr($1), $descriptor(rd_word *), SWIG_POINTER_OWN);
  } else {
    $result = VOID_Object;
  }
}
%typemap(default) const rd_words_options *opts { $1 = NULL; }

/* Out parameters: the new document is the call's result and owns the
 * reference the constructor returned. */
%typemap(in, numinputs=0) rd_doc **out (rd_doc *tmp = NULL) { $1 = &tmp; }
%typemap(argout) rd_doc **out {
  %append_output(SWIG_NewPointerObj(SWIG_as_voidptr(tmp$argnum), $descriptor(rd_doc *), SWIG_POINTER_OWN));
}

/* (text, length) pairs come from one language string; the language file
 * supplies the %typemap(in) for (const char *text, size_t len). */
%apply (const char *text, size_t len) { (const char *heading, size_t len) };

/* Writers and kana: the buffer becomes a language string (rd__swig_from_buf, per
 * language) and is freed here; options are optional. */
%typemap(in, numinputs=0) (char **out, size_t *len_out) (char *buf = NULL, size_t n = 0) { $1 = &buf; $2 = &n; }
%typemap(argout) (char **out, size_t *len_out) {
  %append_output(rd__swig_from_buf(buf$argnum, n$argnum));
}
%typemap(freearg) (char **out, size_t *len_out) { rd_free(buf$argnum); }
%typemap(in, numinputs=0) rd_gloss_result **out (rd_gloss_result *tmp = NULL) { $1 = &tmp; }
%typemap(argout) rd_gloss_result **out {
  %append_output(SWIG_NewPointerObj(SWIG_as_voidptr(tmp$argnum), $descriptor(rd_gloss_result *), SWIG_POINTER_OWN));
}

/* Options structs are optional trailing arguments (NULL: defaults). */
%typemap(default) const rd_parse_options *opts { $1 = NULL; }
/* Annotation options reach scripts as one number: worker threads. */
%typemap(default) const rd_annotate_options *opts { $1 = NULL; }
%typemap(in, fragment="SWIG_AsVal_unsigned_SS_int") const rd_annotate_options *opts
    (rd_annotate_options tmp = RD_ANNOTATE_OPTIONS_INIT, unsigned n = 0) {
  if (!SWIG_IsOK(SWIG_AsVal_unsigned_SS_int($input, &n)))
    SWIG_exception_fail(SWIG_TypeError, "threads must be a non-negative integer");
  tmp.threads = n;
  $1 = &tmp;
}

/* Summaries options reach scripts as their flags (SUMMARIES_*). */
%typemap(default) const rd_summaries_options *opts { $1 = NULL; }
%typemap(in, fragment="SWIG_AsVal_unsigned_SS_int") const rd_summaries_options *opts
    (rd_summaries_options tmp = RD_SUMMARIES_OPTIONS_INIT, unsigned n = 0) {
  if (!SWIG_IsOK(SWIG_AsVal_unsigned_SS_int($input, &n)))
    SWIG_exception_fail(SWIG_TypeError, "flags must be a non-negative integer");
  tmp.flags = n;
  $1 = &tmp;
}
%typemap(in, numinputs=0) rd_pairing **report_out (rd_pairing *tmp = NULL) { $1 = &tmp; }
%typemap(argout) rd_pairing **report_out {
  %append_output(SWIG_NewPointerObj(SWIG_as_voidptr(tmp$argnum), $descriptor(rd_pairing *), SWIG_POINTER_OWN));
}
/* The pipeline's pairing report (None when no summaries were loaded). */
%apply rd_pairing **report_out { rd_pairing **pairing_out };

/* Read options: a ReadOptions object, or none (the defaults). */
%typemap(default) const rd_read_options *opts { $1 = NULL; }
/* Write options that fit a pipeline: a new WriteOptions the script owns. */
%typemap(in, numinputs=0) rd_write_options *out (rd_write_options *tmp = NULL) {
  tmp = calloc(1, sizeof *tmp);
  if (!tmp) { rd__swig_raise(RD_ENOMEM); SWIG_fail; }
  $1 = tmp;
}
%typemap(argout) rd_write_options *out {
  %append_output(SWIG_NewPointerObj(SWIG_as_voidptr(tmp$argnum), $descriptor(rd_write_options *), SWIG_POINTER_OWN));
}
%apply (const char *text, size_t len) { (const char *xml, size_t len) };
%typemap(in, numinputs=0) rd_known **out (rd_known *tmp = NULL) { $1 = &tmp; }
%typemap(argout) rd_known **out {
  %append_output(SWIG_NewPointerObj(SWIG_as_voidptr(tmp$argnum), $descriptor(rd_known *), SWIG_POINTER_OWN));
}
%apply (const char *text, size_t len) { (const char *lemma, size_t len) };
%typemap(default) const rd_write_options *opts { $1 = NULL; }
%typemap(in, numinputs=0) rd_output *out (rd_output tmp = RD_OUTPUT_XML) { $1 = &tmp; }
%typemap(argout) rd_output *out { %append_output(SWIG_From_int((int)tmp$argnum)); }

/* ---- the public headers ------------------------------------------------- */
#define RD_EXPORT
#define RD_BEGIN_DECL
#define RD_END_DECL
%include "reader/common.h"
%include "reader/errors.h"
%include "reader/node.h"
%include "reader/doc.h"
%include "reader/token.h"
%include "reader/analyze.h"
%include "reader/summaries.h"
%include "reader/known.h"
%include "reader/write.h"
%include "reader/kana.h"
%include "reader/glossary.h"
%include "reader/align.h"
%include "reader/pipeline.h"
%include "reader/word.h"

/* The opaque types become classes: SWIG needs a (dummy) definition. */
%nodefaultctor rd_node;
%nodefaultctor rd_doc;
struct rd_node {};
struct rd_doc {};

/* ---- parse options ------------------------------------------------------ */
%extend rd_parse_options {
  /** Options of a parse: format (FORMAT_*), flags (PARSE_*), and the name
   *  used in messages. */
  rd_parse_options(rd_format format = RD_FORMAT_AUTO, unsigned flags = 0, const char *name = NULL) {
    rd_parse_options *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->version = RD_PARSE_OPTIONS_VERSION;
    o->format = format;
    o->flags = flags;
    o->name = rd__swig_strdup(name);
    return o;
  }
  ~rd_parse_options() { free((char *)$self->name); free($self); }
}

/* ---- analyzer ----------------------------------------------------------- */
/* Analyzers come from a pipeline (rd_pipeline_analyzer), borrowed: the
 * language layers keep the pipeline alive with it. */
%nodefaultctor rd_analyzer;
%nodefaultdtor rd_analyzer;
struct rd_analyzer {};
%extend rd_analyzer {
  %immutable;
  /** Short name of the dictionary layout ("ipadic", "unidic", "juman", "stub"). */
  const char *dictionary_name;
  /** Dictionary directory, version and entry count. */
  const char *dictionary_version;
  %mutable;
}
%{
static const char *rd_analyzer_dictionary_name_get(rd_analyzer *an) { return rd_analyzer_dictionary_name(an); }
static const char *rd_analyzer_dictionary_version_get(rd_analyzer *an) { return rd_analyzer_dictionary_version(an); }
%}

/* ---- pipeline ------------------------------------------------------------- */
%nodefaultctor rd_pipeline;
struct rd_pipeline {};
%extend rd_pipeline {
  /** The choices that decide how an article reads, made once (see
   *  rd_pipeline_new): flags (PIPELINE_*), MeCab dictionary, user
   *  dictionary, overrides, EDICT for compounds and for glosses (None:
   *  /usr/share/edict/edict when installed), known-words file, threads,
   *  ENAMDICT for names (None: /usr/share/edict/enamdict when installed). */
  rd_pipeline(unsigned flags = 0, const char *dictionary = NULL, const char *user_dictionary = NULL,
              const char *overrides = NULL, const char *compounds = NULL, const char *glossary = NULL,
              const char *known = NULL, unsigned threads = 0, const char *names = NULL) {
    rd_pipeline_options o = RD_PIPELINE_OPTIONS_INIT;
    rd_pipeline *p = NULL;
    o.flags = flags;
    o.dictionary = dictionary;
    o.user_dictionary = user_dictionary;
    o.overrides = overrides;
    o.compounds = compounds;
    o.glossary = glossary;
    o.known = known;
    o.threads = threads;
    o.names = names;
    return rd_pipeline_new(&p, &o) == RD_OK ? p : NULL;
  }
  ~rd_pipeline() { rd_pipeline_free($self); }
}

/* ---- batches: many articles on all cores, taken back in input order ------ */
%nodefaultctor rd_batch;
struct rd_batch {};
%extend rd_batch {
  /** An empty batch reading through `pipeline` with `opts` (ReadOptions);
   *  add inputs, then take the documents in order. */
  rd_batch(rd_pipeline *pipeline, const rd_read_options *opts = NULL) {
    rd_batch *b = NULL;
    return rd_batch_new(&b, pipeline, opts) == RD_OK ? b : NULL;
  }
  ~rd_batch() { rd_batch_free($self); }
}
%apply rd_doc **out { rd_doc **doc_out };
%inline %{
/* The next document of a batch, or None at its end (RD_ITEROVER is the
 * end of a pull iteration, not a failure); an input's failure raises. */
static rd_status rd_batch_take(rd_doc **doc_out, rd_pairing **pairing_out, rd_batch *b) {
  rd_status st = rd_batch_next(doc_out, pairing_out, NULL, b);
  return st == RD_ITEROVER ? RD_OK : st;
}
%}

/* ---- read options ------------------------------------------------------------ */
%extend rd_read_options {
  /** Options of one read: stages (STAGE_*), format (FORMAT_*), parse flags
   *  (PARSE_*), the input's name in messages, a summaries file (None: the
   *  one beside the article) and its flags (SUMMARIES_*). */
  rd_read_options(unsigned stages = RD_STAGE_ALL, rd_format format = RD_FORMAT_AUTO, unsigned parse_flags = 0,
                  const char *name = NULL, const char *summaries = NULL, unsigned summaries_flags = 0) {
    rd_read_options *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->version = RD_READ_OPTIONS_VERSION;
    o->stages = stages;
    o->format = format;
    o->parse_flags = parse_flags;
    o->name = rd__swig_strdup(name);
    o->summaries = rd__swig_strdup(summaries);
    o->summaries_flags = summaries_flags;
    return o;
  }
  ~rd_read_options() { free((char *)$self->name); free((char *)$self->summaries); free($self); }
}

/* ---- pairing reports ---------------------------------------------------- */
%nodefaultctor rd_pairing;
%nodefaultctor rd_pairing_item;
%nodefaultdtor rd_pairing_item;
struct rd_pairing {};
%extend rd_pairing { ~rd_pairing() { rd_pairing_free($self); } }

/* ---- glossary ------------------------------------------------------------- */
%nodefaultctor rd_glossary;
struct rd_glossary {};
%extend rd_glossary {
  /** Load EDICT (path None: /usr/share/edict/edict) with its binary cache
   *  (cache_dir None: the default; flags: GLOSSARY_NO_CACHE,
   *  GLOSSARY_REBUILD_CACHE). Raises NotFoundError (no such file: the
   *  message names the Debian package), FileError, EncodingError. */
  rd_glossary(const char *path = NULL, const char *cache_dir = NULL, unsigned flags = 0) {
    rd_glossary_options o = RD_GLOSSARY_OPTIONS_INIT;
    rd_glossary *g = NULL;
    o.cache_dir = cache_dir;
    o.flags = flags;
    return rd_glossary_new(&g, path, &o) == RD_OK ? g : NULL;
  }
  ~rd_glossary() { rd_glossary_free($self); }
}
%nodefaultctor rd_gloss_result;
struct rd_gloss_result {};
%extend rd_gloss_result { ~rd_gloss_result() { rd_gloss_result_free($self); } }
/* Entries are borrowed from their glossary: the language layers copy them
 * into plain values at once. */
%nodefaultctor rd_gloss_entry;
%nodefaultdtor rd_gloss_entry;
struct rd_gloss_entry {};

/* ---- known words ---------------------------------------------------------- */
struct rd_known {};
%exception rd_known::rd_known {
  $action
  if (!result) { rd__swig_raise(RD_ENOMEM); SWIG_fail; }
}
%extend rd_known {
  /** An empty list of known words. */
  rd_known() { rd_known *k = NULL; return rd_known_new(&k) == RD_OK ? k : NULL; }
  ~rd_known() { rd_known_free($self); }
}

/* ---- write options -------------------------------------------------------- */
%immutable rd_write_options::known;
%extend rd_write_options {
  /** Writer options: flags (WRITE_*), furigana (FURIGANA_*) and the learner's
   *  known words. The known list is borrowed: keep it alive while the
   *  options are used (the language layers do). */
  rd_write_options(unsigned flags = 0, rd_furigana furigana = RD_FURIGANA_ALL, const rd_known *known = NULL) {
    rd_write_options *o = calloc(1, sizeof *o);
    if (!o) return NULL;
    o->version = RD_WRITE_OPTIONS_VERSION;
    o->flags = flags;
    o->furigana = furigana;
    o->known = known;
    return o;
  }
  ~rd_write_options() { free($self); }
}

/* ---- documents ---------------------------------------------------------- */
%extend rd_doc {
  ~rd_doc() { rd_doc_unref($self); }
  /** The source text, exactly as given; node spans (start, end) index it. */
  %immutable;
  const char *text;
  /** The DOCUMENT node. */
  rd_node *root;
  %mutable;
}
%{
static const char *rd_doc_text_get(rd_doc *d) { return rd_doc_source(NULL, d); }
static rd_node *rd_doc_root_get(rd_doc *d) { return rd_doc_root(d); }
%}

/* ---- nodes -------------------------------------------------------------- */
%extend rd_node {
  ~rd_node() { rd_doc_unref(rd_node_doc($self)); }
  %immutable;
  /** Kind name: "section", "paragraph", "sentence", "token", ... */
  const char *kind;
  /** The node's text without markup or citation markers (see rd_node_text). */
  const char *text;
  /** Start of the node in its document's text, in code points. */
  size_t start;
  /** End of the node in its document's text, in code points. */
  size_t end;
  /** Section id path ("1", "4.1", "afterword"); None for other kinds. */
  const char *id;
  /** Text of a section's heading (without its number); None if none. */
  const char *heading;
  /** A token's surface form (its text). */
  const char *surface;
  /** Dictionary form of a token. */
  const char *lemma;
  /** The dictionary's part-of-speech fields joined by commas. */
  const char *pos;
  /** Coarse part-of-speech class name ("noun", "verb", ...). */
  const char *pos_class;
  /** Conjugation type and form, or "". */
  const char *inflection;
  /** Reading in hiragana ("" for symbols, None for an unknown kanji word). */
  const char *reading;
  /** Pronunciation in katakana, or None. */
  const char *pronunciation;
  /** The reading MeCab gave when a rule or override changed it, else None. */
  const char *original_reading;
  /** Name of the rule that changed the reading, else None. */
  const char *rule;
  /** RD_TOKEN_* bits of a token. */
  unsigned flags;
  /** The kind of name a token is: "person", "place", "organisation", or None. */
  const char *name_kind;
  /** Citation or reference number; 0 for other kinds. */
  unsigned number;
  /** URL of a REFERENCE, or of the reference a CITATION resolves to. */
  const char *url;
  /** 1-based line of the node's start in the source. */
  size_t line;
  /** Depth of a section (1 for "1", 2 for "1.2"). */
  int level;
  /** The document the node belongs to. */
  rd_doc *doc;
  /** The parent node, or None. */
  rd_node *parent;
  /** The English summary of a section, the title, the lead or a question; None if none. */
  const char *summary;
  %mutable;

  /** Number of furigana segments of a token. */
  size_t _furigana_count() { return rd_token_ruby_count($self); }
  /** Reading of furigana segment i (None if out of range). */
  const char *_furigana_reading(size_t i) {
    rd_ruby r;
    return rd_token_ruby_at(&r, $self, i) ? r.reading : NULL;
  }
  /** Code-point offset, within the surface, where segment i's base starts. */
  size_t _furigana_start(size_t i) {
    rd_ruby r;
    if (!rd_token_ruby_at(&r, $self, i)) return 0;
    return rd__swig_chars(rd_node_text(NULL, $self), r.start);
  }
  /** Code-point offset, within the surface, where segment i's base ends. */
  size_t _furigana_end(size_t i) {
    rd_ruby r;
    if (!rd_token_ruby_at(&r, $self, i)) return 0;
    return rd__swig_chars(rd_node_text(NULL, $self), r.start + r.len);
  }
  /** Reading of the i-th alternative of a token (None if out of range). */
  const char *_alternative_reading(size_t i) { return rd_token_alternative(NULL, $self, i); }
  /** Confidence (0..1) of the i-th alternative of a token (0 if out of range). */
  double _alternative_confidence(size_t i) {
    double c;
    rd_token_alternative(&c, $self, i);
    return c;
  }
  /** Whether two wrappers stand for the same node. */
  bool _same(const rd_node *other) { return $self == other; }
  /** A stable identity for hashing (the node's address). */
  size_t _address() { return (size_t)(uintptr_t)$self; }
}

%{
static const char *rd_node_kind_get(rd_node *n) { return rd_node_kind_name(rd_node_kind_of(n)); }
static const char *rd_node_text_get(rd_node *n) { return rd_node_text(NULL, n); }
static size_t rd_node_start_get(rd_node *n) { size_t a, b; rd_node_char_span(&a, &b, n); return a; }
static size_t rd_node_end_get(rd_node *n) { size_t a, b; rd_node_char_span(&a, &b, n); return b; }
static const char *rd_node_id_get(rd_node *n) { return rd_section_id(n); }
static const char *rd_node_heading_get(rd_node *n) {
  const rd_node *h = rd_node_kind_of(n) == RD_NODE_SECTION ? rd_section_heading(n) : NULL;
  return h ? rd_node_text(NULL, h) : NULL;
}
static const char *rd_node_surface_get(rd_node *n) {
  return rd_node_kind_of(n) == RD_NODE_TOKEN ? rd_node_text(NULL, n) : NULL;
}
static const char *rd_node_lemma_get(rd_node *n) { return rd_token_lemma(n); }
static const char *rd_node_pos_get(rd_node *n) { return rd_token_pos(n); }
static const char *rd_node_pos_class_get(rd_node *n) {
  return rd_node_kind_of(n) == RD_NODE_TOKEN ? rd_pos_name(rd_token_pos_class(n)) : NULL;
}
static const char *rd_node_inflection_get(rd_node *n) { return rd_token_inflection(n); }
static const char *rd_node_reading_get(rd_node *n) { return rd_token_reading(n); }
static const char *rd_node_pronunciation_get(rd_node *n) { return rd_token_pronunciation(n); }
static const char *rd_node_original_reading_get(rd_node *n) { return rd_token_original_reading(n); }
static const char *rd_node_rule_get(rd_node *n) { return rd_token_rule(n); }
static unsigned rd_node_flags_get(rd_node *n) { return rd_token_flags(n); }
static const char *rd_node_name_kind_get(rd_node *n) { return rd_token_name_kind(n); }
static unsigned rd_node_number_get(rd_node *n) { return rd_node_number(n); }
static const char *rd_node_url_get(rd_node *n) {
  switch (rd_node_kind_of(n)) {
  case RD_NODE_REFERENCE: return rd_reference_url(n);
  case RD_NODE_CITATION: { const rd_node *t = rd_citation_target(n); return t ? rd_reference_url(t) : NULL; }
  default: return NULL;
  }
}
static size_t rd_node_line_get(rd_node *n) { return rd_node_line(n); }
static int rd_node_level_get(rd_node *n) { return rd_section_level(n); }
static rd_doc *rd_node_doc_get(rd_node *n) { return rd_node_doc(n); }
static rd_node *rd_node_parent_get(rd_node *n) { return rd_node_parent(n); }
static const char *rd_node_summary_get(rd_node *n) { return rd_node_summary(n); }
%}

/* ---- words ---------------------------------------------------------------- */
%nodefaultctor rd_word;
struct rd_word {};
%extend rd_word {
  ~rd_word() { rd_doc_unref(rd_node_doc(rd_word_sentence($self))); }
  %immutable;
  /** The word as written (its tokens' surfaces joined). */
  const char *surface;
  /** Dictionary form (盗む for 盗まれた, ビットコイン). */
  const char *lemma;
  /** Reading of the dictionary form, in hiragana. */
  const char *reading;
  /** The inflection in plain English ("passive, past"), or "". */
  const char *inflection;
  /** Whether the word is a proper noun. */
  bool is_name;
  /** The kind of name ("person", "place", "organisation": its first token's
   *  that is one), or None. */
  const char *name_kind;
  /** Whether a learner studies it (not a particle, auxiliary, symbol or number). */
  bool is_content;
  %mutable;
  /** Whether two wrappers stand for the same word. */
  bool _same(const rd_word *other) { return $self == other; }
}
%{
static const char *rd_word_surface_get(rd_word *w) { return rd_word_surface(w); }
static const char *rd_word_lemma_get(rd_word *w) { return rd_word_lemma(w); }
static const char *rd_word_reading_get(rd_word *w) { return rd_word_reading(w); }
static const char *rd_word_inflection_get(rd_word *w) { return rd_word_inflection_text(w); }
static bool rd_word_is_name_get(rd_word *w) { return rd_word_is_name(w); }
static const char *rd_word_name_kind_get(rd_word *w) {
  for (size_t i = 0; i < rd_word_token_count(w); i++) {
    const char *k = rd_token_name_kind(rd_word_token_at(w, i));
    if (k) return k;
  }
  return NULL;
}
static bool rd_word_is_content_get(rd_word *w) { return rd_word_is_content(w); }
%}
