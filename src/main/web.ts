/** Entry of the web host (`npm run web`): prints the URL with its token and serves until stopped. */
import { serve } from './web/serve'

const port = Number(process.env.LAYERWISE_PORT ?? 0) || undefined
const { close } = await serve({ port })
const shutdown = () => void close().then(() => process.exit(0))
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
