/**
 * DBN calibrations cached on disk per machine and engine version, beside the network calibrations
 * (src/main/estimator/cache.ts) but in their own file, so neither kind ever answers for the other: one
 * JSON file per machine key under the same directory, holding the latest calibration per stack.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { DbnCalibrationInfo } from '../../shared/dbn-estimate'
import type { DbnRunShape } from '../../engine/cost'
import { defaultCacheDir, machineKey, type MachineIdentity } from './cache'

/**
 * Version of the DBN time model's form: calibrations of another form are not reused.
 * 1: CD-k a + f·r + c·U + r·G/R + d·r·E; passes u + G/R + d·E per row; fine-tuning a + c·13P + r·F/R.
 */
export const DBN_TIME_MODEL_VERSION = 1

/** At most this many stacks are kept per machine. */
const MAX_ENTRIES = 50

/**
 * The key of the stack a calibration ran on: sizes, CD-k, PCD, visible units, whether its data is sparse
 * enough for the sparse products (ρ ≤ 0.4, to two decimals), and the fine-tuning.
 */
export function dbnShapesKey(shape: DbnRunShape): string {
  const k = shape.layers.map((_, i) => shape.k[i] ?? shape.k[shape.k.length - 1] ?? 1).join(',')
  const rho = shape.inputDensity ?? 1
  const fine = shape.fineTune && shape.fineTune !== 'none' && (shape.fineTuneEpochs ?? 1) > 0 ? ` ${shape.fineTune}${shape.fineTune === 'classifier' ? `-${shape.classes ?? 2}` : ''}` : ''
  return `${[shape.inputs, ...shape.layers].join('-')} ${shape.persistent ? 'PCD' : 'CD'}-${k} ${shape.visible ?? 'bernoulli'} ρ${rho <= 0.4 ? rho.toFixed(2) : 'dense'}${fine}`
}

interface CacheFile {
  latest: string | null
  entries: Record<string, DbnCalibrationInfo>
}

/** The DBN calibrations of one machine identity. */
export class DbnCalibrationCache {
  private readonly path: string

  constructor(
    readonly identity: MachineIdentity,
    readonly dir = defaultCacheDir(),
  ) {
    this.path = join(dir, `dbn-calibration-${machineKey({ ...identity, model: DBN_TIME_MODEL_VERSION })}.json`)
  }

  private read(): CacheFile {
    try {
      const file = JSON.parse(readFileSync(this.path, 'utf8')) as CacheFile
      if (file && typeof file.entries === 'object' && file.entries !== null) return file
    } catch {
      // missing or unreadable: start empty
    }
    return { latest: null, entries: {} }
  }

  /** The calibration measured on exactly `shapes`, else the latest one of this machine, else null. */
  get(shapes?: string): DbnCalibrationInfo | null {
    const file = this.read()
    if (shapes !== undefined && Object.hasOwn(file.entries, shapes)) return file.entries[shapes]
    return file.latest !== null && Object.hasOwn(file.entries, file.latest) ? file.entries[file.latest] : null
  }

  /** Stores `info` as the latest calibration (atomic replace). */
  put(info: DbnCalibrationInfo): void {
    const file = this.read()
    delete file.entries[info.shapes]
    file.entries[info.shapes] = info
    file.latest = info.shapes
    const keys = Object.keys(file.entries)
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_ENTRIES))) delete file.entries[k]
    mkdirSync(this.dir, { recursive: true })
    const tmp = `${this.path}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(file))
    renameSync(tmp, this.path)
  }
}
