// A component over useMilepost(), and the journey it starts with.
import { createElement } from 'react'
import { useMilepost } from '../../src/react'
import type { MilepostOptions } from '../../src/react'
import { aJourney, aMilestone, aStep, T0 } from '../builders'

export const options: MilepostOptions = {
  config: aJourney({ milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 's1', completeWhen: { event: 'report.created' } }), aStep({ id: 's2' })] })] }),
  user: { id: 'u1', traits: { signedUpAt: new Date(T0).toISOString() } },
  storage: 'memory',
}

/** Shows the state as text, and a button that tracks an event. */
export const Checklist = () => {
  const { milepost, state } = useMilepost()
  return createElement('section', null,
    createElement('p', null, state.ready ? `${state.percent}% of ${state.journeyId}` : `Loading ${state.journeyId} for ${state.user.id}`),
    createElement('button', { onClick: () => void milepost.track('report.created') }, 'Create report'))
}
