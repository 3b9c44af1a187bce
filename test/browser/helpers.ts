// Real-Chromium harness: a loopback server for dist/ and test pages, a fresh browser profile per
// test, and the checks every browser test makes (no page error, no unhandled rejection).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { BrowserContext, Page } from 'playwright-core'
import { expect } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
]

/** Serves `/dist/*` from the build and every other path from `pages` (exact path, else `*`). */
export const serve = async (pages: Record<string, string>) => {
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!
    try {
      if (path.startsWith('/dist/')) {
        const body = await readFile(join(root, 'dist', path.slice(6).replace(/\.\./g, '')))
        // With CORS, as public CDNs answer: a sandboxed iframe's opaque origin imports the chunks cross-origin.
        res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store', 'access-control-allow-origin': '*' }).end(body)
        return
      }
      const page = pages[path] ?? pages['*']
      if (page === undefined) throw new Error('not found')
      const type = path.endsWith('.json') ? 'application/json' : 'text/html; charset=utf-8'
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(page)
    } catch {
      res.writeHead(404).end('not found')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

export interface Browser {
  context: BrowserContext
  /** Opens a page that records its errors; `check(page)` asserts there were none. */
  open(url: string, init?: () => void): Promise<Page>
  check(page: Page): Promise<void>
  /** The console warnings the page printed so far. */
  warnings(page: Page): string[]
  close(): Promise<void>
}

/** A fresh Chromium profile (its own IndexedDB and localStorage); `options` such as a viewport or touch. */
export const launch = async (options: Parameters<typeof chromium.launchPersistentContext>[1] = {}): Promise<Browser> => {
  const dir = await mkdtemp(join(tmpdir(), 'milepost-'))
  const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, ...options })
  const errors = new WeakMap<Page, string[]>()
  const warnings = new WeakMap<Page, string[]>()
  await context.addInitScript(() => {
    const w = window as unknown as { __rejections: string[] }
    w.__rejections = []
    addEventListener('unhandledrejection', (e) => w.__rejections.push(String(e.reason)))
  })
  return {
    context,
    async open(url, init) {
      const page = await context.newPage()
      const list: string[] = []
      const warned: string[] = []
      errors.set(page, list)
      warnings.set(page, warned)
      page.on('pageerror', (error) => list.push(String(error)))
      page.on('console', (m) => void (m.type() === 'warning' && warned.push(m.text())))
      if (init) await page.addInitScript(init)
      await page.goto(url)
      return page
    },
    async check(page) {
      expect(errors.get(page)).toEqual([])
      expect(await page.evaluate(() => (window as unknown as { __rejections: string[] }).__rejections)).toEqual([])
    },
    warnings: (page) => warnings.get(page) ?? [],
    async close() {
      await context.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** A test page loading the built script, with `attrs` on its script tag and `body` before it. */
export const page = (attrs: string, body = '', head = '') => `<!doctype html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,">${head}</head>
<body>${body}<script src="/dist/milepost.min.js" ${attrs}></script></body></html>`

/** Waits until the page's Milepost state is ready. */
export const ready = (p: Page) =>
  p.waitForFunction(() => (window as unknown as { Milepost?: { getState?: () => { ready: boolean } } }).Milepost?.getState?.().ready === true)

/** Whether a step is done in the page's state. */
export const stepDone = (p: Page, id: string) =>
  p.evaluate((stepId) => {
    const mp = (window as unknown as { Milepost: { getState(): { milestones: Array<{ steps: Array<{ id: string; done: boolean }> }> } } }).Milepost
    return mp.getState().milestones.flatMap((m) => m.steps).some((s) => s.id === stepId && s.done)
  }, id)

/** The loader stub, exactly as docs/runtime.md documents it. */
export const STUB = `<script>
window.Milepost = window.Milepost || (function (stub) {
  'init identify track complete skip getState subscribe on open close flush reset destroy startTour preview'.split(' ').forEach(function (name) {
    stub[name] = function () {
      var args = arguments;
      return new Promise(function (resolve, reject) { stub._q.push([name, args, resolve, reject]); });
    };
  });
  return stub;
})({ _q: [] });
</script>`
