import { describe, expect, it } from 'vitest'
import { validateGraph } from '../../../src/renderer/src/graph/validate'
import type { DataShape, IssueRule, NetworkGraph } from '../../../src/renderer/src/graph/types'
import { chain, net342, node } from './helpers'

const rules = (graph: NetworkGraph, data: DataShape | null = null): IssueRule[] => validateGraph(graph, data).map((i) => i.rule)
const iris: DataShape = { name: 'Iris', inputs: 4, classes: 3, targets: 1 }

describe('validateGraph: a good network', () => {
  it('finds nothing wrong with 3-4-2 (sigmoid, softmax + CCE)', () => {
    expect(validateGraph(net342())).toEqual([])
  })
})

describe('rule input-count', () => {
  it('fails a graph without an Input, with a sentence on how to fix it', () => {
    const issues = validateGraph({ nodes: [node('o', 'output')], edges: [] })
    expect(issues.find((i) => i.rule === 'input-count')?.message).toMatch(/drag one from the palette/)
  })
  it('fails a second Input and puts the issue on that node', () => {
    const graph = net342()
    graph.nodes.push(node('extra', 'input'))
    const issue = validateGraph(graph).find((i) => i.rule === 'input-count')
    expect(issue?.nodeId).toBe('extra')
  })
  it('passes one Input', () => {
    expect(rules(net342())).not.toContain('input-count')
  })
})

describe('rule output-count', () => {
  it('fails a supervised chain that has no Output', () => {
    expect(rules(chain(['input'], ['dense']))).toContain('output-count')
  })
  it('fails a second Output', () => {
    const graph = net342()
    graph.nodes.push(node('o2', 'output'))
    expect(validateGraph(graph).find((i) => i.rule === 'output-count')?.nodeId).toBe('o2')
  })
  it('passes a DBN stack without an Output (unsupervised)', () => {
    expect(rules(chain(['input'], ['dbn']))).toEqual([])
  })
})

describe('rule cycle', () => {
  it('marks every node of a loop', () => {
    const graph = chain(['input'], ['dense'], ['dense'], ['output', { units: 1 }])
    graph.edges.push({ id: 'back', source: 'n2', target: 'n1' })
    const onCycle = validateGraph(graph).filter((i) => i.rule === 'cycle').map((i) => i.nodeId)
    expect(onCycle.sort()).toEqual(['n1', 'n2'])
  })
  it('passes a chain', () => {
    expect(rules(net342())).not.toContain('cycle')
  })
})

describe('rule dangling', () => {
  it('fails a Dense node with nothing flowing in', () => {
    const graph = net342()
    graph.nodes.push(node('lonely', 'dense'))
    const issue = validateGraph(graph).find((i) => i.rule === 'dangling' && i.nodeId === 'lonely')
    expect(issue?.message).toMatch(/Nothing flows into this Dense node/)
  })
  it('fails a Dense node whose output goes nowhere', () => {
    expect(validateGraph(chain(['input'], ['dense'])).some((i) => i.rule === 'dangling' && i.nodeId === 'n1')).toBe(true)
  })
  it('passes a connected chain', () => {
    expect(rules(net342())).not.toContain('dangling')
  })
})

describe('rule branch', () => {
  it('fails a node with two outgoing connections', () => {
    const graph = net342()
    graph.nodes.push(node('side', 'output', { units: 2, activation: 'softmax', loss: 'cce' }))
    graph.edges.push({ id: 'fork', source: 'n1', target: 'side' })
    expect(validateGraph(graph).some((i) => i.rule === 'branch' && i.nodeId === 'n1')).toBe(true)
  })
  it('passes a chain', () => {
    expect(rules(net342())).not.toContain('branch')
  })
})

describe('rule shape', () => {
  it('fails an Input narrower than the data set and says which width to use', () => {
    const issue = validateGraph(net342(), iris).find((i) => i.rule === 'shape' && i.nodeId === 'n0')
    expect(issue?.message).toMatch(/set its width to 4/)
  })
  it('fails an Output with a unit count that is not the number of classes', () => {
    const issue = validateGraph(chain(['input', { width: 4 }], ['output', { units: 2, activation: 'softmax', loss: 'cce' }]), iris).find((i) => i.rule === 'shape')
    expect(issue?.message).toMatch(/3 classes.*set its units to 3/)
  })
  it('passes 4-8-3 on Iris', () => {
    const graph = chain(['input', { width: 4 }], ['dense', { units: 8 }], ['output', { units: 3, activation: 'softmax', loss: 'cce' }])
    expect(validateGraph(graph, iris)).toEqual([])
  })
})

describe('rule softmax-hidden', () => {
  it('fails softmax on a hidden layer', () => {
    const graph = chain(['input', { width: 3 }], ['dense', { activation: 'softmax' }], ['output', { units: 2, activation: 'softmax', loss: 'cce' }])
    expect(validateGraph(graph).find((i) => i.rule === 'softmax-hidden')?.message).toMatch(/Softmax belongs on the Output node only/)
  })
  it('passes softmax on the Output', () => {
    expect(rules(net342())).not.toContain('softmax-hidden')
  })
})

describe('rule loss-mismatch', () => {
  const withOutput = (output: Parameters<typeof chain>[number]) => chain(['input', { width: 3 }], ['dense'], output)
  it('fails categorical cross-entropy without softmax', () => {
    const issue = validateGraph(withOutput(['output', { units: 3, activation: 'sigmoid', loss: 'cce' }])).find((i) => i.rule === 'loss-mismatch')
    expect(issue?.message).toMatch(/needs softmax outputs/)
  })
  it('fails binary cross-entropy on more than one output unless multi-label', () => {
    expect(rules(withOutput(['output', { units: 3, activation: 'sigmoid', loss: 'bce' }]))).toContain('loss-mismatch')
    expect(rules(withOutput(['output', { units: 3, activation: 'sigmoid', loss: 'bce', multiLabel: true }]))).not.toContain('loss-mismatch')
  })
  it('fails a cross-entropy on a regression target', () => {
    const regression: DataShape = { name: 'house prices', inputs: 3, classes: null, targets: 1 }
    expect(rules(withOutput(['output', { units: 1, activation: 'sigmoid', loss: 'bce' }]), regression)).toContain('loss-mismatch')
  })
  it('passes sigmoid with BCE on one unit', () => {
    expect(rules(withOutput(['output', { units: 1, activation: 'sigmoid', loss: 'bce' }]))).not.toContain('loss-mismatch')
  })
})

describe('rule order', () => {
  it('fails an RBM fed by a Dense layer', () => {
    expect(validateGraph(chain(['input'], ['dense'], ['rbm'])).some((i) => i.rule === 'order' && i.nodeId === 'n2')).toBe(true)
  })
  it('fails Gaussian visible units above the first RBM', () => {
    expect(rules(chain(['input'], ['rbm'], ['rbm', { visible: 'gaussian' }]))).toContain('order')
  })
  it('passes an RBM stack fine-tuned through a softmax Output', () => {
    expect(validateGraph(chain(['input'], ['rbm'], ['rbm'], ['output', { units: 10, activation: 'softmax', loss: 'cce' }]))).toEqual([])
  })
})
