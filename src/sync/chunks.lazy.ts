// The script tag's missingChunks and foldOutbox (rollup.config.mjs's `lazyChunks` puts it in place of
// chunks.ts in dist/milepost.min.js only): splitting a document the server lacks into requests, and
// folding an outbox past its cap, are a file of their own, dist/milepost-chunks.min.js, loaded from
// beside the script only when the server lacks something (a server restored from a backup, events
// set aside, events folded) or the outbox is past its cap (offline for long). The usual cases,
// nothing missing and an outbox under its cap, are answered here, so a returning user's page does
// not download it.
import type { Progress } from '../core/index'
import type { KeyStore } from '../adapters/storage'
import { lazy } from '../adapters/chunk'
import type { missingChunks as split } from './chunks'
import { OUTBOX_CAP } from './fold'
import type { foldEntries as fold } from './fold'
import { serverHasAll } from './has-all'

const load = lazy<{ missingChunks: typeof split; foldEntries: typeof fold }>('milepost-chunks.min.js')

/** Same answer as chunks.ts's, as a Promise; a chunk that cannot load rejects (the sync round retries). */
export const missingChunks = async (local: Progress, server: Progress, budget: number): Promise<Progress[]> =>
  serverHasAll(local, server) ? [] : (await load()).missingChunks(local, server, budget)

/**
 * Same as fold.ts's `foldOutbox`: the outbox under its cap (the usual case) is answered here; past
 * it, the file folds (a file that cannot load rejects: the writer tries again at its next check,
 * and the outbox keeps every event meanwhile).
 */
export const foldOutbox = async (store: KeyStore, prefix: string, cap = OUTBOX_CAP): Promise<number> => {
  const entries = await store.read(prefix + 'out:')
  return entries.length > cap ? (await load()).foldEntries(store, prefix, entries, cap) : 0
}
