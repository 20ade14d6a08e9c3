"""Failures raise libreader.Error subclasses carrying the C message."""
import pytest

import libreader


def test_exception_hierarchy():
    assert issubclass(libreader.Error, Exception)
    assert issubclass(libreader.EncodingError, libreader.Error)
    assert issubclass(libreader.EncodingError, UnicodeError)
    assert issubclass(libreader.InvalidArgument, libreader.Error)
    assert issubclass(libreader.InvalidArgument, ValueError)
    assert issubclass(libreader.AnalyzerError, libreader.Error)
    assert issubclass(libreader.XmlError, libreader.Error)
    assert issubclass(libreader.FileError, OSError)
    assert issubclass(libreader.NotFoundError, KeyError)
    assert libreader.Error.__module__ == "libreader"


def test_invalid_utf8_raises_encoding_error_with_offset_and_line():
    with pytest.raises(libreader.EncodingError) as ei:
        libreader.parse(b"first line\nab\xffc")
    e = ei.value
    assert "invalid UTF-8 at byte 13" in str(e)
    assert "line 2" in str(e)
    assert e.offset == 13 and e.line == 2
    assert e.code == libreader.native.EENCODING


def test_nul_byte_is_an_encoding_error():
    with pytest.raises(libreader.EncodingError, match="NUL"):
        libreader.parse("a\0b")


def test_lone_surrogate_raises_unicode_encode_error():
    with pytest.raises(UnicodeEncodeError):
        libreader.parse("abc\udc80def")
    with pytest.raises(UnicodeEncodeError):
        libreader.parse_file("no\ud800such.txt")


def test_missing_file_raises_file_error_naming_it(tmp_path):
    p = tmp_path / "missing.txt"
    with pytest.raises(libreader.FileError) as ei:
        libreader.parse_file(p)
    assert "missing.txt" in str(ei.value)
    assert isinstance(ei.value, OSError)


def test_parse_rejects_non_strings():
    with pytest.raises(TypeError, match="expected str"):
        libreader.parse(42)


def test_bad_dictionary_raises_analyzer_error_naming_the_path():
    if not hasattr(libreader, "Analyzer"):
        pytest.skip("no analyzer")
    with pytest.raises(libreader.AnalyzerError) as ei:
        libreader.Analyzer(dictionary="/nonexistent/dic")
    assert "/nonexistent/dic" in str(ei.value)


def test_bad_overrides_file_raises(tmp_path):
    if not hasattr(libreader, "Analyzer"):
        pytest.skip("no analyzer")
    with pytest.raises(libreader.Error) as ei:
        libreader.Analyzer(overrides=tmp_path / "none.tsv", stub=True)
    assert "none.tsv" in str(ei.value)


def test_malformed_xml_raises_xml_error():
    with pytest.raises(libreader.XmlError):
        libreader.parse("<document><section>", format="xml")


def test_error_message_is_the_c_message_not_a_generic_one():
    with pytest.raises(libreader.EncodingError) as ei:
        libreader.parse(b"\xc3")
    assert str(ei.value) != libreader.native._strerror(libreader.native.EENCODING)
