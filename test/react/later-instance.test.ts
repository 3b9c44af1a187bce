// @vitest-environment happy-dom
// A host that makes its instance in an effect: the provider's `milepost` prop is undefined on the
// first render. The provider starts nothing of its own, then gives the host's instance once it arrives.
import 'fake-indexeddb/auto'
import { StrictMode, act, createElement, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { createMilepost } from '../../src/milepost'
import { MilepostProvider, useMilepost } from '../../src/react'
import type { Milepost, MilepostProviderProps } from '../../src/react'
import { Checklist, options } from './fixtures'

beforeAll(() => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
})

/** Every instance the host made, the last one live. */
let made: Milepost[] = []
/** The instance each render of the consumer got, the last one current. */
let seen: Milepost[] = []
const Grab = () => {
  seen.push(useMilepost().milepost)
  return createElement(Checklist)
}
/** The pattern as hosts write it: the instance made (and destroyed) in an effect, kept in state; `Child` below the provider. */
const Host = ({ Child = Grab }: { Child?: () => ReturnType<typeof Grab> | null }) => {
  const [mp, setMp] = useState<Milepost>()
  useEffect(() => {
    const m = createMilepost({ ...options, storage: 'local', user: { id: 'inst-user' } })
    made.push(m)
    setMp(m)
    return () => m.destroy()
  }, [])
  // `mp` is `Milepost | undefined`: typed props take it under exactOptionalPropertyTypes (no TS2375).
  const props: MilepostProviderProps = { milepost: mp }
  return createElement(MilepostProvider, props, createElement(Child))
}

describe('milepost/react with an instance the host makes in an effect', () => {
  let root: Root | undefined
  const container = () => document.body.appendChild(document.createElement('div'))
  afterEach(async () => {
    await act(async () => root?.unmount())
    root = undefined
    made = []
    seen = []
    localStorage.clear()
    vi.restoreAllMocks()
  })

  it('starts nothing before it arrives (no warning, no anonymous user stored), then gives it, and its states reach the component', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn')
    const error = vi.spyOn(console, 'error')
    const div = container()
    await act(async () => {
      root = createRoot(div)
      root.render(createElement(Host))
    })
    await vi.waitFor(() => expect(div.querySelector('p')!.textContent).toBe('0% of acme-onboarding'))
    expect(made).toHaveLength(1)
    expect(seen.at(-1)).toBe(made[0])
    // The store follows the host's instance: its new state renders the component again.
    await act(async () => div.querySelector('button')!.click())
    await vi.waitFor(() => expect(div.querySelector('p')!.textContent).toBe('50% of acme-onboarding'))
    await act(async () => made[0]!.complete('s2'))
    await vi.waitFor(() => expect(div.querySelector('p')!.textContent).toBe('100% of acme-onboarding'))
    expect(Object.keys(localStorage).filter((k) => k.includes('anon'))).toEqual([])
    expect(warn).not.toHaveBeenCalled() // no "invalid journey, nothing shown:\nconfig: expected a journey or a configUrl"
    expect(error).not.toHaveBeenCalled()
    // What the first render got (no `milepost` yet, no `options`) is not ready, and stays so.
    expect(seen[0]).not.toBe(made[0])
    expect(seen[0]!.getState().ready).toBe(false)
  })

  it('follows the instance that stays through StrictMode\'s double effects (the first one the host destroyed)', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn')
    const div = container()
    await act(async () => {
      root = createRoot(div)
      root.render(createElement(StrictMode, null, createElement(Host)))
    })
    await vi.waitFor(() => expect(div.querySelector('p')!.textContent).toBe('0% of acme-onboarding'))
    expect(made).toHaveLength(2)
    expect(seen.at(-1)).toBe(made[1])
    await act(async () => div.querySelector('button')!.click())
    await vi.waitFor(() => expect(div.querySelector('p')!.textContent).toBe('50% of acme-onboarding'))
    expect(warn).not.toHaveBeenCalled()
    expect(Object.keys(localStorage).filter((k) => k.includes('anon'))).toEqual([])
  })

  it('renders the not-ready state, without a crash, once the host\'s instance is gone again', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const m = createMilepost({ ...options, user: { id: 'inst-user' } })
    const app = (milepost: Milepost | undefined) => createElement(MilepostProvider, { milepost }, createElement(Grab))
    const div = container()
    await act(async () => {
      root = createRoot(div)
      root.render(app(m))
    })
    await vi.waitFor(() => expect(div.querySelector('p')!.textContent).toBe('0% of acme-onboarding'))
    m.destroy()
    await act(async () => root!.render(app(undefined)))
    expect(div.querySelector('p')!.textContent).toMatch(/^Loading/)
    expect(seen.at(-1)).not.toBe(m)
  })
  it('says once in the console that a call made before the instance arrives records nothing (a child\'s effect runs before its parent\'s)', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const Early = () => {
      const { milepost } = useMilepost()
      useEffect(() => {
        void milepost.track('a')
        void milepost.complete('s1')
      }, []) // eslint-disable-line react-hooks/exhaustive-deps -- the mistake this warns of
      return null
    }
    await act(async () => {
      root = createRoot(container())
      root.render(createElement(Host, { Child: Early }))
    })
    const said = warn.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('before MilepostProvider has an instance'))
    expect(said).toHaveLength(1)
    expect(said[0]).toContain('track()')
  })

  it('says once that options given after the first render start nothing (they are read once)', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const app = (o: typeof options | undefined) => createElement(MilepostProvider, { options: o }, createElement(Grab))
    await act(async () => {
      root = createRoot(container())
      root.render(app(undefined))
    })
    expect(warn).not.toHaveBeenCalled()
    await act(async () => root!.render(app({ ...options, storage: 'local' })))
    await act(async () => root!.render(app({ ...options, storage: 'local' })))
    expect(warn.mock.calls.filter((c) => String(c[0]).includes('reads options once'))).toHaveLength(1)
  })
})
