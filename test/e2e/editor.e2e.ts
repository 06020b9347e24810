import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { connect, dropNode, newMnistInput } from './graph-builder'
import { screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()
let downloads: string

beforeAll(async () => {
  downloads = mkdtempSync(join(tmpdir(), 'layerwise-downloads-'))
})

afterAll(async () => {
  rmSync(downloads, { recursive: true, force: true })
})

const totals = (page: Page) => page.getByTestId('param-totals').textContent()
let saved = ''

describe('network editor', () => {
  it('builds 784-128-10 from an empty canvas with the mouse and shows 101,770 parameters', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('node-input').waitFor()
    await newMnistInput(page)

    await dropNode(page, 'dense', 150, 380)
    await page.getByTestId('inspector-units').fill('128')
    await dropNode(page, 'output', 400, 250)
    await expect(page.getByTestId('node-output-1').textContent()).resolves.toContain('10 units')

    await connect(page, 'input-1', 'dense-1')
    await connect(page, 'dense-1', 'output-1')
    await page.getByTestId('auto-layout').click()
    await page.getByTestId('param-totals').getByText('101,770').waitFor()
    expect(await totals(page)).toContain('101,632 weights · 101,770 parameters with biases')
    await expect(page.getByTestId('error-count').textContent()).resolves.toBe('No problems')
    await expect(page.locator('.vue-flow__edge-text').allTextContents()).resolves.toEqual(['[batch×784]', '[batch×128]'])
    await screenshot(page, 'editor-784-128-10')
  })

  it('flags a problem on its node and disables Train with the reason', async () => {
    const { page } = session.browser
    await page.getByTestId('node-output-1').click()
    await page.getByTestId('inspector-loss').selectOption('bce')
    await expect(page.getByTestId('node-output-1').locator('[role=alert]').textContent()).resolves.toContain('Softmax outputs compete')
    await expect(page.getByTestId('train').isDisabled()).resolves.toBe(true)
    await expect(page.getByTestId('train').getAttribute('title')).resolves.toMatch(/^Fix the network first/)
    await screenshot(page, 'editor-problem')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Control+z')
    await expect(page.getByTestId('error-count').textContent()).resolves.toBe('No problems')
  })

  it('saves the project as a download', async () => {
    const { page } = session.browser
    const download = page.waitForEvent('download')
    await page.keyboard.press('Control+s')
    const file = await download
    saved = join(downloads, file.suggestedFilename())
    await file.saveAs(saved)
    expect(file.suggestedFilename()).toMatch(/\.layerwise\.json$/)
    expect(JSON.parse(readFileSync(saved, 'utf8')).network.layers.map((l: { units: number }) => l.units)).toEqual([128, 10])
  })

  it('reloads, opens the saved file and trains it', async () => {
    const { page } = session.browser
    await page.reload()
    await page.getByTestId('node-input').waitFor()
    const chooser = page.waitForEvent('filechooser')
    await page.getByTestId('project-open').click()
    await (await chooser).setFiles(saved)
    await page.getByTestId('node-dense-1').waitFor()
    await page.getByTestId('param-totals').getByText('101,770').waitFor({ timeout: 30_000 })
    await page.getByTestId('epochs-input').fill('1')
    await page.getByTestId('train').click()
    await page.getByTestId('accuracy').waitFor({ timeout: 60_000 })
    await screenshot(page, 'editor-trained')
    expect(session.browser.consoleErrors).toEqual([])
  }, 90_000)

  it('opens a project file dropped onto the window', async () => {
    const { page } = session.browser
    await page.getByTestId('project-new').click()
    await page.getByTestId('empty-canvas').waitFor()
    const text = readFileSync(saved, 'utf8')
    await page.evaluate((content) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([content], 'dropped.layerwise.json', { type: 'application/json' }))
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }))
    }, text)
    await page.getByTestId('node-dense-1').waitFor()
    await expect(page.getByTestId('project-name').textContent()).resolves.toBe('dropped')
    await expect(page.getByTestId('drop-overlay').count()).resolves.toBe(0)
    expect(session.browser.consoleErrors).toEqual([])
  })
})
