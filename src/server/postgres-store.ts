/**
 * The production store: PostgreSQL through `pg` (an optional peer dependency, loaded on first use).
 * Handlers are stateless, so any number of them can share one database behind a load balancer.
 */
import { importOptional, requireDriver, requireOption } from './driver'
import { createSqlStore } from './sql-store'
import type { Query, SqlDriver } from './sql'
import type { SyncStore } from './store'

/** The part of a `pg` client the store uses. */
export interface PgClientLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  release(error?: Error | boolean): void
  on?(event: 'error', listener: (error: Error) => void): unknown
  off?(event: 'error', listener: (error: Error) => void): unknown
}

/** The part of a `pg.Pool` the store uses. */
export interface PgPoolLike {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  connect(): Promise<PgClientLike>
  end(): Promise<void>
}

export type PostgresStoreOptions =
  /** The store makes its pool and ends it on `close()`. `max`: pool size. @default 10 */
  | { connectionString: string; max?: number }
  /** Your own pool: the store never ends it. */
  | { pool: PgPoolLike }

const rowsOf = (run: (sql: string, params?: unknown[]) => Promise<{ rows: unknown[] }>): Query =>
  async <R>(sql: string, params: readonly unknown[] = []) => (await run(sql, [...params])).rows as R[]

/**
 * Creates a store on PostgreSQL; tables are created on first use. Throws at once when
 * `connectionString` is missing or empty, or when `pg` is not installed (without `pool`).
 * @example
 * const store = createPostgresStore({ connectionString: process.env.DATABASE_URL! })
 */
export const createPostgresStore = (options: PostgresStoreOptions): SyncStore => {
  if (!options || !('pool' in options)) {
    requireOption('createPostgresStore', 'connectionString', options?.connectionString, ' (is DATABASE_URL set?)')
    requireDriver('createPostgresStore', 'pg')
  }
  let pooled: Promise<PgPoolLike> | undefined
  const pool = (): Promise<PgPoolLike> => {
    pooled ??= 'pool' in options
      ? Promise.resolve(options.pool)
      : importOptional<typeof import('pg')>('pg').then(({ Pool }) => {
        // A database host that drops packets would hang connect() (pg waits forever by default):
        // give up after 5 s, which the handler answers as 503. keepAlive finds dead sockets.
        const created = new Pool({ connectionString: options.connectionString, max: options.max ?? 10, connectionTimeoutMillis: 5000, keepAlive: true })
        // An idle client losing its server emits 'error' on the pool; unheard, it would end the process.
        created.on('error', () => undefined)
        return created as unknown as PgPoolLike
      })
    return pooled
  }
  const driver: SqlDriver = {
    query: async (sql, params) => rowsOf((s, p) => pool().then((db) => db.query(s, p)))(sql, params),
    transaction: async (work) => {
      const client = await (await pool()).connect()
      // A checked-out client whose server goes away (failover, PgBouncer restart, pg_terminate_backend,
      // idle_in_transaction_session_timeout) emits 'error'; unheard, Node ends the process. The query
      // in flight rejects as well, and that rejection is what the handler turns into a 503.
      let lost: Error | undefined
      const heard = (error: Error) => void (lost ??= error)
      client.on?.('error', heard)
      try {
        await client.query('BEGIN')
        const result = await work(rowsOf((s, p) => client.query(s, p)))
        await client.query('COMMIT')
        client.off?.('error', heard)
        client.release(lost ?? false)
        return result
      } catch (error) {
        const clean = !lost && (await client.query('ROLLBACK').then(() => true, () => false))
        client.off?.('error', heard)
        client.release(!clean) // a connection that cannot roll back is dropped, not reused
        throw error
      }
    },
    exec: async (sql) => {
      await (await pool()).query(sql)
    },
    close: async () => {
      if (pooled && !('pool' in options)) await (await pooled).end()
      pooled = undefined
    },
  }
  // The dashboard's statements are scans of one journey's users, several at once per page: JIT
  // compiling them costs more than it saves (the grouped funnel's estimate is far off), and parallel
  // workers for each of them oversubscribe the cores (measured in test/bench/dashboard.mjs).
  return createSqlStore(driver, { querySettings: 'SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0' })
}
