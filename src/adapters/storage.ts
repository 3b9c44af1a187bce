import { idbStore } from './storage-idb'
import { localStore } from './storage-local'
import { memoryStore } from './storage-memory'

/** Where progress is kept: `getState().persistence`. */
export type Persistence = 'indexeddb' | 'local' | 'memory'

/** One key-value backend. Values are plain JSON-compatible data. */
export interface KeyStore {
  readonly kind: Persistence
  /** Every entry whose key starts with `prefix`. */
  read(prefix: string): Promise<Array<[string, unknown]>>
  /**
   * Read-modify-write of several keys in one transaction: `fn` gets each old value and returns the
   * new one (`undefined` deletes). Resolves with the old values, in key order.
   */
  update(keys: readonly string[], fn: (key: string, old: unknown) => unknown): Promise<unknown[]>
  /**
   * Synchronously, the entries under each prefix as they were read before the first state was
   * asked for (the script tag's early read: `warmIdb`), once per page; undefined when there is
   * no such read. A copy to paint from while `read` runs, never instead of it.
   */
  peek?(prefixes: readonly string[]): Array<Array<[string, unknown]>> | undefined
  /**
   * The instance is over (`destroy()`) and its writes are stored: let go of the connection; later
   * operations (the last request's answer) read nothing and write nothing.
   */
  close?(): void
}

/** A backend to try, by kind, made only when it is reached (its constructor may throw). */
export type StoreMaker = [Persistence, () => KeyStore]

/** The chain of backends: the current one, plus what fallbacks saved on earlier pages. */
export interface FallbackStore extends KeyStore {
  /**
   * Every entry under `prefix` in the backends after the current one: what a fallback saved
   * there on an earlier page, which must not vanish when the first backend works again. Read
   * apart from `read` (after the state is ready), because the first touch of localStorage is a
   * synchronous load of the whole origin's storage that costs milliseconds on the main thread.
   */
  later(prefix: string): Promise<Array<[string, unknown]>>
  close(): void
}

/**
 * Tries each backend in turn: when one fails (missing, throwing, hanging past its timeout, full),
 * the operation is retried on the next and every later operation stays there.
 */
export const fallbackStore = (
  makers: readonly StoreMaker[],
  onFallback: (kind: Persistence, error: unknown) => void,
): FallbackStore => {
  let index = 0
  let current: KeyStore | undefined
  const run = async <T>(op: (store: KeyStore) => Promise<T>): Promise<T> => {
    for (;;) {
      const at = index
      try {
        return await op((current ??= makers[at]![1]()))
      } catch (error) {
        if (at >= makers.length - 1) throw error
        // Two operations may fail on the same backend: only the first moves on.
        if (at === index) {
          current = undefined
          onFallback(makers[++index]![0], error)
        }
      }
    }
  }
  return {
    get kind() {
      return makers[index]![0]
    },
    read: (prefix) => run((s) => s.read(prefix)),
    peek: (prefixes) => {
      try {
        return index ? undefined : (current ??= makers[0]![1]()).peek?.(prefixes)
      } catch {
        return undefined // the backend cannot be made: `read` falls back
      }
    },
    update: (keys, fn) => run((s) => s.update(keys, fn)),
    close: () => current?.close?.(),
    // Every backend but the first, the current one too: when the first fell back during this page
    // (IndexedDB reads, but its writes fail: a full disk), the one it fell back to holds what an
    // earlier page saved there, which reading only those after it never found.
    later: async (prefix) => {
      const found: Array<[string, unknown]> = []
      for (const [, make] of makers.slice(1)) {
        try {
          found.push(...(await make().read(prefix)))
        } catch {
          // unavailable: nothing was saved there
        }
      }
      return found
    },
  }
}

/** The storages, in fallback order (`storage` option values). */
export const STORAGES: Persistence[] = ['indexeddb', 'local', 'memory']
const MAKERS: Record<Persistence, () => KeyStore> = { indexeddb: () => idbStore(), local: () => localStore(), memory: () => memoryStore() }

/** The chain from `first` (default IndexedDB) down to memory. */
export const createStorage = (first: Persistence | undefined, onFallback: (kind: Persistence, error: unknown) => void): FallbackStore =>
  fallbackStore(STORAGES.slice(Math.max(0, STORAGES.indexOf(first!))).map((kind): StoreMaker => [kind, MAKERS[kind]]), onFallback)
