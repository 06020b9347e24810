/**
 * How BaseChart tells a data-only update (a run streaming: same series, same axes, new points)
 * from a change of the chart itself (another metric, log axis, an earlier run overlaid), so that a
 * streaming chart hands ECharts only its series data instead of a whole option to merge.
 */
import type { EChartsCoreOption } from '../echarts'

type SeriesItem = { name?: string; type?: string; data?: unknown }

const seriesOf = (option: EChartsCoreOption): SeriesItem[] => {
  const series = option.series
  if (series === undefined || series === null) return []
  return (Array.isArray(series) ? series : [series]) as SeriesItem[]
}

/** The chart's series by type and name: when it changes, the series are replaced instead of merged. */
export function seriesKeyOf(option: EChartsCoreOption): string {
  return seriesOf(option)
    .map((s) => `${s.type}:${s.name}`)
    .join('|')
}

const isPlain = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && (Object.getPrototypeOf(v) === Object.prototype || Array.isArray(v))

/** Structural equality of plain objects and arrays; anything else (functions, canvases) must be the same object. */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (!isPlain(a) || !isPlain(b) || Array.isArray(a) !== Array.isArray(b)) return false
  const keys = Object.keys(a)
  if (keys.length !== Object.keys(b).length) return false
  return keys.every((k) => k in b && same(a[k], b[k]))
}

/**
 * True when two options differ at most in their series data. Functions are compared by identity: a
 * new closure may draw differently (the decision boundary's `renderItem` holds its image), so an
 * option that wants data-only updates keeps its formatters at module level.
 */
export function sameExceptData(a: EChartsCoreOption, b: EChartsCoreOption): boolean {
  const { series: seriesA, ...restA } = a
  const { series: seriesB, ...restB } = b
  const listA = seriesOf({ series: seriesA })
  const listB = seriesOf({ series: seriesB })
  if (!same(restA, restB) || listA.length !== listB.length) return false
  return listA.every((s, i) => {
    const { data: _a, ...itemA } = s
    const { data: _b, ...itemB } = listB[i]!
    return same(itemA, itemB)
  })
}

/** Just the series data, in series order: what a data-only update sends. */
export function seriesDataOf(option: EChartsCoreOption): { data: unknown }[] {
  return seriesOf(option).map((s) => ({ data: s.data }))
}
