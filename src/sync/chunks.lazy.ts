// The script tag's missingChunks (rollup.config.mjs's `lazyChunks` puts it in place of chunks.ts in
// dist/milepost.min.js only): splitting a document the server lacks into requests is a file of its
// own, dist/milepost-chunks.min.js, loaded from beside the script only when the server lacks
// something (a server restored from a backup, events set aside). The usual case, nothing missing,
// is answered here, so a returning user's page does not download it.
import type { Progress } from '../core/index'
import { lazy } from '../adapters/chunk'
import type { missingChunks as split } from './chunks'
import { serverHasAll } from './has-all'

const load = lazy<{ missingChunks: typeof split }>('milepost-chunks.min.js')

/** Same answer as chunks.ts's, as a Promise; a chunk that cannot load rejects (the sync round retries). */
export const missingChunks = async (local: Progress, server: Progress, budget: number): Promise<Progress[]> =>
  serverHasAll(local, server) ? [] : (await load()).missingChunks(local, server, budget)
