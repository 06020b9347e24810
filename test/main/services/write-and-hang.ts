/** Child process of the atomic-write test: writes the temp file, reports it, then hangs before the rename until killed. */
import { atomicWriteFile } from '../../../src/main/services/atomic-write'

const target = process.argv[2]!
await atomicWriteFile(target, '{"new":true}', async (temp) => {
  process.stdout.write(`${temp}\n`)
  await new Promise(() => setInterval(() => undefined, 1000))
})
