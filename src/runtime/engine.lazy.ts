// The script tag's engine (rollup.config.mjs's `lazyChunks` puts it in place of engine.ts in
// dist/milepost.min.js only): evaluate and what only it needs are a file of their own,
// dist/milepost-engine.min.js. A page whose state an earlier page found quiet (core/quiet.ts:
// the journey done or empty for this user, nothing that can still hold or start) starts from that
// state, remembered in `milepost:quiet` (adapters/quiet-memory.ts), and downloads the first file alone; it
// loads the engine the moment something counts (a step, a reset, new traits, another device's
// change). Every other page fetches the engine as the tag starts, with the journey and the progress.
import { lazy } from '../adapters/chunk'
import { localDay, quietAt } from '../core/quiet'
import type { JourneyState } from '../core/types'
import type { Engine, QuietInputs } from './engine'
import { readQuiet } from '../adapters/quiet-memory'
import type { QuietEntry } from '../adapters/quiet-memory'
import { quietKey } from './quiet-key'

const load = lazy<{ engine: Engine }>('milepost-engine.min.js')
let loaded: Engine | undefined
/** What earlier pages left: read once, on first need. */
let kept: Array<QuietEntry | null> | undefined
const read = () => (kept ??= readQuiet())

/** The last quiet state this page showed, and its inputs. */
let shown: [QuietInputs, JourneyState] | undefined

export const engineNow = (): Engine | undefined => loaded

export const loadEngine = (): Promise<Engine> => load().then((m) => (loaded = m.engine))

/** The state remembered for these very inputs, read at `now` (the runtime counts days in the page's zone). */
export const quietState = (inputs: QuietInputs, now: number): JourneyState | undefined => {
  // The engine already here (fetched as the page started: another user's page was the last to
  // evaluate): it evaluates, and remembers this state at the head, so this user's next page starts
  // without it again. One that arrives after this state remembers it then (below).
  if (loaded) return
  // The key only once something is remembered (a user on their way's page has nothing to look up).
  let key: string | undefined
  const q = read().find((e) => e?.[0] === (key ??= quietKey(inputs)))
  // A state quiet until a moment (a hidden journey's) no longer holds from it on, nor before it was
  // found quiet (a clock set back). One that cannot be read (edited by hand) is not quiet either.
  let state: JourneyState | undefined
  try {
    state = q && !(now >= q[2]!) && !(now < q[1].now) ? quietAt(q[1], now, localDay) : undefined
  } catch {
    // the page evaluates: its engine remembers the state afresh
  }
  if (state) shown = [inputs, state]
  return state
}

// The last page that evaluated was not quiet (or its state's moment has passed), or nothing is
// remembered: this page will evaluate too, most likely, so the engine is fetched now, in parallel
// with the journey and the progress. A task of its own: a page's first localStorage read costs milliseconds.
setTimeout(() => {
  const head = read()[0]
  if (!head || Date.now() >= head[2]!) loadEngine().then((e) => shown && e.remember!(...shown)).catch(() => {})
})
