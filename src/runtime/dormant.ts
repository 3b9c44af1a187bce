import type { Milepost, MilepostOptions, MilepostState } from './api'
import { notReadyState } from './not-ready'

/** True where Milepost can run: a page with a document (not Node, server rendering or a worker). */
export const inBrowser = (): boolean => typeof window != 'undefined' && typeof document != 'undefined'

// Once per process, not per instance: a server renders a page per request, and one line per
// request would bury the host's own logs.
let told = false

/**
 * The instance `createMilepost` returns outside a browser: every promise settles at once, `getState()`
 * is the not-ready snapshot with `reason: 'no-browser'`, and every other method does nothing.
 */
export const createDormant = (options?: MilepostOptions): Milepost => {
  if (!told) {
    told = true
    console.info('[milepost] not in a browser (no document): this instance stays idle, ready: false')
  }
  let opts: MilepostOptions = options ?? {}
  const state = (): MilepostState => notReadyState(opts, Date.now(), 'no-browser')
  const done = Promise.resolve()
  const resolved = () => done
  const noop = () => {}
  return {
    init: (o?: MilepostOptions) => {
      if (o && !options) opts = o
      return done
    },
    identify: resolved,
    track: resolved,
    complete: resolved,
    skip: resolved,
    getState: state,
    subscribe: (fn) => {
      try {
        fn(state())
      } catch {
        // a subscriber's error is the host's, and there is no second call to spoil
      }
      return noop
    },
    on: () => noop,
    emit: noop,
    record: resolved,
    getProgress: () => null,
    get options() {
      return opts
    },
    open: noop,
    close: noop,
    flush: resolved,
    reset: resolved,
    preview: resolved,
    destroy: noop,
  }
}
