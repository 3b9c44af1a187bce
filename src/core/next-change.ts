// When a user's escalations can next change by time alone: what a server's watch sleeps until.
import { accountMilestone, accountStart, withAccountTraits } from './account'
import { matchesAudience } from './audience'
import { evaluate } from './evaluate'
import { DAY } from './limits'
import { foldTree } from './tree'
import { signalMilestone } from './signals/index'
import { stalledFrom } from './signals/stalled'
import type { AccountContext, JourneyState, Progress, Scope, Signal, Traits } from './types'

export interface NextChangeOptions {
  /** Epoch milliseconds. */
  now: number
  traits?: Traits
  /**
   * When the server last received a batch from this user: `inactive` counts from it (a browser's
   * own clock cannot tell, since a returning visit records its session first). @default lastSeen
   */
  seenAt?: number
  /** The user's account, as `evaluate` takes it. */
  account?: AccountContext
  /**
   * Only the ladders of nudges about milestones of this scope: the server watches a user's own
   * ladders per user and an account's ladders per account. @default both
   */
  scope?: Scope
}

/** The document as the server evaluates it: `inactive` counts from the server's receive time. */
export const seenFrom = (progress: Progress, seenAt?: number): Progress =>
  seenAt == null ? progress : { ...progress, lastSeen: seenAt }

/** The moments at which one signal's leaves may start or stop holding (the caller keeps those after `now`). */
export const moments = (s: Signal, state: JourneyState, p: Progress, start: number): number[] => foldTree(s, (leaf): number[] => {
  const [k, a] = Object.entries(leaf)[0] ?? []
  const x = (a ?? {}) as Record<string, number & string>
  const m = state.milestones.find((m) => m.id == x.milestone && !m.done)
  const due = m?.dueAt ?? NaN
  const d = (x.days ?? 0) * DAY
  switch (k) {
    case 'missed': return [due + 1]
    case 'dueSoon': return [due - d, due + 1]
    case 'day': return [state.startedAt + (x.day ?? NaN) * DAY, start + (x.day ?? NaN) * DAY]
    case 'inactive': return [(p.lastSeen ?? NaN) + d]
    // The signal's own moment (steps done in what it depends on count too), not a copy of it.
    case 'stalled': return m ? [stalledFrom(m, x.days ?? 0, start, new Map(state.milestones.map((o) => [o.id, o])))] : []
    case 'engagement': return Object.values(p.sessions).map((t) => t + d)
    default: return []
  }
}, (_, rs) => rs.flat())

/**
 * The earliest moment after `now` at which a nudge with an escalation ladder can start holding or
 * reach a ladder level, without anything new from the user: a due passing, a stall window ending,
 * a ladder level falling due, the inactive threshold. `now` itself when a level is due and not
 * recorded yet; null when time alone changes nothing. Early is harmless (the caller evaluates and
 * finds nothing); late never happens.
 * @example nextChange(journey, progress, { now, traits, seenAt: lastBatchReceivedAt })
 */
export const nextChange = (
  journey: Parameters<typeof evaluate>[0], progress: Progress, { now, traits = {}, seenAt, account, scope }: NextChangeOptions,
): number | null => {
  const all = withAccountTraits(traits, account?.traits)
  const ladders = (journey.nudges ?? []).filter((n) => n.escalate?.length && matchesAudience(n.audience, all) &&
    (!scope || (accountMilestone(journey, signalMilestone(n.when)) ? 'account' : 'user') == scope))
  if (!ladders.length) return null
  const p = seenFrom(progress, seenAt)
  const state = evaluate(journey, p, { now, traits, ...(account ? { account } : {}) })
  // Stall windows count from the earlier of the user's and the account's day 0: early is harmless.
  const start = account ? Math.min(state.startedAt, accountStart(journey, account, state.startedAt)) : state.startedAt
  let next = Infinity
  for (const n of ladders) {
    const held = state.nudges.find((h) => h.id == n.id)
    for (const e of held?.escalations ?? []) {
      if (e.pending) return now
      if (e.dueAt > now) next = Math.min(next, e.dueAt)
    }
    for (const t of moments(n.when, state, p, start)) if (t > now) next = Math.min(next, t)
  }
  return isFinite(next) ? next : null
}
