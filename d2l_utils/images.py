"""Pictures and kernels for the image view of the sliding window (NumPy only).

Every picture is a float64 array with values in [0, 1], laid out as the rest of
the package lays out inputs: ``(h, w)`` for grayscale, ``(3, h, w)`` for RGB.
All values are multiples of 1/255, so the widget can send them as bytes without
changing a single number.

- :func:`photo`: matplotlib's sample photograph of Grace Hopper (public domain,
  shipped with matplotlib, so nothing is downloaded), cropped to a square and
  shrunk by averaging blocks of pixels in NumPy.
- :func:`shapes`, :func:`checkerboard`, :func:`stripes`: pictures made by code.
- :func:`shift`: a picture moved by whole pixels (6.5's robustness to shifts).
- :data:`KERNELS`: the kernel gallery, from the identity to 6.2's ``[[1, -1]]``.
"""
import numpy as np

#: The kernel gallery: name -> 2-D kernel (k_h, k_w), in the order the widget lists them.
KERNELS = {
    "identity": np.array([[0.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 0.0]]),
    "box blur": np.ones((3, 3)) / 9,
    "Gaussian": np.array([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]) / 16,
    "sharpen": np.array([[0.0, -1.0, 0.0], [-1.0, 5.0, -1.0], [0.0, -1.0, 0.0]]),
    "Sobel x": np.array([[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]]),
    "Sobel y": np.array([[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]]),
    "Laplacian": np.array([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]]),
    "[[1, -1]]": np.array([[1.0, -1.0]]),
    "[[1], [-1]]": np.array([[1.0], [-1.0]]),
}

#: Side of the square cut from the photograph before it is shrunk.
PHOTO_SIDE = 512
# Rows of the 600 x 512 photograph where the square starts: it keeps the face and cap.
_PHOTO_TOP = 20


def kernel(name):
    """A fresh copy of gallery kernel ``name`` (one of :data:`KERNELS`)."""
    if name not in KERNELS:
        raise ValueError(f"unknown kernel {name!r}; choose one of {', '.join(map(repr, KERNELS))}")
    return KERNELS[name].copy()


def to_gray(rgb):
    """Gray levels of uint8 RGB ``rgb`` (..., 3) by ITU-R 601-2 luma, as uint8.

    The integer form that Pillow's ``convert("L")`` uses (and the widget uses for
    a reader's own picture): ``(19595 R + 38470 G + 7471 B + 2**15) >> 16``.
    """
    rgb = np.asarray(rgb)
    if rgb.dtype != np.uint8 or rgb.shape[-1:] != (3,):
        raise ValueError(f"rgb must be uint8 of shape (..., 3), got {rgb.dtype} of shape {rgb.shape}")
    r, g, b = (rgb[..., n].astype(np.int64) for n in range(3))
    return ((19595 * r + 38470 * g + 7471 * b + 32768) >> 16).astype(np.uint8)


def _shrink(pixels, side):
    """Average ``pixels`` (n, n, ...) uint8 over blocks down to (side, side, ...), rounding."""
    n = pixels.shape[0]
    if side < 1 or n % side:
        sides = ", ".join(str(n // f) for f in (1, 2, 4, 8, 16))
        raise ValueError(f"size must divide {n} (e.g. {sides}), got {side}")
    f = n // side
    blocks = pixels.reshape(side, f, side, f, *pixels.shape[2:]).astype(np.int64)
    total = blocks.sum(axis=(1, 3))
    return ((2 * total + f * f) // (2 * f * f)).astype(np.uint8)  # round half up


def photo_pixels():
    """The photograph as uint8 RGB of shape (512, 512, 3): matplotlib's grace_hopper.jpg, cropped."""
    from matplotlib import cbook, image  # matplotlib ships the photograph and reads JPEG with Pillow
    with cbook.get_sample_data("grace_hopper.jpg") as file:
        pixels = np.asarray(image.imread(file, format="jpeg"))
    return pixels[_PHOTO_TOP:_PHOTO_TOP + PHOTO_SIDE, :PHOTO_SIDE]


def photo(size=128, color=False):
    """Grace Hopper's photograph, ``size`` pixels square, with values in [0, 1].

    Parameters
    ----------
    size : int
        Side in pixels; must divide 512 (512, 256, 128, 64, ...).
    color : bool
        False for grayscale of shape (size, size); True for RGB of shape (3, size, size).

    Examples
    --------
    >>> photo(64).shape, photo(64, color=True).shape
    ((64, 64), (3, 64, 64))
    """
    if not isinstance(size, (int, np.integer)) or isinstance(size, bool):
        raise TypeError(f"size must be an int, got {size!r}")
    pixels = _shrink(photo_pixels(), int(size))
    if color:
        return pixels.transpose(2, 0, 1) / 255
    return to_gray(pixels) / 255


def _grid(size):
    if not isinstance(size, (int, np.integer)) or isinstance(size, bool) or size < 4:
        raise ValueError(f"size must be an int of at least 4, got {size!r}")
    return np.mgrid[0:size, 0:size]


def shapes(size=64):
    """A dark picture with a bright square, a bright disc and a diagonal bar; (size, size)."""
    rows, cols = _grid(size)
    X = np.full((size, size), 0.1)
    third = size // 3
    X[third // 2:third // 2 + third, third // 2:third // 2 + third] = 0.9
    centre, radius = (size * 0.3, size * 0.72), size * 0.17
    X[(rows - centre[0]) ** 2 + (cols - centre[1]) ** 2 <= radius ** 2] = 0.7
    bar = np.abs((rows - size * 0.55) - (cols - size * 0.1)) <= size * 0.04
    X[bar & (rows >= size * 0.55) & (cols < size * 0.55)] = 1.0
    return np.round(X * 255) / 255


def checkerboard(size=64, tile=8):
    """Black and white squares of ``tile`` pixels; shape (size, size)."""
    rows, cols = _grid(size)
    if not isinstance(tile, (int, np.integer)) or not 1 <= tile <= size:
        raise ValueError(f"tile must be an int from 1 to size={size}, got {tile!r}")
    return ((rows // tile + cols // tile) % 2).astype(float)


def stripes(size=64, period=8, vertical=True):
    """Bright and dark stripes ``period`` pixels apart, vertical or horizontal; (size, size)."""
    rows, cols = _grid(size)
    if not isinstance(period, (int, np.integer)) or not 2 <= period <= size:
        raise ValueError(f"period must be an int from 2 to size={size}, got {period!r}")
    along = cols if vertical else rows
    return ((along % period) < period // 2).astype(float)


def shift(X, rows=0, cols=0):
    """``X`` moved down by ``rows`` and right by ``cols`` pixels (negative: up/left).

    The pixels that move out are dropped and the uncovered border is filled with
    the nearest edge pixels, so no artificial edge appears.  Works on (h, w) and
    (c, h, w).
    """
    X = np.asarray(X, dtype=float)
    if X.ndim not in (2, 3):
        raise ValueError(f"X must be (h, w) or (c, h, w), got shape {X.shape}")
    h, w = X.shape[-2:]
    for name, n, limit in (("rows", rows, h), ("cols", cols, w)):
        if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or abs(n) >= limit:
            raise ValueError(f"{name} must be an int smaller than {limit} in size, got {n!r}")
    r = np.clip(np.arange(h) - rows, 0, h - 1)
    c = np.clip(np.arange(w) - cols, 0, w - 1)
    return X[..., r[:, None], c[None, :]]
