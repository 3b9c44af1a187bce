/**
 * The embedded store: PostgreSQL compiled to WASM (`@electric-sql/pglite`), in a data folder or in
 * memory. PGlite is an optional peer dependency, loaded only when this store first runs a query.
 */
import { lockDir } from './dir-lock'
import { importOptional, requireDriver } from './driver'
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

/**
 * Creates a store on PGlite: the same tables and SQL as `createPostgresStore`.
 * PGlite runs one query at a time, so one process at a time may open a `dataDir`: a second store on
 * the same folder (in another process or this one) throws here, until the first is closed. Throws
 * at once when `@electric-sql/pglite` is not installed.
 * @example
 * const store = createPgliteStore({ dataDir: './.milepost-data' })
 */
export const createPgliteStore = (options: PgliteStoreOptions = {}): SyncStore => {
  requireDriver('createPgliteStore', '@electric-sql/pglite')
  const unlock = options.dataDir ? lockDir(options.dataDir) : () => undefined
  let opened: Promise<Pglite> | undefined
  const open = (): Promise<Pglite> => {
    opened ??= importOptional<typeof import('@electric-sql/pglite')>('@electric-sql/pglite').then(({ PGlite }) => PGlite.create(options.dataDir) as Promise<Pglite>)
    return opened
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
      try {
        if (opened) await (await opened).close()
      } finally {
        opened = undefined
        unlock()
      }
    },
  }
  // No autovacuum in PGlite: the store keeps the figure tables' statistics itself.
  return createSqlStore(driver, { analyzeEvery: 1000 })
}
