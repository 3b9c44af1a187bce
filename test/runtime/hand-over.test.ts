// @vitest-environment happy-dom
// A page left while its save was under way (a click on a form's submit button that navigates at once)
// hands what it showed to the tab's next page (localStorage `pending`). A step the next page sees as
// it starts (the URL the form redirected to) finishes the milestone with the handed-over one: that
// page tells `milestone:completed` (and so celebrates it). bb-r25: the step was seen before the
// hand-over was merged, the merge finished the milestone, and no one told it.
import { describe, expect, it, vi } from 'vitest'
import { applyEvent, emptyProgress } from '../../src/core/index'
import { aJourney, aMilestone, aStep, T0 } from '../builders'
import { start } from './harness'

const journey = aJourney({
  milestones: [aMilestone({ id: 'setup', steps: [aStep({ id: 'create', completeWhen: { click: '#create' } }), aStep({ id: 'see', completeWhen: { url: '/projects*' } })] })],
})

describe('a hand-over from the tab\'s last page', () => {
  it('joins before the page\'s triggers start: a step seen here finishes the milestone with it, and that is told', async () => {
    const handed = applyEvent(emptyProgress('u1'), { id: 'e1', type: 'complete', stepId: 'create', at: T0 })
    localStorage.setItem(`milepost:${journey.id}|u1|pending`, JSON.stringify(handed))
    history.replaceState(null, '', '/projects?created=1')
    const told: string[] = []
    const mp = await start({ config: journey }, (mp) => void mp.on('milestone:completed', (e) => told.push(e.milestoneId)))
    await vi.waitFor(() => expect(mp.getState().milestones[0]!.steps.map((s) => [s.id, s.done])).toEqual([['create', true], ['see', true]]))
    await mp.flush()
    await vi.waitFor(() => expect(told).toEqual(['setup']))
  })
})
