// `npm run bench` (ui): Milepost against driver.js, Shepherd and Intro.js in one Chromium run.
// Milepost is its built script tag (dist/milepost.min.js, which imports dist/milepost-ui.min.js
// and, on a first visit, dist/milepost-validate.min.js from beside itself: run `npm run build`
// first); each peer is bundled for a minimal use (its
// popover on one element). Measured on fresh pages: shipped bytes (JS + CSS, gzip -9), script
// evaluation (from a trace), start → first visible UI (Milepost's launcher; its tooltip too),
// heap added once shown (after forced GC; from after the page loaded, and the page total from the
// same page without the library), and long tasks — at 1× and 4× CPU.
// The start runs in a page timer task, so its long tasks are seen (Playwright's evaluate hides them).
// Two floors run beside the peers (floor.js): Milepost's required libraries alone, and with its
// engine validating and evaluating the journey once; what Milepost adds over them is its own.
// BENCH_RUNS=3 for a quick look; the table is also written to .tmp/bench-ui.md.
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-core'
import { bundleForBrowser } from '../bundle.mjs'
import { median } from '../stats.mjs'

const root = process.cwd()
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync']

const journey = {
  version: 1, id: 'bench', title: 'Get started',
  milestones: [{ id: 'm1', title: 'First report', steps: [{ id: 's1', title: 'Open reports', tooltip: { target: '#target', text: 'Create your first report here' } }] }],
}

/** Each contestant: its minimal use, the popover that counts as "visible", and its CSS. */
const libs = {
  Milepost: {
    // The script tag waits for init() when it has no data-config: start() is the host's call.
    entry: null,
    start: `Milepost.subscribe((s) => { if (s.ready && window.__ready === undefined) window.__ready = performance.now() - window.__t0 })
      Milepost.init({ config: ${JSON.stringify(journey)}, user: { id: 'bench' } })`,
    visible: "document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.lc')",
    tooltip: "document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.tp')",
    css: [],
  },
  // Not peers: the floors (floor.js). Milepost's required libraries alone, then with its engine
  // validating and evaluating the journey once: what a first visit cannot run less than.
  'Libraries alone': {
    input: 'test/bench/floor-libraries.js',
    start: `Floor.start(${JSON.stringify(journey)})`,
    visible: "document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.lc')",
    tooltip: "document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.tp')",
    css: [],
  },
  'Libraries + engine': {
    input: 'test/bench/floor-engine.js',
    start: `Floor.start(${JSON.stringify(journey)})`,
    visible: "document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.lc')",
    tooltip: "document.querySelector('milepost-ui')?.shadowRoot?.querySelector('.tp')",
    css: [],
  },
  'driver.js': {
    entry: `import { driver } from 'driver.js'; window.driver = driver`,
    start: `driver().highlight({ element: '#target', popover: { title: 'Reports', description: 'Create your first report here' } })`,
    visible: "document.querySelector('.driver-popover')",
    css: ['node_modules/driver.js/dist/driver.css'],
  },
  Shepherd: {
    entry: `import Shepherd from 'shepherd.js'; window.Shepherd = Shepherd`,
    start: `const t = new Shepherd.Tour(); t.addStep({ text: 'Create your first report here', attachTo: { element: '#target', on: 'bottom' } }); t.start()`,
    visible: "document.querySelector('.shepherd-element')",
    css: ['node_modules/shepherd.js/dist/css/shepherd.css'],
  },
  'Intro.js': {
    entry: `import introJs from 'intro.js'; window.introJs = introJs`,
    start: `introJs.tour().setOptions({ steps: [{ element: '#target', intro: 'Create your first report here' }] }).start()`,
    visible: "document.querySelector('.introjs-tooltip')",
    css: ['node_modules/intro.js/minified/introjs.min.css'],
  },
}

/** The production recipe (rollup.config.mjs): browser resolution, NODE_ENV replaced, terser. */
const bundle = (lib) => bundleForBrowser(lib.input ? { input: join(root, lib.input), root } : { source: lib.entry, root })

const page = (name) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,">
${libs[name].css.length ? '<link rel="stylesheet" href="/lib.css">' : ''}<script src="/lib.js"></script></head>
<body><h1>Acme</h1><p>Host page.</p><button id="target" type="button">Reports</button>
<script>
window.__long = []
new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]) }).observe({ type: 'longtask', buffered: true })
const shows = (el) => { if (!el) return false; const r = el.getBoundingClientRect(), cs = getComputedStyle(el)
  return r.width > 0 && r.height > 0 && cs.visibility === 'visible' && cs.display !== 'none' && Number(cs.opacity) > 0 }
window.__go = () => {
  const t0 = window.__t0 = performance.now()
  ${libs[name].start}
  const poll = () => {
    const now = performance.now() - t0
    if (window.__shown === undefined && shows(${libs[name].visible})) window.__shown = now
    if (window.__tip === undefined && shows(${libs[name].tooltip ?? libs[name].visible})) window.__tip = now
    if (window.__shown === undefined || window.__tip === undefined) requestAnimationFrame(poll)
  }
  poll()
}
</script></body></html>`

const main = async () => {
  const built = {}
  const dist = (file) => readFile(fileURLToPath(new URL(`../../dist/${file}`, import.meta.url)), 'utf8')
  const gz = (text) => gzipSync(text, { level: 9 }).length
  for (const [name, lib] of Object.entries(libs)) {
    const own = lib.entry || lib.input
    const js = own ? await bundle(lib) : await dist('milepost.min.js')
    // Milepost's other files, each page being a first visit: the engine, the UI and the validator.
    const chunks = own ? {} : {
      '/milepost-engine.min.js': await dist('milepost-engine.min.js'), '/milepost-ui.min.js': await dist('milepost-ui.min.js'),
      '/milepost-validate.min.js': await dist('milepost-validate.min.js'), '/milepost-floating.min.js': await dist('milepost-floating.min.js'),
    }
    const css = (await Promise.all(lib.css.map((f) => readFile(join(root, f), 'utf8')))).join('\n')
    const more = Object.values(chunks).reduce((sum, text) => sum + gz(text), 0)
    built[name] = { js, chunks, css, first: gz(js), bytes: gz(js) + more + (css ? gz(css) : 0) }
  }
  let current = 'Milepost'
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]
    const b = built[current]
    if (path === '/lib.js') res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(b.js)
    else if (b.chunks[path]) res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(b.chunks[path])
    else if (path === '/lib.css') res.writeHead(200, { 'content-type': 'text/css', 'cache-control': 'no-store' }).end(b.css)
    else if (path === '/blank') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(current).replace(/<link rel="stylesheet"[^>]*>|<script src="\/lib\.js"><\/script>/g, ''))
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(page(current))
  })
  await new Promise((r) => server.listen(0, '127.0.0.1', r))
  const url = `http://127.0.0.1:${server.address().port}/`
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ARGS })

  /**
   * The same page without the library (its stylesheet and script): what a page's total is counted
   * from. Read once per library (the page is the same at every rate and run).
   */
  const blanks = {}
  const blank = (name) => (blanks[name] ??= blankHeap(name))
  const blankHeap = async (name) => {
    current = name
    const context = await browser.newContext()
    const p = await context.newPage()
    const cdp = await context.newCDPSession(p)
    await p.goto(url + 'blank', { waitUntil: 'load' })
    await p.waitForFunction(() => true)
    await p.waitForTimeout(300)
    await cdp.send('HeapProfiler.collectGarbage')
    const { usedSize } = await cdp.send('Runtime.getHeapUsage')
    await context.close()
    return usedSize
  }

  const measure = async (name, rate) => {
    current = name
    const context = await browser.newContext()
    const p = await context.newPage()
    const errors = []
    p.on('pageerror', (e) => errors.push(String(e)))
    const cdp = await context.newCDPSession(p)
    await cdp.send('Emulation.setCPUThrottlingRate', { rate })
    await browser.startTracing(p, { categories: ['devtools.timeline'] })
    await p.goto(url, { waitUntil: 'load' })
    const trace = JSON.parse(String(await browser.stopTracing()))
    const evaluate = trace.traceEvents
      .filter((e) => e.name === 'EvaluateScript' && e.args?.data?.url?.endsWith('/lib.js'))
      .reduce((sum, e) => sum + (e.dur ?? 0) / 1000, 0)
    // Playwright's own script (what waitForFunction runs on) is injected on its first use: 20–30 ms
    // of evaluation at 4× and ≈ 330 KB of heap. Injected here, it is in no library's start.
    await p.waitForFunction(() => true)
    await cdp.send('HeapProfiler.collectGarbage')
    const before = (await cdp.send('Runtime.getHeapUsage')).usedSize
    await p.evaluate(() => setTimeout(() => window.__go(), 0))
    await p.waitForFunction(() => window.__shown !== undefined && window.__tip !== undefined, null, { timeout: 30_000 })
      .catch((error) => { throw new Error(`${name} at ${rate}×: nothing visible after 30 s (${errors.join('; ') || error})`) })
    await p.waitForTimeout(300)
    await cdp.send('HeapProfiler.collectGarbage')
    const after = (await cdp.send('Runtime.getHeapUsage')).usedSize
    const { shown, tip, ready, longest } = await p.evaluate(() => ({
      shown: window.__shown,
      tip: window.__tip,
      ready: window.__ready ?? NaN,
      // The task that calls start() began just before t0: it counts too.
      longest: Math.max(0, ...window.__long.filter(([start, d]) => start + d >= window.__t0).map(([, d]) => d)),
    }))
    await context.close()
    if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`)
    // The page's whole heap once shown, against the same page without the library: what loading
    // the script did before the start (its evaluation, files it fetched early) counts too.
    const total = (after - (await blank(name))) / 1024
    return { evaluate, shown, tip, ready, heap: (after - before) / 1024, total, longest }
  }

  const results = {}
  for (const rate of [1, 4]) {
    for (let run = 0; run < RUNS; run++) {
      for (const name of Object.keys(libs)) {
        const r = await measure(name, rate)
        for (const [k, v] of Object.entries(r)) ((results[name] ??= {})[`${k}${rate}`] ??= []).push(v)
      }
    }
  }
  await browser.close()
  server.close()

  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–')
  const m = (name, key) => median(results[name][key])
  const max = (name, key) => Math.max(...results[name][key])
  const rows = Object.keys(libs).map((name) => `| ${name} | ${f(built[name].bytes / 1024)} KB | ${f(m(name, 'evaluate1'))} / ${f(m(name, 'evaluate4'))} ms | ` +
    `${f(m(name, 'shown1'), 0)} / ${f(m(name, 'shown4'), 0)} ms | +${f(m(name, 'heap1'), 0)} KB | +${f(m(name, 'total1'), 0)} KB | ${f(m(name, 'longest4'), 0)} ms (${f(max(name, 'longest4'), 0)}) |`)
  const FLOOR = 'Libraries alone'
  const ENGINE = 'Libraries + engine'
  const quiet = built.Milepost.first / 1024
  // A user who hid the checklist of a journey whose open steps complete on the page watches it: the page triggers' file too.
  const hidden = quiet + gz(await dist('milepost-triggers.min.js')) / 1024
  const bars = [
    [`a user whose journey is done, empty for them, or hidden (a quiet start) downloads ≤ 17 KB gzip (the first file: ${f(quiet, 2)} KB)`, quiet <= 17],
    [`a user who hid the checklist of a journey whose open steps complete on the page downloads ≤ 17 KB gzip (the first file and the page triggers': ${f(hidden, 2)} KB)`, hidden <= 17],
    [`launcher visible no later than Shepherd's first popover, 1× and 4×`, m('Milepost', 'shown1') <= m('Shepherd', 'shown1') && m('Milepost', 'shown4') <= m('Shepherd', 'shown4')],
    [`longest task around start at 4× no longer than Shepherd's (medians of the pages)`, m('Milepost', 'longest4') <= m('Shepherd', 'longest4')],
    [`heap added once shown no more than Shepherd's (and the page's total)`, m('Milepost', 'heap1') <= m('Shepherd', 'heap1') && m('Milepost', 'total1') <= m('Shepherd', 'total1')],
  ]
  const table = [
    `Chromium ${browser.version()}, ${RUNS} fresh pages per library and throttle, medians (1× / 4× CPU).`,
    '',
    '| library | JS + CSS gzip | script evaluation | start → first visible | heap added once shown | page heap once shown | longest task at 4×: median (max) |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    `Milepost: the script tag on a first visit, ${f(built.Milepost.first / 1024, 2)} KB first file + ${f((built.Milepost.bytes - built.Milepost.first) / 1024, 2)} KB engine, UI and validator files; ` +
      `"first visible" is its launcher. The runtime's state is ready at ${f(m('Milepost', 'ready1'), 0)} / ${f(m('Milepost', 'ready4'), 0)} ms ` +
      `(a first visit: the tag learnt before the start that nothing is stored; the database is created after it), the tooltip placed at ${f(m('Milepost', 'tip1'), 0)} / ${f(m('Milepost', 'tip4'), 0)} ms.`,
    `Floors, none of Milepost's own code beyond its engine: its four libraries showing a launcher and a tooltip add +${f(m(FLOOR, 'heap1'), 0)} KB ` +
      `(page +${f(m(FLOOR, 'total1'), 0)} KB); with the engine validating and evaluating the journey once (a first visit cannot skip either), ` +
      `+${f(m(ENGINE, 'heap1'), 0)} KB (page +${f(m(ENGINE, 'total1'), 0)} KB), ` +
      `${m(ENGINE, 'heap1') > m('Shepherd', 'heap1') && m(ENGINE, 'total1') > m('Shepherd', 'total1') ? 'more' : 'not more'} than Shepherd's +${f(m('Shepherd', 'heap1'), 0)} KB (page +${f(m('Shepherd', 'total1'), 0)} KB). ` +
      `Milepost's runtime, sync and components hold ${f(m('Milepost', 'total1') - m(ENGINE, 'total1'), 0)} KB of the page over the second.`,
    `"Heap added once shown" is read from after the page loaded (the script evaluated, and what it fetched early) to after it is shown; ` +
      `"page heap once shown" from the same page without the library: Milepost's tag prefetches its engine, UI and validator files and reads IndexedDB while the page loads, ` +
      `so its page total is ${f(m('Milepost', 'total1'), 0)} KB against Shepherd's ${f(m('Shepherd', 'total1'), 0)} KB.`,
    '',
    ...bars.map(([bar, ok]) => `- ${ok ? 'PASS' : 'FAIL'}: ${bar}`),
  ].join('\n')
  console.log(table)
  await mkdir(join(root, '.tmp'), { recursive: true })
  await writeFile(join(root, '.tmp/bench-ui.md'), table + '\n')
  // Every page's figures, for a look at the spread behind the medians.
  await writeFile(join(root, '.tmp/bench-ui.json'), JSON.stringify(results) + '\n')
  if (bars.some(([, ok]) => !ok)) process.exitCode = 1
}

await main()
