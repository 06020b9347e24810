/**
 * The energy meter around a run, shared by the network runs (stores/estimator.ts) and the DBN runs
 * (stores/dbn-run-check.ts): when a run starts (its status turns `running` from `starting`, `idle`,
 * `finished` or `error`, not back from a pause) the backend's meter opens (`estimate:meterStart`: wall
 * clock and RAPL counters where readable); when it ends it closes (`estimate:meterStop`), and a finished
 * run is handed over with what was measured.
 */
import { watch } from 'vue'
import type { EnergyMeasurement } from '../../../shared/dto'
import { useApi } from '../api'

type RunStatus = 'idle' | 'starting' | 'running' | 'paused' | 'stopping' | 'finished' | 'error'

/** Watches `status`; `started()` when a run starts, `finished(measured)` when it finishes (not on an error). */
export function watchRunMeter(status: () => RunStatus, started: () => void, finished: (measured: EnergyMeasurement | null) => Promise<void>): void {
  let meter: Promise<string | null> | null = null
  watch(status, async (now, before) => {
    if (now === 'running' && (before === 'starting' || before === 'idle' || before === 'finished' || before === 'error')) {
      started()
      meter = useApi().invoke['estimate:meterStart']().catch(() => null)
    }
    if ((now !== 'finished' && now !== 'error') || !meter) return
    const id = await meter
    meter = null
    const measured = id ? await useApi().invoke['estimate:meterStop'](id).catch(() => null) : null
    if (now === 'finished') await finished(measured)
  })
}
