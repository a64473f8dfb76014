"""d2l_utils.images: the photograph, the pictures made by code and the kernel gallery."""
import numpy as np
import pytest
from PIL import Image

from d2l_utils import images


def test_photo_is_a_shrunk_crop_of_matplotlibs_sample_photograph():
    full = images.photo_pixels()
    assert full.shape == (512, 512, 3) and full.dtype == np.uint8
    gray = images.photo(512)
    np.testing.assert_array_equal(gray * 255, images.to_gray(full))
    small = images.photo(128, color=True)
    assert small.shape == (3, 128, 128)
    # A 4x4 block's mean, rounded half up.
    block = full[:4, :4].reshape(16, 3).astype(int).sum(axis=0)
    np.testing.assert_array_equal(small[:, 0, 0] * 255, (2 * block + 16) // 32)


@pytest.mark.parametrize("picture", [images.photo(64), images.photo(32, color=True), images.shapes(20),
                                     images.checkerboard(16, 4), images.stripes(16, 4, vertical=False)])
def test_pictures_hold_multiples_of_one_255th_in_0_1(picture):
    assert picture.min() >= 0 and picture.max() <= 1
    np.testing.assert_array_equal(np.round(picture * 255) / 255, picture)


def test_gray_is_pillows_luma():
    rng = np.random.default_rng(0)
    rgb = rng.integers(0, 256, size=(20, 30, 3), dtype=np.uint8)
    np.testing.assert_array_equal(images.to_gray(rgb), np.asarray(Image.fromarray(rgb).convert("L")))


def test_shift_moves_and_repeats_the_edge():
    X = np.arange(12.0).reshape(3, 4)
    np.testing.assert_array_equal(images.shift(X, 0, 1), [[0, 0, 1, 2], [4, 4, 5, 6], [8, 8, 9, 10]])
    np.testing.assert_array_equal(images.shift(X, -1, 0), [[4, 5, 6, 7], [8, 9, 10, 11], [8, 9, 10, 11]])
    assert images.shift(np.zeros((3, 5, 5)), 2, -2).shape == (3, 5, 5)


def test_stripes_and_checkerboard():
    np.testing.assert_array_equal(images.stripes(4, 2)[0], [1, 0, 1, 0])
    np.testing.assert_array_equal(images.checkerboard(4, 2)[:, 0], [0, 0, 1, 1])


def test_kernel_gallery():
    assert list(images.KERNELS) == ["identity", "box blur", "Gaussian", "sharpen", "Sobel x", "Sobel y",
                                    "Laplacian", "[[1, -1]]", "[[1], [-1]]"]
    np.testing.assert_array_equal(images.kernel("[[1], [-1]]"), images.kernel("[[1, -1]]").T)
    np.testing.assert_array_equal(images.kernel("Sobel y"), images.kernel("Sobel x").T)
    assert images.kernel("box blur").sum() == pytest.approx(1) and images.kernel("Gaussian").sum() == 1
    k = images.kernel("identity")
    k[1, 1] = 5
    assert images.KERNELS["identity"][1, 1] == 1  # a copy


@pytest.mark.parametrize("call, message", [
    (lambda: images.photo(100), "size must divide 512"),
    (lambda: images.photo(64.0), "size must be an int"),
    (lambda: images.kernel("blur"), "unknown kernel 'blur'"),
    (lambda: images.shift(np.zeros((3, 3)), 3, 0), "rows must be an int smaller than 3"),
    (lambda: images.to_gray(np.zeros((2, 2, 3))), "rgb must be uint8 of shape (..., 3)"),
    (lambda: images.checkerboard(8, 0), "tile must be an int from 1 to size=8"),
])
def test_bad_arguments(call, message):
    with pytest.raises((TypeError, ValueError)) as err:
        call()
    assert str(err.value).startswith(message)
