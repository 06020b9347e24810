/**
 * The network being edited. Its source of truth is the graph document (`graph`: typed nodes, their
 * settings and connections, SPEC §6); the canvas is derived from it (STYLE §25), `network` is the
 * engine `NetworkSpec` compiled from it by `compileGraph`, and the parameter and FLOP numbers come from
 * the engine's cost model through `estimate:network`. Every edit goes through an action that records
 * the previous graph in the history store, so every edit can be undone.
 * Starts on the built-in example: XOR with a 2-4-1 network, tanh hidden units, sigmoid output.
 */
import { defineStore } from 'pinia'
import { computed, ref, shallowRef, watch } from 'vue'
import type { BuiltinInfo, DataRef, DbnCost, NetworkCost, NetworkSpec, TrainSettings, WeightSnapshotDto } from '../../../shared/dto'
import type { DataShape, GraphNode, NetworkGraph, NodeConfigs, NodeKind, XY } from '../graph/types'
import { compileGraph } from '../graph/compile'
import { validateGraph } from '../graph/validate'
import { graphFromNetwork } from '../graph/from-spec'
import { chainFromInput, widthsFromInput } from '../graph/topology'
import { outputWidth } from '../graph/nodes'
import * as edit from '../graph/edit'
import { autoLayout as layoutGraph } from '../graph/layout'
import { useHistoryStore } from './history'
import { useApi } from '../api'
import { clone } from '../graph/clone'
import { dbnCostSpec, dbnNodeCosts, networkNodeCosts, type NodeCost } from '../graph/node-cost'
import { xorExample } from '../examples'

export { xorExample }

/** Parameter and FLOP totals of the whole network (zeros until the cost model answers). */
export interface NetworkTotals {
  weights: number
  withBiases: number
  flopsForward: number
  flopsBackward: number
}

const snapshot = (graph: NetworkGraph): string => JSON.stringify(graph)

export const useNetworkStore = defineStore('network', () => {
  const history = useHistoryStore()
  const example = xorExample()
  const data = ref<DataRef>(example.data)
  /** Width and target of the bound data set, from its preview; null while unknown. */
  const dataShape = ref<DataShape | null>(null)
  const graph = shallowRef<NetworkGraph>(graphFromNetwork(example.network))
  const settings = ref<TrainSettings>(example.settings)
  /** Counts edits, so a project knows whether it has unsaved changes. */
  const revision = ref(0)
  /** Counts whole-document loads (new, open), so the canvas can fit the new graph in view. */
  const loads = ref(0)
  const selectedNodes = ref<string[]>([])
  const selectedEdges = ref<string[]>([])
  const cost = shallowRef<NetworkCost | null>(null)
  /** The cost model's answer for the graph when it compiles to a DBN. */
  const dbnCost = shallowRef<DbnCost | null>(null)
  /** The latest weights of the running (or last) run of a small network, for the neurons view. */
  const liveWeights = shallowRef<WeightSnapshotDto | null>(null)
  let weightsSubscribed = false
  /** The built-in data sets the Input node can be bound to (loaded on first use). */
  const builtins = ref<BuiltinInfo[]>([])
  let clipboard: NetworkGraph | null = null
  let pasteCount = 0
  let dragStart: string | null = null

  const compiled = computed(() => compileGraph(graph.value))
  /** Every problem of the graph; the Train button stays disabled while there is one. */
  const errors = computed(() => validateGraph(graph.value, dataShape.value))
  const isValid = computed(() => errors.value.length === 0 && compiled.value.kind !== 'invalid')
  /** Why the bound data set cannot train yet (an opened project's data file not loaded), or null. */
  const dataBlocker = ref<string | null>(null)
  /** Why Train is disabled (for its tooltip), or null when the network can train. */
  const trainBlocker = computed(() => {
    if (dataBlocker.value) return dataBlocker.value
    const first = errors.value[0]
    if (first) return `Fix the network first: ${first.message}${errors.value.length > 1 ? ` (and ${errors.value.length - 1} more)` : ''}`
    if (compiled.value.kind === 'invalid') return compiled.value.reason
    if (compiled.value.kind === 'dbn') return 'Deep Belief Nets are trained from the DBN view; Train runs backpropagation networks.'
    return null
  })

  const lastNetwork = shallowRef<NetworkSpec>(example.network)
  watch(compiled, (c) => c.kind === 'network' && (lastNetwork.value = c.network), { immediate: true })
  /** The engine spec of the graph (the last valid one while the graph has errors); setting it redraws the graph. */
  const network = computed<NetworkSpec>({
    get: () => (compiled.value.kind === 'network' ? compiled.value.network : lastNetwork.value),
    set: (spec) => replaceGraph(graphFromNetwork(spec)),
  })

  /** The cost of the graph as it compiles now (network or DBN), or null while unknown. */
  const activeCost = computed(() => (compiled.value.kind === 'network' ? cost.value : compiled.value.kind === 'dbn' ? dbnCost.value : null))
  const totals = computed<NetworkTotals>(() => ({
    weights: activeCost.value?.parametersWithoutBias ?? 0,
    withBiases: activeCost.value?.parameters ?? 0,
    flopsForward: activeCost.value?.flopsForward ?? 0,
    flopsBackward: activeCost.value?.flopsBackward ?? 0,
  }))
  /** The cost of each layer node, by node id (only while the graph compiles to a network or a DBN). */
  const nodeCosts = computed<Map<string, NodeCost>>(() => {
    const chain = compiled.value.kind === 'invalid' ? null : chainFromInput(graph.value)
    if (!chain) return new Map()
    if (compiled.value.kind === 'network') return cost.value ? networkNodeCosts(chain.slice(1), cost.value.layers) : new Map()
    return dbnCost.value ? dbnNodeCosts(chain.slice(1), dbnCost.value) : new Map()
  })
  /** Width of the tensor leaving each node: the label of its outgoing edge. */
  const widths = computed(() => widthsFromInput(graph.value, outputWidth))

  // The engine's cost model answers asynchronously; a late answer for an older spec is dropped.
  let costRequest = 0
  watch(
    () => (compiled.value.kind === 'network' ? compiled.value.network : null),
    async (spec) => {
      const id = ++costRequest
      if (!spec) return
      try {
        const answer = await useApi().invoke['estimate:network'](clone(spec))
        if (id === costRequest) cost.value = answer
      } catch {
        if (id === costRequest) cost.value = null
      }
    },
    { immediate: true },
  )

  let dbnCostRequest = 0
  watch(
    () => (compiled.value.kind === 'dbn' ? dbnCostSpec(compiled.value.dbn) : null),
    async (spec, old) => {
      if (spec && old && JSON.stringify(spec) === JSON.stringify(old)) return
      const id = ++dbnCostRequest
      if (!spec) return
      try {
        const answer = await useApi().invoke['estimate:dbn'](spec)
        if (id === dbnCostRequest) dbnCost.value = answer
      } catch {
        if (id === dbnCostRequest) dbnCost.value = null
      }
    },
    { immediate: true },
  )

  let previewRequest = 0
  watch(
    data,
    async (ref) => {
      const id = ++previewRequest
      try {
        const preview = await useApi().invoke['data:preview']({ data: clone(ref) })
        if (id !== previewRequest || preview.inputs === null || preview.outputs === null) return
        const classes = preview.task === 'regression' ? null : (preview.classes?.length ?? preview.outputs)
        dataShape.value = { name: preview.title, inputs: preview.inputs, classes, targets: preview.task === 'regression' ? preview.outputs : 1 }
        bindInputs()
      } catch {
        if (id === previewRequest) dataShape.value = null
      }
    },
    { immediate: true, deep: true },
  )

  /** Input nodes follow the data set's width. */
  function bindInputs(): void {
    const width = dataShape.value?.inputs
    if (width === undefined) return
    const stale = graph.value.nodes.filter((n) => n.kind === 'input' && n.config.width !== width)
    if (stale.length === 0) return
    let next = graph.value
    for (const node of stale) next = edit.updateConfig<'input'>(next, node.id, { width })
    commit(next, 'data-width')
  }

  /** Replaces the graph by `next`, recording the current one for undo. */
  function commit(next: NetworkGraph, mergeKey: string | null = null): void {
    history.record(snapshot(graph.value), mergeKey)
    graph.value = next
    revision.value++
  }

  /** Settings a node dropped now starts with: Input and Output fit the bound data set. */
  function fitToData(kind: NodeKind, id: string, next: NetworkGraph): NetworkGraph {
    const shape = dataShape.value
    if (!shape) return next
    if (kind === 'input') return edit.updateConfig<'input'>(next, id, { width: shape.inputs })
    if (kind !== 'output') return next
    if (shape.classes === null) return edit.updateConfig<'output'>(next, id, { units: shape.targets, activation: 'identity', loss: 'mse' })
    if (shape.classes === 2) return edit.updateConfig<'output'>(next, id, { units: 1, activation: 'sigmoid', loss: 'bce' })
    return edit.updateConfig<'output'>(next, id, { units: shape.classes, activation: 'softmax', loss: 'cce' })
  }

  function addNode(kind: NodeKind, position: XY): string {
    const { graph: next, id } = edit.addNode(graph.value, kind, position)
    commit(fitToData(kind, id, next))
    select([id], [])
    return id
  }

  function updateNode<K extends NodeKind>(id: string, patch: Partial<NodeConfigs[K]>): void {
    commit(edit.updateConfig<K>(graph.value, id, patch), `${id}:${Object.keys(patch).join(',')}`)
  }

  /** Moves nodes while dragging; the whole drag becomes one undo step when `done`. */
  function moveNodes(positions: Map<string, XY>, done: boolean): void {
    dragStart ??= snapshot(graph.value)
    graph.value = edit.moveNodes(graph.value, positions)
    if (!done) return
    history.record(dragStart)
    dragStart = null
    revision.value++
  }

  function connect(source: string, target: string): boolean {
    const next = edit.connect(graph.value, source, target)
    if (next) commit(next)
    return next !== null
  }

  function remove(nodeIds: string[], edgeIds: string[] = []): void {
    if (nodeIds.length === 0 && edgeIds.length === 0) return
    commit(edit.remove(graph.value, nodeIds, edgeIds))
    select(selectedNodes.value.filter((id) => !nodeIds.includes(id)), selectedEdges.value.filter((id) => !edgeIds.includes(id)))
  }

  function deleteSelection(): void {
    remove(selectedNodes.value, selectedEdges.value)
  }

  function select(nodes: string[], edges: string[]): void {
    selectedNodes.value = nodes
    selectedEdges.value = edges
  }

  function copySelection(): number {
    if (selectedNodes.value.length === 0) return 0
    clipboard = edit.copyFragment(graph.value, selectedNodes.value)
    pasteCount = 0
    return clipboard.nodes.length
  }

  function paste(): void {
    if (!clipboard || clipboard.nodes.length === 0) return
    pasteCount++
    const { graph: next, ids } = edit.pasteFragment(graph.value, clipboard, { x: 40 * pasteCount, y: 40 * pasteCount })
    commit(next)
    select(ids, [])
  }

  function restore(state: string | null): void {
    if (state === null) return
    graph.value = JSON.parse(state) as NetworkGraph
    revision.value++
    const ids = new Set(graph.value.nodes.map((n) => n.id))
    select(selectedNodes.value.filter((id) => ids.has(id)), [])
  }
  const undo = () => restore(history.undo(snapshot(graph.value)))
  const redo = () => restore(history.redo(snapshot(graph.value)))

  /** Lays the graph out left to right; `sizes` are the measured node sizes. */
  function autoLayout(sizes?: Map<string, { width: number; height: number }>): void {
    commit(edit.moveNodes(graph.value, layoutGraph(graph.value, sizes)))
  }

  /** Replaces the whole graph as one undoable edit (e.g. setting `network`). */
  function replaceGraph(next: NetworkGraph): void {
    commit(clone(next))
    select([], [])
  }

  /** Loads a document (new or opened project): history starts empty. */
  function load(next: { graph: NetworkGraph; data: DataRef; settings: TrainSettings }): void {
    graph.value = clone(next.graph)
    data.value = clone(next.data)
    settings.value = clone(next.settings)
    history.clear()
    select([], [])
    revision.value++
    loads.value++
  }

  async function loadBuiltins(): Promise<void> {
    if (builtins.value.length > 0) return
    try {
      builtins.value = await useApi().invoke['data:builtins']()
    } catch {
      builtins.value = []
    }
  }

  /** Starts listening for weight snapshots of training runs (the neurons view calls it when shown). */
  function watchWeights(): void {
    if (weightsSubscribed) return
    weightsSubscribed = true
    try {
      useApi().on['training:progress']((frame) => {
        if (frame.weights) liveWeights.value = frame.weights
      })
    } catch {
      weightsSubscribed = false
    }
  }

  function setData(ref: DataRef): void {
    data.value = ref
    revision.value++
  }

  /** Binds a data set whose shape is known (Data view) and fits the Input and Output nodes to it in one undoable edit. */
  function fitDataSet(ref: DataRef, shape: DataShape): void {
    data.value = ref
    dataShape.value = shape
    let next = graph.value
    for (const node of graph.value.nodes) if (node.kind === 'input' || node.kind === 'output') next = fitToData(node.kind, node.id, next)
    if (next !== graph.value) commit(next, 'data-fit')
    revision.value++
  }

  /** Changes some training settings; the rest stay as they are. */
  function setSettings(changes: Partial<TrainSettings>): void {
    settings.value = { ...settings.value, ...changes }
    revision.value++
  }

  /** The node with `id`, if any. */
  const nodeById = (id: string): GraphNode | undefined => graph.value.nodes.find((n) => n.id === id)

  return {
    data, dataShape, graph, settings, revision, loads, selectedNodes, selectedEdges, cost, dbnCost, activeCost, builtins, liveWeights,
    compiled, errors, isValid, dataBlocker, trainBlocker, network, totals, nodeCosts, widths,
    addNode, updateNode, moveNodes, connect, remove, deleteSelection, select, copySelection, paste,
    undo, redo, autoLayout, replaceGraph, load, loadBuiltins, watchWeights, setData, fitDataSet, setSettings, nodeById,
  }
})
