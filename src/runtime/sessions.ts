import type { KeyStore } from '../adapters/storage'
import { newId } from '../adapters/ids'

const IDLE = 30 * 60_000
const MINUTE = 60_000

/**
 * Counts sessions: activity after 30 minutes idle starts a new one. The last activity is kept in
 * storage (`active` = [sessionId, lastActiveAt]) so reloads and other tabs continue the session
 * instead of inflating the count that `sessionsWithoutProgress` reads.
 */
export const createSessions = (store: KeyStore, key: string, now: () => number, onStart: (sessionId: string) => void) => {
  let id = ''
  let last = -Infinity
  let saved = -Infinity
  const save = () => {
    saved = last
    const mine = [id, last]
    return store.update([key], (_, old) => (Array.isArray(old) && Number(old[1]) > last ? old : mine))
  }
  const touch = (): Promise<unknown> => {
    const at = now()
    if (at - last <= IDLE) {
      last = Math.max(last, at)
      return last - saved > MINUTE ? save() : Promise.resolve()
    }
    // Idle, or no session yet: a new one, decided inside the storage transaction, so that tabs
    // opened together (a browser restoring them) continue the one the first of them started.
    let started = ''
    return store.update([key], (_, old) => {
      const stored = old as [string, number] | undefined
      id = stored?.[1]! >= at - IDLE ? stored![0] : (started = newId())
      return [id, (saved = last = at)]
    }).then(() => started == id && onStart(id))
  }
  return {
    /** Continues the stored session when it is recent (another tab's, an earlier page's), else starts one. */
    begin: touch,
    /** Marks activity now: tracked actions and the page becoming visible. */
    touch,
  }
}
