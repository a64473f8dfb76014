"""d2l_utils.widgets.bundle: the widgets' ES modules joined into one `_esm` string."""
import json
import re
import shutil
import subprocess

import pytest

from d2l_utils.widgets.bundle import HERE, bundle
from d2l_utils.widgets import sliding_window
from d2l_utils.widgets.sliding_window import SlidingWindow


def write(folder, files):
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf8")
    return folder


def test_imports_of_earlier_files_are_dropped_and_the_rest_kept(tmp_path):
    write(tmp_path, {
        "core.js": "export const A = 1;\nexport function twice(x) { return 2 * x; }\n",
        "view.js": ('import {\n  A,\n  twice,\n} from "./core.js";\n'
                    "export default { render() { return twice(A); } };\n"),
    })
    text = bundle("core.js", "view.js", folder=tmp_path)
    assert "import" not in text
    assert text.index("export const A = 1;") < text.index("export default")
    assert "return twice(A);" in text


@pytest.mark.parametrize("files, names, message", [
    ({"core.js": "export const A = 1;\n",
      "view.js": 'import { A } from "./core.js";\nimport { B } from "./other.js";\n'},
     ("core.js", "view.js"), "view.js imports './other.js', which is not bundled before it"),
    ({"core.js": "export const A = 1;\n", "view.js": "import { A } from './core.js';\n"},
     ("view.js", "core.js"), "view.js imports './core.js', which is not bundled before it"),
    ({"core.js": "export const A = 1;\n", "view.js": 'import { A as B } from "./core.js";\n'},
     ("core.js", "view.js"), "view.js imports { A as B } from './core.js': only"),
    ({"core.js": "export const A = 1;\n", "view.js": 'import * as core from "./core.js";\n'},
     ("core.js", "view.js"), "view.js imports * as core from './core.js': only"),
    ({"view.js": 'import shared from "../shared.js";\n'},
     ("view.js",), "view.js imports '../shared.js', which is not bundled before it"),
], ids=["another local file", "core after the view", "renamed", "namespace", "parent folder"])
def test_an_import_that_cannot_be_bundled_fails_loudly(tmp_path, files, names, message):
    write(tmp_path, files)
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        bundle(*names, folder=tmp_path)


def test_no_files_is_an_error():
    with pytest.raises(ValueError, match="at least one file"):
        bundle()


def test_the_sliding_window_module_is_the_bundle_of_its_files():
    esm = SlidingWindow._esm
    assert esm == bundle(*sliding_window.MODULES)
    assert 'from "./' not in esm and "from './" not in esm
    core = (HERE / "strings.js").read_text(encoding="utf8")
    table = json.loads((HERE / "strings.json").read_text(encoding="utf8"))
    embedded = f"const STRINGS = {json.dumps(table, ensure_ascii=False)};"
    assert core.replace('import STRINGS from "./strings.json" with { type: "json" };', embedded) in esm
    assert esm.count("const STRINGS = ") == 1


def test_a_json_module_becomes_a_const_holding_its_data(tmp_path):
    write(tmp_path, {
        "words.json": '{"play": {"en": "Play", "zh": "播放"}}\n',
        "core.js": ('import WORDS from "./words.json" with { type: "json" };\n'
                    "export const PLAY = WORDS.play.zh;\n"),
        "view.js": 'import { PLAY } from "./core.js";\nexport default { render() { return PLAY; } };\n',
    })
    text = bundle("core.js", "view.js", folder=tmp_path)
    assert "import" not in text
    assert 'const WORDS = {"play": {"en": "Play", "zh": "播放"}};\n' in text


def printed_by_the_bundle(tmp_path, expression):
    """What Node prints of ``expression`` (of the module ``m``) with SlidingWindow._esm loaded as m."""
    module = tmp_path / "bundle.mjs"
    module.write_text(SlidingWindow._esm, encoding="utf8")
    script = f"import(process.argv[1]).then((m) => console.log({expression}))"
    run = subprocess.run(["node", "--input-type=module", "-e", script, module.as_uri()],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    return run.stdout.split()


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
def test_the_bundle_speaks_chinese_in_node(tmp_path):
    """The embedded table is the one the module reads: say() answers from it."""
    printed = printed_by_the_bundle(
        tmp_path, "m.say('zh', 'sum.where', { row: 0, col: 0 }), m.say('zh', 'play.play')")
    assert printed == ["输出第", "0", "行第", "0", "列：", "播放"]


@pytest.mark.skipif(shutil.which("node") is None, reason="Node is not installed")
def test_the_bundle_is_one_module_node_can_load(tmp_path):
    """The joined module parses and exports render, with nothing left to resolve."""
    assert printed_by_the_bundle(tmp_path, "typeof m.default.render, typeof m.formatNumber") == [
        "function", "function"]
