/**
 * A project's data file (SPEC §9, issue 6): the reference a project saves for a data set imported from
 * one file (its path and the SHA-256 of its bytes, with the user's choices), and the load of that file
 * through the data store when the project is opened again, so Train works without a manual re-import.
 */
import type { AppInfo, DataPreview, DataRef } from '../../shared/dto'
import type { DataFileRef, ProjectDataRef } from '../../shared/project'
import type { DataStore } from '../services/data-store'
import { UserError } from '../api/dispatch'
import { checkData } from './project-service'

/** What a project saves for `data`: a file reference for a set imported from one file, else `data` itself. */
export function projectDataRef(store: DataStore, data: DataRef): ProjectDataRef {
  if (data.kind !== 'imported') return data
  const origin = store.origin(data.id)
  if (!origin) return data
  const { target, task, missing, scaling, split } = data
  const choices = Object.fromEntries(Object.entries({ target, task, missing, scaling, split }).filter(([, v]) => v !== undefined))
  return {
    kind: 'file',
    name: origin.name,
    path: origin.path ?? origin.name,
    sha256: origin.sha256,
    size: origin.size,
    ...(Object.keys(choices).length > 0 ? { choices } : {}),
  }
}

/**
 * Imports a project's data file by path (desktop app) when it is still there with the same content,
 * applies the saved choices, and answers the preview whose `data` the network binds to. Refuses a
 * missing or changed file with the sentence the app shows (the user then locates the file).
 */
export async function loadProjectData(store: DataStore, ref: DataFileRef, host: AppInfo['host']): Promise<DataPreview> {
  // never a path from a browser page: there the user picks the file, which is uploaded
  if (host !== 'electron') throw new UserError(`In the browser a data file cannot be opened by its path: pick “${ref.name}” to load it.`)
  const check = await checkData(ref)
  if (check.status !== 'ok') throw new UserError(check.message ?? `The data file “${ref.name}” cannot be used.`)
  const id = store.begin({ paths: [ref.path] })
  const preview = await store.import(id)
  if (!ref.choices || Object.keys(ref.choices).length === 0 || preview.data.kind !== 'imported') return preview
  return store.preview({ ...preview.data, ...ref.choices })
}
