import type { Milepost, MilepostOptions, MilepostState } from '../runtime/api'
import { traitsOf } from '../runtime/input'
import { notReadyState } from '../runtime/not-ready'

/** What `useSyncExternalStore` needs from an instance. */
export interface SnapshotStore {
  subscribe(onChange: () => void): () => void
  /** The latest snapshot, the same object until the next change (React compares by identity). */
  get(): MilepostState
  /** The server render's snapshot, and the browser's while hydrating: the same on both sides. */
  server(): MilepostState
}

const text = (v: unknown): string => (typeof v == 'string' ? v : '')

/**
 * Keeps the instance's latest snapshot: `getState()` builds a new object per call, which would make
 * React render forever. `options` pins the server snapshot: a pure function of them, so the HTML
 * rendered in Node and the browser's first render agree.
 */
export const snapshotStore = (milepost: Milepost, options: MilepostOptions): SnapshotStore => {
  let current: MilepostState | undefined
  let server: MilepostState | undefined
  return {
    subscribe: (onChange) =>
      milepost.subscribe((state) => {
        current = state
        onChange()
      }),
    get: () => (current ??= milepost.getState()),
    // Read as the instance reads its options: text where text is expected, traits as traits (a string
    // of traits is none), so nothing the host mistyped reaches React as an object or a string's letters.
    server: () => (server ??= {
      ...notReadyState({ id: text(options.config?.id), title: text(options.config?.title) }, 0), ready: false, preview: false, persistence: 'memory',
      user: { id: text(options.user?.id), traits: traitsOf(options.user?.traits) },
    }),
  }
}
