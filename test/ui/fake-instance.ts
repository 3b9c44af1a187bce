// A stand-in for a Milepost instance with exactly the shape mountUi uses, recording every call.
// Given a journey, it is backed by the core: what the UI records is folded in and the snapshot
// evaluated again, as the runtime does.
import type { Journey } from '../../src/core/types'
import type { UiEvent, UiInstance, UiInstanceOptions, UiState } from '../../src/ui/instance'
import { type LooseEvent, progressOf, stateOf } from '../builders'
import { NOW } from './states'

/** A journey and the events so far: the fake evaluates them at `now`. */
export interface Engine {
  journey: Journey
  events?: LooseEvent[]
  now?: number
}

export const fakeInstance = (first: UiState, options: UiInstanceOptions = {}, engine?: Engine) => {
  let state = first
  const subscribers = new Set<(s: UiState) => void>()
  const handlers = new Map<string, Set<(d: unknown) => void>>()
  const events = engine?.events ?? []
  const now = engine?.now ?? NOW
  const calls = {
    complete: [] as string[],
    skip: [] as string[],
    emit: [] as Array<[string, unknown]>,
    record: [] as UiEvent[],
  }
  const push = (next: UiState) => {
    state = next
    for (const fn of subscribers) fn(next)
  }
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
      if (engine) {
        events.push({ ...event, at: now } as never)
        push(stateOf(engine.journey, events, now))
      }
      return Promise.resolve()
    },
    // Backed by the core: the events so far (the UI's own, and any a test adds as another tab's).
    ...(engine ? { getProgress: () => progressOf(events) } : {}),
    options: { locale: 'en-GB', now: () => now, ...options },
  }
  return {
    instance,
    calls,
    /** Delivers a new snapshot, as the runtime does after each change. */
    push,
    /** Events from elsewhere (another tab, an earlier page's fallback), then the new snapshot, as the runtime merges them. */
    arrive(...more: LooseEvent[]) {
      if (!engine) throw new Error('arrive() needs an engine')
      events.push(...more)
      push(stateOf(engine.journey, events, now))
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
