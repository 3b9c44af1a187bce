import { describe, expect, it } from 'vitest'
import { stringify } from '../../src/core/json'

describe('stringify', () => {
  it('writes arrays as arrays on a page whose Array.prototype.toJSON makes them strings (Prototype.js 1.6), and leaves other toJSON alone', () => {
    const value = { events: [{ id: 'e1', tags: ['a', ['b']] }], at: new Date(0), empty: [] }
    const plain = JSON.stringify(value)
    const arrays = Array.prototype as { toJSON?: unknown }
    arrays.toJSON = function (this: unknown[]) {
      return '[' + this.map((x) => JSON.stringify(x)).join(', ') + ']'
    }
    try {
      expect(JSON.stringify(value)).not.toBe(plain) // what the page's JSON does now
      expect(stringify(value)).toBe(plain)
      expect(stringify([1, [2, 3]])).toBe('[1,[2,3]]')
    } finally {
      delete arrays.toJSON
    }
    expect(stringify(value)).toBe(plain)
  })
})
