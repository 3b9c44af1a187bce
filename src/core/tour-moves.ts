// Tours on the engine: what a sighting or a tracked event moves (the running tour's step, or a
// tour that starts), and the event of each move. Where tours stand is tours.ts's `toursOf`.
import { conditionReader } from './completion'
import { matchUrl } from './glob'
import { own } from './record'
import type { Completion, Progress, TourAction, TourState } from './types'

/**
 * Something the user just did, as the runtime sees it: a tracked event, a URL, a click or an
 * element seen (a click or visible names the selector it matched).
 */
export type TourFact =
  | { type: 'track'; name: string; props?: Readonly<Record<string, unknown>> }
  | { type: 'url'; url: string }
  | { type: 'click'; selector: string }
  | { type: 'visible'; selector: string }

/** A tour event before the runtime stamps its id, time and epoch. */
export interface TourDraft {
  type: 'tour'
  tourId: string
  action: TourAction
  step?: number
  seq: number
}

/**
 * Whether fact `f` makes `c` hold now. An event counts its hits at or after `since` (the fact is
 * already in `p`); `any` needs one child to hold by the fact; `all` one child by the fact and the
 * others held at any time. `manual` and `tour` are never held by a fact.
 */
export const heldBy = (c: Completion, f: TourFact, p: Progress, since: number): boolean => {
  const k = c as { event?: string; count?: number; where?: Readonly<Record<string, unknown>>; url?: string; click?: string; visible?: string; all?: readonly Completion[]; any?: readonly Completion[] }
  if (k.any) return k.any.some((x) => heldBy(x, f, p, since))
  if (k.all) {
    const read = conditionReader(p)
    return k.all.some((x) => heldBy(x, f, p, since)) && k.all.every((x) => heldBy(x, f, p, since) || read(x) !== undefined)
  }
  if (k.event != null) {
    if (f.type != 'track' || f.name != k.event) return false
    const where = Object.entries(k.where ?? {})
    const hits = (own(p.tracks, k.event) ?? []).filter((h) => h.at >= since && where.every(([n, v]) => h.props?.[n] === v))
    return hits.length >= (k.count ?? 1)
  }
  if (k.url != null) return f.type == 'url' && matchUrl(k.url, f.url)
  if (k.click != null) return f.type == 'click' && f.selector == k.click
  return k.visible != null && f.type == 'visible' && f.selector == k.visible
}

/**
 * The event that moves tour `t`: `started` (at step 0, also a replay), `dismissed` (closed where it
 * is), or to `step`, which is `completed` past the last step.
 */
export const tourMove = (t: TourState, to: number | 'started' | 'dismissed'): TourDraft => {
  const d = (action: TourAction, step: number): TourDraft => ({ type: 'tour', tourId: t.id, action, step, seq: t.seq })
  return to == 'started' ? d(to, 0) : to == 'dismissed' ? d(to, t.step) : to >= t.steps ? d('completed', t.steps - 1) : d('step', Math.max(0, to))
}

/**
 * What fact `f` moves: the running tour's step when its `advanceOn` holds by it (the fact came
 * after the step began at `since`), else a tour never started whose `startWhen` it meets. At most
 * one event: one tour runs at a time.
 * @example tourMoves(state.tours, state.tour, progress, { type: 'click', selector: '#save' })
 */
export const tourMoves = (tours: readonly TourState[], active: TourState | null, p: Progress, f: TourFact): TourDraft | null => {
  if (active) {
    const on = active.tour.steps[active.step]?.advanceOn
    const since = own(p.tours ?? {}, active.id)?.last[1] ?? 0
    return on && heldBy(on, f, p, since) ? tourMove(active, active.step + 1) : null
  }
  const t = tours.find((x) => x.status == 'idle' && x.tour.startWhen && heldBy(x.tour.startWhen, f, p, 0))
  return t ? tourMove(t, 'started') : null
}
