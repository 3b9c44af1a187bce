/**
 * The server watch: every user whose escalations can have changed by time alone is evaluated with
 * the same `evaluate` the browser runs, and each due ladder level is recorded as the escalation event
 * the browser would have sent (same deterministic id, so whichever side is second is a duplicate),
 * then handed to the outbox the sync handler uses. A user who stalls and never comes back is still
 * escalated on time, exactly once per level.
 */
import { defaultLog } from './log'
import { escalationEventId, escalationKey } from '../core'
import { seenFrom } from '../core/next-change'
import type { Journey, ProgressEvent } from '../core/types'
import { journeyVersion } from './facts'
import { describeNotice, journeyLookup } from './notice'
import type { JourneyLookup, Notice } from './notice'
import type { OwnerEvent, SyncStore, WatchPlan, WatchedUser } from './store'
import { ownerEvents, ownsAny, runs, scopeOfView, stateOf } from './subject'
import type { SubjectView } from './subject'
import { LOOK_AGAIN, watchTime } from './watch-time'

export interface WatcherOptions {
  /** A store with `watchDue` (memory, PGlite, PostgreSQL). */
  store: SyncStore
  /** The journey files, as a list or by id (the same lookup the sync handler takes). */
  journeys: readonly Journey[] | JourneyLookup
  /** Each escalation notice the watch makes, once, after it is stored (the webhook forwarder sends the outbox too). */
  onEscalation?: (notice: Notice) => unknown
  /** Each owner notice the watch makes (a milestone's due-soon reminder or overdue), once, after it is stored. */
  onOwner?: (notice: Notice<'owner'>) => unknown
  /** The server clock, epoch ms. @default Date.now */
  now?: () => number
  /** @default console.error */
  log?: (message: string, error?: unknown) => void
  /** Users claimed per transaction (their syncs wait for it, well under a second). @default 500 */
  batchSize?: number
  /**
   * How long a lookup function may take to answer: past it the answer counts as failed for this
   * tick (the file before is kept), so a hung database read neither stops the watch nor `stop()`. @default 10000
   */
  lookupTimeoutMs?: number
}

export interface Watcher {
  /** Looks at every user who is due now; resolves with how many were checked and how many levels were recorded. */
  tick(): Promise<{ checked: number; escalations: number }>
  /** Ticks now and then every `intervalMs`. @default 60000 */
  start(intervalMs?: number): void
  /** Stops the timer and waits for a tick in progress. */
  stop(): Promise<void>
}

/** Safety net: a user whose next look would not move forward is looked at again after this long. */
const MIN_WAIT = 60_000
const MAX_ROUNDS = 10_000

/** How the watch evaluates a claimed user or account. */
export const viewOf = (user: WatchedUser): SubjectView =>
  user.scope == 'account' ? { scope: 'account', traits: user.traits } : { scope: 'user', traits: user.traits, account: user.account }

/**
 * The escalation events due for one user (or account) now: one per pending level, with the
 * browser's ids. A user with an account skips the ladders about account milestones, which their
 * account runs once for all its members; an account runs only those.
 */
export const dueEscalations = (journey: Journey, user: WatchedUser, now: number): ProgressEvent[] => {
  const progress = seenFrom(user.progress, user.seenAt ?? undefined)
  const view = viewOf(user)
  const scope = scopeOfView(view)
  const state = stateOf(journey, user.userId, progress, view, now)
  return state.nudges.filter((n) => runs(journey, n.milestone, scope)).flatMap((n) => n.escalations.filter((e) => e.pending).map((e): ProgressEvent => ({
    id: escalationEventId(progress.epoch, escalationKey(n.id, n.milestone, e.level)),
    type: 'escalation', nudgeId: n.id, ...(n.milestone ? { milestoneId: n.milestone } : {}),
    level: e.level, notify: e.notify, at: now, epoch: progress.epoch,
  })))
}

/**
 * Creates the server watch over a store.
 * @example
 * const watcher = createWatcher({ store, journeys: [journey], onEscalation: (n) => queue.push(n) })
 * watcher.start() // every minute
 */
export const createWatcher = (options: WatcherOptions): Watcher => {
  const { store, journeys, onEscalation, onOwner, batchSize = 500 } = options
  const now = () => Math.floor((options.now ?? Date.now)()) // whole milliseconds, as the stores keep times
  const log = options.log ?? defaultLog
  const watchDue = store.watchDue?.bind(store)
  if (!watchDue) throw new TypeError('createWatcher: this store has no watchDue (use the memory, PGlite or PostgreSQL store)')
  // The files or a function, as the handler's and the forwarder's (two files of one id refused; a
  // function's answers checked, timed out after lookupTimeoutMs, failures told once).
  const lookup = journeyLookup('createWatcher', journeys, { log, timeoutMs: options.lookupTimeoutMs })!
  const list = typeof journeys === 'function' ? null : journeys
  // The journeys known so far: the files, and what lookups found (a lookup's are listed as found).
  const known = new Map<string, Journey | null>(list?.map((j) => [j.id, j]))
  /** Journeys told as missing (told again once found and then missing again). */
  const warned = new Set<string>()
  const warnMissing = (id: string) => {
    if (warned.has(id)) return
    warned.add(id)
    log(`watch: no journey "${id}"; its users are looked at again hourly`)
  }
  /** Each journey's version this watcher has made sure of (watchJourney), by id. */
  const versioned = new Map<string, string>()
  /** Versions by file object: a lookup that answers the same object each tick is not hashed again. */
  const versions = new WeakMap<Journey, string>()
  const versionOf = (journey: Journey): string => {
    let v = versions.get(journey)
    if (v === undefined) versions.set(journey, (v = journeyVersion(journey)))
    return v
  }
  /** Journeys whose subjects this tick made due for a new file: their looks make the figures again too. */
  const changed = new Set<string>()
  let listed = list != null || !store.storedJourneys

  /**
   * With a lookup, each tick asks it again for every journey known so far: a file changed while the
   * watcher runs (a deploy, a file read per request) is the one its looks use from that tick on, and
   * a journey the lookup did not know may be known now. A lookup that fails (told once by the
   * lookup itself) keeps the file before.
   */
  const askAgain = async () => {
    if (list) return
    for (const id of known.keys()) {
      try {
        const journey = await lookup(id)
        if (journey) warned.delete(id)
        else warnMissing(id)
        known.set(id, journey ?? null)
      } catch {
        // Failed (thrown, late, not valid): told by the lookup; the file before is kept.
      }
    }
  }

  /**
   * Next looks are computed with the journey file of their time: when this watcher's file of a
   * journey is another one than the file they were computed with (at its start, or a lookup's new
   * answer later), every user and account of that journey is due now, once per file. A failure is
   * retried at the next round.
   */
  const checkVersions = async (at: number) => {
    if (!store.watchJourney) return
    try {
      if (!listed) {
        for (const id of await store.storedJourneys!()) {
          if (known.has(id)) continue
          // One the lookup does not know is asked again at each tick (askAgain).
          const journey = await lookup(id).catch(() => undefined)
          known.set(id, journey ?? null)
          if (!journey) warnMissing(id)
        }
        listed = true
      }
      for (const [id, journey] of known) {
        const version = journey && versionOf(journey)
        if (!version || versioned.get(id) === version) continue
        if ((await store.watchJourney(id, version, at)) > 0) changed.add(id)
        versioned.set(id, version)
      }
    } catch (error) {
      log('watch: checking the journey files\' versions failed; tried again at the next tick', error)
    }
  }

  const round = async (at: number) => {
    await checkVersions(at)
    const missing = new Set<string>()
    const plan = (user: WatchedUser): WatchPlan => {
      const journey = known.get(user.journeyId)
      if (journey === undefined) {
        missing.add(user.journeyId) // looked up after this round, then claimed again at once
        return { events: [], next: () => at }
      }
      if (journey === null) return { events: [], next: () => at + LOOK_AGAIN }
      let events: ProgressEvent[] = []
      let owners: OwnerEvent[] = []
      const view = viewOf(user)
      try {
        events = dueEscalations(journey, user, at)
        if (ownsAny(journey)) owners = ownerEvents(journey, stateOf(journey, user.userId, user.progress, view, at), user.progress.epoch, scopeOfView(view))
      } catch (error) {
        log(`watch: evaluating ${user.userId} on ${user.journeyId} failed`, error)
      }
      return {
        events,
        owners,
        journey,
        ...(changed.has(user.journeyId) ? { refresh: true } : {}),
        next: (progress) => {
          const t = watchTime(journey, user.userId, progress, view, user.seenAt, at)
          return t != null && t <= at ? at + MIN_WAIT : t
        },
      }
    }
    const outcomes = await watchDue({ now: at, limit: batchSize, ...(list ? { journeyIds: list.map((j) => j.id) } : {}) }, plan)
    for (const id of missing) {
      const journey = await lookup(id).catch(() => undefined)
      known.set(id, journey ?? null)
      if (!journey) warnMissing(id)
    }
    let recorded = 0
    for (const { user, inserted, progress, notices } of outcomes) {
      recorded += inserted.length
      for (const draft of notices) {
        const deliver = (draft.kind === 'owner' ? onOwner : onEscalation) as ((notice: Notice) => unknown) | undefined
        if (draft.covered || !deliver) continue
        const account = user.scope == 'account'
        const pending = {
          kind: draft.kind, journeyId: user.journeyId, userId: user.userId, event: draft.event, attempts: 0,
          ...(account ? { accountId: user.userId } : {}),
          ...(!account && Object.keys(user.traits).length ? { traits: user.traits } : {}), ...(draft.levels ? { levels: draft.levels } : {}),
        }
        try {
          // Told with the file this tick looked with (a lookup is asked once per tick, above).
          await deliver(await describeNotice(pending, progress, at, (id) => known.get(id) ?? undefined, { view: viewOf(user), ...(user.members ? { members: user.members } : {}) }))
        } catch (error) {
          log(`${draft.kind === 'owner' ? 'onOwner' : 'onEscalation'} failed for event ${draft.event.id}`, error)
        }
      }
    }
    return { claimed: outcomes.length, recorded, retry: missing.size > 0 }
  }

  const tickOnce = async () => {
    changed.clear()
    await askAgain()
    const tally = { checked: 0, escalations: 0 }
    const at = now()
    // Bounded: each round claims users due at `at`; each leaves with a next look after `at`.
    for (let i = 0; i < MAX_ROUNDS; i++) {
      const { claimed, recorded, retry } = await round(at)
      tally.checked += claimed
      tally.escalations += recorded
      if (claimed < batchSize && !retry) break
    }
    return tally
  }

  let running: Promise<{ checked: number; escalations: number }> | undefined
  let timer: ReturnType<typeof setInterval> | undefined
  const tick = () => {
    running ??= tickOnce().finally(() => (running = undefined))
    return running
  }
  const safeTick = () => void tick().catch((error: unknown) => log('watch tick failed', error))

  return {
    tick,
    start: (intervalMs = 60_000) => {
      if (timer) return
      safeTick()
      timer = setInterval(safeTick, intervalMs)
      timer.unref?.()
    },
    stop: async () => {
      if (timer) clearInterval(timer)
      timer = undefined
      await running?.catch(() => undefined)
    },
  }
}
