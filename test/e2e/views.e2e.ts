import { describe, expect, it } from 'vitest'
import type { Locator, Page } from 'playwright-core'
import { screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()

/** Pixels of a chart's first canvas that are neither transparent nor near-white. */
async function inkedPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
    let count = 0
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 250 || data[i + 2]! < 250)) count++
    return count
  })
}

/**
 * Pixels of clear colour (max − min channel > 60) inside a chart's plot area, that is without the
 * `top` and `bottom` CSS-pixel bands holding the legend and the zoom slider: the series lines, not
 * the grey axes and labels an empty chart draws too.
 */
async function seriesPixels(chart: Locator, top: number, bottom: number): Promise<number> {
  return chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement, [top, bottom]) => {
    const ratio = canvas.height / canvas.clientHeight
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
    let count = 0
    for (let y = Math.ceil(top * ratio); y < canvas.height - bottom * ratio; y++) {
      for (let x = 0; x < canvas.width; x++) {
        const i = (y * canvas.width + x) * 4
        const spread = Math.max(data[i]!, data[i + 1]!, data[i + 2]!) - Math.min(data[i]!, data[i + 1]!, data[i + 2]!)
        if (data[i + 3]! > 0 && spread > 60) count++
      }
    }
    return count
  }, [top, bottom])
}

/** Waits until `measure` reaches `min` (charts draw on the next animation frames) and returns its last value. */
async function waitForCount(page: Page, measure: () => Promise<number>, min: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const count = await measure()
    if (count >= min) return count
    await page.waitForTimeout(100)
  }
  return measure()
}

/** Waits until a chart has drawn at least `min` inked pixels (it draws on the next animation frames). */
const waitForInk = (chart: Locator, min: number) => waitForCount(chart.page(), () => inkedPixels(chart), min)

describe('training and evaluation views in the browser', () => {
  it('trains the two-spirals toy and draws its decision boundary live', async () => {
    const { page, consoleErrors } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('train').waitFor()
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=dataset-select] option').length > 5)
    await page.getByTestId('dataset-select').selectOption('spirals')
    await page.getByTestId('batch-mode').selectOption('mini')
    // Long enough that the run is still going when the first boundary is read, on a fast machine too; stopped below.
    await page.getByTestId('epochs-input').fill('1000000')
    await page.getByTestId('train').click()
    const boundary = page.getByTestId('decision-boundary')
    await boundary.waitFor({ timeout: 20_000 })
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=decision-boundary]')?.getAttribute('data-epoch')) > 0)
    const firstEpoch = Number(await boundary.getAttribute('data-epoch'))
    await boundary.scrollIntoViewIfNeeded()
    expect(await waitForInk(boundary, 20_000)).toBeGreaterThanOrEqual(20_000)
    await screenshot(page, 'spirals-boundary-live')
    // Live: the boundary is redrawn as the epochs go by.
    await page.waitForFunction((first) => Number(document.querySelector('[data-testid=decision-boundary]')?.getAttribute('data-epoch')) > first, firstEpoch)
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=decision-boundary]')?.getAttribute('data-epoch')) > 300)
    await page.getByTestId('stop').click()
    await page.getByTestId('accuracy').waitFor({ timeout: 60_000 })
    await boundary.scrollIntoViewIfNeeded()
    await screenshot(page, 'spirals-boundary-final')
    expect(consoleErrors).toEqual([])
  })

  it('shows the per-layer gradient chart and the per-batch smoothed curves', async () => {
    const { page, consoleErrors } = session.browser
    await expect(page.getByTestId('gradient-chart').getAttribute('data-layers')).resolves.toBe('2')
    await page.getByTestId('per-batch').click()
    await page.getByTestId('loss-chart').scrollIntoViewIfNeeded()
    expect(await waitForInk(page.getByTestId('loss-chart'), 500)).toBeGreaterThanOrEqual(500)
    await screenshot(page, 'spirals-per-batch')
    expect(consoleErrors).toEqual([])
  })

  it('draws the per-layer gradients and the learning rate of the run', async () => {
    const { page, consoleErrors } = session.browser
    const gradients = page.getByTestId('gradient-chart')
    const rate = page.getByTestId('lr-chart')
    await rate.scrollIntoViewIfNeeded()
    // Plot areas only (grid top/bottom of use-training-charts.ts): two layer lines ≈ 2 × 300 px, one rate line ≈ 300 px.
    expect(await waitForCount(page, () => seriesPixels(gradients, 30, 52), 300)).toBeGreaterThanOrEqual(300)
    expect(await waitForCount(page, () => seriesPixels(rate, 16, 30), 200)).toBeGreaterThanOrEqual(200)
    await screenshot(page, 'spirals-gradients')
    expect(consoleErrors).toEqual([])
  })

  it('opens the confusion matrix and lists the samples of an off-diagonal cell', async () => {
    const { page, consoleErrors } = session.browser
    await page.getByTestId('tab-results').click()
    await page.getByTestId('confusion-matrix').waitFor()
    const counts = await Promise.all(['cm-cell-0-1', 'cm-cell-1-0'].map(async (id) => Number(await page.getByTestId(id).textContent())))
    const cell = counts[0]! >= counts[1]! ? 'cm-cell-0-1' : 'cm-cell-1-0'
    expect(Math.max(...counts)).toBeGreaterThan(0)
    await page.getByTestId(cell).click()
    await page.getByTestId('sample-row').first().waitFor()
    const rows = await page.getByTestId('sample-row').count()
    expect(rows).toBe(Math.min(200, Math.max(...counts)))
    await expect(page.getByTestId('cell-samples-count').textContent()).resolves.toContain(`${Math.max(...counts)} sample`)
    await expect(page.getByTestId('metric-oa').textContent()).resolves.toMatch(/^\d+\.\d%$/)
    await screenshot(page, 'spirals-confusion')
    await page.getByTestId('mode-rows').click()
    await expect(page.getByTestId('cm-cell-0-0').textContent()).resolves.toMatch(/%$/)
    expect(consoleErrors).toEqual([])
  })
})
