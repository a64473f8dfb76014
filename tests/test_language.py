"""d2l_utils.set_language and d2l_utils.language: the widgets' default language."""
import ast
import pathlib

import pytest

import d2l_utils


@pytest.fixture(autouse=True)
def english_after():
    yield
    d2l_utils.set_language("en")


def test_english_until_set_and_then_what_was_set():
    assert d2l_utils.language() == "en"
    d2l_utils.set_language("zh")
    assert d2l_utils.language() == "zh"


@pytest.mark.parametrize("lang, error, message", [
    ("fr", ValueError, "lang must be 'en' or 'zh', got 'fr'"),
    ("ZH", ValueError, "lang must be 'en' or 'zh', got 'ZH'"),
    ("", ValueError, "lang must be 'en' or 'zh', got ''"),
    (None, TypeError, "lang must be a str, 'en' or 'zh', got NoneType None"),
    (["zh"], TypeError, "lang must be a str, 'en' or 'zh', got list ['zh']"),
])
def test_a_bad_language_names_the_argument_and_changes_nothing(lang, error, message):
    d2l_utils.set_language("zh")
    with pytest.raises(error) as caught:
        d2l_utils.set_language(lang)
    assert str(caught.value) == message
    assert d2l_utils.language() == "zh"


def test_the_framework_modules_export_it_next_to_set_seed():
    """d2l.set_language in the notebooks: both framework modules list it, as they list set_seed.

    Read from the source, so this test loads no framework (their own tests import them).
    """
    for name in ("mxnet", "tensorflow"):
        tree = ast.parse(pathlib.Path(d2l_utils.__file__).with_name(f"{name}.py").read_text())
        imports = [node for node in tree.body if isinstance(node, ast.ImportFrom)
                   and node.module == "d2l_utils" and any(a.name == "set_language" for a in node.names)]
        exported = next(node.value for node in tree.body if isinstance(node, ast.Assign)
                        and node.targets[0].id == "__all__")
        assert imports, name
        assert {"set_language", "set_seed"} <= {elt.value for elt in exported.elts}, name
