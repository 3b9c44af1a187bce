// @vitest-environment happy-dom
// The script tag's tours (src/runtime/tours.lazy.ts): the file with what moves tours loads only
// when something may move one, its calls wait for it, and nothing asked before a stop runs after.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { evaluate } from '../../src/core/index'
import type { Journey, JourneyState, Progress, Tour } from '../../src/core/types'
import type { TourParts } from '../../src/runtime/tours'
import { aJourney, aMilestone, anEvent, aStep, dayAt } from '../builders'
import { progressOf } from '../core/helpers'

const file = vi.hoisted(() => ({ loads: 0, fail: false, release: () => {}, held: false }))
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
  const { createTours } = await import('../../src/runtime/tours.lazy')
  const state: JourneyState = evaluate(journey, progress, { now: dayAt(2) })
  const parts = {
    state: () => state, progress: () => progress, dispatch: vi.fn(), onUnknown: vi.fn(), onFail: vi.fn(),
    watchSeen: vi.fn((_selectors: readonly string[], _onVisible: (selector: string) => void) => () => {}),
  } satisfies TourParts
  return { tours: createTours(parts), parts }
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

afterEach(() => {
  Object.assign(file, { loads: 0, fail: false, held: false })
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
