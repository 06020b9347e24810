/**
 * The side panel's tabs, in order. Each view is one component under `views/`; adding a tab is one line here.
 */
import type { Component } from 'vue'
import TrainView from './TrainView.vue'

export interface SideView {
  id: string
  title: string
  component: Component
}

export const sideViews: SideView[] = [{ id: 'train', title: 'Train', component: TrainView }]
