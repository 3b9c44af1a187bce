import type { Milepost, MilepostOptions, MilepostState } from '../runtime/api'
import { notReadyState } from '../runtime/not-ready'

/** What `useSyncExternalStore` needs from an instance. */
export interface SnapshotStore {
  subscribe(onChange: () => void): () => void
  /** The latest snapshot, the same object until the next change (React compares by identity). */
  get(): MilepostState
  /** The server render's snapshot, and the browser's while hydrating: the same on both sides. */
  server(): MilepostState
}

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
    server: () => (server ??= {
      ...notReadyState(options.config, 0), ready: false, preview: false, persistence: 'memory',
      user: { id: typeof options.user?.id == 'string' ? options.user.id : '', traits: { ...options.user?.traits } },
    }),
  }
}
