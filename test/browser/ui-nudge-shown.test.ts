// A nudge counts as shown only once the user can see it: a card once rendered, a tooltip once
// placed next to a target on the page (not while the target is missing, hidden or scrolled away).
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Journey, Nudge, Tooltip } from '../../src/core/types'
import { aJourney, aMilestone, aNudge, aStep, dayAt, stateOf } from '../builders'
import { addButton, frames, mount, startUi, type Mp, type UiHarness } from './ui-harness'

let ui: UiHarness
beforeAll(async () => {
  ui = await startUi()
})
afterAll(() => ui?.close())

const NOW = dayAt(2) // the stalled signal of aNudge holds
const tipNudge = (target: string): Nudge => {
  const { card: _, ...nudge } = aNudge({ id: 'hint', tooltip: { target, text: 'One step left today' } })
  return nudge
}
const journey = (nudge: Nudge, tooltip?: Tooltip): Journey => aJourney({
  milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 's1', title: 'Pick a chart', ...(tooltip ? { tooltip } : {}) })] })],
  nudges: [nudge],
})
const at = (j: Journey) => stateOf(j, [], NOW)
const calls = (p: Page) => p.evaluate(() => (window as unknown as { mp: Mp }).mp.calls())
const shown = async (p: Page) => (await calls(p)).record.filter((r) => r.type === 'nudge' && r.action === 'shown')
const emitted = async (p: Page) => (await calls(p)).emit.filter(([name]) => name === 'nudge:shown')
const visibility = (p: Page) => p.evaluate(() => {
  const el = document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.tp')
  return el ? getComputedStyle(el).visibility : 'absent'
})
/** The live region's lines. */
const said = (p: Page) => p.evaluate(() => [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll('[role=log] p')].map((e) => e.textContent))
const body = '<div id="box" style="height:100px;overflow:auto"><i style="display:block;height:400px"></i><button id="inner" type="button">Inner</button></div>'

describe('a nudge counts as shown', () => {
  it('not while its tooltip target is missing; once the target arrives and the tooltip is placed', async () => {
    const p = await ui.open({ body })
    await mount(p, at(journey(tipNudge('#late'))))
    await frames(p, 4)
    expect(await visibility(p)).toBe('hidden')
    expect(await shown(p)).toEqual([])
    expect(await emitted(p)).toEqual([])
    await addButton(p, 'late')
    await frames(p, 4)
    expect(await visibility(p)).toBe('visible')
    expect(await shown(p)).toEqual([{ type: 'nudge', nudgeId: 'hint', action: 'shown' }])
    expect(await emitted(p)).toEqual([['nudge:shown', { nudgeId: 'hint' }]])
    await ui.check(p)
  })

  it('not while its target is scrolled out of view; once scrolled into view', async () => {
    const p = await ui.open({ body })
    await mount(p, at(journey(tipNudge('#inner'))))
    await frames(p, 4)
    expect(await shown(p)).toEqual([])
    await p.evaluate(() => { document.querySelector('#box')!.scrollTop = 380 })
    await frames(p, 4)
    expect(await shown(p)).toHaveLength(1)
    await ui.check(p)
  })

  it('once per appearance, however often the state changes or the tooltip moves', async () => {
    const p = await ui.open({ body })
    const state = at(journey(tipNudge('#reports')))
    await mount(p, state)
    await frames(p, 3)
    await p.evaluate((s) => (window as unknown as { mp: Mp }).mp.push(s), JSON.parse(JSON.stringify(state)))
    await p.setViewportSize({ width: 800, height: 600 })
    await frames(p, 3)
    expect(await shown(p)).toHaveLength(1)
    await ui.check(p)
  })

  it('when a nudge tooltip takes over a step tooltip already placed on the same target', async () => {
    const p = await ui.open({ body })
    const tip = { target: '#reports', text: 'Start here' }
    const { nudges: _, ...noNudge } = journey(tipNudge('#reports'), tip)
    await mount(p, at(noNudge))
    await frames(p, 3)
    expect(await visibility(p)).toBe('visible')
    await p.waitForTimeout(300)
    await p.evaluate((s) => (window as unknown as { mp: Mp }).mp.push(s), JSON.parse(JSON.stringify(at(journey(tipNudge('#reports'), tip)))))
    await frames(p, 3)
    expect(await shown(p)).toEqual([{ type: 'nudge', nudgeId: 'hint', action: 'shown' }])
    // Told in the live region too, after the step's tooltip it took over (bb-r32 a11y run).
    await p.waitForTimeout(300)
    expect(await said(p)).toEqual(['Pick a chart', 'Start here', 'One step left today'])
    await ui.check(p)
  })

  it('a card, once it is rendered', async () => {
    const p = await ui.open({ body })
    await mount(p, at(journey(aNudge({ id: 'card', card: { title: 'Stuck on your first report?' } }))))
    await frames(p, 2)
    expect(await shown(p)).toEqual([{ type: 'nudge', nudgeId: 'card', action: 'shown' }])
    await ui.check(p)
  })
})

// bb-r32 (screen reader): a tooltip came and went in silence; Tab from its control does not reach it.
describe('a tooltip is told in the live region', () => {

  it('once it is placed next to its target (title, then text), not while the target is missing, and once a page', async () => {
    const p = await ui.open({ body })
    const { nudges: _, ...j } = journey(tipNudge('#late'), { target: '#late', text: 'Choose a chart type here' })
    await mount(p, at(j))
    await frames(p, 4)
    expect(await said(p)).toEqual([])
    await addButton(p, 'late')
    await frames(p, 4)
    expect(await said(p)).toEqual([]) // told a moment after it is placed (after a step's "Done: …")
    await p.waitForTimeout(300)
    expect(await said(p)).toEqual(['Pick a chart', 'Choose a chart type here'])
    // Hidden and shown again (its target away and back): not told twice.
    await p.evaluate(() => document.querySelector('#late')!.remove())
    await frames(p, 3)
    await addButton(p, 'late')
    await frames(p, 4)
    await p.waitForTimeout(300)
    expect(await visibility(p)).toBe('visible')
    expect(await said(p)).toEqual(['Pick a chart', 'Choose a chart type here'])
    await ui.check(p)
  })

  // bb-r33 (own changes): the next step's tooltip was told before "Done: …" of the step that brought
  // it (the state comes first, the event once the change is saved), and then replaced by it.
  it('after the "Done: …" of the step before it, which comes once that step is saved', async () => {
    const p = await ui.open({ body })
    const two = aJourney({ milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 's1', title: 'Pick a chart' }), aStep({ id: 's2', title: 'Share it', tooltip: { target: '#reports', text: 'Share from here' } })] })] })
    await mount(p, stateOf(two, [], NOW))
    await frames(p, 2)
    await p.evaluate((s) => (window as unknown as { mp: Mp }).mp.push(s), JSON.parse(JSON.stringify(stateOf(two, [{ type: 'complete', stepId: 's1' }], NOW))))
    await p.waitForTimeout(30)
    await p.evaluate(() => (window as unknown as { mp: Mp }).mp.fire('step:completed', { stepId: 's1', milestoneId: 'm1' }))
    await p.waitForTimeout(350)
    expect(await said(p)).toEqual(['Done: Pick a chart', 'Share it', 'Share from here'])
    await ui.check(p)
  })
})
