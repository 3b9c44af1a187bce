// @vitest-environment happy-dom
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { aMilestone, aNudge, aStep } from '../builders'
import { mountUi } from '../../src/ui/index'
import { aMilestoneState, aNudgeState, aState, aStepState } from './states'
import { button, click, mount, openPanel, q, qa, shadow, text } from './dom'
import { fakeInstance, settle } from './fake-instance'

const XSS = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script><svg onload="window.__xss=3">'

describe('config text is text', () => {
  it('renders HTML in titles, descriptions, labels and cards literally', () => {
    const step = aStep({ id: 's1', title: XSS, description: XSS, cta: { label: XSS, action: 'x' }, resources: [{ title: XSS, url: '/r' }] })
    mount(aState({
      title: XSS,
      milestones: [aMilestoneState({ title: XSS, reason: XSS, steps: [aStepState({ step, title: XSS })], milestone: aMilestone({ description: XSS }) })],
      nudges: [aNudgeState({ nudge: aNudge({ card: { title: XSS, body: XSS, goal: XSS, actions: [{ label: XSS, href: 'javascript:alert(1)' }] } }) })],
    }))
    openPanel()
    expect(qa('img, script, svg[onload]')).toHaveLength(0)
    expect(text().split(XSS).length - 1).toBeGreaterThanOrEqual(9)
    expect((window as { __xss?: number }).__xss).toBeUndefined()
  })
})

describe('strings', () => {
  it('overrides any visible string, from the options or the instance', () => {
    mount(aState(), { strings: { skip: 'Überspringen', launcher: 'Einführung' } }, { strings: { ask: 'Kollegen fragen', skip: 'ignored' } })
    openPanel()
    expect(button('Überspringen')).toBeDefined()
    expect(button('Kollegen fragen')).toBeDefined()
    expect(text(q('.lc'))).toContain('Einführung')
  })

  it('leaves an unknown placeholder visible instead of failing', () => {
    mount(aState(), { strings: { count: '{done} of {all}' } })
    expect(text(q('.lc'))).toContain('0 of {all}')
  })
})

describe('theme and direction', () => {
  it('sets the mode and custom properties on the host element', () => {
    mount(aState(), { theme: { mode: 'dark', accent: '#7c3aed' } })
    const host = document.querySelector<HTMLElement>('milepost-ui')!
    expect(host.dataset.theme).toBe('dark')
    expect(host.style.getPropertyValue('--mp-accent')).toBe('#7c3aed')
  })

  it('takes a plain mode', () => {
    mount(aState(), {}, { theme: 'light' })
    expect(document.querySelector<HTMLElement>('milepost-ui')!.dataset.theme).toBe('light')
  })

  it('follows the host page when it switches scheme later, unless a mode is given', async () => {
    document.body.style.backgroundColor = 'rgb(255, 255, 255)'
    mount(aState())
    const host = document.querySelector<HTMLElement>('milepost-ui')!
    expect(host.dataset.theme).toBe('light')
    document.body.style.backgroundColor = 'rgb(13, 17, 23)'
    await vi.waitFor(() => expect(host.dataset.theme).toBe('dark'))
    document.body.style.colorScheme = 'light'
    await vi.waitFor(() => expect(host.dataset.theme).toBe('light'))
    document.body.replaceChildren()
    mount(aState(), { theme: 'light' })
    const forced = document.querySelector<HTMLElement>('milepost-ui')!
    document.body.style.colorScheme = 'dark'
    await settle() // a MutationObserver's callback is a microtask
    expect(forced.dataset.theme).toBe('light')
    document.body.removeAttribute('style')
  })

  it('follows the page direction, or the one given', () => {
    document.documentElement.setAttribute('dir', 'rtl')
    mount(aState())
    expect(q('.r')!.getAttribute('dir')).toBe('rtl')
    document.documentElement.removeAttribute('dir')
    document.body.replaceChildren()
    mount(aState(), { dir: 'rtl' })
    expect(q('.r')!.getAttribute('dir')).toBe('rtl')
  })
})

describe('isolation', () => {
  it('renders into one open shadow root on one host element', () => {
    mount(aState())
    expect(document.querySelectorAll('milepost-ui')).toHaveLength(1)
    expect(document.body.children).toHaveLength(1)
    expect(shadow()!.mode).toBe('open')
  })

  it('adopts its stylesheet, or falls back to a <style> with the nonce', () => {
    mount(aState())
    const adopted = shadow()!.adoptedStyleSheets
    if (adopted.length) expect(shadow()!.querySelector('style')).toBeNull()
    document.body.replaceChildren()
    const original = Object.getOwnPropertyDescriptor(ShadowRoot.prototype, 'adoptedStyleSheets')
    Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', { configurable: true, get: () => { throw new Error('no') }, set: () => { throw new Error('no') } })
    try {
      mount(aState(), { nonce: 'n0nce' })
      const style = shadow()!.querySelector('style')!
      expect(style.nonce).toBe('n0nce')
      expect(style.textContent).toContain('--mp-accent')
    } finally {
      if (original) Object.defineProperty(ShadowRoot.prototype, 'adoptedStyleSheets', original)
    }
  })

  it('goes into the given container', () => {
    const box = document.createElement('div')
    document.body.append(box)
    mount(aState(), { container: box })
    expect(box.querySelector('milepost-ui')).not.toBeNull()
  })
})

/** A snapshot that throws when rendered. */
const corrupt = () => Object.defineProperty(aState(), 'percent', { get: () => { throw new Error('corrupt') } })

describe('never throws into the host', () => {
  it('unmounts its own UI and reports when an instance call throws', () => {
    const fake = fakeInstance(aState({ milestones: [aMilestoneState({ steps: [aStepState({ step: aStep({ id: 's1' }) })] })] }))
    fake.instance.skip = () => { throw new Error('boom') }
    mountUi(fake.instance)
    openPanel()
    expect(() => (click(button('Skip')), click(button('Skip it')))).not.toThrow()
    expect(document.querySelector('milepost-ui')).toBeNull()
    expect(fake.listeners()).toBe(0)
    expect(fake.calls.emit.at(-1)).toMatchObject(['error', { kind: 'ui', message: expect.stringContaining('boom') }])
  })

  it('unmounts and reports when rendering fails', () => {
    const fake = fakeInstance(corrupt())
    expect(() => mountUi(fake.instance)).not.toThrow()
    expect(document.querySelector('milepost-ui')).toBeNull()
    expect(fake.calls.emit.at(-1)).toMatchObject(['error', { kind: 'ui' }])
  })

  it('survives a malformed snapshot', () => {
    const fake = fakeInstance(null as never)
    expect(() => mountUi(fake.instance)).not.toThrow()
    fake.push({ ready: true } as never)
    expect(text()).toBe('')
  })

  it('stays quiet when even the error channel throws', () => {
    const fake = fakeInstance(corrupt())
    fake.instance.emit = () => { throw new Error('also broken') }
    expect(() => mountUi(fake.instance)).not.toThrow()
  })

  it('returns a working unmount when there is nowhere to mount', () => {
    const fake = fakeInstance(aState())
    const unmount = mountUi(fake.instance, { container: {} as Element })
    expect(() => unmount()).not.toThrow()
    expect(fake.listeners()).toBe(0)
  })
})

describe('source', () => {
  // Vitest runs from the repository root (test/vitest.config.ts sets it).
  const src = join(process.cwd(), 'src')
  const read = (dir: string): Array<[string, string]> => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? read(join(dir, e.name)) : [[join(dir, e.name), readFileSync(join(dir, e.name), 'utf8')] as [string, string]])
  const all = read(src)
  const ui = all.filter(([file]) => file.startsWith(join(src, 'ui')))

  it('never writes HTML or inline style attributes', () => {
    expect(ui.length).toBeGreaterThan(10)
    for (const [file, text] of ui) {
      expect(text, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|cssText|setAttribute\(\s*['"]style|\bstyle=\{|document\.write|\beval\(|new Function/)
    }
  })

  // The reference server's dashboard page (src/dashboard) is preact too, but no SDK entry reaches it.
  const dashboard = all.filter(([file]) => file.startsWith(join(src, 'dashboard')))

  it('is the only SDK code importing preact or @floating-ui/dom', () => {
    expect(dashboard.length).toBeGreaterThan(5)
    for (const [file, text] of all) {
      if (!ui.some(([f]) => f === file) && !dashboard.some(([f]) => f === file)) expect(text, file).not.toMatch(/from ['"](preact|@floating-ui)/)
    }
    for (const [file, text] of dashboard) expect(text, file).not.toMatch(/from ['"]@floating-ui/)
  })

  it('the dashboard page never writes HTML either: data is text', () => {
    for (const [file, text] of dashboard) expect(text, file).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|dangerouslySetInnerHTML|document\.write|\beval\(|new Function/)
  })
})

// bb-r25: a page's own <milepost-ui> ran its code on ours and held the widget, with nothing told.
// Last in this file: a custom element, once defined, stays for the page.
describe('a page that defines <milepost-ui> itself', () => {
  it('stops the built-in UI, told once as kind ui, naming the cause', async () => {
    let constructed = 0
    customElements.define('milepost-ui', class extends HTMLElement {
      constructor() {
        super()
        constructed++
      }
    })
    const ui = mount(aState())
    await settle()
    expect(constructed).toBe(0)
    expect(ui.calls.emit.filter(([name]) => name === 'error')).toEqual([['error', expect.objectContaining({
      kind: 'ui', message: 'the page defines a <milepost-ui> element of its own: the built-in UI stops',
    })]])
  })
})
