// Which nudges apply now, their escalation ladder, and whether the card may show.
import { matchesAudience } from './audience'
import { escalationKey } from './escalation'
import { nudgeCapped } from './nudge-cap'
import { DAY } from './limits'
import { calendarDays } from './time'
import { own } from './record'
import { evaluateSignal } from './signals/index'
import type { SignalContext } from './signals/index'
import type { EscalationState, Journey, Nudge, NudgeState, Traits } from './types'

/**
 * The nudges in the audience whose signal holds, by priority (high first), then file order.
 * since: when the signal first held; when the signal cannot tell, the first recorded show, else now.
 * Escalation level i+1 (sorted by afterDays) is due at since + afterDays; pending once reached
 * while no `escalation` event is recorded for `nudge:milestone:level`.
 * show: has a card or tooltip, its milestone (if any) is neither waiting nor blocked, not
 * dismissed, not snoozed past now, under maxShows, everyDays (default 1) calendar days (in
 * `timeZone`) since the day of the last show, and the journey's `nudgeCap` not reached.
 */
export const nudgesOf = (
  nudges: readonly Nudge[], c0: SignalContext, traits: Traits, ctxOf?: (n: Nudge) => SignalContext, cap?: Journey['nudgeCap'], timeZone = 'UTC',
): NudgeState[] => {
  const { now } = c0
  // The cap counts the shows recorded in the user's own document.
  const capped = nudgeCapped(cap, c0.progress, now)
  const out: NudgeState[] = []
  // A card about a milestone the user cannot act on yet (waiting or blocked) would send them to a wall.
  const waits = (id: string | null) => {
    const m = id == null ? undefined : c0.milestones.get(id)
    return !!m && (m.waitingFor != null || m.status == 'blocked')
  }
  for (const n of nudges) {
    // A nudge about an account milestone reads the account's records and day 0 (see evaluate).
    const c = ctxOf?.(n) ?? c0
    const p = c.progress
    const h = matchesAudience(n.audience, traits) && evaluateSignal(n.when, c)
    if (!h) continue
    const rec = own(p.nudges, n.id)
    const shows = Object.values(rec?.shown ?? {}).sort((a, b) => a - b)
    // `everyDays` counts calendar days from the last show before now: a card shown as a daily
    // visitor's page settled came back the next day, not 24 hours later (the next visit at the same
    // time fell a second short, every other day). One recorded after now came from a clock set ahead
    // (then fixed), and held the card back until that moment came round.
    const past = shows.filter((t) => t <= now)
    const since = h.since ?? shows[0] ?? now
    const milestone = h.milestone ?? null
    const escalations: EscalationState[] = [...(n.escalate ?? [])].sort((a, b) => a.afterDays - b.afterDays).map(({ afterDays, ...e }, i) => {
      const dueAt = since + afterDays * DAY
      return { level: i + 1, ...e, dueAt, pending: now >= dueAt && own(p.escalations, escalationKey(n.id, milestone, i + 1)) == null }
    })
    out.push({
      id: n.id, milestone, since, level: escalations.filter((e) => now >= e.dueAt).length, escalations,
      show: !!(n.card || n.tooltip) && !capped && !waits(milestone) && rec?.dismissed == null && !(rec?.snoozed?.[0]! > now) &&
        shows.length < (n.maxShows ?? Infinity) && !(calendarDays(past[past.length - 1]!, now, timeZone) < (n.everyDays ?? 1)),
      nudge: n,
    })
  }
  return out.sort((a, b) => (b.nudge.priority ?? 0) - (a.nudge.priority ?? 0))
}
