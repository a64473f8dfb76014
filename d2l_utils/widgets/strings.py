"""The widgets' words in English and Chinese, from ``strings.json``.

``strings.json`` maps every key to ``{"en": ..., "zh": ...}`` with named
placeholders such as ``{row}``.  The JavaScript gets the same file (strings.js
imports it; :mod:`~d2l_utils.widgets.bundle` writes it into ``_esm``), and the
static pictures (:mod:`static_html`, :mod:`image_html`) and the preset titles
read it here, so each text is written once per language.  Exceptions the package
raises stay English: they are the API's.
"""
import json
import pathlib
import re

from d2l_utils import checked_language

#: key -> {"en": text, "zh": text}
STRINGS = json.loads(pathlib.Path(__file__).with_name("strings.json").read_text(encoding="utf8"))

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def placeholders(text):
    """The names of the ``{name}`` placeholders in ``text``, as a set."""
    return set(_PLACEHOLDER.findall(text))


def say(lang, key, **params):
    """The string ``key`` in ``lang`` with its placeholders filled (``say`` in strings.js).

    >>> say("zh", "sum.where", row=0, col=0)
    '输出第 0 行第 0 列：'
    >>> say("en", "sum.where", row=0)
    Traceback (most recent call last):
    ...
    KeyError: 'string sum.where needs a value for {col}'
    """
    template = STRINGS[key][checked_language(lang)]

    def fill(match):
        name = match.group(1)
        if name not in params:
            raise KeyError(f"string {key} needs a value for {{{name}}}")
        return str(params[name])

    return _PLACEHOLDER.sub(fill, template)
