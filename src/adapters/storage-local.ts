import type { KeyStore } from './storage'
import { stringify } from '../core/json'

const parse = (text: string | null): unknown => {
  if (text === null) return undefined
  try {
    return JSON.parse(text)
  } catch {
    return text // kept raw so the loader can set it aside
  }
}

/**
 * localStorage under `milepost:` keys only, so the host's own keys are never read or touched.
 * Every access may throw (cookies blocked, quota): the caller falls back.
 */
export const localStore = (ls: Storage = localStorage, ns = 'milepost:'): KeyStore => {
  void ls.length // throws now, not later, when storage is blocked
  return {
    kind: 'local',
    read: async (prefix) => {
      const out: Array<[string, unknown]> = []
      for (let i = 0; i < ls.length; i++) {
        const key = ls.key(i)
        if (key?.startsWith(ns + prefix)) out.push([key.slice(ns.length), parse(ls.getItem(key))])
      }
      return out
    },
    update: async (keys, fn) =>
      keys.map((key) => {
        const old = parse(ls.getItem(ns + key))
        const value = fn(key, old)
        if (value === undefined) ls.removeItem(ns + key)
        else ls.setItem(ns + key, stringify(value))
        return old
      }),
  }
}

/**
 * Sets one localStorage key at once: for what a page leaves the next one (a hint, or a document
 * while the page goes: no promise would outlive it). Blocked or full storage writes nothing.
 */
export const setLocal = (key: string, text: string, ls?: Storage): void => {
  try {
    ;(ls ?? localStorage).setItem(key, text)
  } catch {
    // Storage blocked or full: the next page does without it.
  }
}
