"""libreader: Japanese news articles as documents a learner can read and a
program can query.

    >>> import libreader
    >>> p = libreader.Pipeline()
    >>> doc = p.read_file("corpus/dmm-bitcoin-2024/article.ja.txt")
    >>> [s.id for s in doc.sections][:3]
    ['1', '1.1', '1.2']
    >>> t = next(doc.tokens())
    >>> doc.text[t.start:t.end] == t.surface
    True

A :class:`Pipeline` holds every choice that decides how an article reads
(dictionary, rules, EDICT compounds, glossary, known words) and reads it
exactly as ``reader render`` does: parse, annotate, the summaries beside the
article and glosses. Every node is an instance of its kind's class
(:class:`Section`, :class:`Paragraph`, :class:`Sentence`, :class:`Token`,
...) and keeps its document alive, so a token may outlive the
``Document`` object it came from. Failures raise subclasses of
:class:`libreader.Error` carrying the C library's message. Parsing,
annotating and writing release the GIL.
"""

from __future__ import annotations

import errno as _errno
import functools
import operator
import os
from collections import namedtuple
from collections.abc import Sequence

from . import native as _n
from .native import Document, ParseOptions
from ._native import (Error, EncodingError, InvalidArgument, AnalyzerError, XmlError, FileError,
                     NotFoundError, _TokenBase)

__all__ = [
    "parse", "parse_file", "from_xml", "tokenize", "version", "Pipeline", "Analyzer", "Document",
    "Node", "Root", "Section", "Heading", "Paragraph", "Sentence", "Question", "References", "Reference",
    "Citation", "Token", "Word", "NodeList", "Furigana", "KnownWords", "Glossary", "GlossEntry", "PairingReport",
    "PairingItem", "kana",
    "Error", "EncodingError", "InvalidArgument", "AnalyzerError", "XmlError", "FileError",
    "NotFoundError", "MemoryError",
]

__version__ = _n._version()
MemoryError = MemoryError  # out of memory (RD_ENOMEM) raises the builtin; named here for the stubs


def version() -> str:
    """The C library's version ("MAJOR.MINOR.PATCH")."""
    return _n._version()


def _names(table):
    """A name -> value dict from the C tables in bindings/reader.i (the one
    place that names formats, furigana settings, stages, kinds, ...)."""
    return {_n._name_at(table, i): _n._value_at(table, i) for i in range(_n._names_count(table))}


_FORMATS = _names("format")
_FURIGANA = _names("furigana")
_TEXT = _names("text")
_OUTPUTS = _names("output")
_SCRIPTS = _names("script")
_STAGES = _names("stage")
_KINDS = _names("kind")


def _choose(table, what, value):
    try:
        return table[value]
    except (KeyError, TypeError):
        raise InvalidArgument(f"unknown {what} {value!r}; use one of {', '.join(table)}") from None


# ---- sequences ----------------------------------------------------------------

class NodeList(Sequence):
    """A live, read-only sequence of nodes: ``len()``, indexing (negative
    indices too), slicing (a list) and iteration. Built on the C library's
    count/at pairs (constant time each), so nothing is copied until an item
    is asked for."""

    __slots__ = ("_owner", "_count", "_at")

    def __init__(self, owner, count, at):
        self._owner, self._count, self._at = owner, count, at

    def __len__(self) -> int:
        return self._count(self._owner)

    def __getitem__(self, i):
        n = self._count(self._owner)
        if isinstance(i, slice):
            return [self._at(self._owner, j) for j in range(*i.indices(n))]
        i = operator.index(i)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(f"index {i} out of range for {n} items")
        return self._at(self._owner, i)

    def __iter__(self):
        owner, at = self._owner, self._at
        for i in range(self._count(owner)):
            yield at(owner, i)

    def __repr__(self) -> str:
        items = [repr(x) for x in self[:5]]
        more = len(self) - len(items)
        return "[" + ", ".join(items) + (f", ... {more} more" if more > 0 else "") + "]"


class _SentenceTokens(NodeList):
    """A sentence's tokens; iterating makes them in one native call
    (rd_token_records: a sentence's tokens are consecutive)."""

    __slots__ = ()

    def __iter__(self):
        n = self._count(self._owner)
        if n == 0:
            return iter(())
        if n <= 256:
            return iter(_n._token_chunk(self._at(self._owner, 0), n))
        return super().__iter__()


Furigana = namedtuple("Furigana", "base reading start end")
Furigana.__doc__ = """One furigana segment of a token: ``reading`` goes over ``base``, which is
``token.surface[start:end]`` (code points). Kana around it stay plain."""


# ---- paths and file errors ------------------------------------------------------

def _fs(p):
    """A path as the C library gets it: bytes, passed through, so a file name
    that is not UTF-8 opens; str and os.PathLike are encoded like os.open
    does. An embedded NUL raises ValueError (the C string would be cut)."""
    if p is None:
        return None
    b = os.fsencode(p)
    if b"\0" in b:
        raise ValueError("embedded null character in path")
    return b


_OSERRORS = {}


def _file_error_class(base):
    """FileError and the matching OSError subclass (FileNotFoundError,
    IsADirectoryError, PermissionError, ...), made once per OSError class."""
    cls = _OSERRORS.get(base)
    if cls is None:
        cls = type("FileError", (FileError, base), {"__module__": "libreader", "__doc__": FileError.__doc__})
        cls.__qualname__ = f"FileError[{base.__name__}]"
        _OSERRORS[base] = cls
    return cls


def _refine_file_error(e, path):
    """The FileError a path call raised, as the matching OSError subclass
    with errno and filename set (the C library reports the failure, the
    operating system says which one)."""
    fn = os.fsdecode(path) if path is not None else None
    err = None
    if path is not None:
        try:
            with open(path, "rb"):
                pass
        except OSError as oe:
            err = oe
    code = err.errno if err is not None else _errno.EIO
    base = type(err) if err is not None and type(err) is not OSError else OSError
    new = _file_error_class(base)(code, str(e), fn)
    for a in ("code", "offset", "line"):
        if hasattr(e, a):
            setattr(new, a, getattr(e, a))
    return new


def _with_path(call, path, *args):
    try:
        return call(*args)
    except FileError as e:
        if getattr(e, "errno", None) is not None:
            raise
        raise _refine_file_error(e, path) from None


# ---- parsing ------------------------------------------------------------------

def _options(format, front_matter, name):
    fmt = _FORMATS["auto"] if format is None else _choose(_FORMATS, "format", format)
    flags = 0 if front_matter else _n.PARSE_NO_FRONT_MATTER
    if fmt == _n.FORMAT_AUTO and flags == 0 and name is None:
        return None
    return ParseOptions(fmt, flags, name)


def parse(text, *, format: str | None = None, name: str | None = None,
          front_matter: bool = True) -> Document:
    """Parse an article (``str``, or UTF-8 ``bytes``) into a :class:`Document`,
    without annotating it (see :class:`Pipeline` for the whole reading).

    ``format``: "text" (default for str input), "html", "xml" or "lines";
    ``name`` names the input in error messages; ``front_matter=False`` stops
    the text reader from looking for a title, headline and lead.
    Raises :class:`EncodingError` (invalid UTF-8, NUL byte; ``offset`` and
    ``line`` say where), :class:`XmlError`, :class:`InvalidArgument`; a lone
    surrogate in a ``str`` raises ``UnicodeEncodeError``."""
    opts = _options(format, front_matter, name)
    return _n._doc_parse(text, opts) if opts is not None else _n._doc_parse(text)


def from_xml(xml) -> Document:
    """A document back from libreader's lossless XML (``Document.to_xml()``);
    pickling goes through it."""
    return _n._doc_parse(xml, ParseOptions(_n.FORMAT_XML, 0, None))


@functools.lru_cache(maxsize=None)
def _summaries_pipeline():
    # Loads nothing until used, and parse_file only asks it for summaries.
    return Pipeline(glosses=False)


def parse_file(path, *, format: str | None = None, front_matter: bool = True, summaries=True) -> Document:
    """Read and parse a file; the format comes from its extension (.html,
    .htm, .xml, else text) unless ``format`` says otherwise. Like the
    ``reader`` command, the English summaries in ``summaries.en.xml`` beside
    the article are attached; ``summaries=False`` skips them and a path
    names another file. Nothing is annotated (no MeCab): use a
    :class:`Pipeline` for that. ``path`` may be str, bytes or os.PathLike
    (a name that is not UTF-8 opens as bytes). Raises :class:`FileError`
    (also the matching ``OSError``: ``FileNotFoundError``,
    ``IsADirectoryError``, ``PermissionError``, with ``errno`` and
    ``filename``), the errors of :func:`parse`, and those of
    :meth:`Document.load_summaries`."""
    b = _fs(path)
    if summaries is False:
        opts = _options(format, front_matter, None)
        if opts is None:
            return _with_path(_n._doc_parse_file, b, b)
        return _with_path(_n._doc_parse_file, b, b, opts)
    return _summaries_pipeline().read_file(b, format=format, front_matter=front_matter,
                                          summaries=None if summaries is True else summaries,
                                          stages=("summaries",))


# ---- the pipeline -----------------------------------------------------------------

def _stages(stages):
    if stages is None:
        return _STAGES["all"]
    if isinstance(stages, str):
        stages = (stages,)
    n = 0
    for s in stages:
        n |= _choose(_STAGES, "stage", s)
    return n


_READ_OPTIONS = {}  # Pipeline._read_options' made options, by choice


class Pipeline(_n.Pipeline):
    """Every choice that decides how an article reads, made once, used for
    any number of documents and threads -- the same pipeline as the
    ``reader`` command's, with the same defaults, so a script reads an
    article exactly like the page.

    ``dictionary``: a MeCab dictionary directory (None: the system one);
    ``user_dictionary``: a compiled user dictionary (.dic); ``overrides``: a
    TSV file of reading overrides; ``compounds``: the EDICT file whose
    readings join compounds MeCab splits (None: /usr/share/edict/edict when
    installed; False: none); ``glossary``: the EDICT file for English glosses
    (None: the same default); ``known``: a known-words file (one lemma per
    line); ``stub=True``: the deterministic test backend (no dictionary);
    ``rules=False``: keep MeCab's readings; ``nippon=True``: 日本 reads
    にっぽん; ``threads``: annotation threads per document (0: the cores);
    ``glosses=False``: attach no glosses; ``summaries=False``: never pick up
    ``summaries.en.xml`` beside an article; ``names``: the ENAMDICT file
    that reads proper nouns (None: /usr/share/edict/enamdict when
    installed; False: none).

    The analyzer and glossary load on first use. Raises :class:`FileError`,
    :class:`NotFoundError` or :class:`InvalidArgument` for a file named here
    that cannot be read."""

    def __init__(self, dictionary=None, user_dictionary=None, overrides=None, compounds=None, glossary=None,
                 known=None, stub: bool = False, rules: bool = True, nippon: bool = False, threads: int = 0,
                 glosses: bool = True, summaries: bool = True, names=None):
        flags = ((_n.PIPELINE_STUB if stub else 0) | (0 if rules else _n.PIPELINE_NO_RULES)
                 | (_n.PIPELINE_NIPPON if nippon else 0) | (_n.PIPELINE_NO_COMPOUNDS if compounds is False else 0)
                 | (0 if glosses else _n.PIPELINE_NO_GLOSSARY) | (0 if summaries else _n.PIPELINE_NO_SUMMARIES))
        if compounds is False:
            compounds = None
        if names is False:
            flags |= _n.PIPELINE_NO_NAMES
            names = None
        super().__init__(flags, _fs(dictionary), _fs(user_dictionary), _fs(overrides), _fs(compounds),
                         _fs(glossary), _fs(known), operator.index(threads), _fs(names))

    @staticmethod
    def _read_options(stages, format, front_matter, name, summaries, lenient):
        # The options of a call without a name or summaries file are made
        # once per distinct choice and reused: a batch of short articles
        # otherwise builds the same ReadOptions per article. They are never
        # handed out and the C library only reads them (const), so sharing
        # one between calls and threads is safe.
        key = None
        if name is None and (summaries is None or summaries is False):
            if stages is not None and not isinstance(stages, str):
                stages = tuple(stages)
            key = (stages, format, bool(front_matter), summaries is False, bool(lenient))
            try:
                o = _READ_OPTIONS.get(key)
            except TypeError:  # an unhashable stage or format: no caching (and _choose says why)
                key = o = None
            if o is not None:
                return o
        fmt = _FORMATS["auto"] if format is None else _choose(_FORMATS, "format", format)
        st = _stages(stages)
        if summaries is False:
            st &= ~_STAGES["summaries"]
            summaries = None
        o = _n.ReadOptions(st, fmt, 0 if front_matter else _n.PARSE_NO_FRONT_MATTER, name, _fs(summaries),
                           _n.SUMMARIES_LENIENT if lenient else 0)
        if key is not None and len(_READ_OPTIONS) < 256:
            _READ_OPTIONS[key] = o
        return o

    def read_file(self, path, *, format: str | None = None, summaries=None, stages=None,
                  front_matter: bool = True, lenient: bool = False) -> Document:
        """Read an article file as ``reader render`` does: parse, annotate,
        the English summaries (``summaries``: a file; None: the
        ``summaries.en.xml`` beside the article, if any; False: none) and
        glosses. ``stages``: some of "annotate", "summaries", "gloss",
        "words", "alternatives" (None: all); each runs only when named, so
        ``stages=["annotate"]`` gives tokens and readings with no glosses,
        words or alternative readings, as the C library's ``RD_STAGE_*``
        do. ``lenient``: attach the summaries that pair instead of refusing
        the file."""
        b = _fs(path)
        o = self._read_options(stages, format, front_matter, None, summaries, lenient)
        doc, _report = _with_path(_n._pipeline_read_file, b, self, b, o)
        return doc

    def read(self, text, *, format: str | None = None, name: str | None = None, summaries=None, stages=None,
             front_matter: bool = True, lenient: bool = False) -> Document:
        """:meth:`read_file` for an article in memory (str or UTF-8 bytes); no
        summaries file is looked for unless ``summaries`` names one."""
        o = self._read_options(stages, format, front_matter, name, summaries, lenient)
        doc, _report = _n._pipeline_read(self, text, o)
        return doc

    def read_files(self, paths, *, format: str | None = None, stages=None, front_matter: bool = True,
                   lenient: bool = False):
        """Read many article files on all cores (the pipeline's ``threads``
        workers, across documents) and yield their documents in input order
        as each is ready; memory stays bounded by a small read-ahead window.
        A file that cannot be read raises its error when its turn comes."""
        o = self._read_options(stages, format, front_matter, None, None, lenient)
        batch = _n.Batch(self, o)
        for p in paths:
            _n._batch_add_file(batch, _fs(p))
        return self._drain(batch)

    def read_many(self, texts, *, format: str | None = None, stages=None, front_matter: bool = True):
        """:meth:`read_files` for articles in memory (str or UTF-8 bytes);
        each is named "<text N>" in messages."""
        o = self._read_options(stages, format, front_matter, None, None, False)
        batch = _n.Batch(self, o)
        for i, t in enumerate(texts):
            _n._batch_add(batch, t, f"<text {i}>")
        return self._drain(batch)

    def _drain(self, batch):
        # The generator holds the pipeline (self) and the batch alive.
        while True:
            r = _n._batch_take(batch)  # [doc, report], or None at the end
            doc = r[0] if isinstance(r, (list, tuple)) else r
            if doc is None:
                return
            yield doc

    def apply(self, doc: Document, *, stages=None, summaries=None, lenient: bool = False) -> PairingReport | None:
        """Apply the stages to a document parsed elsewhere (annotation always
        re-annotates); summaries come only from ``summaries``. Returns the
        pairing report when summaries were loaded."""
        o = self._read_options(stages, None, True, None, summaries, lenient)
        rep = _n._pipeline_apply(self, doc, o)
        return PairingReport(rep) if rep is not None else None

    def render(self, doc: Document, format: str = "html") -> str:
        """Write a document as the command does with this pipeline: its known
        words get no furigana. ``format``: xml, json, html, text, brackets,
        hiragana, romaji or vocab."""
        return _n._doc_render(doc, _choose(_OUTPUTS, "format", format), _n._pipeline_write_options(self))

    @property
    def dictionary_name(self) -> str:
        """Short name of the dictionary layout ("ipadic", "unidic", "stub");
        loads the analyzer."""
        return _n._pipeline_analyzer(self).dictionary_name

    @property
    def dictionary_version(self) -> str:
        """Dictionary directory, version and entry count; loads the analyzer."""
        return _n._pipeline_analyzer(self).dictionary_version

    def __repr__(self) -> str:
        return f"<libreader.{type(self).__name__}>"


class Analyzer(Pipeline):
    """A pipeline that annotates only: the MeCab model with libreader's
    reading rules and EDICT compounds, loaded now. Kept for
    ``doc.annotate(Analyzer())``; a :class:`Pipeline` is the way to read an
    article as the page does (it adds summaries and glosses).

    ``dictionary``, ``user_dictionary``, ``overrides``, ``compounds``,
    ``stub``, ``nippon``, ``rules``: as for :class:`Pipeline`. Raises
    :class:`AnalyzerError`, :class:`FileError` or :class:`InvalidArgument`
    with the C library's message."""

    def __init__(self, dictionary=None, user_dictionary=None, overrides=None, *, stub: bool = False,
                 nippon: bool = False, rules: bool = True, compounds=None, threads: int = 0):
        super().__init__(dictionary, user_dictionary, overrides, compounds=compounds, stub=stub, rules=rules,
                         nippon=nippon, threads=threads, glosses=False, summaries=False)
        _n._pipeline_analyzer(self)  # load now: a bad dictionary fails here

    def __repr__(self) -> str:
        return f"<libreader.Analyzer {self.dictionary_name}>"


@functools.lru_cache(maxsize=None)
def _default_pipeline():
    return Pipeline(glosses=False, summaries=False)


def tokenize(text) -> list[Token]:
    """The tokens of a text in one call, like fugashi's tagger: each line a
    paragraph, read by a default :class:`Pipeline` made once. The tokens keep
    their document alive."""
    doc = _default_pipeline().read(text, format="lines", stages=("annotate",))
    return list(doc.tokens())


# ---- documents ------------------------------------------------------------------

def _doc_section(self, id: str) -> Section:
    """The section with this id path ("4.1", "afterword"); raises
    :class:`NotFoundError` (a ``KeyError``) if there is none."""
    s = _n._doc_section(self, id)
    if s is None:
        raise NotFoundError(f"no section {id!r}")
    return s


def _doc_section_by_heading(self, heading: str) -> Section:
    """The section whose heading matches after NFKC normalisation with white
    space removed ("1.事件の概要", "事件 の概要"); raises :class:`NotFoundError`."""
    s = _n._doc_section_by_heading(self, heading)
    if s is None:
        raise NotFoundError(f"no section with heading {heading!r}")
    return s


def _doc_get_section(self, id: str, default=None):
    """The section with this id path, or ``default``."""
    return _n._doc_section(self, id) or default


def _doc_sentences(self):
    """Generator over all sentences of the document, in order."""
    for i in range(_n._doc_sentence_count(self)):
        yield _n._doc_sentence_at(self, i)


def _doc_tokens(self):
    """Iterator over all tokens of the document, in order (none before annotation).

    It walks the tokens of the annotation it started with: a re-annotation
    meanwhile (another thread) neither mixes in new tokens nor ends it early."""
    # A native iterator: one call into the C library per chunk of tokens
    # (rd_token_records), none per token (bindings/python/reader_py.i).
    return _n._token_walk(self)


def _doc_words(self):
    """Generator over all words of the document, in order (none before the
    pipeline's words stage): ビットコイン, 盗まれた (盗む, passive, past), ..."""
    for i in range(_n._doc_word_count(self)):
        yield _n._doc_word_at(self, i)


def _doc_repr(self) -> str:
    name = _n._doc_name(self)
    return (f"<libreader.Document{' ' + repr(name) if name else ''}: "
            f"{_n._doc_section_count(self)} sections, {_n._doc_sentence_count(self)} sentences, "
            f"{_n._doc_token_count(self)} tokens>")


def _doc_annotate(self, analyzer: Pipeline, *, threads: int | None = None) -> None:
    """Segment every sentence and give it tokens (lemma, part of speech,
    reading, furigana) with a :class:`Pipeline`'s (or :class:`Analyzer`'s)
    analyzer; ``pipeline.read_file()`` does this and the rest in one call.
    Annotating again replaces the tokens; tokens held from before stay
    valid. ``threads``: worker threads (None: the pipeline's setting).
    Releases the GIL: threads may annotate different documents with one
    shared pipeline."""
    if not isinstance(analyzer, _n.Pipeline):
        raise TypeError(f"annotate() needs a libreader.Pipeline or Analyzer, not {type(analyzer).__name__}")
    if threads is None:
        _n._pipeline_apply(analyzer, self, _n.ReadOptions(_STAGES["annotate"] | _STAGES["alternatives"]))
    else:
        _n._doc_annotate(self, _n._pipeline_analyzer(analyzer), operator.index(threads))


def _text_of(node):
    return node.text if node is not None else None


def _doc_reduce(self):
    # Pickled through the lossless XML (tokens, readings, summaries, glosses).
    return (from_xml, (self.to_xml(),))


def _prop(fget, doc):
    fget.__doc__ = doc
    return property(fget, doc=doc)


def _doc_sections(self):
    return NodeList(self, _n._doc_section_count, _n._doc_section_at)


def _doc_top_sections(self):
    return self.root.subsections


def _doc_title(self):
    return _text_of(_n._doc_title(self))


def _doc_headline(self):
    return _text_of(_n._doc_headline(self))


def _doc_title_node(self):
    return _n._doc_title(self)


def _doc_lead(self):
    return _n._doc_lead(self)


def _doc_name(self):
    return _n._doc_name(self)


def _doc_warnings(self):
    return [_n._doc_warning_at(self, i) for i in range(_n._doc_warning_count(self))]


def _doc_summary(self):
    t = _n._doc_title(self)
    return _n._node_summary(t) if t is not None else None


Document.sections = _prop(_doc_sections, "All sections in document order (1, 1.1, 1.2, 2, ..., afterword).")
Document.top_sections = _prop(_doc_top_sections, "The top-level sections.")
Document.section = _doc_section
Document.section_by_heading = _doc_section_by_heading
Document.get_section = _doc_get_section
Document.sentences = _doc_sentences
Document.tokens = _doc_tokens
Document.words = _doc_words
Document.title = _prop(_doc_title, "The title's text, or None.")
Document.headline = _prop(_doc_headline, "The headline's text, or None.")
Document.date = _prop(lambda self: _n._doc_date(self), "The publication date the source gave (HTML time/meta), or None.")
Document.byline = _prop(lambda self: _n._doc_byline(self), "The byline (author) the source gave (HTML, Aozora), or None.")
Document.title_node = _prop(_doc_title_node, "The title HEADING node, or None.")
Document.lead = _prop(_doc_lead, "The lead PARAGRAPH node, or None.")
Document.name = _prop(_doc_name, "The name given to parse() or the file path.")
Document.warnings = _prop(_doc_warnings, "Problems in the input that did not stop parsing, each 'line N: message'.")
Document.summary = _prop(_doc_summary, "The English summary of the title, or None.")
Document.annotate = _doc_annotate
Document.__repr__ = _doc_repr
Document.__reduce__ = _doc_reduce


def _write_options(furigana, known, gloss_known):
    if furigana == "all" and known is None and not gloss_known:
        return None
    f = _choose(_FURIGANA, "furigana setting", furigana)
    if known is not None and not isinstance(known, _n.KnownWords):
        known = KnownWords(known)
    return _n.WriteOptions(_n.WRITE_GLOSS_KNOWN if gloss_known else 0, f, known), known


def _render(self, fmt, furigana="all", known=None, gloss_known=False):
    o = _write_options(furigana, known, gloss_known)
    if o is None:
        return _n._doc_render(self, fmt)
    opts, keep = o  # keep: the known list must outlive the call
    out = _n._doc_render(self, fmt, opts)
    del keep
    return out


def _writer(what):
    fmt = _OUTPUTS[what]

    def write(self, *, furigana: str = "all", known=None, gloss_known: bool = False) -> str:
        return _render(self, fmt, furigana, known, gloss_known)
    write.__name__ = write.__qualname__ = "to_" + what
    write.__doc__ = (f"The document as {what} (a str). ``furigana``: 'all', 'unknown' (words not in "
                     f"``known``) or 'none'; ``known``: a KnownWords or an iterable of lemmas; "
                     f"``gloss_known``: gloss known words too.")
    return write


Document.to_xml = _writer("xml")
Document.to_json = _writer("json")
Document.to_html = _writer("html")
Document.to_vocab = _writer("vocab")


def _to_text(self, style: str = "text", *, furigana: str = "all", known=None) -> str:
    """The document as text: style 'text' (plain), 'brackets' (furigana
    in brackets, Anki style: 盗[ぬす]まれた), 'hiragana' or 'romaji'."""
    return _render(self, _choose(_TEXT, "text style", style), furigana, known, False)


Document.to_text = _to_text


class KnownWords(_n.KnownWords):
    """The learner's known words (lemmas): they get no furigana with
    ``furigana='unknown'`` and no gloss. Build from an iterable of lemmas,
    or load a file with :meth:`load` (one lemma per line, # comments)."""

    def __init__(self, words=()):
        super().__init__()
        for w in words:
            self.add(w)

    @classmethod
    def load(cls, path) -> "KnownWords":
        """Read a list from a file (UTF-8, one lemma per line)."""
        b = _fs(path)
        k = _with_path(_n._known_parse_file, b, b)
        k.__class__ = cls
        return k

    def add(self, lemma: str) -> None:
        """Add a lemma."""
        _n._known_add(self, lemma)

    def __contains__(self, lemma) -> bool:
        return isinstance(lemma, str) and _n._known_has(self, lemma)

    def __len__(self) -> int:
        return _n._known_count(self)

    def __repr__(self) -> str:
        return f"<libreader.KnownWords {len(self)} lemmas>"


PairingItem = namedtuple("PairingItem", "kind element section_id heading node line message")


class PairingReport:
    """What loading a summaries file paired: ``paired`` (count) and
    ``items`` (unpaired nodes, mismatches, ...), each with a message."""

    def __init__(self, rep):
        self.paired = _n._pairing_paired_count(rep)
        self.items = []
        for i in range(_n._pairing_item_count(rep)):
            it = _n._pairing_item_at(rep, i)
            self.items.append(PairingItem(it.kind, it.element, it.section_id, it.heading, it.node,
                                          it.line, it.message))

    def __repr__(self) -> str:
        return f"<libreader.PairingReport paired={self.paired} items={len(self.items)}>"


def _summaries_flags(lenient, keep):
    return (_n.SUMMARIES_LENIENT if lenient else 0) | (_n.SUMMARIES_KEEP if keep else 0)


def _load_summaries(self, source, *, lenient: bool = False, keep: bool = False) -> PairingReport:
    """Attach English summaries from a summaries XML file (a path) and
    return the pairing report. ``lenient``: attach what pairs instead of
    refusing the file; ``keep``: keep summaries the file does not cover.
    All or nothing: on failure (:class:`XmlError`, :class:`NotFoundError`,
    ...) nothing is attached."""
    b = _fs(source)
    return PairingReport(_with_path(_n._doc_load_summaries_file, b, self, b, _summaries_flags(lenient, keep)))


def _load_summaries_string(self, xml: str, *, lenient: bool = False, keep: bool = False) -> PairingReport:
    """The same as :meth:`load_summaries`, from a string of XML."""
    return PairingReport(_n._doc_load_summaries(self, xml, _summaries_flags(lenient, keep)))


Document.load_summaries = _load_summaries
Document.load_summaries_string = _load_summaries_string

GlossEntry = namedtuple("GlossEntry", "word reading glosses tags common")
GlossEntry.__doc__ = "One EDICT entry: headword, kana reading, English glosses, tags, common (P)."


class Glossary(_n.Glossary):
    """English glosses from EDICT (Debian package ``edict``), loaded once
    with a binary cache. ``path`` None: /usr/share/edict/edict.
    ``cache_dir`` None: $XDG_CACHE_HOME/libreader; ``cache=False``: no
    cache; ``rebuild=True``: write a fresh cache."""

    def __init__(self, path=None, *, cache_dir=None, cache: bool = True, rebuild: bool = False):
        flags = (0 if cache else _n.GLOSSARY_NO_CACHE) | (_n.GLOSSARY_REBUILD_CACHE if rebuild else 0)
        b = _fs(path)
        _with_path(super().__init__, b, b, _fs(cache_dir), flags)

    def __len__(self) -> int:
        return _n._glossary_entry_count(self)

    @property
    def from_cache(self) -> bool:
        """Whether the index was loaded from the binary cache."""
        return _n._glossary_from_cache(self)

    def lookup(self, word: str, reading: str | None = None) -> list:
        """Entries for a dictionary form (a token's lemma), headword
        matches and common entries first; ``reading`` chooses between
        homographs. A list of :class:`GlossEntry` (empty if none)."""
        r = _n._glossary_lookup(self, word, reading)
        out = []
        for i in range(_n._gloss_result_count(r)):
            e = _n._gloss_result_at(r, i)
            out.append(GlossEntry(
                _n._gloss_entry_word(e), _n._gloss_entry_reading(e),
                [_n._gloss_entry_gloss_at(e, j) for j in range(_n._gloss_entry_gloss_count(e))],
                [_n._gloss_entry_tag_at(e, j) for j in range(_n._gloss_entry_tag_count(e))],
                _n._gloss_entry_is_common(e)))
        return out

    def __repr__(self) -> str:
        return f"<libreader.Glossary {len(self)} entries>"


def _doc_gloss(self, glossary) -> None:
    """Attach English glosses to every token (by lemma and reading);
    read them with ``token.glosses``. The glossary may be dropped after."""
    _n._doc_gloss(self, glossary)


Document.gloss = _doc_gloss


def kana(text: str, script: str = "hiragana") -> str:
    """Convert kana in ``text`` to 'hiragana', 'katakana' or 'romaji';
    other characters pass through."""
    fn = {"hiragana": _n._kana_to_hiragana, "katakana": _n._kana_to_katakana,
          "romaji": _n._kana_to_romaji}.get(script)
    if fn is None:
        raise InvalidArgument(f"unknown script {script!r}; use one of {', '.join(_SCRIPTS)}")
    return fn(text)


# ---- nodes ----------------------------------------------------------------------
# One class per kind. The C layer gives every node it returns its kind's
# class (registered below), so isinstance(t, Token) holds and type checkers
# know that a token's surface is a str.

# SWIG's ownership flag is the wrappers' business, not a script's.
for _cls in (_n.Node, _n.Document):
    if "thisown" in _cls.__dict__:
        delattr(_cls, "thisown")


def _sentences_under(node):
    kind = node.kind
    if kind == "sentence":
        yield node
    elif kind in ("heading", "paragraph", "question"):
        yield from node.sentences
    elif kind == "token":
        return
    else:
        for c in node.children:
            yield from _sentences_under(c)


class Node(_n.Node):
    """Any node of a document: the base of :class:`Section`,
    :class:`Paragraph`, :class:`Sentence`, :class:`Token`, ... Iterating
    gives the children; ``len()`` and indexing work on them. A node keeps
    its document alive."""

    def __init__(self, *args, **kwargs):
        raise TypeError("nodes come from a Document (parse(), Pipeline.read_file())")

    @property
    def children(self) -> NodeList:
        """Child nodes, in order."""
        return NodeList(self, _n._node_child_count, _n._node_child_at)

    @property
    def next(self):
        """The next sibling, or None."""
        return _n._node_next(self)

    @property
    def prev(self):
        """The previous sibling, or None."""
        return _n._node_prev(self)

    @property
    def references(self):
        """The REFERENCES list that citations inside this node resolve against."""
        return _n._node_references(self)

    def all_sentences(self):
        """Generator over every sentence under this node (headings included), in order."""
        return _sentences_under(self)

    def all_tokens(self):
        """Generator over every token under this node, in order."""
        for s in _sentences_under(self):
            yield from s.tokens

    def to_kana(self, script: str = "hiragana") -> str:
        """The node's text (token, sentence, block, section or the root)
        from its tokens' readings, in 'hiragana', 'katakana' or 'romaji'
        (Hepburn, words separated by spaces). Raises InvalidArgument before
        annotation."""
        return _n._node_to_kana(self, _choose(_SCRIPTS, "script", script))

    @property
    def romaji(self) -> str:
        """Hepburn romaji of the node's reading (annotated documents)."""
        return _n._node_to_kana(self, _SCRIPTS["romaji"])

    def __iter__(self):
        return iter(self.children)

    def __len__(self) -> int:
        return _n._node_child_count(self)

    def __getitem__(self, i):
        return self.children[i]

    def __bool__(self) -> bool:
        return True

    def __eq__(self, other) -> bool:
        return isinstance(other, _n.Node) and self._same(other)

    def __ne__(self, other) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._address())

    def __str__(self) -> str:
        return self.text or self.heading or ""

    def __repr__(self) -> str:
        kind = self.kind
        text = self.text
        if text is not None:
            short = text if len(text) <= 20 else text[:20] + "…"
            return f"<{kind.capitalize()} {short!r}>"
        return f"<{kind.capitalize()}>"

    def __reduce__(self):
        raise TypeError(f"a {type(self).__name__} does not pickle alone: pickle its Document")


class _Block(Node):
    @property
    def sentences(self) -> NodeList:
        """Sentences of this heading, paragraph or question."""
        return NodeList(self, _n._block_sentence_count, _n._block_sentence_at)


class _Sections(Node):
    @property
    def subsections(self) -> NodeList:
        """Direct subsections (top-level sections for the root)."""
        return NodeList(self, _n._section_subsection_count, _n._section_subsection_at)


class Root(_Sections):
    """The DOCUMENT node: the root of the tree (``doc.root``)."""


class Section(_Sections):
    """A numbered section, subsection or the afterword: ``id``, ``heading``,
    ``level``, ``paragraphs``, ``subsections``."""

    @property
    def paragraphs(self) -> NodeList:
        """PARAGRAPH and QUESTION children of this section, not those of subsections."""
        return NodeList(self, _n._section_paragraph_count, _n._section_paragraph_at)

    @property
    def heading_node(self):
        """The section's HEADING node."""
        return _n._section_heading(self)

    @property
    def question(self):
        """The QUESTION of an afterword, or None."""
        return _n._section_question(self)

    @property
    def synthesized(self) -> bool:
        """Whether the section was made from the table of contents."""
        return _n._section_is_synthesized(self)

    @property
    def afterword(self) -> bool:
        """Whether the section is the afterword (あとがき)."""
        return _n._section_is_afterword(self)

    def __repr__(self) -> str:
        return f"<Section {self.id} {self.heading!r}>"


class Heading(_Block):
    """The title, the headline or a section's heading."""


class Paragraph(_Block):
    """A paragraph (the lead is one too)."""


class Question(_Block):
    """The afterword's follow-up question."""


class Sentence(Node):
    """One sentence: ``tokens`` (after annotation) and ``citations``."""

    @property
    def sentences(self) -> NodeList:
        """This sentence alone (so every block answers ``sentences``)."""
        return NodeList(self, lambda n: 1, lambda n, i: n)

    @property
    def tokens(self) -> NodeList:
        """Tokens of the sentence (empty before annotation)."""
        return _SentenceTokens(self, _n._sentence_token_count, _n._sentence_token_at)

    @property
    def citations(self) -> NodeList:
        """Citation markers ([n]) of the sentence; each has .number and .url."""
        return NodeList(self, _n._sentence_citation_count, _n._sentence_citation_at)


    @property
    def words(self) -> NodeList:
        """Words of the sentence (empty before the words stage)."""
        return NodeList(self, _n._sentence_word_count, _n._sentence_word_at)


class References(Node):
    """A numbered list of sources ("Citations:")."""


class Reference(Node):
    """One numbered source: ``number`` and ``url``."""

    def __repr__(self) -> str:
        return f"<Reference [{self.number}] {self.url}>"


class Citation(Node):
    """An inline [n] marker; ``target`` is the REFERENCE it resolves to."""

    @property
    def target(self):
        """The REFERENCE this citation resolves to, or None."""
        return _n._citation_target(self)

    def __repr__(self) -> str:
        return f"<Citation [{self.number}] {self.url}>"


class Token(_TokenBase, Node):
    """One word after annotation: ``surface``, ``lemma``, ``pos``,
    ``reading``, ``furigana``, ``glosses``, ...

    The first base is native (bindings/python/reader_py.i): it holds the
    token and its document and answers ``surface``, ``text``, ``reading``,
    ``lemma``, ``pos``, ``start``, ``end``, ``flags`` and ``kind`` itself,
    so a walk over every token makes no SWIG call per attribute."""

    @property
    def unknown(self) -> bool:
        """Whether the token is not in the dictionary."""
        return bool(self.flags & _n.TOKEN_UNKNOWN)

    @property
    def kanji(self) -> bool:
        """Whether the token has a kanji."""
        return bool(self.flags & _n.TOKEN_KANJI)

    @property
    def furigana(self) -> list:
        """Furigana segments of the token: a list of :class:`Furigana`."""
        s = self.surface
        out = []
        for i in range(self._furigana_count()):
            a, b = self._furigana_start(i), self._furigana_end(i)
            out.append(Furigana(s[a:b], self._furigana_reading(i), a, b))
        return out

    @property
    def glosses(self) -> list:
        """English glosses of the token (after glossing)."""
        return [_n._token_gloss_at(self, i) for i in range(_n._token_gloss_count(self))]

    @property
    def alternatives(self) -> list:
        """Other readings of a heteronym here, most likely first: a list
        of ``(reading, confidence)``; empty when the reading is not in doubt."""
        return [(self._alternative_reading(i), self._alternative_confidence(i))
                for i in range(_n._token_alternative_count(self))]

    @property
    def reading_confidence(self) -> float:
        """Share of ``reading`` among the readings considered (1.0 when
        the token has no alternatives)."""
        return _n._token_reading_confidence(self)

    @property
    def uncertain(self) -> bool:
        """Whether the token has alternative readings."""
        return bool(self.flags & _n.TOKEN_UNCERTAIN)

    @property
    def index(self) -> int:
        """Index of the token in the document."""
        return _n._token_index(self)

    def __repr__(self) -> str:
        return f"<Token {self.surface!r} {self.lemma}/{self.pos_class}>"


_KIND_CLASSES = {"document": Root, "section": Section, "heading": Heading, "paragraph": Paragraph,
                 "sentence": Sentence, "question": Question, "references": References, "reference": Reference,
                 "citation": Citation, "token": Token}
_by_value = [None] * (max(_KINDS.values()) + 1)
for _name, _value in _KINDS.items():
    _by_value[_value] = _KIND_CLASSES.get(_name, Node)
_n._set_node_classes(_by_value)
del _cls, _name, _value, _by_value


# ---- words ---------------------------------------------------------------------
# A Word is a span of a sentence's tokens (reader/word.h); the wrapper keeps
# its document alive (reader.i), so a word outlives the Document object.
Word = _n.Word


def _word_tokens(self) -> NodeList:
    """The word's tokens, in order (furigana and offsets live there)."""
    return NodeList(self, _n._word_token_count, _n._word_token_at)


def _word_glosses(self) -> list:
    """English glosses of the word, the right sense first."""
    return [_n._word_gloss_at(self, i) for i in range(_n._word_gloss_count(self))]


def _word_inflections(self) -> list:
    """The inflection steps in order (["passive", "past"]); [] in the dictionary form."""
    return [_n._word_inflection_at(self, i) for i in range(_n._word_inflection_count(self))]


def _word_sentence(self):
    """The Sentence the word belongs to."""
    return _n._word_sentence(self)


def _word_pos_class(self) -> str:
    """Coarse part of speech ("verb", "noun", "number", ...)."""
    return _n._pos_name(_n._word_pos_class(self))


def _word_repr(self) -> str:
    infl = self.inflection
    return f"<Word {self.surface!r} {self.lemma}" + (f" ({infl})" if infl else "") + ">"


def _word_eq(self, other) -> bool:
    return isinstance(other, _n.Word) and self._same(other)


Word.tokens = property(_word_tokens)
Word.glosses = property(_word_glosses)
Word.inflections = property(_word_inflections)
Word.sentence = property(_word_sentence)
Word.pos_class = property(_word_pos_class)
Word.__repr__ = _word_repr
Word.__eq__ = _word_eq
Word.__hash__ = None
