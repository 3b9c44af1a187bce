// Display conditions a careful audit tries (bb-r24, the accessibility run): a page zoomed to 400%
// (a 320×200 px viewport), a phone where the step's tooltip would land on the nudge card, and
// forced colours (Windows High Contrast), which drop shadows and backgrounds. Screenshots go to
// .tmp/screens/display-*.png.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fire, frames, mount, SCREENS, startUi, type UiHarness } from './ui-harness'
import { demoNudge, demoState } from './ui-scenario'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

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
      // A tour step's dialog, which takes focus as it shows (bb-r24: focused, it lost its edge).
      const step = root.querySelector('.r')!.appendChild(Object.assign(document.createElement('div'), { className: 'tp tr tc', tabIndex: -1 }))
      step.focus()
      const style = (s: string) => getComputedStyle(root.querySelector(s)!)
      return {
        tooltip: style('.tp').outlineStyle,
        launcher: style('.lc').borderTopStyle,
        button: style('.pn .bt').borderTopStyle,
        track: style('.br').borderTopStyle,
        spotlight: [style('.sp').outlineStyle, style('.sp').outlineWidth],
        focusedStep: [root.activeElement === step, style('.tr').outlineStyle],
      }
    })
    await p.screenshot({ path: join(SCREENS, 'display-forced-colours-open.png') })
    expect(drawn).toEqual({ tooltip: 'solid', launcher: 'solid', button: 'solid', track: 'solid', spotlight: ['solid', '3px'], focusedStep: [true, 'solid'] })
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

describe('a step\'s tooltip on a control inside the page\'s modal (bb-r24, a React app)', () => {
  /** Whether the tooltip is visible and the topmost element at its centre is the widget (not the page over it). */
  const onTop = (p: Page) => p.evaluate(() => {
    const host = document.querySelector('milepost-ui')!
    const tip = host.shadowRoot!.querySelector('.tp')!
    const r = tip.getBoundingClientRect()
    return getComputedStyle(tip).visibility === 'visible' && document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === host
  })

  it('stays above a CSS modal when the corner is put under it with --mp-z, as ui.md advises', async () => {
    const p = await ui.open({ hostCss: '.modal{position:fixed;inset:0;z-index:2000;background:#0006;display:grid;place-items:center}.modal>div{background:#fff;padding:40px}' },
      { viewport: { width: 1280, height: 800 } })
    await mount(p, demoState())
    await p.evaluate(() => {
      document.querySelector<HTMLElement>('milepost-ui')!.style.setProperty('--mp-z', '900')
      const modal = document.body.appendChild(Object.assign(document.createElement('div'), { className: 'modal' }))
      modal.appendChild(document.createElement('div')).append(document.getElementById('reports')!)
    })
    await frames(p, 4)
    await p.screenshot({ path: join(SCREENS, 'display-tooltip-in-css-modal.png') })
    expect(await onTop(p)).toBe(true)
    // The corner stays under the modal, as asked.
    expect(await p.evaluate(() => { const r = document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.lc')!.getBoundingClientRect(); return document.elementFromPoint(r.left + 10, r.top + 10)?.className })).toBe('modal')
    await ui.check(p)
  })

  it('on a phone, shows on a control in the page\'s sheet where a nudge card lies under the sheet, out of sight', async () => {
    const p = await ui.open({ hostCss: '.sheet{position:fixed;left:0;right:0;bottom:0;height:420px;z-index:1000;background:#fff;border-top:1px solid #999;padding:24px}' +
      '.sheet #reports{display:block;margin-top:130px}' },
      { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true })
    await mount(p, demoState({ nudges: [demoNudge()] }))
    await p.evaluate(() => {
      document.querySelector<HTMLElement>('milepost-ui')!.style.setProperty('--mp-z', '900')
      document.body.appendChild(Object.assign(document.createElement('div'), { className: 'sheet' })).append(document.getElementById('reports')!)
    })
    await frames(p, 4)
    await p.screenshot({ path: join(SCREENS, 'display-phone-tooltip-in-sheet-over-hidden-card.png') })
    expect(await box(p, '.nc')).not.toBeNull() // there, under the sheet
    expect(await onTop(p)).toBe(true)
    await ui.check(p)
  })

  it('waits while a native <dialog> is open with showModal() (the top layer makes the widget inert), and shows once it closes', async () => {
    const p = await ui.open({}, { viewport: { width: 1280, height: 800 } })
    await mount(p, demoState())
    await frames(p, 4)
    expect(await onTop(p)).toBe(true)
    // A dialog of something else: the control stays on the page, under the dialog's backdrop.
    await p.evaluate(() => {
      const other = document.body.appendChild(document.createElement('dialog'))
      other.textContent = 'Something else'
      other.showModal()
    })
    await frames(p, 4)
    expect(await box(p, '.tp')).toMatchObject({ visible: false })
    await p.evaluate(() => document.querySelector('dialog')!.remove())
    await frames(p, 4)
    expect(await onTop(p)).toBe(true)
    await p.evaluate(() => {
      const dialog = document.body.appendChild(document.createElement('dialog'))
      dialog.append(document.getElementById('reports')!)
      dialog.showModal()
    })
    await frames(p, 4)
    await p.screenshot({ path: join(SCREENS, 'display-tooltip-in-native-dialog.png') })
    expect(await box(p, '.tp')).toMatchObject({ visible: false })
    // Closed, the dialog hides its content: the control goes back to the page (as an app's would be there).
    await p.evaluate(() => {
      document.querySelector('dialog')!.close()
      document.querySelector('nav')!.prepend(document.getElementById('reports')!)
    })
    await frames(p, 4)
    expect(await onTop(p)).toBe(true)
    await ui.check(p)
  })
})

describe('a tooltip on a control just below the page\'s fixed header (bb-r24, a React app)', () => {
  it('keeps below the header: "top" flips to the target\'s other side instead of covering it', async () => {
    const p = await ui.open({
      hostCss: 'header{position:fixed;top:0;left:0;right:0;height:56px;background:#222;color:#fff;z-index:1000}' +
        '#reports{position:fixed;top:72px;left:200px}',
      body: '<header>Acme</header>',
    }, { viewport: { width: 1280, height: 800 } })
    const st = demoState()
    await mount(p, { ...st, milestones: st.milestones.map((m) => ({ ...m, steps: m.steps.map((s) => (s.step.tooltip
      ? { ...s, step: { ...s.step, tooltip: { ...s.step.tooltip, placement: 'top' as const } } } : s)) })) })
    await frames(p, 4)
    await p.screenshot({ path: join(SCREENS, 'display-tooltip-under-fixed-header.png') })
    const tip = (await box(p, '.tp'))!
    expect(tip.visible).toBe(true)
    expect(tip.top).toBeGreaterThanOrEqual(56)
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector<HTMLElement>('.tp')!.dataset.side)).toBe('bottom')
    // Without a header the same tooltip keeps its side.
    await p.evaluate(() => document.querySelector('header')!.remove())
    await p.evaluate(() => dispatchEvent(new Event('resize')))
    await frames(p, 4)
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector<HTMLElement>('.tp')!.dataset.side)).toBe('top')
    await ui.check(p)
  })
})

describe('a page that re-renders next to the tooltip\'s target many times a second (bb-r24, a busy dashboard)', () => {
  it('judges the tooltip again at each change without floating-ui measuring it again (its getComputedStyle reads)', async () => {
    const p = await ui.open({ body: '<section id="chart"></section>' }, { viewport: { width: 1280, height: 800 } })
    await mount(p, demoState())
    await frames(p, 6)
    // The tooltip is told in the live region 250 ms after it is placed: one draw of the widget, once
    // a page (ui.md), not one per change of the page. Counted from after it.
    await p.waitForTimeout(400)
    const reads = await p.evaluate(async () => {
      const real = window.getComputedStyle
      let n = 0
      window.getComputedStyle = (...a: Parameters<typeof real>) => (n++, real(...a))
      const chart = document.getElementById('chart')!
      for (let i = 0; i < 20; i++) {
        chart.replaceChildren(...Array.from({ length: 50 }, (_, k) => Object.assign(document.createElement('i'), { textContent: String(i * k) })))
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))
      }
      window.getComputedStyle = real
      return n
    })
    // floating-ui reads several styles per placement (the tooltip's size, its direction, offset
    // parents): 20 placements read well over 20. Judging where it is reads none.
    expect(reads).toBeLessThan(20)
    expect((await box(p, '.tp'))!.visible).toBe(true)
    await ui.check(p)
  })
})
