/**
 * Turns a data reference from a request into engine-ready splits.
 * (Walking skeleton: the logic gates only; the data service of SPEC §2 replaces the inside.)
 */
import type { Dataset, Task } from '../../engine/types'
import type { BuiltinInfo, StartTrainingRequest } from '../../shared/dto'
import { UserError } from '../api/dispatch'

/** Engine-ready splits of one data set. */
export interface PreparedData {
  task: Task
  train: Dataset
  validation: Dataset | null
  test: Dataset | null
  labels: string[] | null
}

const GATES: Record<string, { title: string; truth: [number, number, number, number] }> = {
  xor: { title: 'XOR gate', truth: [0, 1, 1, 0] },
  and: { title: 'AND gate', truth: [0, 0, 0, 1] },
  or: { title: 'OR gate', truth: [0, 1, 1, 1] },
  nand: { title: 'NAND gate', truth: [1, 1, 1, 0] },
}

/** The built-in data sets a user can pick. */
export function listBuiltins(): BuiltinInfo[] {
  return Object.entries(GATES).map(([name, gate]) => ({ name, title: gate.title, task: 'binary', inputs: 2, classes: 2, rows: 4 }))
}

/** Loads and encodes the data a request refers to. */
export async function prepareTrainingData(request: StartTrainingRequest): Promise<PreparedData> {
  const gate = GATES[request.data.name]
  if (!gate) throw new UserError(`There is no built-in data set named "${request.data.name}".`)
  const outputs = request.network.layers[request.network.layers.length - 1].units
  if (request.network.inputs !== 2) throw new UserError(`The ${gate.title} has 2 inputs but the network's input layer has ${request.network.inputs}.`)
  if (outputs !== 1 && outputs !== 2) throw new UserError(`The ${gate.title} has 2 classes: the output layer needs 1 unit (sigmoid) or 2 (softmax), not ${outputs}.`)
  const x = new Float32Array([0, 0, 0, 1, 1, 0, 1, 1])
  const labels = new Int32Array(gate.truth)
  const y = new Float32Array(4 * outputs)
  for (let i = 0; i < 4; i++) {
    if (outputs === 1) y[i] = labels[i]
    else y[i * 2 + labels[i]] = 1
  }
  // Four rows cannot be split: a logic gate trains and is tested on its whole truth table.
  const train: Dataset = { rows: 4, inputs: 2, outputs, x, y, labels }
  return { task: 'binary', train, validation: null, test: { ...train, x: x.slice(), y: y.slice(), labels: labels.slice() }, labels: ['0', '1'] }
}
