// @vitest-environment happy-dom
// The address the page was opened at counts for URL steps even when the app rewrote it before the
// page triggers started (a return from checkout whose `?checkout=success` is stripped at once), for
// the page's anonymous visitor and the first named user: a later user of the same page did not land there.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import { start } from './harness'
import type { Milepost, MilepostOptions } from '../../src/runtime/api'

const journey = aJourney({
  milestones: [aMilestone({ id: 'm', steps: [aStep({ id: 'paid', completeWhen: { url: '/billing?checkout=success*' } }), aStep({ id: 'welcome', completeWhen: { url: '/welcome*' } })] })],
})
const done = (mp: Milepost, id: string) => mp.getState().milestones[0]!.steps.find((s) => s.id === id)!.done
afterEach(() => {
  vi.restoreAllMocks()
  history.replaceState(null, '', '/')
})

describe('the URL the page was opened at', () => {
  it('completes its step after the app stripped it, for the anonymous visitor and the user they sign in as, not for a later user', async () => {
    // What the browser keeps of the page's navigation: the address it was opened at.
    vi.spyOn(performance, 'getEntriesByType').mockImplementation((type) =>
      (type === 'navigation' ? [{ name: `${location.origin}/billing?checkout=success` }] : []) as PerformanceEntryList)
    history.replaceState(null, '', '/billing') // the app cleans its address as it starts
    const mp = await start({ config: journey, user: undefined } as unknown as MilepostOptions) // the page does not know its user yet
    expect(mp.getState().user!.id).toMatch(/^anon-/)
    await vi.waitFor(() => expect(done(mp, 'paid')).toBe(true))
    // The app learns who signed in: the same person landed there.
    await mp.identify('u1')
    await vi.waitFor(() => expect(done(mp, 'paid')).toBe(true))
    expect(mp.getState().user!.id).toBe('u1')
    // Another user signs in on the same page: they did not land on the checkout's return. (Their
    // triggers run: the next address counts.)
    await mp.identify('u2')
    history.pushState(null, '', '/welcome')
    await vi.waitFor(() => expect(done(mp, 'welcome')).toBe(true))
    expect(mp.getState().user!.id).toBe('u2')
    expect(done(mp, 'paid')).toBe(false)
  })
})
