// The script tag's files in Chromium: dist/milepost.min.js, then from beside it the UI
// (dist/milepost-ui.min.js) only when there is something to show, and the validator
// (dist/milepost-validate.min.js) only for a journey this browser has not found clean before. Served under a CDN-like sub-path, from
// another origin, under CSP `script-src 'self'` and with a nonce; and a user with nothing to show
// downloads the first file only (the bytes of every script response are counted).
import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createMemoryStore, createSyncHandler, toNodeListener } from '../../src/server'
import { aJourney, aMilestone, aStep } from '../builders'
import { launch, ready, stepDone } from './helpers'
import type { Browser } from './helpers'

const dist = fileURLToPath(new URL('../../dist/', import.meta.url))
// The build the chunks are asked for with: a hash of the version, the sources and the lock file (bb-r30:
// two builds of one version shared `?v=0.1.0`, and a long cache paired a new first file with an old validator).
const { buildId } = await import('../../rollup.config.mjs' as string) as { buildId: () => string }
const version = buildId()
const journey = aJourney({
  milestones: [
    aMilestone({ id: 'setup', steps: [aStep({ id: 'connect', completeWhen: { event: 'data.connected' } })] }),
    aMilestone({ id: 'pro', audience: { plan: 'pro' }, steps: [aStep({ id: 'upgrade' })] }),
  ],
})
const config = JSON.stringify(journey).replace(/'/g, '&#39;')

/** Requests of the engine file under `/flaky/` so far; each fails while `engineDown`. */
let flaky = 0
let engineDown = false
/** The triggers file under `/flakytrig/` fails while `triggersDown`. */
let triggersDown = false

/** Serves `<prefix>/<file>` from dist/ (with CORS, as public CDNs do) and `/app?…` as a test page. */
const serve = async (pages: (url: URL) => { html: string; csp?: string | undefined } | undefined) => {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const file = /\/(milepost(-ui|-validate|-preview|-chunks|-triggers|-tours|-trouble|-engine|-floating)?\.min\.js)$/.exec(url.pathname)?.[1]
    const broken = (url.pathname.startsWith('/broken/') && (file === 'milepost-ui.min.js' || file === 'milepost-preview.min.js' || file === 'milepost-triggers.min.js' || file === 'milepost-tours.min.js' || file === 'milepost-trouble.min.js')) ||
      (url.pathname.startsWith('/noengine/') && file === 'milepost-engine.min.js') ||
      (url.pathname.startsWith('/nofloat/') && file === 'milepost-floating.min.js') ||
      // A network blip: the engine file fails while the test says the network is down.
      (url.pathname.startsWith('/flaky/') && file === 'milepost-engine.min.js' && (flaky++, engineDown)) ||
      (url.pathname.startsWith('/flakytrig/') && file === 'milepost-triggers.min.js' && triggersDown)
    if (file && !broken) {
      const body = await readFile(dist + file)
      return res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store', 'access-control-allow-origin': '*' }).end(body)
    }
    if (url.pathname.startsWith('/api/')) return endpoint(req, res, url)
    // A form's POST that the server answers, 150 ms later, with a redirect to `to` (a server-rendered app).
    if (url.pathname === '/submit') {
      return void req.resume().on('end', () => setTimeout(() => res.writeHead(303, { location: url.searchParams.get('to')! }).end(), 150))
    }
    // A journey that takes 400 ms to arrive (data-config-url): what the page fetches meanwhile shows.
    if (url.pathname === '/slow/journey.json') {
      return void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(url.searchParams.get('json')), 400)
    }
    const page = pages(url)
    if (!page) return res.writeHead(404).end()
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...(page.csp ? { 'content-security-policy': page.csp } : {}) })
      .end(page.html)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as AddressInfo).port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

/** `after`: the host's own script after the tag (which then gets no data-config: the host calls init()). */
const html = (src: string, attrs = '', before = '', after = '') => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head>
<body><h1>Host</h1>${before && `<script>${before}</script>`}<script src="${src}" ${attrs.includes('data-config') || after ? '' : `data-config='${config}'`} ${attrs}></script>${after && `<script>${after}</script>`}</body></html>`

/**
 * `/api/…`: a sync endpoint that has lost everything: it answers every pull and every batch with
 * an empty document (acknowledging the batch), so the client's anti-entropy push sends what it
 * lacks. `posted` holds the bodies of its POSTs.
 */
const posted: Array<{ userId?: string; events: unknown[]; progress?: { steps: Record<string, unknown> } }> = []
/** Document pushes the reference handler received (for a failure's message). */
const pushes: string[] = []
/** false: `/api/…` is the reference handler on a memory store, which keeps what it is sent. */
let lost = true
const reference = toNodeListener(createSyncHandler({ store: createMemoryStore(), authorize: () => ({ userId: 'admin', role: 'admin' as const }) }), { basePath: '/api' })
/** Batches `/api/…` answers 401 before it takes them again (a session that expired). */
let refusals = 0
const endpoint = (req: IncomingMessage, res: ServerResponse, url: URL) => {
  if (req.method == 'POST' && refusals > 0 && refusals--) return void req.resume().on('end', () => res.writeHead(401).end())
  if (!lost) {
    req.on('data', (c: Buffer) => void (String(c).includes('"progress":') && pushes.push(String(c))))
    return reference(req, res)
  }
  let text = ''
  req.on('data', (c: Buffer) => (text += c))
  req.on('end', () => {
    const body = text ? JSON.parse(text) as { batchId: string; userId: string; events: Array<{ id: string }> } : undefined
    if (body) posted.push(body)
    const userId = body?.userId ?? url.searchParams.get('userId') ?? ''
    const progress = { v: 1, userId, epoch: 0, steps: {}, tracks: {}, urls: {}, clicks: {}, visible: {}, sessions: {}, nudges: {}, escalations: {} }
    res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify(body ? { batchId: body.batchId, acked: body.events.map((e) => e.id), rejected: [], progress } : { progress }))
  })
}

/** `/app?src=…&attrs=…&csp=…`: the page loads the tag from `src`. */
let site: Awaited<ReturnType<typeof serve>>
/** Another origin (localhost instead of 127.0.0.1), as a CDN would be. */
let cdn: Awaited<ReturnType<typeof serve>>
let browser: Browser

beforeAll(async () => {
  site = await serve((url) => url.pathname === '/app'
    ? { html: html(url.searchParams.get('src')!, url.searchParams.get('attrs') ?? '', url.searchParams.get('before') ?? '', url.searchParams.get('after') ?? ''), csp: url.searchParams.get('csp') ?? undefined }
    : undefined)
  cdn = await serve(() => undefined)
})
afterAll(async () => {
  await site.close()
  await cdn.close()
})
beforeEach(async () => {
  browser = await launch()
})
afterEach(async () => {
  await browser.close()
})

/** Each script response: its URL without the query, the query (`?v=…` on a chunk), its body's length. */
type Scripts = Array<{ url: string; search: string; bytes: number }>
/**
 * Opens the app page; records every script response with its body's length, and as `problems` every
 * CSP violation, page error and unhandled rejection.
 */
const open = async (query: Record<string, string>): Promise<[Page, Scripts, string[]]> => {
  const scripts: Scripts = []
  const page = await browser.context.newPage()
  const problems: string[] = []
  page.on('response', (r) => {
    if (!r.ok() || r.request().resourceType() !== 'script') return
    const { origin, pathname, search } = new URL(r.url())
    const entry = { url: origin + pathname, search, bytes: -1 }
    scripts.push(entry) // at once; its body's length when it has arrived (see `total`)
    void r.body().then((b) => (entry.bytes = b.length), () => {})
  })
  page.on('console', (m) => void (/^(csp|rejection):/.test(m.text()) && problems.push(m.text())))
  await page.addInitScript(() => {
    addEventListener('securitypolicyviolation', (e) => console.log(`csp: ${e.violatedDirective} ${e.blockedURI}`))
    addEventListener('unhandledrejection', (e) => console.log(`rejection: ${String(e.reason)}`))
  })
  page.on('pageerror', (e) => problems.push('pageerror: ' + String(e)))
  await page.goto(`http://127.0.0.1:${site.port}/app?${new URLSearchParams(query)}`)
  return [page, scripts, problems]
}
const launcher = (p: Page) =>
  p.waitForFunction(() => !!document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.lc'), null, { timeout: 10_000 })
/** The bytes of every script the page received, once each body has arrived. */
const total = async (scripts: Scripts) => {
  await expect.poll(() => scripts.every((s) => s.bytes >= 0)).toBe(true)
  return scripts.reduce((sum, s) => sum + s.bytes, 0)
}
const uiFile = (scripts: Scripts) => scripts.filter((s) => s.url.endsWith('/milepost-ui.min.js'))

describe('the script tag loads its UI from its own URL', () => {
  it('under a CDN-like sub-path: every file comes from that folder, each chunk asked for with its build', async () => {
    const [p, scripts, problems] = await open({ src: '/cdn/milepost@0.1.0/dist/milepost.min.js', attrs: 'data-user-id="u1"' })
    await launcher(p)
    await expect.poll(() => scripts.map((s) => new URL(s.url).pathname).sort()).toEqual([
      '/cdn/milepost@0.1.0/dist/milepost-engine.min.js', '/cdn/milepost@0.1.0/dist/milepost-ui.min.js', '/cdn/milepost@0.1.0/dist/milepost-validate.min.js',
      '/cdn/milepost@0.1.0/dist/milepost.min.js',
    ])
    // A host that caches its static folder for long never pairs an upgraded first file with an old chunk.
    expect(version).toMatch(/^[0-9a-z]{5}$/)
    const v = `?v=${version}`
    expect(Object.fromEntries(scripts.map((s) => [s.url.split('/').pop(), s.search])))
      .toEqual({ 'milepost.min.js': '', 'milepost-engine.min.js': v, 'milepost-ui.min.js': v, 'milepost-validate.min.js': v })
    expect(problems).toEqual([])
  })

  it('written type="module" (document.currentScript is null there): it reads its attributes and loads its files from its own folder', async () => {
    const [p, scripts, problems] = await open({ src: '/cdn/milepost@0.1.0/dist/milepost.min.js', attrs: 'type="module" data-user-id="u-module"' })
    await launcher(p)
    expect(await p.evaluate(() => (window as unknown as { Milepost: { getState(): { user: { id: string } } } }).Milepost.getState().user.id)).toBe('u-module')
    expect(scripts.map((s) => new URL(s.url).pathname).filter((path) => !path.startsWith('/cdn/milepost@0.1.0/dist/'))).toEqual([])
    expect(uiFile(scripts)).toHaveLength(1)
    expect(problems).toEqual([])
  })

  it('from another origin (a CDN answering with CORS)', async () => {
    const src = `http://localhost:${cdn.port}/npm/milepost/dist/milepost.min.js`
    const [p, scripts, problems] = await open({ src, attrs: 'data-user-id="u1"' })
    await launcher(p)
    await expect.poll(() => uiFile(scripts).map((s) => s.url)).toEqual([`http://localhost:${cdn.port}/npm/milepost/dist/milepost-ui.min.js`])
    expect(problems).toEqual([])
  })

  it("under CSP script-src 'self', with no violation", async () => {
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u1"', csp: "default-src 'self'; script-src 'self'; style-src 'self'; img-src data:" })
    await launcher(p)
    await expect.poll(() => uiFile(scripts)).toHaveLength(1)
    expect(problems).toEqual([])
  })

  it('under a nonce-only CSP: the UI file inherits the tag’s nonce', async () => {
    const [p, scripts, problems] = await open({
      src: '/js/milepost.min.js', attrs: 'data-user-id="u1" nonce="r4nd0m"', csp: "default-src 'self'; script-src 'nonce-r4nd0m'; style-src 'self' 'nonce-r4nd0m'; img-src data:",
    })
    await launcher(p)
    await expect.poll(() => uiFile(scripts)).toHaveLength(1)
    expect(problems).toEqual([])
  })

  it('reports a UI file that cannot load on on("error"), and the runtime keeps working', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] }`
    const [p, scripts, problems] = await open({ src: '/broken/milepost.min.js', attrs: 'data-user-id="u1"', before })
    await ready(p)
    await p.waitForFunction(() => (window as unknown as { errors: string[] }).errors.length > 0)
    const errors = await p.evaluate(() => (window as unknown as { errors: string[] }).errors)
    expect(errors).toEqual([expect.stringMatching(/^ui: the UI could not load: Error: http:\/\/127\.0\.0\.1:\d+\/broken\/milepost-ui\.min\.js could not load/)])
    const done = await p.evaluate(async () => {
      const mp = (window as unknown as { Milepost: import('../../src/runtime/api').Milepost }).Milepost
      await mp.track('data.connected')
      return mp.getState().milestones[0]!.done
    })
    expect(done).toBe(true)
    await expect.poll(() => scripts.map((s) => new URL(s.url).pathname).sort()).toEqual(['/broken/milepost-engine.min.js', '/broken/milepost-validate.min.js', '/broken/milepost.min.js'])
    expect(problems).toEqual([])
  })
})

describe('floating-ui loads only once a tooltip has its target on the page', () => {
  const tipped = JSON.stringify(aJourney({
    milestones: [aMilestone({ id: 'setup', steps: [aStep({ id: 'connect', tooltip: { target: '#reports', text: 'Open your reports' } })] })],
  })).replace(/'/g, '&#39;')
  const floatingFile = (scripts: Scripts) => scripts.filter((s) => s.url.endsWith('/milepost-floating.min.js'))
  const addTarget = (p: Page) => p.evaluate(() => {
    const b = document.createElement('button')
    b.id = 'reports'
    b.textContent = 'Reports'
    document.body.append(b)
  })
  /** The tooltip's top and its target's bottom, once the tooltip shows. */
  const placed = async (p: Page) => {
    await p.waitForFunction(() => {
      const t = document.querySelector('milepost-ui')?.shadowRoot?.querySelector<HTMLElement>('.tp')
      return !!t && getComputedStyle(t).visibility === 'visible' && t.getBoundingClientRect().width > 0
    })
    return p.evaluate(() => [document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.tp')!.getBoundingClientRect().top, document.querySelector('#reports')!.getBoundingClientRect().bottom])
  }

  it('a page without the target shows the checklist without it; once the target appears, the file comes from beside the UI file (nonce-only CSP) and the tooltip is placed under the target', async () => {
    const [p, scripts, problems] = await open({
      src: '/cdn/milepost@0.1.0/dist/milepost.min.js', attrs: `data-user-id="u-tip" data-config='${tipped}' nonce="r4nd0m"`,
      csp: "default-src 'self'; script-src 'nonce-r4nd0m'; style-src 'self' 'nonce-r4nd0m'; img-src data:",
    })
    await launcher(p)
    await p.waitForTimeout(300) // a late request would show in `scripts`
    expect(floatingFile(scripts)).toEqual([])
    await addTarget(p)
    const [top, bottom] = await placed(p)
    expect(top).toBeGreaterThanOrEqual(bottom!)
    expect(floatingFile(scripts).map((s) => new URL(s.url).pathname + s.search)).toEqual([`/cdn/milepost@0.1.0/dist/milepost-floating.min.js?v=${version}`])
    expect(problems).toEqual([])
  })

  it('a page after one that placed a tooltip fetches floating-ui as the tag starts, before its state exists; a page that places none tells the next to wait', async () => {
    const json = JSON.stringify(aJourney({
      milestones: [aMilestone({ id: 'setup', steps: [aStep({ id: 'connect', tooltip: { target: '#reports', text: 'Open your reports' } })] })],
    }))
    // The journey arrives 400 ms after it is asked for: the state cannot exist before.
    const attrs = `data-user-id="u-tip-early" data-config-url="/slow/journey.json?json=${encodeURIComponent(json)}"`
    const withTarget = `document.body.insertAdjacentHTML('beforeend', '<button id="reports">Reports</button>')`
    /** Opens a page, and leaves it once done: whether floating-ui was asked for before the journey arrived, after, or not. */
    const visit = async (target: boolean) => {
      const [p, , problems] = await open({ src: '/js/milepost.min.js', attrs, before: target ? withTarget : '' })
      await launcher(p)
      if (target) await placed(p)
      const when = await p.evaluate(() => {
        const entry = (name: string) => performance.getEntriesByType('resource').find((e) => e.name.includes(name)) as PerformanceResourceTiming | undefined
        const [floating, journey] = [entry('/milepost-floating.min.js'), entry('/slow/journey.json')]
        return !floating ? 'none' : floating.startTime < journey!.responseEnd ? 'before the state' : 'after the state'
      })
      await p.goto('about:blank') // pagehide: what the next page reads
      expect(problems).toEqual([])
      return when
    }
    expect(await visit(true)).toBe('after the state') // a first page: once the tooltip is wanted
    expect(await visit(true)).toBe('before the state') // the last one placed a tooltip: as the tag starts
    expect(await visit(false)).toBe('before the state') // fetched ahead, and none placed
    expect(await visit(true)).toBe('after the state') // so this one waits for its tooltip again
  })

  it('a target in the page but not shown (inside a closed menu: display none) loads no file; once the menu opens, the file comes and the tooltip is placed', async () => {
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: `data-user-id="u-tip-hidden" data-config='${tipped}'` })
    await launcher(p)
    await p.evaluate(() => {
      const menu = document.createElement('div')
      menu.id = 'menu'
      menu.style.display = 'none'
      menu.innerHTML = '<button id="reports">Reports</button>'
      document.body.append(menu)
    })
    await p.waitForTimeout(300) // a late request would show in `scripts`
    expect(floatingFile(scripts)).toEqual([])
    expect(await p.evaluate(() => getComputedStyle(document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.tp')!).visibility)).toBe('hidden')
    // The panel opening asks the tooltip to place itself again (what it must not cover): nothing to place yet.
    await p.locator('milepost-ui').locator('.lc').click()
    await p.waitForFunction(() => !!document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.pn'))
    await p.keyboard.press('Escape')
    await p.waitForFunction(() => !document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.pn'))
    await p.evaluate(() => (document.getElementById('menu')!.style.display = 'block'))
    const [top, bottom] = await placed(p)
    expect(top).toBeGreaterThanOrEqual(bottom!)
    expect(floatingFile(scripts)).toHaveLength(1)
    expect(problems).toEqual([])
  })

  it("under Trusted Types (require-trusted-types-for 'script', no policy allowed) and script-src 'self': every file loads, the tooltip is placed and the checklist opens, with no violation", async () => {
    const [p, scripts, problems] = await open({
      src: '/js/milepost.min.js', attrs: `data-user-id="u-tt" data-config='${tipped}'`,
      csp: "default-src 'self'; script-src 'self'; style-src 'self'; img-src data:; require-trusted-types-for 'script'; trusted-types 'none'",
    })
    await launcher(p)
    await addTarget(p)
    const [top, bottom] = await placed(p)
    expect(top).toBeGreaterThanOrEqual(bottom!)
    expect(floatingFile(scripts)).toHaveLength(1)
    await p.locator('milepost-ui').locator('.lc').click()
    await p.waitForFunction(() => !!document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.pn'))
    expect(problems).toEqual([])
  })

  it('a floating-ui file that cannot load is reported once on on("error"); the checklist works, and the next change on the page tries again', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] }`
    const [p, , problems] = await open({ src: '/nofloat/milepost.min.js', attrs: `data-user-id="u-nofloat" data-config='${tipped}'`, before })
    let asked = 0
    p.on('request', (r) => void (r.url().includes('/milepost-floating.min.js') && asked++))
    await launcher(p)
    await addTarget(p)
    await p.waitForFunction(() => (window as unknown as { errors: string[] }).errors.length > 0)
    await expect.poll(() => asked).toBe(1)
    // The page changes, the target staying (a network blip is over): the file is asked for again, and told once.
    await p.evaluate(() => document.body.append(document.createElement('p')))
    await expect.poll(() => asked).toBe(2)
    await p.waitForTimeout(300) // a second report would show in `errors`
    expect(await p.evaluate(() => (window as unknown as { errors: string[] }).errors))
      .toEqual([expect.stringMatching(/^ui: tooltips cannot be placed: http:\/\/127\.0\.0\.1:\d+\/nofloat\/milepost-floating\.min\.js could not load/)])
    await p.locator('milepost-ui').locator('.lc').click()
    await p.waitForFunction(() => !!document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.pn'))
    expect(problems).toEqual([])
  })
})

describe('a user with nothing to show downloads the first file only', () => {
  const firstFile = async () => (await readFile(dist + 'milepost.min.js')).length

  it('once their journey is done: the next page requests no UI file', async () => {
    const [p1, first] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-done"' })
    await launcher(p1)
    await expect.poll(() => first.map((s) => new URL(s.url).pathname).sort())
      .toEqual(['/js/milepost-engine.min.js', '/js/milepost-ui.min.js', '/js/milepost-validate.min.js', '/js/milepost.min.js'])
    await p1.evaluate(() => (window as unknown as { Milepost: { track(n: string): Promise<void> } }).Milepost.track('data.connected'))
    await p1.evaluate(() => (window as unknown as { Milepost: { flush(): Promise<void> } }).Milepost.flush())
    await p1.close()
    const [p2, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-done"' })
    await ready(p2)
    expect(await p2.evaluate(() => (window as unknown as { Milepost: { getState(): { done: boolean } } }).Milepost.getState().done)).toBe(true)
    await p2.waitForTimeout(300) // a late UI request would show in `scripts`
    expect(uiFile(scripts)).toEqual([])
    expect(await total(scripts)).toBe(await firstFile())
    expect(await p2.evaluate(() => document.querySelector('milepost-ui'))).toBe(null)
    expect(problems).toEqual([])
  })

  /** Opens a page for `user` (with `attrs`), hides their checklist and closes it once stored. */
  const hide = async (attrs: string) => {
    const [p1] = await open({ src: '/js/milepost.min.js', attrs })
    await launcher(p1)
    const inUi = (label: string) => p1.locator('milepost-ui').locator('button', { hasText: label })
    await p1.locator('milepost-ui').locator('.lc').click()
    await inUi('Hide checklist').click()
    await inUi('Hide it').click()
    await p1.waitForFunction(() => !document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.lc, .pn'))
    expect(await p1.evaluate(() => (window as unknown as { Milepost: { getState(): { dismissed: boolean; done: boolean } } }).Milepost.getState()))
      .toMatchObject({ dismissed: true, done: false })
    await p1.evaluate(() => (window as unknown as { Milepost: { flush(): Promise<void> } }).Milepost.flush())
    // The engine file remembers the state in a task after the change.
    await p1.waitForFunction(() => localStorage.getItem('milepost:quiet')?.startsWith('[['))
    await p1.close()
  }
  type Mp = { Milepost: { track(n: string): Promise<void>; getState(): { milestones: Array<{ steps: Array<{ id: string; done: boolean }> }> }; getProgress(): { steps: Record<string, { done?: number }> } } }
  const stepOf = (p: Page, id: string) => p.evaluate((id) => (window as unknown as Mp).Milepost.getState().milestones.flatMap((m) => m.steps).find((s) => s.id == id)!.done, id)

  // A hidden journey still open is quiet until time alone may change it (core/quiet.ts): at noon,
  // until midnight here (the page's clock is held there, so a run near midnight says the same).
  it('who hid the checklist ("Hide checklist", "Hide it") of a journey still open: the next page requests the first file alone; the host\'s own events load nothing, a step\'s event brings the engine and completes it', async () => {
    await browser.context.clock.setFixedTime(new Date().setHours(12, 0, 0, 0))
    await hide('data-user-id="u-hid"')
    const [p2, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-hid"' })
    await ready(p2)
    await p2.evaluate(() => (window as unknown as Mp).Milepost.track('report.viewed'))
    await p2.waitForTimeout(300) // a late request (the engine fetched ahead, the UI) would show in `scripts`
    expect(scripts.map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost.min.js'])
    expect(await total(scripts)).toBe(await firstFile())
    expect(await stepOf(p2, 'connect')).toBe(false)
    await p2.evaluate(() => (window as unknown as Mp).Milepost.track('data.connected'))
    expect(scripts.map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost.min.js', '/js/milepost-engine.min.js'])
    expect(await stepOf(p2, 'connect')).toBe(true)
    expect(await p2.evaluate(() => (window as unknown as Mp).Milepost.getProgress().steps['connect']?.done)).toBeTypeOf('number')
    expect(problems).toEqual([])
  })

  it('who hid the checklist and did a step\'s thing as the page went (its event, then a full page load before the engine came): the next page shows the step done', async () => {
    await browser.context.clock.setFixedTime(new Date().setHours(12, 0, 0, 0))
    await hide('data-user-id="u-hid-leave"')
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-hid-leave"' })
    await ready(p)
    expect(scripts.map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost.min.js'])
    await p.evaluate(() => {
      void (window as unknown as Mp).Milepost.track('data.connected')
      location.reload()
    })
    await p.waitForLoadState('load')
    await ready(p)
    await expect.poll(() => stepOf(p, 'connect')).toBe(true)
    expect(problems).toEqual([])
  })

  it('who hid the checklist of a journey whose open steps complete on the page: the next page requests the first file and the page triggers\' alone, and a URL reached brings the engine and completes its step', async () => {
    await browser.context.clock.setFixedTime(new Date().setHours(12, 0, 0, 0))
    const onPage = aJourney({ milestones: [aMilestone({ id: 'look', steps: [aStep({ id: 'reports', completeWhen: { url: '/reports*' } }), aStep({ id: 'other' })] })] })
    const attrs = `data-user-id="u-hid-page" data-config='${JSON.stringify(onPage).replace(/'/g, '&#39;')}'`
    await hide(attrs)
    const [p2, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs })
    await ready(p2)
    await expect.poll(() => scripts.map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost.min.js', '/js/milepost-triggers.min.js'])
    await p2.waitForTimeout(300)
    expect(scripts).toHaveLength(2)
    await p2.evaluate(() => history.pushState(null, '', '/reports/1'))
    await expect.poll(() => stepOf(p2, 'reports')).toBe(true)
    expect(scripts.map((s) => new URL(s.url).pathname)).toContain('/js/milepost-engine.min.js')
    expect(problems).toEqual([])
  })

  it('of a journey with a warning (a field the validator does not know): the next page requests no validator either', async () => {
    const noted = JSON.stringify({ ...journey, notes: 'for the PM' }).replace(/'/g, '&#39;')
    const attrs = `data-user-id="u-noted" data-config='${noted}'`
    const [p1, first] = await open({ src: '/js/milepost.min.js', attrs })
    await launcher(p1)
    expect(first.map((s) => new URL(s.url).pathname)).toContain('/js/milepost-validate.min.js')
    await p1.evaluate(() => (window as unknown as { Milepost: { track(n: string): Promise<void> } }).Milepost.track('data.connected'))
    await p1.close()
    const [p2, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs })
    await ready(p2)
    expect(await p2.evaluate(() => (window as unknown as { Milepost: { getState(): { done: boolean } } }).Milepost.getState().done)).toBe(true)
    await p2.waitForTimeout(300) // a late request (the validator fetched ahead) would show in `scripts`
    expect(scripts.map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost.min.js'])
    expect(await total(scripts)).toBe(await firstFile())
    expect(problems).toEqual([])
  })

  // The nudge holds from the sighting on, and its card may show again (caps, snooze): the engine runs.
  it('of a journey with a nudge on an element seen: the page watches until the sighting is recorded, then the next page downloads neither the triggers nor the UI', async () => {
    const hinted = JSON.stringify({ ...journey, nudges: [{ id: 'hint', when: { seen: { visible: 'h1' } }, card: { title: 'Tip', body: 'There is more.' } }] }).replace(/'/g, '&#39;')
    const attrs = `data-user-id="u-hinted" data-config='${hinted}'`
    const [p1, first] = await open({ src: '/js/milepost.min.js', attrs })
    await launcher(p1)
    await p1.evaluate(() => (window as unknown as { Milepost: { track(n: string): Promise<void> } }).Milepost.track('data.connected'))
    // The heading is in view: its sighting is recorded (the triggers file watched for it).
    await expect.poll(() => p1.evaluate(() => Object.keys((window as unknown as { Milepost: { getProgress(): { visible: object } } }).Milepost.getProgress().visible))).toEqual(['h1'])
    expect(first.filter((s) => s.url.endsWith('/milepost-triggers.min.js'))).toHaveLength(1)
    // Its card showed once, and the page ends with nothing to show (a page left while the card is
    // still to be recorded as shown tells the next one to fetch the UI and the triggers ahead). The
    // record of the show first: a journey done before the sighting writes "nothing to show" once
    // already (the likeliest reading of a CI failure: the page closed between the sighting and its card).
    // The journey's moment, when the sighting came after the step that finished it (the triggers start once
    // the page's first state and an earlier page's hand-over are in), holds the card back until it is closed.
    await expect.poll(() => p1.evaluate(() => {
      document.querySelector('milepost-ui')?.shadowRoot?.querySelector<HTMLElement>('.ch .x')?.click()
      return Object.keys((window as unknown as { Milepost: { getProgress(): { nudges: Record<string, { shown: object }> } } }).Milepost.getProgress().nudges.hint?.shown ?? {}).length
    })).toBe(1)
    await p1.waitForFunction(() => localStorage.getItem('milepost:shows') === '0')
    // The sighting and the show are the runtime's own writes, which the test did not await: stored
    // before the page closes (a second CI failure read the next page's progress without them).
    await p1.evaluate(() => (window as unknown as { Milepost: { flush(): Promise<void> } }).Milepost.flush())
    await p1.close()
    const [p2, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs })
    await ready(p2)
    expect(await p2.evaluate(() => (window as unknown as { Milepost: { getState(): { done: boolean } } }).Milepost.getState().done)).toBe(true)
    await p2.waitForTimeout(300) // a late request would show in `scripts`
    expect(scripts.map((s) => new URL(s.url).pathname).sort()).toEqual(['/js/milepost-engine.min.js', '/js/milepost.min.js'])
    expect(problems).toEqual([])
  })

  // The usual headless start: the host names its user once it knows them, after the tag's own task
  // (which fetches the UI file ahead unless the page before said not to).
  it('whose host renders its own UI (init({ ui: false }) after the tag): from the second page on, no UI file', async () => {
    const after = `fetch('/none').finally(() => Milepost.init({ config: ${JSON.stringify(journey)}, user: { id: 'u-own-ui' }, ui: false }))`
    const [p1, , problems1] = await open({ src: '/js/milepost.min.js', after })
    await ready(p1)
    await p1.evaluate(() => new Promise((r) => setTimeout(r))) // after the tasks init() planned
    expect(await p1.evaluate(() => document.querySelector('milepost-ui'))).toBe(null)
    await p1.close()
    const [p2, scripts, problems2] = await open({ src: '/js/milepost.min.js', after })
    await ready(p2)
    expect(await p2.evaluate(() => (window as unknown as { Milepost: { getState(): { done: boolean } } }).Milepost.getState().done)).toBe(false)
    await p2.waitForTimeout(300) // a late UI request would show in `scripts`
    expect(scripts.map((s) => new URL(s.url).pathname).sort()).toEqual(['/js/milepost-engine.min.js', '/js/milepost.min.js'])
    expect([...problems1, ...problems2]).toEqual([])
  })

  it('when nothing is for their audience: from their second page on, no UI file', async () => {
    const tag = `data-user-id="u-free" data-traits='{"plan":"free"}'`
    const noSetup = JSON.stringify(aJourney({ milestones: [aMilestone({ id: 'pro', audience: { plan: 'pro' }, steps: [aStep({ id: 'upgrade' })] })] }))
    const attrs = `${tag} data-config='${noSetup}'`
    const [p1] = await open({ src: '/js/milepost.min.js', attrs })
    await ready(p1)
    await p1.waitForTimeout(200)
    expect(await p1.evaluate(() => document.querySelector('milepost-ui'))).toBe(null) // loaded at most, never mounted
    await p1.close()
    const [p2, scripts] = await open({ src: '/js/milepost.min.js', attrs })
    await ready(p2)
    await p2.waitForTimeout(300)
    expect(uiFile(scripts)).toEqual([])
    expect(await total(scripts)).toBe(await firstFile())
  })

  it('open() from the host still brings the checklist to a done user', async () => {
    const [p1] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-open"' })
    await launcher(p1)
    await p1.evaluate(() => (window as unknown as { Milepost: { track(n: string): Promise<void> } }).Milepost.track('data.connected'))
    await p1.close()
    const [p2, scripts] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-open"' })
    await ready(p2)
    expect(uiFile(scripts)).toEqual([])
    await p2.evaluate(() => (window as unknown as { Milepost: { open(): void } }).Milepost.open())
    await p2.waitForFunction(() => !!document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.pn'), null, { timeout: 10_000 })
  })
})

describe('a quiet start: a done user\'s page runs without the engine until something counts', () => {
  type Mp = {
    track(n: string): Promise<void>; reset(): Promise<void>; flush(): Promise<void>; identify(id: string, traits?: object): Promise<void>
    on(name: string, fn: (p: unknown) => void): () => void
    getState(): { ready: boolean; done: boolean; now: number; percent: number; milestones: Array<{ id: string; done: boolean; daysLeft: number | null }> }
  }
  const mp = (p: Page) => p.evaluateHandle(() => (window as unknown as { Milepost: Mp }).Milepost)
  const paths = (scripts: Scripts) => scripts.map((s) => new URL(s.url).pathname).sort()
  /**
   * A first page on which the user finishes the journey (completing `steps` in that order, or by the
   * event of the file's step), closed once the state is remembered; then the next page, a quiet
   * start: ready, and nothing downloaded but the first file.
   */
  const quietNext = async (attrs: string, steps?: string[]) => {
    const [p1] = await open({ src: '/js/milepost.min.js', attrs })
    await launcher(p1)
    await p1.evaluate(async (ids) => {
      const m = (window as unknown as { Milepost: Mp & { complete(id: string): Promise<void> } }).Milepost
      if (!ids) return m.track('data.connected')
      for (const id of ids) await m.complete(id)
    }, steps)
    await p1.waitForFunction(() => !!localStorage.getItem('milepost:quiet'))
    await p1.close()
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs })
    await ready(p)
    await p.waitForTimeout(300) // a late request would show in `scripts`
    expect(paths(scripts)).toEqual(['/js/milepost.min.js'])
    return [p, scripts, problems] as const
  }

  it('complete() and skip() right after reset() apply after it, in the order made (they were read against the progress before the reset, and dropped)', async () => {
    const two = JSON.stringify(aJourney({ milestones: [aMilestone({ id: 'm', steps: [aStep({ id: 's1' }), aStep({ id: 's2' }), aStep({ id: 's3' })] })] }))
    const [p, , problems] = await quietNext(`data-user-id="u-q-reset-complete" data-config='${two}'`, ['s1', 's2', 's3'])
    await p.evaluate(() => {
      const m = (window as unknown as { Milepost: Mp & { complete(id: string): Promise<void>; skip(id: string): Promise<void> } }).Milepost
      void m.reset()
      void m.complete('s2')
      void m.skip('s3')
    })
    const steps = () => p.evaluate(() => (window as unknown as { Milepost: { getState(): { milestones: Array<{ steps: Array<{ id: string; done: boolean; skipped: boolean }> }> } } })
      .Milepost.getState().milestones[0]!.steps.map((s) => `${s.id}:${s.done ? 'done' : s.skipped ? 'skipped' : 'open'}`))
    await expect.poll(steps).toEqual(['s1:open', 's2:done', 's3:skipped'])
    await p.reload()
    await ready(p)
    expect(await steps()).toEqual(['s1:open', 's2:done', 's3:skipped'])
    expect(problems).toEqual([])
  })

  it('preview() on a quiet page: subscribers hear the user\'s state, then the preview\'s, never the user\'s marked as a preview', async () => {
    const [p, , problems] = await quietNext('data-user-id="u-q-preview"')
    const heard = await p.evaluate(async () => {
      const m = (window as unknown as { Milepost: Mp & { preview(o: object): Promise<void>; subscribe(fn: (s: { preview: boolean; day: number; percent: number }) => void): () => void } }).Milepost
      const seen: string[] = []
      m.subscribe((s) => seen.push(`${s.preview}:${s.day}:${s.percent}`))
      await m.preview({ day: 5 })
      return seen
    })
    // (The user's state may come twice: the quiet one, then the engine's, the same.)
    expect(heard.filter((h) => h.startsWith('false'))).toEqual(heard.slice(0, -1).map(() => 'false:0:100'))
    expect(heard.filter((h) => h.startsWith('true'))).toEqual(['true:5:0'])
    expect(heard.at(-1)).toBe('true:5:0')
    expect(problems).toEqual([])
  })

  it('a change that waits for the engine is stored when the page goes first (a reset() just before a full page load)', async () => {
    const [p, , problems] = await quietNext('data-user-id="u-q-leave"')
    await p.evaluate(() => {
      void (window as unknown as { Milepost: Mp }).Milepost.reset()
      location.reload() // before the engine's file could come
    })
    await p.waitForLoadState('load')
    await ready(p)
    const now = () => p.evaluate(() => {
      const m = (window as unknown as { Milepost: Mp & { getProgress(): { epoch: number } } }).Milepost
      return [m.getProgress().epoch, m.getState().done]
    })
    expect(await now()).toEqual([1, false])
    expect(problems).toEqual([])
  })

  it('the next page gets the engine\'s state from the first file alone; activity loads nothing; a reset loads the engine, then the UI, and its events are told', async () => {
    const [p, scripts, problems] = await quietNext('data-user-id="u-q1"')
    const state = await p.evaluate(() => ({ ...(window as unknown as { Milepost: Mp }).Milepost.getState(), at: Date.now() }))
    expect(state).toMatchObject({ ready: true, done: true, percent: 100 })
    expect(state.milestones.map((m) => [m.id, m.done])).toEqual([['setup', true]])
    expect(Math.abs(state.now - state.at)).toBeLessThan(5_000) // read at this page's time, not the remembered page's
    // A session was recorded, and an event of the host's own: activity, which a quiet state does not count.
    await p.evaluate(async () => {
      const m = (window as unknown as { Milepost: Mp }).Milepost
      await m.track('report.viewed')
      await m.flush()
    })
    await p.waitForTimeout(300)
    expect(paths(scripts)).toEqual(['/js/milepost.min.js'])
    expect(await p.evaluate(() => Object.keys((window as unknown as { Milepost: { getProgress(): { tracks: object; sessions: object } } }).Milepost.getProgress().tracks)))
      .toEqual(['data.connected', 'report.viewed'])
    // A reset counts: the engine loads first, and the state after it is the engine's.
    const after = await p.evaluate(async () => {
      const m = (window as unknown as { Milepost: Mp }).Milepost
      const told: string[] = []
      m.on('step:completed', () => told.push('step:completed'))
      m.on('journey:completed', () => told.push('journey:completed'))
      await m.reset()
      const reset = m.getState()
      await m.track('data.connected')
      return { done: reset.done, percent: reset.percent, told, again: m.getState().done }
    })
    expect(after).toEqual({ done: false, percent: 0, told: ['step:completed', 'journey:completed'], again: true })
    await expect.poll(() => paths(scripts)).toEqual(['/js/milepost-engine.min.js', '/js/milepost-ui.min.js', '/js/milepost.min.js'])
    expect(problems).toEqual([])
  })

  it('a journey of several steps done out of the file\'s order: the document read back from storage still fits what was remembered', async () => {
    const several = JSON.stringify(aJourney({ milestones: [aMilestone({ id: 'm', steps: ['a', 'b', 'c'].map((id) => aStep({ id })) })] }))
    const [p, , problems] = await quietNext(`data-user-id="u-q5" data-config='${several}'`, ['c', 'a', 'b'])
    expect(await p.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.getState().done)).toBe(true)
    expect(problems).toEqual([])
  })

  it('two users taking turns in one browser each start quietly', async () => {
    const [first] = await quietNext('data-user-id="u-t1"')
    await first.close()
    // The second user finishes on a page of their own; the browser then remembers both.
    const [p1] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-t2"' })
    await launcher(p1)
    await p1.evaluate(() => (window as unknown as { Milepost: Mp & { track(n: string): Promise<void> } }).Milepost.track('data.connected'))
    await p1.waitForFunction(() => (JSON.parse(localStorage.getItem('milepost:quiet') ?? '[]') as unknown[]).filter(Boolean).length == 2)
    await p1.close()
    for (const user of ['u-t1', 'u-t2']) {
      const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: `data-user-id="${user}"` })
      await ready(p)
      await p.waitForTimeout(300) // a late request would show in `scripts`
      expect(await p.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.getState().done)).toBe(true)
      expect(paths(scripts)).toEqual(['/js/milepost.min.js'])
      expect(problems).toEqual([])
      await p.close()
    }
  })

  it('a page of another user with work to do costs the quiet user one page with the engine, not every page after', async () => {
    const [first] = await quietNext('data-user-id="u-h1"')
    await first.close()
    const head = (p: Page) => p.evaluate(() => (JSON.parse(localStorage.getItem('milepost:quiet') ?? '[]') as unknown[])[0] ?? null)
    // Another user, journey to do: their page evaluates, and the head says the last page was not quiet.
    const [other] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-h2"' })
    await launcher(other)
    await expect.poll(() => head(other)).toBeNull()
    await other.close()
    // u-h1's next page fetches the engine as it starts; with it here, it evaluates and puts u-h1's state back at the head.
    const [p1, s1] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-h1"' })
    await ready(p1)
    expect(paths(s1)).toContain('/js/milepost-engine.min.js')
    await expect.poll(() => head(p1)).not.toBeNull()
    expect(await p1.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.getState().done)).toBe(true)
    await p1.close()
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-h1"' })
    await ready(p)
    await p.waitForTimeout(300) // a late request would show in `scripts`
    expect(paths(scripts)).toEqual(['/js/milepost.min.js'])
    expect(problems).toEqual([])
  })

  it('new traits that bring a milestone: identify() resolves once the engine has read them', async () => {
    const [p, scripts, problems] = await quietNext('data-user-id="u-q2"')
    const state = await p.evaluate(async () => {
      const m = (window as unknown as { Milepost: Mp }).Milepost
      await m.identify('u-q2', { plan: 'pro' })
      const { done, milestones } = m.getState()
      return { done, milestones: milestones.map((x) => [x.id, x.done]) }
    })
    expect(state).toEqual({ done: false, milestones: [['setup', true], ['pro', false]] })
    expect(paths(scripts)).toContain('/js/milepost-engine.min.js')
    await launcher(p) // something to show again
    expect(problems).toEqual([])
  })

  it('a change from another tab (a reset there) brings the engine to this quiet page too', async () => {
    const [p, scripts, problems] = await quietNext('data-user-id="u-q3"')
    const [other] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-q3"' })
    await ready(other)
    await other.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.reset())
    await p.waitForFunction(() => (window as unknown as { Milepost: Mp }).Milepost.getState().done === false, null, { timeout: 10_000 })
    expect(paths(scripts)).toContain('/js/milepost-engine.min.js')
    await launcher(p)
    expect(problems).toEqual([])
  })

  it('an engine file that cannot load is reported on on("error"); the page keeps working and nothing throws into it', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] }`
    const [p, , problems] = await open({ src: '/noengine/milepost.min.js', attrs: 'data-user-id="u-q4"', before })
    await p.waitForFunction(() => (window as unknown as { errors: string[] }).errors.length > 0, null, { timeout: 10_000 })
    const after = await p.evaluate(async () => {
      const m = (window as unknown as { Milepost: Mp & { getProgress(): { tracks: object } } }).Milepost
      await m.track('data.connected')
      return { ready: m.getState().ready, tracked: Object.keys(m.getProgress().tracks), errors: (window as unknown as { errors: string[] }).errors }
    })
    expect(after).toEqual({
      ready: false, tracked: ['data.connected'],
      errors: [expect.stringMatching(/^engine: Error: http:\/\/127\.0\.0\.1:\d+\/noengine\/milepost-engine\.min\.js could not load/)],
    })
    expect(problems).toEqual([])
  })

  it('an engine file that failed to load is fetched again by the next change that counts, and the page comes to life', async () => {
    flaky = 0
    engineDown = true
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind) }], function () {}]] }`
    const [p, scripts, problems] = await open({ src: '/flaky/milepost.min.js', attrs: 'data-user-id="u-q5"', before })
    await p.waitForFunction(() => (window as unknown as { errors: string[] }).errors.length > 0, null, { timeout: 10_000 })
    expect(await p.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.getState().ready)).toBe(false)
    // The tag's early fetch and the state's failed (one request when the state asked while the early
    // one was in flight): the page waits. The network is back; nothing asks until a change counts.
    const failed = flaky
    expect(failed).toBeGreaterThanOrEqual(1)
    engineDown = false
    const after = await p.evaluate(async () => {
      const m = (window as unknown as { Milepost: Mp & { complete(id: string): Promise<void> } }).Milepost
      await m.complete('connect')
      const s = m.getState() as unknown as { ready: boolean; milestones: Array<{ id: string; done: boolean }> }
      return { ready: s.ready, setup: s.milestones.find((x) => x.id == 'setup')!.done, errors: (window as unknown as { errors: string[] }).errors }
    })
    expect(after).toEqual({ ready: true, setup: true, errors: ['engine'] })
    expect(flaky).toBe(failed + 1) // fetched again once, by the change
    expect(paths(scripts).filter((x) => x.endsWith('milepost-engine.min.js'))).toContain('/flaky/milepost-engine.min.js')
    expect(problems).toEqual([])
  })
})

describe('the preview and the document push load from beside the tag when needed', () => {
  const nonceCsp = "default-src 'self'; script-src 'nonce-r4nd0m'; style-src 'self' 'nonce-r4nd0m'; img-src data:"
  type Mp = { preview(o?: unknown): Promise<void>; getState(): { preview: boolean; milestones: Array<{ done: boolean }> } }

  it('preview(): the preview file comes from the tag’s folder, under a nonce-only CSP, and works', async () => {
    const [p, scripts, problems] = await open({ src: '/cdn/milepost@0.1.0/dist/milepost.min.js', attrs: 'data-user-id="u-pv" nonce="r4nd0m"', csp: nonceCsp })
    await ready(p)
    expect(scripts.some((s) => s.url.endsWith('/milepost-preview.min.js'))).toBe(false) // not before it is asked for
    const state = await p.evaluate(async () => {
      const mp = (window as unknown as { Milepost: Mp }).Milepost
      await mp.preview({ day: 3, completed: ['connect'] })
      const { preview, milestones } = mp.getState()
      return { preview, done: milestones[0]!.done }
    })
    expect(state).toEqual({ preview: true, done: true })
    expect(scripts.filter((s) => s.url.endsWith('milepost-preview.min.js')).map((s) => new URL(s.url).pathname)).toEqual(['/cdn/milepost@0.1.0/dist/milepost-preview.min.js'])
    await p.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.preview(false))
    expect(await p.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.getState().preview)).toBe(false)
    expect(problems).toEqual([])
  })

  it('a preview switched away from before its file arrives leaves the next user’s calls waiting for that user, and the file starts nothing', async () => {
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-pv4" data-ui="false"' })
    await ready(p)
    type Mp2 = Omit<Mp, 'getState'> & { identify(id: string): Promise<void>; track(n: string): Promise<void>; getState(): ReturnType<Mp['getState']> & { user: { id: string } } }
    await p.evaluate(async () => {
      const mp = (window as unknown as { Milepost: Mp2 }).Milepost
      void mp.preview({ day: 3 })
      void mp.identify('u-pv5') // the preview's session stops while its file is on its way
      await mp.track('data.connected')
    })
    // The file arrives (and is evaluated: the same module, imported again) after all that.
    await expect.poll(() => scripts.find((x) => x.url.endsWith('/milepost-preview.min.js'))?.url).toBeTruthy()
    const file = scripts.find((x) => x.url.endsWith('/milepost-preview.min.js'))!
    await p.evaluate((url) => (0, eval)(`import(${JSON.stringify(url)})`).then(() => new Promise((resolve) => setTimeout(resolve, 0))), file.url + file.search)
    const state = await p.evaluate(() => {
      const s = (window as unknown as { Milepost: Mp2 }).Milepost.getState()
      return { user: s.user.id, preview: s.preview, done: s.milestones[0]!.done }
    })
    expect(state).toEqual({ user: 'u-pv5', preview: false, done: true })
    expect(problems).toEqual([])
  })

  it('a preview file that cannot load is reported, and the page goes on with the user’s own state', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] }`
    const [p, , problems] = await open({ src: '/broken/milepost.min.js', attrs: 'data-user-id="u-pv3" data-ui="false"', before })
    await ready(p)
    const state = await p.evaluate(async () => {
      const mp = (window as unknown as { Milepost: Mp & { track(n: string): Promise<void>; getState(): { ready: boolean } } }).Milepost
      await mp.preview({ day: 3 })
      await mp.track('data.connected')
      const { preview, ready, milestones } = mp.getState() as ReturnType<Mp['getState']> & { ready: boolean }
      return { preview, ready, done: milestones[0]!.done }
    })
    expect(state).toEqual({ preview: false, ready: true, done: true })
    const errors = await p.evaluate(() => (window as unknown as { errors: string[] }).errors)
    expect(errors).toEqual([expect.stringMatching(/^preview: the preview could not start: Error: http:\/\/127\.0\.0\.1:\d+\/broken\/milepost-preview\.min\.js could not load/)])
    expect(problems).toEqual([])
  })

  it('?milepost-preview opens the preview from the URL, the preview file loaded under CSP script-src \'self\'', async () => {
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-pv2"', csp: "default-src 'self'; script-src 'self'; style-src 'self'; img-src data:", 'milepost-preview': '', 'milepost-completed': 'connect' })
    await p.waitForFunction(() => (window as unknown as { Milepost?: Mp }).Milepost?.getState?.().preview === true, null, { timeout: 10_000 })
    expect(await p.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.getState().milestones[0]!.done)).toBe(true)
    // One file: it reads the URL, and it is the preview session.
    expect(scripts.filter((s) => s.url.includes('-preview')).map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost-preview.min.js'])
    expect(problems).toEqual([])
  })

  // (Under /broken/ the UI file cannot load either: it is told on its own.)
  it('?milepost-preview whose preview file cannot load: told once, and the page goes on with the user\'s own state', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] }`
    const [p, , problems] = await open({ src: '/broken/milepost.min.js', attrs: 'data-user-id="u-pv6"', before, 'milepost-preview': '', 'milepost-day': '3' })
    await ready(p)
    await p.waitForFunction(() => (window as unknown as { errors: string[] }).errors.some((e) => e.startsWith('preview:')), null, { timeout: 10_000 })
    expect(await p.evaluate(() => (window as unknown as { Milepost: Mp }).Milepost.getState())).toMatchObject({ preview: false, ready: true, user: { id: 'u-pv6' } })
    const errors = await p.evaluate(() => (window as unknown as { errors: string[] }).errors.filter((e) => !e.startsWith('ui:')))
    expect(errors).toEqual([expect.stringMatching(/^preview: the preview could not start: Error: http:\/\/127\.0\.0\.1:\d+\/broken\/milepost-preview\.min\.js could not load/)])
    expect(problems).toEqual([])
  })

  it('a server that lacks the document: the push file loads under a nonce-only CSP, and the document reaches the server', async () => {
    posted.length = 0
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: 'data-user-id="u-push" data-endpoint="/api" nonce="r4nd0m"', csp: nonceCsp })
    await ready(p)
    await p.evaluate(() => (window as unknown as { Milepost: { track(n: string): Promise<void> } }).Milepost.track('data.connected'))
    await expect.poll(() => posted.some((b) => b.progress && 'connect' in b.progress.steps), { timeout: 10_000 }).toBe(true)
    // Polled: the server can see the push before Playwright reports the file's response.
    await expect.poll(() => scripts.filter((s) => s.url.endsWith('milepost-chunks.min.js')).map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost-chunks.min.js'])
    expect(problems).toEqual([])
  })

  /**
   * Opens a page for `user` whose first batch the endpoint refuses with a 401, tracks an event and
   * waits until a retry delivers it; gives the page's scripts, problems and what sync:error said.
   */
  const refusedOnce = async (src: string, user: string, attrs = '') => {
    posted.length = 0
    const [p, scripts, problems] = await open({ src, attrs: `data-user-id="${user}" data-endpoint="/api" ${attrs}`, ...(attrs ? { csp: nonceCsp } : {}) })
    await ready(p)
    await p.evaluate(() => {
      const w = window as unknown as { said: unknown[]; Milepost: { on(n: string, f: (e: unknown) => void): void } }
      w.said = []
      w.Milepost.on('sync:error', (e) => w.said.push(e))
    })
    // What the start sends (its session) has gone: the next batch is the tracked event's.
    await p.evaluate(() => (window as unknown as { Milepost: { flush(): Promise<void> } }).Milepost.flush())
    posted.length = 0
    refusals = 1
    await p.evaluate(() => (window as unknown as { Milepost: { track(n: string): Promise<void> } }).Milepost.track('data.connected'))
    const delivered = () => posted.some((b) => b.userId === user && b.events.some((e) => (e as { name?: string }).name === 'data.connected'))
    await expect.poll(delivered, { timeout: 10_000 }).toBe(true)
    expect(refusals).toBe(0)
    const said = await p.evaluate(() => (window as unknown as { said: Array<{ status: number; message: string }> }).said.map((e) => [e.status, e.message]))
    return { scripts, problems, said }
  }

  it('a sync endpoint that answers 401 (a session expired): the file for such answers loads under a nonce-only CSP, tells it, and the event reaches the server on a retry', async () => {
    const { scripts, problems, said } = await refusedOnce('/js/milepost.min.js', 'u-401', 'nonce="r4nd0m"')
    expect(said).toEqual([[401, 'the sync endpoint answered HTTP 401: retrying (with fresh headers from getHeaders(), when given)']])
    await expect.poll(() => scripts.filter((s) => s.url.endsWith('milepost-trouble.min.js')).map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost-trouble.min.js'])
    expect(problems).toEqual([])
  })

  it('a file for such answers that cannot load: told on sync:error, the event kept, and sent by the retry once the server takes it', async () => {
    const { problems, said } = await refusedOnce('/broken/milepost.min.js', 'u-401-broken')
    expect(said).toHaveLength(1)
    expect(said[0]![1]).toMatch(/^sync failed: .*milepost-trouble\.min\.js could not load/)
    expect(problems).toEqual([])
  })

  it('a server that has everything (the reference handler): a returning user’s page requests no push file, nor when it tracks at once', async () => {
    lost = false
    try {
      const attrs = 'data-user-id="u-nopush" data-endpoint="/api"'
      const [p1] = await open({ src: '/js/milepost.min.js', attrs })
      await ready(p1)
      await p1.evaluate(() => (window as unknown as { Milepost: { track(n: string): Promise<void> } }).Milepost.track('data.connected'))
      await p1.evaluate(() => (window as unknown as { Milepost: { flush(): Promise<void> } }).Milepost.flush())
      await p1.close()
      pushes.length = 0
      const [p2, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs })
      await ready(p2)
      // While the pull may be under way: the event is in the document before it is in the outbox.
      await p2.evaluate(async () => {
        const mp = (window as unknown as { Milepost: { track(n: string): Promise<void>; flush(): Promise<void> } }).Milepost
        await mp.track('report.created')
        await mp.flush()
      })
      await p2.waitForTimeout(2500) // past the rounds after the page's session event: the debounce, then the anti-entropy check
      expect(scripts.some((s) => s.url.endsWith('milepost-chunks.min.js')), pushes.join('\n')).toBe(false)
      // Every answer an acknowledgement: nor the file for other answers.
      expect(scripts.some((s) => s.url.endsWith('milepost-trouble.min.js'))).toBe(false)
      expect(problems).toEqual([])
    } finally {
      lost = true
    }
  })
})

describe('the page triggers load from beside the tag only for a user with work on the page', () => {
  const nonceCsp = "default-src 'self'; script-src 'nonce-r4nd0m'; style-src 'self' 'nonce-r4nd0m'; img-src data:"
  const onPage = JSON.stringify(aJourney({
    milestones: [aMilestone({ id: 'setup', steps: [aStep({ id: 'new', completeWhen: { click: '#new' } }), aStep({ id: 'reports', completeWhen: { url: '/reports*' } })] })],
    tours: [{ id: 'tour', title: 'Tour', steps: [{ text: 'Press next', advanceOn: { click: '#next' } }, { text: 'Done' }] }],
  }))
  const attrs = (user: string) => `data-user-id="${user}" data-config='${onPage}' nonce="r4nd0m"`
  const triggersFile = (scripts: Scripts) => scripts.filter((s) => s.url.endsWith('/milepost-triggers.min.js'))
  type Mp = { getState(): { done: boolean; tour: { step: number } | null }; startTour(id: string): Promise<void>; flush(): Promise<void> }
  const mp = (p: Page) => p.evaluateHandle(() => (window as unknown as { Milepost: Mp }).Milepost)
  /** The URL watcher has wrapped history.pushState: the triggers file has loaded and started. */
  const watching = (p: Page) => p.waitForFunction(() => !String(history.pushState).includes('[native code]'), null, { timeout: 10_000 })
  const addButtons = (p: Page) => p.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<button id="new">New</button><button id="next">Next</button>'))

  it('a page with open work loads the file under a nonce-only CSP and completes a click step and a URL step', async () => {
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: attrs('u-work'), csp: nonceCsp })
    await ready(p)
    await watching(p)
    expect(triggersFile(scripts).map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost-triggers.min.js'])
    await addButtons(p)
    await p.click('#new')
    await p.evaluate(() => history.pushState(null, '', '/reports/1'))
    await expect.poll(() => stepDone(p, 'new')).toBe(true)
    await expect.poll(() => stepDone(p, 'reports')).toBe(true)
    expect(await (await mp(p)).evaluate((m) => m.getState().done)).toBe(true)
    expect(problems).toEqual([])
  })

  it('a returning user whose open steps wait for events only downloads the first file and the UI, never the triggers', async () => {
    const byEvents = JSON.stringify(aJourney({ milestones: [aMilestone({ id: 'setup', steps: [aStep({ id: 'a', completeWhen: { event: 'a.done' } }), aStep({ id: 'b', completeWhen: { event: 'b.done' } })] })] }))
    const attrs = `data-user-id="u-events" data-config='${byEvents}'`
    for (const visit of [1, 2, 3]) {
      const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs })
      await launcher(p)
      if (visit == 1) await p.evaluate(() => (window as unknown as { Milepost: { track(n: string): Promise<void> } }).Milepost.track('a.done'))
      await p.waitForTimeout(300) // a late request would show in `scripts`
      expect(triggersFile(scripts), `visit ${visit}`).toEqual([])
      expect(problems).toEqual([])
      await p.close()
    }
  })

  it('a returning user with work on the page fetches the file while the journey loads, before the first state', async () => {
    const attrs = `data-user-id="u-prefetch" data-config-url="/slow/journey.json?json=${encodeURIComponent(onPage)}"`
    const [p1, first] = await open({ src: '/js/milepost.min.js', attrs })
    await launcher(p1) // something to show: the next page fetches the UI and the triggers early
    await watching(p1)
    expect(triggersFile(first)).toHaveLength(1)
    await p1.close()
    // The files the page had received when its first state came (recorded by the page itself).
    const before = `window.Milepost = { _q: [['subscribe', [function (s) { if (s.ready && !window.atReady) window.atReady = performance.getEntriesByType('resource').map(function (r) { return r.name }) }], function () {}]] }`
    const [p2, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs, before })
    await ready(p2)
    const atReady = await p2.evaluate(() => (window as unknown as { atReady: string[] }).atReady.map((u) => new URL(u).pathname))
    expect(atReady).toContain('/js/milepost-triggers.min.js')
    await watching(p2)
    expect(triggersFile(scripts)).toHaveLength(1)
    expect(problems).toEqual([])
  })

  it('a triggers file that cannot load is reported on on("error"), and the runtime keeps working', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] }`
    const [p, , problems] = await open({ src: '/broken/milepost.min.js', attrs: `data-user-id="u-broken-triggers" data-ui="false" data-config='${onPage}'`, before })
    await ready(p)
    await p.waitForFunction(() => (window as unknown as { errors: string[] }).errors.length > 0, null, { timeout: 10_000 })
    expect(await p.evaluate(() => (window as unknown as { errors: string[] }).errors)).toEqual([
      expect.stringMatching(/^triggers: the page triggers could not start: Error: http:\/\/127\.0\.0\.1:\d+\/broken\/milepost-triggers\.min\.js could not load/),
    ])
    await p.evaluate(() => (window as unknown as { Milepost: { complete(id: string): Promise<void> } }).Milepost.complete('new'))
    expect(await stepDone(p, 'new')).toBe(true)
    expect(problems).toEqual([])
  })

  it('a triggers file that could not load (a network that dropped as the page started) is asked for again once back online, and its steps complete', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind) }], function () {}]] }`
    triggersDown = true
    try {
      const [p, , problems] = await open({ src: '/flakytrig/milepost.min.js', attrs: `data-user-id="u-flaky-triggers" data-ui="false" data-config='${onPage}'`, before })
      await ready(p)
      await p.waitForFunction(() => (window as unknown as { errors: string[] }).errors.includes('triggers'), null, { timeout: 10_000 })
      triggersDown = false
      await p.evaluate(() => dispatchEvent(new Event('online')))
      await watching(p)
      await p.evaluate(() => history.pushState(null, '', '/reports/1'))
      await expect.poll(() => stepDone(p, 'reports')).toBe(true)
      expect(problems).toEqual([])
    } finally {
      triggersDown = false
    }
  })

  it('the tours file loads only once a tour is asked for; a tour the journey lacks is reported without it', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] }`
    const [p, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: attrs('u-tours'), before })
    await ready(p)
    await watching(p) // work on the page: the triggers file, not the tours file
    const toursFile = () => scripts.filter((s) => s.url.endsWith('/milepost-tours.min.js'))
    await (await mp(p)).evaluate((m) => m.startTour('nope'))
    expect(await p.evaluate(() => (window as unknown as { errors: string[] }).errors)).toEqual(['input: no tour nope'])
    expect(toursFile()).toEqual([])
    await addButtons(p)
    await (await mp(p)).evaluate((m) => m.startTour('tour'))
    expect(await (await mp(p)).evaluate((m) => m.getState().tour?.step)).toBe(0)
    expect(toursFile()).toHaveLength(1)
    await p.click('#next', { force: true })
    await expect.poll(() => mp(p).then((h) => h.evaluate((m) => m.getState().tour?.step))).toBe(1)
    expect(problems).toEqual([])
  })

  it('tours that start by themselves go through the tours file: one on a signal (startOn), one on a click (startWhen)', async () => {
    const bySelf = (tour: Record<string, unknown>) => JSON.stringify(aJourney({
      milestones: [aMilestone({ id: 'setup', steps: [aStep({ id: 'later', completeWhen: { event: 'x' } })] })],
      tours: [{ id: 'own', title: 'Tour', steps: [{ text: 'One' }, { text: 'Two' }], ...tour }],
    }))
    const [p1, first, problems1] = await open({ src: '/js/milepost.min.js', attrs: `data-user-id="u-start-on" data-ui="false" data-config='${bySelf({ startOn: { day: { day: 0 } } })}'` })
    await ready(p1)
    await expect.poll(() => mp(p1).then((h) => h.evaluate((m) => m.getState().tour?.step))).toBe(0)
    expect(first.filter((s) => s.url.endsWith('/milepost-tours.min.js'))).toHaveLength(1)
    expect(problems1).toEqual([])
    const [p2, , problems2] = await open({ src: '/js/milepost.min.js', attrs: `data-user-id="u-start-when" data-ui="false" data-config='${bySelf({ startWhen: { click: '#next' } })}'` })
    await ready(p2)
    expect(await (await mp(p2)).evaluate((m) => m.getState().tour)).toBe(null)
    await addButtons(p2)
    await p2.click('#next')
    await expect.poll(() => mp(p2).then((h) => h.evaluate((m) => m.getState().tour?.step))).toBe(0)
    expect(problems2).toEqual([])
  })

  it('a tours file that cannot load is reported once on on("error"), and the page keeps working', async () => {
    const before = `window.errors = []; window.Milepost = { _q: [['on', ['error', function (e) { errors.push(e.kind + ': ' + e.message) }], function () {}]] }`
    const [p, , problems] = await open({ src: '/broken/milepost.min.js', attrs: `data-user-id="u-broken-tours" data-ui="false" data-config='${onPage}'`, before })
    await ready(p)
    const started = () => (window as unknown as { Milepost: Mp }).Milepost.startTour('tour')
    await p.evaluate(started)
    await p.evaluate(started)
    const errors = await p.evaluate(() => (window as unknown as { errors: string[] }).errors.filter((e) => e.startsWith('tours')))
    expect(errors).toEqual([expect.stringMatching(/^tours: the tours could not start: Error: http:\/\/127\.0\.0\.1:\d+\/broken\/milepost-tours\.min\.js could not load/)])
    expect(await (await mp(p)).evaluate((m) => m.getState().tour)).toBe(null)
    await p.evaluate(() => (window as unknown as { Milepost: { complete(id: string): Promise<void> } }).Milepost.complete('new'))
    expect(await stepDone(p, 'new')).toBe(true)
    expect(problems).toEqual([])
  })

  it('a returning user whose journey is done downloads the first file only; startTour() then loads the tours, the triggers and the UI: the tour shows, without a launcher, and moves on a click', async () => {
    const [p1, , problems1] = await open({ src: '/js/milepost.min.js', attrs: attrs('u-done-page'), csp: nonceCsp })
    await ready(p1)
    await watching(p1)
    await addButtons(p1)
    await p1.click('#new')
    await p1.evaluate(() => history.pushState(null, '', '/reports/1'))
    await expect.poll(() => stepDone(p1, 'reports')).toBe(true)
    await (await mp(p1)).evaluate((m) => m.flush())
    expect(problems1).toEqual([])
    await p1.close()
    const [p2, scripts, problems] = await open({ src: '/js/milepost.min.js', attrs: attrs('u-done-page'), csp: nonceCsp })
    await ready(p2)
    expect(await (await mp(p2)).evaluate((m) => m.getState().done)).toBe(true)
    await p2.waitForTimeout(300) // a late request would show in `scripts`
    expect(scripts.map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost.min.js'])
    expect(await total(scripts)).toBe((await readFile(dist + 'milepost.min.js')).length)
    expect(await p2.evaluate(() => String(history.pushState).includes('[native code]'))).toBe(true)
    await addButtons(p2)
    await (await mp(p2)).evaluate((m) => m.startTour('tour'))
    await watching(p2)
    expect(triggersFile(scripts)).toHaveLength(1)
    expect(scripts.filter((s) => s.url.endsWith('/milepost-tours.min.js')).map((s) => new URL(s.url).pathname)).toEqual(['/js/milepost-tours.min.js'])
    // The UI file too: a running tour is something to show, done journey or not.
    await p2.waitForFunction(() => {
      const d = document.querySelector('milepost-ui')?.shadowRoot?.querySelector<HTMLElement>('[role=dialog][data-tour]')
      return !!d && getComputedStyle(d).visibility == 'visible' && d.getBoundingClientRect().width > 0
    }, null, { timeout: 10_000 })
    expect(uiFile(scripts)).toHaveLength(1)
    expect(await p2.evaluate(() => !!document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.lc'))).toBe(false) // done before this page: no launcher
    await p2.click('#next', { force: true }) // the tour's own UI may sit over the button
    await expect.poll(() => mp(p2).then((h) => h.evaluate((m) => m.getState().tour?.step))).toBe(1)
    expect(problems).toEqual([])
  })
})

// bb-r23: in a server-rendered app, the click that finishes a milestone submits a form: the page was
// left under the celebration, and the next one showed none (nor, for the last milestone, anything).
describe('a celebration the page was left under shows on the tab\'s next page', () => {
  /** A page whose "Save" submits a form (POST, then a redirect back to the same page), completing step `save`. */
  const saving = async (user: string, milestones: unknown[]) => {
    const config = JSON.stringify(aJourney({ milestones: milestones as never })).replace(/'/g, '&#39;')
    const attrs = `data-user-id="${user}" data-config='${config}'`
    const back = `/app?${new URLSearchParams({ src: '/js/milepost.min.js', attrs })}`
    const form = `document.body.insertAdjacentHTML('beforeend', '<form method="post" action="/submit?to=${encodeURIComponent(back)}"><button id="save">Save</button></form>')`
    const [p, , problems] = await open({ src: '/js/milepost.min.js', attrs, after: `${form}` })
    await launcher(p)
    await p.evaluate(() => void (window as unknown as { Milepost: { on(n: string, f: () => void): void } }).Milepost.on('milestone:completed', () => sessionStorage.setItem('told', '1')))
    // The next page: the POST's redirect back, loaded.
    await Promise.all([p.waitForEvent('load'), p.locator('#save').click()])
    return [p, problems] as const
  }
  const cheer = (p: Page) => p.waitForFunction(() => document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.ch h2')?.textContent ?? false, null, { timeout: 10_000 })

  it('a milestone of several: "Milestone reached!" with its title, once', async () => {
    const [p, problems] = await saving('u-cheer-1', [
      aMilestone({ id: 'settings', title: 'Your settings', steps: [aStep({ id: 'save', completeWhen: { click: '#save' } })] }),
      aMilestone({ id: 'later', steps: [aStep({ id: 'more' })] }),
    ])
    expect(await (await cheer(p)).jsonValue()).toBe('Milestone reached!')
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.ch')!.textContent)).toContain('Your settings')
    expect(await p.evaluate(() => sessionStorage.getItem('told'))).toBe('1') // told on the page left
    await p.reload()
    await launcher(p)
    await p.waitForTimeout(300)
    expect(await p.evaluate(() => !!document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.ch'))).toBe(false)
    expect(problems).toEqual([])
  })

  it('the last milestone: "You did it!" on a page where the journey is done, which shows nothing else', async () => {
    const [p, problems] = await saving('u-cheer-all', [aMilestone({ id: 'settings', steps: [aStep({ id: 'save', completeWhen: { click: '#save' } })] })])
    expect(await (await cheer(p)).jsonValue()).toBe('You did it!')
    expect(problems).toEqual([])
  })
})
