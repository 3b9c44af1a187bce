import { idOf } from '../runtime/input'
import { newId } from './ids'

/** localStorage key of the anonymous user's id. */
const KEY = 'milepost:anon'

/**
 * The anonymous user's id, kept in localStorage (`milepost:anon`) when it can be, so a visitor
 * keeps their progress across reloads before signing in. Blocked storage: an id for this page only.
 * A stored value that is not such an id is replaced (its progress, if any, was never synced).
 */
export const anonId = (): string => {
  const fresh = 'anon-' + newId()
  try {
    // Only an id the server takes (1-200 characters, cleaned): anything else (a value cut, grown or
    // left by another script) would be refused at every sync, so it is replaced.
    const saved = idOf(localStorage.getItem(KEY))
    if (saved) return saved
    localStorage.setItem(KEY, fresh)
  } catch {
    // Storage blocked (privacy mode, sandboxed iframe): an id for this page only.
  }
  return fresh
}
