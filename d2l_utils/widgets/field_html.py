"""A FieldExplorer's state as a static HTML picture, for pages where JavaScript cannot run.

What GitHub, nbviewer, an untrusted notebook or Jupyter Book 2 show instead of the view:
every layer up to the chosen unit's as a small PNG with the field shaded by path count
(the colours of ``field_draw.js``), the summary, the recurrence with its numbers and the
table of spans.  Numbers come from :mod:`d2l_utils.receptive_field`, words from strings.json.
"""
import base64
import html

import numpy as np

from d2l_utils import receptive_field as rf
from d2l_utils.widgets.image_html import png
from d2l_utils.widgets.strings import say

#: Colours (RGB) of a cell outside the field, of the fewest and most paths, of the chosen unit.
OUTSIDE, FEW, MANY, CHOSEN = (0xee, 0xee, 0xee), (0xc6, 0xdb, 0xef), (0x08, 0x30, 0x6b), (0xd5, 0x5e, 0x00)
#: Longest side, in pixels, of a layer's picture.
SIDE = 120


def shade(t):
    """RGB (uint8, shape (..., 3)) of path shares ``t`` in [0, 1]; 0 is outside the field.

    The same as ``shade`` in field_draw.js (tests/vectors/receptive_field.json).
    """
    t = np.asarray(t, dtype=float)[..., None]
    few, many, outside = (np.array(c, dtype=float) for c in (FEW, MANY, OUTSIDE))
    rgb = np.floor(few + (many - few) * np.sqrt(t) + 0.5)
    return np.where(t > 0, rgb, outside).astype(np.uint8)


def shares(counts):
    """Path counts (1-D or 2-D, ints) as shares of the largest, floats in [0, 1]."""
    counts = np.asarray(counts, dtype=float)
    top = counts.max() if counts.size else 0
    return counts / top if top else counts


def layer_picture(fields, m, unit_here):
    """RGB picture (rows, cols, 3) of layer ``m``: 2-D for two fields (rows, columns), else a row."""
    rows = fields[0]["counts"][m] if len(fields) == 2 else [1]
    cols = fields[-1]["counts"][m]
    rgb = shade(shares(np.outer(rows, cols)))
    if unit_here is not None:
        rgb[unit_here] = CHOSEN
    return rgb


def _img(rgb, alt):
    h, w, _ = rgb.shape
    f = max(1, SIDE // max(h, w))
    big = rgb.repeat(f, axis=0).repeat(f, axis=1)
    data = base64.b64encode(png(big)).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" width="{w * f}" '
            f'height="{max(h * f, 8)}" style="image-rendering:pixelated;border:1px solid #767676">')


def summary_lines(fields, layer, unit, lang):
    """The summary sentences of the chosen unit (the view's too)."""
    f = fields[-1]
    start, end = f["spans"][0]
    n = f["sizes"][0]
    lines = [say(lang, "rf.summary", unit=unit, layer=layer, size=end - start + 1, start=start,
                 end=end, jump=f["jumps"][layer])]
    if not any(f["counts"][0]):
        lines.append(say(lang, "rf.summary_none"))
    if f["padding"]:
        lines.append(say(lang, "rf.summary_padding", before=max(0, -start), after=max(0, end - n + 1)))
    if f["wider"]:
        lines.append(say(lang, "rf.summary_wider", size=end - start + 1, n=n))
    return lines


def recurrence_lines(layers, layer, lang):
    """``r_l = r_(l-1) + d_l (k_l - 1) x j_(l-1) = ...`` for layers 1 .. ``layer``."""
    sizes, jumps = rf.field_sizes(layers), rf.jumps(layers)
    return [say(lang, "rf.recurrence", l=n, m=n - 1, prev=sizes[n - 1], d=layers[n - 1]["dilation"],
                k=layers[n - 1]["kernel"], jump=jumps[n - 1], r=sizes[n])
            for n in range(1, layer + 1)]


def picture(state):
    """The static ``text/html`` of a FieldExplorer ``state`` (its synced settings)."""
    from d2l_utils.widgets.field_explorer import chosen_unit
    lang, layers, dims = state["lang"], state["layers"], state["dims"]
    layer, row, col = chosen_unit(state)
    units = (row, col) if dims == 2 else (col,)
    fields = [rf.receptive_field(layers, state["size"], layer, u) for u in units]
    unit = f"({row}, {col})" if dims == 2 else f"({col},)"
    parts = []
    for m in range(layer + 1):
        name = (say(lang, "rf.name_input") if m == 0 else
                say(lang, "rf.name_layer", n=m, kind=say(lang, f"rf.kind_{layers[m - 1]['kind']}")))
        here = ((row, col) if dims == 2 else (0, col)) if m == layer else None
        cells = fields[-1]["sizes"][m]
        covered = int(np.count_nonzero(fields[-1]["counts"][m]))
        alt = say(lang, "rf.grid_label", name=name, cells=cells, covered=covered)
        parts.append(f'<figure style="margin:0;display:inline-block;vertical-align:bottom">'
                     f'{_img(layer_picture(fields, m, here), alt)}'
                     f'<figcaption style="font-size:12px">{html.escape(name)}</figcaption></figure>')
    counts = fields[-1]["counts"][0]
    nonzero = [c for c in counts if c]
    low, high = (min(nonzero), max(nonzero)) if nonzero else (0, 0)
    if dims == 2:
        low, high = low * min(c for c in fields[0]["counts"][0] if c) if nonzero else 0, \
            high * max(fields[0]["counts"][0])
    text = summary_lines(fields, layer, unit, lang) + [say(lang, "rf.counts", low=low, high=high)]
    title = f'<div style="font-weight:600">{html.escape(state["title"])}</div>' if state["title"] else ""
    return (f'<div class="d2l-rf-static" lang="{"zh-Hans" if lang == "zh" else "en"}">{title}'
            f'<div style="display:flex;flex-wrap:wrap;gap:8px;align-items:flex-end">{"".join(parts)}</div>'
            + "".join(f"<p>{html.escape(line)}</p>" for line in text)
            + f'<pre>{html.escape(chr(10).join(recurrence_lines(layers, layer, lang)))}</pre></div>')
