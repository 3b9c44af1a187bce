// The instance's one current session. `start` is init()'s work (the user, the storage, the
// journey, the clock, the first session); every later change of user, account or preview is
// `switchTo`: stop the session, then start the next. Calls from the API wait, in order, until the
// session's progress shows (`act`). Nothing per user lives here: it lives in the session.
import { batch } from 'nanostores'
import { DAY } from '../core/index'
import { anonId } from '../adapters/anon-id'
import { startClock } from '../adapters/clock'
import { fetchJourney } from '../adapters/journey-fetch'
import { watchPageLife } from '../adapters/page-life'
import { createStorage, STORAGES } from '../adapters/storage'
import type { Persistence } from '../adapters/storage'
import type { Account, Stores, User } from '../stores/stores'
import type { MilepostOptions } from './api'
import { prepare } from './boot'
import type { Emitter } from './emitter'
import type { createGuards } from './guard'
import { idOf, nextAccount, plain, readOf, traitsOf } from './input'
import { inBrowser, sayNoBrowser } from './no-browser'
import { startUserSession } from './session'
import type { Session, SessionContext } from './session'
import type { Tours } from './tours'

const noop = () => {}

export type Guards = ReturnType<typeof createGuards>

/** Starts the next session once the one before has `settled` (its writes are stored). */
export type NextSession = (ctx: SessionContext, after: Promise<unknown>) => Session

export interface Host {
  /** init()'s work, once: resolves when the first session is ready (or the journey was refused). */
  start(o: MilepostOptions): Promise<void>
  /**
   * Stops the current session and starts `next`, with the stores moved to `user` and `account` between;
   * resolves once its state is the engine's verdict (see `fresh`).
   */
  switchTo(next: NextSession, user?: User, account?: Account | null): Promise<void>
  /** Runs `fn` with the session once its progress shows; calls made earlier wait for it, in order. */
  act(fn: (s: Session, ctx: SessionContext) => unknown): Promise<void>
  /**
   * Runs `job` once the calls made before it have run (at once when none waits, and before init():
   * the first session starts with the user named meanwhile). A change of user made while calls wait
   * for the session's progress takes effect after them, so each call goes to its own user.
   */
  inTurn<T>(job: () => T | Promise<T>): Promise<T>
  /**
   * Resolves once the state is the verdict on what the stores hold (at once, unless a change a
   * remembered quiet state does not cover waits for the engine's file): what a call resolves after.
   */
  fresh(): Promise<unknown> | undefined
  /**
   * Resolves once the current session has started and its state is fresh; while init() is under
   * way (the journey still loading), once it has; at once before init() and once over. Never rejects.
   */
  ready(): Promise<unknown>
  /**
   * Runs `job` with what `load` gives (a file the script tag loads from beside itself: the
   * preview's) once it has, in turn: the calls made meanwhile wait for it and for what `job`
   * started, in order. Rejects when the file cannot load (the page goes on as before the call).
   */
  hold<M, T>(load: () => M | Promise<M>, job: (m: M) => T): Promise<Awaited<T>>
  /** The current session, if any. */
  session(): Session | undefined
  /** What every session shares, once init() has a journey. */
  context(): SessionContext | undefined
  /** The options init() was given. */
  options(): MilepostOptions
  /** Destroyed, refused, or not in a browser: every call settles at once. */
  over(): boolean
  /** Stops the session, the clock and its page watchers; pending calls settle. */
  stop(): void
}

/** What the host works with: the instance's stores, emitter, guards and tours. */
export interface HostParts {
  stores: Stores
  emitter: Emitter
  safe: Guards['safe']
  /** Reports an error of Milepost's own. */
  fail: (error: unknown) => void
  tours: Tours
}

export const createHost = ({ stores, emitter, safe, fail, tours }: HostParts): Host => {
  const { $journey, $user, $account, $progress, $now, $persistence } = stores
  const { report } = emitter
  const stops: Array<() => void> = []
  let opts: MilepostOptions = {}
  /** init()'s work, settled either way; undefined before init(). */
  let starting: Promise<unknown> | undefined
  let ctx: SessionContext | undefined
  let session: Session | undefined
  let done = false
  /** The current session could not start (its progress never showed): calls waiting for it settle. */
  let failed = false
  /**
   * Calls in the order made, not yet run: `act`'s wait for a session whose progress shows, and
   * what was asked in turn after them. Run together, in one task, once they can (see `drain`).
   */
  const calls: Array<{ needs: boolean; held?: boolean; run: (s?: Session) => void }> = []
  /** Runs the calls at the head that can run now: all of them once the progress shows (one write). */
  const drain = () => {
    for (let call; (call = calls[0]) && (done || (!call.held && (failed || !call.needs || (session && $progress.get() && stores.current())))); ) {
      calls.shift()!.run(done || failed ? undefined : session)
    }
  }
  const enqueue = <T>(needs: boolean, fn: (s?: Session) => T): Promise<Awaited<T> | undefined> =>
    new Promise((resolve, reject) => {
      calls.push({
        needs,
        run: (s) => {
          try {
            resolve(needs && !s ? undefined : (fn(s) as Awaited<T>))
          } catch (error) {
            reject(error)
          }
        },
      })
      drain()
    })
  // The state shows (or goes, or is the verdict again once the engine is here): the calls waiting
  // for it run, after the notification.
  const unlisten = stores.$state.listen(() => calls.length && queueMicrotask(safe(drain)))
  // Before init() a job runs at once (identify() then names the user the first session starts with);
  // from init() on, after the calls waiting, even while the journey still loads.
  const inTurn = <T>(job: () => T | Promise<T>): Promise<T> =>
    (calls.length && starting ? enqueue(false, job) : Promise.resolve(job())) as Promise<T>

  const hold = <M, T>(load: () => M | Promise<M>, job: (m: M) => T): Promise<Awaited<T>> => {
    // At the head: called by a call that runs (drain took it out) or at once (none waits).
    const call = { needs: false, held: true, run: noop }
    calls.unshift(call)
    // Held until what `job` started has settled (a preview: once it shows), then the calls go on, in order.
    return Promise.resolve().then(load).then(job).finally(() => ((call.held = false), drain())) as Promise<Awaited<T>>
  }

  const fresh = () => (stores.current() ? undefined : stores.engine())
  const switchTo = (next: NextSession, user?: User, account?: Account | null): Promise<void> => {
    const prev = session
    tours.stop()
    let s!: Session
    // One change for subscribers: a session whose state is there at once (a preview's) replaces
    // the last one's without a not-ready state between.
    batch(() => {
      prev?.stop()
      if (user) $user.set(user)
      if (account !== undefined) $account.set(account)
      s = session = next(ctx!, prev ? prev.settled() : Promise.resolve())
    })
    failed = false
    s.shown.then((ok) => ((failed = !ok), drain()), noop)
    return s.ready.then(fresh).then(noop)
  }

  const run = async (o: MilepostOptions) => {
    // Told after the caller's task: a host that makes the instance with its options adds on('error') next.
    const tell = (kind: string, message: string) => queueMicrotask(() => report(kind, message))
    // An option of another type is told and read as not given (a host in JavaScript: no compiler says
    // it). A configUrl may be a URL object (fetch() takes one); a getHeaders that is no function
    // fails each sync request, which sync:error tells.
    opts = o = plain(o, tell)
    for (const [k, t] of Object.entries({ endpoint: 'a string', now: 'a function', navigate: 'a function', storage: 'one of ' + STORAGES, user: 'an object', headers: 'an object' })) {
      const v = (o as Record<string, unknown>)[k]
      if (v != null && (k == 'storage' ? !STORAGES.includes(v as Persistence) : !t.endsWith(typeof v))) {
        tell('input', `${k}: expected ${t}`)
        delete (o as Record<string, unknown>)[k]
      }
    }
    const given = readOf(o.user, 'id', tell, 'user.id')
    const id = idOf(given)
    if (given !== undefined && !id) tell('input', 'user.id: expected a string of 1-200 characters')
    const user = $user.get()
    // Another user than one identify() named before init(): nothing of theirs carries over.
    const other = id && user.id && id != user.id
    batch(() => {
      const traits = { ...(other ? {} : user.traits), ...traitsOf(readOf(o.user, 'traits', tell, 'user.traits'), tell, 'user.traits') }
      $user.set(id ? { id, traits } : user.id ? { ...user, traits } : { id: anonId(), traits, anonymous: true })
      $account.set(nextAccount(o.account, other ? null : $account.get(), tell))
    })
    // Server rendering, Node: nothing to show or store. Every method now settles at once (`done`).
    if (!inBrowser()) return (done = true), drain(), sayNoBrowser()
    const store = createStorage(o.storage, (kind, error) => {
      $persistence.set(kind)
      report('storage', `storage failed (${error}), using ${kind}`, { error })
      session?.fellBack?.()
    })
    $persistence.set(store.kind)
    const prepared = await prepare(o, store, $user.get().id, report, fetchJourney)
    if (!prepared) return (done = true), drain()
    const { journey, early } = prepared
    $journey.set(journey)
    if (done) return
    ctx = {
      journey, stores, store, options: o, clock: () => (o.now ?? Date.now)(), emitter, fail, safe, told: new Set(),
      // Every sighting also goes to the tours (not as activity: a watcher's first report is not the user's).
      onFact: (fact) => void Promise.resolve(tours.fact(fact)).catch(fail),
    }
    const clock = startClock(safe(() => $now.set(session ? session.now() : ctx!.clock())), () => {
      const state = stores.$state.get()
      return state ? state.startedAt + (state.day + 1) * DAY - state.now : DAY
    })
    stops.push(clock.stop, watchPageLife({ visible: safe(clock.resume), hidden: safe(clock.pause), online: noop }))
    await switchTo((c, after) => startUserSession(c, $user.get(), $account.get(), after, early))
    clock.plan() // the first state read the time just now
  }

  const act = (fn: (s: Session, ctx: SessionContext) => unknown): Promise<void> => {
    // Shown (its progress is in the stores) and nothing waits: at once, so the state is new when the call returns.
    if (!done && !calls.length && session && $progress.get() && stores.current()) return Promise.resolve((session.touch?.(), fn(session, ctx!))).then(noop)
    // Else after the calls before it, with the session current then, once its progress shows.
    return enqueue(true, (s) => (s!.touch?.(), fn(s!, ctx!))).then(noop)
  }

  const start = (o: MilepostOptions) => {
    const p = run(o)
    starting = p.catch(noop)
    return p
  }

  return {
    start, switchTo, act, inTurn, fresh, hold,
    ready: () => (session ? session.ready.then(fresh) : Promise.resolve(starting)),
    session: () => session,
    context: () => ctx,
    options: () => opts,
    over: () => done,
    stop() {
      done = true
      unlisten()
      session?.stop()
      // The storage lets go once the session's own writes are stored (a change made just before).
      const close = () => ctx?.store.close()
      void (session?.settled() ?? Promise.resolve()).then(close, close)
      session = undefined
      stops.reverse().forEach((stop) => stop())
      stops.length = 0
      drain()
    },
  }
}
