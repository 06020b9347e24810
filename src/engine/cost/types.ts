/**
 * Plain data shapes of the cost model (SPEC §8). Types only, so `src/shared/dto.ts` can re-export
 * them to the renderer without pulling in engine code.
 */
import type { ActivationName, NetworkSpec, OptimizerName } from '../types'

/** Where one layer's FLOPs per sample go: every term of the convention, so a UI can show the sum. */
export interface LayerFlopBreakdown {
  /** 2·in·out: Z = X·Wᵀ */
  gemmForward: number
  /** out when the layer has a bias: Z += b */
  biasForward: number
  /** out·cost(f): A = f(Z) */
  activationForward: number
  /** out·cost(f′): dZ = f′(Z) ⊙ dA (0 on an output fused with its loss) */
  activationBackward: number
  /** 2·in·out: dW = dZᵀ·X */
  weightGradient: number
  /** out when the layer has a bias: db = Σ dZ */
  biasGradient: number
  /** 2·in·out: dX = dZ·W (0 on the first layer) */
  inputGradient: number
}

/** Cost of one weight layer (dense + its activation), per sample. */
export interface LayerCost {
  /** Weight layer number, from 1. */
  index: number
  fanIn: number
  units: number
  activation: ActivationName
  /** in·out */
  weights: number
  /** out, or 0 without a bias */
  biases: number
  flopsForward: number
  flopsBackward: number
  breakdown: LayerFlopBreakdown
}

/** Parameters and FLOPs per sample of a whole network. */
export interface NetworkCost {
  layers: LayerCost[]
  /** Σ weights + biases */
  parameters: number
  /** Σ weights */
  parametersWithoutBias: number
  /** The loss on the output, per sample (forward: its value; backward: its gradient seed). */
  loss: { flopsForward: number; flopsBackward: number; fused: boolean }
  /** Σ layer forward + loss forward, per sample. */
  flopsForward: number
  /** Σ layer backward + loss backward, per sample. */
  flopsBackward: number
  /** flopsForward + flopsBackward: one training sample without the optimizer step. */
  flopsPerSample: number
}

/** What a training run repeats: N samples in mini-batches of m, for e epochs. */
export interface TrainingShape {
  samples: number
  /** Rows per mini-batch (clamped to `samples`; a partial last batch counts as a batch). */
  batchSize: number
  epochs: number
  /** Decides the FLOPs of each parameter update (default sgd). */
  optimizer?: OptimizerName
  /**
   * ρ: fraction of the input values that are nonzero (default 1, dense). On kernels that skip zeros the
   * input layer multiplies over the nonzeros only when ρ ≤ 0.25 (src/engine/layers/dense.ts).
   */
  inputDensity?: number
}

/** FLOPs of a whole training run. */
export interface TrainingCost {
  /** ⌈N/m⌉ */
  batchesPerEpoch: number
  /** N·flopsPerSample: forward and backward passes of one epoch. */
  passFlopsPerEpoch: number
  /** ⌈N/m⌉·parameters·cost(update): the optimizer steps of one epoch. */
  updateFlopsPerEpoch: number
  flopsPerEpoch: number
  /** e·flopsPerEpoch */
  totalFlops: number
}

/** CD-k options of an RBM. */
export interface RbmShapeOptions {
  /** Gibbs steps per update (default 1). */
  k?: number
  /** Persistent CD (default false). */
  persistent?: boolean
}

/** Parameters and FLOPs of CD-k on one RBM. */
export interface RbmCost {
  visible: number
  hidden: number
  k: number
  /** visible·hidden */
  weights: number
  /** visible + hidden */
  biases: number
  parameters: number
  /** Positive phase, k Gibbs steps and the gradient statistics, per sample. */
  flopsPerSample: number
  /** The momentum update of all parameters, once per mini-batch. */
  flopsPerUpdate: number
  /** σ(V·W + c) of one sample: making the next RBM's data. */
  flopsPropagate: number
}

/** FLOPs of greedy DBN training. */
export interface DbnTrainingCost {
  rbms: (RbmCost & { trainFlops: number; propagateFlops: number })[]
  parameters: number
  totalFlops: number
}

/**
 * Constants of the calibrated FLOP time model
 * t_batch = a + b·L + c·P·(1 + cost(opt)) + f·r + r′·G/R + d·r′·E + s·(g + h·P),
 * with r′ the rows the training thread computes itself (⌈r/2⌉ when the batch is split over two
 * threads, else r) and s = 1 for a split batch.
 */
export interface FlopModelParams {
  /** a: seconds per mini-batch, whatever the network. */
  perBatch: number
  /** b: seconds per weight layer per mini-batch. */
  perLayer: number
  /** c: seconds per parameter operation per mini-batch (weight copy, mean |dW|, optimizer step). */
  perParameter: number
  /** f: seconds per training row, whatever its width (gathering the row, its share of the shuffle, accuracy count). */
  perRow: number
  /** R: GEMM FLOPs per second (Z = X·Wᵀ, dW, dX). */
  flopsPerSecond: number
  /** d: seconds per elementwise operation (row copies, bias, activation, loss). */
  perElement: number
  /**
   * Threads a trainer on this machine's kernels may split a batch over: 2 when it trains data-parallel
   * where that pays (src/engine/parallel/replica.ts `dataParallelPays`), else 1.
   */
  threads: 1 | 2
  /** g: seconds per batch split over two threads (waking the helper, waiting for it). */
  perSplitBatch: number
  /** h: seconds per parameter per split batch (adding the helper's gradients to the network's). */
  perSplitParameter: number
  /**
   * Whether the calibrated kernels skip the zero inputs of a sparse batch (`sparseGemm`): then the
   * input layer's forward and weight-gradient GEMMs count ρ·2·in·out FLOPs per sample (absent: false).
   */
  skipsZeros?: boolean
}

/** A time estimate of a training run. */
export interface TimeEstimate {
  /** Whole run. */
  seconds: number
  perEpoch: number
  /** Whole run, per weight layer (index 0 = layer 1). */
  layers: number[]
  /** Whole run, time that belongs to no layer (per-batch overhead and the loss). */
  overhead: number
  /** FLOP model only: κ, the factor from the calibration's run of this very network and batch (1: none). */
  correction?: number
  /** FLOP model only: whether the input layer was costed over its nonzero inputs only (ρ ≤ 0.25, kernels that skip zeros). */
  sparseInputs?: boolean
}

/** A default value with the source it comes from. */
export interface SourcedValue {
  value: number
  unit: string
  source: string
}

/** A hardware power profile. */
export interface HardwarePreset {
  id: string
  label: string
  /** Typical power under load, in W. */
  watts: number
  /** The class's spread, in W. */
  range: [number, number]
  /** Default PUE of where such hardware runs. */
  pue: number
  note: string
}

/** What turns seconds into energy and CO₂. */
export interface EnergyInput {
  /** Average power drawn, in W. */
  watts: number
  /** Power usage effectiveness, ≥ 1. */
  pue: number
  carbonGramsPerKwh: number
}

/** Time, energy and CO₂ of one estimate or measurement. */
export interface EnergyEstimate {
  seconds: number
  joules: number
  kWh: number
  co2Grams: number
}

/** An everyday equivalent of an energy or CO₂ amount, with its assumption. */
export interface Equivalent {
  label: string
  value: number
  assumption: string
}

/** Everything an estimate of a training run needs. */
export interface RunEstimateInput {
  network: NetworkSpec
  /** N: training rows per epoch. */
  samples: number
  /** m */
  batchSize: number
  /** e */
  epochs: number
  optimizer?: OptimizerName
  /** Seconds per layer operation of the course's model. */
  tOp: number
  energy: EnergyInput
  /** Calibrated constants of this machine, or null when there is no calibration. */
  flopModel: FlopModelParams | null
  /** ρ: fraction of nonzero input values (default 1, dense). */
  inputDensity?: number
  /**
   * κ: the measured over the modelled time of this network's batch, from the calibration's run of the
   * very network, batch size and input density (default 1: no such run). Multiplies the FLOP model.
   */
  flopCorrection?: number
}

/** Time, energy, CO₂ and equivalents by one time model (of a network's run, or of a DBN's with `DbnTimeEstimate`). */
export interface ModelEstimate<Time = TimeEstimate> {
  time: Time
  energy: EnergyEstimate
  equivalents: Equivalent[]
}

/** The whole estimate of a training run. */
export interface RunEstimate {
  cost: NetworkCost
  training: TrainingCost
  layerModel: ModelEstimate
  flopModel: ModelEstimate | null
}

/** A DBN to cost: RBM hidden sizes bottom first, CD-k per RBM, and the classifier head if any. */
export interface DbnCostSpec {
  inputs: number
  /** Hidden units of each RBM, bottom first. */
  layers: number[]
  /** Gibbs steps per RBM (missing entries: 1). */
  k: number[]
  /** Softmax classes of a DBN classifier's output layer; 0 or absent without one. */
  classes?: number
}

/** One RBM of a DBN: its place in the stack, widths, Gibbs steps and parameters. */
export interface DbnRbmSizes {
  /** RBM number, from 1. */
  index: number
  visible: number
  hidden: number
  k: number
  /** visible·hidden */
  weights: number
  /** visible + hidden */
  biases: number
}

/** One RBM of a DBN, per sample: forward = the up pass σ(V·W + c); backward = the rest of CD-k. */
export interface DbnLayerCost extends DbnRbmSizes {
  /** 2vh + 4h */
  flopsForward: number
  /** rbmCost(v, h, k).flopsPerSample − flopsForward: sampling, Gibbs steps, statistics. */
  flopsBackward: number
}

/** Parameters and FLOPs per sample of a DBN: its RBMs, and the softmax head of a classifier. */
export interface DbnCost {
  rbms: DbnLayerCost[]
  /** The classifier's softmax + CCE layer on the top code (as a one-layer network), or null. */
  head: LayerCost | null
  parameters: number
  parametersWithoutBias: number
  flopsForward: number
  flopsBackward: number
}
