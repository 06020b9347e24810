/**
 * The control block through which the training thread and the data-parallel helper hand over batch
 * parts (layout and protocol: ./replica.ts). It lives in the shared wasm memory; both sides read and
 * write it with `Atomics`.
 */
// Control block layout (Int32 indices; the Float64 ones are indices into a Float64Array at the same offset).
export const GEN = 0
export const DONE = 1
export const ROWS = 2
export const CLAIM = 3
export const FAILED = 4
export const READY = 5
export const HELPER_SLEEPS = 6
export const CALLER_SLEEPS = 7
export const SCALE = 4 // Float64 index (bytes 32–39)
export const LOSS = 5 // Float64 index (bytes 40–47)
const MESSAGE = 16
const MESSAGE_CHARS = 240
/** Bytes of the control block. */
export const CONTROL_BYTES = (MESSAGE + MESSAGE_CHARS) * 4

export const clock = (): number => (globalThis as { performance?: { now(): number } }).performance?.now() ?? Date.now()

export function writeMessage(ctrl: Int32Array, message: string): void {
  const n = Math.min(message.length, MESSAGE_CHARS - 1)
  for (let i = 0; i < n; i++) ctrl[MESSAGE + i] = message.charCodeAt(i)
  ctrl[MESSAGE + n] = 0
}

export function readMessage(ctrl: Int32Array): string {
  let s = ''
  for (let i = MESSAGE; i < MESSAGE + MESSAGE_CHARS && ctrl[i] !== 0; i++) s += String.fromCharCode(ctrl[i])
  return s
}

/** Marks the helper of the control block at `control` as failed (the platform's handler of a thread that died). */
export function markHelperFailed(buffer: ArrayBufferLike, control: number, message: string): void {
  const ctrl = new Int32Array(buffer, control, CONTROL_BYTES / 4)
  writeMessage(ctrl, message)
  Atomics.store(ctrl, FAILED, 1)
}


/**
 * Busy-waits while `busy()` holds, for at most `ms` (checking the clock every 256 polls); the caller
 * then sleeps in `Atomics.wait` if it still has to wait.
 */
export function spinWhile(busy: () => boolean, ms: number): void {
  if (ms <= 0 || !busy()) return
  const until = clock() + ms
  for (let i = 1; busy(); i++) if ((i & 255) === 0 && clock() > until) return
}
