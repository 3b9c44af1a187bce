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
  const touch = () => {
    const at = now()
    if (at - last > IDLE) {
      id = newId()
      onStart(id)
      last = at
      return save()
    }
    last = Math.max(last, at)
    return last - saved > MINUTE ? save() : Promise.resolve()
  }
  return {
    /** Continues the stored session when it is recent, else starts one. */
    async begin() {
      const [entry] = await store.read(key)
      const value = entry?.[0] === key ? entry[1] : undefined
      if (Array.isArray(value) && typeof value[0] === 'string' && typeof value[1] === 'number') {
        ;[id, last] = value as [string, number]
        saved = last
      }
      await touch()
    },
    /** Marks activity now: tracked actions and the page becoming visible. */
    touch,
  }
}
