// Day 0 of a journey for one user: the one rule the browser, the server and the CLI read.
import { own } from './record'
import type { Journey, Progress, Traits } from './types'

/**
 * The journey's start trait as a time, or null when it is missing or does not read as a date
 * (an ISO string or epoch milliseconds).
 * @example startTrait(journey, { signedUpAt: '2026-11-01T09:00:00Z' }) // 1793523600000
 */
export const startTrait = (journey: Journey, traits: Traits): number | null => {
  const v = journey.start && own(traits, journey.start.trait)
  // Date.parse reads anything but a string (a missing trait, true, null) as NaN.
  const t = typeof v == 'number' ? v : Date.parse(v as string)
  return isFinite(t) ? t : null
}

/**
 * Day 0: the start trait when it reads as a date, else when the user was first seen, else `now`.
 * @example journeyStart(journey, progress, traits, Date.now())
 */
export const journeyStart = (journey: Journey, progress: Progress, traits: Traits, now: number): number =>
  startTrait(journey, traits) ?? progress.firstSeen ?? now
