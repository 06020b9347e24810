import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CalibrationCache, machineIdentity, machineKey } from '../../../src/main/estimator/cache'
import type { CalibrationInfo } from '../../../src/shared/dto'

function info(shapes: string, perBatch: number): CalibrationInfo {
  return {
    params: { perBatch, perLayer: 0, perParameter: 0, perRow: 0, flopsPerSecond: 1e9, perElement: 0, threads: 1, perSplitBatch: 0, perSplitParameter: 0 },
    rmsRelativeError: 0.01,
    points: [],
    seconds: 2,
    shapes,
    kernels: 'ts',
    engineVersion: 'test',
    createdAt: '2026-01-01T00:00:00.000Z',
    measuredWatts: null,
    utilisation: 0.5,
  }
}

describe('CalibrationCache', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'calib-'))

  it('is empty before the first calibration', () => {
    expect(new CalibrationCache(machineIdentity('1', 'ts'), dir()).get('a')).toBeNull()
  })

  it('answers the exact shapes first, else the latest calibration', () => {
    const cache = new CalibrationCache(machineIdentity('1', 'ts'), dir())
    cache.put(info('a', 1))
    cache.put(info('b', 2))
    expect(cache.get('a')?.params.perBatch).toBe(1)
    expect(cache.get('z')?.params.perBatch).toBe(2)
  })

  it('persists across instances of the same machine and engine version only', () => {
    const d = dir()
    new CalibrationCache(machineIdentity('1', 'ts'), d).put(info('a', 3))
    expect(new CalibrationCache(machineIdentity('1', 'ts'), d).get('a')?.params.perBatch).toBe(3)
    expect(new CalibrationCache(machineIdentity('2', 'ts'), d).get('a')).toBeNull()
    expect(new CalibrationCache(machineIdentity('1', 'wasm'), d).get('a')).toBeNull()
  })

  it('does not reuse a calibration of another model form or another kernel thread count', () => {
    const d = dir()
    const id = machineIdentity('1', 'wasm')
    new CalibrationCache(id, d).put(info('a', 4))
    expect(new CalibrationCache({ ...id }, d).get('a')?.params.perBatch).toBe(4)
    expect(new CalibrationCache({ ...id, model: id.model - 1 }, d).get('a')).toBeNull()
    expect(new CalibrationCache({ ...id, kernelThreads: 3 - id.kernelThreads }, d).get('a')).toBeNull()
  })

  it('keys machines by a short stable hash', () => {
    expect(machineKey(machineIdentity('1', 'ts'))).toMatch(/^[0-9a-f]{16}$/)
    expect(machineKey(machineIdentity('1', 'ts'))).toBe(machineKey(machineIdentity('1', 'ts')))
  })
})
