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

/** A user's or account's id as the server keeps it (cleaned); `undefined` unless a string of 1-200 characters (the server's limit). */
export const idOf = (id: unknown): string | undefined => (typeof id == 'string' && id && id.length <= 200 ? cleanText(id) : undefined)

/**
 * The account after the host gave `given` (`undefined`: unchanged; `null`: none), cleaned like a
 * user (the id as the server keeps it, traits as `traitsOf`, told as `<what>.traits`): the same
 * account's traits merge, like a user's. One without a usable id, or that cannot be read (a getter
 * or a Proxy trap that throws), is told as `<what>` and leaves `current`.
 */
export const nextAccount = (given: unknown, current: Account | null, report: (kind: string, message: string) => void, what = 'account'): Account | null => {
  if (given == null) return given === null ? null : current
  let account: Account | undefined
  try {
    const id = idOf((given as { id?: unknown }).id)
    account = id ? { id, traits: traitsOf((given as { traits?: unknown }).traits, report, what + '.traits') } : undefined
  } catch (error) {
    return report('input', `${what}: could not be read (${error})`), current
  }
  if (!account) return report('input', what + ': expected { id: a string of 1-200 characters, traits? }'), current
  return account.id === current?.id ? { id: account.id, traits: { ...current.traits, ...account.traits } } : account
}
