"""``FieldExplorer``: how far a unit deep in a stack of layers sees.

A stack of convolutions and pooling windows (kernel, stride, padding, dilation) on a 1-D
or 2-D input.  Pick a unit in any layer: its receptive field lights up in every earlier
layer and in the input, shaded by how many paths reach each cell, with the recurrence
``r_l = r_(l-1) + d_l (k_l - 1) j_(l-1)`` written out with the numbers.  The view's
modules (:data:`MODULES`: ``field_maths.js`` computes, ``field_state.js`` checks and
edits, ``field_draw.js`` draws) compute everything in the page; the numbers are
:mod:`d2l_utils.receptive_field`'s, which tests/vectors/receptive_field.json proves the
JavaScript equal to and tests/test_receptive_field_autodiff.py proves against MXNet's and
Keras' gradients.
"""
import numbers

import traitlets

from d2l_utils import receptive_field as rf
from d2l_utils.widgets import field_html, settings
from d2l_utils.widgets.bundle import bundle
from d2l_utils.widgets.constants import CONSTANTS
from d2l_utils.widgets.settings import Setting
from d2l_utils.widgets.strings import say
from d2l_utils.widgets.window_widget import WindowWidget, default_lang, widget_css

#: The ES modules of the view, in the order bundle() joins them.
MODULES = ("constants.js", "strings.js", "text.js", "checks.js", "trait_view.js", "view_parts.js",
           "field_maths.js", "field_state.js", "field_draw.js", "field_explorer.js")

#: The examples, by name: {"size", "dims", "layers"} (from constants.json, which the page reads too).
PRESETS = {name: {"size": p["size"], "dims": p["dims"],
                  "layers": [dict(zip(rf.KEYS, layer)) for layer in p["layers"]]}
           for name, p in CONSTANTS["field_presets"].items()}

#: The synced settings, each checked with all the others when set.
SETTINGS = ("layers", "size", "dims", "selected", "title", "lang")


def centre_unit(layers, size, dims):
    """``[layer, row, col]`` of the middle unit of the last layer (row 0 in 1-D)."""
    last = rf.layer_sizes(layers, size)[-1]
    return [len(layers), last // 2 if dims == 2 else 0, last // 2]


def check_traits(state):
    """Check a FieldExplorer's synced settings together; return them as they are stored.

    ``selected`` past the chosen layer's units is kept: the view shows the nearest unit.

    Raises
    ------
    ValueError, TypeError
        The message names the setting (the same as ``field_state.js`` gives).
    """
    layers, sizes = rf.check_stack(state["layers"], state["size"])
    dims = state["dims"]
    if isinstance(dims, bool) or dims not in (1, 2):
        raise ValueError(f"dims must be 1 or 2, got {settings.shown(dims)}")
    selected = state["selected"]
    if not (isinstance(selected, (list, tuple)) and len(selected) == 3
            and all(isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 0
                    for n in selected)):
        raise ValueError("selected must be a list of three ints [layer, row, col], "
                         f"got {settings.shown(selected)}")
    return {"layers": layers, "size": sizes[0], "dims": int(dims),
            "selected": [int(n) for n in selected], "title": settings.text(state["title"], "title"),
            "lang": state["lang"]}


def chosen_unit(state):
    """``(layer, row, col)`` of ``state``'s selected unit, brought into its layer."""
    sizes = rf.layer_sizes(state["layers"], state["size"])
    layer = min(max(state["selected"][0], 1), len(sizes) - 1)
    n = sizes[layer]
    row = min(state["selected"][1], n - 1) if state["dims"] == 2 else 0
    return layer, row, min(state["selected"][2], n - 1)


class FieldExplorer(WindowWidget):
    """The receptive field of a unit in a stack of layers, in every earlier layer.

    Parameters
    ----------
    layers : list of dict, optional
        Each ``{"kind": "conv" | "max" | "avg", "kernel", "stride", "padding",
        "dilation"}`` (:func:`d2l_utils.receptive_field.conv`, ``pool``).
    size : int, optional
        Input cells per axis (at most 512).
    dims : {1, 2}
        A 1-D input (a row) or a 2-D one (``size`` x ``size``).
    preset : str, optional
        One of :data:`PRESETS` ("ten_5x5", "vgg", "stride_2", "dilated", "lenet"), used
        for the layers, size and dims not given.
    selected : [layer, row, col], optional
        The chosen unit; by default the middle unit of the last layer.
    title, lang : str

    Raises
    ------
    ValueError
        Naming the setting: "layers[2]['padding'] must be an int from 0 to 2, got 3".
    """

    SETTINGS = SETTINGS
    _esm = bundle(*MODULES)
    _css = widget_css("field_explorer.css")
    layers = Setting([])
    size = Setting(1)
    dims = Setting(2)
    selected = Setting([1, 0, 0])
    title = Setting("")

    check_traits = staticmethod(check_traits)

    def __init__(self, layers=None, size=None, dims=None, *, preset=None, selected=None,
                 title=None, lang=None):
        if preset is not None and preset not in PRESETS:
            raise ValueError(f"preset must be one of {', '.join(map(repr, PRESETS))}, got {preset!r}")
        base = PRESETS[preset or "ten_5x5"] if layers is None or preset else {}
        lang = default_lang(lang)
        state = {"layers": base.get("layers") if layers is None else layers,
                 "size": base.get("size") if size is None else size,
                 "dims": (base.get("dims") or 2) if dims is None else dims,
                 "selected": [1, 0, 0], "lang": lang,
                 "title": (say(lang, f"rf.preset_{preset}") if preset else "") if title is None else title}
        state = check_traits(state)
        state["selected"] = (centre_unit(state["layers"], state["size"], state["dims"])
                             if selected is None else selected)
        state = check_traits(state)
        super().__init__(**state)

    @traitlets.validate(*SETTINGS)
    def _valid(self, proposal):
        return self._checked(proposal)

    def state(self):
        """The synced settings as a dict."""
        return {name: getattr(self, name) for name in SETTINGS}

    @property
    def field(self):
        """The chosen unit's field per axis (:func:`d2l_utils.receptive_field.receptive_field`)."""
        layer, row, col = chosen_unit(self.state())
        units = (row, col) if self.dims == 2 else (col,)
        return [rf.receptive_field(self.layers, self.size, layer, u) for u in units]

    def _static_html(self):
        return field_html.picture(self.state())

    def _describe(self, compact):
        layer, row, col = chosen_unit(self.state())
        f = self.field[-1]
        start, end = f["spans"][0]
        unit = f"({row}, {col})" if self.dims == 2 else f"({col},)"
        shape = f"{self.size}x{self.size}" if self.dims == 2 else f"{self.size}"
        if compact:
            return f"FieldExplorer({len(self.layers)} layers, unit {unit} of layer {layer} sees {end - start + 1})"
        return (f"FieldExplorer({len(self.layers)} layers on {shape}: unit {unit} of layer {layer} "
                f"sees {end - start + 1} cells per axis, from {start} to {end})")
