// The customer-success worklist: accounts with an amber or red milestone, worst first by the
// account's value × days late, each with the milestone that caused it, the escalation level
// reached, what changed in the last 24 hours and its members (docs/dashboard.md, "Morning worklist").
import type { TraitValue } from '../../core/types'
import { recentChanges } from './account-changes'
import type { Figure } from './figure'
import { intParam, num } from './figure'
import { riskyMilestones } from './risky'
import type { AtRiskMilestone } from './risky'
import type { Filter } from './segment'
import { noFilter, traitWhere } from './segment'

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
  /** The members' own events the server received in the last 24 hours, and those for the account's own document (not escalations or shows). */
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
  /** Escalations stored in the last 24 hours; `by`: the member's id, null for the account's own ladder. */
  escalations: Array<{ milestone: string | null; level: number; notify: string | null; by: string | null; at: number }>
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
  /** Highest escalation level reached by the account or any member, in their current epochs. */
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
    const out = noFilter()
    for (const kind of ['equals', 'min', 'max'] as const) {
      for (const [k, v] of f[kind]) {
        if (k.startsWith('account.') === acc) (out[kind] as Map<string, unknown>).set(acc ? k.slice(8) : k, v)
      }
    }
    return out
  }
  return { members: pick(false), account: pick(true) }
}

/**
 * Accounts with a member at risk now, ranked. $1 journey, $2 layout key, $3 now, $4 value trait;
 * then the filters, then limit and offset. Value breaks ties among amber accounts only (their score
 * is 0): between red accounts of one score, the bigger value is the later due, and the earlier comes first.
 * A value beyond ±10^15 is not a value (1e308 × days late overflowed: every page of the worklist answered 500).
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
    CASE WHEN jsonb_typeof(acc.traits -> $4::text) = 'number' AND abs((acc.traits ->> $4::text)::float8) <= 1e15 THEN (acc.traits ->> $4::text)::float8 END AS value,
    CASE WHEN a.red THEN greatest(1, floor($3::bigint / 86400000.0) - floor((a.open_due - 1) / 86400000.0)) ELSE 0 END AS days_late
  FROM a LEFT JOIN milepost_accounts acc ON acc.journey_id = $1 AND acc.account_id = a.account_id
  WHERE true${account}${colour}
)
SELECT r.*, coalesce(r.value, 0) * r.days_late AS score, count(*) OVER () AS total FROM r
ORDER BY score DESC, red DESC, CASE WHEN NOT red THEN value END DESC NULLS LAST, open_due ASC NULLS LAST, account_id COLLATE "C"
LIMIT ${limit} OFFSET ${offset}`

/**
 * The members of the page's accounts ($3), with their facts; then the member filters, the same as the
 * page's, so the count, the list, the causes and the changes are of the same members.
 */
export const ACCOUNT_MEMBERS = (members: string) => `SELECT u.account_id, u.user_id, u.traits, u.last_seen, u.open_step, u.level, u.started_at, u.m_times, u.m_info,
  coalesce(u.red_from <= $4::bigint, false) AS red, coalesce(u.risk_from <= $4::bigint, false) AS risk
FROM milepost_users u WHERE u.journey_id = $1 AND u.layout = $2 AND u.account_id = ANY ($3::text[])${members}`

/**
 * Red before amber; then the milestone whose ladder went furthest (the journey put a ladder on what
 * matters: a milestone that told leadership comes before one late longer that tells nobody); then
 * the most days overdue, the earliest due.
 */
const worse = (a: AtRiskMilestone, b: AtRiskMilestone) =>
  (a.colour === b.colour ? 0 : a.colour === 'red' ? -1 : 1) || b.level - a.level || (b.daysOverdue ?? -1) - (a.daysOverdue ?? -1) ||
  (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity)

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
    const memberArgs: unknown[] = [journey.id, layout.key, ids, now]
    const people = await query<Record<string, unknown>>(ACCOUNT_MEMBERS(traitWhere(split.members, 'u', memberArgs)), memberArgs)
    const membersOf = new Map<string, Array<Record<string, unknown>>>()
    for (const p of people) membersOf.set(p.account_id as string, [...(membersOf.get(p.account_id as string) ?? []), p])
    const changes = await recentChanges({ query, journey, layout, now }, page, people)
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
      const traits = (r.traits ?? {}) as Record<string, TraitValue>
      const change = changes.get(id)!
      const memberList = mine.map((m): AccountMember => ({
        userId: m.user_id as string, colour: m.red ? 'red' : m.risk ? 'amber' : null, lastSeen: num(m.last_seen),
        openStep: (m.open_step as string | null) ?? null, openStepTitle: m.open_step ? stepTitle.get(m.open_step as string) ?? null : null,
        level: num(m.level) ?? 0,
      })).sort((a, b) => (a.colour === b.colour ? 0 : a.colour === 'red' ? -1 : b.colour === 'red' ? 1 : a.colour ? -1 : b.colour ? 1 : 0) ||
        (b.lastSeen ?? -1) - (a.lastSeen ?? -1) || (a.userId < b.userId ? -1 : 1))
      return {
        accountId: id, name: typeof traits.name === 'string' ? traits.name : null, value: num(r.value),
        colour: r.red ? 'red' : 'amber', daysLate: num(r.days_late) ?? 0, score: num(r.score) ?? 0,
        // The members' facts: their documents' and the account's ladders, this epoch only (an escalation
        // stored before a reset is still in the outbox and in `changes`, but a reset starts a new ladder).
        level: num(r.level) ?? 0, members: num(r.members) ?? 0, lastSeen: num(r.last_seen),
        cause: milestones[0] ?? null, milestones,
        changes: change,
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
        r.changes.stepsDone.map((s) => `${s.stepId}:${s.by}`).join(' '), r.changes.milestonesDone.join(' '), r.changes.turnedRed.join(' '),
        r.changes.turnedAmber.join(' '), r.changes.escalations.map((e) => `${e.milestone ?? ''}:${e.level}${e.by ? `:${e.by}` : ''}`).join(' '),
        r.memberList.map((m) => m.userId).join(' ')]),
    }
  },
}
