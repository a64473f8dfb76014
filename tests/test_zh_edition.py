"""The recorded Chinese notebooks (zh/chapters/) against the English ones (chapters/).

tools/translate.py guarantees that the Chinese sources are the English ones with only
Markdown and declared strings translated (`make test` runs its --check). What it cannot see
is what recording produced: outputs that carry no language must come out the same in both
editions, figures must carry no Chinese (Colab has no CJK font), and each edition's widgets
must speak its language.
"""
import json
import re
from pathlib import Path

import pytest

from tools.record import WIDGET_STATE, WIDGET_VIEW
from tools.translate import cell_source as source
from tools.translate import load_yaml

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = sorted((ROOT / "chapters").rglob("*.ipynb"))
# Widget traits whose value is words in the reader's language.
WORDS = ("lang", "title")
# Outputs whose text is words in the reader's language: a widget's static picture.
WORDS_MIME = ("text/html",)


def twin(path):
    return ROOT / "zh" / path.relative_to(ROOT)


def load(path):
    return json.loads(path.read_text(encoding="utf8"))


def widget_state(nb, model_id):
    """The state of a widget model with its words and the ids of its parts left out."""
    models = nb["metadata"]["widgets"][WIDGET_STATE]["state"]
    state = dict(models[model_id]["state"])
    for trait in WORDS:
        state.pop(trait, None)
    presets = state.get("_presets")
    if isinstance(presets, dict):
        state["_presets"] = {name: {k: v for k, v in preset.items() if k not in WORDS}
                             for name, preset in presets.items()}
    return {key: ("IPY_MODEL" if isinstance(value, str) and value.startswith("IPY_MODEL_")
                  else value) for key, value in state.items()}


def comparable(nb, output):
    """``output`` with what may differ between editions left out, widgets replaced by state."""
    out = {key: value for key, value in output.items() if key not in ("execution_count",)}
    data = dict(out.get("data", {}))
    if WIDGET_VIEW in data:
        model_id = data.pop(WIDGET_VIEW)["model_id"]
        data["widget"] = widget_state(nb, model_id)
        for mime in WORDS_MIME:
            data.pop(mime, None)
    if data:
        out["data"] = data
    return out


def declared_words(zh_path):
    """What the translation file of ``zh_path`` declares as words in code, cell by cell:
    English -> Chinese, also without the quotes of a quoted literal (a printed "rows" shows
    as rows)."""
    table_path = (ROOT / "translations" / "zh"
                  / zh_path.relative_to(ROOT / "zh" / "chapters").with_suffix(".yml"))
    table = load_yaml(table_path)
    by_cell = []
    for entry in table.values():
        words = {}
        for key, value in (entry.get("strings") or {}).items():
            words[key] = value
            if len(key) > 2 and key[0] == key[-1] and key[0] in "'\"" and value[:1] == key[0]:
                words[key[1:-1]] = value[1:-1]
        if words:
            by_cell.append(words)
    return by_cell


def with_words(value, words):
    """``value`` (an output, as JSON) with every declared English word put in Chinese."""
    if isinstance(value, str):
        pattern = re.compile("|".join(re.escape(k) for k in sorted(words, key=len, reverse=True)))
        return pattern.sub(lambda m: words[m.group(0)], value)
    if isinstance(value, list):
        return [with_words(item, words) for item in value]
    if isinstance(value, dict):
        return {key: with_words(item, words) for key, item in value.items()}
    return value


def pairs():
    return [pytest.param(path, twin(path), id=str(path.relative_to(ROOT / "chapters")))
            for path in ENGLISH]


@pytest.mark.parametrize("english_path, zh_path", pairs())
def test_outputs_without_words_are_the_same_in_both_editions(english_path, zh_path):
    assert zh_path.exists(), f"{zh_path.relative_to(ROOT)} is missing: run `make translate`"
    english, chinese = load(english_path), load(zh_path)
    words = declared_words(zh_path)
    zh_cells = {cell["id"]: cell for cell in chinese["cells"]}
    compared = 0
    for cell in english["cells"]:
        if cell["cell_type"] != "code":
            continue
        zh_cell = zh_cells[cell["id"]]
        assert zh_cell["outputs"] or not cell["outputs"], (
            f"{zh_path.relative_to(ROOT)} cell {cell['id']} has no outputs: run `make record`")
        if source(zh_cell) != source(cell):
            continue  # its declared strings are translated: what it prints may be words
        mine = [comparable(english, o) for o in cell["outputs"]]
        theirs = [comparable(chinese, o) for o in zh_cell["outputs"]]
        # The same, or different only by the words of a function defined in another cell.
        assert theirs in [mine] + [with_words(mine, w) for w in words], (
            f"cell {cell['id']} of {zh_path.relative_to(ROOT)} printed otherwise")
        compared += 1
    assert compared >= 10


def pictures(nb):
    return [(cell["id"], output["data"]["image/png"]) for cell in nb["cells"]
            if cell["cell_type"] == "code" for output in cell["outputs"]
            if "image/png" in output.get("data", {})]


@pytest.mark.parametrize("english_path, zh_path", pairs())
def test_figures_are_the_same_in_both_editions(english_path, zh_path):
    """No figure has words in Chinese: matplotlib would need a CJK font Colab lacks."""
    assert pictures(load(zh_path)) == pictures(load(english_path))


@pytest.mark.parametrize("english_path, zh_path", pairs())
def test_each_edition_s_widgets_speak_its_language(english_path, zh_path):
    for path, lang in ((english_path, "en"), (zh_path, "zh")):
        nb = load(path)
        views = [output["data"][WIDGET_VIEW]["model_id"] for cell in nb["cells"]
                 if cell["cell_type"] == "code" for output in cell["outputs"]
                 if WIDGET_VIEW in output.get("data", {})]
        models = nb["metadata"]["widgets"][WIDGET_STATE]["state"]
        assert views, f"{path.relative_to(ROOT)} shows no widget"
        assert {models[view]["state"].get("lang") for view in views} == {lang}


def glossary():
    return load_yaml(ROOT / "translations" / "zh" / "glossary.yml")["terms"]


def zh_pages():
    return sorted((ROOT / "zh" / "chapters").rglob("*.ipynb")) + [ROOT / "zh" / "intro.md"]


def words(path):
    if path.suffix == ".md":
        return path.read_text("utf8")
    return "\n".join(source(cell) for cell in load(path)["cells"] if cell["cell_type"] == "markdown")


@pytest.mark.parametrize("path", zh_pages(), ids=lambda p: str(p.relative_to(ROOT / "zh")))
def test_the_chinese_pages_use_the_glossary_s_words(path):
    text = words(path)
    assert len(text) > 1000, f"{path.relative_to(ROOT)} has hardly any text"
    wrong = [(term["en"], avoided) for term in glossary() for avoided in term.get("avoid", [])
             if avoided in text]
    assert not wrong, f"{path.relative_to(ROOT)} uses words the glossary rules out: {wrong}"


@pytest.mark.parametrize("path", [p for p in zh_pages() if p.suffix == ".ipynb"],
                         ids=lambda p: str(p.relative_to(ROOT / "zh")))
def test_the_chinese_pages_are_in_chinese(path):
    """Every Markdown cell is translated (a cell left in English has no CJK character)."""
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "markdown":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in source(cell)), (
                f"cell {cell['id']} of {path.relative_to(ROOT)} is not in Chinese: "
                f"{source(cell)[:60]!r}")
