import { conditionReader } from '../completion'
import type { Completion } from '../types'
import type { Hold, SignalContext } from './index'

/** Contextual content: a page visited, an element seen, a click or an event; holds since it first was. */
export const seen = (c: Completion, { progress, now }: SignalContext): Hold => {
  const t = conditionReader(progress)(c)
  return t === undefined || t > now ? null : { since: t }
}
