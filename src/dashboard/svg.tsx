// Charts as plain SVG geometry (attributes and classes, no inline styles: nothing for a strict CSP
// to block). Each chart is an image with a title and a description; the numbers are in a table too.
import type { ComponentChildren } from 'preact'
import { useId } from 'preact/hooks'

export const Chart = ({ title, desc, width, height, children }: {
  title: string
  desc: string
  width: number
  height: number
  children: ComponentChildren
}) => {
  const id = useId()
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}t ${id}d`} preserveAspectRatio="xMinYMin meet">
      <title id={`${id}t`}>{title}</title>
      <desc id={`${id}d`}>{desc}</desc>
      {children}
    </svg>
  )
}

/** Width of `value` on a bar of `full` units for a scale whose top is `max`. */
export const scale = (value: number, max: number, full: number): number => (max > 0 ? (Math.max(0, value) / max) * full : 0)

/**
 * Horizontal bars, one row each: a label, one or two overlaid bars (`back` behind `value`) and the
 * numbers in words at the end.
 */
export const BarRows = ({ rows, max, label = 200, bar = 330, row = 30 }: {
  rows: ReadonlyArray<{ label: string; full?: string; value: number; back?: number; text: string; kind?: string }>
  max: number
  label?: number
  bar?: number
  row?: number
}) => (
  <g>
    {rows.map((r, i) => {
      const y = i * row
      return (
        <g class={`row ${r.kind ?? ''}`}>
          <text x={label - 8} y={y + row / 2 + 4} text-anchor="end" class="label">{r.label}{r.full ? <title>{r.full}</title> : null}</text>
          <rect x={label} y={y + 6} width={bar} height={row - 12} class="track" />
          {r.back != null ? <rect x={label} y={y + 6} width={scale(r.back, max, bar)} height={row - 12} class="back" /> : null}
          <rect x={label} y={y + 6} width={scale(r.value, max, bar)} height={row - 12} class="bar" />
          <text x={label + bar + 8} y={y + row / 2 + 4} class="value">{r.text}</text>
        </g>
      )
    })}
  </g>
)

/** A block of content while its figure loads or when it failed. */
export const Status = ({ error, loading }: { error: string | null; loading: boolean }) =>
  error ? <p class="error" role="alert">Could not load this figure: {error}</p> : loading ? <p class="muted">Loading…</p> : null
