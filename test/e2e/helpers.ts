/**
 * End-to-end harness: starts the BUILT web host (`node out/main/web.js`) on a free port and drives
 * Debian's Chromium with playwright-core, as a user would meet the app in web mode.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll } from 'vitest'

export const root = join(import.meta.dirname, '../..')
export const screenshots = join(root, 'test-results')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface App {
  url: string
  process: ChildProcess
  stop(): Promise<void>
}

/** Starts the web host and resolves with the URL it prints (token included). */
export async function startApp(): Promise<App> {
  const entry = join(root, 'out/main/web.js')
  if (!existsSync(entry)) throw new Error('out/main/web.js is missing: run `npm run build` before the end-to-end tests.')
  const child = spawn(process.execPath, [entry], { cwd: root, env: { ...process.env, LAYERWISE_PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = ''
    const timer = setTimeout(() => reject(new Error(`The web host printed no URL within 20 s. stderr: ${stderr}`)), 20_000)
    child.stdout!.on('data', (chunk) => {
      stdout += chunk
      const match = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(stdout)
      if (match) {
        clearTimeout(timer)
        resolve(match[1]!)
      }
    })
    child.once('exit', (code) => reject(new Error(`The web host exited with code ${code}: ${stderr}`)))
  })
  return {
    url,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}

export interface Browser {
  page: Page
  context: BrowserContext
  consoleErrors: string[]
  close(): Promise<void>
}

/** Launches headless Chromium with a throwaway profile; collects console errors and page crashes. */
export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}: run \`apt-get install -y chromium\` (the CI script does).`)
  const profile = mkdtempSync(join(tmpdir(), 'layerwise-pw-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1400, height: 860 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  const consoleErrors: string[] = []
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text())
  })
  page.on('pageerror', (error) => consoleErrors.push(error.message))
  return {
    page,
    context,
    consoleErrors,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Saves a screenshot under test-results/ for a person to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshots, { recursive: true })
  const path = join(screenshots, `${name}.png`)
  await page.screenshot({ path })
  return path
}

/** The web host and browser that one test file shares; available inside tests (after `beforeAll`). */
export interface Session {
  readonly app: App
  readonly browser: Browser
}

/**
 * Registers the `beforeAll`/`afterAll` pair every end-to-end file needs: start the built web host,
 * open Chromium, and close both afterwards. Call it once at the top of a test file.
 */
export function useAppInBrowser(): Session {
  let app: App | undefined
  let browser: Browser | undefined
  beforeAll(async () => {
    app = await startApp()
    browser = await openBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })
  const missing = (what: string): never => {
    throw new Error(`The ${what} is not started yet: use the session inside a test, not at module load.`)
  }
  return {
    get app() {
      return app ?? missing('web host')
    },
    get browser() {
      return browser ?? missing('browser')
    },
  }
}
