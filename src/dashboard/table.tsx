// A plain data table: the text alternative beside each chart, and the lists.
import type { ComponentChildren } from 'preact'

export interface Column<R> {
  label: string
  /** Right-aligned, for numbers. */
  num?: boolean
  cell: (row: R) => ComponentChildren
}

export const Table = <R,>({ caption, columns, rows, empty = 'Nobody yet.' }: {
  caption: string
  columns: ReadonlyArray<Column<R>>
  rows: readonly R[]
  empty?: string
}) => (
  // A table wider than the page scrolls: keyboard users reach the scroll by focusing it.
  <div class="scroll" tabIndex={0} role="region" aria-label={caption}>
    <table>
      <caption>{caption}</caption>
      <thead><tr>{columns.map((c) => <th scope="col" class={c.num ? 'num' : undefined}>{c.label}</th>)}</tr></thead>
      <tbody>
        {rows.length ? rows.map((r) => <tr>{columns.map((c) => <td class={c.num ? 'num' : undefined}>{c.cell(r)}</td>)}</tr>)
          : <tr><td colSpan={columns.length}>{empty}</td></tr>}
      </tbody>
    </table>
  </div>
)
