/* Ruby layer of the SWIG binding: module name, exception classes and UTF-8
 * strings. The native sugar (Enumerable, predicates) is in lib/libreader.rb. */
%module "LibReader::native"

%{
#include <reader.h>
#include <ruby/encoding.h>

#include <ruby/thread.h>

static VALUE rd__swig_node_object(rd_node *n, swig_type_info *ty);
static int rd__rb_node_arg(VALUE v, rd_node **out);
static VALUE rd__rb_token_chunk(const rd_node *first);
static VALUE rd__rb_token_each(VALUE self, VALUE docv);

/* ---- the GVL: released around parse, annotate, write and the pipeline's
 * reads. The call runs on this thread without the GVL, so rd_error_last()
 * is still ours when the status typemap reads it. Each call packs its
 * arguments for rb_thread_call_without_gvl: */
#define RD__RB_NOGVL(fn, nargs, ...)                                           \
  do {                                                                          \
    struct rd__rb_call_##fn c_ = {__VA_ARGS__};                                 \
    rb_thread_call_without_gvl(rd__rb_run_##fn, &c_, RUBY_UBF_IO, NULL);        \
    result = c_.r;                                                              \
  } while (0)
#define RD__RB_THUNK(fn, RET, FIELDS, CALL)                                     \
  struct rd__rb_call_##fn { FIELDS RET r; };                                   \
  static void *rd__rb_run_##fn(void *p) {                                       \
    struct rd__rb_call_##fn *c = p;                                             \
    c->r = CALL;                                                                \
    return NULL;                                                                \
  }
#define RD__F(...) __VA_ARGS__
RD__RB_THUNK(rd_doc_parse, rd_status, RD__F(rd_doc **a1; const char *a2; size_t a3; const rd_parse_options *a4;),
             rd_doc_parse(c->a1, c->a2, c->a3, c->a4))
RD__RB_THUNK(rd_doc_parse_file, rd_status, RD__F(rd_doc **a1; const char *a2; const rd_parse_options *a3;),
             rd_doc_parse_file(c->a1, c->a2, c->a3))
RD__RB_THUNK(rd_doc_annotate, rd_status, RD__F(rd_doc *a1; rd_analyzer *a2; const rd_annotate_options *a3;),
             rd_doc_annotate(c->a1, c->a2, c->a3))
RD__RB_THUNK(rd_doc_render, rd_status,
             RD__F(char **a1; size_t *a2; const rd_doc *a3; rd_output a4; const rd_write_options *a5;),
             rd_doc_render(c->a1, c->a2, c->a3, c->a4, c->a5))
RD__RB_THUNK(rd_pipeline_read_file, rd_status,
             RD__F(rd_doc **a1; rd_pairing **a2; rd_pipeline *a3; const char *a4; const rd_read_options *a5;),
             rd_pipeline_read_file(c->a1, c->a2, c->a3, c->a4, c->a5))
RD__RB_THUNK(rd_pipeline_read, rd_status,
             RD__F(rd_doc **a1; rd_pairing **a2; rd_pipeline *a3; const char *a4; size_t a5;
                   const rd_read_options *a6;),
             rd_pipeline_read(c->a1, c->a2, c->a3, c->a4, c->a5, c->a6))
static rd_status rd_batch_take(rd_doc **doc_out, rd_pairing **pairing_out, rd_batch *b);
RD__RB_THUNK(rd_batch_take, rd_status, RD__F(rd_doc **a1; rd_pairing **a2; rd_batch *a3;),
             rd_batch_take(c->a1, c->a2, c->a3))
RD__RB_THUNK(rd_pipeline_apply, rd_status,
             RD__F(rd_pairing **a1; rd_pipeline *a2; rd_doc *a3; const rd_read_options *a4;),
             rd_pipeline_apply(c->a1, c->a2, c->a3, c->a4))
RD__RB_THUNK(rd_pipeline_analyzer, rd_analyzer *, RD__F(rd_pipeline *a1;), rd_pipeline_analyzer(c->a1))
%}

/* After reader.i's tables (header section), before the wrappers that call it. */
%wrapper %{
/* ---- nodes: wrapped and unwrapped without SWIG's per-object type tag ----
 * SWIG's Ruby wrapper sets an instance variable holding a new String (its
 * type name) on every object it makes, and compares that name on every
 * call: most of the cost of a walk over every token. Node objects are made
 * here instead (Ruby picks no class per node kind: Node answers for all),
 * and node arguments (self included) are taken by their data type, which
 * is as strict: only this function makes objects of that type. Each holds
 * a document reference, dropped when Ruby frees it, so a token keeps its
 * document alive; a node marks nothing (the reference is C's, not Ruby's),
 * so GC marking and compaction have nothing to get wrong.
 *
 * Typed data freed immediately: an untyped Data object with a free
 * function becomes a zombie at sweep and is freed later by the finalizer
 * job, which cost a walk more than making the object. A walk's tokens take
 * a reference each rather than share one holder, as Python's do: Ruby
 * 3.1's typed data has one pointer, so a holder would need a malloc'd
 * struct per token, dearer than the two atomic operations it saves. */
static void rd__rb_node_free(void *n) { rd_doc_unref(rd_node_doc((rd_node *)n)); }
static size_t rd__rb_node_memsize(const void *n) { (void)n; return 0; }

static const rb_data_type_t rd__rb_node_type = {
  "LibReader::Node",
  {NULL, rd__rb_node_free, rd__rb_node_memsize, NULL, {NULL}},
  NULL, NULL,
  RUBY_TYPED_FREE_IMMEDIATELY,
};

static VALUE rd__rb_node_class(void) {
  swig_class *sk = (swig_class *)SWIGTYPE_p_rd_node->clientdata;
  return sk ? sk->klass : Qnil;
}

static VALUE rd__swig_node_object(rd_node *n, swig_type_info *ty) {
  (void)ty;
  VALUE k = rd__rb_node_class();
  if (NIL_P(k)) rb_raise(rb_eRuntimeError, "LibReader::Node is not defined yet");
  rd_doc_ref(rd_node_doc(n));
  return rb_data_typed_object_wrap(k, n, &rd__rb_node_type);
}

/* The node of a Node object, or NULL if v is none. */
static inline rd_node *rd__rb_node_of(VALUE v) {
  if (!RB_TYPE_P(v, T_DATA) || !RTYPEDDATA_P(v) || RTYPEDDATA_TYPE(v) != &rd__rb_node_type) return NULL;
  return (rd_node *)RTYPEDDATA_DATA(v);
}

/* The node of a Node argument (nil: NULL); 0 if v is not a Node. */
static int rd__rb_node_arg(VALUE v, rd_node **out) {
  *out = NULL;
  if (NIL_P(v)) return 1;
  *out = rd__rb_node_of(v);
  return *out != NULL;
}

/* ---- token strings by content ----------------------------------------------
 * A word's surface, reading, lemma and POS recur across tokens and
 * documents. Each is made once as a frozen UTF-8 String whose code range
 * Ruby has scanned, kept in a direct-mapped table, and every call returns
 * rb_str_dup of it: a new, unfrozen String as before (a caller may still
 * change it), made by copying the bytes and flags with no encoding set-up
 * and no later scan for String#size. Up to RD__RB_STR_MAX bytes; longer
 * strings are made as before. The table is a typed object marked by the GC
 * (write barriers on every store), kept by rb_gc_register_mark_object.
 * 16,384 slots (256 KB): in callgrind the benchmark's Ruby script took 1,849 M
 * instructions at 4,096 slots (misses make garbage, and so collections),
 * 1,791 M at 16,384 and 1,783 M at 65,536 (1 MB, marked at every
 * collection). */
#define RD__RB_STRCACHE 16384 /* a power of two */
#define RD__RB_STR_MAX 255    /* the length lives in the key's low byte */
typedef struct {
  uint64_t key; /* hash with the low byte replaced by the length */
  VALUE val;    /* 0: empty */
} rd__rb_str_slot;
static rd__rb_str_slot *rd__rb_strs;
static VALUE rd__rb_strs_owner = Qfalse;

static void rd__rb_strs_mark(void *p) {
  rd__rb_str_slot *t = p;
  for (size_t i = 0; i < RD__RB_STRCACHE; i++)
    if (t[i].val) rb_gc_mark(t[i].val); /* pinned: compaction leaves them, and so the bytes compared */
}
static size_t rd__rb_strs_memsize(const void *p) { (void)p; return RD__RB_STRCACHE * sizeof(rd__rb_str_slot); }
static const rb_data_type_t rd__rb_strs_type = {
  "LibReader::StringCache",
  {rd__rb_strs_mark, RUBY_DEFAULT_FREE, rd__rb_strs_memsize, NULL, {NULL}},
  NULL, NULL,
  RUBY_TYPED_FREE_IMMEDIATELY | RUBY_TYPED_WB_PROTECTED,
};

/* A String of s (NULL: nil), new and unfrozen as every call's result. */
static VALUE rd__rb_cached_str(const char *s, size_t len) {
  if (!s) return Qnil;
  if (len > RD__RB_STR_MAX || !rd__rb_strs) return rb_utf8_str_new(s, (long)len);
  uint64_t h = 0x9E3779B97F4A7C15ull ^ len, w;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    memcpy(&w, s + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  w = 0;
  memcpy(&w, s + i, len - i);
  h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 29;
  uint64_t key = (h & ~(uint64_t)0xFF) | len;
  rd__rb_str_slot *e = &rd__rb_strs[(h >> 8) & (RD__RB_STRCACHE - 1)];
  if (!(e->val && e->key == key && memcmp(RSTRING_PTR(e->val), s, len) == 0)) {
    VALUE v = rb_utf8_str_new(s, (long)len);
    rb_enc_str_coderange(v); /* scanned once, copied by every rb_str_dup */
    rb_obj_freeze(v);
    e->key = key;
    RB_OBJ_WRITE(rd__rb_strs_owner, &e->val, v);
  }
  return rb_str_dup(e->val);
}

static void rd__rb_strs_init(void) {
  if (rd__rb_strs) return;
  rd__rb_str_slot *t = ruby_xcalloc(RD__RB_STRCACHE, sizeof *t);
  rd__rb_strs_owner = TypedData_Wrap_Struct(rb_cObject, &rd__rb_strs_type, t);
  rb_gc_register_mark_object(rd__rb_strs_owner);
  rd__rb_strs = t;
}

/* Node#surface, #reading, #lemma, #pos: the getters a walk calls most,
 * defined in C over SWIG's (same values: nil where the accessor gives
 * NULL), with strings from the table above. */
static rd_node *rd__rb_self_node(VALUE self) {
  rd_node *n = rd__rb_node_of(self);
  if (!n) rb_raise(rb_eTypeError, "expected a LibReader::Node");
  return n;
}
static VALUE rd__rb_node_surface(VALUE self) {
  rd_node *n = rd__rb_self_node(self);
  if (rd_node_kind_of(n) != RD_NODE_TOKEN) return Qnil;
  size_t len = 0;
  const char *s = rd_node_text(&len, n);
  return rd__rb_cached_str(s, len);
}
#define RD__RB_NODE_STR(name, call)                                             \
  static VALUE rd__rb_node_##name(VALUE self) {                                 \
    const char *s_ = call(rd__rb_self_node(self));                             \
    return rd__rb_cached_str(s_, s_ ? strlen(s_) : 0);                          \
  }
RD__RB_NODE_STR(reading, rd_token_reading)
RD__RB_NODE_STR(lemma, rd_token_lemma)
RD__RB_NODE_STR(pos, rd_token_pos)

/* Native._init_nodes, called once by libreader.rb: after SWIG's class
 * set-up, which the module's own init code runs before. */
static VALUE rd__rb_init_nodes(VALUE self) {
  (void)self;
  VALUE k = rd__rb_node_class();
  if (NIL_P(k)) rb_raise(rb_eRuntimeError, "LibReader::Node is not defined");
  rd__rb_strs_init();
  rb_define_method(k, "surface", rd__rb_node_surface, 0);
  rb_define_method(k, "reading", rd__rb_node_reading, 0);
  rb_define_method(k, "lemma", rd__rb_node_lemma, 0);
  rb_define_method(k, "pos", rd__rb_node_pos, 0);
  return Qnil;
}

#define RD__RB_CHUNK 256 /* tokens per rd_token_records() call */

/* LibReader::Native._token_each(doc) { |token| ... }: every token of the
 * document, a chunk at a time (rd_token_records, then rd_token_next of the
 * chunk's last), yielded from C: no Ruby-level loop or call per token. A
 * plain Ruby method, not a SWIG wrapper, and with no local whose address
 * is taken: a `break` or an exception in the block leaves this frame by
 * Ruby's longjmp, which an ASan build does not see, so a frame with
 * redzones would leave them poisoned under later calls. For the same
 * reason the records live in a String's heap buffer (freed by the
 * collector if the block leaves early), not in a stack array. The
 * document stays alive: its wrapper is this call's argument. A
 * re-annotation in the block leaves the walk in its own tokens. */
static VALUE rd__rb_token_each(VALUE self, VALUE docv) {
  (void)self;
  if (!rb_block_given_p()) rb_raise(rb_eArgError, "_token_each needs a block");
  swig_class *sk = (swig_class *)SWIGTYPE_p_rd_doc->clientdata;
  if (!sk || TYPE(docv) != T_DATA || RTYPEDDATA_P(docv) || !rb_obj_is_kind_of(docv, sk->klass) || !DATA_PTR(docv))
    rb_raise(rb_eTypeError, "expected a LibReader::Document");
  const rd_doc *doc = (const rd_doc *)DATA_PTR(docv);
  VALUE buf = rb_str_buf_new((long)(RD__RB_CHUNK * sizeof(rd_token_record)));
  rd_token_record *recs = (rd_token_record *)(void *)RSTRING_PTR(buf);
  const rd_node *t = rd_doc_token_at(doc, 0);
  while (t) {
    size_t n = rd_token_records(recs, RD__RB_CHUNK, t);
    if (!n) break;
    for (size_t i = 0; i < n; i++) rb_yield(rd__swig_node_object((rd_node *)recs[i].token, NULL));
    t = rd_token_next(recs[n - 1].token);
  }
  rb_str_resize(buf, 0); /* the last use of buf: it (and recs) stays alive through the loop */
  return Qnil;
}

/* Nodes of `token` and the tokens after it in its annotation, up to a
 * chunk (rd_token_records), as an Array: one call per chunk of a walk. */
static VALUE rd__rb_token_chunk(const rd_node *first) {
  rd_token_record recs[RD__RB_CHUNK];
  size_t n = rd_token_records(recs, RD__RB_CHUNK, first);
  VALUE a = rb_ary_new_capa((long)n);
  for (size_t i = 0; i < n; i++) rb_ary_push(a, rd__swig_node_object((rd_node *)recs[i].token, NULL));
  return a;
}

/* The exception classes, one per row of rd__swig_errors (reader.i). */
static VALUE rd__rb_classes[RD__SWIG_NERRORS];

/* Raise the class of a status's row with the C message; the exception also
 * carries code, offset and line. */
static void rd__swig_raise(rd_status st) {
  const rd_error *e = rd_error_last();
  if (st >= 0) st = RD_ERROR; /* a constructor failed without setting an error */
  const char *msg = rd__swig_message(st);
  size_t row = rd__swig_error_row(st);
  VALUE cls = rd__rb_classes[row];
  if (!rd__swig_errors[row].rb_name) rb_raise(cls, "%s", msg);
  VALUE exc = rb_exc_new_str(cls, rb_utf8_str_new_cstr(msg));
  rb_iv_set(exc, "@code", INT2NUM((int)st));
  rb_iv_set(exc, "@offset", LL2NUM(e->code == st ? (long long)e->offset : -1));
  rb_iv_set(exc, "@line", LL2NUM(e->code == st ? (long long)e->line : 0));
  rb_exc_raise(exc);
}

%}

%init %{
  {
    /* The exception classes from the one table in reader.i. Error is a
     * StandardError; a row with rb_base has that Ruby class as superclass
     * (NotFoundError < KeyError) and LibReader::Error's === (see
     * libreader.rb) still catches it. */
    VALUE top = rb_define_module("LibReader");
    for (size_t i = 0; i < RD__SWIG_NERRORS; i++) {
      const rd__swig_error_class *r = &rd__swig_errors[i];
      VALUE base = r->rb_base ? rb_const_get(rb_cObject, rb_intern(r->rb_base))
                   : i == 0   ? rb_eStandardError : rd__rb_classes[0];
      if (!r->rb_name) { rd__rb_classes[i] = base; continue; }
      VALUE cls = rb_define_class_under(top, r->rb_name, base);
      rb_define_attr(cls, "code", 1, 0);
      rb_define_attr(cls, "offset", 1, 0);
      rb_define_attr(cls, "line", 1, 0);
      rd__rb_classes[i] = cls;
    }
    rb_define_module_function(rb_define_module_under(top, "Native"), "_token_each", rd__rb_token_each, 1);
    rb_define_module_function(rb_define_module_under(top, "Native"), "_init_nodes", rd__rb_init_nodes, 0);
  }
%}

/* ---- strings: results are UTF-8 Strings; arguments must be valid in their
 * own encoding and are passed as UTF-8 bytes. ------------------------------- */
%{
/* A String argument as UTF-8 bytes: UTF-8 and US-ASCII strings are used
 * as they are (invalid bytes are the library's to report, with an offset);
 * binary strings are taken as UTF-8; others are transcoded. */
static VALUE rd__rb_utf8_arg(VALUE v) {
  Check_Type(v, T_STRING);
  rb_encoding *enc = rb_enc_get(v);
  if (enc == rb_utf8_encoding() || enc == rb_usascii_encoding() || enc == rb_ascii8bit_encoding()) return v;
  return rb_str_export_to_enc(v, rb_utf8_encoding());
}
%}

/* A writer's buffer as a UTF-8 String (NULL: nil). */
%{
static VALUE rd__swig_from_buf(const char *buf, size_t n) {
  return buf ? rb_utf8_str_new(buf, (long)n) : Qnil;
}
%}

%typemap(in) (const char *text, size_t len) {
  VALUE s_ = rd__rb_utf8_arg($input);
  $1 = ($1_ltype)RSTRING_PTR(s_);
  $2 = (size_t)RSTRING_LEN(s_);
}
%typemap(typecheck) (const char *text, size_t len) { $1 = RB_TYPE_P($input, T_STRING); }
%typemap(freearg) const char * ""
%typemap(in) const char * {
  if (NIL_P($input)) {
    $1 = NULL;
  } else {
    VALUE s_ = rd__rb_utf8_arg($input);
    $1 = ($1_ltype)StringValueCStr(s_);
  }
}
%typemap(typecheck) const char * { $1 = NIL_P($input) || RB_TYPE_P($input, T_STRING); }
%typemap(out) const char * { $result = $1 ? rb_utf8_str_new_cstr($1) : Qnil; }

/* Node arguments, self included (see rd__rb_node_arg). */
%typemap(in) struct rd_node *, const struct rd_node *, rd_node *, const rd_node * {
  rd_node *n_ = NULL;
  if (!rd__rb_node_arg($input, &n_))
    SWIG_exception_fail(SWIG_TypeError, "expected a LibReader::Node");
  $1 = ($1_ltype)n_;
}
%typemap(typecheck) struct rd_node *, const struct rd_node *, rd_node *, const rd_node * {
  rd_node *n_;
  $1 = rd__rb_node_arg($input, &n_);
}
%rename(_token_chunk) rd__rb_token_chunk;
%typemap(out) VALUE rd__rb_token_chunk "$result = $1;";
%inline %{
/* Nodes of `token` and the tokens after it in its annotation, up to a
 * chunk: an Array (empty for a node that is not a token). */
static VALUE rd__rb_token_chunk(const rd_node *token);
%}
/* A failed constructor returns NULL with the error set. */
%exception rd_pipeline::rd_pipeline {
  $action
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}

%exception rd_glossary::rd_glossary {
  $action
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}

/* The long calls, without the GVL (thunks above). */
%exception rd_doc_parse { RD__RB_NOGVL(rd_doc_parse, 4, arg1, arg2, arg3, arg4); }
%exception rd_doc_parse_file { RD__RB_NOGVL(rd_doc_parse_file, 3, arg1, arg2, arg3); }
%exception rd_doc_annotate { RD__RB_NOGVL(rd_doc_annotate, 3, arg1, arg2, arg3); }
%exception rd_doc_render { RD__RB_NOGVL(rd_doc_render, 5, arg1, arg2, arg3, arg4, arg5); }
%exception rd_pipeline_read_file { RD__RB_NOGVL(rd_pipeline_read_file, 5, arg1, arg2, arg3, arg4, arg5); }
%exception rd_pipeline_read {
  RD__RB_NOGVL(rd_pipeline_read, 6, arg1, arg2, arg3, arg4, arg5, arg6);
}
%exception rd_batch_take { RD__RB_NOGVL(rd_batch_take, 3, arg1, arg2, arg3); }
%exception rd_pipeline_apply { RD__RB_NOGVL(rd_pipeline_apply, 4, arg1, arg2, arg3, arg4); }
%exception rd_pipeline_analyzer {
  RD__RB_NOGVL(rd_pipeline_analyzer, 1, arg1);
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}

%include "../reader.i"
