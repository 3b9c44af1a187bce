import { mergeProgress } from '../core/merge'
import type { Progress } from '../core/index'
import { sameJson } from '../core/same'

/**
 * Whether the server's document has everything `local` has: the anti-entropy push's "nothing
 * missing", in one comparison. A later `lastSeen` alone does not count: the server clamps times
 * ahead of its own clock (a device whose clock runs fast), so sending it would change nothing
 * there, and the push would go again on every page; the server learns activity from the events.
 */
export const serverHasAll = (local: Progress, server: Progress): boolean => {
  const { lastSeen: _mine, ...merged } = mergeProgress(server, local)
  const { lastSeen: _theirs, ...theirs } = server
  return sameJson(merged, theirs)
}
