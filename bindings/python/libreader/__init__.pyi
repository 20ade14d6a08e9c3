# Type stubs of the libreader package (hand-written; keep in step with
# __init__.py and bindings/reader.i).
import os
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, overload

_Path = str | bytes | os.PathLike[str] | os.PathLike[bytes]

__version__: str

class Error(Exception):
    code: int
    offset: int
    line: int

class EncodingError(Error, UnicodeError): ...
class InvalidArgument(Error, ValueError): ...
class AnalyzerError(Error): ...
class XmlError(Error): ...
class FileError(Error, OSError): ...
class NotFoundError(Error, KeyError): ...

class Furigana(NamedTuple):
    base: str
    reading: str
    start: int
    end: int

class NodeList(Sequence[Node]):
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, i: int) -> Node: ...
    @overload
    def __getitem__(self, i: slice) -> list[Node]: ...
    def __iter__(self) -> Iterator[Node]: ...

class Node:
    kind: str
    text: str | None
    start: int
    end: int
    id: str | None
    heading: str | None
    surface: str | None
    lemma: str | None
    pos: str | None
    pos_class: str | None
    inflection: str | None
    reading: str | None
    pronunciation: str | None
    original_reading: str | None
    rule: str | None
    flags: int
    number: int
    url: str | None
    line: int
    level: int
    doc: Document
    parent: Node | None
    summary: str | None
    children: NodeList
    subsections: NodeList
    paragraphs: NodeList
    sentences: NodeList
    tokens: NodeList
    citations: NodeList
    heading_node: Node | None
    question: Node | None
    references: Node | None
    target: Node | None
    synthesized: bool
    afterword: bool
    unknown: bool
    kanji: bool
    furigana: list[Furigana]
    glosses: list[str]
    romaji: str
    index: int
    next: Node | None
    prev: Node | None
    def to_kana(self, script: str = ...) -> str: ...
    def all_sentences(self) -> Iterator[Node]: ...
    def all_tokens(self) -> Iterator[Node]: ...
    def __iter__(self) -> Iterator[Node]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> Node: ...
    def __hash__(self) -> int: ...

class PairingItem(NamedTuple):
    kind: int
    element: str
    section_id: str | None
    heading: str | None
    node: Node | None
    line: int
    message: str

class PairingReport:
    paired: int
    items: list[PairingItem]

class KnownWords:
    def __init__(self, words: Iterable[str] = ...) -> None: ...
    @classmethod
    def load(cls, path: _Path) -> KnownWords: ...
    def add(self, lemma: str) -> None: ...
    def __contains__(self, lemma: object) -> bool: ...
    def __len__(self) -> int: ...

class Document:
    text: str
    root: Node
    name: str | None
    title: str | None
    headline: str | None
    title_node: Node | None
    lead: Node | None
    summary: str | None
    sections: NodeList
    top_sections: NodeList
    warnings: list[str]
    def section(self, id: str) -> Node: ...
    def get_section(self, id: str, default: Node | None = ...) -> Node | None: ...
    def section_by_heading(self, heading: str) -> Node: ...
    def sentences(self) -> Iterator[Node]: ...
    def tokens(self) -> Iterator[Node]: ...
    def annotate(self, analyzer: Analyzer, *, threads: int = ...) -> None: ...
    def gloss(self, glossary: Glossary) -> None: ...
    def load_summaries(self, source: _Path, *, lenient: bool = ..., keep: bool = ...) -> PairingReport: ...
    def load_summaries_string(self, xml: str, *, lenient: bool = ..., keep: bool = ...) -> PairingReport: ...
    def to_xml(self, *, furigana: str = ..., known: KnownWords | Iterable[str] | None = ...,
               gloss_known: bool = ...) -> str: ...
    def to_json(self, *, furigana: str = ..., known: KnownWords | Iterable[str] | None = ...,
                gloss_known: bool = ...) -> str: ...
    def to_html(self, *, furigana: str = ..., known: KnownWords | Iterable[str] | None = ...,
                gloss_known: bool = ...) -> str: ...
    def to_vocab(self, *, furigana: str = ..., known: KnownWords | Iterable[str] | None = ...,
                 gloss_known: bool = ...) -> str: ...
    def to_text(self, style: str = ..., *, furigana: str = ...,
                known: KnownWords | Iterable[str] | None = ...) -> str: ...

class Analyzer:
    dictionary_name: str
    dictionary_version: str
    def __init__(self, dictionary: _Path | None = ..., user_dictionary: _Path | None = ...,
                 overrides: _Path | None = ..., *, stub: bool = ..., nippon: bool = ...,
                 rules: bool = ...) -> None: ...

class GlossEntry(NamedTuple):
    word: str
    reading: str
    glosses: list[str]
    tags: list[str]
    common: bool

class Glossary:
    from_cache: bool
    def __init__(self, path: _Path | None = ..., *, cache_dir: _Path | None = ..., cache: bool = ...,
                 rebuild: bool = ...) -> None: ...
    def lookup(self, word: str, reading: str | None = ...) -> list[GlossEntry]: ...
    def __len__(self) -> int: ...

def parse(text: str | bytes, *, format: str | None = ..., name: str | None = ...,
          front_matter: bool = ...) -> Document: ...
def parse_file(path: _Path, *, format: str | None = ..., front_matter: bool = ...) -> Document: ...
def version() -> str: ...
def kana(text: str, script: str = ...) -> str: ...
