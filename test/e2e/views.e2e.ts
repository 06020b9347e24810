import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Locator } from 'playwright-core'
import { openBrowser, screenshot, startApp, type App, type Browser } from './helpers'

let app: App
let browser: Browser

beforeAll(async () => {
  app = await startApp()
  browser = await openBrowser()
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/** Pixels of a chart's first canvas that are neither transparent nor near-white. */
async function inkedPixels(chart: Locator): Promise<number> {
  return chart.locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height)
    let count = 0
    for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 250 || data[i + 2]! < 250)) count++
    return count
  })
}

/** Waits until a chart has drawn at least `min` inked pixels (it draws on the next animation frames). */
async function waitForInk(chart: Locator, min: number): Promise<number> {
  for (let tries = 0; tries < 50; tries++) {
    const count = await inkedPixels(chart)
    if (count >= min) return count
    await chart.page().waitForTimeout(100)
  }
  return inkedPixels(chart)
}

describe('training and evaluation views in the browser', () => {
  it('trains the two-spirals toy and draws its decision boundary live', async () => {
    const { page } = browser
    await page.goto(app.url)
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
    expect(browser.consoleErrors).toEqual([])
  })

  it('shows the per-layer gradient chart and the per-batch smoothed curves', async () => {
    const { page } = browser
    await expect(page.getByTestId('gradient-chart').getAttribute('data-layers')).resolves.toBe('2')
    await page.getByTestId('per-batch').click()
    await page.getByTestId('loss-chart').scrollIntoViewIfNeeded()
    expect(await waitForInk(page.getByTestId('loss-chart'), 500)).toBeGreaterThanOrEqual(500)
    await screenshot(page, 'spirals-per-batch')
    expect(browser.consoleErrors).toEqual([])
  })

  it('opens the confusion matrix and lists the samples of an off-diagonal cell', async () => {
    const { page } = browser
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
    expect(browser.consoleErrors).toEqual([])
  })
})
