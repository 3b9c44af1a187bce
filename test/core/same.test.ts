import { describe, expect, it } from 'vitest'
import { mergeProgress } from '../../src/core/index'
import { sameJson } from '../../src/core/same'
import { anEvent, progressOf } from '../builders'

describe('sameJson', () => {
  it('is true for equal values whatever the order of their keys', () => {
    expect(sameJson({ a: 1, b: { c: [1, { d: null }] } }, { b: { c: [1, { d: null }] }, a: 1 })).toBe(true)
  })

  it('is false at any difference: a value, a missing key, an extra key, an array against an object', () => {
    expect(sameJson({ a: 1 }, { a: 2 })).toBe(false)
    expect(sameJson({ a: 1, b: 1 }, { a: 1 })).toBe(false)
    expect(sameJson({ a: 1 }, { a: 1, b: undefined })).toBe(false)
    expect(sameJson([1], { 0: 1 })).toBe(false)
    expect(sameJson([1, 2], [2, 1])).toBe(false)
    expect(sameJson(null, {})).toBe(false)
  })

  it('tells whether a merge brought anything: the same document merged again is the same, a new step is not', () => {
    const local = progressOf([anEvent({ type: 'complete', stepId: 'a' }), anEvent({ type: 'track', name: 'x' })])
    expect(sameJson(mergeProgress(local, local), local)).toBe(true)
    expect(sameJson(mergeProgress(local, progressOf([anEvent({ type: 'complete', stepId: 'b' })])), local)).toBe(false)
  })
})
