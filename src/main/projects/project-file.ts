/**
 * Reading and writing `*.layerwise.json` (SPEC §9): parse with the schema, refuse newer versions with
 * a message that says what to do, and serialize as stable, readable JSON.
 */
import { z } from 'zod'
import type { ProjectDocument } from '../../shared/project'
import { UserError } from '../api/dispatch'
import { PROJECT_FORMAT, PROJECT_VERSION, projectSchemas } from './schema'

/** File name suffix of project files. */
export const PROJECT_EXTENSION = '.layerwise.json'

/** Parses a project file's text; throws a `UserError` that a person can act on. */
export function parseProject(text: string, source = 'This file'): ProjectDocument {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new UserError(`${source} is not a Layerwise project: it is not valid JSON.`)
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== PROJECT_FORMAT) {
    throw new UserError(`${source} is not a Layerwise project (no "format": "${PROJECT_FORMAT}").`)
  }
  const version = (json as { version?: unknown }).version
  if (typeof version === 'number' && version > PROJECT_VERSION) {
    throw new UserError(`${source} was saved by a newer Layerwise (project format version ${version}; this version reads up to ${PROJECT_VERSION}). Update Layerwise to open it.`)
  }
  const parsed = projectSchemas().file.safeParse(json)
  if (!parsed.success) throw new UserError(`${source} is damaged or not a valid Layerwise project: ${z.prettifyError(parsed.error).split('\n').slice(0, 3).join(' ')}`)
  return parsed.data as unknown as ProjectDocument
}

/** The file's text: two-space indented JSON with a final newline. */
export function serializeProject(document: ProjectDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`
}

/** `name` with the project extension, e.g. "digits" → "digits.layerwise.json". */
export function withProjectExtension(name: string): string {
  return name.endsWith(PROJECT_EXTENSION) ? name : `${name.replace(/\.json$/i, '')}${PROJECT_EXTENSION}`
}

/** The project name of a file path: its base name without the extension. */
export function projectNameOf(path: string): string {
  const base = path.split(/[\\/]/).pop() ?? path
  return base.endsWith(PROJECT_EXTENSION) ? base.slice(0, -PROJECT_EXTENSION.length) : base.replace(/\.json$/i, '')
}
