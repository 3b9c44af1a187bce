import { useContext, useSyncExternalStore } from 'react'
import { createMilepost } from '../milepost'
import type { Milepost, MilepostState } from '../runtime/api'
import { MilepostContext } from './provider'
import type { MilepostContextValue } from './provider'
import { snapshotStore } from './snapshot'

let detached: MilepostContextValue | undefined

/** The idle stand-in for a component outside any provider: a host's mistake must not crash its page. */
const outside = (): MilepostContextValue => {
  if (detached) return detached
  const milepost = createMilepost()
  milepost.destroy() // idle: every method settles at once
  console.warn('[milepost] useMilepost() is used outside <MilepostProvider>: it gets an idle instance')
  return (detached = { milepost, store: snapshotStore(milepost, {}) })
}

/**
 * The provider's instance and its current state; the component renders again on each new state.
 * While server rendering, and until the instance is ready, `state.ready` is false.
 * @example
 * const { milepost, state } = useMilepost()
 * return <button onClick={() => milepost.track('report.created')}>{state.percent}% done</button>
 */
export const useMilepost = (): { milepost: Milepost; state: MilepostState } => {
  const { milepost, store } = useContext(MilepostContext) ?? outside()
  const state = useSyncExternalStore(store.subscribe, store.get, store.server)
  return { milepost, state }
}
