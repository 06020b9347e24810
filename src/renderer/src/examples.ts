/**
 * The example projects that ship inside the app (SPEC §10): each one a built-in data set, a network and
 * the settings that make a point a course makes, ready to train. They open like a project file that was
 * never saved (untitled, no unsaved changes), so a teacher can open one live, train, change a setting
 * and train again.
 */
import type { ActivationName, DataRef, LossName, NetworkSpec, TrainSettings } from '../../shared/dto'

/** The example the app opens on. */
export function xorExample(): { data: DataRef; network: NetworkSpec; settings: TrainSettings } {
  return {
    data: { kind: 'builtin', name: 'xor' },
    network: {
      inputs: 2,
      layers: [
        { units: 4, activation: 'tanh', init: 'glorotUniform' },
        { units: 1, activation: 'sigmoid', init: 'glorotUniform' },
      ],
      loss: 'mse',
    },
    settings: { optimizer: 'sgd', learningRate: 0.5, batchSize: 'full', epochs: 1000, seed: 1, shuffle: false },
  }
}

export interface ExampleProject {
  id: string
  title: string
  /** One sentence: what to watch for. Shown as the menu entry's tooltip and in the notice on open. */
  description: string
  data: DataRef
  network: NetworkSpec
  settings: TrainSettings
}

/** A chain of dense layers: He initialisation for ReLU layers, Glorot for the others. */
function mlp(inputs: number, hidden: [number, ActivationName][], output: [number, ActivationName], loss: LossName): NetworkSpec {
  const layer = ([units, activation]: [number, ActivationName]) => ({ units, activation, init: activation === 'relu' ? ('heUniform' as const) : ('glorotUniform' as const) })
  return { inputs, layers: [...hidden.map(layer), layer(output)], loss }
}

/** Five hidden layers of 8 units with `activation`, one sigmoid output with BCE, on two moons. */
function deepMoons(activation: 'sigmoid' | 'relu'): Pick<ExampleProject, 'data' | 'network' | 'settings'> {
  return {
    data: { kind: 'builtin', name: 'moons' },
    network: mlp(2, Array.from({ length: 5 }, () => [8, activation]), [1, 'sigmoid'], 'bce'),
    settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 16, epochs: 60, seed: 1, shuffle: true },
  }
}

export const EXAMPLES: readonly ExampleProject[] = [
  {
    id: 'xor',
    title: 'XOR with one hidden layer',
    description: 'The problem a single perceptron cannot solve: four hidden tanh units separate it in a few hundred epochs.',
    ...xorExample(),
  },
  {
    id: 'vanishing-sigmoid',
    title: 'Vanishing gradients: 6 sigmoid layers',
    description: 'Watch "gradient per layer": the first layers get gradients about 1000× smaller than the last, and the network hardly learns.',
    ...deepMoons('sigmoid'),
  },
  {
    id: 'vanishing-relu',
    title: 'The same network with ReLU',
    description: 'Same depth, data and settings with ReLU and He initialisation: the gradients reach the first layers and the moons separate.',
    ...deepMoons('relu'),
  },
  {
    id: 'spirals',
    title: 'Two spirals',
    description: 'The hardest of the 2-D toys: watch the decision boundary wind around the arms (and the validation loss when it starts to overfit).',
    data: { kind: 'builtin', name: 'spirals' },
    network: mlp(2, [[16, 'tanh'], [16, 'tanh']], [1, 'sigmoid'], 'bce'),
    settings: { optimizer: 'adam', learningRate: 0.01, batchSize: 10, epochs: 300, seed: 1, shuffle: true },
  },
  {
    id: 'iris',
    title: 'Iris species',
    description: "Fisher's three species from four measurements, softmax and cross-entropy; the confusion matrix shows which two species get mixed up.",
    data: { kind: 'builtin', name: 'iris' },
    network: mlp(4, [[8, 'tanh']], [3, 'softmax'], 'cce'),
    settings: { optimizer: 'adam', learningRate: 0.01, batchSize: 16, epochs: 200, seed: 1, shuffle: true },
  },
  {
    id: 'mnist',
    title: 'MNIST digits, 784-128-10',
    description: 'The classic MLP on 10,000 handwritten digits: about 92 % test accuracy after 10 epochs of mini-batch SGD.',
    data: { kind: 'builtin', name: 'mnist' },
    network: mlp(784, [[128, 'relu']], [10, 'softmax'], 'cce'),
    settings: { optimizer: 'sgd', learningRate: 0.1, batchSize: 128, epochs: 10, seed: 1, shuffle: true },
  },
]
