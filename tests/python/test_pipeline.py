"""The pipeline in Python reads an article exactly as the command does, and
the Python conveniences built on it (parse_file with summaries, tokenize,
typed node classes, pickling, file errors, paths)."""
import errno
import os
import pickle
import subprocess

import pytest

import libreader
from conftest import ARTICLE, SOURCE_DIR


@pytest.fixture(scope="module")
def pipeline():
    try:
        p = libreader.Pipeline()
        p.dictionary_name  # loads MeCab now
    except libreader.AnalyzerError as e:
        pytest.skip(f"no MeCab dictionary: {e}")
    return p


def test_read_file_gives_the_commands_brackets(pipeline):
    cli = os.environ.get("READER_CLI")
    if not cli:
        pytest.skip("READER_CLI is not set (ctest sets it to the built reader command)")
    want = subprocess.run([cli, "render", str(ARTICLE), "--format", "brackets"], check=True,
                          capture_output=True).stdout.decode("utf-8")
    doc = pipeline.read_file(ARTICLE)
    assert doc.to_text("brackets") == want
    assert pipeline.render(doc, "brackets") == want


def test_read_file_annotates_summarises_and_glosses(pipeline):
    doc = pipeline.read_file(ARTICLE)
    assert doc.section("1").summary
    assert any(t.glosses for t in doc.tokens()) or not os.path.exists("/usr/share/edict/edict")


def test_stages_choose_what_runs(pipeline):
    doc = pipeline.read_file(ARTICLE, stages=("summaries",))
    assert next(doc.tokens(), None) is None
    assert doc.section("1").summary
    doc = pipeline.read_file(ARTICLE, summaries=False, stages=("annotate",))
    assert doc.section("1").summary is None and next(doc.tokens(), None) is not None
    with pytest.raises(libreader.InvalidArgument, match="stage"):
        pipeline.read_file(ARTICLE, stages=("dance",))


def test_read_and_apply_match_read_file(pipeline):
    text = ARTICLE.read_text(encoding="utf-8")
    a = pipeline.read(text, summaries=False)
    b = libreader.parse(text)
    assert pipeline.apply(b, stages=("annotate", "gloss")) is None
    assert a.to_text("brackets") == b.to_text("brackets")
    c = libreader.parse(text)
    c.annotate(pipeline)
    assert c.to_text("brackets") == a.to_text("brackets")


def test_analyzer_reads_like_the_pipeline(pipeline):
    # Analyzer is built through the pipeline: the same EDICT compounds.
    doc = libreader.parse_file(ARTICLE)
    doc.annotate(libreader.Analyzer())
    want = pipeline.read_file(ARTICLE, stages=("annotate",))
    assert [t.surface for t in doc.tokens()] == [t.surface for t in want.tokens()]


def test_parse_file_loads_the_summaries_beside_the_article_without_mecab():
    doc = libreader.parse_file(ARTICLE)
    assert doc.section("1").summary
    assert next(doc.tokens(), None) is None
    assert libreader.parse_file(ARTICLE, summaries=False).section("1").summary is None


def test_stub_pipeline_needs_no_dictionary():
    p = libreader.Pipeline(stub=True, glosses=False)
    doc = p.read("猫が好きです。", format="lines")
    assert [t.surface for t in doc.tokens()]
    assert p.dictionary_name == "stub"


def test_tokenize_in_one_call(pipeline):
    toks = libreader.tokenize("猫が好きです。")
    assert [t.surface for t in toks] == ["猫", "が", "好き", "です", "。"]
    assert all(isinstance(t, libreader.Token) for t in toks)
    assert toks[0].lemma.upper() == "猫"


def test_nodes_are_instances_of_their_kind():
    doc = libreader.parse_file(ARTICLE, summaries=False)
    s = doc.section("2.1")
    assert type(s) is libreader.Section and isinstance(s, libreader.Node)
    assert type(doc.root) is libreader.Root
    assert type(s.paragraphs[0]) is libreader.Paragraph
    assert type(s.heading_node) is libreader.Heading
    assert type(s.paragraphs[0].sentences[0]) is libreader.Sentence
    assert not hasattr(s.paragraphs[0], "subsections")


def test_help_of_token_has_no_swig_noise():
    import pydoc
    text = pydoc.render_doc(libreader.Token, renderer=pydoc.plaintext)
    assert "thisown" not in text
    assert "lambda" not in text
    assert "surface" in text and "furigana" in text


def test_documents_pickle_through_the_xml(pipeline):
    doc = pipeline.read_file(ARTICLE)
    back = pickle.loads(pickle.dumps(doc))
    assert back.to_xml() == doc.to_xml()
    assert [t.reading for t in back.tokens()] == [t.reading for t in doc.tokens()]
    with pytest.raises(TypeError):
        pickle.dumps(doc.section("1"))


def test_file_error_is_the_matching_os_error(tmp_path):
    with pytest.raises(FileNotFoundError) as ei:
        libreader.parse_file(tmp_path / "missing.txt")
    e = ei.value
    assert isinstance(e, libreader.FileError) and e.errno == errno.ENOENT
    assert e.filename == str(tmp_path / "missing.txt")
    assert "missing.txt" in str(e)
    with pytest.raises(IsADirectoryError) as ei:
        libreader.parse_file(tmp_path)
    assert ei.value.errno == errno.EISDIR and isinstance(ei.value, libreader.FileError)
    if os.geteuid() != 0:
        locked = tmp_path / "locked.txt"
        locked.write_text("本文。")
        locked.chmod(0)
        with pytest.raises(PermissionError):
            libreader.parse_file(locked)


def test_embedded_nul_is_refused(tmp_path):
    (tmp_path / "a.txt").write_text("本文。")
    with pytest.raises(ValueError):
        libreader.parse_file(str(tmp_path / "a.txt") + "\0.html")
    with pytest.raises(ValueError):
        libreader.parse_file(os.fsencode(tmp_path / "a.txt") + b"\0x")
    doc = libreader.parse_file(ARTICLE, summaries=False)
    with pytest.raises(ValueError):
        doc.section("1\0x")


def test_non_utf8_file_names_open_as_bytes(tmp_path):
    name = os.fsencode(tmp_path) + b"/\xff\xfe.txt"
    try:
        with open(name, "wb") as f:
            f.write("本文です。".encode())
    except OSError:
        pytest.skip("the file system refuses the name")
    assert libreader.parse_file(name, format="lines").sentences().__next__().text == "本文です。"
    # os.fsdecode gives a surrogate-escaped str; a PathLike of it opens too.
    import pathlib
    assert libreader.parse_file(pathlib.Path(os.fsdecode(name)), format="lines").name


def test_pipeline_rejects_an_unreadable_known_file(tmp_path):
    with pytest.raises(libreader.Error):
        libreader.Pipeline(known=tmp_path / "none.txt")
