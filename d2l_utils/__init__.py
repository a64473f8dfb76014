"""Utilities for the interactive course on convolutions (Dive into Deep Learning 6.2-6.5).

Import the part you need; none of them is imported here, so loading the
package never loads a framework:

- :mod:`d2l_utils.reference`: NumPy ground truth.
- :mod:`d2l_utils.mxnet`: MXNet versions, with d2l's names.
- :mod:`d2l_utils.tensorflow`: TensorFlow versions, with d2l's names.
- :mod:`d2l_utils.widgets`: the sliding-window widget.

:func:`set_language` (re-exported by the framework modules as ``d2l.set_language``)
chooses the language of the widgets made after it: English or Simplified Chinese.

What every function does with bad input
---------------------------------------
Every argument is checked before any arithmetic, and a bad one raises
``TypeError`` or ``ValueError`` with a message that names the argument and the
shapes (:mod:`d2l_utils.checks`); a framework's own error never reaches the
learner for something a check can see.

NaN and infinity
    An input holding NaN or infinity is refused with the first bad position
    in row-major order: "X has NaN at position (1, 2)", "K has -infinity at
    position (0, 0)".  The same goes for the widget's input, kernel and bias.
    Finite inputs can still overflow: the reference and the widget then
    refuse the result, "output has infinity at position (0, 0): the sums
    overflow float64", and the framework functions refuse beforehand any
    inputs whose sums could pass their type's largest value, "float32 X and K
    can give sums up to 2e+39 (largest |X| times the largest sum of |K|), past
    the float32 limit 3.403e+38; cast them to float64 first".  No function
    returns NaN or infinity.

Integers (and bools)
    The reference accepts bool, int and float arrays and computes in float64,
    so average pooling of integers gives exact means.  Integer results are
    exact while every sum stays within 2**53; integer inputs whose sums could
    pass it (largest ``|X|`` times the largest sum of ``|K|``, or times the
    window's cells when averaging) are refused rather than rounded.
    The framework functions keep an integer input's type for cross-correlation
    (as the frameworks do) and refuse inputs whose sums could pass that type's
    largest value instead of wrapping around silently.  Their ``pool2d`` needs
    floats (it pads with -inf, and TensorFlow's mean of integers rounds down),
    and bools are refused with the cast to use.  ``comp_conv2d`` casts ``X``
    to the layer's own type (float32 by default): it is there for shapes.

Sizes
    Shapes and sizes must be ints (``numbers.Integral``, not bool); sizes are
    at least 1, padding at least 0, and ``conv_output_shape`` takes a shape of
    positive ints.  The widget draws at most :data:`checks.MAX_SIDE` (64) rows
    and columns of padded input and :data:`checks.MAX_CHANNELS` (8) channels;
    larger settings are refused from their shape alone, before any value is
    converted.

What the pages print of a float
-------------------------------
A float32 result that a framework sums from inexact numbers (a trained layer's
output, a learned kernel, a random input through a 1x1 convolution) can differ
in its last digit from one CPU to the next: oneDNN and the BLAS choose their
kernels by instruction set and thread count, and add in another order.  The
pages show such a result to 4 decimals (``.round(4)`` of its NumPy array), and
pass a widget the rounded values, so that what a page shows is the same on
every machine and nbval can compare it exactly.  Where a lesson is about the
rounding itself (6.4's "are Y1 and Y2 exactly equal?"), the page prints a
comparison within a stated tolerance, never the raw digits.  ``make record``
refuses an output that changes on another CPU (``tools/cpu_variants.py``
imitates them), and ``make test`` checks every page under those variants.
Exact results (integers, sums of small integers, NumPy float64 reference
values rounded for display) are printed as they are.
"""
__version__ = "0.1.0"

#: The languages the widgets speak: English and Simplified Chinese.
LANGUAGES = ("en", "zh")

_language = "en"


def checked_language(lang, name="lang"):
    """``lang`` if it is one of :data:`LANGUAGES`, else a TypeError or ValueError naming ``name``.

    >>> checked_language("fr")
    Traceback (most recent call last):
    ...
    ValueError: lang must be 'en' or 'zh', got 'fr'
    """
    if not isinstance(lang, str):
        raise TypeError(f"{name} must be a str, 'en' or 'zh', got {type(lang).__name__} {lang!r}")
    if lang not in LANGUAGES:
        raise ValueError(f"{name} must be 'en' or 'zh', got {lang!r}")
    return lang


def set_language(lang):
    """Choose the language of the widgets made from now on: ``"en"`` or ``"zh"``.

    A widget's ``lang`` trait switches one widget; this sets the default, as
    each notebook's first cell does (``d2l.set_language("zh")`` in the Chinese
    edition).  Error messages of the package stay English either way.

    >>> import d2l_utils
    >>> d2l_utils.set_language("zh")
    >>> d2l_utils.language()
    'zh'
    >>> d2l_utils.set_language("en")
    >>> d2l_utils.set_language(None)
    Traceback (most recent call last):
    ...
    TypeError: lang must be a str, 'en' or 'zh', got NoneType None
    """
    global _language
    _language = checked_language(lang)


def language():
    """The language :func:`set_language` chose (``"en"`` until then).

    >>> import d2l_utils
    >>> d2l_utils.language()
    'en'
    """
    return _language
