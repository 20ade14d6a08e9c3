/* Python layer of the SWIG binding: module name, exception classes, string
 * conversions and the GIL. The native sugar lives in libreader/__init__.py. */
%module(package="libreader", docstring="Low-level libreader binding; use the libreader package.") native

%{
#include <reader.h>
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
