/**
 * Evaluation of a trained network on one split (SPEC §5), with the engine's metric functions, so
 * the renderer (which cannot import the engine) receives every number ready to display.
 */
import { classOf, classificationMetrics, evaluate, regressionMetrics, type Network } from '../../engine'
import type { Dataset, LossName, Task } from '../../engine/types'
import type { EvaluationDto } from '../../shared/dto'
import type { SplitPredictions } from '../../shared/engine-protocol'

/** At most this many (actual, predicted) pairs go into a regression scatter. */
const MAX_SCATTER = 1000

/** Evaluation DTO of one split plus, for classification, each row's actual and predicted class. */
export interface SplitEvaluation {
  dto: EvaluationDto
  predictions: SplitPredictions | null
}

/** Loss, accuracy, confusion matrix and metrics (classification) or MSE/MAE/R² and a scatter (regression). */
export function evaluateSplit(network: Network, data: Dataset, loss: LossName, task: Task): SplitEvaluation {
  const result = evaluate(network, data, loss, task)
  const dto: EvaluationDto = { loss: result.loss, accuracy: result.accuracy, confusion: result.confusion, rows: data.rows }
  if (result.confusion && result.predictions) {
    dto.metrics = classificationMetrics(result.confusion)
    const actual = data.labels ?? Int32Array.from({ length: data.rows }, (_, r) => classOf(data.y, r * data.outputs, data.outputs))
    return { dto, predictions: { actual: Int32Array.from(actual), predicted: result.predictions } }
  }
  const predicted = network.predict(data.x, data.rows)
  dto.regression = regressionMetrics(predicted, data.y.subarray(0, data.rows * data.outputs))
  const stride = Math.max(1, Math.ceil(data.rows / MAX_SCATTER))
  const scatter: NonNullable<EvaluationDto['scatter']> = { actual: [], predicted: [] }
  for (let r = 0; r < data.rows; r += stride) {
    scatter.actual.push(data.y[r * data.outputs])
    scatter.predicted.push(predicted[r * data.outputs])
  }
  dto.scatter = scatter
  return { dto, predictions: null }
}
