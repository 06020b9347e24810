/**
 * Runtime validation of everything that enters the backend through the API contract (SPEC §1).
 * Each schema is tied to its contract type with `satisfies`, so the contract and the checks cannot drift.
 */
import { z } from 'zod'
import type { Invoke, InvokeChannel } from '../../shared/ipc'
import type { DenseLayerSpec, NetworkSpec, StartTrainingRequest, TrainSettings } from '../../shared/dto'
import type { SamplesRequest } from '../../shared/dto'
import type { DbnCostSpec } from '../../shared/dto'
import type { DbnTrainSettings, StartDbnRequest } from '../../shared/dbn'
import type { DbnAnomalyRequest, DbnDenoiseRequest, DbnExampleRequest, DbnFiltersRequest, DbnSampleRequest } from '../../shared/dbn-uses'
import type { CalibrateRequest, EstimateRequest, TrainingDataRef } from '../../shared/dto'
import type { BuiltinDataRef, DataRef, ImportBeginRequest, ImportChunk, ImportedDataRef, PreviewRequest } from '../../shared/dto'
import { projectSchemas } from '../projects/schema'
import { dbnCalibrateRequestSchema, dbnEstimateRequestSchema } from '../estimator/dbn-schema'
import type { ModelExportRequest, ModelImportRequest, PredictRequest } from '../../shared/models'

const finite = z.number().finite()
const positiveInt = (max: number) => z.number().int().min(1).max(max)

const activation = z.enum([
  'identity', 'step', 'sigmoid', 'tanh', 'arctan', 'relu', 'leakyRelu', 'elu', 'softplus',
  'bentIdentity', 'softExponential', 'sinusoid', 'sinc', 'gaussian', 'softmax',
])

export const denseLayerSchema = z.strictObject({
  units: positiveInt(65_536),
  activation,
  alpha: finite.optional(),
  bias: z.boolean().optional(),
  init: z.enum(['gaussian', 'glorotUniform', 'glorotNormal', 'heUniform', 'heNormal', 'lecunNormal']).optional(),
  initSigma: finite.positive().optional(),
  lrScale: finite.nonnegative().optional(),
}) satisfies z.ZodType<DenseLayerSpec>

export const networkSchema = z.strictObject({
  inputs: positiveInt(1_000_000),
  layers: z.array(denseLayerSchema).min(1).max(64),
  loss: z.enum(['mse', 'bce', 'cce']),
}) satisfies z.ZodType<NetworkSpec>

/** A DBN to cost (`estimate:dbn`). */
export const dbnCostSpecSchema = z.strictObject({
  inputs: positiveInt(1_000_000),
  layers: z.array(positiveInt(1_000_000)).min(1).max(64),
  k: z.array(positiveInt(1000)).max(64),
  classes: z.number().int().min(0).max(1_000_000).optional(),
}) satisfies z.ZodType<DbnCostSpec>

export const trainSettingsSchema = z.strictObject({
  optimizer: z.enum(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam']),
  learningRate: finite.positive().max(1e3),
  momentum: finite.min(0).max(1).optional(),
  momentumSchedule: z.boolean().optional(),
  momentumWarmupEpochs: z.number().int().min(0).max(1e6).optional(),
  beta1: finite.min(0).max(1).optional(),
  beta2: finite.min(0).max(1).optional(),
  rho: finite.min(0).max(1).optional(),
  epsilon: finite.positive().optional(),
  batchSize: z.union([positiveInt(1_000_000), z.literal('full')]),
  epochs: positiveInt(1_000_000),
  shuffle: z.boolean().optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  l1: finite.nonnegative().optional(),
  l2: finite.nonnegative().optional(),
  perLayerLrScaling: z.boolean().optional(),
  stopping: z
    .strictObject({
      lossDelta: finite.nonnegative().optional(),
      patience: positiveInt(1_000_000).optional(),
      restoreBest: z.boolean().optional(),
      targetAccuracy: finite.min(0).max(1).optional(),
    })
    .optional(),
  task: z.enum(['binary', 'multiclass', 'regression']).optional(),
}) satisfies z.ZodType<TrainSettings>

const fraction = finite.min(0).max(0.9)

const importId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/)

export const builtinDataRefSchema = z.strictObject({
  kind: z.literal('builtin'),
  name: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/),
  seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
  noise: finite.min(0).max(10).optional(),
}) satisfies z.ZodType<BuiltinDataRef>

export const importedDataRefSchema = z.strictObject({
  kind: z.literal('imported'),
  id: importId,
  name: z.string().max(1024),
  target: z.string().max(1024).optional(),
  task: z.enum(['binary', 'multiclass', 'regression']).optional(),
  missing: z.enum(['drop', 'mean', 'mostFrequent']).optional(),
  scaling: z.enum(['none', 'minmax', 'zscore']).optional(),
  split: z.strictObject({ validation: fraction, test: fraction }).optional(),
}) satisfies z.ZodType<ImportedDataRef>

export const dataRefSchema = z.discriminatedUnion('kind', [builtinDataRefSchema, importedDataRefSchema]) satisfies z.ZodType<DataRef>

/** At most 8 files per import, names up to 1 KiB, sizes up to 64 GiB (the data store applies the real limit). */
export const importBeginSchema = z.union([
  z.strictObject({ files: z.array(z.strictObject({ name: z.string().min(1).max(1024), size: z.number().int().min(0).max(2 ** 36) })).min(1).max(8) }),
  z.strictObject({ paths: z.array(z.string().min(1).max(4096)).min(1).max(8) }),
]) satisfies z.ZodType<ImportBeginRequest>

/** 1 MiB of bytes is 1,398,104 base64 characters. */
export const importChunkSchema = z.strictObject({
  importId,
  file: z.number().int().min(0).max(7),
  offset: z.number().int().min(0).max(2 ** 36),
  base64: z.string().max(1_398_104).regex(/^[A-Za-z0-9+/]*={0,2}$/),
}) satisfies z.ZodType<ImportChunk>

export const startTrainingSchema = z.strictObject({
  data: dataRefSchema,
  network: networkSchema,
  settings: trainSettingsSchema,
  split: z.strictObject({ validation: fraction, test: fraction }).optional(),
}) satisfies z.ZodType<StartTrainingRequest>

const runId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/)

const classIndex = z.number().int().min(0).max(65_535)

export const samplesRequestSchema = z.strictObject({
  runId,
  split: z.enum(['train', 'validation', 'test']),
  actual: classIndex,
  predicted: classIndex,
  limit: z.number().int().min(1).max(200).optional(),
}) satisfies z.ZodType<SamplesRequest>

const optimizerName = z.enum(['sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop', 'adam'])

/** The data a run trains on, as `training:start` names it (data reference, seed, hold-outs). */
export const trainingDataRefSchema = z.strictObject({
  data: dataRefSchema,
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  split: z.strictObject({ validation: fraction, test: fraction }).optional(),
}) satisfies z.ZodType<TrainingDataRef>

/** The estimator's inputs (SPEC §8); bounds keep every product finite. */
export const estimateRequestSchema = z.strictObject({
  network: networkSchema,
  samples: positiveInt(1e9),
  batchSize: positiveInt(1e9),
  epochs: positiveInt(1e7),
  optimizer: optimizerName.optional(),
  tOp: finite.positive().max(3600),
  inputDensity: finite.min(0).max(1).optional(),
  trainingData: trainingDataRefSchema.optional(),
  watts: finite.nonnegative().max(1e7),
  pue: finite.min(1).max(10),
  carbonGramsPerKwh: finite.nonnegative().max(5000),
}) satisfies z.ZodType<EstimateRequest>

export const calibrateRequestSchema = z.strictObject({
  network: networkSchema,
  samples: positiveInt(1e9),
  batchSize: positiveInt(1e9),
  optimizer: optimizerName.optional(),
  inputDensity: finite.min(0).max(1).optional(),
  rowDensities: z.array(finite.min(0).max(1)).max(4096).optional(),
  sampleRows: z.array(z.array(finite).max(100_000)).max(64).optional(),
  trainingData: trainingDataRefSchema.optional(),
}) satisfies z.ZodType<CalibrateRequest>

const modelId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/)

/** Model text up to 128 MiB (the model service applies the limit with a clear message); paths in the desktop app only. */
export const modelImportSchema = z.union([
  z.strictObject({ name: z.string().min(1).max(1024), text: z.string().max(256 * 1024 * 1024) }),
  z.strictObject({ path: z.string().min(1).max(4096) }),
]) satisfies z.ZodType<ModelImportRequest>

export const modelExportSchema = z.strictObject({ modelId, format: z.enum(['json', 'tfjs']) }) satisfies z.ZodType<ModelExportRequest>

export const predictRequestSchema = z.strictObject({ modelId, data: dataRefSchema }) satisfies z.ZodType<PredictRequest>

/** A DBN run (SPEC §4): bounded sizes and epochs; noise in the CLI form `saltpepper:0.2`, `gaussian:0.3[:noclip]`, `mask:0.25`. */
export const dbnSettingsSchema = z.strictObject({
  layers: z.array(positiveInt(65_536)).min(1).max(16),
  visible: z.enum(['bernoulli', 'gaussian']),
  rbmEpochs: z.number().int().min(0).max(100_000),
  cdK: positiveInt(1000),
  persistent: z.boolean(),
  learningRate: finite.positive().max(10),
  batchSize: positiveInt(1_000_000),
  fineTune: z.enum(['none', 'autoencoder', 'classifier']),
  fineTuneEpochs: z.number().int().min(0).max(100_000),
  fineTuneLearningRate: finite.positive().max(10).optional(),
  noise: z.string().max(64).regex(/^(?:(?:saltpepper|mask):(?:0(?:\.\d+)?|1(?:\.0+)?)|gaussian:\d+(?:\.\d+)?(?::noclip)?)$/).optional(),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  momentum: finite.min(0).max(0.999).optional(),
  momentumWarmupEpochs: z.number().int().min(0).max(100_000).optional(),
  weightDecay: finite.min(0).max(1).optional(),
}) satisfies z.ZodType<DbnTrainSettings>

export const startDbnSchema = z.strictObject({
  data: dataRefSchema,
  settings: dbnSettingsSchema,
  target: z.string().min(1).max(1024).optional(),
  split: z.strictObject({ validation: fraction, test: fraction }).optional(),
}) satisfies z.ZodType<StartDbnRequest>

/** The DBN use channels (issue 10): bounded rows shown, chains, steps and frames; noise levels within the engine's ranges. */
const seed = z.number().int().min(0).max(2 ** 32 - 1)
export const dbnDenoiseSchema = z.strictObject({
  modelId,
  data: dataRefSchema,
  noise: z.strictObject({ kind: z.enum(['saltpepper', 'gaussian', 'mask']), level: finite.min(0).max(5) }).refine((n) => n.kind === 'gaussian' || n.level <= 1, 'the rate of salt-and-pepper and masking noise is at most 1'),
  shown: z.number().int().min(0).max(64),
  seed,
}) satisfies z.ZodType<DbnDenoiseRequest>
export const dbnAnomalySchema = z.strictObject({
  modelId,
  data: dataRefSchema,
  score: z.enum(['recon', 'energy']),
  reference: dataRefSchema.optional(),
  labels: z.strictObject({ column: z.string().min(1).max(1024), positive: z.string().max(1024).optional() }).optional(),
  top: z.number().int().min(0).max(100),
}) satisfies z.ZodType<DbnAnomalyRequest>
export const dbnSampleSchema = z.strictObject({ modelId, count: positiveInt(64), steps: positiveInt(10_000), frames: positiveInt(100), seed }) satisfies z.ZodType<DbnSampleRequest>
export const dbnFiltersSchema = z.strictObject({ modelId, layer: positiveInt(16), max: positiveInt(1024) }) satisfies z.ZodType<DbnFiltersRequest>
export const dbnExampleSchema = z.strictObject({ digit: z.number().int().min(0).max(9), rows: z.number().int().min(100).max(10_000) }) satisfies z.ZodType<DbnExampleRequest>

/** One tuple schema per request channel: the arguments, exactly. */
export const invokeSchemas = {
  'app:info': z.tuple([]),
  'data:builtins': z.tuple([]),
  'data:begin': z.tuple([importBeginSchema]),
  'data:chunk': z.tuple([importChunkSchema]),
  'data:import': z.tuple([importId]),
  'data:cancel': z.tuple([importId]),
  'data:preview': z.tuple([z.strictObject({ data: dataRefSchema }) satisfies z.ZodType<PreviewRequest>]),
  'data:pin': z.tuple([z.array(importId).max(16)]),
  'training:start': z.tuple([startTrainingSchema]),
  'training:stop': z.tuple([runId]),
  'training:pause': z.tuple([runId]),
  'training:resume': z.tuple([runId]),
  'training:samples': z.tuple([samplesRequestSchema]),
  'dbn:start': z.tuple([startDbnSchema]),
  'dbn:denoise': z.tuple([dbnDenoiseSchema]),
  'dbn:denoise-csv': z.tuple([dbnDenoiseSchema]),
  'dbn:anomaly': z.tuple([dbnAnomalySchema]),
  'dbn:sample': z.tuple([dbnSampleSchema]),
  'dbn:filters': z.tuple([dbnFiltersSchema]),
  'dbn:example': z.tuple([dbnExampleSchema]),
  'estimate:network': z.tuple([networkSchema]),
  'estimate:dbn': z.tuple([dbnCostSpecSchema]),
  'estimate:machine': z.tuple([]),
  'estimate:run': z.tuple([estimateRequestSchema]),
  'estimate:calibrate': z.tuple([calibrateRequestSchema]),
  'estimate:meterStart': z.tuple([]),
  'estimate:meterStop': z.tuple([z.string().uuid()]),
  'estimate:dbnRun': z.tuple([dbnEstimateRequestSchema]),
  'estimate:dbnCalibrate': z.tuple([dbnCalibrateRequestSchema]),
  'project:recent': z.tuple([]),
  'project:open': z.tuple([z.lazy(() => projectSchemas().openRequest)]),
  'project:save': z.tuple([z.lazy(() => projectSchemas().document), z.lazy(() => projectSchemas().saveTarget)]),
  'project:autosave': z.tuple([z.lazy(() => projectSchemas().document), z.lazy(() => projectSchemas().handle).nullable()]),
  'project:parse': z.tuple([z.lazy(() => projectSchemas().text)]),
  'project:locate-data': z.tuple([z.lazy(() => projectSchemas().dataName)]),
  'project:data-ref': z.tuple([dataRefSchema]),
  'project:load-data': z.tuple([z.lazy(() => projectSchemas().dataFile)]),
  'model:list': z.tuple([]),
  'model:import': z.tuple([modelImportSchema]),
  'model:export': z.tuple([modelExportSchema]),
  'model:save': z.tuple([modelExportSchema]),
  'model:predict': z.tuple([predictRequestSchema]),
  'model:predictions-csv': z.tuple([predictRequestSchema]),
  'model:snapshot': z.tuple([modelId]),
} satisfies { [K in InvokeChannel]: z.ZodType<Parameters<Invoke[K]>> }

/** Whether a string names a request channel of the contract. */
export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeSchemas, channel)
}
