// The `?milepost-preview` switch of the built script tag in Chromium: the checklist opens on the
// asked day, acting in it works, and the user's stored progress stays byte-identical.
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import { launch, page, ready, serve, stepDone } from './helpers'

type W = Window & { Milepost: import('../../src/runtime/api').Milepost }

const journey = aJourney({
  milestones: [
    aMilestone({ id: 'setup', title: 'Set up', due: { day: 3 }, steps: [aStep({ id: 'invite', title: 'Invite' }), aStep({ id: 'connect', title: 'Connect' })] }),
    aMilestone({ id: 'grow', title: 'Grow', audience: { plan: 'pro' }, steps: [aStep({ id: 'share', title: 'Share' })] }),
  ],
})
const tag = `data-config-url="/journey.json" data-endpoint="/api/milepost" data-user-id="u1" data-traits='{"signedUpAt":"2026-11-01T09:00:00Z","plan":"free"}'`

let server: Awaited<ReturnType<typeof serve>>
beforeAll(async () => {
  server = await serve({ '/journey.json': JSON.stringify(journey), '*': page(tag) })
})
afterAll(() => server.close())

/** Every key and value in Milepost's IndexedDB database, and its localStorage keys, as text. */
const stored = (p: Page) =>
  p.evaluate(() => new Promise<string>((resolve, reject) => {
    const open = indexedDB.open('milepost')
    open.onerror = () => reject(open.error)
    open.onsuccess = () => {
      const store = open.result.transaction('progress').objectStore('progress')
      const keys = store.getAllKeys()
      const values = store.getAll()
      values.onsuccess = () => {
        const local = Object.keys(localStorage).filter((k) => k.startsWith('milepost:')).sort()
        resolve(JSON.stringify([keys.result, values.result, local.map((k) => [k, localStorage.getItem(k)])]))
        open.result.close()
      }
    }
  }))

it('opens the checklist in preview on the asked day and leaves stored progress byte-identical', async () => {
  const browser = await launch()
  try {
    const real = await browser.open(server.url + '/app')
    await ready(real)
    await real.evaluate(() => (window as unknown as W).Milepost.complete('invite'))
    await real.evaluate(() => (window as unknown as W).Milepost.flush())
    const before = await stored(real)
    await real.close()

    const requests: string[] = []
    browser.context.on('request', (r) => void (r.url().includes('/api/') && requests.push(r.method() + ' ' + r.url())))
    const p = await browser.open(server.url + '/app?milepost-preview&milepost-day=5&milepost-traits={"plan":"pro"}&milepost-completed=connect')
    await p.waitForFunction(() => (window as unknown as W).Milepost.getState().preview)
    const state = await p.evaluate(() => (window as unknown as W).Milepost.getState())
    expect(state).toMatchObject({ preview: true, day: 5 })
    expect(state.milestones.map((m) => [m.id, m.status])).toEqual([['setup', 'overdue'], ['grow', 'on-track']])
    expect(await stepDone(p, 'connect')).toBe(true)
    expect(await stepDone(p, 'invite')).toBe(false) // a made-up user, not this one
    // The checklist is open: tick a step in it, as the PM would.
    const panel = p.locator('milepost-ui .pn')
    await expect.poll(() => panel.count()).toBe(1)
    // "Preview · day 5" lines up with the panel's title (not indented as a step's label is).
    const [title, label] = await Promise.all([panel.locator('h2').boundingBox(), panel.getByText('Preview · day 5').boundingBox()])
    expect(label!.x).toBeCloseTo(title!.x, 0)
    await panel.getByRole('checkbox', { name: 'Share' }).click()
    await expect.poll(() => stepDone(p, 'share')).toBe(true)
    await p.evaluate(() => (window as unknown as W).Milepost.flush())
    const during = requests.length
    expect(await stored(p)).toBe(before)
    await browser.check(p)
    await p.close()

    const back = await browser.open(server.url + '/app')
    await ready(back)
    expect(await back.evaluate(() => (window as unknown as W).Milepost.getState().preview)).toBe(false)
    expect([await stepDone(back, 'invite'), await stepDone(back, 'connect'), await stepDone(back, 'share')]).toEqual([true, false, false])
    console.log(`sync requests while previewing: ${during}`)
    expect(requests.slice(0, during)).toEqual([]) // not even the pull: a preview page does not sync
    await browser.check(back)
  } finally {
    await browser.close()
  }
})
