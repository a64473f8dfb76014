"""The recorded Chinese notebooks (zh/chapters/) against the English ones (chapters/).

tools/translate.py guarantees that the Chinese sources are the English ones with only
Markdown and declared strings translated (`make test` runs its --check). What it cannot see
is what recording produced: outputs that carry no language must come out the same in both
editions, figures must carry no Chinese (Colab has no CJK font), and each edition's widgets
must speak its language.
"""
import json
import re

import pytest

from tools import ROOT
from tools.record import WIDGET_STATE, WIDGET_VIEW
from tools.translate import cell_source as source
from tools.translate import load_yaml

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


# ---------------------------------------------------------------------------------------------
# Everything a Chinese reader reads, not only Markdown: printed outputs, the widgets' static
# pictures (text/html), widget titles, figure alt text, the widgets' words (strings.json) and the
# words drawn in figures. Avoided terms and stray English words fail with their place.

STRINGS_JSON = ROOT / "d2l_utils" / "widgets" / "strings.json"
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_.\\])[A-Za-z][a-z]{2,}(?![A-Za-z0-9_(])|(?<![A-Za-z0-9_])[a-z]{3,}(?=\()")
# Words a Chinese page may print although they look English: names of products and people,
# functions of the formulas (floor(...)), numbers' words of NumPy and the frameworks.
NAMES = {"MXNet", "PyTorch", "TensorFlow", "Keras", "NumPy", "Gluon", "Colab", "Sobel", "Laplacian",
         "Gaussian", "Grace", "Hopper", "Home", "End", "Enter", "RGB", "NaN", "True", "False", "None",
         "floor", "ceil", "max", "min", "mean", "softmax", "sum", "inf", "nan", "array", "dtype",
         "float", "int", "str", "bool", "tf", "np", "npx", "Tensor", "TensorShape", "shape", "numpy"}
# Outputs that may stay English, with the reason.
ENGLISH_OUTPUTS = {
    # a framework's own error message, printed as the framework words it
    "mx62-53": "MXNet's error", "c-dil-keras-stride": "Keras' error",
}
# The widgets' text/plain repr is a Python expression (SlidingWindow(mode='corr', ...) -> output
# (2, 2)), shown only where the widget cannot be drawn; its words are the widget's API.
# A figure's text/plain beside its PNG is matplotlib's repr (<Figure size 660x240 with 2 Axes>).
WIDGET_REPR = ("SlidingWindow(", "ImageWindow(", "FieldExplorer(", "<Figure size ")


def terms():
    return glossary()


def avoided_in(text):
    """[(English term, avoided word)] for the avoided words and misplaced aliases in ``text``."""
    wrong = [(term["en"], word) for term in terms() for word in term.get("avoid", []) if word in text]
    for term in terms():
        for alias in term.get("alias", []):
            # An alias may appear once, in the parentheses right after the term (its first mention).
            allowed = re.findall(re.escape(term["zh"]) + r"\*?（[^）]*" + re.escape(alias) + r"[^）]*）", text)
            if text.count(alias) > len(allowed) or len(allowed) > 1:
                wrong.append((term["en"], alias))
    return wrong


def code_names(nb):
    """Every identifier, attribute and keyword of the notebook's code, and the gallery's kernel names."""
    import io
    import keyword
    import tokenize

    from d2l_utils import images

    names = set(keyword.kwlist) | set(images.KERNELS)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        try:
            tokens = list(tokenize.generate_tokens(io.StringIO(source(cell)).readline))
        except (tokenize.TokenError, SyntaxError):
            continue
        names |= {tok.string for tok in tokens if tok.type == tokenize.NAME}
    return names


def english_words(text, allowed):
    text = re.sub(r"\{[a-z_]+\}", " ", text)  # placeholders of strings.json
    words = {m.group(0).rstrip("(") for m in ENGLISH_WORD.finditer(text)}
    return sorted(w for w in words if w not in allowed and w not in NAMES)


def html_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def reader_facing(nb):
    """(place, text, kind) for every string a reader of ``nb`` reads; kind is page, output,
    widget (words of the widgets themselves), or code (a repr or a framework's message)."""
    for cell in nb["cells"]:
        cid = cell["id"]
        if cell["cell_type"] == "markdown":
            yield f"cell {cid} (Markdown)", source(cell), "page"
            continue
        alt = cell.get("metadata", {}).get("mystnb", {}).get("image", {}).get("alt")
        if alt:
            yield f"cell {cid} (figure alt text)", alt, "page"
        for n, output in enumerate(cell.get("outputs", [])):
            place = f"cell {cid}, output {n}"
            kind = "code" if cid in ENGLISH_OUTPUTS else "output"
            if "text" in output:
                yield place + " (printed)", "".join(output["text"]), kind
            data = output.get("data", {})
            plain = "".join(data.get("text/plain", ""))
            if plain:
                yield place + " (text/plain)", plain, "code" if plain.startswith(WIDGET_REPR) else kind
            if "text/html" in data:
                yield place + " (static picture)", html_text("".join(data["text/html"])), "widget"
    models = nb.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    for model_id, model in models.items():
        title = model.get("state", {}).get("title")
        if title:
            yield f"widget {model_id[:8]} title", title, "output"


def problems_in(nb):
    allowed = code_names(nb)
    found = []
    for place, text, kind in reader_facing(nb):
        wrong = avoided_in(text)
        if wrong:
            found.append(f"{place}: avoided {wrong}")
        if kind in ("output", "widget"):
            stray = english_words(text, allowed)
            if stray:
                found.append(f"{place}: English {stray} in {text.strip()[:80]!r}")
    return found


@pytest.mark.parametrize("path", [p for p in zh_pages() if p.suffix == ".ipynb"],
                         ids=lambda p: str(p.relative_to(ROOT / "zh")))
def test_everything_a_chinese_reader_reads_is_chinese_in_the_glossary_s_words(path):
    problems = problems_in(load(path))
    assert not problems, f"{path.relative_to(ROOT)}:\n" + "\n".join(problems)


def test_the_intro_uses_the_glossary_s_words():
    assert not avoided_in((ROOT / "zh" / "intro.md").read_text("utf8"))


def widget_words():
    return {key: entry["zh"] for key, entry in json.loads(STRINGS_JSON.read_text("utf8")).items()}


# Words a widget message may keep in English: the names of arguments and values the reader types.
WIDGET_CODE = {"mode", "corr", "avg", "bias", "stride", "lang", "pool", "controls", "speed", "kernel",
               "padding", "dilation", "picture", "channels", "uint8", "float32", "float64",
               # FieldExplorer's settings and the keys of a layer (d2l_utils/receptive_field.py)
               "layers", "kind", "dims", "selected", "layer", "row", "col",
               # keys on the keyboard, as they are labelled (Page Up, Page Down)
               "Page", "Down"}


def test_the_widgets_words_are_chinese_in_the_glossary_s_words():
    problems = []
    for key, text in widget_words().items():
        wrong = avoided_in(text)
        bare = re.sub(r"'[^']*'|\"[^\"]*\"|\b[a-z]+_[a-z_]+\b", " ", text)  # quoted values, snake_case names
        stray = english_words(bare, WIDGET_CODE | {"PyTorch", "MXNet"})
        if wrong or stray:
            problems.append(f"strings.json {key}: avoided {wrong}, English {stray}: {text!r}")
    assert not problems, "\n".join(problems)


# Words a figure may draw: a figure is the same picture in both editions (Colab has no CJK font),
# so it draws no words at all; a title is code (X, Y = corr2d(X, K)) or goes to the caption.
PLOT_OPTIONS = {"cividis", "viridis", "black", "white", "center", "none", "bold"}


@pytest.mark.parametrize("path", ENGLISH, ids=lambda p: str(p.relative_to(ROOT / "chapters")))
def test_figures_draw_no_words(path):
    import io
    import tokenize

    nb = load(path)
    allowed = code_names(nb) | PLOT_OPTIONS
    problems = []
    for cell_id, _ in pictures(nb):
        cell = next(c for c in nb["cells"] if c["id"] == cell_id)
        for tok in tokenize.generate_tokens(io.StringIO(source(cell)).readline):
            if tok.type == tokenize.STRING:
                stray = english_words(tok.string.strip("\"'"), allowed)
                if stray:
                    problems.append(f"cell {cell_id} draws {stray} ({tok.string[:60]})")
    assert not problems, f"{path.relative_to(ROOT)}: " + "; ".join(problems)
