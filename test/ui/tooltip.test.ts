// @vitest-environment happy-dom
// Which tooltip is rendered and when; its placement is tested in Chromium (test/browser/ui-*.test.ts).
import { describe, expect, it, vi } from 'vitest'
import { aJourney, aMilestone, aNudge, aStep, dayAt, stateOf, type LooseEvent } from '../builders'
import type { Journey, Tooltip } from '../../src/core/types'
import { click, mountJourney, q, text } from './dom'

const NOW = dayAt(2)

/** A nudge that is a tooltip only, no card; its stalled signal holds on day 2. */
const tipNudge = () => {
  const { card: _, ...nudge } = aNudge({ id: 'due-soon', tooltip: { target: '#reports', text: 'One step left today' } })
  return nudge
}

/** One milestone whose first step has `tooltip`; a second milestone when `next` is false is all done. */
const journey = (tooltip: Tooltip | undefined, { nudge = false } = {}): Journey => aJourney({
  milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 's1', ...(tooltip ? { tooltip } : {}) })] })],
  ...(nudge ? { nudges: [tipNudge()] } : {}),
})
const mountAt = (j: Journey, events: LooseEvent[] = []) => mountJourney({ journey: j, events, now: NOW })

/** The anchor looks for its target in the next animation frame; floating-ui then resolves a promise. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

const shownRecords = (ui: ReturnType<typeof mountAt>) => ui.calls.record.filter((r) => r.type === 'nudge' && r.action === 'shown')

describe('tooltip', () => {
  it('is rendered for the next step when it has one, hidden until positioned', () => {
    mountAt(journey({ target: '#reports', text: 'Start here' }))
    expect(text(q('.tp p'))).toBe('Start here')
    expect(q('.tp')!.style.visibility).not.toBe('visible')
  })

  it('is not rendered when the next step has none, or there is no next step', () => {
    mountAt(journey(undefined))
    expect(q('.tp')).toBeNull()
    document.body.replaceChildren()
    mountAt(journey({ target: '#reports', text: 'Start here' }), [{ type: 'complete', stepId: 's1' }])
    expect(q('.tp')).toBeNull()
  })

  it('is a dialog named by the step title and described by its text', () => {
    mountAt(journey({ target: '#reports', text: 'Start here' }))
    const tp = q('.tp')!
    expect(tp.getAttribute('role')).toBe('dialog')
    expect(text(q(`#${tp.getAttribute('aria-labelledby')}`))).toBe('A step')
    expect(text(q(`#${tp.getAttribute('aria-describedby')}`))).toBe('Start here')
  })

  it('a tooltip-only nudge is named by its text', () => {
    mountAt(journey(undefined, { nudge: true }))
    const tp = q('.tp')!
    expect(text(q(`#${tp.getAttribute('aria-labelledby')}`))).toBe('One step left today')
    expect(tp.hasAttribute('aria-describedby')).toBe(false)
  })

  it('closes for this page with "Got it"', () => {
    mountAt(journey({ target: '#reports', text: 'Start here' }))
    click(q('.tp .x'))
    expect(q('.tp')).toBeNull()
  })

  it('reports an invalid target selector once as an error and keeps working', async () => {
    const ui = mountAt(journey({ target: 'div[', text: 'Broken' }))
    await nextFrame()
    ui.push(stateOf(journey({ target: 'div[', text: 'Broken' }), [], NOW))
    document.body.append(document.createElement('p'))
    await nextFrame()
    const errors = ui.calls.emit.filter(([name]) => name === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]![1]).toMatchObject({ kind: 'selector', message: 'invalid tooltip target "div["' })
    expect(q('.lc')).not.toBeNull()
  })

  it('shows a tooltip-only nudge over the next step\'s tooltip, and dismisses it with "Got it"', async () => {
    const j = journey({ target: '#reports', text: 'Start here' }, { nudge: true })
    const ui = mountAt(j)
    expect(text(q('.tp p'))).toBe('One step left today')
    expect(q('.nc')).toBeNull() // no card for it
    await nextFrame()
    click(q('.tp .x'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'due-soon', action: 'dismissed' })
    expect(ui.calls.emit).toContainEqual(['nudge:dismissed', { nudgeId: 'due-soon' }])
    await nextFrame()
    expect(text(q('.tp p'))).toBe('Start here') // the step's own tooltip comes back
  })

  // bb-r26: a drawer sliding off the target changes nothing in the DOM when its transition ends.
  // Judged again then: test/browser/ui-phone.test.ts. Here: listened for only while a tooltip is wanted.
  it('listens for transition and animation ends on the document while a tooltip is wanted, and stops after', async () => {
    const [add, remove] = [vi.spyOn(document, 'addEventListener'), vi.spyOn(document, 'removeEventListener')]
    /** Capture listeners on the document for the ends, added minus removed. */
    const live = () => ['transitionend', 'animationend'].map((type) => {
      const n = (spy: typeof add) => spy.mock.calls.filter(([t, , capture]) => t === type && capture === true).length
      return n(add) - n(remove)
    })
    try {
      const ui = mountAt(journey({ target: '#reports', text: 'Start here' }))
      await nextFrame()
      expect(live()).toEqual([1, 1])
      click(q('.tp .x')) // closed: no tooltip wanted
      await nextFrame()
      expect(live()).toEqual([0, 0])
      ui.unmount()
    } finally {
      add.mockRestore()
      remove.mockRestore()
    }
  })

  it('takes a nudge tooltip away once its signal no longer holds', async () => {
    const ui = mountAt(journey(undefined, { nudge: true }))
    expect(text(q('.tp p'))).toBe('One step left today')
    ui.push(stateOf(journey(undefined), [], NOW))
    await Promise.resolve()
    expect(q('.tp')).toBeNull()
  })
})

describe('a nudge tooltip counts as shown', () => {
  it('not while its target is missing from the page: nothing recorded, nothing emitted', async () => {
    const ui = mountAt(journey(undefined, { nudge: true }))
    await nextFrame()
    await nextFrame()
    expect(text(q('.tp p'))).toBe('One step left today') // rendered, but hidden: nothing to point at
    expect(q('.tp')!.style.visibility).not.toBe('visible')
    expect(shownRecords(ui)).toEqual([])
    expect(ui.calls.emit.filter(([n]) => n === 'nudge:shown')).toEqual([])
  })
  // Placed next to a target that is on the page: test/browser/ui-nudge-shown.test.ts (happy-dom has no layout).

  it('closes with Escape while focus is in it, focus moving on to its target (as after "Got it")', () => {
    document.body.innerHTML = '<button id="reports">Reports</button>'
    mountAt(journey({ target: '#reports', text: 'Start here' }))
    const got = q<HTMLButtonElement>('.tp .x')!
    got.focus()
    got.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    expect(q('.tp')).toBeNull()
    expect(document.activeElement?.id).toBe('reports')
  })
})
