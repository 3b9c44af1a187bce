// Shared set-up for the runtime tests: a fresh IndexedDB and localStorage per test, a journey
// that uses every trigger kind, a settable clock, and a console that records warnings.
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import { entries, createStore } from 'idb-keyval'
import { afterEach, beforeEach, vi } from 'vitest'
import { createMilepost } from '../../src/milepost'
import type { Milepost, MilepostOptions } from '../../src/runtime/api'
import { aJourney, aMilestone, aNudge, aStep, T0, traits } from '../builders'

export const journey = aJourney({
  milestones: [
    aMilestone({
      id: 'setup', title: 'Set up', due: { day: 3 },
      steps: [
        aStep({ id: 'connect', completeWhen: { event: 'data.connected' } }),
        aStep({ id: 'open-reports', completeWhen: { url: '/reports*' } }),
        aStep({ id: 'click-new', completeWhen: { click: '#new-report' } }),
        aStep({ id: 'see-banner', completeWhen: { visible: '.banner' } }),
        aStep({ id: 'invite' }),
      ],
    }),
    aMilestone({ id: 'share', title: 'Share', steps: [aStep({ id: 'share-report', completeWhen: { event: 'report.shared' } })] }),
  ],
})

/** A journey with one manual step and an escalation ladder on a stalled milestone. */
export const ladder = aJourney({
  milestones: [aMilestone({ id: 'm1', due: { day: 2 }, steps: [aStep({ id: 's1' }), aStep({ id: 's2' })] })],
  nudges: [aNudge({ id: 'n1', when: { missed: { milestone: 'm1' } }, escalate: [{ afterDays: 1, notify: 'csm' }] })],
})

export const clock = { now: T0 }
export const warnings: string[] = []
const live: Milepost[] = []

/**
 * Starts an instance for user u1 on `journey` at the test clock; destroyed after the test.
 * `before` runs before it is ready, as a host's code right after `createMilepost()` would.
 */
export const start = async (over: MilepostOptions = {}, before?: (mp: Milepost) => void): Promise<Milepost> => {
  const mp = createMilepost({ config: journey, user: { id: 'u1', traits: traits() }, now: () => clock.now, ...over })
  live.push(mp)
  before?.(mp)
  await mp.init()
  return mp
}

/** Everything Milepost keeps in its IndexedDB store. */
export const saved = async (): Promise<Map<string, unknown>> =>
  new Map((await entries(createStore('milepost', 'progress'))).map(([k, v]) => [String(k), v]))

// What was saved, found by content rather than by key, so the tests outlive a change of key layout.
/** Every saved hit of the tracked event `name`. */
export const savedTracks = async (name: string): Promise<Array<{ props?: object }>> =>
  [...(await saved()).values()].flatMap((v) => (v as { tracks?: Record<string, Array<{ props?: object }>> })?.tracks?.[name] ?? [])
/** Every event saved to be sent (the outbox): what has an id and a type, by its type. */
export const savedEvents = async (): Promise<string[]> =>
  [...(await saved()).values()].flatMap((v) => {
    const e = v as { id?: unknown; type?: unknown }
    return typeof e?.id == 'string' && typeof e.type == 'string' ? [e.type] : []
  })
/** The saved record of a done step. */
export const savedStep = async (stepId: string): Promise<{ done?: number } | undefined> =>
  [...(await saved()).values()].map((v) => (v as { steps?: Record<string, { done?: number }> })?.steps?.[stepId]).find((s) => s?.done !== undefined)

beforeEach(() => {
  Object.defineProperty(globalThis, 'indexedDB', { value: new IDBFactory(), configurable: true, writable: true })
  localStorage.clear()
  history.replaceState(null, '', '/')
  clock.now = T0
  warnings.length = 0
  vi.spyOn(console, 'warn').mockImplementation((...args) => void warnings.push(args.join(' ')))
})

afterEach(() => {
  live.splice(0).forEach((mp) => mp.destroy())
  vi.restoreAllMocks()
  vi.useRealTimers()
})
