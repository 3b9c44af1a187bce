import type { UiState } from './instance'

/**
 * Whether a state has something for the built-in UI to show: a journey with milestones for this
 * user that is not done yet, a nudge that may show, or a tour running (a done user's too: a tour of
 * a new feature). The script tag downloads the UI only then (or when the host calls `open()`), so
 * a user whose journey is done, who hid the checklist, or whose journey holds nothing for their
 * audience loads no preact, components or CSS until a tour starts or a nudge shows. Once mounted, the UI stays (a journey done on this page gets its
 * celebration and the ✓ launcher; one done before shows none). For a ready state (the caller checks:
 * one not ready shows nothing).
 */
export const showsSomething = (state: UiState): boolean =>
  !!state.tour || (state.milestones.length > 0 && ((!state.done && !state.dismissed) || state.nudges.some((n) => n.show)))
