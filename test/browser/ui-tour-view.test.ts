// A tour step whose target is off-screen (below the fold, inside a scrolling box) scrolls it into
// view and shows its dialog with focus; the corner stack steps aside while a step is on screen;
// the corner's offsets are theme variables; a step tooltip hides while the page covers its target.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Tour, TourState } from '../../src/core/types'
import { aStep } from '../builders'
import { aMilestoneState, aNudgeState, aState, aStepState } from '../ui/states'
import { box, frames, mount, startUi, type Mp, type UiHarness } from './ui-harness'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const tour: Tour = {
  id: 't', title: 'The tour', spotlight: true, steps: [
    { text: 'Welcome' },
    { target: '#far', title: 'Far', text: 'Below the fold.' },
    { target: '#inner', title: 'Inner', text: 'Inside a scrolling box.' },
    { target: '#missing', title: 'Elsewhere', text: 'On another page.' },
  ],
}
const at = (step: number): TourState => ({ id: 't', tour, status: 'active', step, steps: tour.steps.length, doneAt: null, seq: step + 1 } as TourState)
const withTour = (step: number | null) => aState({ tour: step == null ? null : at(step), nudges: [aNudgeState()] })
const push = (p: Page, step: number | null) => p.evaluate((s) => (window as unknown as { mp: Mp }).mp.push(s), JSON.parse(JSON.stringify(withTour(step))))
const hostCss = '#far{position:absolute;left:300px;top:2400px}#end{position:absolute;top:3200px;width:1px;height:1px}' +
  '#box{position:absolute;left:500px;top:120px;width:240px;height:120px;overflow:auto}#box i{display:block;height:600px}'
const body = '<button id="far" type="button">Far</button><i id="end"></i>' +
  '<div id="box"><i></i><button id="inner" type="button">Inner</button><i></i></div>'
/** The tour dialog: visible, focused, and whether its target is in the viewport. */
const dialog = (p: Page) => p.evaluate(() => {
  const root = document.querySelector('milepost-ui')!.shadowRoot!
  const d = root.querySelector<HTMLElement>('[data-tour]')
  return d && { title: d.querySelector('h2')!.textContent, visible: getComputedStyle(d).visibility == 'visible', focused: root.activeElement === d }
})
const inView = (p: Page, selector: string) => p.evaluate((s) => {
  const r = document.querySelector(s)!.getBoundingClientRect()
  return r.top >= 0 && r.bottom <= innerHeight
}, selector)
const shownFocused = (p: Page, title: string) => p.waitForFunction((t) => {
  const root = document.querySelector('milepost-ui')!.shadowRoot!
  const d = root.querySelector<HTMLElement>('[data-tour]')
  return d?.querySelector('h2')!.textContent === t && getComputedStyle(d).visibility == 'visible' && root.activeElement === d
}, title, { timeout: 3000 })
const stack = (p: Page) => p.evaluate(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.st')!).visibility)

describe('a tour step whose target is off-screen', () => {
  for (const motion of ['no-preference', 'reduce'] as const) {
    it(`scrolls it into view (page and scrolling box), shows and focuses the dialog; keys work (motion: ${motion})`, async () => {
      const p = await ui.open({ hostCss, body }, { viewport: { width: 1280, height: 800 }, reducedMotion: motion })
      expect(await inView(p, '#far')).toBe(false)
      await mount(p, withTour(1))
      await shownFocused(p, 'Far')
      // Shown as soon as the target scrolls in (smoothly, unless reduced motion), then centred.
      await expect.poll(() => inView(p, '#far')).toBe(true)
      if (motion == 'no-preference') await p.waitForTimeout(1000)
      // Centred: about half the viewport above it.
      const y = await p.evaluate(() => document.querySelector('#far')!.getBoundingClientRect().top)
      expect(Math.abs(y - 400)).toBeLessThan(40)
      await p.keyboard.press('ArrowRight')
      expect((await p.evaluate(() => (window as unknown as { mp: Mp }).mp.calls().record)).at(-1)).toMatchObject({ type: 'tour', action: 'step', step: 2 })

      // The page's scroll puts the scrolling box above the viewport, and its target is scrolled out of the box.
      await push(p, 2)
      await shownFocused(p, 'Inner')
      await expect.poll(() => p.evaluate(() => {
        const b = document.querySelector('#box')!.getBoundingClientRect()
        const r = document.querySelector('#inner')!.getBoundingClientRect()
        return r.top >= b.top && r.bottom <= b.bottom && r.top >= 0 && r.bottom <= innerHeight
      })).toBe(true)
      await p.keyboard.press('Escape')
      expect((await p.evaluate(() => (window as unknown as { mp: Mp }).mp.calls().record)).at(-1)).toMatchObject({ type: 'tour', action: 'dismissed' })
      await ui.check(p)
    })
  }

  // bb-r25: Back to a step without a target, or a tour started again on one, left the spotlight with the
  // last target's size and hidden: the page was not dimmed.
  it('dims the whole page on a step without a target after a step with one', async () => {
    const p = await ui.open({ hostCss, body }, { viewport: { width: 1280, height: 800 } })
    await mount(p, withTour(1))
    await shownFocused(p, 'Far')
    await push(p, 0)
    await p.waitForFunction(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('[data-tour]')?.textContent?.includes('Welcome'))
    // From the last target's box to the whole page (its transition).
    await expect.poll(() => p.evaluate(() => {
      const sp = document.querySelector('milepost-ui')!.shadowRoot!.querySelector<HTMLElement>('.sp')!
      const r = sp.getBoundingClientRect()
      return { cls: sp.className, visibility: getComputedStyle(sp).visibility, width: Math.round(r.width), height: Math.round(r.height) }
    })).toEqual({ cls: 'sp sa', visibility: 'visible', width: 1280, height: 800 })
  })

  it('leaves the page where it is when the target is in view', async () => {
    const p = await ui.open({ hostCss, body }, { viewport: { width: 1280, height: 800 } })
    await p.evaluate(() => scrollTo(0, 2000))
    await mount(p, withTour(1))
    await shownFocused(p, 'Far')
    expect(await p.evaluate(() => scrollY)).toBe(2000)
    await ui.check(p)
  })
})

describe('the corner stack during a tour', () => {
  it('steps aside while a step is on screen, and comes back while a step waits for its target and when the tour ends', async () => {
    const p = await ui.open({ hostCss, body }, { viewport: { width: 1280, height: 800 } })
    await mount(p, withTour(null))
    await frames(p)
    const lc = (await box(p, '.lc'))!
    const nc = (await box(p, '.nc'))!
    const top = (x: number, y: number) => p.evaluate(([a, b]) => document.elementFromPoint(a!, b!)?.localName, [x, y])
    expect(await top(lc.x + lc.width / 2, lc.y + lc.height / 2)).toBe('milepost-ui')
    await push(p, 0) // centred
    await shownFocused(p, 'The tour')
    expect(await stack(p)).toBe('hidden')
    expect(await top(lc.x + lc.width / 2, lc.y + lc.height / 2)).not.toBe('milepost-ui')
    expect(await top(nc.x + nc.width / 2, nc.y + nc.height / 2)).not.toBe('milepost-ui')
    await push(p, 1) // next to its target
    await shownFocused(p, 'Far')
    expect(await stack(p)).toBe('hidden')
    await push(p, 3) // waits for a target on another page
    await p.waitForFunction(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.st')!).visibility == 'visible')
    expect((await dialog(p))!.visible).toBe(false)
    await push(p, 1)
    await shownFocused(p, 'Far')
    expect(await stack(p)).toBe('hidden')
    await push(p, null)
    await frames(p)
    expect(await stack(p)).toBe('visible')
    expect(await top(lc.x + lc.width / 2, lc.y + lc.height / 2)).toBe('milepost-ui')
    await ui.check(p)
  })
})

describe('a tour step whose target is on the page but not shown', () => {
  const menuTour: Tour = {
    id: 'm', title: 'Menus', spotlight: true, steps: [
      { target: '.save', title: 'Save', text: 'On screen.' },
      { target: '.new', title: 'New', text: 'In the menu.' },
      { target: '.more', title: 'More', text: 'In the drawer.' },
    ],
  }
  const step = (n: number) => aState({ tour: { id: 'm', tour: menuTour, status: 'active', step: n, steps: 3, doneAt: null, seq: n + 1 } as TourState })
  const pushStep = (p: Page, n: number) => p.evaluate((s) => (window as unknown as { mp: Mp }).mp.push(s), JSON.parse(JSON.stringify(step(n))))
  // A phone bar's hidden `.save` comes before the desktop one; a closed menu (display: none) holds the only `.new`.
  const menuBody = '<div style="display:none"><button class="save" type="button">+</button></div><button class="save" type="button" style="margin:200px">Save</button>' +
    '<nav id="menu" style="display:none"><button class="new" type="button">New</button></nav>' +
    '<nav id="drawer" style="visibility:hidden"><button class="more" type="button">More</button></nav>'

  it('shows at the copy on screen when a hidden copy comes first; a target in a closed menu waits with the corner stack back, and shows once the menu opens', async () => {
    const p = await ui.open({ body: menuBody }, { viewport: { width: 1280, height: 800 } })
    await mount(p, step(0))
    await shownFocused(p, 'Save')
    expect(await stack(p)).toBe('hidden')
    const [tip, save] = [(await box(p, '[data-tour]'))!, await p.evaluate(() => document.querySelectorAll('.save')[1]!.getBoundingClientRect().bottom)]
    expect(Math.abs(tip.y - (save + 10))).toBeLessThanOrEqual(2)
    // Next: nothing of this step can be on screen, so the launcher is back (the user is not left with nothing).
    await pushStep(p, 1)
    await frames(p, 5)
    expect(await stack(p)).toBe('visible')
    expect((await dialog(p))!.visible).toBe(false)
    await p.evaluate(() => (document.querySelector<HTMLElement>('#menu')!.style.display = 'block'))
    await shownFocused(p, 'New')
    expect(await stack(p)).toBe('hidden')
    // A drawer closed with visibility: hidden keeps its box: the step waits all the same.
    await pushStep(p, 2)
    await frames(p, 5)
    expect(await stack(p)).toBe('visible')
    expect((await dialog(p))!.visible).toBe(false)
    await p.evaluate(() => (document.querySelector<HTMLElement>('#drawer')!.className = 'open'))
    await p.evaluate(() => (document.querySelector<HTMLElement>('#drawer')!.style.visibility = 'visible'))
    await shownFocused(p, 'More')
    await ui.check(p)
  })
})

describe('focus while a tour step waits', () => {
  it('leaves the hidden dialog for where it came into the widget from (Back to a page without the target), and comes back when the target does (Forward)', async () => {
    const p = await ui.open({ body: '<button id="from" type="button">Settings</button><section id="view"><button id="far" type="button">Far</button></section>' }, { viewport: { width: 1280, height: 800 } })
    await p.focus('#from')
    await mount(p, withTour(1))
    await shownFocused(p, 'Far')
    const active = () => p.evaluate(() => document.activeElement?.id || document.activeElement?.localName)
    // Back: the app's router takes the page (and the target) away.
    await p.evaluate(() => {
      const view = document.querySelector('#view')!
      ;(window as unknown as { __page: Node[] }).__page = [...view.childNodes]
      view.replaceChildren()
    })
    await p.waitForFunction(() => document.activeElement?.id === 'from', null, { timeout: 3000 })
    expect(await active()).toBe('from')
    // Forward: the target is back, and so is focus, in the dialog (the arrow keys work again).
    await p.evaluate(() => document.querySelector('#view')!.replaceChildren(...(window as unknown as { __page: Node[] }).__page))
    await shownFocused(p, 'Far')
    await ui.check(p)
  })
})

describe('the corner offsets', () => {
  const offsets = 'milepost-ui{--mp-offset-x:24px;--mp-offset-y:72px}'
  for (const [corner, dir] of [['bottom-right', 'ltr'], ['bottom-left', 'rtl']] as const) {
    it(`--mp-offset-x / -y move the stack off the ${corner} corner (${dir}), on a phone too`, async () => {
      for (const width of [1280, 375]) {
        const p = await ui.open({ hostCss: offsets, dir }, { viewport: { width, height: width == 375 ? 667 : 800 } })
        await mount(p, aState(), { position: corner })
        await frames(p)
        const lc = (await box(p, '.lc'))!
        expect(lc.y + lc.height).toBe((width == 375 ? 667 : 800) - 72)
        if (corner == 'bottom-right') expect(lc.x + lc.width).toBe(width - 24)
        else expect(lc.x).toBe(24)
        await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector<HTMLElement>('.lc')!.click())
        await frames(p)
        const pn = (await box(p, '.pn'))!
        // The panel keeps the offset from its corner's edge and 16 px from the other edge.
        if (corner == 'bottom-right') expect(pn.x + pn.width).toBe(width - 24)
        else expect(pn.x).toBe(24)
        expect(pn.x).toBeGreaterThanOrEqual(16)
        expect(pn.x + pn.width).toBeLessThanOrEqual(width - 16)
        expect(pn.y + pn.height).toBeLessThanOrEqual(lc.y)
        expect(pn.y).toBeGreaterThanOrEqual(16)
        await ui.check(p)
        await p.context().close()
      }
    })
  }

  it('defaults to 16 px, and a theme object sets them', async () => {
    const p = await ui.open({}, { viewport: { width: 1280, height: 800 } })
    await mount(p, aState())
    await frames(p)
    let lc = (await box(p, '.lc'))!
    expect([lc.x + lc.width, lc.y + lc.height]).toEqual([1280 - 16, 800 - 16])
    await mount(p, aState(), { theme: { 'offset-x': '40px', 'offset-y': '90px' } })
    await frames(p)
    lc = (await box(p, '.lc'))!
    expect([lc.x + lc.width, lc.y + lc.height]).toEqual([1280 - 40, 800 - 90])
    await ui.check(p)
  })
})

describe('a step tooltip whose target the page covers', () => {
  const withTip = aState({
    next: { milestone: 'm1', step: 's1' },
    milestones: [aMilestoneState({ id: 'm1', steps: [aStepState({ step: aStep({ id: 's1', title: 'Pick', tooltip: { target: '#t', text: 'Here' } }) })] })],
  })
  const css = '#hd{position:fixed;top:0;left:0;right:0;height:80px;background:#333;z-index:10}' +
    '#t{position:absolute;left:300px;top:300px}#end{position:absolute;top:3000px;width:1px;height:1px}' +
    '.bk{position:fixed;inset:0;background:#0008;z-index:20}'
  const tip = (p: Page) => p.evaluate(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.tp')!).visibility)

  it('hides under a fixed header and a modal backdrop, and comes back when uncovered', async () => {
    const p = await ui.open({ hostCss: css, body: '<div id="hd">Header</div><button id="t" type="button">Target</button><i id="end"></i>' }, { viewport: { width: 1280, height: 800 } })
    await mount(p, withTip)
    await p.waitForFunction(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.tp')!).visibility == 'visible')
    // Scrolled under the header (still in the viewport).
    await p.evaluate(() => scrollTo(0, 270))
    await frames(p, 3)
    expect(await p.evaluate(() => document.querySelector('#t')!.getBoundingClientRect().top)).toBe(30)
    expect(await tip(p)).toBe('hidden')
    await p.evaluate(() => scrollTo(0, 0))
    await frames(p, 3)
    expect(await tip(p)).toBe('visible')
    // A host modal opens over the page.
    await p.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { className: 'bk' })))
    await frames(p, 3)
    expect(await tip(p)).toBe('hidden')
    await p.evaluate(() => document.querySelector('.bk')!.remove())
    await frames(p, 3)
    expect(await tip(p)).toBe('visible')
    // One already in the page, shown by its `hidden` attribute.
    await p.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { className: 'bk', hidden: true })))
    await frames(p, 3)
    expect(await tip(p)).toBe('visible')
    await p.evaluate(() => void (document.querySelector<HTMLElement>('.bk')!.hidden = false))
    await frames(p, 3)
    expect(await tip(p)).toBe('hidden')
    await p.evaluate(() => void (document.querySelector<HTMLElement>('.bk')!.hidden = true))
    await frames(p, 3)
    expect(await tip(p)).toBe('visible')
    await ui.check(p)
  })
})

// bb-r25: a tour step stayed on screen while the page's modal covered its target, its spotlight cut
// through the modal's form; ui.md promises tour steps wait as tooltips do.
describe('a tour step whose target the page covers', () => {
  const css = '#t{position:absolute;left:300px;top:300px}.bk{position:fixed;inset:0;background:#0008;z-index:20}'
  const coverTour: Tour = { id: 't', title: 'T', spotlight: true, steps: [{ target: '#t', title: 'Target', text: 'Here.' }] }
  const withCoverTour = aState({ tour: { id: 't', tour: coverTour, status: 'active', step: 0, steps: 1, doneAt: null, seq: 1 } as TourState })
  const step = (p: Page) => p.evaluate(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('[data-tour]')!).visibility)

  it('hides with its spotlight under a modal backdrop, and comes back when uncovered', async () => {
    const p = await ui.open({ hostCss: css, body: '<button id="t" type="button">Target</button>' }, { viewport: { width: 1280, height: 800 } })
    await mount(p, withCoverTour)
    await shownFocused(p, 'Target')
    await p.evaluate(() => document.body.append(Object.assign(document.createElement('div'), { className: 'bk' })))
    await frames(p, 3)
    expect(await step(p)).toBe('hidden')
    // The spotlight fades out (its transition), then is gone.
    await expect.poll(() => p.evaluate(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.sp')!).visibility)).toBe('hidden')
    await p.evaluate(() => document.querySelector('.bk')!.remove())
    await frames(p, 3)
    expect(await step(p)).toBe('visible')
    await ui.check(p)
  })
})
