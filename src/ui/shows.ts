import type { UiState } from './instance'

/**
 * Whether a state has something for the built-in UI to show: a journey with milestones for this
 * user that is not done yet, or a nudge that may show. The script tag downloads the UI only then
 * (or when the host calls `open()`), so a user whose journey is done or holds nothing for their
 * audience loads no preact, components or CSS. Once mounted, the UI stays (a journey done on this
 * page gets its celebration and the ✓ launcher).
 */
export const showsSomething = (state: UiState): boolean =>
  state.ready && state.milestones.length > 0 && (!state.done || state.nudges.some((n) => n.show))
