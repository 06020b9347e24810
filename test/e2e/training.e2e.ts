import { describe, expect, it } from 'vitest'
import { screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()

describe('training in the browser', () => {
  it('opens on the XOR example drawn as a graph', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('node-input').waitFor()
    await expect(page.getByTestId('node-layer-0').textContent()).resolves.toContain('tanh')
    await expect(page.getByTestId('node-layer-1').textContent()).resolves.toContain('sigmoid')
    await expect(page.getByTestId('param-totals').textContent()).resolves.toContain('12 weights · 17 parameters')
  })

  it('trains: the loss chart grows, the accuracy appears', async () => {
    const { page } = session.browser
    await page.getByTestId('train').click()
    await page.getByTestId('accuracy').waitFor({ timeout: 30_000 })
    const points = Number(await page.getByTestId('loss-chart').getAttribute('data-points'))
    expect(points).toBeGreaterThanOrEqual(5)
    const accuracy = await page.getByTestId('accuracy').textContent()
    expect(accuracy).toMatch(/^\d+\.\d%$/)
    expect(Number.parseFloat(accuracy!)).toBe(100)
    // The chart really drew something: sample its canvas for non-background pixels.
    const inked = await page.getByTestId('loss-chart').locator('canvas').first().evaluate((canvas: HTMLCanvasElement) => {
      const ctx = canvas.getContext('2d')!
      const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height)
      let count = 0
      for (let i = 0; i < data.length; i += 4) if (data[i + 3]! > 0 && (data[i]! < 200 || data[i + 2]! < 200)) count++
      return count
    })
    expect(inked).toBeGreaterThan(500)
    await screenshot(page, 'xor-trained')
    expect(session.browser.consoleErrors).toEqual([])
  })

  it('shows the kernels the run trained on beside its status', async () => {
    const { page } = session.browser
    const label = page.getByTestId('kernels')
    // XOR's batches are too small for a second thread: the wasm kernels on one thread
    await expect(label.textContent()).resolves.toMatch(/^wasm (relaxed-)?SIMD · 1 thread$/)
    await expect(label.getAttribute('title')).resolves.toContain('Threads: 1 (the batches are too small for a second thread to pay off).')
    await screenshot(page, 'kernels-wasm')
  })

  it('stops a long run within a second', async () => {
    const { page } = session.browser
    await page.getByTestId('epochs-input').fill('1000000')
    await page.getByTestId('train').click()
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'running')
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=loss-chart]')?.getAttribute('data-points')) > 10)
    const pressed = Date.now()
    await page.getByTestId('stop').click()
    await page.waitForFunction(() => ['finished', 'error'].includes(document.querySelector('[data-testid=status]')?.textContent ?? ''), undefined, { timeout: 5_000 })
    expect(Date.now() - pressed).toBeLessThan(1000)
    await expect(page.getByTestId('result').textContent()).resolves.toContain('stopped by you')
    expect(session.browser.consoleErrors).toEqual([])
  })

  it('opens the vanishing-gradient example from the Examples menu and trains it', async () => {
    const { page } = session.browser
    await page.getByTestId('project-examples').selectOption('vanishing-sigmoid')
    await expect(page.getByTestId('project-name').textContent()).resolves.toBe('Vanishing gradients: 6 sigmoid layers')
    await expect(page.getByTestId('node-layer-5').textContent()).resolves.toContain('sigmoid')
    await page.getByTestId('train').click()
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'finished', undefined, { timeout: 60_000 })
    await page.getByTestId('gradient-chart').scrollIntoViewIfNeeded()
    await page.waitForFunction(() => document.querySelector('[data-testid=gradient-chart]')?.getAttribute('data-layers') === '6')
    await screenshot(page, 'example-vanishing-sigmoid')
    expect(session.browser.consoleErrors).toEqual([])
  })
})
