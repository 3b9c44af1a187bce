// The one write path into a Progress document. applyEvent, foldEvents, mergeProgress and
// sanitizeProgress all go through it, so they produce exactly the same normal form.
import { cmp, insertHit } from './hits'
import { LIMITS } from './limits'
import { bad, isObj, num, own } from './record'
import type { Progress } from './types'

export type Section = 'steps' | 'tracks' | 'urls' | 'clicks' | 'visible' | 'sessions' | 'nudges' | 'escalations'
type Times = Record<string, number>

/** URLs, clicks and visible selectors: capped lazily, which is safe because their entries only get earlier. */
export const PLACES = ['urls', 'clicks', 'visible'] as const

/** Keeps the earliest `LIMITS.places` entries by (time, key), or with `latest` the latest `LIMITS.sessions`. */
export const cap = (r: Times, latest?: boolean): Times => {
  const e = Object.keys(r)
  const n = latest ? LIMITS.sessions : LIMITS.places
  if (e.length <= n) return r
  e.sort((x, y) => r[x]! - r[y]! || cmp(x, y))
  return Object.fromEntries((latest ? e.slice(-n) : e.slice(0, n)).map((k) => [k, r[k]!]))
}

/** Sets `r[k]` to the earlier of its time and `t`. */
const low = (r: Times, k: string, t: number) => (r[k] = Math.min(own(r, k) ?? t, t))

/**
 * Records time `at` for key `k` of section `sec`, in place, into a private document; false when
 * something is ill-typed. `f` is the field (steps: done/skipped; nudges: shown/clicked/dismissed/
 * snoozed), `x` the hit id, the show id or the snooze `until`. Times keep their minimum; a snooze is
 * a last-writer-wins register [until, at] (later at wins, then later until); sessions keep the
 * latest `LIMITS.sessions` at once; places are capped by the caller.
 */
export const write = (d: Progress, at: unknown, sec: Section, k: unknown, f?: unknown, x?: unknown, props?: unknown): boolean => {
  const t = num(at)
  if (typeof k != 'string' || bad(k) || t === undefined) return false
  if (sec == 'tracks') {
    if (typeof x != 'string') return false
    insertHit(own(d.tracks, k) ?? (d.tracks[k] = []), x, t, props)
  } else if (sec == 'steps') low((own(d.steps, k) ?? (d.steps[k] = {})) as Times, f as string, t)
  else if (sec == 'nudges') {
    const u = num(x)
    if (f == 'shown' ? typeof x != 'string' || bad(x) : f == 'snoozed' ? u === undefined : f != 'clicked' && f != 'dismissed') return false
    const n = own(d.nudges, k) ?? (d.nudges[k] = { shown: {} })
    const s = n.snoozed
    if (f == 'snoozed') n.snoozed = !s || t > s[1] || (t == s[1] && u! > s[0]) ? [u!, t] : s
    else f == 'shown' ? low(n.shown, x as string, t) : low(n as unknown as Times, f as string, t)
  } else {
    low(d[sec] as Times, k, t)
    if (sec == 'sessions') d.sessions = cap(d.sessions, true)
  }
  return true
}

/** Widens firstSeen / lastSeen to include the given times. */
export const see = (d: Progress, first: unknown, last: unknown): void => {
  const f = num(first)
  const l = num(last)
  if (f !== undefined && !(d.firstSeen! <= f)) d.firstSeen = f
  if (l !== undefined && !(d.lastSeen! >= l)) d.lastSeen = l
}

/** Writes every well-typed entry of an untrusted document `x` into private `d`, then caps places. */
export const absorb = (d: Progress, x: Record<string, any>): Progress => {
  const each = (r: unknown, g: (k: string, v: any) => unknown) => {
    if (isObj(r)) for (const k of Object.keys(r)) g(k, r[k])
  }
  each(x.steps, (k, s) => ['done', 'skipped'].map((f) => write(d, s?.[f], 'steps', k, f)))
  each(x.tracks, (k, l) => Array.isArray(l) && l.map((h) => write(d, h?.at, 'tracks', k, 0, h?.id, h?.props)))
  for (const s of [...PLACES, 'sessions', 'escalations'] as const) each(x[s], (k, t) => write(d, t, s, k))
  each(x.nudges, (k, n) => {
    each(n?.shown, (id, t) => write(d, t, 'nudges', k, 'shown', id))
    ;['clicked', 'dismissed'].map((f) => write(d, n?.[f], 'nudges', k, f))
    if (Array.isArray(n?.snoozed)) write(d, n.snoozed[1], 'nudges', k, 'snoozed', n.snoozed[0])
  })
  see(d, x.firstSeen, x.lastSeen)
  for (const s of PLACES) d[s] = cap(d[s])
  return d
}
