// Nudges: how far each one reaches (shown, clicked, dismissed) and what follows it (the next step,
// the goal), against the users it was for but never shown to.
import { BarRows, Chart } from './svg'
import { count, days, percent, plural } from './format'
import { Table } from './table'
import type { NudgeFigure } from './types'

const ROW = 28

export const NudgeChart = ({ n, goal }: { n: NudgeFigure; goal: string }) => {
  const reach = [
    { label: 'For (eligible)', value: n.eligible, text: count(n.eligible) },
    { label: 'Shown', value: n.shown, text: count(n.shown) },
    { label: 'Clicked', value: n.clicked, text: count(n.clicked) },
    { label: 'Dismissed', value: n.dismissed, text: count(n.dismissed) },
  ]
  const outcomes = [
    { label: 'Did the next step', value: n.nextStepRate ?? 0, text: `${percent(n.nextStepRate)} of ${count(n.withNextStep)}`, kind: 'nudged' },
    { label: 'Goal, nudged', value: n.nudged.goalRate ?? 0, text: `${percent(n.nudged.goalRate)} of ${count(n.nudged.users)}`, kind: 'nudged' },
    { label: 'Goal, not nudged', value: n.notNudged.goalRate ?? 0, text: `${percent(n.notNudged.goalRate)} of ${count(n.notNudged.users)}`, kind: 'control' },
  ]
  const desc = `For ${plural(n.eligible, 'user')}, shown to ${count(n.shown)}, clicked by ${count(n.clicked)}, dismissed by ${count(n.dismissed)}. ` +
    `${percent(n.nextStepRate)} of the ${count(n.withNextStep)} shown with a step open did it next. ` +
    `Goal (${goal}) reached by ${percent(n.nudged.goalRate)} of the nudged, ${days(n.daysFromNudgeToGoal)} after the nudge (median), ` +
    `and by ${percent(n.notNudged.goalRate)} of the users not nudged.`
  return (
    <figure class="nudge">
      <figcaption><strong>{n.title}</strong> · goal: {goal}</figcaption>
      <Chart title={`Nudge “${n.title}”`} desc={desc} width={640} height={(reach.length + outcomes.length) * ROW + 16}>
        <BarRows row={ROW} max={Math.max(1, n.eligible)} rows={reach} />
        <g transform={`translate(0 ${reach.length * ROW + 16})`}><BarRows row={ROW} max={1} rows={outcomes} /></g>
      </Chart>
    </figure>
  )
}

export const NudgeTable = ({ ns, goal }: { ns: readonly NudgeFigure[]; goal: (n: NudgeFigure) => string }) => (
  <Table caption="Nudges, against the users they were for but never shown to (goal: share who reached it · median days from day 0)" rows={ns} columns={[
    { label: 'Nudge', cell: (n) => n.title },
    { label: 'Goal', cell: goal },
    { label: 'Shown', num: true, cell: (n) => count(n.shown) },
    { label: 'Clicked', num: true, cell: (n) => count(n.clicked) },
    { label: 'Dismissed', num: true, cell: (n) => count(n.dismissed) },
    { label: 'Next step', num: true, cell: (n) => percent(n.nextStepRate) },
    { label: 'Nudge → goal', num: true, cell: (n) => days(n.daysFromNudgeToGoal) },
    { label: 'Nudged', num: true, cell: (n) => `${percent(n.nudged.goalRate)} · ${days(n.nudged.daysToGoal)}` },
    { label: 'Not nudged', num: true, cell: (n) => `${percent(n.notNudged.goalRate)} · ${days(n.notNudged.daysToGoal)}` },
  ]} />
)
