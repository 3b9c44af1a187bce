import { atom, computed } from 'nanostores'
import type { ReadableAtom, WritableAtom } from 'nanostores'
import { evaluate } from '../core/index'
import type { Journey, JourneyState, Progress, Traits } from '../core/index'
import type { Persistence } from '../adapters/storage'

/** Who the journey is for: the signed-in (or anonymous) user and their traits. */
export interface User {
  id: string
  traits: Traits
}

/**
 * The seam between the engine and everything that reacts: the UI and `subscribe()` read these.
 * They are the only place state lives: a change is a `set()` (grouped with `batch()`), and every
 * `set()` notifies, so nothing changes without its subscribers hearing of it.
 */
export interface Stores {
  $journey: WritableAtom<Journey | null>
  $user: WritableAtom<User>
  /** The current session's progress; null until it is loaded (= not ready). */
  $progress: WritableAtom<Progress | null>
  /** Epoch ms, refreshed by the clock so the journey day rolls over with the page open. */
  $now: WritableAtom<number>
  /** While a preview session runs: the traits it shows, over the user's own; null otherwise. */
  $previewTraits: WritableAtom<Traits | null>
  /** Where progress is kept now (it moves down the chain when a backend fails). */
  $persistence: WritableAtom<Persistence>
  /** The engine's verdict, or null until a journey and the session's progress are loaded. */
  $state: ReadableAtom<JourneyState | null>
}

/** The zone the page's calendar days are counted in ("Due tomorrow"); UTC where Intl cannot tell. */
const localZone = (): string => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC'
  } catch {
    return 'UTC'
  }
}

/** Fresh stores per instance: two instances on one page share nothing. */
export const createStores = (now: number, timeZone: string = localZone()): Stores => {
  const $journey = atom<Journey | null>(null)
  const $user = atom<User>({ id: '', traits: {} })
  const $progress = atom<Progress | null>(null)
  const $now = atom(now)
  const $previewTraits = atom<Traits | null>(null)
  const $persistence = atom<Persistence>('memory')
  const $state = computed([$journey, $progress, $now, $user, $previewTraits], (journey, progress, at, user, preview) =>
    journey && progress ? evaluate(journey, progress, { now: at, traits: preview ? { ...user.traits, ...preview } : user.traits, timeZone }) : null,
  )
  return { $journey, $user, $progress, $now, $previewTraits, $persistence, $state }
}
