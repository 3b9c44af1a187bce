// axe-core on every UI state, light and dark: 0 violations (WCAG 2.2 AA rules and best practices).
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frames, mount, startUi, type Mp, type UiHarness } from './ui-harness'
import { demoNudge, demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const axe = async (p: Page) => {
  await p.addScriptTag({ url: '/axe.js' })
  return p.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown; failureSummary: string }> }> }> } }).axe.run
    const { violations } = await run(document, { resultTypes: ['violations'] })
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target) + ' ' + n.failureSummary).join(' | ')}`)
  })
}

const states: Record<string, (p: Page) => Promise<void>> = {
  launcher: async (p) => mount(p, demoState({ next: null })),
  'open panel': async (p) => {
    await mount(p, demoState({ next: null }))
    await p.evaluate(() => (window as unknown as { mp: Mp }).mp.fire('open'))
  },
  'panel with a delegate form and a nudge': async (p) => {
    await mount(p, demoState({ next: null, nudges: [demoNudge()] }))
    await p.evaluate(() => {
      ;(window as unknown as { mp: Mp }).mp.fire('open')
      const ask = [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Ask a teammate')!
      ask.click()
    })
  },
  'nudge card': async (p) => mount(p, demoState({ next: null, nudges: [demoNudge()] })),
  celebration: async (p) => {
    await mount(p, demoState({ next: null }))
    await p.evaluate(() => (window as unknown as { mp: Mp }).mp.fire('milestone:completed', { milestoneId: 'setup' }))
  },
  tooltip: async (p) => mount(p, demoState()),
}

for (const scheme of ['light', 'dark'] as const) {
  describe(`accessibility, ${scheme}`, () => {
    for (const [name, show] of Object.entries(states)) {
      it(`${name}: 0 axe violations`, async () => {
        const p = await ui.open({}, { colorScheme: scheme })
        await show(p)
        await frames(p, 3)
        // The celebration burst fades out; axe measures colours once it is over.
        await p.waitForTimeout(name === 'celebration' ? 1500 : 0)
        expect(await axe(p)).toEqual([])
        await ui.check(p)
      })
    }
  })
}

describe('the axe check', () => {
  it('sees inside the shadow root: an unnamed button there is reported', async () => {
    const p = await ui.open()
    await mount(p, demoState({ next: null }))
    await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.st')!.append(document.createElement('button')))
    expect((await axe(p)).join()).toContain('button-name')
    await ui.check(p)
  })
})
