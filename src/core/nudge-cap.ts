// The journey's cap on nudges shown to one user, whichever nudge: per session and per day.
import { DAY } from './limits'
import type { Journey, Progress } from './types'

/**
 * Whether the cap is reached at `now`: `perSession` shows since the latest session began, or
 * `perDay` shows in the last 24 hours, of all nudges together (a card or tooltip counts once shown).
 * A show exactly 24 hours old is past.
 */
export const nudgeCapped = (cap: Journey['nudgeCap'], p: Progress, now: number): boolean => {
  if (!cap) return false
  const shows = Object.values(p.nudges).flatMap((n) => Object.values(n.shown))
  const session = Math.max(-Infinity, ...Object.values(p.sessions))
  const count = (from: number) => shows.filter((t) => t >= from && t <= now).length
  return (cap.perSession !== undefined && count(session) >= cap.perSession) || (cap.perDay !== undefined && count(now - DAY + 1) >= cap.perDay)
}
