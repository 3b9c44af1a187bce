// @vitest-environment happy-dom
// Selector paths across open shadow roots: `host >>> inner` for clicks, lookups and validation.
import { afterEach, describe, expect, it } from 'vitest'
import { watchClicks } from '../../src/adapters/clicks'
import { queryAllDeep, queryDeep, validSelectors } from '../../src/adapters/selectors'

const app = () => {
  const host = document.body.appendChild(document.createElement('my-app'))
  const root = host.attachShadow({ mode: 'open' })
  root.innerHTML = '<my-panel></my-panel><button id="save">Save</button>'
  const inner = root.querySelector('my-panel')!.attachShadow({ mode: 'open' })
  inner.innerHTML = '<span class="deep">Deep</span>'
  return { host, save: root.querySelector<HTMLElement>('#save')!, deep: inner.querySelector<HTMLElement>('.deep')! }
}
afterEach(() => document.body.replaceChildren())

describe('selector paths', () => {
  it('find elements inside open shadow roots, one >>> per root', () => {
    const { save, deep } = app()
    expect(queryDeep(document, 'my-app >>> #save')).toBe(save)
    expect(queryDeep(document, 'my-app >>> my-panel >>> .deep')).toBe(deep)
    expect(queryAllDeep(document, 'my-app >>> .nothing')).toEqual([])
    // An ordinary selector does not look inside shadow roots.
    expect(queryDeep(document, '#save')).toBeNull()
  })

  it('report a click inside a shadow root to the path that names it', () => {
    const { save } = app()
    const seen: string[] = []
    const stop = watchClicks(['my-app >>> #save', 'my-app >>> my-panel >>> .deep'], (s) => seen.push(s))
    save.click()
    document.body.click()
    stop()
    expect(seen).toEqual(['my-app >>> #save'])
  })

  it('validate each part, reporting a bad one', () => {
    const bad: string[] = []
    expect(validSelectors(['my-app >>> #save', 'my-app >>> [', '>>> #x'], (s) => bad.push(s))).toEqual(['my-app >>> #save'])
    expect(bad).toEqual(['my-app >>> [', '>>> #x'])
  })
})
