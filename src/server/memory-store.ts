/**
 * A store in memory with the same behaviour as the SQL ones, for unit tests only: it forgets
 * everything on restart. Each `ingest` runs without an await inside, so it is atomic in one process.
 */
import { emptyProgress } from '../core'
import { DAY } from '../core/limits'
import type { AccountContext, Progress, Traits } from '../core/types'
import { noticeBody, noticesOf, ownerDrafts } from './notices'
import type { NoticeDraft } from './notices'
import { mergeBatch, stamped, tombstone } from './store'
import type {
  IngestInput, IngestResult, NoticeKind, PendingNotice, Settlement, Subject, SyncStore, WatchOptions, WatchOutcome, WatchPlan, WatchedUser,
} from './store'
import { ingestOwners, MAX_OWNER_NOTICES_PER_DAY } from './owners'
import type { SubjectView } from './subject'
import { watchTime } from './watch-time'

interface Row {
  journeyId: string
  /** The user, or the account for `scope: 'account'`. */
  userId: string
  scope: Subject
  /** A user's account, from their latest batch naming one. */
  accountId: string | null
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
/** Users and accounts in separate key spaces: an account may share an id with a user. */
const rowKey = (journeyId: string, id: string, scope: Subject = 'user'): string => JSON.stringify([journeyId, scope, id])

interface AccountRow {
  traits: Traits
  firstSeen: number | null
  lastSeen: number | null
}

/**
 * Creates a store that keeps everything in memory.
 * @example
 * const handler = createSyncHandler({ store: createMemoryStore(), authorize })
 */
export const createMemoryStore = (): SyncStore => {
  const rows = new Map<string, Row>()
  /** The journey version each journey's next looks were computed with (watchJourney). */
  const versions = new Map<string, string>()
  const accounts = new Map<string, AccountRow>()
  const outbox = new Map<string, Outbox>()

  /** Records drafts; an id already in the outbox is kept as it is (owner notices are once each). */
  const addNotices = (row: Row, drafts: NoticeDraft[], traits: Traits | undefined, now: number): NoticeDraft[] => {
    const { journeyId, userId } = row
    return drafts.filter((draft) => {
      const key = keyOf(journeyId, userId, draft.event.id)
      if (outbox.has(key)) return false
      const { event, levels } = noticeBody(draft, traits)
      outbox.set(key, {
        kind: draft.kind, journeyId, userId, event, attempts: 0,
        createdAt: now, nextAt: now, claimedUntil: null, deliveredAt: draft.covered ? now : null,
        ...(row.scope == 'account' ? { accountId: userId } : {}),
        ...(traits ? { traits } : {}), ...(levels ? { levels } : {}),
      })
      return true
    })
  }

  const accountRow = (journeyId: string, accountId: string): AccountRow | undefined => accounts.get(rowKey(journeyId, accountId, 'account'))
  /** An account's document as served: stamped with its first member's start. */
  const accountDoc = (journeyId: string, accountId: string): Progress | null => {
    const doc = rows.get(rowKey(journeyId, accountId, 'account'))?.doc
    const first = accountRow(journeyId, accountId)?.firstSeen
    return doc ? stamped(doc, first) : first != null ? stamped(emptyProgress(accountId), first) : null
  }
  const accountOf = (journeyId: string, accountId: string | null): AccountContext | undefined => {
    if (accountId == null) return undefined
    return { id: accountId, progress: accountDoc(journeyId, accountId) ?? emptyProgress(accountId), traits: accountRow(journeyId, accountId)?.traits ?? {} }
  }
  const viewOf = (row: Row): SubjectView =>
    row.scope == 'account' ? { scope: 'account', traits: accountRow(row.journeyId, row.userId)?.traits ?? {} }
      : { scope: 'user', traits: row.traits, account: accountOf(row.journeyId, row.accountId) }

  const ingest = async (input: IngestInput): Promise<IngestResult> => {
    const { journeyId, userId, events, progress, traits, journey, now, scope = 'user' } = input
    const key = rowKey(journeyId, userId, scope)
    const row = rows.get(key) ?? {
      journeyId, userId, scope, accountId: null, doc: emptyProgress(userId), eventIds: new Set<string>(), traits: {}, seenAt: null, watchAt: null,
    }
    rows.set(key, row)
    const inserted = events.filter((e) => !row.eventIds.has(e.id))
    const duplicates = events.filter((e) => row.eventIds.has(e.id)).map((e) => e.id)
    for (const event of inserted) row.eventIds.add(event.id)
    const before = row.doc
    if (scope == 'account') {
      row.doc = stamped(mergeBatch(row.doc, inserted, progress), accountRow(journeyId, userId)?.firstSeen)
    } else {
      row.doc = mergeBatch(row.doc, inserted, progress)
      if (traits) row.traits = traits
      if (input.accountId !== undefined) {
        row.accountId = input.accountId
        const k = rowKey(journeyId, input.accountId, 'account')
        const a = accounts.get(k) ?? { traits: {}, firstSeen: null, lastSeen: null }
        accounts.set(k, {
          traits: input.accountTraits ?? a.traits,
          firstSeen: lo(a.firstSeen, row.doc.firstSeen), lastSeen: hi(a.lastSeen, row.doc.lastSeen),
        })
        // The account's document exists from its first member on, so the watch looks at the account.
        let acc = rows.get(k)
        if (!acc) {
          acc = {
            journeyId, userId: input.accountId, scope: 'account', accountId: null, doc: emptyProgress(input.accountId),
            eventIds: new Set(), traits: {}, seenAt: null, watchAt: null,
          }
          rows.set(k, acc)
        }
        // Its next look reads its traits and its start (its earliest member), which this batch may move.
        acc.watchAt = watchTime(journey, acc.userId, accountDoc(journeyId, acc.userId)!, viewOf(acc), acc.seenAt, now)
      }
    }
    row.seenAt = now
    const view = viewOf(row)
    row.watchAt = watchTime(journey, userId, row.doc, view, now, now)
    addNotices(row, noticesOf(inserted), scope == 'account' ? undefined : traits, now)
    const made = ownerDrafts(ingestOwners(journey, userId, before, row.doc, view, now))
    const owners = made.length && noticeCount(journeyId, userId, 'owner', now - DAY) >= MAX_OWNER_NOTICES_PER_DAY ? [] : made
    const notices = addNotices(row, owners, scope == 'account' ? undefined : traits, now)
    // An account's members read its document: their next look may move.
    if (scope == 'account') for (const m of rows.values()) if (m.journeyId == journeyId && m.scope == 'user' && m.accountId == userId) m.watchAt = watchTime(journey, m.userId, m.doc, viewOf(m), m.seenAt, now)
    return { inserted, duplicates, progress: row.doc, ...(notices.length ? { notices } : {}) }
  }

  const membersOf = (journeyId: string, accountId: string): string[] =>
    [...rows.values()].filter((m) => m.scope == 'user' && m.journeyId == journeyId && m.accountId == accountId).map((m) => m.userId).sort()
  const userOf = (row: Row): WatchedUser => {
    const view = viewOf(row)
    return {
      journeyId: row.journeyId, userId: row.userId, traits: view.traits, seenAt: row.seenAt,
      progress: row.scope == 'account' ? accountDoc(row.journeyId, row.userId)! : row.doc,
      ...(row.scope == 'account' ? { scope: 'account' as const, members: membersOf(row.journeyId, row.userId) } : {}),
      ...(view.account ? { account: view.account } : {}),
    }
  }

  // No await inside: a tick is atomic in one process, like a transaction.
  const watchDue = async ({ now, limit, journeyIds }: WatchOptions, plan: (user: WatchedUser) => WatchPlan): Promise<WatchOutcome[]> => {
    const due = [...rows.values()]
      .filter((r) => r.watchAt !== null && r.watchAt <= now && (!journeyIds || journeyIds.includes(r.journeyId)))
      .sort((a, b) => a.watchAt! - b.watchAt!)
      .slice(0, limit)
    return due.map((row) => {
      const user = userOf(row)
      const { events, next, owners = [] } = plan(user)
      const inserted = events.filter((e) => !row.eventIds.has(e.id))
      for (const event of inserted) row.eventIds.add(event.id)
      if (row.scope == 'account') row.doc = user.progress // stamped with its first member's start, as SQL stores keep it
      if (inserted.length > 0) row.doc = mergeBatch(row.doc, inserted)
      const traits = row.scope == 'user' && Object.keys(row.traits).length ? row.traits : undefined
      const notices = addNotices(row, [...noticesOf(inserted), ...ownerDrafts(owners)], traits, now)
      row.watchAt = next(row.doc)
      return { user, inserted, progress: row.doc, notices }
    })
  }

  /** Notices of a kind made for a user (or an account) since a moment, delivered or not. */
  const noticeCount = (journeyId: string, userId: string, kind: NoticeKind, since: number): number =>
    [...outbox.values()].filter((n) => n.journeyId === journeyId && n.userId === userId && n.kind === kind && n.createdAt >= since).length
  const countNotices = async (journeyId: string, userId: string, kind: NoticeKind, since: number): Promise<number> =>
    noticeCount(journeyId, userId, kind, since)
  const lo = (a: number | null, b: number | undefined): number | null => (b == null ? a : a == null ? b : Math.min(a, b))
  const hi = (a: number | null, b: number | undefined): number | null => (b == null ? a : a == null ? b : Math.max(a, b))

  const claimNotices = async ({ now, until, limit, journeyIds }: { now: number; until: number; limit: number; journeyIds?: readonly string[] }) => {
    const due = [...outbox.values()]
      .filter((n) => n.deliveredAt === null && n.nextAt <= now && (n.claimedUntil === null || n.claimedUntil <= now))
      .filter((n) => !journeyIds || journeyIds.includes(n.journeyId))
      // As the SQL stores: by time written, then the event's time, then its id.
      .sort((a, b) => a.createdAt - b.createdAt || a.event.at - b.event.at || (a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0))
      .slice(0, limit)
    for (const n of due) n.claimedUntil = until
    return due.map(({ kind, journeyId, userId, accountId, event, traits, levels, attempts }): PendingNotice =>
      ({ kind, journeyId, userId, event, attempts, ...(accountId ? { accountId } : {}), ...(traits ? { traits } : {}), ...(levels ? { levels } : {}) }))
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
    eraseUser: async (userId, journeyId) => {
      const journeys: string[] = []
      let events = 0
      let notices = 0
      for (const row of rows.values()) {
        if (row.scope != 'user' || row.userId !== userId || (journeyId !== undefined && row.journeyId !== journeyId)) continue
        journeys.push(row.journeyId)
        events += row.eventIds.size
        Object.assign(row, { doc: tombstone(userId, row.doc), eventIds: new Set(), traits: {}, accountId: null, seenAt: null, watchAt: null })
      }
      for (const [key, n] of outbox) {
        if (n.userId === userId && !n.accountId && (journeyId === undefined || n.journeyId === journeyId)) outbox.delete(key), notices++
      }
      return { journeys: journeys.sort(), events, notices }
    },
    getProgress: async (journeyId, userId, scope) =>
      scope == 'account' ? accountDoc(journeyId, userId) : rows.get(rowKey(journeyId, userId))?.doc ?? null,
    getUser: async (journeyId, userId, scope) => {
      const row = rows.get(rowKey(journeyId, userId, scope))
      return row ? userOf(row) : null
    },
    watchDue,
    watchJourney: async (journeyId, version, now) => {
      if (versions.get(journeyId) === version) return 0
      let marked = 0
      for (const row of rows.values()) {
        if (row.journeyId !== journeyId || (row.watchAt !== null && row.watchAt <= now)) continue
        row.watchAt = now
        marked++
      }
      versions.set(journeyId, version)
      return marked
    },
    storedJourneys: async () => [...new Set([...rows.values()].map((r) => r.journeyId))].sort(),
    countNotices,
    claimNotices,
    settleNotice,
    close: async () => {
      rows.clear()
      versions.clear()
      accounts.clear()
      outbox.clear()
    },
  }
}
