"""Interactive widgets of the course (anywidget; they also work in the static book).

- :class:`SlidingWindow`: a convolution or pooling window sliding over an input,
  with the multiply-add of every output written out.
- :class:`ImageWindow`: the same window over a photograph or any picture, with
  the feature map, each colour channel's map and pooling beside it.
"""
from d2l_utils.widgets.image_window import ImageWindow
from d2l_utils.widgets.sliding_window import PRESETS, SlidingWindow

__all__ = ["PRESETS", "ImageWindow", "SlidingWindow"]
