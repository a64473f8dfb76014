"""Write tests/vectors/receptive_field.json: cases FieldExplorer's JavaScript must match.

Every number comes from :mod:`d2l_utils.receptive_field` (the NumPy reference, proven
against MXNet and Keras by autodiff) and every message from its checks and
field_explorer.check_traits, never from the widget's JavaScript.  ``fields`` hold a
stack, a unit and the reference's field per axis; ``refused`` a state and the message it
gets; ``shades`` the colours of path shares.  tests/test_field_explorer.py checks that the
file is what :func:`build` makes now; tests/js/field_maths.test.mjs and
field_state.test.mjs check the JavaScript against it.

Run ``python tests/make_field_vectors.py`` after changing the reference or a preset.
"""
import json
import pathlib

import numpy as np

from d2l_utils import receptive_field as rf
from d2l_utils.widgets import field_explorer, field_html

PATH = pathlib.Path(__file__).with_name("vectors") / "receptive_field.json"
N_RANDOM = 60


def _random_stack(rng):
    while True:
        layers = []
        for _ in range(int(rng.integers(1, 6))):
            kind = str(rng.choice(["conv", "conv", "max", "avg"]))
            k, s = int(rng.integers(1, 6)), int(rng.integers(1, 4))
            d = int(rng.integers(1, 4)) if kind == "conv" else 1
            layers.append({"kind": kind, "kernel": k, "stride": s,
                           "padding": int(rng.integers(0, d * (k - 1) + 1)), "dilation": d})
        size = int(rng.integers(3, 60))
        try:
            rf.check_stack(layers, size)
            return layers, size
        except ValueError:
            continue


def _field_case(layers, size, layer, unit):
    f = rf.receptive_field(layers, size, layer, unit)
    return {"layers": layers, "size": size, "layer": layer, "unit": unit,
            "field": {**f, "spans": [list(s) for s in f["spans"]]}}


def _fields():
    cases = []
    for name, p in field_explorer.PRESETS.items():
        sizes = rf.layer_sizes(p["layers"], p["size"])
        for layer in (1, len(p["layers"])):
            for unit in (0, sizes[layer] // 2, sizes[layer] - 1):
                cases.append(dict(_field_case(p["layers"], p["size"], layer, unit), preset=name))
    rng = np.random.default_rng(11)
    for _ in range(N_RANDOM):
        layers, size = _random_stack(rng)
        sizes = rf.layer_sizes(layers, size)
        layer = int(rng.integers(1, len(layers) + 1))
        cases.append(_field_case(layers, size, layer, int(rng.integers(0, sizes[layer]))))
    return cases


def _refused():
    """States each setting of which is wrong in one way, and the message check_traits gives."""
    good = {"layers": [rf.conv(3), rf.pool(2)], "size": 9, "dims": 2, "selected": [2, 1, 1],
            "title": "", "lang": "en"}
    bad = [("size", 0), ("size", 513), ("size", 2.5), ("size", "9"), ("dims", 3), ("dims", True),
           ("selected", [1, 2]), ("selected", [1, -1, 0]), ("selected", "x"), ("title", 3),
           ("layers", []), ("layers", [rf.conv(3)] * 17), ("layers", "conv"),
           ("layers", [{"kind": "conv"}]), ("layers", [rf.conv(3) | {"kind": "sum"}]),
           ("layers", [rf.conv(16)]), ("layers", [rf.conv(3, stride=0)]),
           ("layers", [rf.conv(3, padding=3)]), ("layers", [rf.pool(2) | {"dilation": 2}]),
           ("layers", [rf.conv(3, dilation=17)]), ("layers", [rf.conv(5), rf.conv(5), rf.conv(3)]),
           ("layers", [rf.conv(15, padding=7)] * 14), ("layers", [rf.conv(3, padding=True)])]
    cases = []
    for trait, value in bad:
        state = {**good, trait: value}
        try:
            field_explorer.check_traits(state)
        except (TypeError, ValueError) as err:
            cases.append({"trait": trait, "value": value, "state": state, "error": str(err)})
        else:
            raise AssertionError(f"{trait}={value!r} was taken")
    return good, cases


def build():
    shares = [0, 1e-9, 0.01, 0.25, 0.5, 0.999, 1]
    refused = _refused()
    return {
        "about": "Written by tests/make_field_vectors.py from d2l_utils.receptive_field; "
                 "FieldExplorer's JavaScript must give the same.",
        "fields": _fields(), "good": refused[0], "refused": refused[1],
        "shades": [{"t": t, "rgb": field_html.shade(t).tolist()} for t in shares],
        "presets": {name: {**p, "selected": field_explorer.centre_unit(p["layers"], p["size"], p["dims"])}
                    for name, p in field_explorer.PRESETS.items()},
    }


def dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


if __name__ == "__main__":
    PATH.write_text(dumps(build()), encoding="utf8")
    print(f"wrote {PATH} ({PATH.stat().st_size} bytes)")
