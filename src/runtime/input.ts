import type { Traits } from '../core/index'
import type { Account } from '../stores/stores'
import { cleanText } from '../core/clean'

/**
 * A plain object of traits (or `track()` props), whatever the host passed: only JSON scalars reach
 * storage (a function, symbol or DOM node would make IndexedDB throw, and the server takes scalar
 * traits only), a valid Date as its ISO string (what it becomes on the wire anyway), and text
 * cleaned as the server cleans it (no NUL, no lone surrogate, which PostgreSQL refuses), so pasted
 * text or a name cut with `slice` syncs as it shows. Given but not an object (`'plan=pro'`), it is
 * told to `tell` as `<what>: expected an object`, and read as none. One that cannot be read (a
 * getter or a Proxy trap that throws) is told so and read as none: the event it came with is kept.
 */
export const traitsOf = (t: unknown, tell?: (kind: string, message: string) => void, what?: string): Traits => {
  try {
    return t && typeof t == 'object' && !Array.isArray(t)
      ? Object.fromEntries(Object.entries(t)
        .map(([k, v]) => [cleanText(k), v instanceof Date && !isNaN(+v) ? v.toISOString() : typeof v == 'string' ? cleanText(v) : v])
        .filter(([, v]) => v === null || typeof v == 'string' || typeof v == 'boolean' || Number.isFinite(v))) as Traits
      : (t != null && tell?.('input', what + ': expected an object'), {})
  } catch (error) {
    return tell?.('input', `${what}: could not be read (${error})`), {}
  }
}

type Tell = (kind: string, message: string) => void

/**
 * `o[k]` as a host's object gives it; a getter or a Proxy trap that throws is told as `<what>: could
 * not be read (…)` and read as not given, never thrown into the host or out of a start.
 */
export const readOf = (o: unknown, k: string, tell: Tell, what: string): unknown => {
  try {
    return (o as Record<string, unknown> | null | undefined)?.[k]
  } catch (error) {
    tell('input', `${what}: could not be read (${error})`)
  }
}

/** A copy of the options a host passed (`{ ...o }`), each read as `readOf` reads it. */
export const plain = <T extends object>(o: T | undefined, tell: Tell): T => {
  const out: Record<string, unknown> = {}
  try {
    for (const k of Object.keys(o ?? {})) out[k] = readOf(o, k, tell, k)
  } catch (error) {
    tell('input', `options: could not be read (${error})`)
  }
  return out as T
}

/** A user's or account's id as the server keeps it (cleaned); `undefined` unless a string of 1-200 characters (the server's limit). */
export const idOf = (id: unknown): string | undefined => (typeof id == 'string' && id && id.length <= 200 ? cleanText(id) : undefined)

/**
 * The account after the host gave `given` (`undefined`: unchanged; `null`: none), cleaned like a
 * user (the id as the server keeps it, traits as `traitsOf`, told as `<what>.traits`): the same
 * account's traits merge, like a user's. One without a usable id, or that cannot be read (a getter
 * or a Proxy trap that throws), is told as `<what>` and leaves `current`.
 */
export const nextAccount = (given: unknown, current: Account | null, report: Tell, what = 'account'): Account | null => {
  if (given == null) return given === null ? null : current
  let id: string | undefined
  try {
    id = idOf((given as { id?: unknown }).id)
  } catch (error) {
    return report('input', `${what}: could not be read (${error})`), current
  }
  if (!id) return report('input', what + ': expected { id: a string of 1-200 characters, traits? }'), current
  const traits = traitsOf(readOf(given, 'traits', report, what + '.traits'), report, what + '.traits')
  return id === current?.id ? { id, traits: { ...current.traits, ...traits } } : { id, traits }
}
