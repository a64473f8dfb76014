"""Let MXNet 1.9.1, the last release, import on NumPy 2 and Python >= 3.12.

MXNet binds NumPy names at import time that NumPy has since removed
(``np.bool`` and friends in 1.24, ``np.PINF``, ``np.alltrue``, ``np.msort``,
``np.in1d`` and the financial functions in 2.0), and it imports
``distutils``, which Python 3.12 dropped.  :func:`patch_numpy` gives NumPy back
only the names that are missing, so nothing that NumPy still defines is
touched.  ``d2l_utils.mxnet`` calls it before its first ``import mxnet``.
"""
import math
import types
import warnings

import numpy as np

#: Names MXNet reads from NumPy, and what each meant before it was removed.
REMOVED_NAMES = {
    "bool": bool,
    "int": int,
    "float": float,
    "complex": complex,
    "object": object,
    "str": str,
    "PZERO": 0.0,
    "NZERO": -0.0,
    "PINF": math.inf,
    "NINF": -math.inf,
    "NAN": math.nan,
    "NaN": math.nan,
    "Inf": math.inf,
    "alltrue": np.all,
    "sometrue": np.any,
    "round_": np.round,
    "product": np.prod,
    "msort": lambda a: np.sort(a, axis=0),
    "in1d": np.isin,
    "compat": types.SimpleNamespace(basestring=str),  # numpy.compat, Python 2 helpers
}

#: Financial functions moved to the numpy-financial package; MXNet only binds them.
FINANCIAL_NAMES = ("mirr", "npv", "pmt", "ppmt", "pv", "rate")


def _moved_to_numpy_financial(name):
    def removed(*args, **kwargs):
        raise NotImplementedError(
            f"numpy.{name} was removed in NumPy 2; use the numpy-financial package")
    removed.__name__ = name
    return removed


def _missing(name):
    with warnings.catch_warnings():  # np.object, np.str: "will be defined" notices
        warnings.simplefilter("ignore", FutureWarning)
        try:
            getattr(np, name)
        except AttributeError:
            return True
    return False


def patch_numpy():
    """Add to ``numpy`` the removed names MXNet needs; return the names added."""
    added = []
    for name, value in REMOVED_NAMES.items():
        if _missing(name):
            setattr(np, name, value)
            added.append(name)
    for name in FINANCIAL_NAMES:
        if _missing(name):
            setattr(np, name, _moved_to_numpy_financial(name))
            added.append(name)
    return added


def ensure_distutils():
    """Make ``distutils.version`` importable on Python >= 3.12 (setuptools' shim)."""
    try:
        import distutils.version
    except ModuleNotFoundError:
        try:
            import setuptools  # noqa: F401  (installs the distutils shim)
            import distutils.version  # noqa: F401
        except ModuleNotFoundError as err:
            raise ImportError(
                "MXNet needs distutils, which Python >= 3.12 no longer ships; "
                "install setuptools (it provides a replacement)") from err


def prepare_mxnet():
    """Everything that must happen before the first ``import mxnet``."""
    ensure_distutils()
    return patch_numpy()
