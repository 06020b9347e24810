/**
 * Draws the app's charts one per animation frame. Every training chart refreshes on the same
 * progress frame; drawn together they make one long frame four times a second (a visible stutter
 * on a slow machine), drawn in turn each frame carries at most one chart's work.
 */

const waiting = new Set<() => void>()
let scheduled = false

const nextFrame = (run: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run)
  else setTimeout(run, 16)
}

function drawOne(): void {
  scheduled = false
  const [draw] = waiting
  if (draw === undefined) return
  waiting.delete(draw)
  if (waiting.size > 0) schedule()
  draw()
}

function schedule(): void {
  if (scheduled) return
  scheduled = true
  nextFrame(drawOne)
}

/**
 * Runs `draw` in a coming animation frame, after the draws queued before it (first come, first
 * drawn). Queuing a draw that is already waiting keeps its place, so a chart draws at most once.
 */
export function queueChartDraw(draw: () => void): void {
  waiting.add(draw)
  schedule()
}

/** Forgets a queued draw (its chart is gone). */
export function cancelChartDraw(draw: () => void): void {
  waiting.delete(draw)
}
