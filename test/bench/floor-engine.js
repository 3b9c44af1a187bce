// Floor 2 of the UI bench: the required libraries (floor.js) and Milepost's engine doing what a
// first visit cannot skip: validating the journey (bad input must be told with its JSON path) and
// evaluating it once. No runtime, storage documents, sessions, sync or components.
import { emptyProgress, evaluate, validateJourney } from '../../src/core/index'
import { startFloor } from './floor.js'

window.Floor = {
  start: (input) => {
    const { journey } = validateJourney(input)
    startFloor(() => {
      const [m] = evaluate(journey, emptyProgress('bench'), { now: Date.now() }).milestones
      return { done: m.resolvedSteps, total: m.requiredSteps, text: m.steps[0].step.tooltip?.text ?? '' }
    })
  },
}
