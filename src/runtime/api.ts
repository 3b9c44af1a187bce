import type { Issue, Journey, JourneyState, Progress, ProgressEvent, TraitValue, Traits } from '../core/index'
import type { Persistence } from '../adapters/storage'
import type { MilepostError } from './emitter'
import type { PreviewOptions } from './preview'
import type { TourRequest } from './tour-events'

/**
 * A journey as TypeScript types an imported `.json` file (`resolveJsonModule` widens `"version": 1`
 * to `number` and every string to `string`). `createMilepost` validates the journey either way, so
 * an imported file needs no cast; write `Journey` on an object literal for autocomplete.
 */
export interface JourneyFile {
  readonly version: number
  readonly id: string
  readonly title: string
  readonly milestones: readonly object[]
}

/**
 * Traits as a host passes them: JSON scalars, and a `Date`, kept as its ISO string (what it becomes
 * on the wire anyway). Other values (objects, functions, NaN) are dropped.
 * @example { plan: 'pro', signedUpAt: user.createdAt }
 */
export type TraitsInput = Readonly<Record<string, TraitValue | Date | undefined>>

/** Options of `createMilepost()` and `init()`. Every one is optional except a journey. */
export interface MilepostOptions {
  /** The journey itself. It is validated; when invalid nothing is shown and `on('error')` gets the issues. */
  config?: Journey | JourneyFile | undefined
  /** Where to fetch the journey JSON when `config` is not given. */
  configUrl?: string | undefined
  /** Sync endpoint, e.g. `/api/milepost`: progress is sent to `…/sync` and pulled from `…/progress`. */
  endpoint?: string | undefined
  /**
   * The signed-in user. Without an id an anonymous one is kept in localStorage (`milepost:anon`).
   * `null`: nobody signed in, an anonymous visitor (the script tag's `init()` then leaves its
   * `data-user-id` aside: a sign-out without a reload is `destroy()`, then `init({ user: null })`).
   */
  user?: { id?: string | undefined; traits?: TraitsInput | undefined } | null | undefined
  /**
   * The user's account (their company): its members share the journey's account-scope steps, and
   * audiences read its traits as `account.<name>`. The id is 1–200 characters.
   * @example { id: 'acme', traits: { tier: 'enterprise', createdAt: '2026-10-01T00:00:00Z' } }
   */
  account?: { id: string; traits?: TraitsInput | undefined } | undefined
  /** Headers for sync requests. */
  headers?: Readonly<Record<string, string>> | undefined
  /** Headers computed per sync request (a fresh token). */
  getHeaders?: (() => Readonly<Record<string, string>> | Promise<Readonly<Record<string, string>>>) | undefined
  /** Where progress is kept; falls back to the next when unavailable. @default "indexeddb" */
  storage?: Persistence | undefined
  /** Show the built-in UI (mounted by the UI module). @default true */
  ui?: boolean | undefined
  locale?: string | undefined
  strings?: Readonly<Record<string, string>> | undefined
  /** `'auto'` (default, follows the OS), `'light'`, `'dark'`, or CSS custom properties (see docs/ui.md). */
  theme?: 'auto' | 'light' | 'dark' | Readonly<Record<string, string>> | undefined
  /** The clock, for tests and previews. @default Date.now */
  now?: (() => number) | undefined
  /**
   * Your router's navigation (a single-page app): a call to action of the built-in UI that leads
   * into your app (same origin) calls it with the path + search + hash instead of loading the page.
   * @example navigate: (href) => router.push(href)
   */
  navigate?: ((href: string) => void) | undefined
  /** Logs every event to the console. @default false */
  debug?: boolean | undefined
}

export interface MilepostUser {
  id: string
  traits: Traits
}

/** The user's account in `getState()`. */
export interface MilepostAccount {
  id: string
  traits: Traits
}

/** `getState()`: the engine's verdict plus where the runtime stands. Treat it as read-only. */
export interface MilepostState extends Omit<JourneyState, 'account'> {
  /** False until the journey and the user's progress are loaded (then milestones are empty). */
  ready: boolean
  /** True while `preview()` shows a made-up state: nothing is stored or synced meanwhile. */
  preview: boolean
  persistence: Persistence
  user: MilepostUser
  /** The user's account, when there is one (`init({ account })`, `identify(id, traits, account)`). */
  account?: MilepostAccount
  /** Why it will never be ready: `'no-browser'` when created outside a browser (Node, server rendering). */
  reason?: 'no-browser'
}

/** What `on('escalation')` receives: enough for the backend to route it to a person. */
export interface EscalationContext {
  nudgeId: string
  milestoneId: string | null
  level: number
  notify: string
  message?: string
  user: string
  traits: Traits
  /** Whole days the milestone is overdue (0 when not overdue or no milestone). */
  daysOverdue: number
  /** Ids of the steps done (in the milestone, or in the journey when there is none). */
  done: string[]
}

/** Every event `on(name, fn)` can listen to, with its payload. */
export interface MilepostEvents {
  'step:completed': { stepId: string; milestoneId: string }
  'milestone:completed': { milestoneId: string }
  'milestone:overdue': { milestoneId: string; daysOverdue: number }
  'journey:completed': { journeyId: string }
  'nudge:shown': { nudgeId: string }
  'nudge:clicked': { nudgeId: string }
  'nudge:dismissed': { nudgeId: string }
  /** The user hid the checklist ("Hide checklist"): `getState().dismissed` is true from now on. */
  'checklist:dismissed': { journeyId: string }
  /** A tour began (`startTour`, a button, its `startWhen`); `step` is 0. */
  'tour:started': { tourId: string; step: number }
  /** A tour moved to step `step` (0-based): Next, Back, or its `advanceOn` held. */
  'tour:step': { tourId: string; step: number }
  /** A tour passed its last step (`completeWhen: { tour }` steps complete). */
  'tour:completed': { tourId: string; step: number }
  /** A tour was closed at step `step` before its end. */
  'tour:dismissed': { tourId: string; step: number }
  /** A named call to action (`cta.action`, a nudge action) was chosen: the host opens its dialog. */
  action: { name: string; stepId?: string; nudgeId?: string }
  escalation: EscalationContext
  error: MilepostError
  'sync:error': MilepostError
  open: undefined
  close: undefined
  /** The instance is being destroyed: a mounted UI removes itself. */
  destroy: undefined
}

/** A Milepost instance: `window.Milepost`, or what `createMilepost()` returns. No method throws. */
export interface Milepost {
  /** Starts it; resolves when the state is ready (or the config was refused). Returns the same Promise each time. */
  init(options?: MilepostOptions): Promise<void>
  /**
   * Sets the user (merging traits) or switches to another user, whose own progress loads; `account`
   * sets or switches their account (`null`: none). Another user given no account has none; the
   * same user keeps theirs. Resolves once the progress (and the account's) is loaded.
   * @example Milepost.identify('u_123', { role: 'admin' }, { id: 'acme', traits: { tier: 'enterprise' } })
   */
  identify(userId: string, traits?: TraitsInput | undefined, account?: { id: string; traits?: TraitsInput | undefined } | null | undefined): Promise<void>
  /** Reports something the user did; steps waiting for it complete. Resolves once saved. */
  track(event: string, props?: Readonly<Record<string, unknown>>): Promise<void>
  /** Completes a step by hand. Resolves once saved. */
  complete(stepId: string): Promise<void>
  /** Skips a step. Resolves once saved. */
  skip(stepId: string): Promise<void>
  getState(): MilepostState
  /** `fn` gets the current snapshot at once, then each new one (the state changes at once; lifecycle events follow the save). */
  subscribe(fn: (state: MilepostState) => void): () => void
  on<K extends keyof MilepostEvents>(name: K, fn: (payload: MilepostEvents[K]) => void): () => void
  /** For the UI module: tells `on()` handlers (an `error` also prints one warning per kind). */
  emit<K extends keyof MilepostEvents>(name: K, payload?: MilepostEvents[K]): void
  /** For the UI module: records an event (a nudge shown, a snooze…) like `track` does. */
  record(event: UiEvent): Promise<void>
  /** The raw progress document of the current user, or null before ready (for tools and tests: the UI reads only the state). */
  getProgress(): Progress | null
  /** The options `init` started with. */
  readonly options: Readonly<MilepostOptions>
  /**
   * Starts the tour `id` of the journey at its first step (again, if it ran before); a tour running
   * now is dismissed first. Resolves once saved.
   * @example Milepost.startTour('reports-tour')
   */
  startTour(id: string): Promise<void>
  /** Opens the checklist panel (emits `open`). */
  open(): void
  /** Closes the checklist panel (emits `close`). */
  close(): void
  /** Resolves when everything done so far is saved (and, with sync, sent). */
  flush(): Promise<void>
  /** Clears this user's progress: a new reset generation. */
  reset(): Promise<void>
  /**
   * Shows the journey as it would look on `day`, for `traits`, with `completed` steps done, without
   * touching the user's stored progress or syncing anything; `preview(false)` goes back.
   * @example Milepost.preview({ day: 5, traits: { plan: 'pro' }, completed: ['open-reports'] })
   */
  preview(options?: PreviewOptions | false): Promise<void>
  /** Removes every listener, observer, timer and history patch Milepost added. */
  destroy(): void
}

/**
 * A nudge's action as `record()` takes it: a snooze names when the card may come back (`until`, epoch
 * ms; the built-in card's "Remind me" is the same wall-clock time `snoozeDays` calendar days on).
 */
export type NudgeRequest =
  | { type: 'nudge'; nudgeId: string; action: 'shown' | 'clicked' | 'dismissed' }
  | { type: 'nudge'; nudgeId: string; action: 'snoozed'; until: number }

/**
 * What `record()` takes: an event without the `id`, `at` and `epoch` the runtime adds (a tour's
 * `seq` too: see TourRequest; a nudge's snooze with its `until`: see NudgeRequest).
 */
export type UiEvent = ProgressEvent extends infer E
  ? (E extends ProgressEvent ? (E extends { type: 'tour' } ? TourRequest : E extends { type: 'nudge' } ? NudgeRequest : Omit<E, 'id' | 'at' | 'epoch'>) : never)
  : never

/** An event before the runtime stamps it; `epoch` only for a reset, `id` only when it must be deterministic. */
export type Draft = UiEvent & { epoch?: number; id?: string }

export type { Issue }
