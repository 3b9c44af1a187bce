// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { applyEvent, emptyProgress } from '../../src/core/index'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { keepQuiet, readQuiet } from '../../src/adapters/quiet-memory'
import type { QuietEntry } from '../../src/adapters/quiet-memory'
import { quietKey } from '../../src/runtime/quiet-key'
import type { QuietInputs } from '../../src/runtime/engine'
import { aJourney, aMilestone, aStep, anEvent, dayAt, traits } from '../builders'

vi.stubGlobal('__MILEPOST_BUILD__', '9.9.9')

const doc = (...events: ProgressEvent[]): Progress => events.reduce(applyEvent, emptyProgress('u1'))
const inputs = (progress: Progress, over: Partial<QuietInputs['options']> = {}): QuietInputs => ({
  journey: aJourney(), progress, userId: 'u1', options: { now: dayAt(9), traits: traits({ plan: 'pro', seats: 4 }), timeZone: 'local', ...over },
})
const steps = ['a', 'b', 'c'].map((stepId, i) => anEvent({ type: 'complete', stepId, at: dayAt(i) }))

describe('the key of a remembered quiet state', () => {
  it('is the same for the same document whatever the order of its entries (a document read back from storage)', () => {
    const forward = doc(...steps)
    const backward = doc(...[...steps].reverse())
    expect(Object.keys(forward.steps)).not.toEqual(Object.keys(backward.steps))
    expect(quietKey(inputs(forward))).toBe(quietKey(inputs(backward)))
    expect(quietKey(inputs(forward, { traits: traits({ seats: 4, plan: 'pro' }) }))).toBe(quietKey(inputs(forward)))
  })

  it('changes with what the state depends on, not with activity', () => {
    const base = doc(...steps)
    const key = quietKey(inputs(base))
    expect(quietKey(inputs(applyEvent(base, anEvent({ type: 'session', sessionId: 's2', at: dayAt(12) }))))).toBe(key)
    expect(quietKey(inputs(applyEvent(base, anEvent({ type: 'track', name: 'report.viewed', at: dayAt(12) }))))).toBe(key)
    expect(quietKey(inputs(applyEvent(base, anEvent({ type: 'skip', stepId: 'd', at: dayAt(12) }))))).not.toBe(key)
    expect(quietKey(inputs(base, { traits: traits({ plan: 'free', seats: 4 }) }))).not.toBe(key)
    expect(quietKey({ ...inputs(base), userId: 'u2' })).not.toBe(key)
    expect(quietKey({ ...inputs(base), journey: aJourney({ title: 'Another' }) })).not.toBe(key)
  })

  it('is kept and read back as a list; what is not a list reads as nothing', () => {
    const state = { startedAt: dayAt(0), milestones: [] } as never
    expect(keepQuiet([['k', state], null])).toEqual([['k', state], null])
    expect(readQuiet()).toEqual([['k', state], null])
    // Whatever another script left there.
    for (const junk of ['{', '"x"', '{"k": 1}', 'null']) {
      const read = vi.spyOn(localStorage, 'getItem').mockReturnValue(junk)
      expect(readQuiet()).toEqual([])
      read.mockRestore()
    }
  })

  it('reads as nothing and writes nothing, without throwing, where storage is blocked', () => {
    // A browser that blocks storage throws on reading `localStorage` itself.
    const own = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')!
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError') } })
    try {
      expect(readQuiet()).toEqual([])
      expect(keepQuiet([['k', { startedAt: dayAt(0), milestones: [] } as never]])).toBeUndefined()
    } finally {
      Object.defineProperty(globalThis, 'localStorage', own)
    }
    expect(keepQuiet([])).toEqual([])
  })

  it('keeps what fits in its share of the host\'s storage: the oldest go first, and a state too large alone is not remembered', () => {
    const state = (title: string) => ({ startedAt: dayAt(0), milestones: [], title }) as never
    const list: QuietEntry[] = [['a', state('x'.repeat(300))], ['b', state('y'.repeat(300))], ['c', state('z'.repeat(300))]]
    expect(keepQuiet(list, 1000)).toEqual(list.slice(0, 2))
    expect(readQuiet()).toEqual(list.slice(0, 2))
    expect(JSON.stringify(readQuiet()).length).toBeLessThanOrEqual(1000) // what is stored is that JSON
    expect(keepQuiet(list, 200)).toEqual([null])
    expect(readQuiet()).toEqual([null])
  })
})

describe('the quiet states a browser keeps (the engine file writes them, the next page\'s first file reads them)', () => {
  const journey = aJourney({ milestones: [aMilestone({ steps: [aStep({ id: 'a' }), aStep({ id: 'b' })] })] })
  const done = (userId: string): QuietInputs => ({
    journey, userId, options: { now: dayAt(9), traits: traits(), timeZone: 'local' },
    progress: ['a', 'b'].map((stepId, i) => anEvent({ type: 'complete', stepId, at: dayAt(i) })).reduce(applyEvent, emptyProgress(userId)),
  })
  const onTheirWay = (userId: string): QuietInputs => ({ ...done(userId), progress: emptyProgress(userId) })
  /** A page that evaluates: the engine file remembers its state once its burst of changes is over. */
  const evaluated = async (i: QuietInputs, changes = 1) => {
    vi.resetModules()
    const { engine } = await import('../../src/runtime/engine-file')
    // `changes` bursts of changes on one page, each remembered after it.
    for (let n = 0; n < changes; n++) {
      engine.remember!(i, engine.evaluate(i.journey, i.progress, i.options))
      await new Promise((r) => setTimeout(r, 0))
    }
  }
  /** The next page's first file: the state it starts from for these inputs, if any. */
  const quietStart = async (i: QuietInputs, at = dayAt(20)) => {
    vi.resetModules()
    vi.doMock('../../src/adapters/chunk', () => ({ chunkBase: () => 'https://cdn.example/', lazy: () => () => new Promise(() => {}) }))
    const { quietState } = await import('../../src/runtime/engine.lazy')
    vi.doUnmock('../../src/adapters/chunk')
    return quietState(i, at)
  }

  it('keeps one per user and journey taking turns in the browser, the most recent first, up to four', async () => {
    localStorage.clear()
    await evaluated(done('ann'))
    await evaluated(done('bob'))
    expect((await quietStart(done('ann')))?.done).toBe(true)
    expect((await quietStart(done('bob')))?.done).toBe(true)
    expect(await quietStart(done('cat'))).toBeUndefined()
    for (const u of ['cat', 'dan', 'eve']) await evaluated(done(u))
    expect(await quietStart(done('ann'))).toBeUndefined() // the fifth pushed out the oldest
    expect((await quietStart(done('bob')))?.done).toBe(true)
    expect(readQuiet().map((e) => e && quietKey(done('eve')) === e[0])).toEqual([true, false, false, false])
  })

  it('a done journey too large to keep (its state over 100,000 characters) is not remembered: its next page evaluates, and the others stay', async () => {
    localStorage.clear()
    await evaluated(done('ann'))
    const long = 'A step whose title goes on. '.repeat(40)
    const big = aJourney({ milestones: [aMilestone({ steps: Array.from({ length: 100 }, (_, i) => aStep({ id: `s${i}`, title: long })) })] })
    const bigDone: QuietInputs = {
      ...done('bob'), journey: big,
      progress: big.milestones[0]!.steps.map((s, i) => anEvent({ type: 'complete', stepId: s.id, at: dayAt(i % 5) })).reduce(applyEvent, emptyProgress('bob')),
    }
    const writes = vi.spyOn(localStorage, 'setItem')
    await evaluated(bigDone, 3)
    // Written once ("not quiet" at the head), not again on each change of the same state.
    expect(writes.mock.calls.filter(([k]) => k === 'milepost:quiet')).toHaveLength(1)
    writes.mockRestore()
    expect(readQuiet()[0]).toBe(null)
    expect(JSON.stringify(readQuiet()).length).toBeLessThanOrEqual(100_000)
    expect(await quietStart(bigDone)).toBeUndefined()
    expect((await quietStart(done('ann')))?.done).toBe(true)
  })

  it('a hidden journey still open is kept until its moment (here the next midnight); a page after it evaluates and keeps it again', async () => {
    localStorage.clear()
    const i = onTheirWay('ann')
    const progress = applyEvent(i.progress, anEvent({ type: 'track', name: 'checklist:dismissed', at: dayAt(9) }))
    const hid = (now: number): QuietInputs => ({ ...i, progress, options: { ...i.options, now } })
    const now = dayAt(9.1)
    const midnight = new Date(now).setHours(24, 0, 0, 0)
    await evaluated(hid(now))
    expect(readQuiet()[0]?.[2]).toBe(midnight)
    expect(await quietStart(hid(now), midnight - 1)).toMatchObject({ done: false, dismissed: true, now: midnight - 1 })
    expect(await quietStart(hid(now), midnight)).toBeUndefined()
    // The next day's first page evaluates, and its state holds until the midnight after.
    await evaluated(hid(midnight + 3_600_000))
    expect(readQuiet()).toHaveLength(1)
    expect(readQuiet()[0]?.[2]).toBe(new Date(midnight + 3_600_000).setHours(24, 0, 0, 0))
    expect((await quietStart(hid(now), midnight + 7_200_000))?.dismissed).toBe(true)
  })

  it('a state is not read before the moment it was found quiet (a clock set back), nor when it cannot be read (edited by hand): the page evaluates', async () => {
    localStorage.clear()
    await evaluated(done('ann')) // found quiet on day 9
    expect((await quietStart(done('ann'), dayAt(9)))?.done).toBe(true)
    expect(await quietStart(done('ann'), dayAt(9) - 1)).toBeUndefined()
    // Milestones that are not milestones any more: read as not quiet, not thrown into the page.
    const [entry] = readQuiet() as QuietEntry[]
    localStorage.setItem('milepost:quiet', JSON.stringify([[entry![0], { ...entry![1], milestones: [1, null, 'x'] }]]))
    expect(await quietStart(done('ann'))).toBeUndefined()
  })

  it('a page that is not quiet puts "not quiet" at the head (the next page fetches the engine early) and keeps the others', async () => {
    localStorage.clear()
    await evaluated(done('ann'))
    await evaluated(onTheirWay('bob'))
    expect(readQuiet()[0]).toBe(null)
    expect((await quietStart(done('ann')))?.done).toBe(true)
    expect(await quietStart(onTheirWay('bob'))).toBeUndefined()
    // Ann again: her state moves back to the head, once.
    await evaluated(done('ann'))
    expect(readQuiet().filter(Boolean)).toHaveLength(1)
    expect(readQuiet()[0]?.[0]).toBe(quietKey(done('ann')))
  })
})
