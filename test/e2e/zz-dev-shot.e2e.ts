import { afterAll, beforeAll, it } from 'vitest'
import { openBrowser, screenshot, startApp, type App, type Browser } from './helpers'

let app: App
let browser: Browser
beforeAll(async () => { app = await startApp(); browser = await openBrowser() })
afterAll(async () => { await browser?.close(); await app?.stop() })

it('shots', async () => {
  const { page } = browser
  await page.goto(app.url)
  await page.getByTestId('node-input').waitFor()
  await page.waitForTimeout(800)
  await screenshot(page, 'dev-editor-1')
  await page.getByTestId('view-neurons').click()
  await page.getByTestId('train').click()
  await page.waitForTimeout(700)
  await screenshot(page, 'dev-neurons')
  await page.getByTestId('view-graph').click()
  await page.getByTestId('palette-rbm').click()
  await page.getByTestId('palette-dbn').click()
  await page.getByTestId('palette-autoencoder').click()
  await page.waitForTimeout(300)
  await page.keyboard.press('f')
  await page.waitForTimeout(400)
  await screenshot(page, 'dev-editor-unsup')
  console.log('errors', browser.consoleErrors)
})
