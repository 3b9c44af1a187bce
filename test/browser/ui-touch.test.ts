// Tap targets on a touch phone (pointer: coarse): every control at least 44×44 px; a mouse keeps
// the compact sizes.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { frames, mount, SCREENS, startUi, type Mp, type UiHarness } from './ui-harness'
import { demoNudge, demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const phone = { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true }

/** Every visible control's size, named by its text or label; checkboxes count by their label. */
const controls = (p: Page) => p.evaluate(() => {
  const root = document.querySelector('milepost-ui')!.shadowRoot!
  return [...root.querySelectorAll<HTMLElement>('button, a, label.sl, input:not([type=checkbox]), textarea')].flatMap((el) => {
    const r = el.getBoundingClientRect()
    if (!r.width || getComputedStyle(el).visibility === 'hidden') return []
    return [{ name: el.getAttribute('aria-label') ?? el.textContent!.trim().slice(0, 24), w: Math.round(r.width), h: Math.round(r.height) }]
  })
})

/** The open panel with its nudge card, a delegate form, the celebration and the tooltip. */
const everything = async (p: Page) => {
  await mount(p, demoState({ nudges: [demoNudge()] }))
  await p.evaluate(() => {
    const mp = (window as unknown as { mp: Mp }).mp
    mp.fire('milestone:completed', { milestoneId: 'setup' })
    mp.fire('open')
  })
  await frames(p)
  await p.evaluate(() => {
    const root = document.querySelector('milepost-ui')!.shadowRoot!
    ;[...root.querySelectorAll('button')].find((b) => b.textContent === 'Ask a teammate')!.click()
  })
  await frames(p, 3)
}

describe('tap targets', () => {
  it('are at least 44×44 px on a touch phone', async () => {
    const p = await ui.open({}, phone)
    await everything(p)
    expect(await p.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true)
    const withCheer = await controls(p)
    // The tooltip waits while it would cover the celebration card or the panel covers its target:
    // close both, measure again.
    await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector<HTMLElement>('.ch .x')!.click())
    await p.evaluate(() => (window as unknown as { mp: Mp }).mp.fire('close'))
    await frames(p, 3)
    const list = [...withCheer, ...await controls(p)]
    expect(list.length).toBeGreaterThan(15)
    for (const name of ['Skip', 'Ask a teammate', 'Close', 'Got it', 'Dismiss', 'Cancel', '3 of 5']) {
      expect(list.some((c) => c.name === name)).toBe(true)
    }
    expect(list.filter((c) => c.w < 44 || c.h < 44)).toEqual([])
    await p.screenshot({ path: join(SCREENS, 'ui-touch-phone.png') })
    await ui.check(p)
  })

  it('stay compact with a mouse', async () => {
    const p = await ui.open({}, { viewport: { width: 1280, height: 800 } })
    await everything(p)
    const skip = (await controls(p)).find((c) => c.name === 'Skip')!
    expect(skip.h).toBeLessThan(44)
    await ui.check(p)
  })
})
