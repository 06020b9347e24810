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
  await page.waitForTimeout(1500)
  console.log('train disabled', await page.getByTestId('train').isDisabled(), await page.getByTestId('train').getAttribute('title'))
  await screenshot(page, 'dev-editor-1')
  console.log('errors', browser.consoleErrors)
})
