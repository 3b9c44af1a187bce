// Accounts end to end (issue 17), in Chromium: members of one account in separate browser profiles,
// the built script tag (data-account-id), and the reference sync handler with an `authorize` that
// knows each caller's account. One member completes an account step; the other sees it done after
// one sync; a member of another account is refused the account's document (403) and never sees it.
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createMemoryStore, createSyncHandler, toNodeListener } from '../../src/server/index'
import type { Journey } from '../../src/core/index'
import { launch } from './helpers'
import type { Browser } from './helpers'

const root = fileURLToPath(new URL('../..', import.meta.url))

const journey: Journey = {
  version: 1,
  id: 'team-onboarding',
  title: 'Team onboarding',
  start: { trait: 'signedUpAt' },
  milestones: [
    {
      id: 'workspace', title: 'Set up the workspace', due: { day: 7 }, scope: 'account',
      steps: [
        { id: 'connect-source', title: 'Connect a data source', completeWhen: { event: 'source.connected' } },
        { id: 'invite', title: 'Invite a teammate', completeWhen: { manual: true } },
      ],
    },
    {
      id: 'me', title: 'Your own first report', due: { day: 10 },
      steps: [{ id: 'first-report', title: 'Create a report', completeWhen: { event: 'report.created' } }],
    },
  ],
} as Journey

let base = ''
let close = () => Promise.resolve()
const refused: string[] = []

beforeAll(async () => {
  const store = createMemoryStore()
  // The caller is named by a cookie `who=<user>.<account>` (a real app reads its session).
  const handler = createSyncHandler({
    store,
    journeys: (id) => (id === journey.id ? journey : undefined),
    authorize: (request) => {
      const who = /(?:^|;\s*)who=([^;]+)/.exec(request.headers.get('cookie') ?? '')?.[1]
      if (!who) return null
      const [userId, accountId] = decodeURIComponent(who).split('.')
      return { userId: userId!, accountId: accountId! }
    },
  })
  const api = toNodeListener(handler)
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    if (path.startsWith('/api/milepost/')) {
      res.on('finish', () => res.statusCode == 403 && refused.push(req.url!))
      return api(req, res)
    }
    if (path.startsWith('/dist/')) {
      try {
        const body = await readFile(join(root, 'dist', path.slice(6).replace(/\.\./g, '')))
        return res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(body)
      } catch {
        return res.writeHead(404).end()
      }
    }
    if (path !== '/app') return res.writeHead(404).end()
    // /app?user=u1&account=acme: the host page, signed in as that member.
    const q = new URL(req.url!, 'http://x').searchParams
    const user = q.get('user') ?? ''
    const account = q.get('account') ?? ''
    const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/'/g, '&#39;')
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `who=${encodeURIComponent(user + '.' + account)}; Path=/` })
    res.end(`<!doctype html><html><head><title>App</title></head><body><main><h1>App</h1></main>
<script src="/dist/milepost.min.js" data-ui="false" data-endpoint="/api/milepost" data-user-id="${attr(user)}"
  data-traits='${attr(JSON.stringify({ signedUpAt: '2026-12-01T09:00:00Z' }))}'
  data-account-id="${attr(account)}" data-account-traits='${attr(JSON.stringify({ name: account, value: 5000 }))}'
  data-config='${attr(JSON.stringify(journey))}'></script></body></html>`)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  close = () => new Promise<void>((resolve) => server.close(() => resolve()))
})
afterAll(() => close())

const browsers: Browser[] = []
afterEach(async () => {
  for (const b of browsers.splice(0)) await b.close()
})

type Step = { id: string; done: boolean }
type Mp = {
  Milepost: {
    track(n: string): Promise<void>
    flush(): Promise<void>
    getState(): { ready: boolean; account?: { id: string }; milestones: Array<{ id: string; steps: Step[] }> }
  }
}

/** A member signed in on the app in a browser profile of their own, ready. */
const member = async (user: string, account: string) => {
  const browser = await launch()
  browsers.push(browser)
  const page = await browser.open(`${base}/app?user=${user}&account=${account}`)
  await page.waitForFunction(() => (window as unknown as Mp).Milepost?.getState().ready === true)
  return { browser, page }
}
const done = (page: Page, stepId: string) =>
  page.evaluate((id) => (window as unknown as Mp).Milepost.getState().milestones.flatMap((m) => m.steps).find((s) => s.id === id)?.done ?? null, stepId)

describe('accounts in Chromium', () => {
  it('a member completes an account step; a teammate sees it done after one sync; another account is refused it', async () => {
    const a = await member('ana', 'acme')
    const b = await member('ben', 'acme')
    const c = await member('cleo', 'globex')
    expect(await a.page.evaluate(() => (window as unknown as Mp).Milepost.getState().account?.id)).toBe('acme')
    expect(await done(b.page, 'connect-source')).toBe(false)

    // Ana connects the source (an account step) and makes her own report (a user step).
    await a.page.evaluate(async () => {
      const mp = (window as unknown as Mp).Milepost
      await mp.track('source.connected')
      await mp.track('report.created')
      await mp.flush()
    })
    expect(await done(a.page, 'connect-source')).toBe(true)

    // Ben's page becomes visible again (he comes back to the tab): one pull of each document.
    const pulls = { n: 0 }
    b.page.on('request', (r) => r.url().includes('/api/milepost/progress') && r.url().includes('accountId=acme') && pulls.n++)
    await b.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
    await expect.poll(() => done(b.page, 'connect-source'), { timeout: 10_000 }).toBe(true)
    expect(pulls.n).toBe(1)
    // The account's step is shared; Ana's own report is hers alone.
    expect(await done(b.page, 'first-report')).toBe(false)

    // Cleo, of another account, never sees it, and is refused acme's document.
    await c.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')))
    const status = await c.page.evaluate(async () =>
      (await fetch('/api/milepost/progress?journeyId=team-onboarding&accountId=acme')).status)
    expect(status).toBe(403)
    expect(refused.some((url) => url.includes('accountId=acme'))).toBe(true)
    expect(await done(c.page, 'connect-source')).toBe(false)

    // A new page of Ben's (another visit) starts with it done.
    const again = await b.browser.open(`${base}/app?user=ben&account=acme`)
    await again.waitForFunction(() => (window as unknown as Mp).Milepost?.getState().ready === true)
    await expect.poll(() => done(again, 'connect-source'), { timeout: 10_000 }).toBe(true)

    for (const { browser, page } of [a, b, c]) await browser.check(page)
    await b.browser.check(again)
  })
  it('a member\'s second device starts from the progress made on the first: no state of the new browser alone before it', async () => {
    const laptop = await member('dora', 'acme')
    await laptop.page.evaluate(async () => {
      const { Milepost } = window as unknown as Mp
      await Milepost.track('report.created')
      await Milepost.flush()
    })
    // The phone: a profile of its own, holding nothing of dora's. Every ready state it shows is recorded.
    const phone = await launch()
    browsers.push(phone)
    const page = await phone.open(`${base}/app?user=dora&account=acme`, () => {
      const w = window as unknown as { __seen: boolean[]; Milepost?: Mp['Milepost'] & { subscribe(fn: (s: ReturnType<Mp['Milepost']['getState']>) => void): void } }
      w.__seen = []
      const look = () => {
        if (!w.Milepost?.subscribe) return void setTimeout(look)
        w.Milepost.subscribe((s) => void (s.ready && w.__seen.push(!!s.milestones.flatMap((m) => m.steps).find((x) => x.id == 'first-report')?.done)))
      }
      look()
    })
    await page.waitForFunction(() => (window as unknown as Mp).Milepost?.getState().ready === true)
    const seen = await page.evaluate(() => (window as unknown as { __seen: boolean[] }).__seen)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.every(Boolean)).toBe(true) // before: false first (nothing done), then true once the pull answered
    await phone.check(page)
  })
})
