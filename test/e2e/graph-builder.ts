/** Building a graph in the network editor with the mouse, as a user does (palette drags, handle-to-handle drags). */
import type { Page } from 'playwright-core'

/** Drags a palette item onto the canvas at (x, y) relative to the canvas' top-left corner. */
export async function dropNode(page: Page, kind: string, x: number, y: number): Promise<void> {
  await page.getByTestId(`palette-${kind}`).dragTo(page.getByTestId('flow'), { targetPosition: { x, y } })
}

/** Drags with the mouse from one node's output handle to another node's input handle (away from the pane's edges, which auto-pan). */
export async function connect(page: Page, from: string, to: string): Promise<void> {
  const a = (await page.locator(`[data-testid=node-${from}] .vue-flow__handle.source`).boundingBox())!
  const b = (await page.locator(`[data-testid=node-${to}] .vue-flow__handle.target`).boundingBox())!
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2)
  await page.mouse.down()
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 })
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 })
  await page.mouse.up()
}

/** Starts a new project and drops an input node (`input-1`, at 150, 110) reading MNIST; waits for its 784 inputs. */
export async function newMnistInput(page: Page): Promise<void> {
  await page.getByTestId('project-new').click()
  await page.getByTestId('empty-canvas').waitFor()
  await dropNode(page, 'input', 150, 110)
  await page.getByTestId('node-input-1').waitFor()
  await page.getByTestId('inspector-data').selectOption('mnist')
  await page.getByTestId('node-input-1').getByText('784 inputs').waitFor({ timeout: 30_000 })
}

/** A new project of MNIST into a DBN node (`dbn-1`, at 150, 380) with hidden `layers` such as '64, 32'. */
export async function buildMnistDbn(page: Page, layers: string): Promise<void> {
  await newMnistInput(page)
  await dropNode(page, 'dbn', 150, 380)
  await page.getByTestId('inspector-layers').fill(layers)
  await page.getByTestId('inspector-layers').dispatchEvent('change')
  await connect(page, 'input-1', 'dbn-1')
}
