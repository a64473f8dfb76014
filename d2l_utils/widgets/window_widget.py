"""What both widgets are: :class:`WindowWidget`, the base of ``SlidingWindow`` and ``ImageWindow``.

A window widget is an anywidget whose synced settings are checked together on every
set (:mod:`~d2l_utils.widgets.settings`), whose ``lang`` trait picks its words, and
whose output carries a static ``text/html`` picture beside the widget view for pages
that cannot run it.  Its text/plain is one deterministic line of at most
:data:`REPR_LIMIT` characters.  The helpers below read the arrays both constructors take.
"""
import pathlib

import IPython.display
import anywidget
import traitlets

import d2l_utils
from d2l_utils import checks
from d2l_utils.widgets import settings

#: Longest text/plain that ipywidgets 7 and 8 both show without cutting it.
REPR_LIMIT = 110


def widget_css(name):
    """A widget's ``_css``: the shared light and dark colours (theme.css), then its own file."""
    here = pathlib.Path(__file__).parent
    return "\n".join((here / part).read_text(encoding="utf8") for part in ("theme.css", name))


def default_lang(lang):
    """``lang`` checked, or the language :func:`d2l_utils.set_language` chose if it is None."""
    return d2l_utils.language() if lang is None else d2l_utils.checked_language(lang)


class Language(traitlets.Unicode):
    """A widget's ``lang`` trait: "en" or "zh", checked by :func:`d2l_utils.checked_language`
    (an :class:`~d2l_utils.widgets.settings.InvalidSetting` naming lang otherwise)."""

    def validate(self, obj, value):
        try:
            return d2l_utils.checked_language(value)
        except (TypeError, ValueError) as err:
            raise settings.InvalidSetting(str(err)) from err


class WindowWidget(anywidget.AnyWidget):
    """The base of the window widgets: checked settings, a language, a static picture.

    A subclass names its synced settings in ``SETTINGS``, checks them together in
    ``check_traits`` (a static method: the state -> the values to store, or the
    constructor's TypeError/ValueError), validates them with
    ``@traitlets.validate(*SETTINGS)`` calling :meth:`_checked`, and writes
    :meth:`_static_html` (its picture) and :meth:`_describe` (its repr).
    """

    #: The synced settings, each checked with all the others when set.
    SETTINGS = ()
    #: The language of the widget's words: "en" or "zh".
    lang = Language("en").tag(sync=True)

    @staticmethod
    def check_traits(state):
        raise NotImplementedError

    def _checked(self, proposal):
        """The value to store for a traitlets ``proposal``, checked with the other settings."""
        return settings.checked_setting(self, proposal, self.SETTINGS, self.check_traits)

    def set(self, **changes):
        """Change several settings at once, checked together as the constructor checks them.

        For a change valid only with another (a smaller input and a smaller kernel, a
        new picture with its shape).  Returns the widget.  A refused change raises
        :class:`~d2l_utils.widgets.settings.InvalidSetting` (a TraitError and a
        ValueError) and changes nothing.
        """
        return settings.set_settings(self, self.SETTINGS, changes)

    def _static_html(self):
        """The static ``text/html`` picture of the current state."""
        raise NotImplementedError

    def _describe(self, compact):
        """The one-line summary; ``compact`` asks for a shorter one."""
        raise NotImplementedError

    def __repr__(self):
        """Deterministic one-line summary, at most :data:`REPR_LIMIT` characters.

        ipywidgets 7 cuts the text/plain of a displayed widget at 110 characters
        and anywidget on ipywidgets 8 does not; staying within it gives the same
        text/plain everywhere (nbval compares it).  Too long a summary is asked
        for in its compact form, and as a last resort cut with "…".
        """
        text = self._describe(compact=False)
        if len(text) > REPR_LIMIT:
            text = self._describe(compact=True)
        if len(text) > REPR_LIMIT:
            text = text[:REPR_LIMIT - 1] + "…"
        return text

    def _repr_mimebundle_(self, **kwargs):
        """The widget view plus a static ``text/html`` picture of the current state.

        Front ends that draw widgets prefer the view (JupyterLab, Notebook 7,
        myst-nb rank it above text/html); an untrusted notebook, Jupyter Book 2
        and GitHub's view show the picture instead.  nbconvert (and nbviewer) rank
        the view first too; ``jupyter nbconvert --to html --config
        tools/nbconvert_static.json`` shows the picture (static_html's docstring).
        """
        bundle = super()._repr_mimebundle_(**kwargs)
        data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
        return {**data, "text/html": self._static_html()}, metadata

    if hasattr(anywidget.AnyWidget, "_ipython_display_"):
        # ipywidgets 7 (Colab's) displays widgets through _ipython_display_, which
        # IPython calls instead of _repr_mimebundle_: send the same bundle there.
        def _ipython_display_(self, **kwargs):
            data, metadata = self._repr_mimebundle_()
            IPython.display.display(data, metadata=metadata, raw=True)
            self._handle_displayed(**kwargs)


# ---------------------------------------------------------------------------
# The arrays both constructors take (NumPy, nested lists, MXNet, TensorFlow).
# ---------------------------------------------------------------------------

def finite_floats(value, name):
    """``value`` as a float64 NumPy array of finite numbers, without importing a framework.

    Parameters
    ----------
    value : array_like
        A NumPy array, nested lists, an ``mxnet.np``/``mxnet.nd`` array (has
        ``.asnumpy()``) or a TensorFlow tensor or variable (has ``.numpy()``).
    name : str
        Argument name used in error messages.

    Raises
    ------
    TypeError
        If ``value`` does not hold real numbers.
    ValueError
        If ``value`` is ragged or holds NaN or infinity (the message names the
        first such position).
    """
    return checks.finite(checks.as_array(value, name), name).astype(float)


def with_layout(array, name, layouts):
    """``array`` if its ndim is one of ``layouts`` (``{ndim: "(h, w)", ...}``), else a ValueError."""
    if array.ndim not in layouts:
        options = " or ".join(f"{n}-D with shape {layout}" for n, layout in layouts.items())
        raise ValueError(f"{name} must be {options}, got shape {array.shape}")
    checks.expect_ndim(array.shape, array.ndim, name, layouts[array.ndim])
    return array
