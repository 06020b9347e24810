/** What a node shows on the canvas: a headline (its width) and short chips for its settings. */
import type { ActivationName, InitName, LossName } from '../../../shared/dto'
import type { GraphNode } from './types'
import { kindTitle } from './nodes'

export const ACTIVATION_LABELS: Record<ActivationName, string> = {
  identity: 'identity', step: 'binary step', sigmoid: 'sigmoid', tanh: 'tanh', arctan: 'arctan', relu: 'ReLU',
  leakyRelu: 'leaky ReLU', elu: 'ELU', softplus: 'softplus', bentIdentity: 'bent identity', softExponential: 'soft exponential',
  sinusoid: 'sinusoid', sinc: 'sinc', gaussian: 'Gaussian', softmax: 'softmax',
}
export const INIT_LABELS: Record<InitName, string> = {
  gaussian: 'Gaussian N(0, σ²)', glorotUniform: 'Glorot uniform', glorotNormal: 'Glorot normal', heUniform: 'He uniform', heNormal: 'He normal', lecunNormal: 'LeCun normal',
}
export const LOSS_LABELS: Record<LossName, string> = { mse: 'MSE', bce: 'binary cross-entropy', cce: 'categorical cross-entropy' }

export interface NodeSummary {
  title: string
  headline: string
  chips: string[]
}

const units = (n: number, word = 'unit') => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`

export function describeNode(node: GraphNode): NodeSummary {
  const title = kindTitle(node.kind)
  switch (node.kind) {
    case 'input':
      return { title, headline: units(node.config.width, 'input'), chips: [] }
    case 'dense': {
      const c = node.config
      return { title, headline: units(c.units), chips: [ACTIVATION_LABELS[c.activation], ...(c.bias ? [] : ['no bias']), ...(c.lrScale !== 1 ? [`η×${c.lrScale}`] : [])] }
    }
    case 'output': {
      const c = node.config
      return { title, headline: units(c.units), chips: [ACTIVATION_LABELS[c.activation], `loss: ${c.loss.toUpperCase()}`, ...(c.multiLabel ? ['multi-label'] : [])] }
    }
    case 'rbm':
      return { title, headline: units(node.config.hidden, 'hidden unit'), chips: [node.config.visible === 'gaussian' ? 'Gaussian visible' : 'Bernoulli visible', `CD-${node.config.k}`] }
    case 'dbn':
      return { title, headline: node.config.layers.join(' → '), chips: [`${node.config.layers.length} RBMs`, `CD-${node.config.k}`] }
    case 'autoencoder':
      return { title, headline: `${node.config.layers.join(' → ')} → mirror`, chips: [`code ${node.config.layers[node.config.layers.length - 1] ?? 0}`, `CD-${node.config.k}`] }
  }
}

/** 101770 → "101,770"; 3.27e9 → "3.27 G". */
export function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toPrecision(3)} G`
  if (n >= 1e7) return `${(n / 1e6).toPrecision(3)} M`
  return n.toLocaleString('en-US')
}
