#!/usr/bin/python3
"""Write the corpus-scale benchmark inputs (bench/corpus.sh runs it):
   corpus_gen.py SRC_DIR OUT_DIR [N] [BIG_MB]
OUT_DIR/small/NNNN.ja.txt: N (default 3000) short articles, a title line and
two or three sentences each, from the NHK Easy dev sentences
(../shared/eval/nhk-easy-dev.jsonl when present), the corpus article and the
test articles; OUT_DIR/big.ja.txt: one article of BIG_MB (default 10) MB made
of the same sentences as paragraphs; OUT_DIR/small.txt and OUT_DIR/big.txt:
the same text as MeCab reads it (one paragraph a line)."""
import glob, json, os, re, sys

src, out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 3000
big_mb = float(sys.argv[4]) if len(sys.argv) > 4 else 10

sents = []
dev = os.path.join(src, "..", "shared", "eval", "nhk-easy-dev.jsonl")
if os.path.exists(dev):
    for line in open(dev, encoding="utf-8"):
        t = json.loads(line)["text"].strip()
        if t:
            sents.append(t)
files = [os.path.join(src, "corpus", "dmm-bitcoin-2024", "article.ja.txt")]
files += sorted(glob.glob(os.path.join(src, "tests", "data", "articles", "*.ja.txt")))
for f in files:
    for line in open(f, encoding="utf-8", errors="replace"):
        line = line.strip()
        # prose only: no headings, citation lists or URLs
        if len(line) < 12 or "http" in line or line.startswith(("#", "-", "[", "Citations")):
            continue
        line = re.sub(r"[\[［][0-9０-９]+[\]］]", "", line)  # citation markers need a Citations list
        sents += [s + "。" for s in re.split("。", line) if len(s) >= 8 and "[" not in s]
if not sents:
    sys.exit("corpus_gen: no sentences found under " + src)

os.makedirs(os.path.join(out, "small"), exist_ok=True)
m = len(sents)
with open(os.path.join(out, "small.txt"), "w", encoding="utf-8") as all_small:
    for i in range(n):
        k = 2 + i % 2
        body = [sents[(i * 7 + j * 131) % m] for j in range(k)]
        title = body[0][:16].rstrip("。、")
        with open(os.path.join(out, "small", "%04d.ja.txt" % i), "w", encoding="utf-8") as f:
            f.write(title + "\n\n" + "".join(body) + "\n")
        all_small.write(title + "\n" + "".join(body) + "\n")

limit = int(big_mb * 1e6)
with open(os.path.join(out, "big.ja.txt"), "w", encoding="utf-8") as big, \
     open(os.path.join(out, "big.txt"), "w", encoding="utf-8") as flat:
    big.write("大きな記事\n\n")
    flat.write("大きな記事\n")
    size, i = 0, 0
    while size < limit:
        para = "".join(sents[(i * 5 + j * 17) % m] for j in range(4))
        big.write(para + "\n\n")
        flat.write(para + "\n")
        size += len(para.encode()) + 2
        i += 1
print("corpus_gen: %d sentences; %d articles; %.1f MB article" % (m, n, size / 1e6))
