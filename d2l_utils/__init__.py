"""Utilities for the interactive course on convolutions (Dive into Deep Learning 6.2-6.5).

Import the part you need; none of them is imported here, so loading the
package never loads a framework:

- :mod:`d2l_utils.reference`: NumPy ground truth.
- :mod:`d2l_utils.mxnet`: MXNet versions, with d2l's names.
- :mod:`d2l_utils.tensorflow`: TensorFlow versions, with d2l's names.
- :mod:`d2l_utils.widgets`: the sliding-window widget.
"""
__version__ = "0.1.0"
