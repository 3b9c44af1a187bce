/**
 * The check of a client's progress document on the wire, as strict as the check of events: text
 * cleaned, nesting bounded, times clamped to the server's now + skew, the epoch a sane whole number.
 */
import { sanitizeProgress } from './core'
import { cleanJson } from './core/clean'
import { isObj } from './core/record'
import type { Progress } from './core/types'
import { MAX_EPOCH } from './protocol-event'

type Raw = Record<string, unknown>

/** A copy of a time map with each number past `latest` set to `latest`. */
const clampMap = (r: unknown, latest: number): unknown =>
  isObj(r) ? Object.fromEntries(Object.entries(r).map(([k, t]) => [k, typeof t == 'number' && t > latest ? latest : t])) : r
const clampOne = (t: unknown, latest: number): unknown => (typeof t == 'number' && t > latest ? latest : t)
/** Applies `fn` to each value of a record. */
const each = (r: unknown, fn: (v: Raw) => unknown): unknown =>
  isObj(r) ? Object.fromEntries(Object.entries(r).map(([k, v]) => [k, isObj(v) ? fn(v) : v])) : r

/**
 * Every time the document holds (not a snooze's `until`, which is meant to be ahead) at most
 * `latest`, like the `at` of events: a clock far ahead, or 1e300, cannot pin `lastSeen` or a
 * completion in the future (or past what a bigint column holds).
 */
const clampTimes = (doc: Raw, latest: number): Raw => ({
  ...doc,
  firstSeen: clampOne(doc.firstSeen, latest),
  lastSeen: clampOne(doc.lastSeen, latest),
  steps: each(doc.steps, (s) => ({ ...s, done: clampOne(s.done, latest), skipped: clampOne(s.skipped, latest) })),
  tracks: isObj(doc.tracks)
    ? Object.fromEntries(Object.entries(doc.tracks).map(([k, l]) => [k, Array.isArray(l) ? l.map((h) => (isObj(h) ? { ...h, at: clampOne(h.at, latest) } : h)) : l]))
    : doc.tracks,
  urls: clampMap(doc.urls, latest),
  clicks: clampMap(doc.clicks, latest),
  visible: clampMap(doc.visible, latest),
  sessions: clampMap(doc.sessions, latest),
  escalations: clampMap(doc.escalations, latest),
  nudges: each(doc.nudges, (n) => ({
    ...n,
    shown: clampMap(n.shown, latest),
    clicked: clampOne(n.clicked, latest),
    dismissed: clampOne(n.dismissed, latest),
    snoozed: Array.isArray(n.snoozed) ? [n.snoozed[0], clampOne(n.snoozed[1], latest)] : n.snoozed,
  })),
  tours: each(doc.tours, (t) => ({
    ...t, done: clampOne(t.done, latest), last: Array.isArray(t.last) ? [t.last[0], clampOne(t.last[1], latest), ...t.last.slice(2)] : t.last,
  })),
})

/**
 * A client's document, clean, or why it is refused. `latest`: the server's now + MAX_SKEW_MS.
 * @example readProgress(body.progress, 'u1', Date.now() + MAX_SKEW_MS)
 */
export const readProgress = (raw: unknown, userId: string, latest = Infinity): Progress | string => {
  const doc = cleanJson(raw)
  if (!isObj(doc) || doc.userId !== userId) return 'progress: not a progress document of this user'
  const { epoch } = doc
  if (epoch !== undefined && !(Number.isSafeInteger(epoch) && (epoch as number) >= 0 && (epoch as number) <= MAX_EPOCH)) {
    return `progress.epoch: expected a whole number 0-${MAX_EPOCH}`
  }
  return sanitizeProgress(clampTimes(doc, latest), userId) ?? 'progress: not a progress document of this user'
}
