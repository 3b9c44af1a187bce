// @vitest-environment happy-dom
// Selector paths across open shadow roots: `host >>> inner` for clicks, lookups and validation.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { watchClicks } from '../../src/adapters/clicks'
import { queryAllDeep, queryDeep, validSelectors } from '../../src/adapters/selectors'
import { watchShadowRoots } from '../../src/adapters/shadow-roots'

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

  it('cross into a shadow root only at a >>> outside quotes, brackets and parentheses', () => {
    const { host } = app()
    const item = host.shadowRoot!.appendChild(document.createElement('nav-item'))
    item.title = 'a >>> b'
    const bad: string[] = []
    expect(validSelectors(['my-app >>> nav-item[title="a >>> b"]'], (s) => bad.push(s))).toHaveLength(1)
    expect(bad).toEqual([])
    expect(queryDeep(document, 'my-app >>> nav-item[title="a >>> b"]')).toBe(item)
  })

  it('validate each part, reporting a bad one', () => {
    const bad: string[] = []
    expect(validSelectors(['my-app >>> #save', 'my-app >>> [', '>>> #x'], (s) => bad.push(s))).toEqual(['my-app >>> #save'])
    expect(bad).toEqual(['my-app >>> [', '>>> #x'])
  })
})

describe('the shadow roots a path crosses', () => {
  /** Settles the mutation observers' and promises' callbacks. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

  it('are watched from the lookup that crossed them: a change inside one is heard (a route change in an app shell)', async () => {
    const { host } = app()
    const onChange = vi.fn()
    const roots = watchShadowRoots(document, onChange, { childList: true, subtree: true })
    expect(queryDeep(document, 'my-app >>> my-panel >>> #new', roots.cross)).toBeNull()
    host.shadowRoot!.querySelector('my-panel')!.shadowRoot!.append(Object.assign(document.createElement('button'), { id: 'new' }))
    await settle()
    expect(onChange).toHaveBeenCalled()
    onChange.mockClear()
    host.shadowRoot!.append(document.createElement('hr'))
    await settle()
    expect(onChange).toHaveBeenCalled()
    roots.stop()
  })

  it('are not observed by a lookup made after the stop (observe() would start a stopped observer again)', async () => {
    const { host } = app()
    const onChange = vi.fn()
    const roots = watchShadowRoots(document, onChange, { childList: true, subtree: true })
    roots.stop()
    queryDeep(document, 'my-app >>> my-panel >>> #new', roots.cross)
    host.shadowRoot!.append(document.createElement('hr'))
    await settle()
    expect(onChange).not.toHaveBeenCalled()
  })

  it('look again once a host with no shadow root yet is defined as a custom element, and not after the stop', async () => {
    document.body.append(document.createElement('late-shell'), document.createElement('later-shell'))
    const onChange = vi.fn()
    const roots = watchShadowRoots(document, onChange, { childList: true, subtree: true })
    queryAllDeep(document, 'late-shell >>> #x', roots.cross)
    queryAllDeep(document, 'late-shell >>> #x', roots.cross) // one wait per tag
    customElements.define('late-shell', class extends HTMLElement {})
    await settle()
    expect(onChange).toHaveBeenCalledTimes(1)
    queryAllDeep(document, 'later-shell >>> #x', roots.cross)
    roots.stop()
    customElements.define('later-shell', class extends HTMLElement {})
    await settle()
    expect(onChange).toHaveBeenCalledTimes(1)
  })
})
