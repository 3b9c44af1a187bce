// The part of a Milepost instance the UI reads and calls: mountUi depends on this shape only.
import type { JourneyState, Progress, ProgressEvent } from '../core/types'
import type { UiStrings } from './strings'

type WithoutMeta<E> = E extends unknown ? Omit<E, 'id' | 'at' | 'epoch' | (E extends { type: 'tour' } ? 'seq' | 'step' : never)> & (E extends { type: 'tour' } ? { step?: number } : unknown) : never

/** An event the UI records: a `ProgressEvent` without `id`, `at` and `epoch` (nor a tour's `seq`), which the runtime adds. */
export type UiEvent = WithoutMeta<ProgressEvent>

/** The snapshot `subscribe()` delivers: the engine's state plus whether the journey is loaded. */
export type UiState = JourneyState & { ready: boolean; preview?: boolean; user?: { id: string } }

/** `'auto'` follows `prefers-color-scheme`. */
export type UiThemeMode = 'auto' | 'light' | 'dark'

/**
 * Theme: a mode, or CSS custom properties (without their `--mp-` prefix) plus an optional `mode`.
 * @example { mode: 'dark', accent: '#7c3aed', radius: '4px' }
 */
export type UiTheme = UiThemeMode | Readonly<Record<string, string>>

/** Options the UI reads from the instance; `mountUi` options win over them. */
export interface UiInstanceOptions {
  locale?: string | undefined
  strings?: Partial<UiStrings> | undefined
  theme?: UiTheme | undefined
  now?: (() => number) | undefined
  /** Your router's navigation, for calls to action into your app (see `MilepostOptions.navigate`). */
  navigate?: ((href: string) => void) | undefined
}

/** What `mountUi` needs from a Milepost instance (`createMilepost()` returns one). */
export interface UiInstance {
  /** Called at once with the current snapshot, then on each change. */
  subscribe(fn: (state: UiState) => void): () => void
  complete(stepId: string): unknown
  skip(stepId: string): unknown
  /** Lifecycle events: `open`, `close`, `step:completed`, `milestone:completed`. */
  on(name: string, fn: (detail: any) => void): () => void
  /** Emits to the host: `nudge:shown`, `nudge:clicked`, `nudge:dismissed`, `action`, `error`. */
  emit(name: string, detail?: unknown): unknown
  /** Records an event durably and syncs it. */
  record(event: UiEvent): unknown
  /** The user's progress document: what was done with a card elsewhere (another tab, an earlier page). */
  getProgress?(): Progress | null
  readonly options?: UiInstanceOptions
}
