import { emptyProgress, evaluate } from '../core/index'
import type { MilepostOptions, MilepostState } from './api'

/**
 * The snapshot of an instance that has no journey state (yet, or ever: outside a browser): the
 * engine's shape for a journey without milestones, not done. A pure function of the options and
 * `now`, so a server render and the browser's first render agree on it.
 */
export const notReadyState = (options: MilepostOptions = {}, now = 0, reason?: MilepostState['reason']): MilepostState => {
  const config = (options.config ?? {}) as { id?: unknown; title?: unknown }
  const id = typeof config.id == 'string' ? config.id : ''
  const title = typeof config.title == 'string' ? config.title : ''
  const user = options.user ?? {}
  const state = evaluate({ version: 1, id, title, milestones: [] }, emptyProgress(''), { now })
  return {
    ...state, percent: 0, done: false, ready: false, preview: false, persistence: 'memory',
    user: { id: typeof user.id == 'string' ? user.id : '', traits: { ...user.traits } },
    ...(reason ? { reason } : {}),
  }
}

