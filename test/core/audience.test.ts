import { describe, expect, it } from 'vitest'
import { matchesAudience } from '../../src/core/index'
import type { Audience, Traits } from '../../src/core/types'

const t: Traits = { plan: 'pro', seats: 12, signedUpAt: '2026-11-01T09:00:00Z', admin: true, region: null }

describe('matchesAudience', () => {
  const cases: [string, Audience | undefined, boolean][] = [
    ['no audience matches everyone', undefined, true],
    ['an empty audience matches everyone', {}, true],
    ['a bare value means equals', { plan: 'pro' }, true],
    ['a bare value that differs', { plan: 'free' }, false],
    ['a bare boolean', { admin: true }, true],
    ['equals', { plan: { equals: 'pro' } }, true],
    ['equals null matches a null trait', { region: { equals: null } }, true],
    ['equals on a missing trait', { team: { equals: 'x' } }, false],
    ['in', { plan: { in: ['team', 'pro'] } }, true],
    ['not in', { plan: { in: ['free'] } }, false],
    ['gte on numbers', { seats: { gte: 12 } }, true],
    ['gte on numbers, above', { seats: { gte: 13 } }, false],
    ['lte on numbers', { seats: { lte: 12 } }, true],
    ['gte and lte together make a band', { seats: { gte: 10, lte: 11 } }, false],
    ['gte on ISO strings compares as strings', { signedUpAt: { gte: '2026-10-01' } }, true],
    ['lte on ISO strings compares as strings', { signedUpAt: { lte: '2026-10-01' } }, false],
    ['gte of a string against a number never matches', { plan: { gte: 1 } }, false],
    ['exists true on a set trait', { plan: { exists: true } }, true],
    ['exists true on a missing trait', { team: { exists: true } }, false],
    ['exists true on a null trait', { region: { exists: true } }, false],
    ['exists false on a missing trait', { team: { exists: false } }, true],
    ['not with a bare value', { plan: { not: 'free' } }, true],
    ['not with a condition', { seats: { not: { gte: 10 } } }, false],
    ['every trait listed must match', { plan: 'pro', seats: { gte: 100 } }, false],
    ['an inherited name is not a trait', { toString: { exists: true } }, false],
  ]
  it.each(cases)('%s', (_, audience, expected) => {
    expect(matchesAudience(audience, t)).toBe(expected)
  })
  it('treats missing traits as an empty set', () => {
    expect(matchesAudience({ plan: { exists: false } })).toBe(true)
  })
})
