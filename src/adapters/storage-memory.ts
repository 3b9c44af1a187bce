import type { KeyStore } from './storage'

/** Keeps entries in this page only: the last resort, it never fails. */
export const memoryStore = (map = new Map<string, unknown>()): KeyStore => ({
  kind: 'memory',
  read: async (prefix) => [...map].filter(([key]) => key.startsWith(prefix)),
  update: async (keys, fn) =>
    keys.map((key) => {
      const old = map.get(key)
      const value = fn(key, old)
      if (value === undefined) map.delete(key)
      else map.set(key, value)
      return old
    }),
})
