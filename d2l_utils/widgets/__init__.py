"""Interactive widgets of the course (anywidget; they also work in the static book).

- :class:`SlidingWindow`: a convolution or pooling window sliding over an input,
  with the multiply-add of every output written out.
- :class:`ImageWindow`: the same window over a photograph or any picture, with
  the feature map, each colour channel's map and pooling beside it.
- :class:`FieldExplorer`: the receptive field of a unit in a stack of convolution and
  pooling layers, in every earlier layer, shaded by how many paths reach each cell.

Both speak English or Simplified Chinese: their ``lang`` trait ("en" or "zh",
by default what :func:`d2l_utils.set_language` chose) picks every word they
show from one table, ``strings.json`` (:mod:`d2l_utils.widgets.strings`).
"""
from d2l_utils.widgets.field_explorer import FieldExplorer
from d2l_utils.widgets.image_window import ImageWindow
from d2l_utils.widgets.sliding_window import PRESETS, SlidingWindow

__all__ = ["PRESETS", "FieldExplorer", "ImageWindow", "SlidingWindow"]
