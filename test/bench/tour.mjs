// `npm run bench` (tour): time per tour step — Next → the next step's popover shown next to its
// target — for Milepost, driver.js and Shepherd in one Chromium run, at 1× and 4× CPU.
// Each library runs a five-step tour over five targets; a step counts as shown once its text is in
// the DOM and its popover is visible, polled with a message-channel loop (no frame wait of our own).
// Milepost is driven the way a user drives it (its Next button in the shadow root, which records
// the move in IndexedDB before the UI renders it); the peers through their own next() calls.
// BENCH_RUNS=3 for a quick look; the table is also written to .tmp/bench-tour.md.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { bundleForBrowser } from '../bundle.mjs'
import { median } from '../stats.mjs'

const root = process.cwd()
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']
const STEPS = 5
const steps = [...Array(STEPS).keys()]

const journey = {
  version: 1, id: 'bench', title: 'Get started',
  milestones: [{ id: 'm1', title: 'Tour', steps: [{ id: 's1', title: 'Take the tour', completeWhen: { tour: 't' } }] }],
  tours: [{ id: 't', title: 'Tour', steps: steps.map((i) => ({ target: `#t${i}`, title: `Step ${i}`, text: `Text of step ${i}` })) }],
}

/** Each contestant: start, next, and the element that shows step i. */
const libs = {
  Milepost: {
    entry: `import { createMilepost } from '${root}/src/index'; import { mountUi } from '${root}/src/ui/index';
      const shadow = () => document.querySelector('milepost-ui')?.shadowRoot
      window.__lib = {
        async start() {
          const m = createMilepost({ config: ${JSON.stringify(journey)}, user: { id: 'bench' } })
          mountUi(m)
          await m.init()
          m.startTour('t')
        },
        next() { shadow().querySelector('[data-tour] [data-next]').click() },
        el: (i) => { const d = shadow()?.querySelector('[data-tour]'); return d?.querySelector('#mp-tx')?.textContent === 'Text of step ' + i ? d : null },
      }`,
    css: [],
  },
  'driver.js': {
    entry: `import { driver } from 'driver.js';
      let d
      window.__lib = {
        start() { d = driver({ steps: ${JSON.stringify(steps.map((i) => ({ element: `#t${i}`, popover: { title: `Step ${i}`, description: `Text of step ${i}` } })))} }); d.drive() },
        next() { d.moveNext() },
        el: (i) => { const p = document.querySelector('.driver-popover'); return p?.querySelector('.driver-popover-description')?.textContent === 'Text of step ' + i ? p : null },
      }`,
    css: ['node_modules/driver.js/dist/driver.css'],
  },
  Shepherd: {
    entry: `import Shepherd from 'shepherd.js';
      let t
      window.__lib = {
        start() {
          t = new Shepherd.Tour()
          for (let i = 0; i < ${STEPS}; i++) t.addStep({ id: 's' + i, title: 'Step ' + i, text: 'Text of step ' + i, attachTo: { element: '#t' + i, on: 'bottom' } })
          t.start()
        },
        next() { t.next() },
        el: (i) => document.querySelector('.shepherd-element[data-shepherd-step-id="s' + i + '"]'),
      }`,
    css: ['node_modules/shepherd.js/dist/css/shepherd.css'],
  },
}

const page = (css) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
${css ? '<link rel="stylesheet" href="/lib.css">' : ''}<script src="/lib.js"></script>
<style>button{position:absolute}#t0{left:40px;top:40px}#t1{left:600px;top:80px}#t2{left:200px;top:400px}#t3{left:900px;top:300px}#t4{left:500px;top:600px}</style></head>
<body><h1>Acme</h1>${steps.map((i) => `<button id="t${i}" type="button">Target ${i}</button>`).join('')}
<script>
const visible = (el) => { if (!el) return false; const r = el.getBoundingClientRect(), cs = getComputedStyle(el)
  return r.width > 0 && r.height > 0 && cs.visibility === 'visible' && cs.display !== 'none' && Number(cs.opacity) > 0 }
// A message-channel loop: polls between tasks without waiting for a frame.
const until = (ok) => new Promise((resolve) => { const c = new MessageChannel(); c.port1.onmessage = () => (ok() ? resolve() : c.port2.postMessage(0)); c.port2.postMessage(0) })
window.__run = async () => {
  await window.__lib.start()
  await until(() => visible(window.__lib.el(0)))
  const times = []
  for (let i = 1; i < ${STEPS}; i++) {
    await new Promise((r) => setTimeout(r, 50))
    const t0 = performance.now()
    window.__lib.next()
    await until(() => visible(window.__lib.el(i)))
    times.push(performance.now() - t0)
  }
  return times
}
</script></body></html>`

const main = async () => {
  const built = {}
  for (const [name, lib] of Object.entries(libs)) {
    built[name] = {
      js: await bundleForBrowser({ source: lib.entry, root }),
      css: (await Promise.all(lib.css.map((f) => readFile(join(root, f), 'utf8')))).join('\n'),
    }
  }
  let current = 'Milepost'
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const b = built[current]
    if (path === '/lib.js') res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(b.js)
    else if (path === '/lib.css') res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'no-store' }).end(b.css)
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(b.css))
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${server.address().port}/`
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS })
  const results = {}
  for (const rate of [1, 4]) {
    for (let run = 0; run < RUNS; run++) {
      for (const name of Object.keys(libs)) {
        current = name
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } })
        const p = await context.newPage()
        const errors = []
        p.on('pageerror', (e) => errors.push(String(e)))
        const cdp = await context.newCDPSession(p)
        await cdp.send('Emulation.setCPUThrottlingRate', { rate })
        await p.goto(url, { waitUntil: 'load' })
        const times = await p.evaluate(() => window.__run())
        await context.close()
        if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`)
        ;((results[name] ??= {})[rate] ??= []).push(...times)
      }
    }
  }
  await browser.close()
  server.close()
  const f = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–')
  const p90 = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.9)]
  const rows = Object.keys(libs).map((name) => `| ${name} | ${f(median(results[name][1]))} / ${f(median(results[name][4]))} ms | ${f(p90(results[name][1]))} / ${f(p90(results[name][4]))} ms |`)
  const slowest = (rate) => Math.max(median(results['driver.js'][rate]), median(results.Shepherd[rate]))
  const bar = median(results.Milepost[1]) <= slowest(1)
  const table = [
    `Chromium ${browser.version()}, ${RUNS} fresh pages per library and throttle, ${STEPS - 1} steps each (1× / 4× CPU).`,
    '',
    '| library | Next → next step shown, median | p90 |',
    '| --- | ---: | ---: |',
    ...rows,
    '',
    `- ${bar ? 'PASS' : 'FAIL'}: Milepost's median step no slower than the slower peer at 1×`,
  ].join('\n')
  console.log(table)
  await mkdir(join(root, '.tmp'), { recursive: true })
  await writeFile(join(root, '.tmp/bench-tour.md'), table + '\n')
  if (!bar) process.exitCode = 1
}

await main()
