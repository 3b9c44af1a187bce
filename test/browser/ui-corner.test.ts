// The corner stack beside what the user works on (bb-r28, black-box runs on real apps): a
// celebration while the panel is open, at 1280×800 and 375×667. Screenshots go to
// .tmp/screens/corner-*.png.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fire, frames, mount, SCREENS, startUi, type UiHarness } from './ui-harness'
import { demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true },
}

describe('a celebration while the checklist panel is open', () => {
  for (const [name, size] of Object.entries(sizes)) {
    it(`is whole, Continue and the rating in view without scrolling it; the panel gives it the room (${name})`, async () => {
      const p = await ui.open({}, { ...size, reducedMotion: 'reduce' })
      await mount(p, demoState())
      await fire(p, 'open')
      // Ticking the last box of a milestone in the open panel: the usual way a celebration meets it.
      await fire(p, 'milestone:completed', { milestoneId: 'setup' })
      await frames(p, 3)
      await p.screenshot({ path: join(SCREENS, `corner-cheer-open-${name}.png`) })
      const seen = await p.evaluate(() => {
        const root = document.querySelector('milepost-ui')!.shadowRoot!
        const [ch, pn, go, rate] = ['.ch', '.pn', '.go .bt', '.rt button:last-child'].map((s) => root.querySelector(s)!) as [Element, Element, Element, Element]
        const [c, r, g, last] = [ch, pn, go, rate].map((e) => e.getBoundingClientRect()) as [DOMRect, DOMRect, DOMRect, DOMRect]
        const inside = (a: DOMRect) => a.top >= c.top && a.bottom <= c.bottom
        return {
          cardScrolls: ch.scrollHeight > ch.clientHeight,
          continueInCard: inside(g),
          ratingInCard: inside(last),
          onScreen: c.top >= 0,
          // Continue is really there to tap: nothing of the card scrolled over it.
          continueOnTop: root.elementFromPoint(g.x + g.width / 2, g.y + g.height / 2) === go,
          panelBelow: r.top >= c.bottom,
          panelScrolls: pn.scrollHeight > pn.clientHeight,
        }
      })
      expect(seen).toEqual({
        cardScrolls: false, continueInCard: true, ratingInCard: true, onScreen: true, continueOnTop: true, panelBelow: true, panelScrolls: true,
      })
      await ui.check(p)
    })
  }

  it('zoomed to 400% (320×200): the panel gives all it can, then the celebration shrinks too, nothing off the top', async () => {
    const p = await ui.open({}, { viewport: { width: 320, height: 200 }, deviceScaleFactor: 4, reducedMotion: 'reduce' })
    await mount(p, demoState())
    await fire(p, 'open')
    await fire(p, 'milestone:completed', { milestoneId: 'setup' })
    await frames(p, 3)
    await p.screenshot({ path: join(SCREENS, 'corner-cheer-open-zoom400.png') })
    const tops = await p.evaluate(() => ['.ch', '.pn', '.lc'].map((s) => Math.round(document.querySelector('milepost-ui')!.shadowRoot!.querySelector(s)!.getBoundingClientRect().top)))
    expect(tops.every((t) => t >= 0)).toBe(true)
    await ui.check(p)
  })
})
