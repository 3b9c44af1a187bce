// When a step's `completeWhen` first held, read from progress.
import { matchUrl } from './glob'
import { num, own } from './record'
import { lo } from './time'
import { foldTree } from './tree'
import type { Completion, Progress } from './types'

type C = { tour?: string; event?: string; count?: number; where?: Readonly<Record<string, unknown>>; url?: string; click?: string; visible?: string }

/** Reads when conditions first held in `p`; each URL glob is matched against the visits once. */
export type ConditionReader = (c: Completion | undefined) => number | undefined

/**
 * A reader for one progress document. event: the count-th earliest hit whose props equal `where`;
 * url: the earliest visit matching the glob; click/visible: the earliest sighting; tour: its first completion; all: the latest
 * child (never if one never held); any: the earliest child that held; manual: never.
 */
export const conditionReader = (p: Progress): ConditionReader => {
  const urls = Object.keys(p.urls)
  const globs = new Map<string, number | undefined>()
  const leaf = (c: C): number | undefined => {
    const { event, where = {}, url } = c
    if (event != null) {
      let n = c.count ?? 1
      const keys = Object.keys(where)
      const hs = p.tracks[event]
      // Typed reads instead of own-key checks: an inherited name (toString) is never an array or a number.
      for (const h of Array.isArray(hs) ? hs : []) if (keys.every((k) => h.props?.[k] === where[k]) && --n < 1) return h.at
      return
    }
    if (url != null) {
      if (!globs.has(url)) {
        const head = url.split('*')[0]!
        let t: number | undefined
        // (An encoded address may match once decoded: it skips the quick test of the glob's head.)
        for (const u of urls) if ((u.startsWith(head) || u.includes('%')) && matchUrl(url, u)) t = lo(t, p.urls[u])
        globs.set(url, t)
      }
      return globs.get(url)
    }
    if (c.tour != null) return own(p.tours ?? {}, c.tour)?.done
    return num(c.click != null ? p.clicks[c.click] : c.visible != null ? p.visible[c.visible] : undefined)
  }
  const join = (all: boolean, ts: (number | undefined)[]) =>
    all ? (ts.length && !ts.includes(undefined) ? Math.max(...(ts as number[])) : undefined) : ts.reduce(lo, undefined)
  return (c) => c && foldTree(c as C, leaf, join)
}
