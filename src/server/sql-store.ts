/**
 * The store over any PostgreSQL-speaking driver (PGlite or pg): exactly-once application by event id,
 * one transaction per batch, and the escalation outbox written in that same transaction.
 */
import { emptyProgress } from '../core'
import type { Progress, ProgressEvent, Traits } from '../core/types'
import { factsOf, factsRow } from './facts'
import {
  ANALYZE_FIGURES, CLAIM_NOTICES, CREATE_PROGRESS, GET_PROGRESS, GET_TRAITS, INSERT_EVENTS, INSERT_NOTICES, LOCK_AND_INSERT, LOCK_PROGRESS,
  MARK_DELIVERED, MARK_FAILED, MIGRATE, SAVE_FACTS, SAVE_PROGRESS, SAVE_USER,
} from './sql'
import type { Query, SqlDriver } from './sql'
import { noticesOf, outboxRow } from './notices'
import { mergeBatch } from './store'
import { watchTime } from './watch-time'
import { countNotices, getUser, watchDue } from './sql-watch'
import type { CoveredLevel } from './notices'
import type { IngestInput, IngestResult, NoticeKind, PendingNotice, SyncStore } from './store'

interface NoticeRow {
  journey_id: string
  user_id: string
  kind: NoticeKind
  body: { event: ProgressEvent; traits?: Traits; levels?: CoveredLevel[] }
  attempts: number | string
}

/** JSON for bigint columns: whole milliseconds, and null for what is not a finite number. */
const wholeTimes = (_: string, v: unknown): unknown => (typeof v === 'number' ? (isFinite(v) ? Math.floor(v) : null) : v)

/**
 * Keeps the user's row (traits, first and last seen) and, with the journey, the facts the dashboard
 * reads, in the batch's transaction. Facts the engine cannot make (no day 0 yet) are left as they were.
 */
const saveUser = async (query: Query, input: IngestInput, progress: Progress, traits: Traits): Promise<void> => {
  const { journeyId, userId, journey, now } = input
  const key = [journeyId, userId]
  const traitsJson = input.traits ? JSON.stringify(input.traits) : null
  let facts = null
  if (journey) {
    try {
      facts = factsOf(journey, progress, traits, now)
    } catch {
      // A journey the engine cannot read must not cost the user their sync: the figures wait.
    }
  }
  const whole = (t: number | undefined) => (t == null || !isFinite(t) ? null : Math.floor(t))
  const seen = [whole(progress.firstSeen), whole(progress.lastSeen), now]
  await (facts
    ? query(SAVE_FACTS, [...key, traitsJson, ...seen, JSON.stringify(factsRow(facts), wholeTimes)])
    : query(SAVE_USER, [...key, traitsJson, ...seen]))
}

export interface SqlStoreOptions {
  /** Runs ANALYZE on the figure tables after this many batches (for databases without autovacuum, such as PGlite). @default never */
  analyzeEvery?: number
  /** Settings for `query()` (the dashboard's statements), run first in the same transaction: `SET LOCAL …;`. @default none */
  querySettings?: string
}

/** Builds a `SyncStore` on a driver; tables are created on first use. */
export const createSqlStore = (driver: SqlDriver, options: SqlStoreOptions = {}): SyncStore => {
  let migrated: Promise<void> | undefined
  let writes = 0
  const counted = <T>(result: T): T => {
    if (options.analyzeEvery && ++writes % options.analyzeEvery === 0) void driver.exec(ANALYZE_FIGURES).catch(() => undefined)
    return result
  }
  const ready = (): Promise<void> => {
    migrated ??= driver.exec(MIGRATE).catch((error: unknown) => {
      migrated = undefined // a database that was down at first use is retried on the next call
      throw error
    })
    return migrated
  }

  const ingest = async (input: IngestInput): Promise<IngestResult> => {
    const { journeyId, userId, events, progress: client, traits, now } = input
    await ready()
    return counted(await driver.transaction(async (query) => {
      const key = [journeyId, userId]
      const eventsJson = JSON.stringify(events)
      const [first] = await query<{ doc: Progress | null; fresh: string[] }>(LOCK_AND_INSERT, [...key, eventsJson, now])
      let stored = first?.doc
      let freshIds = new Set(first?.fresh ?? [])
      if (!stored) {
        await query(CREATE_PROGRESS, [...key, JSON.stringify(emptyProgress(userId)), now])
        const [row] = await query<{ doc: Progress }>(LOCK_PROGRESS, key)
        stored = row?.doc ?? emptyProgress(userId)
        const fresh = events.length === 0 ? [] : await query<{ event_id: string }>(INSERT_EVENTS, [...key, eventsJson, now])
        freshIds = new Set(fresh.map((r) => r.event_id))
      }
      const inserted = events.filter((e) => freshIds.has(e.id))
      const duplicates = events.filter((e) => !freshIds.has(e.id)).map((e) => e.id)
      if (inserted.length === 0 && !client) return { inserted, duplicates, progress: stored }

      const progress = mergeBatch(stored, inserted, client)
      const progressJson = JSON.stringify(progress)
      // The traits the engine reads: this batch's, else the stored ones (only needed with a journey).
      const known = traits ?? (input.journey ? (await query<{ traits: Traits }>(GET_TRAITS, key))[0]?.traits ?? {} : {})
      await query(SAVE_PROGRESS, [...key, progressJson, now, watchTime(input.journey, progress, known, now, now)])
      const notices = noticesOf(inserted).map((draft) => outboxRow(draft, traits, now))
      if (notices.length > 0) await query(INSERT_NOTICES, [...key, JSON.stringify(notices), now])
      await saveUser(query, input, progress, known)
      return { inserted, duplicates, progress, progressJson }
    }))
  }

  const getProgress = async (journeyId: string, userId: string): Promise<Progress | null> => {
    await ready()
    const [row] = await driver.query<{ doc: Progress }>(GET_PROGRESS, [journeyId, userId])
    return row?.doc ?? null
  }

  const claimNotices = async ({ now, until, limit }: { now: number; until: number; limit: number }) => {
    await ready()
    const rows = await driver.query<NoticeRow>(CLAIM_NOTICES, [now, until, limit])
    return rows.map((r): PendingNotice => ({
      kind: r.kind, journeyId: r.journey_id, userId: r.user_id, event: r.body.event,
      attempts: Number(r.attempts), ...(r.body.traits ? { traits: r.body.traits } : {}),
      ...(r.body.levels ? { levels: r.body.levels } : {}),
    }))
  }

  return {
    ingest,
    getProgress,
    claimNotices,
    watchDue: async (options, plan) => {
      await ready()
      // A user the watch escalated gets their figures (the escalation level) refreshed in the same transaction.
      return driver.transaction((query) => watchDue(query, options, plan, async (q, { user, progress }, { journey }, now) => {
        if (journey) await saveUser(q, { journeyId: user.journeyId, userId: user.userId, journey, events: [], now }, progress, user.traits)
      }))
    },
    getUser: async (journeyId, userId) => {
      await ready()
      return getUser(driver.query, journeyId, userId)
    },
    countNotices: async (journeyId, userId, kind, since) => {
      await ready()
      return countNotices(driver.query, journeyId, userId, kind, since)
    },
    query: async (sql, params) => {
      await ready()
      const settings = options.querySettings
      if (!settings) return driver.query(sql, params)
      return driver.transaction(async (q) => {
        await q(settings)
        return q(sql, params)
      })
    },
    settleNotice: async (notice, settlement) => {
      const key = [notice.journeyId, notice.userId, notice.event.id]
      await (settlement.delivered
        ? driver.query(MARK_DELIVERED, [...key, settlement.now, settlement.attempts])
        : driver.query(MARK_FAILED, [...key, settlement.retryAt, settlement.attempts, settlement.error.slice(0, 500)]))
    },
    close: () => driver.close(),
  }
}
