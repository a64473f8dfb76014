// TeX to SVG at build time, for book/d2l_book.py's math renderer: the pages carry their
// formulas as MathJax SVG (with MathJax's assistive MathML for screen readers) and load
// no MathJax at all. Same MathJax as the one npm installs for the book (package.json).
//
// One JSON request per line on stdin, one JSON answer per line on stdout:
//   {"op": "render", "tex": "n_h - k_h + 1", "display": false}
//       -> {"html": "<mjx-container ...>...</mjx-container>",
//           "glyphs": {"MJX-TEX-I-1D45B": "<path id=... d=...></path>", ...}}
//          or {"error": "..."}
//       The formula's <use> elements point at glyphs by id; "glyphs" holds the ones this
//       process has not sent before (book/math_svg.py keeps them all and writes those a
//       page uses into it once).
//   {"op": "css"}    -> {"css": "..."}  MathJax's SVG stylesheet (containers, assistive MathML)
//   {"op": "version"} -> {"version": "3.2.2"}
//
// TeX errors and undefined macros are errors (no "noundefined" package, and formatError
// throws), so a typo fails the build instead of showing red text on the page.
"use strict";

const readline = require("readline");

const mathjax = require("mathjax");

function answer(value) {
  process.stdout.write(JSON.stringify(value) + "\n");
}

mathjax.init({
  loader: { load: ["input/tex", "output/svg", "a11y/assistive-mml"] },
  tex: {
    packages: { "[-]": ["noundefined"] },
    formatError: (jax, err) => { throw err; },
  },
  svg: { fontCache: "global" },
  startup: { typeset: false },
}).then((MathJax) => {
  const adaptor = MathJax.startup.adaptor;
  const cache = MathJax.startup.output.fontCache;
  const sent = new Set();
  function newGlyphs() {
    const glyphs = {};
    for (const node of adaptor.childNodes(cache.getCache())) {
      const id = adaptor.getAttribute(node, "id");
      if (id && !sent.has(id)) {
        sent.add(id);
        glyphs[id] = adaptor.outerHTML(node);
      }
    }
    return glyphs;
  }
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let request;
    try {
      request = JSON.parse(line);
    } catch (err) {
      answer({ error: "unreadable request: " + err.message });
      return;
    }
    try {
      if (request.op === "render") {
        const node = MathJax.tex2svg(String(request.tex), { display: !!request.display });
        answer({ html: adaptor.outerHTML(node), glyphs: newGlyphs() });
      } else if (request.op === "version") {
        answer({ version: MathJax.version });
      } else if (request.op === "css") {
        answer({ css: adaptor.textContent(MathJax.svgStylesheet()) });
      } else {
        answer({ error: "unknown op " + JSON.stringify(request.op) });
      }
    } catch (err) {
      answer({ error: (err && err.message) || String(err) });
    }
  });
}).catch((err) => {
  process.stderr.write("MathJax could not start: " + ((err && err.stack) || err) + "\n");
  process.exit(1);
});
