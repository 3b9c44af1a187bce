// The script tag's page triggers (rollup.config.mjs's `lazyChunks` puts it in place of triggers.ts
// in dist/milepost.min.js only): the watchers of URLs, clicks and elements seen are a file of their
// own, dist/milepost-triggers.min.js, loaded from beside the script once a state needs them (a step
// open on the page, a tour running or startable, a `seen` nudge: core's `watchesPage`) or a tour
// step waits for an element, and early when the previous page ran them. A returning user whose
// journey is done, or whose steps wait for events only, does not download it. npm builds import
// triggers.ts as it is.
import { lazy } from '../adapters/chunk'
import { pageHint, uiHint, usageHint } from '../adapters/hint'
import type { Sighting, startTriggers as start, watchSeen as seen } from './triggers'

export type { Sighting }

const load = lazy<{ startTriggers: typeof start; watchSeen: typeof seen }>('milepost-triggers.min.js')
/** Whether the triggers ran on the previous page of this browser (`milepost:watches`), then on this one. */
const hint = usageHint(pageHint('milepost:watches'))
// The previous page ran them and ended with something to show (work left, on the page): fetch the
// file now, in parallel with the journey and the progress, so it is there by the first state. A
// task of its own, like the validator's: a page's first localStorage read costs several ms.
setTimeout(() => hint.read() && uiHint().read() && load().catch(() => {}))
/** This page runs the triggers: the next one fetches them early. */
const use = hint.use

/**
 * Calls `run` with the loaded file unless stopped first; returns what stops it either way. A file
 * that cannot load (or a start that throws) goes to `onFail`, never to the host as a rejection.
 */
const later = (run: (m: { startTriggers: typeof start; watchSeen: typeof seen }) => Array<() => void>, onFail?: (error: unknown) => void) => {
  let stops: Array<() => void> = []
  let stopped = false
  use()
  load().then((m) => void (stopped || (stops = run(m)))).catch((error: unknown) => onFail?.(error))
  return () => {
    stopped = true
    stops.forEach((stop) => stop())
  }
}

/**
 * Same as triggers.ts's, once the file has loaded: right after the state that needs it. A URL
 * trigger reads the page's URL as it starts, a visible one the elements already in view; a click in
 * between is not seen. A file that cannot load is given to `onFail` (`args[5]`).
 */
export const startTriggers = (...args: Parameters<typeof start>): Array<() => void> => [later((m) => m.startTriggers(...args), args[5])]

/** Same as triggers.ts's, once the file has loaded. */
export const watchSeen = (selectors: readonly string[], onVisible: (selector: string) => void): (() => void) =>
  later((m) => [m.watchSeen(selectors, onVisible)])
