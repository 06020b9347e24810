/**
 * The inspector's form for the selected node: one field descriptor per setting, read from the node and
 * written back through the network store (so every change is one undoable edit).
 */
import { computed } from 'vue'
import type { ActivationName, InitName, LossName } from '../../../shared/dto'
import type { GraphNode, NodeKind } from '../graph/types'
import { ACTIVATION_LABELS, INIT_LABELS, LOSS_LABELS } from '../graph/describe'
import { useNetworkStore } from '../stores/network'

/** One form field; `value` is what the control shows. */
export type InspectorField =
  | { key: string; label: string; hint: string; type: 'number'; value: number; min: number; max: number; step: number; integer: boolean; readonly?: boolean }
  | { key: string; label: string; hint: string; type: 'select'; value: string; options: { value: string; label: string }[] }
  | { key: string; label: string; hint: string; type: 'checkbox'; value: boolean }
  | { key: string; label: string; hint: string; type: 'list'; value: string }

const options = <T extends string>(labels: Record<T, string>, only?: T[]) =>
  (Object.keys(labels) as T[]).filter((v) => !only || only.includes(v)).map((value) => ({ value, label: labels[value] }))

const hiddenActivations = (Object.keys(ACTIVATION_LABELS) as ActivationName[]).filter((a) => a !== 'softmax')
const VISIBLE = { bernoulli: 'Bernoulli (binary, [0,1])', gaussian: 'Gaussian (z-scored reals)' }

const units = (value: number, label = 'Units', hint = 'Neurons in this layer.'): InspectorField => ({ key: 'units', label, hint, type: 'number', value, min: 1, max: 65536, step: 1, integer: true })
const cdK = (value: number): InspectorField => ({ key: 'k', label: 'CD-k steps', hint: 'Gibbs steps per contrastive-divergence update (k ≥ 1).', type: 'number', value, min: 1, max: 100, step: 1, integer: true })

/** Fields of one node, in display order. */
export function fieldsOf(node: GraphNode, widthFromData: boolean): InspectorField[] {
  switch (node.kind) {
    case 'input':
      return [{ key: 'width', label: 'Width', hint: widthFromData ? 'Set by the data set: one unit per encoded input column.' : 'Encoded input columns.', type: 'number', value: node.config.width, min: 1, max: 1_000_000, step: 1, integer: true, readonly: widthFromData }]
    case 'dense': {
      const c = node.config
      return [
        units(c.units),
        { key: 'activation', label: 'Activation', hint: 'f in A = f(Z).', type: 'select', value: c.activation, options: options(ACTIVATION_LABELS, hiddenActivations) },
        { key: 'init', label: 'Initializer', hint: 'How the weights are drawn before training (seeded).', type: 'select', value: c.init, options: options(INIT_LABELS) },
        { key: 'bias', label: 'Bias', hint: 'Add a learned bias vector b: Z = A·Wᵀ + b.', type: 'checkbox', value: c.bias },
        { key: 'lrScale', label: 'Learning-rate scale', hint: 'This layer learns with η × scale.', type: 'number', value: c.lrScale, min: 0, max: 100, step: 0.1, integer: false },
      ]
    }
    case 'output': {
      const c = node.config
      return [
        units(c.units, 'Units', 'One unit per class (or one for a yes/no or regression target).'),
        { key: 'activation', label: 'Activation', hint: 'Softmax for classes, sigmoid for yes/no, identity for regression.', type: 'select', value: c.activation, options: options(ACTIVATION_LABELS) },
        { key: 'loss', label: 'Loss', hint: 'What training minimises.', type: 'select', value: c.loss, options: options<LossName>(LOSS_LABELS) },
        ...(c.loss === 'bce' ? [{ key: 'multiLabel', label: 'Multi-label', hint: 'Several independent yes/no targets, one per unit.', type: 'checkbox' as const, value: c.multiLabel }] : []),
        { key: 'init', label: 'Initializer', hint: 'How the weights are drawn before training (seeded).', type: 'select', value: c.init, options: options<InitName>(INIT_LABELS) },
        { key: 'bias', label: 'Bias', hint: 'Add a learned bias vector b.', type: 'checkbox', value: c.bias },
      ]
    }
    case 'rbm':
      return [
        { ...units(node.config.hidden, 'Hidden units', 'Binary feature detectors h.'), key: 'hidden' },
        { key: 'visible', label: 'Visible units', hint: 'Gaussian for real-valued, z-scored inputs (first RBM only).', type: 'select', value: node.config.visible, options: options(VISIBLE) },
        cdK(node.config.k),
      ]
    case 'dbn':
    case 'autoencoder':
      return [
        { key: 'layers', label: node.kind === 'dbn' ? 'Hidden sizes' : 'Encoder sizes', hint: node.kind === 'dbn' ? 'One RBM per size, bottom first, e.g. 256, 64.' : 'The last size is the code; the decoder mirrors them.', type: 'list', value: node.config.layers.join(', ') },
        { key: 'visible', label: 'Visible units', hint: 'Of the first RBM.', type: 'select', value: node.config.visible, options: options(VISIBLE) },
        cdK(node.config.k),
      ]
  }
}

/** Parses "256, 64" into sizes; null when any entry is not a positive integer. */
export function parseSizes(text: string): number[] | null {
  const parts = text.split(/[\s,;→]+/).filter(Boolean).map(Number)
  return parts.length > 0 && parts.every((n) => Number.isInteger(n) && n >= 1 && n <= 65536) ? parts : null
}

export function useInspector() {
  const store = useNetworkStore()
  const node = computed(() => (store.selectedNodes.length === 1 ? (store.nodeById(store.selectedNodes[0]!) ?? null) : null))
  const fields = computed(() => (node.value ? fieldsOf(node.value, store.dataShape !== null) : []))

  /** Applies a control's raw value; values that are not valid for the field are ignored. */
  function set(field: InspectorField, raw: string | boolean): void {
    if (!node.value) return
    let value: unknown = raw
    if (field.type === 'number') {
      const n = Number(raw)
      if (raw === '' || !Number.isFinite(n) || n < field.min || n > field.max || (field.integer && !Number.isInteger(n))) return
      value = n
    } else if (field.type === 'list') {
      value = parseSizes(String(raw))
      if (value === null) return
    }
    store.updateNode<NodeKind>(node.value.id, { [field.key]: value })
  }

  return { node, fields, set }
}
