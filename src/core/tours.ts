// Tours on the engine: where each tour stands, read from progress. What a sighting moves is in
// tour-moves.ts (the script tag loads it with the runtime's tours, only for a journey with tours).
import { matchesAudience } from './audience'
import { own } from './record'
import type { Progress, Signal, Tour, TourState, Traits } from './types'

/**
 * The tours of `tours` in the user's audience, in file order, and the one running now (the one
 * whose register is newest when two tabs started two). A tour is active after `started` or `step`,
 * done once completed (a replay closed early stays done), dismissed when closed before its end.
 */
export const toursOf = (
  tours: readonly Tour[], p: Progress, traits: Traits, holds: (signal: Signal) => boolean = () => false,
): [TourState[], TourState | null] => {
  let active: TourState | null = null
  let newest = -1
  const out = tours.filter((t) => matchesAudience(t.audience, traits)).map((tour): TourState => {
    const r = own(p.tours ?? {}, tour.id)
    const [seq = 0, at = 0, action, step = 0] = r?.last ?? []
    const on = action == 'started' || action == 'step'
    const s: TourState = {
      id: tour.id, tour, steps: tour.steps.length, doneAt: r?.done ?? null, seq: r ? seq + 1 : 0,
      status: on ? 'active' : r?.done != null ? 'done' : r ? 'dismissed' : 'idle',
      step: on ? Math.min(step, tour.steps.length - 1) : 0,
      starts: false,
    }
    s.starts = s.status == 'idle' && !!tour.startOn && holds(tour.startOn)
    if (on && at * 1e6 + seq > newest) (newest = at * 1e6 + seq), (active = s)
    return s
  })
  return [out, active]
}
