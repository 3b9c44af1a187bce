// Screenshots of every UI state at 1280×800 and 375×667 (touch), light and dark, in
// .tmp/screens/state-*.png (docs/ui.md "States"); each state must render without page errors.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { UiState } from '../../src/ui/instance'
import { box, frames, mount, SCREENS, startUi, type Mp, type UiHarness } from './ui-harness'
import { demoNudge, demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const fire = (p: Page, name: string, detail?: unknown) =>
  p.evaluate(([n, d]) => (window as unknown as { mp: Mp }).mp.fire(n as string, d), [name, detail] as const)

/** The demo journey with every step done. */
const allDone = (): UiState => {
  const st = demoState({ next: null })
  return { ...st, done: true, percent: 100, slipDays: 0, milestones: st.milestones.map((m) => ({
    ...m, done: true, status: 'done', colour: 'green', percent: 100, reason: '', resolvedSteps: m.requiredSteps,
    steps: m.steps.map((s) => ({ ...s, done: !s.skipped })),
  })) }
}

const states: Record<string, { shows: string; go: (p: Page) => Promise<unknown> }> = {
  closed: { shows: '.lc', go: (p) => mount(p, demoState({ next: null })) },
  open: { shows: '.pn', go: async (p) => (await mount(p, demoState({ next: null })), fire(p, 'open')) },
  tooltip: { shows: '.tp', go: (p) => mount(p, demoState()) },
  nudge: { shows: '.nc', go: (p) => mount(p, demoState({ next: null, nudges: [demoNudge()] })) },
  celebration: { shows: '.ch', go: async (p) => (await mount(p, demoState({ next: null })), fire(p, 'milestone:completed', { milestoneId: 'setup' })) },
  delegate: {
    shows: '.dg',
    go: async (p) => {
      await mount(p, demoState({ next: null }))
      await fire(p, 'open')
      await p.evaluate(() => [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Ask a teammate')!.click())
    },
  },
  'all done': { shows: '.ok', go: async (p) => (await mount(p, allDone()), fire(p, 'open')) },
  overdue: {
    shows: '.red',
    go: async (p) => {
      await mount(p, demoState({ next: null }))
      await fire(p, 'open')
      await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.red')!.scrollIntoView())
    },
  },
}
const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true },
}

for (const [size, context] of Object.entries(sizes)) {
  for (const scheme of ['light', 'dark'] as const) {
    describe(`states, ${size}, ${scheme}`, () => {
      for (const [name, { shows, go }] of Object.entries(states)) {
        it(name, async () => {
          const p = await ui.open({}, { ...context, colorScheme: scheme, reducedMotion: 'reduce' })
          await go(p)
          await frames(p, 3)
          expect(await box(p, shows)).not.toBeNull()
          await p.screenshot({ path: join(SCREENS, `state-${name.replace(' ', '-')}-${size}-${scheme}.png`) })
          await ui.check(p)
        })
      }
    })
  }
}
