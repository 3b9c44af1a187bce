// A tooltip whose target is inside open shadow roots (`app-shell >>> project-list >>> #new-project`)
// in a web-components app, where what changes happens inside the shadow roots, never in <body>
// (bb-r29, a Lit app): a route change that re-renders the app shell's shadow root, and a custom
// element defined after the page loaded (its shadow root comes as it upgrades).
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { aStep } from '../builders'
import { aMilestoneState, aState, aStepState } from '../ui/states'
import { box, frames, mount, startUi, type UiHarness } from './ui-harness'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const withTip = (target: string) => aState({
  next: { milestone: 'm1', step: 's1' },
  milestones: [aMilestoneState({ id: 'm1', steps: [aStepState({ step: aStep({ id: 's1', title: 'New project', tooltip: { target, text: 'Start here' } }) })] })],
})
const visibility = (p: Page) => p.evaluate(() => {
  const el = document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.tp')
  return el ? getComputedStyle(el).visibility : 'absent'
})
/** The app shell: routes re-render its shadow root only; the projects route has a project list, a component with a shadow root of its own. */
const defineApp = (p: Page) => p.evaluate(() => {
  customElements.define('project-list', class extends HTMLElement {
    connectedCallback() {
      this.shadowRoot ?? (this.attachShadow({ mode: 'open' }).innerHTML = '<button id="new-project" type="button">New project</button>')
    }
  })
  customElements.define('app-shell', class extends HTMLElement {
    constructor() {
      super()
      this.attachShadow({ mode: 'open' })
      this.route('settings')
    }
    route(to: string) {
      this.shadowRoot!.innerHTML = to == 'projects' ? '<h2>Projects</h2><project-list></project-list>' : '<h2>Settings</h2>'
    }
  })
})
const route = (p: Page, to: string) => p.evaluate((r) => (document.querySelector('app-shell') as HTMLElement & { route(to: string): void }).route(r), to)
const deep = "app-shell >>> project-list >>> #new-project"

describe('a tooltip whose target is inside shadow roots', () => {
  it('shows once a route change inside the app shell\'s shadow root brings its target, and hides and comes back with it', async () => {
    const p = await ui.open({ body: '<app-shell></app-shell>' })
    await defineApp(p)
    await mount(p, withTip(deep))
    await frames(p, 3)
    expect(await visibility(p)).toBe('hidden')
    await route(p, 'projects') // nothing changes in <body>
    await frames(p, 4)
    expect(await visibility(p)).toBe('visible')
    const [tip, t] = [(await box(p, '.tp'))!, await p.evaluate((s) => {
      const r = document.querySelector('app-shell')!.shadowRoot!.querySelector('project-list')!.shadowRoot!.querySelector(s)!.getBoundingClientRect()
      return { y: r.y, height: r.height }
    }, '#new-project')]
    expect(Math.abs(tip.y - (t.y + t.height + 10))).toBeLessThanOrEqual(1)
    await route(p, 'settings')
    await frames(p, 4)
    expect(await visibility(p)).toBe('hidden')
    await route(p, 'projects')
    await frames(p, 4)
    expect(await visibility(p)).toBe('visible')
    await ui.check(p)
  })

  it('shows once a custom element on the page from the start is defined late (its shadow root comes as it upgrades)', async () => {
    const p = await ui.open({ body: '<late-widget></late-widget>' })
    await mount(p, withTip('late-widget >>> #late-btn'))
    await frames(p, 3)
    expect(await visibility(p)).toBe('hidden')
    await p.evaluate(() => customElements.define('late-widget', class extends HTMLElement {
      constructor() {
        super()
        this.attachShadow({ mode: 'open' }).innerHTML = '<button id="late-btn" type="button">Late</button>'
      }
    }))
    await frames(p, 4)
    expect(await visibility(p)).toBe('visible')
    await ui.check(p)
  })
})
