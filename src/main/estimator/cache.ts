/**
 * Calibrations cached on disk per machine and engine version, so the ≤ 3 s benchmark runs once:
 * one JSON file per machine key under the OS temp directory (or `LAYERWISE_ESTIMATOR_CACHE`), holding
 * the latest calibration per measured shape set. A file that cannot be read or parsed is ignored.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { cpus, hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CalibrationInfo } from '../../shared/dto'
import { threadsFromEnv } from '../kernels/load-wasm-kernels'

/**
 * Version of the FLOP model's form (its constants): calibrations of another form are not reused.
 * 2: t_batch = a + b·L + c·P·(1 + cost(opt)) + f·r + r·G/R + d·r·E (f added).
 * 3: G of a sparse input layer counts ρ·(forward + dW) (`skipsZeros`), and the anchor's κ.
 * 4: κ is the mean of anchor windows spread over the whole benchmark (was the median of one run at its end).
 */
export const FLOP_MODEL_VERSION = 4

/** What makes timings comparable: the machine, the JS engine, the app, the kernels and the model's form. */
export interface MachineIdentity {
  cpu: string
  cores: number
  host: string
  platform: string
  node: string
  engineVersion: string
  kernels: string
  /**
   * Threads the training worker's kernels may train on: 2 for the wasm kernels with data-parallel
   * batches (the default of src/main/training/kernels.ts, off with `LAYERWISE_KERNEL_THREADS=1`), else 1.
   */
  kernelThreads: number
  model: number
}

export function machineIdentity(engineVersion: string, kernels: string): MachineIdentity {
  const list = cpus()
  return {
    cpu: list[0]?.model.trim() ?? 'unknown CPU',
    cores: list.length,
    host: hostname(),
    platform: `${process.platform}-${process.arch}`,
    node: process.versions.node,
    engineVersion,
    kernels,
    kernelThreads: kernels !== 'ts' && (threadsFromEnv()?.dataParallel ?? true) ? 2 : 1,
    model: FLOP_MODEL_VERSION,
  }
}

/** A short stable key of an identity. */
export function machineKey(id: MachineIdentity): string {
  return createHash('sha256').update(JSON.stringify(id)).digest('hex').slice(0, 16)
}

interface CacheFile {
  identity: MachineIdentity
  latest: string | null
  entries: Record<string, CalibrationInfo>
}

export function defaultCacheDir(): string {
  return process.env.LAYERWISE_ESTIMATOR_CACHE ?? join(tmpdir(), 'layerwise-estimator')
}

/** The calibrations of one machine identity. */
export class CalibrationCache {
  private readonly path: string

  constructor(
    readonly identity: MachineIdentity,
    readonly dir = defaultCacheDir(),
  ) {
    this.path = join(dir, `calibration-${machineKey(identity)}.json`)
  }

  private read(): CacheFile {
    try {
      const file = JSON.parse(readFileSync(this.path, 'utf8')) as CacheFile
      if (file && typeof file.entries === 'object' && file.entries !== null) return file
    } catch {
      // missing or unreadable: start empty
    }
    return { identity: this.identity, latest: null, entries: {} }
  }

  /** The calibration measured on exactly `shapes`, else the latest one of this machine, else null. */
  get(shapes?: string): CalibrationInfo | null {
    const file = this.read()
    if (shapes !== undefined && Object.hasOwn(file.entries, shapes)) return file.entries[shapes]
    return file.latest !== null && Object.hasOwn(file.entries, file.latest) ? file.entries[file.latest] : null
  }

  /** Stores `info` as the latest calibration (atomic replace; at most 50 shape sets kept). */
  put(info: CalibrationInfo): void {
    const file = this.read()
    file.entries[info.shapes] = info
    file.latest = info.shapes
    const keys = Object.keys(file.entries)
    for (const k of keys.slice(0, Math.max(0, keys.length - 50))) delete file.entries[k]
    mkdirSync(this.dir, { recursive: true })
    const tmp = `${this.path}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(file))
    renameSync(tmp, this.path)
  }
}
