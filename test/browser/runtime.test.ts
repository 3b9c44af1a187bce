import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { aJourney, aMilestone, aStep } from '../builders'
import { launch, page, ready, serve, stepDone, STUB } from './helpers'
import type { Browser } from './helpers'

type W = Window & { Milepost: import('../../src/runtime/api').Milepost; order: string[] }

const journey = aJourney({
  milestones: [
    aMilestone({
      id: 'setup',
      steps: [
        aStep({ id: 'invite' }),
        aStep({ id: 'connect', completeWhen: { event: 'data.connected' } }),
        aStep({ id: 'open-reports', completeWhen: { url: '/app/reports*' } }),
        aStep({ id: 'click-new', completeWhen: { click: '#new-report' } }),
        aStep({ id: 'see-banner', completeWhen: { visible: '.banner' } }),
      ],
    }),
  ],
})
const tag = `data-config-url="/journey.json" data-user-id="u1" data-traits='{"signedUpAt":"2026-11-01T09:00:00Z"}'`
const app = page(tag, '<button id="new-report">New report</button>')

let server: Awaited<ReturnType<typeof serve>>
let browser: Browser
const opened: Page[] = []
const open = async (path: string, init?: () => void) => {
  const p = await browser.open(server.url + path, init)
  opened.push(p)
  return p
}

beforeAll(async () => {
  server = await serve({
    '/journey.json': JSON.stringify(journey),
    '/stub': page(tag, `<script>
      window.order = [];
      ${STUB.replace(/<\/?script>/g, '')}
      Milepost.on('step:completed', function (e) { order.push(e.stepId) });
      Milepost.complete('invite').then(function () { order.push('resolved:invite') });
      Milepost.track('data.connected').then(function () { order.push('resolved:track') });
    </script>`),
    '/twice': page(tag) + '<script src="/dist/milepost.min.js" data-config-url="/journey.json"></script>',
    // An app inside a sandboxed iframe (an opaque origin): IndexedDB and localStorage are denied there.
    '/sandboxed': '<!doctype html><html><body><iframe sandbox="allow-scripts" src="/framed"></iframe></body></html>',
    '/framed': page(`data-config='${JSON.stringify(journey).replace(/'/g, '&#39;')}' data-user-id="u1" data-ui="false"`, `<script>
      window.errors = [];
      window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] };
    </script>`),
    '*': app,
  })
})
afterAll(() => server.close())
beforeEach(async () => {
  browser = await launch()
})
afterEach(async () => {
  for (const p of opened.splice(0)) await browser.check(p) // zero page errors, zero unhandled rejections
  await browser.close()
})

describe('the built script tag in Chromium', () => {
  it('starts by itself from its data- attributes, with IndexedDB', async () => {
    const p = await open('/app')
    await ready(p)
    expect(await p.evaluate(() => {
      const s = (window as unknown as W).Milepost.getState()
      return [s.persistence, s.user.id, s.journeyId]
    })).toEqual(['indexeddb', 'u1', 'acme-onboarding'])
  })

  it('keeps progress across a reload', async () => {
    const p = await open('/app')
    await ready(p)
    await p.evaluate(() => (window as unknown as W).Milepost.complete('invite'))
    await p.reload()
    await ready(p)
    expect(await stepDone(p, 'invite')).toBe(true)
  })

  it('shows a change made in one tab in the other within 100 ms', async () => {
    const a = await open('/app')
    const b = await open('/app')
    await Promise.all([ready(a), ready(b)])
    await b.evaluate(() => {
      const w = window as unknown as W & { seenAt?: number }
      w.Milepost.subscribe((s) => {
        if (s.milestones[0]!.steps[0]!.done) w.seenAt ??= Date.now()
      })
    })
    const savedAt = await a.evaluate(async () => {
      await (window as unknown as W).Milepost.complete('invite')
      return Date.now()
    })
    await b.waitForFunction(() => (window as unknown as { seenAt?: number }).seenAt !== undefined)
    const seenAt = await b.evaluate(() => (window as unknown as { seenAt: number }).seenAt)
    expect(seenAt - savedAt).toBeLessThanOrEqual(100)
  })

  it('completes steps on an SPA route change, a click and an element that appears later', async () => {
    const p = await open('/app')
    await ready(p)
    await p.evaluate(() => history.pushState({}, '', '/app/reports/42'))
    // The URL step done says the page's triggers run (they start together): a click before they
    // have loaded is not seen (runtime.md), and this test is about the ones they see.
    await p.waitForFunction(() => (window as unknown as W).Milepost.getState().milestones.some((m) => m.steps.some((s) => s.id == 'open-reports' && s.done)))
    await p.click('#new-report')
    await p.evaluate(() => setTimeout(() => {
      const banner = document.createElement('div')
      banner.className = 'banner'
      banner.textContent = 'Your data is in'
      document.body.append(banner)
    }, 200))
    await p.waitForFunction(() => (window as unknown as W).Milepost.getState().percent === 60) // 3 of 5 steps
    expect(await Promise.all(['open-reports', 'click-new', 'see-banner'].map((id) => stepDone(p, id)))).toEqual([true, true, true])
  })

  it('starts again on init() after destroy() (sign out, sign in as another user, no reload), with IndexedDB, the UI and the triggers', async () => {
    const p = await open('/app')
    await ready(p)
    await p.evaluate(() => (window as unknown as W).Milepost.complete('invite'))
    await p.waitForSelector('milepost-ui', { state: 'attached' })
    await p.evaluate(() => (window as unknown as W).Milepost.destroy())
    expect(await p.locator('milepost-ui').count()).toBe(0)
    // The tag's data- attributes are the defaults again (its journey's URL); the user is the host's.
    await p.evaluate(() => (window as unknown as W).Milepost.init({ user: { id: 'u2' } }))
    expect(await p.evaluate(() => {
      const s = (window as unknown as W).Milepost.getState()
      return [s.ready, s.persistence, s.user.id, s.milestones[0]!.steps[0]!.done]
    })).toEqual([true, 'indexeddb', 'u2', false])
    await p.waitForSelector('milepost-ui', { state: 'attached' })
    expect(await p.locator('milepost-ui').count()).toBe(1) // the new instance's UI alone
    await p.click('#new-report')
    await p.waitForFunction(() => (window as unknown as W).Milepost.getState().milestones[0]!.steps[3]!.done)
    await p.evaluate(() => (window as unknown as W).Milepost.destroy())
    await p.evaluate(() => (window as unknown as W).Milepost.init({ user: { id: 'u1' } }))
    expect(await stepDone(p, 'invite')).toBe(true)
    expect(await stepDone(p, 'click-new')).toBe(false)
    expect(browser.warnings(p).filter((w) => w.includes('init()'))).toEqual([])
  })

  it("switching users and previews back and forth leaves nothing behind (listeners, tab channels); destroy() leaves only the tag's page-leave hints", async () => {
    const p = await open('/app', () => {
      // Counts the tab channels open now.
      const w = window as unknown as { open: number }
      const Channel = window.BroadcastChannel
      w.open = 0
      window.BroadcastChannel = class extends Channel {
        constructor(name: string) {
          super(name)
          w.open++
        }
        override close() {
          w.open--
          super.close()
        }
      }
    })
    await ready(p)
    const cdp = await p.context().newCDPSession(p)
    const urls = new Map<string, string>()
    cdp.on('Debugger.scriptParsed', (e) => void urls.set(e.scriptId, e.url))
    await cdp.send('Debugger.enable') // reports the scripts already parsed too
    /** Milepost's listeners on window and document (its files'), as `target.type`, sorted. */
    const ours = async () => {
      const found: string[] = []
      for (const target of ['window', 'document']) {
        const { result } = await cdp.send('Runtime.evaluate', { expression: target })
        const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! })
        for (const l of listeners) if (urls.get(l.scriptId)?.includes('/dist/milepost')) found.push(`${target}.${l.type}`)
      }
      return found.sort()
    }
    const channels = () => p.evaluate(() => (window as unknown as { open: number }).open)
    const switches = (n: number) => p.evaluate(async (n) => {
      const m = (window as unknown as W).Milepost
      for (let i = 0; i < n; i++) {
        await m.identify('u' + (i % 3 + 2))
        await m.track('report.viewed')
        if (i % 5 == 0) await m.preview({ day: 3 }).then(() => m.preview(false))
      }
      await m.flush()
    }, n)
    await switches(3)
    const first = await ours()
    expect(first).toContain('window.click') // the page triggers of the user's open click step
    expect(await channels()).toBe(1) // the current user's
    await switches(30)
    expect(await ours()).toEqual(first)
    expect(await channels()).toBe(1)
    await p.evaluate(() => (window as unknown as W).Milepost.destroy())
    await expect.poll(channels).toBe(0)
    // The script tag's own, of its triggers' and UI files: which files the next page fetches ahead (runtime.md, destroy()).
    expect(await ours()).toEqual(['window.pagehide', 'window.pagehide'])
  })

  it('replays the calls the loader stub queued, in order, and resolves their promises', async () => {
    const p = await open('/stub')
    await p.waitForFunction(() => (window as unknown as W).order.length === 4)
    // Both calls are saved in one transaction, so both events come before both promises resolve.
    expect(await p.evaluate(() => (window as unknown as W).order)).toEqual(['invite', 'connect', 'resolved:invite', 'resolved:track'])
  })

  it('falls back to localStorage when IndexedDB throws, and loses nothing across a reload', async () => {
    const broken = () => Object.defineProperty(window, 'indexedDB', { get() { throw new DOMException('blocked', 'SecurityError') } })
    const p = await open('/app', broken)
    await ready(p)
    await p.evaluate(() => (window as unknown as W).Milepost.complete('invite'))
    expect(await p.evaluate(() => (window as unknown as W).Milepost.getState().persistence)).toBe('local')
    await p.reload()
    await ready(p)
    expect(await stepDone(p, 'invite')).toBe(true)
  })

  it('works in a sandboxed iframe, where storage is denied: in memory, said once per backend, with no page error', async () => {
    const p = await open('/sandboxed')
    const frame = () => p.frames().find((f) => f.url().endsWith('/framed'))!
    await expect.poll(() => frame()?.evaluate(() => (window as unknown as W).Milepost?.getState?.().ready === true).catch(() => false)).toBe(true)
    await frame().evaluate(() => (window as unknown as W).Milepost.track('data.connected'))
    const seen = await frame().evaluate(() => {
      const state = (window as unknown as W).Milepost.getState()
      return { persistence: state.persistence, connect: state.milestones[0]!.steps.find((s) => s.id === 'connect')!.done, errors: (window as unknown as { errors: string[] }).errors }
    })
    expect(seen).toEqual({
      persistence: 'memory', connect: true,
      errors: [expect.stringMatching(/^storage: storage failed \(SecurityError.*\), using local$/), expect.stringMatching(/^storage: storage failed \(SecurityError.*\), using memory$/)],
    })
    await p.waitForTimeout(300) // a late rejection would show as a page error (checked after each test)
  })

  it('warns once and adds nothing when the script is included twice', async () => {
    const p = await open('/twice', () => {
      const w = window as unknown as { clickListeners: number }
      w.clickListeners = 0
      // Net: added less removed (a copy's start may stop and start its watchers again), by Milepost's
      // files (Playwright's own script listens for clicks on window too).
      const ours = () => !!new Error().stack?.includes('/dist/milepost')
      const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype
      EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, ...rest: [never, never]) {
        if (type === 'click' && this === window && ours()) w.clickListeners++
        return add.call(this, type, ...rest)
      }
      EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, ...rest: [never, never]) {
        if (type === 'click' && this === window && ours()) w.clickListeners--
        return remove.call(this, type, ...rest)
      }
    })
    await ready(p)
    expect(browser.warnings(p).filter((w) => w.includes('loaded twice'))).toHaveLength(1)
    // The first copy's click watcher comes with the triggers file, loaded after the first state.
    await p.waitForFunction(() => (window as unknown as { clickListeners: number }).clickListeners > 0)
    expect(await p.evaluate(() => (window as unknown as { clickListeners: number }).clickListeners)).toBe(1)
  })
})
