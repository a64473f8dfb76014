"""A SlidingWindow's state as a static HTML picture, for pages where JavaScript cannot run.

Pages that run no widget code show the ``text/html`` that each widget output carries
beside its widget view: an untrusted notebook in Jupyter, Jupyter Book 2, GitHub's
notebook view.  ``jupyter nbconvert --to html`` (and nbviewer, which uses it) ranks the
widget view first and draws it with a widget manager from a CDN, an empty box where that
cannot load; ``--config tools/nbconvert_static.json`` leaves the stored widget state out
of the export, so each output shows this picture (tests/test_nbconvert_static.py).  The picture
holds what the live widget shows for the selected output cell: the input grids
(padding shaded), the kernel, the output, the window highlighted, the multiply-add
written out and the output-shape formula.  Every number comes from
:mod:`d2l_utils.reference`; the texts are those of ``window_text.js`` (a test
compares the two), in the widget's ``lang``, from ``strings.json``.  No script, no external resource, inline styles only.  GitHub
strips ``style`` attributes, so the window is also marked in the markup itself
(bold cells, a caption naming its rows and columns).
"""
import html
import math

import numpy as np

from d2l_utils import reference
from d2l_utils.widgets.strings import say

CELL = ("width:2.3em;height:2.3em;padding:0;text-align:center;vertical-align:middle;"
        "border:1px solid #9a9a9a;font-variant-numeric:tabular-nums;")
PLAIN = "background:#ffffff;color:#1a1a1a;"
PAD = "background:#eeeeee;color:#595959;"
WINDOW = "background:#d4ebf8;color:#002b45;box-shadow:inset 0 0 0 2px #0072B2;"
WINDOW_PAD = "background:#c3dced;color:#002b45;box-shadow:inset 0 0 0 2px #0072B2;"
SELECTED = "background:#fde3c8;color:#4a1c00;box-shadow:inset 0 0 0 3px #D55E00;"
MONO = "font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"


def format_number(v):
    """A number as the widget writes it (``formatNumber`` in text.js)."""
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


def corr_terms(X3, K3, i, j, padding, stride, dilation):
    """The terms of cross-correlation output (i, j), one row per input channel.

    ``X3`` is the input (c_i, h, w) and ``K3`` the kernels of the output channel shown
    (c_i, k_h, k_w).  Returns ``[(input channel, terms, partial), ...]``: each term is
    ``(r, c, pad, x, k)`` in unpadded input coordinates (``x`` 0 on padding), and
    ``partial`` adds the products from 0 in row-major order, the order of
    :func:`d2l_utils.reference.corr2d` (and ``windowTerms`` in window_terms.js), so it
    has the reference's bits.
    """
    h, w = X3.shape[-2:]
    rows = []
    for ch, (x, k) in enumerate(zip(X3, K3)):
        terms, partial = [], 0.0
        for (r, c), weight in zip(reference.window_indices(i, j, k.shape, padding, stride, dilation),
                                  k.ravel()):
            inside = 0 <= r < h and 0 <= c < w
            terms.append((r, c, not inside, x[r, c] if inside else 0.0, weight))
            partial += terms[-1][3] * weight
        rows.append((ch, terms, partial))
    return rows


def window_terms(widget, channel, i, j):
    """Terms of output cell (i, j) of output ``channel``, as ``windowTerms`` in window_terms.js.

    Returns ``(rows, value)``: ``rows`` is :func:`corr_terms`'s for a
    cross-correlation, or one ``(channel, terms, value)`` for pooling, whose terms
    have ``k`` None and read -inf (max) or 0 (average) on padding.  The value is the
    reference's output.
    """
    X = widget.X if widget.X.ndim == 3 else widget.X[None]
    padding, stride = tuple(widget.padding), tuple(widget.stride)
    h, w = X.shape[-2:]
    value = _output_channels(widget)[channel][i, j]
    if widget.mode == "corr":
        K4 = np.asarray(widget.k, dtype=float)[channel]
        return corr_terms(X, K4, i, j, padding, stride, tuple(widget.dilation)), value
    x = X[channel]
    fill = -math.inf if widget.mode == "max" else 0.0
    indices = reference.window_indices(i, j, tuple(widget.pool_size), padding, stride)
    terms = [(r, c, not (0 <= r < h and 0 <= c < w),
              x[r, c] if 0 <= r < h and 0 <= c < w else fill, None) for r, c in indices]
    return [(channel, terms, value)], value


def _output_channels(widget):
    Y = widget.output
    return Y if Y.ndim == 3 else Y[None]


def sum_lines(rows, value, *, mode, bias, lang):
    """The arithmetic of a window's ``rows`` as lines of text (``formatSum`` in window_text.js)."""
    if mode == "max":
        xs = [format_number(x) for _, _, pad, x, _ in rows[0][1] if not pad]
        return [f"max({', '.join(xs)}) = {format_number(value)}"]
    if mode == "avg":
        terms = rows[0][1]
        xs = " + ".join(_factor(x) for _, _, _, x, _ in terms)
        return [f"({xs}) / {len(terms)} = {format_number(value)}"]

    def products(terms):
        return " + ".join(f"{_factor(x)}×{_factor(k)}" for _, _, _, x, k in terms)

    bias = f" + {_factor(bias)}" if bias != 0 else ""
    if len(rows) == 1:
        return [f"{products(rows[0][1])}{bias} = {format_number(value)}"]
    lines = [say(lang, "sum.channel", channel=ch,
                 sum=f"{products(terms)} = {format_number(partial)}")
             for ch, terms, partial in rows]
    lines.append(" + ".join(_factor(partial) for _, _, partial in rows)
                 + f"{bias} = {format_number(value)}")
    return lines


def formula_lines(input_shape, window, padding, stride, dilation, lang):
    """Output-shape formulas per axis with the numbers put in (``formulaText`` in window_text.js).

    ``input_shape`` is (h, w) and ``window`` the kernel's or pooling window's (k_h, k_w).
    Returns ``{"rows": (per_side, total, dropped), "cols": ...}``.
    """
    h, w = input_shape
    size = reference.conv_output_shape((h, w), tuple(window), tuple(padding), tuple(stride),
                                       tuple(dilation))
    out = {}
    for a, axis in enumerate(("rows", "cols")):
        n, k, p, s, d = ((h, w)[a], window[a], padding[a], stride[a], dilation[a])
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
            total += "   " + say(lang, "formula.dilated", d=d, k=k, extent=extent)
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
    lang = widget.lang
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
    label = say(lang, "grid.padded" if ph or pw else "grid.size", caption=caption, rows=h, cols=w,
                ph=ph, pw=pw)
    return _captioned(caption, _grid(values, styles, label))


def _captioned(caption, grid):
    return (f'<div style="font-size:12px;color:#3c3c3c;">{html.escape(caption)}</div>{grid}')


def _window_caption(terms, lang):
    rows = sorted({r for r, *_ in terms})
    cols = sorted({c for _, c, *_ in terms})

    def span(values, one, many):
        if len(values) == 1:
            return say(lang, one, n=values[0])
        return say(lang, many, first=values[0], last=values[-1])
    return say(lang, "static.window_covers", rows=span(rows, "static.row", "static.rows"),
               cols=span(cols, "static.column", "static.columns"))


def framed(css_class, title, picture, lang):
    """The box every widget's static picture shares: title, picture, a note that it is static.

    In ``lang`` "zh" the box says so (``lang="zh-CN"``), as the live widget does.

    ``picture`` is called for the list of HTML parts to put inside; a TypeError or
    ValueError it raises (settings that do not fit) is shown as the message instead.
    """
    style = ("font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;font-size:14px;"
             "color:#1a1a1a;background:#ffffff;border:1px solid #c8c8c8;border-radius:6px;"
             "padding:8px 12px;margin:6px 0;max-width:100%;overflow-x:auto;line-height:1.35;")
    marked = ' lang="zh-CN"' if lang == "zh" else ""
    parts = [f'<div class="{css_class}"{marked} style="{style}">']
    if title:
        parts.append(f'<div style="font-weight:600;font-size:15px;margin-bottom:6px;">'
                     f'{html.escape(title)}</div>')
    try:
        parts += picture()
    except (TypeError, ValueError) as err:
        parts.append(f'<div style="border-left:4px solid #D55E00;background:#fff4ec;'
                     f'padding:8px 10px;">{html.escape(str(err))}</div>')
    parts.append('<div style="font-size:12px;color:#3c3c3c;margin-top:4px;">'
                 f'{html.escape(say(lang, "static.note"), quote=False)}</div></div>')
    return "".join(parts)


def render(widget):
    """The static HTML picture of a :class:`SlidingWindow`'s current state."""
    return framed("d2l-sw-static", widget.title, lambda: _picture(widget), widget.lang)


def _picture(widget):
    lang = widget.lang
    Y = _output_channels(widget)
    channel = min(max(0, widget.out_channel), Y.shape[0] - 1)
    i, j = (min(max(0, int(v)), n - 1) for v, n in zip(widget.selected, Y.shape[1:]))
    rows, value = window_terms(widget, channel, i, j)
    where = (say(lang, "sum.where_channel", channel=channel, row=i, col=j) if Y.shape[0] > 1
             else say(lang, "sum.where", row=i, col=j))
    sums = "\n".join([where] + sum_lines(rows, value, mode=widget.mode, bias=widget.bias, lang=lang))
    return [
        '<table role="presentation" style="border:0;border-collapse:collapse;"><tr>'
        '<td style="border:0;padding:0;vertical-align:middle;"><table role="presentation" '
        'style="border:0;border-collapse:collapse;">' + "".join(_channel_rows(widget, rows, channel))
        + "</table></td>"
        '<td style="border:0;padding:2px 6px;vertical-align:middle;font-size:20px;color:#5f6368;">→</td>'
        f'<td style="border:0;padding:2px 6px;vertical-align:middle;">'
        f'{_output_grid(widget, Y, channel, i, j)}</td></tr></table>',
        f'<div style="font-size:12px;color:#3c3c3c;">{html.escape(_window_caption(rows[0][1], lang))}</div>',
        f'<pre style="{MONO}font-size:14px;background:#f7f7f7;border-left:4px solid #0072B2;'
        f'padding:6px 10px;margin:8px 0;white-space:pre-wrap;">{html.escape(sums)}</pre>',
        f'<div style="{MONO}font-size:12.5px;white-space:pre-wrap;">' + "".join(
            f'<div style="margin:1px 0;{"color:#3c3c3c;" if note else ""}">'
            f'{html.escape(text)}</div>' for text, note in _formula_notes(widget)) + "</div>",
    ]


def _channel_rows(widget, rows, channel):
    """A table row per input channel: its grid with the window, ⋆ its kernel = its partial sum."""
    lang = widget.lang
    X = widget.X if widget.X.ndim == 3 else widget.X[None]
    out = []
    for ch, terms, partial in rows:
        cells = [_input_grid(widget, X[ch], terms,
                             say(lang, "caption.input_channel", channel=ch) if X.shape[0] > 1
                             else say(lang, "caption.input"))]
        if widget.mode == "corr":
            K = np.asarray(widget.k, dtype=float)[channel][ch]
            kernel = [[format_number(v) for v in row] for row in K]
            styles = [[(WINDOW, False)] * K.shape[1] for _ in range(K.shape[0])]
            name = (say(lang, "static.kernel_channel", channel=ch) if len(rows) > 1
                    else say(lang, "caption.kernel"))
            label = say(lang, "grid.size", caption=name, rows=K.shape[0], cols=K.shape[1])
            cells += ['<span style="font-size:20px;color:#5f6368;">⋆</span>',
                      _captioned(name, _grid(kernel, styles, label))]
            if len(rows) > 1:
                cells.append(f"<b>= {html.escape(format_number(partial))}</b>")
        out.append("<tr>" + "".join(
            f'<td style="border:0;padding:2px 6px;vertical-align:middle;">{cell}</td>'
            for cell in cells) + "</tr>")
    return out


def _output_grid(widget, Y, channel, i, j):
    """The output channel shown, cell (i, j) marked, captioned."""
    lang = widget.lang
    out_styles = [[(SELECTED if (a, b) == (i, j) else PLAIN, (a, b) == (i, j))
                   for b in range(Y.shape[2])] for a in range(Y.shape[1])]
    outputs = [[format_number(v) for v in row] for row in Y[channel]]
    if widget.mode == "corr":
        out_caption = (say(lang, "caption.output_bias", bias=format_number(widget.bias)) if widget.bias
                       else say(lang, "caption.output"))
    else:
        out_caption = say(lang, "caption.max_output" if widget.mode == "max" else "caption.avg_output")
    if Y.shape[0] > 1:
        out_caption += say(lang, "static.channel_of", channel=channel, count=Y.shape[0])
    return _captioned(out_caption, _grid(outputs, out_styles, say(
        lang, "grid.size", caption=out_caption, rows=Y.shape[1], cols=Y.shape[2])))


def _formula_notes(widget):
    """The shape formulas as ``(text, is_note)`` lines: per side, total, rows dropped."""
    lang = widget.lang
    corr = widget.mode == "corr"
    formula = formula_lines(widget.X.shape[-2:], np.shape(widget.K)[-2:] if corr else tuple(widget.pool_size),
                            widget.padding, widget.stride, widget.dilation if corr else (1, 1), lang)
    axes = {"rows": say(lang, "formula.rows"), "cols": say(lang, "formula.cols")}
    notes = [(say(lang, "formula.per_side", formula="floor((n + 2p - d(k - 1) - 1) / s) + 1"), True)]
    notes += [("  " + say(lang, "formula.axis", axis=axes[axis], formula=per_side), False)
              for axis, (per_side, _, _) in formula.items()]
    notes.append((say(lang, "formula.total", formula="floor((n - k + p + s) / s)"), True))
    notes += [("  " + say(lang, "formula.axis", axis=axes[axis], formula=total), False)
              for axis, (_, total, _) in formula.items()]
    names = {"rows": ("dropped.rows_one", "dropped.rows_many"),
             "cols": ("dropped.cols_one", "dropped.cols_many")}
    dropped = [say(lang, names[axis][0 if n == 1 else 1], n=n)
               for axis, (_, _, n) in formula.items() if n]
    if dropped:
        notes.append((say(lang, "formula.uneven", dropped=say(lang, "formula.or").join(dropped)), True))
    return notes
