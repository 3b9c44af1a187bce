// Sync figures on the built dist/milepost.min.js in Chromium against the reference handler
// (dist/server.js, memory store) on loopback: requests per 1,000 events when healthy (bar ≤ 15;
// the requests that carry some of those events),
// paced over 10 s and in one burst, and the time from `online` to the server having every event.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { createMemoryStore, createSyncHandler, toNodeListener } from '../../dist/server.js'

const root = new URL('../../', import.meta.url)
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']
const script = await readFile(new URL('dist/milepost.min.js', root))
const validator = await readFile(new URL('dist/milepost-validate.min.js', root))
const engine = await readFile(new URL('dist/milepost-engine.min.js', root))
const push = await readFile(new URL('dist/milepost-chunks.min.js', root)) // when the server lacks part of a document
const journey = JSON.stringify({
  version: 1, id: 'bench', title: 'Bench',
  milestones: [{ id: 'm', title: 'M', steps: [{ id: 's', title: 'S', completeWhen: { event: 'never' } }] }],
})

let posts = 0
let carrying = 0 // POSTs whose batch holds some of the measured events
let measuring = ''
const store = createMemoryStore()
const sync = toNodeListener(createSyncHandler({ store, authorize: () => ({ userId: 'bench', role: 'admin' }) }), { basePath: '/api' })
const page = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
<script src="/milepost.min.js" data-config='${journey}' data-endpoint="/api" data-user-id="u1" data-ui="false"></script></body></html>`
const server = createServer((req, res) => {
  const path = req.url.split('?')[0] // a chunk is asked for with ?v=<version>
  if (req.url.startsWith('/api/')) {
    if (req.method === 'POST') {
      posts++
      let body = ''
      req.on('data', (chunk) => (body += chunk)) // beside the handler's own reader
      req.on('end', () => void (measuring && body.includes(measuring) && carrying++))
    }
    return sync(req, res)
  }
  if (path === '/milepost.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
  if (path === '/milepost-validate.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(validator)
  if (path === '/milepost-engine.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(engine)
  if (path === '/milepost-chunks.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(push)
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`
const tracked = async (user) => ((await store.getProgress('bench', user))?.tracks['report.viewed'] ?? []).length

const dir = await mkdtemp(join(tmpdir(), 'milepost-bench-'))
const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args })
const tab = await context.newPage()
await tab.goto(base + '/')
await tab.waitForFunction(() => window.Milepost?.getState().ready)
await tab.evaluate(() => window.Milepost.flush())
const line = (label, value) => console.log(`sync: ${label.padEnd(56)} ${value}`)

/** Tracks `n` events, `perTick` every `tickMs`, then waits until the server holds them all. */
const measure = async (user, n, perTick, tickMs) => {
  await tab.evaluate((user) => window.Milepost.identify(user), user)
  await tab.evaluate(() => window.Milepost.flush()) // the new user's session start goes first
  measuring = '"report.viewed"'
  const before = carrying
  await tab.evaluate(async ([n, perTick, tickMs]) => {
    for (let i = 0; i < n; i += perTick) {
      for (let j = 0; j < perTick; j++) window.Milepost.track('report.viewed', { n: i + j })
      await new Promise((r) => setTimeout(r, tickMs))
    }
  }, [n, perTick, tickMs])
  const deadline = Date.now() + 30_000
  while ((await tracked(user)) < Math.min(n, 500) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  await new Promise((r) => setTimeout(r, 1500)) // let a trailing request show up in the count
  measuring = ''
  return carrying - before
}

// Hits per event name are capped at 500 (the earliest kept), so every run uses a fresh user.
line('requests per 1,000 events, 100/s for 10 s', `${await measure('paced', 1000, 10, 100)} (bar ≤ 15)`)
line('requests per 1,000 events, in one burst', `${await measure('burst', 1000, 1000, 0)}`)

// Offline for a while, 200 completions, then online: the time until the server holds them all.
await tab.evaluate(() => window.Milepost.identify('u3'))
await context.setOffline(true)
await tab.evaluate(() => { for (let i = 0; i < 200; i++) window.Milepost.track('offline.work', { i }) })
await tab.evaluate(() => window.Milepost.flush())
const online = Date.now()
await context.setOffline(false)
while ((((await store.getProgress('bench', 'u3'))?.tracks['offline.work']) ?? []).length < 200) await new Promise((r) => setTimeout(r, 20))
line('online → server holds 200 events made offline', `${Date.now() - online} ms (waits 1–2 s for the network to settle)`)

await context.close()
await rm(dir, { recursive: true, force: true })
server.close()
