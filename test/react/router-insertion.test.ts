// @vitest-environment happy-dom
// bb-r29 (Next.js 16): Next's router calls history.pushState inside useInsertionEffect. Milepost's
// wrapped pushState told the page triggers at once, a URL step was done in that same call, and
// useMilepost()'s store scheduled a render there: React's "useInsertionEffect must not schedule
// updates", twice per navigation, in the dev overlay. The new address is told in a microtask.
import 'fake-indexeddb/auto'
import { act, createElement, useInsertionEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import type { Root } from 'react-dom/client'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { MilepostProvider, useMilepost } from '../../src/react'
import { aJourney, aMilestone, aStep } from '../builders'
import { options } from './fixtures'

beforeAll(() => {
  ;(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true
})

const config = aJourney({ milestones: [aMilestone({ id: 'm1', steps: [aStep({ id: 'open', completeWhen: { url: '/projects*' } }), aStep({ id: 's2' })] })] })

/** A router as Next's: the navigation's pushState runs in an insertion effect of the render that asked for it. */
let navigate: (to: string) => void = () => {}
const Router = () => {
  const [to, setTo] = useState<string>()
  navigate = setTo
  useInsertionEffect(() => {
    if (to) history.pushState(null, '', to)
  }, [to])
  const { state } = useMilepost()
  return createElement('p', null, state.ready ? `${state.percent}%` : 'loading')
}

describe('milepost/react under a router that pushes history in useInsertionEffect', () => {
  let root: Root | undefined
  afterEach(async () => {
    await act(async () => root?.unmount())
    vi.restoreAllMocks()
    history.replaceState(null, '', '/')
  })

  it('completes the URL step without a render scheduled from the insertion effect', async () => {
    const errors: string[] = []
    vi.spyOn(console, 'error').mockImplementation((...args) => void errors.push(args.map(String).join(' ')))
    const container = document.body.appendChild(document.createElement('div'))
    await act(async () => {
      root = createRoot(container)
      root.render(createElement(MilepostProvider, { options: { ...options, config } }, createElement(Router)))
    })
    await vi.waitFor(() => expect(container.textContent).toBe('0%'))
    await act(async () => navigate('/projects'))
    await vi.waitFor(() => expect(container.textContent).toBe('50%'))
    expect(errors.filter((e) => /useInsertionEffect/.test(e))).toEqual([])
  })
})
