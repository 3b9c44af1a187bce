// The script tag's page triggers (rollup.config.mjs's `lazyChunks` puts it in place of triggers.ts
// in dist/milepost.min.js only): the watchers of URLs, clicks and elements seen are a file of their
// own, dist/milepost-triggers.min.js, loaded from beside the script once a state needs them (a step
// open on the page, a tour running or startable, a `seen` nudge: core's `watchesPage`) or a tour
// step waits for an element, and early when the previous page ran them. A returning user whose
// journey is done, or whose steps wait for events only, does not download it. npm builds import
// triggers.ts as it is.
import { lazy } from '../adapters/chunk'
import { pageHint, uiHint, usageHint } from '../adapters/hint'
import { SHADOW } from '../adapters/selectors'
import type { Ahead, Sighting, startTriggers as start, watchSeen as seen } from './triggers'

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
 * A quiet state's look-out (no engine: a hidden journey's user): the file loads only once one of
 * the open steps' leaves may hold, always an over-estimate of what the file would record:
 * - a URL: the page's address, or the one it was opened at, holds a glob's text before its first
 *   `*` (cut at the first character a browser may percent-encode); every later address through
 *   the Navigation API (a browser without it loads the file at once);
 * - a click in an element a click selector matches, anywhere on the click's composed path: the
 *   file then reports that click itself (`click`);
 * - an element a visible selector matches, in the DOM (visible or not), now or after a change.
 * A selector path's first part (its host) stands for it; one the browser cannot parse loads the
 * file, which reports it. Once the engine is in (`wake`), the file loads: the state may then watch
 * more (a tour). Returns the stop.
 */
const lookOut = (ahead: Ahead, go: () => void): (() => void) => {
  const [leaves, wake] = ahead
  const at = performance.getEntriesByType?.('navigation')[0]?.name
  const nav = (window as { navigation?: EventTarget }).navigation
  const off = new AbortController()
  const signal = { capture: true, signal: off.signal }
  /** Whether a leaf may hold: on the page now, or in a click's composed path (`path`). */
  const may = (l: Record<string, unknown>, path?: EventTarget[]): unknown => {
    try {
      const s = String(l.click ?? l.visible).split(SHADOW)[0]!
      return l.url ? !path && (location.href + at).includes(/^[\w/.~-]*/.exec(l.url as string)![0])
        : l.click ? path?.some((t) => (t as Element).matches?.(s))
        : !path && document.querySelector(s)
    } catch {
      return true
    }
  }
  const check = (click?: Event) => {
    const path = click?.composedPath()
    if (leaves.some((l) => may(l, path))) stop(), (ahead[2] = click && { target: click.target, composedPath: () => path! }), (ahead[3] = location.href), go()
  }
  const unwake = wake.listen((e) => e && (stop(), go()))
  const poll = setInterval(check, 1000)
  const stop = () => (unwake(), off.abort(), clearInterval(poll))
  addEventListener('click', check, signal)
  nav?.addEventListener('currententrychange', () => check(), signal)
  check()
  return stop
}

/**
 * Same as triggers.ts's, once the file has loaded: right after the state that needs it, or, for a
 * quiet state (`ahead`), once its look-out sees that something may hold. A URL trigger reads the
 * page's URL as it starts, a visible one the elements already in view; a click in between is not
 * seen. A file that cannot load is given to `onFail` (`args[5]`).
 */
export const startTriggers = (...args: Parameters<typeof start>): Array<() => void> => {
  const begin = () => later((m) => m.startTriggers(...args), args[5])
  const ahead = args[7]
  if (!ahead) return [begin()]
  let stop = lookOut(ahead, () => (stop = begin()))
  return [() => stop()]
}

/** Same as triggers.ts's, once the file has loaded. */
export const watchSeen = (selectors: readonly string[], onVisible: (selector: string) => void): (() => void) =>
  later((m) => [m.watchSeen(selectors, onVisible)])
