"""book/widget_modules.py: a page's widget state loses its module sources and its large
buffers to files under _static/, as Sphinx hands the page's context over."""
import base64
import json
from types import SimpleNamespace

import pytest
from sphinx.builders.html._assets import _JavaScript

from book import atomic_write, widget_data, widget_modules

ESM = "export default {\n  render({ el }) { el.textContent = 'hi'; }\n};\n"
PICTURE = bytes(range(256)) * 32


def page(tmp_path, state):
    """(app, context) of a page two folders down holding ``state`` as myst-nb writes it."""
    app = SimpleNamespace(outdir=str(tmp_path))
    scripts = [_JavaScript("_static/doctools.js", priority=200),
               _JavaScript(None, priority=500, type=widget_modules.STATE_TYPE,
                           body=json.dumps(state))]
    context = {"script_files": scripts, "pathto": lambda target, resource: "../../" + target}
    return app, context


def image_view_state():
    return {"state": {
        "a": {"model_module": "anywidget", "model_name": "AnyModel",
              "state": {"_esm": ESM, "title": "first"},
              "buffers": [{"path": ["pixels"], "encoding": "base64",
                           "data": base64.b64encode(PICTURE).decode()}]},
        "b": {"model_module": "anywidget", "model_name": "AnyModel",
              "state": {"_esm": ESM, "title": "second"}},
        "c": {"model_module": "@jupyter-widgets/base", "model_name": "LayoutModel",
              "state": {"width": "10px"}}}}


def test_modules_and_pictures_leave_the_page(tmp_path):
    app, context = page(tmp_path, image_view_state())
    scripts, classic, preloads = widget_modules.page_scripts(app, "chapters/mxnet/x", context)
    module, data = widget_modules.module_file(ESM), widget_data.data_file(PICTURE)
    assert (tmp_path / "_static" / widget_modules.FOLDER / module).read_text() == ESM
    assert (tmp_path / "_static" / widget_data.FOLDER / data).read_bytes() == PICTURE
    # "b" is drawn while the page is parsed: its module goes into the head, once.
    assert classic == [widget_modules.classic_script(ESM, module)] and preloads == []
    assert scripts[0].filename == "_static/doctools.js"
    body = scripts[1].attributes["body"]
    state = json.loads(body)["state"]
    assert state["a"]["state"]["_esm"] == state["b"]["state"]["_esm"] == widget_modules.loader(
        f"../../_static/{widget_modules.FOLDER}/{module}")
    assert state["a"]["buffers"] == [{"path": ["pixels"], "bytes": len(PICTURE),
                                      "url": f"../../_static/{widget_data.FOLDER}/{data}"}]
    assert state["c"] == image_view_state()["state"]["c"]
    assert len(body) < len(PICTURE)  # the picture's base64 is gone from the page


def test_a_page_without_widget_state_is_left_alone(tmp_path):
    app, context = page(tmp_path, {})
    context["script_files"] = context["script_files"][:1]
    assert widget_modules.page_scripts(app, "intro", context) == (context["script_files"], [], [])
    assert not (tmp_path / "_static").exists()


def test_state_with_nothing_to_move_keeps_its_script(tmp_path):
    state = {"state": {"c": {"model_module": "@jupyter-widgets/base", "state": {}}}}
    app, context = page(tmp_path, state)
    scripts, classic, preloads = widget_modules.page_scripts(app, "intro", context)
    assert scripts[1] is context["script_files"][1] and classic == preloads == []


def test_a_module_only_drawn_after_its_picture_arrives_is_not_preloaded(tmp_path):
    state = image_view_state()
    del state["state"]["b"]
    app, context = page(tmp_path, state)
    scripts, classic, preloads = widget_modules.page_scripts(app, "chapters/mxnet/x", context)
    assert classic == preloads == []
    assert (tmp_path / "_static" / widget_modules.FOLDER / widget_modules.module_file(ESM)).exists()
    assert json.loads(scripts[1].attributes["body"])["state"]["a"]["state"]["_esm"] == widget_modules.loader(
        f"../../_static/{widget_modules.FOLDER}/{widget_modules.module_file(ESM)}")


def test_a_module_that_cannot_be_a_classic_script_is_preloaded(tmp_path):
    """A module using what only a module can (here import.meta) is imported as before."""
    esm = "const here = import.meta.url;\nexport default { render({ el }) { el.textContent = here; } };\n"
    state = {"state": {"b": {"model_module": "anywidget", "model_name": "AnyModel",
                             "state": {"_esm": esm}}}}
    app, context = page(tmp_path, state)
    scripts, classic, preloads = widget_modules.page_scripts(app, "chapters/mxnet/x", context)
    assert classic == []
    assert preloads == [f"../../_static/{widget_modules.FOLDER}/{widget_modules.module_file(esm)}"]


@pytest.mark.parametrize("esm", [
    "import { a } from './a.js';\nexport default { render() {} };\n",
    "const a = 1;\nexport { a };\nexport default { render() {} };\n",
    "export const a = import.meta.url;\nexport default { render() {} };\n",
    "const a = 1;\nexport default { render() {} };\nexport default a;\n",
    "export const render = () => {};\n",
    "await Promise.resolve();\nexport default { render() {} };\n",
])
def test_what_only_a_module_can_do_stays_a_module(esm):
    assert widget_modules.classic_script(esm, "m.js") is None


def test_a_file_cut_short_is_not_kept_and_the_next_build_writes_it(tmp_path, monkeypatch):
    """A module or data file is written once per name (its digest): one cut short by a full
    disk would be taken as written by every later build, so nothing may be left under it."""
    app, context = page(tmp_path, image_view_state())
    picture = tmp_path / "_static" / widget_data.FOLDER / widget_data.data_file(PICTURE)
    write_new_file = atomic_write._write_new_file

    def full_disk(path, content, mode):
        write_new_file(path, content[:len(content) // 2], mode)
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(atomic_write, "_write_new_file", full_disk)
        with pytest.raises(atomic_write.WriteError, match=f"^{tmp_path}.* was not written"):
            widget_modules.page_scripts(app, "chapters/mxnet/x", context)
    assert [p for p in (tmp_path / "_static").rglob("*") if p.is_file()] == []
    app, context = page(tmp_path, image_view_state())
    widget_modules.page_scripts(app, "chapters/mxnet/x", context)
    assert picture.read_bytes() == PICTURE
