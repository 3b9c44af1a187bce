// @vitest-environment happy-dom
// The script tag's tours: the stand-in in the engine's file (src/runtime/tours-stand-in.ts) loads the
// file with what moves tours only when something may move one, its calls wait for it, and nothing
// asked before a stop runs after; the first file's hand-over (src/runtime/tours.lazy.ts) gives the
// stand-in every call once the engine is here, and nothing moves a tour before.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { evaluate } from '../../src/core/index'
import type { Journey, JourneyState, Progress, Tour } from '../../src/core/types'
import type { TourParts } from '../../src/runtime/tours'
import { aJourney, aMilestone, anEvent, aStep, dayAt } from '../builders'
import { progressOf } from '../core/helpers'

const file = vi.hoisted(() => ({ loads: 0, fail: false, release: () => {}, held: false }))
/** The engine's file as engine.lazy.ts gives it to the first file: here once loaded, or failing. */
const engineFile = vi.hoisted(() => ({ loaded: undefined as object | undefined, loads: 0, fail: false }))
vi.mock('../../src/runtime/engine', async (real) => {
  const { engine } = await real<typeof import('../../src/runtime/engine')>()
  return {
    engineNow: () => engineFile.loaded,
    loadEngine: async () => {
      engineFile.loads++
      if (engineFile.fail) throw new Error('engine 404')
      const { createTours } = await import('../../src/runtime/tours-stand-in')
      return (engineFile.loaded ??= { ...engine, createTours })
    },
  }
})
vi.mock('../../src/adapters/chunk', () => ({
  lazy: () => () => {
    file.loads++
    if (file.fail) return Promise.reject(new Error('404'))
    const loaded = import('../../src/runtime/tours')
    return file.held ? new Promise((resolve) => (file.release = () => resolve(loaded))) : loaded
  },
}))

const tour = (over: Partial<Tour> = {}): Tour => ({ id: 'intro', title: 'Intro', steps: [{ text: 'Find it', advanceOn: { visible: '#far' } }, { text: 'Two' }], ...over })
const journeyWith = (tours: Tour[]): Journey => aJourney({ milestones: [aMilestone({ steps: [aStep({ id: 's', completeWhen: { event: 'x' } })] })], tours })
const running = progressOf(anEvent({ type: 'tour', tourId: 'intro', action: 'started', step: 0, seq: 0, at: dayAt(1) }))

/** The loader's tours on a journey and progress of the test's choosing, with spies for what they do. */
const make = async (journey: Journey, progress: Progress = progressOf()) => {
  vi.resetModules()
  const { createTours } = await import('../../src/runtime/tours-stand-in')
  const { lazy } = await import('../../src/adapters/chunk')
  const state: JourneyState = evaluate(journey, progress, { now: dayAt(2) })
  const parts = {
    state: () => state, progress: () => progress, dispatch: vi.fn(), onUnknown: vi.fn(), onFail: vi.fn(),
    watchSeen: vi.fn((_selectors: readonly string[], _onVisible: (selector: string) => void) => () => {}),
  } satisfies TourParts
  return { tours: createTours(parts, lazy('milepost-tours.min.js')), parts }
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

afterEach(() => {
  Object.assign(file, { loads: 0, fail: false, held: false })
  Object.assign(engineFile, { loaded: undefined, loads: 0, fail: false })
})

describe('the script tag’s tours file', () => {
  it('is not loaded for a journey without tours: an unknown tour is reported without it, facts and states cost nothing', async () => {
    const { tours, parts } = await make(journeyWith([]))
    tours.watch()
    tours.begin()
    await tours.fact({ type: 'track', name: 'x' })
    await tours.start('intro')
    await tours.request({ type: 'tour', tourId: 'intro', action: 'started' })
    expect(parts.onUnknown.mock.calls).toEqual([['intro'], ['intro']])
    expect(file.loads).toBe(0)
  })

  it('is not loaded while no tour runs or waits to start, and is on startTour()', async () => {
    const { tours, parts } = await make(journeyWith([tour()]))
    tours.watch()
    await tours.fact({ type: 'track', name: 'x' })
    await tours.start('nope')
    expect(file.loads).toBe(0)
    expect(parts.onUnknown.mock.calls).toEqual([['nope']])
    await tours.start('intro')
    expect(file.loads).toBe(1)
    expect(parts.dispatch.mock.calls).toEqual([[[expect.objectContaining({ type: 'tour', tourId: 'intro', action: 'started' })]]])
  })

  it('loads after a state where a tour runs, and then watches what its step waits for', async () => {
    const { tours, parts } = await make(journeyWith([tour()]), running)
    tours.watch()
    await vi.waitFor(() => expect(parts.watchSeen).toHaveBeenCalled())
    expect(parts.watchSeen.mock.calls[0]![0]).toEqual(['#far'])
  })

  it('loads for a tour that waits for its startWhen, and a fact that meets it starts the tour', async () => {
    const { tours, parts } = await make(journeyWith([tour({ startWhen: { event: 'go' } })]), progressOf(anEvent({ type: 'track', name: 'go', at: dayAt(2) })))
    tours.watch()
    await tours.fact({ type: 'track', name: 'go' })
    expect(parts.dispatch.mock.calls).toEqual([[[expect.objectContaining({ tourId: 'intro', action: 'started' })]]])
  })

  it('starts no watcher after a stop made while the file was on its way', async () => {
    file.held = true
    const { tours, parts } = await make(journeyWith([tour()]), running)
    tours.watch()
    tours.stop() // the instance was destroyed, or a preview began
    file.release()
    await settle()
    await settle()
    expect(file.loads).toBe(1)
    expect(parts.watchSeen).not.toHaveBeenCalled()
    tours.watch() // a later state watches again
    await vi.waitFor(() => expect(parts.watchSeen).toHaveBeenCalledWith(['#far'], expect.any(Function)))
  })

  it('reports a file that cannot load once, and tries again at the next call', async () => {
    file.fail = true
    const { tours, parts } = await make(journeyWith([tour()]))
    await tours.start('intro')
    await tours.start('intro')
    expect(parts.onFail.mock.calls).toEqual([[expect.objectContaining({ message: '404' })]])
    expect(file.loads).toBe(2)
    file.fail = false
    await tours.start('intro')
    expect(parts.dispatch).toHaveBeenCalledTimes(1)
  })
})

describe('the first file’s tours (the hand-over to the engine’s file)', () => {
  /** The first file's tours on a journey whose tour runs: a state only the engine gives. */
  const handOver = async () => {
    vi.resetModules()
    const { createTours } = await import('../../src/runtime/tours.lazy')
    const state = evaluate(journeyWith([tour()]), running, { now: dayAt(2) })
    const parts = {
      state: () => state, progress: () => running, dispatch: vi.fn(), onUnknown: vi.fn(), onFail: vi.fn(),
      watchSeen: vi.fn((_selectors: readonly string[], _onVisible: (selector: string) => void) => () => {}),
    } satisfies TourParts
    return { tours: createTours(parts), parts }
  }

  it('moves nothing and loads nothing before the engine is here (a quiet state: no tour runs or starts by itself)', async () => {
    const { tours, parts } = await handOver()
    tours.watch()
    tours.begin()
    await tours.fact({ type: 'track', name: 'x' })
    tours.stop()
    await settle()
    expect([engineFile.loads, file.loads, parts.watchSeen.mock.calls.length]).toEqual([0, 0, 0])
  })

  it('gives every call to the engine file’s stand-in once the engine is here', async () => {
    const { tours, parts } = await handOver()
    await tours.start('nope') // startTour() brings the engine
    expect(engineFile.loads).toBe(1)
    expect(parts.onUnknown.mock.calls).toEqual([['nope']])
    tours.watch() // the running tour's step waits for an element: the tours' file comes
    await vi.waitFor(() => expect(parts.watchSeen).toHaveBeenCalledWith(['#far'], expect.any(Function)))
    expect(file.loads).toBe(1)
  })

  it('tells an engine that cannot load as the tours not starting, and tries again at the next call', async () => {
    engineFile.fail = true
    const { tours, parts } = await handOver()
    await tours.request({ type: 'tour', tourId: 'intro', action: 'started' })
    expect(parts.onFail.mock.calls).toEqual([[expect.objectContaining({ message: 'engine 404' })]])
    engineFile.fail = false
    await tours.start('intro') // the running tour again, from its first step
    expect(engineFile.loads).toBe(2)
    expect(parts.dispatch.mock.calls).toEqual([[[expect.objectContaining({ action: 'dismissed' }), expect.objectContaining({ tourId: 'intro', action: 'started', step: 0 })]]])
  })
})
