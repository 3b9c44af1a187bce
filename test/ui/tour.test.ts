// @vitest-environment happy-dom
// What the tour dialog shows and records; placement, spotlight, focus and axe are tested in
// Chromium (test/browser/tours.test.ts).
import { describe, expect, it } from 'vitest'
import { aJourney, aMilestone, aStep, type LooseEvent } from '../builders'
import type { Journey } from '../../src/core/types'
import { button, click, mountJourney, openPanel, q, text } from './dom'

const journey: Journey = aJourney({
  milestones: [aMilestone({ id: 'm1', steps: [aStep({
    id: 's1', title: 'Take the tour', completeWhen: { tour: 't' }, cta: { label: 'Show me', tour: 't' },
    tooltip: { target: '#reports', text: 'A step tooltip' },
  })] })],
  tours: [{ id: 't', title: 'The tour', steps: [
    { text: 'Welcome' },
    { target: '#reports', title: 'Reports', text: 'Click Reports', advanceOn: { click: '#reports' } },
    { text: 'Bye' },
  ] }],
})
const at = (step: number, seq = step): LooseEvent[] => [{ type: 'tour', tourId: 't', action: step ? 'step' : 'started', step, seq } as LooseEvent]
const mountAt = (events: LooseEvent[] = []) => mountJourney({ journey, events })

describe('tour dialog', () => {
  it('a step button with "tour" starts it', () => {
    const ui = mountAt()
    openPanel()
    click(button('Show me'))
    expect(ui.calls.record).toContainEqual({ type: 'tour', tourId: 't', action: 'started' })
  })

  it('shows the step centred without a target: title, text, "1 of 3", Next and close; no step tooltip meanwhile', () => {
    mountAt(at(0))
    const d = q('[role=dialog][data-tour]')!
    expect(d.className).toBe('tp tr tc')
    expect(text(d)).toBe('The tourWelcome1 of 3Next×')
    expect(q('#mp-tt')!.textContent).toBe('The tour')
    expect(d.getAttribute('aria-labelledby')).toBe('mp-tt')
    expect(q('.tp:not(.tr)')).toBeNull()
  })

  it('records Next, Back and close as moves of the tour', () => {
    const ui = mountAt(at(2))
    click(button('Back'))
    click(button('Done'))
    click(button('Close tour'))
    expect(ui.calls.record).toEqual([
      { type: 'tour', tourId: 't', action: 'step', step: 1 },
      { type: 'tour', tourId: 't', action: 'step', step: 3 },
      { type: 'tour', tourId: 't', action: 'dismissed' },
    ])
  })

  it('has no Next on a step that waits for the user, and keys move it: → ← and Esc', () => {
    const ui = mountAt(at(1))
    const d = q('[data-tour]')!
    expect(text(d)).toBe('ReportsClick Reports2 of 3Back×')
    for (const key of ['ArrowRight', 'ArrowLeft', 'Escape']) d.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }))
    // → does nothing while the step waits; ← goes back; Esc closes.
    expect(ui.calls.record).toEqual([
      { type: 'tour', tourId: 't', action: 'step', step: 0 },
      { type: 'tour', tourId: 't', action: 'dismissed' },
    ])
  })

  it('is gone once the tour is done, and the step tooltip is back for the next step', () => {
    mountAt([...at(0), { type: 'tour', tourId: 't', action: 'dismissed', step: 0, seq: 1 } as LooseEvent])
    expect(q('[data-tour]')).toBeNull()
    expect(text(q('.tp p'))).toBe('A step tooltip')
  })
})
