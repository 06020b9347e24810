// A web host whose wasm module cannot load: the run trains on the TypeScript kernels, and the training
// view says so beside the run status, with the load error in the label's tooltip.
import { describe, expect, it } from 'vitest'
import { screenshot, useAppInBrowser } from './helpers'

// the host inherits this environment: its training worker looks for the module here and does not find it
process.env.LAYERWISE_WASM = '/nonexistent/gemm.wasm'
const session = useAppInBrowser()

describe('kernel fallback in the training view', () => {
  it('shows the TypeScript fallback and why, after a run on a host without the wasm module', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('train').click()
    await page.getByTestId('accuracy').waitFor({ timeout: 30_000 })
    const label = page.getByTestId('kernels')
    await expect(label.textContent()).resolves.toContain('TS kernels (fallback)')
    await expect(label.getAttribute('title')).resolves.toContain('LAYERWISE_WASM=/nonexistent/gemm.wasm does not exist')
    await label.hover()
    await screenshot(page, 'kernels-fallback')
    expect(session.browser.consoleErrors).toEqual([])
  })
})
