# Type stubs of the libreader package (hand-written; keep in step with
# __init__.py and bindings/reader.i). `mypy --strict` checks the examples
# and tests/python/typecheck_examples.py against them (ctest python.mypy).
import os
from builtins import MemoryError as MemoryError  # RD_ENOMEM raises the builtin MemoryError
from collections.abc import Iterable, Iterator, Sequence
from typing import Generic, Literal, NamedTuple, TypeVar, overload

_Path = str | bytes | os.PathLike[str] | os.PathLike[bytes]
_Stage = Literal["annotate", "summaries", "gloss", "words", "alternatives", "all"]
_Format = Literal["auto", "text", "html", "xml", "lines"]
_Furigana = Literal["all", "unknown", "none"]
_Script = Literal["hiragana", "katakana", "romaji"]
_N = TypeVar("_N", bound="Node", covariant=True)

__version__: str

class Error(Exception):
    code: int
    offset: int
    line: int

class EncodingError(Error, UnicodeError): ...
class InvalidArgument(Error, ValueError): ...
class AnalyzerError(Error): ...
class XmlError(Error): ...
class FileError(Error, OSError):
    """Raised as FileError and the matching OSError subclass
    (FileNotFoundError, IsADirectoryError, PermissionError) with errno and
    filename set."""
class NotFoundError(Error, KeyError): ...

class Furigana(NamedTuple):
    base: str
    reading: str
    start: int
    end: int

class NodeList(Sequence[_N], Generic[_N]):
    def __len__(self) -> int: ...
    @overload
    def __getitem__(self, i: int) -> _N: ...
    @overload
    def __getitem__(self, i: slice) -> list[_N]: ...
    def __iter__(self) -> Iterator[_N]: ...

class Node:
    kind: str
    text: str | None
    start: int
    end: int
    line: int
    flags: int
    number: int
    level: int
    id: str | None
    heading: str | None
    url: str | None
    summary: str | None
    doc: Document
    parent: Node | None
    children: NodeList[Node]
    next: Node | None
    prev: Node | None
    references: References | None
    romaji: str
    def to_kana(self, script: _Script = ...) -> str: ...
    def all_sentences(self) -> Iterator[Sentence]: ...
    def all_tokens(self) -> Iterator[Token]: ...
    def __iter__(self) -> Iterator[Node]: ...
    def __len__(self) -> int: ...
    def __getitem__(self, i: int) -> Node: ...
    def __hash__(self) -> int: ...

class Root(Node):
    subsections: NodeList[Section]

class Section(Node):
    id: str
    level: int
    subsections: NodeList[Section]
    paragraphs: NodeList[Paragraph | Question]
    heading_node: Heading | None
    question: Question | None
    synthesized: bool
    afterword: bool

class Heading(Node):
    text: str
    sentences: NodeList[Sentence]

class Paragraph(Node):
    text: str
    sentences: NodeList[Sentence]

class Question(Node):
    text: str
    sentences: NodeList[Sentence]

class Sentence(Node):
    text: str
    sentences: NodeList[Sentence]
    tokens: NodeList[Token]
    words: Sequence[Word]
    citations: NodeList[Citation]

class References(Node): ...

class Reference(Node):
    url: str

class Citation(Node):
    target: Reference | None

class Token(Node):
    parent: Sentence
    text: str
    surface: str
    lemma: str
    pos: str
    pos_class: str
    inflection: str
    reading: str | None
    pronunciation: str | None
    original_reading: str | None
    rule: str | None
    furigana: list[Furigana]
    glosses: list[str]
    alternatives: list[tuple[str, float]]
    reading_confidence: float
    uncertain: bool
    index: int
    unknown: bool
    kanji: bool
    name_kind: str | None

class Word:
    """A dictionary word: a span of a sentence's tokens."""
    surface: str
    lemma: str
    reading: str | None
    inflection: str
    inflections: list[str]
    is_name: bool
    name_kind: str | None
    is_content: bool
    pos_class: str
    glosses: list[str]
    tokens: NodeList[Token]
    sentence: Sentence
    def __eq__(self, other: object) -> bool: ...

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

_Known = KnownWords | Iterable[str] | None

class Document:
    text: str
    root: Root
    name: str | None
    title: str | None
    headline: str | None
    title_node: Heading | None
    lead: Paragraph | None
    summary: str | None
    sections: NodeList[Section]
    top_sections: NodeList[Section]
    warnings: list[str]
    def section(self, id: str) -> Section: ...
    def get_section(self, id: str, default: Section | None = ...) -> Section | None: ...
    def section_by_heading(self, heading: str) -> Section: ...
    def sentences(self) -> Iterator[Sentence]: ...
    def tokens(self) -> Iterator[Token]: ...
    def words(self) -> Iterator[Word]: ...
    def annotate(self, analyzer: Pipeline, *, threads: int | None = ...) -> None: ...
    def gloss(self, glossary: Glossary) -> None: ...
    def load_summaries(self, source: _Path, *, lenient: bool = ..., keep: bool = ...) -> PairingReport: ...
    def load_summaries_string(self, xml: str, *, lenient: bool = ..., keep: bool = ...) -> PairingReport: ...
    def to_xml(self, *, furigana: _Furigana = ..., known: _Known = ..., gloss_known: bool = ...) -> str: ...
    def to_json(self, *, furigana: _Furigana = ..., known: _Known = ..., gloss_known: bool = ...) -> str: ...
    def to_html(self, *, furigana: _Furigana = ..., known: _Known = ..., gloss_known: bool = ...) -> str: ...
    def to_vocab(self, *, furigana: _Furigana = ..., known: _Known = ..., gloss_known: bool = ...) -> str: ...
    def to_text(self, style: Literal["text", "plain", "brackets", "hiragana", "romaji"] = ..., *,
                furigana: _Furigana = ..., known: _Known = ...) -> str: ...

class Pipeline:
    dictionary_name: str
    dictionary_version: str
    def __init__(self, dictionary: _Path | None = ..., user_dictionary: _Path | None = ...,
                 overrides: _Path | None = ..., compounds: _Path | Literal[False] | None = ...,
                 glossary: _Path | None = ..., known: _Path | None = ..., stub: bool = ..., rules: bool = ...,
                 nippon: bool = ..., threads: int = ..., glosses: bool = ..., summaries: bool = ...,
                 names: _Path | Literal[False] | None = ...) -> None: ...
    def read_files(self, paths: Iterable[_Path], *, format: _Format | None = ..., stages: Iterable[str] | None = ...,
                   front_matter: bool = ..., lenient: bool = ...) -> Iterator[Document]: ...
    def read_many(self, texts: Iterable[str | bytes], *, format: _Format | None = ..., stages: Iterable[str] | None = ...,
                  front_matter: bool = ...) -> Iterator[Document]: ...
    def read_file(self, path: _Path, *, format: _Format | None = ..., summaries: _Path | Literal[False] | None = ...,
                  stages: Iterable[_Stage] | _Stage | None = ..., front_matter: bool = ...,
                  lenient: bool = ...) -> Document: ...
    def read(self, text: str | bytes, *, format: _Format | None = ..., name: str | None = ...,
             summaries: _Path | Literal[False] | None = ..., stages: Iterable[_Stage] | _Stage | None = ...,
             front_matter: bool = ..., lenient: bool = ...) -> Document: ...
    def apply(self, doc: Document, *, stages: Iterable[_Stage] | _Stage | None = ...,
              summaries: _Path | Literal[False] | None = ..., lenient: bool = ...) -> PairingReport | None: ...
    def render(self, doc: Document, format: str = ...) -> str: ...

class Analyzer(Pipeline):
    def __init__(self, dictionary: _Path | None = ..., user_dictionary: _Path | None = ...,
                 overrides: _Path | None = ..., *, stub: bool = ..., nippon: bool = ..., rules: bool = ...,
                 compounds: _Path | Literal[False] | None = ..., threads: int = ...) -> None: ...

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

def parse(text: str | bytes, *, format: _Format | None = ..., name: str | None = ...,
          front_matter: bool = ...) -> Document: ...
def parse_file(path: _Path, *, format: _Format | None = ..., front_matter: bool = ...,
               summaries: _Path | bool = ...) -> Document: ...
def from_xml(xml: str | bytes) -> Document: ...
def tokenize(text: str | bytes) -> list[Token]: ...
def version() -> str: ...
def kana(text: str, script: _Script = ...) -> str: ...
