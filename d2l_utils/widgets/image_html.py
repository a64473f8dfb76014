"""An ImageWindow's state as a static HTML picture, for pages where JavaScript cannot run.

The image view's counterpart of :mod:`d2l_utils.widgets.static_html` (where that module's
docstring says, this ``text/html`` is shown instead of the widget): the picture with the window drawn on
it, the feature map in the widget's colours with the selected cell marked, the
pooled map, the colour scale, the written-out multiply-add and the shape formula.
Pictures are small PNGs in ``data:`` URIs written with zlib alone, all maps of one picture
at one scale (:func:`scale_of`); numbers come
from :mod:`d2l_utils.reference` and the texts from static_html's copies of
window_text.js's functions.
"""
import base64
import html
import struct
import zlib

import numpy as np

from d2l_utils import reference
from d2l_utils.widgets import constants, static_html
from d2l_utils.widgets.strings import say

#: ColorBrewer's PuOr from purple (negative) to orange-brown (positive), from constants.json.
DIVERGING = constants.DIVERGING
#: Longer side, in pixels, of the pictures in the HTML.
SIDE = 192
BLUE, BLACK, WHITE = (0x00, 0x72, 0xB2), (0x1a, 0x1a, 0x1a), (0xff, 0xff, 0xff)


def png(rgb):
    """PNG bytes of an RGB picture, uint8 of shape (h, w, 3)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w, _ = rgb.shape
    raw = b"".join(b"\x00" + rgb[r].tobytes() for r in range(h))  # filter 0 on every row

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def diverging_lut():
    """The 256 colours of the feature maps, (256, 3) uint8, as ``divergingLUT`` in the JavaScript."""
    anchors = np.array([[int(c[n:n + 2], 16) for n in (1, 3, 5)] for c in DIVERGING], dtype=float)
    x = np.arange(256) / 255 * (len(DIVERGING) - 1)
    n = np.minimum(len(DIVERGING) - 2, np.floor(x)).astype(int)
    f = (x - n)[:, None]
    return np.floor(anchors[n] + (anchors[n + 1] - anchors[n]) * f + 0.5).astype(np.uint8)


def coloured(Y, limit):
    """A map (h, w) in the diverging colours on the scale -limit .. +limit, (h, w, 3) uint8."""
    t = np.clip(np.floor(Y * (127.5 / limit) + 127.5 + 0.5), 0, 255).astype(int)
    return diverging_lut()[t]


def picture(X3):
    """A picture (c, h, w) as RGB bytes, values outside [0, 1] stretching the scale, (h, w, 3)."""
    lo, hi = min(0.0, X3.min()), max(1.0, X3.max())
    gray = np.floor((X3 - lo) / ((hi - lo) or 1) * 255 + 0.5).astype(np.uint8)
    return np.stack([gray[0]] * 3, axis=-1) if len(gray) == 1 else gray.transpose(1, 2, 0)


def _outline(rgb, r0, c0, r1, c1, colour, f):
    """Draw the box of cells r0..r1, c0..c1 (inclusive) on a picture scaled up by ``f``."""
    h, w, _ = rgb.shape
    top, left = max(0, r0 * f - 1), max(0, c0 * f - 1)
    bottom, right = min(h - 1, (r1 + 1) * f), min(w - 1, (c1 + 1) * f)
    for rows, cols in (((top, top + 1), (left, right + 1)), ((bottom, bottom + 1), (left, right + 1)),
                       ((top, bottom + 1), (left, left + 1)), ((top, bottom + 1), (right, right + 1))):
        rgb[slice(*rows), slice(*cols)] = colour


def scale_of(side):
    """(step, f) that bring a map whose longer side is ``side`` to about :data:`SIDE` pixels:
    every ``step``-th value, each drawn ``f`` pixels wide.  One picture uses the scale of its
    largest map for all of them, as the live view does: a map pooled to half the size is
    drawn half as large."""
    step = -(-side // SIDE) if side > SIDE else 1
    return step, (max(1, SIDE // side) if step == 1 else 1)


def _img(rgb, boxes, alt, scale):
    """An <img> of ``rgb`` at ``scale`` (:func:`scale_of`, nearest), with ``boxes`` drawn."""
    step, f = scale
    rgb = rgb[::step, ::step].repeat(f, axis=0).repeat(f, axis=1)
    for r0, c0, r1, c1, colour in boxes:
        _outline(rgb, r0 // step, c0 // step, r1 // step, c1 // step, colour, f)
    data = base64.b64encode(png(rgb)).decode("ascii")
    return (f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{data}" '
            f'style="image-rendering:pixelated;display:block;border:1px solid #9a9a9a;">')


def _cell(caption, body):
    return (f'<td style="border:0;padding:2px 8px;vertical-align:top;">'
            f'<div style="font-size:12px;color:#3c3c3c;">{html.escape(caption)}</div>{body}</td>')


def render(widget):
    """The static HTML picture of an :class:`~d2l_utils.widgets.ImageWindow`'s current state."""
    return static_html.framed("d2l-iw-static", widget.title, lambda: _picture(widget), widget.lang)


def _picture(widget):
    lang = widget.lang
    X3 = widget.X if widget.X.ndim == 3 else widget.X[None]
    K = widget.K
    geometry = dict(padding=tuple(widget.padding), stride=tuple(widget.stride),
                    dilation=tuple(widget.dilation))
    # The whole maps only colour the pictures: the vectorised reference is fast enough
    # here (the loops take seconds on 512 x 512); the written-out cell is summed exactly
    # in the reference's order below.
    Y = sum(reference.corr2d_vectorized(x, k, **geometry) for x, k in zip(X3, K)) + widget.bias
    oh, ow = Y.shape
    i, j = (min(max(0, int(v)), n - 1) for v, n in zip(widget.selected, Y.shape))
    h, w = X3.shape[-2:]
    rows = static_html.corr_terms(X3, K, i, j, **geometry)
    value = sum(partial for _, _, partial in rows) + widget.bias
    terms = rows[0][1]
    r0, c0, r1, c1 = terms[0][0], terms[0][1], terms[-1][0], terms[-1][1]
    limit = float(np.abs(Y).max()) or 1.0
    rgb = len(X3) == 3
    window = (max(0, r0), max(0, c0), min(h - 1, r1), min(w - 1, c1), BLUE)
    scale = scale_of(max(h, w, oh, ow))
    cells = [
        _cell(say(lang, "iw.picture_rgb" if rgb else "iw.picture_gray", h=h, w=w), _img(
            picture(X3), [window],
            say(lang, "static.picture_alt_rgb" if rgb else "static.picture_alt_gray",
                h=h, w=w, r0=r0, r1=r1, c0=c0, c1=c1), scale)),
        _cell(say(lang, "iw.map_caption", rows=oh, cols=ow), _img(
            coloured(Y, limit), [(i, j, i, j, BLACK)], say(lang, "static.map_alt", rows=oh, cols=ow), scale)),
    ]
    if widget.pool != "none":
        P = reference.pool2d(Y, tuple(widget.pool_size), widget.pool, stride=tuple(widget.pool_stride))
        peak = widget.pool == "max"
        cells.append(_cell(say(lang, "iw.max_pool_caption" if peak else "iw.avg_pool_caption",
                               size=tuple(widget.pool_size), stride=tuple(widget.pool_stride),
                               rows=P.shape[0], cols=P.shape[1]),
                           _img(coloured(P, limit), [],
                                say(lang, "static.max_pooled_alt" if peak else "static.avg_pooled_alt"),
                                scale)))
    fmt = static_html.format_number
    scale = say(lang, "static.scale", limit=fmt(limit), min=fmt(Y.min()), max=fmt(Y.max()))
    where = say(lang, "iw.sum_where", row=i, col=j, rows=say(lang, "iw.span", first=r0, last=r1),
                cols=say(lang, "iw.span", first=c0, last=c1))
    sums = "\n".join([where] + static_html.sum_lines(rows, value, mode="corr", bias=widget.bias,
                                                       lang=lang))
    formula = static_html.formula_lines((h, w), K.shape[-2:], lang=lang, **geometry)
    axes = {"rows": say(lang, "formula.rows"), "cols": say(lang, "formula.cols")}
    lines = [say(lang, "iw.formula")]
    lines += ["  " + say(lang, "formula.axis", axis=axes[axis], formula=per_side)
              for axis, (per_side, _, _) in formula.items()]
    mono = static_html.MONO
    return [
        '<table role="presentation" style="border:0;border-collapse:collapse;"><tr>'
        + "".join(cells) + "</tr></table>",
        f'<div style="font-size:12px;color:#3c3c3c;">{html.escape(scale)}</div>',
        f'<pre style="{mono}font-size:13px;background:#f7f7f7;border-left:4px solid #0072B2;'
        f'padding:6px 10px;margin:8px 0;white-space:pre-wrap;">{html.escape(sums)}</pre>',
        f'<div style="{mono}font-size:12.5px;white-space:pre-wrap;">'
        + "".join(f'<div style="margin:1px 0;">{html.escape(line)}</div>' for line in lines)
        + "</div>",
    ]
