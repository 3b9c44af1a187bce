// Times that may be missing, whole days, and calendar days in a time zone.
import { DAY } from './limits'

/** The earlier of two times; a missing one never wins. */
export const lo = (a: number | undefined, b: number | undefined): number | undefined => (a == null || b! < a ? b : a)

/** The latest of some times, or null when none is set. */
export const latest = (ts: readonly (number | null | undefined)[]): number | null =>
  ts.reduce<number | null>((m, t) => (t == null || m! >= t ? m : t), null)

/** Whole days in a span, rounded down. */
export const days = (ms: number): number => Math.floor(ms / DAY)

// Building an Intl.DateTimeFormat costs far more than using one: one per zone, shared by every
// evaluation (a memo of immutable objects, not state that changes what anything returns).
// A zone Intl does not know counts as UTC (null), rather than throwing out of evaluate.
const formats = new Map<string, Intl.DateTimeFormat | null>()
const format = (timeZone: string): Intl.DateTimeFormat | null => {
  let f = formats.get(timeZone)
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
    } catch {
      f = null
    }
    formats.set(timeZone, f)
  }
  return f
}

/** The wall-clock time at `t` in `timeZone`, read as if it were UTC (whole seconds). */
const wall = (t: number, timeZone: string): number => {
  if (timeZone == 'local') {
    // Date's own zone: the first Intl formatter of a page costs 15–50 ms (its data loads).
    const d = new Date(t)
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds())
  }
  const f = timeZone == 'UTC' ? null : format(timeZone)
  if (!f) return Math.floor(t / 1000) * 1000
  const p: Record<string, number> = {}
  for (const { type, value } of f.formatToParts(t)) p[type] = Number(value)
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!)
}

/**
 * The calendar day of `t` in `timeZone`, numbered from 1970-01-01: the difference of two is a count
 * of calendar days ("due tomorrow" is 1 whatever the hours).
 */
export const dayNumber = (t: number, timeZone = 'UTC'): number => Math.floor(wall(t, timeZone) / DAY)

/** Calendar days from `from` to `to` in `timeZone` (negative when `to` is earlier). */
export const calendarDays = (from: number, to: number, timeZone = 'UTC'): number => dayNumber(to, timeZone) - dayNumber(from, timeZone)

/**
 * The last moment before `t`, the end of a span (a due, a finish): its calendar day is the day the
 * span ends, so a due at midnight belongs to the day before (the one its amber's last day is,
 * `windowFrom`). Every count or date of a due or a finish shown to a person goes through it.
 */
export const lastMoment = (t: number): number => t - 1

/**
 * Calendar days from `now` to a due, negative once it has passed ("Due today" on its `lastMoment`'s
 * day, "1 day overdue" the next); never negative until then (at a due at midnight itself, which is
 * not yet past, the calendar says the day after its last one).
 */
export const daysToDue = (due: number, now: number, timeZone = 'UTC'): number => {
  const days = calendarDays(now, lastMoment(due), timeZone)
  return now > due ? days : Math.max(0, days)
}

/** The first millisecond of the calendar day of `t` in `timeZone`. */
export const startOfDay = (t: number, timeZone = 'UTC'): number => {
  const n = dayNumber(t, timeZone)
  // Wall-clock midnight minus the zone's offset at `t`; a DST change earlier that day moves it by
  // its size, so step by the hour until the day before ends just before it.
  let s = t - (wall(t, timeZone) - n * DAY) - (t % 1000 + 1000) % 1000
  for (let i = 0; i < 4 && dayNumber(s, timeZone) < n; i++) s += 3_600_000
  for (let i = 0; i < 4 && dayNumber(s - 1, timeZone) == n; i++) s -= 3_600_000
  return s
}
