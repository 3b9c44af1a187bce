// The one write path into a Progress document. applyEvent, foldEvents, mergeProgress and
// sanitizeProgress all go through it, so they produce exactly the same normal form.
import { DELEGATED, DISMISSED } from './delegation'
import { cmp, insertHit } from './hits'
import { LIMITS } from './limits'
import { bad, isObj, num, own } from './record'
import { writeTour } from './tour-record'
import type { Progress } from './types'

export type Section = 'steps' | 'tracks' | 'urls' | 'clicks' | 'visible' | 'sessions' | 'nudges' | 'escalations' | 'tours'
type Times = Record<string, number>

/** URLs, clicks and visible selectors: capped lazily, which is safe because their entries only get earlier. */
export const PLACES = ['urls', 'clicks', 'visible'] as const

/**
 * Keeps the `n` earliest entries by (time, key), or with `latest` the latest; `time` reads an
 * entry's time (default: the entry is one). Keys in `free` are kept besides, outside the count.
 */
const keep = <T>(r: Record<string, T>, n: number, time: (v: T) => number = Number, latest?: boolean, free: readonly string[] = []): Record<string, T> => {
  const e = Object.keys(r).filter((k) => !free.includes(k))
  if (e.length <= n) return r
  const t: Record<string, number> = {}
  for (const k of e) t[k] = time(r[k]!)
  e.sort((x, y) => t[x]! - t[y]! || cmp(x, y))
  return Object.fromEntries([...(latest ? e.slice(-n) : e.slice(0, n)), ...free.filter((k) => Object.hasOwn(r, k))].map((k) => [k, r[k]!]))
}

/** Keeps the earliest `LIMITS.places` entries by (time, key), or with `latest` the latest `LIMITS.sessions`. */
export const cap = (r: Times, latest?: boolean): Times => keep(r, latest ? LIMITS.sessions : LIMITS.places, Number, latest)

const least = (...ts: unknown[]): number => Math.min(...ts.map((t) => (typeof t == 'number' ? t : Infinity)))
/** The time each keyed section orders its entries by: an entry's earliest time, which only gets earlier. */
const FIRST: Record<'steps' | 'tracks' | 'nudges' | 'escalations' | 'tours', (v: any) => number> = {
  steps: (s) => least(s.done, s.skipped),
  tracks: (hs) => least(hs[0]?.at),
  nudges: (n) => least(n.clicked, n.dismissed, n.snoozed?.[1], ...Object.values(n.shown)),
  escalations: (t) => t,
  // A tour's register moves forward in time: its tours are kept by id alone, so replicas agree.
  tours: () => 0,
}
const KEYS = { steps: LIMITS.steps, tracks: LIMITS.trackNames, nudges: LIMITS.nudges, escalations: LIMITS.escalations, tours: LIMITS.tours }
/** Sections whose number of keys is capped, like places: distinct step ids, event names, nudges, escalations. */
export const KEYED = Object.keys(KEYS) as Array<keyof typeof KEYS>

/**
 * Milepost's own event names (the checklist hidden, a step handed to a colleague): outside the cap
 * on names, so a host that tracked 500 names of its own first never drops what the user did in the
 * widget. A fixed set, so the bound holds and replicas agree.
 */
const OWN_NAMES = [DISMISSED, DELEGATED]

/**
 * Keeps the earliest entries of a keyed section, by (first time, key), up to its cap, so a
 * document has a bound whatever ids and names a host or a client sends (30,000 event names made
 * 1.7 MB). The same rule as places: an entry's time only gets earlier, so replicas agree.
 */
export const capKeys = <T>(sec: keyof typeof KEYS, r: Record<string, T>): Record<string, T> =>
  keep(r, KEYS[sec], FIRST[sec], false, sec == 'tracks' ? OWN_NAMES : [])

/** Caps every capped section of a private document, in place. */
export const capAll = (d: Progress): void => {
  for (const s of PLACES) d[s] = cap(d[s])
  for (const s of KEYED) if (d[s]) (d as any)[s] = capKeys(s, d[s] as Record<string, unknown>)
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
    else if (f == 'shown') {
      low(n.shown, x as string, t)
      n.shown = keep(n.shown, LIMITS.shows) // a count past any maxShows changes nothing
    } else low(n as unknown as Times, f as string, t)
  } else if (sec == 'tours') return writeTour(d.tours ??= {}, k, t, f, x)
  else {
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
  each(x.tours, (k, r) => {
    if (Array.isArray(r?.last)) write(d, r.last[1], 'tours', k, r.last[2], [r.last[0], r.last[3]])
    write(d, r?.done, 'tours', k, 'done')
  })
  see(d, x.firstSeen, x.lastSeen)
  capAll(d)
  return d
}
