"""Writers (XML, JSON, HTML, text, vocabulary), summaries, docstrings and
type stubs."""
import ast
import json
import pathlib

import pytest

import libreader
from conftest import ARTICLE, SUMMARIES


def _render(fn, *args, **kw):
    try:
        return fn(*args, **kw)
    except libreader.InvalidArgument as e:
        if "not written yet" in str(e):
            pytest.skip(str(e))
        raise


def test_to_xml_is_str_and_round_trips(annotated):
    xml = _render(annotated.to_xml)
    assert type(xml) is str
    assert xml.startswith("<?xml")
    assert "urn:libreader:document:1" in xml
    again = libreader.parse(xml, format="xml")
    assert [s.id for s in again.sections] == [s.id for s in annotated.sections]
    assert _render(again.to_xml) == xml


def test_to_json_parses(annotated):
    data = json.loads(_render(annotated.to_json))
    assert isinstance(data, dict)


def test_to_html_is_a_page(annotated):
    html = _render(annotated.to_html)
    assert "<html" in html and "<ruby>" in html


def test_to_text_styles(annotated):
    assert "盗[ぬす]まれ" in _render(annotated.to_text, "brackets")
    assert "ビットコイン" in _render(annotated.to_text, "text")
    with pytest.raises(libreader.InvalidArgument):
        annotated.to_text("klingon")


def test_vocab_with_known_words_leaves_them_out(annotated):
    full = _render(annotated.to_vocab)
    assert "盗む" in full
    if not hasattr(libreader, "KnownWords"):
        pytest.skip("no known-words module")
    known = libreader.KnownWords(["盗む"])
    assert "盗む" in known and len(known) == 1
    assert "盗む\t" not in _render(annotated.to_vocab, known=known)
    assert "盗む\t" not in _render(annotated.to_vocab, known=["盗む"])


def test_known_words_load(tmp_path):
    if not hasattr(libreader, "KnownWords"):
        pytest.skip("no known-words module")
    p = tmp_path / "known.txt"
    p.write_text("# mine\n盗む\n\n日本\n", encoding="utf-8")
    k = libreader.KnownWords.load(p)
    assert isinstance(k, libreader.KnownWords)
    assert len(k) == 2 and "日本" in k and "# mine" not in k
    assert repr(k) == "<libreader.KnownWords 2 lemmas>"


def test_summaries_attach_to_sections(doc):
    if not hasattr(doc, "load_summaries"):
        pytest.skip("no summaries module")
    rep = doc.load_summaries(SUMMARIES)
    assert rep.paired >= 13
    s = doc.section("1")
    assert s.summary.startswith("An overview of the incident")
    assert type(s.summary) is str
    assert doc.summary.startswith("About")
    assert doc.lead.summary.startswith("In May 2024")
    assert doc.section("1").paragraphs is not None


def test_bad_summaries_raise_xml_error_and_attach_nothing():
    doc = libreader.parse_file(ARTICLE, summaries=False)
    with pytest.raises(libreader.XmlError):
        doc.load_summaries_string("<summaries><summary")
    assert doc.section("1").summary is None


def test_docstrings_come_from_the_c_headers():
    assert "Parse one UTF-8 article" in libreader.native._doc_parse.__doc__
    assert "Dictionary form" in libreader.Node.lemma.__doc__
    assert "code points" in libreader.Node.start.__doc__
    assert libreader.parse.__doc__ and libreader.Document.sections.__doc__


def test_type_stubs_cover_the_public_api():
    pkg = pathlib.Path(libreader.__file__).parent
    stub = pkg / "__init__.pyi"
    assert (pkg / "py.typed").exists()
    tree = ast.parse(stub.read_text(encoding="utf-8"))
    names = {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    names |= {t.id for n in ast.walk(tree) if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}
    names |= {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    missing = [n for n in libreader.__all__ if n not in names]
    assert not missing, f"not in __init__.pyi: {missing}"
