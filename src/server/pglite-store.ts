/**
 * The embedded store: PostgreSQL compiled to WASM (`@electric-sql/pglite`), in a data folder or in
 * memory. PGlite is an optional peer dependency, loaded only when this store first runs a query.
 */
import { lockDir } from './dir-lock'
import type * as Path from 'node:path'
import { importOptional, nodeBuiltin, requireDriver } from './driver'
import { createSqlStore } from './sql-store'
import type { Query, SqlDriver } from './sql'
import type { SyncStore } from './store'

export interface PgliteStoreOptions {
  /** Folder for the database files; created when missing. @default in memory (lost on exit) */
  dataDir?: string
}

interface Pglite {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>
  exec(sql: string): Promise<unknown>
  transaction<T>(work: (tx: { query<R>(sql: string, params?: unknown[]): Promise<{ rows: R[] }> }) => Promise<T>): Promise<T>
  close(): Promise<void>
}

/** One data folder's PGlite in this process: the stores that use it, and its folder lock. */
interface Folder {
  users: number
  pglite: Promise<Pglite>
  unlock: () => void
  /** The last store closed it: a store opening it again waits for this. */
  closing?: Promise<void>
}

/**
 * The folders open in this process, shared by every store on them. On `process`, not in this
 * module: a module evaluated twice (a dev server's hot reload, a framework that loads a route in
 * two module graphs) must find the first one's PGlite instead of opening the files a second time.
 */
const folders = (): Map<string, Folder> => {
  const p = process as unknown as Record<symbol, Map<string, Folder>>
  return (p[Symbol.for('milepost.pglite')] ??= new Map())
}

/**
 * Creates a store on PGlite: the same tables and SQL as `createPostgresStore`.
 * PGlite runs one query at a time, so one process at a time may open a `dataDir`. The folder is
 * taken at the store's first query, not when it is created: a process that only loads the module
 * (a framework's build worker) holds nothing. Stores on the same folder in one process share one
 * PGlite, which closes with the last of them; while another live process has the folder, each
 * query fails with an error naming that process (and the next one tries again). Throws at once
 * when `@electric-sql/pglite` is not installed.
 * @example
 * const store = createPgliteStore({ dataDir: './.milepost-data' })
 */
export const createPgliteStore = (options: PgliteStoreOptions = {}): SyncStore => {
  requireDriver('createPgliteStore', '@electric-sql/pglite')
  const create = (dir?: string) =>
    importOptional<typeof import('@electric-sql/pglite')>('@electric-sql/pglite').then(({ PGlite }) => PGlite.create(dir) as Promise<Pglite>)
  const dir = options.dataDir && nodeBuiltin<typeof Path>('node:path').resolve(options.dataDir)
  /** This store's PGlite: its own in memory, the folder's shared one on a `dataDir`. */
  let opened: Promise<Pglite> | undefined
  /** The shared folder this store joined (counted once in its `users`). */
  let joined: Folder | undefined
  const open = (): Promise<Pglite> => {
    if (opened) return opened
    if (!dir) return (opened = create())
    const all = folders()
    let folder = all.get(dir)
    if (folder?.closing) return folder.closing.then(open)
    if (!folder) {
      const unlock = lockDir(dir) // throws while another live process has it: this query fails
      const made: Folder = (folder = { users: 0, pglite: create(dir), unlock })
      all.set(dir, made)
      made.pglite.catch(() => gone(made)) // not opened: the next query tries again
    }
    folder.users++
    const mine = (joined = folder)
    return (opened = folder.pglite.catch((error: unknown) => {
      if (joined === mine) mine.users--, (opened = joined = undefined)
      throw error
    }))
  }
  /** The folder is no longer open in this process. */
  const gone = (folder: Folder) => {
    if (folders().get(dir!) === folder) folders().delete(dir!)
    folder.unlock()
  }
  const query: Query = async <R>(sql: string, params: readonly unknown[] = []) =>
    (await (await open()).query<R>(sql, [...params])).rows
  const driver: SqlDriver = {
    query,
    transaction: async (work) => (await open()).transaction((tx) =>
      work(async <R>(sql: string, params: readonly unknown[] = []) => (await tx.query<R>(sql, [...params])).rows)),
    exec: async (sql) => {
      await (await open()).exec(sql)
    },
    close: async () => {
      const db = opened
      const folder = joined
      opened = joined = undefined
      if (!folder) return void (await db?.then((d) => d.close(), () => {}))
      // The last store on the folder closes its PGlite and lets the folder go.
      if (--folder.users == 0) await (folder.closing = folder.pglite.then((d) => d.close(), () => {}).finally(() => gone(folder)))
    },
  }
  // No autovacuum in PGlite: the store keeps the figure tables' statistics itself.
  return createSqlStore(driver, { analyzeEvery: 1000 })
}
