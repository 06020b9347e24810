/**
 * Energy, CO₂ and everyday equivalents of a training run (SPEC §8): E = P · t · PUE.
 * Every default carries its source and every equivalent its assumption, so the UI and the CLI can
 * print them next to the number.
 */
import type { EnergyEstimate, EnergyInput, Equivalent, HardwarePreset, ModelEstimate, SourcedValue } from './types'

/** Joules in one kilowatt-hour: 1 kWh = 1000 W · 3600 s. */
export const JOULES_PER_KWH = 3.6e6

/** Default grid carbon intensity: the world average. */
export const DEFAULT_CARBON_INTENSITY: SourcedValue = {
  value: 480,
  unit: 'g CO₂/kWh',
  source: 'Ember, Global Electricity Review 2024: world average carbon intensity of electricity generation in 2023',
}

/** PUE of a personal computer: no data-centre cooling or power distribution on top of the machine. */
export const LOCAL_PUE: SourcedValue = {
  value: 1.0,
  unit: '',
  source: 'a personal computer has no data-centre overhead (PUE = 1 by definition)',
}

/** PUE of a data centre, for the GPU presets. */
export const DATA_CENTRE_PUE: SourcedValue = {
  value: 1.58,
  unit: '',
  source: 'Uptime Institute, Global Data Center Survey 2023: average annual PUE 1.58',
}

/** Hardware power presets (typical board/package power under load; the range is the class's spread). */
export const HARDWARE_PRESETS: readonly HardwarePreset[] = [
  { id: 'laptop-cpu', label: 'Laptop CPU', watts: 30, range: [15, 45], pue: LOCAL_PUE.value, note: 'mobile CPU TDP classes 15–45 W' },
  { id: 'desktop-cpu', label: 'Desktop CPU', watts: 95, range: [65, 125], pue: LOCAL_PUE.value, note: 'desktop CPU TDP classes 65–125 W' },
  { id: 'v100', label: 'NVIDIA V100', watts: 250, range: [250, 250], pue: DATA_CENTRE_PUE.value, note: 'V100 PCIe board power 250 W' },
  { id: 'a100', label: 'NVIDIA A100', watts: 400, range: [400, 400], pue: DATA_CENTRE_PUE.value, note: 'A100 SXM board power 400 W' },
  { id: 'h100', label: 'NVIDIA H100', watts: 700, range: [700, 700], pue: DATA_CENTRE_PUE.value, note: 'H100 SXM board power 700 W' },
]

/** A 10 W LED bulb (≈ 60 W incandescent light) lit for 24 hours: 0.24 kWh. */
export const LED_BULB_DAY_KWH = 0.24
/** One full smartphone charge from the wall: ≈ 13.5 Wh battery (3,500 mAh · 3.85 V) + ≈ 10% charger loss ≈ 15 Wh. */
export const PHONE_CHARGE_KWH = 0.015
/** A typical passenger car: US EPA, ≈ 400 g CO₂ per mile ≈ 250 g CO₂ per km. */
export const CAR_GRAMS_PER_KM = 250

/** J → kWh */
export function joulesToKwh(joules: number): number {
  return joules / JOULES_PER_KWH
}

/** kWh → J */
export function kwhToJoules(kwh: number): number {
  return kwh * JOULES_PER_KWH
}

/** E = P · t · PUE, in J and kWh, and CO₂ = E[kWh] · carbon intensity. */
export function energyOf(seconds: number, input: EnergyInput): EnergyEstimate {
  const joules = input.watts * seconds * input.pue
  const kWh = joulesToKwh(joules)
  return { seconds, joules, kWh, co2Grams: kWh * input.carbonGramsPerKwh }
}

/** Everyday equivalents of an energy estimate, each with the assumption it rests on. */
export function equivalents(e: EnergyEstimate): Equivalent[] {
  return [
    { label: 'LED bulb days', value: e.kWh / LED_BULB_DAY_KWH, assumption: 'a 10 W LED bulb lit for 24 h uses 0.24 kWh' },
    { label: 'phone charges', value: e.kWh / PHONE_CHARGE_KWH, assumption: 'one full smartphone charge ≈ 15 Wh from the wall (3,500 mAh at 3.85 V plus ≈10% charger loss)' },
    { label: 'km by car', value: e.co2Grams / CAR_GRAMS_PER_KM, assumption: 'a typical passenger car emits ≈ 250 g CO₂/km (US EPA: ≈ 400 g per mile)' },
  ]
}

/** A time model's estimate with its energy, CO₂ and equivalents (network and DBN estimates alike). */
export function withEnergy<Time extends { seconds: number }>(time: Time, input: EnergyInput): ModelEstimate<Time> {
  const energy = energyOf(time.seconds, input)
  return { time, energy, equivalents: equivalents(energy) }
}
