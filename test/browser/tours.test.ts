// A five-step tour across two SPA routes of a page running the built script: centred and anchored
// steps, a step that waits for a real click on its target (through the spotlight), Back, resume
// after a reload, the end completing its milestone step, Esc giving focus back, RTL arrows, and
// 0 axe violations in each state.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it } from 'vitest'
import { aJourney, aMilestone, aStep } from '../builders'
import { launch, page, ready, serve, stepDone } from './helpers'
import type { Browser } from './helpers'

const root = fileURLToPath(new URL('../..', import.meta.url))
const journey = aJourney({
  milestones: [aMilestone({ id: 'learn', title: 'Learn the app', steps: [aStep({ id: 'toured', title: 'Take the tour', completeWhen: { tour: 'intro' } })] })],
  tours: [{
    id: 'intro', title: 'Welcome to Acme', spotlight: true, steps: [
      { text: 'A quick look around: five steps.' },
      { target: '#nav-reports', title: 'Reports', text: 'Open your reports.', advanceOn: { click: '#nav-reports' } },
      { target: '#new-report', title: 'New report', text: 'Start a report here.', placement: 'right' },
      { target: '#export', title: 'Export', text: 'Send it anywhere.' },
      { title: 'All set', text: 'That is the tour.' },
    ],
  }, {
    id: 'deep', title: 'Inside a web component', steps: [
      { target: 'my-widget >>> #deep', text: 'This button lives in a shadow root.', advanceOn: { click: 'my-widget >>> #deep' } },
      { text: 'Found it.' },
    ],
  }],
  nudges: [{ id: 'export-hint', when: { seen: { url: '/app/reports*' } }, tooltip: { target: '#export', text: 'Exports go to CSV or PDF.', hotspot: true } }],
})
const attrs = (theme = 'light') => `data-theme="${theme}" data-user-id="u1" data-traits='{"signedUpAt":"2026-11-01T09:00:00Z"}' data-config='${JSON.stringify(journey)}'`
const body = `<nav><button id="nav-reports" type="button">Reports</button> <button id="help" type="button">Take the tour</button></nav>
<main><div id="view"></div><my-widget></my-widget></main>
<script>
document.querySelector('my-widget').attachShadow({ mode: 'open' }).innerHTML = '<p>Widget</p><button id="deep" type="button">Deep button</button>'
function render() {
  var reports = location.pathname.indexOf('/app/reports') === 0
  document.getElementById('view').innerHTML = reports
    ? '<h1>Reports</h1><button id="new-report" type="button">New report</button> <button id="export" type="button">Export</button>'
    : '<h1>Home</h1><p>Welcome back.</p>'
}
document.getElementById('nav-reports').onclick = function () { history.pushState(null, '', '/app/reports'); render() }
document.getElementById('help').onclick = function () { Milepost.startTour('intro') }
render()
</script>`

let server: Awaited<ReturnType<typeof serve>>
let browser: Browser
let axeSource = ''
beforeAll(async () => {
  axeSource = await readFile(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8')
  server = await serve({
    '/dark/app': page(attrs('dark'), body, '<title>Acme</title>').replace('<html>', '<html lang="en">'),
    '/rtl/app': page(attrs(), body, '<title>Acme</title>').replace('<html>', '<html dir="rtl" lang="ar">'),
    '*': page(attrs(), body, '<title>Acme</title>').replace('<html>', '<html lang="en">'),
  })
})
afterAll(() => server.close())
beforeEach(async () => {
  browser = await launch()
})
afterEach(() => browser.close())

type W = Window & { Milepost: import('../../src/runtime/api').Milepost }
const open = async (path: string) => {
  const p = await browser.open(server.url + path)
  await p.setViewportSize({ width: 1280, height: 800 })
  await ready(p)
  return p
}
/** The tour dialog as the user sees it: its name, text, "n of m", buttons, where it is, and whether it holds focus. */
const dialog = (p: Page) => p.evaluate(() => {
  const root = document.querySelector('milepost-ui')!.shadowRoot!
  const d = root.querySelector<HTMLElement>('[role=dialog][data-tour]')
  if (!d) return null
  const r = d.getBoundingClientRect()
  return {
    name: root.getElementById(d.getAttribute('aria-labelledby')!)?.textContent,
    text: root.getElementById(d.getAttribute('aria-describedby')!)?.textContent,
    of: d.querySelector('.tn')?.textContent,
    buttons: [...d.querySelectorAll('button')].map((b) => b.getAttribute('aria-label') ?? b.textContent),
    visible: getComputedStyle(d).visibility == 'visible',
    box: { x: r.x, y: r.y, width: r.width, height: r.height },
    focused: root.activeElement === d,
  }
})
const waitFor = (p: Page, of: string) => p.waitForFunction((o) => {
  const d = document.querySelector('milepost-ui')?.shadowRoot?.querySelector<HTMLElement>('[data-tour]')
  return d?.querySelector('.tn')?.textContent === o && getComputedStyle(d).visibility == 'visible'
}, of)
const boxOf = (p: Page, selector: string) => p.evaluate((s) => {
  const r = document.querySelector(s)!.getBoundingClientRect()
  return { x: r.x, y: r.y, width: r.width, height: r.height }
}, selector)
const spot = (p: Page) => p.evaluate(() => {
  const s = document.querySelector('milepost-ui')!.shadowRoot!.querySelector<HTMLElement>('.sp')
  if (!s || getComputedStyle(s).visibility != 'visible') return null
  const r = s.getBoundingClientRect()
  return { x: r.x, y: r.y, width: r.width, height: r.height }
})
const press = async (p: Page, key: string) => {
  await p.keyboard.press(key)
  await p.waitForTimeout(0)
}
const clickButton = (p: Page, label: string) => p.evaluate((l) => {
  const root = document.querySelector('milepost-ui')!.shadowRoot!
  ;[...root.querySelectorAll<HTMLButtonElement>('[data-tour] button')].find((b) => b.textContent === l)!.click()
}, label)
const axe = async (p: Page) => {
  await p.evaluate(axeSource)
  return p.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: Array<{ id: string; nodes: Array<{ target: unknown; failureSummary: string }> }> }> } }).axe.run
    const { violations } = await run(document, { resultTypes: ['violations'] })
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target) + ' ' + n.failureSummary).join(' | ')}`)
  })
}
const events = (p: Page) => p.evaluate(() => {
  const w = window as unknown as W & { seen: string[] }
  w.seen = []
  for (const name of ['tour:started', 'tour:step', 'tour:completed', 'tour:dismissed'] as const) w.Milepost.on(name, (d) => w.seen.push(`${name} ${d.step}`))
})
/**
 * The tour's lifecycle events the page heard. A move's event is emitted once it is stored, after the
 * state that moved the dialog: poll for it.
 */
const seen = (p: Page) => p.evaluate(() => (window as unknown as { seen: string[] }).seen)

describe('a five-step tour across two routes', () => {
  it('runs centred and anchored steps, waits for a real click through the spotlight, goes back, resumes after a reload and completes its step', async () => {
    let p = await open('/app')
    await events(p)
    await p.evaluate(() => (window as unknown as W).Milepost.startTour('intro'))
    await waitFor(p, '1 of 5')
    const first = (await dialog(p))!
    expect(first).toMatchObject({ name: 'Welcome to Acme', text: 'A quick look around: five steps.', buttons: ['Next', 'Close tour'], focused: true })
    // Centred without a target.
    expect(Math.abs(first.box.x + first.box.width / 2 - 640)).toBeLessThanOrEqual(1)
    expect(Math.abs(first.box.y + first.box.height / 2 - 400)).toBeLessThanOrEqual(1)
    expect(await axe(p)).toEqual([])

    await press(p, 'ArrowRight')
    await waitFor(p, '2 of 5')
    const second = (await dialog(p))!
    // A step that waits for the click has no Next.
    expect(second).toMatchObject({ name: 'Reports', buttons: ['Back', 'Close tour'], focused: true })
    const target = await boxOf(p, '#nav-reports')
    expect(second.box.y).toBeGreaterThan(target.y + target.height)
    const light = (await spot(p))!
    expect(light.x).toBeLessThan(target.x)
    expect(light.x + light.width).toBeGreaterThan(target.x + target.width)
    expect(await axe(p)).toEqual([])
    // The spotlight leaves the target clickable: the topmost element at its centre is the target.
    const cx = target.x + target.width / 2
    const cy = target.y + target.height / 2
    expect(await p.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id, [cx, cy])).toBe('nav-reports')
    await p.mouse.click(cx, cy)
    expect(await p.evaluate(() => location.pathname)).toBe('/app/reports')
    await waitFor(p, '3 of 5')
    expect((await dialog(p))!).toMatchObject({ name: 'New report', buttons: ['Back', 'Next', 'Close tour'] })
    const nr = await boxOf(p, '#new-report')
    expect((await dialog(p))!.box.x).toBeGreaterThan(nr.x + nr.width)
    expect(await axe(p)).toEqual([])

    await clickButton(p, 'Back')
    await waitFor(p, '2 of 5')
    await p.click('#nav-reports')
    await waitFor(p, '3 of 5')
    await p.evaluate(() => (window as unknown as W).Milepost.flush())

    // A reload on the second route: the tour is where it was.
    await p.reload()
    await ready(p)
    await events(p)
    await waitFor(p, '3 of 5')
    expect((await dialog(p))!.name).toBe('New report')
    await clickButton(p, 'Next')
    await waitFor(p, '4 of 5')
    expect(await axe(p)).toEqual([])
    await clickButton(p, 'Next')
    await waitFor(p, '5 of 5')
    expect((await dialog(p))!.buttons).toEqual(['Back', 'Done', 'Close tour'])
    expect(await stepDone(p, 'toured')).toBe(false)
    await clickButton(p, 'Done')
    await p.waitForFunction(() => !document.querySelector('milepost-ui')!.shadowRoot!.querySelector('[data-tour]'))
    expect(await stepDone(p, 'toured')).toBe(true)
    expect(await spot(p)).toBeNull()
    await expect.poll(() => seen(p)).toEqual(['tour:step 3', 'tour:step 4', 'tour:completed 4'])
    await browser.check(p)
  })

  it('closes with Esc and gives focus back to the button that started it', async () => {
    const p = await open('/app')
    await events(p)
    await p.click('#help')
    await waitFor(p, '1 of 5')
    expect((await dialog(p))!.focused).toBe(true)
    await press(p, 'Escape')
    await p.waitForFunction(() => !document.querySelector('milepost-ui')!.shadowRoot!.querySelector('[data-tour]'))
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('help')
    await expect.poll(() => seen(p)).toEqual(['tour:started 0', 'tour:dismissed 0'])
    expect(await p.evaluate(() => (window as unknown as W).Milepost.getState().tours[0]!.status)).toBe('dismissed')
    await browser.check(p)
  })

  it('keeps focus in the page while a step waits for its target, and gives it back to where the user was when another tour they started ends', async () => {
    const p = await open('/app')
    await p.click('#help')
    await waitFor(p, '1 of 5')
    await expect.poll(async () => (await dialog(p))!.focused).toBe(true)
    // On to step 3, whose target is on the reports page: its dialog waits, hidden (as after a
    // Next the user pressed while on the page before the one it names).
    await p.evaluate(() => (window as unknown as W).Milepost.record({ type: 'tour', tourId: 'intro', action: 'step', step: 2 }))
    await p.waitForFunction(() => (window as unknown as W).Milepost.getState().tour?.step === 2)
    await expect.poll(() => p.evaluate(() => document.activeElement?.id)).toBe('help') // not <body>
    await p.focus('#nav-reports') // the user goes on in the page, then starts another tour
    await p.evaluate(() => (window as unknown as W).Milepost.startTour('deep'))
    await waitFor(p, '1 of 2')
    expect((await dialog(p))!.focused).toBe(true)
    await press(p, 'Escape')
    await p.waitForFunction(() => !document.querySelector('milepost-ui')!.shadowRoot!.querySelector('[data-tour]'))
    expect(await p.evaluate(() => document.activeElement?.id)).toBe('nav-reports')
    await browser.check(p)
  })

  it('shows a hotspot on a page the nudge is about: a beacon that opens its tooltip with Enter', async () => {
    const p = await open('/app/reports')
    const beacon = () => p.evaluate(() => {
      const b = document.querySelector('milepost-ui')!.shadowRoot!.querySelector<HTMLElement>('.hs')
      return b && getComputedStyle(b).visibility == 'visible' ? b.getAttribute('aria-label') : null
    })
    await p.waitForFunction(() => {
      const b = document.querySelector('milepost-ui')?.shadowRoot?.querySelector<HTMLElement>('.hs')
      return !!b && getComputedStyle(b).visibility == 'visible'
    })
    expect(await beacon()).toBe('Exports go to CSV or PDF.')
    const exp = await boxOf(p, '#export')
    const b = await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.hs')!.getBoundingClientRect().toJSON())
    // On the target's top corner at the end of the line (its centre 6 px out from it both ways),
    // not below it like a tooltip, where it lay over the next field of a form (bb-r29); the
    // target's middle stays clear, so a small icon can still be clicked.
    expect(Math.abs(b.x + b.width / 2 - (exp.x + exp.width + 6))).toBeLessThanOrEqual(1)
    expect(Math.abs(b.y + b.height / 2 - (exp.y - 6))).toBeLessThanOrEqual(1)
    expect(await p.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.id, { x: exp.x + exp.width / 2, y: exp.y + exp.height / 2 })).toBe('export')
    expect(await axe(p)).toEqual([])
    await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector<HTMLElement>('.hs')!.focus())
    await press(p, 'Enter')
    await p.waitForFunction(() => document.querySelector('milepost-ui')!.shadowRoot!.activeElement?.matches('.tp [data-x]'))
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('.tp p')!.textContent)).toBe('Exports go to CSV or PDF.')
    expect(await axe(p)).toEqual([])
    await browser.check(p)
  })

  it('points at a target inside an open shadow root and moves on when it is clicked', async () => {
    const p = await open('/app')
    await p.evaluate(() => (window as unknown as W).Milepost.startTour('deep'))
    await waitFor(p, '1 of 2')
    const deep = await p.evaluate(() => document.querySelector('my-widget')!.shadowRoot!.querySelector('#deep')!.getBoundingClientRect().toJSON())
    expect((await dialog(p))!.box.y).toBeGreaterThan(deep.y + deep.height)
    await p.mouse.click(deep.x + deep.width / 2, deep.y + deep.height / 2)
    await waitFor(p, '2 of 2')
    await browser.check(p)
  })

  it('has 0 axe violations in the dark theme, centred and anchored', async () => {
    const p = await open('/dark/app')
    await p.evaluate(() => (window as unknown as W).Milepost.startTour('intro'))
    await waitFor(p, '1 of 5')
    expect(await axe(p)).toEqual([])
    await press(p, 'ArrowRight')
    await waitFor(p, '2 of 5')
    expect(await axe(p)).toEqual([])
    await browser.check(p)
  })

  it('reads right to left: the left arrow moves on, and axe finds nothing', async () => {
    const p = await open('/rtl/app')
    await p.evaluate(() => (window as unknown as W).Milepost.startTour('intro'))
    await waitFor(p, '1 of 5')
    expect(await p.evaluate(() => document.querySelector('milepost-ui')!.shadowRoot!.querySelector('[dir]')!.getAttribute('dir'))).toBe('rtl')
    await press(p, 'ArrowLeft')
    await waitFor(p, '2 of 5')
    expect(await axe(p)).toEqual([])
    await press(p, 'ArrowRight')
    await waitFor(p, '1 of 5')
    await browser.check(p)
  })
})
