// A nudge card stays until the user acts on it (docs/ui.md), offline too: the built script tag in
// Chromium with the browser offline, while time passes and the engine stops offering the nudge
// (its due-soon window ends). It used to vanish then.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { launch, page, ready, serve, type Browser } from './helpers'

const MIN = 60_000
let browser: Browser
let server: Awaited<ReturnType<typeof serve>>
beforeAll(async () => {
  // Signed up 3 days minus 10 minutes ago: "Connect your data" is due in 10 minutes.
  const signedUpAt = new Date(Date.now() - 3 * 24 * 60 * MIN + 10 * MIN).toISOString()
  const journey = {
    version: 1, id: 'offline', title: 'Offline', start: { trait: 'signedUpAt' },
    milestones: [{ id: 'data', title: 'Connect your data', due: { day: 3 }, steps: [{ id: 's1', title: 'Add a source' }, { id: 's2', title: 'Sync it' }] }],
    nudges: [{ id: 'soon', when: { dueSoon: { milestone: 'data', days: 1 } }, card: { title: 'Connect your data today', body: 'It is due soon.' } }],
  }
  server = await serve({
    '/journey.json': JSON.stringify(journey),
    '*': page(`data-config-url="/journey.json" data-user-id="u1" data-traits='${JSON.stringify({ signedUpAt })}'`),
  })
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
})

it('a nudge card stays on screen while offline after the engine stops offering it, until the user dismisses it', async () => {
  const p = await browser.context.newPage()
  await p.clock.install()
  await p.goto(server.url + '/')
  await ready(p)
  const card = () => p.evaluate(() => document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.nc h2')?.textContent ?? null)
  const offered = () => p.evaluate(() => (window as unknown as { Milepost: { getState(): { nudges: unknown[] } } }).Milepost.getState().nudges.length)
  // The UI file arrives in real time, which the page's fake clock does not move: mounted first,
  // then the card's own timers run.
  await p.waitForFunction(() => !!document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.lc'), null, { timeout: 10_000 })
  await p.clock.runFor(1000)
  expect(await card()).toBe('Connect your data today')
  await browser.context.setOffline(true)
  await p.clock.runFor(20 * MIN) // the due passes: the due-soon signal no longer holds
  expect(await offered()).toBe(0)
  expect(await card()).toBe('Connect your data today')
  await p.evaluate(() => [...document.querySelector('milepost-ui')!.shadowRoot!.querySelectorAll('button')].find((b) => b.textContent === 'Dismiss')!.click())
  await p.clock.runFor(1000)
  expect(await card()).toBeNull()
  await browser.context.setOffline(false)
})
