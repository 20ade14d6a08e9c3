"""Parsing and annotating release the GIL: threads share one analyzer."""
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import libreader
from conftest import ARTICLE


def _annotate(analyzer):
    d = libreader.parse_file(ARTICLE)
    d.annotate(analyzer)
    return [(t.surface, t.lemma, t.reading, t.start, t.end) for t in d.tokens()]


def test_parallel_annotation_with_one_analyzer_equals_serial(analyzer):
    serial = _annotate(analyzer)
    with ThreadPoolExecutor(max_workers=4) as ex:
        futures = [ex.submit(_annotate, analyzer) for _ in range(8)]
        results = [f.result(timeout=120) for f in futures]
    assert all(r == serial for r in results)


def _ticks_during(call):
    """How often another Python thread ran while call() was running.

    The switch interval is made huge, so this thread never hands the GIL
    over on its own: the spinner can only run if call() releases it (the
    spinner gives it back at every tick with sleep(0)). Without a release
    the count is exactly 0, with one it is > 0; no clock is involved.
    """
    ticks = 0
    go, done = threading.Event(), threading.Event()

    def spin():
        nonlocal ticks
        go.wait()
        while not done.is_set():
            ticks += 1
            time.sleep(0)

    t = threading.Thread(target=spin)
    t.start()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e6)
    try:
        go.set()
        before = ticks
        call()
        during = ticks - before
    finally:
        sys.setswitchinterval(old)
        done.set()
        t.join(timeout=10)
    assert not t.is_alive()
    return during


def test_probe_sees_no_release_by_a_call_holding_the_gil():
    # The probe itself: a C loop that keeps the GIL gives exactly 0.
    assert _ticks_during(lambda: sum(range(3 * 10**6))) == 0


def test_gil_is_released_while_annotating(analyzer):
    # While one thread annotates a big document, another keeps running Python.
    big = libreader.parse(ARTICLE.read_text(encoding="utf-8") * 20)
    assert _ticks_during(lambda: big.annotate(analyzer)) > 0
    assert sum(1 for _ in big.tokens()) > 10000


def test_errors_stay_on_their_thread():
    # rd_error_last() is thread-local: each thread sees its own message.
    msgs = {}

    def bad(i):
        try:
            libreader.parse(b"x" * i + b"\xff")
        except libreader.EncodingError as e:
            msgs[i] = str(e)

    threads = [threading.Thread(target=bad, args=(i,)) for i in range(1, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(f"byte {i}" in msgs[i] for i in range(1, 9))


def test_annotate_worker_threads_option_equals_serial(analyzer):
    serial = _annotate(analyzer)
    d = libreader.parse_file(ARTICLE)
    d.annotate(analyzer, threads=2)
    assert [(t.surface, t.lemma, t.reading, t.start, t.end) for t in d.tokens()] == serial


def test_parse_and_write_from_threads():
    text = ARTICLE.read_text(encoding="utf-8")
    with ThreadPoolExecutor(max_workers=4) as ex:
        docs = list(ex.map(lambda _: libreader.parse(text), range(16)))
    assert all([s.id for s in d.sections] == [s.id for s in docs[0].sections] for d in docs)


def test_two_threads_annotating_one_document(analyzer):
    # Issue 16's reproducer (a double free without the document lock), plus
    # to_html and token iteration racing the re-annotations.
    doc = libreader.parse_file(ARTICLE)
    doc.annotate(analyzer)
    ref_html = doc.to_html()
    ref = [(t.surface, t.start, t.end) for t in doc.tokens()]
    errors = []

    def annotate():
        try:
            for _ in range(150):
                doc.annotate(analyzer)
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    def read():
        try:
            for _ in range(15):
                if doc.to_html() != ref_html:
                    errors.append("to_html saw a mixed state")
                got = [(t.surface, t.start, t.end) for t in doc.tokens()]
                if got != ref:
                    errors.append(f"iteration: {len(got)} tokens, None: {None in got}")
        except Exception as e:  # pragma: no cover
            errors.append(e)

    ts = [threading.Thread(target=f) for f in (annotate, annotate, read)]
    for t in ts:
        t.start()
    for t in ts:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in ts)
    assert errors == []
    assert [(t.surface, t.start, t.end) for t in doc.tokens()] == ref


def test_token_iteration_pins_its_annotation(analyzer):
    # Item 14: re-annotating mid-iteration neither yields None nor mixes
    # the old and new tokens; the walk finishes on the tokens it started with.
    doc = libreader.parse_file(ARTICLE)
    doc.annotate(analyzer)
    n = len(list(doc.tokens()))
    it = doc.tokens()
    first = [next(it) for _ in range(10)]
    doc.annotate(analyzer)
    rest = list(it)
    assert None not in rest
    assert len(first) + len(rest) == n
    assert [t.index for t in first + rest] == list(range(n))
