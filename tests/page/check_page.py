#!/usr/bin/env python3
"""Checks the reader page in headless Chromium.

Renders the corpus article to a page, adds a probe script that runs in the
page after its own script, and reads the probe's verdict from the DOM
Chromium dumps (--dump-dom). The probe asserts that every kanji of the
body is inside a <ruby> base, that the furigana control hides and shows
the readings (all / words not known / none), that every section shows its
English summary beside the Japanese (and under it on a narrow screen),
and that citations are links. Then it takes a screenshot.

usage: check_page.py READER SOURCE_DIR OUT_DIR [--screenshot PATH]
Exits 77 (skipped, reason printed) when chromium is not installed.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PROBE = r"""
<script>
(function () {
  var out = {errors: []};
  function fail(m) { out.errors.push(m); }
  var main = document.querySelector('main');
  // 1. Every kanji of the body text sits in a ruby base (not in rt).
  var kanji = /[\u3005\u3006\u3007\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]/g;
  var walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  var n, total = 0, bare = [];
  while ((n = walker.nextNode())) {
    var el = n.parentElement;
    if (el.closest('aside.en') || el.closest('rt') || el.closest('.refs')) continue;
    var m = n.data.match(kanji);
    if (!m) continue;
    total += m.length;
    if (!el.closest('ruby')) bare.push(n.data.trim().slice(0, 20));
  }
  out.kanji = total;
  if (!total) fail('no kanji in the body');
  if (bare.length) fail('kanji outside ruby: ' + bare.slice(0, 5).join(' | '));
  // 2. The control hides and shows the readings.
  var rts = Array.prototype.slice.call(document.querySelectorAll('main rt'));
  out.rt = rts.length;
  function shown() { return rts.filter(function (r) { return getComputedStyle(r).display !== 'none'; }).length; }
  function choose(v) { document.querySelector('label[for=furi-' + v + ']').click(); return shown(); }
  out.shown_none = choose('none');
  out.shown_unknown = choose('unknown');
  out.known_rt = document.querySelectorAll('main .k rt').length;
  out.shown_all = choose('all');
  if (!rts.length) fail('no readings at all');
  if (out.shown_none !== 0) fail('"none" leaves ' + out.shown_none + ' readings visible');
  if (out.shown_all !== rts.length) fail('"all" shows ' + out.shown_all + ' of ' + rts.length + ' readings');
  if (out.shown_unknown !== rts.length - out.known_rt) fail('"unknown" shows ' + out.shown_unknown + ', expected ' + (rts.length - out.known_rt));
  // 3. Every section shows its summary, beside (wide) or under (narrow) its Japanese.
  var secs = document.querySelectorAll('section.sec');
  out.sections = secs.length;
  out.layout = [];
  secs.forEach(function (s) {
    var row = s.querySelector(':scope > .row');
    var en = row && row.querySelector(':scope > aside.en');
    var ja = row && row.querySelector(':scope > .ja');
    if (!en || !en.textContent.trim()) { fail('section ' + s.dataset.section + ' shows no summary'); return; }
    var a = en.getBoundingClientRect(), j = ja.getBoundingClientRect();
    if (a.height === 0 || getComputedStyle(en).visibility === 'hidden') fail('summary of ' + s.dataset.section + ' is not visible');
    out.layout.push(a.left >= j.right ? 'beside' : a.top >= j.top + 1 ? 'under' : 'overlap');
  });
  // 4. Citations are numbered links; the afterword's question is set apart.
  var cites = document.querySelectorAll('sup.cite a[href^="http"]');
  out.citations = cites.length;
  if (!cites.length) fail('no citation links');
  cites.forEach(function (a) { if (!/^\[\d+\]$/.test(a.textContent)) fail('citation text ' + a.textContent); });
  out.question = !!document.querySelector('section.afterword .question');
  if (!out.question) fail('no question in the afterword');
  // 5. Glosses: on hover (title) and on tap (the popup).
  var glossed = document.querySelectorAll('main .w[title]');
  out.glossed = glossed.length;
  if (glossed.length) {
    glossed[0].click();
    var pop = document.getElementById('pop');
    if (pop.hidden || pop.textContent !== glossed[0].title) fail('tapping a word does not show its gloss');
    document.querySelector('h1').click();
    if (!pop.hidden) fail('the gloss popup does not close');
  }
  // 6. Self-contained: nothing to fetch.
  var ext = document.querySelectorAll('script[src], link[href], img[src], iframe');
  if (ext.length) fail(ext.length + ' external resources');
  var pre = document.createElement('pre');
  pre.id = 'rd-probe';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
</script>
"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        p = shutil.which(name)
        if p:
            return p
    return None


def run_chromium(exe, args, timeout=120):
    prof = tempfile.mkdtemp(prefix="rd-chromium-")
    try:
        cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", "--user-data-dir=" + prof] + args
        return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    finally:
        shutil.rmtree(prof, ignore_errors=True)


def probe(exe, page, width):
    r = run_chromium(exe, ["--window-size=%d,1200" % width, "--virtual-time-budget=5000", "--dump-dom",
                           "file://" + page])
    dom = r.stdout.decode("utf-8", "replace")
    m = re.search(r'<pre id="rd-probe">(.*?)</pre>', dom, re.S)
    if not m:
        sys.exit("chromium gave no probe result (exit %d): %s" % (r.returncode, r.stderr.decode()[-2000:]))
    return json.loads(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"'))


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    reader, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
    shot = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--screenshot" else os.path.join(out, "reader-page.png")
    exe = chromium()
    if not exe:
        print("SKIP: chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)")
        return 77
    os.makedirs(out, exist_ok=True)
    article = os.path.join(src, "corpus", "dmm-bitcoin-2024", "article.ja.txt")
    page = os.path.abspath(os.path.join(out, "reader-page.html"))
    r = subprocess.run([reader, "render", article, "--known", os.path.join(src, "tests", "data", "known.txt"),
                        "--furigana", "all", "-o", page], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("reader render failed: " + r.stderr.decode())
    html = open(page, encoding="utf-8").read()
    probed = os.path.abspath(os.path.join(out, "reader-page-probe.html"))
    with open(probed, "w", encoding="utf-8") as f:
        f.write(html.replace("</body>", PROBE + "</body>"))
    failures = []
    for width, layout in ((1280, "beside"), (480, "under")):
        res = probe(exe, probed, width)
        print("width %d: %s" % (width, json.dumps({k: v for k, v in res.items() if k not in ("errors", "layout")})))
        failures += ["width %d: %s" % (width, e) for e in res["errors"]]
        if res["layout"] and set(res["layout"]) != {layout}:
            failures.append("width %d: summaries %s, expected all %s" % (width, sorted(set(res["layout"])), layout))
        if os.path.exists("/usr/share/edict/edict") and res["glossed"] == 0:
            failures.append("EDICT is installed but no word has a gloss")
        if res["known_rt"] == 0:
            failures.append("no word of the known list is marked in the page")
    r = run_chromium(exe, ["--window-size=1280,1600", "--screenshot=" + os.path.abspath(shot), "file://" + page])
    if not os.path.exists(shot) or os.path.getsize(shot) < 20000:
        failures.append("no screenshot (%s)" % r.stderr.decode()[-500:])
    else:
        print("screenshot: %s (%d bytes)" % (shot, os.path.getsize(shot)))
    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
