import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { root, screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()

describe('an imported model as a read-only graph', () => {
  it('imports the committed XOR fixture from the Model tab and draws it as 2-4-1 nodes', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('node-input').waitFor()
    await page.getByTestId('tab-model').click()
    await page.getByTestId('model-file-input').setInputFiles(join(root, 'test/fixtures/models/xor-v1.json'))
    const graph = page.getByTestId('model-graph')
    await graph.waitFor({ timeout: 10_000 })
    await expect(graph.getByRole('status').textContent()).resolves.toContain('read-only')
    await expect(graph.getByTestId('model-graph-shape').textContent()).resolves.toContain('2-4-1')
    const headlines = await graph.locator('.layer-node__headline').allTextContents()
    expect(headlines).toEqual(['2 inputs', '4 units', '1 unit'])
    const params = await graph.getByTestId('node-params').allTextContents()
    expect(params.map((p) => p.replace(/\s+/g, ' ').trim())).toEqual(['weights8with bias12', 'weights4with bias5'])
    // FLOPs come from the engine's cost model: layer 1 forward 2·2·4 + 4 + 4 (tanh) = 24
    await expect.poll(() => graph.getByTestId('node-flops').first().locator('dd').first().textContent()).toBe('24')
    await screenshot(page, 'model-graph-imported')
  })

  it('cannot be edited: the nodes do not move when dragged', async () => {
    const { page } = session.browser
    const node = page.getByTestId('model-graph').locator('.vue-flow__node').nth(1)
    // a drag may pan the view, but a node keeps its place in the graph (its translate)
    const placed = await node.getAttribute('style')
    const before = (await node.boundingBox())!
    await page.mouse.move(before.x + before.width / 2, before.y + 20)
    await page.mouse.down()
    await page.mouse.move(before.x + 150, before.y + 120, { steps: 5 })
    await page.mouse.up()
    expect(placed).toMatch(/translate\(300px, 0px\)/)
    expect(await node.getAttribute('style')).toBe(placed)
  })

  it('opens the model as an editable network in the editor', async () => {
    const { page } = session.browser
    await page.getByTestId('model-graph-open').click()
    await page.getByTestId('model-graph').waitFor({ state: 'detached' })
    await expect(page.getByTestId('example').textContent()).resolves.toContain('2-4-1')
    await expect(page.getByTestId('param-totals').textContent()).resolves.toContain('17')
    await screenshot(page, 'model-graph-opened')
  })

  it('shows the model again from the Model tab and goes back to the network', async () => {
    const { page } = session.browser
    await page.getByTestId('model-show-graph').click()
    await page.getByTestId('model-graph').waitFor()
    await page.getByTestId('model-graph-close').click()
    await page.getByTestId('model-graph').waitFor({ state: 'detached' })
    expect(session.browser.consoleErrors).toEqual([])
  })
})
