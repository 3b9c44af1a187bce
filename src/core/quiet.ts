// A quiet state: one that nothing but a new clock reading changes until the user's progress changes
// in a way that counts. The script tag remembers such a state and starts the next page from it,
// without the engine (docs/performance.md, "a quiet start").
import { withAccountTraits } from './account'
import { matchesAudience } from './audience'
import { DELEGATED, DISMISSED } from './delegation'
import { evaluate } from './evaluate'
import { DAY } from './limits'
import { sameJson } from './same'
import { progress as inBand } from './signals/progress'
import type { SignalContext } from './signals/index'
import { dayNumber, days } from './time'
import { foldTree } from './tree'
import type { EvaluateOptions, Journey, JourneyState, Progress, Signal } from './types'

/**
 * A quiet state read at another time: only `now`, the journey's day and the calendar days to each
 * milestone's due move (a done milestone's `daysLeft` still counts them). `dayOf` numbers calendar
 * days in the user's zone, as `dayNumber` does (the script tag passes its own for the page's zone).
 */
export const quietAt = (state: JourneyState, now: number, dayOf: (t: number) => number): JourneyState => ({
  ...state, now, day: Math.max(0, days(now - state.startedAt)),
  milestones: state.milestones.map((m) => ({ ...m, daysLeft: m.dueAt == null ? null : dayOf(m.dueAt) - dayOf(now) })),
})

/** `dayNumber(t, 'local')` without Intl: the browser runtime counts days in the page's zone. */
export const localDay = (t: number): number => {
  const d = new Date(t)
  return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()) / DAY
}

/**
 * The parts of a document that a quiet state depends on: everything but what only activity adds
 * (`lastSeen`, `sessions`, the tracked events other than Milepost's own, the pages, clicks and
 * elements seen). Two documents with the same facts give the same quiet state.
 */
export const quietFacts = (p: Progress): unknown[] =>
  [p.userId, p.epoch, p.firstSeen, p.steps, p.nudges, p.escalations, p.tours, p.tracks[DISMISSED], p.tracks[DELEGATED]]

/** A nudge signal's leaf in a quiet state: never holds (0), holds for good (1), may change (2). */
type Verdict = 0 | 1 | 2

/**
 * Whether `state` (the engine's verdict on `journey` and `progress` with `options`) is quiet: the
 * journey is done for this user (or holds nothing for their audience), every step is recorded done
 * or skipped, no tour runs or can start by itself, and no nudge in the user's audience can ever
 * hold (each is about a milestone that is done, or its progress band is passed). Then events that
 * add only activity (a session, a `track()` of the host's own) and time change nothing but `now`,
 * `day` and each due's `daysLeft` (`quietAt`): it checks that by evaluating such a document two
 * years on, and says false when the answer differs.
 */
export const quietOf = (journey: Journey, progress: Progress, options: EvaluateOptions, state: JourneyState): boolean => {
  if (!state.done || state.tour || state.nudges.length) return false
  const docs = [progress, options.account?.progress]
  const recorded = (id: string) => docs.some((d) => d?.steps[id]?.done !== undefined || d?.steps[id]?.skipped !== undefined)
  if (!state.milestones.every((m) => m.steps.every((s) => recorded(s.id)))) return false
  if (!state.tours.every((t) => t.status != 'active' && (t.status != 'idle' || !(t.tour.startOn || t.tour.startWhen)))) return false
  const c = { percent: state.percent, stages: state.stages } as unknown as SignalContext
  const leaf = (s: Signal): Verdict => {
    const [kind, arg] = Object.entries(s)[0] ?? []
    // About a milestone: holds only while it is open, and every milestone of this user is done.
    if (kind == 'stalled' || kind == 'missed' || kind == 'dueSoon') return 0
    // Percentages no longer move.
    if (kind == 'progress') return inBand(arg as never, c) ? 1 : 0
    return 2
  }
  const join = (all: boolean, vs: Verdict[]): Verdict => {
    if (!vs.length) return 0
    const [never, always] = all ? [vs.includes(0), vs.every((v) => v == 1)] : [vs.every((v) => v == 0), vs.includes(1)]
    return never ? 0 : always ? 1 : 2
  }
  const traits = withAccountTraits(options.traits ?? {}, options.account?.traits)
  if ((journey.nudges ?? []).some((n) => matchesAudience(n.audience, traits) && foldTree<Signal, Verdict>(n.when, leaf, join) != 0)) return false
  // What is remembered is this very state: nothing JSON cannot keep (NaN, Infinity, undefined).
  if (!sameJson(JSON.parse(JSON.stringify(state)), state)) return false
  // The proof: two years on, after a new session and an event of the host's own, the same state.
  const later = state.now + 730 * DAY
  const busier: Progress = {
    ...progress, lastSeen: later, sessions: { ...progress.sessions, quiet: later },
    tracks: { ...progress.tracks, 'quiet.check': [{ id: 'quiet', at: later }] },
  }
  return JSON.stringify(evaluate(journey, busier, { ...options, now: later })) === JSON.stringify(quietAt(state, later, (t) => dayNumber(t, options.timeZone)))
}
