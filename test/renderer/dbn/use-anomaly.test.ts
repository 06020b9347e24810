import { describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { confusionAt, histogramGroups, scoredCsv, useAnomaly } from '../../../src/renderer/src/components/dbn/use-anomaly'
import type { DbnAnomalyReply } from '../../../src/shared/dbn-uses'

function reply(): DbnAnomalyReply {
  return {
    rows: 4,
    score: 'recon',
    scores: [0.1, 0.4, 0.3, 0.2],
    sourceRows: [1, 2, 3, 4],
    classes: ['a', 'b', 'a', 'x,y'],
    anomaly: [0, 1, 0, 1],
    referencePercentiles: Array.from({ length: 101 }, (_, p) => p / 100),
    referenceRows: 4,
    roc: { fpr: [0, 1], tpr: [0, 1] },
    auc: 0.75,
    top: [],
    image: null,
  }
}

describe('confusionAt', () => {
  it('counts flagged (score ≥ threshold) rows against the labels', () => {
    expect(confusionAt([0.1, 0.4, 0.3, 0.2], [0, 1, 0, 1], 0.3)).toEqual({ tp: 1, fp: 1, tn: 1, fn: 1 })
  })
})

describe('scoredCsv', () => {
  it('writes row, score, flagged, label and anomaly columns, quoting a label with a comma', () => {
    const lines = scoredCsv(reply(), 0.3).trim().split('\n')
    expect(lines[0]).toBe('row,score,flagged,label,anomaly')
    expect(lines[2]).toBe('2,0.4,1,b,1')
    expect(lines[4]).toBe('4,0.2,0,"x,y",1')
  })
})

describe('useAnomaly', () => {
  it('reads the threshold off the reference percentiles', () => {
    const a = useAnomaly(ref(reply()), ref('b'))
    a.pct.value = 25
    expect(a.threshold.value).toBe(0.25)
    expect(a.flagged.value).toBe(2)
  })

  it('takes the slider value as the threshold, starting from the percentile threshold', () => {
    const a = useAnomaly(ref(reply()), ref(null))
    a.pct.value = 35
    a.setMode('value')
    expect(a.value.value).toBe(0.35)
    a.value.value = 0.15
    expect(a.flagged.value).toBe(3)
  })

  it('places the threshold on the ROC curve from the confusion counts', () => {
    const a = useAnomaly(ref(reply()), ref(null))
    a.setMode('value')
    a.value.value = 0.4
    // flagged: row 2 only → TP 1 of 2 anomalies, FP 0 of 2 normals
    expect(a.rocPoint.value).toEqual({ fpr: 0, tpr: 0.5 })
  })

  it('names the histogram groups after the anomaly label', () => {
    const a = useAnomaly(ref(reply()), ref('b'))
    expect(a.groupNames.value).toEqual(['normal', 'anomaly (label b)'])
  })
})

describe('histogramGroups', () => {
  it('splits by class when no label marks anomalies', () => {
    const r = { ...reply(), anomaly: null, classes: ['10', '9', '10', '9'] }
    expect(histogramGroups(r, null)).toEqual({ groups: [1, 0, 1, 0], names: ['9', '10'] })
  })

  it('keeps all rows together without a label column', () => {
    const r = { ...reply(), anomaly: null, classes: null }
    expect(histogramGroups(r, null)).toEqual({ groups: [0, 0, 0, 0], names: ['all rows'] })
  })
})
