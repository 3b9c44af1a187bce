// A quiet state: one that nothing but a new clock reading changes until the user's progress changes
// in a way that counts. The script tag remembers such a state and starts the next page from it,
// without the engine (docs/performance.md, "a quiet start").
import { accountStart, withAccountTraits } from './account'
import { matchesAudience } from './audience'
import { DELEGATED, DISMISSED } from './delegation'
import { evaluate } from './evaluate'
import { DAY } from './limits'
import { moments } from './next-change'
import { stringify } from './json'
import { sameJson } from './same'
import { progress as inBand } from './signals/progress'
import { evaluateSignal } from './signals/index'
import type { SignalContext } from './signals/index'
import { dayNumber, days, startOfDay } from './time'
import { foldTree } from './tree'
import type { EvaluateOptions, Journey, JourneyState, Progress, Signal } from './types'

/**
 * A quiet state read at another time: only `now`, the journey's day and the calendar days to each
 * milestone's due move (a done milestone's `daysLeft` still counts them). `dayOf` numbers calendar
 * days in the user's zone, as `dayNumber` does (the script tag passes its own for the page's zone).
 */
export const quietAt = (state: JourneyState, now: number, dayOf: (t: number) => number): JourneyState => ({
  ...state, now, day: Math.max(0, days(now - state.startedAt)),
  milestones: state.milestones.map((m) => ({ ...m, daysLeft: m.dueAt == null ? null : dayOf(m.dueAt - 1) - dayOf(now) })), // as daysToDue (`lastMoment` written out: an import costs the first file bytes)
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
 * Until when `state` (the engine's verdict on `journey` and `progress` with `options`) is quiet:
 * `Infinity` for good, a moment, or at most `state.now` when it is not quiet at all. Quiet means
 * that events adding only activity (a session, a `track()` of the host's own) and time change
 * nothing but `now`, `day` and each due's `daysLeft` (`quietAt`) before that moment. Two kinds of
 * state can be:
 * - the journey is done for this user (or holds nothing for their audience) and every step is
 *   recorded done or skipped: quiet for good, or until a nudge's `day` comes;
 * - the user hid the checklist (`dismissed`) of a journey still open, nothing overdue, no step
 *   done but not recorded yet: quiet until the first moment time alone
 *   may change something (a milestone's colour, a nudge's signal, the next midnight, which moves
 *   the days in the reasons). The runtime then counts a `track()` of an event an open step waits
 *   for, and watches the page's triggers itself (session.ts).
 * Either way no tour runs or can start by itself, and no nudge in the user's audience holds or can
 * hold before that moment. It checks the answer by evaluating such a document at moments before it
 * (two years on when quiet for good), and says `state.now` when one differs: an open milestone's
 * projection that moves with `now` (its pace, or a dependency done) is caught there.
 */
export const quietUntil = (journey: Journey, progress: Progress, options: EvaluateOptions, state: JourneyState): number => {
  const { now, done } = state
  const open = !done
  // A nudge whose signal holds (a `day` reached) but that does nothing now: no card or tooltip
  // showing, every ladder level due recorded. Whether it stays so (dismissed, shown `maxShows`
  // times, no ladder level still to come) is the proof's below: a card that comes back (a snooze
  // or `everyDays` over, a level later) shows in the state at a later moment.
  const spentIds = new Set(state.nudges.filter((n) => !n.show && n.escalations.every((e) => !e.pending)).map((n) => n.id))
  if (state.tour || state.nudges.length > spentIds.size || (open && !state.dismissed)) return now
  const docs = [progress, options.account?.progress]
  const recorded = (id: string) => docs.some((d) => d?.steps[id]?.done !== undefined || d?.steps[id]?.skipped !== undefined)
  if (!state.milestones.every((m) => m.status != 'overdue' && m.steps.every((s) => (open && !s.done && !s.skipped) || recorded(s.id)))) return now
  if (!state.tours.every((t) => t.status != 'active' && (t.status != 'idle' || !(t.tour.startOn || t.tour.startWhen)))) return now
  const c: SignalContext = { now, start: state.startedAt, progress, percent: state.percent, stages: state.stages, milestones: new Map(state.milestones.map((m) => [m.id, m])) }
  // The first moment after now that time alone may change something; a `day` of an account's nudge
  // counts from the account's day 0, so moments count from the earlier of the two (early is harmless).
  let until = Infinity
  const start = options.account ? Math.min(state.startedAt, accountStart(journey, options.account, state.startedAt)) : state.startedAt
  const bound = (ts: ReadonlyArray<number | null>) => ts.forEach((t) => t! > now && (until = Math.min(until, t!)))
  const leaf = (s: Signal): Verdict => {
    const [kind, arg] = Object.entries(s)[0] ?? []
    // About a milestone: holds only while it is open; about time: as now until its moment.
    if (kind == 'stalled' || kind == 'missed' || kind == 'dueSoon' || kind == 'day') {
      bound(moments(s, state, progress, start))
      return evaluateSignal(s, c) ? 1 : 0
    }
    // Percentages move only with a step, which the runtime counts.
    if (kind == 'progress') return inBand(arg as never, c) ? 1 : 0
    return 2
  }
  const join = (all: boolean, vs: Verdict[]): Verdict => {
    if (!vs.length) return 0
    const [never, always] = all ? [vs.includes(0), vs.every((v) => v == 1)] : [vs.every((v) => v == 0), vs.includes(1)]
    return never ? 0 : always ? 1 : 2
  }
  const traits = withAccountTraits(options.traits ?? {}, options.account?.traits)
  if ((journey.nudges ?? []).some((n) => !spentIds.has(n.id) && matchesAudience(n.audience, traits) && foldTree<Signal, Verdict>(n.when, leaf, join) != 0)) return now
  if (open) {
    // A colour's change, and the next midnight (the days in the reasons: "due in 3 days").
    for (const m of state.milestones) bound(Object.values(m.colourTimes))
    const tz = options.timeZone
    bound([startOfDay(startOfDay(now, tz) + DAY * 25 / 24, tz)])
  }
  // What is remembered is this very state: nothing JSON cannot keep (NaN, Infinity, undefined). (The
  // writer that keeps arrays as arrays: a page with Prototype.js's Array.prototype.toJSON is quiet too.)
  if (!sameJson(JSON.parse(stringify(state)), state)) return now
  // The proof: just after now, halfway and just before the moment (two years on for good), after a
  // new session and an event of the host's own, the same state.
  const at = isFinite(until) ? [now + 1, Math.floor((now + until) / 2), until - 1] : [now + 730 * DAY]
  for (const t of at) {
    const busier: Progress = {
      ...progress, lastSeen: t, sessions: { ...progress.sessions, quiet: t },
      tracks: { ...progress.tracks, 'quiet.check': [{ id: 'quiet', at: t }] },
    }
    if (stringify(evaluate(journey, busier, { ...options, now: t })) !== stringify(quietAt(state, t, (x) => dayNumber(x, options.timeZone)))) return now
  }
  return until
}
