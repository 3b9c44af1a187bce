// Day 0 of a journey for one user: the one rule the browser, the server and the CLI read.
import { own } from './record'
import type { Journey, Progress, Traits } from './types'

/**
 * A date trait as epoch ms, the same on every machine, or null: an ISO 8601 date (UTC midnight) or
 * date-time (`T` or a space; without a zone it is UTC, never the machine's own zone), a real
 * calendar day, or an epoch number within the range of a Date, also as a string of 9 digits or
 * more. An epoch below 10^11 is in seconds (a backend's `created_at.to_i`; as milliseconds it would
 * be before March 1973, every milestone overdue), else milliseconds. Anything else is not a date.
 * @example timeOf('2026-11-01T09:00:00Z') // 1793523600000
 * @example timeOf(1793523600) // 1793523600000
 */
export const timeOf = (v: unknown): number | null => {
  if (typeof v == 'string' && /^\d{9,}$/.test(v.trim())) v = +v
  if (typeof v == 'number') return Math.abs(v) < 1e11 ? v * 1e3 : Math.abs(v) <= 864e13 ? v : null
  const m = typeof v == 'string' && /^(\d{4}-\d\d-\d\d)(?:[T ](\d\d:\d\d(?::\d\d(?:\.\d+)?)?)(Z|[+-]\d\d:?\d\d)?)?$/i.exec(v.trim())
  if (!m) return null
  const day = m[1]!
  const t = Date.parse(`${day}T${m[2] ?? '00:00'}${m[3] ?? 'Z'}`)
  // Date.parse rolls 2026-02-30 over to 2 March: the day must come back as written.
  return isFinite(t) && new Date(Date.parse(day + 'T00:00Z')).toISOString().startsWith(day) ? t : null
}

/**
 * The journey's start trait as a time (`timeOf`), or null when it is missing or not a date.
 * @example startTrait(journey, { signedUpAt: '2026-11-01T09:00:00Z' }) // 1793523600000
 */
export const startTrait = (journey: Journey, traits: Traits): number | null =>
  journey.start ? timeOf(own(traits, journey.start.trait)) : null

/**
 * Day 0: the start trait when it reads as a date, else when the user was first seen, else `now`.
 * @example journeyStart(journey, progress, traits, Date.now())
 */
export const journeyStart = (journey: Journey, progress: Progress, traits: Traits, now: number): number =>
  startTrait(journey, traits) ?? progress.firstSeen ?? now
