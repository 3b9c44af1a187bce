// What the script tag remembers of quiet states (core/quiet.ts) for the next pages, in one
// localStorage key, `milepost:quiet`: a list of `[key, state]`, the most recent first, the key
// being a hash of everything the state depends on but the clock and the activity that does not
// count (runtime/quiet-key.ts). A few are kept, so two users or two journeys taking turns in one
// browser each start quietly. A list that begins with `null` says the last page that evaluated
// was not quiet (the next one fetches the engine as it starts). The first file reads it
// (runtime/engine.lazy.ts); the engine's file writes it (runtime/engine-file.ts), since only a
// page that evaluates knows whether its state is quiet.
import type { JourneyState } from '../core/types'
import { stringify } from '../core/json'

/** Where the list lives (localStorage); emptied, nothing is remembered. */
export const QUIET = 'milepost:quiet'

/** A state and its key; with a moment when it holds only until then (core/quiet.ts's `quietUntil`). */
export type QuietEntry = [key: string, state: JourneyState, until?: number]

/** What earlier pages left, most recent first; empty when missing, unreadable or blocked. */
export const readQuiet = (): Array<QuietEntry | null> => {
  try {
    // Nothing kept: JSON.parse(null) is null.
    const v = JSON.parse(localStorage.getItem(QUIET)!) as unknown
    return Array.isArray(v) ? v : []
  } catch {
    return []
  }
}

/**
 * Writes as much of the list as fits in `max` characters (the host's storage is shared, and the
 * next page reads the key as it starts): a head too large alone is written as `null` (not
 * remembered: the next page evaluates), and the oldest entries are dropped until the list fits.
 * Returns what was written, or nothing when storage refuses.
 */
export const keepQuiet = (list: Array<QuietEntry | null>, max = 100_000): Array<QuietEntry | null> | undefined => {
  let text
  if (list[0] && JSON.stringify(list[0]).length > max - 2) list = [null, ...list.slice(1)]
  while ((text = stringify(list)).length > max) list = list.slice(0, -1)
  try {
    localStorage.setItem(QUIET, text)
    return list
  } catch {
    return
  }
}
