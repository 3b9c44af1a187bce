// What follows a nudge and a milestone: journey completion of the nudged against the never nudged,
// days from the first nudge to completion, and retention after each milestone.
import { count, days, percent, plural } from './format'
import { Table } from './table'
import type { OutcomesAnswer, Retention } from './types'

export const OutcomeCards = ({ o }: { o: OutcomesAnswer }) => (
  <dl class="cards" aria-label="Nudges and completion">
    <div class="card"><dt>Journey done, nudged users</dt>
      <dd><strong>{percent(o.nudged.rate)}</strong> <span>{count(o.nudged.done)} of {plural(o.nudged.users, 'user')} shown a nudge</span></dd></div>
    <div class="card"><dt>Journey done, never nudged</dt>
      <dd><strong>{percent(o.notNudged.rate)}</strong> <span>{count(o.notNudged.done)} of {plural(o.notNudged.users, 'user')}</span></dd></div>
    <div class="card"><dt>From first nudge to done</dt>
      <dd><strong>{days(o.nudged.nudgeToDone.median)}</strong> <span>median; p75 {days(o.nudged.nudgeToDone.p75)}, p90 {days(o.nudged.nudgeToDone.p90)} ({count(o.nudged.doneAfterNudge)} user{o.nudged.doneAfterNudge === 1 ? '' : 's'})</span></dd></div>
  </dl>
)

const cell = (r: Retention, d: number) => {
  const a = r.after.find((x) => x.days === d)
  return a && a.users ? `${percent(a.rate)} of ${count(a.users)}` : '—'
}

export const RetentionTable = ({ o }: { o: OutcomesAnswer }) => (
  <Table caption="Retention after each milestone: of the users who did it at least N days ago, the share seen again N days or more after it" rows={o.retention} columns={[
    { label: 'Milestone', cell: (r) => r.title },
    ...(o.retention[0]?.after ?? []).map((a) => ({ label: `Seen ${a.days}+ days after`, num: true, cell: (r: Retention) => cell(r, a.days) })),
  ]} />
)
