// The escalation log (or the steps handed to colleagues), newest first, with delivery state.
import { count, dateTime, trait } from './format'
import { Table } from './table'
import type { EscalationsAnswer, EscalationRow } from './types'

const DELIVERY: Record<EscalationRow['delivery'], string> = { delivered: 'Delivered', pending: 'Waiting', failing: 'Failing' }

export const EscalationLog = ({ a, kind, columns }: { a: EscalationsAnswer; kind: 'escalation' | 'delegate'; columns: readonly string[] }) => (
  <Table caption={`${count(a.total)} ${kind === 'escalation' ? 'escalation' : 'step'}${a.total === 1 ? '' : 's'}` +
    `${kind === 'delegate' ? ' handed to a colleague' : ''}, newest first`}
    rows={a.rows} empty="None yet." columns={[
      { label: 'When', cell: (r) => dateTime(r.at ?? r.receivedAt) },
      { label: 'User', cell: (r) => r.userId },
      ...(kind === 'escalation' ? [
        // Shown at the milestone that caused it; the one the nudge is about follows when it differs.
        { label: 'Milestone', cell: (r: EscalationRow) => r.cause && r.cause !== r.milestone ? `${r.causeTitle} (for ${r.title})` : r.title ?? '—' },
        { label: 'Level', num: true, cell: (r: EscalationRow) => r.level ?? '—' },
        { label: 'Notify', cell: (r: EscalationRow) => r.notify ?? '—' },
      ] : [
        { label: 'Step', cell: (r: EscalationRow) => r.step ?? '—' },
        { label: 'To', cell: (r: EscalationRow) => r.to ?? '—' },
        { label: 'Note', cell: (r: EscalationRow) => r.note ?? '' },
      ]),
      { label: 'Delivery', cell: (r) => DELIVERY[r.delivery] + (r.error ? ` (${r.error}, ${r.attempts} tries)` : '') },
      ...columns.map((c) => ({ label: c, cell: (r: EscalationRow) => trait(r.traits[c]) })),
    ]} />
)
