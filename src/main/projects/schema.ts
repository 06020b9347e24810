/**
 * Validation of project files (SPEC §9) and of the `project:*` requests. A project file is untrusted
 * input: it is parsed with these schemas, and a file from a newer format version is refused before
 * anything else is read. Built on first use: `api/schemas.ts` refers to these lazily and this module
 * reuses its network and settings schemas, so neither may read the other while loading.
 */
import { z } from 'zod'
import type { DataFileRef, GraphNode, NetworkGraph, OpenRequest, ProjectDocument, SaveTarget } from '../../shared/project'
import { dataRefSchema, denseLayerSchema, importedDataRefSchema, networkSchema, trainSettingsSchema } from '../api/schemas'

export const PROJECT_FORMAT = 'layerwise-project'
export const PROJECT_VERSION = 1

function build() {
  const count = (max: number) => z.number().int().min(1).max(max)
  const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/)
  const xy = z.strictObject({ x: z.number().finite().min(-1e6).max(1e6), y: z.number().finite().min(-1e6).max(1e6) })
  const activation = denseLayerSchema.shape.activation
  const init = denseLayerSchema.shape.init.unwrap()
  const visible = z.enum(['bernoulli', 'gaussian'])
  const sizes = z.array(count(65_536)).min(1).max(16)
  const node = <K extends string, C extends z.ZodType>(kind: K, config: C) => z.strictObject({ id, kind: z.literal(kind), position: xy, config })

  const graphNode = z.discriminatedUnion('kind', [
    node('input', z.strictObject({ width: count(1_000_000) })),
    node('dense', z.strictObject({ units: count(65_536), activation, init, bias: z.boolean(), lrScale: z.number().finite().min(0).max(100) })),
    node('output', z.strictObject({ units: count(65_536), activation, loss: networkSchema.shape.loss, multiLabel: z.boolean(), init, bias: z.boolean() })),
    node('rbm', z.strictObject({ hidden: count(65_536), visible, k: count(100) })),
    node('dbn', z.strictObject({ layers: sizes, visible, k: count(100) })),
    node('autoencoder', z.strictObject({ layers: sizes, visible, k: count(100) })),
  ]) satisfies z.ZodType<GraphNode>

  const graph = z.strictObject({
    nodes: z.array(graphNode).max(256),
    edges: z.array(z.strictObject({ id: z.string().min(1).max(140), source: id, target: id })).max(1024),
  }) satisfies z.ZodType<NetworkGraph>

  const dataFile = z.strictObject({
    kind: z.literal('file'),
    name: z.string().min(1).max(255),
    path: z.string().min(1).max(4096),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    choices: importedDataRefSchema.pick({ target: true, task: true, missing: true, scaling: true, split: true }).optional(),
  }) satisfies z.ZodType<DataFileRef>

  // Last results are only displayed, never executed: checked for shape at the top level.
  const results = z.strictObject({ result: z.looseObject({ runId: z.string().max(64) }), epochs: z.array(z.looseObject({ epoch: z.number() })).max(1_000_000) })

  const document = z.strictObject({
    format: z.literal(PROJECT_FORMAT),
    version: z.literal(PROJECT_VERSION),
    name: z.string().min(1).max(200),
    savedAt: z.string().max(40),
    data: z.union([dataRefSchema, dataFile]),
    graph,
    network: networkSchema.nullable(),
    settings: trainSettingsSchema,
    results: results.nullable(),
  })

  const openRequest = z.discriminatedUnion('via', [
    z.strictObject({ via: z.literal('dialog') }),
    z.strictObject({ via: z.literal('recent'), handle: id }),
  ]) satisfies z.ZodType<OpenRequest>

  const saveTarget = z.discriminatedUnion('via', [
    z.strictObject({ via: z.literal('handle'), handle: id }),
    z.strictObject({ via: z.literal('dialog') }),
  ]) satisfies z.ZodType<SaveTarget>

  return {
    graphNode,
    graph,
    /** A project file, as parsed (its `results` are loosely typed). */
    file: document,
    /** The document as it crosses the contract. */
    document: document as unknown as z.ZodType<ProjectDocument>,
    openRequest,
    saveTarget,
    handle: id,
    /** A data file reference (`project:load-data`). */
    dataFile,
    /** Text of an uploaded project file (web mode), at most 32 MB. */
    text: z.string().min(1).max(32 * 1024 * 1024),
    dataName: z.string().min(1).max(255),
  }
}

let built: ReturnType<typeof build> | null = null

/** The project schemas (built on first use). */
export function projectSchemas(): ReturnType<typeof build> {
  built ??= build()
  return built
}
