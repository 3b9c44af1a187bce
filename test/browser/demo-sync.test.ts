// End to end on the demo (`node examples/serve.mjs`: the demo app, the built script tag, the sync
// endpoint on PGlite), in Chromium. Faults are injected between the page and the server with
// Playwright's routing; "the server has it" is read back from the endpoint with the user's cookie.
// Each scenario reports lost = 0 of N.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page, Request, Route } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { launch, ready, stepDone } from './helpers'
import type { Browser } from './helpers'

let demo: ChildProcess
let base = ''
let dataDir = ''
const output: string[] = []

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'milepost-demo-'))
  demo = spawn(process.execPath, ['examples/serve.mjs'], { env: { ...process.env, PORT: '0', MILEPOST_DATA_DIR: dataDir, MILEPOST_WATCH_MS: '1000' }, stdio: ['ignore', 'pipe', 'pipe'] })
  base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the demo did not start: ' + output.join(''))), 55_000)
    demo.stdout!.on('data', (chunk: Buffer) => {
      output.push(String(chunk))
      const url = /Milepost demo: (http:\/\/127\.0\.0\.1:\d+)\//.exec(output.join(''))?.[1]
      if (url) clearTimeout(timer), resolve(url)
    })
    demo.stderr!.on('data', (chunk: Buffer) => output.push(String(chunk)))
    demo.on('exit', (code) => reject(new Error(`the demo exited (${code}): ${output.join('')}`)))
  })
})
afterAll(async () => {
  demo?.kill('SIGTERM')
  await new Promise((r) => demo?.once('exit', r))
  await rm(dataDir, { recursive: true, force: true })
})

const browsers: Browser[] = []
afterEach(async () => {
  for (const b of browsers.splice(0)) await b.close()
})

type Doc = { steps: Record<string, { done?: number }>; tracks: Record<string, Array<{ id: string }>> }
type Mp = { Milepost: { track(n: string, p?: object): Promise<void>; complete(id: string): Promise<void>; flush(): Promise<void>; getState(): { user: { id: string } } } }

/** A new demo user in a fresh browser, on the demo's home page, ready. */
const aUser = async () => {
  const browser = await launch()
  browsers.push(browser)
  const page = await browser.open(base + '/')
  await ready(page)
  const userId = await page.evaluate(() => (window as unknown as Mp).Milepost.getState().user.id)
  const cookie = (await browser.context.cookies()).map((c) => `${c.name}=${c.value}`).join('; ')
  /** The server's document of this user, read through the endpoint as that user. */
  const server = async (): Promise<Doc> => {
    const response = await fetch(`${base}/api/milepost/progress?userId=${encodeURIComponent(userId)}&journeyId=acme-onboarding`, { headers: { cookie } })
    expect(response.status).toBe(200)
    return (await response.json()).progress
  }
  return { browser, page, userId, cookie, server }
}

/** Tracks `n` events named `name` in the page (each is one event id the server must keep). */
const work = (page: Page, name: string, n: number) =>
  page.evaluate(async ([name, n]) => {
    const mp = (window as unknown as Mp).Milepost
    await Promise.all(Array.from({ length: n as number }, (_, i) => mp.track(name as string, { i })))
  }, [name, n] as const)

const held = async (server: () => Promise<Doc>, name: string) => ((await server()).tracks[name] ?? []).length
/** Polls until the server holds `n` events of `name`, or `ms` pass; returns how many are missing. */
const lostOf = async (server: () => Promise<Doc>, name: string, n: number, ms = 20_000) => {
  const end = Date.now() + ms
  while ((await held(server, name)) < n && Date.now() < end) await new Promise((r) => setTimeout(r, 100))
  const lost = n - (await held(server, name))
  console.log(`${name}: lost = ${lost} of ${n}`)
  return lost
}
const isSync = (request: Request) => request.method() == 'POST' && request.url().endsWith('/api/milepost/sync')

describe('sync on the demo', () => {
  it('offline → steps done in the app → online: the server has them all', async () => {
    const { browser, page, server } = await aUser()
    // Offline once the page has its triggers file (it comes after the first state): this case is
    // about steps done offline. (A triggers file that failed to load is asked for again once back
    // online: script-chunks.test.ts. The twenty-sixth round's CI met that race here.)
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => e.name.includes('milepost-triggers.min.js')))
    await browser.context.setOffline(true)
    await page.click('a[href="/sources"] >> nth=0') // a real page visit: the URL step
    await work(page, 'offline.work', 40)
    await page.evaluate(() => (window as unknown as Mp).Milepost.complete('add-logo'))
    await page.evaluate(() => (window as unknown as Mp).Milepost.flush())
    await browser.context.setOffline(false)
    expect(await lostOf(server, 'offline.work', 40)).toBe(0)
    const doc = await server()
    expect(doc.steps['add-logo']?.done).toBeGreaterThan(0)
    expect(Object.keys(doc.steps)).toContain('open-sources')
    await browser.check(page)
  })

  it('a tab closed while its request hangs loses nothing: the next visit sends the same events', async () => {
    const { browser, page, server } = await aUser()
    await page.evaluate(() => (window as unknown as Mp).Milepost.flush())
    let hung = 0
    await page.route('**/api/milepost/sync', () => void hung++) // never answered
    await work(page, 'hung.work', 25)
    await expect.poll(() => hung, { timeout: 10_000 }).toBeGreaterThan(0)
    await page.close()
    const again = await browser.open(base + '/')
    await ready(again)
    expect(await lostOf(server, 'hung.work', 25)).toBe(0)
    await browser.check(again)
  })

  it('a tab closed right after the work, before any debounce, sends it with keepalive at page hide', async () => {
    const { browser, page, server } = await aUser()
    await page.evaluate(() => (window as unknown as Mp).Milepost.flush())
    await work(page, 'closing.work', 15) // saved; the 1 s debounce has not fired yet
    const before = await held(server, 'closing.work')
    await page.close({ runBeforeUnload: true })
    expect(before).toBe(0) // so what arrives now went at page hide
    expect(await lostOf(server, 'closing.work', 15, 5000)).toBe(0)
  })

  it('with two tabs open, one syncs', async () => {
    const { browser, page, server } = await aUser()
    const other = await browser.open(base + '/reports')
    await ready(other)
    const posts = new Map<Page, number>([[page, 0], [other, 0]])
    for (const p of [page, other]) p.on('request', (r) => void (isSync(r) && posts.set(p, posts.get(p)! + 1)))
    await work(page, 'tab.a', 30)
    await work(other, 'tab.b', 30)
    expect(await lostOf(server, 'tab.a', 30)).toBe(0)
    expect(await lostOf(server, 'tab.b', 30)).toBe(0)
    console.log(`sync requests per tab: ${[...posts.values()].join(', ')}`)
    expect([...posts.values()].filter((n) => n > 0)).toHaveLength(1)
    await browser.check(page)
    await browser.check(other)
  })

  it('500 × 4, then 200: delivered, with backoff between the tries', async () => {
    const { page, server } = await aUser()
    await page.evaluate(() => (window as unknown as Mp).Milepost.flush())
    const tries: number[] = []
    await page.route('**/api/milepost/sync', (route: Route) =>
      tries.push(Date.now()) <= 4 ? route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"internal error"}' }) : route.continue())
    await work(page, 'flaky.work', 20)
    expect(await lostOf(server, 'flaky.work', 20, 40_000)).toBe(0)
    expect(tries.length).toBeGreaterThanOrEqual(5)
    console.log(`waits between tries: ${tries.slice(1).map((t, i) => t - tries[i]!).join(', ')} ms`)
  })

  it('429 with Retry-After: 2 is honoured', async () => {
    const { page, server } = await aUser()
    await page.evaluate(() => (window as unknown as Mp).Milepost.flush())
    const tries: number[] = []
    await page.route('**/api/milepost/sync', (route: Route) =>
      tries.push(Date.now()) == 1 ? route.fulfill({ status: 429, headers: { 'retry-after': '2' }, body: '' }) : route.continue())
    await work(page, 'busy.work', 10)
    expect(await lostOf(server, 'busy.work', 10)).toBe(0)
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(2000)
  })

  it('a delivery duplicated (the server committed, the answer was lost) is applied once', async () => {
    const { page, server, userId } = await aUser()
    await page.evaluate(() => (window as unknown as Mp).Milepost.flush())
    let dropped = 0
    const bodies: string[] = []
    await page.route('**/api/milepost/sync', async (route: Route) => {
      bodies.push(route.request().postData() ?? '')
      const response = await route.fetch() // the server applies the batch
      if (!dropped++) return route.abort('connectionreset') // and the answer never reaches the page
      return route.fulfill({ response })
    })
    const before = output.join('').split('\n').filter((l) => l.includes('delegated') && l.includes(userId)).length
    await page.evaluate(() => (window as unknown as Mp).Milepost.track('step:delegated', { stepId: 'invite-teammate', to: 'sam@example.com' }))
    await work(page, 'dup.work', 10)
    expect(await lostOf(server, 'dup.work', 10)).toBe(0)
    const delegated = () => output.join('').split('\n').filter((l) => l.includes('delegated') && l.includes(userId)).length - before
    await expect.poll(delegated, { timeout: 5000 }).toBe(1)
    const withIt = () => bodies.filter((b) => b.includes('sam@example.com')).length
    await expect.poll(withIt, { timeout: 10_000 }).toBeGreaterThanOrEqual(2) // the client retried
    await page.evaluate(() => (window as unknown as Mp).Milepost.flush())
    console.log(`step:delegated delivered ${withIt()} times, applied ${delegated()} time(s)`)
    expect(delegated()).toBe(1)
  })

  it('a user 10 days in who closes the tab: the CSM and leadership lines, once each, from the page or the server watch', async () => {
    const browser = await launch()
    browsers.push(browser)
    const page = await browser.context.newPage()
    // The server can only watch a user it has heard of: the tab closes once its first batch is in
    // (on a loaded machine, closing right after the first state may come before anything is sent).
    const synced = page.waitForResponse((r) => r.url().includes('/api/milepost/sync') && r.status() === 200, { timeout: 30_000 })
    await page.goto(base + '/reset?days=10')
    await ready(page)
    const userId = await page.evaluate(() => (window as unknown as Mp).Milepost.getState().user.id)
    await synced
    await page.close()
    // The page's own escalations pass the server's check (same engine, same deterministic ids); had
    // the tab closed before sending them, the watch (every second here) would print the same lines.
    const lines = () => output.join('').split('\n').filter((l) => l.includes(userId) && l.includes(' escalation '))
    await expect.poll(() => lines().length, { timeout: 15_000 }).toBe(2)
    expect(lines()[0]).toMatch(/level 1 → notify csm( \(server watch\))?$/)
    expect(lines()[1]).toMatch(/level 2 → notify leadership( \(server watch\))?$/)
    await new Promise((r) => setTimeout(r, 2500)) // two more ticks of the watch: still once each
    expect(lines()).toHaveLength(2)
  })

  it('another user\'s credentials get 403, reading or writing', async () => {
    const a = await aUser()
    const b = await aUser()
    const read = await fetch(`${base}/api/milepost/progress?userId=${encodeURIComponent(b.userId)}&journeyId=acme-onboarding`, { headers: { cookie: a.cookie } })
    expect(read.status).toBe(403)
    const write = await fetch(`${base}/api/milepost/sync`, {
      method: 'POST', headers: { cookie: a.cookie, 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ protocol: 1, batchId: 'x', userId: b.userId, journeyId: 'acme-onboarding', events: [{ id: 'evil', type: 'complete', stepId: 'add-logo', at: Date.now() }] }),
    })
    expect(write.status).toBe(403)
    expect((await b.server()).steps['add-logo']).toBeUndefined()
    expect(await stepDone(b.page, 'add-logo')).toBe(false)
  })
})
