// Floor 1 of the UI bench: the required libraries alone (floor.js), a fixed state.
import { startFloor } from './floor.js'

window.Floor = { start: (journey) => startFloor(() => ({ done: 0, total: 1, text: journey.milestones[0].steps[0].tooltip.text })) }
