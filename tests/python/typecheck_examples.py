"""The README's Python examples, checked by `mypy --strict` (ctest
python.mypy) against the stubs; not collected by pytest (no test_ prefix).
Keep in step with the README's Python section."""
import pickle

import libreader


def readme() -> None:
    pipeline = libreader.Pipeline()                  # dictionary=, user_dictionary=, known=, stub=, ...
    doc = pipeline.read_file("corpus/dmm-bitcoin-2024/article.ja.txt")  # parse + annotate + summaries + glosses
    print([s.id for s in doc.sections])              # ['1', '1.1', ..., 'afterword']
    sec = doc.section("4.1")                         # NotFoundError (a KeyError) if absent
    print(sec.heading, sec.summary)
    for p in sec.paragraphs:
        for t in p.sentences[0].tokens:
            print(t.surface, t.lemma.upper(), t.pos_class, t.reading, t.romaji, t.furigana, t.glosses)
    assert all(doc.text[t.start:t.end] == t.surface for t in doc.tokens())
    for w in doc.words():                            # dictionary words: ビットコイン, 盗まれた (盗む)
        print(w.surface, w.lemma, w.reading, w.inflections, w.glosses[:1], [t.surface for t in w.tokens])
    first = next(doc.sentences())
    print([w.lemma for w in first.words], first.words[0].sentence.text)
    html = doc.to_html(furigana="unknown", known=["日本"])
    brackets: str = doc.to_text("brackets")
    print(len(html), brackets[:10])
    for tok in libreader.tokenize("猫が好きです。"):
        print(tok.surface, tok.pos)
    again = pickle.loads(pickle.dumps(doc))
    assert isinstance(again, libreader.Document)
    try:
        libreader.parse_file("missing.txt")
    except FileNotFoundError as e:
        print(e.errno, e.filename)
    except MemoryError:
        raise
    plain = libreader.parse_file("corpus/dmm-bitcoin-2024/article.ja.txt", summaries=False)
    plain.annotate(libreader.Analyzer(stub=True))
    print(plain.section("1").heading_node, libreader.kana("ねこ", "romaji"))
