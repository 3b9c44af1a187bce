/**
 * Elects one tab per name with Web Locks: the tab holding the lock is the leader until it stops or
 * dies, then the lock passes to the next waiting tab. Without Web Locks every tab leads (syncing
 * twice is harmless: the server applies each event once). Returns whether this tab leads now, and
 * what stops it.
 */
export const electLeader = (name: string, onLead: () => void, locks: LockManager | undefined = globalThis.navigator?.locks) => {
  let leading = !locks
  let release = () => {}
  const abort = typeof AbortController == 'function' ? new AbortController() : undefined
  if (locks) {
    locks.request(name, abort ? { signal: abort.signal } : {}, () => {
      leading = true
      onLead()
      return new Promise<void>((resolve) => (release = resolve))
    }).catch(() => {
      // Aborted by stop() before the lock came: nothing to release.
    })
  }
  return {
    leads: () => leading,
    stop() {
      leading = false
      abort?.abort()
      release()
    },
  }
}
