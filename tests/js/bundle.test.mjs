// d2l_utils/widgets/bundle.py: the real widgets bundled into one module and converted to
// the classic scripts the book writes into a page's head (classic_script) define the same
// default export as the module imported, and book/static/d2l-widgets.js finds them where
// they put it. Python writes the texts (PYTHON, else .venv/bin/python, else python3); Node
// runs them. Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PYTHON = process.env.PYTHON
  || [join(ROOT, ".venv", "bin", "python")].find((path) => existsSync(path)) || "python3";

// Each widget's `_esm` (bundle() of its files, as its class makes it), its classic script
// under the name the book gives its module file, and the loader the page's state holds.
const TEXTS = `
import json
from book import widget_modules
from d2l_utils.widgets import ImageWindow, SlidingWindow, bundle
widgets = {}
for cls in (SlidingWindow, ImageWindow):
    name = widget_modules.module_file(cls._esm)
    widgets[cls.__name__] = {"name": name, "esm": cls._esm,
                             "classic": bundle.classic_script(cls._esm, name),
                             "loader": widget_modules.loader("_static/widget-modules/" + name)}
print(json.dumps({"registry": bundle.CLASSIC_MODULES, "widgets": widgets}))
`;
const { registry, widgets } = JSON.parse(execFileSync(PYTHON, ["-c", TEXTS], {
  cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20,
}));

/** The module text imported as a module (from a file, as the book's module file is). */
async function imported(esm) {
  const folder = mkdtempSync(join(tmpdir(), "d2l-bundle-"));
  try {
    const file = join(folder, "module.mjs");
    writeFileSync(file, esm);
    return await import(pathToFileURL(file).href);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** What a value is, to compare across the two: functions by their source. */
function shape(value) {
  if (typeof value === "function") return `function ${String(value)}`;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.keys(value).sort().map((key) => [key, shape(value[key])]));
}

for (const [widget, { name, esm, classic, loader }] of Object.entries(widgets)) {
  test(`${widget}: the classic script defines what the module exports by default`, async () => {
    assert.ok(classic, "bundle.classic_script found the bundle not convertible");
    const window = {};
    const context = vm.createContext({ window });
    vm.runInContext(classic, context, { filename: `${name}.classic.js` });
    assert.deepEqual(Object.keys(context), ["window"], "the script left a global of its own");
    assert.deepEqual(Object.keys(window), [registry]);
    assert.deepEqual(Object.keys(window[registry]), [name]);
    const module = await imported(esm);
    assert.equal(typeof module.default.render, "function");
    assert.deepEqual(shape(window[registry][name]), shape(module.default));
  });

  test(`${widget}: d2l-widgets.js takes the module the classic script defined`, async () => {
    // A page after parsing, with the module's classic script in its head: d2l-widgets.js
    // reads the loader of the saved state and draws with what the script defined (no import).
    const window = { d2lWidgetModules: undefined };
    let drawnWith = null;
    const element = () => ({ classList: { add() {} }, setAttribute() {}, appendChild() {} });
    const document = {
      readyState: "complete", baseURI: "http://book.example/chapters/page.html",
      head: element(), createElement: element,
      querySelector: () => null, querySelectorAll: () => [], getElementsByTagName: () => [],
    };
    const context = vm.createContext({ window, document, console, Promise, URL, setTimeout });
    context.window = context;
    vm.runInContext(classic, context);
    const defined = context[registry][name];
    defined.render = ({ el }) => { drawnWith = el; };
    vm.runInContext(readFileSync(join(ROOT, "book", "static", "d2l-widgets.js"), "utf8"), context);
    const { Model, draw } = context.d2lWidgets;
    const model = new Model("m", { model_module: "anywidget", model_name: "AnyModel",
                                   state: { _esm: loader } }, null);
    await draw(element(), model);
    assert.ok(drawnWith, `d2l-widgets.js did not draw with window.${registry}["${name}"]`);
  });
}
