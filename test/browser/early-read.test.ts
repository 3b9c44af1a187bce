// The script tag's early read in Chromium's real IndexedDB: in the task after its own, the tag
// opens Milepost's database when it exists and reads it (it creates nothing before init()); a host
// that calls init() later gets its first state painted from that read while the session's own read
// runs, then merged with it (runtime.md, "Early read and first paint").
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { aJourney, aMilestone, aStep } from '../builders'
import { launch, serve } from './helpers'
import type { Browser } from './helpers'

const journey = aJourney({ milestones: [aMilestone({ id: 'setup', steps: [aStep({ id: 'a' }), aStep({ id: 'b' }), aStep({ id: 'c' })] })] })

/** The tag without data-config; the host calls init() `?delay=` ms after the page loaded, and records each ready state's done steps. */
const host = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><h1>Host</h1>
<script src="/dist/milepost.min.js" data-user-id="u1" data-ui="false"></script>
<script>
window.__seen = []
const delay = Number(new URLSearchParams(location.search).get('delay') || 0)
addEventListener('load', () => setTimeout(() => {
  Milepost.subscribe((s) => s.ready && window.__seen.push(s.milestones.flatMap((m) => m.steps).filter((x) => x.done).map((x) => x.id).join(',')))
  window.__started = Milepost.init({ config: ${JSON.stringify(journey)} })
}, delay))
</script></body></html>`

type Mp = { complete(id: string): Promise<void>; flush(): Promise<void>; getState(): { ready: boolean } }
const started = (p: Page) => p.waitForFunction(() => (window as unknown as { __started?: Promise<void> }).__started).then(() =>
  p.evaluate(() => (window as unknown as { __started: Promise<void> }).__started))
const complete = (p: Page, id: string) => p.evaluate(async (step) => {
  const mp = (window as unknown as { Milepost: Mp }).Milepost
  await mp.complete(step)
  await mp.flush()
}, id)
const seen = (p: Page) => p.evaluate(() => (window as unknown as { __seen: string[] }).__seen)

let site: Awaited<ReturnType<typeof serve>>
let browser: Browser
beforeAll(async () => {
  site = await serve({ '/host': host })
})
afterAll(() => site.close())
beforeEach(async () => {
  browser = await launch()
})
afterEach(() => browser.close())

describe('the script tag’s early read', () => {
  it('paints a returning user’s first state from what the tag read, then merges what another tab saved since: nothing is lost', async () => {
    const first = await browser.open(`${site.url}/host`)
    await started(first)
    await complete(first, 'a')
    await first.close()

    // The next page reads early (its tag), and its host starts 1.5 s later; meanwhile another tab
    // of the same user completes `b`.
    const late = await browser.open(`${site.url}/host?delay=1500`)
    await late.waitForTimeout(300) // the tag's early read is done
    const other = await browser.open(`${site.url}/host`)
    await started(other)
    await complete(other, 'b')
    await other.close()

    await started(late)
    const states = await seen(late)
    expect(states[0]).toBe('a') // painted from the early read: `b` came after it
    expect(states.at(-1)).toBe('a,b') // the session's own read merged in
    expect(states.every((s) => s.startsWith('a'))).toBe(true) // no state showed less than the paint
    await complete(late, 'c')
    expect((await seen(late)).at(-1)).toBe('a,b,c')
    await browser.check(late)
  })

  it('on a first visit creates nothing before init() (a host may wait for consent), then paints an empty state at once', async () => {
    const p = await browser.open(`${site.url}/host?delay=500`)
    await p.waitForTimeout(200) // the tag's early look is done
    expect(await p.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).not.toContain('milepost')
    await started(p)
    expect(new Set(await seen(p))).toEqual(new Set([''])) // (a second state records the new session)
    expect(await p.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).toContain('milepost')
    await browser.check(p)
  })

  it('never writes before init() on a page whose host never calls it', async () => {
    const p = await browser.open(`${site.url}/host?delay=600000`)
    await p.waitForTimeout(300)
    expect(await p.evaluate(async () => ({
      databases: (await indexedDB.databases()).map((d) => d.name),
      local: Object.keys(localStorage).filter((k) => k.startsWith('milepost')),
    }))).toEqual({ databases: [], local: [] })
    await browser.check(p)
  })
})
