/**
 * What a trained RBM, DBN or autoencoder is used for (SPEC §4): reconstruction, anomaly scores and
 * thresholds, Gibbs sampling of new samples, and the filters of hidden units ready to draw as images.
 */
import { Dbn } from './dbn'
import { Rbm } from './rbm'
import { freeEnergies } from './rbm-eval'
import { reconstructAe, type Autoencoder } from './autoencoder'
import { confusionAt, percentile, roc, rowMse, type RocCurve } from './metrics'
import type { RandomSource } from './rbm-math'

/** Anything that reconstructs its input. */
export type Reconstructor = Rbm | Dbn | Autoencoder

function asDbn(m: Rbm | Dbn): Dbn {
  return m instanceof Rbm ? new Dbn([m]) : m
}

/** Deterministic reconstruction: the mean-field up-down pass of an RBM/DBN, or the autoencoder's output. */
export function reconstructRows(model: Reconstructor, x: Float32Array, rows: number): Float32Array {
  if (model instanceof Rbm || model instanceof Dbn) return asDbn(model).upDown(x, rows)
  return reconstructAe(model, x, rows)
}

export type ScoreKind = 'recon' | 'energy'

/**
 * Anomaly score per row: `recon` = mean squared reconstruction error of the row; `energy` = free
 * energy F(v) of the first RBM (low energy = typical data, so high = anomalous). An autoencoder scores
 * by energy only with its pretraining stack passed as `energyModel`.
 */
export function anomalyScores(model: Reconstructor, x: Float32Array, rows: number, kind: ScoreKind, energyModel?: Rbm | Dbn): Float64Array {
  const cols = model instanceof Rbm ? model.nVisible : model instanceof Dbn ? model.nVisible : model.net.inputs
  if (x.length < rows * cols) throw new Error(`anomaly scores: ${rows} rows of ${cols} need ${rows * cols} values, got ${x.length}`)
  if (kind === 'recon') return rowMse(x, reconstructRows(model, x, rows), rows, cols)
  const source = energyModel ?? (model instanceof Rbm || model instanceof Dbn ? model : null)
  if (!source) throw new Error('Free-energy scores need an RBM or DBN; this autoencoder model has no pretrained stack')
  return freeEnergies(asDbn(source).layers[0], x, rows)
}

export interface AnomalyReport {
  threshold: number
  /** Indices of the rows with score ≥ threshold. */
  flagged: number[]
  /** With labels (1 = anomaly): ROC curve, AUC, and the confusion counts at the threshold. */
  roc: RocCurve | null
  auc: number | null
  confusion: { tp: number; fp: number; tn: number; fn: number } | null
}

/**
 * Threshold = the `pct`-th percentile of the training rows' scores; rows of `scores` at or above it are
 * flagged. With `labels`, also the ROC curve, AUC and confusion matrix.
 */
export function detectAnomalies(scores: ArrayLike<number>, trainScores: ArrayLike<number>, pct: number, labels?: ArrayLike<number | boolean>): AnomalyReport {
  const threshold = percentile(trainScores, pct)
  const flagged: number[] = []
  for (let i = 0; i < scores.length; i++) if (scores[i] >= threshold) flagged.push(i)
  if (!labels) return { threshold, flagged, roc: null, auc: null, confusion: null }
  const curve = roc(scores, labels)
  return { threshold, flagged, roc: curve, auc: curve.auc, confusion: confusionAt(scores, labels, threshold) }
}

/**
 * New samples by block Gibbs sampling (Hinton et al. 2006 §5): `steps` alternating updates
 * h ~ p(h|v), v ~ p(v|h) in the top RBM, from a random start (or from `start`, rows of the top
 * RBM's visible layer), then a mean-field down pass through the lower layers. Returns
 * E[v|h] of the data layer `[count×nVisible]`.
 */
export function gibbsSamples(model: Rbm | Dbn, count: number, steps: number, rng: RandomSource, start?: Float32Array): Float32Array {
  const dbn = asDbn(model)
  const top = dbn.layers[dbn.layers.length - 1]
  if (!(Number.isInteger(count) && count >= 1)) throw new Error(`count must be a positive integer, got ${count}`)
  if (!(Number.isInteger(steps) && steps >= 1)) throw new Error(`Gibbs steps must be a positive integer, got ${steps}`)
  const v = new Float32Array(count * top.nVisible)
  const h = new Float32Array(count * top.nHidden)
  if (start) {
    if (start.length !== v.length) throw new Error(`start must hold ${count}×${top.nVisible} values`)
    v.set(start)
  } else {
    for (let i = 0; i < v.length; i++) v[i] = top.visible === 'gaussian' ? rng.normal() : rng.next() < 0.5 ? 1 : 0
  }
  for (let t = 0; t < steps; t++) {
    top.hiddenProbs(v, count, h)
    top.sampleH(h, count, h, rng)
    top.visibleMeans(h, count, v)
    if (t < steps - 1) top.sampleV(v, count, v, rng)
  }
  return dbn.down(v, count, dbn.layers.length - 1)
}

/**
 * Filters of the hidden units of `layer` (from 1) in data space: layer 1's unit j is column j of W₁;
 * a higher layer's unit is the linear projection W₁·W₂·…·W_l column j (the usual visualisation).
 * Returns one `[nVisible]` array per hidden unit; with `normalize`, each is mapped to [0,1] by
 * 0.5 + 0.5·w / max|w| (0.5 = zero weight), ready to draw as a grey image of the input's shape.
 */
export function hiddenFilters(model: Rbm | Dbn, layer = 1, normalize = true): Float32Array[] {
  const dbn = asDbn(model)
  if (!(Number.isInteger(layer) && layer >= 1 && layer <= dbn.layers.length)) throw new Error(`layer must be in 1..${dbn.layers.length}, got ${layer}`)
  const k = dbn.layers[0].kernels
  let proj = dbn.layers[0].W
  for (let l = 1; l < layer; l++) {
    const r = dbn.layers[l]
    const next = new Float32Array(dbn.nVisible * r.nHidden)
    // [nVisible×nHidden_{l−1}]·[nHidden_{l−1}×nHidden_l] → [nVisible×nHidden_l]
    k.gemm(proj, r.W, next, dbn.nVisible, r.nHidden, r.nVisible, false, false, false)
    proj = next
  }
  const units = dbn.layers[layer - 1].nHidden
  const nv = dbn.nVisible
  const out: Float32Array[] = []
  for (let j = 0; j < units; j++) {
    const f = new Float32Array(nv)
    let max = 0
    for (let i = 0; i < nv; i++) {
      f[i] = proj[i * units + j]
      max = Math.max(max, Math.abs(f[i]))
    }
    if (normalize) for (let i = 0; i < nv; i++) f[i] = max > 0 ? 0.5 + (0.5 * f[i]) / max : 0.5
    out.push(f)
  }
  return out
}
