// A tour's place in a progress document: a last-writer-wins register plus its earliest completion.
import { bad, num, own } from './record'
import type { TourAction, TourRecord } from './types'

/** Tie-breaks between two writes of one seq and time (two tabs at once): the later action wins. */
export const TOUR_ACTIONS: readonly TourAction[] = ['started', 'step', 'dismissed', 'completed']

const whole = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0

const rank = (a: TourRecord['last']) => [a[0], a[1], TOUR_ACTIONS.indexOf(a[2]), a[3]]

/** Whether register `a` wins over `b`: higher seq, then later time, then later action, then higher step. */
const wins = (a: TourRecord['last'], b: TourRecord['last']): boolean => {
  const x = rank(a)
  const y = rank(b)
  for (let i = 0; i < 4; i++) if (x[i] != y[i]) return x[i]! > y[i]!
  return false
}

/**
 * Writes action `f` at time `t` for tour `k` into `tours`, in place; `x` is [seq, step]. `done`
 * (from a stored document) only lowers the earliest completion. False when ill-typed.
 */
export const writeTour = (tours: Record<string, TourRecord>, k: string, t: number, f: unknown, x: unknown): boolean => {
  if (f == 'done') {
    const r = own(tours, k)
    if (!r) return false
    r.done = Math.min(r.done ?? t, t)
    return true
  }
  const [seq, step] = Array.isArray(x) ? x : []
  if (!TOUR_ACTIONS.includes(f as TourAction) || !whole(seq) || !whole(step) || bad(k) || num(t) === undefined) return false
  const next: TourRecord['last'] = [seq, t, f as TourAction, step]
  const r = own(tours, k)
  if (!r) tours[k] = { last: next }
  else if (wins(next, r.last)) r.last = next
  if (f == 'completed') tours[k]!.done = Math.min(tours[k]!.done ?? t, t)
  return true
}
