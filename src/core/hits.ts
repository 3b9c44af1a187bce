// Tracked events kept for step conditions: a sorted, capped set with one hit per event id.
import { LIMITS } from './limits'
import { bad, isObj, isValue } from './record'
import type { Hit } from './types'

/** String order without locale. */
export const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
const json = (h: Hit) => JSON.stringify(h.props ?? 0)

/** Hits order by (at, id), then props, so every replica keeps the same hit for a repeated id. */
const hitCmp = (a: Hit, b: Hit): number => a.at - b.at || cmp(a.id, b.id) || cmp(json(a), json(b))

/**
 * A hit keeping only primitive props (strings, finite numbers, booleans, null); no props unless an
 * object. At most `LIMITS.props` of them, keys and text of at most `LIMITS.propLength` characters
 * (longer ones are left out, never cut): a hit fits a request, whatever the host tracked.
 */
const hitOf = (id: string, at: number, props: unknown): Hit => {
  const h: Hit = { id, at }
  if (isObj(props)) {
    const r: Record<string, unknown> = (h.props = {})
    for (const [k, v] of Object.entries(props).slice(0, LIMITS.props)) if (!bad(k) && isValue(v) && k.length <= LIMITS.propLength && !(v as string)?.[LIMITS.propLength]) r[k] = v
  }
  return h
}

/**
 * Inserts a hit in place, keeping the list sorted by `hitCmp` with one hit per id (its first) and
 * only the earliest `LIMITS.hitsPerEvent`. A hit later than a full list returns before anything is
 * built, which keeps folding long event streams cheap.
 */
export const insertHit = (hs: Hit[], id: string, at: number, props: unknown): void => {
  const n = LIMITS.hitsPerEvent
  const last = hs[n - 1]
  if (last && (at > last.at || (at == last.at && id > last.id))) return
  const h = hitOf(id, at, props)
  for (let j = hs.length; j--; ) {
    if (hs[j]!.id === id) {
      if (hitCmp(hs[j]!, h) <= 0) return
      hs.splice(j, 1)
      break
    }
  }
  let i = hs.length
  while (i && hitCmp(hs[i - 1]!, h) > 0) i--
  hs.splice(i, 0, h)
  if (hs.length > n) hs.pop()
}
