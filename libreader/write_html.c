/* The reader page: one self-contained HTML file (inline CSS and JS,
 * nothing fetched). Each section is a row: the Japanese with ruby
 * furigana on the left, its English summary on the right (below on a
 * narrow screen). A control shows readings on all words, on words not in
 * the known-words list, or on none; glosses show on hover (title) or tap. */
#include <stdlib.h>
#include <string.h>

#include "write_internal.h"
#include "write_common.h"
#include "reader/summaries.h"

static const char css[] =
  ":root{--ink:#1f2328;--muted:#656d76;--paper:#fbfaf6;--card:#fff;--line:#e4e0d6;--accent:#b5412d;"
  "--en:#f4f1e8;--enink:#37352f}\n"
  "*{box-sizing:border-box}\n"
  "html{-webkit-text-size-adjust:100%}\n"
  "body{margin:0;background:var(--paper);color:var(--ink);"
  "font-family:\"Noto Sans CJK JP\",\"Noto Sans JP\",\"Hiragino Kaku Gothic ProN\",\"Hiragino Sans\",\"Yu Gothic\",YuGothic,Meiryo,sans-serif;"
  "font-size:18px;line-height:2.15;font-feature-settings:\"palt\" 0;text-rendering:optimizeLegibility}\n"
  ".bar{position:sticky;top:0;z-index:5;background:rgba(251,250,246,.94);backdrop-filter:blur(4px);"
  "border-bottom:1px solid var(--line);font:14px/1.4 system-ui,\"Noto Sans\",\"Noto Sans CJK JP\",sans-serif}\n"
  ".bar .in{max-width:76rem;margin:0 auto;padding:.55rem 1.5rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}\n"
  ".bar .label{color:var(--muted)}\n"
  ".seg{display:inline-flex;border:1px solid var(--line);border-radius:999px;overflow:hidden;background:var(--card)}\n"
  ".seg input{position:absolute;opacity:0;pointer-events:none}\n"
  ".seg label{padding:.3rem .9rem;cursor:pointer;color:var(--muted);user-select:none}\n"
  ".seg input:checked+label{background:var(--ink);color:#fff}\n"
  ".seg input:focus-visible+label{outline:2px solid var(--accent);outline-offset:-2px}\n"
  ".bar .hint{color:var(--muted);margin-left:auto}\n"
  "main{max-width:76rem;margin:0 auto;padding:1.5rem 1.5rem 4rem}\n"
  ".row{display:grid;grid-template-columns:minmax(0,1fr) minmax(15rem,22rem);gap:2.5rem;align-items:start}\n"
  ".ja{min-width:0}\n"
  ".en{font-family:Charter,\"Bitstream Charter\",Georgia,\"Noto Serif\",serif;font-size:16px;line-height:1.6;color:var(--enink);"
  "background:var(--en);border-left:3px solid var(--accent);border-radius:0 6px 6px 0;padding:.8rem 1rem;margin-top:.6rem}\n"
  ".en p{margin:0 0 .6em}.en p:last-child{margin:0}\n"
  ".en .tag{display:block;font:600 11px/1.2 system-ui,sans-serif;letter-spacing:.08em;text-transform:uppercase;color:var(--accent);margin-bottom:.35rem}\n"
  ".front{border-bottom:1px solid var(--line);padding-bottom:1.5rem;margin-bottom:1rem}\n"
  "h1{font-size:1.75rem;line-height:1.9;margin:.4rem 0 .2rem;font-weight:700}\n"
  ".headline{color:var(--muted);font-size:1.05rem;margin:0 0 .8rem}\n"
  ".lead{font-size:1.08rem}\n"
  "h2,h3,h4{line-height:1.9;margin:1.6rem 0 .3rem}\n"
  "h2{font-size:1.4rem;border-bottom:2px solid var(--ink);padding-bottom:.1rem}\n"
  "h3{font-size:1.15rem}\n"
  "h4{font-size:1.05rem}\n"
  ".num{color:var(--accent);margin-right:.4em;font-variant-numeric:tabular-nums}\n"
  "section.sec{margin:0}\n"
  "p{margin:.3rem 0 .9rem}\n"
  "ruby{ruby-position:over;ruby-align:center}\n"
  "rt{font-size:.5em;line-height:1;color:#6a5f55;font-weight:400;user-select:none}\n"
  "body.furi-none rt,body.furi-unknown .k rt{display:none}\n"
  ".w[title]{cursor:help;border-bottom:1px dotted transparent}\n"
  ".w[title]:hover{border-bottom-color:var(--accent);background:#fff3cf}\n"
  ".cite{font-size:.7em;line-height:1;vertical-align:super;margin-left:.1em}\n"
  ".cite a{color:var(--accent);text-decoration:none}\n"
  ".cite a:hover{text-decoration:underline}\n"
  ".afterword{margin-top:2.5rem;border-top:4px double var(--line);padding-top:.5rem}\n"
  ".question{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--accent);"
  "border-radius:6px;padding:.8rem 1.1rem;margin:1rem 0 1.2rem;font-weight:500}\n"
  ".question .q{display:inline-block;background:var(--accent);color:#fff;font:700 13px/1.6 system-ui,sans-serif;"
  "border-radius:4px;padding:0 .45rem;margin-right:.6rem;vertical-align:.15em}\n"
  ".refs{font:13px/1.6 system-ui,sans-serif;color:var(--muted);margin:1.2rem 0;padding-left:2.2rem;word-break:break-all}\n"
  ".refs a{color:var(--muted)}\n"
  ".refs-title{font:600 12px/1.4 system-ui,sans-serif;letter-spacing:.08em;text-transform:uppercase;color:var(--muted);margin-top:1.5rem}\n"
  "#pop{position:absolute;z-index:10;max-width:22rem;background:var(--ink);color:#fff;border-radius:6px;"
  "padding:.45rem .7rem;font:14px/1.45 system-ui,\"Noto Sans CJK JP\",sans-serif;box-shadow:0 6px 20px rgba(0,0,0,.2)}\n"
  "#pop[hidden]{display:none}\n"
  "footer{max-width:76rem;margin:0 auto;padding:0 1.5rem 2rem;font:12px/1.5 system-ui,sans-serif;color:var(--muted)}\n"
  "@media (max-width:60rem){.row{grid-template-columns:minmax(0,1fr);gap:0}.en{margin:0 0 1rem}.bar .hint{display:none}"
  "main{padding:1rem}body{font-size:17px}}\n"
  "@media print{.bar,#pop{display:none}.row{grid-template-columns:minmax(0,1fr) 16rem}}\n";

/* Furigana control (radio buttons set the body class; #furigana=none in
 * the address works too) and the gloss popup for taps. */
static const char js[] =
  "(function(){\n"
  "var b=document.body,modes=['all','unknown','none'];\n"
  "function set(m){if(modes.indexOf(m)<0)return;modes.forEach(function(x){b.classList.remove('furi-'+x)});"
  "b.classList.add('furi-'+m);var r=document.querySelector('input[name=furigana][value='+m+']');if(r)r.checked=true;}\n"
  "document.querySelectorAll('input[name=furigana]').forEach(function(r){r.addEventListener('change',function(){set(r.value)})});\n"
  "var h=/furigana=(all|unknown|none)/.exec(location.hash);if(h)set(h[1]);\n"
  "var pop=document.getElementById('pop');\n"
  "document.addEventListener('click',function(e){var w=e.target.closest&&e.target.closest('.w[title]');\n"
  "if(!w){pop.hidden=true;return;}pop.textContent=w.title;pop.hidden=false;var r=w.getBoundingClientRect();\n"
  "pop.style.left=Math.max(8,Math.min(window.scrollX+r.left,window.scrollX+document.documentElement.clientWidth-pop.offsetWidth-8))+'px';\n"
  "pop.style.top=(window.scrollY+r.bottom+6)+'px';});\n"
  "})();\n";

static void esc(rd__sink *k, const char *s, size_t len) { rd__sink_escape(k, s, len, RD__ESC_QUOT); }

static void escz(rd__sink *k, const char *s) {
  if (s) esc(k, s, strlen(s));
}

static int safe_url(const char *u) {
  return u && (!strncmp(u, "https://", 8) || !strncmp(u, "http://", 7));
}

typedef struct hctx {
  const rd_doc *doc;
  rd__sink *k;
  const rd_write_options *o;
  rd__buf tmp;
} hctx;

/* The hover text of a word: "盗む (ぬすむ) — to steal; to rob". */
static int gloss_title(hctx *c, const rd_node *t) {
  size_t ng = rd_token_gloss_count(t);
  if (!ng) return 0;
  if (rd__token_known(t, c->o) && !(c->o->flags & RD_WRITE_GLOSS_KNOWN)) return 0;
  c->tmp.len = 0;
  const char *lemma = rd_token_lemma(t) ? rd_token_lemma(t) : rd_node_text(t, NULL);
  rd__buf_puts(&c->tmp, lemma);
  char *lr = rd__lemma_reading(t);
  int kanji = 0; /* a reading helps only where the lemma has kanji */
  for (const char *p = lemma; p && *p && !kanji;) {
    uint32_t cp;
    size_t n = rd__utf8_decode(p, strlen(p), &cp);
    if (!n) break;
    kanji = rd__is_kanji(cp);
    p += n;
  }
  if (lr && kanji) rd__buf_printf(&c->tmp, " (%s)", lr);
  free(lr);
  rd__buf_puts(&c->tmp, " \xE2\x80\x94 ");
  for (size_t i = 0; i < ng && i < 4; i++) rd__buf_printf(&c->tmp, "%s%s", i ? "; " : "", rd_token_gloss_at(t, i));
  return !c->tmp.oom;
}

static void put_token(hctx *c, const rd_node *t) {
  rd__sink *k = c->k;
  size_t sl;
  const char *s = rd_node_text(t, &sl);
  size_t nr = rd_token_ruby_count(t);
  int titled = gloss_title(c, t), known = rd__token_known(t, c->o);
  if (!nr && !titled) { esc(k, s, sl); return; }
  rd__sink_printf(k, "<span class=\"w%s\"", known ? " k" : "");
  if (titled) {
    rd__sink_puts(k, " title=\"");
    esc(k, c->tmp.ptr, c->tmp.len);
    rd__sink_putc(k, '"');
  }
  rd__sink_putc(k, '>');
  /* Display groups: touching segments (流[りゅう]出[しゅつ]) are one ruby, as a
   * browser widens each base to its reading and per-kanji bases would open
   * gaps inside the word. */
  size_t pos = 0;
  for (size_t i = 0; i < rd_token_ruby_group_count(t); i++) {
    rd_ruby r;
    if (!rd_token_ruby_group_at(t, i, &r) || r.start < pos || r.start + r.len > sl) continue;
    esc(k, s + pos, r.start - pos);
    rd__sink_puts(k, "<ruby>");
    esc(k, s + r.start, r.len);
    rd__sink_puts(k, "<rt>");
    esc(k, r.reading, r.reading_len);
    rd__sink_puts(k, "</rt></ruby>");
    pos = r.start + r.len;
  }
  esc(k, s + pos, sl - pos);
  rd__sink_puts(k, "</span>");
}

static void put_citation(hctx *c, const rd_node *ci) {
  const rd_node *ref = rd_citation_target(ci);
  const char *url = ref ? rd_reference_url(ref) : NULL;
  unsigned n = rd_node_number(ci);
  if (safe_url(url)) {
    rd__sink_puts(c->k, "<sup class=\"cite\"><a href=\"");
    escz(c->k, url);
    rd__sink_puts(c->k, "\" title=\"");
    escz(c->k, url);
    rd__sink_printf(c->k, "\">[%u]</a></sup>", n);
  } else {
    rd__sink_printf(c->k, "<sup class=\"cite\">[%u]</sup>", n);
  }
}

static void put_sentence(hctx *c, const rd_node *s) {
  size_t tl;
  const char *text = rd_node_text(s, &tl);
  if (!rd_sentence_token_count(s)) {
    /* Not annotated: the text, with the citations where they stood. */
    size_t pos = 0;
    for (size_t i = 0; i < rd_sentence_citation_count(s); i++) {
      const rd_node *ci = rd_sentence_citation_at(s, i);
      size_t off = rd_citation_text_offset(ci);
      if (off < pos || off > tl) continue;
      esc(c->k, text + pos, off - pos);
      put_citation(c, ci);
      pos = off;
    }
    esc(c->k, text + pos, tl - pos);
    return;
  }
  size_t srclen, prev_end = 0;
  const char *src = rd_doc_source(c->doc, &srclen);
  for (const rd_node *ch = rd_node_first_child(s); ch; ch = rd_node_next(ch)) {
    size_t a, e;
    rd_node_span(ch, &a, &e);
    if (prev_end && a > prev_end && a <= srclen && rd__all_space(src + prev_end, a - prev_end)) esc(c->k, src + prev_end, a - prev_end);
    if (rd_node_kind_of(ch) == RD_NODE_TOKEN) put_token(c, ch);
    else if (rd_node_kind_of(ch) == RD_NODE_CITATION) put_citation(c, ch);
    prev_end = e;
  }
}

static void put_sentences(hctx *c, const rd_node *b) {
  for (size_t i = 0; i < rd_block_sentence_count(b); i++) put_sentence(c, rd_block_sentence_at(b, i));
}

static void put_summary_p(hctx *c, const char *tag, const char *s) {
  if (!s) return;
  rd__sink_puts(c->k, "<p>");
  if (tag) rd__sink_printf(c->k, "<span class=\"tag\">%s</span>", tag);
  escz(c->k, s);
  rd__sink_puts(c->k, "</p>");
}

static void put_references(hctx *c, const rd_node *refs) {
  rd__sink_puts(c->k, "\n<div class=\"refs-title\">Sources</div>\n<ol class=\"refs\">");
  for (const rd_node *r = rd_node_first_child(refs); r; r = rd_node_next(r)) {
    const char *url = rd_reference_url(r);
    rd__sink_printf(c->k, "\n<li value=\"%u\">", rd_node_number(r));
    if (safe_url(url)) {
      rd__sink_puts(c->k, "<a href=\"");
      escz(c->k, url);
      rd__sink_puts(c->k, "\">");
      escz(c->k, url);
      rd__sink_puts(c->k, "</a>");
    } else {
      escz(c->k, url);
    }
    rd__sink_puts(c->k, "</li>");
  }
  rd__sink_puts(c->k, "\n</ol>");
}

static void put_block(hctx *c, const rd_node *b) {
  rd__sink *k = c->k;
  switch (rd_node_kind_of(b)) {
  case RD_NODE_PARAGRAPH:
    rd__sink_puts(k, rd_doc_lead(c->doc) == b ? "\n<p class=\"lead\">" : "\n<p>");
    put_sentences(c, b);
    rd__sink_puts(k, "</p>");
    break;
  case RD_NODE_QUESTION:
    rd__sink_puts(k, "\n<div class=\"question\"><span class=\"q\">Q</span>");
    put_sentences(c, b);
    rd__sink_puts(k, "</div>");
    break;
  case RD_NODE_REFERENCES: put_references(c, b); break;
  /* A page rooted at a smaller node shows just that node. */
  case RD_NODE_HEADING:
    rd__sink_puts(k, "\n<h2>");
    put_sentences(c, b);
    rd__sink_puts(k, "</h2>");
    break;
  case RD_NODE_SENTENCE:
  case RD_NODE_TOKEN:
  case RD_NODE_CITATION:
    rd__sink_puts(k, "\n<p>");
    if (rd_node_kind_of(b) == RD_NODE_SENTENCE) put_sentence(c, b);
    else if (rd_node_kind_of(b) == RD_NODE_TOKEN) put_token(c, b);
    else put_citation(c, b);
    rd__sink_puts(k, "</p>");
    break;
  case RD_NODE_REFERENCE:
    rd__sink_puts(k, "\n<p>");
    escz(k, rd_reference_url(b));
    rd__sink_puts(k, "</p>");
    break;
  default: break;
  }
}

/* The children of the page's root in the front row and in the sections
 * that follow: a DOCUMENT's children, or any other root on its own. */
static const rd_node *first_of(const rd_node *root) {
  return rd_node_kind_of(root) == RD_NODE_DOCUMENT ? rd_node_first_child(root) : root;
}
static const rd_node *next_of(const rd_node *root, const rd_node *ch) { return ch == root ? NULL : rd_node_next(ch); }
static int in_front(const rd_node *root, const rd_node *ch) {
  rd_node_kind kind = rd_node_kind_of(ch);
  if (ch != root) return kind == RD_NODE_PARAGRAPH || kind == RD_NODE_QUESTION;
  return kind != RD_NODE_SECTION && kind != RD_NODE_REFERENCES && kind != RD_NODE_DOCUMENT;
}

static void put_section(hctx *c, const rd_node *sec) {
  rd__sink *k = c->k;
  int level = rd_section_level(sec);
  int hl = level < 1 ? 2 : level > 3 ? 4 : level + 1;
  const char *id = rd_section_id(sec);
  rd__sink_printf(k, "\n<section class=\"sec level-%d%s\" id=\"s-", level, rd_section_is_afterword(sec) ? " afterword" : "");
  escz(k, id);
  rd__sink_puts(k, "\" data-section=\"");
  escz(k, id);
  /* A heading only the table of contents had: programs may want to know. */
  rd__sink_puts(k, rd_section_is_synthesized(sec) ? "\" data-synthesized=\"true\">" : "\">");
  rd__sink_puts(k, "\n<div class=\"row\">\n<div class=\"ja\">");
  const rd_node *h = rd_section_heading(sec);
  rd__sink_printf(k, "\n<h%d>", hl);
  if (!rd_section_is_afterword(sec) && id) {
    rd__sink_puts(k, "<span class=\"num\">");
    escz(k, id);
    rd__sink_puts(k, level == 1 ? ".</span>" : "</span>");
  }
  if (h) put_sentences(c, h);
  if (h && !rd_block_sentence_count(h)) escz(k, rd_node_text(h, NULL));
  rd__sink_printf(k, "</h%d>", hl);
  for (const rd_node *ch = rd_node_first_child(sec); ch; ch = rd_node_next(ch)) {
    rd_node_kind kind = rd_node_kind_of(ch);
    if (kind == RD_NODE_PARAGRAPH || kind == RD_NODE_QUESTION ||
        (kind == RD_NODE_REFERENCES && !rd_section_subsection_count(sec)))
      put_block(c, ch);
  }
  rd__sink_puts(k, "\n</div>");
  const rd_node *q = rd_section_question(sec);
  const char *sum = rd_node_summary(sec), *qsum = q ? rd_node_summary(q) : NULL;
  if (sum || qsum) {
    rd__sink_puts(k, "\n<aside class=\"en\" lang=\"en\">");
    put_summary_p(c, "Summary", sum);
    put_summary_p(c, "The question", qsum);
    rd__sink_puts(k, "</aside>");
  }
  rd__sink_puts(k, "\n</div>");
  for (const rd_node *ch = rd_node_first_child(sec); ch; ch = rd_node_next(ch)) {
    rd_node_kind kind = rd_node_kind_of(ch);
    if (kind == RD_NODE_SECTION) put_section(c, ch);
    else if (kind == RD_NODE_REFERENCES && rd_section_subsection_count(sec)) put_block(c, ch);
  }
  rd__sink_puts(k, "\n</section>");
}

rd_status rd__write_html(rd__sink *k, const rd_node *root, const rd_write_options *o) {
  const rd_doc *doc = rd_node_doc(root);
  hctx c = {doc, k, o, RD__BUF_INIT};
  /* Rooted below the DOCUMENT, the front (title, headline, lead) is not part of the page. */
  int whole = rd_node_kind_of(root) == RD_NODE_DOCUMENT;
  const rd_node *title = whole ? rd_doc_title(doc) : NULL, *headline = whole ? rd_doc_headline(doc) : NULL,
                *lead = whole ? rd_doc_lead(doc) : NULL;
  static const char *const modes[] = {"all", "unknown", "none"};
  const char *mode = modes[o->furigana <= RD_FURIGANA_NONE ? o->furigana : 0];
  rd__sink_puts(k, "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
  rd__sink_printf(k, "<meta name=\"generator\" content=\"libreader %s\">\n<title>", rd_version());
  const rd_node *tnode = whole ? (title ? title : headline) : rd_doc_title(doc) ? rd_doc_title(doc) : rd_doc_headline(doc);
  if (tnode) escz(k, rd_node_text(tnode, NULL));
  else if (rd_doc_name(doc)) escz(k, rd_doc_name(doc));
  else rd__sink_puts(k, "Reader");
  rd__sink_printf(k, "</title>\n<style>\n%s</style>\n</head>\n<body class=\"furi-%s\">\n", css, mode);
  rd__sink_puts(k, "<div class=\"bar\"><div class=\"in\"><span class=\"label\">\xE3\x81\xB5\xE3\x82\x8A\xE3\x81\x8C\xE3\x81\xAA"
                   " Furigana</span><span class=\"seg\" role=\"radiogroup\" aria-label=\"Furigana\">");
  static const char *const labels[] = {"All words", "Words I don't know", "None"};
  for (int i = 0; i < 3; i++)
    rd__sink_printf(k, "<input type=\"radio\" name=\"furigana\" id=\"furi-%s\" value=\"%s\"%s><label for=\"furi-%s\">%s</label>",
                    modes[i], modes[i], !strcmp(mode, modes[i]) ? " checked" : "", modes[i], labels[i]);
  rd__sink_puts(k, "</span><span class=\"hint\">Hover or tap a word for its English.</span></div></div>\n<main>\n<article>");
  /* The front: title, headline, lead and other paragraphs before the first section. */
  rd__sink_puts(k, "\n<div class=\"row front\">\n<div class=\"ja\">");
  if (title) { rd__sink_puts(k, "\n<h1>"); put_sentences(&c, title); rd__sink_puts(k, "</h1>"); }
  if (headline) { rd__sink_puts(k, "\n<p class=\"headline\">"); put_sentences(&c, headline); rd__sink_puts(k, "</p>"); }
  for (const rd_node *ch = first_of(root); ch; ch = next_of(root, ch))
    if (in_front(root, ch)) put_block(&c, ch);
  rd__sink_puts(k, "\n</div>");
  const char *ts = title ? rd_node_summary(title) : NULL, *ls = lead ? rd_node_summary(lead) : NULL;
  if (ts || ls) {
    rd__sink_puts(k, "\n<aside class=\"en\" lang=\"en\">");
    put_summary_p(&c, "Title", ts);
    put_summary_p(&c, "In brief", ls);
    rd__sink_puts(k, "</aside>");
  }
  rd__sink_puts(k, "\n</div>");
  for (const rd_node *ch = first_of(root); ch; ch = next_of(root, ch)) {
    if (rd_node_kind_of(ch) == RD_NODE_SECTION) put_section(&c, ch);
    else if (rd_node_kind_of(ch) == RD_NODE_REFERENCES) put_block(&c, ch);
  }
  rd__sink_puts(k, "\n</article>\n</main>\n<footer>Made with libreader");
  if (rd_doc_name(doc)) { rd__sink_puts(k, " from "); escz(k, rd_doc_name(doc)); }
  int glossed = 0;
  for (size_t i = 0; i < rd_doc_token_count(doc) && !glossed; i++) glossed = rd_token_gloss_count(rd_doc_token_at(doc, i)) > 0;
  if (glossed) rd__sink_puts(k, ". English glosses: EDICT, \xC2\xA9 the Electronic Dictionary Research and Development Group, CC BY-SA 4.0");
  rd__sink_printf(k, ".</footer>\n"
                     "<div id=\"pop\" role=\"tooltip\" hidden></div>\n<script>\n%s</script>\n</body>\n</html>\n", js);
  if (c.tmp.oom) rd__sink_fail(k, rd__oom());
  rd__buf_dispose(&c.tmp);
  return k->st;
}
