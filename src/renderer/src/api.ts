/**
 * The one place the renderer reaches the backend: the Electron preload's `window.api`, or the web
 * host's socket in a browser. Only Pinia stores import this module (STYLE §9).
 */
import type { Api } from '../../shared/ipc'
import { createWebApi } from './web-client'

let instance: Api | null = null

/** The backend API for this page, created on first use. */
export function useApi(): Api {
  instance ??= window.api ?? createWebApi(window.location)
  return instance
}
