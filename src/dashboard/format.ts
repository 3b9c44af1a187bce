// Numbers and times as the dashboard shows them: one decimal for days, whole percents, UTC dates.

export const count = (n: number | null | undefined): string => (n == null ? '—' : n.toLocaleString('en-US'))

export const percent = (share: number | null | undefined): string => (share == null ? '—' : `${Math.round(share * 100)}%`)

/** Days with one decimal: "2.5 d". */
export const days = (d: number | null | undefined): string => (d == null ? '—' : `${(Math.round(d * 10) / 10).toFixed(1)} d`)

/** "2026-11-03 09:00 UTC": the same for every admin, wherever they are. */
export const dateTime = (ms: number | null | undefined): string =>
  ms == null ? '—' : `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`

/** "today", "1 day ago", "12 days ago", from the figures' `now`. */
export const ago = (ms: number | null | undefined, now: number): string => {
  if (ms == null) return '—'
  const d = Math.floor((now - ms) / 86_400_000)
  return d <= 0 ? 'today' : d === 1 ? '1 day ago' : `${d} days ago`
}

/** A trait value as text ("—" when missing). */
export const trait = (v: unknown): string => (v == null ? '—' : typeof v === 'number' ? count(v) : String(v))

/** Long titles shortened for a chart label (the table beside it has them whole). */
export const clip = (s: string, max = 34): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s)
