/**
 * zod schemas of the DBN estimate channels (`estimate:dbnRun`, `estimate:dbnCalibrate`), tied to the
 * contract's payload types; src/main/api/schemas.ts lists them. Bounds as the DBN job's own
 * (`dbnSettingsSchema`: ≤ 16 RBMs of ≤ 65,536 units), and a calibration allocates every RBM it times, so
 * its stack is limited to `MAX_CALIBRATION_WEIGHTS` weights.
 */
import { z } from 'zod'
import type { DbnCalibrateRequest, DbnEstimateRequest, DbnRunShape } from '../../shared/dbn-estimate'

const finite = z.number().finite()
const positiveInt = (max: number) => z.number().int().min(1).max(max)
const count = (max: number) => z.number().int().min(0).max(max)

/** Weights of all RBMs of a stack a calibration may time (64 M floats = 256 MB). */
export const MAX_CALIBRATION_WEIGHTS = 64 * 1024 * 1024

export const dbnRunShapeSchema = z.strictObject({
  inputs: positiveInt(1_000_000),
  layers: z.array(positiveInt(65_536)).min(1).max(16),
  k: z.array(positiveInt(1000)).max(16),
  persistent: z.boolean().optional(),
  visible: z.enum(['bernoulli', 'gaussian']).optional(),
  samples: positiveInt(1e9),
  validationRows: count(1e9).optional(),
  batchSize: positiveInt(1e9),
  epochs: count(1e7),
  fineTune: z.enum(['none', 'autoencoder', 'classifier']).optional(),
  classes: z.number().int().min(2).max(65_536).optional(),
  fineTuneEpochs: count(1e7).optional(),
  inputDensity: finite.min(0).max(1).optional(),
  monitorRows: positiveInt(1e9).optional(),
}) satisfies z.ZodType<DbnRunShape>

export const dbnEstimateRequestSchema = z.strictObject({
  shape: dbnRunShapeSchema,
  tOp: finite.positive().max(3600),
  watts: finite.nonnegative().max(1e7),
  pue: finite.min(1).max(10),
  carbonGramsPerKwh: finite.nonnegative().max(5000),
}) satisfies z.ZodType<DbnEstimateRequest>

/** Σ v·h over the stack. */
function stackWeights(s: DbnRunShape): number {
  let visible = s.inputs
  let total = 0
  for (const h of s.layers) {
    total += visible * h
    visible = h
  }
  return total
}

export const dbnCalibrateRequestSchema = z.strictObject({
  shape: dbnRunShapeSchema.refine(
    (s) => stackWeights(s) <= MAX_CALIBRATION_WEIGHTS,
    `the stack is too large to calibrate (more than ${MAX_CALIBRATION_WEIGHTS.toLocaleString('en')} weights)`,
  ),
  sampleRows: z.array(z.array(finite).max(1_000_000)).max(64).optional(),
}) satisfies z.ZodType<DbnCalibrateRequest>
