// The reliability suite's report: one row per case, printed as a table after each file, in the
// shape docs/reliability.md records (case, expected, observed, lost, 5xx).
import { afterAll } from 'vitest'

export interface Row {
  case: string
  expected: string
  observed: string
  lost: number
  fivexx: number
}

/** Rows added by a file's tests, printed once the file is done. */
export const aTable = (title: string) => {
  const rows: Row[] = []
  afterAll(() => {
    const head = ['case', 'expected', 'observed', 'lost', '5xx']
    const lines = rows.map((r) => [r.case, r.expected, r.observed, String(r.lost), String(r.fivexx)])
    const out = [head, ...lines].map((cells) => `| ${cells.join(' | ')} |`)
    out.splice(1, 0, `|${head.map(() => '---').join('|')}|`)
    console.log(`\n${title}\n${out.join('\n')}\n`)
  })
  return { add: (row: Row) => void rows.push(row), rows }
}
