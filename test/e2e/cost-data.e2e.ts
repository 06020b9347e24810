/**
 * The Cost tab's ρ and N come from the bound data set's prepared training split (issue 8): the
 * backend prepares it as training would and the panel says so.
 */
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot, useAppInBrowser } from './helpers'

// the web host inherits this: its calibration goes to a cache of its own, not the machine's
process.env.LAYERWISE_ESTIMATOR_CACHE = mkdtempSync(join(tmpdir(), 'cost-data-e2e-'))
const session = useAppInBrowser()

/** Binds a built-in data set in the Data tab (which fits the network to it), then opens the Cost tab and waits for ρ's source. */
async function costFor(page: Page, dataset: string): Promise<string> {
  await page.getByTestId('tab-data').click()
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=builtin-select] option').length > 5)
  await page.getByTestId('builtin-select').selectOption(dataset)
  await page.getByTestId('data-summary').waitFor({ timeout: 15_000 })
  await page.getByTestId('tab-cost').click()
  const source = page.getByTestId('density-source')
  await page.waitForFunction(
    (name) => {
      const text = document.querySelector('[data-testid=density-source]')?.textContent ?? ''
      return text.includes(`prepared training rows of ${name}`) || text.includes('assumed')
    },
    dataset,
    { timeout: 20_000 },
  )
  return (await source.textContent()) ?? ''
}

describe('the Cost tab takes ρ and N from the prepared training data', () => {
  it('states ρ = 1 of the spirals’ prepared training rows (z-scored: no exact zeros)', async () => {
    const { page, consoleErrors } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('train').waitFor()
    const text = await costFor(page, 'spirals')
    const match = /ρ = ([\d.]+) of the ([\d,]+) prepared training rows of spirals/.exec(text)
    expect(match?.[1]).toBe('1.000')
    expect(await page.getByTestId('input-samples').inputValue()).toBe(match?.[2]?.replace(/,/g, ''))
    await screenshot(page, 'cost-spirals-data')
    expect(consoleErrors).toEqual([])
  })

  it('states MNIST’s ρ ≈ 0.19 of its 6,998 prepared training rows and estimates with it', async () => {
    const { page, consoleErrors } = session.browser
    const text = await costFor(page, 'mnist')
    expect(text).toMatch(/^ρ = 0\.19\d of the 6,998 prepared training rows of mnist$/)
    expect(await page.getByTestId('input-samples').inputValue()).toBe('6998')
    expect(Number(await page.getByTestId('input-density').inputValue())).toBeCloseTo(0.191, 3)
    await screenshot(page, 'cost-mnist-data')
    expect(consoleErrors).toEqual([])
  })

  it('calibrates on MNIST’s prepared rows in the worker and then shows the FLOP model', async () => {
    const { page, consoleErrors } = session.browser
    await page.getByTestId('calibrate').click()
    await page.waitForFunction(() => (document.querySelector('[data-testid=time-flop]')?.textContent ?? '–').trim() !== '–', undefined, { timeout: 30_000 })
    expect(await page.getByTestId('density-source').textContent()).toMatch(/^ρ = 0\.19\d of the 6,998 prepared training rows of mnist$/)
    await screenshot(page, 'cost-mnist-calibrated')
    expect(consoleErrors).toEqual([])
  })
})
