/**
 * What the sync handler needs from a store, and the merge every store applies inside its write.
 * Stores: memory (tests), PGlite and PostgreSQL (one SQL module for both).
 */
import { DELEGATED, foldEvents, mergeProgress } from '../core'
import type { Journey, Progress, ProgressEvent, Traits } from '../core/types'
import type { CoveredLevel, NoticeDraft } from './notices'
import type { Query } from './sql'

/** One batch to apply: valid events (ids unique), plus the client's document when it sent one. */
export interface IngestInput {
  journeyId: string
  userId: string
  events: readonly ProgressEvent[]
  progress?: Progress
  traits?: Traits
  /**
   * The journey file of `journeyId`, when the handler knows it: SQL stores then also write what the
   * dashboard's figures read (see docs/dashboard.md). Without it only the user's traits are kept.
   */
  journey?: Journey
  /** Server time, epoch ms. */
  now: number
}

export interface IngestResult {
  /** Events seen for the first time: applied now, in request order. */
  inserted: ProgressEvent[]
  /** Ids already applied by an earlier delivery: acked, not applied again. */
  duplicates: string[]
  /** The stored document after the merge. */
  progress: Progress
  /** The same document as JSON, when the store made it anyway: the answer reuses it. */
  progressJson?: string
}

/** Events routed to people: an `escalation`, or a step handed to a colleague. */
export type NoticeKind = 'escalation' | 'delegate'

/** A notice waiting in the outbox for the webhook forwarder, claimed for a while. */
export interface PendingNotice {
  kind: NoticeKind
  journeyId: string
  userId: string
  event: ProgressEvent
  traits?: Traits
  /** Escalations: the levels this notice stands for, when it covers several fallen due at once. */
  levels?: CoveredLevel[]
  /** Delivery attempts made before this claim. */
  attempts: number
}

export type Settlement =
  | { delivered: true; attempts: number; now: number }
  | { delivered: false; attempts: number; retryAt: number; error: string }

/** Storage behind `createSyncHandler`: every write applies each event id once per (journey, user). */
export interface SyncStore {
  /** Records new event ids, folds the new events and the client's document into the stored one. */
  ingest(input: IngestInput): Promise<IngestResult>
  /** The stored document, or null when this user has none yet. */
  getProgress(journeyId: string, userId: string): Promise<Progress | null>
  /** Takes up to `limit` due, undelivered notices and hides them from other claimers until `until`. */
  claimNotices(options: { now: number; until: number; limit: number }): Promise<PendingNotice[]>
  /** Marks a claimed notice delivered, or schedules its next try. */
  settleNotice(notice: PendingNotice, settlement: Settlement): Promise<void>
  /**
   * The server watch (watcher.ts): claims up to `limit` users whose next change (`nextChange`) is at
   * or before `now`, hidden from other watchers and batches until done; calls `plan` for each, records
   * the planned events exactly like `ingest` (ids already known are skipped), writes the outbox and
   * each user's next change, all in one transaction. @see createWatcher
   */
  watchDue?(options: WatchOptions, plan: (user: WatchedUser) => WatchPlan): Promise<WatchOutcome[]>
  /** A user's document, traits and last receive time, or null when unknown. */
  getUser?(journeyId: string, userId: string): Promise<WatchedUser | null>
  /** How many notices of `kind` the outbox got for this user since `since` (server time). */
  countNotices?(journeyId: string, userId: string, kind: NoticeKind, since: number): Promise<number>
  /**
   * Runs one statement on the store's database, once its tables exist. SQL stores only: the
   * dashboard's figures read through it, so they need PGlite or PostgreSQL.
   */
  query?: Query
  close(): Promise<void>
}

/** One user as the watch sees them. */
export interface WatchedUser {
  journeyId: string
  userId: string
  progress: Progress
  traits: Traits
  /** When the server last received a batch of this user (`inactive` counts from it), or null. */
  seenAt: number | null
}

export interface WatchOptions {
  now: number
  limit: number
  /** Only these journeys; the others wait for a watcher that knows them. @default all */
  journeyIds?: readonly string[]
}

/** What the watch does for one claimed user: events to record, and when to look again. */
export interface WatchPlan {
  events: ProgressEvent[]
  /** The user's journey: SQL stores then refresh the dashboard's figures of a user who changed. */
  journey?: Journey
  /** The next look, from the document after the events: epoch ms, or null for never (until the next sync). */
  next: (progress: Progress) => number | null
}

export interface WatchOutcome {
  user: WatchedUser
  /** The planned events recorded now (the others were known already). */
  inserted: ProgressEvent[]
  progress: Progress
  /** What went into the outbox. */
  notices: NoticeDraft[]
}

/** The step-delegation event: `track('step:delegated', { stepId, to, note })` (the core's name). */
export { DELEGATED }

/** Whether an event goes to people, and how. */
export const noticeKind = (event: ProgressEvent): NoticeKind | null =>
  event.type === 'escalation' ? 'escalation' : event.type === 'track' && event.name === DELEGATED ? 'delegate' : null

/** The merge every store runs in its write: new events folded in, then the client's document merged. */
export const mergeBatch = (stored: Progress, inserted: readonly ProgressEvent[], client?: Progress): Progress => {
  const folded = inserted.length > 0 ? foldEvents(stored, inserted) : stored
  return client ? mergeProgress(folded, client) : folded
}
