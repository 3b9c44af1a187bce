// The public methods (the contract in product.md): each checks its input, then goes through the
// host to the current session. Guarded: none throws into the host's code; a failure is reported
// and the method returns its fallback.
import { batch } from 'nanostores'
import type { ReadableAtom } from 'nanostores'
import { sameJson } from '../core/same'
import type { Traits } from '../core/index'
import type { Stores, User } from '../stores/stores'
import type { Draft, Milepost, MilepostOptions, MilepostState, UiEvent } from './api'
import type { Emitter, MilepostError } from './emitter'
import type { Guards, Host } from './host'
import { idOf, nextAccount, traitsOf } from './input'
import { notReadyState } from './not-ready'
import { loadPreview } from './preview-session'
import type { PreviewOptions } from './preview'
import { startUserSession } from './session'
import type { Tours } from './tours'

const noop = () => {}
const resolved = () => Promise.resolve()

export interface ApiParts {
  stores: Stores
  /** What getState() returns and subscribe() delivers. */
  $snapshot: ReadableAtom<MilepostState>
  emitter: Emitter
  guard: Guards['guard']
  fail: (error: unknown) => void
  host: Host
  tours: Tours
  /** Undoes what the instance started outside the host (its store listeners), on destroy(). */
  stop: () => void
}

export const publicApi = ({ stores, $snapshot, emitter, guard, fail, host, tours, stop }: ApiParts): Milepost => {
  const { $user, $account, $progress, $previewTraits, $engine } = stores
  const { emit, report } = emitter
  const { act, inTurn, switchTo, session, context, over, ready, hold } = host
  // The host's subscriptions, each a store subscription: destroy() ends them.
  const subscriptions = new Set<() => void>()
  let started: Promise<void> | undefined
  let destroyed = false

  const step = (stepId: string, type: 'complete' | 'skip') =>
    act((s, ctx) => {
      if (!ctx.journey.milestones.some((m) => m.steps.some((x) => x.id === stepId))) return report('input', 'no step ' + stepId)
      const record = $progress.get()!.steps[stepId]
      // Without the engine (a quiet start) the change waits for it, after what waits already (a
      // `reset()` just before, which makes a done step open): a step done before is read then (done
      // wins over skipped, the earliest time over later ones).
      if (!$engine.get() || (record?.done === undefined && record?.[type == 'skip' ? 'skipped' : 'done'] === undefined)) return s.dispatch([{ type, stepId }])
    })

  /** Whether `fn` is a function; if not, `call` tells on('error') it needs one (its handler would throw at every call). */
  const isFn = (fn: unknown, call: string) => typeof fn == 'function' || (report('input', call + '() needs a function'), false)

  const tell = (fn: (state: MilepostState) => void, state: MilepostState) => {
    try {
      fn(state)
    } catch (error) {
      report('handler', `subscribe() handler threw: ${error}`)
    }
  }

  return {
    // Not wrapped by guard, which would return a new Promise each call; `started` never rejects.
    init: (o?: MilepostOptions) => {
      // Destroyed before it started (React's useMilepost() outside a provider): nothing starts, nothing is stored.
      if (started || destroyed) {
        if (o) emitter.warn('init', destroyed ? 'init() after destroy(): ignored' : 'init() called twice: ignored')
        return (started ??= resolved())
      }
      return (started = host.start(o ?? {}).catch(fail))
    },
    identify: guard((userId: string, traits?: Traits, account?: { id: string; traits?: Traits } | null) => {
      // Cleaned: the server refuses an id with a NUL or a lone surrogate, or longer than 200 characters.
      if (!(userId = idOf(userId)!)) return report('input', 'identify() needs a user id: a string of 1-200 characters'), resolved()
      const more = traitsOf(traits, report, 'identify() traits')
      // In turn: calls made before this one, still waiting for the current user's progress, go to that user.
      return inTurn(() => {
        // Destroyed, refused or outside a browser: later calls do nothing (a destroyed instance's user stays).
        if (over()) return
        const user = $user.get()
        const same = userId === user.id
        // Another user without an account has none: an account is never carried over to someone else.
        const nextAcc = nextAccount(account === undefined && !same ? null : account, $account.get(), report, 'identify() account')
        const next: User = same ? { ...user, traits: { ...user.traits, ...more } } : { id: userId, traits: more }
        if ((same && nextAcc?.id === $account.get()?.id) || !context()) {
          // Nothing new (a host that names its user on every render): no new state, so no render loop.
          batch(() => {
            if (!sameJson(next, user)) $user.set(next)
            if (!sameJson(nextAcc, $account.get())) $account.set(nextAcc)
          })
          // Once the user's progress is in (init() may still be loading the journey), and new traits
          // a remembered quiet state does not cover have been read by the engine.
          return ready().then(noop)
        }
        return switchTo((ctx, after) => startUserSession(ctx, next, nextAcc, after), next, nextAcc)
      })
    }, resolved),
    track: guard((name: string, props?: Readonly<Record<string, unknown>>) => {
      // The server refuses a longer name (sync-protocol.md): refused here, the event is not kept to be refused there.
      if (typeof name != 'string' || !name || name.length > 1e3) return report('input', 'track() needs an event name: a string of 1-1000 characters'), resolved()
      const draft: Draft = { type: 'track', name }
      if (props != null) draft.props = traitsOf(props, report, 'track() props')
      return act((s) => Promise.all([s.dispatch([draft]), tours.fact(draft)]))
    }, resolved),
    // Held until the tour has started (the engine's and the tours' files may load first): an
    // identify() right after it waits, so the tour is the user's who asked.
    startTour: guard((id: string) => act(() => hold(noop, () => tours.start(id))), resolved),
    complete: guard((stepId: string) => step(stepId, 'complete'), resolved),
    skip: guard((stepId: string) => step(stepId, 'skip'), resolved),
    getState: guard(() => $snapshot.get(), () => ({ ...notReadyState(null, Date.now()), ready: false, preview: false, persistence: 'memory', user: { id: '', traits: {} } })),
    subscribe: guard((fn: (state: MilepostState) => void) => {
      if (!isFn(fn, 'subscribe')) return noop
      const stop = $snapshot.subscribe((state) => tell(fn, state))
      subscriptions.add(stop)
      return () => void (subscriptions.delete(stop), stop())
    }, () => noop),
    on: guard((name, fn) => (isFn(fn, 'on') ? emitter.on(name, fn as never) : noop), () => noop),
    emit: guard((name, payload) => {
      if (name != 'error') return emit(name, payload)
      const { kind, message, ...extra } = payload as MilepostError
      report(kind, message, extra)
    }, noop),
    record: guard((event: UiEvent) => act((s) => typeof event?.type == 'string' && (event.type == 'tour' ? tours.request(event) : s.dispatch([event]))), resolved),
    getProgress: guard(() => $progress.get(), () => null),
    get options() {
      return host.options()
    },
    open: guard(() => emit('open'), noop),
    close: guard(() => emit('close'), noop),
    // After the calls made before it: what they record is saved and sent too.
    flush: guard(() => inTurn(() => ready().then(() => session()?.flush?.())), resolved),
    reset: guard(() => act((s) => s.dispatch([{ type: 'reset', epoch: $progress.get()!.epoch + 1 }])), resolved),
    preview: guard((o?: PreviewOptions | false) =>
      act(() => {
        // The script tag loads the preview from beside itself: calls made meanwhile wait for it.
        // A file that cannot load is told; the user's own session goes on as before the call.
        if (o !== false) {
          // After the engine (a quiet start has none yet): the preview's first state is its own, not
          // the user's marked as a preview.
          return hold(() => stores.engine().then(loadPreview), (m) => switchTo((ctx, after) => m.startPreviewSession(ctx, $user.get(), o ?? {}, after)))
            .catch((error: unknown) => report('preview', 'the preview could not start: ' + error, { error }))
        }
        // Back to the user's own progress.
        if ($previewTraits.get()) return switchTo((ctx, after) => startUserSession(ctx, $user.get(), $account.get(), after))
      }), resolved),
    destroy: guard(() => {
      if (destroyed) return
      destroyed = true
      emit('destroy') // a mounted UI removes itself
      subscriptions.forEach((stop) => stop())
      subscriptions.clear()
      host.stop()
      stop()
      emitter.clear()
    }, noop),
  }
}
