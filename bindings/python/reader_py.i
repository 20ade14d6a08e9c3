/* Python layer of the SWIG binding: module name, exception classes, string
 * conversions and the GIL. The native sugar lives in libreader/__init__.py. */
%module(package="libreader", docstring="Low-level libreader binding; use the libreader package.") native

%{
#include <reader.h>
#include <structmember.h> /* T_OBJECT_EX, READONLY (Python 3.11) */
#define SWIG_FILE_WITH_INIT
/* Python classes per node kind (libreader registers Token, Section, ...
 * with _set_node_classes); a wrapped node takes its kind's class. */
static PyObject *rd__py_node_classes[RD_NODE_TOKEN + 1];
static void rd__swig_node_class(PyObject *obj, const rd_node *n) {
  rd_node_kind k = rd_node_kind_of(n);
  PyObject *cls = (unsigned)k <= RD_NODE_TOKEN ? rd__py_node_classes[k] : NULL;
  if (obj && cls && (PyObject *)Py_TYPE(obj) != cls) PyObject_SetAttrString(obj, "__class__", cls);
}

/* A writer's buffer as str (NULL: None). */
static PyObject *rd__swig_from_buf(const char *buf, size_t n) {
  if (!buf) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(buf, (Py_ssize_t)n, "surrogateescape");
}

%}

/* After reader.i's tables (header section), before the wrappers that call it. */
%wrapper %{
/* The exception classes, one per row of rd__swig_errors (reader.i). */
static PyObject *rd__py_classes[RD__SWIG_NERRORS];

/* Raise the class of a status's row, with the C message and the code /
 * byte offset / line as attributes. */
static void rd__swig_raise(rd_status st) {
  const rd_error *e = rd_error_last();
  if (st >= 0) st = RD_ERROR; /* a constructor failed without setting an error */
  const char *msg = rd__swig_message(st);
  PyObject *cls = rd__py_classes[rd__swig_error_row(st)];
  if (!cls) { PyErr_SetString(PyExc_RuntimeError, msg); return; }
  if (!rd__swig_errors[rd__swig_error_row(st)].py_name) { PyErr_SetString(cls, msg); return; }
  PyObject *exc = PyObject_CallFunction(cls, "s", msg);
  if (!exc) return;
  PyObject *v;
  if ((v = PyLong_FromLong((long)st))) { PyObject_SetAttrString(exc, "code", v); Py_DECREF(v); }
  if ((v = PyLong_FromLongLong(e->code == st ? (long long)e->offset : -1))) {
    PyObject_SetAttrString(exc, "offset", v); Py_DECREF(v);
  }
  if ((v = PyLong_FromLongLong(e->code == st ? (long long)e->line : 0))) {
    PyObject_SetAttrString(exc, "line", v); Py_DECREF(v);
  }
  PyErr_SetObject(cls, exc);
  Py_DECREF(exc);
}

/* A builtin class by name (borrowed: the builtins module holds it). */
static PyObject *rd__py_builtin(const char *name) {
  if (!name) return NULL;
  PyObject *mod = PyImport_ImportModule("builtins");
  PyObject *c = mod ? PyObject_GetAttrString(mod, name) : NULL;
  Py_XDECREF(mod);
  Py_XDECREF(c);
  return c;
}
%}

%init %{
  /* The exception classes from the one table in reader.i: Error first,
   * then each subclass with its extra builtin base. */
  for (size_t i = 0; i < RD__SWIG_NERRORS; i++) {
    const rd__swig_error_class *r = &rd__swig_errors[i];
    PyObject *base = rd__py_builtin(r->py_base);
    if (!r->py_name) { Py_XINCREF(base); rd__py_classes[i] = base; continue; }
    PyObject *bases = i == 0 ? Py_BuildValue("(O)", PyExc_Exception)
                      : base ? Py_BuildValue("(OO)", rd__py_classes[0], base)
                             : Py_BuildValue("(O)", rd__py_classes[0]);
    char full[64];
    snprintf(full, sizeof full, "libreader.%s", r->py_name);
    PyObject *cls = bases ? PyErr_NewExceptionWithDoc(full, r->doc, bases, NULL) : NULL;
    Py_XDECREF(bases);
    if (!cls) return NULL;
    rd__py_classes[i] = cls;
    Py_INCREF(cls);
    PyModule_AddObject(m, r->py_name, cls);
  }
%}

/* Registered by libreader at import: classes[k] is the class of kind k. */
%rename(_set_node_classes) rd__py_set_node_classes;
%inline %{
static PyObject *rd__py_set_node_classes(PyObject *classes) {
  if (!PySequence_Check(classes)) { PyErr_SetString(PyExc_TypeError, "expected a sequence"); return NULL; }
  for (Py_ssize_t k = 0; k <= RD_NODE_TOKEN && k < PySequence_Size(classes); k++) {
    PyObject *c = PySequence_GetItem(classes, k);
    if (!c) return NULL;
    Py_XDECREF(rd__py_node_classes[k]);
    rd__py_node_classes[k] = c == Py_None ? (Py_DECREF(c), NULL) : c;
  }
  Py_RETURN_NONE;
}
%}
%typemap(out) PyObject *rd__py_set_node_classes { $result = $1; if (!$result) SWIG_fail; }
/* ---- tokens: a small native base class and the fast walk -----------------
 * A TOKEN node is a libreader.Token, whose first base is _TokenBase below:
 * it holds the node and one reference to its document (so a token keeps
 * its document alive, as every wrapper does) and keeps the strings a walk
 * reads most (surface, reading, lemma, pos) once made. Those attributes are
 * C getters on the object, not SWIG properties: no "this" lookup, no
 * conversion per access. SWIG's own methods still work: "this" is made on
 * first use and holds its own document reference. doc.tokens() makes
 * tokens a chunk at a time from rd_token_records(). This only converts:
 * the C library's accessors decide every value. */
%wrapper %{
/* Token strings as str, by content: a word's surface, reading, lemma and
 * POS recur across tokens and documents, and a hit (hash and compare a
 * few bytes) is cheaper than decoding and freeing a new str each time.
 * Direct-mapped, bounded (strings up to RD__PY_STR_MAX bytes), holds a
 * reference to each cached str; used with the GIL held. A slot is 24
 * bytes (the key, the str, and the str's own UTF-8, which Python keeps
 * with it, to compare against): 16,384 slots are 384 KB, touched as
 * filled. At 4,096 slots a walk over 3,000 short articles missed 13 % of
 * its look-ups (8 % now), mostly on collisions (each miss decodes a new str); slots
 * holding a copy of the bytes (80 bytes each) cost more in cache misses
 * than the bigger table saved. */
#define RD__PY_STRCACHE 16384 /* a power of two */
#define RD__PY_STR_MAX 255    /* the length lives in the key's low byte */
typedef struct {
  uint64_t key;     /* hash with the low byte replaced by the length */
  PyObject *val;    /* NULL: empty */
  const char *utf8; /* val's UTF-8 (PyUnicode_AsUTF8AndSize: owned by val) */
} rd__py_str_slot;
static rd__py_str_slot *rd__py_strs;

/* str of s (NULL: None), as SWIG's const char * results are. New reference. */
static PyObject *rd__py_cached_str(const char *s, size_t len) {
  if (!s) Py_RETURN_NONE;
  if (len > RD__PY_STR_MAX) return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "surrogateescape");
  if (!rd__py_strs && !(rd__py_strs = calloc(RD__PY_STRCACHE, sizeof *rd__py_strs)))
    return PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "surrogateescape");
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
  rd__py_str_slot *e = &rd__py_strs[(h >> 8) & (RD__PY_STRCACHE - 1)];
  if (e->val && e->key == key && memcmp(e->utf8, s, len) == 0) {
    Py_INCREF(e->val);
    return e->val;
  }
  PyObject *v = PyUnicode_DecodeUTF8(s, (Py_ssize_t)len, "surrogateescape");
  if (!v) return NULL;
  Py_ssize_t n8 = 0;
  const char *u8 = PyUnicode_AsUTF8AndSize(v, &n8);
  if (!u8 || (size_t)n8 != len) { /* invalid bytes, escaped: not cached */
    PyErr_Clear();
    return v;
  }
  Py_XSETREF(e->val, v);
  e->key = key;
  e->utf8 = u8;
  Py_INCREF(v);
  return v;
}

/* ---- one document reference for a walk's tokens (_DocHold) ----------------
 * A walk's tokens all belong to one document. Instead of an atomic
 * rd_doc_ref/rd_doc_unref per token, the walk makes one holder that owns a
 * single document reference, and every token it hands out holds a (Python,
 * GIL-protected) reference to the holder. Lifetime: token -> holder ->
 * document, so a token keeps its document alive exactly as before, across
 * chunks and after the walk, the Document wrapper and every other token
 * are gone. (A per-holder string cache keyed by pointer was tried: with
 * ~70 tokens an article its hits did not pay for its look-ups.) */
struct rd__py_hold {
  PyObject_HEAD
  rd_doc *doc; /* one reference, dropped when the last token goes */
};

static void rd__py_hold_dealloc(PyObject *o) {
  rd__py_hold *h = (rd__py_hold *)o;
  if (h->doc) rd_doc_unref(h->doc);
  h->doc = NULL;
  Py_TYPE(o)->tp_free(o);
}

static PyTypeObject rd__py_hold_type = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "libreader._native._DocHold",
  .tp_basicsize = sizeof(rd__py_hold),
  .tp_dealloc = rd__py_hold_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_doc = "One document reference shared by the tokens of a walk (internal).",
};

/* A new holder of a reference to doc. */
static rd__py_hold *rd__py_hold_new(rd_doc *doc) {
  rd__py_hold *h = PyObject_New(rd__py_hold, &rd__py_hold_type);
  if (!h) return NULL;
  rd_doc_ref(doc);
  h->doc = doc;
  return h;
}

typedef struct {
  PyObject_HEAD
  rd_node *node;        /* the token, alive while its document is */
  rd__py_hold *hold;    /* holds the document; NULL: this object holds its own reference */
  PyObject *swig_this;  /* SWIG's pointer object, made on first use (NULL before) */
  PyObject *surface, *reading; /* made with the token: never NULL once it is handed out */
  PyObject *lemma, *pos;        /* NULL: not asked yet */
  /* The record's strings (has_rec): the accessors' values, borrowed from
   * the document, which this token keeps. */
  const char *rec_lemma, *rec_pos;
  size_t start, end;    /* code points, valid when has_span */
  int has_span, has_rec;
} rd__py_token;

static PyTypeObject rd__py_token_type; /* _TokenBase; filled in at module init */

/* The class new tokens take: the registered Token when it is one, else _TokenBase. */
static PyTypeObject *rd__py_token_class(void) {
  PyTypeObject *cls = (PyTypeObject *)rd__py_node_classes[RD_NODE_TOKEN];
  if (!cls || !PyType_Check((PyObject *)cls) || !PyType_IsSubtype(cls, &rd__py_token_type)) cls = &rd__py_token_type;
  return cls;
}

/* A new Token for a TOKEN node, holding h (a new reference to it) or,
 * with h NULL, a document reference of its own. */
static PyObject *rd__py_token_new_in(PyTypeObject *cls, rd_node *n, rd__py_hold *h) {
  rd__py_token *t = (rd__py_token *)cls->tp_alloc(cls, 0);
  if (!t) return NULL;
  if (h) { Py_INCREF(h); t->hold = h; }
  else rd_doc_ref(rd_node_doc(n));
  t->node = n;
  return (PyObject *)t;
}
/* surface and reading are made with every token: they are what a walk
 * reads most, and as read-only members (not getters) the interpreter's
 * specialised attribute load reads them straight from the object. */
static PyObject *rd__py_token_new(rd_node *n) {
  rd__py_token *t = (rd__py_token *)rd__py_token_new_in(rd__py_token_class(), n, NULL);
  if (!t) return NULL;
  size_t len = 0;
  const char *s = rd_node_text(&len, n);
  const char *r = rd_token_reading(n);
  if (!(t->surface = rd__py_cached_str(s, len)) || !(t->reading = rd__py_cached_str(r, r ? strlen(r) : 0))) {
    Py_DECREF(t);
    return NULL;
  }
  return (PyObject *)t;
}

static void rd__py_token_dealloc(PyObject *o) {
  rd__py_token *t = (rd__py_token *)o;
  Py_CLEAR(t->swig_this);
  Py_CLEAR(t->surface);
  Py_CLEAR(t->reading);
  Py_CLEAR(t->lemma);
  Py_CLEAR(t->pos);
  /* The holder (or the own reference) goes last: the strings above may be
   * the holder's, and the node is the document's. */
  if (t->hold) Py_CLEAR(t->hold);
  else if (t->node) rd_doc_unref(rd_node_doc(t->node));
  t->node = NULL;
  Py_TYPE(o)->tp_free(o);
}

/* A cached string attribute: made on first use from the chunk's record
 * (has_rec) or else the accessor. */
#define RD__PY_TOKEN_STR(field, rec, expr)                                      \
  static PyObject *rd__py_token_##field(PyObject *o, void *closure) {           \
    rd__py_token *t = (rd__py_token *)o;                                        \
    (void)closure;                                                              \
    if (!t->field) {                                                            \
      const char *s_ = t->has_rec ? (rec) : (expr);                             \
      if (!(t->field = rd__py_cached_str(s_, s_ ? strlen(s_) : 0))) return NULL; \
    }                                                                           \
    Py_INCREF(t->field);                                                        \
    return t->field;                                                            \
  }
RD__PY_TOKEN_STR(lemma, t->rec_lemma, rd_token_lemma(t->node))
RD__PY_TOKEN_STR(pos, t->rec_pos, rd_token_pos(t->node))

static void rd__py_token_span(rd__py_token *t) {
  if (!t->has_span) {
    rd_node_char_span(&t->start, &t->end, t->node);
    t->has_span = 1;
  }
}
static PyObject *rd__py_token_start(PyObject *o, void *c) {
  (void)c;
  rd__py_token_span((rd__py_token *)o);
  return PyLong_FromSize_t(((rd__py_token *)o)->start);
}
static PyObject *rd__py_token_end(PyObject *o, void *c) {
  (void)c;
  rd__py_token_span((rd__py_token *)o);
  return PyLong_FromSize_t(((rd__py_token *)o)->end);
}
/* Flags are read each time: the alternatives stage may still mark the token. */
static PyObject *rd__py_token_flags(PyObject *o, void *c) {
  (void)c;
  return PyLong_FromUnsignedLong(rd_token_flags(((rd__py_token *)o)->node));
}
static PyObject *rd__py_token_kind(PyObject *o, void *c) {
  (void)o; (void)c;
  return PyUnicode_FromString(rd_node_kind_name(RD_NODE_TOKEN));
}
/* SWIG's pointer object: what its wrappers look for to call the C library. */
static PyObject *rd__py_token_this(PyObject *o, void *c) {
  rd__py_token *t = (rd__py_token *)o;
  (void)c;
  if (!t->swig_this) {
    rd_doc_ref(rd_node_doc(t->node)); /* the pointer object's own, dropped by ~Node */
    if (!(t->swig_this = SwigPyObject_New(t->node, SWIGTYPE_p_rd_node, SWIG_POINTER_OWN))) {
      rd_doc_unref(rd_node_doc(t->node));
      return NULL;
    }
  }
  Py_INCREF(t->swig_this);
  return t->swig_this;
}

static PyGetSetDef rd__py_token_getset[] = {
  {"lemma", rd__py_token_lemma, NULL, "Dictionary form of a token.", NULL},
  {"pos", rd__py_token_pos, NULL, "The dictionary's part-of-speech fields joined by commas.", NULL},
  {"start", rd__py_token_start, NULL, "Start of the token in its document's text, in code points.", NULL},
  {"end", rd__py_token_end, NULL, "End of the token in its document's text, in code points.", NULL},
  {"flags", rd__py_token_flags, NULL, "RD_TOKEN_* bits of a token.", NULL},
  {"kind", rd__py_token_kind, NULL, "Kind name: \"token\".", NULL},
  {"this", rd__py_token_this, NULL, NULL, NULL},
  {NULL, NULL, NULL, NULL, NULL}
};

static PyMemberDef rd__py_token_members[] = {
  {"surface", T_OBJECT_EX, offsetof(rd__py_token, surface), READONLY, "A token's surface form (its text)."},
  {"text", T_OBJECT_EX, offsetof(rd__py_token, surface), READONLY, "The token's text: its surface."},
  {"reading", T_OBJECT_EX, offsetof(rd__py_token, reading), READONLY,
   "Reading in hiragana (\"\" for symbols, None for an unknown kanji word)."},
  {NULL, 0, 0, 0, NULL}
};

static PyTypeObject rd__py_token_type = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "libreader._native._TokenBase",
  .tp_basicsize = sizeof(rd__py_token),
  .tp_dealloc = rd__py_token_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
  .tp_doc = "Native part of libreader.Token (made by the library, never by a script).",
  .tp_getset = rd__py_token_getset,
  .tp_members = rd__py_token_members,
};

/* Every rd_node * result: a Token for a TOKEN node, else SWIG's proxy of
 * the kind's class; either holds a document reference. */
static PyObject *rd__swig_node_object(rd_node *n, swig_type_info *ty) {
  if (rd_node_kind_of(n) == RD_NODE_TOKEN) return rd__py_token_new(n);
  rd_doc_ref(rd_node_doc(n));
  PyObject *o = SWIG_NewPointerObj(SWIG_as_voidptr(n), ty, SWIG_POINTER_OWN);
  rd__swig_node_class(o, n);
  return o;
}

/* Tokens for `first` and the tokens after it in its annotation, up to a
 * chunk, from one rd_token_records() call: the tokens and their spans
 * (counted on from token to token). Their strings are made when asked:
 * with the string cache that costs a walk no more than making them here,
 * and a walk that reads one field makes one. */
#define RD__PY_CHUNK 256

/* One Token from a record, holding h. */
static PyObject *rd__py_token_from_record(PyTypeObject *cls, const rd_token_record *r, rd__py_hold *h) {
  rd__py_token *t = (rd__py_token *)rd__py_token_new_in(cls, (rd_node *)r->token, h);
  if (!t) return NULL;
  t->start = r->start;
  t->end = r->end;
  t->has_span = 1;
  if (!(t->surface = rd__py_cached_str(r->surface, r->surface_len)) ||
      !(t->reading = rd__py_cached_str(r->reading, r->reading ? strlen(r->reading) : 0))) {
    Py_DECREF(t);
    return NULL;
  }
  t->rec_lemma = r->lemma;
  t->rec_pos = r->pos;
  t->has_rec = 1;
  return (PyObject *)t;
}

static PyObject *rd__py_token_chunk_impl(const rd_node *first, size_t cap, rd__py_hold *h) {
  rd_token_record recs[RD__PY_CHUNK];
  size_t n = rd_token_records(recs, cap && cap < RD__PY_CHUNK ? cap : RD__PY_CHUNK, first);
  PyObject *list = PyList_New((Py_ssize_t)n);
  PyTypeObject *cls = rd__py_token_class();
  for (size_t i = 0; list && i < n; i++) {
    PyObject *t = rd__py_token_from_record(cls, &recs[i], h);
    if (!t) { Py_CLEAR(list); break; }
    PyList_SET_ITEM(list, (Py_ssize_t)i, t);
  }
  return list;
}

/* doc.tokens(): an iterator over a chunk of records (rd_token_records)
 * that makes each Token when it is asked for, then the next chunk from
 * the token after the last one (rd_token_next), so it stays in the
 * annotation it started with. Made one at a time, a token the loop drops
 * before the next is freed first and its memory reused hot; no list of a
 * chunk's tokens is built. The walk's holder keeps the document, and so
 * the records' tokens and strings, alive. A C iterator rather than a
 * generator over chunks: a generator's resume per token cost more than
 * making the token. */
typedef struct {
  PyObject_HEAD
  rd__py_hold *hold; /* the document's holder, shared with every token made; NULL at the end */
  PyTypeObject *cls; /* the class tokens take (a reference: the registry may change meanwhile) */
  size_t n, i;       /* records filled, next to hand out */
  rd_token_record recs[RD__PY_CHUNK];
} rd__py_walk;

static void rd__py_walk_dealloc(PyObject *o) {
  Py_CLEAR(((rd__py_walk *)o)->hold);
  Py_CLEAR(((rd__py_walk *)o)->cls);
  PyObject_Free(o);
}
static PyObject *rd__py_walk_next(PyObject *o) {
  rd__py_walk *w = (rd__py_walk *)o;
  if (!w->hold) return NULL;
  if (w->i == w->n) {
    rd_node *next = w->n ? rd_token_next(w->recs[w->n - 1].token) : NULL;
    w->n = next ? rd_token_records(w->recs, RD__PY_CHUNK, next) : 0;
    w->i = 0;
    if (!w->n) {
      Py_CLEAR(w->hold); /* the end: StopIteration, and the document may go */
      return NULL;
    }
  }
  return rd__py_token_from_record(w->cls, &w->recs[w->i++], w->hold);
}

static PyTypeObject rd__py_walk_type = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "libreader._native._TokenWalk",
  .tp_basicsize = sizeof(rd__py_walk),
  .tp_dealloc = rd__py_walk_dealloc,
  .tp_flags = Py_TPFLAGS_DEFAULT,
  .tp_doc = "Iterator over a document's tokens (Document.tokens()).",
  .tp_iter = PyObject_SelfIter,
  .tp_iternext = rd__py_walk_next,
};

static PyObject *rd__py_token_walk_impl(const rd_doc *doc) {
  rd__py_walk *w = PyObject_New(rd__py_walk, &rd__py_walk_type);
  if (!w) return NULL;
  w->hold = NULL;
  w->cls = rd__py_token_class();
  Py_INCREF(w->cls);
  w->n = w->i = 0;
  rd_node *first = rd_doc_token_at(doc, 0);
  if (first) {
    if (!(w->hold = rd__py_hold_new(rd_node_doc(first)))) { Py_DECREF(w); return NULL; }
    w->n = rd_token_records(w->recs, RD__PY_CHUNK, first);
    if (!w->n) Py_CLEAR(w->hold);
  }
  return (PyObject *)w;
}
%}
%init %{
  if (PyType_Ready(&rd__py_token_type) < 0 || PyType_Ready(&rd__py_walk_type) < 0 ||
      PyType_Ready(&rd__py_hold_type) < 0)
    return NULL;
  Py_INCREF(&rd__py_token_type);
  PyModule_AddObject(m, "_TokenBase", (PyObject *)&rd__py_token_type);
%}
%{
typedef struct rd__py_hold rd__py_hold; /* %wrapper above */
static rd__py_hold *rd__py_hold_new(rd_doc *doc);
static PyObject *rd__py_token_chunk_impl(const rd_node *first, size_t cap, rd__py_hold *h);
static PyObject *rd__py_token_walk_impl(const rd_doc *doc);
static PyObject *rd__swig_node_object(rd_node *n, swig_type_info *ty);
%}
%rename(_token_walk) rd__py_token_walk;
%typemap(out) PyObject *rd__py_token_walk { $result = $1; if (!$result) SWIG_fail; }
%inline %{
/* An iterator over the document's tokens, a chunk at a time. */
static PyObject *rd__py_token_walk(const rd_doc *doc) { return rd__py_token_walk_impl(doc); }
%}
%rename(_token_chunk) rd__py_token_chunk;
%typemap(out) PyObject *rd__py_token_chunk { $result = $1; if (!$result) SWIG_fail; }
%inline %{
/* Token objects for `token` and the tokens after it in its annotation, at
 * most `cap` (0 or more than a chunk: a chunk); a list, empty for a node
 * that is not a token. */
static PyObject *rd__py_token_chunk(const rd_node *token, size_t cap) {
  if (!token || rd_node_kind_of(token) != RD_NODE_TOKEN) return PyList_New(0);
  rd__py_hold *h = rd__py_hold_new(rd_node_doc(token));
  if (!h) return NULL;
  PyObject *list = rd__py_token_chunk_impl(token, cap, h);
  Py_DECREF(h); /* the tokens hold it now */
  return list;
}
%}


/* ---- strings in: str (or bytes) -> UTF-8; a lone surrogate raises
 * UnicodeEncodeError from Python's own codec. ------------------------------ */
%typemap(in) (const char *text, size_t len) {
  Py_ssize_t n_ = 0;
  const char *s_ = NULL;
  if (PyUnicode_Check($input)) {
    s_ = PyUnicode_AsUTF8AndSize($input, &n_);
    if (!s_) SWIG_fail;
  } else if (PyBytes_Check($input)) {
    char *b_ = NULL;
    if (PyBytes_AsStringAndSize($input, &b_, &n_) < 0) SWIG_fail;
    s_ = b_;
  } else {
    PyErr_Format(PyExc_TypeError, "expected str, not %.80s", Py_TYPE($input)->tp_name);
    SWIG_fail;
  }
  $1 = ($1_ltype)s_;
  $2 = (size_t)n_;
}
%typemap(typecheck) (const char *text, size_t len) { $1 = PyUnicode_Check($input) || PyBytes_Check($input); }

%typemap(freearg) const char * ""
/* Paths, ids and names: str (UTF-8) or bytes (passed through: a file name
 * that is not UTF-8 still opens). An embedded NUL would silently cut the
 * string short in C, so it raises ValueError. */
%typemap(in) const char * {
  if ($input == Py_None) {
    $1 = NULL;
  } else if (PyUnicode_Check($input)) {
    Py_ssize_t n_ = 0;
    $1 = ($1_ltype)PyUnicode_AsUTF8AndSize($input, &n_);
    if (!$1) SWIG_fail;
    if (strlen($1) != (size_t)n_) { PyErr_SetString(PyExc_ValueError, "embedded null character"); SWIG_fail; }
  } else if (PyBytes_Check($input)) {
    char *b_ = NULL;
    if (PyBytes_AsStringAndSize($input, &b_, NULL) < 0) SWIG_fail; /* ValueError on a NUL */
    $1 = ($1_ltype)b_;
  } else {
    PyErr_Format(PyExc_TypeError, "expected str, not %.80s", Py_TYPE($input)->tp_name);
    SWIG_fail;
  }
}
%typemap(typecheck) const char * { $1 = $input == Py_None || PyUnicode_Check($input) || PyBytes_Check($input); }

/* ---- the GIL: released only around the long calls (parse, annotate,
 * write, align); getters keep it. The rd_status typemap runs after the
 * GIL is back, on the same OS thread, so rd_error_last() is ours. ------- */
%define RD_RELEASE_GIL(fn)
%exception fn {
  Py_BEGIN_ALLOW_THREADS
  $action
  Py_END_ALLOW_THREADS
}
%enddef
RD_RELEASE_GIL(rd_doc_parse)
RD_RELEASE_GIL(rd_doc_parse_file)
RD_RELEASE_GIL(rd_doc_annotate)
RD_RELEASE_GIL(rd_doc_render)
RD_RELEASE_GIL(rd_doc_to_xml)
RD_RELEASE_GIL(rd_doc_to_json)
RD_RELEASE_GIL(rd_doc_to_html)
RD_RELEASE_GIL(rd_doc_to_text)
RD_RELEASE_GIL(rd_doc_to_vocab)
RD_RELEASE_GIL(rd_doc_load_summaries_file)
RD_RELEASE_GIL(rd_doc_gloss)
RD_RELEASE_GIL(rd_node_to_kana)
RD_RELEASE_GIL(rd_pipeline_read_file)
RD_RELEASE_GIL(rd_pipeline_read)
RD_RELEASE_GIL(rd_batch_take)
RD_RELEASE_GIL(rd_pipeline_apply)
RD_RELEASE_GIL(rd_pipeline_glossary)
/* The analyzer loads on first use: slow, and NULL with the error set. */
%exception rd_pipeline_analyzer {
  Py_BEGIN_ALLOW_THREADS
  $action
  Py_END_ALLOW_THREADS
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}
%exception rd_pipeline::rd_pipeline {
  $action
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}
/* A failed constructor returns NULL with the error set. */

%exception rd_glossary::rd_glossary {
  Py_BEGIN_ALLOW_THREADS
  $action
  Py_END_ALLOW_THREADS
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}

%include "../reader.i"
