"""pytest set-up for every run from the repository root, `pytest --nbval chapters` included."""
import logging

import nbval.kernel

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
