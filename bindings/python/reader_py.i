/* Python layer of the SWIG binding: module name, exception classes, string
 * conversions and the GIL. The native sugar lives in libreader/__init__.py. */
%module(package="libreader", docstring="Low-level libreader binding; use the libreader package.") native

%{
#include <reader.h>
#define SWIG_FILE_WITH_INIT
static PyObject *rd__py_error, *rd__py_encoding_error, *rd__py_invalid, *rd__py_analyzer_error,
    *rd__py_xml_error, *rd__py_io_error, *rd__py_not_found;

/* Raise the libreader.Error subclass for a status, with the C message and
 * the code / byte offset / line as attributes. */
static void rd__swig_raise(rd_status st) {
  const rd_error *e = rd_error_last();
  if (st >= 0) st = RD_ERROR; /* a constructor failed without setting an error */
  const char *msg = e->code == st && e->message[0] ? e->message : rd_strerror(st);
  PyObject *cls;
  switch (st) {
  case RD_ENOMEM: PyErr_SetString(PyExc_MemoryError, msg); return;
  case RD_EENCODING: cls = rd__py_encoding_error; break;
  case RD_EINVALID: cls = rd__py_invalid; break;
  case RD_EANALYZER: cls = rd__py_analyzer_error; break;
  case RD_EXML: cls = rd__py_xml_error; break;
  case RD_EIO: cls = rd__py_io_error; break;
  case RD_ENOTFOUND: cls = rd__py_not_found; break;
  default: cls = rd__py_error; break;
  }
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

/* A writer's buffer as str (NULL: None). */
static PyObject *rd__swig_from_buf(const char *buf, size_t n) {
  if (!buf) Py_RETURN_NONE;
  return PyUnicode_DecodeUTF8(buf, (Py_ssize_t)n, "surrogateescape");
}

static PyObject *rd__py_new_error(PyObject *m, const char *name, PyObject *bases, const char *doc) {
  char full[64];
  snprintf(full, sizeof full, "libreader.%s", name);
  PyObject *cls = PyErr_NewExceptionWithDoc(full, doc, bases, NULL);
  if (cls) { Py_INCREF(cls); PyModule_AddObject(m, name, cls); }
  return cls;
}
%}

%init %{
  {
    rd__py_error = rd__py_new_error(m, "Error", PyExc_Exception,
                                    "Base class of every libreader failure; str() is the C library's message.");
    PyObject *b;
    b = Py_BuildValue("(OO)", rd__py_error, PyExc_UnicodeError);
    rd__py_encoding_error = rd__py_new_error(m, "EncodingError", b, "Invalid UTF-8, a NUL byte or an unsupported encoding.");
    Py_XDECREF(b);
    b = Py_BuildValue("(OO)", rd__py_error, PyExc_ValueError);
    rd__py_invalid = rd__py_new_error(m, "InvalidArgument", b, "A bad argument, wrong node kind or malformed input structure.");
    Py_XDECREF(b);
    rd__py_analyzer_error = rd__py_new_error(m, "AnalyzerError", rd__py_error, "MeCab or its dictionary failed.");
    rd__py_xml_error = rd__py_new_error(m, "XmlError", rd__py_error, "Malformed, invalid or hostile XML.");
    b = Py_BuildValue("(OO)", rd__py_error, PyExc_OSError);
    rd__py_io_error = rd__py_new_error(m, "FileError", b, "A file could not be read or written (also an OSError).");
    Py_XDECREF(b);
    b = Py_BuildValue("(OO)", rd__py_error, PyExc_KeyError);
    rd__py_not_found = rd__py_new_error(m, "NotFoundError", b, "Something looked up does not exist (also a KeyError).");
    Py_XDECREF(b);
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
%typemap(in) const char * {
  if ($input == Py_None) {
    $1 = NULL;
  } else if (PyUnicode_Check($input)) {
    $1 = ($1_ltype)PyUnicode_AsUTF8($input);
    if (!$1) SWIG_fail;
  } else if (PyBytes_Check($input)) {
    $1 = ($1_ltype)PyBytes_AsString($input);
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
RD_RELEASE_GIL(rd_doc_load_summaries)
RD_RELEASE_GIL(rd_doc_gloss)
RD_RELEASE_GIL(rd_node_to_kana)
/* Loading a dictionary is slow too; a failed constructor returns NULL with
 * the error set. */
%exception rd_analyzer::rd_analyzer {
  Py_BEGIN_ALLOW_THREADS
  $action
  Py_END_ALLOW_THREADS
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}

%exception rd_glossary::rd_glossary {
  Py_BEGIN_ALLOW_THREADS
  $action
  Py_END_ALLOW_THREADS
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}

%include "../reader.i"
