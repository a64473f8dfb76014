"""``ImageWindow``: the sliding window over a picture, with the feature map beside it.

The image view of :class:`~d2l_utils.widgets.SlidingWindow`: the same window,
arithmetic and shape formula (its JavaScript imports them from ``window_terms.js``
and ``window_text.js``), on a photograph or any (h, w) / (3, h, w) array.  The
pixels travel as bytes (a binary trait: uint8 when every value is a multiple of
1/255 in [0, 1], float32 otherwise), never as JSON lists, so a saved page stays
small.  As with the grids, the view's modules (:data:`MODULES`) compute and draw
everything in the page; :attr:`ImageWindow.feature_map` and :attr:`ImageWindow.pooled`
recompute it with :mod:`d2l_utils.reference`, which the JavaScript is tested against.
"""
import numbers

import numpy as np
import traitlets

import d2l_utils
from d2l_utils import checks, images, reference
from d2l_utils.widgets import image_html, settings
from d2l_utils.widgets.bundle import bundle
# The limits and the pooling modes come from constants.json: the largest picture per side
# (512 x 512 RGB recomputes in well under a frame), kernel, and padding per side.
from d2l_utils.widgets.constants import (MAX_IMAGE_PADDING, MAX_IMAGE_SIDE, MAX_KERNEL_SIDE,
                                         POOL_MODES)
from d2l_utils.widgets.settings import Setting, as_pair_argument
from d2l_utils.widgets.window_widget import WindowWidget, default_lang, widget_css, with_layout

#: The ES modules of the view, in the order bundle() joins them (each imports only earlier ones).
MODULES = ("constants.js", "strings.js", "text.js", "checks.js", "window_terms.js", "window_text.js",
           "typed.js", "trait_view.js", "view_parts.js", "image_state.js", "image_maths.js",
           "image_colours.js", "image_edits.js", "image_canvas.js", "image_maps.js", "image_window.js")


def image_limit_error(shape, name="X"):
    """The message for a picture of ``shape`` (..., h, w) that is too large, or None."""
    if max(shape[-2:]) <= MAX_IMAGE_SIDE:
        return None
    return (f"{name} of shape {tuple(shape)} is too large for the image view: "
            f"at most {MAX_IMAGE_SIDE} rows and {MAX_IMAGE_SIDE} columns")


def kernel_limit_error(shape, name="K"):
    """The message for a kernel of ``shape`` (..., k_h, k_w) that is too large, or None."""
    if max(shape[-2:]) <= MAX_KERNEL_SIDE:
        return None
    return (f"{name} of shape {tuple(shape)} is too large for the image view: "
            f"at most {MAX_KERNEL_SIDE} rows and {MAX_KERNEL_SIDE} columns")


def _finite_floats_and_bytes(value, name):
    """``value`` (NumPy, nested lists, MXNet, TensorFlow) as finite float64, and whether it was uint8."""
    array = checks.as_array(value, name)
    return checks.finite(array.astype(float), name), array.dtype == np.uint8


def _fitting(array, name, layouts, limit_error):
    """``array`` if it has one of ``layouts`` ({ndim: "(h, w)"}) and is within the view's limit."""
    array = with_layout(array, name, layouts)
    message = limit_error(array.shape, name)
    if message:
        raise ValueError(message)
    return array


def as_image(X):
    """``X`` as a float64 array (c, h, w) with c = 1 or 3, and the ndim it was given with.

    uint8 arrays are pictures with values 0-255 and are read as ``X / 255``,
    as matplotlib and scikit-image read them.
    """
    X, from_bytes = _finite_floats_and_bytes(X, "X")
    if X.ndim == 3 and X.shape[0] not in (1, 3):
        hint = (" (channels last? use X.transpose(2, 0, 1))" if X.shape[-1] in (1, 3) else "")
        raise ValueError(f"X must be (h, w) for grayscale or (3, h, w) for RGB, "
                         f"got shape {X.shape}{hint}")
    X = _fitting(X, "X", {2: "(h, w)", 3: "(3, h, w)"}, image_limit_error)
    ndim = X.ndim
    if from_bytes:
        X = X / 255
    _fits_float32(X)
    return (X if ndim == 3 else X[None]), ndim


def _fits_float32(X):
    """Refuse a value that float32, the type a picture is sent in unless it is uint8, cannot hold.

    Past the largest float32 a value would arrive as infinity; it is refused
    rather than changed.  (Other values are rounded to float32, as any picture
    in float32 is.)
    """
    with np.errstate(over="ignore"):
        lost = np.isinf(X.astype(np.float32))
    if lost.any():
        position = tuple(int(i) for i in np.argwhere(lost)[0])
        largest = float(np.finfo(np.float32).max)
        raise ValueError(f"X has {float(X[position])!r} at position {position}, past the largest "
                         f"float32 ({largest:.4g}), the type the picture is stored in")


def encode_pixels(X3):
    """Bytes and type of an image (c, h, w): ("uint8", bytes) if lossless, else ("float32", bytes)."""
    scaled = np.round(X3 * 255)
    if X3.min() >= 0 and X3.max() <= 1 and np.array_equal(scaled / 255, X3):
        return "uint8", scaled.astype(np.uint8).tobytes()
    return "float32", X3.astype("<f4").tobytes()


def decode_pixels(pixels, pixel_type, shape):
    """The image (c, h, w) as float64 from its bytes: byte / 255 for uint8, as stored for float32."""
    if pixel_type == "uint8":
        return np.frombuffer(pixels, dtype=np.uint8).reshape(shape) / 255
    if pixel_type == "float32":
        return np.frombuffer(pixels, dtype="<f4").reshape(shape).astype(float)
    raise ValueError(f"pixel_type must be 'uint8' or 'float32', got {pixel_type!r}")


def as_kernel(K, channels):
    """Kernel ``K`` (a gallery name, (k_h, k_w) or (c_i, k_h, k_w)) as (channels, k_h, k_w)."""
    name = ""
    if isinstance(K, str):
        name, K = K, images.kernel(K)
    K, _ = _finite_floats_and_bytes(K, "K")
    K = _fitting(K, "K", {2: "(k_h, k_w)", 3: "(c_i, k_h, k_w)"}, kernel_limit_error)
    if K.ndim == 3 and K.shape[0] != channels:
        raise ValueError(f"X has {channels} input channels but K has {K.shape[0]} "
                         f"(shape {K.shape})")
    K3 = np.broadcast_to(K, (channels,) + K.shape[-2:]) if K.ndim == 2 else K
    return np.array(K3), name


def widget_state(X=None, K="Sobel x", *, bias=0.0, padding=0, stride=1, dilation=1,
                 pool=None, pool_size=2, pool_stride=None, title=""):
    """Check the arguments of :class:`ImageWindow` and return its synced state.

    Every check, including the limits (:data:`MAX_IMAGE_SIDE`,
    :data:`MAX_KERNEL_SIDE`), runs before any trait is built.

    Raises
    ------
    TypeError, ValueError
        With a message naming the argument and the shapes involved.
    """
    X3, x_ndim = as_image(images.photo() if X is None else X)
    K3, name = as_kernel(K, X3.shape[0])
    geometry, out = _geometry_state(X3.shape, K3.shape, bias=bias, padding=padding, stride=stride,
                                    dilation=dilation, pool=pool, pool_size=pool_size,
                                    pool_stride=pool_stride, title=title)
    pixel_type, pixels = encode_pixels(X3)
    return {
        "pixels": pixels, "pixel_type": pixel_type, "image_shape": list(X3.shape),
        "x_ndim": x_ndim, "kernel": K3.tolist(), "kernel_name": name, **geometry,
        "selected": [out[0] // 2, out[1] // 2],
    }


def _geometry_state(x_shape, k_shape, *, bias, padding, stride, dilation, pool, pool_size,
                    pool_stride, title):
    """Check the settings besides the picture and kernel; return their traits and the map's shape."""
    padding, stride, dilation = checks.window_settings(padding, stride, dilation, bias, title)
    if max(padding) > MAX_IMAGE_PADDING:
        raise ValueError(f"padding {padding} is too large for the image view: at most "
                         f"{MAX_IMAGE_PADDING} rows and {MAX_IMAGE_PADDING} columns per side")
    checks.window_fits(x_shape, k_shape, padding, dilation)
    out = checks.output_shape(x_shape, k_shape[-2:], padding, stride, dilation)
    pool = "none" if pool is None else pool
    if isinstance(pool, (list, dict)) or pool not in POOL_MODES:
        raise ValueError(f"pool must be None, 'max' or 'avg', got {pool!r}")
    pool_size = checks.as_pair(pool_size, "pool_size", minimum=1)
    pool_stride = checks.as_pair(pool_size if pool_stride is None else pool_stride,
                                 "pool_stride", minimum=1)
    if pool != "none":
        checks.window_fits(out, pool_size, what="window", x_name="feature map",
                           k_name="pool_size")
    return {"bias": float(bias), "padding": list(padding), "stride": list(stride),
            "dilation": list(dilation), "pool": pool, "pool_size": list(pool_size),
            "pool_stride": list(pool_stride), "title": title}, out


#: The synced settings: each is checked with all the others (:func:`check_traits`) when set.
SETTINGS = ("pixels", "pixel_type", "image_shape", "x_ndim", "kernel", "kernel_name", "bias",
            "padding", "stride", "dilation", "pool", "pool_size", "pool_stride", "title",
            "selected", "lang")


def _checked_picture(state):
    """The picture's traits checked as the view reads them: its shape, x_ndim, size, type,
    bytes and values.  Returns ``(pixels, pixel_type, (c, h, w), x_ndim)``."""
    shape = state["image_shape"]
    if not (isinstance(shape, (list, tuple)) and len(shape) == 3
            and all(isinstance(n, numbers.Integral) and not isinstance(n, bool) and n >= 1
                    for n in shape) and shape[0] in (1, 3)):
        raise ValueError(f"the picture must have shape (1, h, w) or (3, h, w), "
                         f"got {settings.shown(shape)}")
    c, h, w = (int(n) for n in shape)
    x_ndim = settings.one_of(state["x_ndim"], "x_ndim", (2, 3))
    if x_ndim == 2 and c != 1:
        raise ValueError(f"X must be 2-D with shape (h, w), got {c} channels")
    x_shape = (h, w) if x_ndim == 2 else (c, h, w)
    message = image_limit_error(x_shape)
    if message:
        raise ValueError(message)
    pixel_type = state["pixel_type"]
    if not isinstance(pixel_type, str) or pixel_type not in ("uint8", "float32"):
        raise ValueError(f"pixel_type must be 'uint8' or 'float32', got {settings.shown(pixel_type)}")
    pixels = state["pixels"]
    need = c * h * w * (1 if pixel_type == "uint8" else 4)
    if not isinstance(pixels, (bytes, bytearray, memoryview)):
        raise ValueError(f"the picture of shape {x_shape} needs {need} bytes of {pixel_type}, "
                         f"got none")
    pixels = bytes(pixels)
    if len(pixels) != need:
        raise ValueError(f"the picture of shape {x_shape} needs {need} bytes of {pixel_type}, "
                         f"got {len(pixels)}")
    X3 = decode_pixels(pixels, pixel_type, (c, h, w))
    checks.finite(X3 if x_ndim == 3 else X3[0], "X")
    return pixels, pixel_type, (c, h, w), x_ndim


def check_traits(state):
    """Check an ImageWindow's synced settings together; return them as they are stored.

    ``state`` maps every name of :data:`SETTINGS` to a value.  The picture's
    bytes, type and shape, and the kernel, are checked as the view reads them
    (messages shared with ``image_state.js``) and then as the constructor
    checks its X and K; the other settings by the constructor's checks.

    Raises
    ------
    TypeError, ValueError
        The constructor's message for the first setting that does not fit.
    """
    pixels, pixel_type, (c, h, w), x_ndim = _checked_picture(state)
    kernel, k_shape = settings.nested(state["kernel"], "kernel", "(c_i, k_h, k_w)", 0)
    if k_shape[0] != c:
        raise ValueError(f"X has {c} input channels but K has {k_shape[0]} (shape {k_shape})")
    K, k_given = (kernel[0], k_shape[1:]) if x_ndim == 2 else (kernel, k_shape)
    message = kernel_limit_error(k_given)
    if message:
        raise ValueError(message)
    K3, _ = as_kernel(settings.values(K, "K", k_given), c)
    pool = state["pool"]
    geometry, _ = _geometry_state(
        (c, h, w), K3.shape, bias=state["bias"], padding=as_pair_argument(state["padding"]),
        stride=as_pair_argument(state["stride"]), dilation=as_pair_argument(state["dilation"]),
        pool=None if pool == "none" else pool, pool_size=as_pair_argument(state["pool_size"]),
        pool_stride=as_pair_argument(state["pool_stride"]), title=state["title"])
    name = state["kernel_name"]
    if not isinstance(name, str) or name not in ("",) + tuple(images.KERNELS):
        raise ValueError(f"kernel_name must be '' or one of {', '.join(map(repr, images.KERNELS))}, "
                         f"got {settings.shown(name)}")
    return {"pixels": pixels, "pixel_type": pixel_type, "image_shape": [c, h, w], "x_ndim": x_ndim,
            "kernel": K3.tolist(), "kernel_name": name, **geometry,
            "selected": list(checks.as_pair(as_pair_argument(state["selected"]), "selected")),
            "lang": d2l_utils.checked_language(state["lang"])}


def gallery_state():
    """The kernel gallery as the front end gets it: name -> (k_h, k_w) nested lists."""
    return {name: K.tolist() for name, K in images.KERNELS.items()}


class ImageWindow(WindowWidget):
    """A cross-correlation window sliding over a picture, with the feature map beside it.

    Parameters
    ----------
    X : array_like of shape (h, w) or (3, h, w), optional
        The picture: grayscale, or RGB as three input channels; at most
        512 x 512.  Values are shown as given (uint8 arrays as ``X / 255``).
        Default: :func:`d2l_utils.images.photo` (128 x 128, grayscale).
        NumPy, MXNet and TensorFlow arrays.
    K : str or array_like of shape (k_h, k_w) or (c_i, k_h, k_w)
        A name from :data:`d2l_utils.images.KERNELS`, or a kernel (at most
        15 x 15): one for every channel, or one per channel.
    bias : float
        Added to the sum over the channels.
    padding, stride, dilation : int or pair of int
        As for :class:`~d2l_utils.widgets.SlidingWindow` (padding per side, at
        most 14: ``MAX_IMAGE_PADDING`` in :mod:`~d2l_utils.widgets.constants` says why).
    pool : {None, "max", "avg"}
        Pool the feature map too (6.5), with windows of ``pool_size`` moved
        by ``pool_stride`` (default: ``pool_size``, as the frameworks' layers).
    title : str
        Caption shown above the widget.
    lang : {"en", "zh"}, optional
        The language of every word the widget shows (default: the one
        :func:`d2l_utils.set_language` chose); the ``lang`` trait changes it live.

    Raises
    ------
    TypeError, ValueError
        If an argument has the wrong type, the shapes do not fit or the
        picture or kernel is over the limits, naming the argument and shapes.
    d2l_utils.widgets.settings.InvalidSetting
        If a trait set later (from Python or from the page) does not fit with
        the other settings: the constructor's message, and nothing changes.
        Change several traits that only fit together with :meth:`set`.

    Examples
    --------
    >>> import numpy as np
    >>> ImageWindow(np.arange(9.0).reshape(3, 3), [[0, 1], [2, 3]]).feature_map
    array([[19., 25.],
           [37., 43.]])
    """

    _esm = bundle(*MODULES)
    _css = widget_css("image_window.css")

    # Every setting below is checked with all the others when set (check_traits): a
    # value the constructor would refuse raises settings.InvalidSetting, with its message.
    #: The picture's values, (c, h, w) in C order: uint8 (value = byte / 255) or little-endian float32.
    pixels = Setting(b"").tag(from_json=lambda value, widget: bytes(value) if isinstance(
        value, (bytes, bytearray, memoryview)) else value)
    pixel_type = Setting("uint8")
    image_shape = Setting([1, 1, 1])
    #: 2 if the picture was given as (h, w), 3 if as (c, h, w).
    x_ndim = Setting(2)
    #: The kernel of every input channel, (c_i, k_h, k_w).
    kernel = Setting([])
    #: Gallery name of the kernel ("" for a kernel given or edited).
    kernel_name = Setting("")
    bias = Setting(0.0)
    #: ``[rows, cols]`` of each; an int is taken for both, as by the constructor.
    padding = Setting([0, 0])
    stride = Setting([1, 1])
    dilation = Setting([1, 1])
    #: "none", "max" or "avg" (None is taken for "none", as by the constructor).
    pool = Setting("none")
    pool_size = Setting([2, 2])
    pool_stride = Setting([2, 2])
    title = Setting("")
    #: Feature-map cell ``[row, col]`` whose window is shown (first the middle one).
    selected = Setting([0, 0])
    #: The gallery, so the menu also works without a kernel.
    _gallery = traitlets.Dict().tag(sync=True)
    SETTINGS = SETTINGS
    check_traits = staticmethod(check_traits)

    def __init__(self, X=None, K="Sobel x", *, bias=0.0, padding=0, stride=1, dilation=1,
                 pool=None, pool_size=2, pool_stride=None, title="", lang=None):
        lang = default_lang(lang)
        state = widget_state(X, K, bias=bias, padding=padding, stride=stride,
                             dilation=dilation, pool=pool, pool_size=pool_size,
                             pool_stride=pool_stride, title=title)
        super().__init__(**state, lang=lang, _gallery=gallery_state())

    @traitlets.validate(*SETTINGS)
    def _valid_setting(self, proposal):
        return self._checked(proposal)

    @property
    def X(self):
        """The picture as the view holds it, (h, w) or (c, h, w) as given, float64."""
        X = decode_pixels(self.pixels, self.pixel_type, tuple(self.image_shape))
        return X[0] if self.x_ndim == 2 and X.shape[0] == 1 else X

    @property
    def K(self):
        """The kernel of every channel, (c_i, k_h, k_w)."""
        return np.array(self.kernel, dtype=float)

    def _geometry(self):
        return dict(padding=tuple(self.padding), stride=tuple(self.stride),
                    dilation=tuple(self.dilation))

    @property
    def channel_maps(self):
        """Each channel's cross-correlation, (c_i, h', w'), by :mod:`d2l_utils.reference`."""
        X3 = decode_pixels(self.pixels, self.pixel_type, tuple(self.image_shape))
        return np.stack([reference.corr2d(x, k, **self._geometry()) for x, k in zip(X3, self.K)])

    @property
    def feature_map(self):
        """The sum over channels plus bias, (h', w'), by :mod:`d2l_utils.reference`."""
        X3 = decode_pixels(self.pixels, self.pixel_type, tuple(self.image_shape))
        if X3.shape[0] == 1:
            Y = reference.corr2d(X3[0], self.K[0], **self._geometry())
        else:
            Y = reference.corr2d_multi_in(X3, self.K, **self._geometry())
        return Y + self.bias

    @property
    def pooled(self):
        """The pooled feature map, or None when ``pool`` is "none"."""
        if self.pool == "none":
            return None
        return reference.pool2d(self.feature_map, tuple(self.pool_size), self.pool,
                                stride=tuple(self.pool_stride))

    def _static_html(self):
        return image_html.render(self)

    def _describe(self, compact):
        """The summary: the picture, the kernel, the settings that are not the defaults."""
        shape = tuple(self.image_shape)
        X = shape[1:] if self.x_ndim == 2 else shape
        K = np.shape(self.kernel)[1:] if self.x_ndim == 2 else np.shape(self.kernel)
        K = f"{self.kernel_name!r}" if self.kernel_name else f"K={tuple(K)}"
        parts = [f"X={X}", K]
        for name, default in (("padding", [0, 0]), ("stride", [1, 1]), ("dilation", [1, 1])):
            if list(getattr(self, name)) != default:
                parts.append(f"{name}={tuple(getattr(self, name))}")
        if self.pool != "none":
            parts.append(f"pool={self.pool!r}")
        try:  # shapes only: the maps themselves take the reference's loops
            out = reference.conv_output_shape(shape, np.shape(self.kernel)[-2:], **self._geometry())
            result = f"feature map {out}"
            if self.pool != "none":
                pooled = reference.conv_output_shape(out, tuple(self.pool_size),
                                                     stride=tuple(self.pool_stride))
                result += f", pooled {pooled}"
        except (TypeError, ValueError) as err:
            result = f"invalid: {err}"
        return f"ImageWindow({', '.join(parts)}) -> {result}"
