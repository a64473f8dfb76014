"""pytest set-up for every run from the repository root, `pytest --nbval chapters` included."""
import logging
import sys

import nbval.kernel
import pytest
from _pytest.doctest import DoctestItem

ATTEMPTS = 3
_start_new_kernel = nbval.kernel.start_new_kernel


def start_new_kernel_with_retry(*args, **kwargs):
    """nbval's start_new_kernel, tried up to ATTEMPTS times.

    A kernel can die before it answers at all ("Kernel died before replying to
    kernel_info"), seen once in a warm `make test`: kernels pick TCP ports by binding
    and releasing a free one, and two workers of `pytest -n 2` starting kernels at the
    same moment can pick the same port. Only start-up is retried; a notebook whose
    cells fail still fails.
    """
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _start_new_kernel(*args, **kwargs)
        except RuntimeError:
            if attempt == ATTEMPTS:
                raise
            logging.getLogger("nbval").warning("kernel died at start-up; attempt %d of %d",
                                               attempt + 1, ATTEMPTS)


def pytest_configure(config):
    nbval.kernel.start_new_kernel = start_new_kernel_with_retry


FRAMEWORKS = ("mxnet", "tensorflow")


def pytest_sessionfinish(session, exitstatus):
    """A run of doctests only (`make doctest`) fails if it imported a framework.

    The docstring examples are for d2l_utils' framework-free modules; importing MXNet or
    TensorFlow there would mean a module pulls in a framework its users did not ask for.
    """
    items = getattr(session, "items", [])
    loaded = [name for name in FRAMEWORKS if name in sys.modules]
    if items and loaded and all(isinstance(item, DoctestItem) for item in items):
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            f"\ndoctests imported {', '.join(loaded)}: d2l_utils' examples must run without a "
            "framework", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
