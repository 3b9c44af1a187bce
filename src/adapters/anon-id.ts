import { newId } from './ids'

/** localStorage key of the anonymous user's id. */
const KEY = 'milepost:anon'

/**
 * The anonymous user's id, kept in localStorage (`milepost:anon`) when it can be, so a visitor
 * keeps their progress across reloads before signing in. Blocked storage: an id for this page only.
 */
export const anonId = (): string => {
  const fresh = 'anon-' + newId()
  try {
    const saved = localStorage.getItem(KEY)
    if (saved) return saved
    localStorage.setItem(KEY, fresh)
  } catch {
    // Storage blocked (privacy mode, sandboxed iframe): an id for this page only.
  }
  return fresh
}
