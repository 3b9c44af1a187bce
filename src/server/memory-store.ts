/**
 * A store in memory with the same behaviour as the SQL ones, for unit tests only: it forgets
 * everything on restart. Each `ingest` runs without an await inside, so it is atomic in one process.
 */
import { emptyProgress } from '../core'
import type { Progress, Traits } from '../core/types'
import { noticeBody, noticesOf } from './notices'
import type { NoticeDraft } from './notices'
import { mergeBatch } from './store'
import type { IngestInput, IngestResult, NoticeKind, PendingNotice, Settlement, SyncStore, WatchOptions, WatchOutcome, WatchPlan, WatchedUser } from './store'
import { unseen } from './sql-watch'
import { watchTime } from './watch-time'

interface Row {
  journeyId: string
  userId: string
  doc: Progress
  eventIds: Set<string>
  traits: Traits
  seenAt: number | null
  /** The watch's next look (nextChange), or null. */
  watchAt: number | null
}

interface Outbox extends PendingNotice {
  createdAt: number
  nextAt: number
  claimedUntil: number | null
  deliveredAt: number | null
  error?: string
}

const keyOf = (journeyId: string, userId: string, eventId = ''): string =>
  JSON.stringify([journeyId, userId, eventId])

/**
 * Creates a store that keeps everything in memory.
 * @example
 * const handler = createSyncHandler({ store: createMemoryStore(), authorize })
 */
export const createMemoryStore = (): SyncStore => {
  const rows = new Map<string, Row>()
  const outbox = new Map<string, Outbox>()

  const addNotices = (journeyId: string, userId: string, drafts: NoticeDraft[], traits: Traits | undefined, now: number) => {
    for (const draft of drafts) {
      const { event, levels } = noticeBody(draft, traits)
      const notice: Outbox = {
        kind: draft.kind, journeyId, userId, event, attempts: 0,
        createdAt: now, nextAt: now, claimedUntil: null, deliveredAt: draft.covered ? now : null,
        ...(traits ? { traits } : {}), ...(levels ? { levels } : {}),
      }
      outbox.set(keyOf(journeyId, userId, event.id), notice)
    }
  }

  const ingest = async ({ journeyId, userId, events, progress, traits, journey, now }: IngestInput): Promise<IngestResult> => {
    const key = keyOf(journeyId, userId)
    const row = rows.get(key) ?? { journeyId, userId, doc: emptyProgress(userId), eventIds: new Set<string>(), traits: {}, seenAt: null, watchAt: null }
    rows.set(key, row)
    const inserted = events.filter((e) => !row.eventIds.has(e.id))
    const duplicates = events.filter((e) => row.eventIds.has(e.id)).map((e) => e.id)
    for (const event of inserted) row.eventIds.add(event.id)
    row.doc = mergeBatch(row.doc, inserted, progress)
    if (traits) row.traits = traits
    row.seenAt = now
    row.watchAt = watchTime(journey, row.doc, row.traits, now, now)
    addNotices(journeyId, userId, noticesOf(inserted), traits, now)
    return { inserted, duplicates, progress: row.doc }
  }

  const userOf = (row: Row): WatchedUser =>
    ({ journeyId: row.journeyId, userId: row.userId, progress: row.doc, traits: row.traits, seenAt: row.seenAt })

  // No await inside: a tick is atomic in one process, like a transaction.
  const watchDue = async ({ now, limit, journeyIds }: WatchOptions, plan: (user: WatchedUser) => WatchPlan): Promise<WatchOutcome[]> => {
    const due = [...rows.values()]
      .filter((r) => r.watchAt !== null && r.watchAt <= now && (!journeyIds || journeyIds.includes(r.journeyId)))
      .sort((a, b) => a.watchAt! - b.watchAt!)
      .slice(0, limit)
    return due.map((row) => {
      const user = userOf(row)
      const { events, next } = plan(user)
      const inserted = events.filter((e) => !row.eventIds.has(e.id))
      for (const event of inserted) row.eventIds.add(event.id)
      if (inserted.length > 0) row.doc = unseen(mergeBatch(row.doc, inserted), row.doc)
      const notices = noticesOf(inserted)
      addNotices(row.journeyId, row.userId, notices, Object.keys(row.traits).length ? row.traits : undefined, now)
      row.watchAt = next(row.doc)
      return { user, inserted, progress: row.doc, notices }
    })
  }

  const countNotices = async (journeyId: string, userId: string, kind: NoticeKind, since: number): Promise<number> =>
    [...outbox.values()].filter((n) => n.journeyId === journeyId && n.userId === userId && n.kind === kind && n.createdAt >= since).length

  const claimNotices = async ({ now, until, limit }: { now: number; until: number; limit: number }) => {
    const due = [...outbox.values()]
      .filter((n) => n.deliveredAt === null && n.nextAt <= now && (n.claimedUntil === null || n.claimedUntil <= now))
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit)
    for (const n of due) n.claimedUntil = until
    return due.map(({ kind, journeyId, userId, event, traits, levels, attempts }): PendingNotice =>
      ({ kind, journeyId, userId, event, attempts, ...(traits ? { traits } : {}), ...(levels ? { levels } : {}) }))
  }

  const settleNotice = async (notice: PendingNotice, settlement: Settlement) => {
    const row = outbox.get(keyOf(notice.journeyId, notice.userId, notice.event.id))
    if (!row || row.deliveredAt !== null) return
    row.attempts += settlement.attempts
    row.claimedUntil = null
    if (settlement.delivered) row.deliveredAt = settlement.now
    else {
      row.nextAt = settlement.retryAt
      row.error = settlement.error
    }
  }

  return {
    ingest,
    getProgress: async (journeyId, userId) => rows.get(keyOf(journeyId, userId))?.doc ?? null,
    getUser: async (journeyId, userId) => {
      const row = rows.get(keyOf(journeyId, userId))
      return row ? userOf(row) : null
    },
    watchDue,
    countNotices,
    claimNotices,
    settleNotice,
    close: async () => {
      rows.clear()
      outbox.clear()
    },
  }
}
