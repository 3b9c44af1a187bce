// Folding events into a Progress document (a state-based CRDT, see mergeProgress).
import { emptyProgress } from './empty'
import { escalationKey } from './escalation'
import { clone, isObj, num, own } from './record'
import { cap, capAll, capKeys, KEYED, PLACES, see, write } from './write'
import type { Section } from './write'
import type { Progress, ProgressEvent } from './types'

export { emptyProgress } from './empty'
export { sanitizeProgress } from './sanitize'

/** Event type → "section keyField [field]"; a nudge's field is its action. */
const ROUTE: Record<string, string> = {
  track: 'tracks name', complete: 'steps stepId done', skip: 'steps stepId skipped', url: 'urls url',
  click: 'clicks selector', visible: 'visible selector', session: 'sessions sessionId', nudge: 'nudges nudgeId',
  escalation: 'escalations nudgeId', tour: 'tours tourId',
}

/**
 * One event into `p`: in place when `fold` is set (p is then private), else into a copy of the
 * touched section only. Undefined when the event is ignored.
 */
const step = (p: Progress, e: unknown, fold?: boolean): Progress | undefined => {
  if (!isObj(e) || typeof e.id != 'string' || num(e.at) === undefined) return
  // A reset starts the next epoch, or the one it names when that is newer.
  const reset = +(e.type == 'reset')
  const ep = e.epoch === undefined ? p.epoch + reset : num(e.epoch)
  if (!(ep! >= p.epoch + reset)) return
  // An event of a newer epoch means a reset we have not seen: that generation wins whole.
  const fresh = ep! > p.epoch && emptyProgress(p.userId, ep)
  // The new epoch starts when the reset was: first and last seen then (an `inactive` nudge counts from it).
  if (reset) return fresh ? (see(fresh, e.at, e.at), fresh) : undefined
  const r = typeof e.type == 'string' && own(ROUTE, e.type)
  if (!r) return
  const [sec, field, f = e.action] = r.split(' ') as [Section, string, string?]
  const esc = e.type == 'escalation'
  const k = esc
    ? typeof e.nudgeId == 'string' && num(e.level) !== undefined && typeof (e.milestoneId ?? '') == 'string' && escalationKey(e.nudgeId, e.milestoneId, e.level)
    : e[field]
  let d = fresh || p
  if (!fresh && !fold) {
    const c: Record<string, unknown> = { ...p[sec] }
    const x = typeof k == 'string' && own(c, k)
    // Hits are never changed in place: a list of them needs only a shallow copy (a deep one costs 500 objects).
    if (x) c[k] = Array.isArray(x) ? [...x] : clone(x)
    d = { ...p, [sec]: c }
  }
  if (!write(d, e.at, sec, k, f, e.type == 'tour' ? [e.seq, e.step ?? 0] : e.action == 'snoozed' ? e.until : e.id, e.props)) return
  // Escalations and shows are records about the user, not their activity: firstSeen and lastSeen
  // (the dashboard's "last seen", `inactive`) stay the user's own.
  if (!esc && e.action != 'shown') see(d, e.at, e.at)
  if (!fold && PLACES.includes(sec as 'urls')) d[sec as 'urls'] = cap(d[sec as 'urls'])
  if (!fold && KEYED.includes(sec as 'steps')) (d as any)[sec] = capKeys(sec as 'steps', d[sec] as Record<string, unknown>)
  return d
}

/**
 * A new document with one event applied; never mutates `p`, shares untouched sections, never
 * throws. Malformed events and events of an older epoch return `p` itself. The same event twice
 * counts once: hits and shows dedupe by event id, other entries keep their earliest time.
 * @example applyEvent(p, { id: 'e1', type: 'track', name: 'report.created', at: Date.now() })
 */
export const applyEvent = (p: Progress, e: ProgressEvent): Progress => {
  try {
    return step(p, e) ?? p
  } catch {
    return p
  }
}

/** The same result as applying `events` one by one, but copies `p` once and then writes in place. */
export const foldEvents = (p: Progress, events: readonly ProgressEvent[]): Progress => {
  let d = clone(p)
  for (const e of events) {
    try {
      d = step(d, e, true) ?? d
    } catch {
      // A hostile event (a throwing getter) is skipped like a malformed one.
    }
  }
  capAll(d)
  return d
}
