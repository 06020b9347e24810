/**
 * The network being edited: the spec is the source of truth, the canvas is derived from it (STYLE §25).
 * Starts on the built-in example: XOR with a 2-4-1 network, tanh hidden units, sigmoid output.
 */
import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import type { DataRef, NetworkSpec, TrainSettings } from '../../../shared/dto'

/** The example the app opens on. */
export function xorExample(): { data: DataRef; network: NetworkSpec; settings: TrainSettings } {
  return {
    data: { kind: 'builtin', name: 'xor' },
    network: {
      inputs: 2,
      layers: [
        { units: 4, activation: 'tanh', init: 'glorotUniform' },
        { units: 1, activation: 'sigmoid', init: 'glorotUniform' },
      ],
      loss: 'mse',
    },
    settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 1000, seed: 1, shuffle: false },
  }
}

/** Weights and biases of one dense layer: units·fanIn weights, units biases when the layer has bias. */
export function layerParameters(fanIn: number, units: number, bias = true): { weights: number; biases: number } {
  return { weights: fanIn * units, biases: bias ? units : 0 }
}

export const useNetworkStore = defineStore('network', () => {
  const example = xorExample()
  const data = ref<DataRef>(example.data)
  const network = ref<NetworkSpec>(example.network)
  const settings = ref<TrainSettings>(example.settings)

  /** Parameter totals of the whole network, with and without biases. */
  const totals = computed(() => {
    let fanIn = network.value.inputs
    let weights = 0
    let biases = 0
    for (const layer of network.value.layers) {
      const p = layerParameters(fanIn, layer.units, layer.bias !== false)
      weights += p.weights
      biases += p.biases
      fanIn = layer.units
    }
    return { weights, withBiases: weights + biases }
  })

  /** Changes some training settings; the rest stay as they are. */
  function setSettings(changes: Partial<TrainSettings>): void {
    settings.value = { ...settings.value, ...changes }
  }

  return { data, network, settings, totals, setSettings }
})
