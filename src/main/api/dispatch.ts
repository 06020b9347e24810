/**
 * Transport-independent request dispatch: checks the channel and validates the arguments against
 * the contract's schemas, then calls the handler. Invalid input becomes an error reply, never a throw,
 * so neither the Electron main process nor the web host can be crashed by a renderer.
 */
import { z } from 'zod'
import type { Invoke, InvokeChannel, Reply } from '../../shared/ipc'
import { invokeSchemas, isInvokeChannel } from './schemas'

/** One implementation per request channel; it may be async. */
export type Handlers = { [K in InvokeChannel]: (...args: Parameters<Invoke[K]>) => ReturnType<Invoke[K]> | Promise<ReturnType<Invoke[K]>> }

/** A user-facing failure: its message is sent to the renderer as it is. */
export class UserError extends Error {
  override name = 'UserError'
}

/** Validates `args` for `channel` and runs its handler. */
export async function dispatch(handlers: Handlers, channel: unknown, args: unknown): Promise<Reply<unknown>> {
  if (!isInvokeChannel(channel)) return { ok: false, error: `Unknown request channel ${JSON.stringify(String(channel)).slice(0, 80)}.` }
  const parsed = invokeSchemas[channel].safeParse(args)
  if (!parsed.success) return { ok: false, error: `Invalid arguments for ${channel}: ${z.prettifyError(parsed.error)}` }
  try {
    const handler = handlers[channel] as (...a: unknown[]) => unknown
    const value = await handler(...(parsed.data as unknown[]))
    return { ok: true, value: value ?? null }
  } catch (error) {
    return { ok: false, error: error instanceof UserError ? error.message : `Internal error in ${channel}: ${(error as Error)?.message ?? String(error)}` }
  }
}
