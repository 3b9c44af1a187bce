import { describe, expect, it } from 'vitest'
import { matchUrl } from '../../src/core/index'

describe('matchUrl', () => {
  const cases: [string, string, boolean][] = [
    ['/reports*', '/reports/1?x=2', true],
    ['/reports*', '/reports', true],
    ['/reports*', '/report', false],
    ['/reports', '/reports?x=1', false],
    ['/reports', '/reports', true],
    ['*#/completed', '/setup?step=3#/completed', true],
    ['*#/completed', '/setup#/completed/more', false],
    ['/a/*/edit', '/a/42/edit', true],
    ['/a/*/edit', '/a/42/view', false],
    ['/search?q=*', '/search?q=milepost', true],
    ['/search?q=*', '/searchXq=milepost', false],
    ['*', '', true],
    ['', '', true],
    ['', '/', false],
    ['/a.b', '/aXb', false],
    ['*a*a*a*a*a*b', 'a'.repeat(5_000), false],
    // The browser's address is percent-encoded; a glob matches it as the address bar shows it, or encoded.
    ['/café*', '/caf%C3%A9/menu', true],
    ['/caf%C3%A9*', '/caf%C3%A9/menu', true],
    ['/my reports*', '/my%20reports', true],
    ['/find?q=hello world*', '/find?q=hello%20world&page=2', true],
    ['/café*', '/cafe/menu', false],
    ['/100%*', '/100%', true], // not valid percent-encoding: as it is
    ['/café*', '/caf%C3%A9/menu?discount=50%', true], // a literal % elsewhere does not stop the rest
    ['/a/b', '/a%2Fb', false], // an encoded slash stays one (it is not a path's)
    ['/a b', '/a%2520b', false], // decoded once, not twice
  ]
  it.each(cases)('%s against %s → %s', (glob, url, expected) => {
    expect(matchUrl(glob, url)).toBe(expected)
  })
})
