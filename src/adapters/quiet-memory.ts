// What the script tag remembers of quiet states (core/quiet.ts) for the next pages, in one
// localStorage key, `milepost:quiet`: a list of `[key, state]`, the most recent first, the key
// being a hash of everything the state depends on but the clock and the activity that does not
// count (runtime/quiet-key.ts). A few are kept, so two users or two journeys taking turns in one
// browser each start quietly. A list that begins with `null` says the last page that evaluated
// was not quiet (the next one fetches the engine as it starts). The first file reads it
// (runtime/engine.lazy.ts); the engine's file writes it (runtime/engine-file.ts), since only a
// page that evaluates knows whether its state is quiet.
import type { JourneyState } from '../core/types'

const KEY = 'milepost:quiet'

export type QuietEntry = [key: string, state: JourneyState]

/** What earlier pages left, most recent first; empty when missing, unreadable or blocked. */
export const readQuiet = (): Array<QuietEntry | null> => {
  try {
    // Nothing kept: JSON.parse(null) is null.
    const v = JSON.parse(localStorage.getItem(KEY)!) as unknown
    return Array.isArray(v) ? v : []
  } catch {
    return []
  }
}

/** Writes the list; false when storage refuses. */
export const keepQuiet = (list: Array<QuietEntry | null>): boolean => {
  try {
    localStorage.setItem(KEY, JSON.stringify(list))
    return true
  } catch {
    return false
  }
}
