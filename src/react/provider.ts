import { createContext, createElement, useEffect, useMemo, useRef, useState } from 'react'
import type { ReactElement, ReactNode } from 'react'
import { createMilepost } from '../milepost'
import type { Milepost, MilepostOptions } from '../runtime/api'
import { snapshotStore } from './snapshot'
import type { SnapshotStore } from './snapshot'

export interface MilepostProviderProps {
  // `| undefined`: under `exactOptionalPropertyTypes` a host passes a value that may not be there yet
  // (`milepost={mp}`, `mp` set in an effect) without a cast. `ReactNode` already includes it.
  /** Options for an instance the provider makes: started after mount, destroyed on unmount. Read once. */
  options?: MilepostOptions | undefined
  /**
   * Or an instance you made with `createMilepost()`; you start and destroy it. Wins over `options`.
   * One made later, in an effect: until it arrives the provider starts nothing.
   */
  milepost?: Milepost | undefined
  children?: ReactNode
}

/** What `useMilepost()` reads. */
export interface MilepostContextValue {
  milepost: Milepost
  store: SnapshotStore
}

export const MilepostContext = createContext<MilepostContextValue | null>(null)

let waiting: Milepost | undefined
/** What the idle instance records nothing of: said once, in the console (a child's effect ran before the host's). */
const RECORDS = ['identify', 'track', 'complete', 'skip', 'record', 'reset', 'startTour', 'preview'] as const
/**
 * What a provider with neither `options` nor (yet) `milepost` gives: the host makes its instance in an
 * effect, after the first render, and nothing may start before it (no init with no journey, no
 * anonymous user stored). Destroyed at once, so every call settles and starts nothing; inert, so
 * one serves every provider. A call that would record something warns once: a child's effect runs
 * before its parent's, so it reaches this instance, not the host's to come.
 */
const idle = (): Milepost => {
  if (waiting) return waiting
  const inert = createMilepost()
  inert.destroy()
  let told = false
  const wrap = (name: (typeof RECORDS)[number]) => (...args: unknown[]) => {
    if (!told) {
      told = true
      console.warn(`[milepost] ${name}() before MilepostProvider has an instance records nothing: make the instance with useState(() => createMilepost(…)), or call it from an effect that depends on useMilepost().milepost`)
    }
    return (inert[name] as (...a: unknown[]) => unknown)(...args)
  }
  return (waiting = Object.create(inert, Object.fromEntries(RECORDS.map((name) => [name, { value: wrap(name) }]))) as Milepost)
}

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
  // Only for `options`: without them it would start with none, beside the host's instance to come.
  const [own, setOwn] = useState(() => (milepost || !options ? null : createMilepost()))
  const [first] = useState(() => options ?? {})
  // The store below follows this: a host's instance arriving later gets its own, so consumers follow it.
  const instance = milepost ?? own ?? idle()
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
  // Options that arrive after the first render (a user fetched first) are not read: said once, not silent.
  const late = useRef(false)
  useEffect(() => {
    if (options && !own && !milepost && !late.current) {
      late.current = true
      console.warn('[milepost] MilepostProvider reads options once, at its first render: these came later and start nothing. Render the provider once they are known (a key, or a condition around it)')
    }
  }, [options, own, milepost])
  const value = useMemo(() => ({ milepost: instance, store }), [instance, store])
  return createElement(MilepostContext.Provider, { value }, children)
}
