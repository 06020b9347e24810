/**
 * Weight snapshots for the editor's neurons view (SPEC §6): for small networks only (every layer at
 * most `WEIGHTS_MAX_UNITS` units, inputs included), copied at most every `intervalMs` (10 Hz).
 */
import type { Network } from '../../engine'
import type { NetworkSpec } from '../../engine/types'
import type { ProgressFrame, WeightSnapshotDto } from '../../shared/dto'

export const WEIGHTS_MAX_UNITS = 12
export const WEIGHTS_INTERVAL_MS = 100

/** Whether the neurons view can draw `spec` (and so whether snapshots are sent). */
export function smallEnoughForNeurons(spec: NetworkSpec): boolean {
  return spec.inputs <= WEIGHTS_MAX_UNITS && spec.layers.every((l) => l.units <= WEIGHTS_MAX_UNITS)
}

/** A copy of every layer's weights and biases as plain numbers. */
export function snapshotWeights(network: Network): WeightSnapshotDto {
  const layers: WeightSnapshotDto['layers'] = []
  for (let l = 0; l < network.dense.length; l++) {
    const d = network.dense[l]
    const b = network.biases(l)
    layers.push({ units: d.units, fanIn: d.fanIn, w: Array.from(network.weights(l)), b: b ? Array.from(b) : null })
  }
  return { layers }
}

/** Returns a frame decorator that adds `weights` to a frame at most every `intervalMs` (always when forced). */
export function weightSnapshots(network: Network, spec: NetworkSpec, intervalMs = WEIGHTS_INTERVAL_MS, now = () => performance.now()) {
  const enabled = smallEnoughForNeurons(spec)
  let last = -Infinity
  return (frame: ProgressFrame, force = false): ProgressFrame => {
    if (!enabled || (!force && now() - last < intervalMs)) return frame
    last = now()
    frame.weights = snapshotWeights(network)
    return frame
  }
}
