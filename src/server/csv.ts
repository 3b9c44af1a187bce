// CSV (RFC 4180) that spreadsheets open safely: every text cell quoted, and text that a spreadsheet
// would run as a formula kept as text: one starting with = + - @ (or their full-width forms, which
// some spreadsheets fold to ASCII), also after leading spaces or line breaks (which they trim), or
// starting with a tab, carriage return or line feed.
import type { Table } from './figures/figure'

const FORMULA = /^[\s\u3000]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]|^[\t\r\n]/

/** One cell: numbers and booleans as they are, null as empty, text quoted (a formula start neutralised with '). */
export const csvCell = (v: unknown): string => {
  if (v == null) return ''
  if (typeof v === 'number') return isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  const s = String(v)
  return `"${(FORMULA.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`
}

/** Rows as CSV lines, each with its CRLF line end. */
export const csvLines = (rows: readonly (readonly unknown[])[]): string[] => rows.map((row) => row.map(csvCell).join(',') + '\r\n')

/** The table as CSV text: a header row, then a row per line, CRLF line ends. */
export const toCsv = ({ columns, rows }: Table): string => csvLines([columns, ...rows]).join('')
