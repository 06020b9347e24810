/** The key of the shapes a calibration was measured on: widths, activations, loss, optimizer. */
import type { NetworkSpec, OptimizerName } from '../../engine/types'

export function shapesKey(network: NetworkSpec, optimizer: OptimizerName = 'sgd'): string {
  const widths = [network.inputs, ...network.layers.map((l) => l.units)].join('-')
  return `${widths} ${network.layers.map((l) => l.activation).join(',')} ${network.loss} ${optimizer}`
}
