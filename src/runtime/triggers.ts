// The page's triggers: URLs, clicks and elements seen. The script tag's first file does not carry
// this module (rollup.config.mjs's `lazyChunks`): triggers.lazy.ts loads it as its own file,
// dist/milepost-triggers.min.js, once a state needs it (core's `watchesPage`).
// From the modules themselves, not the core's index (which re-exports the validator).
import { matchUrl } from '../core/glob'
import { collectTriggers } from '../core/triggers'
import type { Journey, Progress } from '../core/types'
import { watchClicks } from '../adapters/clicks'
import { validSelectors } from '../adapters/selectors'
import { pageUrl, watchUrl } from '../adapters/url'
import { watchVisible } from '../adapters/visible'

export type Sighting = { type: 'url'; url: string } | { type: 'click'; selector: string } | { type: 'visible'; selector: string }

/** The user's progress as the session's store holds it (a nanostores atom): read, and listened to. */
export interface ProgressSource {
  get(): Progress | null
  listen(listener: (progress: Progress | null) => void): () => void
}

/**
 * Starts only the watchers the journey needs, and records each place once: a URL matching a
 * step's glob, a click in a selector, a selector becoming visible (not yet seen by this user; one
 * seen before is watched for again once a `reset()`, here or in another tab, forgets it).
 * Returns the stop functions.
 */
export const startTriggers = (
  journey: Journey,
  source: ProgressSource,
  record: (sighting: Sighting) => void,
  onInvalid: (selector: string, error: unknown) => void,
  /** Every sighting, seen before or not (tours move on repeated clicks and visits). */
  onFact: (sighting: Sighting) => void,
  /** The script tag's triggers file could not load (triggers.lazy.ts); this module never calls it. */
  _onFail?: (error: unknown) => void,
  /** Whether this user landed on the page (session.ts): the address it was opened at counts for them. */
  landing?: boolean,
): Array<() => void> => {
  const { urls, clicks, visible } = collectTriggers(journey)
  const stops: Array<() => void> = []
  const progress = (): Pick<Progress, 'urls' | 'clicks' | 'visible'> => source.get() ?? { urls: {}, clicks: {}, visible: {} }
  if (urls.length) {
    // Kept as short as the journey's globs allow: the path alone, else with its fragment, else with
    // its query, else whole, the first that the same globs match. A query or a fragment no glob
    // needs (a reset token, an email in a link) is not stored on the device nor sent (bb-r33 privacy run).
    const seen = (full: string) => {
      const which = (u: string) => urls.map((glob) => matchUrl(glob, u)).join()
      const want = which(full)
      if (!want.includes('t')) return // no glob matches: the usual navigation, nothing kept
      const [path, hash = ''] = full.split('#')
      const bare = path!.split('?')[0]!
      const url = [bare, hash && bare + '#' + hash, path!, full].find((u) => u && which(u) == want)!
      if (!Object.hasOwn(progress().urls, url)) record({ type: 'url', url })
    }
    // The address the page was opened at, which its app may have rewritten before this file came (a
    // return from checkout whose `?checkout=success` is stripped as the app starts): for the user
    // who landed there, not a later user of the same page (a switch).
    const at = landing && performance.getEntriesByType?.('navigation')[0]?.name
    if (at) seen(pageUrl(new URL(at)))
    stops.push(watchUrl((url) => {
      onFact({ type: 'url', url })
      seen(url)
    }))
  }
  const clickable = validSelectors(clicks, onInvalid)
  if (clickable.length) {
    stops.push(watchClicks(clickable, (selector) => {
      onFact({ type: 'click', selector })
      if (!Object.hasOwn(progress().clicks, selector)) record({ type: 'click', selector })
    }))
  }
  const visibles = validSelectors(visible, onInvalid)
  if (visibles.length) {
    // A watcher of the selectors not seen yet, which stops once it has seen them all; made again
    // when a reset (a new epoch) forgets what was seen: the Astro run's `visible` step never
    // completed again until a reload.
    let stopVisible = () => {}
    const watchUnseen = () => {
      stopVisible()
      const unseen = visibles.filter((s) => !Object.hasOwn(progress().visible, s))
      stopVisible = unseen.length ? watchVisible(unseen, (selector) => (record({ type: 'visible', selector }), onFact({ type: 'visible', selector }))) : () => {}
    }
    watchUnseen()
    let epoch = source.get()?.epoch
    stops.push(source.listen((p) => p && p.epoch !== epoch && ((epoch = p.epoch), watchUnseen())), () => stopVisible())
  }
  return stops
}

/**
 * Reports each of `selectors` (those the browser can parse) once an element matching it is visible
 * (a running tour's step waiting for an element). Returns the stop.
 */
export const watchSeen = (selectors: readonly string[], onVisible: (selector: string) => void): (() => void) => {
  const valid = validSelectors(selectors, () => {})
  return valid.length ? watchVisible(valid, onVisible) : () => {}
}
