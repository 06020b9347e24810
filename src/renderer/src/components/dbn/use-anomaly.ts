/**
 * The anomaly view's arithmetic on a scored reply (no engine code: counting only): the threshold from a
 * percentile of the reference rows' scores or a slider value, the flagged count, the confusion matrix and
 * ROC point at the threshold, the groups of the histogram, and the scored rows as CSV.
 */
import { computed, ref, type Ref } from 'vue'
import type { DbnAnomalyReply } from '../../../../shared/dbn-uses'

export interface Confusion {
  tp: number
  fp: number
  tn: number
  fn: number
}

/** Rows with score ≥ threshold are flagged; counts against the 0/1 anomaly labels. */
export function confusionAt(scores: number[], anomaly: number[], threshold: number): Confusion {
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 }
  scores.forEach((s, i) => {
    const flagged = s >= threshold
    if (anomaly[i] === 1 && flagged) c.tp++
    else if (anomaly[i] === 1) c.fn++
    else if (flagged) c.fp++
    else c.tn++
  })
  return c
}

/** Row, score, flagged and (when known) label and anomaly columns, one line per scored row. */
export function scoredCsv(reply: DbnAnomalyReply, threshold: number): string {
  const header = ['row', 'score', 'flagged', ...(reply.classes ? ['label'] : []), ...(reply.anomaly ? ['anomaly'] : [])]
  const lines = [header.join(',')]
  reply.scores.forEach((s, i) => {
    const cells = [String(reply.sourceRows[i]), String(s), s >= threshold ? '1' : '0']
    if (reply.classes) cells.push(csvField(reply.classes[i] ?? ''))
    if (reply.anomaly) cells.push(String(reply.anomaly[i]))
    lines.push(cells.join(','))
  })
  return lines.join('\n') + '\n'
}

const csvField = (text: string): string => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text)

/** At most this many classes get their own colour in the score histogram. */
const MAX_CLASS_GROUPS = 10

/**
 * Groups of the score histogram: normal / anomaly when a label marks anomalies, else one group per class
 * of the label column (up to 10 classes), else all rows together.
 */
export function histogramGroups(reply: DbnAnomalyReply | null, positive: string | null): { groups: number[]; names: string[] } {
  if (!reply) return { groups: [], names: [] }
  if (reply.anomaly) return { groups: reply.anomaly, names: ['normal', `anomaly${positive ? ` (label ${positive})` : ''}`] }
  const classes = reply.classes ? [...new Set(reply.classes)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) : []
  if (reply.classes && classes.length <= MAX_CLASS_GROUPS) {
    const index = new Map(classes.map((c, i) => [c, i]))
    return { groups: reply.classes.map((c) => index.get(c)!), names: classes }
  }
  return { groups: reply.scores.map(() => 0), names: ['all rows'] }
}

/** Threshold state and everything derived from it. */
export function useAnomaly(reply: Ref<DbnAnomalyReply | null>, positive: Ref<string | null>) {
  const mode = ref<'percentile' | 'value'>('percentile')
  const pct = ref(95)
  const value = ref(0)
  const range = computed(() => {
    const s = reply.value?.scores ?? []
    return s.length ? { min: Math.min(...s), max: Math.max(...s) } : { min: 0, max: 1 }
  })
  const threshold = computed(() => {
    if (!reply.value) return 0
    return mode.value === 'percentile' ? reply.value.referencePercentiles[Math.round(pct.value)]! : value.value
  })
  const flagged = computed(() => reply.value?.scores.filter((s) => s >= threshold.value).length ?? 0)
  const confusion = computed(() => (reply.value?.anomaly ? confusionAt(reply.value.scores, reply.value.anomaly, threshold.value) : null))
  const rocPoint = computed(() => {
    const c = confusion.value
    if (!c || c.tp + c.fn === 0 || c.fp + c.tn === 0) return null
    return { fpr: c.fp / (c.fp + c.tn), tpr: c.tp / (c.tp + c.fn) }
  })
  const split = computed(() => histogramGroups(reply.value, positive.value))
  const groups = computed(() => split.value.groups)
  const groupNames = computed(() => split.value.names)
  /** Switching to the slider starts it at the current threshold. */
  function setMode(next: 'percentile' | 'value'): void {
    if (next === 'value') value.value = threshold.value
    mode.value = next
  }
  return { mode, pct, value, range, threshold, flagged, confusion, rocPoint, groups, groupNames, setMode }
}
