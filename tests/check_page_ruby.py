#!/usr/bin/env python3
"""Checks that a page's editorial readings are ours, every one (issue 17).

usage: check_page_ruby.py READER PAGE.html [--every-kanji]

Reads PAGE with `reader render --format xml` (the machine's MeCab) and
compares, with Python's own HTML parser as the second opinion:

  kept      every <ruby-span> the document holds is a ruby of the page, in
            the page's order (base and rt, white space dropped, katakana
            folded), or for a guessed base an inline 漢字（かんじ） of its text
  read      the tokens under each span read exactly its reading: each
            character of the base is under one of our furigana groups that
            lies inside the base, or is kana read as itself
  every     (--every-kanji, for pages that put ruby on every kanji word, as
            NHK News Web Easy does) no kanji of the document's sentences is
            outside a span

Prints one line per problem and a closing 'N passed, N failed' line; exits
1 on a problem, 77 when MeCab or its dictionary is missing. Run by ctest on
our imitation pages (tests/data/html) and by hand on saved real pages,
which stay out of the repository (their text is the publisher's)."""
import html.parser
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:libreader:document:1}"
KANJI = re.compile(r"[\u3005\u3006\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def hira(s):
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in s)


def squeeze(s):
    return re.sub(r"\s+", "", s)


def is_kana(c):
    return "\u3041" <= c <= "\u3096" or "\u30a1" <= c <= "\u30fa" or c in "ーゝゞヽヾ"


class PageRuby(html.parser.HTMLParser):
    """(base, rt) of every ruby of the page, in order, and the page's text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pairs, self.text = [], []
        self.in_ruby, self.where, self.base, self.rt = 0, None, "", ""
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag == "ruby":
            self.in_ruby, self.where, self.base = 1, "base", ""
        elif tag == "rt" and self.in_ruby:
            self.where, self.rt = "rt", ""
        elif tag == "rp" and self.in_ruby:
            self.where = "rp"

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag == "rt" and self.where == "rt":
            if squeeze(self.base) and squeeze(self.rt):
                self.pairs.append((squeeze(self.base), hira(squeeze(self.rt))))
            self.where, self.base = "base", ""
        elif tag == "rp" and self.where == "rp":
            self.where = "base"
        elif tag == "ruby":
            self.in_ruby, self.where = 0, None

    def handle_data(self, data):
        if self.skip:
            return
        if self.where == "base":
            self.base += data
        elif self.where == "rt":
            self.rt += data
        if self.where not in ("rt", "rp"):
            self.text.append(data)


def token_groups(tok, src):
    """(source start, source end, reading) of a token's furigana, in
    source byte offsets (a surface may skip bytes its span holds: an
    inline reading left the sentence text)."""
    a, b = int(tok.get("start")), int(tok.get("end"))
    surface = tok.get("surface")
    if surface is None:  # a control character: the <attr> form
        for c in tok.findall(NS + "attr"):
            if c.get("name") == "surface":
                surface = c.text or ""
    sb = surface.encode()
    # Map each surface byte to a source byte, skipping source characters
    # the surface does not hold.
    m, i, j = [], 0, a
    while i < len(sb) and j < b:
        if src[j] == sb[i]:
            m.append(j)
            i += 1
            j += 1
        else:
            j += 1
    if i < len(sb):
        return None
    m.append(m[-1] + 1 if m else a)
    out = []
    for r in tok.findall(NS + "ruby"):
        at, ln = int(r.get("at")), int(r.get("len"))
        out.append((m[at], m[at + ln - 1] + 1, r.text or ""))
    return out


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    reader, page = argv[1], argv[2]
    every = "--every-kanji" in argv[3:]
    r = subprocess.run([reader, "render", page, "--format", "xml", "--no-summaries", "-o", "-"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        err = r.stderr.decode(errors="replace")
        if "dictionary" in err.lower() or "mecab" in err.lower():
            print("SKIP: " + err.strip())
            return 77
        print("FAIL: reader render: " + err.strip())
        return 1
    root = ET.fromstring(r.stdout)
    src_el = root.find(NS + "source")
    src = "".join(src_el.itertext()).encode()
    spans = [(int(e.get("start")), int(e.get("end")), e.text or "", e.get("guessed") == "true")
             for e in root.findall(NS + "ruby-span")]
    groups = []
    for tok in root.iter(NS + "token"):
        g = token_groups(tok, src)
        if g is None:
            print("FAIL: token %r does not map to its source bytes" % tok.get("surface"))
            return 1
        groups.extend(g)
    groups.sort()

    with open(page, "rb") as f:
        raw = f.read()
    p = PageRuby()
    for enc in ("utf-8", "shift_jis", "euc_jp"):  # as the reader decodes legacy pages
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            text = None
    p.feed(text if text is not None else raw.decode("utf-8", errors="replace"))
    page_text = squeeze("".join(p.text))
    passed, problems = 0, []

    # kept: the document's spans, in order, among the page's ruby.
    k = 0
    for a, b, reading, guessed in spans:
        base = squeeze(src[a:b].decode())
        if guessed:
            ok = ("（" + reading + "）") in page_text or ("(" + reading + ")") in page_text
        else:
            while k < len(p.pairs) and p.pairs[k] != (base, reading):
                k += 1
            ok = k < len(p.pairs)
            if ok:
                k += 1
        if ok:
            passed += 1
        else:
            problems.append("kept: %s《%s》 is not a ruby of the page (in order)" % (base, reading))

    # read: the tokens under each span read as the editors wrote.
    for a, b, reading, _ in spans:
        got, pos = [], a
        inside = [g for g in groups if g[0] < b and g[1] > a]
        if any(g[0] < a or g[1] > b for g in inside):
            problems.append("read: %s《%s》: one of our furigana groups runs past the base" % (src[a:b].decode(), reading))
            continue
        for gs, ge, gr in inside:
            gap = src[pos:gs].decode()
            got.append(hira(gap) if all(is_kana(c) for c in gap) else "?" * len(gap))
            got.append(gr)
            pos = ge
        tail = src[pos:b].decode()
        got.append(hira(tail) if all(is_kana(c) for c in tail) else "?" * len(tail))
        ours = "".join(got)
        # The span's reading may have been narrowed to fewer tokens (a guessed
        # base): only its own [a, b) is compared, which is what it covers now.
        if ours == reading:
            passed += 1
        else:
            problems.append("read: %s《%s》 reads %s" % (src[a:b].decode(), reading, ours))

    # every: no kanji of the sentences outside a span.
    if every:
        covered = bytearray(len(src))
        for a, b, _, _ in spans:
            covered[a:b] = b"\1" * (b - a)
        bare = []
        for s in root.iter(NS + "sentence"):
            sa, sb_ = int(s.get("start")), int(s.get("end"))
            text = src[sa:sb_].decode()
            off = sa
            for c in text:
                n = len(c.encode())
                if KANJI.match(c) and not covered[off]:
                    bare.append(c)
                off += n
        if bare:
            problems.append("every: kanji without the editors' ruby: %s" % "".join(bare[:40]))
        else:
            passed += 1

    for pr in problems:
        print("FAIL: " + pr)
    print("%s: %d spans, %d ruby on the page" % (page, len(spans), len(p.pairs)))
    print("%d passed, %d failed" % (passed, len(problems)))
    return 1 if problems or not spans else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
