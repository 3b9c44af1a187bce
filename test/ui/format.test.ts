import { describe, expect, it } from 'vitest'
import { createFormat } from '../../src/ui/format'
import { safeHref } from '../../src/ui/links'
import { fill } from '../../src/ui/strings'
import { T0 } from '../builders'

describe('createFormat', () => {
  it('formats dates, day counts and relative days in the locale', () => {
    const en = createFormat('en-GB')
    expect([en.date(Date.UTC(2026, 11, 3, 12)), en.days(2), en.days(1), en.rel(3), en.rel(1), en.rel(0)])
      .toEqual(['3 Dec', '2 days', '1 day', 'in 3 days', 'tomorrow', 'today'])
    const fr = createFormat('fr')
    // French uses no-break spaces.
    expect([fr.date(T0 + 32 * 86_400_000), fr.days(2), fr.rel(3)].map((s) => s.replace(/\s/g, ' '))).toEqual(['3 déc.', '2 jours', 'dans 3 jours'])
  })

  it('writes numbers in the locale\'s digits, and fill() uses it for numbers only', () => {
    const ar = createFormat('ar-EG')
    expect([ar.num(12), createFormat('en').num(1234)]).toEqual(['١٢', '1234'])
    expect(fill('{done}/{total} · {name}', { done: 3, total: 8, name: '7' }, ar)).toBe('٣/٨ · 7')
    expect(fill('{done}/{total}', { done: 3, total: 8 })).toBe('3/8')
  })

  it('falls back to the default locale on a malformed tag instead of throwing', () => {
    const bad = createFormat('not a locale!')
    expect(() => bad.days(2)).not.toThrow()
    expect(bad.rel(1)).toBe(createFormat(undefined).rel(1))
  })
})

describe('safeHref', () => {
  it('allows http(s), protocol-relative and relative links', () => {
    for (const href of ['https://a.test/x', 'http://a.test', '//a.test/x', '/x', 'x/y', '?q=1', '#top', './x', '../x']) {
      expect(safeHref(href), href).toBe(href)
    }
  })

  it('refuses every other scheme, however it is disguised', () => {
    for (const href of ['javascript:alert(1)', 'JAVASCRIPT:alert(1)', ' javascript:alert(1)', '\u0001javascript:x', 'java\nscript:x',
      'java\tscript:x', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', 'mailto:a@b.c', '', '   ', undefined, 42]) {
      expect(safeHref(href), String(href)).toBeNull()
    }
  })
})

describe('fill', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('{done}/{total} {oops}', { done: 3, total: 8 })).toBe('3/8 {oops}')
  })
})
