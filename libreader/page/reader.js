/* The reader page's script (embedded by CMake into every page; plain
   JavaScript, nothing fetched). What the learner teaches the page lives in
   localStorage under "libreader:" keys, shared by every page opened from
   the same place: known words per dictionary form, reading corrections
   per surface, and the settings. Word elements are .w with data-lemma,
   data-pos, data-reading (of the dictionary form), data-infl ("passive, past")
   and, with KANJIDIC, data-jlpt / data-grade; data-editorial when the
   reading is the article's own ruby. */
(function () {
  'use strict';
  var doc = document, b = doc.body, root = doc.documentElement;
  var MODES = ['all', 'unknown', 'none'];
  var SIZES = [75, 87.5, 100, 112.5, 125, 150, 175];

  /* ---- storage: a store that cannot be used (private mode) is memory only */
  var mem = {};
  function load(key, dflt) {
    var v = null;
    try { v = localStorage.getItem('libreader:' + key); } catch (e) { v = mem[key] || null; }
    if (v === null) return dflt;
    try { var o = JSON.parse(v); return o && typeof o === 'object' ? o : dflt; } catch (e) { return dflt; }
  }
  function save(key, obj) {
    var v = JSON.stringify(obj);
    try { localStorage.setItem('libreader:' + key, v); } catch (e) { mem[key] = v; }
  }
  var known = load('known', {});          /* lemma -> true (known) | false (not known, overrides the list) */
  var fixes = load('corrections', {});    /* surface -> reading (hiragana) */
  var settings = load('settings', {});    /* furigana, level, names, theme, size */

  var words = Array.prototype.slice.call(doc.querySelectorAll('main .w'));

  /* ---- settings */
  function setMode(m, keep) {
    if (MODES.indexOf(m) < 0) return;
    MODES.forEach(function (x) { b.classList.remove('furi-' + x); });
    b.classList.add('furi-' + m);
    b.setAttribute('data-furigana', m);
    var r = doc.querySelector('input[name=furigana][value=' + m + ']');
    if (r) r.checked = true;
    if (!keep) { settings.furigana = m; save('settings', settings); }
  }
  doc.querySelectorAll('input[name=furigana]').forEach(function (r) {
    r.addEventListener('change', function () { setMode(r.value); });
  });

  var levelSel = doc.getElementById('level');
  /* Whether every kanji of the word is within the level: JLPT nN takes
     words whose hardest kanji is N or easier (data-jlpt >= N), grade gN
     words whose hardest kanji is taught by grade N (0 = beyond every grade). */
  function withinLevel(w, level) {
    if (!level) return false;
    var n = parseInt(level.slice(1), 10);
    if (level.charAt(0) === 'n') { var j = parseInt(w.getAttribute('data-jlpt'), 10); return j > 0 && j >= n; }
    var g = parseInt(w.getAttribute('data-grade'), 10);
    return g > 0 && g <= n;
  }
  function isKnown(w) {
    var l = w.getAttribute('data-lemma');
    if (Object.prototype.hasOwnProperty.call(known, l)) return known[l] === true;
    return w.hasAttribute('data-known');
  }
  function paint() {
    var level = levelSel ? levelSel.value : '';
    words.forEach(function (w) {
      w.classList.toggle('k', isKnown(w));
      w.classList.toggle('lv', withinLevel(w, level));
    });
  }
  if (levelSel) {
    /* On first open N5: the "don't know" mode then already hides the easiest kanji. */
    var lv = typeof settings.level === 'string' ? settings.level : 'n5';
    levelSel.value = lv;
    if (levelSel.value !== lv) levelSel.value = 'n5'; /* a saved value this page does not offer */
    levelSel.addEventListener('change', function () { settings.level = levelSel.value; save('settings', settings); paint(); });
  }

  var names = doc.getElementById('names');
  function setNames(on, keep) {
    b.classList.toggle('names', on);
    if (names) names.checked = on;
    if (!keep) { settings.names = on; save('settings', settings); }
  }
  if (names) names.addEventListener('change', function () { setNames(names.checked); });

  var theme = doc.getElementById('theme');
  function setTheme(t, keep) {
    if (['auto', 'light', 'dark'].indexOf(t) < 0) t = 'auto';
    if (t === 'auto') root.removeAttribute('data-theme'); else root.setAttribute('data-theme', t);
    if (theme) theme.value = t;
    if (!keep) { settings.theme = t; save('settings', settings); }
  }
  if (theme) theme.addEventListener('change', function () { setTheme(theme.value); });

  function setSize(i, keep) {
    i = Math.max(0, Math.min(SIZES.length - 1, i));
    root.style.fontSize = SIZES[i] + '%';
    settings.size = i;
    if (!keep) save('settings', settings);
  }
  var sizeIndex = function () { return typeof settings.size === 'number' ? settings.size : SIZES.indexOf(100); };
  doc.getElementById('smaller').addEventListener('click', function () { setSize(sizeIndex() - 1); });
  doc.getElementById('larger').addEventListener('click', function () { setSize(sizeIndex() + 1); });

  /* ---- corrections: the reading the learner typed replaces the word's ruby */
  function hira(s) {
    return s.replace(/[\u30a1-\u30f6]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0x60); });
  }
  function isKana(s) { return /^[\u3041-\u3096\u309d\u309e\u30fc]+$/.test(s); }
  /* The ruby of a corrected word: kana shared by the surface and the
     reading at either end stay plain (盗まれ ぬすまれ: 盗 over ぬす). */
  function rubyHtml(surface, reading) {
    var s = Array.from(surface), r = Array.from(reading), a = 0, z = 0;
    while (a < s.length && a < r.length && hira(s[a]) === r[a]) a++;
    while (z < s.length - a && z < r.length - a && hira(s[s.length - 1 - z]) === r[r.length - 1 - z]) z++;
    var esc = function (t) { var d = doc.createElement('span'); d.textContent = t; return d.innerHTML; };
    var base = s.slice(a, s.length - z).join(''), rt = r.slice(a, r.length - z).join('');
    if (!base) return esc(surface);
    return esc(s.slice(0, a).join('')) + '<ruby>' + esc(base) + '<rt>' + esc(rt) + '</rt></ruby>' +
      esc(s.slice(s.length - z).join(''));
  }
  function surfaceOf(w) { return w.getAttribute('data-surface'); }
  /* The surface without the readings: the text of the word's non-rt nodes. */
  function plainSurface(w) {
    var t = '';
    (function walk(n) {
      for (var c = n.firstChild; c; c = c.nextSibling) {
        if (c.nodeType === 3) t += c.data;
        else if (c.nodeName !== 'RT') walk(c);
      }
    })(w);
    return t;
  }
  words.forEach(function (w) { w.setAttribute('data-surface', plainSurface(w)); });
  function applyFix(surface) {
    words.forEach(function (w) {
      if (surfaceOf(w) !== surface) return;
      if (!w.hasAttribute('data-original')) {
        w.setAttribute('data-original', w.getAttribute('data-reading') || '');
        w.setAttribute('data-original-html', w.innerHTML);
      }
      if (fixes[surface]) {
        w.innerHTML = rubyHtml(surface, fixes[surface]);
        w.setAttribute('data-reading', fixes[surface]);
        w.classList.add('fixed');
      } else {
        w.innerHTML = w.getAttribute('data-original-html');
        w.setAttribute('data-reading', w.getAttribute('data-original'));
        w.classList.remove('fixed');
      }
    });
  }
  Object.keys(fixes).forEach(applyFix);

  /* ---- the popup */
  var pop = doc.getElementById('pop'), openWord = null;
  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function closePop(refocus) {
    if (!openWord) { pop.hidden = true; return; }
    var w = openWord;
    openWord = null;
    pop.hidden = true;
    w.classList.remove('open');
    w.removeAttribute('aria-expanded');
    if (refocus) w.focus();
  }
  function fillPop(w) {
    pop.textContent = '';
    var head = el('div');
    head.appendChild(el('span', 'lemma', w.getAttribute('data-lemma') || surfaceOf(w)));
    var rd = w.getAttribute('data-reading');
    if (rd && rd !== surfaceOf(w)) head.appendChild(doc.createTextNode(' (' + rd + ')'));
    var pos = w.getAttribute('data-name') || w.getAttribute('data-pos');
    if (pos) head.appendChild(el('span', 'pos', pos));
    pop.appendChild(head);
    var inf = w.getAttribute('data-infl');
    if (inf) pop.appendChild(el('div', 'infl', inf));
    /* The editors' own ruby, not our guess (until the learner corrects it). */
    if (w.hasAttribute('data-editorial') && !fixes[surfaceOf(w)]) pop.appendChild(el('div', 'ed', 'reading from the article'));
    /* A heteronym (class u): the reading shown and the others, with the
       share MeCab's lattice gives each ("reading:share" pairs). */
    var alts = w.getAttribute('data-alts');
    if (alts) {
      var pct = function (x) { return Math.round(parseFloat(x) * 100) + ' %'; };
      var ad = el('div', 'alts');
      ad.appendChild(el('span', 'alts-of', (w.getAttribute('data-alt-of') || surfaceOf(w)) + ': '));
      ad.appendChild(el('span', 'alt alt-chosen', pct(w.getAttribute('data-conf') || '1') + ' as shown'));
      alts.split(' ').forEach(function (p) {
        var i = p.lastIndexOf(':');
        if (i <= 0) return;
        ad.appendChild(doc.createTextNode(' \u00b7 '));
        ad.appendChild(el('span', 'alt', p.slice(0, i) + ' ' + pct(p.slice(i + 1))));
      });
      pop.appendChild(ad);
    }
    var g = w.getAttribute('data-gloss');
    if (g) pop.appendChild(el('div', 'gloss', g.replace(/^[^\u2014]*\u2014 /, '')));
    var acts = el('div', 'acts');
    var kb = el('button', 'known', isKnown(w) ? 'Known \u2713 (k)' : 'Mark known (k)');
    kb.type = 'button';
    kb.setAttribute('aria-pressed', isKnown(w) ? 'true' : 'false');
    kb.addEventListener('click', function () { toggleKnown(w); });
    acts.appendChild(kb);
    var form = el('form', 'fix');
    var inp = el('input');
    inp.type = 'text';
    inp.name = 'reading';
    inp.lang = 'ja';
    inp.placeholder = 'right reading';
    inp.setAttribute('aria-label', 'Correct reading (kana)');
    inp.value = fixes[surfaceOf(w)] || '';
    var sb = el('button', '', 'Correct');
    sb.type = 'submit';
    form.appendChild(inp);
    form.appendChild(sb);
    var err = el('div', 'err');
    err.setAttribute('role', 'alert');
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var v = hira(inp.value.trim()), s = surfaceOf(w);
      if (v && !isKana(v)) { err.textContent = 'A reading is kana only.'; return; }
      if (v) fixes[s] = v; else delete fixes[s];
      save('corrections', fixes);
      applyFix(s);
      fillPop(w);
      place(w);
    });
    acts.appendChild(form);
    if (fixes[surfaceOf(w)]) {
      var ub = el('button', 'undo', 'Undo correction');
      ub.type = 'button';
      ub.addEventListener('click', function () {
        delete fixes[surfaceOf(w)];
        save('corrections', fixes);
        applyFix(surfaceOf(w));
        fillPop(w);
      });
      acts.appendChild(ub);
    }
    acts.appendChild(err);
    pop.appendChild(acts);
  }
  function place(w) {
    var r = w.getBoundingClientRect();
    pop.style.left = Math.max(8, Math.min(window.scrollX + r.left,
      window.scrollX + root.clientWidth - pop.offsetWidth - 8)) + 'px';
    pop.style.top = (window.scrollY + r.bottom + 6) + 'px';
  }
  function openPop(w) {
    if (openWord && openWord !== w) closePop(false);
    openWord = w;
    w.classList.add('open');
    w.setAttribute('aria-expanded', 'true');
    fillPop(w);
    pop.hidden = false;
    place(w);
  }

  /* ---- known words */
  function toggleKnown(w) {
    var l = w.getAttribute('data-lemma');
    if (!l) return;
    var now = !isKnown(w);
    /* false is kept only where it overrides the page's --known list */
    if (now || words.some(function (x) { return x.getAttribute('data-lemma') === l && x.hasAttribute('data-known'); })) known[l] = now;
    else delete known[l];
    save('known', known);
    paint();
    if (openWord) fillPop(openWord);
    status((now ? 'Known: ' : 'Not known: ') + l);
  }
  function knownList() {
    var set = {};
    Object.keys(known).forEach(function (l) { if (known[l] === true) set[l] = 1; });
    words.forEach(function (w) {
      var l = w.getAttribute('data-lemma');
      if (w.hasAttribute('data-known') && known[l] !== false) set[l] = 1;
    });
    return Object.keys(set).sort();
  }
  var statusEl = doc.getElementById('tools-status');
  function status(m) { if (statusEl) statusEl.textContent = m; }
  function download(name, text) {
    var url = URL.createObjectURL(new Blob([text], {type: 'text/plain;charset=utf-8'}));
    var a = el('a');
    a.href = url;
    a.download = name;
    b.appendChild(a);
    a.click();
    a.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
  }
  /* The format `reader render --known` reads: one lemma a line, # comments. */
  doc.getElementById('known-export').addEventListener('click', function () {
    var l = knownList();
    download('known.txt', '# Known words (dictionary forms), exported from a libreader page.\n' +
      '# Use: reader render ARTICLE --known known.txt\n' + l.map(function (x) { return x + '\n'; }).join(''));
    status(l.length + ' known words exported');
  });
  doc.getElementById('known-import').addEventListener('change', function (e) {
    var f = e.target.files && e.target.files[0];
    if (!f) return;
    f.text().then(function (t) {
      var n = 0;
      t.split(/\r?\n/).forEach(function (line) {
        var l = line.trim();
        if (!l || l.charAt(0) === '#') return;
        known[l] = true;
        n++;
      });
      save('known', known);
      paint();
      status(n + ' known words imported');
      e.target.value = '';
    });
  });
  /* The format `reader render --overrides` reads: SURFACE<TAB>READING. */
  doc.getElementById('corrections-export').addEventListener('click', function () {
    var k = Object.keys(fixes).sort();
    download('overrides.tsv', '# Reading corrections, exported from a libreader page.\n' +
      '# Use: reader render ARTICLE --overrides overrides.tsv, or reader dict overrides.tsv -o user.dic\n' +
      k.map(function (s) { return s + '\t' + fixes[s] + '\n'; }).join(''));
    status(k.length + ' corrections exported');
  });

  /* ---- words: one tab stop (roving tabindex), arrows move, Enter/Space open */
  var current = null;
  function setCurrent(w, focus) {
    if (current) current.tabIndex = -1;
    current = w;
    w.tabIndex = 0;
    if (focus) w.focus();
  }
  words.forEach(function (w) {
    w.setAttribute('role', 'button');
    w.setAttribute('aria-haspopup', 'dialog');
  });
  if (words.length) setCurrent(words[0], false);
  function isWord(t) { return t && t.classList && t.classList.contains('w') && words.indexOf(t) >= 0; }
  function typing(t) { return t && (/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.nodeName) || t.isContentEditable); }

  doc.addEventListener('focusin', function (e) { if (isWord(e.target)) setCurrent(e.target, false); });
  doc.addEventListener('keydown', function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (e.key === 'Escape') {
      if (openWord) { e.preventDefault(); closePop(true); }
      return;
    }
    if (openWord && pop.contains(t)) return; /* the popup's own controls */
    if (isWord(t)) {
      var i = words.indexOf(t);
      if (e.key === 'ArrowRight' || e.key === 'ArrowDown') {
        e.preventDefault();
        if (i + 1 < words.length) { var open = !!openWord; closePop(false); setCurrent(words[i + 1], true); if (open) openPop(current); }
        return;
      }
      if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (i > 0) { var op = !!openWord; closePop(false); setCurrent(words[i - 1], true); if (op) openPop(current); }
        return;
      }
      if (e.key === 'Home' || e.key === 'End') { e.preventDefault(); setCurrent(words[e.key === 'Home' ? 0 : words.length - 1], true); return; }
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        if (openWord === t) closePop(true); else openPop(t);
        return;
      }
      if (e.key === 'Tab' && !e.shiftKey && openWord === t) {
        /* Tab from an open word goes into its popup (the corrections field). */
        var first = pop.querySelector('button, input');
        if (first) { e.preventDefault(); first.focus(); }
        return;
      }
    }
    if (typing(t)) return;
    if (e.key === 'f') { e.preventDefault(); setMode(MODES[(MODES.indexOf(b.getAttribute('data-furigana')) + 1) % MODES.length]); }
    else if (e.key === 'k') {
      var w = isWord(t) ? t : openWord;
      if (w) { e.preventDefault(); toggleKnown(w); }
    }
  });

  /* Mouse and touch: a tap opens the popup; a tap elsewhere closes it. */
  doc.addEventListener('click', function (e) {
    var w = e.target.closest && e.target.closest('main .w');
    if (w && isWord(w)) { setCurrent(w, false); if (openWord === w) closePop(false); else openPop(w); return; }
    if (openWord && !pop.contains(e.target)) closePop(false);
  });

  /* ---- start: saved settings, then #furigana= in the address */
  if (typeof settings.furigana === 'string') setMode(settings.furigana, true);
  var h = /furigana=(all|unknown|none)/.exec(location.hash);
  if (h) setMode(h[1], true);
  if (typeof settings.names === 'boolean') setNames(settings.names, true);
  setTheme(typeof settings.theme === 'string' ? settings.theme : 'auto', true);
  if (typeof settings.size === 'number') setSize(settings.size, true);
  paint();
})();
