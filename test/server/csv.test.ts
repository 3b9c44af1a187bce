// CSV exports open safely in a spreadsheet: quotes, commas and line breaks stay inside their cell,
// and text that a spreadsheet would run as a formula stays text.
import { describe, expect, it } from 'vitest'
import { csvCell, toCsv } from '../../src/server'

describe('CSV', () => {
  it.each([
    ['plain text, quoted', 'pro', '"pro"'],
    ['a quote, doubled', 'the "best" plan', '"the ""best"" plan"'],
    ['a comma, inside the quotes', 'Acme, Inc.', '"Acme, Inc."'],
    ['a line break, inside the quotes', 'line 1\nline 2\r\nline 3', '"line 1\nline 2\r\nline 3"'],
    ['a formula, as text', '=HYPERLINK("http://evil.test","click")', '"\'=HYPERLINK(""http://evil.test"",""click"")"'],
    ['a + start', '+1 555 0100', '"\'+1 555 0100"'],
    ['a - start', '-2+3', '"\'-2+3"'],
    ['an @ start', '@SUM(A1:A9)', '"\'@SUM(A1:A9)"'],
    ['a tab start', '\t=1', '"\'\t=1"'],
    ['a carriage return start', '\r=1', '"\'\r=1"'],
    ['a line feed start', '\n=1', '"\'\n=1"'],
    ['a formula after leading spaces', '  =1+1', '"\'  =1+1"'],
    ['a formula after a line break', '\r\n@SUM(A1)', '"\'\r\n@SUM(A1)"'],
    ['a full-width = start', '\uFF1DSUM(A1)', '"\'\uFF1DSUM(A1)"'],
    ['a full-width + after an ideographic space', '\u3000\uFF0B1', '"\'\u3000\uFF0B1"'],
    ['a formula later in the text, as it is', 'a=b', '"a=b"'],
    ['spaces before plain text, as it is', '  Acme', '"  Acme"'],
  ])('%s', (_, value, cell) => {
    expect(csvCell(value)).toBe(cell)
  })

  it('keeps numbers (negative ones too) and booleans as values, and null as an empty cell', () => {
    expect([csvCell(-3), csvCell(0.5), csvCell(true), csvCell(null), csvCell(undefined), csvCell(NaN)]).toEqual(['-3', '0.5', 'true', '', '', ''])
  })

  it('writes a header row, then one line per row, each ended by CRLF', () => {
    expect(toCsv({ columns: ['user', 'days overdue'], rows: [['u1', 3], ['u,2', null]] })).toBe('"user","days overdue"\r\n"u1",3\r\n"u,2",\r\n')
  })
})

describe('CSV headers', () => {
  it('heads a trait named like a column of the table trait:<name>, so each header is once', async () => {
    const { atRisk } = await import('../../src/server/figures/at-risk')
    const { escalations } = await import('../../src/server/figures/escalations')
    const risk = atRisk.table({ rows: [{ userId: 'u1', lastSeen: null, traits: { title: 'x', user: 'y', plan: 'pro' }, milestones: [] }] } as never)
    expect(risk.columns.slice(-3)).toEqual(['trait:title', 'trait:user', 'plan'])
    const log = escalations.table({ rows: [{ traits: { note: 'x', plan: 'pro' } }] } as never)
    expect(log.columns.slice(-2)).toEqual(['trait:note', 'plan'])
    for (const { columns } of [risk, log]) expect(new Set(columns).size).toBe(columns.length)
  })
})
