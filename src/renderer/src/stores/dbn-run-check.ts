/**
 * After every DBN run (issue 8, deliverable 4): its wall time and, where RAPL is readable, its energy
 * beside both estimates of that very run — the layer model and the calibrated DBN model — added to the
 * estimator's history next to the network runs. The run as it ran: the stack, batch, CD-k and
 * fine-tuning mode of the Cost view's DBN run when it started, the training and validation rows and
 * the epochs from its result (`ranShape`).
 *
 * Only runs that went all their epochs are checked: a stopped run did less than it was estimated for.
 */
import type { DbnRunShape } from '../../../shared/dbn-estimate'
import type { DbnRunResult } from '../../../shared/dbn'
import type { EnergyMeasurement } from '../../../shared/dto'
import { useApi } from '../api'
import { useDbnStore } from './dbn'
import { watchRunMeter } from './run-meter'
import { useDbnEstimateStore } from './dbn-estimate'
import { errorPercent, useEstimatorStore, type RunCheck } from './estimator'

/** The history's line for a finished DBN run of `shape` against its estimates. */
export function dbnRunCheck(label: string, shape: DbnRunShape, result: DbnRunResult, layerSeconds: number, flopSeconds: number | null, estimatedJoules: number, measured: EnergyMeasurement | null): RunCheck {
  const measuredSeconds = result.elapsedSeconds
  return {
    label,
    network: `DBN ${[shape.inputs, ...shape.layers].join('-')}`,
    samples: shape.samples,
    batchSize: shape.batchSize,
    epochs: shape.epochs,
    measuredSeconds,
    measuredWhat: 'the DBN job from start to finish: every RBM epoch with its monitors, the propagation between RBMs, fine-tuning',
    wallSeconds: measured?.seconds ?? measuredSeconds,
    layerSeconds,
    flopSeconds,
    layerErrorPercent: errorPercent(layerSeconds, measuredSeconds),
    flopErrorPercent: flopSeconds === null ? null : errorPercent(flopSeconds, measuredSeconds),
    estimatedJoules,
    measuredJoules: measured?.joules ?? null,
  }
}

/** `started` (the Cost view's DBN run when the run started) with the rows and epochs the run reports. */
export function ranShape(started: DbnRunShape, result: DbnRunResult): DbnRunShape {
  const rows = (split: 'train' | 'validation') => result.model.metrics.find((m) => m.split === split)?.rows
  const epochs = result.pretrainEpochs.filter((e) => e.layer === 1).length
  return {
    ...started,
    samples: rows('train') ?? started.samples,
    validationRows: rows('validation') ?? started.validationRows,
    epochs: epochs > 0 ? epochs : started.epochs,
    fineTuneEpochs: result.fineTuneEpochs.length,
  }
}

/** Watches the DBN runs and records each finished one; call once, at the app's start (App.vue). */
export function watchDbnRuns(): void {
  const dbn = useDbnStore()
  const dbnEstimate = useDbnEstimateStore()
  const estimator = useEstimatorStore()
  let shape: DbnRunShape | null = null
  let runs = 0
  watchRunMeter(
    () => dbn.status,
    () => (shape = dbnEstimate.shape ? { ...dbnEstimate.shape, layers: [...dbnEstimate.shape.layers], k: [...dbnEstimate.shape.k] } : null),
    async (measured) => {
      const result = dbn.result
      if (!result || result.stop.kind !== 'epochs' || !shape) return
      const e = estimator.inputs
      const ran = ranShape(shape, result)
      const run = await useApi().invoke['estimate:dbnRun']({ shape: ran, tOp: e.tOp, watts: e.watts, pue: e.pue, carbonGramsPerKwh: e.carbonGramsPerKwh })
      runs++
      const model = run.flopModel ?? run.layerModel
      estimator.addCheck(dbnRunCheck(`DBN run ${runs}`, ran, result, run.layerModel.time.seconds, run.flopModel?.time.seconds ?? null, model.energy.joules, measured))
    },
  )
}
