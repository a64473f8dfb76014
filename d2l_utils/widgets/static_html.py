"""A SlidingWindow's state as a static HTML picture, for pages where JavaScript cannot run.

GitHub's and nbviewer's notebook views, an untrusted notebook in Jupyter, ``jupyter
nbconvert --to html`` and Jupyter Book 2 do not draw widgets; they show the
``text/html`` that each widget output carries beside its widget view.  The picture
holds what the live widget shows for the selected output cell: the input grids
(padding shaded), the kernel, the output, the window highlighted, the multiply-add
written out and the output-shape formula.  Every number comes from
:mod:`d2l_utils.reference`; the texts are those of ``window_core.js`` (a test
compares the two).  No script, no external resource, inline styles only.  GitHub
strips ``style`` attributes, so the window is also marked in the markup itself
(bold cells, a caption naming its rows and columns).
"""
import html
import math

import numpy as np

from d2l_utils import reference

CELL = ("width:2.3em;height:2.3em;padding:0;text-align:center;vertical-align:middle;"
        "border:1px solid #9a9a9a;font-variant-numeric:tabular-nums;")
PLAIN = "background:#ffffff;color:#1a1a1a;"
PAD = "background:#eeeeee;color:#595959;"
WINDOW = "background:#d4ebf8;color:#002b45;box-shadow:inset 0 0 0 2px #0072B2;"
WINDOW_PAD = "background:#c3dced;color:#002b45;box-shadow:inset 0 0 0 2px #0072B2;"
SELECTED = "background:#fde3c8;color:#4a1c00;box-shadow:inset 0 0 0 3px #D55E00;"
MONO = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"


def format_number(v):
    """A number as the widget writes it (``formatNumber`` in window_core.js)."""
    v = float(v)
    if math.isnan(v):
        return "?"
    if math.isinf(v):
        return "∞" if v > 0 else "-∞"
    if v == 0:
        return "0"
    if v.is_integer() and abs(v) < 1e21:
        return str(int(v))
    rounded = round(v, 4)
    if rounded != 0:
        return _js_number(rounded)
    # JavaScript's toPrecision(3): fixed notation down to 1e-6, exponential below
    if abs(v) >= 1e-6:
        return np.format_float_positional(v, precision=3, unique=False, fractional=False, trim="k")
    mantissa, exponent = f"{v:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def _js_number(v):
    """JavaScript's String(number) for a number with at most 4 decimals."""
    text = repr(v)
    return text[:-2] if text.endswith(".0") else text


def _factor(v):
    text = format_number(v)
    return f"({text})" if text.startswith("-") else text


def window_terms(widget, channel, i, j):
    """Terms of output cell (i, j) of output ``channel``, as ``windowTerms`` in window_core.js.

    Returns ``(rows, value)``: ``rows`` is one ``(input channel, terms, partial)``
    per input channel of a cross-correlation (one, channel ``channel``, for
    pooling); each term is ``(r, c, pad, x, k)`` in unpadded input coordinates,
    ``k`` None for pooling.  Partial sums and the value are the reference's.
    """
    X = widget.X if widget.X.ndim == 3 else widget.X[None]
    padding, stride = tuple(widget.padding), tuple(widget.stride)
    h, w = X.shape[-2:]
    value = _output_channels(widget)[channel][i, j]
    if widget.mode == "corr":
        K4 = np.asarray(widget.k, dtype=float)[channel]
        dilation = tuple(widget.dilation)
        rows = []
        for ch, (x, k) in enumerate(zip(X, K4)):
            indices = reference.window_indices(i, j, k.shape, padding, stride, dilation)
            terms = [(r, c, not (0 <= r < h and 0 <= c < w),
                      x[r, c] if 0 <= r < h and 0 <= c < w else 0.0, weight)
                     for (r, c), weight in zip(indices, k.ravel())]
            partial = reference.corr2d(x, k, padding, stride, dilation)[i, j]
            rows.append((ch, terms, partial))
        return rows, value
    x = X[channel]
    fill = -math.inf if widget.mode == "max" else 0.0
    indices = reference.window_indices(i, j, tuple(widget.pool_size), padding, stride)
    terms = [(r, c, not (0 <= r < h and 0 <= c < w),
              x[r, c] if 0 <= r < h and 0 <= c < w else fill, None) for r, c in indices]
    return [(channel, terms, value)], value


def _output_channels(widget):
    Y = widget.output
    return Y if Y.ndim == 3 else Y[None]


def sum_lines(widget, rows, value):
    """The arithmetic as lines of text (``formatSum`` in window_core.js)."""
    if widget.mode == "max":
        xs = [format_number(x) for _, _, pad, x, _ in rows[0][1] if not pad]
        return [f"max({', '.join(xs)}) = {format_number(value)}"]
    if widget.mode == "avg":
        terms = rows[0][1]
        xs = " + ".join(_factor(x) for _, _, _, x, _ in terms)
        return [f"({xs}) / {len(terms)} = {format_number(value)}"]

    def products(terms):
        return " + ".join(f"{_factor(x)}×{_factor(k)}" for _, _, _, x, k in terms)

    bias = f" + {_factor(widget.bias)}" if widget.bias != 0 else ""
    if len(rows) == 1:
        return [f"{products(rows[0][1])}{bias} = {format_number(value)}"]
    lines = [f"channel {ch}: {products(terms)} = {format_number(partial)}"
             for ch, terms, partial in rows]
    lines.append(" + ".join(_factor(partial) for _, _, partial in rows)
                 + f"{bias} = {format_number(value)}")
    return lines


def formula_lines(widget):
    """Output-shape formulas per axis with the numbers put in (``formulaText`` in window_core.js).

    Returns ``{"rows": (per_side, total, dropped), "cols": ...}``.
    """
    h, w = widget.X.shape[-2:]
    window = (np.shape(widget.K)[-2:] if widget.mode == "corr" else tuple(widget.pool_size))
    dilation = tuple(widget.dilation) if widget.mode == "corr" else (1, 1)
    size = reference.conv_output_shape((h, w), tuple(window), tuple(widget.padding),
                                       tuple(widget.stride), dilation)
    out = {}
    for a, axis in enumerate(("rows", "cols")):
        n, k, p, s, d = ((h, w)[a], window[a], widget.padding[a], widget.stride[a], dilation[a])
        extent = d * (k - 1) + 1
        numerator = n + 2 * p - d * (k - 1) - 1
        dropped = numerator % s

        def div(text):
            return f"floor({text} / {s})" if dropped else f"{text} / {s}"  # noqa: B023

        per_side = (f"{div(f'({n} + 2×{p} - {d}×({k} - 1) - 1)')} + 1 = {div(str(numerator))}"
                    f" + 1 = {numerator // s} + 1 = {size[a]}")
        top = n - extent + 2 * p + s
        k_text = str(k) if d == 1 else str(extent)
        total = f"{div(f'({n} - {k_text} + {2 * p} + {s})')} = {div(str(top))} = {size[a]}"
        if d != 1:
            total += f"   (k = {d}×({k} - 1) + 1 = {extent}, the dilated window)"
        out[axis] = (per_side, total, dropped)
    return out


def _grid(values, styles, label):
    """A table of numbers; ``styles[r][c]`` is ``(style, bold)``."""
    rows = []
    for r, row in enumerate(values):
        cells = []
        for c, text in enumerate(row):
            style, bold = styles[r][c]
            body = f"<b>{html.escape(text)}</b>" if bold else html.escape(text)
            cells.append(f'<td style="{CELL}{style}">{body}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table border="1" aria-label="{html.escape(label)}" style="border-collapse:collapse;'
            f'margin:2px 0;">' + "".join(rows) + "</table>")


def _input_grid(widget, x, terms, caption):
    ph, pw = widget.padding
    h, w = x.shape
    window = {(r + ph, c + pw) for r, c, *_ in terms}
    fill = "-∞" if widget.mode == "max" else "0"
    values, styles = [], []
    for r in range(h + 2 * ph):
        values.append([]), styles.append([])
        for c in range(w + 2 * pw):
            pad = not (ph <= r < ph + h and pw <= c < pw + w)
            values[-1].append(fill if pad else format_number(x[r - ph, c - pw]))
            inside = (r, c) in window
            styles[-1].append(((WINDOW_PAD if pad else WINDOW) if inside else (PAD if pad else PLAIN),
                               inside))
    label = f"{caption}, {h} by {w}" + (f", padded by {ph} and {pw}" if ph or pw else "")
    return _captioned(caption, _grid(values, styles, label))


def _captioned(caption, grid):
    return (f'<div style="font-size:12px;color:#3c3c3c;">{html.escape(caption)}</div>{grid}')


def _window_caption(terms):
    rows = sorted({r for r, *_ in terms})
    cols = sorted({c for _, c, *_ in terms})

    def span(values, name):
        if len(values) == 1:
            return f"{name} {values[0]}"
        return f"{name}s {values[0]} to {values[-1]}"
    return f"the window (bold) covers {span(rows, 'row')} and {span(cols, 'column')} of the input"


def framed(css_class, title, picture):
    """The box every widget's static picture shares: title, picture, a note that it is static.

    ``picture`` is called for the list of HTML parts to put inside; a TypeError or
    ValueError it raises (settings that do not fit) is shown as the message instead.
    """
    style = ("font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:14px;"
             "color:#1a1a1a;background:#ffffff;border:1px solid #c8c8c8;border-radius:6px;"
             "padding:8px 12px;margin:6px 0;max-width:100%;overflow-x:auto;line-height:1.35;")
    parts = [f'<div class="{css_class}" style="{style}">']
    if title:
        parts.append(f'<div style="font-weight:600;font-size:15px;margin-bottom:6px;">'
                     f'{html.escape(title)}</div>')
    try:
        parts += picture()
    except (TypeError, ValueError) as err:
        parts.append(f'<div style="border-left:4px solid #D55E00;background:#fff4ec;'
                     f'padding:8px 10px;">{html.escape(str(err))}</div>')
    parts.append('<div style="font-size:12px;color:#3c3c3c;margin-top:4px;">A picture of the '
                 "widget's saved state: run the notebook to move the window.</div></div>")
    return "".join(parts)


def render(widget):
    """The static HTML picture of a :class:`SlidingWindow`'s current state."""
    return framed("d2l-sw-static", widget.title, lambda: _picture(widget))


def _picture(widget):
    Y = _output_channels(widget)
    channel = min(max(0, widget.out_channel), Y.shape[0] - 1)
    i, j = (min(max(0, int(v)), n - 1) for v, n in zip(widget.selected, Y.shape[1:]))
    rows, value = window_terms(widget, channel, i, j)
    X = widget.X if widget.X.ndim == 3 else widget.X[None]
    channel_rows = []
    for ch, terms, partial in rows:
        cells = [_input_grid(widget, X[ch], terms,
                             f"input channel {ch}" if X.shape[0] > 1 else "input")]
        if widget.mode == "corr":
            K = np.asarray(widget.k, dtype=float)[channel][ch]
            kernel = [[format_number(v) for v in row] for row in K]
            styles = [[(WINDOW, False)] * K.shape[1] for _ in range(K.shape[0])]
            name = f"kernel channel {ch}" if len(rows) > 1 else "kernel"
            cells += ['<span style="font-size:20px;color:#5f6368;">⋆</span>',
                      _captioned(name, _grid(kernel, styles, f"{name}, {K.shape[0]} by {K.shape[1]}"))]
            if len(rows) > 1:
                cells.append(f"<b>= {html.escape(format_number(partial))}</b>")
        channel_rows.append("<tr>" + "".join(
            f'<td style="border:0;padding:2px 6px;vertical-align:middle;">{cell}</td>'
            for cell in cells) + "</tr>")
    out_styles = [[(SELECTED if (a, b) == (i, j) else PLAIN, (a, b) == (i, j))
                   for b in range(Y.shape[2])] for a in range(Y.shape[1])]
    outputs = [[format_number(v) for v in row] for row in Y[channel]]
    if widget.mode == "corr":
        out_caption = "output" + (f" (bias {format_number(widget.bias)} added)" if widget.bias else "")
    else:
        out_caption = f"{'max' if widget.mode == 'max' else 'average'} pooling output"
    if Y.shape[0] > 1:
        out_caption += f", channel {channel} of {Y.shape[0]}"
    output = _captioned(out_caption, _grid(outputs, out_styles,
                                          f"{out_caption}, {Y.shape[1]} by {Y.shape[2]}"))
    where = f"output{f' channel {channel},' if Y.shape[0] > 1 else ''} row {i}, column {j}"
    sums = "\n".join([f"{where}:"] + sum_lines(widget, rows, value))
    formula = formula_lines(widget)
    notes = [("Output size per axis, with p the padding on each side (MXNet, PyTorch): "
              "floor((n + 2p - d(k - 1) - 1) / s) + 1", True)]
    notes += [(f"  {axis}: {per_side}", False) for axis, (per_side, _, _) in formula.items()]
    notes.append(("Dive into Deep Learning's form, with p the total padding (2 × per side): "
                  "floor((n - k + p + s) / s)", True))
    notes += [(f"  {axis}: {total}", False) for axis, (_, total, _) in formula.items()]
    names = {"rows": ("row", "rows", "bottom"), "cols": ("column", "columns", "right")}
    dropped = []
    for axis, (_, _, n) in formula.items():
        one, many, side = names[axis]
        if n:
            dropped.append(f"{f'the last {one}' if n == 1 else f'the last {n} {many}'} ({side})")
    if dropped:
        notes.append((f"The stride does not fit evenly: no window reaches {' or '.join(dropped)} "
                      "of the padded input, so floor() leaves them out.", True))
    return [
        '<table role="presentation" style="border:0;border-collapse:collapse;"><tr>'
        '<td style="border:0;padding:0;vertical-align:middle;"><table role="presentation" '
        'style="border:0;border-collapse:collapse;">' + "".join(channel_rows) + "</table></td>"
        '<td style="border:0;padding:2px 6px;vertical-align:middle;font-size:20px;color:#5f6368;">→</td>'
        f'<td style="border:0;padding:2px 6px;vertical-align:middle;">{output}</td></tr></table>',
        f'<div style="font-size:12px;color:#3c3c3c;">{html.escape(_window_caption(rows[0][1]))}</div>',
        f'<pre style="{MONO}font-size:14px;background:#f7f7f7;border-left:4px solid #0072B2;'
        f'padding:6px 10px;margin:8px 0;white-space:pre-wrap;">{html.escape(sums)}</pre>',
        f'<div style="{MONO}font-size:12.5px;white-space:pre-wrap;">' + "".join(
            f'<div style="margin:1px 0;{"color:#3c3c3c;" if note else ""}">'
            f'{html.escape(text)}</div>' for text, note in notes) + "</div>",
    ]
