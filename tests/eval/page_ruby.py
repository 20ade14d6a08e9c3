#!/usr/bin/env python3
"""The page's path as a furigana command: read sentences on stdin, one a
line; render them with `reader render --from lines` to the reader page;
print each paragraph of the page back as a line with only its ruby markup
(<ruby>base<rt>reading</rt></ruby>), the form score_furigana.py reads.
So the dev set can be scored exactly as a learner sees it, and compared
line by line with `reader furigana`.
  usage: page_ruby.py READER [reader render options...]"""
import html
import html.parser
import os
import subprocess
import sys
import tempfile


class Paragraphs(html.parser.HTMLParser):
    """Collects <p> elements of the article, keeping ruby/rt tags only and
    leaving citation markers (<sup>) out, as the sentence text does."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.lines, self.cur, self.in_p, self.skip = [], None, 0, 0

    def handle_starttag(self, tag, attrs):
        if tag == "p" and self.cur is None:
            self.cur = []
        elif self.cur is not None:
            if tag == "sup":
                self.skip += 1
            elif tag in ("ruby", "rt") and not self.skip:
                self.cur.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if self.cur is None:
            return
        if tag == "p":
            self.lines.append("".join(self.cur))
            self.cur = None
        elif tag == "sup":
            self.skip -= 1
        elif tag in ("ruby", "rt") and not self.skip:
            self.cur.append(f"</{tag}>")

    def handle_data(self, data):
        if self.cur is not None and not self.skip:
            self.cur.append(html.escape(data, quote=False))


def main():
    reader, extra = sys.argv[1], sys.argv[2:]
    lines = sys.stdin.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "in.txt")
        with open(src, "w", encoding="utf-8") as f:
            # An empty line would be no paragraph; keep line numbering with a placeholder.
            f.write("".join((l if l.strip() else "\u3000") + "\n" for l in lines))
        page = subprocess.run([reader, "render", "--from", "lines", "--no-glossary", "--no-summaries",
                               "-o", "-", src] + extra, capture_output=True, text=True)
        if page.returncode != 0:
            sys.stderr.write(page.stderr)
            sys.exit(1)
    p = Paragraphs()
    p.feed(page.stdout)
    if len(p.lines) != len(lines):
        sys.exit(f"page_ruby: {len(lines)} lines in, {len(p.lines)} paragraphs on the page")
    for given, got in zip(lines, p.lines):
        print(got if given.strip() else given)


if __name__ == "__main__":
    main()
