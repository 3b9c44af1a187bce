/**
 * A store in memory with the same behaviour as the SQL ones, for unit tests only: it forgets
 * everything on restart. Each `ingest` runs without an await inside, so it is atomic in one process.
 */
import { emptyProgress } from '../core'
import type { Progress } from '../core/types'
import { mergeBatch, noticeKind } from './store'
import type { IngestInput, IngestResult, PendingNotice, Settlement, SyncStore } from './store'

interface Row {
  doc: Progress
  eventIds: Set<string>
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

  const ingest = async ({ journeyId, userId, events, progress, traits, now }: IngestInput): Promise<IngestResult> => {
    const key = keyOf(journeyId, userId)
    const row = rows.get(key) ?? { doc: emptyProgress(userId), eventIds: new Set<string>() }
    rows.set(key, row)
    const inserted = events.filter((e) => !row.eventIds.has(e.id))
    const duplicates = events.filter((e) => row.eventIds.has(e.id)).map((e) => e.id)
    for (const event of inserted) row.eventIds.add(event.id)
    row.doc = mergeBatch(row.doc, inserted, progress)
    for (const event of inserted) {
      const kind = noticeKind(event)
      if (!kind) continue
      const notice: Outbox = {
        kind, journeyId, userId, event, attempts: 0,
        createdAt: now, nextAt: now, claimedUntil: null, deliveredAt: null,
        ...(traits ? { traits } : {}),
      }
      outbox.set(keyOf(journeyId, userId, event.id), notice)
    }
    return { inserted, duplicates, progress: row.doc }
  }

  const claimNotices = async ({ now, until, limit }: { now: number; until: number; limit: number }) => {
    const due = [...outbox.values()]
      .filter((n) => n.deliveredAt === null && n.nextAt <= now && (n.claimedUntil === null || n.claimedUntil <= now))
      .sort((a, b) => a.createdAt - b.createdAt)
      .slice(0, limit)
    for (const n of due) n.claimedUntil = until
    return due.map(({ kind, journeyId, userId, event, traits, attempts }): PendingNotice =>
      ({ kind, journeyId, userId, event, attempts, ...(traits ? { traits } : {}) }))
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
    claimNotices,
    settleNotice,
    close: async () => {
      rows.clear()
      outbox.clear()
    },
  }
}
