import type { Traits } from '../core/index'
import { newId } from './ids'

/** A plain object of traits, whatever the host passed. */
export const traitsOf = (t: unknown): Traits => (t && typeof t == 'object' && !Array.isArray(t) ? { ...t } : {})

/** Only JSON scalars reach storage: a function, symbol or DOM node in props would make IndexedDB throw. */
export const plainProps = (props: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(props).filter(([, v]) => v === null || typeof v == 'string' || typeof v == 'boolean' || Number.isFinite(v)))

/** The anonymous user's id, kept in localStorage (`milepost:anon`) when it can be. */
export const anonId = (): string => {
  const fresh = 'anon-' + newId()
  try {
    const saved = localStorage.getItem('milepost:anon')
    if (saved) return saved
    localStorage.setItem('milepost:anon', fresh)
  } catch {
    // Storage blocked: an id for this page only.
  }
  return fresh
}
