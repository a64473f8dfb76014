"""The widgets whose redraws `make bench` times (tools/bench/browser.py).

The SlidingWindow, redrawn per arrow-key step:

A 32x32 input and a 5x5 kernel, 28x28 outputs: the largest example a chapter shows is
far smaller, so a step here bounds every step in the book. The browser test of the widget
(tests/browser/test_sliding_window_page.py) draws the same widget.

The FieldExplorer, redrawn per change to a layer: 6.5's VGG-style stack, 10 layers over a
224x224 input (11 canvases, 224x224 the largest), the largest stack a chapter shows. Each
step sets one layer's kernel (layer n % 10 at step n) to the other of k and k + 1, which
changes the sizes of that layer and every later one, so every step rebuilds and repaints.
"""
import numpy as np

from d2l_utils.widgets import FieldExplorer, SlidingWindow

SIDE, KERNEL = 32, 5


def redraw_widget():
    """The widget, made by the Python class as a notebook would make it."""
    X = np.fromfunction(lambda r, c: (r * SIDE + c) % 10, (SIDE, SIDE))
    K = np.fromfunction(lambda r, c: (r + c) % 3 - 1, (KERNEL, KERNEL))
    return SlidingWindow(X, K, title=f"{SIDE}x{SIDE} input, {KERNEL}x{KERNEL} kernel")


def field_widget():
    """The explorer, as 6.5 makes it."""
    return FieldExplorer(preset="vgg")


def kernel_toggles(layers):
    """``[k, k + 1]`` per layer: the two kernel sizes a step switches that layer between."""
    return [[layer["kernel"], layer["kernel"] + 1] for layer in layers]


def kernels_after(steps, layers):
    """Each layer's kernel after ``steps`` steps (step n switches layer n % len(layers))."""
    out = []
    for m, (a, b) in enumerate(kernel_toggles(layers)):
        switches = len(range(m, steps, len(layers)))
        out.append(b if switches % 2 else a)
    return out
