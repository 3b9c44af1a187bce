// Display conditions a careful audit tries (bb-r24, the accessibility run): a page zoomed to 400%
// (a 320×200 px viewport), a phone where the step's tooltip would land on the nudge card, and
// forced colours (Windows High Contrast), which drop shadows and backgrounds. Screenshots go to
// .tmp/screens/display-*.png.
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

const fire = (p: Page, name: string, detail?: unknown) =>
  p.evaluate(([n, d]) => (window as unknown as { mp: Mp }).mp.fire(n as string, d), [name, detail] as const)
/** A box of the widget's shadow root, in viewport pixels; null when absent. */
const box = (p: Page, selector: string) => p.evaluate((s) => {
  const el = document.querySelector('milepost-ui')!.shadowRoot!.querySelector(s)
  if (!el) return null
  const r = el.getBoundingClientRect()
  return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right), visible: getComputedStyle(el).visibility === 'visible' }
}, selector)
const meets = (a: { top: number; bottom: number; left: number; right: number }, b: typeof a) =>
  a.left < b.right && a.right > b.left && a.top < b.bottom && a.bottom > b.top

describe('zoomed to 400% (a 320×200 px viewport)', () => {
  it('keeps the nudge card and the celebration on screen, each scrolling inside itself, with the × in view once focused', async () => {
    const p = await ui.open({}, { viewport: { width: 320, height: 200 }, deviceScaleFactor: 4, reducedMotion: 'reduce' })
    await mount(p, demoState({ next: null, nudges: [demoNudge()] }))
    await frames(p)
    const card = (await box(p, '.nc'))!
    await p.screenshot({ path: join(SCREENS, 'display-zoom400-nudge.png') })
    // It ran off the top (y −104 in the audit), where nothing scrolls to it.
    expect(card.top).toBeGreaterThanOrEqual(0)
    expect(card.bottom).toBeLessThanOrEqual(200)
    // The card's last control scrolls into view inside it.
    await p.locator('milepost-ui .nc button').last().focus()
    const dismiss = await p.evaluate(() => {
      const r = document.querySelector('milepost-ui')!.shadowRoot!.activeElement!.getBoundingClientRect()
      return { top: r.top, bottom: r.bottom }
    })
    expect(dismiss.top).toBeGreaterThanOrEqual(0)
    expect(dismiss.bottom).toBeLessThanOrEqual(200)

    await fire(p, 'milestone:completed', { milestoneId: 'setup' })
    await frames(p, 3)
    const cheer = (await box(p, '.ch'))!
    expect(cheer.top).toBeGreaterThanOrEqual(0)
    await p.locator('milepost-ui .ch .x').focus()
    const x = (await box(p, '.ch .x'))!
    await p.screenshot({ path: join(SCREENS, 'display-zoom400-celebration.png') })
    expect(x.top).toBeGreaterThanOrEqual(0)
    expect(x.bottom).toBeLessThanOrEqual(200)
    await ui.check(p)
  })
})

describe('a step\'s tooltip on a phone, its target just above the nudge card', () => {
  it('waits while it would cover the card, and shows once the card is dismissed', async () => {
    const p = await ui.open({}, { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true })
    await mount(p, demoState({ nudges: [demoNudge()] }))
    await frames(p)
    // The target (the step's "#reports") moves to 12 px above the card: the tooltip, below it, lands on the card.
    const card = (await box(p, '.nc'))!
    await p.evaluate((top) => Object.assign(document.getElementById('reports')!.style, { position: 'fixed', left: '16px', top: `${top}px`, height: '32px' }), card.top - 44)
    await frames(p, 4)
    await p.screenshot({ path: join(SCREENS, 'display-phone-tooltip-over-card.png') })
    const tip = (await box(p, '.tp'))!
    // Were it shown, it would be on the card's title (the audit: 5,544 px² of the heading hidden).
    expect(tip.visible && meets(tip, card)).toBe(false)
    expect(tip.visible).toBe(false)
    await p.locator('milepost-ui .nc button', { hasText: 'Dismiss' }).click()
    await frames(p, 4)
    expect(await box(p, '.nc')).toBeNull()
    expect((await box(p, '.tp'))!.visible).toBe(true)
    await p.screenshot({ path: join(SCREENS, 'display-phone-tooltip-after-card.png') })
    await ui.check(p)
  })
})

describe('forced colours (Windows High Contrast)', () => {
  it('draws the tooltip\'s edge, the launcher\'s and buttons\' outlines, the bars\' tracks and the spotlight\'s ring without shadows', async () => {
    const p = await ui.open({}, { viewport: { width: 1280, height: 800 }, forcedColors: 'active' })
    await mount(p, demoState())
    await fire(p, 'open')
    await frames(p, 3)
    const drawn = await p.evaluate(() => {
      const root = document.querySelector('milepost-ui')!.shadowRoot!
      // The spotlight of a tour step, as the tour draws it (class "sp"), beside the widget's own.
      root.querySelector('.r')!.append(Object.assign(document.createElement('div'), { className: 'sp' }))
      const style = (s: string) => getComputedStyle(root.querySelector(s)!)
      return {
        tooltip: style('.tp').outlineStyle,
        launcher: style('.lc').borderTopStyle,
        button: style('.pn .bt').borderTopStyle,
        track: style('.br').borderTopStyle,
        spotlight: [style('.sp').outlineStyle, style('.sp').outlineWidth],
      }
    })
    await p.screenshot({ path: join(SCREENS, 'display-forced-colours-open.png') })
    expect(drawn).toEqual({ tooltip: 'solid', launcher: 'solid', button: 'solid', track: 'solid', spotlight: ['solid', '3px'] })
    // Out of forced colours, none of them has an outline or a border: the theme's look is unchanged.
    await p.emulateMedia({ forcedColors: 'none' })
    const plain = await p.evaluate(() => {
      const root = document.querySelector('milepost-ui')!.shadowRoot!
      return ['.tp', '.lc', '.br'].map((s) => getComputedStyle(root.querySelector(s)!)).map((c) => c.outlineStyle + ' ' + c.borderTopStyle)
    })
    expect(plain).toEqual(['none none', 'none none', 'none none'])
    await ui.check(p)
  })
})
