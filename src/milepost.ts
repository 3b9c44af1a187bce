import { batch } from 'nanostores'
import { DAY } from './core/index'
import { cleanText } from './core/clean'
import type { Traits } from './core/index'
import { anonId } from './adapters/anon-id'
import { startClock } from './adapters/clock'
import { fetchJourney } from './adapters/journey-fetch'
import { watchPageLife } from './adapters/page-life'
import { createStorage } from './adapters/storage'
import { createStores } from './stores/stores'
import type { Account, User } from './stores/stores'
import type { Draft, Milepost, MilepostOptions, MilepostState, UiEvent } from './runtime/api'
import { prepare } from './runtime/boot'
import { createEmitter } from './runtime/emitter'
import type { MilepostError } from './runtime/emitter'
import { createGuards } from './runtime/guard'
import { nextAccount, plainProps, traitsOf } from './runtime/input'
import { inBrowser, sayNoBrowser } from './runtime/no-browser'
import { notReadyState } from './runtime/not-ready'
import { startPreviewSession } from './runtime/preview-session'
import type { PreviewOptions } from './runtime/preview'
import { startUserSession } from './runtime/session'
import type { Session, SessionContext } from './runtime/session'
import { snapshotStore } from './runtime/snapshot'
import { createTours } from './runtime/tours'

const noop = () => {}
const resolved = () => Promise.resolve()

/**
 * Creates a Milepost instance; with options it starts at once (same as calling `init(options)`).
 * Outside a browser (server rendering, Node) it returns an idle instance: every promise settles at
 * once, `getState()` is `{ ready: false, reason: 'no-browser' }`, and it says so once in the console.
 * @example
 * const milepost = createMilepost({ configUrl: '/onboarding.json', user: { id: 'u_123' } })
 * milepost.track('report.created')
 */
export const createMilepost = (options?: MilepostOptions): Milepost => {
  // The composition root: the instance holds its options, stores, emitter and current session;
  // everything per user lives in the session (runtime/session.ts), a preview in its own.
  const stores = createStores(Date.now())
  const { $journey, $user, $account, $progress, $now, $persistence, $previewTraits } = stores
  const $snapshot = snapshotStore(stores)
  const emitter = createEmitter()
  const { emit, report } = emitter
  const fail = (error: unknown) => report('internal', '' + error, { error })
  const { guard, safe } = createGuards(fail)
  const stops: Array<() => void> = [$snapshot.listen(noop)] // mounted: evaluate once per change
  const subscribers = new Set<() => void>()
  let opts: MilepostOptions = {}
  let started: Promise<void> | undefined
  let ctx: SessionContext | undefined
  let session: Session | undefined
  let done = false // destroyed, or the config was refused, or not in a browser
  let boot: () => void = noop
  const booted = new Promise<void>((resolve) => (boot = resolve))
  // Tours move by recorded events through the current session; the engine says where they stand.
  const tours = createTours(() => stores.$state.get(), () => $progress.get(), (drafts) => session?.dispatch(drafts), (id) => report('input', 'no tour ' + id))
  // After each new state: the running tour's step may wait for an element, and a tour whose
  // `startOn` signal now holds starts by itself. Not in a preview: it shows a day of the checklist.
  stops.push(stores.$state.listen(safe(() => ($previewTraits.get() ? tours.stop() : (tours.watch(), tours.begin())))), () => tours.stop())

  /** Stops the current session (switching users or accounts, entering or leaving a preview) and starts `next`. */
  const switchTo = (next: (after: Promise<unknown>) => Session, user?: User, account?: Account | null): Promise<void> => {
    const prev = session
    tours.stop()
    batch(() => {
      prev?.stop()
      if (user) $user.set(user)
      if (account !== undefined) $account.set(account)
    })
    session = next(prev ? prev.settled() : Promise.resolve())
    return session.ready
  }

  /** Runs `fn` with the session once its progress shows; calls made earlier wait for it, in order. */
  const act = (fn: (s: Session) => unknown): Promise<void> => {
    // Shown (its progress is in the stores): at once, so the state is new when the call returns.
    if (!done && session && $progress.get()) return Promise.resolve((session.touch?.(), fn(session))).then(noop)
    return booted.then(function run(): unknown {
      const s = session
      if (done || !s) return
      return s.shown.then((ok) => (ok && s === session ? (s.touch?.(), fn(s)) : s === session ? undefined : run()))
    }).then(noop)
  }

  const start = async (o: MilepostOptions) => {
    opts = o
    const given = o.user?.id
    const user = $user.get()
    batch(() => {
      $user.set({ id: typeof given == 'string' && given ? cleanText(given) : user.id || anonId(), traits: { ...user.traits, ...traitsOf(o.user?.traits) } })
      $account.set(nextAccount(o.account, $account.get(), report))
    })
    // Server rendering, Node: nothing to show or store. Every method now settles at once (`done`).
    if (!inBrowser()) return (done = true), boot(), sayNoBrowser()
    const store = createStorage(o.storage, (kind, error) => {
      $persistence.set(kind)
      report('storage', `storage failed (${error}), using ${kind}`, { error })
      session?.fellBack?.()
    })
    $persistence.set(store.kind)
    const prepared = await prepare(o, store, $user.get().id, report, fetchJourney)
    if (!prepared) return (done = true), boot()
    const { journey, early } = prepared
    $journey.set(journey)
    if (done) return
    const context: SessionContext = (ctx = {
      journey, stores, store, options: o, clock: () => (o.now ?? Date.now)(), emitter, fail, safe, told: new Set(),
      // Every sighting also goes to the tours (not as activity: a watcher's first report is not the user's).
      onFact: (fact) => void Promise.resolve(tours.fact(fact)).catch(fail),
    })
    const clock = startClock(safe(() => $now.set(session ? session.now() : context.clock())), () => {
      const state = stores.$state.get()
      return state ? state.startedAt + (state.day + 1) * DAY - state.now : DAY
    })
    stops.push(clock.stop, watchPageLife({ visible: safe(clock.resume), hidden: safe(clock.pause), online: noop }))
    const ready = switchTo((after) => startUserSession(context, $user.get(), $account.get(), after, early))
    boot()
    await ready
    clock.plan() // the first state read the time just now
  }

  const step = (stepId: string, type: 'complete' | 'skip') =>
    act((s) => {
      if (!ctx!.journey.milestones.some((m) => m.steps.some((x) => x.id === stepId))) return report('input', 'no step ' + stepId)
      const record = $progress.get()!.steps[stepId]
      if (record?.done === undefined && record?.[type == 'skip' ? 'skipped' : 'done'] === undefined) return s.dispatch([{ type, stepId }])
    })

  const tell = (fn: (state: MilepostState) => void, state: MilepostState) => {
    try {
      fn(state)
    } catch (error) {
      emitter.warn('handler', 'a subscribe() handler threw: ' + String(error))
    }
  }

  const api: Milepost = {
    // Not wrapped by guard, which would return a new Promise each call; `started` never rejects.
    init: (o?: MilepostOptions) => {
      if (started) {
        if (o) emitter.warn('init', 'init() called twice: ignored (identify() switches users)')
        return started
      }
      return (started = start(o ?? {}).catch(fail))
    },
    identify: guard((userId: string, traits?: Traits, account?: { id: string; traits?: Traits } | null) => {
      if (typeof userId != 'string' || !userId) return report('input', 'identify() needs a user id'), resolved()
      userId = cleanText(userId) // the server refuses an id with a NUL or a lone surrogate
      const more = traitsOf(traits)
      const user = $user.get()
      const same = userId === user.id
      // Another user without an account has none: an account is never carried over to someone else.
      const nextAcc = nextAccount(account === undefined && !same ? null : account, $account.get(), report)
      const next: User = same ? { id: userId, traits: { ...user.traits, ...more } } : { id: userId, traits: more }
      if ((same && nextAcc?.id === $account.get()?.id) || !ctx || done) {
        batch(() => {
          $user.set(next)
          $account.set(nextAcc)
        })
        return resolved()
      }
      const context = ctx
      return switchTo((after) => startUserSession(context, next, nextAcc, after), next, nextAcc)
    }, resolved),
    track: guard((name: string, props?: Readonly<Record<string, unknown>>) => {
      if (typeof name != 'string' || !name) return report('input', 'track() needs an event name'), resolved()
      const draft: Draft = { type: 'track', name }
      if (props && typeof props == 'object') draft.props = plainProps(props)
      return act((s) => Promise.all([s.dispatch([draft]), tours.fact(draft)]))
    }, resolved),
    startTour: guard((id: string) => act(() => tours.start(id)), resolved),
    complete: guard((stepId: string) => step(stepId, 'complete'), resolved),
    skip: guard((stepId: string) => step(stepId, 'skip'), resolved),
    getState: guard(() => $snapshot.get(), () => ({ ...notReadyState(null, Date.now()), ready: false, preview: false, persistence: 'memory', user: { id: '', traits: {} } })),
    subscribe: guard((fn: (state: MilepostState) => void) => {
      const stop = $snapshot.subscribe((state) => tell(fn, state))
      subscribers.add(stop)
      return () => void (subscribers.delete(stop), stop())
    }, () => noop),
    on: guard((name, fn) => emitter.on(name, fn as never), () => noop),
    emit: guard((name, payload) => {
      if (name != 'error') return emit(name, payload)
      const { kind, message, ...extra } = payload as MilepostError
      report(kind, message, extra)
    }, noop),
    record: guard((event: UiEvent) => act((s) => typeof event?.type == 'string' && (event.type == 'tour' ? tours.request(event) : s.dispatch([event]))), resolved),
    getProgress: guard(() => $progress.get(), () => null),
    get options() {
      return opts
    },
    open: guard(() => emit('open'), noop),
    close: guard(() => emit('close'), noop),
    flush: guard(() => session?.flush?.() ?? resolved(), resolved),
    reset: guard(() => act((s) => s.dispatch([{ type: 'reset', epoch: $progress.get()!.epoch + 1 }])), resolved),
    preview: guard((o?: PreviewOptions | false) =>
      act(() => {
        const context = ctx!
        if (o !== false) return switchTo((after) => startPreviewSession(context, $user.get(), o ?? {}, after))
        if ($previewTraits.get()) return switchTo((after) => startUserSession(context, $user.get(), $account.get(), after)) // back to the user's own progress
      }), resolved),
    destroy: guard(() => {
      if (done && !stops.length) return
      emit('destroy') // a mounted UI removes itself
      done = true
      subscribers.forEach((stop) => stop())
      subscribers.clear()
      session?.stop()
      session = undefined
      stops.reverse().forEach((stop) => stop())
      stops.length = 0
      boot()
      emitter.clear()
    }, noop),
  }
  if (options) void api.init(options)
  return api
}
