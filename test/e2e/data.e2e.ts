import { describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot, useAppInBrowser } from './helpers'

const session = useAppInBrowser()

/** 120 points in the unit square: class "big" when x1 + x2 > 1; the last column `size` is noise. */
function pointsCsv(): string {
  let seed = 12345
  const next = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31)
  const rows = ['class,x1,x2,size']
  for (let i = 0; i < 120; i++) {
    const x1 = next()
    const x2 = next()
    rows.push(`${x1 + x2 > 1 ? 'big' : 'small'},${x1.toFixed(3)},${x2.toFixed(3)},${(next() * 10).toFixed(2)}`)
  }
  return rows.join('\n') + '\n'
}

/** Drops a file on the page body the way a file manager would (DataTransfer with a File). */
async function dropFile(page: Page, name: string, text: string): Promise<void> {
  const transfer = await page.evaluateHandle(
    ([fileName, contents]) => {
      const dt = new DataTransfer()
      dt.items.add(new File([contents], fileName, { type: 'text/csv' }))
      return dt
    },
    [name, text] as const,
  )
  await page.dispatchEvent('body', 'dragenter', { dataTransfer: transfer })
  await page.dispatchEvent('body', 'drop', { dataTransfer: transfer })
}

const text = (page: Page, id: string) => page.getByTestId(id).textContent()

describe('data import in the browser', () => {
  it('drops a CSV on the window and shows its preview', async () => {
    const { page } = session.browser
    await page.goto(session.app.url)
    await page.getByTestId('node-input').waitFor()
    await dropFile(page, 'points.csv', pointsCsv())
    await page.waitForFunction(() => document.querySelector('[data-testid=data-title]')?.textContent === 'points.csv', undefined, { timeout: 15_000 })
    expect(await page.getByTestId('preview-table').locator('tbody tr').count()).toBe(20)
    // The last column is the default target: a numeric one, so regression.
    await expect(text(page, 'data-summary')).resolves.toContain('120 rows · 4 columns · regression')
    expect(session.browser.consoleErrors).toEqual([])
  })

  it('picks the class column as the target and fits the network to it', async () => {
    const { page } = session.browser
    await page.getByTestId('target-select').selectOption('class')
    await page.waitForFunction(() => document.querySelector('[data-testid=data-summary]')?.textContent?.includes('binary classification'))
    await expect(text(page, 'data-summary')).resolves.toContain('3 inputs → 1 output')
    await expect(text(page, 'class-balance')).resolves.toMatch(/big \d+ · \d+%/)
    await expect(text(page, 'example')).resolves.toMatch(/POINTS\.CSV · 3-4-1/)
    await screenshot(page, 'data-preview')
  })

  it('trains on the imported data until the run reports its accuracy', async () => {
    const { page } = session.browser
    await page.getByTestId('tab-train').click()
    await page.getByTestId('train').click()
    await page.getByTestId('accuracy').waitFor({ timeout: 60_000 })
    const accuracy = Number.parseFloat((await text(page, 'accuracy'))!)
    expect(accuracy).toBeGreaterThanOrEqual(80)
    expect(session.browser.consoleErrors).toEqual([])
  })

  it('shows a clear error for a broken file and keeps the data set it had', async () => {
    const { page } = session.browser
    await dropFile(page, 'broken.csv', 'a,b,c\n1,2,3\n4,5\n6,7,8\n')
    await page.getByTestId('data-error').waitFor({ timeout: 15_000 })
    await expect(text(page, 'data-error')).resolves.toMatch(/^broken\.csv, line 3\b/)
    await expect(text(page, 'data-title')).resolves.toBe('points.csv')
    await expect(text(page, 'example')).resolves.toMatch(/POINTS\.CSV · 3-4-1/)
    await screenshot(page, 'data-error')
  })

  it('shows MNIST digits as a grid of labelled images', async () => {
    const { page } = session.browser
    await page.getByTestId('builtin-select').selectOption('mnist')
    await page.getByTestId('image-samples').waitFor({ timeout: 15_000 })
    expect(await page.getByTestId('image-samples').locator('canvas').count()).toBe(24)
    await expect(text(page, 'data-summary')).resolves.toContain('784 inputs → 10 outputs')
    await screenshot(page, 'data-mnist')
  })
})
