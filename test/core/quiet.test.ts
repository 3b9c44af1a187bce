import { describe, expect, it } from 'vitest'
import { applyEvent, dayNumber, emptyProgress, evaluate } from '../../src/core/index'
import { localDay, quietAt, quietFacts, quietUntil } from '../../src/core/quiet'
import type { EvaluateOptions, Journey, JourneyState, Nudge, Progress, ProgressEvent, Signal } from '../../src/core/types'
import { notReadyState } from '../../src/runtime/not-ready'
import { aJourney, aMilestone, aNudge, anEvent, aStep, dayAt, traits } from '../builders'
import { progressOf } from './helpers'

const journey = (over: Partial<Journey> = {}) => aJourney({
  stages: [{ id: 'setup', title: 'Setup' }],
  milestones: [
    aMilestone({ id: 'a', stage: 'setup', due: { day: 3 }, steps: [aStep({ id: 'a1' }), aStep({ id: 'a2', completeWhen: { event: 'report.created' } })] }),
    aMilestone({ id: 'b', due: { day: 7 }, dependsOn: ['a'], steps: [aStep({ id: 'b1' }), aStep({ id: 'b2', optional: true })] }),
  ],
  ...over,
})
const all = ['a1', 'a2', 'b1', 'b2']
const finished = (...ids: string[]) => progressOf(
  anEvent({ type: 'session', sessionId: 's0', at: dayAt(0) }),
  ...ids.map((stepId, i) => anEvent({ type: 'complete', stepId, at: dayAt(1 + i) })),
)
const opts = (day: number, extra: Record<string, string | number | boolean | null> = {}): EvaluateOptions => ({ now: dayAt(day), traits: traits(extra), timeZone: 'UTC' })
/** Whether the state is quiet at all (quiet for some time after now). */
const quietOf = (j: Journey, p: Progress, o: EvaluateOptions, state: JourneyState) => quietUntil(j, p, o, state) > state.now
const quiet = (j: Journey, p: Progress, o = opts(9)) => quietOf(j, p, o, evaluate(j, p, o))
const nudge = (when: Signal, over: Partial<Nudge> = {}) => aNudge({ id: 'n', when, ...over })

describe('quietOf: a state only the clock moves', () => {
  it('a journey done with every step recorded is quiet', () => {
    expect(quiet(journey(), finished(...all))).toBe(true)
  })

  it('is quiet on a page whose Array.prototype.toJSON writes arrays as strings (Prototype.js 1.6) too', () => {
    const arrays = Array.prototype as { toJSON?: unknown }
    arrays.toJSON = function (this: unknown[]) {
      return '[' + this.map((x) => JSON.stringify(x)).join(', ') + ']'
    }
    try {
      expect(quiet(journey(), finished(...all))).toBe(true)
    } finally {
      delete arrays.toJSON
    }
  })

  it('activity and time change nothing but now and day (the remembered state is the engine\'s answer)', () => {
    const j = journey({ nudges: [nudge({ stalled: { milestone: 'a', days: 2 } }), nudge({ progress: { min: 0, max: 50 } }, { id: 'band' })] })
    const p = finished(...all)
    const state = evaluate(j, p, opts(9))
    expect(quietOf(j, p, opts(9), state)).toBe(true)
    const activity: ProgressEvent[] = [
      anEvent({ type: 'session', sessionId: 's1', at: dayAt(20) }),
      anEvent({ type: 'track', name: 'report.created', at: dayAt(21) }),
      anEvent({ type: 'url', url: '/reports', at: dayAt(22) }),
      anEvent({ type: 'click', selector: '#save', at: dayAt(23) }),
    ]
    let later = p
    for (const [i, e] of activity.entries()) {
      later = applyEvent(later, e)
      expect(quietFacts(later)).toEqual(quietFacts(p))
      const day = 20 + i + 0.5
      expect(evaluate(j, later, opts(day))).toEqual(quietAt(state, dayAt(day), (t) => dayNumber(t, 'UTC')))
    }
  })

  it('quiet for good, or until the day a nudge names', () => {
    const p = finished(...all)
    const until = (j: Journey) => quietUntil(j, p, opts(9), evaluate(j, p, opts(9)))
    expect(until(journey())).toBe(Infinity)
    expect(until(journey({ nudges: [nudge({ day: { day: 30 } })] }))).toBe(dayAt(30))
    expect(until(journey({ nudges: [nudge({ all: [{ day: { day: 30 } }, { seen: { event: 'x' } }] })] }))).toBe(dayAt(30))
  })

  it('a done journey whose day nudge is spent (dismissed, or shown maxShows times, its ladder recorded) is quiet for good', () => {
    const at = (p: Progress, ...events: ProgressEvent[]) => events.reduce(applyEvent, p)
    const shown = (day: number) => anEvent({ type: 'nudge', nudgeId: 'n', action: 'shown', at: dayAt(day) })
    const until = (j: Journey, p: Progress) => quietUntil(j, p, opts(9), evaluate(j, p, opts(9)))
    const welcome = journey({ nudges: [nudge({ day: { day: 3 } }, { maxShows: 2 })] })
    // Reached and able to show again: the card comes back every day, so the engine runs.
    expect(until(welcome, finished(...all))).toBe(dayAt(9))
    expect(until(welcome, at(finished(...all), shown(3)))).toBe(dayAt(9))
    // Not showing today (shown this morning, everyDays 1) but again tomorrow: not spent.
    expect(evaluate(welcome, at(finished(...all), shown(8.9)), opts(9)).nudges[0]!.show).toBe(false)
    expect(until(welcome, at(finished(...all), shown(8.9)))).toBe(dayAt(9))
    // Spent: nothing about it moves any more.
    expect(until(welcome, at(finished(...all), shown(3), shown(4)))).toBe(Infinity)
    expect(until(welcome, at(finished(...all), shown(3), anEvent({ type: 'nudge', nudgeId: 'n', action: 'dismissed', at: dayAt(3) })))).toBe(Infinity)
    // A ladder level not recorded yet may still fire; once recorded, spent.
    const { card: _, ...cardless } = nudge({ day: { day: 3 } }, { escalate: [{ afterDays: 2, notify: 'csm' }] })
    const ladder = journey({ nudges: [cardless] })
    expect(until(ladder, finished(...all))).toBe(dayAt(9))
    const recorded = at(finished(...all), anEvent({ type: 'escalation', id: 'e', nudgeId: 'n', level: 1, notify: 'csm', at: dayAt(5) }))
    expect(evaluate(ladder, recorded, opts(9)).nudges[0]!.escalations[0]!.pending).toBe(false)
    expect(until(ladder, recorded)).toBe(Infinity)
  })

  it('a user for whom the journey holds nothing (their audience) is quiet', () => {
    const j = journey({ milestones: journey().milestones.map((m) => ({ ...m, audience: { plan: { equals: 'pro' } } })) })
    const p = finished()
    expect(evaluate(j, p, opts(9, { plan: 'free' })).milestones).toEqual([])
    expect(quiet(j, p, opts(9, { plan: 'free' }))).toBe(true)
    expect(quiet(j, p, opts(9, { plan: 'pro' }))).toBe(false)
  })

  it('an open milestone is not quiet: its status moves with time', () => {
    expect(quiet(journey(), finished('a1', 'a2'))).toBe(false)
  })

  it('an optional step not done yet is not quiet: an event may still complete it', () => {
    expect(evaluate(journey(), finished('a1', 'a2', 'b1'), opts(9)).done).toBe(true)
    expect(quiet(journey(), finished('a1', 'a2', 'b1'))).toBe(false)
  })

  it('a step done by its condition but not recorded yet is not quiet', () => {
    const p = applyEvent(finished('a1', 'b1', 'b2'), anEvent({ type: 'track', name: 'report.created', at: dayAt(5) }))
    expect(evaluate(journey(), p, opts(9)).done).toBe(true)
    expect(quiet(journey(), p)).toBe(false)
  })

  it.each<[string, Signal, boolean]>([
    ['about a done milestone (missed)', { missed: { milestone: 'b' } }, true],
    ['about a done milestone (due soon)', { dueSoon: { milestone: 'b', days: 2 } }, true],
    ['inactive for some days', { inactive: { days: 3 } }, false],
    ['sessions without progress', { sessionsWithoutProgress: { count: 3 } }, false],
    ['engagement in a band', { engagement: { days: 7, minSessions: 2 } }, false],
    ['day N of the journey (until that day)', { day: { day: 30 } }, true],
    ['day N of the journey, reached', { day: { day: 5 } }, false],
    ['something seen on the page', { seen: { visible: '#billing' } }, false],
    ['all of: a done milestone stalled, and inactive', { all: [{ stalled: { milestone: 'a', days: 1 } }, { inactive: { days: 3 } }] }, true],
    ['any of: a done milestone stalled, or inactive', { any: [{ stalled: { milestone: 'a', days: 1 } }, { inactive: { days: 3 } }] }, false],
    ['a progress band the journey has passed', { progress: { stage: 'setup', max: 60 } }, true],
    ['an empty any', { any: [] }, true],
  ])('a nudge %s: quiet %s', (_, when, expected) => {
    expect(quiet(journey({ nudges: [nudge(when)] }), finished(...all))).toBe(expected)
  })

  it('a nudge outside the user\'s audience does not count', () => {
    const j = journey({ nudges: [nudge({ inactive: { days: 3 } }, { audience: { plan: { equals: 'pro' } } })] })
    expect(quiet(j, finished(...all), opts(9, { plan: 'free' }))).toBe(true)
    expect(quiet(j, finished(...all), opts(9, { plan: 'pro' }))).toBe(false)
  })

  it('a tour that can start by itself is not quiet; one finished, or started by hand only, is', () => {
    const step = { title: 'Here', text: 'This is it.' }
    const tour = (over = {}) => journey({ tours: [{ id: 't', title: 'Tour', steps: [step], ...over }] })
    expect(quiet(tour(), finished(...all))).toBe(true)
    expect(quiet(tour({ startOn: { day: { day: 1 } } }), finished(...all))).toBe(false)
    expect(quiet(tour({ startWhen: { url: '/reports' } }), finished(...all))).toBe(false)
    const ran = [0, 1].reduce((p, seq) => applyEvent(p, anEvent({ type: 'tour', tourId: 't', action: seq ? 'completed' : 'started', step: 0, seq, at: dayAt(6 + seq) })), finished(...all))
    expect(evaluate(tour({ startWhen: { url: '/reports' } }), ran, opts(9)).tours[0]!.status).toBe('done')
    expect(quiet(tour({ startWhen: { url: '/reports' } }), ran)).toBe(true)
  })

  it('without a start trait or a first sighting the journey starts now: not quiet', () => {
    const j = journey({ milestones: [] })
    const none = emptyProgress('u1')
    expect(quietOf(j, none, { now: dayAt(9) }, evaluate(j, none, { now: dayAt(9) }))).toBe(false)
    const seen = finished()
    expect(quietOf(j, seen, { now: dayAt(9) }, evaluate(j, seen, { now: dayAt(9) }))).toBe(true)
  })

  it('a state JSON cannot keep as it is (a NaN from a journey built in code) is not quiet: what is remembered is the engine\'s very state', () => {
    const j = journey({ milestones: [aMilestone({ id: 'a', due: { day: Number.NaN }, steps: [aStep({ id: 'a1' })] })] })
    const p = finished('a1')
    const state = evaluate(j, p, opts(9))
    expect(state.done).toBe(true)
    expect(JSON.parse(JSON.stringify(state))).not.toEqual(state)
    expect(quietOf(j, p, opts(9), state)).toBe(false)
  })

  it('the facts leave out activity only', () => {
    const p = finished(...all)
    for (const e of [
      anEvent({ type: 'skip', stepId: 'b2', at: dayAt(9) }),
      anEvent({ type: 'track', name: 'checklist:dismissed', at: dayAt(9) }),
      anEvent({ type: 'reset', epoch: 1, at: dayAt(9) }),
    ]) expect(quietFacts(applyEvent(p, e))).not.toEqual(quietFacts(p))
  })
})

describe('quietUntil: a hidden journey still open', () => {
  /** Steps done on days 1, 2, …; the checklist hidden on `hid` (the user's day 0 is T0). */
  const hidden = (hid: number, ...ids: string[]) => applyEvent(finished(...ids), anEvent({ type: 'track', name: 'checklist:dismissed', at: dayAt(hid) }))
  const until = (j: Journey, p: Progress, o: EvaluateOptions) => quietUntil(j, p, o, evaluate(j, p, o))
  /** Midnight (UTC) starting `day`'s calendar day after T0's. */
  const midnight = (day: number) => Date.UTC(2026, 10, 1 + day)

  it('is quiet until the next midnight (the days in its reasons move then), and the state is the engine\'s until then', () => {
    const p = hidden(0.5)
    const o = opts(1)
    const state = evaluate(journey(), p, o)
    expect(state).toMatchObject({ done: false, dismissed: true })
    const end = until(journey(), p, o)
    expect(end).toBe(midnight(2))
    for (const t of [o.now + 60_000, end - 1]) {
      const busier = applyEvent(applyEvent(p, anEvent({ type: 'session', sessionId: 's9', at: t })), anEvent({ type: 'track', name: 'host.own', at: t }))
      expect(evaluate(journey(), busier, { ...o, now: t })).toEqual(quietAt(state, t, (x) => dayNumber(x, 'UTC')))
    }
    expect(evaluate(journey(), p, { ...o, now: end }).milestones[0]!.reason).not.toBe(state.milestones[0]!.reason)
  })

  it('is quiet until a colour changes, or a nudge\'s signal may start to hold, when that comes first', () => {
    // Milestone a (due day 3) turns amber on day 2 at 09:00, before the next midnight.
    const p = hidden(0.2)
    expect(until(journey(), p, opts(1.7))).toBe(dayAt(2))
    // A stall window of a day and a half ends on day 1 at 21:00, before the amber and the midnight.
    const stall = journey({ nudges: [nudge({ stalled: { milestone: 'a', days: 1.5 } })] })
    expect(until(stall, p, opts(1.1))).toBe(dayAt(1.5))
    // Once it holds, the nudge is in the state: not quiet.
    expect(until(stall, p, opts(1.6))).toBe(dayAt(1.6))
  })

  it('is not quiet when the checklist shows, or when more than time may change it', () => {
    const o = opts(1)
    const at = (j: Journey, p: Progress, q = o) => until(j, p, q) > q.now
    expect(at(journey(), hidden(0.5))).toBe(true)
    // The checklist shows: its UI and its statuses are the engine's.
    expect(at(journey(), finished())).toBe(false)
    // A step done: its milestone's projection moves with the user's pace, so with now.
    expect(at(journey(), hidden(1.5, 'a1'), opts(1.8))).toBe(false)
    // Overdue: each page tells the host (milestone:overdue).
    expect(at(journey(), hidden(0.5), opts(4))).toBe(false)
    // A nudge that activity may make hold (a session, an event of the host's, the page).
    for (const when of [{ inactive: { days: 3 } }, { sessionsWithoutProgress: { count: 2 } }, { seen: { event: 'report.viewed' } }] as Signal[]) {
      expect(at(journey({ nudges: [nudge(when)] }), hidden(0.5))).toBe(false)
    }
    // A step done by its condition but not recorded yet: a quiet page would not record it.
    expect(at(journey(), applyEvent(hidden(0.5), anEvent({ type: 'track', name: 'report.created', at: dayAt(0.7) })))).toBe(false)
  })

  it('with an account: its milestone\'s moments come from the account\'s document too (a teammate\'s pace)', () => {
    const j = journey({ milestones: [aMilestone({ id: 'team', scope: 'account', due: { day: 5 }, steps: [aStep({ id: 't1' }), aStep({ id: 't2' })] })] })
    // The account's day 0 is its document's first activity (the server stamps it with its members' first seen).
    const account = { id: 'acme', progress: { ...emptyProgress('acme'), firstSeen: dayAt(0) }, traits: {} }
    const p = hidden(0.2)
    // Untouched, it turns amber on day 3.33; the next midnight (day 2.625) comes first.
    expect(until(j, p, { ...opts(1.7), account })).toBe(midnight(3))
    // A teammate did t1 on day 1: at that pace the finish passes the due from day 2.5 on.
    const teammate = { ...account, progress: applyEvent(account.progress, anEvent({ type: 'complete', stepId: 't1', at: dayAt(1) })) }
    expect(until(j, p, { ...opts(1.7), account: teammate })).toBe(dayAt(2.5) + 1)
    // Past it, the projection moves with the clock: not quiet.
    expect(until(j, p, { ...opts(2.55), account: teammate })).toBe(dayAt(2.55))
  })
})

describe('localDay', () => {
  it('numbers calendar days as dayNumber does in the page\'s zone', () => {
    for (let t = dayAt(-400); t < dayAt(400); t += 3_600_000 * 7 + 60_001) expect(localDay(t)).toBe(dayNumber(t, 'local'))
  })
})

describe('notReadyState', () => {
  it('is what the engine says of a journey without milestones, but not done, at 0 % and claiming nothing', () => {
    const now = dayAt(3)
    const j = { id: 'j', title: 'Journey' }
    const loading = { percent: 0, done: false, status: 'on-track', headline: '' }
    expect(notReadyState(j, now)).toEqual({ ...evaluate({ version: 1, ...j, milestones: [] }, emptyProgress(''), { now }), ...loading })
    expect(notReadyState(null, now)).toEqual({ ...evaluate({ version: 1, id: '', title: '', milestones: [] }, emptyProgress(''), { now }), ...loading })
  })
})
