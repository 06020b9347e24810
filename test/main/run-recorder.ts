/** Test helper: an event sink that collects a training run's progress frames and resolves when it ends. */
import type { EventSink } from '../../src/main/services/event-sink'
import type { ProgressFrame, RunError, RunResult } from '../../src/shared/dto'

/** Collects events and lets a test wait for the end of a run. */
export function recorder() {
  const frames: ProgressFrame[] = []
  let settle: (value: RunResult | RunError) => void = () => undefined
  const ended = new Promise<RunResult | RunError>((resolve) => (settle = resolve))
  const sink: EventSink = {
    emit(channel, ...args) {
      if (channel === 'training:progress') frames.push(args[0] as ProgressFrame)
      if (channel === 'training:finished' || channel === 'training:error') settle(args[0] as RunResult | RunError)
    },
  }
  return { frames, ended, sink }
}
