// A progress document split into one small document per entry: what the browser stores under one
// key each (so two tabs never overwrite each other) and what the sync's document push sends in parts.
import { emptyProgress } from './empty'
import type { Progress } from './types'

/** Storage key of each progress section entry: `step:connect`, `track:report.created`... */
const SECTIONS = {
  steps: 'step', tracks: 'track', urls: 'url', clicks: 'click', visible: 'visible', nudges: 'nudge', escalations: 'esc', tours: 'tour',
} as const

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

/**
 * What `after` holds that `before` did not: the entries a change replaced (events copy only the
 * entry they touch, so an entry kept as it was is the same object), with `after`'s epoch and
 * first/last seen, as one document. A newer epoch is `after` whole. The runtime stores this after
 * each batch of events, so each event is applied once (to the document in the stores), not again
 * to build what is written.
 */
export const changedProgress = (before: Progress | null | undefined, after: Progress): Progress => {
  if (!before || before.epoch !== after.epoch) return after
  const out: Progress = { ...emptyProgress(after.userId), epoch: after.epoch }
  if (after.firstSeen !== undefined) out.firstSeen = after.firstSeen
  if (after.lastSeen !== undefined) out.lastSeen = after.lastSeen
  if (after.sessions !== before.sessions) out.sessions = after.sessions
  for (const section of Object.keys(SECTIONS) as Array<keyof typeof SECTIONS>) {
    const was: Record<string, unknown> = before[section] ?? {}
    for (const [key, value] of Object.entries(after[section] ?? {})) {
      if (was[key] !== value) ((out as unknown as Record<string, Record<string, unknown>>)[section] ??= {})[key] = value
    }
  }
  return out
}
