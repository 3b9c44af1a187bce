// What the script tag remembers of a quiet state (core/quiet.ts) for the next page, in one
// localStorage key, `milepost:quiet`: `[key, state]`, the key being a hash of everything the state
// depends on but the clock and the activity that does not count. The first file reads it
// (engine.lazy.ts); the engine's file writes it (engine-file.ts), since only a page that evaluates
// knows whether its state is quiet.
import { hash } from '../core/hash'
import { quietFacts } from '../core/quiet'
import type { JourneyState } from '../core/types'
import type { QuietInputs } from './engine'

declare const __MILEPOST_VERSION__: string

const KEY = 'milepost:quiet'

/** What the previous page left, or null (missing, unreadable, blocked storage). */
export const readQuiet = (): [string, JourneyState] | null => {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null') as [string, JourneyState] | null
    return typeof v?.[0] == 'string' && typeof v[1]?.startedAt == 'number' && Array.isArray(v[1].milestones) ? v : null
  } catch {
    return null
  }
}

/**
 * JSON with each object's keys in order: a document read back from storage (or merged with the
 * server's) lists its entries in another order than the one that was remembered.
 */
const sorted = (_: string, v: unknown): unknown =>
  v && typeof v == 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v

/** The journey's hash, kept per journey object (the key is read on each change of progress). */
let journeyHash: [object, string] | undefined
/** A hash of the inputs of a state (64 bits: two FNV-1a), the package's version among them. */
export const quietKey = ({ journey, progress, options, userId }: QuietInputs): string => {
  if (journeyHash?.[0] !== journey) {
    const text = JSON.stringify(journey, sorted)
    journeyHash = [journey, hash(text) + hash(text, 5381)]
  }
  const { traits, timeZone, account } = options
  const inputs = JSON.stringify([
    __MILEPOST_VERSION__, journeyHash[1], userId, traits, timeZone, new Date().getTimezoneOffset(), quietFacts(progress),
    account && [account.id, account.traits, quietFacts(account.progress)],
  ], sorted)
  return hash(inputs) + hash(inputs, 5381)
}

/** Writes `[key, state]`, or removes what was kept (`null`); false when storage refuses. */
export const keepQuiet = (next: [string, JourneyState] | null): boolean => {
  try {
    if (next) localStorage.setItem(KEY, JSON.stringify(next))
    else localStorage.removeItem(KEY)
    return true
  } catch {
    return false
  }
}
