"""Cross-correlation speed (figure 4 of `make bench`).

float32 inputs of 32x32, 128x128 and 512x512 with a 3x3 kernel, through

- d2l_utils.reference.corr2d, which adds the kernel's taps one at a time over all output
  cells (skipped at a size where it would take more than ~10 s per call, estimated by
  area from the size below),
- d2l_utils.mxnet.corr2d and d2l_utils.tensorflow.corr2d, the frameworks' teaching
  loops, at 32x32 only (one framework op per output cell: slow by design),
- d2l_utils.reference.corr2d_vectorized,
- the built-ins: MXNet npx.convolution (waited for with wait_to_read) and TensorFlow
  tf.nn.conv2d (eager, synchronous on the CPU).

Timing is timeit-style: each callable is calibrated to a loop count that takes about
0.1 s, then the callables of one size are timed in turn, round after round (interleaved),
and the per-call median over the rounds is reported.
"""
import time

import numpy as onp

from d2l_utils import reference
from tools.bench.figures import Figure, Target, median

SIZES = (32, 128, 512)
KERNEL = 3
SKIP_ABOVE_S = 10.0
ROUND_S = 0.1
TARGET = Target("<=", 5.0, "x", "<= 5x fastest built-in")
REFERENCE = "reference.corr2d (tap by tap)"


def _ready(array):
    """Wait for MXNet's asynchronous engine, so the time includes the computation."""
    array.wait_to_read()
    return array


def implementations(X, K):
    """name -> zero-argument callable computing the (h-2, w-2) correlation."""
    # Imported here, so that the timing's arithmetic is tested without loading MXNet and TensorFlow.
    import d2l_utils.mxnet as d2l_mx  # before the frameworks (see their docstrings)
    import d2l_utils.tensorflow as d2l_tf
    from mxnet import np as mnp, npx
    import tensorflow as tf

    xm, km = mnp.array(X), mnp.array(K)
    xm4, km4 = xm.reshape(1, 1, *X.shape), km.reshape(1, 1, *K.shape)
    xt, kt = tf.constant(X), tf.constant(K)
    xt4, kt4 = tf.reshape(xt, (1, *X.shape, 1)), tf.reshape(kt, (*K.shape, 1, 1))
    return {
        REFERENCE: lambda: reference.corr2d(X, K),
        "reference.corr2d_vectorized": lambda: reference.corr2d_vectorized(X, K),
        "mxnet corr2d (loop)": lambda: _ready(d2l_mx.corr2d(xm, km)),
        "tensorflow corr2d (loop)": lambda: d2l_tf.corr2d(xt, kt),
        "mxnet npx.convolution": lambda: _ready(npx.convolution(
            xm4, km4, no_bias=True, kernel=K.shape, num_filter=1)),
        "tensorflow tf.nn.conv2d": lambda: tf.nn.conv2d(xt4, kt4, strides=1, padding="VALID"),
    }


ORDER = (REFERENCE, "mxnet corr2d (loop)", "tensorflow corr2d (loop)",
         "reference.corr2d_vectorized", "mxnet npx.convolution", "tensorflow tf.nn.conv2d")
BUILTINS = ("mxnet npx.convolution", "tensorflow tf.nn.conv2d")
FRAMEWORK_LOOPS = ("mxnet corr2d (loop)", "tensorflow corr2d (loop)")


def calibrate(fn):
    """Loops per timing so that one timing takes about ROUND_S (at least 1); also the first call's time."""
    started = time.perf_counter()
    fn()
    once = time.perf_counter() - started
    loops = 1
    while True:
        started = time.perf_counter()
        for _ in range(loops):
            fn()
        took = time.perf_counter() - started
        if took >= ROUND_S / 5 or loops >= 1 << 20:
            return max(1, int(loops * ROUND_S / max(took, 1e-9))), took / loops, once
        loops *= 4


def time_interleaved(fns, runs):
    """Median seconds per call of each callable, timed in turn round after round."""
    loops = {name: calibrate(fn)[0] for name, fn in fns.items()}
    per_call = {name: [] for name in fns}
    names = list(fns)
    for round_ in range(max(runs, 3)):
        shift = round_ % len(names)  # rotate the order each round
        for name in names[shift:] + names[:shift]:
            fn, n = fns[name], loops[name]
            started = time.perf_counter()
            for _ in range(n):
                fn()
            per_call[name].append((time.perf_counter() - started) / n)
    return {name: median(v) for name, v in per_call.items()}, per_call


def estimate_by_area(seconds, size_from, size_to, k=KERNEL):
    """Time of a loop over output cells, scaled from one input size to another."""
    return seconds * ((size_to - k + 1) / (size_from - k + 1)) ** 2


def check_same(fns, X, K):
    """Every implementation gives the reference answer (so we time the right thing)."""
    want = reference.corr2d_vectorized(X, K)
    for name, fn in fns.items():
        got = fn()
        got = got.asnumpy() if hasattr(got, "asnumpy") else onp.asarray(got)
        if not onp.allclose(got.reshape(want.shape), want, rtol=1e-4, atol=1e-3):
            raise AssertionError(f"{name} disagrees with reference.corr2d_vectorized")


def measure(runs):
    rng = onp.random.default_rng(0)
    K = rng.standard_normal((KERNEL, KERNEL)).astype(onp.float32)
    figures, results, loop_estimate = [], {}, None
    for size in SIZES:
        X = rng.standard_normal((size, size)).astype(onp.float32)
        fns = implementations(X, K)
        skipped = {}
        if size != 32:
            for name in FRAMEWORK_LOOPS:
                skipped[name] = "32x32 only (one framework op per output cell)"
                del fns[name]
        if loop_estimate is not None and loop_estimate > SKIP_ABOVE_S:
            skipped[REFERENCE] = f"skipped (too slow: ~{loop_estimate:.0f} s estimated)"
            del fns[REFERENCE]
        check_same(fns, X, K)
        medians, per_call = time_interleaved(fns, runs)
        if REFERENCE in medians:
            i = SIZES.index(size)
            loop_estimate = (estimate_by_area(medians[REFERENCE], size, SIZES[i + 1])
                             if i + 1 < len(SIZES) else None)
        results[size] = medians
        figures += size_figures(size, medians, per_call, skipped)
        print(f"   {size}x{size}: " + ", ".join(f"{n} {v * 1000:.3g} ms" for n, v in medians.items()),
              flush=True)
    figures.append(ratio_figure(results[SIZES[-1]]))
    return figures


def size_figures(size, medians, per_call, skipped):
    """One row per implementation at ``size`` (``medians`` and ``per_call`` in seconds), in
    ORDER; a skipped one says why; the frameworks' loops are left out where not timed."""
    figures = []
    for name in ORDER:
        key = f"corr:{size}:{name}"
        label = f"corr {size}x{size} {name}"
        if name in medians:
            figures.append(Figure(key, label, value=medians[name] * 1000, unit="ms", details={
                "per_call_ms_runs": [round(x * 1000, 4) for x in per_call[name]]}))
        elif name not in FRAMEWORK_LOOPS:  # the frameworks' loops are 32x32 only by design
            figures.append(Figure(key, label, note=skipped.get(name, "not measured"),
                                  shown=skipped.get(name, "")))
    return figures


def ratio_figure(big):
    """The target's row: the vectorised NumPy version over the fastest built-in, from the
    median seconds per call at the largest size."""
    fastest = min(BUILTINS, key=lambda n: big[n])
    ratio = big["reference.corr2d_vectorized"] / big[fastest]
    return Figure(
        "corr_vectorized_vs_builtin", f"corr {SIZES[-1]}x{SIZES[-1]} vectorised / fastest built-in",
        value=ratio, unit="x", target=TARGET,
        shown=f"{big['reference.corr2d_vectorized'] * 1000:.3g} ms / {big[fastest] * 1000:.3g} ms "
              f"({fastest}) = {ratio:.2f}x",
        note="reference.corr2d_vectorized works in float64 (it converts the float32 input)")
