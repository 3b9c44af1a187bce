// The customer-success worklist: accounts with an amber or red milestone, worst first by the
// account's value × days late, each with the milestone that caused it, the escalation level
// reached, what changed in the last 24 hours and its members (docs/dashboard.md, "Morning worklist").
import { evaluate } from '../../core'
import type { Progress, Traits, TraitValue } from '../../core/types'
import type { Figure } from './figure'
import { intParam, num } from './figure'
import type { Layout } from './layout'
import { list, riskyMilestones, statusAt } from './risky'
import type { AtRiskMilestone } from './risky'
import type { Filter } from './segment'
import { traitWhere } from './segment'

const DAY = 86_400_000
/** Members listed per account (the count says how many there are). */
export const MEMBERS_SHOWN = 25

export interface AccountMilestone extends AtRiskMilestone {
  /** Members for whom it is amber or red at its cause (for an account-scope milestone: all of them). */
  members: number
}

export interface AccountMember {
  userId: string
  colour: 'amber' | 'red' | null
  lastSeen: number | null
  /** Their first open required step (id and title), null when they have done every one. */
  openStep: string | null
  openStepTitle: string | null
  level: number
}

export interface AccountChanges {
  /** Events the server received in the last 24 hours from the members and for the account's own document. */
  events: number
  /** Members with an event received in the last 24 hours. */
  activeMembers: number
  /** Steps done in the last 24 hours (by whom: a member, or the account id for the account's document). */
  stepsDone: Array<{ stepId: string; title: string; by: string; at: number }>
  /** Milestones done in the last 24 hours (by any member). */
  milestonesDone: string[]
  /** Milestones that turned red or amber in the last 24 hours and still are. */
  turnedRed: string[]
  turnedAmber: string[]
  /** Escalations stored in the last 24 hours. */
  escalations: Array<{ milestone: string | null; level: number; notify: string | null; at: number }>
}

export interface AccountRow {
  accountId: string
  /** The account's `name` trait, when it has one. */
  name: string | null
  /** The account value trait (`accountValueTrait`), null when not a number. */
  value: number | null
  colour: 'amber' | 'red'
  /** Calendar days (UTC) past the earliest due of an open milestone among the members at risk; at least 1 when red, 0 when amber. */
  daysLate: number
  /** value × daysLate: the rank (0 for an amber account or one without a value). */
  score: number
  /** Highest escalation level reached by the account or any member. */
  level: number
  members: number
  lastSeen: number | null
  /** The milestone that caused it: the first of `milestones`. */
  cause: AccountMilestone | null
  /** Every amber and red milestone of its members at its cause, worst first. */
  milestones: AccountMilestone[]
  changes: AccountChanges
  /** Up to MEMBERS_SHOWN members, red first, then the latest seen. */
  memberList: AccountMember[]
}

export interface Accounts {
  /** The account trait the rank multiplies. */
  valueTrait: string
  total: number
  offset: number
  rows: AccountRow[]
}

/** Splits the filters: `account.<trait>` reads the account's traits, the rest its members'. */
export const splitFilter = (f: Filter): { members: Filter; account: Filter } => {
  const pick = (acc: boolean) => {
    const out: Filter = { equals: {}, min: {}, max: {} }
    for (const kind of ['equals', 'min', 'max'] as const) {
      for (const [k, v] of Object.entries(f[kind])) {
        if (k.startsWith('account.') === acc) (out[kind] as Record<string, unknown>)[acc ? k.slice(8) : k] = v
      }
    }
    return out
  }
  return { members: pick(false), account: pick(true) }
}

/**
 * Accounts with a member at risk now, ranked. $1 journey, $2 layout key, $3 now, $4 value trait;
 * then the filters, then limit and offset.
 */
export const ACCOUNTS_PAGE = (members: string, account: string, colour: string, limit: string, offset: string) => `WITH a AS (
  SELECT u.account_id, count(*) AS members, bool_or(coalesce(u.red_from <= $3::bigint, false)) AS red,
    min(u.open_due) FILTER (WHERE u.risk_from <= $3::bigint) AS open_due, max(u.level) AS level, max(u.last_seen) AS last_seen
  FROM milepost_users u
  WHERE u.journey_id = $1 AND u.layout = $2 AND u.account_id IS NOT NULL${members}
  GROUP BY u.account_id
  HAVING bool_or(u.risk_from <= $3::bigint)
), r AS (
  SELECT a.*, acc.traits,
    CASE WHEN jsonb_typeof(acc.traits -> $4::text) = 'number' THEN (acc.traits ->> $4::text)::float8 END AS value,
    CASE WHEN a.red THEN greatest(1, floor($3::bigint / 86400000.0) - floor(a.open_due / 86400000.0)) ELSE 0 END AS days_late
  FROM a LEFT JOIN milepost_accounts acc ON acc.journey_id = $1 AND acc.account_id = a.account_id
  WHERE true${account}${colour}
)
SELECT r.*, coalesce(r.value, 0) * r.days_late AS score, count(*) OVER () AS total FROM r
ORDER BY score DESC, red DESC, value DESC NULLS LAST, open_due ASC NULLS LAST, account_id COLLATE "C"
LIMIT ${limit} OFFSET ${offset}`

/** The members of the page's accounts ($3), with their facts. */
export const ACCOUNT_MEMBERS = `SELECT u.account_id, u.user_id, u.traits, u.last_seen, u.open_step, u.level, u.started_at, u.m_times, u.m_info,
  coalesce(u.red_from <= $4::bigint, false) AS red, coalesce(u.risk_from <= $4::bigint, false) AS risk
FROM milepost_users u WHERE u.journey_id = $1 AND u.layout = $2 AND u.account_id = ANY ($3::text[])`

/**
 * Events received since $3: per member ($2), and per account ($4) for the account's own document
 * (milepost_account_events: account-scope steps are recorded there).
 */
export const RECENT_EVENTS = `SELECT user_id AS id, false AS account, count(*) AS n FROM milepost_events
WHERE journey_id = $1 AND user_id = ANY ($2::text[]) AND received_at > $3::bigint GROUP BY user_id
UNION ALL
SELECT account_id, true, count(*) FROM milepost_account_events
WHERE journey_id = $1 AND account_id = ANY ($4::text[]) AND received_at > $3::bigint GROUP BY account_id`

/** The documents of the members ($2) and accounts ($3) that received events in the last 24 hours. */
export const RECENT_DOCS = `SELECT user_id AS id, false AS account, doc FROM milepost_progress WHERE journey_id = $1 AND user_id = ANY ($2::text[])
UNION ALL
SELECT account_id, true, doc FROM milepost_account_progress WHERE journey_id = $1 AND account_id = ANY ($3::text[])`

/** Escalations stored since $4 for the page's accounts ($3) or their members ($2). */
export const RECENT_ESCALATIONS = `SELECT e.user_id, e.account_id, e.body, e.created_at FROM milepost_escalations e
WHERE e.journey_id = $1 AND e.kind = 'escalation' AND e.created_at > $4::bigint
  AND (e.user_id = ANY ($2::text[]) OR e.account_id = ANY ($3::text[]))`

const worse = (a: AtRiskMilestone, b: AtRiskMilestone) =>
  (a.colour === b.colour ? 0 : a.colour === 'red' ? -1 : 1) || (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) || (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity)

/** What changed for one account's members in the 24 hours before `now`, from their facts. */
const factChanges = (layout: Layout, rows: ReadonlyArray<Record<string, unknown>>, now: number) => {
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

export const accounts: Figure<Accounts> = {
  async read({ query, journey, layout, filter, now, params, accountValueTrait = 'value' }) {
    const split = splitFilter(filter)
    const args: unknown[] = [journey.id, layout.key, now, accountValueTrait]
    const members = traitWhere(split.members, 'u', args)
    const account = traitWhere(split.account, 'acc', args)
    const colourParam = params.get('colour')
    if (colourParam && colourParam !== 'red' && colourParam !== 'amber') return { error: 'colour: red or amber' }
    const colour = colourParam ? ` AND ${colourParam === 'red' ? '' : 'NOT '}a.red` : ''
    const offset = intParam(params, 'offset', 0, 1e9)
    const csv = params.get('format') === 'csv'
    const limit = `$${args.push(intParam(params, 'limit', csv ? 10_000 : 50, csv ? 10_000 : 200))}`
    const page = await query<Record<string, unknown>>(ACCOUNTS_PAGE(members, account, colour, limit, `$${args.push(offset)}`), args)
    const ids = page.map((r) => r.account_id as string)
    if (!ids.length) return { valueTrait: accountValueTrait, total: 0, offset, rows: [] }
    const people = await query<Record<string, unknown>>(ACCOUNT_MEMBERS, [journey.id, layout.key, ids, now])
    const memberIds = people.map((p) => p.user_id as string)
    const [events, escalations] = await Promise.all([
      query<Record<string, unknown>>(RECENT_EVENTS, [journey.id, memberIds, now - DAY, ids]),
      query<Record<string, unknown>>(RECENT_ESCALATIONS, [journey.id, memberIds, ids, now - DAY]),
    ])
    // Steps done in the last 24 hours, as the engine reads the documents that received events then
    // (a step done by a condition is not stored as such: evaluate says when it was done). An account's
    // document is read with the account's traits; its steps are "by" the account.
    const traitsOf = new Map(people.map((p) => [p.user_id as string, (p.traits ?? {}) as Traits]))
    const accountTraits = new Map(page.map((r) => [r.account_id as string, (r.traits ?? {}) as Traits]))
    const fresh = (account: boolean) => events.filter((e) => Boolean(e.account) === account).map((e) => e.id as string)
    const docs = events.length ? await query<Record<string, unknown>>(RECENT_DOCS, [journey.id, fresh(false), fresh(true)]) : []
    const steps = docs.flatMap((d) => {
      const traits = (d.account ? accountTraits : traitsOf).get(d.id as string) ?? {}
      const state = evaluate(journey, d.doc as Progress, { now, traits })
      return state.milestones.flatMap((m) => m.steps).filter((x) => x.doneAt != null && x.doneAt > now - DAY && x.doneAt <= now)
        .map((x) => ({ user_id: d.id, account: d.account, step: x.id, at: x.doneAt }))
    })
    const accountOf = new Map<string, string>()
    for (const p of people) accountOf.set(p.user_id as string, p.account_id as string)
    const ownerOf = (r: Record<string, unknown>) => (r.account ? (r.id as string) : accountOf.get(r.id as string))
    const group = <R extends Record<string, unknown>>(rows: R[], key: (r: R) => string | undefined) => {
      const out = new Map<string, R[]>()
      for (const r of rows) {
        const k = key(r)
        if (k != null) out.set(k, [...(out.get(k) ?? []), r])
      }
      return out
    }
    const membersOf = group(people, (p) => p.account_id as string)
    const eventsOf = group(events, ownerOf)
    const stepsOf = group(steps, (s) => (s.account ? (s.user_id as string) : accountOf.get(s.user_id as string)))
    const escalationsOf = group(escalations, (e) => (e.account_id as string | null) ?? accountOf.get(e.user_id as string))
    const stepTitle = new Map(layout.steps.map((s) => [s.id, s.title]))

    const rows = page.map((r): AccountRow => {
      const id = r.account_id as string
      const mine = membersOf.get(id) ?? []
      const byMilestone = new Map<string, AccountMilestone>()
      for (const m of mine) {
        for (const x of riskyMilestones(layout, m, now)) {
          const seen = byMilestone.get(x.id)
          if (!seen) byMilestone.set(x.id, { ...x, members: 1 })
          else {
            seen.members++
            seen.level = Math.max(seen.level, x.level)
            if (worse(x, seen) < 0) byMilestone.set(x.id, { ...x, level: seen.level, members: seen.members })
          }
        }
      }
      const milestones = [...byMilestone.values()].sort(worse)
      const recent = eventsOf.get(id) ?? []
      const traits = (r.traits ?? {}) as Record<string, TraitValue>
      const logged = (escalationsOf.get(id) ?? []).map((e) => {
        const body = ((e.body as { event?: unknown } | null)?.event ?? {}) as Record<string, unknown>
        return {
          milestone: typeof body.milestoneId === 'string' ? body.milestoneId : null, level: Number(body.level) || 0,
          notify: typeof body.notify === 'string' ? body.notify : null, at: num(e.created_at)!,
        }
      }).sort((a, b) => b.at - a.at || b.level - a.level)
      const memberList = mine.map((m): AccountMember => ({
        userId: m.user_id as string, colour: m.red ? 'red' : m.risk ? 'amber' : null, lastSeen: num(m.last_seen),
        openStep: (m.open_step as string | null) ?? null, openStepTitle: m.open_step ? stepTitle.get(m.open_step as string) ?? null : null,
        level: num(m.level) ?? 0,
      })).sort((a, b) => (a.colour === b.colour ? 0 : a.colour === 'red' ? -1 : b.colour === 'red' ? 1 : a.colour ? -1 : b.colour ? 1 : 0) ||
        (b.lastSeen ?? -1) - (a.lastSeen ?? -1) || (a.userId < b.userId ? -1 : 1))
      return {
        accountId: id, name: typeof traits.name === 'string' ? traits.name : null, value: num(r.value),
        colour: r.red ? 'red' : 'amber', daysLate: num(r.days_late) ?? 0, score: num(r.score) ?? 0,
        level: Math.max(num(r.level) ?? 0, ...logged.map((e) => e.level)), members: num(r.members) ?? 0, lastSeen: num(r.last_seen),
        cause: milestones[0] ?? null, milestones,
        changes: {
          events: recent.reduce((n, e) => n + (num(e.n) ?? 0), 0),
          activeMembers: recent.filter((e) => !e.account).length,
          stepsDone: (stepsOf.get(id) ?? []).map((s) => ({ stepId: s.step as string, title: stepTitle.get(s.step as string) ?? (s.step as string), by: s.user_id as string, at: num(s.at)! }))
            .sort((a, b) => b.at - a.at),
          ...factChanges(layout, mine, now),
          escalations: logged,
        },
        memberList: memberList.slice(0, MEMBERS_SHOWN),
      }
    })
    return { valueTrait: accountValueTrait, total: num(page[0]?.total) ?? 0, offset, rows }
  },
  table: ({ rows }) => {
    const iso = (t: number | null) => (t == null ? null : new Date(t).toISOString())
    return {
      columns: ['account', 'name', 'value', 'colour', 'days late', 'score', 'milestone', 'title', 'status', 'reason', 'members at risk on it',
        'escalation level', 'members', 'last seen', 'events in 24 h', 'steps done in 24 h', 'milestones done in 24 h', 'turned red in 24 h',
        'turned amber in 24 h', 'escalations in 24 h', 'member ids'],
      rows: rows.map((r) => [r.accountId, r.name, r.value, r.colour, r.daysLate, r.score, r.cause?.id ?? null, r.cause?.title ?? null,
        r.cause?.status ?? null, r.cause?.reason ?? null, r.cause?.members ?? null, r.level, r.members, iso(r.lastSeen), r.changes.events,
        r.changes.stepsDone.map((s) => s.stepId).join(' '), r.changes.milestonesDone.join(' '), r.changes.turnedRed.join(' '),
        r.changes.turnedAmber.join(' '), r.changes.escalations.map((e) => `${e.milestone ?? ''}:${e.level}`).join(' '),
        r.memberList.map((m) => m.userId).join(' ')]),
    }
  },
}
