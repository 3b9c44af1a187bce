import { DAY } from '../limits'
import { from } from './hold'
import type { Hold, SignalContext } from './index'

/** Day `day` of the journey reached. */
export const day = ({ day }: { day: number }, c: SignalContext): Hold => from(c, c.start + day * DAY)
