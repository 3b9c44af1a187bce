import { batch } from 'nanostores'
import { DELEGATED, DISMISSED, emptyProgress, mergeProgress } from '../core/index'
import type { Journey, JourneyState, Progress } from '../core/index'
import { openStepWaits, pageLeaf } from '../core/triggers'
import type { FallbackStore } from '../adapters/storage'
import { watchPageLife } from '../adapters/page-life'
import { setLocal } from '../adapters/storage-local'
import { QUIET } from '../adapters/quiet-memory'
import type { Account, Stores, User } from '../stores/stores'
import type { Draft, MilepostOptions } from './api'
import { applyDrafts } from './apply'
import { openDocument } from './document'
import type { DocumentOptions, ProgressDocument } from './document'
import type { Emitter } from './emitter'
import { peekProgress } from './load-progress'
import { sameJson } from '../core/same'
import { accountPrefix, userPrefix } from './progress-keys'
import { createSessions } from './sessions'
import { startTriggers } from './triggers'
import type { Sighting } from './triggers'

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
  /** Overdue milestones and escalation levels already told this page, per user or account: each once. */
  told: Set<string>
  /** Every sighting of the page's triggers, seen before or not: the running tour may move on it. */
  onFact?: (sighting: Sighting) => void
}

/** A started session: the user's (`startUserSession`) or a preview (`startPreviewSession`). */
export interface Session {
  /**
   * Resolves true once the session's progress is in the stores; false when it could not start.
   * Stays pending once stopped: whoever stopped it has moved on.
   */
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
  /** Undoes exactly what the start did: stores, listeners, tabs, sync (after one last request of what waits to be sent), triggers. */
  stop(): void
}

const noop = () => {}
/**
 * What may change a quiet state `state` (core/quiet.ts): anything but activity (a session, a
 * `track()` of the host's own: not an event a step still open waits for, in a hidden journey's
 * state). Without the engine, such a change waits for it, so its lifecycle events are told.
 */
const counts = (d: Draft, state: JourneyState | null) => !(d.type == 'session' || (d.type == 'track' && d.name != DISMISSED && d.name != DELEGATED &&
  !(state && openStepWaits(state, (leaf) => leaf.event === d.name))))
/** How long an anonymous user's session waits before its first request (see `startUserSession`). */
const ANONYMOUS_SYNC_MS = 5000
/** The first user named on this page: with its anonymous visitor before them, who landed on it. */
let lander: string | undefined

/**
 * Starts one user's session: reads their progress (`early`, when the instance began reading it
 * while the journey was validated) and, with an account, the account's shared document; then keeps
 * the stores, the other tabs, the sync endpoint and the page's triggers in step with them, and
 * fires what a state alone decides (overdue, escalations). Switching users or accounts is `stop()`
 * then a new session: nothing here outlives it.
 */
export const startUserSession = (
  ctx: SessionContext, user: User, account: Account | null, after: Promise<unknown>, early?: readonly [prefix: string, read: Promise<[Progress, string[]]>],
): Session => {
  const { journey, stores, store, options, emitter, fail, safe, told } = ctx
  const { $progress, $accountProgress, $state, $now, $user, $account, $engine } = stores
  const { id } = user
  // The address the page was opened at counts for them (triggers.ts); a later user did not land there.
  const landing = user.anonymous ? !lander : (lander ??= id) == id
  const prefix = userPrefix(journey.id, id)
  const stops: Array<() => void> = []
  const now = ctx.clock
  let stopped = false
  /** The user's whole progress is in: what an earlier page's fallback saved has joined. */
  let whole = false
  let touch: () => void = noop
  /** The engine's file, awaited by the first change that counts (and every change after it, in order), until it is here. */
  let engine: Promise<unknown> | undefined

  /** The user and account as the session stopped (the stores then move to the next): its last sync request goes with their traits. */
  let left: [User, Account | null] | undefined
  // Options not given are undefined here: the sync client reads each as not given.
  const synced = options.endpoint ? {
    endpoint: options.endpoint, journeyId: journey.id, userId: id, traits: () => (left?.[0] ?? $user.get()).traits,
    headers: options.headers, getHeaders: options.getHeaders,
    ...(account ? { accountId: account.id, accountTraits: () => (left ? left[1] : $account.get())?.traits ?? {} } : {}),
  } as DocumentOptions['sync'] : undefined
  // An anonymous user's documents reach the server after a while: a host that names its user just
  // after the start (a single-page app asking its API) then leaves no record of that anonymous user.
  const syncAfter = user.anonymous ? ANONYMOUS_SYNC_MS : 0
  /** Resolves once every document has heard the server (a browser new to this user waits for it: below). */
  let hear = noop
  /** A document's first server answer: what a state decides may fire now (`consequences`, below). */
  const heard = () => (docs.every((d) => d.heard()) && hear(), consequences())
  const mine = openDocument({
    store, $doc: $progress, prefix, owner: id, channel: `milepost:${journey.id}:${id}`, emitter, safe, syncAfter, heard, sync: synced,
  })
  // The account's document: its own keys, tab channel and sync client; every member writes to it.
  const ours = account && openDocument({
    store, $doc: $accountProgress, prefix: accountPrefix(journey.id, account.id), owner: account.id,
    channel: `milepost:${journey.id}:account:${account.id}`, emitter, safe, syncAfter, heard, sync: synced && { ...synced, scope: 'account' },
  })
  const docs: ProgressDocument[] = ours ? [mine, ours] : [mine]
  stops.push(() => docs.forEach((doc) => doc.stop()))

  /**
   * Changes waiting for the engine's file, in the order made. The page hides, or the session stops,
   * before it has come (a click on a link that leaves a quiet page, a `track()` just before a
   * sign-out): they apply without it (`leave`), so what the user did is stored before the page
   * goes. The state reads what they recorded once the engine is here; what only the engine tells
   * (`step:completed`, a celebration) is not told for them.
   */
  const waiting = new Set<Draft[]>()
  const dispatch = async (drafts: Draft[]): Promise<Map<string, unknown>> => {
    // Stopped: the stores hold the next session's progress (or none), never this one's to change.
    if (stopped) return new Map()
    // A change that counts asks for the file (in flight: the same promise, so calls keep their
    // order; after a failure, the file again); activity after it waits for the same answer.
    let count
    if (!$engine.get() && ((count = drafts.some((d) => counts(d, $state.get()))) || engine)) {
      waiting.add(drafts)
      await (engine = count ? stores.engine() : engine)
      // Applied as the page hid or the session stopped (`leave`): not again.
      if (!waiting.delete(drafts) || stopped) return new Map()
    }
    return apply(drafts)
  }
  const leave = () => {
    if (!waiting.size) return
    // A state an earlier page remembered does not read what they record without the engine (a
    // click, an event an open step waits for): the next page evaluates, and remembers afresh.
    setLocal(QUIET, '')
    waiting.forEach((drafts) => (waiting.delete(drafts), void apply(drafts).catch(fail)))
  }
  const apply = async (drafts: Draft[]): Promise<Map<string, unknown>> => {
    let writes!: Promise<[Map<string, unknown>, Map<string, unknown>]>
    // Queued for storage before subscribers hear the new state: a change one of them makes (a
    // track() in a subscribe() handler) joins this write after these events, and is told after them.
    const { events, shared, changes } = applyDrafts(journey, stores, drafts, now(), ({ events, shared, changes, before }) => {
      if (options.debug) console.debug('[milepost]', events, shared)
      const urgent = changes.events.some(([name]) => name == 'milestone:completed')
      writes = Promise.all([
        mine.write(events, before.user, urgent),
        shared.length && ours && before.account ? ours.write(shared, before.account, urgent) : new Map<string, unknown>(),
      ])
    })
    const [olds, theirs] = await writes
    // The previous values of the keys the task's write touched: one map for every call of that task
    // (the writes of one task are one batch), not a copy each (10,000 track() in a task were
    // 10,000 copies of a 10,000-key map: seconds of a frozen page).
    // (With the account's document: both joined once, kept on the account batch's own map.)
    const all = theirs.size ? ((theirs as { all?: Map<string, unknown> }).all ??= new Map([...olds, ...theirs])) : olds
    // Told by the tab whose write was first (two tabs completing the same step at the same moment: once).
    // Told even when the session stopped meanwhile: the change was this user's and is saved (a
    // `track()` then `identify()` of another user in the same task: the step is done, and said so).
    for (const [name, payload, first] of changes.events) if (!first || first(all, [...events, ...shared])) emitter.emit(name, payload)
    return all
  }

  /**
   * Fires what a state alone decides (the engine's `consequences`: overdue, escalations). They reach
   * people and the host's analytics, so only from the user's whole progress, once per state (after
   * the change that made it, in a microtask: an escalation is itself a change).
   */
  let queued = false
  const consequences = () => {
    if (queued) return
    queued = true
    queueMicrotask(safe(() => {
      queued = false
      const state = $state.get()
      const e = $engine.get()
      // Without the engine the state is quiet: nothing is overdue and no ladder runs. Until the
      // server's documents are in, a new browser's state may lack what another device did.
      if (stopped || !whole || !state || !e || !docs.every((d) => d.heard())) return
      e.consequences({
        journey, state, id, account, told, user: $user.get(), progress: $progress.get()!, shared: $accountProgress.get(),
        dispatch, emit: emitter.emit, fail,
      })
    }))
  }

  let show: (ok: boolean) => void = noop
  const shown = new Promise<boolean>((resolve) => (show = resolve))
  const ready = (async () => {
    await after
    stops.push(() => batch(() => {
      $progress.set(null)
      $accountProgress.set(null)
    }))
    // A first paint that does not wait for storage: the script tag read what was stored before
    // init() (the same entries, unless another tab wrote since); the documents merge in below.
    const paint = (mineNow: Progress, oursNow: Progress | null | undefined) => batch(() => {
      $now.set(now())
      $progress.set(mineNow)
      if (oursNow) $accountProgress.set(oursNow)
    })
    const glimpse = peekProgress(store, account ? [[prefix, id], [accountPrefix(journey.id, account.id), account.id]] : [[prefix, id]])
    // A named user's page syncs, and this browser holds nothing of them (a new device): the state is
    // not ready (no checklist, init() waiting) until the server's document is in, 3 s at most. Calls
    // made meanwhile run and are stored. Ready at once, it showed 0 of 4, then a done journey's ✓
    // launcher for good, and a welcome card seen on the other device, again. (Without an early
    // read, the first state comes after the read below anyway.)
    const held = !syncAfter && synced && !glimpse?.[0]!.firstSeen
    stores.$held.set(held)
    if (glimpse) paint(glimpse[0]!, glimpse[1])
    const [doc, shared] = await Promise.all([mine.load(early?.[0] === prefix ? early[1] : undefined), ours?.load()])
    if (stopped) return
    // Merged with what the first paint showed and any event since (a tour's start): nothing is lost.
    // The same as painted (the usual case): no new state.
    const painted = $progress.get()
    const paintedShared = $accountProgress.get()
    const mineNow = painted ? mergeProgress(painted, doc) : doc
    const oursNow = shared && paintedShared ? mergeProgress(paintedShared, shared) : shared
    if (!sameJson(mineNow, painted) || (oursNow && !sameJson(oursNow, paintedShared))) paint(mineNow, oursNow)
    stops.push($state.listen(consequences))
    docs.forEach((d) => d.started())
    if (held) {
      // (Something stored after all, written by another tab since the early read: ready now.)
      // A server that answers with trouble (offline, 401, 404, 5xx) ends the wait at once.
      if (!doc.firstSeen) await new Promise((resolve) => ((hear = resolve as () => void), setTimeout(resolve, 3000), emitter.on('sync:error', resolve)))
      if (stopped) return
      stores.$held.set(false)
    }
    const sessions = createSessions(store, prefix + 'active', now, (sessionId) => void dispatch([{ type: 'session', sessionId }]).catch(fail))
    touch = safe(sessions.touch)
    // The page's triggers, from the first state that can use them (a user whose journey is done
    // watches nothing: the script tag then loads no triggers file); a later state may need them
    // (a reset, a tour started, new traits), once started they stay until the session stops.
    /** 0: not yet, 1: watching, 2: the file could not load (asked for again once back online). */
    let watching = 0
    const needs = () => {
      const state = $state.get()
      const e = $engine.get()
      // Without the engine, a quiet state: a hidden journey's open steps may still complete on the page.
      return !watching && !stopped && !!state && (e ? e.watchesPage(journey, state, $progress.get() ?? emptyProgress(id)) : openStepWaits(state, pageLeaf))
    }
    const watchPage = () => {
      if (!needs()) return
      watching = 1
      stops.push(...startTriggers(journey, $progress, safe((sighting) => (touch(), dispatch([sighting]))), (selector, error) =>
        emitter.report('selector', `invalid selector ${selector}`, { error }), safe((sighting) => ctx.onFact?.(sighting)), (error) =>
        // Not loaded (a network that dropped as the page started): asked for again once back online (below).
        ((watching = 2), emitter.report('triggers', `the page triggers could not start: ${error}`, { error })), landing))
    }
    stops.push(watchPageLife({
      // Visible again: activity, and both documents are pulled (a teammate may have done a shared
      // step); an engine file that could not load is tried again.
      visible: safe(() => (touch(), docs.forEach((d) => d.refresh()), $engine.get() === false && stores.engine())),
      hidden: safe(() => (leave(), docs.forEach((d) => d.hidden()))),
      online: safe(() => (docs.forEach((d) => d.online()), watching > 1 && ((watching = 0), watchPage()))),
      frozen: safe(() => docs.forEach((d) => d.freeze())),
      restored: safe(() => docs.forEach((d) => d.thaw())),
    }))
    show(true)
    await sessions.begin()
    // After the first state (the session's transaction put a task in between): what a fallback
    // saved on an earlier page (localStorage, when IndexedDB failed then) joins in and is written
    // to the backend that works now. init() and identify() resolve once it has.
    await Promise.all(docs.map((d) => d.later())).catch(fail)
    if (stopped) return
    whole = true
    // The page's triggers once an earlier page's hand-over has joined (a click on a form's submit,
    // its save under way as the page left): a step this page then sees finishes the milestone with
    // it, told and celebrated here (bb-r25: seen first, it was merged after, and no one told it).
    watchPage()
    // Not inside the stores' notification: a URL trigger records the page's URL as it starts.
    stops.push($state.listen(safe(() => needs() && queueMicrotask(safe(watchPage)))))
    consequences()
  })().catch(fail).finally(() => stopped || show(false))

  return {
    shown,
    ready,
    now,
    dispatch,
    touch: () => touch(),
    fellBack: () => docs.forEach((d) => d.fellBack()),
    flush: () => Promise.all(docs.map((d) => d.flush())).then(noop),
    settled: () => after.then(() => Promise.all(docs.map((d) => d.settled()))),
    stop() {
      if (stopped) return
      leave()
      stopped = true
      stores.$held.set(false)
      left = [$user.get(), $account.get()]
      batch(() => stops.reverse().forEach((stop) => stop()))
      stops.length = 0
    },
  }
}
