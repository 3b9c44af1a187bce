// @vitest-environment happy-dom
// The server's HTML (rendered with no document, as in Node) hydrated in a browser: no mismatch,
// then the state arrives and actions work.
import 'fake-indexeddb/auto'
import { Activity, StrictMode, act, createElement, useEffect } from 'react'
import { createRoot, hydrateRoot } from 'react-dom/client'
import type { Root } from 'react-dom/client'
import { renderToString } from 'react-dom/server'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { MilepostProvider, useMilepost } from '../../src/react'
import type { Milepost } from '../../src/react'
import { Checklist, options } from './fixtures'

beforeAll(() => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
})

/** Renders as a server would: no window, no document. */
const serverHtml = (app: ReturnType<typeof createElement>): string => {
  vi.stubGlobal('window', undefined)
  vi.stubGlobal('document', undefined)
  try {
    return renderToString(app)
  } finally {
    vi.unstubAllGlobals()
  }
}

describe('milepost/react hydrating server HTML', () => {
  let root: Root | undefined
  afterEach(async () => {
    await act(async () => root?.unmount())
    root = undefined
    vi.restoreAllMocks()
  })

  it('hydrates without a mismatch, then shows the state and re-renders on each change', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const error = vi.spyOn(console, 'error')
    const recoverable = vi.fn()
    const app = () => createElement(MilepostProvider, { options }, createElement(Checklist))
    const container = document.createElement('div')
    container.innerHTML = serverHtml(app())
    document.body.append(container)
    expect(container.textContent).toBe('Loading acme-onboarding for u1Create report')

    await act(async () => {
      root = hydrateRoot(container, app(), { onRecoverableError: recoverable })
    })
    expect(recoverable).not.toHaveBeenCalled()
    expect(error).not.toHaveBeenCalled()
    await vi.waitFor(() => expect(container.querySelector('p')!.textContent).toBe('0% of acme-onboarding'))

    await act(async () => container.querySelector('button')!.click())
    await vi.waitFor(() => expect(container.querySelector('p')!.textContent).toBe('50% of acme-onboarding'))
    expect(error).not.toHaveBeenCalled()
  })

  it('keeps its instance through StrictMode\'s double effects, and destroys it once unmounted', async () => {
    let seen: Milepost | undefined
    const Grab = () => {
      seen = useMilepost().milepost
      return createElement(Checklist)
    }
    const app = createElement(StrictMode, null, createElement(MilepostProvider, { options }, createElement(Grab)))
    const container = document.createElement('div')
    container.innerHTML = serverHtml(app)
    vi.spyOn(console, 'info').mockImplementation(() => {})
    const warn = vi.spyOn(console, 'warn')
    await act(async () => {
      root = hydrateRoot(container, app)
    })
    await vi.waitFor(() => expect(container.querySelector('p')!.textContent).toBe('0% of acme-onboarding'))
    expect(seen!.getState().ready).toBe(true)
    expect(warn).not.toHaveBeenCalled() // started once: no "init() called twice"
    const destroyed = vi.fn()
    seen!.on('destroy', destroyed)
    await act(async () => root!.unmount())
    root = undefined
    await Promise.resolve()
    expect(destroyed).toHaveBeenCalledTimes(1)
    expect(seen!.getState().ready).toBe(false)
  })

  it('works again after an <Activity> hid and showed it: a new instance, started, once the hidden one was destroyed', async () => {
    vi.spyOn(console, 'info').mockImplementation(() => {})
    let seen: Milepost | undefined
    const Grab = () => {
      seen = useMilepost().milepost
      return createElement(Checklist)
    }
    const app = (mode: 'visible' | 'hidden') => createElement(Activity, { mode, children: createElement(MilepostProvider, { options: { ...options, storage: 'local' } }, createElement(Grab)) })
    const container = document.body.appendChild(document.createElement('div'))
    await act(async () => {
      root = createRoot(container)
      root.render(app('visible'))
    })
    const text = () => container.querySelector('p')!.textContent
    await vi.waitFor(() => expect(text()).toBe('0% of acme-onboarding'))
    await act(async () => container.querySelector('button')!.click())
    await vi.waitFor(() => expect(text()).toBe('50% of acme-onboarding'))
    await act(async () => root!.render(app('hidden'))) // the effects' cleanup runs: the instance is destroyed
    await act(async () => root!.render(app('visible')))
    await vi.waitFor(() => expect(text()).toBe('50% of acme-onboarding')) // the progress, read again
    await act(async () => seen!.complete('s2')) // and it works
    await vi.waitFor(() => expect(text()).toBe('100% of acme-onboarding'))
    localStorage.clear()
  })

  it('gives the built-in UI, mounted from a child\'s effect (which runs before the provider\'s), the provider\'s theme and strings', async () => {
    const { mountUi } = await import('../../src/ui/index')
    const Ui = () => {
      const { milepost } = useMilepost()
      useEffect(() => mountUi(milepost), [milepost])
      return null
    }
    const container = document.createElement('div')
    document.body.append(container)
    vi.spyOn(console, 'info').mockImplementation(() => {})
    await act(async () => {
      root = createRoot(container)
      root.render(createElement(MilepostProvider, { options: { ...options, theme: 'dark', strings: { launcher: 'Startklar' } } }, createElement(Ui)))
    })
    const host = await vi.waitFor(() => document.querySelector('milepost-ui') ?? Promise.reject(new Error('no UI yet')))
    expect(host.getAttribute('data-theme')).toBe('dark')
    await vi.waitFor(() => expect(host.shadowRoot!.querySelector('.lc')?.textContent).toContain('Startklar'))
  })

  it('a component that names its user in an effect after every render settles: identify() with nothing new makes no new state', async () => {
    let renders = 0
    const calls: Array<Promise<void>> = []
    const Named = () => {
      const { milepost, state } = useMilepost()
      renders++
      // As an app often writes it: no dependency list, a new traits object each time.
      useEffect(() => void calls.push(milepost.identify('u1', { plan: 'pro' })))
      return createElement('p', null, state.ready ? `${state.percent}% for ${String(state.user.traits.plan)}` : 'Loading')
    }
    const container = document.createElement('div')
    document.body.append(container)
    vi.spyOn(console, 'info').mockImplementation(() => {})
    await act(async () => {
      root = createRoot(container)
      root.render(createElement(MilepostProvider, { options }, createElement(Named)))
    })
    await vi.waitFor(() => expect(container.textContent).toBe('0% for pro'))
    // Each render's effect names the user again. Once the calls made so far have settled and React
    // has flushed what they set, a loop would have rendered again and made another call.
    const settle = () => act(async () => void (await Promise.all(calls.slice())))
    await settle()
    const settled = renders
    const made = calls.length
    await settle()
    expect(renders).toBe(settled)
    expect(calls.length).toBe(made)
    expect(settled).toBeLessThan(10)
  })
})
