// The outbox's cap. Every event is written into the local document in the same transaction as its
// outbox entry, so past the cap the oldest entries can leave the outbox without losing anything:
// the document keeps their effect, and the next anti-entropy push carries it (in chunks, see
// missingChunks). A marker key tells whichever tab syncs that a push is owed.
import type { ProgressEvent } from '../core/index'
import type { KeyStore } from '../adapters/storage'
import { byTime } from './order'

/** Events kept in the outbox at most (about an hour of steady use while the server is down). */
export const OUTBOX_CAP = 500
/** Storage name (under the user prefix) of the marker: a push is owed for folded events. */
export const FOLDED = 'folded'

/**
 * Whether an event may leave the outbox for the document: not one the server routes to people
 * (an escalation, a step handed to a colleague), which only an event delivers.
 */
const foldable = (e: ProgressEvent): boolean => e.type != 'escalation' && !(e.type == 'track' && e.name == 'step:delegated')

/**
 * Deletes the oldest foldable outbox entries past `cap`, with the marker set in the same
 * transaction. Resolves with how many left the outbox (0 when under the cap).
 */
export const foldOutbox = async (store: KeyStore, prefix: string, cap = OUTBOX_CAP): Promise<number> =>
  foldEntries(store, prefix, await store.read(prefix + 'out:'), cap)

/** `foldOutbox` once the outbox's `entries` are read (the script tag answers "under the cap" without this). */
export const foldEntries = async (store: KeyStore, prefix: string, entries: ReadonlyArray<readonly [string, unknown]>, cap: number): Promise<number> => {
  if (entries.length <= cap) return 0
  const events = entries
    .map(([, e]) => e as ProgressEvent)
    .filter((e) => e && typeof e == 'object' && typeof e.id == 'string' && typeof e.at == 'number' && foldable(e))
    .sort(byTime)
    .slice(0, entries.length - cap)
  if (!events.length) return 0
  const keys = new Set(events.map((e) => prefix + 'out:' + e.id))
  await store.update([...keys, prefix + FOLDED], (key, old) => (keys.has(key) ? undefined : ((old as number) || 0) + keys.size))
  return keys.size
}
