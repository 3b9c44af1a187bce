import { createStore, promisifyRequest } from 'idb-keyval'
import type { UseStore } from 'idb-keyval'
import type { KeyStore } from './storage'

const name = 'milepost'

/** A connection `warmIdb()` opened to a database that exists, handed to the first store made after it. */
let warmed: UseStore | undefined
/** Every entry `warmIdb()` read, until the first store's `peek` takes it (`null` once taken). */
let early: Map<string, unknown> | null | undefined
/**
 * Set once this page let go of a connection because another tab deletes or upgrades the database
 * (a sign-out that wipes the device): a store does not open that one again, so the database stays
 * gone (its page goes on in localStorage). A store made after it (a new instance) may.
 */
let left = false
/** Lets go of `db` when another tab deletes or upgrades the database. */
const letGo = (db: IDBDatabase) => (db.onversionchange = () => ((left = true), db.close()))
/** Above this many entries the early read is not kept: the first state waits for its own read. */
const EARLY_MAX = 2000
/** …nor past this long after it was read. */
const EARLY_MS = 10_000
const take = (): UseStore => {
  const store = warmed ?? ((left = false), createStore(name, 'progress'))
  warmed = undefined
  return store
}

/**
 * Whether the browser lists Milepost's database; undefined where `databases()` is missing (Firefox
 * < 126) or fails, and on an opaque origin (a sandboxed iframe), where IndexedDB is denied and
 * Chromium's refusal of `databases()` reaches the page as an unhandled rejection even when caught.
 */
const listed = (): Promise<boolean | undefined> =>
  Promise.resolve().then(() => (self.origin == 'null' ? Promise.reject() : indexedDB.databases())).then((dbs) => dbs.some((d) => d.name === name), () => undefined)

/**
 * Reads what Milepost's database holds, in the background, for the first state to paint from (the
 * first store's `peek`) while the session's own read runs. The script tag calls it in the task
 * after its own, before the host's `init()`. It never creates anything: when the browser's list
 * of databases does not name Milepost's, nothing is stored, and the first state paints from that;
 * the database is created by the first store, after `init()`. When it is listed, it is opened (for
 * that store to use too) and every entry is read, once. Where the list is missing nothing is done.
 * Never throws, and its promise never fails (it settles once the read is kept, or is known not
 * to be needed); a failure is met again, and handled, by the store.
 */
export const warmIdb = (): Promise<void> => {
  early = undefined
  const keep = (read: Map<string, unknown>) => {
    if (early !== undefined) return
    early = read
    // Not kept for a page that never starts a session (or starts late: it reads as before).
    setTimeout(() => early === read && (early = null), EARLY_MS)
  }
  return listed().then((exists) => {
    if (exists === false) return keep(new Map())
    if (!exists) return
    const store = (warmed ??= createStore(name, 'progress'))
    return store('readonly', async (s) => {
      // Another tab deletes the database before an instance takes this connection (a page waiting
      // for consent, whose host has not called init()): it lets go (that page's store then falls back).
      letGo(s.transaction.db)
      const [keys, values] = await Promise.all([promisifyRequest(s.getAllKeys()), promisifyRequest(s.getAll())])
      if (keys.length <= EARLY_MAX) keep(new Map(keys.map((key, i) => [String(key), values[i]])))
    })
  }).catch(() => {
    // IndexedDB missing or blocked: the store falls back when it is used.
  })
}

/**
 * IndexedDB in Milepost's own database (`milepost`/`progress`), never idb-keyval's shared default.
 * Opening has a timeout because some browsers leave `open()` pending forever (Safari 14.6).
 */
export const idbStore = (timeoutMs = 3000, make: () => UseStore = take): KeyStore => {
  void indexedDB.open // throws now when the getter throws or IndexedDB is missing
  const warm = make === take
  let store: UseStore | undefined = make()
  let opened = false
  /** The connection the last transaction ran on. */
  let db: IDBDatabase | undefined
  const use = <T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => Promise<T>, again?: boolean): Promise<T> =>
    // Closed (the instance is over): nothing more is read or written, and the database is never
    // made again (a sign-out that deleted it would find it back, with the last request's answer).
    !store ? Promise.resolve([] as T) : new Promise<T>((resolve, reject) => {
      // (Timed out, it is not tried again when the open fails later: the page has fallen back by then.)
      const timer = opened ? 0 : setTimeout(() => ((again = true), reject(new Error('IndexedDB open timed out'))), timeoutMs)
      // Another tab deletes the database (a sign-out that wipes the device, runtime.md): this
      // connection lets go, else that tab's delete waits until this page closes. This page's
      // later writes then fall back (to localStorage), as for any storage that stops working.
      store!(mode, (s) => (letGo(db = s.transaction.db), fn(s))).then(
        (value) => {
          opened = true
          clearTimeout(timer)
          resolve(value)
        },
        (error: unknown) => {
          clearTimeout(timer)
          // Once more on a connection opened again: the one it ran on may have closed under this
          // page ("The database connection is closing" when the browser let go of it, after a long
          // background or cleared storage; Safari's "Connection to Indexed Database server lost"),
          // reliability.md's row 30. That open has the timeout again. A second failure falls back.
          // Not after another tab's delete, which this page let go of on purpose.
          if (!again && !left && store) {
            store = make()
            opened = false
            use(mode, fn, true).then(resolve, reject)
          } else reject(error)
        },
      )
    })
  /**
   * On a first visit there is no database yet, and creating it takes ~100 ms. The first read also
   * asks the browser for its list of databases: when that answers first and ours is not in it,
   * nothing is stored, so the read answers `[]` at once while the database is created for the
   * writes that follow. Otherwise (the list is missing, slow, or names ours) the read answers.
   */
  let first = true
  const read = (prefix: string) =>
    use('readonly', async (s) => {
      const range = IDBKeyRange.bound(prefix, prefix + '\uffff')
      const [keys, values] = await Promise.all([promisifyRequest(s.getAllKeys(range)), promisifyRequest(s.getAll(range))])
      return keys.map((key, i): [string, unknown] => [String(key), values[i]])
    })
  return {
    kind: 'indexeddb',
    // After the instance's own writes (see host.ts): the connection closes once its transactions end.
    close() {
      db?.close()
      store = undefined
    },
    peek: (prefixes) => {
      const all = warm ? early : undefined
      early = null // once: this page's own writes come after it
      return all ? prefixes.map((prefix) => [...all].filter(([key]) => key.startsWith(prefix))) : undefined
    },
    read: (prefix) => {
      const full = read(prefix)
      if (!first) return full
      first = false
      return new Promise((resolve, reject) => {
        full.then(resolve, reject)
        void listed().then((exists) => exists === false && resolve([]))
      })
    },
    update: (keys, fn) =>
      use('readwrite', (s) => {
        const olds: unknown[] = []
        let failed: unknown
        keys.forEach((key, i) => {
          const request = s.get(key)
          request.onsuccess = () => {
            try {
              const value = fn(key, (olds[i] = request.result))
              if (value === undefined) s.delete(key)
              else s.put(value, key)
            } catch (error) {
              // Thrown in an IndexedDB event handler, it would reach the page as an uncaught error:
              // the transaction is aborted instead (nothing half-written), and the update rejects
              // with it (an abort() of ours leaves the transaction's own error null).
              failed = error
              s.transaction.abort()
            }
          }
        })
        return promisifyRequest(s.transaction).then(() => olds, (error: unknown) => {
          throw error || failed
        })
      }),
  }
}
