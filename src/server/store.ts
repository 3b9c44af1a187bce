/**
 * What the sync handler needs from a store, and the merge every store applies inside its write.
 * Stores: memory (tests), PGlite and PostgreSQL (one SQL module for both).
 */
import { DELEGATED, emptyProgress, foldEvents, mergeProgress } from '../core'
import type { AccountContext, Journey, Progress, ProgressEvent, Traits } from '../core/types'
import type { CoveredLevel, NoticeDraft } from './notices'
import type { Query } from './sql'

/** Whose document a write is about: a user's own (the default), or an account's shared one. */
export type Subject = 'user' | 'account'

/** One batch to apply: valid events (ids unique), plus the client's document when it sent one. */
export interface IngestInput {
  journeyId: string
  /** The document's owner: the user, or with `scope: 'account'` the account (its id). */
  userId: string
  /** `account`: the batch is the account's document (`userId` holds the account id). @default the user's */
  scope?: Subject
  /** A user's batch: the account the user is a member of (recorded in `milepost_users.account_id`). */
  accountId?: string
  /** A user's batch: the account's traits, kept in `milepost_accounts`. */
  accountTraits?: Traits
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
  /** Owner notices the batch recorded for the first time (escalations and delegations come from `inserted`). */
  notices?: NoticeDraft[]
}

/** Events routed to people: an `escalation`, a step handed to a colleague, or a milestone's owner told. */
export type NoticeKind = 'escalation' | 'delegate' | 'owner'

/** Why a milestone's owner and collaborators are told. */
export type OwnerReason = 'completed' | 'due-soon' | 'overdue'

/**
 * The record of one owner notice: not a progress event (nothing in the document changes), but kept
 * in the outbox like one, with a deterministic id `owner:<epoch>:<milestone>:<reason>`, so it is
 * recorded once per user (once per account for an account milestone).
 */
export interface OwnerEvent {
  id: string
  type: 'owner'
  milestoneId: string
  reason: OwnerReason
  /** The route names told: the milestone's owner first, then its collaborators. */
  notify: string[]
  at: number
  epoch?: number
}

/** What an outbox row carries: a progress event, or an owner notice's record. */
export type NoticeEvent = ProgressEvent | OwnerEvent

/** A notice waiting in the outbox for the webhook forwarder, claimed for a while. */
export interface PendingNotice {
  kind: NoticeKind
  journeyId: string
  /** The user, or for a notice of an account's document, the account id (and `accountId` is set). */
  userId: string
  /** Set when the notice is the account's (an account ladder, an account milestone's owner). */
  accountId?: string
  event: NoticeEvent
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
  /**
   * The stored document, or null when this user has none yet. With `scope: 'account'`, the account's
   * (`userId` holds the account id), its `firstSeen` no later than its first member's.
   */
  getProgress(journeyId: string, userId: string, scope?: Subject): Promise<Progress | null>
  /**
   * Takes up to `limit` due, undelivered notices (of `journeyIds` only, when given) and hides them
   * from other claimers until `until`.
   */
  claimNotices(options: { now: number; until: number; limit: number; journeyIds?: readonly string[] }): Promise<PendingNotice[]>
  /** Marks a claimed notice delivered, or schedules its next try. */
  settleNotice(notice: PendingNotice, settlement: Settlement): Promise<void>
  /**
   * The server watch (watcher.ts): claims up to `limit` users whose next change (`nextChange`) is at
   * or before `now`, hidden from other watchers and batches until done; calls `plan` for each, records
   * the planned events exactly like `ingest` (ids already known are skipped), writes the outbox and
   * each user's next change, all in one transaction. @see createWatcher
   */
  watchDue?(options: WatchOptions, plan: (user: WatchedUser) => WatchPlan): Promise<WatchOutcome[]>
  /**
   * The watch starts with `version` (journeyVersion) of a journey file: when the store's next looks
   * of that journey were computed with another version (or none is recorded), every user and
   * account of the journey is made due at `now` (in batches), then `version` is recorded. Resolves
   * with how many were made due (0 when the version is the recorded one). @see createWatcher
   */
  watchJourney?(journeyId: string, version: string, now: number): Promise<number>
  /** The journeys this store holds documents of (a watcher with a lookup function checks each one's version). */
  storedJourneys?(): Promise<string[]>
  /** A user's document, traits, account and last receive time (an account's with `scope: 'account'`), or null when unknown. */
  getUser?(journeyId: string, userId: string, scope?: Subject): Promise<WatchedUser | null>
  /** How many notices of `kind` the outbox got for this user since `since` (server time). */
  countNotices?(journeyId: string, userId: string, kind: NoticeKind, since: number): Promise<number>
  /**
   * Erases a user (a data-subject request, docs/privacy.md): their events, their own notices
   * (delivered or not), their traits and account membership (`milepost_users`), in one journey or,
   * without `journeyId`, in every journey. Their document becomes an empty one in the next epoch (a
   * tombstone holding only the id and the epoch): a browser that still holds the old document takes
   * the newer epoch at its next sync and starts over from it (its old entries stay in its storage,
   * unread, until a wipe), and never pushes them back; events of the old epoch it still sends are
   * acknowledged and not stored. Account documents and other users'
   * events that name the user (a teammate's "Ask a teammate" to their email) are not touched.
   */
  eraseUser?(userId: string, journeyId?: string): Promise<ErasedUser>
  /**
   * Runs one statement on the store's database, once its tables exist. SQL stores only: the
   * dashboard's figures read through it, so they need PGlite or PostgreSQL.
   */
  query?: Query
  close(): Promise<void>
}

/** What `eraseUser` took away. */
export interface ErasedUser {
  /** The journeys the user had a document in (each now a tombstone). */
  journeys: string[]
  events: number
  notices: number
}

/** The document that takes an erased user's place: empty, in the epoch after theirs. */
export const tombstone = (userId: string, doc: Progress | null | undefined): Progress =>
  emptyProgress(userId, (Number.isSafeInteger(doc?.epoch) ? doc!.epoch : 0) + 1)

/** One user (or one account) as the watch sees them. */
export interface WatchedUser {
  journeyId: string
  /** The user, or with `scope: 'account'` the account id. */
  userId: string
  /** `account`: an account's document; its ladders and owner notices are the account's. */
  scope?: Subject
  progress: Progress
  /** The user's traits (an account's own traits for an account). */
  traits: Traits
  /** A user's account: its document and traits, which the user's state reads. */
  account?: AccountContext
  /** An account: its members' ids, for its notices. */
  members?: string[]
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
  /** Owner notices to record (once each: ids already in the outbox are skipped). */
  owners?: OwnerEvent[]
  /** The user's journey: SQL stores then refresh the dashboard's figures of a user who changed, or whose figures follow another file. */
  journey?: Journey
  /** Make the user's figures again even if nothing changed (the first look after the watch's journey file changed). */
  refresh?: boolean
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

/** An account's document with its `firstSeen` no later than `firstSeen` (its first member's), as stores serve it. */
export const stamped = (doc: Progress, firstSeen: number | null | undefined): Progress =>
  firstSeen != null && isFinite(firstSeen) && !(doc.firstSeen! <= firstSeen) ? { ...doc, firstSeen } : doc

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
