// The escalation log: each notice the store's outbox holds (escalations, steps handed to a colleague,
// milestone owners told; `kind` picks one), newest first, with whether the webhook has delivered it,
// and the milestone that caused it (an escalation about a milestone blocked by a late one is shown there).
import type { TraitValue } from '../../core/types'
import type { NoticeKind } from '../store'
import { causeAt } from './cause'
import type { Figure } from './figure'
import { intParam, num, withTraits } from './figure'
import { traitWhere } from './segment'

export interface EscalationRow {
  userId: string
  eventId: string
  kind: NoticeKind
  /** When the browser emitted it. */
  at: number | null
  /** When the server stored it. */
  receivedAt: number
  milestone: string | null
  title: string | null
  /** The milestone that caused it when it was emitted: `milestone`, or the late one it was waiting for. */
  cause: string | null
  causeTitle: string | null
  nudge: string | null
  level: number | null
  /** Whom it notifies; for an owner notice, the owner then the collaborators, comma-separated. */
  notify: string | null
  /** An owner notice's: why they were told (`completed`, `due-soon`, `overdue`). */
  reason?: string
  /** For a delegated step: the step, the colleague and the note. */
  step: string | null
  to: string | null
  note: string | null
  delivery: 'delivered' | 'pending' | 'failing'
  deliveredAt: number | null
  attempts: number
  error: string | null
  traits: Record<string, TraitValue | undefined>
}

export interface EscalationLog {
  total: number
  offset: number
  rows: EscalationRow[]
}

/** $2 kind (null: every kind, `kind=all`); then the filters. */
export const ESCALATION_COUNT = (where: string) => `SELECT count(*) AS total
FROM milepost_escalations e LEFT JOIN milepost_users u ON u.journey_id = e.journey_id AND u.user_id = e.user_id
WHERE e.journey_id = $1 AND ($2::text IS NULL OR e.kind = $2)${where}`

/** Newest first along the index `milepost_escalations_log`; then the filters, limit and offset. */
export const ESCALATION_LOG = (where: string, limit: string, offset: string) => `SELECT e.user_id, e.event_id, e.kind, e.body,
  e.created_at, e.delivered_at, e.attempts, e.last_error, u.traits, u.m_times, u.m_info
FROM milepost_escalations e LEFT JOIN milepost_users u ON u.journey_id = e.journey_id AND u.user_id = e.user_id
WHERE e.journey_id = $1 AND ($2::text IS NULL OR e.kind = $2)${where}
ORDER BY e.created_at DESC, e.user_id DESC, e.event_id DESC
LIMIT ${limit} OFFSET ${offset}`

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null)
const KINDS: readonly string[] = ['escalation', 'delegate', 'owner'] satisfies NoticeKind[]

export const escalations: Figure<EscalationLog> = {
  async read({ query, journey, layout, filter, params, columns }) {
    // Escalations unless asked (the log's first answer, kept for those who read it); `all`: every kind.
    const kind = params.get('kind') ?? 'escalation'
    if (kind !== 'all' && !KINDS.includes(kind)) return { error: 'kind: escalation, delegate, owner or all' }
    const args: unknown[] = [journey.id, kind == 'all' ? null : kind]
    const where = traitWhere(filter, 'u', args)
    const csv = params.get('format') === 'csv'
    const offset = intParam(params, 'offset', 0, 1e9)
    const page = [...args]
    const limit = `$${page.push(intParam(params, 'limit', csv ? 100_000 : 100, csv ? 100_000 : 500))}`
    const [[count], rows] = await Promise.all([
      query<{ total: unknown }>(ESCALATION_COUNT(where), args),
      query<Record<string, unknown>>(ESCALATION_LOG(where, limit, `$${page.push(offset)}`), page),
    ])
    return {
      total: num(count?.total) ?? 0,
      offset,
      rows: rows.map((r): EscalationRow => {
        const event = ((r.body as { event?: Record<string, unknown> } | null)?.event ?? {})
        const props = (event.props ?? {}) as Record<string, unknown>
        const milestone = text(event.milestoneId)
        const traits = (r.traits ?? {}) as Record<string, TraitValue>
        const deliveredAt = num(r.delivered_at)
        const at = typeof event.at === 'number' ? event.at : null
        const cause = milestone ? causeAt(layout, r.m_times, r.m_info, milestone, at ?? num(r.created_at)!) : null
        return {
          userId: r.user_id as string, eventId: r.event_id as string, kind: r.kind as EscalationRow['kind'],
          at, receivedAt: num(r.created_at)!,
          milestone, title: milestone ? layout.title(milestone) : null, cause, causeTitle: cause ? layout.title(cause) : null, nudge: text(event.nudgeId),
          level: typeof event.level === 'number' ? event.level : null,
          notify: Array.isArray(event.notify) ? event.notify.join(', ') : text(event.notify),
          ...(typeof event.reason === 'string' ? { reason: event.reason } : {}),
          step: text(props.stepId), to: text(props.to), note: text(props.note),
          delivery: deliveredAt != null ? 'delivered' : r.last_error ? 'failing' : 'pending', deliveredAt,
          attempts: num(r.attempts) ?? 0, error: text(r.last_error),
          traits: Object.fromEntries(columns.map((c) => [c, Object.hasOwn(traits, c) ? traits[c] : undefined])),
        }
      }),
    }
  },
  table: ({ rows }) => {
    const traits = [...new Set(rows.flatMap((r) => Object.keys(r.traits)))]
    const iso = (t: number | null) => (t == null ? null : new Date(t).toISOString())
    return {
      columns: withTraits(['at', 'received', 'user', 'kind', 'milestone', 'title', 'cause', 'nudge', 'level', 'notify', 'reason', 'step', 'to', 'note',
        'delivery', 'delivered', 'attempts', 'error', 'event'], traits),
      rows: rows.map((r) => [iso(r.at), iso(r.receivedAt), r.userId, r.kind, r.milestone, r.title, r.cause, r.nudge, r.level, r.notify, r.reason ?? null,
        r.step, r.to, r.note, r.delivery, iso(r.deliveredAt), r.attempts, r.error, r.eventId, ...traits.map((t) => r.traits[t] ?? null)]),
    }
  },
}
