import { batch } from 'nanostores'
import { emptyProgress, mergeProgress, sanitizeProgress } from '../core/index'
import type { Journey, JourneyState, Progress } from '../core/index'
import type { FallbackStore } from '../adapters/storage'
import { openTabs } from '../adapters/tabs'
import { watchPageLife } from '../adapters/page-life'
import type { Stores, User } from '../stores/stores'
import { canonical } from '../sync/batch'
import { startSync } from '../sync/start'
import type { StartedSync } from '../sync/start'
import type { Draft, MilepostOptions } from './api'
import { applyDrafts } from './apply'
import type { Emitter } from './emitter'
import { escalationOf } from './escalation'
import { loadLater, loadProgress } from './load-progress'
import { userPrefix } from './progress-keys'
import { createSessions } from './sessions'
import { startTriggers } from './triggers'
import { createWriter } from './writer'

/** What every session of an instance shares: the journey, the stores, the storage, the host's options. */
export interface SessionContext {
  journey: Journey
  stores: Stores
  store: FallbackStore
  options: Readonly<MilepostOptions>
  /** The wall clock: `options.now` or `Date.now`. */
  clock: () => number
  emitter: Emitter
  fail: (error: unknown) => void
  /** Wraps a callback the browser calls so that it never throws (see guard.ts). */
  safe: <A extends unknown[]>(fn: (...args: A) => unknown) => (...args: A) => void
  /** Overdue milestones and escalation levels already told this page, per user: each once. */
  told: Set<string>
}

/** A started session: the user's (`startUserSession`) or a preview (`startPreviewSession`). */
export interface Session {
  /** Resolves true once the session's progress is in the stores; false when stopped before. */
  readonly shown: Promise<boolean>
  /** Resolves once the start is complete (what earlier pages saved aside has joined). */
  readonly ready: Promise<void>
  /** The session's clock (a preview's is fixed on its day). */
  now(): number
  /** Applies events at once, then stores them; resolves with the previous value of each key written. */
  dispatch(drafts: Draft[]): Promise<Map<string, unknown>>
  /** Activity (an action): counts sessions. */
  touch?(): void
  /** The storage fell back to another backend: what the stores hold is written there. */
  fellBack?(): void
  /** Resolves once everything done so far is stored (and, with sync, sent). */
  flush?(): Promise<void>
  /** Resolves once everything written so far is stored: the next session reads after it. */
  settled(): Promise<unknown>
  /** Undoes exactly what the start did: stores, listeners, tabs, sync, triggers. */
  stop(): void
}

const noop = () => {}

/**
 * Starts one user's session: reads their progress (`early`, when the instance began reading it
 * while the journey was validated), then keeps the stores, the other tabs, the sync endpoint and
 * the page's triggers in step with it, and fires what a state alone decides (overdue, escalations).
 * Switching users is `stop()` then a new session: nothing here outlives it.
 */
export const startUserSession = (
  ctx: SessionContext, user: User, after: Promise<unknown>, early?: readonly [prefix: string, read: Promise<[Progress, string[]]>],
): Session => {
  const { journey, stores, store, options, emitter, fail, safe, told } = ctx
  const { $progress, $state, $now, $user } = stores
  const { id } = user
  const prefix = userPrefix(journey.id, id)
  const stops: Array<() => void> = []
  const now = ctx.clock
  let stopped = false
  let loaded = false
  /** The user's whole progress is in: what an earlier page's fallback saved has joined. */
  let whole = false
  let sync: StartedSync | undefined
  let touch: () => void = noop

  /** Each distinct sync problem once to `on('sync:error')`, and one console warning in all. */
  const syncError = (message: string, status: number) => emitter.report('sync', message, { status }, 'sync:error')
  const tabs = openTabs(`milepost:${journey.id}:${id}`, safe((message) => {
    const other = loaded && !stopped && sanitizeProgress(message, id)
    if (!other) return
    $progress.set(mergeProgress($progress.get()!, other))
    sync?.poke() // the leader sends what another tab saved
  }))
  stops.push(() => tabs.close())
  const writer = createWriter(store, (_, doc) => !stopped && tabs.post(doc), (error) => emitter.report('storage', 'save failed: ' + error, { error }),
    (_, count) => (syncError(`outbox full: ${count} older events folded into the progress document, which the next sync sends`, 0), sync?.folded()))

  const dispatch = (drafts: Draft[]): Promise<Map<string, unknown>> => {
    const { events, changes } = applyDrafts(stores, drafts, now())
    if (options.debug) console.debug('[milepost]', events)
    return writer.write(prefix, id, events).then((olds) => {
      if (stopped) return olds
      sync?.changed(events, changes.events.some(([name]) => name == 'milestone:completed'))
      for (const [name, payload] of changes.events) emitter.emit(name, payload)
      return olds
    })
  }

  /** Merges progress from elsewhere (the server, an earlier page's fallback) and stores it. */
  const absorb = (other: Progress): Promise<unknown> | undefined => {
    const local = $progress.get()
    if (!loaded || stopped || !local) return
    const merged = mergeProgress(local, other)
    if (canonical(merged) == canonical(local)) return
    $progress.set(merged)
    return writer.writeDoc(prefix, other) // merged into each key; the other tabs are told
  }

  /**
   * Records the escalation, then emits it only if no tab or earlier page recorded it first: the
   * check happens inside the storage transaction, so it fires once per user.
   */
  const escalate = (state: JourneyState, nudge: JourneyState['nudges'][number], level: JourneyState['nudges'][number]['escalations'][number]) => {
    const { epoch } = $progress.get()!
    const { draft, key, context } = escalationOf(state, nudge, level, $user.get(), epoch)
    const mark = [id, epoch, key].join('\n')
    if (told.has(mark)) return
    told.add(mark)
    dispatch([draft]).then((olds) => {
      const old = sanitizeProgress(olds.get(key), context.user)
      if (!old || old.epoch < epoch || !Object.keys(old.escalations).length) emitter.emit('escalation', context)
    }).catch(fail)
  }

  /**
   * Fires what a state alone decides: overdue, escalations. They reach people and the host's
   * analytics, so only from the user's whole progress, once per state (after the change that made
   * it, in a microtask: an escalation is itself a change).
   */
  let queued = false
  const consequences = () => {
    if (queued) return
    queued = true
    queueMicrotask(safe(() => {
      queued = false
      const state = $state.get()
      if (stopped || !whole || !state) return
      for (const m of state.milestones) {
        if (m.status != 'overdue' || told.has(id + '\n' + m.id)) continue
        told.add(id + '\n' + m.id)
        emitter.emit('milestone:overdue', { milestoneId: m.id, daysOverdue: -(m.daysLeft ?? 0) })
      }
      for (const nudge of state.nudges) for (const level of nudge.escalations) if (level.pending) escalate(state, nudge, level)
    }))
  }

  let show: (ok: boolean) => void = noop
  const shown = new Promise<boolean>((resolve) => (show = resolve))
  const ready = (async () => {
    await after
    const [doc, aside] = await (early?.[0] === prefix ? early[1] : loadProgress(store, prefix, id))
    if (stopped) return
    if (aside.length) emitter.report('storage', 'corrupt progress set aside: ' + aside)
    batch(() => {
      $now.set(now())
      $progress.set(doc)
    })
    loaded = true
    stops.push(() => $progress.set(null), $state.listen(consequences))
    const sessions = createSessions(store, prefix + 'active', now, (sessionId) => void dispatch([{ type: 'session', sessionId }]).catch(fail))
    touch = safe(sessions.touch)
    if (options.endpoint) {
      const started = (sync = startSync({
        endpoint: options.endpoint, journeyId: journey.id, userId: id, prefix, store,
        traits: () => $user.get().traits, local: () => $progress.get() ?? emptyProgress(id), report: syncError, merge: absorb,
        ...(options.headers ? { headers: options.headers } : {}),
        ...(options.getHeaders ? { getHeaders: options.getHeaders } : {}),
      }))
      stops.push(() => started.stop())
    }
    stops.push(...startTriggers(journey, () => $progress.get() ?? emptyProgress(id), safe((sighting) => (touch(), dispatch([sighting]))), (selector, error) =>
      emitter.report('selector', `invalid selector ${selector}`, { error })))
    stops.push(watchPageLife({ visible: touch, hidden: safe(() => sync?.hidden()), online: safe(() => sync?.online()) }))
    show(true)
    await sessions.begin()
    // After the first state (the session's transaction put a task in between): what a fallback
    // saved on an earlier page (localStorage, when IndexedDB failed then) joins in and is written
    // to the backend that works now. init() and identify() resolve once it has.
    const theirs = await loadLater(store, prefix, id).catch(fail)
    if (stopped) return
    whole = true
    const joined = theirs && absorb(theirs) // a new state: its consequences follow
    if (joined) await joined
    else consequences()
  })().catch(fail).finally(() => show(false))

  return {
    shown,
    ready,
    now,
    dispatch,
    touch: () => touch(),
    fellBack() {
      const doc = loaded && !stopped && $progress.get()
      if (doc) void writer.writeDoc(prefix, doc) // what memory holds goes to the new backend
    },
    flush: () => writer.settled().then(() => sync?.flush()),
    settled: () => after.then(() => writer.settled()),
    stop() {
      if (stopped) return
      stopped = true
      show(false)
      batch(() => stops.reverse().forEach((stop) => stop()))
      stops.length = 0
    },
  }
}
