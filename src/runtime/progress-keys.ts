import { emptyProgress } from '../core/index'
import type { Progress } from '../core/index'

/** Storage key of each progress section entry: `step:connect`, `track:report.created`... */
const SECTIONS = {
  steps: 'step', tracks: 'track', urls: 'url', clicks: 'click', visible: 'visible', nudges: 'nudge', escalations: 'esc', tours: 'tour',
} as const

/** Keys of a user's entries: the user id is encoded so `a` never reads the keys of `a|b`. */
export const userPrefix = (journeyId: string, userId: string): string =>
  `${journeyId}|${encodeURIComponent(userId)}|`

/**
 * Keys of an account's shared document: `account:` never begins an encoded user id (its `:` would
 * be `%3A`), so an account and a user never share keys.
 */
export const accountPrefix = (journeyId: string, accountId: string): string =>
  `${journeyId}|account:${encodeURIComponent(accountId)}|`

/** Names under the user prefix that hold something other than progress (`folded`: see sync/fold.ts). */
export const isProgressKey = (name: string): boolean => !/^(out|quarantine):|^(active|folded)$/.test(name)

/**
 * Splits a document into one small document per storage key: one per step, tracked event name,
 * URL, selector, nudge and escalation, plus `sessions` and `epoch` (with first/last seen).
 * Writing per key keeps two tabs from overwriting each other.
 */
export const splitProgress = (doc: Progress): Map<string, Progress> => {
  const out = new Map<string, Progress>()
  const part = (fields: Partial<Progress>): Progress => ({ ...emptyProgress(doc.userId), epoch: doc.epoch, ...fields })
  const seen: Partial<Progress> = {}
  if (doc.firstSeen !== undefined) seen.firstSeen = doc.firstSeen
  if (doc.lastSeen !== undefined) seen.lastSeen = doc.lastSeen
  out.set('epoch', part(seen))
  if (Object.keys(doc.sessions).length) out.set('sessions', part({ sessions: doc.sessions }))
  for (const [section, name] of Object.entries(SECTIONS) as Array<[keyof typeof SECTIONS, string]>) {
    for (const [key, value] of Object.entries(doc[section] ?? {})) out.set(`${name}:${key}`, part({ [section]: { [key]: value } }))
  }
  return out
}
