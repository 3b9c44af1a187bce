// The headline figures as cards: users, journeys done, time to first value, users at risk.
import { count, days, percent, plural } from './format'
import type { SummaryAnswer } from './types'

const Card = ({ label, value, detail, kind }: { label: string; value: string; detail: string; kind?: string }) => (
  <div class={`card ${kind ?? ''}`}>
    <dt>{label}</dt>
    <dd><strong>{value}</strong> <span>{detail}</span></dd>
  </div>
)

export const SummaryCards = ({ s }: { s: SummaryAnswer }) => (
  <dl class="cards" aria-label="Headline figures">
    <Card label="Users" value={count(s.users)} detail={`${count(s.active7d)} active in the last 7 days`} />
    <Card label="Journey done" value={percent(s.doneRate)} detail={`${count(s.done)} of ${plural(s.users, 'user')}`} />
    <Card label="Time to first value" value={days(s.timeToFirstValue.median)}
      detail={`median; p75 ${days(s.timeToFirstValue.p75)}, p90 ${days(s.timeToFirstValue.p90)} (${plural(s.firstValue, 'user')})`} />
    <Card label="Users at risk" value={count(s.atRisk.users)} kind="risk"
      detail={`${count(s.atRisk.redUsers)} with a red milestone (overdue or blocked), ${count(s.atRisk.users - s.atRisk.redUsers)} amber only`} />
  </dl>
)
