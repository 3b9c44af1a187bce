// The milestone survey: per milestone, how many answered the celebration's 1–5 question, the
// average and spread, and a bar per score.
import { BarRows, Chart } from './svg'
import { count } from './format'
import { Table } from './table'
import type { SurveyFigure } from './types'

const ROW = 24
const one = (n: number | null) => (n == null ? '—' : n.toFixed(1))

export const SurveyChart = ({ s }: { s: SurveyFigure }) => {
  const max = Math.max(1, ...s.distribution)
  const desc = `${count(s.answers)} answers, average ${one(s.average)}, standard deviation ${one(s.stdDev)}. ` +
    s.distribution.map((n, i) => `${i + 1}: ${count(n)}`).join(', ') + '.'
  return (
    <figure class="survey">
      <figcaption><strong>{s.title}</strong> · {count(s.answers)} answers · average {one(s.average)} (± {one(s.stdDev)})</figcaption>
      <Chart title={`Survey answers, ${s.title}`} desc={desc} width={480} height={5 * ROW + 4}>
        <BarRows max={max} row={ROW} label={60} bar={320} rows={s.distribution.map((n, i) => ({
          label: `${i + 1}`, value: n, text: count(n),
        })).reverse()} />
      </Chart>
    </figure>
  )
}

export const SurveyTable = ({ ss }: { ss: readonly SurveyFigure[] }) => (
  <Table caption="Survey answers per milestone (1 to 5)" rows={ss} columns={[
    { label: 'Milestone', cell: (s) => s.title },
    { label: 'Answers', num: true, cell: (s) => count(s.answers) },
    { label: 'Average', num: true, cell: (s) => one(s.average) },
    { label: 'Std dev', num: true, cell: (s) => one(s.stdDev) },
    ...[1, 2, 3, 4, 5].map((n) => ({ label: String(n), num: true, cell: (s: SurveyFigure) => count(s.distribution[n - 1]) })),
  ]} />
)
