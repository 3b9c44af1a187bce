import type { ProgressEvent } from '../core/index'
import { MAX_BYTES } from '../protocol'

const bytes = (text: string): number => new TextEncoder().encode(text).length

export { byTime } from './order'

/**
 * The longest prefix of `events` (already in order) with at most `max` events whose body, the
 * `envelope` JSON with these events in it, stays within `MAX_BYTES` (under the 64 KB keepalive
 * quota). Always at least one event: one too large on its own is the server's to refuse (413).
 */
export const takeBatch = (events: readonly ProgressEvent[], max: number, envelope: string): ProgressEvent[] => {
  let size = bytes(envelope)
  const out: ProgressEvent[] = []
  for (const event of events) {
    size += bytes(JSON.stringify(event)) + 1
    if (out.length >= max || (out.length && size > MAX_BYTES)) break
    out.push(event)
  }
  return out
}
