import type { EstimateReply, MachineInfo, ModelEstimate } from '../../../src/shared/dto'

/** A model estimate whose energy follows E = P·t at 10 W, 480 g/kWh. */
export function model(seconds: number, layers: number[], overhead = 0): ModelEstimate {
  const joules = 10 * seconds
  const kWh = joules / 3.6e6
  return {
    time: { seconds, perEpoch: seconds / 2, layers, overhead },
    energy: { seconds, joules, kWh, co2Grams: kWh * 480 },
    equivalents: [{ label: 'phone charges', value: kWh / 0.015, assumption: 'one full smartphone charge ≈ 15 Wh' }],
  }
}

/** The 784-128-10 estimate (hand counts of docs/estimator.md) with the given model times. */
export function reply(layerSeconds: number, flopSeconds: number | null): EstimateReply {
  const breakdown = (gemm: number, b: number, act: number, actB: number, dx: number) => ({
    gemmForward: gemm, biasForward: b, activationForward: act, activationBackward: actB, weightGradient: gemm, biasGradient: b, inputGradient: dx,
  })
  return {
    cost: {
      layers: [
        { index: 1, fanIn: 784, units: 128, activation: 'relu', weights: 100_352, biases: 128, flopsForward: 200_960, flopsBackward: 200_960, breakdown: breakdown(200_704, 128, 128, 128, 0) },
        { index: 2, fanIn: 128, units: 10, activation: 'softmax', weights: 1280, biases: 10, flopsForward: 2620, flopsBackward: 5130, breakdown: breakdown(2560, 10, 50, 0, 2560) },
      ],
      parameters: 101_770,
      parametersWithoutBias: 101_632,
      loss: { flopsForward: 70, flopsBackward: 20, fused: true },
      flopsForward: 203_650,
      flopsBackward: 206_110,
      flopsPerSample: 409_760,
    },
    training: { batchesPerEpoch: 600, passFlopsPerEpoch: 1, updateFlopsPerEpoch: 1, flopsPerEpoch: 2, totalFlops: 247_077_240_000 },
    layerModel: model(layerSeconds, [layerSeconds / 2, layerSeconds / 2]),
    flopModel: flopSeconds === null ? null : model(flopSeconds, [flopSeconds * 0.7, flopSeconds * 0.2], flopSeconds * 0.1),
    calibration: null,
    inputDensity: 1,
    correction: { factor: 1, reason: 'no run of this network in the calibration' },
  }
}

export const machineInfo: MachineInfo = {
  cpu: 'Test CPU',
  cores: 2,
  kernels: 'wasm',
  rapl: false,
  power: { watts: 32.5, source: 'tdp', assumption: 'RAPL counters are not readable here, so P = TDP × utilisation = 65 W × 1/2' },
  presets: [
    { id: 'laptop-cpu', label: 'Laptop CPU', watts: 30, range: [15, 45], pue: 1, note: '' },
    { id: 'a100', label: 'NVIDIA A100', watts: 400, range: [400, 400], pue: 1.58, note: '' },
  ],
  defaults: {
    tOp: 0.01,
    carbon: { value: 480, unit: 'g CO₂/kWh', source: 'Ember 2024' },
    localPue: { value: 1, unit: '', source: 'no data centre' },
    dataCentrePue: { value: 1.58, unit: '', source: 'Uptime Institute 2023' },
  },
  calibration: null,
}
