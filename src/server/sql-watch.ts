/**
 * The server watch on SQL: claim the users whose next change has come (FOR UPDATE SKIP LOCKED, so
 * several watchers and the sync handler never work on one user at once), record the planned
 * escalation events exactly as a batch would (ids already known are skipped), write the outbox and
 * each user's next look, in the caller's transaction: a crash before COMMIT leaves nothing behind.
 */
import { emptyProgress } from '../core'
import { mergeBatch, stamped } from './store'
import type { NoticeKind, Subject, WatchOptions, WatchOutcome, WatchPlan, WatchedUser } from './store'
import { noticesOf, outboxRow, ownerDrafts } from './notices'
import { forAccounts } from './sql'
import type { Query } from './sql'
import type { Journey, Progress, ProgressEvent, Traits } from '../core/types'
import { layoutKey } from './facts'

/**
 * $1 now, $2 limit, $3 a JSON array of journey ids or null for all. Each user comes with their
 * account's traits, first seen and document (the user's state reads them).
 */
export const CLAIM_WATCH = `SELECT p.journey_id, p.user_id, p.doc, p.seen_at, u.traits, u.layout,
  u.account_id, a.traits AS account_traits, a.first_seen AS account_first_seen, ap.doc AS account_doc
FROM milepost_progress p LEFT JOIN milepost_users u ON u.journey_id = p.journey_id AND u.user_id = p.user_id
LEFT JOIN milepost_accounts a ON a.journey_id = p.journey_id AND a.account_id = u.account_id
LEFT JOIN milepost_account_progress ap ON ap.journey_id = p.journey_id AND ap.account_id = u.account_id
WHERE p.watch_at <= $1 AND ($3::jsonb IS NULL OR p.journey_id IN (SELECT jsonb_array_elements_text($3::jsonb)))
ORDER BY p.watch_at LIMIT $2
FOR UPDATE OF p SKIP LOCKED`

/** The same for accounts' documents: each with its traits, its first member's start and its members. */
export const CLAIM_WATCH_ACCOUNTS = `SELECT p.journey_id, p.account_id AS user_id, p.doc, p.seen_at, a.traits, a.first_seen AS account_first_seen,
  (SELECT coalesce(json_agg(u.user_id ORDER BY u.user_id), '[]') FROM milepost_users u
   WHERE u.journey_id = p.journey_id AND u.account_id = p.account_id) AS members
FROM milepost_account_progress p LEFT JOIN milepost_accounts a ON a.journey_id = p.journey_id AND a.account_id = p.account_id
WHERE p.watch_at <= $1 AND ($3::jsonb IS NULL OR p.journey_id IN (SELECT jsonb_array_elements_text($3::jsonb)))
ORDER BY p.watch_at LIMIT $2
FOR UPDATE OF p SKIP LOCKED`

/** $1 a JSON array of `{ j, u, e }` (journey, user, event), $2 now. Returns the ids that were new. */
export const WATCH_EVENTS = `INSERT INTO milepost_events (journey_id, user_id, event_id, type, at, received_at, body)
SELECT r->>'j', r->>'u', r->'e'->>'id', r->'e'->>'type', floor((r->'e'->>'at')::float8)::bigint, $2, r->'e'
FROM jsonb_array_elements($1::jsonb) AS r
ON CONFLICT (journey_id, user_id, event_id) DO NOTHING
RETURNING journey_id, user_id, event_id`

/** $1 a JSON array of `{ j, u, doc, next }` (doc null when unchanged), $2 now. */
export const WATCH_SAVE = `UPDATE milepost_progress AS p
SET doc = coalesce(r.doc, p.doc), updated_at = CASE WHEN r.doc IS NULL THEN p.updated_at ELSE $2 END, watch_at = r.next
FROM jsonb_to_recordset($1::jsonb) AS r(j text, u text, doc jsonb, next bigint)
WHERE p.journey_id = r.j AND p.user_id = r.u`

/**
 * $1 a JSON array of `{ j, u, a, id, kind, body, delivered }` (`a`: the account, for an account's
 * rows), $2 now: the same outbox rows a batch writes. Returns the rows that were new.
 */
export const WATCH_NOTICES = `INSERT INTO milepost_escalations (journey_id, user_id, account_id, event_id, kind, body, created_at, next_at, delivered_at)
SELECT n->>'j', n->>'u', n->>'a', n->>'id', n->>'kind', n->'body', $2, $2, (n->>'delivered')::bigint
FROM jsonb_array_elements($1::jsonb) AS n
ON CONFLICT (journey_id, user_id, event_id) DO NOTHING
RETURNING journey_id, user_id, event_id`

export const GET_USER = `SELECT p.doc, p.seen_at, u.traits,
  u.account_id, a.traits AS account_traits, a.first_seen AS account_first_seen, ap.doc AS account_doc
FROM milepost_progress p LEFT JOIN milepost_users u ON u.journey_id = p.journey_id AND u.user_id = p.user_id
LEFT JOIN milepost_accounts a ON a.journey_id = p.journey_id AND a.account_id = u.account_id
LEFT JOIN milepost_account_progress ap ON ap.journey_id = p.journey_id AND ap.account_id = u.account_id
WHERE p.journey_id = $1 AND p.user_id = $2`

/** An account as the watch and the notices see it: its document, traits, first member's start and members. */
export const GET_ACCOUNT_WATCHED = `SELECT p.doc, p.seen_at, a.traits, a.first_seen AS account_first_seen,
  (SELECT coalesce(json_agg(u.user_id ORDER BY u.user_id), '[]') FROM milepost_users u
   WHERE u.journey_id = $1 AND u.account_id = $2) AS members
FROM milepost_account_progress p LEFT JOIN milepost_accounts a ON a.journey_id = p.journey_id AND a.account_id = p.account_id
WHERE p.journey_id = $1 AND p.account_id = $2`

export const COUNT_NOTICES = `SELECT count(*)::int AS n FROM milepost_escalations
WHERE journey_id = $1 AND user_id = $2 AND kind = $3 AND created_at >= $4`

interface UserRow {
  journey_id: string
  user_id: string
  doc: Progress
  seen_at: string | number | null
  traits: Traits | null
  account_id?: string | null
  account_traits?: Traits | null
  account_first_seen?: string | number | null
  account_doc?: Progress | null
  members?: string[]
  /** A user's figures' layout key (facts.ts), null without figures. */
  layout?: string | null
}

const num = (v: string | number | null | undefined): number | null => (v == null ? null : Number(v))

const toUser = (r: UserRow, scope: Subject = 'user'): WatchedUser => {
  const base = { journeyId: r.journey_id, userId: r.user_id, traits: r.traits ?? {}, seenAt: num(r.seen_at) }
  if (scope == 'account') return { ...base, scope, progress: stamped(r.doc, num(r.account_first_seen)), members: r.members ?? [] }
  const account = r.account_id == null ? undefined : {
    id: r.account_id, traits: r.account_traits ?? {},
    progress: stamped(r.account_doc ?? emptyProgress(r.account_id), num(r.account_first_seen)),
  }
  return { ...base, progress: r.doc, ...(account ? { account } : {}) }
}

/** A whole ms, never earlier than the moment (a look before it would find nothing and come back). */
const whole = (t: number | null): number | null => (t == null || !isFinite(t) ? null : Math.ceil(t))

/**
 * Runs in the same transaction for each claimed subject whose figures (the dashboard's facts) are
 * out of date: its document changed; or, for a user, their figures follow another journey file than
 * the plan's (layout key), or the plan asks for them (the first look after the watch's file changed).
 */
export type AfterWatch = (query: Query, outcome: WatchOutcome, plan: WatchPlan, now: number) => Promise<void>

const key = (...parts: string[]) => JSON.stringify(parts)

/** One round of the watch in the caller's transaction: users first, then accounts, up to `limit` each. */
export const watchDue = async (
  query: Query, options: WatchOptions, plan: (user: WatchedUser) => WatchPlan, after?: AfterWatch,
): Promise<WatchOutcome[]> => [
  ...await watchSome(query, 'user', options, plan, after),
  ...await watchSome(query, 'account', options, plan, after),
]

const watchSome = async (
  query: Query, scope: Subject, { now, limit, journeyIds }: WatchOptions, plan: (user: WatchedUser) => WatchPlan, after?: AfterWatch,
): Promise<WatchOutcome[]> => {
  const shared = scope == 'account'
  const rows = await query<UserRow>(shared ? CLAIM_WATCH_ACCOUNTS : CLAIM_WATCH, [now, limit, journeyIds ? JSON.stringify(journeyIds) : null])
  if (rows.length === 0) return []
  const users = rows.map((r) => toUser(r, scope))
  const plans = users.map(plan)
  const planned = users.flatMap((user, i) => plans[i]!.events.map((e: ProgressEvent) => ({ j: user.journeyId, u: user.userId, e })))
  const fresh = new Set<string>()
  if (planned.length > 0) {
    type Row = { journey_id: string; user_id?: string; account_id?: string; event_id: string }
    for (const r of await query<Row>(shared ? forAccounts(WATCH_EVENTS) : WATCH_EVENTS, [JSON.stringify(planned), now])) {
      fresh.add(key(r.journey_id, (r.user_id ?? r.account_id)!, r.event_id))
    }
  }
  const saves: unknown[] = []
  const rowsOut: unknown[] = []
  const drafted = users.map((user, i) => {
    const inserted = plans[i]!.events.filter((e) => fresh.has(key(user.journeyId, user.userId, e.id)))
    const progress = inserted.length > 0 ? mergeBatch(user.progress, inserted) : user.progress
    const drafts = [...noticesOf(inserted), ...ownerDrafts(plans[i]!.owners ?? [])]
    const traits = !shared && Object.keys(user.traits).length > 0 ? user.traits : undefined
    for (const d of drafts) rowsOut.push({ j: user.journeyId, u: user.userId, ...(shared ? { a: user.userId } : {}), ...outboxRow(d, traits, now) })
    saves.push({ j: user.journeyId, u: user.userId, doc: inserted.length > 0 ? progress : null, next: whole(plans[i]!.next(progress)) })
    return { user, inserted, progress, drafts }
  })
  await query(shared ? forAccounts(WATCH_SAVE) : WATCH_SAVE, [JSON.stringify(saves), now])
  const recorded = new Set<string>()
  if (rowsOut.length > 0) {
    for (const r of await query<{ journey_id: string; user_id: string; event_id: string }>(WATCH_NOTICES, [JSON.stringify(rowsOut), now])) {
      recorded.add(key(r.journey_id, r.user_id, r.event_id))
    }
  }
  // Owner notices are once each: one recorded before (by a batch, or an earlier look) is not told again.
  const outcomes = drafted.map(({ user, inserted, progress, drafts }): WatchOutcome =>
    ({ user, inserted, progress, notices: drafts.filter((d) => recorded.has(key(user.journeyId, user.userId, d.event.id))) }))
  if (after) {
    const layouts = new Map<Journey, string>()
    const layoutOf = (j: Journey) => layouts.get(j) ?? layouts.set(j, layoutKey(j)).get(j)!
    for (const [i, o] of outcomes.entries()) {
      const p = plans[i]!
      const stale = !shared && p.journey != null && (p.refresh || rows[i]!.layout !== layoutOf(p.journey))
      if (o.inserted.length > 0 || stale) await after(query, o, p, now)
    }
  }
  return outcomes
}

export const getUser = async (query: Query, journeyId: string, userId: string, scope: Subject = 'user'): Promise<WatchedUser | null> => {
  const [row] = await query<UserRow>(scope == 'account' ? GET_ACCOUNT_WATCHED : GET_USER, [journeyId, userId])
  return row ? toUser({ ...row, journey_id: journeyId, user_id: userId }, scope) : null
}

export const countNotices = async (query: Query, journeyId: string, userId: string, kind: NoticeKind, since: number): Promise<number> => {
  const [row] = await query<{ n: number }>(COUNT_NOTICES, [journeyId, userId, kind, since])
  return Number(row?.n ?? 0)
}
