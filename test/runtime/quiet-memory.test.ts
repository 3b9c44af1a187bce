// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest'
import { applyEvent, emptyProgress } from '../../src/core/index'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { keepQuiet, readQuiet } from '../../src/adapters/quiet-memory'
import { quietKey } from '../../src/runtime/quiet-key'
import type { QuietInputs } from '../../src/runtime/engine'
import { aJourney, anEvent, dayAt, traits } from '../builders'

vi.stubGlobal('__MILEPOST_VERSION__', '9.9.9')

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

  it('is kept, read back and forgotten; what is not a remembered state reads as nothing', () => {
    const state = { startedAt: dayAt(0), milestones: [] } as never
    expect(keepQuiet(['k', state])).toBe(true)
    expect(readQuiet()).toEqual(['k', state])
    expect(keepQuiet(null)).toBe(true)
    expect(readQuiet()).toBe(null)
    // Whatever another script or an older release left there.
    for (const junk of ['{', '"x"', '["k", null]', '["k", {"startedAt": "soon", "milestones": []}]']) {
      vi.stubGlobal('localStorage', { getItem: () => junk })
      expect(readQuiet()).toBe(null)
    }
    vi.unstubAllGlobals()
  })

  it('reads as nothing and writes nothing, without throwing, where storage is blocked', () => {
    // A browser that blocks storage throws on reading `localStorage` itself.
    const own = Object.getOwnPropertyDescriptor(globalThis, 'localStorage')!
    Object.defineProperty(globalThis, 'localStorage', { configurable: true, get: () => { throw new DOMException('denied', 'SecurityError') } })
    try {
      expect(readQuiet()).toBe(null)
      expect(keepQuiet(['k', { startedAt: dayAt(0), milestones: [] } as never])).toBe(false)
      expect(keepQuiet(null)).toBe(false)
    } finally {
      Object.defineProperty(globalThis, 'localStorage', own)
    }
    expect(keepQuiet(null)).toBe(true)
  })
})
