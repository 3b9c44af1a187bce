// What every figure is: a read in SQL over the store, and the same answer as a table (CSV, and the
// page's text alternative to its chart).
import { DAY } from '../../core'
import type { Journey } from '../../core/types'
import type { Query } from '../sql'
import type { Layout } from './layout'
import type { Filter } from './segment'

export interface FigureContext {
  query: Query
  journey: Journey
  layout: Layout
  filter: Filter
  /** The moment the figures are about, epoch ms. */
  now: number
  /** The request's query string, for a figure's own options (`by`, `sort`, `limit`, …). */
  params: URLSearchParams
  /** Traits shown as columns of the lists. */
  columns: readonly string[]
  /** The account trait the accounts worklist ranks by (value × days late). @default "value" */
  accountValueTrait?: string
}

export type Cell = string | number | boolean | null

export interface Table {
  columns: string[]
  rows: Cell[][]
}

export interface Figure<T> {
  read(c: FigureContext): Promise<T | { error: string }>
  table(answer: T): Table
}

/** Counts and bigints arrive as strings from `pg`: numbers, or null. */
export const num = (v: unknown): number | null => (v == null ? null : Number(v))

/** Milliseconds as days (not rounded: the page rounds for show). */
export const days = (ms: unknown): number | null => (ms == null ? null : Number(ms) / DAY)

/** Median, p75 and p90 in days from a `percentile_cont(ARRAY[.5, .75, .9])` answer. */
export interface Spread {
  median: number | null
  p75: number | null
  p90: number | null
}
export const spread = (v: unknown): Spread => {
  const a = Array.isArray(v) ? v : typeof v === 'string' ? v.replace(/[{}]/g, '').split(',').filter(Boolean) : []
  const [median = null, p75 = null, p90 = null] = a.map((x) => (x == null || x === 'NULL' ? null : days(x)))
  return { median, p75, p90 }
}

/** count / of, or null when there is nobody to count. */
export const share = (count: number, of: number): number | null => (of > 0 ? count / of : null)

/** A positive whole number from the query string, within bounds. */
export const intParam = (q: URLSearchParams, name: string, fallback: number, max: number): number => {
  const n = Number(q.get(name) ?? fallback)
  return Number.isInteger(n) && n >= 0 ? Math.min(n, max) : fallback
}

/**
 * A table's columns: its own, then one per trait. A trait named like one of its own columns (`note`,
 * `user`) is headed `trait:<name>`, so a spreadsheet's header names each column once.
 */
export const withTraits = (own: string[], traits: string[]): string[] => [...own, ...traits.map((t) => (own.includes(t) ? 'trait:' + t : t))]
