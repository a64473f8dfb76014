"""tools/translate.py: the Chinese edition is written from the English sources, and a
translation that no longer fits its English source stops the build, naming the cell."""
import doctest
import errno
import json
import re

import pytest
import yaml

from book import atomic_write
from tools import translate
from tools.translate import TranslationError, check_markdown, replace_strings, source_hash


def test_doctests():
    assert doctest.testmod(translate, optionflags=doctest.IGNORE_EXCEPTION_DETAIL).failed == 0


def test_strings_replace_words_in_literals_comments_and_fstrings():
    code = ('w = Widget(X, title="Edge detection")  # the edges\n'
            'print(f"loss {l:.3f}")\n')
    out = replace_strings(code, {"Edge detection": "边缘检测", "# the edges": "# 边缘",
                                 "loss": "损失"})
    assert out == 'w = Widget(X, title="边缘检测")  # 边缘\nprint(f"损失 {l:.3f}")\n'


def test_replacements_happen_at_once():
    # "en" -> "zh" must not then turn the new "zh" into anything else, nor the reverse.
    assert replace_strings('f("en", "zh")', {'"en"': '"zh"', '"zh"': '"en"'}) == 'f("zh", "en")'


@pytest.mark.parametrize("code, strings, message", [
    ("title = 1", {"title": "标题"}, "'title' occurs outside a string or comment"),
    ('a = "a b"  # a', {"a": "甲"}, "'a' occurs outside a string or comment"),
    ('s = "Play"', {'"Play"': '"播放"', "Pause": "暂停"}, "'Pause' does not occur in the English code"),
    ('s = "Play"', ["Play"], "strings must map English text to its translation"),
    ('s = "Play"', {"Play": 1}, "must map text to text"),
    ('s = "Play"', {"": "x"}, "must map text to text"),
    ("def f(:\n", {"f": "g"}, "cannot be read as Python"),
])
def test_strings_that_would_change_code_are_refused(code, strings, message):
    with pytest.raises(TranslationError, match=message):
        replace_strings(code, strings)


ENGLISH = ("## Padding\n\nWith $p_h$ rows of padding, `comp_conv2d` gives $(n_h - k_h + p_h + 1)$ "
           "rows; see {doc}`the intro <../../intro>` and [6.2](6-2-convolutions.ipynb).\n\n"
           '<details class="answer"><summary>Show the answer</summary>\n\nYes.\n\n</details>')
CHINESE = ("## 填充\n\n填充 $p_h$ 行后，`comp_conv2d` 给出 $(n_h - k_h + p_h + 1)$ 行；"
           "见{doc}`前言 <../../intro>`和 [6.2 节](6-2-convolutions.ipynb)。\n\n"
           '<details class="answer"><summary>显示答案</summary>\n\n是的。\n\n</details>')


def test_a_faithful_translation_passes():
    check_markdown(ENGLISH, CHINESE)
    # A formula may be wrapped elsewhere, or not at all, in the translation.
    check_markdown("so $n_h -\nk_h + 1$ rows", "所以有 $n_h - k_h + 1$ 行")


@pytest.mark.parametrize("old, new, message", [
    ("$p_h$ 行", "p_h 行", "keep formulas"),
    ("(6-2-convolutions.ipynb)", "(6-3-padding-and-stride.ipynb)", "keep formulas"),
    ("`comp_conv2d`", "comp_conv2d", "keep formulas"),
    ("<../../intro>", "<intro>", "keep formulas"),
    ('class="answer"', 'class="solution"', "keep formulas"),
    ("## 填充", "### 填充", "headings of levels"),
])
def test_a_translation_that_loses_a_part_is_refused(old, new, message):
    assert old in CHINESE
    with pytest.raises(TranslationError, match=message):
        check_markdown(ENGLISH, CHINESE.replace(old, new))


@pytest.fixture
def edition(tmp_path, monkeypatch):
    """A one-notebook English book and its translation, in tmp_path."""
    root = tmp_path
    for name, value in [("ROOT", root), ("CHAPTERS", root / "chapters"),
                        ("TRANSLATIONS", root / "translations" / "zh"), ("ZH", root / "zh")]:
        monkeypatch.setattr(translate, name, value)
    (root / "chapters" / "mxnet").mkdir(parents=True)
    (root / "translations" / "zh" / "mxnet").mkdir(parents=True)
    (root / "intro.md").write_text("# A course\n\nRead it.\n")
    (root / "translations" / "zh" / "intro.yml").write_text(
        f"{source_hash('# A course')}: {{markdown: '# 一门课'}}\n"
        f"{source_hash('Read it.')}: {{markdown: 读一读。}}\n")
    (root / "translations" / "zh" / "glossary.yml").write_text(
        "terms:\n  - {en: stride, zh: 步幅, avoid: [步长]}\n")
    (root / "translations" / "zh" / "words.yml").write_text(
        "mystnb.code_prompt_show:\n  Show the answer: 显示答案\n")
    cells = [
        {"cell_type": "markdown", "id": "m1", "metadata": {}, "source": "# Pooling\n\nIt shrinks."},
        {"cell_type": "code", "id": "colab", "metadata": {}, "execution_count": None, "outputs": [],
         "source": "# On Colab, install\nimport sys"},
        {"cell_type": "code", "id": "c1", "execution_count": 1,
         "metadata": {"tags": ["answer"], "mystnb": {"code_prompt_show": "Show the answer",
                                                     "image": {"alt": "Two grids"}}},
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "4\n"}],
         "source": 'print(2 + 2)  # four\nd2l.set_language("en")'},
        {"cell_type": "code", "id": "c2", "metadata": {}, "execution_count": 2, "outputs": [],
         "source": "x = 1"},
    ]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    english = root / "chapters" / "mxnet" / "6-5-pooling.ipynb"
    english.write_text(json.dumps(nb))
    table = root / "translations" / "zh" / "mxnet" / "6-5-pooling.yml"
    table.write_text(
        f"m1:\n  hash: {source_hash(cells[0]['source'])}\n  markdown: |\n    # 汇聚层\n\n    它缩小输入。\n"
        f"c1:\n  hash: {source_hash(cells[2]['source'])}\n"
        f"  strings: {{'# four': '# 四', '\"en\"': '\"zh\"'}}\n"
        f"  alt: {{hash: {source_hash('Two grids')}, text: 两个网格}}\n")
    return english, table


def _zh_notebook(root):
    return json.loads((root / "zh" / "chapters" / "mxnet" / "6-5-pooling.ipynb").read_text())


def test_writes_the_chinese_edition_and_checks_it(edition, capsys):
    english, _ = edition
    root = english.parents[2]
    assert translate.main([]) == 0
    nb = _zh_notebook(root)
    sources = ["".join(c["source"]) for c in nb["cells"]]
    assert sources == ["# 汇聚层\n\n它缩小输入。", "# On Colab, install\nimport sys",
                       'print(2 + 2)  # 四\nd2l.set_language("zh")', "x = 1"]
    assert [c["id"] for c in nb["cells"]] == ["m1", "colab", "c1", "c2"]
    assert nb["cells"][2]["metadata"] == {"tags": ["answer"], "mystnb": {
        "code_prompt_show": "显示答案", "image": {"alt": "两个网格"}}}
    # Outputs come from recording only.
    assert nb["cells"][2]["outputs"] == [] and nb["cells"][2]["execution_count"] is None
    assert (root / "zh" / "intro.md").read_text() == "# 一门课\n\n读一读。\n"
    assert "| stride | 步幅 | 不用 步长 |" in (root / "zh" / "glossary.md").read_text()
    assert translate.main(["--check"]) == 0


def test_recorded_outputs_stay_while_the_source_does(edition):
    english, _ = edition
    root = english.parents[2]
    translate.main([])
    path = root / "zh" / "chapters" / "mxnet" / "6-5-pooling.ipynb"
    nb = json.loads(path.read_text())
    nb["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "1\n"}]
    nb["cells"][3]["execution_count"] = 2
    nb["metadata"]["widgets"] = {"state": "recorded"}
    path.write_text(json.dumps(nb))
    translate.main([])
    kept = _zh_notebook(root)
    assert "".join(kept["cells"][3]["outputs"][0]["text"]) == "1\n" and kept["metadata"]["widgets"]
    nb = json.loads(english.read_text())
    nb["cells"][3]["source"] = "x = 2"
    english.write_text(json.dumps(nb))
    translate.main([])
    changed = _zh_notebook(root)
    assert changed["cells"][3]["outputs"] == [] and "widgets" not in changed["metadata"]


def test_a_changed_english_sentence_fails_the_check_naming_the_cell(edition, capsys):
    english, _ = edition
    translate.main([])
    nb = json.loads(english.read_text())
    nb["cells"][0]["source"] = "# Pooling\n\nIt makes the input smaller."
    english.write_text(json.dumps(nb))
    assert translate.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "translations/zh/mxnet/6-5-pooling.yml: cell m1 (markdown) was translated from another" in err
    assert "'# Pooling It makes the input smaller.'" in err
    # --draft is for writing translations, never for the check.
    assert translate.main(["--check", "--draft"]) == 1


@pytest.mark.parametrize("edit, message", [
    (lambda t: t.replace("m1:", "m9:"), "cell m1 (markdown) has no translation"),
    (lambda t: t + "gone:\n  hash: abc\n  markdown: x\n", "cell gone is not in"),
    (lambda t: t.replace("    # 汇聚层", "    ## 汇聚层"), "headings of levels"),
    (lambda t: t.replace("'# four'", "'print'"), "'print' occurs outside a string or comment"),
    (lambda t: t + "c2:\n  hash: x\n  strings: {}\n  note: hi\n", "nothing else"),
    (lambda t: t.replace("  markdown: |", "  strings: |"), "needs markdown"),
    (lambda t: "[1, 2]\n", "must map cell ids to entries"),
    (lambda t: t + "colab:\n  hash: x\n  strings: {'# On Colab': '# 在 Colab'}\n",
     "cell colab (code) is the Colab set-up cell"),
    (lambda t: re.sub(r"  alt: .*\n", "", t), "whose alt text has no translation"),
    (lambda t: re.sub(r"alt: \{hash: \w+", "alt: {hash: 0", t), "alt text translated from another"),
    (lambda t: t.replace("text: 两个网格", "words: 两个网格"), "alt must hold hash and text"),
    (lambda t: "m1: [\n", "is not valid YAML"),
])
def test_translation_files_that_do_not_fit_are_named(edition, capsys, edit, message):
    _, table = edition
    table.write_text(edit(table.read_text()))
    assert translate.main(["--check"]) == 1
    assert message in capsys.readouterr().err


def test_metadata_words_without_translation_are_named(edition, capsys):
    english, _ = edition
    nb = json.loads(english.read_text())
    nb["cells"][2]["metadata"]["mystnb"]["code_prompt_show"] = "Show the code"
    english.write_text(json.dumps(nb))
    assert translate.main(["--check"]) == 1
    assert ("cell c1 (code) has mystnb.code_prompt_show 'Show the code', which "
            "translations/zh/words.yml does not translate") in capsys.readouterr().err


def test_an_intro_block_without_translation_is_named(edition, capsys):
    english, _ = edition
    (english.parents[2] / "intro.md").write_text("# A course\n\nRead it slowly.\n")
    assert translate.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "block 2 of intro.md has no translation" in err and "'Read it slowly.'" in err
    assert "translates English text that intro.md no longer has" in err


def test_a_hand_edit_of_zh_is_caught(edition, capsys):
    english, _ = edition
    root = english.parents[2]
    translate.main([])
    path = root / "zh" / "intro.md"
    path.write_text(path.read_text() + "多一句。\n")
    (root / "zh" / "chapters" / "mxnet" / "extra.ipynb").write_text("{}")
    assert translate.main(["--check"]) == 1
    err = capsys.readouterr().err
    assert "zh/intro.md" in err and "zh/chapters/mxnet/extra.ipynb" in err


def decimal_hashed(template):
    """``template`` with the first number n that makes its source hash decimal digits only
    (1 hash in 280), which YAML would read as an integer when pasted without quotes."""
    return next(text for n in range(100_000) if source_hash(text := template.format(n)).isdigit())


def test_decimal_hashes_pasted_without_quotes_are_read_as_the_text_written(edition, capsys):
    english, table = edition
    root = english.parents[2]
    nb = json.loads(english.read_text())
    nb["cells"][0]["source"] = decimal_hashed("# Pooling\n\nIt shrinks ({}).")
    nb["cells"][2]["metadata"]["mystnb"]["image"]["alt"] = decimal_hashed("Two grids {}")
    english.write_text(json.dumps(nb))
    markdown_hash, alt_hash = source_hash(nb["cells"][0]["source"]), source_hash(
        nb["cells"][2]["metadata"]["mystnb"]["image"]["alt"])
    text = re.sub(r"m1:\n  hash: \w+", f"m1:\n  hash: {markdown_hash}", table.read_text())
    table.write_text(re.sub(r"alt: \{hash: \w+", f"alt: {{hash: {alt_hash}", text))
    block = decimal_hashed("Read it {} times.")
    (root / "intro.md").write_text(f"# A course\n\n{block}\n")
    intro = root / "translations" / "zh" / "intro.yml"
    intro.write_text(re.sub(rf"{source_hash('Read it.')}:", f"{source_hash(block)}:",
                            intro.read_text()))
    assert f"hash: {markdown_hash}\n" in table.read_text()  # unquoted, as pasted
    assert translate.main([]) == 0, capsys.readouterr().err
    assert translate.main(["--check"]) == 0


@pytest.mark.parametrize("written, read", [
    ("012345670123", "012345670123"),  # octal to YAML 1.1: another number, not only a lost zero
    ("1e12345678", "1e12345678"), ("123_456", "123_456"), ("yes", "yes"), ("2024-01-02", "2024-01-02"),
    ("", None), ("~", None),
])
def test_translation_files_read_plain_scalars_as_text(tmp_path, written, read):
    path = tmp_path / "table.yml"
    path.write_text(f"m1:\n  hash: {written}\n")
    assert translate.load_yaml(path) == {"m1": {"hash": read}}


def test_a_hash_that_does_not_match_shows_both_as_text(edition, capsys):
    _, table = edition
    table.write_text(re.sub(r"m1:\n  hash: \w+", "m1:\n  hash: 709093327950", table.read_text()))
    assert translate.main(["--check"]) == 1
    assert "(hash '709093327950', the English source now has '" in capsys.readouterr().err


def test_the_skeleton_prints_hashes_that_paste_as_text(edition, capsys):
    english, _ = edition
    nb = json.loads(english.read_text())
    nb["cells"][3]["source"] = decimal_hashed("x = {}")
    english.write_text(json.dumps(nb))
    assert translate.main(["--skeleton", str(english)]) == 0
    line = capsys.readouterr().out.splitlines()[3]
    cell_id, printed = line.split()[:2]
    assert cell_id == "c2" and yaml.safe_load(f"hash: {printed}") == {
        "hash": source_hash(nb["cells"][3]["source"])}


def cut_in_half(path):
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])


def cut_inside_a_character(path):
    data = path.read_bytes()
    path.write_bytes(data[:data.index("汇".encode()) + 1])


@pytest.mark.parametrize("name, damage, message, restore", [
    ("zh/chapters/mxnet/6-5-pooling.ipynb", cut_in_half, "is not a notebook's JSON",
     "`git checkout -- zh/chapters/mxnet/6-5-pooling.ipynb` (with its recorded outputs), "
     "or delete it and run `make translate` and `make record`"),
    ("zh/chapters/mxnet/6-5-pooling.ipynb", cut_inside_a_character, "is not UTF-8 text",
     "`git checkout -- zh/chapters/mxnet/6-5-pooling.ipynb`"),
    ("chapters/mxnet/6-5-pooling.ipynb", cut_in_half, "is not a notebook's JSON",
     "`git checkout -- chapters/mxnet/6-5-pooling.ipynb`"),
    ("translations/zh/mxnet/6-5-pooling.yml", cut_inside_a_character, "is not UTF-8 text",
     "`git checkout -- translations/zh/mxnet/6-5-pooling.yml`"),
    ("translations/zh/words.yml", lambda p: p.write_text("[\n"), "is not valid YAML",
     "`git checkout -- translations/zh/words.yml`"),
])
def test_a_file_that_cannot_be_read_is_named_with_how_to_restore_it(edition, capsys, name,
                                                                    damage, message, restore):
    root = edition[0].parents[2]
    translate.main([])
    damage(root / name)
    damaged = (root / name).read_bytes()
    for argv in (["--check"], []):
        assert translate.main(argv) == 1
        err = capsys.readouterr().err
        assert f"{name} {message} (" in err and f"restore it with {restore}" in err, err
    assert (root / name).read_bytes() == damaged  # named, not overwritten


def test_a_write_cut_short_leaves_zh_as_it_was_and_names_the_file(edition, capsys, monkeypatch):
    english, _ = edition
    root = english.parents[2]
    translate.main([])
    zh = root / "zh" / "chapters" / "mxnet" / "6-5-pooling.ipynb"
    before = zh.read_bytes()
    nb = json.loads(english.read_text())
    nb["cells"][3]["source"] = "x = 2"
    english.write_text(json.dumps(nb))
    write_new_file = atomic_write._write_new_file

    def full_disk(path, content, mode):
        write_new_file(path, content[:len(content) // 2], mode)
        raise OSError(errno.EFBIG, "File too large")

    capsys.readouterr()
    with monkeypatch.context() as patch:
        patch.setattr(atomic_write, "_write_new_file", full_disk)
        assert translate.main([]) == 1
    err = capsys.readouterr().err
    assert f"{zh} was not written ([Errno {errno.EFBIG}] File too large); it is as it was" in err
    assert zh.read_bytes() == before
    assert not [p for p in zh.parent.iterdir() if p.suffix == ".tmp"]
    assert translate.main(["--check"]) == 1
    assert "zh/ is not what `make translate` writes: zh/chapters/mxnet/6-5-pooling.ipynb" in (
        capsys.readouterr().err)
