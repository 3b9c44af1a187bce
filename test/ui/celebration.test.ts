// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest'
import { aStep } from '../builders'
import { aMilestoneState, aState, aStepState } from './states'
import { button, click, mount, q, text } from './dom'
import { settle } from './fake-instance'

const state = aState({ milestones: [aMilestoneState({ id: 'm1', title: 'First report', steps: [aStepState({ step: aStep({ id: 's1', title: 'Pick a chart' }) })] })] })

describe('celebration', () => {
  it('appears when a milestone completes, with its title and a burst', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(text(q('.ch h2'))).toBe('Milestone reached!')
    expect(text(q('.ch'))).toContain('First report')
    expect(q('.ch .cf')!.getAttribute('aria-hidden')).toBe('true')
  })

  it('announces the milestone in the live region', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(q('[role=status]')!.textContent).toBe('Milestone reached: First report')
  })

  it('records the 1–5 answer as milestone:rated and closes', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    click(button('4 of 5'))
    expect(ui.calls.record).toEqual([{ type: 'track', name: 'milestone:rated', props: { milestoneId: 'm1', score: 4 } }])
    expect(q('.ch')).toBeNull()
    expect(q('[role=status]')!.textContent).toBe('Thanks for your feedback')
  })

  it('leaves the question out when rating is off', async () => {
    const ui = mount(state, { rate: false })
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    expect(q('.ch fieldset')).toBeNull()
  })

  it('closes with its close button or Escape, recording nothing', async () => {
    const ui = mount(state)
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    click(q('.ch .x'))
    expect(q('.ch')).toBeNull()
    ui.fire('milestone:completed', { milestoneId: 'm1' })
    await settle()
    q('.ch button')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }))
    expect(q('.ch')).toBeNull()
    expect(ui.calls.record).toEqual([])
  })
})

describe('live region', () => {
  it('announces each completed step by title', async () => {
    const ui = mount(state)
    const region = q('[role=status]')!
    expect(region.textContent).toBe('')
    ui.fire('step:completed', { stepId: 's1', milestoneId: 'm1' })
    await settle()
    expect(q('[role=status]')!.textContent).toBe('Done: Pick a chart')
  })
})
