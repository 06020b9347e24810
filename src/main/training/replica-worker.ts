/**
 * The data-parallel helper thread of a training run (src/engine/parallel/replica.ts): instantiates
 * the kernels' module on the run's shared memory and serves the replica until the run stops it.
 * Started by src/main/kernels/load-wasm-kernels.ts (`workerData`: module, memory, setup).
 */
import { workerData } from 'node:worker_threads'
import type { WasmGemmExports } from '../../engine/kernels/wasm-kernels'
import { serveReplica, type ReplicaSetup } from '../../engine/parallel/replica'

interface WasmInstanceApi {
  Instance: new (module: object, imports: object) => { exports: unknown }
}

const { module, memory, setup } = workerData as { module: object; memory: object; setup: ReplicaSetup }
const wasm = (globalThis as unknown as { WebAssembly: WasmInstanceApi }).WebAssembly
const instance = new wasm.Instance(module, {
  env: {
    memory,
    abort: () => {
      throw new Error('wasm kernels aborted')
    },
  },
})
serveReplica(instance.exports as WasmGemmExports, setup)
