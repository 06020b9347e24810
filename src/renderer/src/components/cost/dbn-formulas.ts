/** The formulas behind the DBN estimate, filled in with the numbers of one estimate (tooltips of the Cost view). */
import type { DbnCalibrationInfo, DbnEstimateReply, DbnRunShape } from '../../../../shared/dbn-estimate'
import { formatCount, formatSeconds } from './cost-format'

/** t = t_op · R · (N/m) · e (+ t_op · L_ft · (N/m) · e_ft), with the numbers. */
export function dbnLayerFormula(e: DbnEstimateReply, s: DbnRunShape, tOp: number): string {
  const m = Math.min(s.batchSize, s.samples)
  const ft = e.cost.fineTune ? ` + t_op · L_ft · (N/m) · e_ft = … + ${tOp} · ${e.cost.fineTune.widths.length - 1} · (${s.samples}/${m}) · ${s.fineTuneEpochs ?? 0}` : ''
  return (
    `t = t_op · R · (N/m) · e = ${tOp} · ${s.layers.length} · (${s.samples}/${m}) · ${s.epochs}${ft} = ${formatSeconds(e.layerModel.time.seconds)}\n` +
    'R = number of RBMs, each trained e epochs on N rows in batches of m; one layer operation per RBM and batch' +
    (e.cost.fineTune ? `; fine-tuning the unrolled ${e.cost.fineTune.kind} has L_ft = ${e.cost.fineTune.widths.length - 1} weight layers.` : '.')
  )
}

/** The calibrated model's form and constants, with the calibration they come from and κ per RBM. */
export function dbnFlopFormula(c: DbnCalibrationInfo | null, s: DbnRunShape | null, correction: DbnEstimateReply['correction'] | null = null): string {
  if (!c) return 'Not calibrated yet: press Calibrate to time this stack’s RBMs on this machine (≤ 3 s).'
  const p = c.params
  const ft = p.fineTune
  return (
    `One CD-k batch of r rows: t = a + f·r + c·U + r·G/R + d·r·E, fitted on ${c.points.length} timings of ${c.shapes} (rms ${(c.rms.cd * 100).toFixed(1)} %):\n` +
    `a = ${(p.cd.perBatch * 1e6).toFixed(2)} µs per batch, f = ${(p.cd.perRow * 1e9).toFixed(1)} ns per row, c = ${(p.cd.perUpdateFlop * 1e9).toFixed(3)} ns per update FLOP (U = 6·weights + 2·biases), ` +
    `R = ${formatCount(p.cd.flopsPerSecond)}FLOP/s for the CD products (G per row = 2vh·ρ + 4k·vh + 4vh), d = ${(p.cd.perElement * 1e9).toFixed(2)} ns per elementwise op (E: σ, draws, sums).\n` +
    `Per epoch the monitors on ≤ 1000 rows of each set, and after each RBM the N + V rows propagated up: rows·(u + G/R_ev + d_ev·E) with u = ${(p.eval.perRow * 1e9).toFixed(1)} ns, ` +
    `R_ev = ${formatCount(p.eval.flopsPerSecond)}FLOP/s, d_ev = ${(p.eval.perElement * 1e9).toFixed(2)} ns.\n` +
    (ft
      ? `Fine-tuning batch: t = a_ft + c_ft·13·P + r·F/R_ft with a_ft = ${(ft.perBatch * 1e6).toFixed(1)} µs, c_ft = ${(ft.perUpdateFlop * 1e9).toFixed(2)} ns, R_ft = ${formatCount(ft.flopsPerSecond)}FLOP/s.\n`
      : 'Fine-tuning (if any) at the CD constants: the calibration timed none.\n') +
    `ρ = ${(s?.inputDensity ?? 1).toFixed(2)}: ${p.skipsZeros && (s?.inputDensity ?? 1) <= 0.4 ? 'the first RBM’s products with data batches skip zeros (ρ·2vh).' : 'dense products.'}\n` +
    `κ per RBM = ${(correction?.factors ?? []).map((k) => k.toFixed(3)).join(', ') || '–'} (${correction?.reason ?? '–'}): each RBM's CD batches are κ × the fitted model.`
  )
}

/** E = P · t · PUE and CO₂, with the numbers. */
export function dbnEnergyFormula(watts: number, pue: number, carbon: number): string {
  return `E = P · t · PUE = ${watts} W · t · ${pue}; 1 kWh = 3.6 MJ; CO₂ = E[kWh] · ${carbon} g/kWh`
}
