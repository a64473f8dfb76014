"""``SlidingWindow``: watch a convolution or pooling window slide, with its arithmetic.

The Python class only checks its arguments and holds the state in synced
traits; its JavaScript (:data:`MODULES`, joined by :func:`~d2l_utils.widgets.bundle.bundle`)
computes and draws everything from those traits, so the widget also works in a static page with no kernel.  :attr:`output`
recomputes the result with :mod:`d2l_utils.reference`, which is what the
JavaScript is tested against.
"""
import numbers

import numpy as np
import traitlets

import d2l_utils
from d2l_utils import checks, reference
from d2l_utils.widgets import settings, static_html
from d2l_utils.widgets.bundle import bundle
from d2l_utils.widgets.constants import CONTROL_GROUPS, MAX_SPEED, MIN_SPEED, MODES
from d2l_utils.widgets.settings import Setting, as_pair_argument, shape_of
from d2l_utils.widgets.strings import say
from d2l_utils.widgets.window_widget import WindowWidget, default_lang, finite_floats, widget_css, with_layout

# MODES, MIN_SPEED and MAX_SPEED (steps per second while playing; one step a frame at 60)
# and CONTROL_GROUPS come from constants.json (d2l_utils.widgets.constants): "values"
# (edit the numbers of X and K, their sizes and the bias), "presets" (the example menu),
# "play" (step, play and scrub), "padding", "stride", "dilation", "channels" (the
# output-channel menu) and "pooling" (the operation menu).

#: The ES modules of the view, in the order bundle() joins them (each imports only earlier ones).
MODULES = ("constants.js", "strings.js", "text.js", "checks.js", "window_terms.js", "window_text.js",
           "typed.js", "trait_view.js", "view_parts.js", "sliding_state.js", "sliding_edits.js",
           "sliding_grids.js", "sliding_window.js")

def _drawable(value, name, layouts):
    """Refuse ``value`` from its shape alone if the widget cannot draw it (before converting)."""
    shape = shape_of(value)
    if len(shape) in layouts:
        checks.drawable(shape, name, len(shape) - 2)
    return value


def _pair_text(pair, compact):
    pair = tuple(pair)
    return str(pair[0]) if compact and pair[0] == pair[1] else str(pair)


def _preset_arrays(lang="en"):
    X = np.arange(9.0).reshape(3, 3)
    K = np.array([[0.0, 1.0], [2.0, 3.0]])
    X2 = np.stack([X, X + 1])
    K2 = np.stack([K, K + 1])
    edge = np.ones((6, 8))
    edge[:, 2:6] = 0
    laplace = np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
    return {
        "corr2d": dict(X=X, K=K, title=say(lang, "preset.corr2d")),
        "edge": dict(X=edge, K=np.array([[1.0, -1.0]]),
                     title=say(lang, "preset.edge")),
        "padding": dict(X=np.arange(64.0).reshape(8, 8), K=laplace, padding=1,
                        title=say(lang, "preset.padding")),
        "stride": dict(X=np.arange(64.0).reshape(8, 8),
                       K=np.arange(15.0).reshape(3, 5) % 3 - 1,
                       padding=(0, 1), stride=(3, 4), title=say(lang, "preset.stride")),
        "multi_in": dict(X=X2, K=K2, title=say(lang, "preset.multi_in")),
        "multi_in_out": dict(X=X2, K=np.stack([K2, K2 + 1, K2 + 2]),
                             title=say(lang, "preset.multi_in_out")),
        "conv1x1": dict(X=np.arange(27.0).reshape(3, 3, 3),
                        K=np.array([[1.0, 2.0, -1.0], [0.0, 1.0, 1.0]]).reshape(2, 3, 1, 1),
                        title=say(lang, "preset.conv1x1")),
        "max_pool": dict(X=X, mode="max", pool_size=2, title=say(lang, "preset.max_pool")),
        "avg_pool": dict(X=X, mode="avg", pool_size=2, title=say(lang, "preset.avg_pool")),
        "pool_pad_stride": dict(X=np.arange(16.0).reshape(4, 4), mode="max", pool_size=3,
                                padding=1, stride=2,
                                title=say(lang, "preset.pool_pad_stride")),
    }


#: Names accepted by :meth:`SlidingWindow.preset`, in the order the menu shows them.
PRESETS = tuple(_preset_arrays())


def preset_arguments(name, lang="en"):
    """Keyword arguments of :class:`SlidingWindow` for preset ``name`` (fresh arrays), titled in ``lang``."""
    presets = _preset_arrays(d2l_utils.checked_language(lang))
    if name not in presets:
        raise ValueError(f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}")
    return presets[name]


def widget_state(X, K=None, *, mode="corr", pool_size=None, padding=0, stride=1,
                 dilation=1, bias=0.0, title=""):
    """Check the arguments of :class:`SlidingWindow` and return its synced state.

    Returns
    -------
    dict
        JSON-ready values of the traits ``mode, x, x_ndim, k, k_ndim,
        pool_size, padding, stride, dilation, bias, title``.  ``x`` is always
        nested as (c_i, h, w) and ``k`` as (c_o, c_i, k_h, k_w) (empty for
        pooling); ``x_ndim``/``k_ndim`` remember the shapes given.

    Raises
    ------
    TypeError, ValueError
        With a message naming the argument and the shapes involved.
    """
    _check_mode(mode)
    layouts = {2: "(h, w)", 3: "(c_i, h, w)"}
    X = with_layout(finite_floats(_drawable(X, "X", layouts), "X"), "X", layouts)
    padding, stride, dilation = checks.window_settings(padding, stride, dilation, bias, title)
    X3 = X if X.ndim == 3 else X[None]
    if mode == "corr":
        if K is None:
            raise TypeError("mode 'corr' needs a kernel K")
        if pool_size is not None:
            raise TypeError("pool_size is only for mode 'max' or 'avg'; give a kernel K")
        layouts = {2: "(k_h, k_w)", 3: "(c_i, k_h, k_w)", 4: "(c_o, c_i, k_h, k_w)"}
        K = with_layout(finite_floats(_drawable(K, "K", layouts), "K"), "K", layouts)
        if K.ndim == 2 and X.ndim == 3:
            raise ValueError(
                f"X of shape {X.shape} has channels, so K must be 3-D with shape "
                f"(c_i, k_h, k_w) or 4-D with shape (c_o, c_i, k_h, k_w), got shape {K.shape}")
        if K.ndim > 2 and X.ndim == 2:
            raise ValueError(
                f"K of shape {K.shape} has input channels, so X must be 3-D with shape "
                f"(c_i, h, w), got shape {X.shape}")
        if K.ndim > 2:
            checks.same_channels(X.shape, K.shape)
        checks.window_fits(X.shape, K.shape, padding, dilation)
        K4 = K.reshape((1,) * (4 - K.ndim) + K.shape)
        k_list, k_ndim, pool = K4.tolist(), K.ndim, [0, 0]
    else:
        if K is not None:
            raise TypeError(f"mode {mode!r} pools and takes no kernel K; give pool_size")
        if pool_size is None:
            raise TypeError(f"mode {mode!r} needs pool_size (an int or a pair of ints)")
        if dilation != (1, 1):
            raise ValueError(f"dilation must be 1 for pooling, got {dilation}")
        if bias != 0:
            raise ValueError(f"bias must be 0 for pooling, got {bias!r}")
        pool = list(checks.pool2d_args(X.shape[-2:], pool_size, mode, padding, stride)[0])
        k_list, k_ndim = [], 0
    checks.drawable_padding(X.shape, padding)
    return {
        "mode": mode, "x": X3.tolist(), "x_ndim": X.ndim, "k": k_list, "k_ndim": k_ndim,
        "pool_size": pool, "padding": list(padding), "stride": list(stride),
        "dilation": list(dilation), "bias": float(bias), "title": title,
    }


def _pool_channel(channel, x, pool_size, mode, geometry):
    """Pool one channel; an overflow's position includes the channel, as in the output."""
    try:
        return reference.pool2d(x, pool_size, mode, **geometry)
    except checks.NonFiniteOutput as err:
        raise checks.NonFiniteOutput(err.kind, (channel,) + err.position, err.dtype) from None


def _check_mode(mode):
    if isinstance(mode, (list, dict)) or mode not in MODES:
        raise ValueError(f"mode must be 'corr', 'max' or 'avg', got {mode!r}")


#: The synced settings: each is checked with all the others (:func:`check_traits`) when set.
SETTINGS = ("mode", "x", "x_ndim", "k", "k_ndim", "pool_size", "padding", "stride", "dilation",
            "bias", "title", "selected", "out_channel", "playing", "speed", "preset_name",
            "controls", "lang")


def _given(value, trait, name, layout, lead, channel_axes, lead_error):
    """A nested-list trait as the constructor's argument (its first ``lead`` axes dropped).

    Those axes must have length 1; ``lead_error(shape)`` is the message otherwise.
    """
    given, shape = settings.nested(value, trait, layout, lead)
    if any(n != 1 for n in shape[:lead]):
        raise ValueError(lead_error(shape))
    checks.drawable(shape[lead:], name, channel_axes)
    return settings.values(given, name, shape[lead:])


def check_traits(state):
    """Check a SlidingWindow's synced settings together; return them as they are stored.

    ``state`` maps every name of :data:`SETTINGS` to a value.  The traits are
    turned back into the constructor's arguments and checked by
    :func:`widget_state`, so a setting gets the constructor's message; what only
    the traits can say (``x_ndim``, ``k_ndim``, a nested list of the wrong depth)
    and the settings the constructor does not take (``selected``,
    ``out_channel``, ``playing``, ``speed``, ``preset_name``) have messages of
    their own, the same in ``sliding_state.js``.  While pooling, ``k`` and
    ``k_ndim`` are not used and kept as they are; so is ``pool_size`` for a
    cross-correlation.

    Raises
    ------
    TypeError, ValueError
        The constructor's message for the first setting that does not fit.
    """
    mode = state["mode"]
    _check_mode(mode)
    x_ndim = settings.one_of(state["x_ndim"], "x_ndim", (2, 3))
    X = _given(state["x"], "x", "X", "(c_i, h, w)", 3 - x_ndim, x_ndim - 2,
               lambda shape: f"X must be 2-D with shape (h, w), got {shape[0]} channels")
    bias = state["bias"]
    if isinstance(bias, numbers.Real) and not isinstance(bias, bool):
        bias = float(bias)
    arguments = dict(mode=mode, padding=as_pair_argument(state["padding"]),
                     stride=as_pair_argument(state["stride"]),
                     dilation=as_pair_argument(state["dilation"]), bias=bias, title=state["title"])
    if mode == "corr":
        k_ndim = settings.one_of(state["k_ndim"], "k_ndim", (2, 3, 4))
        single = "a single output channel" if k_ndim == 3 else "a single input and output channel"
        arguments["K"] = _given(state["k"], "k", "K", "(c_o, c_i, k_h, k_w)", 4 - k_ndim,
                                k_ndim - 2, lambda _: f"K with k_ndim {k_ndim} must have {single}")
    else:
        arguments["pool_size"] = as_pair_argument(state["pool_size"])
    checked = widget_state(X, **arguments)
    if mode == "corr":
        checked["pool_size"] = state["pool_size"]
    else:
        checked.update(k=state["k"], k_ndim=state["k_ndim"])
    speed = state["speed"]
    if isinstance(speed, bool) or not isinstance(speed, numbers.Real) \
            or not MIN_SPEED <= speed <= MAX_SPEED:
        raise ValueError(f"speed must be a number of steps per second from {MIN_SPEED} to "
                         f"{MAX_SPEED}, got {settings.shown(speed)}")
    preset_name = state["preset_name"]
    if not isinstance(preset_name, str) or preset_name not in ("",) + PRESETS:
        raise ValueError(f"preset_name must be '' or one of {', '.join(PRESETS)}, "
                         f"got {settings.shown(preset_name)}")
    checked.update(
        selected=list(checks.as_pair(as_pair_argument(state["selected"]), "selected")),
        out_channel=settings.non_negative_int(state["out_channel"], "out_channel"),
        playing=settings.boolean(state["playing"], "playing"), speed=float(speed),
        preset_name=preset_name, controls=_control_list(state["controls"]),
        lang=d2l_utils.checked_language(state["lang"]))
    return checked


class SlidingWindow(WindowWidget):
    """A cross-correlation or pooling window sliding over an input, with its arithmetic.

    Parameters
    ----------
    X : array_like of shape (h, w) or (c_i, h, w)
        The input.  NumPy arrays, nested lists, MXNet and TensorFlow arrays.
    K : array_like of shape (k_h, k_w), (c_i, k_h, k_w) or (c_o, c_i, k_h, k_w), optional
        The kernel, for ``mode="corr"``.  With input channels the widget shows
        each channel's partial sum and their total; with output channels it
        offers a choice of output channel.
    mode : {"corr", "max", "avg"}
        Cross-correlation, max pooling or average pooling.
    pool_size : int or pair of int, optional
        The pooling window, for ``mode="max"`` or ``"avg"`` (then ``K`` is None).
    padding : int or pair of int
        Zero rows/columns added on *each* side (max pooling pads with -inf).
    stride, dilation : int or pair of int
        Step of the window and spacing of its taps (dilation only for "corr").
    bias : float
        Added to every output of a cross-correlation.
    title : str
        Caption shown above the widget.
    lang : {"en", "zh"}, optional
        The language of every word the widget shows (default: the one
        :func:`d2l_utils.set_language` chose); the ``lang`` trait changes it live.
    controls : sequence of str, optional
        The groups of :data:`CONTROL_GROUPS` to show (default all), so a page
        shows each control once its text has taught it, e.g.
        ``["values", "presets", "play"]`` for 6.2.  The preset menu then offers
        only the presets these controls can explore, and the shape formula
        leaves out padding, stride and dilation while they are hidden and unused.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type or the shapes do not fit, e.g.
        "kernel K of shape (4, 4) is larger than input X of shape (3, 3)".
    d2l_utils.widgets.settings.InvalidSetting
        If a trait set later (from Python or from the page) does not fit with
        the other settings: the constructor's message, and nothing changes.
        Change several traits that only fit together with :meth:`set`.

    Examples
    --------
    >>> SlidingWindow([[0, 1, 2], [3, 4, 5], [6, 7, 8]], [[0, 1], [2, 3]]).output
    array([[19., 25.],
           [37., 43.]])
    """

    _esm = bundle(*MODULES)
    _css = widget_css("sliding_window.css")

    # Every setting below is checked with all the others when set (check_traits): a
    # value the constructor would refuse raises settings.InvalidSetting, with its message.
    #: "corr", "max" or "avg".
    mode = Setting("corr")
    #: The input as (c_i, h, w) nested lists; ``x_ndim`` (2 or 3) is how X was given.
    x = Setting([])
    x_ndim = Setting(2)
    #: The kernel as (c_o, c_i, k_h, k_w) nested lists; ``k_ndim`` (2, 3 or 4) is how K was given.
    k = Setting([])
    k_ndim = Setting(2)
    #: ``[rows, cols]`` of each; an int is taken for both, as by the constructor.
    pool_size = Setting([0, 0])
    padding = Setting([0, 0])
    stride = Setting([1, 1])
    dilation = Setting([1, 1])
    bias = Setting(0.0)
    title = Setting("")
    #: Output cell ``[row, col]`` whose window is shown (past the output: its last cell).
    selected = Setting([0, 0])
    #: Output channel shown (multiple output channels, or pooling a multi-channel input).
    out_channel = Setting(0)
    playing = Setting(False)
    #: Steps per second while playing, from :data:`MIN_SPEED` to :data:`MAX_SPEED`.
    speed = Setting(2.0)
    #: Name of the preset last chosen ("" if none).
    preset_name = Setting("")
    #: Every preset's state, so the menu also works without a kernel (written by the class only).
    _presets = traitlets.Dict().tag(sync=True)
    #: The control groups shown, a list of names from :data:`CONTROL_GROUPS`.
    controls = Setting(list(CONTROL_GROUPS))
    SETTINGS = SETTINGS
    check_traits = staticmethod(check_traits)

    @traitlets.observe("lang")
    def _relabel_presets(self, change):
        # The menu's titles, and the title of the preset shown, follow the language.
        self._presets = _all_preset_states(change["new"])
        if self.preset_name in self._presets:
            self.title = self._presets[self.preset_name]["title"]

    @traitlets.validate(*SETTINGS)
    def _valid_setting(self, proposal):
        return self._checked(proposal)

    def __init__(self, X, K=None, *, mode="corr", pool_size=None, padding=0, stride=1,
                 dilation=1, bias=0.0, title="", controls=None, lang=None):
        controls = list(CONTROL_GROUPS) if controls is None else _control_list(controls)
        lang = default_lang(lang)
        state = widget_state(X, K, mode=mode, pool_size=pool_size, padding=padding,
                             stride=stride, dilation=dilation, bias=bias, title=title)
        super().__init__(**state, controls=controls, lang=lang, _presets=_all_preset_states(lang))

    @classmethod
    def preset(cls, name, *, controls=None, lang=None):
        """Return a widget set up as preset ``name`` (one of :data:`PRESETS`), titled in ``lang``."""
        lang = default_lang(lang)
        widget = cls(**preset_arguments(name, lang), controls=controls, lang=lang)
        widget.preset_name = name
        return widget

    @property
    def X(self):
        """The input as a NumPy array of the shape given, (h, w) or (c_i, h, w)."""
        X = np.array(self.x, dtype=float)
        return X[0] if self.x_ndim == 2 else X

    @property
    def K(self):
        """The kernel as a NumPy array of the shape given, or None when pooling."""
        if self.mode != "corr":
            return None
        K = np.array(self.k, dtype=float)
        return K.reshape(K.shape[4 - self.k_ndim:])

    @property
    def output(self):
        """The output, computed by :mod:`d2l_utils.reference` from the current state.

        Shape (h', w') for a 2-D result, (c_o, h', w') with output channels (or
        when pooling a (c_i, h, w) input, channel by channel).  Raises
        ValueError if the settings made in the widget do not fit.
        """
        X, K = self.X, self.K
        geometry = dict(padding=tuple(self.padding), stride=tuple(self.stride))
        if self.mode != "corr":
            if X.ndim == 2:
                return reference.pool2d(X, tuple(self.pool_size), self.mode, **geometry)
            return np.stack([_pool_channel(c, x, tuple(self.pool_size), self.mode, geometry)
                             for c, x in enumerate(X)])
        geometry["dilation"] = tuple(self.dilation)
        if K.ndim == 2:
            Y = reference.corr2d(X, K, **geometry)
        elif K.ndim == 3:
            Y = reference.corr2d_multi_in(X, K, **geometry)
        else:
            Y = reference.corr2d_multi_in_out(X, K, **geometry)
        with np.errstate(over="ignore"):
            return checks.finite_output(Y + self.bias)

    def _describe(self, compact):
        pair = lambda name: f"{name}={_pair_text(getattr(self, name), compact)}"  # noqa: E731
        parts = [f"mode={self.mode!r}", f"X={self.X.shape}"]
        if self.mode == "corr":
            parts.append(f"K={np.shape(self.k)[4 - self.k_ndim:]}")
        else:
            parts.append(pair("pool_size"))
        defaults = {"padding": [0, 0], "stride": [1, 1], "dilation": [1, 1]}
        for name in ("padding", "stride", "dilation"):
            at_default = list(getattr(self, name)) == defaults[name]
            if not at_default or (name != "dilation" and not compact):
                parts.append(pair(name))
        if self.bias:
            parts.append(f"bias={self.bias!r}")
        try:
            result = f"output {self.output.shape}"
        except (TypeError, ValueError) as err:
            result = f"invalid: {err}"
        return f"SlidingWindow({', '.join(parts)}) -> {result}"

    def _static_html(self):
        return static_html.render(self)


def _control_list(controls):
    """``controls`` as a list of distinct names from :data:`CONTROL_GROUPS`."""
    if not isinstance(controls, (list, tuple)) or not all(isinstance(name, str) for name in controls):
        raise TypeError(
            f"controls must be a list of names from {', '.join(CONTROL_GROUPS)}, got {controls!r}")
    unknown = [name for name in controls if name not in CONTROL_GROUPS]
    if unknown:
        raise ValueError(
            f"controls has unknown group {unknown[0]!r}; choose from {', '.join(CONTROL_GROUPS)}")
    if len(set(controls)) != len(controls):
        raise ValueError(f"controls names a group twice: {list(controls)!r}")
    return list(controls)


_PRESET_STATES = {}


def _all_preset_states(lang):
    """State of every preset titled in ``lang``, computed once (sent to the front end for its menu)."""
    if lang not in _PRESET_STATES:
        _PRESET_STATES[lang] = {name: widget_state(**preset_arguments(name, lang)) for name in PRESETS}
    return _PRESET_STATES[lang]
