// The script tag's tours stand-in, in the engine's file (engine-file.ts; tours.lazy.ts, in the first
// file, hands over to it): what moves tours (startTour, the UI's Next/Back, the facts that
// advance a step or start a tour) is a file of its own, dist/milepost-tours.min.js, loaded from
// beside the engine's file once something may move a tour: after a state where a tour runs or one
// waits for its `startWhen`, or on startTour() and the UI's tour buttons. Where tours stand is the
// engine's (core/tours.ts), so a running tour shows without it. A page where no tour runs or waits
// (a journey without tours; a done user who starts none) never loads it, and startTour() of a tour
// the journey lacks says so, as tours.ts does. npm builds import tours.ts.
import type { TourFact } from '../core/tour-moves'
import type { TourRequest } from './tour-events'
import type { createTours as create, TourParts, Tours } from './tours'

export type { TourParts, Tours }

/** What loads the tours' file: the first file's (tours.lazy.ts), so this file carries no loader of its own. */
export type LoadTours = () => Promise<{ createTours: typeof create }>

/** Same as tours.ts's, its calls made once the tours' file has loaded (at once after that). */
export const createTours = (parts: TourParts, load: LoadTours): Tours => {
  const { state, onUnknown, onFail } = parts
  let real: Tours | undefined
  let told = false
  /** Calls `fn` with the loaded tours; a file that cannot load is reported once, and tried again by the next call. */
  const use = <R>(fn: (t: Tours) => R): R | Promise<R | undefined> =>
    real ? fn(real) : load().then((m) => fn((real ??= m.createTours(parts))), (error: unknown) => void (told || ((told = true), onFail?.(error))))
  /** What watch() and begin() asked for before the file arrived, in order: run once it has, unless stop() came between. */
  const asked = new Set<'watch' | 'begin'>()
  const ask = (what: 'watch' | 'begin') => {
    asked.add(what)
    void use((t) => {
      for (const a of asked) t[a]()
      asked.clear()
    })
  }
  /** Whether this user's journey has tour `id` (the engine lists those in their audience), or any tour. */
  const has = (id?: string) => !!state()?.tours.some((t) => id === undefined || t.id === id)
  /** Whether a fact may move a tour: one runs, or one not yet started waits for its `startWhen`. */
  const moves = () => {
    const s = state()
    return !!s?.tour || !!s?.tours.some((t) => t.status == 'idle' && (t.starts || t.tour.startWhen))
  }
  return {
    watch() {
      if (real) return real.watch()
      if (moves()) ask('watch') // also brings the file before the next fact needs it
    },
    begin() {
      if (real) return real.begin()
      const s = state()
      if (!s?.tour && s?.tours.some((t) => t.starts)) ask('begin')
    },
    stop() {
      asked.clear()
      real?.stop()
    },
    start: (id: string) => (real || has(String(id)) ? use((t) => t.start(id)) : onUnknown(String(id))),
    request: (r: TourRequest) => (real || has() ? use((t) => t.request(r)) : r.action == 'started' ? onUnknown(r.tourId) : undefined),
    fact: (f: TourFact) => (real || moves() ? use((t) => t.fact(f)) : undefined),
  }
}
