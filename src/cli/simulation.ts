// Day by day, what one user would see: the same evaluate the browser runs, once a day, with the
// card shows and escalations the browser would record fed back in, so caps and "fire once" hold.
import { DAY, emptyProgress, evaluate, foldEvents, journeyStart } from '../core/index'
import type { EscalationState, Journey, JourneyState, NudgeState, Progress, ProgressEvent, Traits } from '../core/index'

export interface SimulationOptions {
  /** Day 0 when the journey's start trait is missing or not a date (epoch ms). The user is first seen at day 0. */
  start: number
  /** Rows for day 0 up to and including day `days`. */
  days: number
  traits: Traits
  /** The user's events, in any order; sessions are added as the browser would start them. Events after the last row are not applied. */
  events: readonly ProgressEvent[]
  /** @default "simulated-user" */
  userId?: string
}

/** One escalation level that fires: the nudge it belongs to and the level. */
export interface Fired {
  nudge: NudgeState
  level: EscalationState
}

export interface SimulatedDay {
  day: number
  /** The moment evaluated: day 0 + day × 24 h. */
  at: number
  state: JourneyState
  /** The nudge whose card shows, as the UI picks it: the first (best) one that may show and has a card. */
  card: NudgeState | null
  /** Escalation levels that became due on this day. Each fires once, then is recorded. */
  escalations: Fired[]
}

/** As the browser counts sessions (runtime/sessions.ts): activity after 30 minutes idle starts one. */
const IDLE = 30 * 60_000

/**
 * The user's events with the sessions the browser would have started: each action after 30
 * minutes without activity begins a session, as a page load or a return does. Given `session`
 * events count as activity too (a visit without doing anything).
 */
export const withSessions = (events: readonly ProgressEvent[]): ProgressEvent[] => {
  const out: ProgressEvent[] = []
  let last = -Infinity
  for (const e of [...events].sort((a, b) => a.at - b.at)) {
    if (e.type != 'session' && e.type != 'escalation' && e.at - last > IDLE) {
      out.push({ id: `sim:session:${e.id}`, at: e.at, type: 'session', sessionId: `sim-${e.id}` })
    }
    if (e.type != 'escalation') last = e.at
    out.push(e)
  }
  return out
}

const seeded = (userId: string, at: number): Progress => ({ ...emptyProgress(userId), firstSeen: at, lastSeen: at })

/**
 * Day 0 as the engine reads it: the journey's start trait when it holds a date, else `fallback`
 * (the moment the user is first seen). NaN when there is neither.
 * @example dayZero(journey, { signedUpAt: '2026-11-01T09:00:00Z' }, NaN) // 1793523600000
 */
export const dayZero = (journey: Journey, traits: Traits, fallback: number): number =>
  journeyStart(journey, seeded('-', fallback), traits, fallback)

/**
 * Evaluates `journey` at day 0, 1, … `days` (each exactly N × 24 h after the start, events up to
 * and at that moment applied). When a card shows, a `nudge shown` event is recorded; when an
 * escalation fires, an `escalation` event: so maxShows, everyDays and "once per user" behave as in
 * the browser. These records are not the user's activity: the fold leaves firstSeen and lastSeen alone.
 * The user's own actions are, and start sessions as in the browser (see withSessions).
 * @example simulate(journey, { start: Date.UTC(2026, 0, 1), days: 14, traits: { plan: 'pro' }, events: [] })
 */
export const simulate = (journey: Journey, o: SimulationOptions): SimulatedDay[] => {
  const user = o.userId ?? 'simulated-user'
  const start = dayZero(journey, o.traits, o.start)
  const events = withSessions(o.events)
  let progress = seeded(user, start)
  let next = 0
  const out: SimulatedDay[] = []
  for (let day = 0; day <= o.days; day++) {
    const at = start + day * DAY
    const batch: ProgressEvent[] = []
    while (next < events.length && events[next]!.at <= at) batch.push(events[next++]!)
    progress = foldEvents(progress, batch)

    const state = evaluate(journey, progress, { now: at, traits: o.traits })
    const card = state.nudges.find((n) => n.show && n.nudge.card) ?? null
    const escalations = state.nudges.flatMap((nudge) => nudge.escalations.filter((l) => l.pending).map((level) => ({ nudge, level })))
    out.push({ day, at, state, card, escalations })

    const records: ProgressEvent[] = escalations.map(({ nudge, level }) => ({
      id: `sim:escalation:${nudge.id}:${nudge.milestone ?? ''}:${level.level}`, at, type: 'escalation', nudgeId: nudge.id,
      level: level.level, notify: level.notify, ...(nudge.milestone ? { milestoneId: nudge.milestone } : {}),
    }))
    if (card) records.push({ id: `sim:shown:${day}:${card.id}`, at, type: 'nudge', nudgeId: card.id, action: 'shown' })
    progress = foldEvents(progress, records)
  }
  return out
}
