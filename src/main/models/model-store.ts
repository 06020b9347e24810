/**
 * The models the backend keeps (SPEC §9): those of finished runs, by run id, and imported ones, by a
 * fresh id. Each is kept validated and ready to predict, with its summary; the oldest are forgotten
 * beyond `limit`, so a long session cannot fill memory with models.
 */
import type { ModelId, ModelInfo } from '../../shared/models'
import type { LoadedModel } from './model-file'
import { describeModel } from './model-info'

/** A kept model and its summary. */
export interface KeptModel {
  model: LoadedModel
  info: ModelInfo
}

export class ModelStore {
  private readonly models = new Map<ModelId, KeptModel>()

  constructor(private readonly limit = 8) {}

  /** Keeps `model` under `id` (replacing a model with the same id) and answers its summary. */
  add(id: ModelId, model: LoadedModel, meta: { name: string; source: ModelInfo['source'] }): ModelInfo {
    const info = describeModel(model, { id, ...meta, addedAt: new Date().toISOString() })
    this.models.delete(id)
    this.models.set(id, { model, info })
    for (const old of this.models.keys()) if (this.models.size > this.limit) this.models.delete(old)
    return info
  }

  /** The kept model with this id, if any. */
  get(id: ModelId): KeptModel | undefined {
    return this.models.get(id)
  }

  /** Summaries of the kept models, newest first. */
  list(): ModelInfo[] {
    return [...this.models.values()].map((m) => m.info).reverse()
  }
}
