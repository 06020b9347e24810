/**
 * The built-in data sets of SPEC §2, offline: logic gates and 2-D toys (generated, seeded), Iris
 * (embedded) and the MNIST digits of the `mnist` package. The menu and `--data builtin:NAME` both use
 * `listBuiltins()` and `loadBuiltin()`.
 */
import { DataError } from '../../engine/data/errors'
import { irisTable } from '../../engine/data/iris'
import type { Table } from '../../engine/data/table'
import { TOYS, generateToy, type ToyName, type ToyOptions } from '../../engine/data/toys'
import { loadMnist } from './mnist'

export interface BuiltinInfo {
  name: string
  title: string
  description: string
  kind: 'gate' | 'toy' | 'table' | 'images'
  /** Whether `seed`, `noise` and `count` change the data. */
  generated: boolean
}

const GATES = new Set(['and', 'or', 'nand', 'xor'])

/** Every built-in data set, in menu order. */
export function listBuiltins(): BuiltinInfo[] {
  return [
    ...TOYS.map((t) => ({ ...t, kind: GATES.has(t.name) ? ('gate' as const) : ('toy' as const), generated: !GATES.has(t.name) })),
    { name: 'iris', title: 'Iris', description: "Fisher's 150 iris flowers: 4 measurements, 3 species.", kind: 'table', generated: false },
    { name: 'mnist', title: 'MNIST digits', description: '10,000 handwritten digits as 28×28 grey images with their labels.', kind: 'images', generated: false },
  ]
}

/** Loads built-in `name` (also accepted as `builtin:name`, any case). */
export async function loadBuiltin(name: string, options: ToyOptions = {}): Promise<Table> {
  const key = name.replace(/^builtin:/i, '').trim().toLowerCase()
  if (key === 'iris') return irisTable()
  if (key === 'mnist') return loadMnist()
  if (TOYS.some((t) => t.name === key)) return generateToy(key as ToyName, options)
  const names = listBuiltins().map((b) => b.name).join(', ')
  throw new DataError('bad-option', `there is no built-in data set "${name}"; choose one of ${names}`)
}
