import { createStores } from './stores/stores'
import type { Milepost, MilepostOptions } from './runtime/api'
import { createEmitter } from './runtime/emitter'
import { createGuards } from './runtime/guard'
import { createHost } from './runtime/host'
import type { Host } from './runtime/host'
import { publicApi } from './runtime/public-api'
import { snapshotStore } from './runtime/snapshot'
import { createTours } from './runtime/tours'
import { watchSeen } from './runtime/triggers'

/**
 * Creates a Milepost instance; with options it starts at once (same as calling `init(options)`).
 * Outside a browser (server rendering, Node) it returns an idle instance: every promise settles at
 * once, `getState()` is `{ ready: false, reason: 'no-browser' }`, and it says so once in the console.
 * @example
 * const milepost = createMilepost({ configUrl: '/onboarding.json', user: { id: 'u_123' } })
 * milepost.track('report.created')
 */
export const createMilepost = (options?: MilepostOptions): Milepost => {
  // The composition root. The instance holds its stores, emitter and host; the host holds the
  // current session (runtime/host.ts), and everything per user lives in that session
  // (runtime/session.ts), a preview in its own (runtime/preview-session.ts).
  const emitter = createEmitter()
  const stores = createStores(Date.now(), undefined, (error) => emitter.report('engine', String(error), { error }))
  const $snapshot = snapshotStore(stores)
  const fail = (error: unknown) => emitter.report('internal', '' + error, { error })
  const { guard, safe } = createGuards(fail)
  // Tours move by recorded events through the current session; the engine says where they stand.
  const tours = createTours({
    state: () => stores.$state.get(), progress: () => stores.$progress.get(), dispatch: (drafts) => host.session()?.dispatch(drafts), watchSeen,
    onUnknown: (id) => emitter.report('input', 'no tour ' + id),
    onFail: (error) => emitter.report('tours', `the tours could not start: ${error}`, { error }),
  })
  const host: Host = createHost({ stores, emitter, safe, fail, tours })
  const stops = [
    // After each new state: the running tour's step may wait for an element, and a tour whose
    // `startOn` signal now holds starts by itself. Not in a preview: it shows a day of the checklist.
    stores.$state.listen(safe(() => (stores.$previewTraits.get() ? tours.stop() : (tours.watch(), tours.begin())))),
    () => tours.stop(),
  ]
  const api = publicApi({ stores, $snapshot, emitter, guard, fail, host, tours, stop: () => stops.reverse().forEach((stop) => stop()) })
  if (options) void api.init(options)
  return api
}
