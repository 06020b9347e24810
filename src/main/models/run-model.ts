/**
 * The model file a training run ends with (SPEC §9): the final weights, the preprocessing fitted on the
 * training split, the training settings and the final loss and accuracy per split. Runs in the worker.
 */
import { serializeModel, type Network } from '../../engine'
import type { TrainingJob } from '../../shared/engine-protocol'
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
