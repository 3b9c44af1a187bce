// @vitest-environment happy-dom
// The runtime without its engine, as the script tag starts a quiet page (src/runtime/engine.lazy.ts):
// the engine module is replaced by one whose file "loads" when the test says, and whose remembered
// quiet state is the real engine's answer when core's quietUntil says the state is quiet. Chromium
// covers the real file (test/browser/script-chunks.test.ts, "a quiet start").
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { quietAt, quietFacts, quietUntil } from '../../src/core/quiet'
import { dayNumber } from '../../src/core/time'
import type { Engine, QuietInputs } from '../../src/runtime/engine'
import type { Milepost } from '../../src/runtime/api'
import { clock, journey, saved, start } from './harness'
import { traits } from '../builders'

const lazy = vi.hoisted(() => ({
  on: false,
  loads: 0,
  /** The engine once its "file" has loaded. */
  loaded: undefined as unknown,
  /** What the remembered state was for: the inputs of the first state asked of a quiet page. */
  key: undefined as string | undefined,
  /** Until when that state holds (core's quietUntil then). */
  until: undefined as number | undefined,
  /** Settles the current load: the engine, or an error. */
  settle: (_fail?: Error) => {},
}))

vi.mock('../../src/runtime/engine', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/runtime/engine')>()
  return {
    ...real,
    engineNow: () => (lazy.on ? lazy.loaded as Engine | undefined : real.engine),
    loadEngine: () => {
      lazy.loads++
      return new Promise<Engine>((resolve, reject) => {
        lazy.settle = (fail) => (fail ? reject(fail) : resolve((lazy.loaded = real.engine) as Engine))
      })
    },
    // As the script tag's memory: a state remembered for these very inputs (the user, the traits,
    // the facts of the document), when the real engine finds it quiet.
    quietState: ({ journey: j, progress, options, userId }: QuietInputs, now: number) => {
      if (!lazy.on) return undefined
      const key = JSON.stringify([userId, options.traits, quietFacts(progress)])
      lazy.key ??= key
      const state = real.engine.evaluate(j, progress, options)
      if (key !== lazy.key) return undefined
      // Until the moment found when it was remembered.
      lazy.until ??= quietUntil(j, progress, options, state)
      return now < lazy.until ? quietAt(state, now, (t) => dayNumber(t, 'local')) : undefined
    },
  }
})

beforeEach(() => {
  lazy.on = false
  lazy.loads = 0
  lazy.loaded = lazy.key = lazy.until = undefined
})

/** A user who finished the journey on an earlier page (with the engine); this page starts without it. */
const quietPage = async (): Promise<Milepost> => {
  const first = await start()
  for (const step of ['data.connected', 'report.shared']) await first.track(step)
  for (const step of ['open-reports', 'click-new', 'see-banner', 'invite']) await first.complete(step)
  expect(first.getState().done).toBe(true)
  await first.flush()
  first.destroy()
  lazy.on = true
  clock.now += 86_400_000
  return start()
}

/** A user who hid the checklist of their open journey on an earlier page (with the engine), `later` ms ago; this page starts without it. */
const hiddenPage = async (later = 0): Promise<Milepost> => {
  const first = await start()
  await first.track('checklist:dismissed')
  expect(first.getState()).toMatchObject({ done: false, dismissed: true })
  await first.flush()
  first.destroy()
  lazy.on = true
  clock.now += later
  return start()
}

describe('a quiet start (the script tag without its engine)', () => {
  it('starts from the remembered state, and activity (a session, the host\'s events) loads nothing', async () => {
    const mp = await quietPage()
    expect(mp.getState()).toMatchObject({ ready: true, done: true, percent: 100, now: clock.now })
    await mp.track('report.viewed')
    expect(mp.getProgress()!.tracks['report.viewed']).toHaveLength(1)
    expect(lazy.loads).toBe(0)
  })

  it('a hidden journey still open: the host\'s own events load nothing; an event an open step waits for, or the page\'s triggers, bring the engine', async () => {
    const mp = await hiddenPage(3_600_000)
    expect(mp.getState()).toMatchObject({ ready: true, done: false, dismissed: true, now: clock.now })
    await mp.track('report.viewed')
    expect(lazy.loads).toBe(0)
    // The journey's open steps wait on the page: its triggers run without the engine, and a
    // sighting loads it and completes the step.
    history.pushState(null, '', '/reports/1')
    await vi.waitFor(() => expect(lazy.loads).toBe(1))
    lazy.settle()
    await vi.waitFor(() => expect(mp.getState().milestones[0]!.steps.find((s) => s.id == 'open-reports')!.done).toBe(true))
    // And a step's event counts: it waits for the engine (here already), and completes the step.
    await mp.track('data.connected')
    expect(mp.getState().milestones[0]!.steps.find((s) => s.id == 'connect')!.done).toBe(true)
    expect(mp.getProgress()!.steps['connect']?.done).toBeTypeOf('number')
  })

  it('a hidden journey still open: an event an open step waits for waits for the engine, and completes the step', async () => {
    const mp = await hiddenPage()
    const told: string[] = []
    mp.on('step:completed', (e) => told.push((e as { stepId: string }).stepId))
    const call = mp.track('report.shared')
    await vi.waitFor(() => expect(lazy.loads).toBe(1))
    expect(mp.getProgress()!.tracks['report.shared']).toBeUndefined() // not applied before the engine is here
    lazy.settle()
    await call
    expect(told).toEqual(['share-report'])
    expect(mp.getProgress()!.steps['share-report']?.done).toBeTypeOf('number')
  })

  it('a hidden journey still open: once its moment (the next midnight) passes with the page open, the next tick loads the engine and the state is its verdict', async () => {
    const mp = await hiddenPage()
    const reason = mp.getState().milestones[0]!.reason
    expect(lazy.loads).toBe(0)
    clock.now = new Date(clock.now).setHours(24, 0, 0, 0)
    document.dispatchEvent(new Event('visibilitychange')) // the clock ticks as the page shows again
    await vi.waitFor(() => expect(lazy.loads).toBe(1))
    expect(mp.getState().now).toBeLessThan(clock.now) // the state before stays until the engine is here
    lazy.settle()
    await vi.waitFor(() => expect(mp.getState().now).toBe(clock.now))
    expect(mp.getState().milestones[0]!.reason).not.toBe(reason)
  })

  it('a change that counts waits for the engine; calls made meanwhile run after it, in order, and the lifecycle events are told', async () => {
    const mp = await quietPage()
    const told: string[] = []
    mp.on('step:completed', (e) => told.push('step:completed ' + (e as { stepId: string }).stepId))
    mp.on('journey:completed', () => told.push('journey:completed'))
    const calls = [mp.reset(), mp.track('data.connected'), mp.track('report.viewed')]
    await Promise.resolve()
    expect(lazy.loads).toBe(1)
    expect(mp.getState().done).toBe(true) // not applied yet: nothing is applied out of order
    lazy.settle()
    await calls[0]
    expect(mp.getState().done).toBe(false) // the reset's own promise: the engine's state after it
    await Promise.all(calls)
    const state = mp.getState()
    expect(state.done).toBe(false)
    expect(state.milestones[0]!.steps.find((s) => s.id == 'connect')!.done).toBe(true)
    expect(told).toEqual(['step:completed connect'])
    expect(Object.keys(mp.getProgress()!.tracks)).toEqual(['data.connected', 'report.viewed'])
  })

  it('identify() with traits the remembered state does not cover resolves once the engine has read them', async () => {
    const mp = await quietPage()
    let resolved = false
    const call = mp.identify('u1', { plan: 'pro' }).then(() => (resolved = true))
    // The new traits are in and the engine is asked for: the call now waits for nothing else.
    await vi.waitFor(() => expect(mp.getState().user.traits).toMatchObject({ plan: 'pro' }))
    await vi.waitFor(() => expect(lazy.loads).toBe(1))
    await Promise.resolve()
    expect(resolved).toBe(false)
    lazy.settle()
    await call
    expect(mp.getState()).toMatchObject({ ready: true, done: true })
    expect(lazy.loads).toBe(1)
  })

  it('a first page with nothing remembered: init() resolves once the engine has given the first state', async () => {
    lazy.on = true
    let ready = false
    let early: Milepost | undefined
    const started = start({ user: { id: 'u2', traits: traits() } }, (mp) => void (early = mp)).then((mp) => ((ready = true), mp))
    // The progress is in and the engine asked for: only the engine is missing now.
    await vi.waitFor(() => expect(early!.getProgress()).not.toBeNull())
    await vi.waitFor(() => expect(lazy.loads).toBe(1))
    await Promise.resolve()
    expect(ready).toBe(false)
    expect(early!.getState().ready).toBe(false)
    lazy.settle()
    const mp = await started
    expect(mp.getState()).toMatchObject({ ready: true, done: false, journeyId: journey.id })
  })

  it('an engine that cannot load is reported once; calls settle, and what they record is kept', async () => {
    lazy.on = true
    const errors: string[] = []
    const started = start({ user: { id: 'u3', traits: traits() } }, (mp) => void mp.on('error', (e) => errors.push(`${e.kind}: ${e.message}`)))
    await vi.waitFor(() => expect(lazy.loads).toBe(1))
    lazy.settle(new Error('milepost-engine.min.js could not load'))
    const mp = await started
    await expect(mp.track('data.connected')).resolves.toBeUndefined()
    expect(mp.getProgress()!.tracks['data.connected']).toHaveLength(1)
    expect(mp.getState().ready).toBe(false)
    expect(errors).toEqual(['engine: Error: milepost-engine.min.js could not load'])
    expect(lazy.loads).toBe(1) // activity does not try again
  })

  it('an engine that cannot load: a step of the account\'s done meanwhile is kept in the account\'s document, not the member\'s', async () => {
    lazy.on = true
    const shared = { ...journey, milestones: journey.milestones.map((m) => (m.id == 'share' ? { ...m, scope: 'account' as const } : m)) }
    const started = start({ config: shared, user: { id: 'u6', traits: traits() }, account: { id: 'acme' } })
    await vi.waitFor(() => expect(lazy.loads).toBe(1))
    lazy.settle(new Error('offline'))
    const mp = await started
    const done = mp.complete('share-report')
    await vi.waitFor(() => expect(lazy.loads).toBe(2))
    lazy.settle(new Error('offline'))
    await done
    const owners = [...(await saved()).values()]
      .filter((v) => (v as { steps?: Record<string, { done?: number }> })?.steps?.['share-report']?.done !== undefined)
      .map((v) => (v as { userId: string }).userId)
    expect(owners).toEqual(['acme'])
  })

  it('an engine that could not load is tried again by the next change that counts, and when the page is visible again', async () => {
    lazy.on = true
    const started = start({ user: { id: 'u4', traits: traits() } })
    await vi.waitFor(() => expect(lazy.loads).toBe(1))
    lazy.settle(new Error('offline'))
    const mp = await started
    // A change that counts: the file again (each time, and activity does not ask for it); the
    // change waits for it, and once it comes the state shows.
    const failed = mp.complete('open-reports')
    await vi.waitFor(() => expect(lazy.loads).toBe(2))
    lazy.settle(new Error('offline'))
    await failed
    await mp.track('report.viewed')
    expect(lazy.loads).toBe(2)
    const done = mp.complete('invite')
    await vi.waitFor(() => expect(lazy.loads).toBe(3))
    lazy.settle()
    await done
    expect(mp.getState()).toMatchObject({ ready: true, done: false })
    // The change made while the file could not load was kept, and counts now too.
    const steps = mp.getState().milestones.flatMap((m) => m.steps)
    expect(['open-reports', 'invite'].map((id) => steps.find((s) => s.id == id)!.done)).toEqual([true, true])
    // Another page, whose file fails and then comes back when the user returns to the tab.
    mp.destroy()
    lazy.loaded = undefined
    const again = start({ user: { id: 'u5', traits: traits() } })
    await vi.waitFor(() => expect(lazy.loads).toBe(4))
    lazy.settle(new Error('offline'))
    const next = await again
    expect(next.getState().ready).toBe(false)
    document.dispatchEvent(new Event('visibilitychange'))
    await vi.waitFor(() => expect(lazy.loads).toBe(5))
    lazy.settle()
    await vi.waitFor(() => expect(next.getState().ready).toBe(true))
  })
})
