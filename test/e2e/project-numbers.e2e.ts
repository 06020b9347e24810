import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()

const settings = { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 300, seed: 1, shuffle: false }
const at = (x: number) => ({ x, y: 0 })
const edge = (source: string, target: string) => ({ id: `e-${source}-${target}`, source, target })

/** A version-1 project file with `nodes` chained left to right. */
function project(name: string, data: object, nodes: object[]): string {
  const ids = nodes.map((n) => (n as { id: string }).id)
  const edges = ids.slice(1).map((id, i) => edge(ids[i]!, id))
  return JSON.stringify({ format: 'layerwise-project', version: 1, name, savedAt: '2026-11-21T22:00:00.000Z', data, graph: { nodes, edges }, network: null, settings, results: null })
}

async function openProject(page: Page, name: string, text: string): Promise<void> {
  await page.getByTestId('project-file-input').setInputFiles({ name: `${name}.layerwise.json`, mimeType: 'application/json', buffer: Buffer.from(text) })
}

const cells = async (page: Page, nodeId: string, testId: string) => page.getByTestId(`node-${nodeId}`).getByTestId(testId).locator('dd').allTextContents()

describe('numbers on unsupervised nodes', () => {
  it('shows parameters and FLOPs of RBM, DBN stack and a classifier head from the engine cost model', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('node-input').waitFor()
    await openProject(page, 'dbn', project('dbn', { kind: 'builtin', name: 'xor' }, [
      { id: 'in', kind: 'input', position: at(0), config: { width: 2 } },
      { id: 'rbm', kind: 'rbm', position: at(300), config: { hidden: 3, visible: 'bernoulli', k: 1 } },
      { id: 'stack', kind: 'dbn', position: at(600), config: { layers: [2, 2], visible: 'bernoulli', k: 1 } },
      { id: 'out', kind: 'output', position: at(900), config: { units: 2, activation: 'softmax', loss: 'cce', multiLabel: false, init: 'glorotUniform', bias: true } },
    ]))
    // RBM 2×3 on XOR's 2 inputs: 6 weights, 11 with biases; up pass 2·2·3 + 4·3 = 24;
    // CD-1 24 + 2·3 + (4·6 + 4·2 + 4·3) + (3·2 + 4·3) + 4·6 = 116 → backward 116 − 24 = 92 (docs/estimator.md)
    await expect.poll(() => cells(page, 'rbm', 'node-params')).toEqual(['6', '11'])
    expect(await cells(page, 'rbm', 'node-flops')).toEqual(['24', '92'])
    // stack 3×2 + 2×2: 10 weights, 19 with biases
    expect(await cells(page, 'stack', 'node-params')).toEqual(['10', '19'])
    // softmax head 2→2: 4 weights, 6 with biases
    expect(await cells(page, 'out', 'node-params')).toEqual(['4', '6'])
    await expect(page.getByTestId('param-totals').textContent()).resolves.toMatch(/20 weights · 36 parameters with biases/)
    await screenshot(page, 'dbn-node-numbers')
  })
})

describe('a project whose data came from a file, in the browser', () => {
  const csv = 'age,color,score,label\n1,red,10,yes\n2,blue,20,no\n3,green,30,yes\n4,red,40,no\n5,blue,50,yes\n6,green,60,no\n'
  // sha256sum of csv
  const sha256 = '03e18377addf49d2012c21791f4c9a30843c1ec740658739760ddda7ded84620'

  it('asks for the file, imports the picked one and trains without another import', async () => {
    const { page } = session.browser
    await openProject(page, 'colors', project('colors', { kind: 'file', name: 'colors.csv', path: 'colors.csv', sha256, choices: { target: 'label' } }, [
      { id: 'in', kind: 'input', position: at(0), config: { width: 5 } },
      { id: 'hidden', kind: 'dense', position: at(300), config: { units: 3, activation: 'tanh', init: 'glorotUniform', bias: true, lrScale: 1 } },
      { id: 'out', kind: 'output', position: at(600), config: { units: 1, activation: 'sigmoid', loss: 'bce', multiLabel: false, init: 'glorotUniform', bias: true } },
    ]))
    await expect.poll(() => page.getByTestId('notice-data').textContent()).toContain('pick it to load it')
    await screenshot(page, 'project-data-locate')
    await page.getByTestId('tab-train').click()
    expect(await page.getByTestId('train').isDisabled()).toBe(true)
    await expect(page.getByTestId('train').getAttribute('title')).resolves.toContain('colors.csv')
    await page.getByTestId('data-file-input').setInputFiles({ name: 'colors.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) })
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Using colors.csv: ready to train.')
    expect(await page.getByTestId('notice-data').count()).toBe(0)
    await screenshot(page, 'project-data-located')
    await page.getByTestId('tab-train').click()
    await page.getByTestId('train').click()
    await page.getByTestId('accuracy').waitFor({ timeout: 30_000 })
    expect(session.browser.consoleErrors).toEqual([])
  })
  it('names the file and its size, and takes the file dropped on the window again as the project\'s data', async () => {
    const { page } = session.browser
    await openProject(page, 'colors again', project('colors again', { kind: 'file', name: 'colors.csv', path: 'colors.csv', sha256, size: 103, choices: { target: 'color' } }, [
      { id: 'in', kind: 'input', position: at(0), config: { width: 3 } },
      { id: 'out', kind: 'output', position: at(300), config: { units: 3, activation: 'softmax', loss: 'cce', multiLabel: false, init: 'glorotUniform', bias: true } },
    ]))
    await expect.poll(() => page.getByTestId('notice-data').textContent()).toContain('“colors.csv” (103 bytes): drop it on the window again')
    await screenshot(page, 'project-data-drop-again')
    const transfer = await page.evaluateHandle((contents) => {
      const dt = new DataTransfer()
      dt.items.add(new File([contents], 'colors.csv', { type: 'text/csv' }))
      return dt
    }, csv)
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer })
    await page.dispatchEvent('body', 'drop', { dataTransfer: transfer })
    await expect.poll(() => page.getByTestId('notice').textContent()).toContain('Using colors.csv: ready to train.')
    expect(await page.getByTestId('notice-data').count()).toBe(0)
    // the saved choice (target "color") was applied to the dropped file
    await page.getByTestId('tab-data').click()
    await expect.poll(() => page.getByTestId('target-select').inputValue()).toBe('color')
    await screenshot(page, 'project-data-dropped-again')
    await page.getByTestId('tab-train').click()
    expect(await page.getByTestId('train').isDisabled()).toBe(false)
    expect(session.browser.consoleErrors).toEqual([])
  })
})
