"""Writes the shared initial weights and batch orders of PEERS.md §1 into bench/.cache.

usage: make_init.py ARCH[,ARCH...] PLAYGROUND_EPOCHS
  init-ARCH.f32     per layer W[fan_in x fan_out] Glorot-uniform from one numpy RandomState(0), float32
  order-8000x20.i32 20 permutations of the 8,000 MNIST training rows from RandomState(1)
  order-500xE.i32   E permutations of the 500 spiral points from RandomState(2) (playground)
"""
import os
import sys

import numpy as np

sys.dont_write_bytecode = True  # keep bench/peers free of __pycache__
from common import CACHE, arch_sizes  # noqa: E402


def main():
    archs = sys.argv[1].split(',')
    pg_epochs = int(sys.argv[2])
    os.makedirs(CACHE, exist_ok=True)
    for arch in archs:
        rs = np.random.RandomState(0)
        parts = []
        sizes = arch_sizes(arch)
        for fi, fo in zip(sizes[:-1], sizes[1:]):
            limit = np.sqrt(6.0 / (fi + fo))
            parts.append(rs.uniform(-limit, limit, size=(fi, fo)).astype(np.float32).ravel())
        np.concatenate(parts).tofile(os.path.join(CACHE, 'init-%s.f32' % arch))
    rs = np.random.RandomState(1)
    np.stack([rs.permutation(8000) for _ in range(20)]).astype(np.int32).tofile(os.path.join(CACHE, 'order-8000x20.i32'))
    rs = np.random.RandomState(2)
    np.stack([rs.permutation(500) for _ in range(pg_epochs)]).astype(np.int32).tofile(
        os.path.join(CACHE, 'order-500x%d.i32' % pg_epochs))


main()
