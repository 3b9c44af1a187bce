import { applyEvent, DAY, emptyProgress, evaluate, mergeProgress, sanitizeProgress } from './core/index'
import { cleanJson, cleanText } from './core/clean'
import type { JourneyState, Progress, ProgressEvent, Traits } from './core/index'
import { createStorage } from './adapters/storage'
import type { FallbackStore } from './adapters/storage'
import { openTabs } from './adapters/tabs'
import type { TabChannel } from './adapters/tabs'
import { startClock } from './adapters/clock'
import { watchPageLife } from './adapters/page-life'
import { yieldTask } from './adapters/yield'
import { createStores } from './stores/stores'
import type { Draft, Milepost, MilepostOptions, MilepostState, MilepostUser, UiEvent } from './runtime/api'
import { loadJourney } from './runtime/config'
import { createEmitter } from './runtime/emitter'
import type { MilepostError } from './runtime/emitter'
import { escalationOf } from './runtime/escalation'
import { createGuards } from './runtime/guard'
import { newId } from './runtime/ids'
import { anonId, plainProps, traitsOf } from './runtime/input'
import { diffStates } from './runtime/lifecycle'
import { loadLater, loadProgress } from './runtime/load-progress'
import { userPrefix } from './runtime/progress-keys'
import { inBrowser, sayNoBrowser } from './runtime/no-browser'
import { notReadyState } from './runtime/not-ready'
import { createSessions } from './runtime/sessions'
import { startTriggers } from './runtime/triggers'
import { createTours, tourLifecycle } from './runtime/tours'
import { previewOf } from './runtime/preview'
import type { PreviewOptions } from './runtime/preview'
import { createWriter } from './runtime/writer'
import type { Writer } from './runtime/writer'
import { canonical } from './sync/batch'
import { startSync } from './sync/start'
import type { StartedSync } from './sync/start'

const noop = () => {}

/** The composition root. `createMilepost` exposes `api`; the script tag also uses `report`. */
export const createRuntime = (options?: MilepostOptions) => {
  const { $journey, $progress, $now, $traits, $state } = createStores(Date.now())
  const emitter = createEmitter()
  const { emit, report } = emitter
  const subscribers = new Set<(state: MilepostState) => void>()
  const stops: Array<() => void> = [$state.listen(noop)] // mounted: evaluate once per change
  let userStops: Array<() => void> = []
  let opts: MilepostOptions = {}
  let started: Promise<void> | undefined
  let store: FallbackStore = createStorage('memory', noop)
  /** The user's progress, read while the journey is validated: [prefix, load]. */
  let early: [string, Promise<[Progress, string[]]>] | undefined
  let writer: Writer | undefined
  let tabs: TabChannel | undefined
  let sync: StartedSync | undefined
  let touch: () => unknown = noop
  /** While previewing: the preview's clock. Nothing is stored, synced, told to tabs or escalated. */
  let preview: { now: number } | null = null
  let stepIds = new Set<string>()
  let user: MilepostUser = { id: '', traits: {} }
  let prefix = ''
  let ready = false
  let booted = false
  let done = false // destroyed, or the config was refused
  let loads = 0
  let sent: unknown
  let whole = false
  let waiting: Array<() => void> = []
  const once = new Set<string>()

  const time = () => preview?.now ?? (opts.now ?? Date.now)()
  /** Activity for the session count, which is stored: not while previewing. */
  const active = () => preview || touch()
  const fail = (error: unknown) => report('internal', '' + error, { error })
  /** Each distinct sync problem once to `on('sync:error')`, and one console warning in all. */
  const syncError = (message: string, status: number) => report('sync', message, { status }, 'sync:error')
  const { guard, safe } = createGuards(fail)
  const tours = createTours(() => (ready ? $state.get() : null), () => $progress.get(), (drafts) => dispatch(drafts), (id) => report('input', 'no tour ' + id))

  const getState = (): MilepostState => {
    const state = ready ? $state.get() : null
    return {
      ...(state ?? notReadyState($journey.get(), time())),
      ready: !!state, preview: !!preview, persistence: store.kind, user: { id: user.id, traits: { ...user.traits } },
      ...(!inBrowser() && { reason: 'no-browser' as const }),
    }
  }

  /**
   * Fires what a state alone decides: overdue, escalations. They reach people and the host's
   * analytics, so never from a preview, and only from the user's whole progress (`whole`: what an
   * earlier page's fallback saved has joined).
   */
  const consequences = (state: JourneyState) => {
    if (preview) return
    for (const m of state.milestones) {
      if (m.status != 'overdue' || once.has(user.id + '\n' + m.id)) continue
      once.add(user.id + '\n' + m.id)
      emit('milestone:overdue', { milestoneId: m.id, daysOverdue: -(m.daysLeft ?? 0) })
    }
    for (const nudge of state.nudges) for (const level of nudge.escalations) if (level.pending) escalate(state, nudge, level)
  }
  /** Tells subscribers about a new state, and fires its consequences. */
  const notify = () => {
    const state = $state.get()
    if (!ready || !state || state === sent) return
    sent = state
    if (!preview) tours.watch()
    if (whole) consequences(state)
    const snapshot = getState()
    for (const fn of [...subscribers]) tell(fn, snapshot)
  }
  const tell = (fn: (state: MilepostState) => void, state: MilepostState) => {
    try {
      fn(state)
    } catch (error) {
      emitter.warn('handler', 'a subscribe() handler threw: ' + String(error))
    }
  }

  /**
   * Records the escalation, then emits it only if no tab or earlier page recorded it first: the
   * check happens inside the storage transaction, so it fires once per user.
   */
  const escalate = (state: JourneyState, nudge: JourneyState['nudges'][number], level: JourneyState['nudges'][number]['escalations'][number]) => {
    const { epoch } = $progress.get()!
    const { draft, key, context } = escalationOf(state, nudge, level, user, epoch)
    const mark = [user.id, epoch, key].join('\n')
    if (once.has(mark)) return
    once.add(mark)
    dispatch([draft]).then((olds) => {
      const old = sanitizeProgress(olds.get(key), context.user)
      if (!old || old.epoch < epoch || !Object.keys(old.escalations).length) emit('escalation', context)
    }).catch(fail)
  }

  /**
   * Applies events now (the state is new at once), materialises steps a condition completed,
   * then persists them; lifecycle events and subscribers follow the commit.
   */
  const dispatch = (drafts: Draft[]): Promise<Map<string, unknown>> => {
    const progress = $progress.get()!
    const prev = $state.get()!
    const at = time()
    // Text cleaned as the server would (no NUL, no lone surrogate): what shows here is what syncs.
    const make = (draft: Draft) => cleanJson({ id: newId(), at, epoch: progress.epoch, ...draft }) as ProgressEvent
    const events = drafts.map(make)
    const doc = events.reduce(applyEvent, progress)
    $progress.set(doc)
    const changes = diffStates(prev, $state.get()!)
    const extra = changes.done.filter((id) => doc.steps[id]?.done === undefined).map((stepId) => make({ type: 'complete', stepId }))
    if (extra.length) $progress.set(extra.reduce(applyEvent, doc)), events.push(...extra)
    if (opts.debug) console.debug('[milepost]', events)
    const saved = preview ? Promise.resolve(new Map<string, unknown>()) : writer!.write(prefix, progress.userId, events)
    return saved.then((olds) => {
      if (done) return olds
      if (!preview) sync?.changed(events, changes.events.some(([name]) => name == 'milestone:completed'))
      for (const [name, payload] of changes.events) emit(name, payload)
      for (const e of events) {
        const tour = tourLifecycle(e)
        if (tour) emit(...tour)
      }
      notify()
      return olds
    })
  }

  /** Runs `fn` once ready; calls made earlier wait for it, in order. */
  const act = (fn: () => unknown): Promise<void> => {
    if (done) return Promise.resolve()
    if (!ready) return new Promise((resolve) => waiting.push(() => resolve(act(fn))))
    active()
    return Promise.resolve(fn()).then(noop)
  }
  const drain = () => {
    const run = waiting
    waiting = []
    run.forEach((fn) => fn())
  }

  const stopUser = () => {
    userStops.reverse().forEach((stop) => stop())
    userStops = []
  }

  /** Merges progress from elsewhere (the server, an earlier page's fallback) and stores it. */
  const absorb = (at: string, other: Progress): Promise<unknown> | undefined => {
    const local = $progress.get()
    if (!local || preview || at !== prefix) return
    const merged = mergeProgress(local, other)
    if (canonical(merged) == canonical(local)) return
    $progress.set(merged)
    notify()
    return writer!.writeDoc(at, other) // merged into each key; the other tabs are told
  }

  /** Loads the current user's own progress (never merged with another user's). */
  const loadUser = async () => {
    const token = ++loads
    whole = false
    preview = null
    stopUser()
    ready = false
    $progress.set(null)
    const journey = $journey.get()!
    const { id, traits } = user
    const at = (prefix = userPrefix(journey.id, id))
    const read = early?.[0] === at ? early[1] : undefined
    early = undefined
    await writer!.settled()
    const [doc, aside] = await (read ?? loadProgress(store, at, id))
    if (token !== loads || done) return
    if (aside.length) report('storage', 'corrupt progress set aside: ' + aside)
    $now.set(time())
    $traits.set(traits)
    $progress.set(doc)
    ready = true
    const channel = (tabs = openTabs(`milepost:${journey.id}:${id}`, safe((message) => {
      const other = ready && !preview && sanitizeProgress(message, id)
      if (!other) return
      $progress.set(mergeProgress($progress.get()!, other))
      notify()
      sync?.poke() // the leader sends what another tab saved
    })))
    const sessions = createSessions(store, at + 'active', time, (sessionId) => void dispatch([{ type: 'session', sessionId }]).catch(fail))
    touch = safe(sessions.touch)
    if (opts.endpoint) {
      const current = sync = startSync({
        endpoint: opts.endpoint, journeyId: journey.id, userId: id, prefix: at, store,
        traits: () => user.traits, local: () => $progress.get() ?? emptyProgress(id), report: syncError,
        merge: (server): Promise<unknown> | undefined => (sync === current ? absorb(at, server) : undefined),
        ...(opts.headers ? { headers: opts.headers } : {}),
        ...(opts.getHeaders ? { getHeaders: opts.getHeaders } : {}),
      })
    }
    userStops = [
      () => tours.stop(),
      () => {
        sync?.stop()
        sync = undefined
      },
      () => channel.close(),
      // Every sighting also goes to the tours (not through act(): a watcher's first report is not the user's activity).
      ...startTriggers(journey, () => $progress.get() ?? emptyProgress(id), safe((sighting) => act(() => dispatch([sighting]))), (selector, error) =>
        report('selector', `invalid selector ${selector}`, { error }), safe((fact) => ready && void Promise.resolve(tours.fact(fact)).catch(fail))),
    ]
    drain()
    notify()
    await sessions.begin()
    // After the first state (the session's transaction put a task in between): what a fallback
    // saved on an earlier page (localStorage, when IndexedDB failed then) joins in and is written
    // to the backend that works now. init() and identify() resolve once it has.
    const theirs = await loadLater(store, at, id).catch(fail)
    if (token !== loads || done) return
    whole = true
    const joined = theirs && absorb(at, theirs) // a new state: notify() fires its consequences
    if (joined) await joined
    else consequences($state.get()!)
  }

  const start = async (o: MilepostOptions) => {
    opts = o
    const given = o.user?.id
    user = { id: typeof given == 'string' && given ? cleanText(given) : user.id || anonId(), traits: { ...user.traits, ...traitsOf(o.user?.traits) } }
    // Server rendering, Node: nothing to show or store. Every method now settles at once (`done`).
    if (!inBrowser()) return (done = true), sayNoBrowser()
    store = createStorage(o.storage, (kind, error) => {
      report('storage', `storage failed (${error}), using ${kind}`, { error })
      if (ready) void writer!.writeDoc(prefix, $progress.get()!) // what memory holds goes to the new backend
    })
    writer = createWriter(store, (at, doc) => at === prefix && tabs?.post(doc), (error) => report('storage', 'save failed: ' + error, { error }),
      (at, count) => at === prefix && (syncError(`outbox full: ${count} older events folded into the progress document, which the next sync sends`, 0), sync?.folded()))
    // IndexedDB opens while the journey downloads or is validated: an inline journey's user
    // progress is read at once, under the id the journey gives (used if validation agrees).
    const id = (o.config as { id?: unknown } | undefined)?.id
    if (typeof id == 'string') {
      const at = userPrefix(id, user.id)
      early = [at, loadProgress(store, at, user.id)]
      early[1].catch(noop)
    }
    const warm = o.config === undefined && store.read('\u0000').catch(noop)
    await yieldTask() // the host's own start goes on; validation runs in a task of its own
    const { journey, issues } = await loadJourney(o.config, o.configUrl)
    const errors = issues.filter((issue) => issue.severity == 'error')
    if (!journey || errors.length) {
      done = true
      drain()
      return report('config', 'invalid journey, nothing shown:' + errors.map((i) => `\n${i.path}: ${i.message}`), { issues: errors })
    }
    if (o.debug && issues.length) console.debug('[milepost] journey warnings', issues)
    $journey.set(journey)
    stepIds = new Set(journey.milestones.flatMap((m) => m.steps.map((s) => s.id)))
    await warm
    if (done) return
    booted = true
    const clock = startClock(safe(() => {
      $now.set(time())
      notify()
    }), () => {
      const state = $state.get()
      return state ? state.startedAt + (state.day + 1) * DAY - state.now : DAY
    })
    stops.push(clock.stop, watchPageLife({
      visible: safe(() => (clock.resume(), active())),
      hidden: safe(() => (clock.pause(), sync?.hidden())),
      online: safe(() => sync?.online()),
    }))
    await loadUser()
    clock.resume()
  }

  const step = (stepId: string, type: 'complete' | 'skip') =>
    act(() => {
      if (!stepIds.has(stepId)) return report('input', 'no step ' + stepId)
      const record = $progress.get()!.steps[stepId]
      if (record?.done === undefined && record?.[type == 'skip' ? 'skipped' : 'done'] === undefined) return dispatch([{ type, stepId }])
    })

  const resolved = () => Promise.resolve()

  const api: Milepost = {
    // Not wrapped by guard, which would return a new Promise each call; `started` never rejects.
    init: (o?: MilepostOptions) => {
      if (started) {
        if (o) emitter.warn('init', 'init() called twice: ignored (identify() switches users)')
        return started
      }
      return (started = start(o ?? {}).catch(fail))
    },
    identify: guard((userId: string, traits?: Traits) => {
      if (typeof userId != 'string' || !userId) return report('input', 'identify() needs a user id'), resolved()
      userId = cleanText(userId) // the server refuses an id with a NUL or a lone surrogate
      const more = traitsOf(traits)
      if (userId === user.id) {
        user = { id: userId, traits: { ...user.traits, ...more } }
        if (ready) $traits.set(user.traits), notify()
        return resolved()
      }
      user = { id: userId, traits: more }
      return booted && !done ? loadUser() : resolved()
    }, resolved),
    track: guard((name: string, props?: Readonly<Record<string, unknown>>) => {
      if (typeof name != 'string' || !name) return report('input', 'track() needs an event name'), resolved()
      const draft: Draft = { type: 'track', name }
      if (props && typeof props == 'object') draft.props = plainProps(props)
      return act(() => Promise.all([dispatch([draft]), tours.fact(draft)]))
    }, resolved),
    startTour: guard((id: string) => act(() => tours.start(id)), resolved),
    complete: guard((stepId: string) => step(stepId, 'complete'), resolved),
    skip: guard((stepId: string) => step(stepId, 'skip'), resolved),
    getState: guard(getState, () => ({ ...notReadyState(null, Date.now()), ready: false, preview: false, persistence: 'memory', user: { id: '', traits: {} } })),
    subscribe: guard((fn: (state: MilepostState) => void) => {
      subscribers.add(fn)
      tell(fn, getState())
      return () => void subscribers.delete(fn)
    }, () => noop),
    on: guard((name, fn) => emitter.on(name, fn as never), () => noop),
    emit: guard((name, payload) => {
      if (name != 'error') return emit(name, payload)
      const { kind, message, ...extra } = payload as MilepostError
      report(kind, message, extra)
    }, noop),
    record: guard((event: UiEvent) => act(() => typeof event?.type == 'string' && (event.type == 'tour' ? tours.request(event) : dispatch([event]))), resolved),
    getProgress: guard(() => (ready ? $progress.get() : null), () => null),
    get options() {
      return opts
    },
    open: guard(() => emit('open'), noop),
    close: guard(() => emit('close'), noop),
    flush: guard(() => (writer ? writer.settled().then(() => sync?.flush()) : resolved()), resolved),
    reset: guard(() => act(() => dispatch([{ type: 'reset', epoch: $progress.get()!.epoch + 1 }])), resolved),
    preview: guard((o?: PreviewOptions | false) =>
      act(() => {
        if (o === false) return preview && loadUser() // back to the user's own progress
        const traits = { ...user.traits, ...traitsOf(o?.traits) }
        const { doc, now } = previewOf($journey.get()!, user.id, traits, o ?? {}, (opts.now ?? Date.now)())
        preview = { now }
        $now.set(now)
        $traits.set(traits)
        $progress.set(doc)
        notify()
      }), resolved),
    destroy: guard(() => {
      if (done && !stops.length) return
      emit('destroy') // a mounted UI removes itself
      done = true
      ready = false
      loads++
      stopUser()
      stops.reverse().forEach((stop) => stop())
      stops.length = 0
      drain()
      subscribers.clear()
      emitter.clear()
    }, noop),
  }
  if (options) void api.init(options)
  return { api, report }
}

/**
 * Creates a Milepost instance; with options it starts at once (same as calling `init(options)`).
 * Outside a browser (server rendering, Node) it returns an idle instance: every promise settles at
 * once, `getState()` is `{ ready: false, reason: 'no-browser' }`, and it says so once in the console.
 * @example
 * const milepost = createMilepost({ configUrl: '/onboarding.json', user: { id: 'u_123' } })
 * milepost.track('report.created')
 */
export const createMilepost = (options?: MilepostOptions): Milepost => createRuntime(options).api
