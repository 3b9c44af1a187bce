// The funnel of one audience (and segment): a bar per step it gets, reached (light) and completed
// (dark), with the drop-off in words.
import { Chart, BarRows } from './svg'
import { clip, count, percent, plural } from './format'
import { Table } from './table'
import type { FunnelSegment } from './types'

const ROW = 30

export const FunnelChart = ({ segment, by }: { segment: FunnelSegment; by: string | null }) => {
  const name = by ? `${by}: ${segment.value ?? '(not set)'} · ${segment.audience.label}` : segment.audience.label
  const max = Math.max(1, ...segment.steps.map((s) => s.reached))
  const first = segment.steps[0]
  const last = segment.steps.filter((s) => !s.optional).at(-1)
  const desc = `${plural(segment.users, 'user')}. ` + segment.steps.map((s) =>
    `${s.title}: ${count(s.reached)} reached, ${count(s.completed)} completed, ${count(s.dropOff)} dropped off.`).join(' ')
  return (
    <figure class="funnel">
      <figcaption>{name} · {plural(segment.users, 'user')}{first && last ? ` · ${percent(first.reached ? last.completed / first.reached : null)} of those who reached the first step completed the last` : ''}</figcaption>
      <Chart title={`Funnel, ${name}`} desc={desc} width={640} height={segment.steps.length * ROW + 4}>
        <BarRows max={max} row={ROW} label={240} bar={290} rows={segment.steps.map((s) => ({
          // 240 units of label hold about 34 characters at this size.
          label: s.optional ? `${clip(s.title, 23)} (optional)` : clip(s.title), full: s.title, value: s.completed, back: s.reached,
          text: `${count(s.completed)} / ${count(s.reached)}, −${count(s.dropOff)}`,
        }))} />
      </Chart>
      <Table caption={`Funnel, ${name}`} rows={segment.steps} columns={[
        { label: 'Step', cell: (s) => s.title + (s.optional ? ' (optional)' : '') },
        { label: 'Reached', num: true, cell: (s) => count(s.reached) },
        { label: 'Completed', num: true, cell: (s) => count(s.completed) },
        { label: 'Drop-off', num: true, cell: (s) => count(s.dropOff) },
        { label: 'Completed of reached', num: true, cell: (s) => percent(s.reached ? s.completed / s.reached : null) },
      ]} />
    </figure>
  )
}
