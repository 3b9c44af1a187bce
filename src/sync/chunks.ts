// The anti-entropy push of a document of any size: only the parts the server lacks, in documents
// that each fit a request. Any part of a progress document is itself a valid document, and the
// server merges (a CRDT), so the parts can arrive in any order, over any number of requests.
// Not from core/index: its validator (readers built when the module loads) would ride along in this file.
import { emptyProgress } from '../core/progress'
import { mergeProgress } from '../core/merge'
import type { Hit, Progress } from '../core/index'
import { splitProgress } from '../core/split'
import { sameJson } from '../core/same'
import { serverHasAll } from './has-all'

// The outbox's fold past its cap leaves a push owed, which this file splits: the script tag's fold is here too.
export { foldEntries, foldOutbox } from './fold'

const SECTIONS = ['steps', 'tracks', 'urls', 'clicks', 'visible', 'sessions', 'nudges', 'escalations', 'tours'] as const
const size = (value: unknown): number => new TextEncoder().encode(JSON.stringify(value)).length

const each = <T>(map: Record<string, T> | undefined, fn: (value: T) => T): Record<string, T> | undefined =>
  map && Object.fromEntries(Object.entries(map).map(([k, v]) => [k, fn(v)]))

/**
 * A document without what a push cannot give the server, which would be found missing there on
 * every page (a push each page):
 * - the times the server clamps where the later one wins: `lastSeen` and the write times of its
 *   last-writer-wins registers (where a tour stands, a snooze), for good on a device whose clock
 *   runs fast. The registers' values still count: a later move or another snooze is sent;
 * - `escalations`: the server ignores a document's (sync-protocol.md); a level it refused stays in
 *   this browser's document only (bb-r33).
 */
const bare = (p: Progress): Progress => ({
  ...p,
  escalations: {},
  lastSeen: 0, // a later lastSeen alone does not count either (has-all.ts)
  tours: each(p.tours, (t) => ({ ...t, last: [t.last[0], 0, t.last[2], t.last[3]] })) ?? {},
  nudges: each(p.nudges, (n) => (n.snoozed ? { ...n, snoozed: [n.snoozed[0], 0] } : n)) ?? {},
})

/** A part too large for one request on its own: a track's hits in halves (hits merge as a union). */
const halves = (part: Progress, budget: number): Progress[] => {
  const [name, hits] = Object.entries(part.tracks)[0] ?? []
  if (!name || !hits || hits.length < 2 || size(part) <= budget) return [part]
  const half = (list: Hit[]): Progress => ({ ...part, tracks: { [name]: list } })
  const mid = hits.length >> 1
  return [...halves(half(hits.slice(0, mid)), budget), ...halves(half(hits.slice(mid)), budget)]
}

/**
 * What `local` has that `server` lacks, as documents of at most `budget` bytes of JSON each (a
 * single entry larger than that goes alone). Empty when the server has everything. Compares key by
 * key (the storage split), so the cost is linear in the documents' size.
 * @example for (const doc of missingChunks(local, server, MAX_BYTES - 300)) await push(doc)
 */
export const missingChunks = (local: Progress, server: Progress, budget: number): Progress[] => {
  if (serverHasAll(local, server)) return [] // the usual case, in one comparison
  const theirs = splitProgress(server)
  const blank = emptyProgress(server.userId, server.epoch)
  const parts: Progress[] = []
  for (const [name, part] of splitProgress(local)) {
    const have = theirs.get(name) ?? blank
    if (!sameJson(bare(mergeProgress(have, part)), bare(have))) parts.push(...halves(part, budget))
  }
  const chunks: Progress[] = []
  let chunk: Progress | undefined
  let used = 0
  for (const part of parts) {
    const bytes = size(part)
    if (!chunk || used + bytes > budget) {
      chunks.push((chunk = emptyProgress(local.userId, local.epoch)))
      used = size(chunk)
    }
    used += bytes
    if (part.firstSeen !== undefined) chunk.firstSeen = part.firstSeen
    if (part.lastSeen !== undefined) chunk.lastSeen = part.lastSeen
    for (const section of SECTIONS) {
      for (const [key, value] of Object.entries(part[section] ?? {})) {
        const target = (chunk[section] ??= {}) as Record<string, unknown>
        const old = target[key]
        target[key] = Array.isArray(old) ? [...old, ...(value as Hit[])] : value
      }
    }
  }
  return chunks
}
