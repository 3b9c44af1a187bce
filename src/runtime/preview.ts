// Not from core/index: its validator (readers built when the module loads) would ride along in the preview file.
import { evaluate } from '../core/evaluate'
import { DAY } from '../core/limits'
import { emptyProgress, foldEvents } from '../core/progress'
import type { Journey, Progress, ProgressEvent, Traits } from '../core/index'
import type { TraitsInput } from './api'

/** `preview(options)`: how the journey would look on a day, for traits, with some steps done. */
export interface PreviewOptions {
  /** The journey day to show (whole days after the start). @default today */
  day?: number | undefined
  /** Traits to preview with, over the user's own (e.g. another plan); a `Date` as in `identify()`. */
  traits?: TraitsInput | undefined
  /** Step ids already done, at the journey start. */
  completed?: readonly string[] | undefined
}

/**
 * The progress and the clock of a preview: a new user who started today (or at the start trait)
 * and did `completed` at the start; `now` is that start plus `day` days. Nothing here is stored.
 */
export const previewOf = (journey: Journey, userId: string, traits: Traits, o: PreviewOptions, today: number): { doc: Progress; now: number } => {
  const base: Progress = { ...emptyProgress(userId), firstSeen: today, lastSeen: today }
  const start = evaluate(journey, base, { now: today, traits }).startedAt
  const events = (o.completed ?? []).map((stepId, i): ProgressEvent => ({ id: `preview-${i}`, type: 'complete', stepId, at: start }))
  return { doc: foldEvents(base, events), now: o.day !== undefined ? start + o.day * DAY : today }
}

/** A value as an error message names it: text quoted, an object or array by its kind, never its contents. */
const shown = (v: unknown): string =>
  typeof v == 'string' ? `"${v}"` : Array.isArray(v) ? 'an array' : v && typeof v == 'object' ? 'an object' : typeof v == 'function' ? 'a function' : String(v)

/**
 * What `preview(options)` (or a preview URL) can use of what it was given: each bad field is told
 * to `problem` (an `input` error naming it and what it takes) and left out, and the preview goes on
 * with the rest. A step id the journey does not have is told too (as `complete()` does) and left out.
 * @example previewInput(journey, { day: -5, completed: ['connect'] }, report) // day is told and left out
 */
export const previewInput = (journey: Journey, given: unknown, problem: (message: string) => void): PreviewOptions => {
  const o = (given ?? {}) as Record<string, unknown>
  const out: Record<string, unknown> = {}
  /** Keeps `field` when `ok`, else tells it. */
  const take = (field: string, ok: (v: any) => unknown, expected: string, v = o[field]) =>
    v === undefined || (ok(v) ? (out[field] = v) : problem(`preview(): ${field} must be ${expected}, got ${shown(v)}`))
  if (typeof o != 'object' || Array.isArray(o)) take('options', () => 0, '{ day?, traits?, completed? } or false', o)
  else {
    take('day', (v) => Number.isSafeInteger(v) && v >= 0, 'a whole number ≥ 0')
    take('traits', (v) => v && typeof v == 'object' && !Array.isArray(v), 'an object of traits')
    take('completed', Array.isArray, 'an array of step ids')
    out.completed &&= (out.completed as unknown[]).filter((id) =>
      typeof id == 'string' && journey.milestones.some((m) => m.steps.some((s) => s.id === id)) || problem('preview(): no step ' + (typeof id == 'string' ? id : shown(id))))
  }
  return out as PreviewOptions
}

/**
 * What a `?milepost-preview` page asks to see: `milepost-day=5`, `milepost-traits={"plan":"pro"}`,
 * `milepost-completed=step-a,step-b`. Traits that are not JSON are told to `problem` and ignored.
 * The script tag reads it from its preview file (runtime/preview-file.ts), which only such a page loads.
 */
export const previewFromQuery = (q: URLSearchParams, problem: (message: string) => void): PreviewOptions => {
  const o: PreviewOptions = {}
  const day = q.get('milepost-day')
  const traits = q.get('milepost-traits')
  const completed = q.get('milepost-completed')
  if (day) o.day = Number(day)
  if (traits != null) {
    try {
      o.traits = JSON.parse(traits) as Traits
    } catch (error) {
      problem(`milepost-traits is not valid JSON (${String(error)}); it is ignored`)
    }
  }
  if (completed) o.completed = completed.split(',')
  return o
}
