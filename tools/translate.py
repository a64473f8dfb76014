"""Write the Chinese edition (zh/) from the English sources and the translation files.

Usage::

    python -m tools.translate            # write zh/ (`make translate`)
    python -m tools.translate --check    # fail, naming each cell, if a translation is stale
                                         # or missing, or zh/ is not what would be written
    python -m tools.translate --draft    # English text where a translation is missing
    python -m tools.translate --skeleton chapters/mxnet/6-2-convolutions.ipynb

Nothing in zh/ is typed by hand, so the two editions cannot drift:

- ``chapters/<fw>/<stem>.ipynb`` + ``translations/zh/<fw>/<stem>.yml`` ->
  ``zh/chapters/<fw>/<stem>.ipynb``. The translation file is keyed by cell id. Each entry holds
  ``hash``, the first 12 hex digits of the SHA-256 of the English cell source it translates, and
  either ``markdown`` (the whole cell in Chinese) or ``strings`` (for a code cell: exact English
  substrings, each inside one string literal or one comment, and their Chinese). Every markdown
  cell needs an entry; a code cell without one is copied as it is, and the first code cell (the
  Colab set-up) always is. A figure's alt text is translated in its cell's entry (``alt``: the
  English alt text's hash and the Chinese), words every notebook's metadata shows (the answer
  buttons' labels) once for all in ``translations/zh/words.yml``. Cell ids, the rest of the
  metadata and the order of the cells are the English ones. Outputs come only from `make record`: a cell keeps the
  outputs recorded in zh/ while its source stays the same and loses them when it changes.
- ``intro.md`` + ``translations/zh/intro.yml`` -> ``zh/intro.md``: the English page is cut into
  blocks at blank lines and each block's translation is keyed by the block's hash.
- ``translations/zh/glossary.yml`` -> ``zh/glossary.md``, the table of terms.

A translation whose hash is not the English source's any more is stale: the English changed
after it was translated. ``--check`` (in `make test`) names the file, the cell and the start
of the English text to translate again. A file that cannot be read (a notebook cut short, a
translation file that is not YAML) is named with the command that restores it.

Every file is written whole or not at all (:func:`book.atomic_write.write_atomically`): a write
cut short by a full disk leaves zh/ as it was.
"""
import argparse
import hashlib
import io
import json
import re
import sys
import tokenize
from collections import Counter
from pathlib import Path

import yaml

from book.atomic_write import WriteError, write_atomically
from tools import ROOT
from tools.record import as_saved_by_jupyterlab, find_notebooks

TRANSLATIONS = ROOT / "translations" / "zh"
ZH = ROOT / "zh"
CHAPTERS = ROOT / "chapters"
HASH_DIGITS = 12


class TranslationError(Exception):
    """A translation that is missing, stale or does not fit its English source."""


def source_hash(text):
    """The key that ties a translation to the English text it translates.

    >>> source_hash("# 6.2 Convolutions for Images")
    '3afec09b3d7c'
    """
    return hashlib.sha256(text.encode("utf8")).hexdigest()[:HASH_DIGITS]


def cell_source(cell):
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def words_spans(code):
    """(start, end) offsets in ``code`` of its string literals and comments."""
    lines = code.splitlines(True)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    spans, fstrings = [], []
    # Python 3.12+ cuts an f-string into pieces; the words are all of it, start to end.
    fstring_start = getattr(tokenize, "FSTRING_START", None)
    fstring_end = getattr(tokenize, "FSTRING_END", None)
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            (row0, col0), (row1, col1) = token.start, token.end
            if token.type == fstring_start:
                fstrings.append(starts[row0 - 1] + col0)
            elif token.type == fstring_end:
                spans.append((fstrings.pop(), starts[row1 - 1] + col1))
            elif token.type in (tokenize.STRING, tokenize.COMMENT) and not fstrings:
                spans.append((starts[row0 - 1] + col0, starts[row1 - 1] + col1))
    except (tokenize.TokenError, IndentationError, SyntaxError) as err:
        raise TranslationError(f"the code cannot be read as Python ({err})") from None
    return spans


def replace_strings(code, strings):
    """``code`` with each key of ``strings`` replaced by its value, everywhere it occurs.

    Only words may change: every occurrence of a key must lie inside one string literal or
    one comment, so the translated cell runs the same code as the English one.

    >>> replace_strings('w = Widget(title="Edge detection")  # the edges', {"Edge detection": "边缘检测"})
    'w = Widget(title="边缘检测")  # the edges'
    >>> replace_strings("title = 1", {"title": "标题"})  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    ...
    TranslationError: 'title' occurs outside a string or comment (offset 0): only words may be translated in code
    """
    if not strings:
        return code
    if not isinstance(strings, dict):
        raise TranslationError("strings must map English text to its translation")
    for key, value in strings.items():
        if not isinstance(key, str) or not isinstance(value, str) or not key:
            raise TranslationError(f"strings entry {key!r}: {value!r} must map text to text")
        if key not in code:
            raise TranslationError(f"{key!r} does not occur in the English code")
    spans = words_spans(code)
    pattern = re.compile("|".join(re.escape(k) for k in sorted(strings, key=len, reverse=True)))
    for match in pattern.finditer(code):
        if not any(start <= match.start() and match.end() <= end for start, end in spans):
            raise TranslationError(f"{match.group(0)!r} occurs outside a string or comment "
                                   f"(offset {match.start()}): only words may be translated in code")
    return pattern.sub(lambda m: strings[m.group(0)], code)


# What a translation of Markdown keeps as it is: formulas, code, link targets, MyST roles'
# targets and HTML tags (their words may change, not their names or classes).
ROLE = re.compile(r"\{(\w+)\}`(?:[^`<]*<([^`>]+)>|([^`]*))`")
KEPT = re.compile(r"\$\$.*?\$\$|\$[^$]+\$|`[^`\n]+`|\]\([^)\s]+\)|<(?:/?[a-z][a-z0-9]*)"
                  r"(?:\s+class=\"[^\"]*\")?", re.S)
HEADING = re.compile(r"^(#{1,6}) ", re.M)


def kept_parts(markdown):
    """The formulas, code spans, link targets and tags of ``markdown``, sorted."""
    text = re.sub(r"^```.*?^```", "", markdown, flags=re.S | re.M)
    roles = [f"{{{m[0]}}}{m[1] or m[2]}" for m in ROLE.findall(text)]
    # A formula may be wrapped at another place in the translation.
    return sorted([" ".join(part.split()) for part in KEPT.findall(ROLE.sub(" ", text))] + roles)


def check_markdown(english, chinese):
    """Refuse a translation that lost or changed a formula, code span, link, tag or heading."""
    lost = _multiset_difference(kept_parts(english), kept_parts(chinese))
    added = _multiset_difference(kept_parts(chinese), kept_parts(english))
    if lost or added:
        raise TranslationError("the translation must keep formulas, code, link targets and tags as "
                               f"they are; missing {lost[:3]}, not in the English {added[:3]}")
    levels = [len(h) for h in HEADING.findall(english)], [len(h) for h in HEADING.findall(chinese)]
    if levels[0] != levels[1]:
        raise TranslationError(f"headings of levels {levels[0]} in English but {levels[1]} here")


def _multiset_difference(a, b):
    """The items of ``a`` that ``b`` does not hold as many times."""
    return sorted((Counter(a) - Counter(b)).elements())


def _start(text, n=60):
    line = " ".join(text.split())
    return line if len(line) <= n else line[:n - 1] + "…"


class TextLoader(yaml.SafeLoader):
    """YAML's safe loader, reading every plain scalar as the text written (only an empty value
    or ``~`` is null).

    A translation file holds nothing but text, and YAML's own rules would turn text pasted
    without quotes into other things: a hash of twelve decimal digits (1 in 280 hashes:
    (10/16)**12) into an integer, 012345670123 into an octal number (another number, its
    leading zero lost), ``yes``/``no``/``on``/``off`` into booleans, a date into a date.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers
                if tag in ("tag:yaml.org,2002:null", "tag:yaml.org,2002:merge")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def restore_command(path):
    """How to get back file ``path`` when it cannot be read (a write cut short, a bad merge)."""
    path = Path(path)
    if path.suffix == ".ipynb" and ZH.resolve() in path.resolve().parents:
        return (f"restore it with `git checkout -- {_rel(path)}` (with its recorded outputs), "
                "or delete it and run `make translate` and `make record`")
    return f"restore it with `git checkout -- {_rel(path)}`, or repair it by hand"


def _unreadable(path, what, err):
    return TranslationError(f"{_rel(path)} is not {what} ({err}): {restore_command(path)}")


def read_text(path):
    """The UTF-8 text of file ``path`` (TranslationError naming it if it is not UTF-8)."""
    try:
        return Path(path).read_text(encoding="utf8")
    except UnicodeDecodeError as err:
        raise _unreadable(path, "UTF-8 text", err) from None


def read_notebook(path):
    """The notebook at ``path`` as a dict (TranslationError naming it if it is not JSON)."""
    try:
        return json.loads(read_text(path))
    except json.JSONDecodeError as err:
        raise _unreadable(path, "a notebook's JSON", err) from None


def load_yaml(path):
    """The mapping in translation file ``path`` (its scalars as text: :class:`TextLoader`)."""
    try:
        data = yaml.load(read_text(path), Loader=TextLoader)
    except yaml.YAMLError as err:
        raise _unreadable(path, "valid YAML", err) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise TranslationError(f"{_rel(path)} must map cell ids to entries")
    return data


def _rel(path):
    path = Path(path)
    return str(path.relative_to(ROOT)) if path.is_absolute() and ROOT in path.parents else str(path)


def translate_cell(cell, entry, draft=False):
    """The Chinese cell for English ``cell`` (a dict) and its translation ``entry`` (or None)."""
    english = cell_source(cell)
    out = {key: value for key, value in cell.items() if key not in ("outputs", "execution_count")}
    if cell["cell_type"] == "code":
        out.update(outputs=[], execution_count=None)
    if entry is None:
        if cell["cell_type"] == "markdown" and not draft:
            raise TranslationError(f"has no translation; it begins {_start(english)!r}")
        out["source"] = english
        return out
    if not isinstance(entry, dict) or set(entry) - {"hash", "markdown", "strings", "alt"}:
        raise TranslationError("an entry holds hash and markdown (or strings and alt for code), "
                               "nothing else")
    if entry.get("hash") != source_hash(english):
        if draft:
            out["source"] = english
            return out
        raise TranslationError(
            f"was translated from another English text (hash {entry.get('hash')!r}, the English "
            f"source now has {source_hash(english)!r}): translate it again and update the hash; "
            f"it begins {_start(english)!r}")
    if cell["cell_type"] == "markdown":
        chinese = entry.get("markdown")
        if not isinstance(chinese, str) or not chinese.strip() or "strings" in entry:
            raise TranslationError("a markdown cell's entry needs markdown: the whole cell translated")
        chinese = chinese.rstrip("\n")
        check_markdown(english, chinese)
        out["source"] = chinese
    else:
        if "markdown" in entry:
            raise TranslationError("a code cell's entry holds strings, not markdown")
        out["source"] = replace_strings(english, entry.get("strings") or {})
        if "alt" in entry:
            out["metadata"] = with_alt_text(out["metadata"], entry["alt"])
    return out


def with_alt_text(metadata, alt):
    """Cell ``metadata`` with the figure's alt text translated: ``alt`` holds ``hash`` (of the
    English alt text) and ``text``."""
    english = metadata.get("mystnb", {}).get("image", {}).get("alt")
    if english is None:
        raise TranslationError("has alt in its entry but no figure alt text (mystnb.image.alt)")
    if not isinstance(alt, dict) or not isinstance(alt.get("text"), str) or not alt["text"].strip():
        raise TranslationError("alt must hold hash and text, the figure's alt text translated")
    if alt.get("hash") != source_hash(english):
        raise TranslationError(f"has alt text translated from another English text (hash "
                               f"{alt.get('hash')!r}, now {source_hash(english)!r}); it begins "
                               f"{_start(english)!r}")
    mystnb = dict(metadata["mystnb"], image=dict(metadata["mystnb"]["image"], alt=alt["text"]))
    return dict(metadata, mystnb=mystnb)


def with_metadata_words(metadata, words):
    """Cell ``metadata`` with each value that ``words`` (translations/zh/words.yml) lists under
    its key path ("mystnb.code_prompt_show") translated; such a value without one is refused."""
    out = json.loads(json.dumps(metadata))
    for path, table in words.items():
        *parents, last = path.split(".")
        node = out
        for key in parents:
            node = node.get(key) if isinstance(node, dict) else None
        if not isinstance(node, dict) or last not in node:
            continue
        if node[last] not in (table or {}):
            raise TranslationError(f"has {path} {node[last]!r}, which translations/zh/words.yml "
                                   "does not translate")
        node[last] = table[node[last]]
    return out


def translate_notebook(english_path, draft=False):
    """(zh path, notebook dict without outputs) for one English notebook."""
    english_path = Path(english_path)
    relative = english_path.resolve().relative_to(CHAPTERS)
    table_path = TRANSLATIONS / relative.with_suffix(".yml")
    table = load_yaml(table_path) if table_path.exists() else {}
    if not table_path.exists() and not draft:
        raise TranslationError(f"{_rel(table_path)} is missing: {_rel(english_path)} has no translation")
    words = load_yaml(TRANSLATIONS / "words.yml")
    nb = read_notebook(english_path)
    ids = [cell["id"] for cell in nb["cells"]]
    problems = [f"{_rel(table_path)}: cell {key} is not in {_rel(english_path)} any more"
                for key in table if key not in ids]
    first_code = next((cell["id"] for cell in nb["cells"] if cell["cell_type"] == "code"), None)
    cells = []
    for cell in nb["cells"]:
        entry = table.get(cell["id"])
        try:
            if cell["id"] == first_code and entry is not None:
                raise TranslationError("is the Colab set-up cell, which both editions share as "
                                       "it is: it takes no translation")
            has_alt = "alt" in cell["metadata"].get("mystnb", {}).get("image", {})
            if has_alt and not (entry or {}).get("alt") and not draft:
                raise TranslationError("shows a figure whose alt text has no translation (alt)")
            translated = translate_cell(cell, entry, draft)
            translated["metadata"] = with_metadata_words(translated["metadata"], words)
            cells.append(translated)
        except TranslationError as err:
            problems.append(f"{_rel(table_path)}: cell {cell['id']} ({cell['cell_type']}) {err}")
    if problems:
        raise TranslationError("\n".join(problems))
    metadata = {key: value for key, value in nb["metadata"].items() if key != "widgets"}
    return ZH / "chapters" / relative, dict(nb, cells=cells, metadata=metadata)


def with_recorded_outputs(nb, zh_path):
    """``nb`` with the outputs zh_path recorded for cells whose source has not changed."""
    if not zh_path.exists():
        return nb
    old = read_notebook(zh_path)
    recorded = {cell["id"]: cell for cell in old["cells"] if cell["cell_type"] == "code"}
    same = True
    for cell in nb["cells"]:
        before = recorded.get(cell["id"])
        if cell["cell_type"] != "code":
            continue
        if before is not None and cell_source(before) == cell["source"]:
            cell["outputs"], cell["execution_count"] = before["outputs"], before["execution_count"]
        else:
            same = False
    if same and "widgets" in old["metadata"]:
        nb["metadata"]["widgets"] = old["metadata"]["widgets"]
    return nb


def blocks(markdown):
    return [b.strip("\n") for b in re.split(r"\n\s*\n", markdown.strip()) if b.strip()]


def translate_page(english_path, table_path, draft=False):
    """A Markdown page translated block by block (blocks keyed by their hash)."""
    table = load_yaml(table_path) if table_path.exists() else {}
    out, problems, used = [], [], set()
    for number, block in enumerate(blocks(read_text(english_path)), 1):
        key = source_hash(block)
        entry = table.get(key)
        if entry is None:
            if draft:
                out.append(block)
                continue
            problems.append(f"{_rel(table_path)}: block {number} of {_rel(english_path)} has no "
                            f"translation (hash {key!r}); it begins {_start(block)!r}")
            continue
        used.add(key)
        chinese = (entry or {}).get("markdown") if isinstance(entry, dict) else None
        if not isinstance(chinese, str) or not chinese.strip():
            problems.append(f"{_rel(table_path)}: block {key} needs markdown: the block translated")
            continue
        out.append(chinese.strip("\n"))
    problems += [f"{_rel(table_path)}: block {key} translates English text that "
                 f"{_rel(english_path)} no longer has" for key in table if key not in used
                 and not draft]
    if problems:
        raise TranslationError("\n".join(problems))
    return "\n\n".join(out) + "\n"


def glossary_page(path):
    terms = load_yaml(path).get("terms") or []
    rows = ["# 术语表", "",
            "本书的中文版沿用《动手学深度学习》（d2l-zh）的译法。下表列出各节用到的术语及其英文原词。", "",
            "| 英文 | 中文 | 说明 |", "| --- | --- | --- |"]
    for term in terms:
        if not isinstance(term, dict) or not term.get("en") or not term.get("zh"):
            raise TranslationError(f"{_rel(path)}: every term needs en and zh, got {term!r}")
        note = term.get("note", "")
        if term.get("avoid"):
            note = "；".join(filter(None, [note, "不用 " + "、".join(term["avoid"])]))
        rows.append(f"| {term['en']} | {term['zh']} | {note} |")
    return "\n".join(rows) + "\n"


def edition(draft=False):
    """{zh path: text} for everything the Chinese edition generates."""
    files, problems = {}, []
    for path in find_notebooks([CHAPTERS]):
        try:
            zh_path, nb = translate_notebook(path, draft)
            nb = with_recorded_outputs(nb, zh_path)
        except TranslationError as err:
            problems.append(str(err))
            continue
        files[zh_path] = as_saved_by_jupyterlab(json.dumps(nb, ensure_ascii=False))
    try:
        files[ZH / "intro.md"] = translate_page(ROOT / "intro.md", TRANSLATIONS / "intro.yml", draft)
        files[ZH / "glossary.md"] = glossary_page(TRANSLATIONS / "glossary.yml")
    except TranslationError as err:
        problems.append(str(err))
    if problems:
        raise TranslationError("\n".join(problems))
    return files


def stale_files(files):
    """Generated files whose text in zh/ is not what ``files`` says, plus leftovers."""
    # Bytes, not text: a file cut short inside a character is stale, not an error.
    wrong = [path for path, text in files.items()
             if not path.exists() or path.read_bytes() != text.encode("utf8")]
    generated = {p for p in ZH.rglob("*") if p.is_file() and (p.suffix in (".ipynb", ".md"))}
    extra = sorted(generated - set(files))
    return wrong, extra


def skeleton(path):
    """Print each cell's id, its source hash and its start.

    The hash is printed in quotes, as it is pasted into the translation file: ``TextLoader``
    reads it as text either way, but YAML elsewhere would read 709093327950 as a number.
    """
    for cell in read_notebook(path)["cells"]:
        text = cell_source(cell)
        print(f"{cell['id']}  '{source_hash(text)}'  {cell['cell_type']:8}  {_start(text, 50)}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; fail if zh/ is stale")
    parser.add_argument("--draft", action="store_true", help="English where a translation is missing")
    parser.add_argument("--skeleton", metavar="NOTEBOOK", help="print cell ids and source hashes")
    args = parser.parse_args(argv)
    try:
        if args.skeleton:
            skeleton(args.skeleton)
            return 0
        files = edition(draft=args.draft and not args.check)
    except TranslationError as err:
        print(f"The Chinese edition is out of step with the English one:\n{err}", file=sys.stderr)
        return 1
    wrong, extra = stale_files(files)
    if args.check:
        if wrong or extra:
            print("zh/ is not what `make translate` writes: "
                  + ", ".join(_rel(p) for p in wrong + extra)
                  + ". Run `make translate`, then `make record`.", file=sys.stderr)
            return 1
        print(f"zh/: {len(files)} files in step with the English sources and translations/zh/")
        return 0
    for path in wrong:
        try:
            write_atomically(path, files[path])
        except WriteError as err:
            print(f"{err}; run `make translate` again once that is fixed", file=sys.stderr)
            return 1
        print(f"wrote {_rel(path)}")
    for path in extra:
        path.unlink()
        print(f"removed {_rel(path)}")
    if not wrong and not extra:
        print("zh/ is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
