/**
 * ECharts options of the DBN views, as plain functions of the data so they are tested without a chart:
 * the RBM monitor (reconstruction error, pseudo-log-likelihood, free energy of training vs validation
 * rows, per layer and epoch), histograms, the anomaly score histogram with its threshold, and the ROC curve.
 */
import type { EChartsCoreOption } from '../../echarts'
import type { DbnHistogramDto, DbnPretrainEpochDto } from '../../../../shared/dbn'

const BLUE = '#3b6fd8'
const ORANGE = '#e07b39'
const GREEN = '#2e9b6a'
const PURPLE = '#8a5cc2'
const RED = '#c0392b'

/**
 * Whether the free-energy gap (validation − training) of the last layer trained has widened: the last gap
 * is above both a tenth of |F_train| and 1.5 times the smallest gap of that layer (SPEC §4: overfitting).
 */
export function overfitting(epochs: DbnPretrainEpochDto[]): boolean {
  const last = epochs[epochs.length - 1]
  if (!last || last.freeEnergyVal === null) return false
  const gaps = epochs.filter((e) => e.layer === last.layer && e.freeEnergyVal !== null).map((e) => e.freeEnergyVal! - e.freeEnergyTrain)
  if (gaps.length < 3) return false
  const gap = gaps[gaps.length - 1]!
  const smallest = Math.min(...gaps.slice(0, -1))
  return gap > 0.1 * Math.abs(last.freeEnergyTrain) && gap > 1.5 * Math.max(smallest, 1e-9)
}

/** Label of one RBM epoch on the shared x axis: layer and epoch. */
export const epochLabel = (e: Pick<DbnPretrainEpochDto, 'layer' | 'epoch'>): string => `L${e.layer}·${e.epoch}`

/** The monitor: reconstruction error on the left axis, free energies and pseudo-log-likelihood on the right. */
export function monitorOption(epochs: DbnPretrainEpochDto[]): EChartsCoreOption {
  const overfit = overfitting(epochs)
  return {
    animation: false,
    title: overfit ? { text: 'widening free-energy gap: overfitting', right: 8, top: 0, textStyle: { fontSize: 11, color: RED } } : undefined,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 10 }, itemWidth: 14 },
    grid: { left: 48, right: 52, top: 22, bottom: 62 },
    xAxis: { type: 'category', data: epochs.map(epochLabel), axisLabel: { fontSize: 10 } },
    yAxis: [
      { type: 'value', name: 'recon. error', nameTextStyle: { fontSize: 10 }, scale: true, axisLabel: { fontSize: 10 } },
      { type: 'value', name: 'energy / PLL', nameTextStyle: { fontSize: 10 }, scale: true, axisLabel: { fontSize: 10 }, splitLine: { show: false } },
    ],
    // One series per metric and layer under the same legend name, so a line never joins two layers.
    series: [...new Set(epochs.map((e) => e.layer))].flatMap((layer) => {
      const at = (value: (e: DbnPretrainEpochDto) => number | null) => epochs.map((e) => (e.layer === layer ? value(e) : null))
      const symbol = epochs.length < 40
      return [
        { name: 'reconstruction error', type: 'line', yAxisIndex: 0, data: at((e) => e.reconstructionError), color: BLUE, showSymbol: symbol },
        { name: 'pseudo-log-likelihood', type: 'line', yAxisIndex: 1, data: at((e) => e.pseudoLogLikelihood), color: PURPLE, showSymbol: false },
        { name: 'free energy (train)', type: 'line', yAxisIndex: 1, data: at((e) => e.freeEnergyTrain), color: GREEN, showSymbol: false },
        { name: 'free energy (validation)', type: 'line', yAxisIndex: 1, data: at((e) => e.freeEnergyVal), color: overfit ? RED : ORANGE, showSymbol: false, lineStyle: { type: 'dashed' } },
      ]
    }),
  }
}

/** Bin centres of a histogram. */
export function binCentres(h: DbnHistogramDto): number[] {
  const width = h.counts.length ? (h.max - h.min) / h.counts.length : 0
  return h.counts.map((_, i) => h.min + (i + 0.5) * width)
}

/** A small histogram (weights or hidden activations). */
export function histogramOption(h: DbnHistogramDto, name: string, color = BLUE): EChartsCoreOption {
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 8, top: 18, bottom: 22 },
    title: { text: name, left: 'center', top: 0, textStyle: { fontSize: 11, fontWeight: 'normal' } },
    xAxis: { type: 'category', data: binCentres(h).map((c) => c.toPrecision(2)), axisLabel: { fontSize: 9 } },
    yAxis: { type: 'value', axisLabel: { fontSize: 9 } },
    series: [{ name, type: 'bar', data: h.counts, color, barCategoryGap: '5%' }],
  }
}

/** Score histogram: `bins` equal bins over the scores' range, one count per group, and the bin of `threshold`. */
export function scoreBins(scores: number[], groups: (number | null)[], bins: number, threshold: number): { edges: number[]; counts: number[][]; thresholdBin: number } {
  let min = Infinity
  let max = -Infinity
  for (const s of scores) {
    min = Math.min(min, s)
    max = Math.max(max, s)
  }
  const width = max > min ? (max - min) / bins : 1
  const groupCount = Math.max(1, ...groups.map((g) => (g ?? 0) + 1))
  const counts = Array.from({ length: groupCount }, () => new Array<number>(bins).fill(0))
  const binOf = (v: number) => Math.min(bins - 1, Math.max(0, Math.floor((v - min) / width)))
  scores.forEach((s, i) => counts[groups[i] ?? 0]![binOf(s)]!++)
  return { edges: Array.from({ length: bins + 1 }, (_, i) => min + i * width), counts, thresholdBin: binOf(threshold) }
}

/** The anomaly score histogram, split by group (e.g. normal / anomaly), with bins at or above the threshold marked. */
export function scoreHistogramOption(scores: number[], groups: (number | null)[], names: string[], threshold: number, bins = 40): EChartsCoreOption {
  const h = scoreBins(scores, groups, bins, threshold)
  const colors = [BLUE, RED, GREEN, ORANGE, PURPLE, '#1b9aaa', '#b8860b', '#d45087', '#5a6b7d', '#7cb342']
  return {
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { bottom: 0, textStyle: { fontSize: 10 } },
    grid: { left: 44, right: 10, top: 24, bottom: 44 },
    title: { text: `threshold ${threshold.toPrecision(4)} (bins from ▮ are flagged)`, left: 'center', top: 0, textStyle: { fontSize: 11, fontWeight: 'normal' } },
    xAxis: {
      type: 'category',
      data: h.edges.slice(0, -1).map((e, i) => `${i === h.thresholdBin ? '▮ ' : ''}${e.toPrecision(3)}`),
      axisLabel: { fontSize: 9 },
    },
    yAxis: { type: 'value', axisLabel: { fontSize: 9 } },
    series: h.counts.map((counts, g) => ({
      name: names[g] ?? `group ${g}`,
      type: 'bar',
      stack: 'scores',
      color: colors[g % colors.length],
      data: counts.map((c, i) => ({ value: c, itemStyle: { opacity: i >= h.thresholdBin ? 1 : 0.45 } })),
      barCategoryGap: '5%',
    })),
  }
}

/** The ROC curve with the chance diagonal and the point of the current threshold. */
export function rocOption(fpr: number[], tpr: number[], auc: number, at: { fpr: number; tpr: number } | null): EChartsCoreOption {
  return {
    animation: false,
    tooltip: { trigger: 'item' },
    grid: { left: 40, right: 12, top: 24, bottom: 32 },
    title: { text: `ROC, AUC ${auc.toFixed(3)}`, left: 'center', top: 0, textStyle: { fontSize: 11, fontWeight: 'normal' } },
    xAxis: { type: 'value', min: 0, max: 1, name: 'false positive rate', nameLocation: 'middle', nameGap: 20, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 9 } },
    yAxis: { type: 'value', min: 0, max: 1, name: 'true positive rate', nameLocation: 'middle', nameGap: 26, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 9 } },
    series: [
      { name: 'ROC', type: 'line', data: fpr.map((f, i) => [f, tpr[i]]), color: BLUE, showSymbol: false },
      { name: 'chance', type: 'line', data: [[0, 0], [1, 1]], color: '#aab', showSymbol: false, lineStyle: { type: 'dashed' } },
      { name: 'threshold', type: 'scatter', data: at ? [[at.fpr, at.tpr]] : [], color: RED, symbolSize: 9 },
    ],
  }
}
