// Not from core/index: its validator (readers built when the module loads) would ride along in the preview file.
import { evaluate } from '../core/evaluate'
import { DAY } from '../core/limits'
import { emptyProgress, foldEvents } from '../core/progress'
import type { Journey, Progress, ProgressEvent, Traits } from '../core/index'

/** `preview(options)`: how the journey would look on a day, for traits, with some steps done. */
export interface PreviewOptions {
  /** The journey day to show (whole days after the start). @default today */
  day?: number
  /** Traits to preview with, over the user's own (e.g. another plan). */
  traits?: Traits
  /** Step ids already done, at the journey start. */
  completed?: readonly string[]
}

/**
 * The progress and the clock of a preview: a new user who started today (or at the start trait)
 * and did `completed` at the start; `now` is that start plus `day` days. Nothing here is stored.
 */
export const previewOf = (journey: Journey, userId: string, traits: Traits, o: PreviewOptions, today: number): { doc: Progress; now: number } => {
  const base: Progress = { ...emptyProgress(userId), firstSeen: today, lastSeen: today }
  const start = evaluate(journey, base, { now: today, traits }).startedAt
  const day = Number(o.day)
  const events = (Array.isArray(o.completed) ? o.completed : [])
    .filter((id): id is string => typeof id == 'string')
    .map((stepId, i): ProgressEvent => ({ id: `preview-${i}`, type: 'complete', stepId, at: start }))
  return { doc: foldEvents(base, events), now: isFinite(day) && o.day !== undefined ? start + Math.max(0, day) * DAY : today }
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
