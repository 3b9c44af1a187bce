// @vitest-environment happy-dom
// Which tooltip is rendered and when; its placement is tested in Chromium (test/browser/ui-*.test.ts).
import { describe, expect, it } from 'vitest'
import { aNudge, aStep } from '../builders'
import type { Tooltip } from '../../src/core/types'
import { aMilestoneState, aNudgeState, aState, aStepState } from './states'
import { click, mount, q, text } from './dom'

const withNext = (tooltip: Tooltip | undefined, next = true) => aState({
  next: next ? { milestone: 'm1', step: 's1' } : null,
  milestones: [aMilestoneState({ id: 'm1', steps: [aStepState({ step: aStep({ id: 's1', ...(tooltip ? { tooltip } : {}) }) })] })],
})

/** A nudge that is a tooltip only, no card. */
const aTipNudge = () => {
  const { card: _, ...nudge } = aNudge({ id: 'due-soon', tooltip: { target: '#reports', text: 'One step left today' } })
  return aNudgeState({ nudge })
}

/** The anchor looks for its target in the next animation frame. */
const nextFrame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)))

describe('tooltip', () => {
  it('is rendered for the next step when it has one, hidden until positioned', () => {
    mount(withNext({ target: '#reports', text: 'Start here' }))
    expect(text(q('.tp p'))).toBe('Start here')
    expect(q('.tp')!.style.visibility).not.toBe('visible')
  })

  it('is not rendered when the next step has none, or there is no next step', () => {
    mount(withNext(undefined))
    expect(q('.tp')).toBeNull()
    document.body.replaceChildren()
    mount(withNext({ target: '#reports', text: 'Start here' }, false))
    expect(q('.tp')).toBeNull()
  })

  it('closes for this page with "Got it"', () => {
    mount(withNext({ target: '#reports', text: 'Start here' }))
    click(q('.tp .x'))
    expect(q('.tp')).toBeNull()
  })

  it('reports an invalid target selector once as an error and keeps working', async () => {
    const ui = mount(withNext({ target: 'div[', text: 'Broken' }))
    await nextFrame()
    ui.push(withNext({ target: 'div[', text: 'Broken' }))
    document.body.append(document.createElement('p'))
    await nextFrame()
    const errors = ui.calls.emit.filter(([name]) => name === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]![1]).toMatchObject({ kind: 'selector', message: 'invalid tooltip target "div["' })
    expect(q('.lc')).not.toBeNull()
  })

  it('shows a tooltip-only nudge over the next step\'s tooltip, records it shown, and dismisses it with "Got it"', async () => {
    const hint = aTipNudge()
    const state = { ...withNext({ target: '#reports', text: 'Start here' }), nudges: [hint] }
    const ui = mount(state)
    expect(text(q('.tp p'))).toBe('One step left today')
    expect(q('.nc')).toBeNull() // no card for it
    expect(ui.calls.record).toContainEqual({ type: 'nudge', nudgeId: 'due-soon', action: 'shown' })
    ui.push({ ...state, nudges: [{ ...hint, show: false }] }) // shown once: the engine stops offering new shows
    await Promise.resolve()
    expect(text(q('.tp p'))).toBe('One step left today')
    click(q('.tp .x'))
    expect(ui.calls.record.at(-1)).toEqual({ type: 'nudge', nudgeId: 'due-soon', action: 'dismissed' })
    expect(ui.calls.emit).toContainEqual(['nudge:dismissed', { nudgeId: 'due-soon' }])
    expect(text(q('.tp p'))).toBe('Start here') // the step's own tooltip comes back
  })

  it('takes a nudge tooltip away once its signal no longer holds', async () => {
    const hint = aTipNudge()
    const ui = mount({ ...withNext(undefined), nudges: [hint] })
    expect(text(q('.tp p'))).toBe('One step left today')
    ui.push(withNext(undefined))
    await Promise.resolve()
    expect(q('.tp')).toBeNull()
  })
})
