import { createContext, createElement, useEffect, useMemo, useRef, useState } from 'react'
import type { ReactElement, ReactNode } from 'react'
import { createMilepost } from '../milepost'
import type { Milepost, MilepostOptions } from '../runtime/api'
import { snapshotStore } from './snapshot'
import type { SnapshotStore } from './snapshot'

export interface MilepostProviderProps {
  /** Options for an instance the provider makes: started after mount, destroyed on unmount. Read once. */
  options?: MilepostOptions
  /** Or an instance you made with `createMilepost()`; you start and destroy it. Wins over `options`. */
  milepost?: Milepost
  children?: ReactNode
}

/** What `useMilepost()` reads. */
export interface MilepostContextValue {
  milepost: Milepost
  store: SnapshotStore
}

export const MilepostContext = createContext<MilepostContextValue | null>(null)

/**
 * Gives the components below it one Milepost instance (`useMilepost()`). Safe in server rendering:
 * there the instance stays idle and components render the not-ready state, as the browser's first
 * render does, so hydration matches.
 * @example
 * <MilepostProvider options={{ configUrl: '/onboarding.json', endpoint: '/api/milepost', user: { id } }}>
 *   <App />
 * </MilepostProvider>
 */
export const MilepostProvider = ({ options, milepost, children }: MilepostProviderProps): ReactElement => {
  // Rendering must not start anything: the instance is made without options and started in the effect.
  const [own, setOwn] = useState(() => (milepost ? null : createMilepost()))
  const [first] = useState(() => options ?? {})
  const instance = milepost ?? own!
  const store = useMemo(() => snapshotStore(instance, milepost ? instance.options : first), [instance, milepost, first])
  const mounted = useRef(0)
  /** The instance started, and the one destroyed (this provider's effects ran down, and stayed down). */
  const started = useRef<Milepost | null>(null)
  const ended = useRef<Milepost | null>(null)
  useEffect(() => {
    if (!own) return
    // Shown again after its effects ran down long enough to destroy the instance (an <Activity>
    // hidden, then visible): a new one, started by the effect of the render this asks for.
    if (ended.current === own) return void setOwn(createMilepost())
    mounted.current++
    // Once: StrictMode runs the effect twice, and a second init() with options warns.
    if (started.current !== own) void own.init(first)
    started.current = own
    return () => {
      mounted.current--
      // StrictMode unmounts and mounts again at once: destroy only if it stays unmounted.
      void Promise.resolve().then(() => mounted.current || (own.destroy(), (ended.current = own)))
    }
  }, [own, first])
  const value = useMemo(() => ({ milepost: instance, store }), [instance, store])
  return createElement(MilepostContext.Provider, { value }, children)
}
