import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyEvent, emptyProgress, sanitizeProgress } from '../../src/core/index'
import { LIMITS } from '../../src/core/limits'
import { T0 } from '../builders'
import { anyEvent } from './arbitraries'

const good = { ...emptyProgress('u1'), epoch: 2 }

describe('sanitizeProgress', () => {
  it.each([
    ['null', null], ['a string', 'x'], ['an array', []], ['version 2', { ...good, v: 2 }], ['no version', { ...good, v: undefined }],
    ['another user', { ...good, userId: 'u2' }],
  ])('rejects %s', (_, input) => {
    expect(sanitizeProgress(input, 'u1')).toBeNull()
  })

  it('gives back a document it made, equal', () => {
    fc.assert(fc.property(fc.array(anyEvent, { maxLength: 30 }), (evs) => {
      const p = evs.reduce(applyEvent, emptyProgress('u1'))
      expect(sanitizeProgress(JSON.parse(JSON.stringify(p)), 'u1')).toEqual(p)
    }), { numRuns: 100 })
  })

  it('keeps only well-typed entries', () => {
    const input = {
      v: 1, userId: 'u1', epoch: 'x', firstSeen: 'soon', lastSeen: T0,
      steps: { a: { done: T0, skipped: 'no' }, b: { done: null }, c: 5 },
      tracks: { x: [{ id: 'e1', at: T0, props: { k: 1, bad: {} } }, { id: 2, at: T0 }, null, { id: 'e3', at: Infinity }], y: 'nope' },
      urls: { '/a': T0, '/b': '1' }, clicks: [], visible: null, sessions: { s: T0, t: NaN },
      nudges: { n: { shown: { s1: T0, s2: 'x' }, clicked: T0, dismissed: false, snoozed: [T0, 'x'] }, m: 3 },
      escalations: { 'n::1': T0, 'n::2': {} },
    }
    expect(sanitizeProgress(input, 'u1')).toEqual({
      ...emptyProgress('u1'), lastSeen: T0,
      steps: { a: { done: T0 } }, tracks: { x: [{ id: 'e1', at: T0, props: { k: 1 } }] }, urls: { '/a': T0 }, sessions: { s: T0 },
      nudges: { n: { shown: { s1: T0 }, clicked: T0 } }, escalations: { 'n::1': T0 },
    })
  })

  it('sorts, dedupes and caps hits as applyEvent does', () => {
    const hits = Array.from({ length: LIMITS.hitsPerEvent + 10 }, (_, i) => ({ id: `e${i % (LIMITS.hitsPerEvent + 5)}`, at: T0 - i }))
    const out = sanitizeProgress({ ...good, tracks: { x: hits } }, 'u1')!.tracks.x!
    expect(out).toHaveLength(LIMITS.hitsPerEvent)
    expect(out.map((h) => h.at)).toEqual([...out.map((h) => h.at)].sort((a, b) => a - b))
    expect(new Set(out.map((h) => h.id)).size).toBe(out.length)
  })

  it('never lets prototype keys through', () => {
    const input = JSON.parse(`{"v":1,"userId":"u1","epoch":0,"steps":{"__proto__":{"done":1},"constructor":{"done":1}},"urls":{"__proto__":1},"nudges":{"n":{"shown":{"__proto__":1}}},"tracks":{"x":[{"id":"e","at":1,"props":{"__proto__":{"polluted":true}}}]}}`)
    const p = sanitizeProgress(input, 'u1')!
    expect(Object.keys(p.steps)).toEqual([])
    expect(Object.keys(p.urls)).toEqual([])
    expect(p.tracks.x![0]!.props).toEqual({})
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('never throws on anything, and Object.prototype stays clean (fast-check)', () => {
    const withHeader = fc.record({ v: fc.constant(1), userId: fc.constant('u1') }).chain((h) =>
      fc.dictionary(fc.constantFrom('epoch', 'steps', 'tracks', 'urls', 'sessions', 'nudges', 'escalations', '__proto__'), fc.anything({ withObjectString: true, withNullPrototype: true })).map((d) => ({ ...d, ...h })))
    fc.assert(fc.property(fc.oneof(fc.anything(), withHeader, fc.jsonValue()), (x) => {
      const p = sanitizeProgress(x, 'u1')
      expect(p === null || p.userId === 'u1').toBe(true)
      expect(Object.keys(Object.prototype)).toEqual([])
    }), { numRuns: 300 })
  })

  it('survives deep and huge input', () => {
    let deep: unknown = {}
    for (let i = 0; i < 100_000; i++) deep = { steps: deep }
    const huge = { ...good, urls: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`/${i}`, T0 + i])) }
    expect(sanitizeProgress({ ...good, steps: deep }, 'u1')).toEqual(good)
    expect(Object.keys(sanitizeProgress(huge, 'u1')!.urls)).toHaveLength(LIMITS.places)
  })

  it('returns null instead of throwing on hostile getters', () => {
    expect(sanitizeProgress({ v: 1, userId: 'u1', get steps() { throw new Error('x') } }, 'u1')).toBeNull()
  })
})
