// A store started beside running ones (docs/scaling.md: instances are added at will): its start-up
// finds the schema in place and runs no DDL, so it waits for no batch and no batch waits for it; and a
// transaction that loses a race (deadlock, serialization) is run again, not answered as a store away.
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { describe, expect, it } from 'vitest'
import { createPostgresStore, createSqlStore, createSyncHandler, createWebhookForwarder } from '../../src/server'
import type { Query, SqlDriver } from '../../src/server'
import { T0 } from '../builders'
import { authorize, batch, completions, journeyId, syncRequest } from './fixtures'

const DDL = /\b(CREATE|ALTER|COMMENT ON|pg_advisory)/i

/** A driver over one PGlite database that records every statement and can fail a transaction first. */
const driverOf = (db: PGlite, seen: string[], before: () => void = () => undefined): SqlDriver => {
  const run = (q: { query: PGlite['query'] }): Query => async <R>(sql: string, params: readonly unknown[] = []) =>
    (seen.push(sql), (await q.query<R>(sql, [...params])).rows)
  return {
    query: run(db),
    transaction: async (work) => {
      before()
      return db.transaction((tx) => work(run(tx as unknown as { query: PGlite['query'] })))
    },
    exec: async (sql) => void (seen.push(sql), await db.exec(sql)),
    close: async () => undefined,
  }
}

const deadlock = () => Object.assign(new Error('deadlock detected'), { code: '40P01' })

describe('a store started on a database already in use', () => {
  it('runs no DDL and takes no advisory lock when the schema is in place (PGlite)', async () => {
    const db = new PGlite()
    const first: string[] = []
    await createSqlStore(driverOf(db, first)).getProgress('warm', 'up')
    expect(first.some((s) => DDL.test(s))).toBe(true) // the first start makes the tables
    const second: string[] = []
    expect(await createSqlStore(driverOf(db, second)).getProgress('warm', 'up')).toBeNull()
    expect(second.filter((s) => DDL.test(s))).toEqual([])
    await db.close()
  }, 60_000)

  it.skipIf(!process.env.DATABASE_URL)('starts while another connection holds a batch open on milepost_events (PostgreSQL)', async () => {
    // bb-r27: the start-up migration's CREATE INDEX IF NOT EXISTS waited for running batches, and
    // deadlocked with them (40P01): the handler answered 503 and the watchers logged failures.
    const url = process.env.DATABASE_URL!
    const running = createPostgresStore({ connectionString: url, max: 2 })
    await running.getProgress('warm', 'up')
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    const started = createPostgresStore({ connectionString: url, max: 2 })
    try {
      await client.query('BEGIN')
      await client.query(`INSERT INTO milepost_events (journey_id, user_id, event_id, type, at, received_at, body)
        VALUES ($1, 'u1', 'e1', 'track', 0, 0, '{}')`, [journeyId('start-up')])
      const outcome = await Promise.race([
        started.getProgress('warm', 'up').then(() => 'started'),
        new Promise((r) => setTimeout(() => r('waited for the open batch'), 3000)),
      ])
      expect(outcome).toBe('started')
    } finally {
      await client.query('ROLLBACK')
      await client.end()
      await started.close()
      await running.close()
    }
  }, 60_000)
})

describe('a transaction that loses a race', () => {
  it('is run again: the batch is answered 200, and nothing says the store is unreachable', async () => {
    const db = new PGlite()
    let fail = 1
    const store = createSqlStore(driverOf(db, [], () => {
      if (fail-- > 0) throw deadlock()
    }))
    const logged: string[] = []
    const handler = createSyncHandler({ store, authorize, now: () => T0, log: (m) => void logged.push(m) })
    const response = await handler(syncRequest(batch('u1', 'race', completions('r', 2)), 'u1'))
    expect(response.status).toBe(200)
    expect(fail).toBe(-1) // failed once, then ran
    expect(logged).toEqual([])
    await db.close()
  }, 60_000)

  it('is run again as a statement on its own too: a notice marked delivered after its post is not posted again', async () => {
    // r27: only transactions were run again. A mark that lost a deadlock left the notice undelivered,
    // so the next flush posted it a second time and the failed flush logged an error.
    const db = new PGlite()
    let fail = 1
    const driver = driverOf(db, [])
    const store = createSqlStore({
      ...driver,
      query: (sql, params) => {
        if (/SET delivered_at/.test(sql) && fail-- > 0) return Promise.reject(deadlock())
        return driver.query(sql, params)
      },
    })
    await store.ingest({
      journeyId: 'j', userId: 'u1', now: T0,
      events: [{ id: 'esc:late:1', type: 'escalation', nudgeId: 'late', milestoneId: 'm1', level: 1, notify: 'csm', at: T0 }],
    })
    const posts: string[] = []
    const logged: string[] = []
    const forwarder = createWebhookForwarder({
      url: 'https://hooks.example/milepost', store, now: () => T0, log: (m) => void logged.push(m),
      fetch: async (_url, init) => (posts.push(String(init?.body)), new Response(null, { status: 204 })),
    })
    expect(await forwarder.flush()).toEqual({ delivered: 1, failed: 0, gaveUp: 0 })
    expect(await forwarder.flush()).toEqual({ delivered: 0, failed: 0, gaveUp: 0 })
    expect(fail).toBe(-1) // the mark failed once, then ran
    expect(posts).toHaveLength(1)
    expect(logged).toEqual([])
    await db.close()
  }, 60_000)

  it('that keeps losing is answered 503 with Retry-After, logged as a conflict, not as the store unreachable', async () => {
    const db = new PGlite()
    const store = createSqlStore(driverOf(db, [], () => {
      throw deadlock()
    }))
    const logged: string[] = []
    const handler = createSyncHandler({ store, authorize, now: () => T0, log: (m) => void logged.push(m) })
    const response = await handler(syncRequest(batch('u1', 'race', completions('r', 2)), 'u1'))
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toBe('5')
    expect(logged.join('\n')).not.toMatch(/unreachable/)
    expect(logged).toEqual([expect.stringMatching(/deadlock or serialization/)])
    await db.close()
  }, 60_000)
})
