"""The widgets' synced settings: every one checked with all the others, on every set.

A widget's constructor checks its arguments; the same checks judge a trait set
later, from Python (``widget.padding = [31, 31]``) or from the page (ipywidgets'
``set_state``).  Each widget class declares its settings as :class:`Setting`
traits (no check of their own, so a value of the wrong type gets the
constructor's message too: ``widget.padding = 1`` means ``(1, 1)``, as it does
for the constructor) and one validator for all of them that calls
:func:`checked_setting` with the class's ``check_traits``: the state with the new
value is checked whole, as construction checks it, and the value stored is the
one that check returns (a pair as a list, a bias as a float).

A refused value raises :class:`InvalidSetting` with the constructor's message and
changes nothing: state, ``repr`` and the static picture stay as they were.  A
change valid only together with another (a smaller X and a smaller kernel) is
made with the widget's ``set(**settings)``, which checks the combined state once
(traitlets' ``hold_trait_notifications``: the validators run when it closes and
undo every change if one refuses).

``checks.js``, ``sliding_state.js`` and ``image_state.js`` hold the same checks for the
page, with the same messages
(tests/vectors/*.json, ``trait_sets``).
"""
import copy
import numbers

import numpy as np
import traitlets


class InvalidSetting(traitlets.TraitError, ValueError):
    """A synced setting refused; the message is the one the constructor gives for it.

    A :class:`traitlets.TraitError`, so traitlets and ipywidgets treat it as a
    refused trait value (and undo a ``set`` or a ``hold_trait_notifications``
    block), and a :class:`ValueError` like the constructor's errors.  The
    constructor's own error (TypeError or ValueError) is its ``__cause__``.
    """


class Setting(traitlets.Any):
    """A synced trait checked only with the whole state, by its class's validator.

    Each instance gets its own copy of the default (a list is never shared).
    """

    def __init__(self, default_value, **kwargs):
        super().__init__(default_value, **kwargs)
        # traitlets' Any takes None without asking the validator.
        self.allow_none = False
        self.tag(sync=True)

    def default(self, obj=None):
        return copy.deepcopy(self.default_value)


def checked_setting(widget, proposal, names, check):
    """The value to store for ``proposal`` (a traitlets validator's), judged with the other settings.

    ``check(state)`` takes every setting in ``names`` and returns them checked
    (normalized), or raises TypeError/ValueError with the constructor's message,
    raised here again as :class:`InvalidSetting`.  The last state checked is
    remembered (by identity), so the validators that run one after the other
    when a ``set`` closes check the combined state once.
    """
    name = proposal["trait"].name
    state = {key: proposal["value"] if key == name else getattr(widget, key) for key in names}
    memo = widget.__dict__.get("_checked_settings")
    if memo is not None and all(memo[0][key] is state[key] for key in names):
        return memo[1][name]
    try:
        checked = check(state)
    except (TypeError, ValueError) as err:
        raise InvalidSetting(str(err)) from err
    widget.__dict__["_checked_settings"] = ({**state, name: checked[name]}, checked)
    return checked[name]


def set_settings(widget, names, settings):
    """Set several of ``names`` on ``widget`` at once, judged together (the widgets' ``set``)."""
    unknown = [name for name in settings if name not in names]
    if unknown:
        raise TypeError(f"{type(widget).__name__}.set() has no setting {unknown[0]!r}; "
                        f"choose from {', '.join(names)}")
    with widget.hold_sync(), widget.hold_trait_notifications():
        for name, value in settings.items():
            setattr(widget, name, value)
    return widget


def shown(value):
    """``value`` as the messages write it: Python's repr, lists written as tuples (pairs, shapes)."""
    return repr(tuple(value)) if isinstance(value, list) else repr(value)


def as_pair_argument(value):
    """A pair trait as its constructor argument: a list as a tuple (so messages show "(1, 2)")."""
    return tuple(value) if isinstance(value, list) else value


def one_of(value, name, choices):
    """``value`` if it is one of ``choices`` (ints: not a bool), else a ValueError naming ``name``."""
    if isinstance(value, bool) or value not in choices:
        options = " or ".join(", ".join(map(repr, choices)).rsplit(", ", 1))
        raise ValueError(f"{name} must be {options}, got {shown(value)}")
    return value


def non_negative_int(value, name):
    """``value`` if it is an int of at least 0 (an output channel)."""
    if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 0:
        raise ValueError(f"{name} must be an int of at least 0, got {shown(value)}")
    return int(value)


def boolean(value, name):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {shown(value)}")
    return value


def text(value, name):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a str, got {shown(value)}")
    return value


def nested(value, trait, layout, lead):
    """A nested-list trait (or array) of ``layout`` as its constructor argument, and its shape.

    ``layout`` reads like "(c_i, h, w)"; the first ``lead`` axes are dropped
    (each must have length 1) to give the array as the constructor took it.
    Raises the messages of ``checks.js``'s ``givenArray`` for the same value:
    wrong depth names ``trait``; the rest name the argument as given (the caller
    checks the sizes, then :func:`values`).
    """
    depth = layout.count(",") + 1
    shape = shape_of(value)
    if len(shape) != depth:
        raise ValueError(f"{trait} must be a nested list of shape {layout}, got shape {shape}")
    for _ in range(lead):
        value = value[0]
    return value, shape


def shape_of(value):
    """Shape of an array-like without converting it (nested lists: their first items)."""
    shape = getattr(value, "shape", None)
    if shape is not None:
        try:
            return tuple(int(n) for n in shape)
        except TypeError:  # a dimension TensorFlow does not know yet
            pass
    shape = []
    while isinstance(value, (list, tuple)):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return tuple(shape)


def values(value, name, shape):
    """Check a nested list's items: equal lengths and real numbers (not bools), in row-major order.

    The first problem is named: "X must be a rectangular array of numbers
    (nested lists of equal lengths)" or "X must be an array of real numbers, got
    'a'".  NaN and infinity are left to the caller (as positions in the array).
    Arrays are checked by NumPy instead.
    """
    if not isinstance(value, (list, tuple)):
        return value
    ragged = ValueError(
        f"{name} must be a rectangular array of numbers (nested lists of equal lengths)")

    def walk(item, axis):
        if axis == len(shape):
            if isinstance(item, (list, tuple)):
                raise ragged
            if isinstance(item, bool) or not isinstance(item, (numbers.Real, np.number)) \
                    or isinstance(item, complex):
                raise TypeError(f"{name} must be an array of real numbers, got {shown(item)}")
            return
        if not isinstance(item, (list, tuple)) or len(item) != shape[axis]:
            raise ragged
        for inner in item:
            walk(inner, axis + 1)

    walk(value, 0)
    return value
