// Browser runtime figures, measured on the built dist/milepost.min.js in Chromium:
// script evaluation → state ready (median of 15 fresh profiles), track() cost over 10k calls,
// 10,000 track() in one task (a replayed queue), and one IndexedDB write per step (complete() until
// its transaction commits).
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const root = new URL('../../', import.meta.url)
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const ms = (x) => `${x.toFixed(x < 1 ? 4 : 1)} ms`

const script = await readFile(new URL('dist/milepost.min.js', root))
const validator = await readFile(new URL('dist/milepost-validate.min.js', root))
const uiFile = await readFile(new URL('dist/milepost-ui.min.js', root))
const engine = await readFile(new URL('dist/milepost-engine.min.js', root))
const triggers = await readFile(new URL('dist/milepost-triggers.min.js', root)) // the journey has steps on the page
const small = await readFile(new URL('examples/journeys/acme-onboarding.json', root), 'utf8')
const wide = JSON.stringify({
  version: 1, id: 'bench', title: 'Bench',
  milestones: [{ id: 'm', title: 'M', steps: Array.from({ length: 60 }, (_, i) => ({ id: `s${i}`, title: `Step ${i}` })) }],
})
const traits = `data-traits='{"signedUpAt":"2026-11-01T09:00:00Z","plan":"pro"}'`
const stub = `<script>window.Milepost={_q:[]};'subscribe'.split(' ').forEach(function(n){Milepost[n]=function(){var a=arguments;return new Promise(function(r,j){Milepost._q.push([n,a,r,j])})}});
Milepost.subscribe(function(s){if(s.ready&&!window.readyAt){window.readyAt=performance.now();performance.mark('milepost-ready')}})</script>`
const html = (config) => `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body>
${stub}<script src="/milepost.min.js" data-config='${config}' data-user-id="u1" ${traits}></script></body></html>`
const pages = { '/small': html(small), '/wide': html(wide) }

const server = createServer((req, res) => {
  const path = req.url.split('?')[0] // a chunk is asked for with ?v=<version>
  if (path === '/milepost.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script)
  if (path === '/milepost-ui.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(uiFile)
  if (path === '/milepost-engine.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(engine)
  if (path === '/milepost-validate.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(validator)
  if (path === '/milepost-triggers.min.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(triggers)
  const page = pages[req.url]
  if (!page) return res.writeHead(404).end()
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page)
})
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
const base = `http://127.0.0.1:${server.address().port}`

/** A fresh profile: an empty IndexedDB, as for a first visit. */
const fresh = async (fn) => {
  const dir = await mkdtemp(join(tmpdir(), 'milepost-bench-'))
  const context = await chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', headless: true, args })
  try {
    return await fn(context)
  } finally {
    await context.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** From a trace of one page load: the script's EvaluateScript start to the `milepost-ready` mark. */
const readyAfterEvaluation = async (context, path = '/small') => {
  const page = await context.newPage()
  const cdp = await context.newCDPSession(page)
  const events = []
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...value))
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink.user_timing', transferMode: 'ReportEvents' })
  await page.goto(base + path)
  await page.waitForFunction(() => window.readyAt !== undefined)
  const done = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve))
  await cdp.send('Tracing.end')
  await done
  await page.close()
  const evaluation = events.find((e) => e.name === 'EvaluateScript' && e.args?.data?.url?.endsWith('/milepost.min.js'))
  const mark = events.find((e) => e.name === 'milepost-ready')
  return { ready: (mark.ts - evaluation.ts) / 1000, evaluation: evaluation.dur / 1000 }
}

// First visits: a fresh profile each, so IndexedDB creates its database.
const first = []
for (let i = 0; i < 15; i++) first.push(await fresh(readyAfterEvaluation))
// Returning visits: 15 fresh pages in one profile whose database exists.
const again = await fresh(async (context) => {
  await readyAfterEvaluation(context)
  const runs = []
  for (let i = 0; i < 15; i++) runs.push(await readyAfterEvaluation(context))
  return runs
})
const line = (label, value, note = '') => console.log(`runtime: ${label.padEnd(52)} ${value}${note}`)
line('script evaluation → state ready, returning visit', `median ${ms(median(again.map((r) => r.ready)))}`, ' (15 fresh pages; bar ≤ 20 ms)')
line('script evaluation → state ready, first visit', `median ${ms(median(first.map((r) => r.ready)))}`, ' (15 fresh profiles: IndexedDB creates its database)')
line('script evaluation alone', `median ${ms(median(first.map((r) => r.evaluation)))}`)

await fresh(async (context) => {
  const page = await context.newPage()
  await page.goto(base + '/small')
  await page.waitForFunction(() => window.readyAt !== undefined)
  // performance.now() is coarse (100 µs) without cross-origin isolation: time blocks of 100 calls.
  const perCall = await page.evaluate(async () => {
    const blocks = []
    for (let b = 0; b < 100; b++) {
      const t = performance.now()
      for (let i = 0; i < 100; i++) Milepost.track('report.viewed', { n: i })
      blocks.push((performance.now() - t) / 100)
      await Milepost.flush()
    }
    return blocks.sort((a, b) => a - b)[50]
  })
  line('track() → new state', `median ${ms(perCall)} per call`, ' (10k calls of one event name; bar ≤ 0.1 ms)')

  // A host that replays a queue: 10,000 track() in one task. The loop is the host's; what follows it
  // (storing them, telling each call) must not freeze the page (it grew with the square of the count).
  const burst = await page.evaluate(async () => {
    const tasks = []
    new PerformanceObserver((list) => tasks.push(...list.getEntries().map((e) => e.duration))).observe({ type: 'longtask' })
    const t = performance.now()
    for (let i = 0; i < 10_000; i++) Milepost.track('noise.' + (i % 20), { i })
    const loop = performance.now() - t
    await Milepost.flush()
    const stored = performance.now() - t
    await new Promise((r) => setTimeout(r, 100))
    return { loop, stored, after: Math.max(0, ...tasks.slice(1)) }
  })
  line('10,000 track() in one task', `loop ${ms(burst.loop)}, all stored ${ms(burst.stored)}`, `; longest task after the loop ${ms(burst.after)}`)

  await page.goto(base + '/wide')
  await page.waitForFunction(() => window.readyAt !== undefined)
  const write = await page.evaluate(async () => {
    const times = []
    for (let i = 0; i < 60; i++) {
      const t = performance.now()
      await Milepost.complete('s' + i)
      times.push(performance.now() - t)
    }
    return times.sort((a, b) => a - b)[30]
  })
  line('IndexedDB write per step (complete() → commit)', `median ${ms(write)}`, ' (60 steps)')
  // The journey is done: the engine's file remembers the state for the next page (a quiet start).
  await page.waitForFunction(() => !!localStorage.getItem('milepost:quiet'))
  await page.close()
  const quiet = []
  for (let i = 0; i < 15; i++) quiet.push(await readyAfterEvaluation(context, '/wide'))
  line('script evaluation → state ready, a done user (quiet start)', `median ${ms(median(quiet.map((r) => r.ready)))}`, ' (15 pages; no engine file)')
})
server.close()
