"""Write tests/vectors/sliding_window.json: cases the widget's JavaScript must match.

Every expected number, window and error message comes from
:mod:`d2l_utils.reference` (and the shape checks it uses), never from the
widget.  Each case holds the widget state (the synced traits, written out here
independently of the widget's own conversion), the reference output as
(channels, rows, cols) and the reference windows of a few output cells.
``tests/test_widgets.py`` checks that the file equals what :func:`build` makes
now, and ``tests/js/sliding_window.test.mjs`` checks the JavaScript against it.

Run ``python tests/make_vectors.py`` after changing a preset or the reference.
"""
import base64
import json
import pathlib

import numpy as np

from d2l_utils import checks, reference
from d2l_utils.widgets import sliding_window
from d2l_utils.widgets.sliding_window import PRESETS, preset_arguments

PATH = pathlib.Path(__file__).with_name("vectors") / "sliding_window.json"
N_RANDOM = 30


def _pair(value):
    return [int(value), int(value)] if np.isscalar(value) else [int(v) for v in value]


def state_of(X, K=None, *, mode="corr", pool_size=None, padding=0, stride=1,
             dilation=1, bias=0.0, title=""):
    """The synced state a widget made from these arguments should hold."""
    X = np.asarray(X, dtype=float)
    state = {"mode": mode, "x": (X if X.ndim == 3 else X[None]).tolist(), "x_ndim": X.ndim}
    if mode == "corr":
        K = np.asarray(K, dtype=float)
        state.update(k=K.reshape((1,) * (4 - K.ndim) + K.shape).tolist(), k_ndim=K.ndim,
                     pool_size=[0, 0])
    else:
        state.update(k=[], k_ndim=0, pool_size=_pair(pool_size))
    state.update(padding=_pair(padding), stride=_pair(stride), dilation=_pair(dilation),
                 bias=float(bias), title=title)
    return state


def reference_output(state):
    """Reference output of a state as (channels, rows, cols)."""
    X = np.array(state["x"])
    geometry = dict(padding=tuple(state["padding"]), stride=tuple(state["stride"]))
    if state["mode"] != "corr":
        return np.stack([reference.pool2d(x, tuple(state["pool_size"]), state["mode"],
                                          **geometry) for x in X])
    K = np.array(state["k"])
    geometry["dilation"] = tuple(state["dilation"])
    if state["k_ndim"] == 2:
        Y = reference.corr2d(X[0], K[0, 0], **geometry)[None]
    elif state["k_ndim"] == 3:
        Y = reference.corr2d_multi_in(X, K[0], **geometry)[None]
    else:
        Y = reference.corr2d_multi_in_out(X, K, **geometry)
    return Y + state["bias"]


def windows(state, Y):
    """Reference windows of the first, a middle and the last cell of each channel."""
    window = state["pool_size"] if state["mode"] != "corr" else np.shape(state["k"])[-2:]
    dilation = state["dilation"] if state["mode"] == "corr" else [1, 1]
    out = []
    for channel in range(Y.shape[0]):
        cells = {(0, 0), (Y.shape[1] // 2, Y.shape[2] // 2), (Y.shape[1] - 1, Y.shape[2] - 1)}
        for i, j in sorted(cells):
            indices = reference.window_indices(i, j, tuple(window), tuple(state["padding"]),
                                               tuple(state["stride"]), tuple(dilation))
            out.append({"channel": channel, "cell": [i, j],
                        "indices": [list(map(int, rc)) for rc in indices],
                        "value": float(Y[channel, i, j])})
    return out


def case(name, arguments):
    state = state_of(**arguments)
    Y = reference_output(state)
    return {"name": name, "arguments_shape": _shapes(arguments), "state": state,
            "output": Y.tolist(), "output_shape": list(Y.shape), "windows": windows(state, Y)}


def _shapes(arguments):
    return {key: list(np.shape(value)) for key, value in arguments.items() if key in "XK"
            and value is not None}


def random_arguments(rng):
    """Arguments of a random small valid case (corr with 0-2 channel axes, max, avg)."""
    while True:
        mode = rng.choice(["corr", "corr", "max", "avg"])
        c_i, c_o = int(rng.integers(1, 4)), int(rng.integers(1, 4))
        h, w = (int(n) for n in rng.integers(1, 8, size=2))
        k = tuple(int(n) for n in rng.integers(1, 5, size=2))
        padding = tuple(int(n) for n in rng.integers(0, 3, size=2))
        stride = tuple(int(n) for n in rng.integers(1, 4, size=2))
        floats = rng.random() < 0.3
        values = (lambda shape: np.round(rng.uniform(-3, 3, shape), 2)) if floats else (
            lambda shape: rng.integers(-5, 6, shape).astype(float))
        if mode == "corr":
            dilation = tuple(int(n) for n in rng.integers(1, 3, size=2))
            layout = rng.choice([2, 3, 4])
            X = values((h, w) if layout == 2 else (c_i, h, w))
            K = values({2: k, 3: (c_i,) + k, 4: (c_o, c_i) + k}[layout])
            extent = [(k[a] - 1) * dilation[a] + 1 for a in range(2)]
            arguments = dict(X=X, K=K, padding=padding, stride=stride, dilation=dilation,
                             bias=float(np.round(rng.uniform(-1, 1), 1)) if floats else 0.0)
        else:
            X = values((h, w) if rng.random() < 0.7 else (c_i, h, w))
            padding = tuple(min(p, n // 2) for p, n in zip(padding, k))
            extent = k
            arguments = dict(X=X, mode=str(mode), pool_size=k, padding=padding, stride=stride)
        if all(extent[a] <= (h, w)[a] + 2 * padding[a] for a in range(2)):
            return arguments


def invalid_cases():
    """Settings that cannot work, with the error the reference raises for them."""
    X3, K2 = np.arange(9.0).reshape(3, 3), np.array([[0.0, 1.0], [2.0, 3.0]])
    cases = [
        ("kernel larger than input", dict(X=X3, K=np.ones((4, 4))), reference.corr2d, {}),
        ("kernel larger than padded input", dict(X=np.ones((2, 2)), K=np.ones((5, 5)),
                                                padding=(1, 1)), reference.corr2d, {}),
        ("dilated kernel too large", dict(X=X3, K=K2, dilation=(3, 3)), reference.corr2d, {}),
        ("stride 0", dict(X=X3, K=K2, stride=(0, 0)), reference.corr2d, {}),
        ("stride 0 on one axis", dict(X=X3, K=K2, stride=(1, 0)), reference.corr2d, {}),
        ("negative padding", dict(X=X3, K=K2, padding=(-1, 0)), reference.corr2d, {}),
        ("dilation 0", dict(X=X3, K=K2, dilation=(0, 1)), reference.corr2d, {}),
        ("empty input", dict(X=np.zeros((3, 0)), K=K2), reference.corr2d, {}),
        ("channels differ", dict(X=np.ones((2, 3, 3)), K=np.ones((3, 2, 2))),
         reference.corr2d_multi_in, {}),
        ("channels differ, output channels", dict(X=np.ones((2, 3, 3)), K=np.ones((2, 3, 2, 2))),
         reference.corr2d_multi_in_out, {}),
        ("pooling window too large", dict(X=X3, mode="max", pool_size=(4, 4)),
         reference.pool2d, {"mode": "max"}),
        ("pooling padding more than half the window",
         dict(X=X3, mode="avg", pool_size=(2, 2), padding=(2, 2)),
         reference.pool2d, {"mode": "avg"}),
    ] + limit_cases()
    out = []
    for name, arguments, function, extra in cases:
        call = {key: value for key, value in arguments.items() if key not in ("mode",)}
        if "pool_size" in call:
            call = dict(X=call["X"], pool_size=call["pool_size"],
                        padding=call.get("padding", 0), **extra)
        try:
            function(**call)
        except (TypeError, ValueError) as err:
            error, kind = str(err), type(err).__name__
        else:
            raise AssertionError(f"reference accepted invalid case {name!r}")
        out.append({"name": name, "arguments_shape": _shapes(arguments),
                    "state": state_of(**arguments), "error": error, "exception": kind})
    return out


def _limit(check, *args):
    """A case's error from the widget's drawing limits (d2l_utils.checks), not the reference."""
    def raise_error(**_):
        check(*args)
    return raise_error


def limit_cases():
    """Settings the widget refuses to draw (checks.MAX_SIDE, checks.MAX_CHANNELS).

    Sizes of X and K are refused before any other check of them (Python refuses
    them from the shape alone); the padded input is checked last of all.
    """
    side, channels = checks.MAX_SIDE, checks.MAX_CHANNELS
    ones = np.ones
    return [
        (f"input of {side + 36} rows", dict(X=np.zeros((side + 36, 1)), K=ones((1, 1))),
         _limit(checks.drawable, (side + 36, 1), "X", 0), {}),
        ("input too large comes before kernel larger than input",
         dict(X=np.zeros((side + 1, 1)), K=ones((1, 2))),
         _limit(checks.drawable, (side + 1, 1), "X", 0), {}),
        (f"{channels + 1} input channels",
         dict(X=np.zeros((channels + 1, 1, 1)), K=ones((channels + 1, 1, 1))),
         _limit(checks.drawable, (channels + 1, 1, 1), "X", 1), {}),
        (f"{channels + 1} output channels",
         dict(X=np.zeros((1, 1, 1)), K=ones((channels + 1, 1, 1, 1))),
         _limit(checks.drawable, (channels + 1, 1, 1, 1), "K", 2), {}),
        ("kernel too large comes before kernel larger than input",
         dict(X=np.zeros((1, 1)), K=ones((side + 1, 1))),
         _limit(checks.drawable, (side + 1, 1), "K", 0), {}),
        ("padded input too large",
         dict(X=np.zeros((side - 2, 1)), K=ones((1, 1)), padding=(2, 0)),
         _limit(checks.drawable_padding, (side - 2, 1), (2, 0)), {}),
        ("pooling, padded input too large",
         dict(X=np.zeros((side - 1, 2)), mode="max", pool_size=(3, 3), padding=(1, 1)),
         _limit(checks.drawable_padding, (side - 1, 2), (1, 1)), {}),
        (f"pooling {channels + 1} channels",
         dict(X=np.zeros((channels + 1, 1, 1)), mode="avg", pool_size=(1, 1)),
         _limit(checks.drawable, (channels + 1, 1, 1), "X", 1), {}),
    ]


def overflow_cases():
    """Valid settings whose sums overflow float64, with the reference's error.

    Positions are those of the output as the widget gives it: (i, j), or
    (c, i, j) with output channels or when pooling a (c_i, h, w) input.  A
    channel's sum is finished before the channels are added, as in the
    reference, so opposite infinities give NaN.
    """
    big = 1e308
    cases = [
        ("two cells of 1e308", dict(X=[[big, big]], K=[[1.0, 1.0]])),
        ("bias past the largest float", dict(X=[[big]], K=[[1.0]], bias=big)),
        ("minus infinity in the second cell", dict(X=[[1.0, -big, -big]], K=[[1.0, 1.0]])),
        ("channels of opposite infinities",
         dict(X=[[[big, big]], [[-big, -big]]], K=[[[1.0, 1.0]], [[1.0, 1.0]]])),
        ("second output channel",
         dict(X=[[[big, big]]], K=[[[[0.0, 0.0]]], [[[1.0, 1.0]]]])),
        ("average pooling, second channel",
         dict(X=[[[1.0, 1.0]], [[big, big]]], mode="avg", pool_size=(1, 2))),
    ]
    out = []
    for name, arguments in cases:
        state = state_of(**arguments)
        try:
            overflow_output(state)
        except checks.NonFiniteOutput as err:
            error = str(err)
        else:
            raise AssertionError(f"case {name!r} does not overflow")
        out.append({"name": name, "arguments_shape": _shapes(arguments), "state": state,
                    "error": error, "exception": "ValueError"})
    return out


def overflow_output(state):
    """The reference's output for a state, shaped as given (bias added), or its overflow."""
    X = np.array(state["x"])
    X = X[0] if state["x_ndim"] == 2 else X
    geometry = dict(padding=tuple(state["padding"]), stride=tuple(state["stride"]))
    if state["mode"] != "corr":
        window = tuple(state["pool_size"])
        if X.ndim == 2:
            return reference.pool2d(X, window, state["mode"], **geometry)
        for c, x in enumerate(X):
            try:
                reference.pool2d(x, window, state["mode"], **geometry)
            except checks.NonFiniteOutput as err:
                raise checks.NonFiniteOutput(err.kind, (c,) + err.position, err.dtype) from None
        return None
    K = np.array(state["k"])
    function = {2: reference.corr2d, 3: reference.corr2d_multi_in,
                4: reference.corr2d_multi_in_out}[state["k_ndim"]]
    K = K.reshape(K.shape[4 - state["k_ndim"]:])
    Y = function(X, K, dilation=tuple(state["dilation"]), **geometry)
    with np.errstate(over="ignore"):
        return checks.finite_output(Y + state["bias"])


NAN, INF = float("nan"), float("inf")


def to_json(value):
    """``value`` for JSON: a float JSON cannot hold as {"float": "nan"}, bytes as {"bytes": base64}."""
    if isinstance(value, float) and not np.isfinite(value):
        return {"float": repr(value)}
    if isinstance(value, bytes):
        return {"bytes": base64.b64encode(value).decode("ascii")}
    if isinstance(value, (list, tuple)):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {key: to_json(v) for key, v in value.items()}
    return value


def from_json(value):
    """The value :func:`to_json` wrote."""
    if isinstance(value, dict) and set(value) == {"float"}:
        return float(value["float"])
    if isinstance(value, dict) and set(value) == {"bytes"}:
        return base64.b64decode(value["bytes"])
    if isinstance(value, list):
        return [from_json(v) for v in value]
    if isinstance(value, dict):
        return {key: from_json(v) for key, v in value.items()}
    return value


def settings_of(name):
    """Every synced setting of the widget ``SlidingWindow.preset(name)``, written out here."""
    state = state_of(**{k: v for k, v in preset_arguments(name).items()})
    return {**state, "selected": [0, 0], "out_channel": 0, "playing": False, "speed": 2.0,
            "preset_name": name, "controls": list(sliding_window.CONTROL_GROUPS), "lang": "en"}


#: Bad values for every synced setting: (preset the widget shows, trait, value).
TRAIT_SETS = [
    ("corr2d", "mode", "conv"), ("corr2d", "mode", 5),
    ("corr2d", "x", [[1.0, 2.0]]), ("corr2d", "x", [[[1.0], [2.0, 3.0]]]),
    ("corr2d", "x", [[["a"]]]), ("corr2d", "x", [[[0.0, NAN], [1.0, 2.0]]]),
    ("corr2d", "x", [[[0.0] * 65] * 2]), ("corr2d", "x", [[[0.0] * 3] * 3] * 9),
    ("corr2d", "x", [[[]]]), ("corr2d", "x", [[[1.0]]]), ("corr2d", "x", 5),
    ("corr2d", "x_ndim", 4), ("corr2d", "x_ndim", 3), ("corr2d", "x_ndim", "2"),
    ("corr2d", "k", [[[1.0]]]), ("corr2d", "k", [[[[1.0] * 4] * 4]]),
    ("corr2d", "k", [[[[INF, 0.0], [0.0, 0.0]]]]), ("corr2d", "k", [[[[1.0, 1.0]]]] * 2),
    ("corr2d", "k", [[[[0.0] * 65]]]), ("corr2d", "k", [[[[True, 1], [1, 1]]]]),
    ("corr2d", "k_ndim", 5), ("corr2d", "k_ndim", 3),
    ("max_pool", "pool_size", [0, 2]), ("max_pool", "pool_size", [4, 4]),
    ("max_pool", "pool_size", [1]),
    ("corr2d", "padding", [1]), ("corr2d", "padding", [31, 31]), ("corr2d", "padding", [-1, 0]),
    ("corr2d", "padding", [1.5, 0]), ("max_pool", "padding", [2, 2]),
    ("corr2d", "stride", [0, 0]), ("corr2d", "stride", "2"),
    ("corr2d", "dilation", [0, 1]), ("corr2d", "dilation", [3, 3]),
    ("max_pool", "dilation", [2, 2]),
    ("corr2d", "bias", NAN), ("corr2d", "bias", -INF), ("corr2d", "bias", "1"),
    ("max_pool", "bias", 1.0),
    ("corr2d", "title", 3), ("corr2d", "title", None),
    ("corr2d", "selected", [-1, 0]), ("corr2d", "selected", [0.5, 0]), ("corr2d", "selected", "a"),
    ("corr2d", "out_channel", -1), ("corr2d", "out_channel", 1.5), ("corr2d", "out_channel", True),
    ("corr2d", "playing", 1), ("corr2d", "playing", "yes"),
    ("corr2d", "speed", 0), ("corr2d", "speed", 1000), ("corr2d", "speed", "fast"),
    ("corr2d", "preset_name", "conv"), ("corr2d", "preset_name", 3),
    ("corr2d", "controls", 5), ("corr2d", "controls", ["values", "padd"]),
    ("corr2d", "controls", ["play", "play"]), ("corr2d", "controls", "values"),
    ("corr2d", "controls", [1]),
    ("corr2d", "lang", "fr"), ("corr2d", "lang", 1),
]


def trait_set_cases(trait_sets=None, settings=None, check=None):
    """Bad settings for every synced trait, with the message of Python's check_traits.

    Each case is ``(base, trait, value)`` of ``trait_sets``: the settings of the widget
    ``settings(base)`` with ``trait`` set to ``value``, which ``check`` (the widget
    module's check_traits, the constructor's checks on the arguments the traits
    describe) must refuse; the message it gives is the one expected. By default the
    SlidingWindow's (TRAIT_SETS, settings_of, sliding_window.check_traits);
    make_image_vectors.py passes the ImageWindow's. ``tests/test_sliding_window.py`` and
    ``tests/test_image_window.py`` set each on a widget from Python and from the page's
    side (``set_state``); the JavaScript tests set it in the model of a view.
    """
    trait_sets = TRAIT_SETS if trait_sets is None else trait_sets
    settings = settings or settings_of
    check = check or sliding_window.check_traits
    out = []
    for base, trait, value in trait_sets:
        state = {**settings(base), trait: value}
        try:
            check(state)
        except (TypeError, ValueError) as err:
            error = str(err)
        else:
            raise AssertionError(f"check_traits accepted {trait}={value!r}")
        out.append({"base": base, "trait": trait, "value": to_json(value), "error": error})
    return out


def build():
    """The whole vector file as a JSON-ready dict."""
    cases = [dict(case(f"preset:{name}", preset_arguments(name)), preset=name)
             for name in PRESETS]
    rng = np.random.default_rng(20260)
    cases += [case(f"random:{n}", random_arguments(rng)) for n in range(N_RANDOM)]
    return {"about": "Written by tests/make_vectors.py from d2l_utils.reference; do not edit.",
            "cases": cases, "invalid": invalid_cases(), "overflow": overflow_cases(),
            "trait_bases": {name: settings_of(name) for name in ("corr2d", "max_pool")},
            "trait_sets": trait_set_cases()}


def dumps(data):
    return json.dumps(data, indent=1, sort_keys=False) + "\n"


def main():
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_text(dumps(build()))
    print(f"wrote {PATH}")


if __name__ == "__main__":
    main()
