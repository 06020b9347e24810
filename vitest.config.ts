import { defineConfig, type Plugin } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath } from 'node:url'

const bootstrap = fileURLToPath(new URL('./test/helpers/ts-worker-bootstrap.mjs', import.meta.url))

/**
 * Lets `import createWorker from './x?nodeWorker'` (electron-vite) work under vitest on Node 20:
 * the worker runs the TypeScript source through a tsx bootstrap, because Node 20 workers do not
 * inherit loader hooks (TOOLCHAIN.md step 4b).
 */
function nodeWorkerForVitest(): Plugin {
  const workerPrefix = '\0vitest-node-worker:'
  const pathPrefix = '\0vitest-module-path:'
  return {
    name: 'vitest-node-worker',
    enforce: 'pre',
    async resolveId(id, importer) {
      const query = id.endsWith('?nodeWorker') ? '?nodeWorker' : id.endsWith('?modulePath') ? '?modulePath' : null
      if (!query) return null
      const resolved = await this.resolve(id.slice(0, -query.length), importer, { skipSelf: true })
      return resolved && (query === '?nodeWorker' ? workerPrefix : pathPrefix) + resolved.id
    },
    load(id) {
      if (id.startsWith(pathPrefix)) return `export default ${JSON.stringify(id.slice(pathPrefix.length))}`
      if (!id.startsWith(workerPrefix)) return null
      const file = id.slice(workerPrefix.length)
      return `import { Worker } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'
export default (options = {}) => new Worker(${JSON.stringify(bootstrap)}, { ...options, argv: [pathToFileURL(${JSON.stringify(file)}).href, ...(options.argv ?? [])] })`
    },
  }
}

export default defineConfig({
  plugins: [vue(), nodeWorkerForVitest()],
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'node', include: ['test/engine/**/*.test.ts', 'test/main/**/*.test.ts', 'test/cli/**/*.test.ts'], environment: 'node' },
      },
      {
        extends: true,
        test: { name: 'renderer', include: ['test/renderer/**/*.test.ts'], environment: 'happy-dom' },
      },
      {
        // End-to-end: the built app under the web host, driven in Debian Chromium (needs `npm run build`).
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.e2e.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 60_000, fileParallelism: false },
      },
    ],
  },
})
