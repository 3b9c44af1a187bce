/** First retry within 1 s, doubling, never more than 5 minutes apart. */
export const BASE_MS = 1000
export const CAP_MS = 300_000
const HOUR = 3_600_000

/**
 * Full-jitter backoff: a random wait in [0, min(cap, base · 2^attempt)], so a fleet of clients that
 * failed together does not retry together. `random` comes in as an argument (architecture habit 1).
 */
export const backoff = (attempt: number, random: () => number): number =>
  Math.round(random() * Math.min(CAP_MS, BASE_MS * 2 ** Math.min(attempt, 30)))

/**
 * `Retry-After` as delta-seconds or an HTTP date, in ms from `now`, clamped to [1 s, 1 h];
 * undefined when missing or unreadable.
 */
export const retryAfterMs = (header: string | null, now: number): number | undefined => {
  if (!header) return
  const text = header.trim()
  const ms = /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text) - now
  return isNaN(ms) ? undefined : Math.min(HOUR, Math.max(1000, ms))
}
