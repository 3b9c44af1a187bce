// What the script tag remembers of a quiet state (core/quiet.ts) for the next page, in one
// localStorage key, `milepost:quiet`: `[key, state]`, the key being a hash of everything the state
// depends on but the clock and the activity that does not count (runtime/quiet-key.ts). The first
// file reads it (runtime/engine.lazy.ts); the engine's file writes it (runtime/engine-file.ts), since
// only a page that evaluates knows whether its state is quiet.
import type { JourneyState } from '../core/types'

const KEY = 'milepost:quiet'

/** What the previous page left, or null (missing, unreadable, blocked storage). */
export const readQuiet = (): [string, JourneyState] | null => {
  try {
    // Nothing kept: JSON.parse(null) is null.
    const v = JSON.parse(localStorage.getItem(KEY)!) as [string, JourneyState] | null
    // A key that is not a string matches no page's key.
    return typeof v?.[1]?.startedAt == 'number' && Array.isArray(v[1].milestones) ? v : null
  } catch {
    return null
  }
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
