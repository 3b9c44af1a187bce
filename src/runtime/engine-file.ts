// The script tag's engine file, dist/milepost-engine.min.js (rollup.config.mjs's `lazyChunks`):
// the engine, what remembers a quiet state for the next page, which only the script tag does, and
// the tours' stand-in (tours-stand-in.ts).
import { quietUntil } from '../core/quiet'
import type { JourneyState } from '../core/types'
import { engine as base } from './engine'
import type { QuietInputs } from './engine'
import { keepQuiet, readQuiet } from '../adapters/quiet-memory'
import type { QuietEntry } from '../adapters/quiet-memory'
import { quietKey } from './quiet-key'
import { createTours } from './tours-stand-in'

/** How many quiet states the browser keeps: one per user and journey taking turns in it. */
const KEPT = 4
/** The list in storage, as this file last read or wrote it. */
let kept: Array<QuietEntry | null> | undefined
/** The key of a quiet state found too large to keep (keepQuiet): not worked out and written again on each change. */
let tooLarge: string | undefined
let pending: [QuietInputs, JourneyState] | undefined

/**
 * In a task of its own, after the changes of the moment: puts the last state at the head of the
 * list for the next page when it is quiet (the others stay, up to `KEPT`), or `null` when not
 * (that page then fetches the engine as it starts).
 */
const remember = (inputs: QuietInputs, state: JourneyState): void => {
  if (!pending) {
    setTimeout(() => {
      const [i, s] = pending!
      pending = undefined
      // Only a done or hidden journey's state can be quiet (quietUntil): no key for one on its way.
      const key = s.done || s.dismissed ? quietKey(i) : null
      kept ??= readQuiet()
      const head = kept[0]
      // The head is this very state, quiet for good, already, or says "not quiet" again: nothing to write.
      if ((key === (head?.[0] ?? null) && head?.[2] == null) || (key && key === tooLarge)) return
      const until = key ? quietUntil(i.journey, i.progress, i.options, s) : 0
      // Kept with its moment, unless quiet for good (JSON has no Infinity).
      const next: QuietEntry | null = until <= s.now ? null : isFinite(until) ? [key!, s, until] : [key!, s]
      if (next ? next[0] === head?.[0] && next[2] === head[2] : !head) return
      // What earlier pages remembered for other inputs (an older release's or another script's junk dropped).
      const others = kept.filter((e): e is QuietEntry => Array.isArray(e) && typeof e[0] == 'string' && e[0] !== key && typeof e[1]?.startedAt == 'number')
      kept = keepQuiet([next, ...others.slice(0, KEPT - 1)]) ?? kept
      if (next && !kept[0]) tooLarge = key!
    })
  }
  pending = [inputs, state]
}

// The tours' stand-in comes with the engine: a page without it has a quiet state, where no tour moves (tours.lazy.ts).
export const engine = { ...base, remember, createTours }
