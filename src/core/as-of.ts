/**
 * A document as it stood at a moment: every record stamped later left out. A document keeps a time
 * for everything it records (steps done and skipped, hits, pages, clicks, sightings, sessions,
 * nudge shows and answers, escalations, tours), so "what was known at T" is the records at or
 * before T. Used to tell a notice as it was when it was made, whenever it is sent.
 *
 * What a document cannot tell: a record the caps dropped (sessions keep the latest ones), a
 * last-writer-wins register (a snooze, a tour's position) overwritten after T (the earlier value
 * is gone: the register is left out, or a done tour keeps its later position), and records a reset
 * (a higher epoch) threw away. `firstSeen` is kept as it is (day 0 of a journey counted from it).
 * Pure: no clock, no DOM.
 */
import type { Hit, NudgeRecord, Progress, StepRecord, TourRecord } from './types'

const before = (t: number) => (x: number | undefined): x is number => x !== undefined && x <= t

const times = (record: Record<string, number>, t: number): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const [k, v] of Object.entries(record)) if (v <= t) out[k] = v
  return out
}

/**
 * The document as of `t` (epoch ms): the records stamped at or before `t`; `lastSeen` no later
 * than `t` (then the latest activity kept).
 * @example asOf(progress, escalation.at) // the document the escalation was made from
 */
export const asOf = (progress: Progress, t: number): Progress => {
  const kept = before(t)
  const steps: Record<string, StepRecord> = {}
  for (const [id, r] of Object.entries(progress.steps)) {
    const s: StepRecord = {}
    if (kept(r.done)) s.done = r.done
    if (kept(r.skipped)) s.skipped = r.skipped
    if (s.done !== undefined || s.skipped !== undefined) steps[id] = s
  }
  const tracks: Record<string, Hit[]> = {}
  for (const [name, hits] of Object.entries(progress.tracks)) {
    const h = hits.filter((x) => x.at <= t)
    if (h.length) tracks[name] = h
  }
  const nudges: Record<string, NudgeRecord> = {}
  for (const [id, r] of Object.entries(progress.nudges)) {
    const n: NudgeRecord = { shown: times(r.shown, t) }
    if (kept(r.clicked)) n.clicked = r.clicked
    if (kept(r.dismissed)) n.dismissed = r.dismissed
    if (r.snoozed && r.snoozed[1] <= t) n.snoozed = r.snoozed
    if (Object.keys(n.shown).length || n.clicked !== undefined || n.dismissed !== undefined || n.snoozed) nudges[id] = n
  }
  let tours: Record<string, TourRecord> | undefined
  if (progress.tours) {
    tours = {}
    for (const [id, r] of Object.entries(progress.tours)) {
      if (kept(r.done)) tours[id] = { last: r.last, done: r.done }
      else if (r.last[1] <= t) tours[id] = { last: r.last }
    }
  }
  const out: Progress = {
    ...progress,
    steps,
    tracks,
    urls: times(progress.urls, t),
    clicks: times(progress.clicks, t),
    visible: times(progress.visible, t),
    sessions: times(progress.sessions, t),
    nudges,
    escalations: times(progress.escalations, t),
    ...(tours ? { tours } : {}),
  }
  if (progress.lastSeen !== undefined && progress.lastSeen > t) {
    // The latest activity kept (escalations and shows are not the user's activity), else the first.
    let latest = -Infinity
    const see = (x: number | undefined) => void (x !== undefined && x > latest && (latest = x))
    for (const s of Object.values(steps)) {
      see(s.done)
      see(s.skipped)
    }
    for (const h of Object.values(tracks)) for (const x of h) see(x.at)
    for (const r of [out.urls, out.clicks, out.visible, out.sessions]) for (const x of Object.values(r)) see(x)
    for (const r of Object.values(tours ?? {})) see(r.last[1])
    if (isFinite(latest)) out.lastSeen = latest
    else if (kept(progress.firstSeen)) out.lastSeen = progress.firstSeen
    else delete out.lastSeen
  }
  return out
}
