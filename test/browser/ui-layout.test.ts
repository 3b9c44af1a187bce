// Phone viewport, reduced motion, right-to-left, and screenshots of every state (.tmp/screens/).
import { statSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { box, fire, frames, mount, SCREENS, startUi, type UiHarness } from './ui-harness'
import { demoNudge, demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const animations = (p: Page) => p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.getAnimations().length)

describe('phone viewport (375×667)', () => {
  const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true }

  it('keeps the launcher, panel, nudge card and celebration on screen, the panel scrolling', async () => {
    const p = await ui.open({}, phone)
    await mount(p, demoState({ nudges: [demoNudge()] }))
    await fire(p, 'milestone:completed', { milestoneId: 'setup' })
    await fire(p, 'open')
    await frames(p, 3)
    for (const selector of ['.lc', '.pn', '.ch', '.tp']) {
      const b = (await box(p, selector))!
      expect([selector, b.x >= 0, b.y >= 0, b.x + b.width <= 375, b.y + b.height <= 667]).toEqual([selector, true, true, true, true])
    }
    expect(await p.evaluate(() => {
      const pn = document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.pn')!
      return pn.scrollHeight > pn.clientHeight
    })).toBe(true)
    expect(await p.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
    await p.screenshot({ path: join(SCREENS, 'ui-phone-panel.png') })
    // Scrolled to the end, the title and × are still at the top of the panel, above the list.
    await p.evaluate(() => {
      const pn = document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.pn')!
      pn.scrollTop = pn.scrollHeight
    })
    await frames(p, 2)
    const [panel, title, close] = [(await box(p, '.pn'))!, (await box(p, '#mp-t'))!, (await box(p, '.pn .x'))!]
    expect([title.y >= panel.y, title.y + title.height <= panel.y + 48, close.y >= panel.y, close.y + close.height <= panel.y + 64]).toEqual([true, true, true, true])
    expect(await p.evaluate(() => {
      const root = document.querySelector('milepost-ui')!.shadowRoot!
      const x = root.querySelector('.pn .x')!.getBoundingClientRect()
      return root.elementFromPoint(x.x + x.width / 2, x.y + x.height / 2)?.classList.contains('x')
    })).toBe(true)
    await p.screenshot({ path: join(SCREENS, 'ui-phone-panel-scrolled.png') })
    await ui.check(p)
  })

  it('shows a nudge card within the screen', async () => {
    const p = await ui.open({}, phone)
    await mount(p, demoState({ nudges: [demoNudge()], next: null }))
    await frames(p)
    const b = (await box(p, '.nc'))!
    expect(b.x >= 0 && b.x + b.width <= 375 && b.y >= 0).toBe(true)
    await p.screenshot({ path: join(SCREENS, 'ui-phone-nudge.png') })
    await ui.check(p)
  })
})

describe('motion', () => {
  it('animates the celebration burst normally', async () => {
    const p = await ui.open()
    await mount(p, demoState({ next: null }))
    await fire(p, 'milestone:completed', { milestoneId: 'setup' })
    await frames(p)
    expect(await animations(p)).toBeGreaterThan(0)
    await ui.check(p)
  })

  it('runs no animation at all under prefers-reduced-motion', async () => {
    const p = await ui.open({}, { reducedMotion: 'reduce' })
    await mount(p, demoState({ next: null, nudges: [demoNudge()] }))
    await fire(p, 'milestone:completed', { milestoneId: 'setup' })
    await fire(p, 'open')
    await frames(p)
    expect(await animations(p)).toBe(0)
    await ui.check(p)
  })
})

describe('right to left', () => {
  it('mirrors the layout when the page is rtl', async () => {
    const p = await ui.open({ dir: 'rtl' })
    await mount(p, demoState({ next: null }), { position: 'bottom-left' })
    await fire(p, 'open')
    await frames(p)
    const [title, check] = [(await box(p, '.s .sn'))!, (await box(p, '.s .sl > :first-child'))!]
    expect(check.x).toBeGreaterThan(title.x)
    expect((await box(p, '.lc'))!.x).toBeLessThan(100)
    await p.screenshot({ path: join(SCREENS, 'ui-rtl-panel.png') })
    await ui.check(p)
  })
})

// bb-r25: in an RTL page, an English journey reads as English (its full stop last), and an Arabic title
// that opens with a Latin product name reads right to left when the file starts it with U+200F (ui.md).
describe('config text in an RTL page', () => {
  it('takes each paragraph\'s direction from its first letter: English stays English, an RLM makes Arabic read from the right', async () => {
    const p = await ui.open({ dir: 'rtl' })
    const state = demoState({ next: null })
    state.milestones[1]!.title = '\u200FStripe: إعداد المدفوعات'
    state.milestones[2]!.title = 'Invite your team.'
    await mount(p, state)
    await fire(p, 'open')
    await frames(p)
    const at = await p.evaluate(() => {
      const root = document.querySelector('milepost-ui')!.shadowRoot!
      const find = (text: string) => {
        const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
        while (walk.nextNode()) if (walk.currentNode.nodeValue === text) return walk.currentNode
        throw new Error('no ' + text)
      }
      const box = (node: Node, from: number, to: number) => {
        const r = document.createRange()
        r.setStart(node, from)
        r.setEnd(node, to)
        return r.getBoundingClientRect().left
      }
      const ar = find('\u200FStripe: إعداد المدفوعات')
      const en = find('Invite your team.')
      return { latin: box(ar, 1, 7), arabic: box(ar, 9, 14), word: box(en, 0, 6), stop: box(en, 16, 17) }
    })
    expect(at.latin).toBeGreaterThan(at.arabic) // "Stripe" at the start, on the right
    expect(at.stop).toBeGreaterThan(at.word) // the full stop after the words, on the right
    await ui.check(p)
  })
})

describe('screenshots', () => {
  const shots: Record<string, [Parameters<UiHarness['open']>[1], (p: Page) => Promise<void>]> = {
    'ui-launcher': [{}, (p) => mount(p, demoState({ next: null }))],
    'ui-panel-light': [{}, async (p) => {
      await mount(p, demoState({ next: null }))
      await fire(p, 'open')
    }],
    'ui-panel-dark': [{ colorScheme: 'dark' }, async (p) => {
      await mount(p, demoState({ next: null }))
      await fire(p, 'open')
    }],
    'ui-panel-delegate': [{}, async (p) => {
      await mount(p, demoState({ next: null }))
      await fire(p, 'open')
      await p.evaluate(() => [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Ask a teammate')!.click())
    }],
    'ui-nudge-light': [{}, (p) => mount(p, demoState({ next: null, nudges: [demoNudge()] }))],
    'ui-nudge-dark': [{ colorScheme: 'dark' }, (p) => mount(p, demoState({ next: null, nudges: [demoNudge()] }))],
    'ui-celebration': [{}, async (p) => {
      await mount(p, demoState({ next: null }))
      await fire(p, 'milestone:completed', { milestoneId: 'setup' })
      await p.waitForTimeout(300)
    }],
    'ui-celebration-dark': [{ colorScheme: 'dark' }, async (p) => {
      await mount(p, demoState({ next: null }))
      await fire(p, 'milestone:completed', { milestoneId: 'setup' })
      await p.waitForTimeout(1500)
    }],
    'ui-tooltip': [{}, (p) => mount(p, demoState())],
    'ui-tooltip-dark': [{ colorScheme: 'dark' }, (p) => mount(p, demoState())],
  }
  for (const [name, [context, show]] of Object.entries(shots)) {
    it(`saves ${name}.png`, async () => {
      const p = await ui.open({}, context)
      await show(p)
      await frames(p, 3)
      const path = join(SCREENS, `${name}.png`)
      await p.screenshot({ path })
      expect(statSync(path).size).toBeGreaterThan(5000)
      await ui.check(p)
    })
  }
})
