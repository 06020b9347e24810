import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { buildMnistDbn } from './graph-builder'
import { screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()

async function setNumber(page: Page, id: string, value: number): Promise<void> {
  await page.getByTestId(id).fill(String(value))
  await page.getByTestId(id).dispatchEvent('change')
}

describe('Deep Belief Net views', () => {
  it('builds a 784-64-32 DBN on MNIST in the editor and trains it layer by layer with filters', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('node-input').waitFor()
    await page.getByTestId('tab-dbn').click()
    await page.getByTestId('dbn-no-graph').waitFor()
    await screenshot(page, 'dbn-empty')
    await buildMnistDbn(page, '64, 32')

    await page.getByTestId('tab-dbn').click()
    await expect(page.getByTestId('dbn-stack').textContent()).resolves.toContain('784–64–32')
    await setNumber(page, 'dbn-rbmEpochs', 2)
    await setNumber(page, 'dbn-batchSize', 50)
    await page.getByTestId('dbn-train-button').click()
    await page.getByTestId('dbn-filters').waitFor({ timeout: 30_000 })
    await page.getByText(/finished in/).waitFor({ timeout: 60_000 })
    await page.getByTestId('dbn-filters-layer-2').click()
    await page.getByText(/of layer 2 \(32 of 32 units\)/).waitFor()
    await page.getByTestId('dbn-filters-layer-1').click()
    await page.getByText(/of layer 1 \(64 of 64 units\)/).waitFor()
    await screenshot(page, 'dbn-monitor')
    await page.getByTestId('dbn-filters').scrollIntoViewIfNeeded()
    await screenshot(page, 'dbn-filters')
    // the finished run is checked against its estimates in the Cost view's history
    await page.getByTestId('tab-cost').click()
    const history = page.getByTestId('cost-history')
    await history.waitFor({ timeout: 15_000 })
    await expect(history.textContent()).resolves.toContain('DBN run 1')
    await expect(history.locator('td[title*="DBN 784-64-32"]').count()).resolves.toBe(1)
    await history.scrollIntoViewIfNeeded()
    await screenshot(page, 'cost-dbn-history')
    await page.getByTestId('tab-dbn').click()
  })

  it('denoises salt-and-pepper digits better than the noisy input', async () => {
    const { page } = session.browser
    await page.getByTestId('dbn-tab-denoise').click()
    await page.getByTestId('dbn-denoise-run').click()
    const metrics = page.getByTestId('dbn-denoise-metrics')
    await metrics.waitFor({ timeout: 30_000 })
    const cells = await metrics.locator('tbody tr td:nth-child(2)').allTextContents()
    expect(Number(cells[1])).toBeLessThan(Number(cells[0]))
    await expect(page.locator('[data-testid=dbn-denoise] canvas').count()).resolves.toBe(24)
    await screenshot(page, 'dbn-denoise')
  })

  it('scores every digit, marks the 7s as anomalies and reads an AUC', async () => {
    const { page } = session.browser
    await page.getByTestId('dbn-tab-anomaly').click()
    await page.getByTestId('dbn-anomaly-run').click()
    await page.getByTestId('dbn-anomaly-positive').waitFor({ timeout: 30_000 })
    await page.getByTestId('dbn-anomaly-positive').selectOption('7')
    const auc = page.getByTestId('dbn-auc')
    await auc.waitFor({ timeout: 30_000 })
    const value = Number((await auc.textContent())!.replace('AUC', ''))
    expect(value).toBeGreaterThan(0)
    expect(value).toBeLessThanOrEqual(1)
    await expect(page.getByTestId('dbn-flagged').textContent()).resolves.toMatch(/of 10,000 rows flagged/)
    await page.getByTestId('dbn-confusion').waitFor()
    await screenshot(page, 'dbn-anomaly')
  })

  it('animates Gibbs chains from the trained stack', async () => {
    const { page } = session.browser
    await page.getByTestId('dbn-tab-generate').click()
    await page.getByTestId('dbn-sample-run').click()
    await page.getByTestId('dbn-samples').waitFor({ timeout: 30_000 })
    await expect.poll(async () => Number(await page.getByTestId('dbn-sample-step').textContent()), { timeout: 10_000 }).toBe(200)
    await screenshot(page, 'dbn-generate')
  })

  it('walks through "find the odd digit": the left-out 0s light up with an AUC well above chance', async () => {
    const { page } = session.browser
    await page.getByTestId('dbn-tab-train').click()
    await page.getByTestId('dbn-walkthrough').click()
    await page.getByTestId('dbn-walkthrough-note').waitFor()
    // The walkthrough scores every digit when its run ends; the earlier scores are cleared at its start.
    await page.getByTestId('dbn-tab-anomaly').click()
    const auc = page.getByTestId('dbn-auc')
    await auc.waitFor({ timeout: 80_000 })
    expect(Number((await auc.textContent())!.replace('AUC', ''))).toBeGreaterThan(0.75)
    await page.getByTestId('dbn-threshold-slider-mode').check()
    await screenshot(page, 'dbn-walkthrough')
    expect(session.browser.consoleErrors).toEqual([])
  }, 100_000)
})
