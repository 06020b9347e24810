"""GEMM GFLOP/s of numpy (OpenBLAS) for the shapes of PEERS.md §3: usage gemm_numpy.py THREADS

GFLOP/s = 2·M·N·K / median call time, best of 3 rounds of at least 0.25 s (as in PEERS.md)."""
import sys
import time

sys.dont_write_bytecode = True  # keep bench/peers free of __pycache__
from common import emit, pin_threads  # noqa: E402

threads = int(sys.argv[1])
pin_threads(threads)
import numpy as np  # noqa: E402  (after pinning the thread count)

rng = np.random.default_rng(0)


def f32(*shape):
    return rng.standard_normal(shape).astype(np.float32)


# name -> (M, N, K, thunk computing C = op(A)·op(B))
def cases():
    a, b = f32(128, 784), f32(784, 128)
    a2, b2 = f32(128, 256), f32(256, 128)
    a3, b3 = f32(512, 512), f32(512, 512)
    x, dz, w, wt = f32(128, 784), f32(128, 128), f32(784, 128), f32(128, 784)
    return {
        'nn-128x784x128': (128, 128, 784, lambda: a @ b),
        'nn-128x256x128': (128, 128, 256, lambda: a2 @ b2),
        'nn-512x512x512': (512, 512, 512, lambda: a3 @ b3),
        'tn-dW-784x128x128': (784, 128, 128, lambda: x.T @ dz),
        'nt-dX-128x784x128': (128, 784, 128, lambda: dz @ w.T),
        'nt-fwd-128x784x128': (128, 128, 784, lambda: x @ wt.T),
        'tn-dW-128x128x784': (128, 784, 128, lambda: dz.T @ x),
    }


def rate(m, n, k, fn):
    """(GFLOP/s of the median call, GFLOP/s of the fastest call)"""
    for _ in range(5):
        fn()
    best, fastest = 0.0, float('inf')
    for _ in range(3):
        times = []
        start = time.perf_counter()
        while time.perf_counter() - start < 0.25:
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        times.sort()
        best = max(best, 2.0 * m * n * k / times[len(times) // 2] / 1e9)
        fastest = min(fastest, times[0])
    return best, 2.0 * m * n * k / fastest / 1e9


rates = {name: rate(*c) for name, c in cases().items()}
emit({'engine': 'numpy %s / OpenBLAS' % np.__version__, 'threads': threads,
      'gflops': {name: r[0] for name, r in rates.items()}, 'gflopsFastest': {name: r[1] for name, r in rates.items()}})
