// Moments the CLI reads from the command line and event files: ISO dates with an offset, or epoch ms.
import { DAY } from '../core/index'

// As the journey format's dates: without an offset, Date.parse would use this machine's time zone.
const DATE = /^\d{4}-\d\d-\d\d(T\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:\d\d))?$/

/** What `readMoment` accepts, in words, for error messages. */
export const MOMENT = 'an ISO date-time with Z or an offset ("2026-01-05T09:00:00Z"), a date ("2026-01-05"), or epoch milliseconds'

/** Epoch ms from an ISO date / date-time with an offset, or from a finite number; undefined otherwise. */
export const readMoment = (v: unknown): number | undefined => {
  if (typeof v == 'number') return Number.isFinite(v) ? v : undefined
  if (typeof v != 'string' || !DATE.test(v)) return
  const t = Date.parse(v)
  return Number.isNaN(t) ? undefined : t
}

/** `2026-01-05` of a moment, in UTC. */
export const dateOf = (t: number): string => new Date(t).toISOString().slice(0, 10)

/** `2026-01-05 09:00 UTC`, or just the date at midnight. */
export const momentOf = (t: number): string => {
  const iso = new Date(t).toISOString()
  return t % DAY == 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, iso.endsWith(':00.000Z') ? 16 : 19)} UTC`
}
