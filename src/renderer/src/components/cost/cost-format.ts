/** Number formats of the Cost view: durations, energies, counts with SI prefixes, signed percentages. */

/** 0.0042 → "4.2 ms", 95 → "1.6 min", 7300 → "2.03 h". */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '–'
  if (s < 1e-3) return `${(s * 1e6).toFixed(0)} µs`
  if (s < 1) return `${(s * 1e3).toPrecision(3)} ms`
  if (s < 120) return `${s.toPrecision(3)} s`
  if (s < 7200) return `${(s / 60).toPrecision(3)} min`
  if (s < 172_800) return `${(s / 3600).toPrecision(3)} h`
  return `${(s / 86_400).toPrecision(3)} days`
}

/** A count with an SI prefix: 101770 → "102k", 2.47e11 → "247G". */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return '–'
  const units: [number, string][] = [[1e15, 'P'], [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']]
  for (const [scale, prefix] of units) if (Math.abs(n) >= scale) return `${(n / scale).toPrecision(3)}${prefix}`
  return String(Math.round(n))
}

/** 101770 → "101,770". */
export function formatInteger(n: number): string {
  return Math.round(n).toLocaleString('en')
}

/** Energy in J with a prefix: 3900 → "3.90 kJ". */
export function formatJoules(j: number): string {
  if (!Number.isFinite(j)) return '–'
  if (j >= 1e6) return `${(j / 1e6).toPrecision(3)} MJ`
  if (j >= 1e3) return `${(j / 1e3).toPrecision(3)} kJ`
  if (j >= 1) return `${j.toPrecision(3)} J`
  return `${(j * 1e3).toPrecision(3)} mJ`
}

/** A number of any size in 3 digits: 1.08e-3 → "0.00108", 2.1e-7 → "2.10e-7", 48750 → "48,750". */
export function formatSmall(x: number): string {
  if (!Number.isFinite(x)) return '–'
  if (x === 0) return '0'
  if (Math.abs(x) >= 1e3 && Math.abs(x) < 1e9) return Math.round(x).toLocaleString('en')
  if (Math.abs(x) >= 1e-3 && Math.abs(x) < 1e3) return x.toPrecision(3)
  return x.toExponential(2)
}

/** +12.3 % / −4.0 % */
export function formatPercent(p: number | null): string {
  if (p === null || !Number.isFinite(p)) return '–'
  return `${p >= 0 ? '+' : '−'}${Math.abs(p).toFixed(1)} %`
}
