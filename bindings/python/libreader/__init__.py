"""libreader: Japanese news articles as documents a learner can read and a
program can query.

    >>> import libreader
    >>> doc = libreader.parse_file("corpus/dmm-bitcoin-2024/article.ja.txt")
    >>> [s.id for s in doc.sections][:3]
    ['1', '1.1', '1.2']
    >>> doc.annotate(libreader.Analyzer())
    >>> t = next(doc.tokens())
    >>> doc.text[t.start:t.end] == t.surface
    True

Every node (section, paragraph, sentence, token, citation) keeps its document
alive, so a token may outlive the ``Document`` object it came from.
Failures raise subclasses of :class:`libreader.Error` carrying the C
library's message. Parsing, annotating and writing release the GIL.
"""

from __future__ import annotations

import operator
import os
from collections import namedtuple
from collections.abc import Sequence

from . import native as _n
from .native import Document, Node, ParseOptions
from ._native import (Error, EncodingError, InvalidArgument, AnalyzerError, XmlError, FileError,
                     NotFoundError)

__all__ = [
    "parse", "parse_file", "version", "Document", "Node", "NodeList", "Furigana",
    "Error", "EncodingError", "InvalidArgument", "AnalyzerError", "XmlError", "FileError",
    "NotFoundError",
]

__version__ = _n._version()


def version() -> str:
    """The C library's version ("MAJOR.MINOR.PATCH")."""
    return _n._version()


# ---- sequences ----------------------------------------------------------------

class NodeList(Sequence):
    """A live, read-only sequence of nodes: ``len()``, indexing (negative
    indices too), slicing (a list) and iteration. Built on the C library's
    count/at pairs, so nothing is copied until an item is asked for."""

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


Furigana = namedtuple("Furigana", "base reading start end")
Furigana.__doc__ = """One furigana segment of a token: ``reading`` goes over ``base``, which is
``token.surface[start:end]`` (code points). Kana around it stay plain."""


def _path(p):
    return None if p is None else os.fsdecode(p)


# ---- parsing ------------------------------------------------------------------

_FORMATS = {None: _n.FORMAT_AUTO, "auto": _n.FORMAT_AUTO, "text": _n.FORMAT_TEXT, "html": _n.FORMAT_HTML,
            "xml": _n.FORMAT_XML, "lines": _n.FORMAT_LINES}


def _options(format, front_matter, name):
    try:
        fmt = _FORMATS[format]
    except KeyError:
        raise InvalidArgument(f"unknown format {format!r}; use one of auto, text, html, xml, lines") from None
    flags = 0 if front_matter else _n.PARSE_NO_FRONT_MATTER
    if fmt == _n.FORMAT_AUTO and flags == 0 and name is None:
        return None
    return ParseOptions(fmt, flags, name)


def parse(text, *, format: str | None = None, name: str | None = None,
          front_matter: bool = True) -> Document:
    """Parse an article (``str``, or UTF-8 ``bytes``) into a :class:`Document`.

    ``format``: "text" (default for str input), "html", "xml" or "lines";
    ``name`` names the input in error messages; ``front_matter=False`` stops
    the text reader from looking for a title, headline and lead.
    Raises :class:`EncodingError` (invalid UTF-8, NUL byte; ``offset`` and
    ``line`` say where), :class:`XmlError`, :class:`InvalidArgument`; a lone
    surrogate in a ``str`` raises ``UnicodeEncodeError``."""
    opts = _options(format, front_matter, name)
    return _n._doc_parse(text, opts) if opts is not None else _n._doc_parse(text)


def parse_file(path, *, format: str | None = None, front_matter: bool = True) -> Document:
    """Read and parse a file; the format comes from its extension (.html,
    .htm, .xml, else text) unless ``format`` says otherwise. Raises
    :class:`FileError` (also an ``OSError``) when it cannot be read, and the
    errors of :func:`parse`, whose messages name the file."""
    opts = _options(format, front_matter, None)
    path = os.fsdecode(path)
    return _n._doc_parse_file(path, opts) if opts is not None else _n._doc_parse_file(path)


# ---- documents ------------------------------------------------------------------

def _doc_section(self, id: str) -> Node:
    s = _n._doc_section(self, id)
    if s is None:
        raise NotFoundError(f"no section {id!r}")
    return s


def _doc_section_by_heading(self, heading: str) -> Node:
    s = _n._doc_section_by_heading(self, heading)
    if s is None:
        raise NotFoundError(f"no section with heading {heading!r}")
    return s


def _doc_sentences(self):
    for i in range(_n._doc_sentence_count(self)):
        yield _n._doc_sentence_at(self, i)


def _doc_tokens(self):
    for i in range(_n._doc_token_count(self)):
        yield _n._doc_token_at(self, i)


def _doc_repr(self) -> str:
    name = _n._doc_name(self)
    return (f"<libreader.Document{' ' + repr(name) if name else ''}: "
            f"{_n._doc_section_count(self)} sections, {_n._doc_sentence_count(self)} sentences, "
            f"{_n._doc_token_count(self)} tokens>")


def _text_of(node):
    return node.text if node is not None else None


Document.sections = property(lambda self: NodeList(self, _n._doc_section_count, _n._doc_section_at),
                             doc="All sections in document order (1, 1.1, 1.2, 2, ..., afterword).")
Document.top_sections = property(lambda self: self.root.subsections, doc="The top-level sections.")
Document.section = _doc_section
_doc_section.__doc__ = """The section with this id path ("4.1", "afterword"); raises
:class:`NotFoundError` (a ``KeyError``) if there is none."""
Document.section_by_heading = _doc_section_by_heading
_doc_section_by_heading.__doc__ = """The section whose heading matches after NFKC normalisation with white
space removed ("1.事件の概要", "事件 の概要"); raises :class:`NotFoundError`."""
Document.get_section = lambda self, id, default=None: _n._doc_section(self, id) or default
Document.sentences = _doc_sentences
_doc_sentences.__doc__ = "Generator over all sentences of the document, in order."
Document.tokens = _doc_tokens
_doc_tokens.__doc__ = "Generator over all tokens of the document, in order (none before annotate())."
Document.title = property(lambda self: _text_of(_n._doc_title(self)), doc="The title's text, or None.")
Document.headline = property(lambda self: _text_of(_n._doc_headline(self)), doc="The headline's text, or None.")
Document.title_node = property(lambda self: _n._doc_title(self), doc="The title HEADING node, or None.")
Document.lead = property(lambda self: _n._doc_lead(self), doc="The lead PARAGRAPH node, or None.")
Document.name = property(lambda self: _n._doc_name(self), doc="The name given to parse() or the file path.")
Document.warnings = property(
    lambda self: [_n._doc_warning_at(self, i) for i in range(_n._doc_warning_count(self))],
    doc="Problems in the input that did not stop parsing, each 'line N: message'.")
Document.__repr__ = _doc_repr

if hasattr(_n, "Analyzer"):
    class Analyzer(_n.Analyzer):
        """A MeCab model with libreader's reading rules, loaded once and shared
        by any number of threads.

        ``dictionary``: a MeCab dictionary directory (None: the system one);
        ``user_dictionary``: a compiled user dictionary (.dic); ``overrides``:
        a TSV file of reading overrides (``surface<TAB>reading``);
        ``stub=True``: the deterministic test backend (no dictionary);
        ``nippon=True``: 日本 reads にっぽん; ``rules=False``: keep MeCab's
        readings. Raises :class:`AnalyzerError`, :class:`FileError` or
        :class:`InvalidArgument` with the C library's message."""

        def __init__(self, dictionary=None, user_dictionary=None, overrides=None, *,
                     stub: bool = False, nippon: bool = False, rules: bool = True):
            flags = ((_n.ANALYZER_STUB if stub else 0) | (_n.ANALYZER_NIPPON if nippon else 0)
                     | (0 if rules else _n.ANALYZER_NO_RULES))
            super().__init__(_path(dictionary), _path(user_dictionary), _path(overrides), flags)

        def __repr__(self) -> str:
            return f"<libreader.Analyzer {self.dictionary_name}>"

    def _doc_annotate(self, analyzer, *, threads: int = 0) -> None:
        """Segment every sentence and give it tokens (lemma, part of speech,
        reading, furigana). Annotating again replaces the tokens; tokens held
        from before stay valid. Releases the GIL: threads may annotate
        different documents with one shared analyzer."""
        if threads:
            _n._doc_annotate(self, analyzer, threads)
        else:
            _n._doc_annotate(self, analyzer)

    Document.annotate = _doc_annotate
    __all__.append("Analyzer")

if hasattr(_n, "_doc_render"):
    _FURIGANA = {"all": _n.FURIGANA_ALL, "unknown": _n.FURIGANA_UNKNOWN, "none": _n.FURIGANA_NONE}

    def _write_options(furigana, known, gloss_known):
        if furigana == "all" and known is None and not gloss_known:
            return None
        try:
            f = _FURIGANA[furigana]
        except KeyError:
            raise InvalidArgument(f"unknown furigana setting {furigana!r}; use all, unknown or none") from None
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

    def _writer(fmt, what):
        def write(self, *, furigana: str = "all", known=None, gloss_known: bool = False) -> str:
            return _render(self, fmt, furigana, known, gloss_known)
        write.__name__ = "to_" + what
        write.__doc__ = (f"The document as {what} (a str). ``furigana``: 'all', 'unknown' (words not in "
                         f"``known``) or 'none'; ``known``: a KnownWords or an iterable of lemmas; "
                         f"``gloss_known``: gloss known words too.")
        return write

    Document.to_xml = _writer(_n.OUTPUT_XML, "xml")
    Document.to_json = _writer(_n.OUTPUT_JSON, "json")
    Document.to_html = _writer(_n.OUTPUT_HTML, "html")
    Document.to_vocab = _writer(_n.OUTPUT_VOCAB, "vocab")

    _TEXT = {"text": _n.OUTPUT_TEXT, "plain": _n.OUTPUT_TEXT, "brackets": _n.OUTPUT_BRACKETS,
             "hiragana": _n.OUTPUT_HIRAGANA, "romaji": _n.OUTPUT_ROMAJI}

    def _to_text(self, style: str = "text", *, furigana: str = "all", known=None) -> str:
        """The document as text: style 'text' (plain), 'brackets' (furigana
        in brackets, Anki style: 盗[ぬす]まれた), 'hiragana' or 'romaji'."""
        try:
            fmt = _TEXT[style]
        except KeyError:
            raise InvalidArgument(f"unknown text style {style!r}; use text, brackets, hiragana or romaji") from None
        return _render(self, fmt, furigana, known, False)

    Document.to_text = _to_text

if hasattr(_n, "KnownWords"):
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
            k = _n._known_load(os.fsdecode(path))
            k.__class__ = cls
            return k

        def add(self, lemma: str) -> None:
            _n._known_add(self, lemma)

        def __contains__(self, lemma) -> bool:
            return isinstance(lemma, str) and _n._known_has(self, lemma)

        def __len__(self) -> int:
            return _n._known_count(self)

        def __repr__(self) -> str:
            return f"<libreader.KnownWords {len(self)} lemmas>"

    __all__.append("KnownWords")

if hasattr(_n, "_doc_load_summaries"):
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

    def _load_summaries(self, source, *, lenient: bool = False, keep: bool = False) -> PairingReport:
        """Attach English summaries from a summaries XML file (a path) and
        return the pairing report. ``lenient``: attach what pairs instead of
        refusing the file; ``keep``: keep summaries the file does not cover.
        All or nothing: on failure (:class:`XmlError`, :class:`NotFoundError`,
        ...) nothing is attached."""
        flags = (_n.SUMMARIES_LENIENT if lenient else 0) | (_n.SUMMARIES_KEEP if keep else 0)
        rep = _n._doc_load_summaries(self, os.fsdecode(source), flags)
        return PairingReport(rep)

    def _load_summaries_string(self, xml: str, *, lenient: bool = False, keep: bool = False) -> PairingReport:
        """The same as :meth:`load_summaries`, from a string of XML."""
        flags = (_n.SUMMARIES_LENIENT if lenient else 0) | (_n.SUMMARIES_KEEP if keep else 0)
        return PairingReport(_n._doc_load_summaries_memory(self, xml, flags))

    __all__ += ["PairingReport", "PairingItem"]
    Document.load_summaries = _load_summaries
    Document.load_summaries_string = _load_summaries_string
    Document.summary = property(lambda self: _n._node_summary(_n._doc_title(self)) if _n._doc_title(self) else None,
                                doc="The English summary of the title, or None.")


if hasattr(_n, "Glossary"):
    GlossEntry = namedtuple("GlossEntry", "word reading glosses tags common")
    GlossEntry.__doc__ = "One EDICT entry: headword, kana reading, English glosses, tags, common (P)."

    class Glossary(_n.Glossary):
        """English glosses from EDICT (Debian package ``edict``), loaded once
        with a binary cache. ``path`` None: /usr/share/edict/edict.
        ``cache_dir`` None: $XDG_CACHE_HOME/libreader; ``cache=False``: no
        cache; ``rebuild=True``: write a fresh cache."""

        def __init__(self, path=None, *, cache_dir=None, cache: bool = True, rebuild: bool = False):
            flags = (0 if cache else _n.GLOSSARY_NO_CACHE) | (_n.GLOSSARY_REBUILD_CACHE if rebuild else 0)
            super().__init__(_path(path), _path(cache_dir), flags)

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
    __all__ += ["Glossary", "GlossEntry"]

if hasattr(_n, "_node_to_kana"):
    _SCRIPTS = {"hiragana": _n.SCRIPT_HIRAGANA, "katakana": _n.SCRIPT_KATAKANA, "romaji": _n.SCRIPT_ROMAJI}

    def _node_to_kana(self, script: str = "hiragana") -> str:
        """The node's text (token, sentence, block, section or the root)
        from its tokens' readings, in 'hiragana', 'katakana' or 'romaji'
        (Hepburn, words separated by spaces). Raises InvalidArgument before
        annotation."""
        try:
            sc = _SCRIPTS[script]
        except KeyError:
            raise InvalidArgument(f"unknown script {script!r}; use hiragana, katakana or romaji") from None
        return _n._node_to_kana(self, sc)

    def _kana_convert(text: str, script: str = "hiragana") -> str:
        """Convert kana in ``text`` to 'hiragana', 'katakana' or 'romaji';
        other characters pass through."""
        fn = {"hiragana": _n._kana_to_hiragana, "katakana": _n._kana_to_katakana,
              "romaji": _n._kana_to_romaji}.get(script)
        if fn is None:
            raise InvalidArgument(f"unknown script {script!r}; use hiragana, katakana or romaji")
        return fn(text)

    kana = _kana_convert
    __all__.append("kana")


# ---- nodes ----------------------------------------------------------------------

def _node_list(count, at, doc):
    return property(lambda self: NodeList(self, count, at), doc=doc)


def _node_repr(self) -> str:
    kind = self.kind
    if kind == "section":
        return f"<Section {self.id} {self.heading!r}>"
    if kind == "token":
        return f"<Token {self.surface!r} {self.lemma}/{self.pos_class}>"
    if kind in ("citation", "reference"):
        return f"<{kind.capitalize()} [{self.number}] {self.url}>"
    text = self.text
    if text is not None:
        short = text if len(text) <= 20 else text[:20] + "…"
        return f"<{kind.capitalize()} {short!r}>"
    return f"<{kind.capitalize()}>"


def _node_furigana(self):
    s = self.surface
    out = []
    for i in range(self._furigana_count()):
        a, b = self._furigana_start(i), self._furigana_end(i)
        out.append(Furigana(s[a:b], self._furigana_reading(i), a, b))
    return out


def _node_sentences(self):
    if self.kind == "sentence":
        return NodeList(self, lambda n: 1, lambda n, i: n)
    return NodeList(self, _n._block_sentence_count, _n._block_sentence_at)


def _node_getitem(self, i):
    return NodeList(self, _n._node_child_count, _n._node_child_at)[i]


Node.children = _node_list(_n._node_child_count, _n._node_child_at, "Child nodes, in order.")
Node.subsections = _node_list(_n._section_subsection_count, _n._section_subsection_at,
                              "Direct subsections of a section (top-level sections for the root).")
Node.paragraphs = _node_list(_n._section_paragraph_count, _n._section_paragraph_at,
                             "PARAGRAPH and QUESTION children of a section, not those of subsections.")
Node.sentences = property(_node_sentences, doc="Sentences of a heading, paragraph or question.")
Node.tokens = _node_list(_n._sentence_token_count, _n._sentence_token_at,
                         "Tokens of a sentence (empty before annotate()).")
Node.citations = _node_list(_n._sentence_citation_count, _n._sentence_citation_at,
                            "Citation markers ([n]) of a sentence; each has .number and .url.")
Node.heading_node = property(lambda self: _n._section_heading(self), doc="The HEADING node of a section.")
Node.question = property(lambda self: _n._section_question(self), doc="The QUESTION of an afterword, or None.")
Node.references = property(lambda self: _n._node_references(self),
                           doc="The REFERENCES list that citations inside this node resolve against.")
Node.target = property(lambda self: _n._citation_target(self), doc="The REFERENCE a citation resolves to.")
Node.synthesized = property(lambda self: _n._section_is_synthesized(self),
                            doc="Whether the section was made from the table of contents.")
Node.afterword = property(lambda self: _n._section_is_afterword(self),
                          doc="Whether the section is the afterword (あとがき).")
Node.unknown = property(lambda self: bool(self.flags & _n.TOKEN_UNKNOWN),
                        doc="Whether the token is not in the dictionary.")
Node.kanji = property(lambda self: bool(self.flags & _n.TOKEN_KANJI), doc="Whether the token has a kanji.")
Node.furigana = property(_node_furigana, doc="Furigana segments of a token: a list of Furigana.")
Node.glosses = property(lambda self: [_n._token_gloss_at(self, i) for i in range(_n._token_gloss_count(self))],
                        doc="English glosses of a token (after glossing).")
Node.index = property(lambda self: _n._token_index(self), doc="Index of a token in the document.")
Node.next = property(lambda self: _n._node_next(self), doc="The next sibling, or None.")
Node.prev = property(lambda self: _n._node_prev(self), doc="The previous sibling, or None.")
if hasattr(_n, "_node_to_kana"):
    Node.to_kana = _node_to_kana
    Node.romaji = property(lambda self: _n._node_to_kana(self, _n.SCRIPT_ROMAJI) if self.kind == "token" else
                           _node_to_kana(self, "romaji"),
                           doc="Hepburn romaji of the node's reading (annotated documents).")
Node.__iter__ = lambda self: iter(NodeList(self, _n._node_child_count, _n._node_child_at))
Node.__len__ = lambda self: _n._node_child_count(self)
Node.__getitem__ = _node_getitem
Node.__bool__ = lambda self: True
Node.__repr__ = _node_repr
Node.__str__ = lambda self: self.text or self.heading or ""
Node.__eq__ = lambda self, other: isinstance(other, Node) and self._same(other)
Node.__ne__ = lambda self, other: not (isinstance(other, Node) and self._same(other))
Node.__hash__ = lambda self: hash(self._address())


def _node_tokens_all(self):
    """Generator over every token under this node, in order."""
    for s in _sentences_under(self):
        yield from s.tokens


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


Node.all_sentences = lambda self: _sentences_under(self)
Node.all_sentences.__doc__ = "Generator over every sentence under this node (headings included), in order."
Node.all_tokens = _node_tokens_all
