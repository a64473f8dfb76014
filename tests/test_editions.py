"""book/editions.py: the Chinese edition's _config.yml and _toc.yml made from the English
ones, `--check`, and the language switch's link from any page to its twin; a write cut short
leaves zh/ as it was, and a file that cannot be read is named."""
import os
import resource
import shutil
import signal
import subprocess
import sys

import pytest
import yaml

from book import editions
from tools import ROOT


@pytest.fixture
def book(tmp_path):
    """A copy of the English book's configuration, with zh/'s files written from it."""
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    editions.write(tmp_path)
    return tmp_path


def load(path):
    return yaml.safe_load(path.read_text(encoding="utf8"))


def test_the_committed_files_are_what_would_be_generated():
    assert editions.check(ROOT) == []


def test_the_chinese_config_differs_only_where_it_must(book):
    en, zh = load(book / "_config.yml"), load(book / "zh" / "_config.yml")
    assert zh["title"] == editions.ZH_TITLE != en["title"]
    assert zh["author"] == editions.ZH_AUTHOR != en["author"]
    assert zh["sphinx"]["config"]["language"] == "zh_CN"
    assert "language" not in en["sphinx"]["config"]
    # Every path names the same file of the repository, seen from zh/.
    assert zh["html"]["favicon"] == "../" + en["html"]["favicon"]
    assert zh["sphinx"]["local_extensions"] == {"book.d2l_book": "../"}
    for key in ("html_static_path", "templates_path"):
        assert zh["sphinx"]["config"][key] == ["../" + p for p in en["sphinx"]["config"][key]]
        assert all((book / "zh" / p).resolve() == (book / q).resolve()
                   for p, q in zip(zh["sphinx"]["config"][key], en["sphinx"]["config"][key]))
    # Launch buttons open zh/chapters/...
    assert zh["repository"] == {**en["repository"], "path_to_book": "zh"}
    assert "zh" in en["exclude_patterns"] and "zh" not in zh["exclude_patterns"]
    # Everything else is the English setting.
    changed = {"title", "author", "repository", "html", "sphinx", "exclude_patterns"}
    assert {k: v for k, v in zh.items() if k not in changed} == {
        k: v for k, v in en.items() if k not in changed}
    assert zh["sphinx"]["config"]["html_theme_options"] == en["sphinx"]["config"]["html_theme_options"]


def test_the_chinese_toc_has_the_same_pages_untitled_and_the_glossary(book):
    en, zh = load(book / "_toc.yml"), load(book / "zh" / "_toc.yml")
    assert editions.docnames(zh) == editions.docnames(en) + ["glossary"]
    assert [p["caption"] for p in zh["parts"][:-1]] == [p["caption"] for p in en["parts"]]
    assert not any("title" in c for p in zh["parts"] for c in p["chapters"])
    assert zh["parts"][-1] == {"caption": "附录", "chapters": [{"file": "glossary"}]}


def test_an_english_setting_reaches_the_chinese_config(book):
    config = load(book / "_config.yml")
    config["parse"]["myst_enable_extensions"].append("deflist")
    (book / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf8")
    assert any("zh/_config.yml differs" in p for p in editions.check(book))
    editions.write(book)
    assert "deflist" in load(book / "zh" / "_config.yml")["parse"]["myst_enable_extensions"]
    assert editions.check(book) == []


@pytest.mark.parametrize("name", ["_config.yml", "_toc.yml"])
def test_check_fails_on_a_hand_edit_and_names_the_file(book, name):
    path = book / "zh" / name
    path.write_text(path.read_text(encoding="utf8").replace(": ", ":  ", 1), encoding="utf8")
    problems = editions.check(book)
    assert len(problems) == 1 and problems[0].startswith(f"zh/{name} differs"), problems
    done = subprocess.run([sys.executable, "-m", "book.editions", "--check", "--root", str(book)],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1 and f"zh/{name} differs" in done.stderr
    path.unlink()
    assert editions.check(book) == [f"zh/{name} is missing: run `make translate`"]


@pytest.mark.parametrize("edition, page, href, lang, text", [
    ("en", "intro", "zh/intro.html", "zh-CN", "中文"),
    ("en", "search", "zh/search.html", "zh-CN", "中文"),
    ("en", "chapters/mxnet/6-3-padding-and-stride",
     "../../zh/chapters/mxnet/6-3-padding-and-stride.html", "zh-CN", "中文"),
    ("zh", "chapters/tensorflow/6-5-pooling",
     "../../../chapters/tensorflow/6-5-pooling.html", "en", "English"),
    ("zh", "intro", "../intro.html", "en", "English"),
    ("zh", "genindex", "../genindex.html", "en", "English"),
    # The English edition has no glossary: its first page instead.
    ("zh", "glossary", "../intro.html", "en", "English"),
])
def test_the_language_switch_leads_to_the_twin_page(edition, page, href, lang, text):
    switch = editions.language_switch(edition, page)
    assert (switch["href"], switch["lang"], switch["hreflang"], switch["text"]) == (
        href, lang, lang, text)
    assert switch["same_page"] == (page != "glossary")


@pytest.mark.parametrize("language, edition", [
    ("zh_CN", "zh"), ("zh-CN", "zh"), ("zh", "zh"), ("en", "en"), (None, "en")])
def test_the_edition_follows_sphinx_language(language, edition):
    assert editions.edition_of(language) == edition


def test_the_search_words_are_the_glossarys_han_terms(tmp_path):
    glossary = tmp_path / "glossary.yml"
    glossary.write_text(yaml.safe_dump({"terms": [
        {"en": "cross-correlation", "zh": "互相关运算"},
        {"en": "1x1 convolutional layer", "zh": "1×1 卷积层"},  # not one word
        {"en": "kernel", "zh": "卷积核", "note": "also 核"},
        {"en": "kernel size", "zh": "卷积核"}]}, allow_unicode=True), encoding="utf8")
    assert editions.search_words(glossary) == ["互相关运算", "卷积核"]
    assert "互相关运算" in editions.search_words()  # the course's own glossary


def run_editions(book, *args, file_size_limit=None):
    """``python -m book.editions --root book *args``, its file size limited to
    ``file_size_limit`` bytes if given (as a full disk or a quota would cut a write short)."""
    def limit():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a failed write(), not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, resource.RLIM_INFINITY))

    return subprocess.run([sys.executable, "-m", "book.editions", "--root", str(book), *args],
                          cwd=ROOT, capture_output=True, text=True, timeout=60,
                          preexec_fn=limit if file_size_limit else None)


def test_a_write_cut_short_leaves_the_chinese_config_as_it_was(book):
    config = book / "zh" / "_config.yml"
    before = config.read_bytes()
    english = load(book / "_config.yml")
    english["description"] = "a setting the Chinese config takes too " * 50
    (book / "_config.yml").write_text(yaml.safe_dump(english), encoding="utf8")
    done = run_editions(book, file_size_limit=len(before))
    assert done.returncode == 1, done.stderr
    assert f"{config} was not written" in done.stderr and "File too large" in done.stderr
    assert config.read_bytes() == before
    assert sorted(p.name for p in config.parent.iterdir()) == ["_config.yml", "_toc.yml"]
    assert run_editions(book).returncode == 0 and editions.check(book) == []


def test_a_config_cut_inside_a_character_is_reported_as_differing(book):
    config = book / "zh" / "_config.yml"
    data = config.read_bytes()
    config.write_bytes(data[:data.index("交".encode()) + 1])
    problems = editions.check(book)
    assert len(problems) == 1 and problems[0].startswith("zh/_config.yml differs"), problems


@pytest.mark.parametrize("name", ["_config.yml", "_toc.yml"])
def test_an_english_file_that_is_not_yaml_is_named_with_how_to_restore_it(book, name):
    (book / name).write_text("title: [cut short\n", encoding="utf8")
    for args in (["--check"], []):
        done = run_editions(book, *args)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        relative = os.path.relpath(book / name)
        assert f"{relative} is not valid YAML (" in done.stderr
        assert f"restore it with `git checkout -- {relative}`" in done.stderr
