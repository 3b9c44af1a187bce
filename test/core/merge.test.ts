import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyEvent, emptyProgress, foldEvents, mergeProgress } from '../../src/core/index'
import type { Progress, ProgressEvent } from '../../src/core/types'
import { anEvent, dayAt, T0 } from '../builders'
import { anyEpochEvent, anyEvent } from './arbitraries'

const doc = (events: ProgressEvent[]) => events.reduce(applyEvent, emptyProgress('u1'))
const aDoc = fc.array(anyEvent, { maxLength: 25 }).map(doc)
const anEpochDoc = fc.array(anyEpochEvent, { maxLength: 25 }).map(doc)
const runs = { numRuns: 200 }

describe('mergeProgress laws (fast-check)', () => {
  it.each([['one epoch', aDoc], ['several epochs', anEpochDoc]] as const)('is commutative (%s)', (_, d) => {
    fc.assert(fc.property(d, d, (a, b) => {
      expect(mergeProgress(a, b)).toEqual(mergeProgress(b, a))
    }), runs)
  })
  it.each([['one epoch', aDoc], ['several epochs', anEpochDoc]] as const)('is associative (%s)', (_, d) => {
    fc.assert(fc.property(d, d, d, (a, b, c) => {
      expect(mergeProgress(mergeProgress(a, b), c)).toEqual(mergeProgress(a, mergeProgress(b, c)))
    }), runs)
  })
  it.each([['one epoch', aDoc], ['several epochs', anEpochDoc]] as const)('is idempotent (%s)', (_, d) => {
    fc.assert(fc.property(d, (a) => {
      expect(mergeProgress(a, a)).toEqual(a)
    }), runs)
  })
  it('merging the events of two devices equals applying all of them, in any order', () => {
    fc.assert(fc.property(fc.array(anyEvent, { maxLength: 20 }), fc.array(anyEvent, { maxLength: 20 }), (xs, ys) => {
      expect(mergeProgress(doc(xs), doc(ys))).toEqual(doc([...ys, ...xs]))
    }), runs)
  })
  it('a step keeps its earliest completion', () => {
    fc.assert(fc.property(fc.array(anyEvent, { maxLength: 20 }), fc.array(anyEvent, { maxLength: 20 }), (xs, ys) => {
      const done = [...xs, ...ys].flatMap((e) => (e.type == 'complete' && e.stepId == 'a' ? [e.at] : []))
      expect(mergeProgress(doc(xs), doc(ys)).steps.a?.done).toBe(done.length ? Math.min(...done) : undefined)
    }), runs)
  })
  it('merging with a copy that saw one more event gives that copy', () => {
    fc.assert(fc.property(aDoc, anyEvent, (a, e) => {
      expect(mergeProgress(a, applyEvent(a, e))).toEqual(applyEvent(a, e))
    }), runs)
  })
})

describe('foldEvents', () => {
  it('equals applying the events one by one (fast-check)', () => {
    fc.assert(fc.property(aDoc, fc.array(anyEpochEvent, { maxLength: 30 }), (p, evs) => {
      expect(foldEvents(p, evs)).toEqual(evs.reduce(applyEvent, p))
    }), runs)
  })
  it('never mutates its input', () => {
    const p = doc([anEvent({ type: 'track', name: 'x', at: T0 })])
    const before = structuredClone(p)
    foldEvents(p, [anEvent({ type: 'track', name: 'x', at: T0 - 1 })])
    expect(p).toEqual(before)
  })
})

describe('mergeProgress cases', () => {
  const a = doc([anEvent({ type: 'complete', stepId: 's', at: dayAt(2) })])
  const b = doc([anEvent({ type: 'complete', stepId: 's', at: dayAt(1) }), anEvent({ type: 'url', url: '/x', at: dayAt(3) })])
  it('unions sections and keeps the earliest times', () => {
    expect(mergeProgress(a, b)).toMatchObject({ steps: { s: { done: dayAt(1) } }, urls: { '/x': dayAt(3) }, firstSeen: dayAt(1), lastSeen: dayAt(3) })
  })
  it('a higher epoch wins whole', () => {
    const reset = applyEvent(a, anEvent({ type: 'reset' }))
    expect(mergeProgress(reset, b)).toBe(reset)
    expect(mergeProgress(b, reset)).toBe(reset)
  })
  it('never mixes two users: the lower userId is returned', () => {
    const other: Progress = { ...b, userId: 'u0' }
    expect(mergeProgress(a, other)).toBe(other)
    expect(mergeProgress(other, a)).toBe(other)
  })
  it('unions shows from two tabs and keeps the later snooze', () => {
    const x = doc([anEvent({ id: 's1', type: 'nudge', nudgeId: 'n', action: 'shown', at: dayAt(1) }), anEvent({ type: 'nudge', nudgeId: 'n', action: 'snoozed', until: dayAt(5), at: dayAt(2) })])
    const y = doc([anEvent({ id: 's2', type: 'nudge', nudgeId: 'n', action: 'shown', at: dayAt(1) }), anEvent({ type: 'nudge', nudgeId: 'n', action: 'snoozed', until: dayAt(3), at: dayAt(1) })])
    expect(mergeProgress(x, y).nudges.n).toEqual({ shown: { s1: dayAt(1), s2: dayAt(1) }, snoozed: [dayAt(5), dayAt(2)] })
  })
})
