"""d2l_utils.compat: MXNet 1.9.1 on NumPy 2 and Python >= 3.12."""
import subprocess
import sys

import numpy as np
import pytest

from d2l_utils import compat


def test_patch_numpy_only_adds_missing_names():
    before = {name: getattr(np, name) for name in ("all", "isin", "bool")}
    compat.patch_numpy()
    assert compat.patch_numpy() == []  # a second call finds nothing missing
    for name, value in before.items():
        assert getattr(np, name) is value
    for name in compat.REMOVED_NAMES:
        assert hasattr(np, name)


def test_financial_names_raise_a_clear_error():
    compat.patch_numpy()
    try:
        np.npv(0.1, [1, 2])
    except NotImplementedError as err:
        assert "numpy-financial" in str(err)
    else:  # NumPy < 2 still has it
        assert np.__version__ < "2"


def run_fresh(code):
    """Run ``code`` in a new interpreter, so MXNet is imported for the first time there."""
    result = subprocess.run([sys.executable, "-W", "error::DeprecationWarning:__main__", "-c", code],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.skipif(np.__version__ < "2", reason="NumPy < 2 still has every name mxnet imports")
def test_plain_import_of_mxnet_fails_without_the_shim_on_numpy_2():
    result = subprocess.run([sys.executable, "-c", "import mxnet"], capture_output=True, text=True)
    assert result.returncode != 0  # proves the shim is what makes the rest pass


def test_mxnet_works_after_import_d2l_utils_mxnet():
    out = run_fresh("""
import d2l_utils.mxnet
from mxnet import autograd, np, npx
from mxnet.gluon import nn
x = np.arange(16.0).reshape(1, 1, 4, 4)
w = np.ones((1, 1, 2, 2))
w.attach_grad()
with autograd.record():
    y = npx.convolution(x, w, kernel=(2, 2), num_filter=1, no_bias=True)
y.backward()
layer = nn.Conv2D(2, kernel_size=3, padding=1)
layer.initialize()
pool = nn.MaxPool2D(3, padding=1, strides=2)
print(float(y.sum()), float(w.grad.sum()), layer(x).shape, pool(x).reshape(-1).tolist())
""")
    assert out.split() == ["270.0", "270.0", "(1,", "2,", "4,", "4)", "[5.0,", "7.0,", "13.0,", "15.0]"]
