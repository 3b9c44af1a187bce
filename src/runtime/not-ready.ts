import { emptyProgress, evaluate } from '../core/index'
import type { JourneyState } from '../core/index'

/**
 * The engine's state of a journey not loaded (yet, or ever: outside a browser): the id and title of
 * `config`, no milestones, not done. A pure function of `config` and `now`,
 * so a server render and the browser's first render agree on it.
 */
export const notReadyState = (config: { id: string; title: string } | null | undefined, now: number): Omit<JourneyState, 'account'> => {
  const { id = '', title = '' } = config ?? {}
  return { ...evaluate({ version: 1, id, title, milestones: [] }, emptyProgress(''), { now }), percent: 0, done: false }
}
