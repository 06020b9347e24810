/**
 * The Cost tab with a DBN in the editor (issue 8): the DBN estimate replaces the network's — the run
 * from the graph, the data and the DBN settings, the layer model t = t_op · R · (N/m) · e beside the
 * calibrated model, energy, time per RBM and FLOPs per RBM — and Calibrate times the stack.
 */
import { describe, expect, it } from 'vitest'
import { buildMnistDbn } from './graph-builder'
import { screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()

describe('the Cost tab with a DBN', () => {
  it('estimates a 784-64-32 DBN on MNIST by the layer model and, once calibrated, the calibrated model', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('node-input').waitFor()
    await buildMnistDbn(page, '64, 32')

    await page.getByTestId('tab-cost').click()
    await page.getByTestId('cost-dbn-models').waitFor({ timeout: 30_000 })
    // the network's run inputs give way to the DBN's
    await expect(page.getByTestId('cost-inputs').count()).resolves.toBe(0)
    // N follows the data set once its preview arrives (10,000 digits less the job's 10 % + 10 % hold-outs)
    await expect.poll(() => page.getByTestId('dbn-input-samples').inputValue(), { timeout: 30_000 }).toBe('8000')
    const N = Number(await page.getByTestId('dbn-input-samples').inputValue())
    const m = Number(await page.getByTestId('dbn-input-batchSize').inputValue())
    const e = Number(await page.getByTestId('dbn-input-epochs').inputValue())
    expect([m, e]).toEqual([64, 5])
    // t = t_op · R · (N/m) · e with t_op = 10 ms and R = 2 RBMs
    const seconds = 0.01 * 2 * (N / m) * e
    await expect.poll(() => page.getByTestId('dbn-time-layer').textContent()).toBe(`${seconds.toPrecision(3)} s`)
    await expect(page.getByTestId('cost-dbn-parameters').textContent()).resolves.toBe((784 * 64 + 784 + 64 + 64 * 32 + 64 + 32).toLocaleString('en'))
    await screenshot(page, 'cost-dbn')

    await page.getByTestId('dbn-calibrate').click()
    await expect.poll(() => page.getByTestId('dbn-calibrate').textContent()).toContain('Calibrating')
    await expect.poll(() => page.getByTestId('dbn-calibrate').textContent(), { timeout: 30_000 }).toContain('Recalibrate')
    // the calibration of this very stack (ρ of MNIST's sample images ≈ 0.19)
    await expect(page.getByTestId('dbn-calibrate-info').textContent()).resolves.toContain('784-64-32 CD-1,1 bernoulli ρ0.19')
    await expect(page.getByTestId('dbn-time-flop').textContent()).resolves.toMatch(/\d/)
    await page.getByTestId('cost-dbn-chart').scrollIntoViewIfNeeded()
    await screenshot(page, 'cost-dbn-calibrated')
    await page.getByTestId('cost-dbn-table').scrollIntoViewIfNeeded()
    await expect(page.getByTestId('cost-dbn-table').locator('tbody tr').count()).resolves.toBe(2)
    await screenshot(page, 'cost-dbn-table')
  }, 90_000)
})
