/**
 * The store over any PostgreSQL-speaking driver (PGlite or pg): exactly-once application by event id,
 * one transaction per batch, and the escalation outbox written in that same transaction.
 */
import { emptyProgress } from '../core'
import { DAY } from '../core/limits'
import type { AccountContext, Progress, Traits } from '../core/types'
import { factsOf, factsRow } from './facts'
import {
  ACCOUNT_MEMBERS, ANALYZE_FIGURES, CREATE_ACCOUNT_PROGRESS, CLAIM_NOTICES, GET_ACCOUNT, GET_ACCOUNT_PROGRESS, GET_TRAITS, INSERT_NEW_NOTICES, MARK_DELIVERED, MARK_FAILED,
  MIGRATE, SAVE_ACCOUNT, SAVE_FACTS, SAVE_USER, SET_ACCOUNT_WATCH, SET_MEMBER, SET_WATCH, statementsOf,
  GET_WATCH_VERSION, SCHEMA_IN_PLACE, SCHEMA_VERSION, SET_WATCH_VERSION, STORED_JOURNEYS,
  ERASE_EVENTS, ERASE_LOCK, ERASE_NOTICES, ERASE_TOMBSTONE, ERASE_USERS,
} from './sql'
import type { Query, SqlDriver } from './sql'
import { noticesOf, outboxRow, ownerDrafts } from './notices'
import type { NoticeDraft } from './notices'
import { ingestOwners, MAX_OWNER_NOTICES_PER_DAY } from './owners'
import { mergeBatch, stamped, tombstone } from './store'
import type { SubjectView } from './subject'
import { watchTime } from './watch-time'
import { countNotices, getUser, watchDue } from './sql-watch'
import { isConflict } from './unavailable'
import type { CoveredLevel } from './notices'
import type { IngestInput, IngestResult, NoticeEvent, NoticeKind, PendingNotice, SyncStore } from './store'

interface NoticeRow {
  journey_id: string
  user_id: string
  account_id: string | null
  kind: NoticeKind
  body: { event: NoticeEvent; traits?: Traits; levels?: CoveredLevel[] }
  attempts: number | string
}

interface AccountRow {
  traits: Traits | null
  first_seen: string | number | null
  doc: Progress | null
  seen_at?: string | number | null
  watch_at?: string | number | null
}

/** Runs of one transaction that lost a race, the last one's error thrown. */
const CONFLICT_TRIES = 3

/** Rows made due per statement when the watch's journey file changed (watchJourney). */
const MARK_BATCH = 5000

const USER = statementsOf(false)
const ACCOUNT = statementsOf(true)

/** An account row as the engine reads it: its document stamped with its first member's start. */
export const accountContext = (id: string, row: AccountRow | undefined): AccountContext => ({
  id, traits: row?.traits ?? {},
  progress: stamped(row?.doc ?? emptyProgress(id), row?.first_seen == null ? null : Number(row.first_seen)),
})

const whole = (t: number | undefined) => (t == null || !isFinite(t) ? null : Math.floor(t))

/** JSON for bigint columns: whole milliseconds, and null for what is not a finite number. */
const wholeTimes = (_: string, v: unknown): unknown => (typeof v === 'number' ? (isFinite(v) ? Math.floor(v) : null) : v)

/**
 * Keeps the user's row (traits, first and last seen) and, with the journey, the facts the dashboard
 * reads, in the batch's transaction. Facts the engine cannot make (no day 0 yet) are left as they were.
 */
const saveUser = async (query: Query, input: IngestInput, progress: Progress, traits: Traits, account?: AccountContext): Promise<void> => {
  const { journeyId, userId, journey, now } = input
  const key = [journeyId, userId]
  const traitsJson = input.traits ? JSON.stringify(input.traits) : null
  let facts = null
  if (journey) {
    try {
      facts = factsOf(journey, progress, traits, now, account)
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

/**
 * A query whose rows' `doc` documents are whole: the sync protocol's least document
 * (`{ v, userId, epoch, steps }`, docs/sync-protocol.md) may sit in a row a team wrote itself, or
 * one from before a section existed; every section it leaves out is read as empty. Without this,
 * folding a batch into it threw (a 500 at every retry) and the watch stopped watching its user.
 */
const wholeDocs = (query: Query): Query => async <R>(sql: string, params?: readonly unknown[]) => {
  const rows = await query<R>(sql, params)
  // A script of several statements (`querySettings`) answers no rows list with `pg`: left as it is.
  if (Array.isArray(rows)) for (const row of rows as Array<{ doc?: Record<string, unknown> | null }>) {
    const doc = row?.doc
    if (doc && typeof doc == 'object') for (const [k, empty] of Object.entries(EMPTY)) if (doc[k] == null) doc[k] = typeof empty == 'object' ? {} : empty
  }
  return rows
}
const EMPTY = emptyProgress('')

/** Builds a `SyncStore` on a driver; tables are created on first use. */
export const createSqlStore = (given: SqlDriver, options: SqlStoreOptions = {}): SyncStore => {
  // Work that lost a race (a deadlock, a serialization failure) is run again: PostgreSQL rolled it
  // back whole, a transaction or a statement on its own (marking a notice delivered, the watch's
  // version), and the other side has its locks by now.
  const again = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let tries = 1; ; tries++) {
      try {
        return await work()
      } catch (error) {
        if (!isConflict(error) || tries >= CONFLICT_TRIES) throw error
      }
    }
  }
  const docs = wholeDocs(given.query)
  const driver: SqlDriver = {
    ...given,
    query: (sql, params) => again(() => docs(sql, params)),
    transaction: (work) => again(() => given.transaction((query) => work(wholeDocs(query)))),
  }
  let migrated: Promise<void> | undefined
  let writes = 0
  const counted = <T>(result: T): T => {
    if (options.analyzeEvery && ++writes % options.analyzeEvery === 0) void driver.exec(ANALYZE_FIGURES).catch(() => undefined)
    return result
  }
  const ready = (): Promise<void> => {
    // The DDL only when the schema is not in place: on a live database it waits for running batches.
    migrated ??= driver.query<{ ok: boolean | null }>(SCHEMA_IN_PLACE, [SCHEMA_VERSION])
      .then(([row]) => (row?.ok ? undefined : driver.exec(MIGRATE)))
      .catch((error: unknown) => {
        migrated = undefined // a database that was down at first use is retried on the next call
        throw error
      })
    return migrated
  }

  const ingest = async (input: IngestInput): Promise<IngestResult> => {
    const { journeyId, userId, events, progress: client, traits, now } = input
    const shared = input.scope === 'account'
    const sql = shared ? ACCOUNT : USER
    await ready()
    return counted(await driver.transaction(async (query) => {
      const key = [journeyId, userId]
      const eventsJson = JSON.stringify(events)
      const [first] = await query<{ doc: Progress | null; fresh: string[] }>(sql.LOCK_AND_INSERT, [...key, eventsJson, now])
      let stored = first?.doc
      let freshIds = new Set(first?.fresh ?? [])
      if (!stored) {
        await query(sql.CREATE_PROGRESS, [...key, JSON.stringify(emptyProgress(userId)), now])
        const [row] = await query<{ doc: Progress }>(sql.LOCK_PROGRESS, key)
        stored = row?.doc ?? emptyProgress(userId)
        const fresh = events.length === 0 ? [] : await query<{ event_id: string }>(sql.INSERT_EVENTS, [...key, eventsJson, now])
        freshIds = new Set(fresh.map((r) => r.event_id))
      }
      const inserted = events.filter((e) => freshIds.has(e.id))
      const duplicates = events.filter((e) => !freshIds.has(e.id)).map((e) => e.id)
      // A batch with nothing new still counts: the user was seen now (`seen_at`, which `inactive`
      // reads) and its traits are the user's (an audience they left stops their ladder), as the
      // memory store does.

      let progress = mergeBatch(stored, inserted, client)
      let view: SubjectView
      let known: Traits = {}
      if (shared) {
        // The account's own row (traits, its first member's start) is its members' to write: only read here.
        const [row] = await query<AccountRow>(GET_ACCOUNT, key)
        progress = stamped(progress, row?.first_seen == null ? null : Number(row.first_seen))
        view = { scope: 'account', traits: row?.traits ?? {} }
      } else {
        // The traits the engine reads: this batch's, else the stored ones (only needed with a journey).
        known = traits ?? (input.journey ? (await query<{ traits: Traits }>(GET_TRAITS, key))[0]?.traits ?? {} : {})
        let account: AccountContext | undefined
        if (input.accountId !== undefined) {
          const acc = [journeyId, input.accountId]
          await query(SAVE_ACCOUNT, [...acc, input.accountTraits ? JSON.stringify(input.accountTraits) : null, whole(progress.firstSeen), whole(progress.lastSeen), now])
          const [row] = await query<AccountRow>(GET_ACCOUNT, acc)
          account = accountContext(input.accountId, row)
          // The account's next look reads its traits and its start (its earliest member): this batch
          // may have moved either, so it is computed again, as the watch computes it.
          const seen = row?.seen_at == null ? null : Number(row.seen_at)
          const next = watchTime(input.journey, input.accountId, account.progress, { scope: 'account', traits: account.traits ?? {} }, seen, now)
          if (!row?.doc) await query(CREATE_ACCOUNT_PROGRESS, [...acc, JSON.stringify(emptyProgress(input.accountId)), now, next])
          else if ((row.watch_at == null ? null : Number(row.watch_at)) !== next) await query(SET_ACCOUNT_WATCH, [...acc, next])
        }
        view = { scope: 'user', traits: known, account }
      }
      const progressJson = JSON.stringify(progress)
      await query(sql.SAVE_PROGRESS, [...key, progressJson, now, watchTime(input.journey, userId, progress, view, now, now)])
      const drafts = noticesOf(inserted).map((draft) => outboxRow(draft, shared ? undefined : traits, now))
      if (drafts.length > 0) await query(sql.INSERT_NOTICES, [...key, JSON.stringify(drafts), now])
      const made = ownerDrafts(ingestOwners(input.journey, userId, stored, progress, view, now))
      const owners = made.length && (await countNotices(query, journeyId, userId, 'owner', now - DAY)) >= MAX_OWNER_NOTICES_PER_DAY ? [] : made
      let notices: NoticeDraft[] = []
      if (owners.length > 0) {
        const rows = owners.map((draft) => outboxRow(draft, shared ? undefined : traits, now))
        const fresh = new Set((await query<{ event_id: string }>(shared ? sql.INSERT_NOTICES : INSERT_NEW_NOTICES, [...key, JSON.stringify(rows), now])).map((r) => r.event_id))
        notices = owners.filter((d) => fresh.has(d.event.id))
      }
      if (shared) await refreshMembers(query, input, progress, view.traits)
      else {
        await saveUser(query, input, progress, known, view.account)
        if (input.accountId !== undefined) await query(SET_MEMBER, [...key, input.accountId])
      }
      return { inserted, duplicates, progress, progressJson, ...(notices.length ? { notices } : {}) }
    }))
  }

  /**
   * The account's document changed: its members' figures and next looks read it, so both are
   * refreshed in the same transaction (each member's progress row before their users row, the order
   * the watch and the members' own batches take too).
   */
  const refreshMembers = async (query: Query, input: IngestInput, doc: Progress, traits: Traits): Promise<void> => {
    const { journey, journeyId, userId: accountId, now } = input
    if (!journey) return
    const account: AccountContext = { id: accountId, progress: doc, traits }
    const members = await query<{ user_id: string; traits: Traits | null; doc: Progress; seen_at: string | number | null }>(ACCOUNT_MEMBERS, [journeyId, accountId])
    if (members.length === 0) return
    const next = members.map((m) => ({
      u: m.user_id, next: watchTime(journey, m.user_id, m.doc, { scope: 'user', traits: m.traits ?? {}, account }, m.seen_at == null ? null : Number(m.seen_at), now),
    }))
    await query(SET_WATCH, [journeyId, JSON.stringify(next)])
    for (const m of members) await saveUser(query, { journeyId, userId: m.user_id, journey, events: [], now }, m.doc, m.traits ?? {}, account)
  }

  const getProgress = async (journeyId: string, userId: string, scope?: 'user' | 'account'): Promise<Progress | null> => {
    await ready()
    if (scope === 'account') {
      const [row] = await driver.query<{ doc: Progress | null; first_seen: string | number | null }>(GET_ACCOUNT_PROGRESS, [journeyId, userId])
      return row?.doc || row?.first_seen != null ? accountContext(userId, { ...row!, traits: null }).progress : null
    }
    const [row] = await driver.query<{ doc: Progress }>(USER.GET_PROGRESS, [journeyId, userId])
    return row?.doc ?? null
  }

  const claimNotices = async ({ now, until, limit, journeyIds }: { now: number; until: number; limit: number; journeyIds?: readonly string[] }) => {
    await ready()
    const rows = await driver.query<NoticeRow>(CLAIM_NOTICES, [now, until, limit, journeyIds ? [...journeyIds] : null])
    return rows.map((r): PendingNotice => ({
      kind: r.kind, journeyId: r.journey_id, userId: r.user_id, event: r.body.event, ...(r.account_id ? { accountId: r.account_id } : {}),
      attempts: Number(r.attempts), ...(r.body.traits ? { traits: r.body.traits } : {}),
      ...(r.body.levels ? { levels: r.body.levels } : {}),
    }))
  }

  const eraseUser = async (userId: string, journeyId?: string) => {
    await ready()
    return driver.transaction(async (query) => {
      const key = [userId, journeyId ?? null]
      const docs = await query<{ journey_id: string; doc: Progress }>(ERASE_LOCK, key)
      const users = await query<{ journey_id: string }>(ERASE_USERS, key)
      const journeys = [...new Set([...docs, ...users].map((r) => r.journey_id))].sort()
      const count = async (sql: string, j: string) => Number((await query<{ n: number }>(sql, [j, userId]))[0]?.n ?? 0)
      let events = 0
      let notices = 0
      for (const j of journeys) (events += await count(ERASE_EVENTS, j)), (notices += await count(ERASE_NOTICES, j))
      const now = Date.now()
      for (const { journey_id, doc } of docs) await query(ERASE_TOMBSTONE, [journey_id, userId, JSON.stringify(tombstone(userId, doc)), now])
      return { journeys, events, notices }
    })
  }

  return {
    ingest,
    getProgress,
    eraseUser,
    claimNotices,
    watchDue: async (options, plan) => {
      await ready()
      // The figures of a user the watch escalated (the escalation level), or whose figures follow another
      // journey file than the watch's (after a change of the file, watchJourney makes everyone due),
      // are made again in the same transaction: users who never sync again stay on the dashboard.
      return driver.transaction((query) => watchDue(query, options, plan, async (q, { user, progress }, { journey }, now) => {
        if (!journey) return
        const input = { journeyId: user.journeyId, userId: user.userId, journey, events: [], now }
        // An account's new ladder level is in its members' figures.
        if (user.scope === 'account') await refreshMembers(q, { ...input, scope: 'account' }, progress, user.traits)
        else await saveUser(q, input, progress, user.traits, user.account)
      }))
    },
    watchJourney: async (journeyId, version, now) => {
      await ready()
      const [known] = await driver.query<{ version: string }>(GET_WATCH_VERSION, [journeyId])
      if (known?.version === version) return 0
      // Key-ordered batches, each its own statement: a large journey never holds all its rows at once,
      // and a crash before the version is recorded starts over at the next watcher's start.
      let marked = 0
      for (const sql of [USER, ACCOUNT]) {
        let last: string | null = null
        for (;;) {
          const keys: Array<{ id: string }> = await (last == null
            ? driver.query<{ id: string }>(sql.WATCH_KEYS_FIRST, [journeyId, MARK_BATCH])
            : driver.query<{ id: string }>(sql.WATCH_KEYS_NEXT, [journeyId, MARK_BATCH, last]))
          if (keys.length === 0) break
          const upto = keys[keys.length - 1]!.id
          const [row] = await (last == null
            ? driver.query<{ n: number }>(sql.WATCH_MARK_FIRST, [journeyId, now, upto])
            : driver.query<{ n: number }>(sql.WATCH_MARK_NEXT, [journeyId, now, upto, last]))
          marked += Number(row?.n ?? 0)
          last = upto
          if (keys.length < MARK_BATCH) break
        }
      }
      await driver.query(SET_WATCH_VERSION, [journeyId, version, now])
      return marked
    },
    storedJourneys: async () => {
      await ready()
      return (await driver.query<{ journey_id: string }>(STORED_JOURNEYS)).map((r) => r.journey_id)
    },
    getUser: async (journeyId, userId, scope) => {
      await ready()
      return getUser(driver.query, journeyId, userId, scope)
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
