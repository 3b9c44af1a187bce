// Which nudges apply now, their escalation ladder, and whether the card may show.
import { matchesAudience } from './audience'
import { escalationKey } from './escalation'
import { DAY } from './limits'
import { own } from './record'
import { evaluateSignal } from './signals/index'
import type { SignalContext } from './signals/index'
import type { EscalationState, Nudge, NudgeState, Traits } from './types'

/**
 * The nudges in the audience whose signal holds, by priority (high first), then file order.
 * since: when the signal first held; when the signal cannot tell, the first recorded show, else now.
 * Escalation level i+1 (sorted by afterDays) is due at since + afterDays; pending once reached
 * while no `escalation` event is recorded for `nudge:milestone:level`.
 * show: has a card or tooltip, its milestone (if any) is neither waiting nor blocked, not
 * dismissed, not snoozed past now, under maxShows, and everyDays (default 1) since the last show.
 */
export const nudgesOf = (nudges: readonly Nudge[], c0: SignalContext, traits: Traits, ctxOf?: (n: Nudge) => SignalContext): NudgeState[] => {
  const { now } = c0
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
    const since = h.since ?? shows[0] ?? now
    const milestone = h.milestone ?? null
    const escalations: EscalationState[] = [...(n.escalate ?? [])].sort((a, b) => a.afterDays - b.afterDays).map(({ afterDays, ...e }, i) => {
      const dueAt = since + afterDays * DAY
      return { level: i + 1, ...e, dueAt, pending: now >= dueAt && own(p.escalations, escalationKey(n.id, milestone, i + 1)) == null }
    })
    out.push({
      id: n.id, milestone, since, level: escalations.filter((e) => now >= e.dueAt).length, escalations,
      show: !!(n.card || n.tooltip) && !waits(milestone) && rec?.dismissed == null && !(rec?.snoozed?.[0]! > now) &&
        shows.length < (n.maxShows ?? Infinity) && !(now - shows[shows.length - 1]! < (n.everyDays ?? 1) * DAY),
      nudge: n,
    })
  }
  return out.sort((a, b) => (b.nudge.priority ?? 0) - (a.nudge.priority ?? 0))
}
