// Time to each milestone: a histogram of the days from day 0 to done, the due day as a line, and
// the median, p75 and p90 as marks, with completion beside it.
import { Chart } from './svg'
import { count, days, percent, plural } from './format'
import { Table } from './table'
import type { MilestoneFigure } from './types'

const W = 640
const H = 170
const LEFT = 36
const TOP = 44
const BOTTOM = 24

export const MilestoneChart = ({ m }: { m: MilestoneFigure }) => {
  const bins = m.histogram.length
  const step = (W - LEFT - 8) / bins
  const max = Math.max(1, ...m.histogram)
  const plot = H - TOP - BOTTOM
  const every = Math.ceil(bins / 12) // a tick label every few days, none crowding the last ("28+")
  const x = (day: number) => LEFT + Math.min(day, bins) * step
  const marks = ([['median', m.took.median], ['p75', m.took.p75], ['p90', m.took.p90]] as Array<[string, number | null]>)
    .flatMap(([name, d]) => (d == null ? [] : [[name, d] as const]))
  const desc = `${count(m.done)} of ${plural(m.users, 'user')} done (${percent(m.rate)}), ${count(m.onTime)} by the due.` +
    ` Days to done: median ${days(m.took.median)}, p75 ${days(m.took.p75)}, p90 ${days(m.took.p90)}` +
    (m.dueDay != null ? `; due on day ${m.dueDay}.` : '; no due day.') +
    ` Users done by day: ${m.histogram.map((n, d) => `day ${d === bins - 1 ? `${d} or later` : d}: ${n}`).join(', ')}.`
  return (
    <figure class="milestone">
      <figcaption><strong>{m.title}</strong> · {percent(m.rate)} done ({count(m.done)} of {count(m.users)}) · median {days(m.took.median)}{m.dueDay != null ? ` · due day ${m.dueDay}` : ''}</figcaption>
      <Chart title={`Time to “${m.title}”`} desc={desc} width={W} height={H}>
        <line x1={LEFT} x2={W - 8} y1={H - BOTTOM} y2={H - BOTTOM} class="axis" />
        {m.histogram.map((n, d) => {
          const h = (n / max) * plot
          return <rect x={x(d) + 1} y={H - BOTTOM - h} width={Math.max(1, step - 2)} height={h} class="bar"><title>{`day ${d}${d === bins - 1 ? '+' : ''}: ${n}`}</title></rect>
        })}
        {/* Day d sits on the left edge of its bar, as the due line and the marks do: a bar is [d, d + 1). */}
        {m.histogram.map((_, d) => (d === bins - 1 || (d % every === 0 && bins - 1 - d > every / 2)
          ? <text x={x(d)} y={H - 8} text-anchor="middle" class="tick">{d === bins - 1 ? `${d}+` : d}</text> : null))}
        <text x={4} y={TOP + 4} class="tick">{max}</text>
        {m.dueDay != null ? <g class="due"><line x1={x(m.dueDay)} x2={x(m.dueDay)} y1={TOP - 6} y2={H - BOTTOM} /><text x={x(m.dueDay) + 4} y={TOP - 8}>due</text></g> : null}
        {marks.map(([name, d], i) => (
          <g class="mark"><line x1={x(d)} x2={x(d)} y1={4 + i * 12} y2={H - BOTTOM} /><text x={x(d) + 3} y={12 + i * 12}>{name}</text></g>
        ))}
      </Chart>
    </figure>
  )
}

export const MilestoneTable = ({ ms }: { ms: readonly MilestoneFigure[] }) => (
  <Table caption="Completion and days from day 0 to done" rows={ms} columns={[
    { label: 'Milestone', cell: (m) => m.title },
    { label: 'Due day', num: true, cell: (m) => m.dueDay ?? '—' },
    { label: 'Users', num: true, cell: (m) => count(m.users) },
    { label: 'Done', num: true, cell: (m) => count(m.done) },
    { label: 'Done rate', num: true, cell: (m) => percent(m.rate) },
    { label: 'By the due', num: true, cell: (m) => count(m.onTime) },
    { label: 'Median', num: true, cell: (m) => days(m.took.median) },
    { label: 'p75', num: true, cell: (m) => days(m.took.p75) },
    { label: 'p90', num: true, cell: (m) => days(m.took.p90) },
  ]} />
)
