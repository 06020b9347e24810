/**
 * ECharts options of the training charts (SPEC §7), built from plain inputs so they can be tested
 * without a canvas: loss / accuracy per epoch or per batch (EMA-smoothed, downsampled), the
 * per-layer gradient chart on a log axis, and the learning rate in use.
 */
import type { EChartsCoreOption } from '../echarts'
import type { EpochStats } from '../../../shared/dto'
import type { ChartControls } from './use-chart-controls'
import { bucketMean, emaSmooth, lttb, minMaxBuckets } from './use-series'

/** Pixel columns of a chart's plot area: the side panel is 460 px wide, the plot ≈ 350 px of it. */
export const PLOT_COLUMNS = 360
/**
 * Series are downsampled to what those pixels can show before drawing: epoch series to two points
 * per column (LTTB), the smoothed batch curve to one mean per column, the raw batch values to their
 * lowest and highest point per column. More points would cost drawing time and show nothing new.
 */
export const MAX_DRAWN_POINTS = 2 * PLOT_COLUMNS
/** Charts rebuild their option at most this often while a run streams frames (4 Hz). */
export const CHART_REFRESH_MS = 250

export const TRAIN_COLOUR = '#3b6fd8'
export const VALIDATION_COLOUR = '#e07b39'
/** Unsmoothed batch values: a pale shade of the training colour, so the smoothed curve reads on top. */
const RAW_COLOUR = '#c3d3f3'
const PAST_COLOURS = ['#9aa6bd', '#b7a3c9', '#a3c2b0', '#c9b59a']
/** Layer colours from the input side (light) to the output side (dark). */
const LAYER_COLOURS = ['#f2b134', '#e8743b', '#d4455c', '#a43f8f', '#6c3fa4', '#3b4fb8', '#1f7a8c', '#2e9e5b']

/** A series of an earlier run to overlay. */
export interface PastSeries {
  label: string
  epochs: EpochStats[]
}

export interface MetricChartInput {
  metric: 'loss' | 'accuracy'
  epochs: EpochStats[]
  /** Per-batch x (in epochs) and values. */
  batchX: number[]
  batchY: number[]
  past: PastSeries[]
  controls: ChartControls
  /** Smooths `batchY` (default `emaSmooth`); a chart passes its `incrementalEma()` to smooth only new points. */
  smooth?: (xs: ArrayLike<number>, ys: ArrayLike<number>, weight: number) => number[]
}

// Formatters live at module level: BaseChart sends a streaming chart only its new data while the rest
// of the option is unchanged, functions compared by identity (use-chart-updates.ts).
const fmt = (v: unknown) =>
  typeof v === 'number' ? (Math.abs(v) >= 1e-3 || v === 0 ? String(Number(v.toPrecision(4))) : v.toExponential(2)) : String(v)
const epochLabel = (v: number) => String(Number(v.toPrecision(3)))
const valueLabel = (v: number) => fmt(v)
/** Log-axis ticks are powers of ten: 0.1, 0.01, 0.001, then 1e-4, 1e-5 (not 1.00e-4). */
const logLabel = (v: number) => (Math.abs(v) >= 1e-3 || v === 0 ? String(Number(v.toPrecision(3))) : v.toExponential().replace(/\.?0*e/, 'e'))

function baseOption(yName: string, log: boolean): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 62, right: 16, top: 30, bottom: 52 },
    tooltip: { trigger: 'axis', valueFormatter: fmt },
    xAxis: { type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 22, min: 'dataMin', max: 'dataMax', axisLabel: { formatter: epochLabel, showMinLabel: false } },
    yAxis: { type: log ? 'log' : 'value', name: yName, nameLocation: 'middle', nameGap: 48, scale: true, axisLabel: { formatter: log ? logLabel : valueLabel } },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'slider', xAxisIndex: 0, height: 14, bottom: 4 }],
  }
}

/** Downsamples `[x, y]` pairs to `MAX_DRAWN_POINTS` with LTTB (a long run has one point per epoch). */
function thin(pairs: [number, number][]): [number, number][] {
  if (pairs.length <= MAX_DRAWN_POINTS) return pairs
  return lttb(pairs.map((p) => p[0]), pairs.map((p) => p[1]), MAX_DRAWN_POINTS)
}

/** `thin` on log10 values, so small values keep their shape on a log axis. */
function thinLog(pairs: [number, number][]): [number, number][] {
  if (pairs.length <= MAX_DRAWN_POINTS) return pairs
  return thin(pairs.map(([x, y]) => [x, Math.log10(y)])).map(([x, y]) => [x, Math.pow(10, y)])
}

/** Keeps pairs a log axis can draw (y > 0) when `log`. */
const drawable = (pairs: [number, number][], log: boolean) => (log ? pairs.filter(([, y]) => y > 0) : pairs)

/** Loss or accuracy of the current run, train and validation, per epoch or smoothed per batch, with earlier runs. */
export function metricChartOption(input: MetricChartInput): EChartsCoreOption {
  const { metric, epochs, controls } = input
  const log = metric === 'loss' && controls.logScale
  const trainKey = metric === 'loss' ? 'trainLoss' : 'trainAccuracy'
  const valKey = metric === 'loss' ? 'valLoss' : 'valAccuracy'
  const pairs = (list: EpochStats[], key: keyof EpochStats) =>
    drawable(thin(list.flatMap((e) => (typeof e[key] === 'number' ? [[e.epoch, e[key] as number] as [number, number]] : []))), log)
  const series: object[] = []
  if (controls.compare) {
    input.past.forEach((run, i) =>
      series.push({ name: run.label, type: 'line', showSymbol: false, data: pairs(run.epochs, trainKey), lineStyle: { width: 1 }, color: PAST_COLOURS[i % PAST_COLOURS.length], z: 1 }),
    )
  }
  if (controls.resolution === 'batch' && input.batchY.length > 0) {
    // Downsampled here, once per refresh, to what the pixels can show: the raw values as their
    // envelope (lowest and highest point per pixel column), the smoothed curve as bucket means.
    // ECharts then draws every point it gets, with no sampling of its own on each frame.
    const raw = drawable(minMaxBuckets(input.batchX, input.batchY, PLOT_COLUMNS), log)
    const smoothed = input.smooth ? input.smooth(input.batchX, input.batchY, controls.smoothing) : emaSmooth(input.batchY, controls.smoothing)
    const smooth = drawable(bucketMean(input.batchX, smoothed, PLOT_COLUMNS), log)
    series.push({ name: 'training (per batch)', type: 'line', showSymbol: false, data: raw, lineStyle: { width: 0.8 }, color: RAW_COLOUR, silent: true, z: 2 })
    series.push({ name: 'training (smoothed)', type: 'line', showSymbol: false, data: smooth, lineStyle: { width: 2 }, color: TRAIN_COLOUR, z: 3 })
  } else {
    series.push({ name: 'training', type: 'line', showSymbol: false, data: pairs(epochs, trainKey), lineStyle: { width: 2 }, color: TRAIN_COLOUR })
  }
  series.push({ name: 'validation', type: 'line', showSymbol: false, data: pairs(epochs, valKey), lineStyle: { width: 2, type: 'dashed' }, color: VALIDATION_COLOUR, z: 4 })
  return {
    ...baseOption(metric, log),
    legend: { top: 2, type: 'scroll', textStyle: { fontSize: 11 } },
    series,
  }
}

/** Mean |∂C/∂W| per weight layer and epoch on a log axis: vanishing gradients show as low early layers. */
export function gradientChartOption(epochs: EpochStats[]): EChartsCoreOption {
  const layers = epochs[0]?.gradMeanAbs.length ?? 0
  const series = Array.from({ length: layers }, (_, l) => ({
    name: `layer ${l + 1}`,
    type: 'line',
    showSymbol: false,
    color: LAYER_COLOURS[Math.round((l * (LAYER_COLOURS.length - 1)) / Math.max(1, layers - 1))],
    data: thinLog(epochs.flatMap((e) => (e.gradMeanAbs[l]! > 0 ? [[e.epoch, e.gradMeanAbs[l]!] as [number, number]] : []))),
  }))
  return { ...baseOption('mean |∂C/∂W|', true), legend: { top: 2, type: 'scroll', textStyle: { fontSize: 11 } }, series }
}

/** The learning rate in force per epoch (before per-layer scaling). */
export function learningRateOption(epochs: EpochStats[]): EChartsCoreOption {
  return {
    ...baseOption('η', false),
    grid: { left: 58, right: 16, top: 16, bottom: 30 },
    dataZoom: [{ type: 'inside', xAxisIndex: 0 }],
    series: [{ name: 'learning rate', type: 'line', step: 'end', showSymbol: false, color: '#2e9e5b', data: thin(epochs.map((e) => [e.epoch, e.learningRate] as [number, number])) }],
  }
}
