// The corner stack beside what the user works on (bb-r28, black-box runs on real apps): a
// celebration while the panel is open; a tooltip whose target is under the launcher; a nudge card
// while the user types in a field of the page (a phone's keyboard up); at 1280×800 and 375×667.
// Screenshots go to .tmp/screens/corner-*.png.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { aStep } from '../builders'
import { aMilestoneState, aState, aStepState } from '../ui/states'
import { fire, focused, frames, mount, SCREENS, startUi, type Mp, type UiHarness } from './ui-harness'
import { demoNudge, demoState } from './ui-scenario'

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

describe('a tooltip whose target is under the launcher (the page\'s own Help button in the same corner)', () => {
  const hostCss = '#help{position:fixed;right:20px;bottom:18px;width:64px;height:40px}'
  const body = '<button id="help" type="button">Help</button>'
  const withTip = (hotspot = false) => aState({
    next: { milestone: 'm1', step: 's1' },
    milestones: [aMilestoneState({ id: 'm1', title: 'Get help', steps: [aStepState({ step: aStep({
      id: 's1', title: 'Ask for help', tooltip: { target: '#help', text: 'Questions? Our team answers here.', placement: 'top', hotspot },
    }) })] })],
  })
  /** What the user sees at the target's centre, whether the launcher is visible, and whether the tooltip (or its beacon) is. */
  const look = (p: Page) => p.evaluate(() => {
    const root = document.querySelector('milepost-ui')!.shadowRoot!
    const help = document.querySelector('#help')!.getBoundingClientRect()
    const tp = root.querySelector('.tp')
    return {
      atTarget: document.elementFromPoint(help.x + help.width / 2, help.y + help.height / 2)?.id || document.elementFromPoint(help.x + help.width / 2, help.y + help.height / 2)?.localName,
      launcher: getComputedStyle(root.querySelector('.lc')!).visibility,
      tip: tp ? getComputedStyle(tp).visibility : 'none',
    }
  })

  for (const [name, size] of Object.entries(sizes)) {
    it(`the launcher steps aside while the tooltip points there, and comes back when it closes (${name})`, async () => {
      const p = await ui.open({ hostCss, body }, size)
      await mount(p, withTip())
      await frames(p, 4)
      await p.screenshot({ path: join(SCREENS, `corner-tip-launcher-${name}.png`) })
      expect(await look(p)).toEqual({ atTarget: 'help', launcher: 'hidden', tip: 'visible' })
      // "Got it": the tooltip goes, focus to its target, and the launcher is back.
      await p.locator('milepost-ui .tp .x').click()
      await p.waitForTimeout(250) // the launcher comes back a moment later (a tooltip placed again keeps it aside)
      expect(await look(p)).toEqual({ atTarget: 'milepost-ui', launcher: 'visible', tip: 'none' })
      expect(await p.evaluate(() => document.activeElement?.id)).toBe('help')
      await ui.check(p)
    })
  }

  it('a hotspot\'s beacon on it: the launcher steps aside too', async () => {
    const p = await ui.open({ hostCss, body }, sizes.desktop)
    await mount(p, withTip(true))
    await frames(p, 4)
    const seen = await look(p)
    expect([seen.launcher, seen.tip]).toEqual(['hidden', 'visible'])
    await ui.check(p)
  })

  it('opening the hotspot keeps the launcher aside: not back for a frame while the beacon hands over to the tooltip (bb-r28)', async () => {
    const p = await ui.open({ hostCss, body }, sizes.desktop)
    await mount(p, withTip(true))
    await frames(p, 4)
    // Every frame's launcher visibility, from before the click until the tooltip is placed.
    await p.evaluate(() => {
      const seen: string[] = ((window as unknown as { seen: string[] }).seen = [])
      const lc = document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.lc')!
      const tick = () => (seen.push(getComputedStyle(lc).visibility), seen.length < 40 && requestAnimationFrame(tick))
      tick()
    })
    await p.locator('milepost-ui .hs').click()
    await frames(p, 45)
    const seen = await p.evaluate(() => (window as unknown as { seen: string[] }).seen)
    expect(seen.length).toBe(40)
    expect(seen.filter((v) => v != 'hidden')).toEqual([])
    expect((await look(p)).tip).toBe('visible')
    await ui.check(p)
  })

  it('a launcher with focus hands it to the tooltip that takes its place (never to <body>)', async () => {
    const p = await ui.open({ hostCss, body }, sizes.desktop)
    await mount(p, aState())
    await frames(p, 2)
    await p.locator('milepost-ui .lc').focus()
    // The next step, with its tooltip on the control under the launcher.
    await p.evaluate((s) => (window as unknown as { mp: Mp }).mp.push(s), JSON.parse(JSON.stringify(withTip())))
    await frames(p, 4)
    expect(await look(p)).toEqual({ atTarget: 'help', launcher: 'hidden', tip: 'visible' })
    expect(await focused(p)).toBe('tp')
    // Escape closes it: focus on the target, the launcher back.
    await p.keyboard.press('Escape')
    await p.waitForTimeout(250)
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('help')
    expect((await look(p)).launcher).toBe('visible')
    await ui.check(p)
  })

  it('the corner\'s own box takes no clicks: the page beside the launcher, under the open panel\'s width, gets them', async () => {
    const p = await ui.open({ hostCss: '#beside{position:fixed;right:200px;bottom:20px}', body: '<button id="beside" type="button">Beside</button>' }, sizes.desktop)
    await mount(p, aState())
    await fire(p, 'open')
    await frames(p, 2)
    const b = (await p.locator('#beside').boundingBox())!
    const panel = await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.pn')!.getBoundingClientRect().left)
    expect(b.x).toBeGreaterThan(panel) // under the panel's width, beside the launcher
    expect(await p.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id, [b.x + b.width / 2, b.y + b.height / 2])).toBe('beside')
    await ui.check(p)
  })

  it('a tour step on it: the whole corner steps aside while the step shows (as since the tours\' round)', async () => {
    const p = await ui.open({ hostCss, body }, sizes.phone)
    await mount(p, aState({ tour: { id: 't', step: 0, steps: 1, tour: { id: 't', title: 'Tour', steps: [{ target: '#help', title: 'Help', text: 'Questions? Ask here.', placement: 'top' }] } } as never }))
    await frames(p, 4)
    expect((await look(p)).atTarget).toBe('help')
    await ui.check(p)
  })
})

describe('a nudge card while the user types in a field of the page', () => {
  /** What the user sees at the centre of each of the page's elements, and the card's visibility. */
  const look = (p: Page) => p.evaluate(() => {
    const at = (id: string) => {
      const r = document.getElementById(id)!.getBoundingClientRect()
      const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)
      return e?.id || e?.localName
    }
    const card = document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.nc')
    return { name: at('name'), save: at('save'), card: card ? getComputedStyle(card).visibility : 'none' }
  })
  const shown = (p: Page) => p.evaluate(() => (window as unknown as { mp: Mp }).mp.calls().emit.filter(([n]) => n == 'nudge:shown').length)

  it('on a phone with the keyboard up, the card steps aside while the field has focus, and comes back after', async () => {
    // A short page: the form right under the heading (Android resizes the page for the keyboard: 375×360 left).
    const hostCss = '#f{position:absolute;left:16px;right:16px;top:150px;display:grid;gap:8px}'
    const body = '<form id="f" onsubmit="return false"><input id="name" aria-label="Workspace name"><button id="save" type="submit">Save</button></form>'
    const p = await ui.open({ hostCss, body }, sizes.phone)
    await mount(p, demoState({ next: null, nudges: [demoNudge()] }))
    await p.setViewportSize({ width: 375, height: 360 })
    await frames(p, 2)
    expect(await look(p)).toEqual({ name: 'milepost-ui', save: 'milepost-ui', card: 'visible' }) // the card lies over the form
    await p.locator('#name').focus()
    await p.keyboard.type('Acme')
    await frames(p, 2)
    await p.screenshot({ path: join(SCREENS, 'corner-typing-phone.png') })
    expect(await look(p)).toEqual({ name: 'name', save: 'save', card: 'hidden' })
    // Focus on to a button of the page: the keyboard goes, the card is back, the same card (shown once).
    await p.locator('#save').focus()
    await frames(p, 3)
    expect((await look(p)).card).toBe('visible')
    expect(await shown(p)).toBe(1)
    await ui.check(p)
  })

  it('with a mouse, the card steps aside while it would cover the field typed in (desktop)', async () => {
    const hostCss = '#f{position:fixed;right:40px;bottom:240px;display:flex;gap:8px}'
    const body = '<form id="f" onsubmit="return false"><input id="name" aria-label="Workspace name"><button id="save" type="submit">Save</button></form>'
    const p = await ui.open({ hostCss, body }, sizes.desktop)
    await mount(p, demoState({ next: null, nudges: [demoNudge()] }))
    await frames(p, 2)
    expect((await look(p)).name).toBe('milepost-ui')
    await p.locator('#name').focus()
    await frames(p, 2)
    await p.screenshot({ path: join(SCREENS, 'corner-typing-desktop.png') })
    expect(await look(p)).toEqual({ name: 'name', save: 'save', card: 'hidden' })
    await p.locator('#reports').focus()
    await frames(p, 3)
    expect((await look(p)).card).toBe('visible')
    await ui.check(p)
  })

  it('a tooltip the card holds back stays held while the card steps aside for the user typing (bb-r28: it showed over the field, and the launcher went)', async () => {
    const hostCss = '#help{position:fixed;right:20px;bottom:18px;width:64px;height:40px}#f{position:absolute;left:16px;right:16px;top:120px}'
    const body = '<button id="help" type="button">Help</button><form id="f" onsubmit="return false"><input id="name" aria-label="Workspace name"></form>'
    const p = await ui.open({ hostCss, body }, sizes.phone)
    await mount(p, {
      ...demoState({ nudges: [demoNudge()] }),
      next: { milestone: 'm1', step: 's1' },
      milestones: [aMilestoneState({ id: 'm1', title: 'Get help', steps: [aStepState({ step: aStep({
        id: 's1', title: 'Ask for help', tooltip: { target: '#help', text: 'Questions? Our team answers here.', placement: 'top' },
      }) })] })],
    })
    const corner = () => p.evaluate(() => {
      const root = document.querySelector('milepost-ui')!.shadowRoot!
      const vis = (s: string) => {
        const e = root.querySelector(s)
        return e ? getComputedStyle(e).visibility : 'none'
      }
      return { card: vis('.nc'), tip: vis('.tp'), launcher: vis('.lc') }
    })
    await frames(p, 4)
    expect(await corner()).toMatchObject({ card: 'visible', launcher: 'visible' })
    expect((await corner()).tip).not.toBe('visible') // it would cover the card: it waits
    await p.locator('#name').focus()
    await p.setViewportSize({ width: 375, height: 360 }) // the keyboard comes up: the anchor judges again
    await p.keyboard.type('Acme')
    await frames(p, 6)
    expect(await corner()).toMatchObject({ card: 'hidden', launcher: 'visible' })
    expect((await corner()).tip).not.toBe('visible')
    await ui.check(p)
  })

  it('a card that comes while the user types waits hidden, and counts as shown once it is back', async () => {
    const body = '<form id="f" onsubmit="return false"><input id="name" aria-label="Workspace name"><button id="save" type="submit">Save</button></form>'
    const p = await ui.open({ body }, sizes.phone)
    await mount(p, demoState({ next: null }))
    await p.locator('#name').focus()
    await p.evaluate((s) => (window as unknown as { mp: Mp }).mp.push(s), JSON.parse(JSON.stringify(demoState({ next: null, nudges: [demoNudge()] }))))
    await frames(p, 3)
    expect([(await look(p)).card, await shown(p)]).toEqual(['hidden', 0])
    await p.locator('#name').blur()
    await frames(p, 3)
    expect([(await look(p)).card, await shown(p)]).toEqual(['visible', 1])
    await ui.check(p)
  })
})
