// A store derived from others: nanostores' `computed` without its lifecycle module (`onMount` and
// the `on` machinery under it: 0.26 KB gzip of the script tag's first file, for the two derived
// stores the runtime has). A nanostores atom all the same: read with `get()`, heard through its
// own `listen()`/`subscribe()`, changed only by `set()` (here), so `batch()` groups its changes.
import { atom } from 'nanostores'
import type { ReadableAtom } from 'nanostores'

/**
 * nanostores' count of every store's changes, which its `computed` reads too (set by its atom module
 * on `globalThis`, shared by its copies on a page); without it each look compares.
 */
const changes = (globalThis as { nanostoresGlobal?: { epoch: number } }).nanostoresGlobal

type Values<S> = { [K in keyof S]: S[K] extends ReadableAtom<infer V> ? V : never }

/**
 * `fn` of the stores' values, called again once one of them is another value (`!==`: no store here holds NaN), as
 * nanostores' `computed`: at each change of a store it reads (once per `batch()`, which calls one
 * listener once), and at a `get()` (inside a `batch()`, before its listeners run). It listens to
 * them, and holds its value, from the start, where `computed` waits for a listener of its own:
 * the runtime's derived stores were listened to from the instance's start to its end anyway, and
 * they go with their stores.
 */
export const derive = <const S extends ReadonlyArray<ReadableAtom<unknown>>, T>(stores: S, fn: (...values: Values<S>) => T): ReadableAtom<T> => {
  const $d = atom<T>(undefined as T)
  const { get } = $d
  /** The values `fn` had last; at first none (a store whose value is `undefined` does not count as changed). */
  let args: unknown[] = []
  /** The count of changes at the last look: none since, nothing to compare (`$state` is read many times per change). */
  let seen = -1
  const update = () => {
    if (changes?.epoch === seen) return
    if (stores.some((s, i) => s.get() !== args[i])) $d.set(fn(...((args = stores.map((s) => s.get())) as Values<S>)))
    seen = changes?.epoch ?? -1
  }
  $d.get = () => (update(), get())
  stores.forEach((s) => s.listen(update))
  update() // a `subscribe()` reads the value as it is
  return $d
}
