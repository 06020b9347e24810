import type { EventChannel, Events } from '../../shared/ipc'

/** Where backend services publish events: Electron windows, web sockets, or a test's array. */
export interface EventSink {
  emit<K extends EventChannel>(channel: K, ...args: Parameters<Events[K]>): void
}
