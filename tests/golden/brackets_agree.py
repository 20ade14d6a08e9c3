"""`reader furigana --format brackets` and `reader render --format brackets`
write the same text for the same sentence (issue 10: one brackets format).

Takes every sentence of each ARTICLE (through `reader render --format json`),
then writes them both ways: as an article of one-sentence paragraphs through
`reader render`, and one a line through `reader furigana`, and compares the
two line by line. Both commands use the same analyzer choices here (no EDICT
compounds: `reader render` has none until the shared pipeline lands).

usage: brackets_agree.py READER TMPDIR ARTICLE...
Exits 77 (skipped) without a MeCab dictionary."""
import json
import os
import subprocess
import sys


def sentences(node, out):
    if node["kind"] == "sentence":
        # A line break inside would split the furigana input line.
        out.append(node["text"].replace("\r", " ").replace("\n", " "))
        return
    for child in node.get("children", []):
        sentences(child, out)


def main():
    reader, tmp, articles = sys.argv[1], sys.argv[2], sys.argv[3:]
    os.makedirs(tmp, exist_ok=True)
    probe = subprocess.run([reader, "furigana"], input=b"", capture_output=True)
    if probe.returncode != 0:
        print("SKIP: no MeCab dictionary:", probe.stderr.decode(errors="replace").strip())
        return 77
    failures = checked = 0
    for art in articles:
        js = subprocess.run([reader, "render", art, "--no-glossary", "--no-summaries", "--format", "json"],
                            capture_output=True, check=True).stdout
        sents = []
        sentences(json.loads(js)["root"], sents)
        sents = [s for s in sents if s.strip()]
        para = os.path.join(tmp, "sentences.txt")
        with open(para, "w", encoding="utf-8") as f:
            f.write("\n\n".join(sents) + "\n")
        rendered = subprocess.run([reader, "render", para, "--no-glossary", "--no-summaries", "--format", "brackets"], capture_output=True, check=True).stdout.decode()
        furigana = subprocess.run([reader, "furigana", "--format", "brackets"],
                                  input="\n".join(sents).encode() + b"\n", capture_output=True, check=True).stdout.decode()
        r = rendered.rstrip("\n").split("\n\n")
        f = furigana.rstrip("\n").split("\n")
        if len(r) != len(f) or len(r) != len(sents):
            print(f"FAIL {art}: {len(sents)} sentences, render wrote {len(r)} blocks, furigana {len(f)} lines")
            failures += 1
            continue
        for s, a, b in zip(sents, r, f):
            checked += 1
            if a != b:
                failures += 1
                print(f"FAIL {art}: {s}\n  render:   {a}\n  furigana: {b}")
        print(f"ok   {art}: {len(sents)} sentences")
    print(f"{checked} sentences, {failures} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
