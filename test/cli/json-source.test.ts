// The CLI's JSON parser: it finds where each value and key sits, and explains syntax errors by position.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseJson, positions } from '../../src/cli/json-source'

const source = (text: string) => {
  const r = parseJson(text)
  if (!r.ok) throw new Error(`did not parse: ${JSON.stringify(r.error)}`)
  return r.source
}
const error = (text: string) => {
  const r = parseJson(text)
  if (r.ok) throw new Error('parsed')
  return r.error
}

describe('positions of values and keys', () => {
  const text = [
    '{',
    '  "title": "Demo",',
    '  "milestones": [',
    '    { "id": "a", "steps": [ { "id": "s1" }, { "id": "s2", "title": 3 } ] }',
    '  ],',
    '  "audience": { "odd key": true }',
    '}',
  ].join('\n')
  const s = source(text)
  /** The text from a position on, so each expected position shows what it points at. */
  const from = ({ line, column }: { line: number; column: number }) => text.split('\n')[line - 1]!.slice(column - 1)

  it('gives the value as JSON.parse does', () => {
    expect(s.value).toEqual(JSON.parse(text))
  })

  it('finds a nested value by keys and indexes, 1-based', () => {
    expect(s.locate(['milestones', 0, 'steps', 1, 'title'])).toEqual({ line: 4, column: 68 })
    expect(from(s.locate(['milestones', 0, 'steps', 1, 'title']))).toBe('3 } ] }')
    expect(from(s.locate(['title']))).toBe('"Demo",')
    expect(from(s.locate(['audience', 'odd key']))).toBe('true }')
  })

  it('finds the key of a member when asked', () => {
    expect(s.locate(['milestones', 0, 'steps', 1, 'title'], true)).toEqual({ line: 4, column: 59 })
    expect(from(s.locate(['milestones', 0, 'steps', 1, 'title'], true))).toBe('"title": 3 } ] }')
    expect(from(s.locate(['audience', 'odd key'], true))).toBe('"odd key": true }')
  })

  it('points at the root for the empty path, and at an array item itself (it has no key)', () => {
    expect(s.locate([])).toEqual({ line: 1, column: 1 })
    expect(s.locate(['milestones', 0], true)).toEqual({ line: 4, column: 5 })
  })

  it('stops at the deepest value that exists when the path goes further', () => {
    expect(from(s.locate(['milestones', 0, 'steps', 7, 'title']))).toMatch(/^\[ \{ "id": "s1" \}/)
    expect(from(s.locate(['title', 'x']))).toBe('"Demo",')
    expect(from(s.locate(['milestones', 'id']))).toBe('[')
  })

  it('takes the last of repeated keys, as JSON.parse does', () => {
    const d = source('{"a": 1,\n "a": 2}')
    expect(d.value).toEqual({ a: 2 })
    expect(d.locate(['a'])).toEqual({ line: 2, column: 7 })
  })

  it('keeps a "__proto__" key as an own member, as JSON.parse does', () => {
    const d = source('{"__proto__": {"x": 1}}')
    expect(Object.keys(d.value as object)).toEqual(['__proto__'])
    expect(d.locate(['__proto__', 'x'])).toEqual({ line: 1, column: 21 })
  })

  it('counts \\r\\n and a lone \\r as one line break each, and skips a byte-order mark', () => {
    const d = source('\ufeff{\r\n"a":\r 1}')
    expect(d.locate(['a'])).toEqual({ line: 3, column: 2 })
    expect(positions('a\r\nb\rc\nd')(7)).toEqual({ line: 4, column: 1 })
  })
})

describe('syntax errors: where and what', () => {
  it.each<[string, string, number, number, string]>([
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}" after a property, found "\\""'],
    ['a trailing comma', '{\n  "a": [1, 2,]\n}', 2, 13, 'trailing comma before "]"'],
    ['an unquoted key', '{ title: "x" }', 1, 3, 'expected a property name in double quotes, found title'],
    ['single quotes', "{ 'a': 1 }", 1, 3, 'strings and property names need double quotes (")'],
    ['a comment', '{\n  // note\n  "a": 1 }', 2, 3, 'comments are not allowed in JSON'],
    ['a missing colon', '{ "a" 1 }', 1, 7, 'expected ":" after the property name, found 1'],
    ['an unterminated string', '{ "a": "open\n}', 1, 13, 'unterminated string'],
    ['a tab inside a string', '["a\tb"]', 1, 4, 'control character in a string: escape it'],
    ['a bad escape', '["a\\x"]', 1, 4, 'invalid escape in a string'],
    ['a word that is not a value', '[tru]', 1, 2, 'expected a value, found tru'],
    ['a number with a leading zero', '[01]', 1, 3, 'expected "," or "]" after an item, found 1'],
    ['text after the value', '{}\n{}', 2, 1, 'unexpected "{" after the end of the JSON value'],
    ['an unclosed object', '{ "a": 1', 1, 9, 'expected "," or "}" after a property, found the end of the file'],
    ['an empty file', '  \n', 2, 1, 'expected a value, found the end of the file'],
  ])('%s', (_, text, line, column, message) => {
    expect(error(text)).toEqual({ line, column, message })
  })

  it('survives nesting far deeper than any stack, without recursion', () => {
    const deep = '['.repeat(200_000) + ']'.repeat(200_000)
    expect(parseJson(deep).ok).toBe(true)
    expect(error('['.repeat(200_000))).toMatchObject({ line: 1, column: 200_001 })
  })

  it('reads a string of millions of characters, and says where one of them is unterminated', () => {
    const long = 'a'.repeat(9_000_000)
    const parsed = parseJson(`{"description": "${long}", "x": 1}`)
    expect(parsed.ok && parsed.source.locate(['x'])).toEqual({ line: 1, column: 9_000_026 })
    expect(error(`{"description": "${long}`)).toEqual({ line: 1, column: 17, message: 'unterminated string' })
  })
})

describe('agrees with JSON.parse', () => {
  const spaced = fc.jsonValue().chain((v) => fc.constantFrom(0, 2, '\t').map((indent) => JSON.stringify(v, null, indent)))

  it('accepts what JSON.parse accepts, with the same value', () => {
    fc.assert(fc.property(spaced, (text) => {
      expect(source(text).value).toEqual(JSON.parse(text))
    }), { numRuns: 300 })
  })

  it('refuses what JSON.parse refuses, and only that', () => {
    const char = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '\n', '0', '-', '.', 'e', 't', 'n', 'x', "'", '/', '\u0001')
    const mutated = fc.tuple(spaced, fc.nat(), char, fc.boolean()).map(([t, i, c, insert]) => {
      const k = t.length ? i % t.length : 0
      return t.slice(0, k) + c + t.slice(insert ? k : k + 1)
    })
    fc.assert(fc.property(mutated, (text) => {
      let native = true
      try {
        JSON.parse(text)
      } catch {
        native = false
      }
      expect(parseJson(text).ok, JSON.stringify(text)).toBe(native)
    }), { numRuns: 2000 })
  })
})
