/**
 * Wires Vue Flow's events to the network store: Vue Flow runs controlled (`applyDefault: false`),
 * so a drag, a selection, a connection or a drop becomes a store action, and the canvas redraws from
 * the store. Also the editor's keyboard shortcuts (Delete, Ctrl+Z/Y, Ctrl+C/V, Ctrl+S, F, Esc).
 */
import { nextTick, onBeforeUnmount, onMounted, watch } from 'vue'
import { useVueFlow, type Connection, type EdgeChange, type NodeChange } from '@vue-flow/core'
import type { NodeKind, XY } from '../graph/types'
import { NODE_KINDS, NODE_MIME } from '../graph/nodes'
import { useNetworkStore } from '../stores/network'

/** Width of a node card on the canvas (LayerNode.vue). */
const NODE_WIDTH = 224

/** Id of the editor's Vue Flow instance. */
export const FLOW_ID = 'network-editor'

export function useFlowEditor(options: { save: () => void }) {
  const store = useNetworkStore()
  const flow = useVueFlow(FLOW_ID)

  function onNodesChange(changes: NodeChange[]): void {
    const positions = new Map<string, XY>()
    let dragEnded = false
    let selection: Set<string> | null = null
    for (const change of changes) {
      if (change.type === 'position') {
        if (change.position) positions.set(change.id, change.position)
        if (change.dragging === false) dragEnded = true
      } else if (change.type === 'select') {
        selection ??= new Set(store.selectedNodes)
        if (change.selected) selection.add(change.id)
        else selection.delete(change.id)
      } else if (change.type === 'remove') {
        store.remove([change.id])
      }
    }
    if (positions.size > 0 || dragEnded) store.moveNodes(positions, dragEnded)
    if (selection) store.select([...selection], store.selectedEdges.filter(() => selection!.size === 0))
  }

  function onEdgesChange(changes: EdgeChange[]): void {
    let selection: Set<string> | null = null
    for (const change of changes) {
      if (change.type === 'select') {
        selection ??= new Set(store.selectedEdges)
        if (change.selected) selection.add(change.id)
        else selection.delete(change.id)
      } else if (change.type === 'remove') {
        store.remove([], [change.id])
      }
    }
    if (selection) store.select(selection.size > 0 ? [] : store.selectedNodes, [...selection])
  }

  const onConnect = (connection: Connection) => store.connect(connection.source, connection.target)

  /** Adds a node where a palette item was dropped. */
  function onDrop(event: DragEvent): void {
    const kind = event.dataTransfer?.getData(NODE_MIME) as NodeKind | undefined
    if (!kind || !NODE_KINDS.some((k) => k.kind === kind)) return
    event.preventDefault()
    const at = flow.screenToFlowCoordinate({ x: event.clientX, y: event.clientY })
    store.addNode(kind, { x: Math.round(at.x - NODE_WIDTH / 2), y: Math.round(at.y - 30) })
  }

  function onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes(NODE_MIME)) return
    event.preventDefault()
    event.dataTransfer.dropEffect = 'copy'
  }

  /** Adds a node in the middle of the visible canvas (palette click), moved down until it overlaps no other node. */
  function addAtCentre(kind: NodeKind, element: HTMLElement | null): void {
    const box = element?.getBoundingClientRect()
    const centre = box ? flow.screenToFlowCoordinate({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 }
    const size = { width: NODE_WIDTH, height: 120 }
    const taken = flow.getNodes.value.map((n) => ({ x: n.position.x, y: n.position.y, width: n.dimensions.width || size.width, height: n.dimensions.height || size.height }))
    const at = { x: Math.round(centre.x - size.width / 2), y: Math.round(centre.y - size.height / 2) }
    const overlaps = () => taken.some((t) => at.x < t.x + t.width + 20 && t.x < at.x + size.width + 20 && at.y < t.y + t.height + 20 && t.y < at.y + size.height + 20)
    for (let i = 0; i < 50 && overlaps(); i++) at.y += 40
    store.addNode(kind, at)
  }

  /** Auto-layout with the measured node sizes, then fit the view. */
  function layout(): void {
    const sizes = new Map(flow.getNodes.value.map((n) => [n.id, { width: n.dimensions.width || NODE_WIDTH, height: n.dimensions.height || 120 }]))
    store.autoLayout(sizes)
    setTimeout(() => void flow.fitView({ padding: 0.2, duration: 200 }), 0)
  }

  const fit = () => void flow.fitView({ padding: 0.2, duration: 200 })
  // A new or opened project is shown whole, once its nodes have been measured.
  watch(
    () => store.loads,
    () => void nextTick(() => setTimeout(() => void flow.fitView({ padding: 0.2 }), 50)),
  )

  function onKeyDown(event: KeyboardEvent): void {
    const target = event.target as HTMLElement | null
    if (target && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))) return
    const mod = event.ctrlKey || event.metaKey
    const key = event.key.toLowerCase()
    const handled = (run: () => void) => {
      event.preventDefault()
      run()
    }
    if (mod && key === 's') return handled(options.save)
    if (mod && key === 'z' && !event.shiftKey) return handled(store.undo)
    if (mod && (key === 'y' || (key === 'z' && event.shiftKey))) return handled(store.redo)
    if (mod && key === 'c') return void store.copySelection()
    if (mod && key === 'v') return handled(store.paste)
    if (mod && key === 'a') return handled(() => store.select(store.graph.nodes.map((n) => n.id), []))
    if (mod || event.altKey) return
    if (key === 'delete' || key === 'backspace') return handled(store.deleteSelection)
    if (key === 'f') return handled(fit)
    if (key === 'escape') return store.select([], [])
  }

  onMounted(() => window.addEventListener('keydown', onKeyDown))
  onBeforeUnmount(() => window.removeEventListener('keydown', onKeyDown))

  return { onNodesChange, onEdgesChange, onConnect, onDrop, onDragOver, addAtCentre, layout, fit, onKeyDown }
}
