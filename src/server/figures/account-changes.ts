// What changed for each account of a worklist page in the 24 hours before `now`: events received
// from its members and for its own document, steps and milestones done, milestones that turned red
// or amber, escalations stored (docs/dashboard.md, "Morning worklist").
import { evaluate } from '../../core'
import type { Journey, Progress, Traits } from '../../core/types'
import type { Query } from '../sql'
import type { AccountChanges } from './accounts'
import { num } from './figure'
import type { Layout } from './layout'
import { list, statusAt } from './risky'

const DAY = 86_400_000
type Row = Record<string, unknown>

/**
 * Escalations and shows are records about the user, not their activity (as their first and last seen,
 * core/progress.ts): the watch's escalations would make a member gone for days look active.
 */
const ACTIVITY = `type <> 'escalation' AND NOT (type = 'nudge' AND body ->> 'action' = 'shown')`

/**
 * The members' own events received since $3: per member ($2), and per account ($4) for the account's
 * own document (milepost_account_events: account-scope steps are recorded there).
 */
export const RECENT_EVENTS = `SELECT user_id AS id, false AS account, count(*) AS n FROM milepost_events
WHERE journey_id = $1 AND user_id = ANY ($2::text[]) AND received_at > $3::bigint AND ${ACTIVITY} GROUP BY user_id
UNION ALL
SELECT account_id, true, count(*) FROM milepost_account_events
WHERE journey_id = $1 AND account_id = ANY ($4::text[]) AND received_at > $3::bigint AND ${ACTIVITY} GROUP BY account_id`

/** The documents of the members ($2) and accounts ($3) that received events in the last 24 hours. */
export const RECENT_DOCS = `SELECT user_id AS id, false AS account, doc FROM milepost_progress WHERE journey_id = $1 AND user_id = ANY ($2::text[])
UNION ALL
SELECT account_id, true, doc FROM milepost_account_progress WHERE journey_id = $1 AND account_id = ANY ($3::text[])`

/** Escalations stored since $4 for the page's accounts ($3) or their members ($2). */
export const RECENT_ESCALATIONS = `SELECT e.user_id, e.account_id, e.body, e.created_at FROM milepost_escalations e
WHERE e.journey_id = $1 AND e.kind = 'escalation' AND e.created_at > $4::bigint
  AND (e.user_id = ANY ($2::text[]) OR e.account_id = ANY ($3::text[]))`

/** What changed for one account's members in the 24 hours before `now`, from their facts. */
const factChanges = (layout: Layout, rows: readonly Row[], now: number) => {
  const done = new Set<string>()
  const red = new Set<string>()
  const amber = new Set<string>()
  const since = now - DAY
  const within = (t: number | null) => t != null && t > since && t <= now
  for (const r of rows) {
    const times = list<unknown>(r.m_times).map(num)
    const info = list<unknown>(r.m_info).map(num)
    for (const m of layout.milestones) {
      const at = (i: number) => times[4 * (m.k - 1) + i] ?? null
      if (within(at(0))) done.add(m.id)
      const s = statusAt(times, info, m.k, now)
      const due = at(1)
      const redFrom = Math.min(at(3) ?? Infinity, due == null ? Infinity : due + 1)
      if ((s === 'blocked' || s === 'overdue') && within(redFrom)) red.add(m.id)
      if (s === 'at-risk' && within(at(2))) amber.add(m.id)
    }
  }
  const order = (ids: Set<string>) => layout.milestones.filter((m) => ids.has(m.id)).map((m) => m.id)
  return { milestonesDone: order(done), turnedRed: order(red), turnedAmber: order(amber) }
}

const group = <R extends Row>(rows: readonly R[], key: (r: R) => string | undefined) => {
  const out = new Map<string, R[]>()
  for (const r of rows) {
    const k = key(r)
    if (k != null) out.set(k, [...(out.get(k) ?? []), r])
  }
  return out
}

/** `page`: the page's account rows (account_id, traits); `people`: their members' rows (account_id, user_id, traits, facts). */
export const recentChanges = async (
  { query, journey, layout, now }: { query: Query; journey: Journey; layout: Layout; now: number },
  page: readonly Row[], people: readonly Row[],
): Promise<Map<string, AccountChanges>> => {
  const ids = page.map((r) => r.account_id as string)
  const memberIds = people.map((p) => p.user_id as string)
  const [events, escalations] = await Promise.all([
    query<Row>(RECENT_EVENTS, [journey.id, memberIds, now - DAY, ids]),
    query<Row>(RECENT_ESCALATIONS, [journey.id, memberIds, ids, now - DAY]),
  ])
  // Steps done in the last 24 hours, as the engine reads the documents that received events then
  // (a step done by a condition is not stored as such: evaluate says when it was done). An account's
  // document is read with the account's traits; its steps are "by" the account.
  const traitsOf = new Map(people.map((p) => [p.user_id as string, (p.traits ?? {}) as Traits]))
  const accountTraits = new Map(page.map((r) => [r.account_id as string, (r.traits ?? {}) as Traits]))
  const fresh = (account: boolean) => events.filter((e) => Boolean(e.account) === account).map((e) => e.id as string)
  const docs = events.length ? await query<Row>(RECENT_DOCS, [journey.id, fresh(false), fresh(true)]) : []
  const steps = docs.flatMap((d) => {
    const traits = (d.account ? accountTraits : traitsOf).get(d.id as string) ?? {}
    const state = evaluate(journey, d.doc as Progress, { now, traits })
    return state.milestones.flatMap((m) => m.steps).filter((x) => x.doneAt != null && x.doneAt > now - DAY && x.doneAt <= now)
      .map((x): Row => ({ id: d.id, account: d.account, step: x.id, at: x.doneAt }))
  })
  const accountOf = new Map(people.map((p) => [p.user_id as string, p.account_id as string]))
  const ownerOf = (r: Row) => (r.account ? (r.id as string) : accountOf.get(r.id as string))
  const membersOf = group(people, (p) => p.account_id as string)
  const eventsOf = group(events, ownerOf)
  const stepsOf = group(steps, ownerOf)
  const escalationsOf = group(escalations, (e) => (e.account_id as string | null) ?? accountOf.get(e.user_id as string))
  const stepTitle = new Map(layout.steps.map((s) => [s.id, s.title]))
  return new Map(ids.map((id): [string, AccountChanges] => {
    const recent = eventsOf.get(id) ?? []
    return [id, {
      events: recent.reduce((n, e) => n + (num(e.n) ?? 0), 0),
      activeMembers: recent.filter((e) => !e.account).length,
      stepsDone: (stepsOf.get(id) ?? []).map((s) => ({ stepId: s.step as string, title: stepTitle.get(s.step as string) ?? (s.step as string), by: s.id as string, at: num(s.at)! }))
        .sort((a, b) => b.at - a.at),
      ...factChanges(layout, membersOf.get(id) ?? [], now),
      escalations: (escalationsOf.get(id) ?? []).map((e) => {
        const body = ((e.body as { event?: unknown } | null)?.event ?? {}) as Row
        return {
          milestone: typeof body.milestoneId === 'string' ? body.milestoneId : null, level: Number(body.level) || 0,
          notify: typeof body.notify === 'string' ? body.notify : null, by: e.user_id === id ? null : (e.user_id as string), at: num(e.created_at)!,
        }
      }).sort((a, b) => b.at - a.at || b.level - a.level),
    }]
  }))
}
