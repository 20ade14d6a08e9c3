#!/usr/bin/env python3
"""Drives the reader page in headless Chromium through the DevTools
protocol (cdp.py, standard library only) as a learner would: real key
presses, clicks, reloads, downloads and file uploads, emulated dark mode,
print and a phone. Every behaviour of issue 13 is checked here:

  structure  every kanji in a ruby base, summaries beside (under on a
             phone), data-lemma / data-pos on every word, citations to
             in-page Sources ids that link out
  keyboard   Tab into the text, arrows between words, Enter / Space open
             the popup, Escape closes it, f cycles furigana, k marks known
  learning   known words persist across reload and across pages, export
             (the --known format, read back by `reader render`) and import,
             the level setting, names with legend and switch, corrections
             shown at once, persisted, exported as the --overrides TSV
  looks      dark mode (prefers-color-scheme and the switch), A- / A+,
             print hides the controls, the phone hint
  editorial  the article's own ruby marked on tests/data/html's ruby page,
             named in the popup (issue 17)
  hygiene    no console errors, no network requests

usage: check_page.py READER SOURCE_DIR OUT_DIR [--screenshots DIR]
Exits 77 (skipped, reason printed) when chromium is not installed.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

failures = []


def check(what, ok, detail=""):
    print("%s: %s%s" % ("ok  " if ok else "FAIL", what, (" (%s)" % detail) if detail and not ok else ""))
    if not ok:
        failures.append(what + (": " + str(detail) if detail else ""))


def render(reader, args, out):
    r = subprocess.run([reader, "render"] + args + ["-o", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        sys.exit("reader render failed: " + r.stderr.decode())


def wait_file(path, seconds=10):
    end = time.time() + seconds
    while time.time() < end:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            time.sleep(0.2)
            return open(path, encoding="utf-8").read()
        time.sleep(0.1)
    return None


WORDS = "Array.from(document.querySelectorAll('main .w'))"
VISIBLE_RT = "Array.from(document.querySelectorAll('main rt')).filter(r => getComputedStyle(r).display !== 'none').length"
BG_LUMA = ("(() => { const m = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);"
           " return (0.2126*m[0] + 0.7152*m[1] + 0.0722*m[2]) / 255; })()")


def theme(b, value):
    b.eval("{ const t = document.getElementById('theme'); t.value = '%s'; t.dispatchEvent(new Event('change')); }" % value)


def structure(b, phone=False):
    res = b.eval(r"""(() => {
      const out = {};
      const kanji = /[\u3005\u3006\u3007\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff]/g;
      const w = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
      let n, total = 0, bare = [];
      while ((n = w.nextNode())) {
        const el = n.parentElement;
        if (el.closest('aside.en') || el.closest('rt') || el.closest('.refs')) continue;
        const m = n.data.match(kanji);
        if (!m) continue;
        total += m.length;
        if (!el.closest('ruby')) bare.push(n.data.trim().slice(0, 20));
      }
      out.kanji = total; out.bare = bare.slice(0, 5);
      out.layout = Array.from(document.querySelectorAll('section.sec > .row')).map(row => {
        const en = row.querySelector(':scope > aside.en'), ja = row.querySelector(':scope > .ja');
        if (!en) return 'none';
        const a = en.getBoundingClientRect(), j = ja.getBoundingClientRect();
        return a.left >= j.right ? 'beside' : a.top >= j.top + 1 ? 'under' : 'overlap';
      });
      return out;
    })()""")
    check("every kanji of the body is in a ruby base", res["kanji"] > 0 and not res["bare"], res["bare"])
    want = "under" if phone else "beside"
    check("every section shows its summary %s the Japanese" % want,
          res["layout"] and set(res["layout"]) == {want}, res["layout"])


def desktop(b, reader, src, out, page, page2):
    structure(b)
    # data-lemma / data-pos: the interface for userscripts.
    bad = b.eval(WORDS + ".filter(w => !w.dataset.lemma || !/^[a-z-]+$/.test(w.dataset.pos || '')).length")
    n = b.eval(WORDS + ".length")
    check("every word element carries data-lemma and data-pos", n > 100 and bad == 0, "%d of %d" % (bad, n))
    pos = set(b.eval(WORDS + ".map(w => w.dataset.pos)"))
    check("data-pos has the coarse classes", {"noun", "verb", "particle", "proper-noun"} <= pos, sorted(pos))

    # Keyboard: Tab from the top reaches the first word.
    b.eval("document.activeElement.blur(); window.scrollTo(0, 0)")
    reached = False
    for _ in range(40):
        b.press("Tab")
        if b.eval("document.activeElement.classList.contains('w')"):
            reached = True
            break
    check("Tab reaches the text", reached)
    check("the first Tab stop in the text is the first word",
          b.eval("document.activeElement === document.querySelector('main .w')"))
    check("the focused word is visibly outlined",
          b.eval("getComputedStyle(document.activeElement).outlineStyle") != "none")
    b.press("ArrowRight")
    check("ArrowRight moves to the next word", b.eval(WORDS + ".indexOf(document.activeElement)") == 1)
    b.press("ArrowLeft")
    check("ArrowLeft moves back", b.eval(WORDS + ".indexOf(document.activeElement)") == 0)
    check("words have ARIA roles", b.eval("document.activeElement.getAttribute('role')") == "button")
    # A word with a gloss, for the popup.
    gi = b.eval(WORDS + ".findIndex(w => w.dataset.gloss)")
    b.eval(WORDS + "[%d].focus()" % gi)
    b.press("Enter")
    check("Enter opens the word's popup", b.eval("!document.getElementById('pop').hidden"))
    gloss = b.eval(WORDS + "[%d].dataset.gloss.split(' \u2014 ')[1]" % gi)
    check("the popup shows the gloss", gloss and gloss in b.eval("document.getElementById('pop').textContent"))
    b.press("Escape")
    check("Escape closes the popup", b.eval("document.getElementById('pop').hidden"))
    check("Escape returns focus to the word", b.eval(WORDS + ".indexOf(document.activeElement)") == gi)
    b.press(" ")
    check("Space opens the popup", b.eval("!document.getElementById('pop').hidden"))
    b.press("Escape")

    # Words, not MeCab's morphemes: 盗まれた is one element and one popup
    # (dictionary form, its reading, the inflection, the gloss).
    stolen = b.eval(WORDS + ".filter(w => w.dataset.surface === '盗まれた').length")
    check("盗まれた is one word element", stolen >= 1, stolen)
    check("no element for a fragment of 盗まれた",
          b.eval(WORDS + ".filter(w => ['盗ま', 'れ'].includes(w.dataset.surface)).length") == 0)
    si = b.eval(WORDS + ".findIndex(w => w.dataset.surface === '盗まれた')")
    if si >= 0:
        b.eval(WORDS + "[%d].focus()" % si)
        b.press("Enter")
        text = b.eval("document.getElementById('pop').textContent")
        check("the popup of 盗まれた shows 盗む, ぬすむ, 'passive, past' and 'to steal'",
              all(x in text for x in ("盗む", "ぬすむ", "passive, past", "to steal")), text)
        check("one popup is open", b.eval("document.querySelectorAll('.w.open').length") == 1)
        b.press("Escape")
    check("ビットコイン is one word element",
          b.eval(WORDS + ".some(w => w.dataset.surface === 'ビットコイン')") and
          not b.eval(WORDS + ".some(w => w.dataset.surface === 'ビット')"))

    # f cycles all -> unknown -> none -> all.
    b.eval("document.querySelector('label[for=furi-all]').click()")
    b.eval(WORDS + "[%d].focus()" % gi)
    total = b.eval("document.querySelectorAll('main rt').length")
    seen = []
    for _ in range(3):
        b.press("f")
        seen.append((b.eval("document.body.dataset.furigana"), b.eval(VISIBLE_RT)))
    check("f cycles furigana all -> unknown -> none -> all",
          [m for m, _ in seen] == ["unknown", "none", "all"], seen)
    check("'none' hides every reading, 'all' shows every one", seen[1][1] == 0 and seen[2][1] == total, seen)

    # k marks the focused word known; it survives a reload and shows on another page.
    ki = b.eval(WORDS + ".findIndex(w => !w.classList.contains('k') && w.querySelector('rt') && w.dataset.pos === 'verb')")
    lemma = b.eval(WORDS + "[%d].dataset.lemma" % ki)
    b.eval(WORDS + "[%d].focus()" % ki)
    b.press("k")
    check("k marks the focused word known", b.eval(WORDS + "[%d].classList.contains('k')" % ki))
    check("every word of the same lemma is marked",
          b.eval(WORDS + ".filter(w => w.dataset.lemma === %s).every(w => w.classList.contains('k'))" % json.dumps(lemma)))
    b.eval("document.querySelector('label[for=furi-unknown]').click()")
    check("a word marked known loses its reading in the 'unknown' mode",
          b.eval("getComputedStyle(%s[%d].querySelector('rt')).display" % (WORDS, ki)) == "none")
    b.reload()
    check("the known mark survives a reload", b.eval(WORDS + "[%d].classList.contains('k')" % ki))
    check("the furigana mode survives a reload", b.eval("document.body.dataset.furigana") == "unknown")
    b.goto("file://" + page2)
    check("known words are shared by pages opened from the same place",
          b.eval(WORDS + ".some(w => w.dataset.lemma === %s && w.classList.contains('k'))" % json.dumps(lemma)))
    b.goto("file://" + page)
    # Unmark a word of the --known list: the page's choice wins over the list.
    li = b.eval(WORDS + ".findIndex(w => w.hasAttribute('data-known'))")
    llemma = b.eval(WORDS + "[%d].dataset.lemma" % li)
    b.eval(WORDS + "[%d].focus()" % li)
    b.press("k")
    check("k unmarks a word of the --known list", not b.eval(WORDS + "[%d].classList.contains('k')" % li))

    # Export: the file `reader render --known` reads.
    dl = os.path.join(out, "downloads")
    b.eval("document.querySelector('.tools').open = true; document.getElementById('known-export').click()")
    b.pump(0.5)
    text = wait_file(os.path.join(dl, "known.txt"))
    check("export known words downloads known.txt", text is not None)
    if text:
        lines = [l for l in text.splitlines() if l and not l.startswith("#")]
        check("the export lists the word marked known", lemma in lines, lines[:10])
        check("the export leaves out the word unmarked", llemma not in lines)
        check("the export is one lemma a line, sorted, # comments",
              lines == sorted(set(lines)) and all("\t" not in l and l.strip() == l for l in lines))
        back = os.path.join(out, "reader-page-known.html")
        render(reader, [os.path.join(src, "corpus", "dmm-bitcoin-2024", "article.ja.txt"),
                        "--known", os.path.join(dl, "known.txt")], back)
        html = open(back, encoding="utf-8").read()
        import re
        marked = re.findall(r'<span class="w k[^>]*data-lemma="([^"]*)"', html)
        check("`reader render --known` reads the export", lemma in marked)
    b.press("k")  # mark the --known word again
    # Import: a file in the same format.
    imp = os.path.join(out, "import-known.txt")
    target = b.eval(WORDS + ".find(w => !w.classList.contains('k') && w.dataset.pos === 'noun' && w.querySelector('rt')).dataset.lemma")
    with open(imp, "w", encoding="utf-8") as f:
        f.write("# my words\n\n%s\n" % target)
    root = b.call("DOM.getDocument")["root"]["nodeId"]
    node = b.call("DOM.querySelector", nodeId=root, selector="#known-import")["nodeId"]
    b.call("DOM.setFileInputFiles", nodeId=node, files=[imp])
    b.pump(0.5)
    check("import known words marks the imported lemma",
          b.eval(WORDS + ".filter(w => w.dataset.lemma === %s).every(w => w.classList.contains('k'))" % json.dumps(target)))
    check("the import reports what it read", "1 known" in b.eval("document.getElementById('tools-status').textContent"))

    # Level: with KANJIDIC, N5 hides readings of N5 words; N1 hides more.
    if b.eval("document.body.dataset.levels") == "kanjidic":
        b.eval("document.querySelector('label[for=furi-unknown]').click()")
        check("the level is N5 on first open", b.eval("document.getElementById('level').value") in ("n5",))

        def level(v):
            b.eval("{ const s = document.getElementById('level'); s.value = %s; s.dispatchEvent(new Event('change')); }" % json.dumps(v))
            return b.eval(VISIBLE_RT)
        none_, n5, n1, g2 = level(""), level("n5"), level("n1"), level("g2")
        check("a higher level hides more readings in the 'unknown' mode", none_ > n5 > n1 and none_ > g2,
              (none_, n5, n1, g2))
        level("n5")
        check("words whose kanji are all N5 have no visible reading at N5", b.eval(
            WORDS + ".filter(w => w.dataset.jlpt === '5' && w.querySelector('rt')).every(w => getComputedStyle(w.querySelector('rt')).display === 'none')"))
        check("a word with a harder kanji keeps its reading at N5", b.eval(
            WORDS + ".some(w => w.dataset.jlpt === '1' && !w.classList.contains('k') && w.querySelector('rt') && getComputedStyle(w.querySelector('rt')).display !== 'none')"))
        level("n4")
        b.reload()
        check("the level survives a reload", b.eval("document.getElementById('level').value") == "n4")
        level("n5")
    else:
        check("without KANJIDIC the level setting says so", b.eval("!!document.getElementById('level-missing')"))

    # Heteronyms (issue 12): a dotted underline on a word read one way of
    # several, its other readings with their shares in the popup.
    import re
    het = os.path.join(out, "heteronyms.html")
    render(reader, [os.path.join(src, "tests", "page", "heteronyms.ja.txt")], het)
    b.goto("file://" + het)
    ui = b.eval(WORDS + ".findIndex(w => w.dataset.altOf === '今日')")
    check("今日 before は and a pause is marked uncertain", ui >= 0 and b.eval(WORDS + "[%d].classList.contains('u')" % ui))
    check("今日 before a predicate is not (the greeting is ruled out)",
          b.eval(WORDS + ".filter(w => w.dataset.lemma === '今日').length") == 2 and
          b.eval(WORDS + ".filter(w => w.dataset.lemma === '今日' && w.classList.contains('u')).length") == 1)
    deco = b.eval("(() => { const s = getComputedStyle(%s[%d]); return [s.textDecorationLine, s.textDecorationStyle]; })()" % (WORDS, max(ui, 0)))
    check("an uncertain word has a dotted underline", deco == ["underline", "dotted"], deco)
    plain = b.eval("getComputedStyle(%s.find(w => !w.classList.contains('u'))).textDecorationLine" % WORDS)
    check("a word whose reading is not in doubt has none", plain == "none", plain)
    b.eval(WORDS + "[%d].focus()" % max(ui, 0))
    b.press("Enter")
    alts = b.eval("(() => { const a = document.querySelector('#pop .alts'); return a ? a.textContent : ''; })()")
    check("the popup lists the reading shown and the others with their shares",
          "今日" in alts and "こんにち" in alts and len(re.findall(r"\d+ %", alts)) == 2, alts)
    b.press("Escape")
    gi2 = b.eval(WORDS + ".findIndex(w => !w.classList.contains('u') && w.dataset.gloss)")
    b.eval(WORDS + "[%d].focus()" % gi2)
    b.press("Enter")
    check("a certain word's popup has no alternatives", b.eval("!document.querySelector('#pop .alts')"))
    b.press("Escape")
    b.goto("file://" + page)

    # Names: marked, with a legend and a switch.
    kinds = set(b.eval(WORDS + ".filter(w => w.dataset.name).map(w => w.dataset.name)"))
    check("the article's places and organisations are marked", kinds == {"place", "organisation"}, kinds)
    names = os.path.join(out, "names.html")
    render(reader, [os.path.join(src, "tests", "page", "names.ja.txt")], names)
    b.goto("file://" + names)
    marked = b.eval(WORDS + ".filter(w => w.dataset.name).map(w => w.dataset.lemma + ':' + w.dataset.name)")
    check("names are marked as person, place and organisation (IPADIC 人名 / 地域 / 組織)",
          marked == ["田中:person", "東京:place", "日本銀行:organisation", "山田:person"], marked)
    b.goto("file://" + page)
    check("a legend explains the name colours", b.eval("document.querySelectorAll('.legend .nm').length") == 3)
    shadow = "getComputedStyle(document.querySelector('main .w.nm-place')).boxShadow"
    check("names are underlined in colour", b.eval(shadow) != "none")
    b.eval("document.getElementById('names').click()")
    check("the names switch turns the marks off", b.eval(shadow) == "none")
    b.reload()
    check("the names switch survives a reload", b.eval(shadow) == "none")
    b.eval("document.getElementById('names').click()")

    # Dark mode: the system setting, and the switch either way.
    light = b.eval(BG_LUMA)
    b.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}])
    dark = b.eval(BG_LUMA)
    check("prefers-color-scheme: dark gives a dark page", light > 0.8 and dark < 0.2, (light, dark))
    theme(b, "light")
    check("the theme switch forces light under a dark system", b.eval(BG_LUMA) > 0.8)
    b.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "light"}])
    theme(b, "dark")
    check("the theme switch forces dark under a light system", b.eval(BG_LUMA) < 0.2)
    b.reload()
    check("the theme survives a reload", b.eval(BG_LUMA) < 0.2)
    theme(b, "auto")
    check("auto follows the system again", b.eval(BG_LUMA) > 0.8)

    # A- / A+: rem sizes follow the root.
    size = "parseFloat(getComputedStyle(document.querySelector('main p')).fontSize)"
    s0 = b.eval(size)
    b.eval("document.getElementById('larger').click()")
    s1 = b.eval(size)
    b.eval("document.getElementById('smaller').click(); document.getElementById('smaller').click()")
    s2 = b.eval(size)
    check("A+ enlarges and A- shrinks the text", s1 > s0 > s2, (s0, s1, s2))
    b.reload()
    check("the text size survives a reload", abs(b.eval(size) - s2) < 0.01)
    b.eval("document.getElementById('larger').click()")

    # Citations: to in-page Sources entries, which link out.
    cites = b.eval("""Array.from(document.querySelectorAll('sup.cite a')).map(a => {
      const id = a.getAttribute('href').slice(1), li = document.getElementById(id);
      return [a.getAttribute('href'), !!(li && li.closest('.refs')), !!(li && li.querySelector('a[href^="http"]'))]; })""")
    check("citations link to in-page Sources ids", cites and all(h.startswith("#") and inpage for h, inpage, _ in cites), cites[:3])
    check("the Sources entries link out", cites and all(out_ for _, _, out_ in cites))
    ids = b.eval("Array.from(document.querySelectorAll('[id]')).map(e => e.id)")
    check("ids are unique", len(ids) == len(set(ids)))
    b.eval("document.querySelector('sup.cite a').click()")
    check("following a citation lands on its Sources entry",
          b.eval("location.hash") == cites[0][0] and b.eval("document.querySelector(':target').nodeName") == "LI")

    # Corrections: typed in the popup, shown at once, persisted, exported.
    ci = b.eval(WORDS + ".findIndex(w => w.querySelector('rt') && w.dataset.pos === 'noun' && !w.classList.contains('k'))")
    surface = b.eval(WORDS + "[%d].dataset.surface" % ci)
    b.eval("document.querySelector('label[for=furi-all]').click()")
    b.eval(WORDS + "[%d].focus()" % ci)
    b.press("Enter")
    b.press("Tab")
    b.press("Tab")  # past the known button, into the reading field
    check("Tab from an open word reaches the correction field", b.eval("document.activeElement.name") == "reading")
    b.call("Input.insertText", text="abc")
    b.press("Enter")
    check("a reading that is not kana is refused with a message",
          "kana" in b.eval("document.querySelector('#pop .err').textContent") and
          not b.eval(WORDS + "[%d].classList.contains('fixed')" % ci))
    b.eval("document.querySelector('#pop input[name=reading]').value = ''; document.querySelector('#pop input[name=reading]').focus()")
    b.call("Input.insertText", text="テストヨミ")
    b.press("Enter")
    rt = "Array.from(%s[%d].querySelectorAll('rt')).map(r => r.textContent).join('')" % (WORDS, ci)
    check("a correction shows at once", b.eval(rt) == "てすとよみ", b.eval(rt))
    check("every word of that surface is corrected", b.eval(
        WORDS + ".filter(w => w.dataset.surface === %s).every(w => w.classList.contains('fixed'))" % json.dumps(surface)))
    b.press("Escape")
    b.reload()
    check("the correction survives a reload", b.eval(rt) == "てすとよみ")
    b.eval("document.querySelector('.tools').open = true; document.getElementById('corrections-export').click()")
    b.pump(0.5)
    tsv = wait_file(os.path.join(dl, "overrides.tsv"))
    rows = [l for l in (tsv or "").splitlines() if l and not l.startswith("#")]
    check("corrections export as SURFACE<TAB>READING", rows == ["%s\tてすとよみ" % surface], rows)
    if tsv:
        r = subprocess.run([reader, "furigana", "--overrides", os.path.join(dl, "overrides.tsv"), "--format", "hiragana"],
                           input=surface.encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        check("`--overrides` reads the exported TSV", r.returncode == 0 and "てすとよみ" in r.stdout.decode(),
              r.stderr.decode() + r.stdout.decode())

    # Print: the controls and the popup are left out.
    b.call("Emulation.setEmulatedMedia", media="print")
    check("print hides the controls", b.eval("getComputedStyle(document.querySelector('.bar')).display") == "none")
    b.call("Emulation.setEmulatedMedia", media="")


def editorial(b, reader, src, out, shots, page):
    """Issue 17: a word whose reading is the article's own ruby is marked
    (its furigana in a colour of its own) and its popup says so."""
    easy = os.path.abspath(os.path.join(out, "editorial.html"))
    render(reader, [os.path.join(src, "tests", "data", "html", "nhk-easy-like.html"), "--furigana", "all"], easy)
    b.goto("file://" + easy)
    eds = b.eval(WORDS + ".filter(w => w.dataset.editorial === 'true').length")
    check("the editors' readings are marked on the page", eds >= 5, eds)
    check("every word with furigana on an all-ruby page reads from the article",
          b.eval(WORDS + ".filter(w => w.querySelector('rt')).every(w => w.dataset.editorial === 'true')"))
    check("a kana-only word is not marked", b.eval(
        WORDS + ".some(w => !w.querySelector('rt') && !w.dataset.editorial)"))
    colours = b.eval("""(() => {
      const ed = getComputedStyle(document.querySelector('main .w[data-editorial] rt')).color;
      const p = document.querySelector('main p'), r = document.createElement('ruby');
      r.innerHTML = '字<rt>じ</rt>';
      p.appendChild(r);
      const plain = getComputedStyle(r.querySelector('rt')).color;
      r.remove();
      return [ed, plain]; })()""")
    check("the mark is a colour of its own on the furigana", colours[0] != colours[1], colours)
    i = b.eval(WORDS + ".findIndex(w => w.dataset.editorial === 'true')")
    b.eval(WORDS + "[%d].focus()" % i)
    b.press("Enter")
    text = b.eval("document.getElementById('pop').textContent")
    check("the popup of a marked word says the reading is the article's", "reading from the article" in text, text)
    b.screenshot(os.path.join(shots, "editorial.png"))
    b.press("Escape")
    j = b.eval(WORDS + ".findIndex(w => !w.dataset.editorial)")
    b.eval(WORDS + "[%d].focus()" % j)
    b.press("Enter")
    text = b.eval("document.getElementById('pop').textContent")
    check("the popup of another word does not", "reading from the article" not in text, text)
    b.press("Escape")
    b.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}])
    dark = b.eval("getComputedStyle(document.querySelector('main .w[data-editorial] rt')).color")
    check("dark mode has its own colour for the mark", dark != colours[0], (dark, colours[0]))
    b.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "light"}])
    b.goto("file://" + page)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    reader, src, out = sys.argv[1], sys.argv[2], sys.argv[3]
    shots = sys.argv[5] if len(sys.argv) > 5 and sys.argv[4] == "--screenshots" else out
    exe = cdp.find_chromium()
    if not exe:
        print("SKIP: chromium is not installed (Debian: apt-get install chromium fonts-noto-cjk)")
        return 77
    os.makedirs(os.path.join(out, "downloads"), exist_ok=True)
    for f in ("known.txt", "overrides.tsv"):
        if os.path.exists(os.path.join(out, "downloads", f)):
            os.remove(os.path.join(out, "downloads", f))
    article = os.path.join(src, "corpus", "dmm-bitcoin-2024", "article.ja.txt")
    page = os.path.abspath(os.path.join(out, "reader-page.html"))
    page2 = os.path.abspath(os.path.join(out, "reader-page-2.html"))
    for p in (page, page2):
        render(reader, [article, "--known", os.path.join(src, "tests", "data", "known.txt"), "--furigana", "all"], p)
    b = cdp.Browser(exe, os.path.abspath(os.path.join(out, "downloads")))
    try:
        b.call("Emulation.setDeviceMetricsOverride", width=1280, height=900, deviceScaleFactor=1, mobile=False)
        b.goto("file://" + page)
        b.eval("localStorage.clear()")
        b.reload()
        desktop(b, reader, src, out, page, page2)
        editorial(b, reader, src, out, out, page)

        # Screenshots: light, dark (desktop), phone. Fresh settings, words of the list known.
        b.eval("localStorage.clear()")
        b.reload()
        b.call("Emulation.setDeviceMetricsOverride", width=1280, height=1400, deviceScaleFactor=1, mobile=False)
        b.eval(WORDS + ".find(w => w.dataset.gloss && w.dataset.pos === 'verb').click()")
        b.screenshot(os.path.join(shots, "reader-page.png"))
        b.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "dark"}])
        b.screenshot(os.path.join(shots, "reader-page-dark.png"))
        b.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": "light"}])

        # Phone: the hint is visible, summaries go under, a tap opens the popup.
        b.call("Emulation.setDeviceMetricsOverride", width=390, height=844, deviceScaleFactor=2, mobile=True)
        b.call("Emulation.setTouchEmulationEnabled", enabled=True)
        b.reload()
        structure(b, phone=True)
        check("the phone shows its hint", b.eval(
            "(() => { const h = document.querySelector('.hint.narrow'); return getComputedStyle(h).display !== 'none' && h.getBoundingClientRect().width > 0; })()"))
        check("the phone hides the keyboard hint", b.eval("getComputedStyle(document.querySelector('.hint.wide')).display") == "none")
        r = b.eval("(() => { const w = %s.find(w => w.dataset.gloss); w.scrollIntoView({block: 'center'}); const r = w.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()" % WORDS)
        b.click_at(r[0], r[1])
        check("a tap opens the popup on a phone", b.eval("!document.getElementById('pop').hidden"))
        b.press("Escape")
        b.eval("document.activeElement.blur(); window.scrollTo(0, 0)")
        b.screenshot(os.path.join(shots, "reader-page-phone.png"))
        b.pump(0.3)
    finally:
        b.close()

    # Hygiene, over the whole run.
    errors = [e["params"] for e in b.events if
              (e["method"] == "Runtime.consoleAPICalled" and e["params"]["type"] in ("error", "assert")) or
              e["method"] == "Runtime.exceptionThrown" or
              (e["method"] == "Log.entryAdded" and e["params"]["entry"]["level"] == "error")]
    check("no console errors", not errors, json.dumps(errors)[:500])
    reqs = [e["params"]["request"]["url"] for e in b.events if e["method"] == "Network.requestWillBeSent"]
    net = [u for u in reqs if not u.startswith(("file:", "data:", "blob:", "about:"))]
    check("no network requests", not net, net[:5])
    for name in ("reader-page.png", "reader-page-dark.png", "reader-page-phone.png"):
        p = os.path.join(shots, name)
        check("screenshot %s" % name, os.path.exists(p) and os.path.getsize(p) > 20000)
    print("%d failures" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
