"""d2l_utils.widgets.settings: the helpers of the synced settings' checks (the checks themselves
are tested through each widget: tests/test_sliding_window.py, tests/test_image_window.py)."""
import numpy as np
import pytest

from d2l_utils.widgets.settings import shape_of


@pytest.mark.parametrize("value, shape", [
    ([[1, 2, 3], [4]], (2, 3)),          # nested lists: their first items, not converted
    (np.zeros((2, 5)), (2, 5)),
    ([], (0,)),
    ([[[]]], (1, 1, 0)),
    (7, ()),
])
def test_shape_of(value, shape):
    assert shape_of(value) == shape


def test_shape_of_a_tensor_of_unknown_size_reads_its_nested_items():
    class Unknown(list):
        shape = (None, 2)   # as a TensorFlow shape with an unknown dimension

    assert shape_of(Unknown([[1, 2], [3, 4], [5, 6]])) == (3, 2)
