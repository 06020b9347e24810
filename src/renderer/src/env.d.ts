/// <reference types="vite/client" />
import type { Api } from '../../shared/ipc'

declare global {
  interface Window {
    /** Set by the Electron preload; absent in web mode, where api.ts connects to the web host. */
    api?: Api
  }
}

declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
