// The script tag's engine file, dist/milepost-engine.min.js (rollup.config.mjs's `lazyChunks`):
// the engine, and what remembers a quiet state for the next page, which only the script tag does.
import { quietOf } from '../core/quiet'
import type { JourneyState } from '../core/types'
import { engine as base } from './engine'
import type { QuietInputs } from './engine'
import { keepQuiet, readQuiet } from '../adapters/quiet-memory'
import { quietKey } from './quiet-key'

/** The key kept in storage now, as this file last read or wrote it. */
let kept: string | null | undefined
let pending: [QuietInputs, JourneyState] | undefined

/**
 * In a task of its own, after the changes of the moment: remembers the last state for the next page
 * when it is quiet, forgets it when not (that page then fetches the engine as it starts).
 */
const remember = (inputs: QuietInputs, state: JourneyState): void => {
  if (!pending) {
    setTimeout(() => {
      const [i, s] = pending!
      pending = undefined
      // Only a done state can be quiet (quietOf): the key is not worked out for one on its way.
      const key = s.done ? quietKey(i) : null
      if (kept === undefined) kept = readQuiet()?.[0] ?? null
      // Nothing kept and nothing to keep, or the same inputs as the state kept (judged already).
      if (key === kept) return
      const next: [string, JourneyState] | null = key && quietOf(i.journey, i.progress, i.options, s) ? [key, s] : null
      if ((next?.[0] ?? null) !== kept && keepQuiet(next)) kept = next?.[0] ?? null
    })
  }
  pending = [inputs, state]
}

export const engine = { ...base, remember }
