/**
 * The project file service behind the `project:*` channels (SPEC §9). It never takes a path from the
 * renderer: paths come from the native dialogs or from the recent-files list this service keeps itself,
 * and the renderer refers to them by opaque handles. Saves are atomic; the recent list and the
 * autosave of an untitled project live in the app's state folder.
 */
import { createHash, randomBytes } from 'node:crypto'
import { mkdir, readFile, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { AutosaveReply, DataCheck, DataFileRef, OpenRequest, OpenedProject, ProjectDocument, ProjectHandle, SaveTarget, SavedProject } from '../../shared/project'
import { UserError } from '../api/dispatch'
import { atomicWriteFile, removeStaleTemps } from '../services/atomic-write'
import { formatBytes } from '../data'
import { parseProject, projectNameOf, serializeProject, withProjectExtension } from './project-file'

/** Native file dialogs (Electron); absent under the web host, where projects are downloaded and uploaded. */
export interface ProjectDialogs {
  openProject(): Promise<string | null>
  saveProject(defaultName: string): Promise<string | null>
  openDataFile(name: string): Promise<string | null>
}

export interface ProjectServiceOptions {
  /** Folder for the recent-files list and the untitled autosave; null keeps nothing on disk. */
  stateDir: string | null
  dialogs: ProjectDialogs | null
}

interface RecentEntry {
  handle: string
  path: string
  name: string
}

/** At most this many recent files are remembered. */
export const RECENT_LIMIT = 10
const RECOVERY_NAME = 'untitled-autosave.layerwise.json'
const NO_DIALOGS = 'In the browser, projects are opened by upload and saved by download: use Open… and Save in the project bar.'

/** SHA-256 of a file's bytes, hex. */
export async function hashFile(path: string): Promise<string> {
  return createHash('sha256').update(await readFile(path)).digest('hex')
}

export class ProjectService {
  private recent: RecentEntry[] | null = null
  private writes: Promise<unknown> = Promise.resolve()

  constructor(private readonly options: ProjectServiceOptions) {}

  /** The recent files, newest first (paths are shown, never accepted back). */
  async list(): Promise<ProjectHandle[]> {
    return (await this.entries()).map((e) => ({ handle: e.handle, name: e.name, path: e.path }))
  }

  /** Validates an uploaded or dropped project file's text. */
  parse(text: string): ProjectDocument {
    return parseProject(text)
  }

  async open(request: OpenRequest): Promise<OpenedProject> {
    const path = request.via === 'dialog' ? await this.dialogs().openProject() : await this.pathOf(request.handle)
    if (!path) throw new UserError('No project was opened.')
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch {
      throw new UserError(`The project “${basename(path)}” cannot be read: it was moved or deleted.`)
    }
    const document = parseProject(text, `“${basename(path)}”`)
    const entry = await this.remember(path, document.name)
    return { handle: entry.handle, name: document.name, path, document, data: await checkData(document.data) }
  }

  async save(document: ProjectDocument, target: SaveTarget): Promise<SavedProject> {
    const path = target.via === 'dialog' ? await this.dialogs().saveProject(withProjectExtension(document.name)) : await this.pathOf(target.handle)
    if (!path) throw new UserError('The project was not saved.')
    const file = withProjectExtension(path)
    const name = target.via === 'dialog' ? projectNameOf(file) : document.name
    await this.write(file, { ...document, name })
    const entry = await this.remember(file, name)
    return { handle: entry.handle, name, path: file, savedAt: document.savedAt }
  }

  /** Autosave: into the project's own file, or (untitled) into the recovery file listed first among the recent files. */
  async autosave(document: ProjectDocument, handle: string | null): Promise<AutosaveReply> {
    if (handle) {
      await this.write(await this.pathOf(handle), document)
      return { savedAt: document.savedAt, recovery: false }
    }
    if (!this.options.stateDir) throw new UserError(NO_DIALOGS)
    const file = join(this.options.stateDir, RECOVERY_NAME)
    await mkdir(this.options.stateDir, { recursive: true })
    await this.write(file, document)
    await this.remember(file, `${document.name} (autosaved)`)
    return { savedAt: document.savedAt, recovery: true }
  }

  /** Asks for a data file that moved, and answers its new reference (with the size and hash of its content). */
  async locateData(name: string): Promise<DataFileRef | null> {
    const path = await this.dialogs().openDataFile(name)
    return path ? { kind: 'file', name: basename(path), path, sha256: await hashFile(path), size: (await stat(path)).size } : null
  }

  /** Resolves when every save that has started is on disk (before quitting). */
  async flush(): Promise<void> {
    await this.writes.catch(() => undefined)
  }

  private dialogs(): ProjectDialogs {
    if (!this.options.dialogs) throw new UserError(NO_DIALOGS)
    return this.options.dialogs
  }

  private write(path: string, document: ProjectDocument): Promise<void> {
    const run = this.writes.catch(() => undefined).then(async () => {
      await removeStaleTemps(path)
      await atomicWriteFile(path, serializeProject(document))
    })
    this.writes = run
    return run
  }

  private async pathOf(handle: string): Promise<string> {
    const entry = (await this.entries()).find((e) => e.handle === handle)
    if (!entry) throw new UserError('That project is no longer in the recent files: open it with Open….')
    return entry.path
  }

  private async entries(): Promise<RecentEntry[]> {
    if (this.recent) return this.recent
    this.recent = []
    if (!this.options.stateDir) return this.recent
    try {
      const saved = JSON.parse(await readFile(this.recentFile(), 'utf8')) as unknown
      if (Array.isArray(saved)) {
        this.recent = saved
          .filter((e): e is RecentEntry => typeof e?.handle === 'string' && typeof e?.path === 'string' && typeof e?.name === 'string')
          .slice(0, RECENT_LIMIT)
      }
    } catch {
      // No list yet, or a damaged one: start empty.
    }
    return this.recent
  }

  private async remember(path: string, name: string): Promise<RecentEntry> {
    const entries = await this.entries()
    const entry = { handle: entries.find((e) => e.path === path)?.handle ?? randomBytes(9).toString('base64url'), path, name }
    this.recent = [entry, ...entries.filter((e) => e.path !== path)].slice(0, RECENT_LIMIT)
    if (this.options.stateDir) {
      await mkdir(this.options.stateDir, { recursive: true })
      await atomicWriteFile(this.recentFile(), JSON.stringify(this.recent, null, 2))
    }
    return entry
  }

  private recentFile(): string {
    return join(this.options.stateDir!, 'recent-projects.json')
  }
}

/**
 * Whether a project's data is where it says with the content it had (built-in and imported sets are
 * always "ok" here). A file of another size has changed without being read; else its SHA-256 decides.
 * The messages name the file to drop again; the rest of the project opens either way.
 */
export async function checkData(data: ProjectDocument['data']): Promise<DataCheck> {
  if (data.kind !== 'file') return { status: 'ok', message: null }
  const file = `“${data.name}”${data.size === undefined ? '' : ` (${formatBytes(data.size)})`}`
  let size: number
  try {
    const found = await stat(data.path)
    if (!found.isFile()) throw new Error('not a file')
    size = found.size
  } catch {
    return { status: 'missing', message: `The data file ${file} is no longer at ${data.path}: drop it on the window again, or locate it, to train this project.` }
  }
  const resized = data.size !== undefined && size !== data.size
  if (resized || (await hashFile(data.path)) !== data.sha256) {
    const how = resized ? `it is ${formatBytes(size)} now` : 'same size, different content'
    return {
      status: 'changed',
      message: `The data file “${data.name}” at ${data.path} has changed since the project was saved (${how}): drop the original ${file} on the window again, or locate it, to train this project.`,
    }
  }
  return { status: 'ok', message: null }
}
