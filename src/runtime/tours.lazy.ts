// The script tag's createTours (rollup.config.mjs's `lazyChunks` puts it in place of tours.ts in
// dist/milepost.min.js only): the runtime side of tours is a file of its own,
// dist/milepost-tours.min.js, loaded from beside the script once the journey has a tour for this
// user and something asks for it (startTour, a tour button, a sighting or event that may start or
// move one, a tour running when the page loads). A journey without tours never downloads it.
// Calls made while it loads wait for it, in order; a file that cannot load is reported, and the
// next call tries again.
import { lazy } from '../adapters/chunk'
import type { createTours as create } from './tours'

type Tours = ReturnType<typeof create>
const load = lazy<{ createTours: typeof create }>('milepost-tours.min.js')

/** Same as tours.ts's; `onError` hears a file that could not load. */
export const createTours = (
  state: Parameters<typeof create>[0], progress: Parameters<typeof create>[1], dispatch: Parameters<typeof create>[2],
  onUnknown: Parameters<typeof create>[3], onError: (error: unknown) => void = () => {},
): Tours => {
  let real: Tours | undefined
  let loading: Promise<Tours | undefined> | undefined
  const get = () => (loading ??= load().then((m) => (real = m.createTours(state, progress, dispatch, onUnknown)), (error: unknown) => {
    loading = undefined
    onError(error)
    return undefined
  }))
  /** Whether this user has any tour: else nothing is loaded for a sighting or an event. */
  const any = () => !!state()?.tours.length
  return {
    watch() {
      if (real) real.watch()
      else if (state()?.tour) void get().then((t) => t?.watch())
    },
    begin() {
      if (real) real.begin()
      else if (state()?.tours.some((t) => t.starts)) void get().then((t) => t?.begin())
    },
    stop: () => real?.stop(),
    start: (id) => get().then((t) => t?.start(id)),
    request: (r) => get().then((t) => t?.request(r)),
    fact: (f) => (real ? real.fact(f) : any() ? get().then((t) => t?.fact(f)) : undefined),
  }
}
