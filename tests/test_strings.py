"""d2l_utils.widgets.strings: the widgets' words, the same table and the same filling as the JavaScript."""
import json
import pathlib
import re
import shutil
import subprocess

import pytest

from d2l_utils.widgets.strings import STRINGS, placeholders, say

WIDGETS = pathlib.Path(__file__).resolve().parent.parent / "d2l_utils" / "widgets"
STRINGS_JS = WIDGETS / "strings.js"


def test_every_key_the_python_modules_use_is_in_the_table():
    used = set()
    for path in WIDGETS.glob("*.py"):
        keys = set(re.findall(r'"([a-z]+\.[a-z0-9_]+)"', path.read_text(encoding="utf8")))
        used |= {key for key in keys if not key.endswith((".js", ".json", ".css", ".py"))}
    assert used, "no keys found: the pattern no longer matches how the modules write them"
    assert sorted(used - set(STRINGS)) == []


def test_placeholders_agree_in_both_languages():
    for key, entry in STRINGS.items():
        assert placeholders(entry["zh"]) == placeholders(entry["en"]), key


def test_say_fills_every_placeholder_and_refuses_a_missing_one():
    assert say("zh", "caption.input_channel", channel=1) == "输入通道 1"
    assert say("en", "grid.size", caption="kernel", rows=2, cols=3) == "kernel, 2 by 3"
    with pytest.raises(KeyError, match="needs a value for {row}"):
        say("zh", "position.cell", col=1)
    with pytest.raises(ValueError, match="lang must be 'en' or 'zh', got 'de'"):
        say("de", "play.play")


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node (make test-js runs it too)")
def test_python_and_javascript_say_the_same_for_every_key():
    """Every string in both languages, filled by strings.say and by strings.js's say."""
    cases = [[lang, key, {name: f"<{name}>" for name in placeholders(entry["en"])}]
             for key, entry in STRINGS.items() for lang in ("en", "zh")]
    script = (f"import {{ say }} from {json.dumps(STRINGS_JS.as_uri())};\n"
              "const cases = JSON.parse(process.argv[1]);\n"
              "console.log(JSON.stringify(cases.map(([lang, key, params]) => say(lang, key, params))));")
    run = subprocess.run(["node", "--input-type=module", "-e", script, json.dumps(cases)],
                         capture_output=True, text=True, check=True)
    python = [say(lang, key, **params) for lang, key, params in cases]
    assert json.loads(run.stdout) == python
    assert all("{" not in text for text in python)
