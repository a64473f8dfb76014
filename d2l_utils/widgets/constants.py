"""The constants the widgets' Python and JavaScript both need, from ``constants.json``.

One data file, read here and imported by ``constants.js`` (bundle.py writes it into
each widget's ``_esm``), so a limit, a control group or a colour is written once:

- ``MAX_SIDE``, ``MAX_CHANNELS``: the most rows or columns and channels a
  SlidingWindow draws (:mod:`d2l_utils.checks` keeps its own copy, which
  ``tests/test_constants.py`` compares with this one, so that ``checks`` stays free of
  the widgets package).
- ``MODES``, ``CONTROL_GROUPS``, ``MIN_SPEED``/``MAX_SPEED``: SlidingWindow's operations,
  groups of controls and playing speeds.
- ``MAX_IMAGE_SIDE``, ``MAX_KERNEL_SIDE``, ``MAX_IMAGE_PADDING``, ``UPLOAD_SIDE``,
  ``POOL_MODES``, ``DIVERGING``: ImageWindow's limits, pooling and colour map.

``MAX_IMAGE_PADDING`` is ``MAX_KERNEL_SIDE - 1``: that much padding per side is a "full"
cross-correlation of the largest kernel (every window that sees at least one pixel);
more only adds windows of padding alone (for an undilated kernel), and the feature map,
at most ``MAX_IMAGE_SIDE + 2 * MAX_IMAGE_PADDING`` per side, stays as cheap to draw as a
picture.  Without it ``padding=10000`` built a map of 20 000 x 20 000.
"""
import json
import pathlib

#: Everything constants.json holds, by its names there.
CONSTANTS = json.loads(pathlib.Path(__file__).with_name("constants.json").read_text(encoding="utf8"))

MAX_SIDE = CONSTANTS["max_side"]
MAX_CHANNELS = CONSTANTS["max_channels"]
MODES = tuple(CONSTANTS["modes"])
MIN_SPEED, MAX_SPEED = CONSTANTS["speeds"]
CONTROL_GROUPS = tuple(CONSTANTS["control_groups"])
MAX_IMAGE_SIDE = CONSTANTS["max_image_side"]
MAX_KERNEL_SIDE = CONSTANTS["max_kernel_side"]
MAX_IMAGE_PADDING = CONSTANTS["max_image_padding"]
UPLOAD_SIDE = CONSTANTS["upload_side"]
POOL_MODES = tuple(CONSTANTS["pool_modes"])
DIVERGING = list(CONSTANTS["diverging"])
#: FieldExplorer's limits ({"layers", "size", "step", "kernel"}, d2l_utils.receptive_field's) and examples.
FIELD_LIMITS = dict(CONSTANTS["field_limits"])
FIELD_PRESETS = dict(CONSTANTS["field_presets"])
