/**
 * Parameter and FLOP counts of a feed-forward network (SPEC §8), per weight layer and in total.
 * Convention (docs/estimator.md): a multiply-add is 2 FLOPs; per sample, a dense layer with fan-in
 * `in` and `out` units costs forward 2·in·out (Z = X·Wᵀ) + out (bias) + out·f(activation), and
 * backward out·f′(activation) + 2·in·out (dW = dZᵀ·X) + out (db) + 2·in·out (dX = dZ·W, not on the
 * first layer, whose input needs no gradient). The loss and the optimizer step are counted separately.
 */
import { lossFor } from '../losses'
import type { NetworkSpec } from '../types'
import { ACTIVATION_FLOPS, LOSS_FLOPS, OPTIMIZER_FLOPS } from './op-costs'
import type { LayerCost, LayerFlopBreakdown, NetworkCost, TrainingCost, TrainingShape } from './types'

/** Per-layer and total parameters and FLOPs per sample of `spec`. */
export function networkCost(spec: NetworkSpec): NetworkCost {
  const last = spec.layers.length - 1
  const fused = lossFor(spec.loss, spec.layers[last].activation).fused
  let fanIn = spec.inputs
  const layers = spec.layers.map((layer, i): LayerCost => {
    const out = layer.units
    const act = ACTIVATION_FLOPS[layer.activation]
    const biases = layer.bias === false ? 0 : out
    const gemm = 2 * fanIn * out
    const breakdown: LayerFlopBreakdown = {
      gemmForward: gemm,
      biasForward: biases,
      activationForward: act.forward * out,
      activationBackward: i === last && fused ? 0 : act.backward * out,
      weightGradient: gemm,
      biasGradient: biases,
      inputGradient: i === 0 ? 0 : gemm,
    }
    const cost: LayerCost = {
      index: i + 1,
      fanIn,
      units: out,
      activation: layer.activation,
      weights: fanIn * out,
      biases,
      flopsForward: breakdown.gemmForward + breakdown.biasForward + breakdown.activationForward,
      flopsBackward: breakdown.activationBackward + breakdown.weightGradient + breakdown.biasGradient + breakdown.inputGradient,
      breakdown,
    }
    fanIn = out
    return cost
  })
  const outputs = spec.layers[last].units
  const lossCost = LOSS_FLOPS[spec.loss][fused ? 'fused' : 'plain']
  const loss = { flopsForward: lossCost.forward * outputs, flopsBackward: lossCost.backward * outputs, fused }
  const parametersWithoutBias = sum(layers, (l) => l.weights)
  const flopsForward = sum(layers, (l) => l.flopsForward) + loss.flopsForward
  const flopsBackward = sum(layers, (l) => l.flopsBackward) + loss.flopsBackward
  return {
    layers,
    parameters: parametersWithoutBias + sum(layers, (l) => l.biases),
    parametersWithoutBias,
    loss,
    flopsForward,
    flopsBackward,
    flopsPerSample: flopsForward + flopsBackward,
  }
}

/** Total FLOPs of training `cost`'s network with `shape`. */
export function trainingCost(cost: NetworkCost, shape: TrainingShape): TrainingCost {
  const batchesPerEpoch = batchesOf(shape.samples, shape.batchSize)
  const passFlopsPerEpoch = shape.samples * cost.flopsPerSample
  const updateFlopsPerEpoch = batchesPerEpoch * cost.parameters * OPTIMIZER_FLOPS[shape.optimizer ?? 'sgd']
  const flopsPerEpoch = passFlopsPerEpoch + updateFlopsPerEpoch
  return { batchesPerEpoch, passFlopsPerEpoch, updateFlopsPerEpoch, flopsPerEpoch, totalFlops: shape.epochs * flopsPerEpoch }
}

/** ⌈N/m⌉ mini-batches per epoch, with m clamped to [1, N]. */
export function batchesOf(samples: number, batchSize: number): number {
  if (samples <= 0) return 0
  return Math.ceil(samples / Math.min(Math.max(1, batchSize), samples))
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  let s = 0
  for (const item of items) s += f(item)
  return s
}
