/** Growing batch buffers without leaking memory of kernels that manage their own (WebAssembly). */
import type { FloatArray, KernelsOf } from '../types'

/** A new zero-filled buffer of `length` from `kernels`, after giving `old` back to it when it can take it. */
export function regrow<A extends FloatArray>(kernels: KernelsOf<A>, old: A, length: number): A {
  kernels.free?.(old)
  return kernels.alloc(length)
}
