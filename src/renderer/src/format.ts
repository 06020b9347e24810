/** Number formats shared by the views. */

/** 83 → "1 min 23 s", 4.2 → "4.2 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '–'
  if (seconds < 10) return `${seconds.toFixed(1)} s`
  if (seconds < 60) return `${Math.round(seconds)} s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes} min ${Math.round(seconds - minutes * 60)} s`
}

/** 123456 → "123k", 1.5e6 → "1.5M". */
export function formatRate(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '–'
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(1)}M`
  if (perSecond >= 1e4) return `${Math.round(perSecond / 1e3)}k`
  return String(Math.round(perSecond))
}

/** 96 → "96 bytes", 12345 → "12.3 kB" (as the backend's messages write sizes). */
export function formatBytes(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} MB`
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} kB`
  return `${n} bytes`
}
