// Tooltip placement next to its target, hiding when the target goes, re-attaching when it returns,
// and every observer and listener stopped afterwards.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Placement } from '../../src/core/types'
import { aStep } from '../builders'
import { aMilestoneState, aState, aStepState } from '../ui/states'
import { addButton, box, countLive, frames, mount, startUi, type Box, type Mp, type UiHarness } from './ui-harness'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const withTip = (target: string, placement: Placement = 'bottom') => aState({
  next: { milestone: 'm1', step: 's1' },
  milestones: [aMilestoneState({ id: 'm1', steps: [aStepState({ step: aStep({ id: 's1', title: 'Pick a chart', tooltip: { target, text: 'Start a new report here', placement } }) })] })],
})
const target = (p: Page, selector: string): Promise<Box> => p.evaluate((s) => {
  const r = document.querySelector(s)!.getBoundingClientRect()
  return { x: r.x, y: r.y, width: r.width, height: r.height }
}, selector)
const visibility = (p: Page) => p.evaluate(() => {
  const el = document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.tp')
  return el ? getComputedStyle(el).visibility : 'absent'
})
const live = (p: Page) => p.evaluate(() => (window as unknown as { __live: Record<string, number> }).__live)

const hostCss = '#mid{position:absolute;left:400px;top:300px;width:120px;height:32px}' +
  '#low{position:absolute;left:400px;top:690px;height:24px}' +
  '#box{position:absolute;left:600px;top:80px;width:200px;height:120px;overflow:auto}#box i{display:block;height:400px}'
const body = '<button id="mid" type="button">Reports</button><button id="low" type="button">Low</button>' +
  '<div id="box"><i></i><button id="inner" type="button">Inner</button><i></i></div>'

describe('tooltip placement', () => {
  it('sits 10px below its target, centred on it, with its arrow pointing up', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#mid'))
    await frames(p)
    const [t, tip, arrow] = [await target(p, '#mid'), (await box(p, '.tp'))!, (await box(p, '.ar'))!]
    expect(await visibility(p)).toBe('visible')
    expect(Math.abs(tip.y - (t.y + t.height + 10))).toBeLessThanOrEqual(1)
    expect(Math.abs(tip.x + tip.width / 2 - (t.x + t.width / 2))).toBeLessThanOrEqual(1)
    expect(Math.abs(arrow.x + arrow.width / 2 - (t.x + t.width / 2))).toBeLessThanOrEqual(1)
    expect(arrow.y).toBeLessThan(tip.y)
    await ui.check(p)
  })

  it('sits to the right when asked', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#mid', 'right'))
    await frames(p)
    const [t, tip] = [await target(p, '#mid'), (await box(p, '.tp'))!]
    expect(Math.abs(tip.x - (t.x + t.width + 10))).toBeLessThanOrEqual(1)
    expect(Math.abs(tip.y + tip.height / 2 - (t.y + t.height / 2))).toBeLessThanOrEqual(1)
    await ui.check(p)
  })

  it('flips above a target with no room below', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#low'))
    await frames(p)
    const [t, tip] = [await target(p, '#low'), (await box(p, '.tp'))!]
    expect(Math.abs(tip.y + tip.height - (t.y - 10))).toBeLessThanOrEqual(1)
    await ui.check(p)
  })

  it('shifts to stay on screen next to a target at the edge', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#reports'))
    await frames(p)
    const tip = (await box(p, '.tp'))!
    expect(tip.x).toBeGreaterThanOrEqual(8 - 0.5)
    await ui.check(p)
  })

  it('waits for a target that is not there yet and attaches within a frame when it appears', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#late'))
    await frames(p)
    expect(await visibility(p)).toBe('hidden')
    await addButton(p, 'late')
    await frames(p, 3)
    expect(await visibility(p)).toBe('visible')
    const [t, tip] = [await target(p, '#late'), (await box(p, '.tp'))!]
    expect(Math.abs(tip.y - (t.y + t.height + 10))).toBeLessThanOrEqual(1)
    await ui.check(p)
  })

  it('points at the copy on screen when a hidden copy of its target comes first (a phone bar\'s, display: none; a closed menu\'s, visibility: hidden)', async () => {
    const p = await ui.open({ hostCss, body: '<div style="display:none"><button class="inv" type="button">+</button></div><nav style="visibility:hidden"><button class="inv" type="button">Invite</button></nav><button id="mid" class="inv" type="button">Invite</button>' })
    await mount(p, withTip('.inv'))
    await frames(p, 3)
    expect(await visibility(p)).toBe('visible')
    const [t, tip] = [await target(p, '#mid'), (await box(p, '.tp'))!]
    expect(Math.abs(tip.y - (t.y + t.height + 10))).toBeLessThanOrEqual(1)
    await ui.check(p)
  })
})

describe('tooltip lifecycle', () => {
  it('hides when its target is removed and re-attaches when it comes back', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#mid'))
    await frames(p)
    expect(await visibility(p)).toBe('visible')
    await p.evaluate(() => {
      const el = document.querySelector('#mid')!
      ;(window as unknown as { __mid: Element }).__mid = el
      el.remove()
    })
    await frames(p, 3)
    expect(await visibility(p)).toBe('hidden')
    await p.evaluate(() => document.querySelector('main')!.append((window as unknown as { __mid: Element }).__mid))
    await frames(p, 3)
    expect(await visibility(p)).toBe('visible')
    const [t, tip] = [await target(p, '#mid'), (await box(p, '.tp'))!]
    expect(Math.abs(tip.y - (t.y + t.height + 10))).toBeLessThanOrEqual(1)
    await ui.check(p)
  })

  it('follows its target into the <body> a Turbo Drive-style navigation swaps in, and the widget with it', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#mid'))
    await frames(p)
    expect(await visibility(p)).toBe('visible')
    // The next page's <body>, whose target the app renders a moment later, elsewhere.
    await p.evaluate(() => {
      const next = document.createElement('body')
      next.innerHTML = '<main></main>'
      document.body.replaceWith(next)
    })
    await frames(p, 3)
    expect(await p.evaluate(() => document.querySelector('milepost-ui')?.parentElement === document.body)).toBe(true)
    expect(await visibility(p)).toBe('hidden')
    await p.evaluate(() => {
      document.querySelector('main')!.innerHTML = '<button id="mid" type="button" style="position:absolute;left:100px;top:200px">Reports</button>'
    })
    await frames(p, 3)
    expect(await visibility(p)).toBe('visible')
    const [t, tip] = [await target(p, '#mid'), (await box(p, '.tp'))!]
    expect(Math.abs(tip.y - (t.y + t.height + 10))).toBeLessThanOrEqual(1)
    // And on the page after that: the target removed from the new <body> hides it.
    await p.evaluate(() => document.querySelector('#mid')!.remove())
    await frames(p, 3)
    expect(await visibility(p)).toBe('hidden')
    await ui.check(p)
  })

  it('hides when its target scrolls out of its scroll container, shows when scrolled back', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#inner'))
    await frames(p, 3)
    expect(await visibility(p)).toBe('hidden')
    await p.evaluate(() => { document.querySelector('#box')!.scrollTop = 380 })
    await frames(p, 3)
    expect(await visibility(p)).toBe('visible')
    const [t, tip] = [await target(p, '#inner'), (await box(p, '.tp'))!]
    expect(Math.abs(tip.y - (t.y + t.height + 10))).toBeLessThanOrEqual(1)
    await p.evaluate(() => { document.querySelector('#box')!.scrollTop = 0 })
    await frames(p, 3)
    expect(await visibility(p)).toBe('hidden')
    await ui.check(p)
  })

  it('hides when its target is hidden with display:none', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#mid'))
    await frames(p)
    await p.evaluate(() => { (document.querySelector('#mid') as HTMLElement).hidden = true })
    await frames(p, 3)
    expect(await visibility(p)).toBe('hidden')
    await ui.check(p)
  })

  it('stops every observer and listener when closed, and leaves none after unmount', async () => {
    const p = await ui.open({ hostCss, body, init: countLive })
    await mount(p, aState())
    await frames(p)
    const baseline = await live(p)
    for (let i = 0; i < 20; i++) {
      await mount(p, withTip('#mid'))
      await frames(p)
      await p.evaluate(() => (window as unknown as { mp: Mp }).mp.unmount())
    }
    await mount(p, withTip('#mid'))
    await frames(p)
    const following = await live(p)
    expect(following.MutationObserver).toBe(baseline.MutationObserver! + 1)
    expect(following.listeners).toBeGreaterThan(baseline.listeners!)
    await p.evaluate(() => (document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.tp .x') as HTMLElement).click())
    await frames(p)
    expect(await live(p)).toEqual(baseline)
    await p.evaluate(() => (window as unknown as { mp: Mp }).mp.unmount())
    expect(await live(p)).toEqual({ MutationObserver: 0, ResizeObserver: 0, IntersectionObserver: 0, listeners: baseline.listeners })
    await ui.check(p)
  })
})
