/**
 * Runtime validation of everything that enters the backend through the API contract (SPEC §1).
 * Each schema is tied to its contract type with `satisfies`, so the contract and the checks cannot drift.
 */
import { z } from 'zod'
import type { Invoke, InvokeChannel } from '../../shared/ipc'
import type { DenseLayerSpec, NetworkSpec, StartTrainingRequest, TrainSettings } from '../../shared/dto'
import type { SamplesRequest } from '../../shared/dto'

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

export const startTrainingSchema = z.strictObject({
  data: z.strictObject({
    kind: z.literal('builtin'),
    name: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/),
    seed: z.number().int().min(0).max(2 ** 32 - 1).optional(),
    noise: finite.min(0).max(10).optional(),
  }),
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

/** One tuple schema per request channel: the arguments, exactly. */
export const invokeSchemas = {
  'app:info': z.tuple([]),
  'data:builtins': z.tuple([]),
  'training:start': z.tuple([startTrainingSchema]),
  'training:stop': z.tuple([runId]),
  'training:pause': z.tuple([runId]),
  'training:resume': z.tuple([runId]),
  'training:samples': z.tuple([samplesRequestSchema]),
  'estimate:network': z.tuple([networkSchema]),
} satisfies { [K in InvokeChannel]: z.ZodType<Parameters<Invoke[K]>> }

/** Whether a string names a request channel of the contract. */
export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(invokeSchemas, channel)
}
