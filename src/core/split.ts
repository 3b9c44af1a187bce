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
