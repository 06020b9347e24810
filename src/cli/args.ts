/** Option parsing helpers: every bad value becomes a usage error (exit 2) naming the option. */
import { CliError } from './cli-error'
import type { ActivationName, DenseLayerSpec } from '../engine/types'
import { ACTIVATIONS } from '../engine'

/** A number option within [min, max]; `integer` refuses fractions. */
export function numberOption(name: string, value: string | undefined, fallback: number, range: { min?: number; max?: number; integer?: boolean } = {}): number {
  if (value === undefined) return fallback
  const n = Number(value)
  const { min = -Infinity, max = Infinity, integer = false } = range
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    const kind = integer ? 'an integer' : 'a number'
    const bounds = Number.isFinite(min) && Number.isFinite(max) ? ` from ${min} to ${max}` : Number.isFinite(min) ? ` ≥ ${min}` : ''
    throw new CliError(`--${name} must be ${kind}${bounds}, not "${value}".`, 2)
  }
  return n
}

/** One of a fixed set of words. */
export function choiceOption<T extends string>(name: string, value: string | undefined, choices: readonly T[], fallback: T): T
export function choiceOption<T extends string>(name: string, value: string | undefined, choices: readonly T[]): T | undefined
export function choiceOption<T extends string>(name: string, value: string | undefined, choices: readonly T[], fallback?: T): T | undefined {
  if (value === undefined) return fallback
  if (!(choices as readonly string[]).includes(value)) throw new CliError(`--${name} must be one of ${choices.join(', ')}, not "${value}".`, 2)
  return value as T
}

/** `--layers 128:relu,10:softmax` → dense layer specs (activation defaults to relu). */
export function parseLayers(text: string): DenseLayerSpec[] {
  const layers = text.split(',').map((part, i) => {
    const [unitsText, activation = 'relu', ...rest] = part.trim().split(':')
    const units = Number(unitsText)
    if (!Number.isInteger(units) || units < 1 || units > 65536 || rest.length > 0) {
      throw new CliError(`--layers: layer ${i + 1} ("${part}") must look like UNITS:ACTIVATION, e.g. 128:relu.`, 2)
    }
    if (!(ACTIVATIONS as readonly string[]).includes(activation)) {
      throw new CliError(`--layers: layer ${i + 1} has unknown activation "${activation}"; choose one of ${ACTIVATIONS.join(', ')}.`, 2)
    }
    return { units, activation: activation as ActivationName }
  })
  if (layers.length === 0) throw new CliError('--layers needs at least one layer.', 2)
  return layers
}
