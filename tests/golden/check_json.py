#!/usr/bin/env python3
"""`reader render --format json` parsed back by Python's json module.

1. The corpus article: valid JSON with the document's sections, and every
   token's code-point span slices its surface out of the source.
2. A file full of characters JSON must escape (quotes, backslash, control
   characters, U+2028/U+2029, "</") and a non-BMP character: the source
   comes back exactly.
usage: check_json.py READER SOURCE_DIR TMP_DIR
"""
import json
import os
import subprocess
import sys

reader, src, tmp = sys.argv[1:4]


def render(path):
    r = subprocess.run([reader, "render", path, "--no-glossary", "--no-summaries", "--format", "json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode == 1 and b"MeCab dictionary" in r.stderr:
        print("SKIP: " + r.stderr.decode())
        sys.exit(77)
    assert r.returncode == 0, r.stderr.decode()
    return json.loads(r.stdout.decode("utf-8"))


def walk(n):
    yield n
    for c in n.get("children", []):
        yield from walk(c)


d = render(os.path.join(src, "corpus", "dmm-bitcoin-2024", "article.ja.txt"))
assert d["format"] == "libreader-document" and d["version"] == 1
nodes = list(walk(d["root"]))
sections = [n["id"] for n in nodes if n["kind"] == "section"]
assert sections[:3] == ["1", "1.1", "1.2"] and "afterword" in sections, sections
tokens = [n for n in nodes if n["kind"] == "token"]
assert len(tokens) > 500, len(tokens)
source = d["source"]
for t in tokens:
    assert source[t["cstart"]:t["cend"]] == t["surface"], t
assert any(t.get("ruby") for t in tokens)
print("corpus: %d sections, %d tokens; every token's span slices its surface" % (len(sections), len(tokens)))

odd = 'タイトル\n引用符"と\\と\x01\x1f\tと😀と\u2028\u2029と</script>です。\n'
path = os.path.join(tmp, "json-odd.txt")
with open(path, "w", encoding="utf-8", newline="") as f:
    f.write(odd)
d = render(path)
assert d["source"] == odd, (d["source"], odd)
print("odd characters: source round-trips through JSON")
