// A stand-in for a Milepost instance with exactly the shape mountUi uses, recording every call.
import type { Progress } from '../../src/core/types'
import type { UiEvent, UiInstance, UiInstanceOptions, UiState } from '../../src/ui/instance'
import { NOW } from './states'

export const emptyProgressDoc = (): Progress => ({
  v: 1, userId: 'u1', epoch: 0, steps: {}, tracks: {}, urls: {}, clicks: {}, visible: {}, sessions: {}, nudges: {}, escalations: {},
})

export const fakeInstance = (first: UiState, options: UiInstanceOptions = {}) => {
  let state = first
  const subscribers = new Set<(s: UiState) => void>()
  const handlers = new Map<string, Set<(d: unknown) => void>>()
  const progress = emptyProgressDoc()
  const calls = {
    complete: [] as string[],
    skip: [] as string[],
    emit: [] as Array<[string, unknown]>,
    record: [] as UiEvent[],
  }
  let seq = 0
  const instance: UiInstance = {
    subscribe(fn) {
      subscribers.add(fn)
      fn(state)
      return () => void subscribers.delete(fn)
    },
    complete: (id) => void calls.complete.push(id),
    skip: (id) => void calls.skip.push(id),
    on(name, fn) {
      const set = handlers.get(name) ?? new Set()
      handlers.set(name, set.add(fn))
      return () => void set.delete(fn)
    },
    emit: (name, detail) => void calls.emit.push([name, detail]),
    record(event) {
      calls.record.push(event)
      if (event.type === 'track') (progress.tracks[event.name] ??= []).push({ id: `e${++seq}`, at: NOW, ...(event.props ? { props: event.props } : {}) })
      return Promise.resolve()
    },
    getProgress: () => progress,
    options: { locale: 'en-GB', now: () => NOW, ...options },
  }
  return {
    instance,
    calls,
    progress,
    /** Delivers a new snapshot, as the runtime does after each change. */
    push(next: UiState) {
      state = next
      for (const fn of subscribers) fn(next)
    },
    /** Fires a lifecycle event (`open`, `milestone:completed`...). */
    fire(name: string, detail?: unknown) {
      for (const fn of handlers.get(name) ?? []) fn(detail)
    },
    /** Live subscriptions and listeners, to check that unmount removes them. */
    listeners: () => subscribers.size + [...handlers.values()].reduce((n, s) => n + s.size, 0),
  }
}

/** Lets queued renders (microtasks) and record() settlements run. */
export const settle = async () => {
  for (let i = 0; i < 3; i++) await Promise.resolve()
}
