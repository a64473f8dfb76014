"""Machines unlike this one, imitated on this one: what a recorded output must not depend on.

A float32 result can differ in its last digit from one CPU to the next with nothing
changed in the course: oneDNN (TensorFlow's, and MXNet's own copy), OpenBLAS and NumPy's
own loops pick their kernels by the instruction set they find, and a kernel with wider
registers, another blocking or another thread count adds the same numbers in another
order. A notebook recorded on an AVX-512 machine then failed nbval on an AVX2 one.

Each variant below runs the notebooks as a different machine would, on this one: a
lower instruction set for oneDNN and NumPy's dispatch, an older OpenBLAS core, oneDNN
switched off, one thread or more threads than cores. ``tools/record.py`` runs them: with
``--check --variant all`` (in ``make test``) it fails, naming the notebook, the cell and
the variant, when any output or widget state differs from the recorded file; ``make
record`` writes a notebook only when every variant produced the same file.

Only older core types and lower instruction sets are imitated: every machine can run
them, and they are the machines learners have. A core type newer than the CPU can
crash OpenBLAS or give wrong results (the reason some machines set OPENBLAS_CORETYPE
at all), so no variant asks for one.
"""
import os

# NumPy's dispatched features above SSE4.1 (NPY_DISABLE_CPU_FEATURES ignores those a
# CPU does not have, and cannot switch off its SSE3 baseline).
_ABOVE_SSE41 = "SSE42 POPCNT AVX F16C FMA3 AVX2"
_AVX512 = "AVX512F AVX512CD AVX512_KNL AVX512_KNM AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"


def _threads(n):
    """Every thread pool the two frameworks and NumPy's OpenBLAS size from the environment."""
    n = str(n)
    return {"OMP_NUM_THREADS": n, "OPENBLAS_NUM_THREADS": n, "MXNET_CPU_WORKER_NTHREADS": n,
            "TF_NUM_INTRAOP_THREADS": n, "TF_NUM_INTEROP_THREADS": n}


VARIANTS = {
    # A CPU of about 2008 (Nehalem: SSE4.2 at most), one core.
    "sse41-1-thread": {
        "ONEDNN_MAX_CPU_ISA": "SSE41", "DNNL_MAX_CPU_ISA": "SSE41",
        "OPENBLAS_CORETYPE": "Nehalem",
        "NPY_DISABLE_CPU_FEATURES": f"{_ABOVE_SSE41} {_AVX512}",
        **_threads(1),
    },
    # The machine that failed first (AVX2, no AVX-512), with more threads than cores.
    "avx2-4-threads": {
        "ONEDNN_MAX_CPU_ISA": "AVX2", "DNNL_MAX_CPU_ISA": "AVX2",
        "OPENBLAS_CORETYPE": "Sandybridge",
        "NPY_DISABLE_CPU_FEATURES": _AVX512,
        **_threads(4),
    },
    # Builds without oneDNN, or with it turned off: TensorFlow's and MXNet's own kernels.
    # MXNet then logs a "storage type fallback" for every operator it would have given
    # oneDNN, on the kernel's stderr; a build without oneDNN prints nothing of the kind.
    "no-onednn": {
        "TF_ENABLE_ONEDNN_OPTS": "0", "MXNET_MKLDNN_ENABLED": "0",
        "MXNET_STORAGE_FALLBACK_LOG_VERBOSE": "0",
        "OPENBLAS_CORETYPE": "Prescott",
    },
}


def environment(name):
    """The environment a kernel of variant ``name`` runs in: this process's, with the
    variant's settings on top.

    >>> environment("no-onednn")["TF_ENABLE_ONEDNN_OPTS"]
    '0'
    >>> environment("avx-512")
    Traceback (most recent call last):
    ...
    ValueError: unknown CPU variant 'avx-512'; the variants are sse41-1-thread, avx2-4-threads, no-onednn
    """
    if name not in VARIANTS:
        raise ValueError(f"unknown CPU variant {name!r}; the variants are {', '.join(VARIANTS)}")
    return {**os.environ, **VARIANTS[name]}
