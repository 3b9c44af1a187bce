// Tooltips on desktop and phone, light and dark: 8 px inside the viewport whatever the placement
// asked for, drawn above the open panel, waiting while the panel covers their target, and a named
// dialog. Screenshots go to .tmp/screens/.
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Placement } from '../../src/core/types'
import { aStep } from '../builders'
import { aMilestoneState, aState, aStepState } from '../ui/states'
import { box, frames, mount, SCREENS, startUi, type Mp, type UiHarness } from './ui-harness'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const withTip = (target: string, placement: Placement) => aState({
  next: { milestone: 'm1', step: 's1' },
  milestones: [aMilestoneState({ id: 'm1', title: 'Data connected', steps: [aStepState({ step: aStep({
    id: 's1', title: 'Connect a source', tooltip: { target, text: 'Pick your database or a CSV file to start', placement },
  }) })] })],
})

// #edge: at the right edge (like the demo's #add-source at 375 px); #under: where the open panel is;
// #beside: just left of where the open panel is on a desktop.
const hostCss = '#edge{position:absolute;right:12px;top:120px;width:140px;height:36px}' +
  '#under{position:fixed;right:60px;bottom:150px;width:120px;height:32px}' +
  '#beside{position:fixed;right:400px;top:300px;width:100px;height:32px}'
const body = '<button id="edge" type="button">Add source</button><button id="under" type="button">Reports</button>' +
  '<button id="beside" type="button">Beside</button>'
const visibility = (p: Page) =>
  p.evaluate(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.tp')!).visibility)

const sizes = {
  desktop: { viewport: { width: 1280, height: 800 } },
  phone: { viewport: { width: 375, height: 667 }, isMobile: true, hasTouch: true },
}
const cases: Array<[string, Placement]> = [['#edge', 'right'], ['#edge', 'bottom'], ['#under', 'left'], ['#under', 'top']]

/** Whether the topmost element at the tooltip's centre belongs to the tooltip. */
const onTop = (p: Page) => p.evaluate(() => {
  const root = document.querySelector('milepost-ui')!.shadowRoot!
  const tp = root.querySelector('.tp')!
  const r = tp.getBoundingClientRect()
  return tp.contains(root.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2))
})

for (const [name, size] of Object.entries(sizes)) {
  for (const scheme of ['light', 'dark'] as const) {
    describe(`tooltip fit, ${name}, ${scheme}`, () => {
      for (const [target, placement] of cases) {
        it(`${target} ${placement}: 8 px inside the viewport, on top`, async () => {
          const p = await ui.open({ hostCss, body }, { ...size, colorScheme: scheme })
          await mount(p, withTip(target, placement))
          await frames(p, 4)
          const tip = (await box(p, '.tp'))!
          const { width, height } = size.viewport
          expect([tip.x >= 8 - 0.5, tip.y >= 8 - 0.5, tip.x + tip.width <= width - 8 + 0.5, tip.y + tip.height <= height - 8 + 0.5])
            .toEqual([true, true, true, true])
          expect(await visibility(p)).toBe('visible')
          expect(await onTop(p)).toBe(true)
          if (placement === 'right') await p.screenshot({ path: join(SCREENS, `ui-tip-${name}-${scheme}.png`) })
          await ui.check(p)
        })
      }
    })
  }
}

describe('tooltip and the open panel', () => {
  const open = (p: Page) => p.evaluate(() => (window as unknown as { mp: Mp }).mp.fire('open'))
  it('is drawn above the open panel when it reaches over it (desktop)', async () => {
    const p = await ui.open({ hostCss, body }, { viewport: { width: 1280, height: 800 } })
    await mount(p, withTip('#beside', 'right'))
    await open(p)
    await frames(p, 4)
    const [tip, panel] = [(await box(p, '.tp'))!, (await box(p, '.pn'))!]
    expect(tip.x + tip.width).toBeGreaterThan(panel.x) // it overlaps the panel…
    expect(await visibility(p)).toBe('visible')
    expect(await onTop(p)).toBe(true) // …and is on top of it
    await ui.check(p)
  })

  for (const [name, size] of Object.entries(sizes)) {
    it(`waits while the open panel covers its target, and comes back when it closes (${name})`, async () => {
      const p = await ui.open({ hostCss, body }, size)
      await mount(p, withTip('#under', 'top'))
      await frames(p, 4)
      expect(await visibility(p)).toBe('visible')
      await open(p)
      await frames(p, 4)
      expect(await visibility(p)).toBe('hidden')
      await p.evaluate(() => (window as unknown as { mp: Mp }).mp.fire('close'))
      await frames(p, 4)
      expect(await visibility(p)).toBe('visible')
      await ui.check(p)
    })
  }
})

describe('tooltip as a dialog', () => {
  it('is a dialog named by its step and described by its text', async () => {
    const p = await ui.open({ hostCss, body })
    await mount(p, withTip('#edge', 'bottom'))
    await frames(p, 3)
    const named = await p.evaluate(() => {
      const root = document.querySelector('milepost-ui')!.shadowRoot!
      const tp = root.querySelector('[role=dialog].tp')!
      return [root.getElementById(tp.getAttribute('aria-labelledby')!)?.textContent, root.getElementById(tp.getAttribute('aria-describedby')!)?.textContent]
    })
    expect(named).toEqual(['Connect a source', 'Pick your database or a CSV file to start'])
    await ui.check(p)
  })
})
