import { atom, computed } from 'nanostores'
import type { ReadableAtom, WritableAtom } from 'nanostores'
import { evaluate } from '../core/index'
import type { Journey, JourneyState, Progress, Traits } from '../core/index'

/** The seam between the engine and everything that reacts: the UI and `subscribe()` read these. */
export interface Stores {
  $journey: WritableAtom<Journey | null>
  $progress: WritableAtom<Progress | null>
  /** Epoch ms, refreshed by the clock so the journey day rolls over with the page open. */
  $now: WritableAtom<number>
  $traits: WritableAtom<Traits>
  /** The engine's verdict, or null until a journey and the user's progress are loaded. */
  $state: ReadableAtom<JourneyState | null>
}

/**
 * Fresh stores per instance: two instances on one page share nothing. Calendar days ("Due
 * tomorrow") count in the page's own zone (`'local'`, read through `Date`, not Intl).
 */
export const createStores = (now: number, timeZone = 'local'): Stores => {
  const $journey = atom<Journey | null>(null)
  const $progress = atom<Progress | null>(null)
  const $now = atom(now)
  const $traits = atom<Traits>({})
  const $state = computed([$journey, $progress, $now, $traits], (journey, progress, at, traits) =>
    journey && progress ? evaluate(journey, progress, { now: at, traits, timeZone }) : null,
  )
  return { $journey, $progress, $now, $traits, $state }
}
