"""d2l_utils.receptive_field: the spans, the recurrence, the path counts and the checks.

The frameworks' own gradients prove the same numbers in test_receptive_field_autodiff.py.
"""
import itertools

import numpy as np
import pytest

from d2l_utils import receptive_field as rf
from d2l_utils.receptive_field import conv, pool


def brute_force_counts(layers, size, layer, unit):
    """Path counts by enumerating every path (one tap per layer), for small stacks."""
    sizes = rf.layer_sizes(layers, size)
    counts = np.zeros(size, dtype=np.int64)
    for taps in itertools.product(*(range(spec["kernel"]) for spec in layers[:layer])):
        i, alive = unit, True
        for m in range(layer - 1, -1, -1):
            spec = layers[m]
            i = i * spec["stride"] - spec["padding"] + taps[m] * spec["dilation"]
            if not 0 <= i < sizes[m]:
                alive = False
                break
        if alive:
            counts[i] += 1
    return counts


def test_ten_5x5_layers_see_41_cells_of_240():
    f = rf.receptive_field([conv(5)] * 10, 240, 10, 100)
    assert f["sizes"][-1] == 200 and f["field_sizes"][-1] == 41
    assert f["spans"][0] == (100, 140) and not f["padding"] and not f["wider"]


def test_dilation_doubles_the_field_and_stride_multiplies_the_jump():
    assert rf.field_sizes([conv(3, padding=d, dilation=d) for d in (1, 2, 4, 8)]) == [1, 3, 7, 15, 31]
    stack = [conv(3, stride=2, padding=1)] * 5
    assert rf.jumps(stack) == [1, 2, 4, 8, 16, 32]
    assert rf.field_sizes(stack) == [1, 3, 7, 15, 31, 63]


def test_a_unit_at_the_edge_runs_into_padding_and_can_be_wider_than_the_input():
    f = rf.receptive_field([conv(3, padding=1)] * 5, 8, 5, 0)
    assert f["spans"][0] == (-5, 5) and f["padding"] and f["wider"]
    assert f["counts"][0][0] > f["counts"][0][5] > 0


@pytest.mark.parametrize("seed", range(40))
def test_counts_and_spans_agree_with_brute_force_and_closed_forms(seed):
    rng = np.random.default_rng(seed)
    while True:
        layers = []
        for _ in range(int(rng.integers(1, 4))):
            k, s = int(rng.integers(1, 4)), int(rng.integers(1, 3))
            d = int(rng.integers(1, 3))
            layers.append(conv(k, s, int(rng.integers(0, d * (k - 1) + 1)), d))
        size = int(rng.integers(4, 16))
        try:
            sizes = rf.layer_sizes(layers, size)
            break
        except ValueError:
            continue
    unit = int(rng.integers(0, sizes[-1]))
    counts = rf.path_counts(layers, size, len(layers), unit)[0]
    np.testing.assert_array_equal(counts, brute_force_counts(layers, size, len(layers), unit))
    assert rf.input_span(layers, len(layers), unit) == rf.field_spans(layers, len(layers), unit)[0]


def test_counts_2d_is_exact_past_int64():
    big = [2 ** 40]
    assert rf.counts_2d(big, big)[0, 0] == 2 ** 80
    assert rf.counts_2d([1, 2], [3]).tolist() == [[3], [6]]


@pytest.mark.parametrize("layers, size, message", [
    ([conv(0)], 5, "layers[0]['kernel'] must be an int from 1 to 15, got 0"),
    ([conv(3), {"kind": "min", "kernel": 2, "stride": 2, "padding": 0, "dilation": 1}], 5,
     "layers[1]['kind'] must be 'conv', 'max' or 'avg', got 'min'"),
    ([conv(3, padding=3)], 5, "layers[0]['padding'] must be an int from 0 to 2, got 3"),
    ([pool(2) | {"dilation": 2}], 5, "layers[0]['dilation'] must be an int from 1 to 1, got 2"),
    ([conv(3), conv(3)], 4, "layers[1] leaves no output: its input has 2 cells per axis, "
                            "2 with padding, and its window spans 3"),
    ([conv(3)], 0, "size must be an int from 1 to 512, got 0"),
    ([], 5, "layers must be a list of 1 to 16 layers, got 0"),
    ([{"kind": "conv"}], 5, "layers[0] must be a dict with the keys kind, kernel, stride, padding, "
                            "dilation"),
    ([conv(15, padding=7)] * 14, 512, "the kernel sizes multiply to 29192926025390625: more paths "
                                      "than float64 counts exactly (at most 2**53 = 9007199254740992)"),
])
def test_bad_stacks_are_refused_with_a_message_naming_the_setting(layers, size, message):
    with pytest.raises(ValueError) as info:
        rf.check_stack(layers, size)
    assert str(info.value) == message
