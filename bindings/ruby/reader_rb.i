/* Ruby layer of the SWIG binding: module name, exception classes and UTF-8
 * strings. The native sugar (Enumerable, predicates) is in lib/libreader.rb. */
%module "LibReader::native"

%{
#include <reader.h>
#include <ruby/encoding.h>

static VALUE rd__rb_error, rd__rb_encoding_error, rd__rb_invalid, rd__rb_analyzer_error, rd__rb_xml_error,
    rd__rb_io_error, rd__rb_not_found;

/* Raise the LibReader::Error subclass for a status with the C message;
 * the exception also carries code, offset and line. */
static void rd__swig_raise(rd_status st) {
  const rd_error *e = rd_error_last();
  if (st >= 0) st = RD_ERROR; /* a constructor failed without setting an error */
  const char *msg = e->code == st && e->message[0] ? e->message : rd_strerror(st);
  VALUE cls;
  switch (st) {
  case RD_ENOMEM: rb_raise(rb_eNoMemError, "%s", msg); return;
  case RD_EENCODING: cls = rd__rb_encoding_error; break;
  case RD_EINVALID: cls = rd__rb_invalid; break;
  case RD_EANALYZER: cls = rd__rb_analyzer_error; break;
  case RD_EXML: cls = rd__rb_xml_error; break;
  case RD_EIO: cls = rd__rb_io_error; break;
  case RD_ENOTFOUND: cls = rd__rb_not_found; break;
  default: cls = rd__rb_error; break;
  }
  VALUE exc = rb_exc_new_str(cls, rb_utf8_str_new_cstr(msg));
  rb_iv_set(exc, "@code", INT2NUM((int)st));
  rb_iv_set(exc, "@offset", LL2NUM(e->code == st ? (long long)e->offset : -1));
  rb_iv_set(exc, "@line", LL2NUM(e->code == st ? (long long)e->line : 0));
  rb_exc_raise(exc);
}
%}

%init %{
  {
    VALUE top = rb_define_module("LibReader");
    rd__rb_error = rb_define_class_under(top, "Error", rb_eStandardError);
    rb_define_attr(rd__rb_error, "code", 1, 0);
    rb_define_attr(rd__rb_error, "offset", 1, 0);
    rb_define_attr(rd__rb_error, "line", 1, 0);
    rd__rb_encoding_error = rb_define_class_under(top, "EncodingError", rd__rb_error);
    rd__rb_invalid = rb_define_class_under(top, "InvalidArgument", rd__rb_error);
    rd__rb_analyzer_error = rb_define_class_under(top, "AnalyzerError", rd__rb_error);
    rd__rb_xml_error = rb_define_class_under(top, "XmlError", rd__rb_error);
    rd__rb_io_error = rb_define_class_under(top, "FileError", rd__rb_error);
    rd__rb_not_found = rb_define_class_under(top, "NotFoundError", rd__rb_error);
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

/* A failed constructor (rd_analyzer_new) returns NULL with the error set. */
%exception rd_analyzer::rd_analyzer {
  $action
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}

%exception rd_glossary::rd_glossary {
  $action
  if (!result) { rd__swig_raise(rd_error_last()->code); SWIG_fail; }
}

%include "../reader.i"
