import { atom, batch } from 'nanostores'
import { derive } from './derive'
import type { ReadableAtom, WritableAtom } from 'nanostores'
import type { EvaluateOptions, Journey, JourneyState, Progress, Traits } from '../core/index'
import type { Persistence } from '../adapters/storage'
import { engineNow, loadEngine, quietState } from '../runtime/engine'
import type { Engine } from '../runtime/engine'

/** Who the journey is for: the signed-in (or anonymous) user and their traits. */
export interface User {
  id: string
  traits: Traits
  /** The id is Milepost's own (`milepost:anon`): no `user.id`, `data-user-id` or `identify()` named this user. */
  anonymous?: true
}

/** The user's account (a customer company): its members share its account-scope steps. */
export interface Account {
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
  /** The user's account, or null when the user has none. */
  $account: WritableAtom<Account | null>
  /** The current session's progress; null until it is loaded (= not ready). */
  $progress: WritableAtom<Progress | null>
  /** The account's document (its `userId` is the account id); null until loaded, or without an account. */
  $accountProgress: WritableAtom<Progress | null>
  /** Epoch ms, refreshed by the clock so the journey day rolls over with the page open. */
  $now: WritableAtom<number>
  /** While a preview session runs: the traits it shows, over the user's own; null otherwise. */
  $previewTraits: WritableAtom<Traits | null>
  /** Where progress is kept now (it moves down the chain when a backend fails). */
  $persistence: WritableAtom<Persistence>
  /**
   * The engine: always in npm builds; for the script tag, once its file has loaded (false: it could
   * not). Until then the state is the quiet one an earlier page remembered, when it fits.
   */
  $engine: WritableAtom<Engine | false | undefined>
  /** The engine's verdict, or null until a journey and the session's progress (and account's) are loaded. */
  $state: ReadableAtom<JourneyState | null>
  /**
   * Whether `$state` is the verdict on what the stores hold now: false while the engine's file loads
   * for a change a remembered quiet state does not cover (the state before it stays, and calls wait).
   */
  current(): boolean
  /**
   * Resolves once the engine is here, or could not load (then reported through `onError`); a call
   * after a failure tries the file again (the session does on a change that counts, and when the
   * page is visible again).
   */
  engine(): Promise<unknown>
  /**
   * Groups `set()`s so subscribers hear one change: nanostores' `batch` of the copy these stores
   * were made by. A file of the script tag's own (the preview) bundles another copy, whose `batch`
   * would not hold these stores' notifications, so code that may run there groups with this one.
   */
  batch: typeof batch
  /** Truthy while the state is held back from being ready: a browser new to a named user waits for the server's document (session.ts). */
  $held: WritableAtom<unknown>
}

/**
 * Fresh stores per instance: two instances on one page share nothing. Calendar days ("Due
 * tomorrow") count in the page's own zone (`'local'`, read through `Date`, not Intl).
 */
export const createStores = (now: number, timeZone = 'local', onError?: (error: unknown) => void): Stores => {
  const $journey = atom<Journey | null>(null)
  const $user = atom<User>({ id: '', traits: {} })
  const $account = atom<Account | null>(null)
  const $progress = atom<Progress | null>(null)
  const $accountProgress = atom<Progress | null>(null)
  const $now = atom(now)
  const $previewTraits = atom<Traits | null>(null)
  const $persistence = atom<Persistence>('memory')
  const $held = atom<unknown>()
  const $engine = atom<Engine | false | undefined>(engineNow())
  let waking: Promise<unknown> | undefined
  const engine = () => (waking ??= loadEngine().then((e) => $engine.set(e), (error: unknown) => {
    waking = undefined // the next call tries again
    onError?.(error)
    $engine.set(false)
  }))
  let last: JourneyState | null = null
  let stale = false
  const $state = derive([$journey, $progress, $now, $user, $previewTraits, $account, $accountProgress, $engine], (journey, progress, at, user, preview, account, shared, e) => {
    stale = false
    if (!journey || !progress || (account && !shared)) return (last = null)
    const options: EvaluateOptions = {
      now: at, traits: preview ? { ...user.traits, ...preview } : user.traits, timeZone,
      ...(account && shared ? { account: { id: account.id, progress: shared, traits: account.traits } } : {}),
    }
    const inputs = { journey, progress, options, userId: user.id }
    if (e) {
      last = e.evaluate(journey, progress, options)
      if (!preview) e.remember?.(inputs, last)
      return last
    }
    const quiet = preview ? undefined : quietState(inputs, at)
    if (quiet) return (last = quiet)
    // Not covered by what an earlier page remembered: the state before stays until the engine is here.
    stale = e === undefined
    if (stale) void engine()
    return last
  })
  const current = () => ($state.get(), !stale)
  return { $journey, $user, $account, $progress, $accountProgress, $now, $previewTraits, $persistence, $held, $engine, $state, current, engine, batch }
}
