"""Write tests/vectors/image_window.json: cases the image view's JavaScript must match.

Every expected number and message comes from :mod:`d2l_utils.reference` and the
Python checks, never from the widget's JavaScript; the 256 colours of the feature
maps come from :mod:`d2l_utils.widgets.image_html` (the static picture).  Each case holds an
ImageWindow state (pixels as base64 bytes, written out here from the picture
and an explicit pixel type, independently of the widget's own encoding), each
channel's reference map, the feature map (sum plus bias), the pooled map and
the reference windows of a few cells.  ``tests/test_image_window.py`` checks
that the file equals what :func:`build` makes now, and
``tests/js/image_window.test.mjs`` checks the JavaScript against it.

Run ``python tests/make_image_vectors.py`` after changing a case or the reference.
"""
import base64
import json
import pathlib

import numpy as np

from d2l_utils import images, reference
from d2l_utils.widgets import image_html, image_window
from make_vectors import INF, NAN, to_json, trait_set_cases

PATH = pathlib.Path(__file__).with_name("vectors") / "image_window.json"
N_RANDOM = 12


def _pair(value):
    return [int(value), int(value)] if np.isscalar(value) else [int(v) for v in value]


def state_of(X, K, pixel_type, *, bias=0.0, padding=0, stride=1, dilation=1, pool="none",
             pool_size=2, pool_stride=None):
    """The synced state of an ImageWindow showing picture ``X`` (h, w) or (3, h, w)."""
    X = np.asarray(X, dtype=float)
    X3 = X if X.ndim == 3 else X[None]
    if pixel_type == "uint8":
        pixels = np.round(X3 * 255).astype(np.uint8).tobytes()
    else:
        pixels = X3.astype("<f4").tobytes()
    K = np.asarray(K, dtype=float)
    K3 = np.stack([K] * X3.shape[0]) if K.ndim == 2 else K
    return {
        "pixels": base64.b64encode(pixels).decode("ascii"), "pixel_type": pixel_type,
        "image_shape": list(X3.shape), "x_ndim": X.ndim, "kernel": K3.tolist(), "kernel_name": "",
        "bias": float(bias), "padding": _pair(padding), "stride": _pair(stride),
        "dilation": _pair(dilation), "pool": pool, "pool_size": _pair(pool_size),
        "pool_stride": _pair(pool_size if pool_stride is None else pool_stride),
    }


def picture_of(state):
    """The values the state's bytes hold, (c, h, w) float64."""
    raw = base64.b64decode(state["pixels"])
    dtype = np.uint8 if state["pixel_type"] == "uint8" else "<f4"
    X = np.frombuffer(raw, dtype=dtype).reshape(state["image_shape"]).astype(float)
    return X / 255 if state["pixel_type"] == "uint8" else X


def expected(state):
    X = picture_of(state)
    K = np.array(state["kernel"])
    geometry = dict(padding=tuple(state["padding"]), stride=tuple(state["stride"]),
                    dilation=tuple(state["dilation"]))
    maps = np.stack([reference.corr2d(x, k, **geometry) for x, k in zip(X, K)])
    total = (reference.corr2d(X[0], K[0], **geometry) if len(X) == 1
             else reference.corr2d_multi_in(X, K, **geometry)) + state["bias"]
    out = {"channel_maps": maps.tolist(), "feature_map": total.tolist(), "pooled": None}
    if state["pool"] != "none":
        out["pooled"] = reference.pool2d(total, tuple(state["pool_size"]), state["pool"],
                                         stride=tuple(state["pool_stride"])).tolist()
    oh, ow = total.shape
    cells = sorted({(0, 0), (oh - 1, ow - 1), (oh // 2, ow // 3)})
    out["windows"] = [
        {"cell": [i, j], "indices": [list(ix) for ix in reference.window_indices(
            i, j, K.shape[-2:], **geometry)]} for i, j in cells]
    return out


def named_cases():
    face = images.photo(64)[18:34, 22:38]               # 16 x 16, uint8 values
    face_rgb = images.photo(64, color=True)[:, 18:30, 22:34]  # 3 x 12 x 12
    cases = [("corr2d 3x3 (6.2)", np.arange(9.0).reshape(3, 3), [[0, 1], [2, 3]], "float32", {})]
    for name, K in images.KERNELS.items():
        cases.append((f"photo, {name}", face, K, "uint8", {}))
    cases += [
        ("photo, Sobel x, padding 1, stride 2", face, images.KERNELS["Sobel x"], "uint8",
         dict(padding=1, stride=2)),
        ("photo, Laplacian, dilation 2, bias -0.25", face, images.KERNELS["Laplacian"], "uint8",
         dict(dilation=2, bias=-0.25)),
        ("RGB photo, Sobel y on every channel", face_rgb, images.KERNELS["Sobel y"], "uint8", {}),
        ("RGB photo, a kernel per channel, bias 0.5, padding (1, 2), stride (2, 1)", face_rgb,
         np.stack([images.KERNELS["Sobel x"], images.KERNELS["box blur"], -images.KERNELS["sharpen"]]),
         "uint8", dict(bias=0.5, padding=(1, 2), stride=(2, 1))),
        ("shapes, Laplacian, max pooling 2 stride 2", images.shapes(16), images.KERNELS["Laplacian"],
         "uint8", dict(pool="max", pool_size=2)),
        ("shapes, [[1, -1]], average pooling 3 stride 1", images.shapes(16),
         images.KERNELS["[[1, -1]]"], "uint8", dict(pool="avg", pool_size=3, pool_stride=1)),
        ("RGB photo, Gaussian, max pooling (2, 3) stride (1, 2)", face_rgb,
         images.KERNELS["Gaussian"], "uint8", dict(pool="max", pool_size=(2, 3), pool_stride=(1, 2))),
    ]
    return cases


def random_cases(rng):
    cases = []
    for n in range(N_RANDOM):
        channels = (1, 3)[n % 2]
        h, w = rng.integers(4, 14, size=2)
        X = rng.normal(size=(channels, h, w)).astype(np.float32).astype(float)
        kh, kw = rng.integers(1, min(h, w) // 2 + 2, size=2)
        K = np.round(rng.normal(size=(channels, kh, kw)), 3)
        geometry = dict(padding=tuple(int(p) for p in rng.integers(0, 3, size=2)),
                        stride=tuple(int(s) for s in rng.integers(1, 4, size=2)),
                        dilation=(1, 1) if n % 3 else (2, 1), bias=float(np.round(rng.normal(), 2)))
        extent = ((kh - 1) * geometry["dilation"][0] + 1, (kw - 1) * geometry["dilation"][1] + 1)
        if extent[0] > h + 2 * geometry["padding"][0] or extent[1] > w + 2 * geometry["padding"][1]:
            geometry["dilation"] = (1, 1)
        if n % 4 == 1:
            geometry.update(pool=("max", "avg")[n % 8 // 4], pool_size=1, pool_stride=1)
        cases.append((f"random {n}", X if channels == 3 else X[0], K if channels == 3 else K[0],
                      "float32", geometry))
    return cases


def invalid_cases():
    """States the browser can reach by editing, and the message Python gives for the same."""
    small = np.zeros((3, 3))
    out = []

    def add(name, X, K, pixel_type, **geometry):
        try:
            image_window.widget_state(X, K, **geometry)
        except (TypeError, ValueError) as err:
            out.append({"name": name, "state": state_of(X, K, pixel_type, **geometry),
                        "error": str(err)})
        else:
            raise AssertionError(f"invalid case {name!r} was accepted by Python")

    add("picture over the limit", np.zeros((image_window.MAX_IMAGE_SIDE + 1, 2)), [[1.0]], "uint8")
    add("kernel over the limit", np.zeros((20, 20)), np.ones((16, 3)), "uint8")
    add("kernel larger than the picture", small, np.ones((4, 2)), "uint8")
    add("dilated kernel larger than the padded picture", small, np.ones((3, 3)), "uint8",
        dilation=3, padding=1)
    add("negative padding", small, np.ones((2, 2)), "uint8", padding=(-1, 0))
    add("padding over the limit", small, np.ones((2, 2)), "uint8",
        padding=(image_window.MAX_IMAGE_PADDING + 1, 0))
    add("stride 0", small, np.ones((2, 2)), "uint8", stride=(1, 0))
    add("pool window larger than the feature map", np.zeros((4, 4)), np.ones((2, 2)), "uint8",
        pool="max", pool_size=4)
    return out


def settings_of(name):
    """Every synced setting of the widget :func:`trait_base_widget` makes, written out here."""
    if name == "gray":
        X, K, pixel_type, geometry = images.shapes(8), images.KERNELS["Sobel x"], "uint8", {}
    elif name == "float":
        X, K, pixel_type, geometry = np.linspace(-1, 2, 64).reshape(8, 8), [[1.0, -1.0]], "float32", {}
    else:  # "pooled"
        X, K, pixel_type = images.shapes(8), images.KERNELS["Laplacian"], "uint8"
        geometry = dict(pool="max", pool_size=2)
    state = state_of(X, K, pixel_type, **geometry)
    state["pixels"] = base64.b64decode(state["pixels"])
    out = [X.shape[-2] - np.shape(K)[-2] + 1, X.shape[-1] - np.shape(K)[-1] + 1]
    return {**state, "kernel_name": "Sobel x" if name == "gray" else "", "title": "",
            "selected": [out[0] // 2, out[1] // 2], "lang": "en"}


def trait_base_arguments(name):
    """The arguments of the ImageWindow whose settings are :func:`settings_of` ``name``."""
    if name == "gray":
        return dict(X=images.shapes(8), K="Sobel x")
    if name == "float":
        return dict(X=np.linspace(-1, 2, 64).reshape(8, 8), K=[[1.0, -1.0]])
    return dict(X=images.shapes(8), K=images.KERNELS["Laplacian"], pool="max", pool_size=2)


#: Bad values for every synced setting: (base widget, trait, value).
TRAIT_SETS = [
    ("gray", "pixels", b"\x00" * 3), ("gray", "pixels", "abc"),
    ("float", "pixels", np.array([0.0, NAN] + [0.0] * 62, dtype="<f4").tobytes()),
    ("float", "pixels", np.array([0.0] * 9 + [-INF] + [0.0] * 54, dtype="<f4").tobytes()),
    ("gray", "pixel_type", "int8"), ("gray", "pixel_type", 5), ("gray", "pixel_type", "float32"),
    ("gray", "image_shape", [1, 600, 600]), ("gray", "image_shape", [2, 8, 8]),
    ("gray", "image_shape", [1, 8]), ("gray", "image_shape", [1, 4, 4]),
    ("gray", "x_ndim", 4), ("gray", "x_ndim", None),
    ("gray", "kernel", [[[1.0] * 16] * 16]), ("gray", "kernel", [[[NAN]]]),
    ("gray", "kernel", [[[1.0]]] * 3), ("gray", "kernel", [[1.0]]),
    ("gray", "kernel", [[[1.0], [1.0, 2.0]]]), ("gray", "kernel", [[[1.0] * 9] * 9]),
    ("gray", "kernel", [[[]]]), ("gray", "kernel", [[["a"]]]),
    ("gray", "kernel_name", "Sobel z"), ("gray", "kernel_name", 3),
    ("gray", "bias", NAN), ("gray", "bias", "x"),
    ("gray", "padding", -1), ("gray", "padding", [1, 2, 3]), ("gray", "padding", [15, 0]),
    ("gray", "padding", 10000),
    ("gray", "stride", [0, 0]), ("gray", "dilation", [5, 5]),
    ("gray", "pool", "min"), ("gray", "pool", 1),
    ("pooled", "pool_size", [0, 2]), ("pooled", "pool_size", [9, 9]),
    ("pooled", "pool_stride", [0, 1]),
    ("gray", "title", 3), ("gray", "selected", [-1, 0]), ("gray", "selected", None),
    ("gray", "lang", "de"), ("gray", "lang", None),
]



def build():
    rng = np.random.default_rng(13)
    cases = []
    for name, X, K, pixel_type, geometry in named_cases() + random_cases(rng):
        state = state_of(X, K, pixel_type, **geometry)
        cases.append({"name": name, "state": state, **expected(state)})
    return {
        "about": "Written by tests/make_image_vectors.py from d2l_utils.reference; "
                 "pixels are base64 bytes (uint8: value = byte / 255; float32 little-endian).",
        "limits": {"max_image_side": image_window.MAX_IMAGE_SIDE,
                   "max_kernel_side": image_window.MAX_KERNEL_SIDE,
                   "max_image_padding": image_window.MAX_IMAGE_PADDING},
        "gallery": image_window.gallery_state(),
        "colours": image_html.diverging_lut().tolist(),
        "cases": cases,
        "invalid": invalid_cases(),
        "trait_bases": {name: to_json(settings_of(name)) for name in ("gray", "float", "pooled")},
        "trait_sets": trait_set_cases(TRAIT_SETS, settings_of, image_window.check_traits),
    }


def main():
    PATH.parent.mkdir(exist_ok=True)
    PATH.write_text(json.dumps(build(), indent=1) + "\n", encoding="utf8")
    print(f"wrote {PATH}")


if __name__ == "__main__":
    main()
