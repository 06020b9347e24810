import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { tsKernels } from '../../src/engine'
import { Dbn, Rbm, saveDbnModel, unroll } from '../../src/engine/rbm'
import { screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()
const downloads = mkdtempSync(join(tmpdir(), 'layerwise-models-'))
let modelPath = ''

afterAll(async () => {
  rmSync(downloads, { recursive: true, force: true })
})

/** Drops a file on `selector` the way a file manager would (DataTransfer with a File). */
async function dropFile(page: Page, selector: string, name: string, text: string, type: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, contents, mime]) => {
      const dt = new DataTransfer()
      dt.items.add(new File([contents], fileName, { type: mime }))
      return dt
    },
    [name, text, type] as const,
  )
  await page.dispatchEvent(selector, 'dragenter', { dataTransfer: transfer })
  await page.dispatchEvent(selector, 'drop', { dataTransfer: transfer })
}

/** The built-in XOR set's columns, as a user would type them into a new file. */
const xorCsv = 'x1,x2,y\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n'

describe('models in and out of the app', () => {
  it('trains the XOR example and shows its model on the Model tab', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('node-input').waitFor()
    await page.getByTestId('train').click()
    await page.getByTestId('accuracy').waitFor({ timeout: 30_000 })
    await page.getByTestId('tab-model').click()
    await page.getByTestId('model-summary').waitFor({ timeout: 10_000 })
    await expect(page.getByTestId('model-weights').textContent()).resolves.toBe('12')
    await expect(page.getByTestId('model-features').textContent()).resolves.toBe('x1, x2')
  })

  it('exports the model JSON as a download', async () => {
    const { page } = session.browser
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-json').click()])
    expect(download.suggestedFilename()).toMatch(/\.layerwise-model\.json$/)
    modelPath = join(downloads, download.suggestedFilename())
    await download.saveAs(modelPath)
    const model = JSON.parse(readFileSync(modelPath, 'utf8')) as { format: string; kind: string; preprocessing: { target: { name: string } } }
    expect([model.format, model.kind, model.preprocessing.target.name]).toEqual(['layerwise-model', 'mlp', 'y'])
    await screenshot(page, 'model-trained')
  })

  it('after a reload, imports the file dropped on the window', async () => {
    const { page } = session.browser
    await page.reload()
    await page.getByTestId('node-input').waitFor()
    await dropFile(page, 'body', 'xor.layerwise-model.json', readFileSync(modelPath, 'utf8'), 'application/json')
    // the drop switches to the Model tab and shows the imported model
    await page.waitForFunction(() => document.querySelector('[data-testid=model-select]')?.textContent?.includes('Imported: xor'), undefined, { timeout: 10_000 })
    await expect(page.getByTestId('model-weights').textContent()).resolves.toBe('12')
  })

  it('predicts on a dropped CSV: the table, accuracy and confusion matrix', async () => {
    const { page } = session.browser
    await dropFile(page, '[data-testid=predict-drop]', 'new-rows.csv', xorCsv, 'text/csv')
    await page.getByTestId('predictions-table').waitFor({ timeout: 15_000 })
    const predicted = await page.getByTestId('predicted').allTextContents()
    expect(predicted).toEqual(['0', '1', '1', '0'])
    await expect(page.getByTestId('predict-accuracy').textContent()).resolves.toBe('100.0%')
    await expect(page.getByTestId('cm-cell-1-1').textContent()).resolves.toContain('2')
    // the window's data set did not change: the drop went to the prediction
    await expect(page.getByTestId('predict-summary').textContent()).resolves.toContain('4 rows of new-rows.csv')
    await screenshot(page, 'model-predicted')
    expect(session.browser.consoleErrors).toEqual([])
  })

  it('takes the model of a run in progress, ready to export', async () => {
    const { page } = session.browser
    await page.getByTestId('tab-train').click()
    await page.getByTestId('epochs-input').fill('1000000')
    await page.getByTestId('train').click()
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'running')
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=loss-chart]')?.getAttribute('data-points')) > 10)
    await page.getByTestId('tab-model').click()
    await page.getByTestId('model-snapshot').click()
    await page.waitForFunction(
      () => document.querySelector('[data-testid=model-select]')?.textContent?.includes('Trained: run at epoch') || document.querySelector('[data-testid=model-error]'),
      undefined,
      { timeout: 10_000 },
    )
    expect(await page.getByTestId('model-error').count()).toBe(0)
    await expect(page.getByTestId('model-weights').textContent()).resolves.toBe('12')
    await screenshot(page, 'model-running')
    await page.getByTestId('tab-train').click()
    await page.getByTestId('stop').click()
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.textContent === 'finished', undefined, { timeout: 5_000 })
    await page.getByTestId('tab-model').click()
  })

  it('refuses a JSON file that is not a model with a message, changing nothing', async () => {
    const { page } = session.browser
    await page.getByTestId('model-file-input').setInputFiles({ name: 'evil.json', mimeType: 'application/json', buffer: Buffer.from('{"format":"layerwise-model","version":1,"kind":"mlp","__proto__":{"x":1}}') })
    await page.getByTestId('model-error').waitFor()
    await expect(page.getByTestId('model-error').textContent()).resolves.toContain('forbidden key "__proto__"')
    await expect(page.getByTestId('model-weights').textContent()).resolves.toBe('12')
    await screenshot(page, 'model-refused')
  })

  it('imports an autoencoder and scores each dropped row by its reconstruction error', async () => {
    const { page } = session.browser
    const rbm = new Rbm(tsKernels, { nVisible: 2, nHidden: 2, visible: 'bernoulli' })
    rbm.W.set([4, -4, -4, 4])
    const text = saveDbnModel({ kind: 'autoencoder', autoencoder: unroll(new Dbn([rbm]), tsKernels), pretrained: null })
    await page.getByTestId('model-file-input').setInputFiles({ name: 'detector.json', mimeType: 'application/json', buffer: Buffer.from(text) })
    await page.waitForFunction(() => document.querySelector('[data-testid=model-select]')?.textContent?.includes('Imported: detector.json'), undefined, { timeout: 10_000 })
    await dropFile(page, '[data-testid=predict-drop]', 'sensor.csv', 'a,b\n1,0\n0,1\n0.9,0.1\n1,1\n', 'text/csv')
    await page.getByTestId('predictions-table').waitFor({ timeout: 15_000 })
    // (1,1) fights both hidden units: the worst reconstruction, flagged
    expect(await page.getByTestId('predicted').allTextContents()).toEqual(['normal', 'normal', 'normal', 'anomaly'])
    await screenshot(page, 'model-autoencoder')
    expect(session.browser.consoleErrors).toEqual([])
  })
})
