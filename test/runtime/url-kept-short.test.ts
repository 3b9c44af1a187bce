// @vitest-environment happy-dom
// bb-r33 (privacy): a URL step stored the whole address: `/settings?email=bob@acme.test&reset_token=s3cr3t#name=Bob`
// for `"url": "/settings*"`, on the device and on the server. A URL is now kept as short as the
// journey's globs allow: the path, else with its query, else whole, the first that the same globs match.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import { start } from './harness'
import type { Milepost } from '../../src/runtime/api'

const journey = aJourney({
  milestones: [aMilestone({ id: 'm', steps: [
    aStep({ id: 'settings', completeWhen: { url: '/settings*' } }),
    aStep({ id: 'paid', completeWhen: { url: '/checkout?status=paid*' } }),
    aStep({ id: 'tab', completeWhen: { url: '/help*#billing' } }),
  ] })],
})
const done = (mp: Milepost, id: string) => mp.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)!.done
afterEach(() => vi.restoreAllMocks())

describe('a URL step', () => {
  // bb-r33 (own changes): a fragment glob kept the whole query, a session and an email with it.
  it('keeps the path alone when no glob needs the query or the fragment, and what a glob needs otherwise', async () => {
    history.replaceState(null, '', '/home')
    const mp = await start({ config: journey, user: { id: 'bob' } })
    history.pushState(null, '', '/settings?email=bob@acme.test&reset_token=s3cr3t#name=Bob')
    await vi.waitFor(() => expect(done(mp, 'settings')).toBe(true))
    history.pushState(null, '', '/checkout?status=paid&card=4242#receipt')
    await vi.waitFor(() => expect(done(mp, 'paid')).toBe(true))
    history.pushState(null, '', '/help?session=HELPSESS&email=h%40x.com#billing')
    await vi.waitFor(() => expect(done(mp, 'tab')).toBe(true))
    history.pushState(null, '', '/checkout?status=pending')
    await new Promise((r) => setTimeout(r, 20))
    // A page no glob matches is not kept at all; one a glob matches only with its query keeps the query.
    expect(Object.keys(mp.getProgress()!.urls).sort()).toEqual(['/checkout?status=paid&card=4242', '/help#billing', '/settings'])
    mp.destroy()
  })
})
