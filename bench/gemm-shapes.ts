/**
 * GEMM shapes of the benchmark (PEERS.md §3, plus the two forms the engine's Dense layer uses with
 * W stored [units×fanIn]). bench/peers/gemm_numpy.py names the same ids.
 */
export interface GemmShape {
  id: string
  label: string
  m: number
  n: number
  k: number
  transA: boolean
  transB: boolean
}

export const GEMM_SHAPES: GemmShape[] = [
  { id: 'nn-128x784x128', label: '128x784 @ 784x128', m: 128, n: 128, k: 784, transA: false, transB: false },
  { id: 'nn-128x256x128', label: '128x256 @ 256x128', m: 128, n: 128, k: 256, transA: false, transB: false },
  { id: 'nn-512x512x512', label: '512x512 @ 512x512', m: 512, n: 512, k: 512, transA: false, transB: false },
  { id: 'tn-dW-784x128x128', label: 'bwd dW: (128x784)ᵀ @ 128x128', m: 784, n: 128, k: 128, transA: true, transB: false },
  { id: 'nt-dX-128x784x128', label: 'bwd dX: 128x128 @ (784x128)ᵀ', m: 128, n: 784, k: 128, transA: false, transB: true },
  { id: 'nt-fwd-128x784x128', label: 'engine fwd Z = X·Wᵀ: 128x784 @ (128x784)ᵀ', m: 128, n: 128, k: 784, transA: false, transB: true },
  { id: 'tn-dW-128x128x784', label: 'engine dW = dZᵀ·X: (128x128)ᵀ @ 128x784', m: 128, n: 784, k: 128, transA: true, transB: false },
]
