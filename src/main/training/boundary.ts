/**
 * The decision boundary of a 2-input classifier (SPEC §7): the network's class and confidence on a
 * grid over the data range, mapped back to the data's own units so the axes read like the data set.
 */
import { classOf, type Network } from '../../engine'
import type { Dataset } from '../../engine/types'
import type { BoundaryPointsDto, DecisionBoundaryDto } from '../../shared/dto'

/** How encoded inputs map back to data units: `raw = encoded·scale + offset`. */
export interface InputUnits {
  offset: number[]
  scale: number[]
  names: string[]
}

/** A grid of encoded inputs `[size²×2]`, row-major from the lowest y, and its range in encoded units. */
export interface BoundaryGrid {
  size: number
  /** Encoded range per input: [min, max]. */
  range: [[number, number], [number, number]]
  x: Float32Array
}

/** Grid cells per side. */
export const BOUNDARY_SIZE = 64
/** At most this many points per split are drawn. */
const MAX_POINTS = 2000
/** The range is the data's bounding box widened by this fraction on each side. */
const MARGIN = 0.1

/** The grid over the bounding box of every given data set (encoded units), widened by 10 % each side. */
export function boundaryGrid(datasets: Dataset[], size = BOUNDARY_SIZE): BoundaryGrid {
  const lo = [Infinity, Infinity]
  const hi = [-Infinity, -Infinity]
  for (const d of datasets) {
    for (let r = 0; r < d.rows; r++) {
      for (let k = 0; k < 2; k++) {
        const v = d.x[r * d.inputs + k]
        if (v < lo[k]) lo[k] = v
        if (v > hi[k]) hi[k] = v
      }
    }
  }
  const range = [0, 1].map((k) => {
    if (!Number.isFinite(lo[k]) || !Number.isFinite(hi[k])) return [-1, 1] as [number, number]
    const pad = Math.max(hi[k] - lo[k], 1e-6) * MARGIN
    return [lo[k] - pad, hi[k] + pad] as [number, number]
  }) as BoundaryGrid['range']
  const x = new Float32Array(size * size * 2)
  for (let j = 0; j < size; j++) {
    for (let i = 0; i < size; i++) {
      const c = (j * size + i) * 2
      x[c] = range[0][0] + ((i + 0.5) * (range[0][1] - range[0][0])) / size
      x[c + 1] = range[1][0] + ((j + 0.5) * (range[1][1] - range[1][0])) / size
    }
  }
  return { size, range, x }
}

/** Encoded value → data units. */
const toUnits = (units: InputUnits, k: number, v: number): number => v * (units.scale[k] ?? 1) + (units.offset[k] ?? 0)

/**
 * Class and confidence of the network on every grid cell. One output: class 1 when y ≥ 0.5, confidence
 * max(y, 1 − y); several outputs: the arg max and its output (a probability under softmax), clamped to [0, 1].
 */
export function decisionBoundary(network: Network, grid: BoundaryGrid, units: InputUnits, epoch: number): DecisionBoundaryDto {
  const cells = grid.size * grid.size
  const y = network.predict(grid.x, cells)
  const outputs = network.outputs
  const predicted = new Array<number>(cells)
  const confidence = new Array<number>(cells)
  for (let c = 0; c < cells; c++) {
    const cls = classOf(y, c * outputs, outputs)
    const p = outputs === 1 ? (cls === 1 ? y[c] : 1 - y[c]) : y[c * outputs + cls]
    predicted[c] = cls
    confidence[c] = Math.round(Math.min(1, Math.max(0, p)) * 1000) / 1000
  }
  const axis = (k: number): [number, number] => [toUnits(units, k, grid.range[k][0]), toUnits(units, k, grid.range[k][1])]
  return {
    size: grid.size,
    x: axis(0),
    y: axis(1),
    names: [units.names[0] ?? 'x1', units.names[1] ?? 'x2'],
    predicted,
    confidence,
    epoch,
  }
}

/** The points of a split in data units with their actual class, thinned to at most 2,000. */
function splitPoints(data: Dataset | null, units: InputUnits): [number, number, number][] {
  if (!data || data.rows === 0) return []
  const stride = Math.ceil(data.rows / MAX_POINTS)
  const points: [number, number, number][] = []
  for (let r = 0; r < data.rows; r += stride) {
    const cls = data.labels ? data.labels[r] : classOf(data.y, r * data.outputs, data.outputs)
    points.push([toUnits(units, 0, data.x[r * data.inputs]), toUnits(units, 1, data.x[r * data.inputs + 1]), cls])
  }
  return points
}

/** Training and test points for drawing under the boundary. */
export function boundaryPoints(train: Dataset, test: Dataset | null, units: InputUnits, labels: string[] | null): BoundaryPointsDto {
  return { train: splitPoints(train, units), test: test === train ? [] : splitPoints(test, units), labels }
}
