// Numbers and times as the dashboard shows them: one decimal for days, whole percents, UTC dates.

export const count = (n: number | null | undefined): string => (n == null ? '—' : n.toLocaleString('en-US'))

/** "1 user", "2 users", "1,200 users". */
export const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`

export const percent = (share: number | null | undefined): string => (share == null ? '—' : `${Math.round(share * 100)}%`)

/** Days with one decimal: "2.5 d". */
export const days = (d: number | null | undefined): string => (d == null ? '—' : `${(Math.round(d * 10) / 10).toFixed(1)} d`)

/** "2026-11-03 09:00 UTC": the same for every admin, wherever they are. */
export const dateTime = (ms: number | null | undefined): string =>
  ms == null ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`

/**
 * "today", "yesterday", "12 days ago": calendar days between `ms` and the figures' `now` on the
 * reader's clock (`timeZone`, the browser's own when not given). Activity at 23:00 read at 08:00 is
 * "yesterday"; whole 24-hour periods had made it "today". A daylight-saving day counts as one.
 */
export const ago = (ms: number | null | undefined, now: number, timeZone?: string): string => {
  if (ms == null) return '—'
  // "2026-11-03" in the zone (en-CA's date is ISO-shaped), read back as a UTC midnight.
  const date = new Intl.DateTimeFormat('en-CA', { timeZone })
  const d = (Date.parse(date.format(now)) - Date.parse(date.format(ms))) / 86_400_000
  return d <= 0 ? 'today' : d === 1 ? 'yesterday' : `${d} days ago`
}

/** A trait value as text ("—" when missing). */
export const trait = (v: unknown): string => (v == null ? '—' : typeof v === 'number' ? count(v) : String(v))

/** Long titles shortened for a chart label (the table beside it has them whole). */
export const clip = (s: string, max = 34): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s)
