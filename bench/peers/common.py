"""Shared helpers of the Python peers: thread pinning (before numpy/torch load) and the cached data."""
import json
import os
import sys

CACHE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '.cache')


def pin_threads(threads):
    """OpenBLAS reads OPENBLAS_NUM_THREADS at load; GNU OpenMP spins unless PASSIVE (PEERS.md caveats)."""
    os.environ['OPENBLAS_NUM_THREADS'] = str(threads)
    os.environ['OMP_NUM_THREADS'] = str(threads)
    os.environ['MKL_NUM_THREADS'] = str(threads)
    os.environ['OMP_WAIT_POLICY'] = 'PASSIVE'


def arch_sizes(arch):
    return [int(s) for s in arch.split('-')]


def load_f32(name, shape):
    import numpy as np
    return np.fromfile(os.path.join(CACHE, name), dtype=np.float32).reshape(shape)


def load_i32(name, shape):
    import numpy as np
    return np.fromfile(os.path.join(CACHE, name), dtype=np.int32).reshape(shape)


def load_init(arch):
    """Glorot weights W[fan_in x fan_out] per layer (numpy RandomState(0)), biases 0."""
    import numpy as np
    sizes = arch_sizes(arch)
    flat = np.fromfile(os.path.join(CACHE, 'init-%s.f32' % arch), dtype=np.float32)
    out, o = [], 0
    for fi, fo in zip(sizes[:-1], sizes[1:]):
        out.append(flat[o:o + fi * fo].reshape(fi, fo))
        o += fi * fo
    return out


def emit(result):
    """The orchestrator (scripts/bench.mjs) reads the last stdout line as JSON."""
    sys.stdout.write(json.dumps(result) + '\n')
    sys.stdout.flush()
