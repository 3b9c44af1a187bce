import type { Progress } from './types'

/**
 * A new, empty progress document; `epoch` is the reset generation.
 * @example emptyProgress('u_123') // { v: 1, userId: 'u_123', epoch: 0, steps: {}, … }
 */
export const emptyProgress = (userId: string, epoch = 0): Progress => ({
  v: 1, userId, epoch, steps: {}, tracks: {}, urls: {}, clicks: {}, visible: {}, sessions: {}, nudges: {}, escalations: {},
})
