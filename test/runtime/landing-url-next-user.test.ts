// @vitest-environment happy-dom
// bb-r29 (Next.js 16): the address the page was opened at counted for a later user of the same
// page when the first user named on it had no URL step open (so never ran the page triggers):
// alice reloaded /projects with her URL steps done, signed out and bob signed in without a reload
// (a new instance, as React's provider key does), and bob's "Open Projects" was done, on his
// device and on the server. A user other than the page's first named one did not land there.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import { start } from './harness'
import type { Milepost } from '../../src/runtime/api'

const journey = aJourney({
  milestones: [
    aMilestone({ id: 'basics', steps: [aStep({ id: 'connect', completeWhen: { event: 'data.connected' } })] }),
    // Only for pro users: a free user has no URL step open, so runs no page triggers.
    aMilestone({ id: 'pro', audience: { plan: 'pro' }, steps: [aStep({ id: 'projects', completeWhen: { url: '/projects*' } }), aStep({ id: 'settings', completeWhen: { url: '/settings*' } })] }),
  ],
})
const step = (mp: Milepost, id: string) => mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)
afterEach(() => vi.restoreAllMocks())

describe('the URL the page was opened at, after a sign-out without a reload', () => {
  it('does not count for the next user when the first named user ran no page triggers', async () => {
    vi.spyOn(performance, 'getEntriesByType').mockImplementation((type) =>
      (type === 'navigation' ? [{ name: `${location.origin}/projects` }] : []) as PerformanceEntryList)
    history.replaceState(null, '', '/projects')
    const alice = await start({ config: journey, user: { id: 'alice', traits: { plan: 'free' } } })
    expect(step(alice, 'projects')).toBeUndefined() // not in her audience: nothing watches the page
    alice.destroy()
    // Signed out and in as bob on another page of the app, without a reload.
    history.pushState(null, '', '/dashboard')
    const bob = await start({ config: journey, user: { id: 'bob', traits: { plan: 'pro' } } })
    // His triggers run (the next address counts), and the page's first address is not his.
    history.pushState(null, '', '/settings')
    await vi.waitFor(() => expect(step(bob, 'settings')!.done).toBe(true))
    expect(step(bob, 'projects')!.done).toBe(false)
    expect(bob.getProgress()!.urls).not.toHaveProperty('/projects')
  })
})
