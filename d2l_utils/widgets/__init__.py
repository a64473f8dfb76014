"""Interactive widgets of the course (anywidget; they also work in the static book).

- :class:`SlidingWindow`: a convolution or pooling window sliding over an input,
  with the multiply-add of every output written out.
"""
from d2l_utils.widgets.sliding_window import PRESETS, SlidingWindow

__all__ = ["PRESETS", "SlidingWindow"]
