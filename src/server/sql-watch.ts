/**
 * The server watch on SQL: claim the users whose next change has come (FOR UPDATE SKIP LOCKED, so
 * several watchers and the sync handler never work on one user at once), record the planned
 * escalation events exactly as a batch would (ids already known are skipped), write the outbox and
 * each user's next look, in the caller's transaction: a crash before COMMIT leaves nothing behind.
 */
import { mergeBatch } from './store'
import type { NoticeKind, WatchOptions, WatchOutcome, WatchPlan, WatchedUser } from './store'
import { noticesOf, outboxRow } from './notices'
import type { Query } from './sql'
import type { Progress, ProgressEvent, Traits } from '../core/types'

/** $1 now, $2 limit, $3 a JSON array of journey ids or null for all. */
export const CLAIM_WATCH = `SELECT p.journey_id, p.user_id, p.doc, p.seen_at, u.traits
FROM milepost_progress p LEFT JOIN milepost_users u ON u.journey_id = p.journey_id AND u.user_id = p.user_id
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

/** $1 a JSON array of `{ j, u, id, kind, body, delivered }`, $2 now: the same outbox rows a batch writes. */
export const WATCH_NOTICES = `INSERT INTO milepost_escalations (journey_id, user_id, event_id, kind, body, created_at, next_at, delivered_at)
SELECT n->>'j', n->>'u', n->>'id', n->>'kind', n->'body', $2, $2, (n->>'delivered')::bigint
FROM jsonb_array_elements($1::jsonb) AS n
ON CONFLICT (journey_id, user_id, event_id) DO NOTHING`

export const GET_USER = `SELECT p.doc, p.seen_at, u.traits
FROM milepost_progress p LEFT JOIN milepost_users u ON u.journey_id = p.journey_id AND u.user_id = p.user_id
WHERE p.journey_id = $1 AND p.user_id = $2`

export const COUNT_NOTICES = `SELECT count(*)::int AS n FROM milepost_escalations
WHERE journey_id = $1 AND user_id = $2 AND kind = $3 AND created_at >= $4`

interface UserRow {
  journey_id: string
  user_id: string
  doc: Progress
  seen_at: string | number | null
  traits: Traits | null
}

const toUser = (r: UserRow): WatchedUser => ({
  journeyId: r.journey_id, userId: r.user_id, progress: r.doc, traits: r.traits ?? {},
  seenAt: r.seen_at == null ? null : Number(r.seen_at),
})

/** A whole ms, never earlier than the moment (a look before it would find nothing and come back). */
const whole = (t: number | null): number | null => (t == null || !isFinite(t) ? null : Math.ceil(t))

/**
 * The watch's own events are not the user's activity: the document keeps the user's first and last
 * seen (the dashboard's "last seen", the browser's `inactive`).
 */
export const unseen = (folded: Progress, before: Progress): Progress => {
  const { firstSeen, lastSeen, ...rest } = folded
  return { ...rest, ...(before.firstSeen !== undefined ? { firstSeen: before.firstSeen } : {}), ...(before.lastSeen !== undefined ? { lastSeen: before.lastSeen } : {}) } as Progress
}

/** Runs for each user whose document changed, in the same transaction (the dashboard's facts). */
export type AfterWatch = (query: Query, outcome: WatchOutcome, plan: WatchPlan, now: number) => Promise<void>

/** One round of the watch in the caller's transaction. */
export const watchDue = async (
  query: Query, { now, limit, journeyIds }: WatchOptions, plan: (user: WatchedUser) => WatchPlan, after?: AfterWatch,
): Promise<WatchOutcome[]> => {
  const rows = await query<UserRow>(CLAIM_WATCH, [now, limit, journeyIds ? JSON.stringify(journeyIds) : null])
  if (rows.length === 0) return []
  const users = rows.map(toUser)
  const plans = users.map(plan)
  const planned = users.flatMap((user, i) => plans[i]!.events.map((e: ProgressEvent) => ({ j: user.journeyId, u: user.userId, e })))
  const fresh = new Set<string>()
  if (planned.length > 0) {
    for (const r of await query<{ journey_id: string; user_id: string; event_id: string }>(WATCH_EVENTS, [JSON.stringify(planned), now])) {
      fresh.add(JSON.stringify([r.journey_id, r.user_id, r.event_id]))
    }
  }
  const saves: unknown[] = []
  const notices: unknown[] = []
  const outcomes = users.map((user, i): WatchOutcome => {
    const inserted = plans[i]!.events.filter((e) => fresh.has(JSON.stringify([user.journeyId, user.userId, e.id])))
    const progress = inserted.length > 0 ? unseen(mergeBatch(user.progress, inserted), user.progress) : user.progress
    const drafts = noticesOf(inserted)
    const traits = Object.keys(user.traits).length > 0 ? user.traits : undefined
    for (const d of drafts) notices.push({ j: user.journeyId, u: user.userId, ...outboxRow(d, traits, now) })
    saves.push({ j: user.journeyId, u: user.userId, doc: inserted.length > 0 ? progress : null, next: whole(plans[i]!.next(progress)) })
    return { user, inserted, progress, notices: drafts }
  })
  await query(WATCH_SAVE, [JSON.stringify(saves), now])
  if (notices.length > 0) await query(WATCH_NOTICES, [JSON.stringify(notices), now])
  if (after) for (const [i, o] of outcomes.entries()) if (o.inserted.length > 0) await after(query, o, plans[i]!, now)
  return outcomes
}

export const getUser = async (query: Query, journeyId: string, userId: string): Promise<WatchedUser | null> => {
  const [row] = await query<UserRow>(GET_USER, [journeyId, userId])
  return row ? toUser({ ...row, journey_id: journeyId, user_id: userId }) : null
}

export const countNotices = async (query: Query, journeyId: string, userId: string, kind: NoticeKind, since: number): Promise<number> => {
  const [row] = await query<{ n: number }>(COUNT_NOTICES, [journeyId, userId, kind, since])
  return Number(row?.n ?? 0)
}
