// Chromium harness for the UI: bundles test/browser/ui-page.ts (mountUi + a fake instance) with
// rollup's JS API into a temp dir, serves it with test pages from a loopback server, and opens
// pages that record page errors, unhandled rejections and CSP violations.
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import type { Browser, BrowserContextOptions, Page } from 'playwright-core'
import { expect } from 'vitest'
import { bundleForBrowser } from '../bundle.mjs'

const root = process.cwd()
export const SCREENS = join(root, '.tmp', 'screens')

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

const bundle = (): Promise<string> => bundleForBrowser({ input: join(root, 'test/browser/ui-page.ts') })

export interface PageOptions {
  /** A Content-Security-Policy header for the page. */
  csp?: string
  /** CSS for the host page, served as a file (so a strict CSP allows it). */
  hostCss?: string
  dir?: 'ltr' | 'rtl'
  /** Extra markup in the host page's <main>. */
  body?: string
  /** Runs in the page before any of its scripts (Playwright init script). */
  init?: () => void
}

const page = (o: PageOptions) => `<!doctype html>
<html lang="en"${o.dir ? ` dir="${o.dir}"` : ''}><head><meta charset="utf-8"><title>Acme</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
${o.hostCss ? '<link rel="stylesheet" href="/host.css">' : ''}
<script src="/ui-test.js"></script></head>
<body><main><h1>Acme analytics</h1><nav><button id="reports" type="button">Reports</button> <button id="counter" type="button">Clicked 0</button></nav>
${o.body ?? ''}</main></body></html>`

export interface UiHarness {
  url: string
  /** Opens a page; `check(page)` asserts 0 page errors, 0 unhandled rejections, 0 CSP violations. */
  open(options?: PageOptions, context?: BrowserContextOptions): Promise<Page>
  check(page: Page): Promise<void>
  close(): Promise<void>
}

export const startUi = async (): Promise<UiHarness> => {
  const [code, axe] = await Promise.all([bundle(), readFile(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8')])
  const pages = new Map<string, PageOptions>()
  let n = 0
  const server = createServer((req, res) => {
    const [path = '/', query = ''] = (req.url ?? '/').split('?')
    const o = pages.get(new URLSearchParams(query).get('p') ?? '') ?? pages.get(req.headers.referer?.split('p=')[1] ?? '') ?? {}
    const send = (type: string, body: string, headers: Record<string, string> = {}) =>
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers }).end(body)
    if (path === '/ui-test.js') send('text/javascript', code)
    else if (path === '/axe.js') send('text/javascript', axe)
    else if (path === '/host.css') send('text/css', o.hostCss ?? '')
    else if (path === '/favicon.ico') res.writeHead(204).end()
    else send('text/html; charset=utf-8', page(o), o.csp ? { 'content-security-policy': o.csp } : {})
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const profile = await mkdtemp(join(tmpdir(), 'milepost-ui-'))
  const browser: Browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS })
  const errors = new WeakMap<Page, string[]>()
  await mkdir(SCREENS, { recursive: true })

  return {
    url,
    async open(options = {}, contextOptions = {}) {
      const id = String(++n)
      pages.set(id, options)
      const context = await browser.newContext({ viewport: { width: 1024, height: 720 }, ...contextOptions })
      const p = await context.newPage()
      const list: string[] = []
      errors.set(p, list)
      p.on('pageerror', (e) => list.push(String(e)))
      await p.addInitScript(() => {
        const w = window as unknown as { __bad: string[] }
        w.__bad = []
        addEventListener('unhandledrejection', (e) => w.__bad.push('rejection: ' + String(e.reason)))
        addEventListener('securitypolicyviolation', (e) => w.__bad.push(`csp: ${e.violatedDirective} ${e.blockedURI}`))
      })
      if (options.init) await p.addInitScript(options.init)
      await p.goto(`${url}/?p=${id}`)
      return p
    },
    async check(p) {
      expect(errors.get(p)).toEqual([])
      expect(await p.evaluate(() => (window as unknown as { __bad: string[] }).__bad)).toEqual([])
    },
    async close() {
      await browser.close()
      await new Promise<void>((r) => server.close(() => r()))
      await rm(profile, { recursive: true, force: true })
    },
  }
}

/** The page API (`window.mp`, see ui-page.ts). */
export type Mp = import('./ui-page').PageApi

/** Fires a lifecycle event (`open`, `milestone:completed`…) of the page's fake instance (`window.mp.fire`). */
export const fire = (p: Page, name: string, detail?: unknown): Promise<void> =>
  p.evaluate(([n, d]) => (window as unknown as { mp: Mp }).mp.fire(n as string, d), [name, detail] as const)

/** Calls `window.mp.mount(...)` in the page. */
export const mount = (p: Page, ...args: Parameters<Mp['mount']>): Promise<void> =>
  p.evaluate((a) => (window as unknown as { mp: Mp }).mp.mount(...(a as Parameters<Mp['mount']>)), JSON.parse(JSON.stringify(args)) as unknown[])

/**
 * Init script counting live observers and net scroll/resize listeners in `window.__live`, to show
 * that everything started is stopped.
 */
export const countLive = () => {
  const w = window as unknown as Record<string, any>
  const live = (w.__live = { MutationObserver: 0, ResizeObserver: 0, IntersectionObserver: 0, listeners: 0 } as Record<string, number>)
  for (const name of ['MutationObserver', 'ResizeObserver', 'IntersectionObserver']) {
    const Base = w[name]
    w[name] = class extends Base {
      on = false
      observe(...a: unknown[]) {
        if (!this.on) live[name]!++
        this.on = true
        return super.observe(...a)
      }
      disconnect() {
        if (this.on) live[name]!--
        this.on = false
        return super.disconnect()
      }
    }
  }
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype
  EventTarget.prototype.addEventListener = function (this: EventTarget, type: string, ...rest: any[]) {
    if (type === 'scroll' || type === 'resize') live.listeners!++
    return add.call(this, type, ...(rest as [any]))
  }
  EventTarget.prototype.removeEventListener = function (this: EventTarget, type: string, ...rest: any[]) {
    if (type === 'scroll' || type === 'resize') live.listeners!--
    return remove.call(this, type, ...(rest as [any]))
  }
}

/** A box in viewport pixels. */
export interface Box { x: number; y: number; width: number; height: number }

/** The bounding box of an element inside the widget's shadow root, or null. */
export const box = (p: Page, selector: string): Promise<Box | null> => p.evaluate((s) => {
  const el = document.querySelector('milepost-ui')?.shadowRoot?.querySelector(s)
  if (!el) return null
  const r = el.getBoundingClientRect()
  return { x: r.x, y: r.y, width: r.width, height: r.height }
}, selector)

/** The class list of the focused element inside the widget, or '' when focus is elsewhere. */
export const focused = (p: Page): Promise<string> => p.evaluate(() => {
  const host = document.activeElement
  return host?.tagName === 'MILEPOST-UI' ? (host.shadowRoot?.activeElement?.className ?? '') || host.shadowRoot?.activeElement?.tagName || '' : ''
})

/** Adds a button `#<id>` to the page's `<main>` (a target that comes late). */
export const addButton = (p: Page, id: string): Promise<void> => p.evaluate((id) => {
  const b = document.createElement('button')
  b.id = id
  b.textContent = id
  document.querySelector('main')!.append(b)
}, id)

/** Waits for a frame or two: renders are microtasks, observers fire per frame. */
export const frames = (p: Page, count = 2) => p.evaluate((n) => new Promise<void>((r) => {
  const step = (left: number) => (left ? requestAnimationFrame(() => step(left - 1)) : r())
  step(n)
}), count)
