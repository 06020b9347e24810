/**
 * The model file a training run ends with (SPEC §9): the final weights, the preprocessing fitted on the
 * training split, the training settings and the final loss and accuracy per split. Runs in the worker.
 */
import { parseModel, serializeModel, MODEL_FORMAT, MODEL_VERSION, type Network, type NetworkJSON } from '../../engine'
import type { EpochStats } from '../../engine/types'
import type { FromWorker, TrainingJob } from '../../shared/engine-protocol'
import type { EvaluationDto, SplitName } from '../../shared/dto'

/** Final loss and accuracy per split, finite numbers only (the model file refuses NaN). */
export function runMetrics(evaluations: Partial<Record<SplitName, { dto: EvaluationDto }>>): Record<string, Record<string, number>> {
  const metrics: Record<string, Record<string, number>> = {}
  for (const [split, evaluation] of Object.entries(evaluations)) {
    if (!evaluation) continue
    const m: Record<string, number> = {}
    if (Number.isFinite(evaluation.dto.loss)) m.loss = evaluation.dto.loss
    if (evaluation.dto.accuracy !== null && Number.isFinite(evaluation.dto.accuracy)) m.accuracy = evaluation.dto.accuracy
    if (evaluation.dto.rows !== undefined) m.rows = evaluation.dto.rows
    metrics[split] = m
  }
  return metrics
}

/** The model JSON text of a finished run, or undefined when it cannot be saved (e.g. non-finite weights). */
export function runModelJson(network: Network, job: TrainingJob, evaluations: Partial<Record<SplitName, { dto: EvaluationDto }>>): string | undefined {
  try {
    const model = serializeModel(network, {
      ...(job.preprocessing ? { preprocessing: job.preprocessing } : {}),
      training: { ...job.settings, task: job.task },
      metrics: runMetrics(evaluations),
    })
    return JSON.stringify(model)
  } catch {
    return undefined
  }
}

/**
 * The model of a run that is still going, for export on request (SPEC §9, "during a run, from the best
 * epoch so far"): with early stopping (`patience`) the weights of the epoch with the lowest watched
 * loss (validation, else training — the loss early stopping watches), otherwise the current weights.
 */
export class RunModelKeeper {
  private bestLoss = Infinity
  private best: { network: NetworkJSON; epoch: number } | null = null
  private readonly tracksBest: boolean

  constructor(
    private readonly network: Network,
    private readonly job: TrainingJob,
  ) {
    this.tracksBest = job.settings.stopping?.patience !== undefined
  }

  /** Called at the end of every epoch: keeps a copy of the weights when the watched loss improved. */
  observe(stats: EpochStats): void {
    if (!this.tracksBest) return
    const watched = stats.valLoss ?? stats.trainLoss
    if (!(watched < this.bestLoss)) return
    this.bestLoss = watched
    this.best = { network: this.network.toJSON(), epoch: stats.epoch }
  }

  /** The `model` message answering a snapshot request: the best epoch's model, else the current one. */
  snapshot(epoch: number): Extract<FromWorker, { type: 'model' }> {
    const training = { ...this.job.settings, task: this.job.task }
    const extras = { ...(this.job.preprocessing ? { preprocessing: this.job.preprocessing } : {}), training }
    try {
      if (this.best) {
        const metrics = { bestEpoch: this.best.epoch, watchedLoss: this.bestLoss }
        const model = parseModel({ format: MODEL_FORMAT, version: MODEL_VERSION, kind: 'mlp', network: this.best.network, ...extras, metrics })
        return { type: 'model', runId: this.job.runId, modelJson: JSON.stringify(model), epoch: this.best.epoch, best: true }
      }
      return { type: 'model', runId: this.job.runId, modelJson: JSON.stringify(serializeModel(this.network, extras)), epoch, best: false }
    } catch (error) {
      return { type: 'model', runId: this.job.runId, modelJson: null, epoch, best: false, error: (error as Error).message }
    }
  }
}
