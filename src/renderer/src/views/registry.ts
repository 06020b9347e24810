/**
 * The side panel's tabs, in order. Each view is one component under `views/`; adding a tab is one line here.
 */
import type { Component } from 'vue'
import TrainView from './TrainView.vue'
import ResultsView from './ResultsView.vue'
import DataView from './DataView.vue'
import ModelsView from './ModelsView.vue'
import CostView from './CostView.vue'
import DbnView from './DbnView.vue'

export interface SideView {
  id: string
  title: string
  component: Component
}

export const sideViews: SideView[] = [{ id: 'train', title: 'Train', component: TrainView }]
sideViews.push({ id: 'results', title: 'Results', component: ResultsView })
sideViews.splice(1, 0, { id: 'data', title: 'Data', component: DataView })
sideViews.push({ id: 'cost', title: 'Cost', component: CostView })
sideViews.push({ id: 'model', title: 'Model', component: ModelsView })
sideViews.push({ id: 'dbn', title: 'DBN', component: DbnView })
