// Runs a TypeScript worker entry under vitest: registers tsx inside the worker thread, then imports the entry
// passed as argv[2] (Node 20 workers do not inherit the parent's loader hooks).
import { register } from 'tsx/esm/api'

register()
await import(process.argv[2])
