// The escalation log (or the steps handed to colleagues, or the milestone owners told), newest first, with delivery state.
import { count, dateTime, trait } from './format'
import { Table } from './table'
import type { EscalationsAnswer, EscalationRow } from './types'

const DELIVERY: Record<EscalationRow['delivery'], string> = { delivered: 'Delivered', pending: 'Waiting', failing: 'Failing' }
/** Why a milestone's owner was told. */
const REASON: Record<string, string> = { completed: 'Completed', 'due-soon': 'Due soon', overdue: 'Overdue' }

/** The kinds the page's selector offers (the API's `kind`). */
export type LogKind = 'escalation' | 'delegate' | 'owner'
const NOUN: Record<LogKind, [string, string]> = {
  escalation: ['escalation', 'escalations'],
  delegate: ['step handed to a colleague', 'steps handed to a colleague'],
  owner: ['notice to a milestone owner', 'notices to milestone owners'],
}

export const EscalationLog = ({ a, kind, columns }: { a: EscalationsAnswer; kind: LogKind; columns: readonly string[] }) => (
  <Table caption={`${count(a.total)} ${NOUN[kind][a.total === 1 ? 0 : 1]}, newest first`}
    rows={a.rows} empty="None yet." columns={[
      { label: 'When', cell: (r) => dateTime(r.at ?? r.receivedAt) },
      { label: kind === 'owner' ? 'User or account' : 'User', cell: (r) => r.userId },
      ...(kind === 'owner' ? [
        { label: 'Milestone', cell: (r: EscalationRow) => r.title ?? r.milestone ?? '—' },
        { label: 'Why', cell: (r: EscalationRow) => (r.reason && REASON[r.reason]) ?? r.reason ?? '—' },
        // The owner, then the collaborators.
        { label: 'Told', cell: (r: EscalationRow) => r.notify ?? '—' },
      ] : kind === 'escalation' ? [
        // Shown at the milestone that caused it; the one the nudge is about follows when it differs.
        { label: 'Milestone', cell: (r: EscalationRow) => r.cause && r.cause !== r.milestone ? `${r.causeTitle} (for ${r.title})` : r.title ?? '—' },
        { label: 'Level', num: true, cell: (r: EscalationRow) => r.level ?? '—' },
        { label: 'Notify', cell: (r: EscalationRow) => r.notify ?? '—' },
      ] : [
        { label: 'Step', cell: (r: EscalationRow) => r.step ?? '—' },
        { label: 'To', cell: (r: EscalationRow) => r.to ?? '—' },
        { label: 'Note', cell: (r: EscalationRow) => r.note ?? '' },
      ]),
      { label: 'Delivery', cell: (r) => DELIVERY[r.delivery] + (r.error ? ` (${r.error}, ${r.attempts} ${r.attempts === 1 ? 'try' : 'tries'})` : '') },
      ...columns.map((c) => ({ label: c, cell: (r: EscalationRow) => trait(r.traits[c]) })),
    ]} />
)
