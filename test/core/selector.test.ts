// The validator's reading of CSS selectors and of Milepost's selector paths (`host >>> inner`).
import { describe, expect, it } from 'vitest'
import { selectorProblem } from '../../src/core/selector'
import { splitPath } from '../../src/core/split-path'

describe('a selector path', () => {
  it('crosses into a shadow root at each >>> outside quotes, brackets and parentheses', () => {
    expect(splitPath('app-shell >>> project-list>>>#new')).toEqual(['app-shell ', ' project-list', '#new'])
    expect(splitPath('nav-item[title="a >>> b"]')).toEqual(['nav-item[title="a >>> b"]'])
    expect(splitPath("app-shell >>> x[title='a)>>>b'] >>> y")).toEqual(['app-shell ', " x[title='a)>>>b'] ", ' y'])
    expect(splitPath('a:has(>>> b) >>> c')).toEqual(['a:has(>>> b) ', ' c'])
    expect(selectorProblem('app-shell >>> nav-item[title="a >>> b"]')).toBe('')
    expect(selectorProblem("nav-item[title='a >>> b']")).toBe('')
  })

  it('names an empty part beside >>> and where it is', () => {
    expect(selectorProblem('app-shell >>> >>> #x')).toBe('no selector beside ">>>" at character 15')
    expect(selectorProblem('>>> #x')).toBe('no selector beside ">>>" at character 1')
    expect(selectorProblem('app-shell >>>')).toBe('no selector beside ">>>" at character 11')
    expect(selectorProblem('app-shell > >>> #x')).toBe('it ends too early, before ">>>" at character 13')
  })

  it('refuses >>> inside a pseudo-class, where it is', () => {
    expect(selectorProblem(':has(>>> a)')).toBe('">>>" at character 6 is inside a pseudo-class')
    expect(selectorProblem('app-shell >>> :is(#nav-settings >>> a)')).toMatch(/^">>>" at character 33 is inside a pseudo-class/)
    expect(selectorProblem('a:not(b >>> c)')).toMatch(/^">>>" at character 9 is inside/)
  })
})

describe('comments and namespaces', () => {
  it('reads comments as white space and takes any namespace or none, as browsers do (bb-r29: refused)', () => {
    for (const s of ['div /* a note */ span', '/* x */ a', 'a, /**/ b', 'a/**/>/**/b', '*|*', '|div', '*|*:hover', '*|x-el >>> |b'])
      expect([s, selectorProblem(s)]).toEqual([s, ''])
  })

  it('refuses a named namespace (a page has no @namespace for querySelector), a lone | and the column combinator', () => {
    expect(selectorProblem('svg|rect')).toBe('unexpected "|" at character 4')
    expect(selectorProblem('a || b')).toMatch(/^unexpected "\|"/)
    expect(selectorProblem('*|')).toMatch(/^unexpected "\|"|ends too early/)
    expect(selectorProblem('div /* open')).toBe('')
  })
})

describe('pseudo-classes and pseudo-elements', () => {
  it('lets through the pseudo-classes browsers know, functional ones and vendors\' own', () => {
    for (const s of [
      'a:hover', 'A:HOVER', 'li:nth-child(2 of .x)', 'li:nth-last-of-type(odd)', 'p:not(:first-child)', 'a:is(.b, :focus-visible)',
      ':where(.x)', 'div:has(> img)', 'p:lang(en)', 'p:dir(rtl)', 'input:user-invalid', 'input:placeholder-shown',
      'x-el:state(open)', 'x-el:defined', 'dialog:modal', 'details:open', '[popover]:popover-open', 'a:any-link', ':root', 'slot:has-slotted',
      ':scope > a', 'input:-webkit-autofill', 'a:-moz-focusring', 'input:read-only', 'input:out-of-range', 'video:playing',
      'my-el:host', 'section:focus-within', 'input:indeterminate', ':target', 'p:empty', ':active-view-transition-type(x)',
    ]) expect([s, selectorProblem(s)]).toEqual([s, ''])
  })

  it('refuses an unknown pseudo-class', () => {
    expect(selectorProblem('nav-item:hoverr')).toBe('":hoverr" is not a pseudo-class browsers know')
    expect(selectorProblem('app-shell >>> a:nth-chlid(2)')).toBe('":nth-chlid" is not a pseudo-class browsers know')
  })

  it('refuses a pseudo-element, which never matches an element, legacy single colon too', () => {
    expect(selectorProblem('app-shell::shadow #nav-settings')).toMatch(/^"::shadow" is a pseudo-element, which never matches an element/)
    for (const s of ['p::before', 'p:before', 'p:AFTER', 'p:first-line', 'p:first-letter', 'x::part(label)', 'slot::slotted(a)', '::-webkit-scrollbar']) {
      expect([s, selectorProblem(s)]).toEqual([s, expect.stringContaining('is a pseudo-element')])
    }
  })
})
