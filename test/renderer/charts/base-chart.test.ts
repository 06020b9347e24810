// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount } from '@vue/test-utils'
import { nextTick } from 'vue'
import type { EChartsCoreOption } from '../../../src/renderer/src/echarts'

/** The ECharts instances BaseChart created, each recording its setOption calls. */
const charts: { setOption: ReturnType<typeof vi.fn> }[] = []
vi.mock('../../../src/renderer/src/echarts', () => ({
  init: () => {
    const chart = { setOption: vi.fn(), resize: vi.fn(), dispose: vi.fn() }
    charts.push(chart)
    return chart
  },
}))

/** An IntersectionObserver the test drives: `scroll(false)` takes every chart out of view. */
const observers: ((entries: { isIntersecting: boolean }[]) => void)[] = []
class FakeIntersectionObserver {
  constructor(callback: (entries: { isIntersecting: boolean }[]) => void) {
    observers.push(callback)
  }
  observe(): void {}
  disconnect(): void {}
}
const scroll = (inView: boolean) => observers.forEach((notify) => notify([{ isIntersecting: inView }]))

const BaseChart = (await import('../../../src/renderer/src/components/BaseChart.vue')).default

const lineOption = (names: string[], data: number[][], yType = 'value') => ({
  yAxis: { type: yType },
  series: names.map((name, i) => ({ name, type: 'line', data: data[i] })),
})

async function mountChart(option: EChartsCoreOption) {
  const wrapper = mount(BaseChart, { props: { option, label: 'chart' } })
  await nextTick()
  return { wrapper, chart: charts.at(-1)! }
}

describe('BaseChart', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    vi.stubGlobal('IntersectionObserver', FakeIntersectionObserver)
    charts.length = 0
    observers.length = 0
  })
  afterEach(() => {
    vi.useRealTimers()
    vi.unstubAllGlobals()
  })

  it('draws the first option whole on mount', async () => {
    const option = lineOption(['a'], [[1]])
    const { chart } = await mountChart(option)
    expect(chart.setOption).toHaveBeenCalledWith(option)
  })

  it('sends only the series data while the series and axes stay the same', async () => {
    const { wrapper, chart } = await mountChart(lineOption(['a', 'b'], [[1], [2]]))
    await wrapper.setProps({ option: lineOption(['a', 'b'], [[1, 3], [2, 4]]) })
    vi.advanceTimersToNextFrame()
    expect(chart.setOption).toHaveBeenLastCalledWith({ series: [{ data: [1, 3] }, { data: [2, 4] }] })
  })

  it('merges the whole option when an axis changes', async () => {
    const { wrapper, chart } = await mountChart(lineOption(['a'], [[1]]))
    const log = lineOption(['a'], [[1]], 'log')
    await wrapper.setProps({ option: log })
    vi.advanceTimersToNextFrame()
    expect(chart.setOption).toHaveBeenLastCalledWith(log, {})
  })

  it('merges the whole option when a series brings a new function (its closure may draw differently)', async () => {
    const custom = (tag: number) => ({ series: [{ name: 'image', type: 'custom', renderItem: () => tag, data: [[0, 0]] }] })
    const { wrapper, chart } = await mountChart(custom(1))
    const next = custom(2)
    await wrapper.setProps({ option: next })
    vi.advanceTimersToNextFrame()
    expect(chart.setOption).toHaveBeenLastCalledWith(next, {})
  })

  it('replaces the series when their names change, so no stale series stays', async () => {
    const { wrapper, chart } = await mountChart(lineOption(['a', 'b'], [[1], [2]]))
    const next = lineOption(['a'], [[1]])
    await wrapper.setProps({ option: next })
    vi.advanceTimersToNextFrame()
    expect(chart.setOption).toHaveBeenLastCalledWith(next, { replaceMerge: ['series'] })
  })

  it('holds updates back out of view and draws only the latest one when back in view', async () => {
    const { wrapper, chart } = await mountChart(lineOption(['a'], [[1]]))
    scroll(false)
    await wrapper.setProps({ option: lineOption(['a'], [[1, 2]]) })
    await wrapper.setProps({ option: lineOption(['a'], [[1, 2, 3]]) })
    vi.advanceTimersToNextFrame()
    expect(chart.setOption).toHaveBeenCalledTimes(1)
    scroll(true)
    vi.advanceTimersToNextFrame()
    expect(chart.setOption).toHaveBeenCalledTimes(2)
    expect(chart.setOption).toHaveBeenLastCalledWith({ series: [{ data: [1, 2, 3] }] })
  })

  it('tells its owner when it leaves and re-enters the view', async () => {
    const { wrapper } = await mountChart(lineOption(['a'], [[1]]))
    scroll(false)
    scroll(false)
    scroll(true)
    expect(wrapper.emitted('visible')).toEqual([[false], [true]])
  })

  it('reports its first visibility even when in view, for an owner that saw an earlier chart leave', async () => {
    const { wrapper } = await mountChart(lineOption(['a'], [[1]]))
    scroll(true)
    scroll(true)
    expect(wrapper.emitted('visible')).toEqual([[true]])
  })

  it('draws one chart per animation frame when several update together', async () => {
    const first = await mountChart(lineOption(['a'], [[1]]))
    const second = await mountChart(lineOption(['a'], [[1]]))
    await first.wrapper.setProps({ option: lineOption(['a'], [[1, 2]]) })
    await second.wrapper.setProps({ option: lineOption(['a'], [[1, 2]]) })
    vi.advanceTimersToNextFrame()
    expect([first.chart.setOption.mock.calls.length, second.chart.setOption.mock.calls.length]).toEqual([2, 1])
    vi.advanceTimersToNextFrame()
    expect(second.chart.setOption).toHaveBeenCalledTimes(2)
  })
})
