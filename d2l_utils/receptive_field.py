"""Receptive fields of a stack of convolution and pooling layers: NumPy ground truth.

A *stack* is a list of layers, each a dict ``{"kind": "conv" | "max" | "avg", "kernel": k,
"stride": s, "padding": p, "dilation": d}`` (square: the same numbers on every axis; a
pooling layer has ``d = 1``), applied to an input of ``size`` cells per axis.  Padding is
per side, as MXNet and Keras' ``ZeroPadding`` count it.  Everything is computed per axis;
in 2-D a field is the product of a row field and a column field.

The *field* of one unit is what it sees in every earlier layer.  Its span follows the
recurrence of Araujo, Norris and Sim ("Computing Receptive Fields of Convolutional Neural
Networks", Distill 2019): with the jump ``j_l = s_1 ... s_l`` (cells of the input between
neighbouring units of layer l, ``j_0 = 1``), a unit of layer l sees
``r_l = r_(l-1) + d_l (k_l - 1) j_(l-1)`` input cells (``r_0 = 1``), starting at
``u j_l - sum_l p_l j_(l-1)``.  The span may run into padding (cells before 0 or past the
input) and can be wider than the input.

Inside the span, :func:`path_counts` counts the paths from the unit back to each cell,
propagated backwards layer by layer as exact integers.  It equals the gradient of the unit
with respect to the input for all-ones kernels with average pooling counted as a ones
kernel (unnormalised: a framework's average divides by ``k`` per axis); max pooling sends
the gradient through one cell per window instead.  The centre has far more paths than the
edge, which is why a unit's effective field is smaller than its span (Luo et al., 2016).
Its non-zero cells are the field the unit really sees: with dilation or a stride larger
than the kernel it has holes.  The widget :class:`~d2l_utils.widgets.FieldExplorer`
computes the same in JavaScript (tests/vectors/receptive_field.json); tests prove both
against MXNet's and Keras' own layers by autodiff.

>>> stack = [conv(3), conv(3), conv(3)]
>>> field_sizes(stack)
[1, 3, 5, 7]
>>> path_counts(stack, 7, layer=3, unit=0)[0].tolist()
[1, 3, 6, 7, 6, 3, 1]
"""
import numbers

import numpy as np

#: Most layers in a stack, cells per axis of its input, stride or dilation, and kernel size.
MAX_LAYERS, MAX_SIZE, MAX_STEP, MAX_KERNEL = 16, 512, 16, 15
#: The operations a layer can be.
KINDS = ("conv", "max", "avg")
#: The keys of a layer, in the order the widget shows them.
KEYS = ("kind", "kernel", "stride", "padding", "dilation")
#: Path counts per axis stay below this, so float64 (JavaScript's numbers) holds them exactly.
MAX_COUNT = 2 ** 53


def conv(kernel, stride=1, padding=0, dilation=1):
    """A convolution layer of the stack (a dict)."""
    return {"kind": "conv", "kernel": kernel, "stride": stride, "padding": padding,
            "dilation": dilation}


def pool(kernel, stride=None, padding=0, mode="max"):
    """A pooling layer (``mode`` "max" or "avg"); the stride is the window's size unless given."""
    return {"kind": mode, "kernel": kernel, "stride": kernel if stride is None else stride,
            "padding": padding, "dilation": 1}


def _int(value, name, low, high):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not low <= value <= high:
        raise ValueError(f"{name} must be an int from {low} to {high}, got {value!r}")
    return int(value)


def check_layer(layer, n):
    """``layer`` (the n-th of a stack) checked and copied with plain ints.

    Raises
    ------
    ValueError
        Naming the layer and the key, e.g. "layers[2]['padding'] must be an int from 0 to 4,
        got 5" (more padding than ``d (k - 1)`` per side adds windows of padding alone).
    """
    where = f"layers[{n}]"
    if not isinstance(layer, dict) or set(layer) != set(KEYS):
        raise ValueError(f"{where} must be a dict with the keys {', '.join(KEYS)}")
    kind = layer["kind"]
    if not isinstance(kind, str) or kind not in KINDS:
        raise ValueError(f"{where}['kind'] must be 'conv', 'max' or 'avg', got {kind!r}")
    kernel = _int(layer["kernel"], f"{where}['kernel']", 1, MAX_KERNEL)
    stride = _int(layer["stride"], f"{where}['stride']", 1, MAX_STEP)
    dilation = _int(layer["dilation"], f"{where}['dilation']", 1, 1 if kind != "conv" else MAX_STEP)
    padding = _int(layer["padding"], f"{where}['padding']", 0, dilation * (kernel - 1))
    return {"kind": kind, "kernel": kernel, "stride": stride, "padding": padding,
            "dilation": dilation}


def check_stack(layers, size):
    """``layers`` and ``size`` checked; returns the layers copied and every layer's size.

    Raises
    ------
    ValueError
        For a bad layer (:func:`check_layer`), too many layers, a size out of range, a
        layer left with no output, or kernels whose path counts float64 cannot hold.
    """
    size = _int(size, "size", 1, MAX_SIZE)
    if not isinstance(layers, (list, tuple)) or not 1 <= len(layers) <= MAX_LAYERS:
        got = len(layers) if isinstance(layers, (list, tuple)) else repr(layers)
        raise ValueError(f"layers must be a list of 1 to {MAX_LAYERS} layers, got {got}")
    checked = [check_layer(layer, n) for n, layer in enumerate(layers)]
    sizes = [size]
    for n, layer in enumerate(checked):
        span = layer["dilation"] * (layer["kernel"] - 1) + 1
        padded = sizes[-1] + 2 * layer["padding"]
        if padded < span:
            raise ValueError(f"layers[{n}] leaves no output: its input has {sizes[-1]} cells per "
                             f"axis, {padded} with padding, and its window spans {span}")
        sizes.append((padded - span) // layer["stride"] + 1)
    product = int(np.prod([layer["kernel"] for layer in checked], dtype=object))
    if product > MAX_COUNT:
        raise ValueError(f"the kernel sizes multiply to {product}: more paths than float64 counts "
                         f"exactly (at most 2**53 = {MAX_COUNT})")
    return checked, sizes


def layer_sizes(layers, size):
    """Cells per axis of the input and of every layer's output: ``[n_0, n_1, ..., n_L]``.

    >>> layer_sizes([conv(5)] * 10, 240)[-1]
    200
    """
    return check_stack(layers, size)[1]


def jumps(layers):
    """``[j_0, ..., j_L]``: input cells between neighbouring units of each layer (``j_0 = 1``).

    >>> jumps([conv(3, stride=2), pool(2), conv(3)])
    [1, 2, 4, 4]
    """
    out = [1]
    for layer in layers:
        out.append(out[-1] * layer["stride"])
    return out


def field_sizes(layers):
    """``[r_0, ..., r_L]``: input cells a unit of each layer spans, ``r_l = r_(l-1) + d_l (k_l - 1) j_(l-1)``.

    >>> field_sizes([conv(3, padding=d, dilation=d) for d in (1, 2, 4, 8)])
    [1, 3, 7, 15, 31]
    """
    sizes, jump = [1], jumps(layers)
    for n, layer in enumerate(layers):
        sizes.append(sizes[-1] + layer["dilation"] * (layer["kernel"] - 1) * jump[n])
    return sizes


def field_spans(layers, layer, unit):
    """The span ``(start, end)`` (inclusive, in that layer's cells) of unit ``unit`` of layer
    ``layer`` in layers 0 .. ``layer`` (0 is the input); a start below 0 or an end past the
    layer is padding.

    >>> field_spans([conv(3, padding=1), conv(3, stride=2)], 2, 0)
    [(-1, 3), (0, 2), (0, 0)]
    """
    spans = [(unit, unit)]
    for spec in reversed(layers[:layer]):
        start, end = spans[0]
        reach = spec["dilation"] * (spec["kernel"] - 1)
        spans.insert(0, (start * spec["stride"] - spec["padding"],
                         end * spec["stride"] - spec["padding"] + reach))
    return spans


def input_span(layers, layer, unit):
    """The span ``(start, end)`` in the input of unit ``unit`` of layer ``layer``, by the closed
    forms: ``start = unit j_l - sum_m p_m j_(m-1)`` and ``end = start + r_l - 1``.

    >>> input_span([conv(3, padding=1), conv(3, stride=2)], 2, 0)
    (-1, 3)
    """
    jump = jumps(layers)
    start = unit * jump[layer] - sum(spec["padding"] * jump[m] for m, spec in enumerate(layers[:layer]))
    return start, start + field_sizes(layers[:layer])[layer] - 1


def path_counts(layers, size, layer, unit):
    """Paths from unit ``unit`` of layer ``layer`` back to each cell of layers 0 .. ``layer``.

    Returns a list of int64 arrays, one per layer (index 0: the input, ``size`` cells).
    A cell's count is the sum, over the units of the next layer whose window holds it, of
    their counts (padding cells lead nowhere). For all-ones kernels (average pooling
    unnormalised) it is the gradient of the unit with respect to that cell.

    >>> [c.tolist() for c in path_counts([conv(2), conv(2, dilation=2)], 5, 2, 0)]
    [[1, 1, 1, 1, 0], [1, 0, 1, 0], [1, 0]]
    """
    checked, sizes = check_stack(layers, size)
    _check_unit(sizes, layer, unit)
    counts = [np.zeros(n, dtype=np.int64) for n in sizes[:layer + 1]]
    counts[layer][unit] = 1
    for n in range(layer, 0, -1):
        spec = checked[n - 1]
        below, above = counts[n - 1], counts[n]
        for o in np.flatnonzero(above):
            for t in range(spec["kernel"]):
                i = o * spec["stride"] - spec["padding"] + t * spec["dilation"]
                if 0 <= i < len(below):
                    below[i] += above[o]
    return counts


def _check_unit(sizes, layer, unit):
    _int(layer, "layer", 1, len(sizes) - 1)
    _int(unit, "unit", 0, sizes[layer] - 1)


def receptive_field(layers, size, layer, unit):
    """Everything the widget shows of one unit's field along one axis, as plain data.

    Returns a dict: ``sizes`` (cells per layer), ``jumps``, ``field_sizes`` (``r_l`` of
    each layer up to ``layer``), ``spans`` (per earlier layer), ``counts`` (lists of
    ints), ``padding`` (whether the input span runs into padding) and ``wider`` (whether
    it is wider than the input).

    >>> f = receptive_field([conv(5)] * 10, 240, 10, 0)
    >>> f["spans"][0], f["field_sizes"][-1], max(f["counts"][0])
    ((0, 40), 41, 856945)
    """
    checked, sizes = check_stack(layers, size)
    _check_unit(sizes, layer, unit)
    spans = field_spans(checked, layer, unit)
    start, end = spans[0]
    return {"sizes": sizes, "jumps": jumps(checked)[:layer + 1],
            "field_sizes": field_sizes(checked)[:layer + 1], "spans": spans,
            "counts": [c.tolist() for c in path_counts(checked, size, layer, unit)],
            "padding": start < 0 or end >= size, "wider": end - start + 1 > size}


def counts_2d(rows, cols):
    """The 2-D path counts of a unit from its row counts and column counts (outer product).

    Exact Python ints (an object array) when a product passes int64.
    """
    rows, cols = np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64)
    if rows.size and cols.size and int(rows.max()) * int(cols.max()) >= 2 ** 63:
        return np.outer(rows.astype(object), cols.astype(object))
    return np.outer(rows, cols)
