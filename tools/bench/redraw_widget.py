"""The SlidingWindow whose redraw per arrow-key step `make bench` times (tools/bench/browser.py).

A 32x32 input and a 5x5 kernel, 28x28 outputs: the largest example a chapter shows is
far smaller, so a step here bounds every step in the book. The browser test of the widget
(tests/browser/test_sliding_window_page.py) draws the same widget.
"""
import numpy as np

from d2l_utils.widgets import SlidingWindow

SIDE, KERNEL = 32, 5


def redraw_widget():
    """The widget, made by the Python class as a notebook would make it."""
    X = np.fromfunction(lambda r, c: (r * SIDE + c) % 10, (SIDE, SIDE))
    K = np.fromfunction(lambda r, c: (r + c) % 3 - 1, (KERNEL, KERNEL))
    return SlidingWindow(X, K, title=f"{SIDE}x{SIDE} input, {KERNEL}x{KERNEL} kernel")
